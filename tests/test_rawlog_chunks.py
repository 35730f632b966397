"""The raw log read a piece at a time (monitor.session.rawlog.READ_BYTES) gives the records, the torn tail and
the errors of the log read whole, wherever the pieces end."""

from __future__ import annotations

import pytest

from monitor.errors import SessionFormatError
from monitor.session import rawlog
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
    monkeypatch.setattr(rawlog, "READ_BYTES", read_bytes)
    state: dict[str, int] = {}
    try:
        records = [(r.kind, r.foot, r.host_s, r.payload, r.index, r.offset) for r in iter_raw_log(path, state)]
    except SessionFormatError as exc:
        return "error", str(exc)
    return records, state["truncated_tail_bytes"]


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
        assert len(whole[0]) == 60 and whole[1] == 0
    elif damage in ("torn", "zero tail", "short header"):
        assert whole[1] > 0
    else:
        assert whole[0] == "error"
    for read_bytes in (1, 5, 13, 64, 257, 4096):
        assert _read(path, read_bytes, monkeypatch) == whole, read_bytes
