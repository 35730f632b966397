"""Solewatch: pressure-insole monitoring for sustained forefoot load.

Not a medical device. See README.md.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from monitor.errors import (
    BluetoothUnavailable,
    ConnectionLost,
    DeviceNotFound,
    ProtocolError,
    SessionFormatError,
    SolewatchError,
    UsageError,
)

try:
    __version__ = version("solewatch")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"


def load_session(path):
    """Load a recorded session directory; see monitor.recording.load_session."""
    from monitor.recording import load_session as _load

    return _load(path)


__all__ = [
    "BluetoothUnavailable",
    "ConnectionLost",
    "DeviceNotFound",
    "ProtocolError",
    "SessionFormatError",
    "SolewatchError",
    "UsageError",
    "__version__",
    "load_session",
]
