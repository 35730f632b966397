"""What the link hands on: raw records in arrival order (a notification's bytes, or an event), and what an
insole told us about itself. The raw log (monitor.session.rawlog) stores these records as bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: Record kinds: a notification from an insole, or an event (connected, battery, stale_check...).
KIND_NOTIFICATION = 1
KIND_EVENT = 2
#: Never stored: the raw-log reader's mark, in record order, that bytes before the next record were skipped as
#: damaged (monitor.session.rawlog, ``marks=True``): the packets they held reached the recorder, so a sequence
#: jump across them is the log's loss, not the radio's (``foot`` None, ``payload`` empty, ``host_s`` the next
#: record's).
KIND_LOG_DAMAGED = 0


@dataclass(frozen=True)
class RawRecord:
    """One record: a notification (``payload`` bytes) or an event (``event`` dict).

    ``index`` is the record's number in the log (0 = the first after the header) and ``offset`` the byte
    where it starts; both are -1 for a record not read from a file.
    """

    kind: int
    foot: str | None
    host_s: float
    payload: bytes
    index: int = -1
    offset: int = -1

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.payload.decode("utf-8"))


@dataclass(frozen=True)
class DeviceInfo:
    """What an insole told us about itself (Device Information and Battery services)."""

    address: str
    name: str = ""
    manufacturer: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    battery_pct: int | None = None
    #: the battery as a level, for an insole that reports one and no percentage (ORPHE INSOLE: "low",
    #: "normal" or "high", monitor.link.orphe.BATTERY_LEVELS); None for the others
    battery_level: str | None = None

    def battery_text(self) -> str:
        """The battery as read: "80 %", a level ("normal"), or "" when not known."""
        if self.battery_pct is not None:
            return f"{self.battery_pct} %"
        return self.battery_level or ""
