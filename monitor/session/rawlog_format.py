"""The raw log's byte format (docs/session-format.md): the file header, the record head, the foot codes, and
the reads that name the file in their errors. monitor.session.rawlog writes and reads records with these;
monitor.session.rawlog_resync finds the next sound record after damage.

    uint32 body_length | body | uint32 crc32(body)            (little-endian)
    body = uint8 kind | uint8 foot | float64 host_s | payload
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from monitor.errors import SessionFormatError
from monitor.session.info import LONGEST_SESSION_S
from monitor.util.path_errors import said_path

if TYPE_CHECKING:
    import numpy as np

MAGIC = b"SWRAW01\n"
FOOT_CODES = {"left": 0, "right": 1, None: 255}
FOOT_NAMES = {0: "left", 1: "right", 255: None}
#: The body's head: kind, foot, host time (s).
HEAD = struct.Struct("<BBd")
#: A record's length and its CRC-32.
U32 = struct.Struct("<I")
#: The host time alone.
HOST = struct.Struct("<d")
#: The longest body a record may have (bytes).
MAX_BODY = 1 << 20
#: The latest host time a record may have (s): the longest session a session.json may say it recorded
#: (monitor.session.info.LONGEST_SESSION_S, 366 days); a simulated session's host seconds are fewer still.
LONGEST_HOST_S = LONGEST_SESSION_S


def host_time_ok(host_s: float | np.ndarray) -> bool | np.ndarray:
    """Whether ``host_s`` (s; a float, or an array: elementwise) is a host time a record can have: the
    host's monotonic clock in seconds since the session started, so 0 up to LONGEST_HOST_S; NaN, infinite
    or below 0 is damage (its CRC-32 may match)."""
    return (host_s >= 0.0) & (host_s <= LONGEST_HOST_S)


def read(path: Path, fh: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes from ``fh`` at its position; an OSError is a SessionFormatError naming ``path``."""
    try:
        return fh.read(n)
    except OSError as exc:
        raise SessionFormatError(f"{said_path(path)}: cannot read ({exc.strerror or exc})") from None


def seek(path: Path, fh: BinaryIO, offset: int) -> None:
    """``fh`` to byte ``offset``; an OSError is a SessionFormatError naming ``path``."""
    try:
        fh.seek(offset)
    except OSError as exc:
        raise SessionFormatError(f"{said_path(path)}: cannot read ({exc.strerror or exc})") from None


def read_at(path: Path, fh: BinaryIO, offset: int, n: int) -> bytes:
    """Up to ``n`` bytes from byte ``offset``."""
    seek(path, fh, offset)
    return read(path, fh, n)
