"""The raw log read a piece at a time (monitor.session.rawlog.READ_BYTES) gives the records, the torn tail,
the damaged spans skipped and the errors of the log read whole, wherever the pieces end."""

from __future__ import annotations

import warnings
import zlib

import pytest

from monitor.errors import SessionFormatError
from monitor.session import rawlog, rawlog_runs
from monitor.session.rawlog import MAGIC, RawLogWriter, iter_raw_log


def _log(path, n=60):
    w = RawLogWriter(path)
    for i in range(n):
        if i % 7 == 3:
            w.append_event(i * 0.01, {"event": "battery", "foot": "left", "level_pct": 90 - i})
        else:
            w.append_notification("left" if i % 2 else "right", i * 0.01, bytes(range(i % 50 + 10)) * 3)
    w.close()
    return path.read_bytes()


def _read(path, read_bytes, monkeypatch):
    """(records, truncated tail bytes, damaged spans skipped), or ("error", its text)."""
    monkeypatch.setattr(rawlog, "READ_BYTES", read_bytes)
    state: dict = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", rawlog.RawLogDamaged)
            records = [(r.kind, r.foot, r.host_s, r.payload, r.index, r.offset) for r in iter_raw_log(path, state)]
    except SessionFormatError as exc:
        return "error", str(exc)
    return records, state["truncated_tail_bytes"], state["skipped"]


@pytest.mark.parametrize("damage", ["none", "torn", "zero tail", "crc middle", "length middle", "header",
                                    "short header"])
def test_pieces_read_as_the_whole(tmp_path, monkeypatch, damage):
    path = tmp_path / "raw.swlog"
    data = bytearray(_log(path))
    if damage == "torn":
        data = data[:-37]
    elif damage == "zero tail":
        data[-30:-20] = bytes(10)
        data += bytes(500)
    elif damage == "crc middle":
        data[len(MAGIC) + 300] ^= 0xFF
    elif damage == "length middle":
        data[len(MAGIC) + 3] = 0xFF  # a length past MAX_BODY
    elif damage == "header":
        data[:3] = b"XYZ"
    elif damage == "short header":
        data = data[:5]
    path.write_bytes(bytes(data))
    whole = _read(path, 1 << 30, monkeypatch)
    if damage == "none":
        assert len(whole[0]) == 60 and whole[1] == 0 and whole[2] == []
    elif damage in ("torn", "zero tail", "short header"):
        assert whole[1] > 0 and whole[2] == []
    elif damage in ("crc middle", "length middle"):  # skipped: one record fewer, the rest read
        assert len(whole[0]) == 59 and whole[1] == 0 and len(whole[2]) == 1
    else:
        assert whole[0] == "error"
    for read_bytes in (1, 5, 13, 64, 257, 4096):
        assert _read(path, read_bytes, monkeypatch) == whole, read_bytes


def _uniform_log(path, n=300):
    """Notifications of one length (runs the reader takes many at once), with a few events among them."""
    w = RawLogWriter(path)
    for i in range(n):
        if i in (41, 42, 170):
            w.append_event(i * 0.01, {"event": "battery", "foot": "left", "level_pct": 90})
        else:
            w.append_notification("left" if i % 2 else "right", i * 0.01, bytes([i % 256]) * 40)
    w.close()
    return path.read_bytes()


@pytest.mark.parametrize("damage", ["none", "crc in a run", "kind in a run", "foot in a run", "length in a run",
                                    "torn", "crc at the end", "zero tail"])
def test_runs_of_one_length_read_as_one_record_at_a_time(tmp_path, monkeypatch, damage):
    """Records of one length read at once (MIN_RUN and more) give the records, the torn tail and the
    damaged spans of the record-by-record walk, wherever the damage and the pieces fall."""
    path = tmp_path / "raw.swlog"
    data = bytearray(_uniform_log(path))
    step = 4 + 10 + 40 + 4  # length, kind, foot, host_s, payload, CRC
    at = [r.offset for r in iter_raw_log(path)][100]  # in the middle of a run
    if damage == "crc in a run":
        data[at + 20] ^= 0x01
    elif damage == "kind in a run":
        data[at + 4] = 7
        data[at + step - 4 : at + step] = zlib.crc32(bytes(data[at + 4 : at + step - 4])).to_bytes(4, "little")
    elif damage == "foot in a run":
        data[at + 5] = 9
        data[at + step - 4 : at + step] = zlib.crc32(bytes(data[at + 4 : at + step - 4])).to_bytes(4, "little")
    elif damage == "length in a run":
        data[at] = 60
    elif damage == "torn":
        data = data[:-20]
    elif damage == "crc at the end":
        data[-10] ^= 0x01
    elif damage == "zero tail":
        data[-30:] = bytes(30)
        data += bytes(200)
    path.write_bytes(bytes(data))
    monkeypatch.setattr(rawlog_runs, "MIN_RUN", 1 << 30)
    walk = _read(path, 1 << 30, monkeypatch)
    if damage == "none":
        assert len(walk[0]) == 300 and walk[1] == 0
    elif damage in ("torn", "crc at the end", "zero tail"):
        assert walk[1] > 0 and len(walk[0]) == 299
    else:  # record 100 skipped (it was an error), every other record read
        assert len(walk[0]) == 299 and at not in [r[5] for r in walk[0]] and walk[1] == 0
        assert [(x.offset, x.n_bytes) for x in walk[2]] == [(at, step)]
    monkeypatch.setattr(rawlog_runs, "MIN_RUN", 4)
    for read_bytes in (1, 64, 1000, 4096, 1 << 30):
        assert _read(path, read_bytes, monkeypatch) == walk, read_bytes


def test_runs_of_every_length_read_as_one_record_at_a_time(tmp_path, monkeypatch):
    """Runs of one length of 1 to 70 records in turn, each ended by a record of another length (a run's
    end falls before, on and after each window the reader looks through: 4, 8, 16, 32, 64), give the
    records of the record-by-record walk; so do the Moticon stream's runs of 2."""
    path = tmp_path / "raw.swlog"
    w = RawLogWriter(path)
    t = 0.0
    for run in [*range(1, 71), *([2] * 40)]:
        for _ in range(run):
            t += 0.01
            w.append_notification("left", t, bytes([run % 256]) * (20 + run % 3))
    w.close()
    monkeypatch.setattr(rawlog_runs, "MIN_RUN", 1 << 30)
    walk = _read(path, 1 << 30, monkeypatch)
    assert len(walk[0]) == sum(range(1, 71)) + 80 and walk[1] == 0 and walk[2] == []
    monkeypatch.setattr(rawlog_runs, "MIN_RUN", 4)
    for read_bytes in (64, 1000, 1 << 30):
        assert _read(path, read_bytes, monkeypatch) == walk, read_bytes


@pytest.mark.parametrize("damage", ["none", "crc in a run", "bad event", "torn", "zero tail"])
def test_the_outline_counts_what_the_records_are(tmp_path, damage):
    """raw_log_outline: the records iter_raw_log gives (counted, the last one's host time), its torn tail,
    its damaged spans, and the error of an event that is not JSON."""
    path = tmp_path / "raw.swlog"
    data = bytearray(_uniform_log(path))
    at = [r.offset for r in iter_raw_log(path)]
    if damage == "crc in a run":
        data[at[100] + 20] ^= 0x01
    elif damage == "bad event":  # record 42 is an event; damage it and mend its checksum
        body = bytearray(data[at[42] + 4 : at[43] - 4])
        body[10] = ord("]")
        data[at[42] + 4 : at[43]] = bytes(body) + zlib.crc32(bytes(body)).to_bytes(4, "little")
        data[at[100] + 20] ^= 0x01  # and a damaged record after it
    elif damage == "torn":
        data = data[:-20]
    elif damage == "zero tail":
        data[-30:] = bytes(30)
        data += bytes(200)
    path.write_bytes(bytes(data))
    warnings.simplefilter("ignore", rawlog.RawLogDamaged)
    try:
        state: dict = {}
        records = []
        for r in iter_raw_log(path, state):
            if r.kind != rawlog.KIND_NOTIFICATION:
                rawlog.record_event(path, r)
            records.append(r)
        want = (len(records), records[-1].host_s, state["truncated_tail_bytes"], tuple(state["skipped"]))
    except SessionFormatError as exc:
        want = str(exc)
    try:
        o = rawlog.raw_log_outline(path)
        got = (o.records, o.last_host_s, o.truncated_tail_bytes, o.skipped)
    except SessionFormatError as exc:
        got = str(exc)
    assert got == want
    assert isinstance(want, str) == (damage == "bad event")
    if damage == "crc in a run":
        assert want[0] == 299 and len(want[3]) == 1
    if damage == "bad event":
        assert "record 42 is an event" in want
