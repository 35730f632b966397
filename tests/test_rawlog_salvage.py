"""A raw log damaged in the middle (a disk error, a few flipped bytes, a garbage length) is read around the
damage: every record before and after it is read, the bytes skipped are said (where, how many, the host time
they held), and what they held is missing, never invented (docs/session-format.md, "raw.swlog").

Sessions are tmp_path copies of sessions/samples/sim-healthy-ride with its tables removed (a recorder that
died: every command rebuilds the frames from the raw log).
"""

from __future__ import annotations

import shutil
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.cli.main import main
from monitor.session import rawlog
from monitor.session.directory import load_session
from monitor.session.rawlog import MAGIC, encode_record, iter_raw_log, raw_log_outline

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sessions" / "samples" / "sim-healthy-ride"


def raw_only(tmp_path: Path) -> Path:
    s = tmp_path / "ride"
    shutil.copytree(SAMPLE, s)
    (s / "frames.parquet").unlink()
    (s / "gaps.csv").unlink()
    return s


def offsets_of(data: bytes) -> list[int]:
    pos, out = len(MAGIC), []
    while pos < len(data):
        out.append(pos)
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4 + n + 4
    return out


def read(path: Path) -> tuple[list[tuple], dict]:
    state: dict = {}
    return [(r.kind, r.foot, r.host_s, r.payload, r.offset) for r in iter_raw_log(path, state)], state


def damage(data: bytearray, at: list[int], k: int, how: str) -> None:
    """Damage record ``k`` of ``data`` (record offsets ``at``) in place."""
    if how == "flipped bytes":
        for j in (14, 15, 31):
            data[at[k] + j] ^= 0x5A
    elif how == "impossible length":
        data[at[k]: at[k] + 4] = struct.pack("<I", 0xFFFFFF)
    elif how == "length past the end":  # a plausible length that points past the file's end
        data[at[k]: at[k] + 4] = struct.pack("<I", len(data) - at[k] + 1000)
    elif how == "wrong length":  # a plausible length within the file: its CRC-32 does not match
        data[at[k]: at[k] + 4] = struct.pack("<I", 300)
    elif how in HOST_TIMES:  # a sound record (its CRC-32 matches) whose host time is damaged
        (n,) = struct.unpack_from("<I", data, at[k])
        struct.pack_into("<d", data, at[k] + 6, HOST_TIMES[how])
        struct.pack_into("<I", data, at[k] + 4 + n, zlib.crc32(bytes(data[at[k] + 4: at[k] + 4 + n])))
    else:
        raise AssertionError(how)


#: Host times no record of a session has: the host's monotonic clock in seconds since the session started,
#: so never NaN, infinite nor below 0, nor beyond the longest session (LONGEST_SESSION_S, 366 days).
HOST_TIMES = {"host time NaN": float("nan"), "host time infinite": float("inf"), "host time below 0": -5.0,
              "host time beyond any session": 1e12}
HOWS = ["flipped bytes", "impossible length", "length past the end", "wrong length", *HOST_TIMES]


@pytest.mark.parametrize("how", HOWS)
def test_a_damaged_record_in_the_middle_is_skipped_and_every_other_record_is_read(tmp_path, how):
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    whole, whole_state = read(raw)
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    k = len(at) // 2
    damage(data, at, k, how)
    raw.write_bytes(bytes(data))
    with pytest.warns(rawlog.RawLogDamaged) as caught:
        got, state = read(raw)
    assert got == whole[:k] + whole[k + 1:]
    assert state["truncated_tail_bytes"] == 0 == whole_state["truncated_tail_bytes"]
    (span,) = state["skipped"]
    assert (span.offset, span.n_bytes) == (at[k], at[k + 1] - at[k])
    assert (span.after_host_s, span.before_host_s) == (whole[k - 1][2], whole[k + 1][2])
    # only the log's own warnings: another, such as a ResourceWarning of an earlier test's object the
    # garbage collector finalises in this block, is not the reader's to count
    (line,) = [str(w.message) for w in caught if issubclass(w.category, rawlog.RawLogDamaged)]
    assert line.startswith(f"{raw}: byte {at[k]}: {at[k + 1] - at[k]} bytes damaged, skipped"), line
    assert "\n" not in line
    with pytest.warns(rawlog.RawLogDamaged):
        outline = raw_log_outline(raw)
    assert (outline.records, outline.last_host_s) == (len(whole) - 1, whole[-1][2])
    assert outline.skipped == (span,)


def test_the_frames_of_a_skipped_record_are_missing_not_invented(tmp_path):
    """load_session over the damaged log: the same frame rows as the whole log, those of the skipped
    notification NaN (a gap), every other row equal; the session says what was skipped."""
    s = raw_only(tmp_path)
    whole = load_session(s)
    raw = s / "raw.swlog"
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    k = len(at) // 2
    damage(data, at, k, "flipped bytes")
    raw.write_bytes(bytes(data))
    with pytest.warns(rawlog.RawLogDamaged):
        hurt = load_session(s)
    assert len(hurt.frames) == len(whole.frames)
    np.testing.assert_array_equal(hurt.frames["t_s"].to_numpy(), whole.frames["t_s"].to_numpy())
    a = whole.frames.iloc[:, 2:].to_numpy(dtype=float)
    b = hurt.frames.iloc[:, 2:].to_numpy(dtype=float)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    changed = ~same.all(axis=1)
    assert 0 < changed.sum() <= 16  # one notification's frames
    assert np.isnan(b[changed]).all()  # missing stays missing
    assert len(hurt.gaps) == len(whole.gaps) + 1
    assert list(hurt.gaps["reason"]).count("raw log damaged") == 1, list(hurt.gaps["reason"])
    assert [(x.offset, x.n_bytes) for x in hurt.damaged_spans] == [(at[k], at[k + 1] - at[k])]
    assert f"byte {at[k]}" in hurt.damage_note()


@pytest.mark.parametrize("how", list(HOST_TIMES))
def test_a_sound_record_with_a_damaged_host_time_is_skipped_not_timed(tmp_path, how):
    """A record whose CRC-32 matches but whose host time is NaN, infinite, below 0 or beyond any session
    was read as sound: one at -5 s pulled the clock's envelope (arrival - device time) 5 s early and moved
    the session times of thousands of frame rows, with no word. It is damage: skipped and said, its frames
    missing, every other row as in the whole log."""
    s = raw_only(tmp_path)
    whole = load_session(s)
    raw = s / "raw.swlog"
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    k = notification_at(read(raw)[0], len(at) // 2)
    damage(data, at, k, how)
    raw.write_bytes(bytes(data))
    with pytest.warns(rawlog.RawLogDamaged):
        hurt = load_session(s)
    np.testing.assert_array_equal(hurt.frames["t_s"].to_numpy(), whole.frames["t_s"].to_numpy())
    a = whole.frames.iloc[:, 2:].to_numpy(dtype=float)
    b = hurt.frames.iloc[:, 2:].to_numpy(dtype=float)
    changed = ~((a == b) | (np.isnan(a) & np.isnan(b))).all(axis=1)
    assert 0 < changed.sum() <= 16 and np.isnan(b[changed]).all()
    assert [(x.offset, x.n_bytes) for x in hurt.damaged_spans] == [(at[k], at[k + 1] - at[k])]


@pytest.mark.parametrize("how", ["flipped bytes", "impossible length", "host time below 0", "host time NaN"])
@pytest.mark.parametrize("command", ["analyze", "export", "report", "replay"])
def test_every_command_reads_a_session_damaged_in_the_middle_and_warns_once(tmp_path, capsys, how, command):
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    k = len(at) // 3
    damage(data, at, k, how)
    raw.write_bytes(bytes(data))
    argv = {"analyze": ["analyze", s], "export": ["export", s, "-o", tmp_path / "x.csv"],
            "report": ["report", s, "-o", tmp_path / "r.html"],
            "replay": ["replay", s, "--plain", "--events", tmp_path / "e.jsonl"]}[command]
    assert main([str(a) for a in argv]) == 0
    err = capsys.readouterr().err
    warned = [line for line in err.splitlines() if "bytes damaged, skipped" in line]
    assert len(warned) == 1, err
    assert warned[0].startswith(f"solewatch {command}: warning: {raw}: byte {at[k]}: {at[k + 1] - at[k]} bytes "
                                "damaged, skipped"), warned[0]
    assert "Traceback" not in err
    if command == "report":
        assert "raw log is damaged" in (tmp_path / "r.html").read_text()


def test_analyze_says_the_damage_in_its_json_and_its_text(tmp_path, capsys):
    """`analyze --json` of a session whose raw log had bytes skipped said nothing of it (a warning on stderr
    only): the JSON lists the spans skipped (docs/analyze-json.md, ``damaged_spans``), and the text says the
    report's caveat line; a sound session has none."""
    import json

    import jsonschema

    schema = json.loads((ROOT / "docs" / "analyze-json.schema.json").read_text())
    s = raw_only(tmp_path)
    speed = load_session(s).info.speed
    assert main(["analyze", str(s), "--json"]) == 0
    sound = json.loads(capsys.readouterr().out)
    jsonschema.validate(sound, schema)
    assert sound["damaged_spans"] == []
    raw = s / "raw.swlog"
    whole, _ = read(raw)
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    k = len(at) // 3
    damage(data, at, k, "flipped bytes")
    raw.write_bytes(bytes(data))
    assert main(["analyze", str(s), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, schema)
    assert doc["damaged_spans"] == [{"offset": at[k], "n_bytes": at[k + 1] - at[k],
                                     "from_s": round(whole[k - 1][2] * speed, 3),
                                     "to_s": round(whole[k + 1][2] * speed, 3)}]
    assert main(["analyze", str(s)]) == 0
    with pytest.warns(rawlog.RawLogDamaged):
        note = load_session(s).damage_note()
    assert note and f"caveat: {note}" in capsys.readouterr().out.splitlines()


def test_damage_at_the_very_end_is_still_a_torn_tail(tmp_path):
    """The end of the log keeps its rule: a record cut short, or failing its CRC, at the end is a torn tail,
    no warning."""
    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    whole, _ = read(raw)
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    data[-3] ^= 0xFF
    raw.write_bytes(bytes(data))
    got, state = read(raw)
    assert got == whole[:-1] and state["truncated_tail_bytes"] == len(data) - at[-1] and state["skipped"] == []


def test_a_file_that_is_not_a_raw_log_is_still_an_error(tmp_path):
    raw = tmp_path / "raw.swlog"
    raw.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    with pytest.raises(rawlog.SessionFormatError, match="not a Solewatch raw log"):
        read(raw)


# ---------------------------------------------------------------------------- any damage


def _written(draw) -> list[tuple[int, str | None, float, bytes]]:
    n = draw(st.integers(6, 40))
    out, t = [], 0.0
    for i in range(n):
        t += draw(st.floats(0.0, 0.05))
        if draw(st.integers(0, 5)) == 0:
            out.append((rawlog.KIND_EVENT, None, t, b'{"event":"stale_check","n":%d}' % i))
        else:
            size = draw(st.sampled_from([20, 20, 20, 33, 1]))
            out.append((rawlog.KIND_NOTIFICATION, draw(st.sampled_from(["left", "right"])), t,
                        draw(st.binary(min_size=size, max_size=size))))
    return out


@st.composite
def damaged_logs(draw):
    """(records written, the file's bytes with damage in the middle, byte where the damage starts)."""
    records = _written(draw)
    blobs = [encode_record(k, f, h, p) for k, f, h, p in records]
    data = bytearray(MAGIC + b"".join(blobs))
    first = len(MAGIC) + len(blobs[0])
    last = len(data) - len(blobs[-1])  # the damage stays off the first and last records
    start = draw(st.integers(first, last - 1))
    kind = draw(st.sampled_from(["flip", "overwrite", "insert", "delete", "zeros"]))
    size = draw(st.integers(1, 64))
    stop = min(start + size, last)
    if kind == "flip":
        for j in draw(st.lists(st.integers(start, stop - 1), min_size=1, max_size=6)):
            data[j] ^= draw(st.integers(1, 255))
    elif kind == "overwrite":
        data[start:stop] = draw(st.binary(min_size=stop - start, max_size=stop - start))
    elif kind == "insert":
        data[start:start] = draw(st.binary(min_size=1, max_size=64))
    elif kind == "delete":
        del data[start:stop]
    else:
        data[start:stop] = bytes(stop - start)
    return records, bytes(data), start


@settings(max_examples=300)
@given(damaged_logs(), st.sampled_from([1 << 22, 7, 64, 1000]))
def test_any_damage_in_the_middle_never_raises_and_never_yields_a_record_not_written(tmp_path_factory, log,
                                                                                     read_bytes):
    records, data, start = log
    path = tmp_path_factory.mktemp("log") / "raw.swlog"
    path.write_bytes(data)
    old = rawlog.READ_BYTES
    rawlog.READ_BYTES = read_bytes
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rawlog.RawLogDamaged)
            got, state = read(path)
    finally:
        rawlog.READ_BYTES = old
    written = records
    seen = [(k, f, h, p) for k, f, h, p, _ in got]
    # in order, each one written (a subsequence of the records written)
    it = iter(written)
    assert all(any(r == w for w in it) for r in seen), "a record that was not written, or out of order"
    # every record wholly before the damage is read, and the last record (after it) too
    before = 0
    pos = len(MAGIC)
    for k, f, h, p in written:
        pos += 4 + 10 + len(p) + 4
        if pos > start:
            break
        before += 1
    assert seen[:before] == written[:before]
    assert seen[-1] == written[-1]
    for span in state["skipped"]:
        assert span.n_bytes > 0 and span.offset >= start - 4 - 10 - 64 - 4


def test_the_crc_and_time_checks_are_what_resynchronise(tmp_path):
    """A position that looks like a record start (a plausible length, kind and foot) but whose CRC-32 does
    not match is not taken for one: the reader goes on to the real next record."""
    recs = [encode_record(1, "left", 0.1 * i, bytes([i]) * 20) for i in range(8)]
    fake = struct.pack("<I", 20 + 10) + bytes([1, 0]) + struct.pack("<d", 0.35) + bytes(20) + b"\0\0\0\0"
    assert zlib.crc32(fake[4:-4]) != 0
    data = MAGIC + b"".join(recs[:3]) + b"\x99\x01" + fake + b"\x77" + b"".join(recs[3:])
    path = tmp_path / "raw.swlog"
    path.write_bytes(data)
    with pytest.warns(rawlog.RawLogDamaged):
        got, state = read(path)
    assert [g[2] for g in got] == [0.1 * i for i in range(8)]
    (span,) = state["skipped"]
    assert span.n_bytes == 2 + len(fake) + 1


def notification_at(records: list[tuple], k: int, foot: str | None = None) -> int:
    """The index of the first notification (of ``foot``, any foot for None) at or after record ``k``."""
    return next(i for i in range(k, len(records))
                if records[i][0] == rawlog.KIND_NOTIFICATION and foot in (None, records[i][1]))


def _summed(counters: dict, key: str) -> int:
    return sum(c.get(key, 0) for c in counters.values())


def test_packets_in_damaged_log_bytes_are_counted_apart_not_as_lost(tmp_path):
    """The packets of a record skipped as damaged reached the recorder: the rebuild (load_session, and the
    recorder's close, which writes session.json's counters) and the replay count them in
    ``packets_log_damaged``, not ``packets_lost`` (had: one lost radio packet, in the counters and in the
    summary's "Link, left: 1 packet lost")."""
    import asyncio

    from monitor.live.replay import replay_session, replay_text
    from monitor.session.frames_file import rebuild_frames_file

    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    whole, _ = read(raw)
    data = bytearray(raw.read_bytes())
    at = offsets_of(bytes(data))
    k = notification_at(whole, len(at) // 2)
    foot = whole[k][1]
    damage(data, at, k, "flipped bytes")
    raw.write_bytes(bytes(data))
    with pytest.warns(rawlog.RawLogDamaged):
        hurt = load_session(s)
    with pytest.warns(rawlog.RawLogDamaged):
        closed = rebuild_frames_file(raw, hurt.info, None)[1]["counters"]  # what close writes in session.json
    for counters in (hurt.counters, closed):
        assert _summed(counters, "packets_lost") == 0, counters
        assert counters[foot]["packets_log_damaged"] == 1 and _summed(counters, "packets_log_damaged") == 1
    assert list(hurt.gaps["reason"]) == ["raw log damaged"]
    with pytest.warns(rawlog.RawLogDamaged):
        summary = asyncio.run(replay_session(s))
    assert summary.record.counters == hurt.counters
    text = replay_text(summary)
    assert "packet lost" not in text and "packets lost" not in text, text
    assert f"Raw log, {foot}: 1 packet unreadable (received, its record damaged)." in text.splitlines(), text


def test_a_real_loss_right_after_a_damaged_span_is_a_lost_packet(tmp_path):
    """A packet lost on the radio just after bytes of the raw log were damaged (within half a host second)
    is a lost packet, its gap ``packets lost``; only the packet of the damaged record is ``raw log
    damaged`` (had: both gaps labelled ``raw log damaged`` by their time, and both packets counted lost)."""
    import asyncio

    from monitor.live.replay import replay_session

    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    whole, _ = read(raw)
    data = bytes(raw.read_bytes())
    at = offsets_of(data) + [len(data)]
    k = notification_at(whole, len(whole) // 2, "right")  # damaged: a right packet
    gone = notification_at(whole, k + 20, "left")  # never recorded: a left packet lost on the radio
    assert 0 < whole[gone][2] - whole[k][2] < 0.5  # host seconds apart
    cut = bytearray(data[:at[gone]] + data[at[gone + 1]:])
    damage(cut, at, k, "flipped bytes")
    raw.write_bytes(bytes(cut))
    with pytest.warns(rawlog.RawLogDamaged):
        hurt = load_session(s)
    assert sorted(zip(hurt.gaps["foot"], hurt.gaps["reason"])) == [("left", "packets lost"),
                                                                    ("right", "raw log damaged")]
    c = hurt.counters
    assert (c["left"]["packets_lost"], c["left"]["packets_log_damaged"]) == (1, 0)
    assert (c["right"]["packets_lost"], c["right"]["packets_log_damaged"]) == (0, 1)
    with pytest.warns(rawlog.RawLogDamaged):
        assert asyncio.run(replay_session(s)).record.counters == c


def test_replay_progress_counts_the_records_read_not_the_marks_of_damage(tmp_path, monkeypatch):
    """ReplayProgress.records is the raw log's records read so far. The mark the reader puts before the
    first record after a damaged span is not a record (had: one more per span, so a replay of a log
    damaged at record 10 said 65 records read where 64 were)."""
    import asyncio
    import itertools

    from monitor.live import replay

    s = raw_only(tmp_path)
    raw = s / "raw.swlog"
    data = bytearray(raw.read_bytes())
    damage(data, offsets_of(bytes(data)), 10, "flipped bytes")
    raw.write_bytes(bytes(data))
    with pytest.warns(rawlog.RawLogDamaged):
        kinds = [r.kind for r in iter_raw_log(raw, {}, marks=True)]
    assert kinds.count(rawlog.KIND_LOG_DAMAGED) == 1
    ticks = itertools.count(0.0, 1.0)  # a host clock a second on at each look: every 64th item reports
    monkeypatch.setattr(replay, "host_clock_s", lambda: next(ticks))
    progress: list = []
    with pytest.warns(rawlog.RawLogDamaged):
        asyncio.run(replay.replay_session(s, on_progress=progress.append))
    *running, last = progress
    assert len(running) >= 3
    read_after = list(itertools.accumulate(int(k != rawlog.KIND_LOG_DAMAGED) for k in kinds))
    assert [p.records for p in running] == [read_after[i] for i in range(0, 64 * len(running), 64)]
    assert last.records == len(kinds) - 1 and max(p.records for p in progress) == last.records
