"""The exception tree. Every error Solewatch raises on purpose derives from SolewatchError.

The CLI turns any SolewatchError into one line on stderr and exit code 2.
"""

from __future__ import annotations


class SolewatchError(Exception):
    """Base of every error Solewatch raises deliberately."""


class ProtocolError(SolewatchError):
    """Bytes that do not follow docs/protocol.md (a malformed notification, layout or control response)."""


class DeviceNotFound(SolewatchError):
    """No insole answered a scan, or the named address did not appear."""


class BluetoothUnavailable(SolewatchError):
    """The machine has no usable Bluetooth adapter (no adapter, no BlueZ, no D-Bus)."""


class ConnectionLost(SolewatchError):
    """A link dropped and could not be brought back."""


class SessionFormatError(SolewatchError):
    """A session directory or file that cannot be read; the message names the file (and line)."""


class UsageError(SolewatchError):
    """Bad command-line arguments or values (a duration, a fault spec...)."""
