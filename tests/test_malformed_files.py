"""Malformed session, import and params files through the command line.

Every case runs ``monitor.cli.main.main`` and checks the contract of docs/session-format.md and the CLI: one
line on stderr naming the file (and the line, column, row, record or byte where there is one) and what was
expected, exit code 2, no traceback, and nothing that was already there changed (hashes before and after).
Sessions are tmp_path copies of sessions/samples/ (see sessions/README.md); import files are written here.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import monitor.importers.session
import monitor.session.export
from monitor.cli.main import main
from monitor.errors import RawLogDamaged
from monitor.session.directory import load_session
from monitor.session.rawlog import KIND_EVENT, MAGIC, encode_record, iter_raw_log

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"


# ---------------------------------------------------------------------------- helpers


def tree_hashes(path: Path) -> dict[str, str]:
    """sha256 of every file under ``path`` (or of ``path`` itself), by relative name."""
    path = Path(path)
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def fails(capsys, *argv: str) -> str:
    """Run the command; it must exit 2 with one stderr line and no traceback. Returns that line."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2, (code, err)
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Traceback" not in out
    assert lines[0].startswith(f"solewatch {argv[0]}: error: "), lines[0]
    return lines[0]


def session_copy(tmp_path: Path, name: str = "sim-healthy-ride") -> Path:
    dst = tmp_path / name
    shutil.copytree(SAMPLES / name, dst)
    return dst


def fails_untouched(capsys, session: Path, *argv: str) -> str:
    """``fails``, and every file of ``session`` is byte-identical afterwards (nothing written there)."""
    before = tree_hashes(session)
    line = fails(capsys, *argv)
    assert tree_hashes(session) == before
    return line


def edit_json(path: Path, edit) -> None:
    d = json.loads(path.read_text())
    edit(d)
    path.write_text(json.dumps(d, indent=2))


# ---------------------------------------------------------------------------- session.json


def _layout_sensors(foot: str, n: int):
    def edit(d):
        lay = d["layouts"][foot]
        for key in ("x", "y", "area_mm2", "regions"):
            lay[key] = (lay[key] * 2)[:n]
    return edit


def test_a_session_that_ends_before_it_starts_is_read_with_a_warning(tmp_path, capsys):
    """session.json's end_utc before its start_utc was taken without a word. The frames are timed from the
    start (t_s), not by the two, so the session is read as it is (a clock set back during a recording
    writes such an end) and the command says it once, as a warning line naming the file."""
    import warnings

    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.update(end_utc="2026-11-26T22:00:00.000Z"))
    start = json.loads((s / "session.json").read_text())["start_utc"]
    before = tree_hashes(s)
    assert main(["analyze", str(s)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "forefoot" in out.lower()
    assert err.strip().splitlines() == [
        f"solewatch analyze: warning: {s / 'session.json'}: end_utc 2026-11-26T22:00:00.000Z is before start_utc "
        f"{start} (a clock set back during the recording?); the frames, timed from the start, are read as they "
        "are"]
    assert tree_hashes(s) == before
    from monitor.errors import SessionCaveat

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", ResourceWarning)  # an earlier test's object finalised here is not this
        loaded = load_session(s)
    assert [type(w.message) for w in caught] == [SessionCaveat]
    assert len(loaded.frames) == len(load_session(SAMPLES / "sim-healthy-ride").frames)


@pytest.mark.parametrize("edit, fragment", [
    (lambda d: d.update(format_version=2), "session.json: format_version 2 is not 1"),
    (lambda d: d.pop("format_version"), "session.json: no format_version (not a Solewatch session.json"),
    (lambda d: d.pop("layouts"), "session.json: missing field(s) layouts"),
    (lambda d: d.pop("start_utc"), "session.json: missing field(s) start_utc"),
    # defaults were taken: a recording at 30x without speed replayed as 0:02 of ride, not 1:00
    (lambda d: (d.pop("speed"), d.pop("stats")), "session.json: missing field(s) speed, stats"),
    (lambda d: d.pop("imported_from"), "session.json: missing field(s) imported_from"),
    (lambda d: d.update(colour="red"), "session.json: unknown field(s) colour"),
    (lambda d: d.update(speed="fast"), "session.json: field speed is a string, expected a number"),
    (lambda d: d.update(stats=[]), "session.json: field stats is a list, expected an object"),
    (lambda d: d.update(label=7), "session.json: field label is a number, expected a string"),
    (lambda d: d.update(source="usb"), "session.json: field source 'usb' is not one of sim, ble, udp, import"),
    (lambda d: d.update(start_utc="yesterday"), "session.json: field start_utc 'yesterday' is not an ISO 8601 "
                                                "time with a zone, e.g. 2026-11-26T23:12:11.111Z"),
    (lambda d: d.update(end_utc="2026-11-26 23:13"), "session.json: field end_utc '2026-11-26 23:13' is not an "
                                                     "ISO 8601 time with a zone"),
    (lambda d: d.update(activity="runing"), "session.json: field activity 'runing' is not an activity; did you "
                                            "mean running? (one of unknown, cycling, cycling_seated"),
    # had: no "did you mean", where --activity and the layout JSON's activity name stair_climber
    (lambda d: d.update(activity="stairs"), "session.json: field activity 'stairs' is not an activity; did you "
                                            "mean stair_climber? (one of unknown, cycling"),
    (lambda d: d.update(activity="Cyclng"), "field activity 'Cyclng' is not an activity; did you mean cycling or "
                                            "cycling_seated? (one of"),
    (lambda d: d.update(activity="yoga"), "session.json: field activity 'yoga' is not an activity (one of "
                                          "unknown, cycling"),
    (lambda d: d.update(notes=[1]), "session.json: field notes: expected a list of strings"),
    (lambda d: d.update(layouts=[]), "session.json: field layouts is a list, expected an object"),
    (lambda d: d["layouts"].update(left=3), "session.json: field layouts.left: is a number, expected an object "
                                            "(docs/session-format.md)"),
    (lambda d: d["layouts"].update(middle=d["layouts"]["left"]),
     "session.json: field layouts.middle: a foot is 'left' or 'right'"),
    (lambda d: d["layouts"]["left"].pop("regions"), "session.json: field layouts.left: layout lacks regions"),
    # defaults were taken: an import without has_imu had its IMU rows left unread, without a word
    (lambda d: (d["layouts"]["right"].pop("has_imu"), d["layouts"]["right"].pop("kpa_per_count")),
     "session.json: field layouts.right: layout lacks kpa_per_count, has_imu"),
    (lambda d: d["layouts"]["left"]["y"].pop(), "session.json: field layouts.left: y has 17 values where x, "
                                                "area_mm2 and regions have 18"),
    (lambda d: d["layouts"]["right"]["regions"].pop(), "session.json: field layouts.right: regions has 17 "
                                                       "values where x, y and area_mm2 have 18"),
    # x cut short was said as "y has shape (18,), expected (5,)": the list blamed was not the short one
    (lambda d: d["layouts"]["left"].update(x=d["layouts"]["left"]["x"][:5]),
     "session.json: field layouts.left: x has 5 values where y, area_mm2 and regions have 18"),
    (lambda d: d["layouts"]["left"].update(x="abc"), "session.json: field layouts.left.x: expected a list of "
                                                     "numbers"),
    (lambda d: d["layouts"]["left"].update(side="right"), "session.json: field layouts.left.side: 'right', "
                                                          "expected 'left'"),
    (lambda d: d["layouts"]["left"].update(current_rate_hz="100"),
     "session.json: field layouts.left.current_rate_hz: expected a whole number"),
    (lambda d: d["devices"]["left"].update(colour="red"), "session.json: field devices.left.colour: unknown "
                                                          "field"),
    (lambda d: d["devices"].update(left="L"), "session.json: field devices.left: is a string, expected an object"),
    (lambda d: d["devices"].update(middle=d["devices"]["left"]),
     "session.json: field devices.middle: a foot is 'left' or 'right'"),
    (lambda d: d["stats"].update(counters=[]), "session.json: field stats.counters: expected an object"),
    # counts the report's data quality showed as written ("packets lost -1,000") or as missing ("-")
    (lambda d: d["stats"]["counters"]["left"].update(packets_lost=-1000),
     "session.json: field stats.counters.left.packets_lost is -1000, expected a whole number >= 0 (a count)"),
    (lambda d: d["stats"]["counters"]["right"].update(packets_corrupt="many"),
     "session.json: field stats.counters.right.packets_corrupt is a string, expected a whole number >= 0"),
    (lambda d: d["stats"]["counters"]["right"].update(frames_late=1.5),
     "session.json: field stats.counters.right.frames_late is 1.5, expected a whole number >= 0"),
    (lambda d: d["stats"]["counters"]["left"].update(packets_lost=2**64),  # had: accepted, "packets lost -"
     "session.json: field stats.counters.left.packets_lost is 18446744073709551616, expected a whole number >= 0 "
     "(a count), below 2**63: the counts are int64"),
    (lambda d: d["stats"]["counters"]["left"].update(frames_received=2**63),
     "field stats.counters.left.frames_received is 9223372036854775808, expected a whole number >= 0"),
    (lambda d: d["stats"]["counters"]["left"].update(frames_received=1e19),  # whole, and past int64
     "field stats.counters.left.frames_received is 1e+19, expected a whole number >= 0 (a count), below 2**63"),
])
def test_a_session_json_that_breaks_the_schema_names_the_field(tmp_path, capsys, edit, fragment):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", edit)
    line = fails_untouched(capsys, s, "analyze", s)
    # each names the line of the field too, but a field missing (there is no line to name)
    said = re.sub(r"session\.json: line \d+: ", "session.json: ", line)
    assert str(s / "session.json") in line and fragment in said, line
    assert (said == line) == ("missing field" in fragment or "no format_version" in fragment), line


def test_a_session_json_activity_in_capitals_is_that_activity(tmp_path, capsys):
    """"Cycling" was refused as not an activity, where ``--activity Cycling`` and a layout JSON's are cycling."""
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.update(activity="Cycling"))
    assert load_session(s).info.activity == "cycling"
    assert main(["analyze", str(s), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {foot["activity_source"] for foot in out["summary"].values()} == {"declared"}


@pytest.mark.parametrize("written, count", [(1e18, 10**18), (6000.0, 6000), (-0.0, 0)])
def test_a_session_json_count_written_as_a_whole_float_is_that_count(tmp_path, capsys, written, count):
    """A count is whole by its value, however the JSON spells it: ``1e+18`` (json.dumps of the float) was refused
    as "is 1e+18, expected a whole number >= 0 (a count)". It reads as the int."""
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d["stats"]["counters"]["left"].update(frames_received=written))
    read = load_session(s).info.stats["counters"]["left"]["frames_received"]
    assert (read, type(read)) == (count, int), read
    assert main(["analyze", str(s)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("text, fragment", [
    ("", "session.json: empty (expected a JSON object"),
    ("  \n\n", "session.json: empty"),
    ('{\n  "format_version": 1,\n  oops\n}', "session.json: line 3: Expecting property name enclosed in double "
                                             "quotes (column 3)"),
    ('{\n  "format_version": 1,\n  "label": "x",\n}', "session.json: line 4: "),  # the wording varies
    ('{"format_version": 1', "session.json: line 1: Expecting ',' delimiter (column 21)"),
    ("[1, 2]", "session.json: expected a JSON object, found a list"),
    (b'{"label": "\xff"}', "session.json: line 1: not UTF-8 text"),
])
def test_a_session_json_that_is_not_json_names_line_and_column(tmp_path, capsys, text, fragment):
    s = session_copy(tmp_path)
    path = s / "session.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    line = fails_untouched(capsys, s, "analyze", s)
    assert fragment in line, line
    assert fragment in fails_untouched(capsys, s, "export", s)  # every command reads it the same way


def test_a_missing_session_json(tmp_path, capsys):
    s = session_copy(tmp_path)
    (s / "session.json").unlink()
    line = fails_untouched(capsys, s, "analyze", s)
    assert f"{s / 'session.json'}: missing (is {s} a session directory?)" in line


def test_a_layout_with_fewer_sensors_than_the_frames_table_has_values_for(tmp_path, capsys):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", _layout_sensors("right", 16))
    line = fails_untouched(capsys, s, "analyze", s)
    assert re.search(r"frames.parquet: row \d+ \(counting from 0\): right has a value in p16_kpa, but "
                     r"session.json's right layout has 16 sensors .*sensor count mismatch", line), line


def test_a_layout_with_more_sensors_than_the_frames_table_has_columns(tmp_path, capsys):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", _layout_sensors("left", 20))
    line = fails_untouched(capsys, s, "export", s)
    assert ("frames.parquet: 18 sensor columns (p00_kpa, p01_kpa, p02_kpa .. p17_kpa), but session.json's left "
            "layout has 20 sensors: sensor count mismatch") in line, line


# ---------------------------------------------------------------------------- frames.parquet


def _rewrite_frames(s: Path, edit) -> None:
    df = pd.read_parquet(s / "frames.parquet")
    df = edit(df)
    df.to_parquet(s / "frames.parquet", index=False)


def _cut(path: Path, keep) -> None:
    data = path.read_bytes()
    path.write_bytes(keep(data))


@pytest.mark.parametrize("damage, fragment", [
    (lambda p: _cut(p, lambda b: b[: len(b) // 2]), "frames.parquet: not a readable Parquet file (Parquet magic "
                                                    "bytes not found"),
    (lambda p: _cut(p, lambda b: b""), "frames.parquet: not a readable Parquet file (Parquet file size is 0 "
                                       "bytes)"),
    (lambda p: _cut(p, lambda b: b[:4] + b"garbage" * 50 + b[-8:]), "frames.parquet: not a readable Parquet "
                                                                     "file"),
    (lambda p: (p.unlink(), p.mkdir()), "frames.parquet: not a file"),
])
def test_a_damaged_frames_table(tmp_path, capsys, damage, fragment):
    s = session_copy(tmp_path, "moticon-walk")  # an imported session: no raw log to rebuild from
    damage(s / "frames.parquet")
    line = fails_untouched(capsys, s, "analyze", s)
    assert fragment in line and "rebuild" not in line, line


@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_a_frames_table_that_may_not_be_read_is_said_so_not_to_be_rebuilt(tmp_path, capsys, monkeypatch, command):
    """A frames.parquet the system would not let be read (permission denied) was told to "move frames.parquet
    away to rebuild the tables from it": nothing is wrong with the file, so it is said as it is. As root a
    file's mode does not stop a read: the system's refusal is the open's."""
    import builtins

    s = session_copy(tmp_path)  # a raw log beside it: the rebuild hint would be said of a damaged table
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file).endswith("frames.parquet"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    argv = [command, s] + (["-o", tmp_path / "out.csv"] if command == "export" else [])
    line = fails_untouched(capsys, s, *argv)
    assert line.endswith(f"{s / 'frames.parquet'}: cannot be read (Permission denied)"), line
    assert not (tmp_path / "out.csv").exists()


def test_a_damaged_frames_table_beside_a_raw_log_says_how_to_rebuild(tmp_path, capsys):
    s = session_copy(tmp_path)
    _cut(s / "frames.parquet", lambda b: b[:1000])
    line = fails_untouched(capsys, s, "analyze", s)
    assert line.endswith("raw.swlog is there: move frames.parquet away to rebuild the tables from it"), line
    (s / "frames.parquet").unlink()
    assert len(load_session(s).frames) == len(load_session(SAMPLES / "sim-healthy-ride").frames)


@pytest.mark.parametrize("edit, fragment", [
    (lambda df: df.drop(columns=["p03_kpa"]), "frames.parquet: missing column(s) p03_kpa (expected t_s, foot, "
                                              "p00_kpa .. p15_kpa"),
    (lambda df: df.drop(columns=["t_s"]), "frames.parquet: missing column(s) t_s"),
    (lambda df: df.drop(columns=["foot"]), "frames.parquet: missing column(s) foot"),
    (lambda df: df.assign(extra=1.0), "frames.parquet: unexpected column(s) extra"),
    (lambda df: df.assign(t_s=df["t_s"].astype(str)), "frames.parquet: column t_s holds large_string, expected "
                                                      "numbers (float64 seconds)"),
    (lambda df: df.assign(p05_kpa=df["p05_kpa"].astype(str)), "frames.parquet: column p05_kpa holds "
                                                              "large_string, expected numbers (float32 kPa)"),
    (lambda df: df.assign(foot=df["foot"].astype(str).replace("right", "rite")),
     "frames.parquet: row 1 (counting from 0): foot 'rite' is not 'left' or 'right'"),
    (lambda df: df.assign(t_s=df["t_s"].where(df.index != 7, np.nan)),
     "frames.parquet: row 7 (counting from 0): t_s is nan, expected a finite time"),
    (lambda df: df.assign(t_s=df["t_s"].where(df.index != 9, -1.0)),
     "frames.parquet: row 9 (counting from 0): t_s -1 s comes before the previous row's"),
])
def test_a_frames_table_with_the_wrong_columns_or_values(tmp_path, capsys, edit, fragment):
    s = session_copy(tmp_path, "moticon-walk")
    _rewrite_frames(s, edit)
    line = fails_untouched(capsys, s, "export", s, "-o", tmp_path / "out.csv")
    assert fragment in line, line
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("sample", ["moticon-walk", "sim-healthy-ride"])
@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_a_frames_table_from_before_minus_one_second_is_refused_on_loading(tmp_path, capsys, sample, command):
    """had: a frames table shifted to start at -5 s loaded, and `analyze --json` printed steps and strokes
    before -1 s, which analyze-json.schema.json refuses (frame_s minimum EARLIEST_T_S), exit 0. Session time
    counts from the recording's start: only its first notification's frames come before 0, never 1 s
    (monitor.session.info.EARLIEST_T_S), so such a table is bad input: one line naming the file and row."""
    s = session_copy(tmp_path, sample)
    _rewrite_frames(s, lambda df: df.assign(t_s=df["t_s"] - df["t_s"].min() - 5.0))
    out = {"analyze": ["--json"], "report": ["-o", tmp_path / "r.html"], "export": ["-o", tmp_path / "f.csv"]}
    line = fails_untouched(capsys, s, command, s, *out[command])
    assert "frames.parquet: row 0 (counting from 0): t_s -5 s is before -1 s (session time counts from the " \
           "start of the recording" in line, line
    if (s / "raw.swlog").exists():  # a recording's table: its raw log rebuilds it
        assert line.endswith("raw.swlog is there: move frames.parquet away to rebuild the tables from it"), line
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "f.csv").exists()


def test_a_frames_table_from_minus_one_second_loads(tmp_path):
    """The earliest a recording's first frames lie (EARLIEST_T_S) is taken: the bound, not more."""
    s = session_copy(tmp_path, "moticon-walk")
    _rewrite_frames(s, lambda df: df.assign(t_s=df["t_s"] - df["t_s"].min() - 1.0))
    assert load_session(s).frames["t_s"].min() == -1.0


def test_a_foot_without_a_layout(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    edit_json(s / "session.json", lambda d: d["layouts"].pop("right") and d["devices"].pop("right"))
    line = fails_untouched(capsys, s, "analyze", s)
    assert re.search(r"frames.parquet: row \d+ \(counting from 0\): foot 'right' has no layout in "
                     r"session.json \(it has left\)", line), line


def test_a_frames_table_of_other_float_widths_still_loads_as_float32(tmp_path):
    s = session_copy(tmp_path, "moticon-walk")
    _rewrite_frames(s, lambda df: df.astype({c: "float64" for c in df.columns if c.endswith("_kpa")}))
    frames = load_session(s).frames
    assert (frames.dtypes.iloc[2:] == np.float32).all() and frames["t_s"].dtype == np.float64


# ---------------------------------------------------------------------------- gaps.csv

GAPS_HEADER = "foot,start_s,end_s,frames_missing,packets_lost,reason,filled"


@pytest.mark.parametrize("text, fragment", [
    ("", "gaps.csv: empty (expected the header line foot,start_s,"),
    ("foot,start_s\nleft,1\n", "gaps.csv: line 1: no column(s) end_s, frames_missing, packets_lost, reason, "
                               "filled"),
    (GAPS_HEADER + ",colour\n", "gaps.csv: line 1: unknown column(s) 'colour'"),
    (GAPS_HEADER + "\nleft,1.0,2.0,100,3,packets lost,True\nleft,3.0,4.0,100,3,packets lost,True,x\n",
     "gaps.csv: line 3: 8 fields, expected 7"),
    (GAPS_HEADER + "\nleft,1.0,2.0,100,3,packets lost,True\n\nleft,3.0,4.0,100\n",
     "gaps.csv: line 4: 4 fields, expected 7"),
    (GAPS_HEADER + "\nleft,1.0,abc,100,3,packets lost,True\n", "gaps.csv: line 2: end_s 'abc' is not a number"),
    (GAPS_HEADER + "\nmiddle,1.0,2.0,100,3,packets lost,True\n", "gaps.csv: line 2: foot 'middle' is not"),
    (GAPS_HEADER + "\nleft,1.0,2.0,-4,3,packets lost,True\n", "gaps.csv: line 2: frames_missing '-4' is not a "
                                                              "whole number >= 0"),
    (GAPS_HEADER + "\nleft,1.0,2.0,4,3,packets lost,maybe\n", "gaps.csv: line 2: filled 'maybe' is not True or "
                                                              "False"),
    (GAPS_HEADER + "\nleft,5.0,2.0,4,3,packets lost,True\n", "gaps.csv: line 2: end_s 2 comes before start_s 5"),
    # before any frame can be (-1 s): the report counted 10,000 frames of a 17.5-s walk missing, 85.64 %
    (GAPS_HEADER + "\nleft,-1000.0,-900.0,10000,0,empty in file,False\n",
     "gaps.csv: line 2: start_s -1000 s is before -1 s, the earliest frame time (session time counts from the "
     "start of the recording, 0)"),
    (GAPS_HEADER + '\nleft,1.0,2.0,4,3,"packets lost,True\nright,1,2,3,4,x,True\n',
     "gaps.csv: line 2: a quoted field runs to line 3"),
    (b"\xff\xfe" + GAPS_HEADER.encode(), "gaps.csv: line 1: not UTF-8 text"),
])
def test_a_malformed_gaps_table_names_the_line(tmp_path, capsys, text, fragment):
    s = session_copy(tmp_path, "moticon-walk")
    (s / "gaps.csv").write_bytes(text if isinstance(text, bytes) else text.encode())
    line = fails_untouched(capsys, s, "analyze", s)
    assert fragment in line, line


def test_gaps_read_back_as_written(tmp_path):
    s = session_copy(tmp_path, "moticon-walk")
    gaps = load_session(s).gaps
    assert len(gaps) > 0 and list(gaps.columns) == GAPS_HEADER.split(",")
    pd.testing.assert_frame_equal(gaps, pd.read_csv(SAMPLES / "moticon-walk" / "gaps.csv", keep_default_na=False))


def test_frames_without_gaps(tmp_path, capsys):
    imported = session_copy(tmp_path, "moticon-walk")
    (imported / "gaps.csv").unlink()
    line = fails_untouched(capsys, imported, "analyze", imported)
    assert "gaps.csv: missing (frames.parquet is there, and the two are written together; no raw.swlog" in line
    recorded = session_copy(tmp_path, "sim-healthy-ride")  # the recorder died between the two tables
    (recorded / "gaps.csv").unlink()
    s = load_session(recorded)
    assert len(s.frames) == len(load_session(SAMPLES / "sim-healthy-ride").frames)


# ---------------------------------------------------------------------------- raw.swlog


def raw_only(tmp_path: Path) -> Path:
    """A recorded session whose recorder died: no tables, only session.json and raw.swlog."""
    s = session_copy(tmp_path)
    (s / "frames.parquet").unlink()
    (s / "gaps.csv").unlink()
    return s


def _record_offsets(path: Path) -> list[int]:
    data = path.read_bytes()
    pos, out = len(MAGIC), []
    while pos < len(data):
        out.append(pos)
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4 + n + 4
    return out


def salvaged_untouched(capsys, session: Path, *argv: str) -> str:
    """The command reads a raw log damaged in the middle around the damage: exit 0, one warning line on
    stderr (returned), no traceback, and every file of ``session`` byte-identical afterwards."""
    before = tree_hashes(session)
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    warned = [line for line in err.splitlines() if " bytes damaged, skipped " in line]
    assert code == 0, err
    assert len(warned) == 1, err
    assert warned[0].startswith(f"solewatch {argv[0]}: warning: "), warned[0]
    assert "Traceback" not in err and "Traceback" not in out
    assert tree_hashes(session) == before
    return warned[0]


def test_garbage_in_the_middle_of_the_raw_log_is_skipped_and_named(tmp_path, capsys):
    """Mid-log damage was an error that lost the whole ride; the records around it are read now, the
    bytes skipped named by offset (tests/test_rawlog_salvage.py holds the rest)."""
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    offsets = _record_offsets(raw)
    k = len(offsets) // 2
    data = bytearray(raw.read_bytes())
    data[offsets[k] + 20: offsets[k] + 30] = b"\xffgarbage\xff\x00"
    raw.write_bytes(bytes(data))
    line = salvaged_untouched(capsys, s, "analyze", s)
    assert f"raw.swlog: byte {offsets[k]}: {offsets[k + 1] - offsets[k]} bytes damaged, skipped" in line, line


def test_an_impossible_record_length_in_the_middle_is_skipped_and_named(tmp_path, capsys):
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    offsets = _record_offsets(raw)
    data = bytearray(raw.read_bytes())
    data[offsets[3]: offsets[3] + 4] = struct.pack("<I", 0xFFFFFF)
    raw.write_bytes(bytes(data))
    line = salvaged_untouched(capsys, s, "export", s, "-o", tmp_path / "x.csv")
    assert f"raw.swlog: byte {offsets[3]}: {offsets[4] - offsets[3]} bytes damaged, skipped" in line, line


def test_an_event_record_that_is_not_json(tmp_path, capsys):
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    offset = raw.stat().st_size
    with open(raw, "ab") as fh:
        fh.write(encode_record(KIND_EVENT, None, 99.0, b"{not json"))
        fh.write(encode_record(KIND_EVENT, None, 99.5, b'{"event": "battery"}'))
    n_records = len(_record_offsets(raw))
    line = fails_untouched(capsys, s, "analyze", s)
    assert (f"raw.swlog: byte {offset}: record {n_records - 2} is an event whose payload is not a JSON "
            "object") in line, line


def test_a_raw_log_that_is_not_one(tmp_path, capsys):
    s = raw_only(tmp_path)
    (s / "raw.swlog").write_bytes(b"PK\x03\x04 a zip file, say")
    line = fails_untouched(capsys, s, "analyze", s)
    assert 'raw.swlog: not a Solewatch raw log (the file does not start with the line "SWRAW01")' in line, line


def test_a_raw_log_that_is_not_one_beside_whole_tables_says_how_to_read_the_frames(tmp_path, capsys):
    """A closed session's frames are in frames.parquet; its raw log adds the events. A log that is not one
    (its header) is one line that says so, and the session reads without the log once it is moved away."""
    s = session_copy(tmp_path, "sim-cleat-forward")
    raw = s / "raw.swlog"
    data = bytearray(raw.read_bytes())
    data[:8] = b"garbage!"
    raw.write_bytes(bytes(data))
    line = fails_untouched(capsys, s, "analyze", s)
    assert "move raw.swlog away to read the frames" in line, line
    raw.rename(tmp_path / "raw.swlog.damaged")
    assert main(["analyze", str(s)]) == 0


def test_a_raw_log_damaged_in_the_middle_beside_whole_tables_reads_its_events_around_it(tmp_path, capsys):
    """A closed session whose log has 400 bytes of garbage in its middle: the frames from the tables, the
    events from the log around the garbage, and one warning line naming where."""
    s = session_copy(tmp_path, "sim-cleat-forward")
    raw = s / "raw.swlog"
    offsets = _record_offsets(raw)
    data = bytearray(raw.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 400] = bytes(range(256)) + bytes(144)
    raw.write_bytes(bytes(data))
    line = salvaged_untouched(capsys, s, "analyze", s)
    first = max(o for o in offsets if o <= mid)
    assert f"raw.swlog: byte {first}: " in line, line


@pytest.mark.parametrize("tail", ["cut", "zeros", "cut+zeros"])
def test_a_torn_tail_is_what_a_crash_leaves_and_loads(tmp_path, tail):
    """A recorder killed mid-write leaves a record cut short (or, after a power cut, zero bytes where the
    file system had extended the file): load_session rebuilds the frames from every whole record before it,
    drops the rest, and says how many bytes in ``truncated_tail_bytes``."""
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    whole = load_session(s)
    assert whole.truncated_tail_bytes == 0
    offsets = _record_offsets(raw)
    data = raw.read_bytes()
    last = offsets[-1]
    if tail == "cut":
        torn = data[: last + 9]
    elif tail == "zeros":
        torn = data[:last] + bytes(len(data) - last)
    else:
        torn = data[: last + 9] + bytes(4096)
    raw.write_bytes(torn)
    s2 = load_session(s)
    assert s2.truncated_tail_bytes == len(torn) - last
    assert 0 < len(s2.frames) <= len(whole.frames)
    assert [r.offset for r in iter_raw_log(raw)][-1] == offsets[-2]


def test_damage_followed_by_records_is_not_a_torn_tail(tmp_path, capsys):
    """Two whole records after a damaged one: skipped and said (it was an error), not dropped as a torn tail
    with the records after it; both records after it are read."""
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    offsets = _record_offsets(raw)
    data = bytearray(raw.read_bytes())
    data[offsets[-3] + 6] ^= 0xFF  # the third record from the end: two whole records follow it
    raw.write_bytes(bytes(data))
    line = salvaged_untouched(capsys, s, "analyze", s)
    assert f"byte {offsets[-3]}: {offsets[-2] - offsets[-3]} bytes damaged, skipped" in line, line
    state: dict = {}
    with pytest.warns(RawLogDamaged):
        assert [r.offset for r in iter_raw_log(raw, state)][-2:] == offsets[-2:]
    assert state["truncated_tail_bytes"] == 0


# ---------------------------------------------------------------------------- not a session at all


def test_a_directory_that_is_not_a_session(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("a ride")
    for cmd in ("analyze", "export"):
        line = fails_untouched(capsys, tmp_path, cmd, tmp_path)
        assert f"{tmp_path / 'session.json'}: missing (is {tmp_path} a session directory?)" in line, line


def test_a_file_given_instead_of_a_session_directory(tmp_path, capsys):
    s = session_copy(tmp_path)
    line = fails_untouched(capsys, s, "analyze", s / "session.json")
    assert (f"{s / 'session.json'}: not a directory but a file (expected the session directory that holds "
            f"session.json, e.g. {s})") in line, line
    line = fails(capsys, "export", tmp_path / "nowhere")
    assert f"{tmp_path / 'nowhere'}: not a directory: nothing is there" in line, line


def test_a_file_outside_any_session_is_not_said_to_be_inside_one(tmp_path, capsys):
    """The folder of a file given as a session was named as the session meant ("e.g. <folder>") even when
    that folder holds no session.json (`solewatch report sessions/samples/NOTICE` named sessions/samples)."""
    notes = tmp_path / "NOTICE"
    notes.write_text("a ride")
    line = fails_untouched(capsys, tmp_path, "analyze", notes)
    assert line.endswith(f"{notes}: not a directory but a file (expected the session directory that holds "
                         "session.json)"), line


def test_a_session_json_beside_nothing_else(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    for name in ("frames.parquet", "gaps.csv"):
        (s / name).unlink()
    line = fails_untouched(capsys, s, "analyze", s)
    assert f"{s}: neither raw.swlog nor frames.parquet is there" in line, line


# ---------------------------------------------------------------------------- import csv

CSV_LINES = (EXAMPLE / "walk.csv").read_text().splitlines()


def import_csv_fails(capsys, tmp_path: Path, csv_text: str | bytes, layout: Path | None = None) -> str:
    """`solewatch import csv` of ``csv_text``: fails with one line, and the output was never made."""
    src = tmp_path / "walk.csv"
    src.write_bytes(csv_text if isinstance(csv_text, bytes) else csv_text.encode())
    out = tmp_path / "sessions" / "walk"
    before = tree_hashes(tmp_path)
    line = fails(capsys, "import", "csv", src, "--layout", layout or EXAMPLE / "layout.json", "-o", out)
    assert tree_hashes(tmp_path) == before and not (tmp_path / "sessions").exists()
    return line


def _csv(edit) -> str:
    lines = list(CSV_LINES)
    edit(lines)
    return "\n".join(lines) + "\n"


def _cell(lines, i, j, value):
    cells = lines[i].split(",")
    cells[j] = value
    lines[i] = ",".join(cells)


@pytest.mark.parametrize("edit, fragment", [
    (lambda ls: ls.__setitem__(6, ls[6] + ",9"), "walk.csv: line 7: expected 10 cells (as the header on line 1), "
                                                 "found 11"),
    (lambda ls: ls.__setitem__(6, ",".join(ls[6].split(",")[:4])), "walk.csv: line 7: expected 10 cells"),
    (lambda ls: _cell(ls, 9, 4, "12,5"), "walk.csv: line 10: expected 10 cells"),
    (lambda ls: _cell(ls, 9, 4, "12.5kPa"), "walk.csv: line 10: column 'p02_kpa': '12.5kPa' is not a number"),
    (lambda ls: _cell(ls, 9, 0, "soon"), "walk.csv: line 10: column 't_s': 'soon' is not a number"),
    (lambda ls: _cell(ls, 9, 4, "x" * 200), "walk.csv: line 10: column 'p02_kpa': '" + "x" * 40 + "...' is not"),
    (lambda ls: _cell(ls, 11, 0, "0.05"), "walk.csv: line 12: t_s 0.05 s does not come after the previous left "
                                          "row's 0.08 s (line 10)"),
    (lambda ls: _cell(ls, 0, 1, "side"), "walk.csv: line 1: no 'foot' column in the header"),
    (lambda ls: ls.__setitem__(0, ls[0].replace("t_s,", "")), "walk.csv: line 1: no 't_s' column in the header "
                                                              "(name the time column t_s, in seconds from the start"),
    (lambda ls: ls.__setitem__(0, ls[0].replace(",p07_kpa", "")), "walk.csv: line 1: no column 'p07_kpa' (left "
                                                                  f"sensor 7 in {EXAMPLE / 'layout.json'})"),
    (lambda ls: ls.__setitem__(5, ls[5].replace("left", '"left')), "walk.csv: line 6: a quoted field runs on to "
                                                                   "line"),
    (lambda ls: ls.__delitem__(slice(1, None)), "walk.csv: line 1: a header row but no data rows"),
    (lambda ls: ls.clear(), "walk.csv: line 1: the file is empty"),
])
def test_import_csv_malformed_names_the_line(tmp_path, capsys, edit, fragment):
    line = import_csv_fails(capsys, tmp_path, _csv(edit))
    assert fragment in line, line


@pytest.mark.parametrize("cell, tail", [
    ("NA", "'NA' is not a number; write a missing value as an empty cell (R: write.csv(..., na = \"\"))"),
    (" n/a ", "' n/a ' is not a number; write a missing value as an empty cell"),
    ("NULL", "'NULL' is not a number; write a missing value as an empty cell"),
    ("12.5kPa", "'12.5kPa' is not a number"),
])
def test_another_tools_missing_cell_is_refused_saying_how_missing_is_written(tmp_path, capsys, cell, tail):
    """R's write.csv writes a missing value as ``NA``: had ``walk.csv: line 10: column 'p02_kpa': 'NA' is not a
    number`` and no more; still refused (missing is an empty cell or ``nan``, docs/import-csv.md), now the line
    ends saying how a missing value is written. A cell that is no missing value gets no such words."""
    line = import_csv_fails(capsys, tmp_path, _csv(lambda ls: _cell(ls, 9, 4, cell)))
    assert line.endswith(f"walk.csv: line 10: column 'p02_kpa': {tail}"), line
    line = import_csv_fails(capsys, tmp_path, _csv(lambda ls: _cell(ls, 9, 0, cell)))
    assert line.endswith(f"walk.csv: line 10: column 't_s': {tail.split(';')[0]}"), line  # a time is never missing


def test_import_csv_binary_and_not_utf8(tmp_path, capsys):
    text = _csv(lambda ls: None).encode()
    line = import_csv_fails(capsys, tmp_path, text[:300] + b"\x00\x01" + text[300:])
    assert re.search(r"walk.csv: line \d+: a NUL byte at byte 300: binary data, not a text file", line), line
    line = import_csv_fails(capsys, tmp_path, _csv(lambda ls: _cell(ls, 3, 2, "\xe9")).encode("latin-1"))
    assert "walk.csv: line 4: not UTF-8 text" in line, line


def _layout(tmp_path: Path, edit=None, text: str | None = None) -> Path:
    path = tmp_path / "layout.json"
    if text is None:
        d = json.loads((EXAMPLE / "layout.json").read_text())
        edit(d)
        text = json.dumps(d, indent=2)
    path.write_text(text)
    return path


def _sensors(foot, n):
    def edit(d):
        for key in ("x", "y", "area_mm2", "regions"):
            d["feet"][foot][key] = (d["feet"][foot][key] * 2)[:n]
    return edit


@pytest.mark.parametrize("edit, text, fragment", [
    (None, '{\n  "feet": {\n    "left": [1, 2,\n  }\n}', "layout.json: line 4: Expecting value (column 3)"),
    (None, '{"label": "x" "feet": {}}', "layout.json: line 1: Expecting ',' delimiter (column 15)"),
    (None, "", "layout.json: empty (expected the layout JSON object"),
    (lambda d: d["feet"]["left"].pop("area_mm2"), None, "layout.json: field feet.left.area_mm2: missing"),
    (lambda d: d.pop("feet"), None, "layout.json: field feet: missing"),
    (lambda d: d["feet"]["right"].update(rate_hz="50"), None, "layout.json: field feet.right.rate_hz: a whole "
                                                              "number of Hz"),
    (_sensors("left", 7), None, "walk.csv: line 2: column 'p07_kpa' is not a left sensor, yet this left row has "
                                "'0' there (leave it empty; {layout} gives the left foot 7 sensor column(s), "
                                "p00_kpa .. p06_kpa)"),
    (_sensors("right", 9), None, "walk.csv: line 1: no column 'p08_kpa' (right sensor 8 in {layout})"),
])
def test_import_csv_with_a_bad_layout(tmp_path, capsys, edit, text, fragment):
    layout = _layout(tmp_path, edit, text)
    line = import_csv_fails(capsys, tmp_path, _csv(lambda ls: None), layout)
    assert f"{layout}: " in line or "walk.csv: " in line, line  # each file named as it was given
    assert fragment.format(layout=layout) in line, line


def test_import_csv_with_a_missing_file_or_layout(tmp_path, capsys):
    line = fails(capsys, "import", "csv", tmp_path / "none.csv", "--layout", EXAMPLE / "layout.json",
                 "-o", tmp_path / "out")
    assert "none.csv: no such file" in line
    line = fails(capsys, "import", "csv", EXAMPLE / "walk.csv", "--layout", tmp_path / "none.json",
                 "-o", tmp_path / "out")
    assert "none.json: no such file" in line
    line = fails(capsys, "import", "csv", tmp_path, "--layout", EXAMPLE / "layout.json", "-o", tmp_path / "out")
    assert line.endswith(f"{tmp_path}: a directory, not a file"), line
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- moticon and physionet

MOTICON_HEADER = ["# Start time: 27.09.2023 10:21:14.922", "# Sensor insoles: Left SN1, Right SN2", "# Size: 7"]
MOTICON_COLUMNS = ["time", *[f"{foot} pressure {k}[N/cm²]" for foot in ("left", "right") for k in range(1, 17)],
                   "left total force[N]", "right total force[N]"]


def moticon_lines(n_rows: int = 60) -> list[str]:
    """A small Moticon OpenGo export in the layout of the real ones (domain.md section 4)."""
    rows = ["\t".join([f"{i / 100:.2f}", *([f"{1 + (i % 7) / 4:.2f}"] * 32), "150", "150"]) for i in range(n_rows)]
    return [*MOTICON_HEADER, "# " + "\t".join(MOTICON_COLUMNS), *rows]


def physionet_lines(n_rows: int = 60) -> list[str]:
    """A small PhysioNet gaitpdb force file: time, 8 + 8 forces, two totals (data README)."""
    return [" ".join([f"{i / 100:.2f}", *(["10.00"] * 16), "80.00", "80.00"]) for i in range(n_rows)]


def import_fails(capsys, tmp_path: Path, fmt: str, name: str, lines: list[str] | bytes) -> str:
    src = tmp_path / name
    src.write_bytes(lines if isinstance(lines, bytes) else ("\n".join(lines) + "\n").encode())
    out = tmp_path / "out" / "session"
    line = fails(capsys, "import", fmt, src, "-o", out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    return line


def test_the_small_files_here_do_import(tmp_path, capsys):
    for fmt, name, lines in (("moticon", "walk.txt", moticon_lines()), ("physionet", "GaCo01_01.txt",
                                                                         physionet_lines())):
        src = tmp_path / name
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["import", fmt, str(src), "-o", str(tmp_path / fmt)]) == 0
        assert len(load_session(tmp_path / fmt).frames) == 120
    capsys.readouterr()


@pytest.mark.parametrize("edit, fragment", [
    (lambda ls: ls.__setitem__(34, ls[34][:40]), "walk.txt: line 35: expected 35 columns, found"),
    (lambda ls: ls.__setitem__(34, "@@@ garbled @@@"), "walk.txt: line 35: expected 35 columns, found 1"),
    (lambda ls: ls.__setitem__(34, ls[34].replace("\t", "\t\t", 1)), "walk.txt: line 35: expected 35 columns, "
                                                                     "found 36"),
    (lambda ls: ls.__setitem__(20, ls[20].replace("1.", "l.", 1)), "walk.txt: line 21: column 'left pressure "
                                                                   "1[N/cm²]': 'l."),
    (lambda ls: ls.__setitem__(40, "0.01" + ls[40][4:]), "walk.txt: line 41: time 0.01 s does not come after"),
    (lambda ls: ls.__delitem__(slice(3, None)), "walk.txt: line 3: the last '#' line must name the columns"),
    (lambda ls: ls.__delitem__(slice(4, None)), "walk.txt: line 4: no data rows after the header"),
    (lambda ls: ls.insert(30, "# a comment"), "walk.txt: line 31: a '#' line after the data started"),
    (lambda ls: ls.__setitem__(0, "time\tleft"), "walk.txt: line 1: not a Moticon export (no '#' header lines)"),
])
def test_moticon_truncated_or_garbled_names_the_line(tmp_path, capsys, edit, fragment):
    lines = moticon_lines()
    edit(lines)
    line = import_fails(capsys, tmp_path, "moticon", "walk.txt", lines)
    assert fragment in line, line


def test_moticon_cut_off_mid_row_and_binary(tmp_path, capsys):
    text = ("\n".join(moticon_lines()) + "\n").encode()
    line = import_fails(capsys, tmp_path, "moticon", "walk.txt", text[: len(text) - 50])
    assert "walk.txt: line 64: expected 35 columns, found" in line, line
    line = import_fails(capsys, tmp_path, "moticon", "walk.txt", text[:200] + b"\x00" * 64)
    assert re.search(r"walk.txt: line \d: a NUL byte at byte 200: binary data", line), line


@pytest.mark.parametrize("edit, fragment", [
    (lambda ls: ls.__setitem__(11, ls[11].replace("10.00", "1O.00", 1)), "GaCo01_01.txt: line 12: column 'L1': "
                                                                         "'1O.00' is not a number"),
    (lambda ls: ls.__setitem__(11, ls[11].replace("80.00", "-", 1)), "GaCo01_01.txt: line 12: column 'total "
                                                                     "left': '-' is not a number"),
    (lambda ls: ls.__setitem__(11, ls[11].replace("10.00", "nan", 1)), "GaCo01_01.txt: line 12: column 'L1': "
                                                                       "'nan' is not a number"),
    (lambda ls: ls.__setitem__(11, "Time L1 L2 L3"), "GaCo01_01.txt: line 12: expected 19 columns, found 4"),
    (lambda ls: ls.__setitem__(30, "0.10" + ls[30][4:]), "GaCo01_01.txt: line 31: time 0.1 s does not come after"),
    (lambda ls: ls.clear(), "GaCo01_01.txt: line 1: the file is empty"),
])
def test_physionet_non_numeric_line_names_the_line(tmp_path, capsys, edit, fragment):
    lines = physionet_lines()
    edit(lines)
    line = import_fails(capsys, tmp_path, "physionet", "GaCo01_01.txt", lines)
    assert fragment in line, line


# ---------------------------------------------------------------------------- --params FILE


def params_fails(capsys, tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "params.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    line = fails(capsys, "analyze", SAMPLES / "sim-healthy-ride", "--params", path)
    assert str(path) in line
    return line


@pytest.mark.parametrize("text, fragment", [
    ('{\n  "detector": {\n    "warn_after_s": 480,\n  }\n}', "line 4: "),
    ('{"detector": {"warn_after_s": 480}', "line 1: Expecting ',' delimiter (column 35)"),
    ("", "empty (expected a JSON object"),
    (b'{"detector": "\xff"}', "line 1: not UTF-8 text"),
    ("[480]", "expected a JSON object of sections"),
    ('{\n  "detector": {\n    "warn_after": 480\n  }\n}', "line 3: unknown parameter detector.warn_after (did you "
                                                           "mean detector.warn_after_s or detector.alert_after_s?)"),
    ('{"detectr": {"warn_after_s": 480}}', "line 1: unknown section 'detectr' (did you mean detector?)"),
    ('{"warn_after_s": 30}', "line 1: unknown section 'warn_after_s' (it is a key of 'detector': "
                             '{"detector": {"warn_after_s": 30}})'),
    ('{\n  "quiet_s": 900\n}', "line 2: unknown section 'quiet_s' (it is a key of 'alerts': "
                               '{"alerts": {"quiet_s": 900}})'),
    ('{"window_s": [1, 2]}', "unknown section 'window_s' (it is a key of 'activity' and 'features': "
                             '{"activity": {"window_s": [1, 2]}} or {"features": {"window_s": [1, 2]}})'),
    ('{"detector": {"window_s": 30}}', "unknown parameter detector.window_s (it is in section activity and "
                                       "features: activity.window_s, features.window_s)"),
    ('{"alerts": {"warn_after_s": 30}}', "unknown parameter alerts.warn_after_s (it is in section detector: "
                                         "detector.warn_after_s)"),
    ('{"alerts": {"quiet": 30}}', "unknown parameter alerts.quiet (did you mean alerts.quiet_s?)"),
    ('{"alerts": {"bogus_name_xyz": 30}}', "unknown parameter alerts.bogus_name_xyz"),
    ('{"detector": 480}', "section 'detector' must be an object of parameters"),
    ('{"detector": {"warn_after_s": "480"}}', 'detector.warn_after_s must be a number, not "480"'),
    ('{"detector": {"warn_after_s": true}}', "detector.warn_after_s must be a number, not true"),
    ('{"detector": {"warn_after_s": -5}}',
     "detector.warn_after_s is -5; it must be above 0 and at most 86400 (default 300.0)"),
    ('{"filter": {"lowpass_hz": 0}}', "filter.lowpass_hz is 0; it must be at least 0.5"),
    ('{"filter": {"lowpass_hz": NaN}}', "filter.lowpass_hz must be a finite number, not nan"),
    ('{"filter": {"order": 2.5}}', "filter.order must be a whole number, not 2.5"),
    ('{"filter": {"order": 0}}', "filter.order is 0; it must be from 1 to 8"),
    ('{"cycles": {"contact_fraction": 3}}', "cycles.contact_fraction is 3; it must be from 0 to 1"),
    ('{"cycles": {"min_cadence_rpm": 140}}', "cycles.min_cadence_rpm (140) must be below cycles.max_cadence_rpm"),
    ('{"detector": {"forefoot_share_high": {"cycling": 0.8}}}', "detector.forefoot_share_high lacks running, "
                                                                "walking, elliptical_or_stair, unknown"),
    ('{"detector": {"forefoot_share_high": {"cyclin": 0.8}}}', "detector.forefoot_share_high: unknown key "
                                                               "'cyclin' (did you mean cycling?)"),
])
def test_a_bad_params_file_names_what_and_where(tmp_path, capsys, text, fragment):
    line = params_fails(capsys, tmp_path, text)
    assert fragment in line, line


def test_live_checks_its_params_file_before_connecting(tmp_path, capsys):
    path = tmp_path / "params.json"
    path.write_text('{"alerts": {"snooze": 60}}')
    line = fails(capsys, "live", "--sim", "cleat-forward", "--duration", "10s", "--out", tmp_path / "sessions",
                 "--params", path, "--plain", "--no-sound")
    assert f"{path}: line 1: unknown parameter alerts.snooze (did you mean alerts.snooze_s?)" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["params.json"]


def test_a_missing_params_file(tmp_path, capsys):
    line = fails(capsys, "analyze", SAMPLES / "sim-healthy-ride", "--params", tmp_path / "nope.json")
    assert f"{tmp_path / 'nope.json'}: cannot read (No such file or directory)" in line


def test_a_params_file_that_is_valid_is_taken(tmp_path, capsys):
    path = tmp_path / "params.json"
    path.write_text('{"detector": {"warn_after_s": 480.0, "confirm_windows": 4.0}, '
                    '"alerts": {"raise_hold_s": 0}}')
    from monitor.session.param_files import load_params

    p = load_params(path)
    assert p.detector.warn_after_s == 480.0 and p.detector.confirm_windows == 4
    assert isinstance(p.detector.confirm_windows, int)


# ---------------------------------------------------------------------------- outputs: export and import


def test_export_refuses_an_existing_file_and_leaves_it(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    target = tmp_path / "frames.csv"
    target.write_text("mine\n")
    line = fails_untouched(capsys, s, "export", s, "-o", target)
    assert f"{target}: exists; choose another file (-o FILE) or replace it with --force" in line
    assert target.read_text() == "mine\n"


def test_export_into_a_missing_directory_makes_it(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    target = tmp_path / "new" / "deeper" / "frames.parquet"
    assert main(["export", str(s), "-o", str(target)]) == 0
    assert pd.read_parquet(target).shape == load_session(s).frames.shape
    capsys.readouterr()


def test_export_under_a_file_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    (tmp_path / "afile").write_text("x")
    line = fails_untouched(capsys, s, "export", s, "-o", tmp_path / "afile" / "frames.csv")
    assert f"{tmp_path / 'afile'} is a file, not a directory" in line


def test_export_under_a_device_says_it_is_one(tmp_path, capsys):
    # had: "/dev/null is a file, not a directory"
    s = session_copy(tmp_path, "moticon-walk")
    line = fails_untouched(capsys, s, "export", s, "-o", "/dev/null/dir/frames.csv")
    assert "/dev/null/dir/frames.csv: /dev/null is a device, not a directory" in line


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_failing_mid_way_leaves_no_partial_file(tmp_path, capsys, monkeypatch, fmt):
    s = session_copy(tmp_path, "moticon-walk")
    real = monitor.session.export.write_frames

    def half_then_full_disk(frames, path, fmt_):
        real(frames.iloc[: len(frames) // 2], path, fmt_)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(monitor.session.export, "write_frames", half_then_full_disk)
    existing = tmp_path / f"frames.{fmt}"
    existing.write_text("an older export\n")
    line = fails_untouched(capsys, s, "export", s, "--format", fmt, "-o", existing, "--force")
    assert f"{existing}: cannot write (No space left on device); nothing was left behind" in line
    assert existing.read_text() == "an older export\n"
    fresh = tmp_path / "made" / "for" / f"it.{fmt}"
    fails_untouched(capsys, s, "export", s, "-o", fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing.name, "moticon-walk"]


def test_import_refuses_a_non_empty_directory_or_a_file(tmp_path, capsys):
    out = tmp_path / "walk"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = tree_hashes(tmp_path)
    line = fails(capsys, "import", "csv", EXAMPLE / "walk.csv", "--layout", EXAMPLE / "layout.json", "-o", out)
    assert f"{out}: exists and is not empty; choose a new session directory" in line
    (tmp_path / "walk.txt").write_text("mine")
    line = fails(capsys, "import", "csv", EXAMPLE / "walk.csv", "--layout", EXAMPLE / "layout.json", "-o",
                 tmp_path / "walk.txt")
    assert f"{tmp_path / 'walk.txt'}: exists and is not a directory" in line
    before["walk.txt"] = tree_hashes(tmp_path / "walk.txt")["walk.txt"]
    assert tree_hashes(tmp_path) == before


def test_import_into_a_missing_directory_makes_it(tmp_path, capsys):
    out = tmp_path / "sessions" / "new" / "walk"
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(EXAMPLE / "layout.json"),
                 "-o", str(out)]) == 0
    assert load_session(out).info.source == "import"
    capsys.readouterr()


def test_import_failing_mid_way_leaves_nothing_not_even_the_directories_it_made(tmp_path, capsys, monkeypatch):
    real = monitor.importers.session.write_tables

    def frames_then_full_disk(path, frames, gaps):
        real(path, frames, gaps)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(monitor.importers.session, "write_tables", frames_then_full_disk)
    out = tmp_path / "sessions" / "new" / "walk"
    (tmp_path / "sessions").mkdir()
    line = fails(capsys, "import", "csv", EXAMPLE / "walk.csv", "--layout", EXAMPLE / "layout.json", "-o", out)
    assert f"{out}: cannot write (No space left on device); nothing was left behind" in line
    assert list((tmp_path / "sessions").iterdir()) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    fails(capsys, "import", "csv", EXAMPLE / "walk.csv", "--layout", EXAMPLE / "layout.json", "-o", empty)
    assert empty.is_dir() and list(empty.iterdir()) == []


def test_import_failing_at_the_rename_keeps_the_empty_directory_given(tmp_path, capsys, monkeypatch):
    def no_rename(src, dst):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(monitor.importers.session.os, "rename", no_rename)
    empty = tmp_path / "empty"
    empty.mkdir()
    line = fails(capsys, "import", "csv", EXAMPLE / "walk.csv", "--layout", EXAMPLE / "layout.json", "-o", empty)
    assert f"{empty}: cannot write (Permission denied)" in line
    assert [p.name for p in tmp_path.iterdir()] == ["empty"] and list(empty.iterdir()) == []


def test_closing_a_recording_writes_each_table_whole_or_not_at_all(tmp_path, monkeypatch):
    from monitor.session.writer import write_tables

    frames = load_session(SAMPLES / "moticon-walk").frames

    def full_disk(self, path, **kwargs):
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    with pytest.raises(OSError):
        write_tables(tmp_path, frames, pd.DataFrame())
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- report (replay: not yet)


def test_report_of_a_malformed_session_keeps_an_earlier_report(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    (s / "report.html").write_text("<p>an earlier report</p>")
    _rewrite_frames(s, lambda df: df.drop(columns=["p03_kpa"]))
    before = tree_hashes(s)
    code = main(["report", str(s)])
    out, err = capsys.readouterr()
    errors = [ln for ln in err.splitlines() if ln.startswith("solewatch report: error: ")]
    assert code == 2 and "Traceback" not in err + out
    assert len(errors) == 1 and "frames.parquet: missing column(s) p03_kpa" in errors[0], err
    assert err.strip().splitlines()[-1] == errors[0]  # progress lines may come before it, nothing after
    assert tree_hashes(s) == before
