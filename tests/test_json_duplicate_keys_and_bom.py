"""JSON monitor reads (monitor.util.textfiles.read_json: a --params file, session.json, ...) refuses a key
given twice in one object, which json.loads would take silently (the last wins), with one line naming the
file, the line and the key, exit 2; the same key in two different objects is no duplicate. A UTF-8 byte
order mark at a file's start (as editors on Windows write one) is dropped, as the CSV importers do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_malformed_files import session_copy

from monitor.cli.main import main
from monitor.errors import QUOTE_CHARS, SessionFormatError, UsageError
from monitor.session.directory import read_info
from monitor.session.param_files import load_params


def _fails(capsys, *argv: str) -> str:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_a_key_twice_in_a_params_file_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path)
    params = tmp_path / "dup.json"
    params.write_text('{"detector": {"warn_after_s": 480},\n "features": {"window_s": 60},\n'
                      ' "detector": {"warn_after_s": 100}}\n')
    err = _fails(capsys, "analyze", str(s), "--params", str(params))
    assert f"{params}: line 3: the key 'detector' is given twice in one object" in err, err
    with pytest.raises(UsageError, match="line 3: the key 'detector' is given twice"):
        load_params(params)


def test_a_key_twice_inside_a_section_is_named_too(tmp_path):
    params = tmp_path / "dup.json"
    params.write_text('{"detector": {\n  "warn_after_s": 480,\n  "alert_after_s": 900,\n  "warn_after_s": 60\n}}')
    with pytest.raises(UsageError, match="line 4: the key 'warn_after_s' is given twice"):
        load_params(params)


def test_a_key_twice_in_session_json_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path)
    path = s / "session.json"
    text = path.read_text()
    assert '  "source": "sim",\n' in text
    path.write_text(text.replace('  "source": "sim",\n', '  "source": "sim",\n  "source": "ble",\n', 1))
    line = path.read_text().splitlines().index('  "source": "ble",') + 1
    err = _fails(capsys, "analyze", str(s))
    assert f"{path}: line {line}: the key 'source' is given twice in one object" in err, err
    with pytest.raises(SessionFormatError, match="the key 'source' is given twice"):
        read_info(s)


def test_the_same_key_in_two_objects_is_no_duplicate(tmp_path):
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"features": {"step_s": 10.0}, "activity": {"step_s": 10.0}}))
    p = load_params(params)
    assert p.features.step_s == p.activity.step_s == 10.0


@pytest.mark.parametrize("name", ["session.json", "params"])
def test_a_byte_order_mark_is_dropped(tmp_path, capsys, name):
    s = session_copy(tmp_path)
    argv = ["analyze", str(s)]
    if name == "session.json":
        path = s / "session.json"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    else:
        path = tmp_path / "p.json"
        path.write_bytes(b"\xef\xbb\xbf" + b'{"detector": {"warn_after_s": 480}}')
        argv += ["--params", str(path)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Verdict:"), out


# ---------------------------------------------------------------------------- JSON read outside read_json


def test_a_key_twice_in_a_riders_normals_is_one_line(tmp_path, capsys, monkeypatch):
    """riders/NAME.json is read by read_json (monitor.session.riders._read): the key given twice is named."""
    from monitor.session.riders import rider_baseline_path

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = rider_baseline_path("ana")
    path.parent.mkdir(parents=True)
    path.write_text('{"schema": "solewatch.rider/1",\n "normals": {},\n "schema": "solewatch.rider/1"}\n')
    err = _fails(capsys, "analyze", str(session_copy(tmp_path)), "--rider", "ana")
    assert f"{path}: line 3: the key 'schema' is given twice in one object" in err, err


def test_a_key_twice_in_a_phone_views_message_is_refused_not_the_last_taken():
    """had: {"type": "mark", "foot": "left", "foot": "right"} marked the right foot."""
    from monitor.live.web.server import MARK_MESSAGE, PhoneView

    marked: list[str] = []
    phone = PhoneView("127.0.0.1", 0, on_mark=marked.append)
    try:
        reply = phone._message('{"type": "mark", "foot": "left", "foot": "right"}')
        assert reply == {"type": "error", "text": 'not taken: the key "foot" is given twice (expected each key '
                                                  f'once); {MARK_MESSAGE}'}, reply
        assert marked == []
        assert phone._message('{"type": "mark", "foot": "left"}') == {"type": "marked", "foot": "left"}
        assert marked == ["left"]
    finally:
        phone._sock.close()


def test_a_key_twice_in_a_raw_log_event_is_named():
    """A raw log's event record whose payload gives a key twice: refused naming the key and the record."""
    from monitor.link.records import KIND_EVENT, RawRecord
    from monitor.session.rawlog import record_event

    rec = RawRecord(KIND_EVENT, "left", 1.0, b'{"event": "connected", "foot": "left", "foot": "right"}', 3, 120)
    with pytest.raises(SessionFormatError, match=r"^raw\.log: byte 120: record 3 is an event whose payload gives "
                                                 r"the key 'foot' twice \(expected each key once\)$"):
        record_event(Path("raw.log"), rec)
    # a long key is quoted cut, its quote closed, as every key read from a file (had: "QQQ... cut at 40 itself)
    long = "Q" * 1000
    rec = RawRecord(KIND_EVENT, "left", 1.0, f'{{"{long}": 1, "{long}": 2}}'.encode(), 3, 120)
    with pytest.raises(SessionFormatError) as err:
        record_event(Path("raw.log"), rec)
    assert str(err.value) == (f"raw.log: byte 120: record 3 is an event whose payload gives the key "
                              f"'{'Q' * QUOTE_CHARS}...' twice (expected each key once)")


def test_a_key_twice_in_a_ride_tables_metadata_is_named(tmp_path):
    import pandas as pd
    import pyarrow.parquet as pq

    from monitor.session.ride import RIDE_TABLE, UTC_DTYPE, Ride, read_ride, write_ride_table

    df = pd.DataFrame({"t_s": [0.0, 1.0], "utc": pd.to_datetime([0, 1], unit="s", utc=True).astype(UTC_DTYPE),
                       **{c: [1.0, 2.0] for c in ("power_w", "cadence_rpm", "heart_rate_bpm", "speed_m_s",
                                                  "altitude_m")},
                       "position": [None, None]})
    path = tmp_path / RIDE_TABLE
    write_ride_table(path, Ride(df, {"positions_recorded": False}))
    table = pq.read_table(path)
    meta = dict(table.schema.metadata)
    meta[b"solewatch.ride"] = b'{"positions_recorded": false, "positions_recorded": true}'
    pq.write_table(table.replace_schema_metadata(meta), path)
    with pytest.raises(SessionFormatError, match=r'metadata is not a JSON object \(line 1: the key '
                                                 r"'positions_recorded' is given twice in one object"):
        read_ride(tmp_path)


def test_a_key_twice_in_session_json_gives_no_start_for_the_newest_session(tmp_path):
    """The newest session is found by its session.json's start_utc: one given twice is none (the session is
    refused, naming the key, when it is used), not the last taken."""
    from monitor.session.latest import _start_utc_ns

    path = tmp_path / "session.json"
    path.write_text('{"start_utc": "2026-01-01T00:00:00Z", "start_utc": "2027-01-01T00:00:00Z"}')
    assert _start_utc_ns(path) is None
    path.write_text('{"start_utc": "2026-01-01T00:00:00Z"}')
    assert _start_utc_ns(path) is not None
