"""What the link hands on: raw records in arrival order (a notification's bytes, or an event), and what an
insole told us about itself. The raw log (monitor.session.rawlog) stores these records as bytes."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monitor.util.plain_text import spelt_out

#: Record kinds: a notification from an insole, or an event (connected, battery, stale_check...).
KIND_NOTIFICATION = 1
KIND_EVENT = 2
#: Never stored: the raw-log reader's mark, in record order, that bytes before the next record were skipped as
#: damaged (monitor.session.rawlog, ``marks=True``): the packets they held reached the recorder, so a sequence
#: jump across them is the log's loss, not the radio's (``foot`` None, ``payload`` empty, ``host_s`` the next
#: record's).
KIND_LOG_DAMAGED = 0
#: The event a recorder writes last as it closes a session (``session.json``'s ``duration_s`` written), ``t_s``
#: that duration: the raw log reaches the session's end, however long before it the insoles went silent
#: (monitor.session.log_end). Not a link event: no notice, and no event a session lists.
SESSION_END_EVENT = "session_end"
#: The field of a foot's ``connected`` event that gives its device counter at session time 0 (us, mod 2**32),
#: where it is known: a simulated insole in this process (docs/session-format.md; monitor.link.clock, "Known
#: start").
START_DEVICE_FIELD = "device_us_at_start"


def link_event_s(arrival_s: float, newest_frame_s: float, newest_arrival_s: float,
                 end_s: float = math.inf, latest_s: float = math.inf) -> float:
    """The session time a link event is dated: the newest frame of any foot received before it
    (``newest_frame_s``, session s; -inf: none yet) advanced by the time since the notification that brought
    it arrived (``newest_arrival_s``, host time x speed, as ``arrival_s``), no later than the event's own
    arrival (``arrival_s``, its host time x speed); before any frame, its arrival. The frames say what time
    it is in the session: on a host that runs a simulation slower than its speed, host time x speed runs
    ahead of the data, minutes past a short session's end by the time a foot is lost (had: "11:14 right
    insole disconnected" in an 8:00 session), while the frames keep coming, so the event is at the newest;
    while no foot sends (both insoles down), the host's clock alone moves time on, so a foot back 12 s later
    is back 12 s later, not at the silence's start. At real time the two differ by a notification at most.
    The recorder writes it into the event (``t_s``), which every view of the session reads.

    ``end_s``: the session's end (session s, the duration asked; inf: none). No event is dated past it, nor
    before the newest frame (a lagging host's late frames may run past the end): while no foot sends, the
    host's clock would otherwise run on past the end until the link gives a foot up (``LinkConfig.
    lost_after_host_min_s`` of host time, 200 s of ride at 40x; had: "5:41 left insole lost" in a 3:00
    session).

    ``latest_s``: the latest the event can be by what it says (session s; inf: none), a foot's loss
    :func:`lost_latest_s`; it is held to that as to the end, never before the newest frame either."""
    at_s = arrival_s
    if newest_frame_s != -math.inf:
        at_s = min(arrival_s, newest_frame_s + max(arrival_s - newest_arrival_s, 0.0))
    limit_s = min(end_s, latest_s)
    return at_s if at_s <= limit_s else max(limit_s, newest_frame_s)


def lost_latest_s(last_frame_s: float, lost_after_session_s: float, lost_after_host_min_s: float,
                  speed: float) -> float:
    """The latest a foot's loss (``foot_lost``) is dated (session s): its last frame (``last_frame_s``,
    session s; -inf: none) + ``lost_after_session_s``, the session time the link gives a foot up after
    (``LinkConfig``), where the host-time floor (``lost_after_host_min_s`` x ``speed``, 200 s of ride at 40x)
    is longer and so may hold the loss back (no foot sending: the host's clock decides); inf otherwise (up
    to 2x with the defaults, a real-time session: dated as any link event) or for a foot with no frame.
    Had (`record --speed 40 --duration 3m --fault stop:left@60s --fault stop:right@70s`): both losses at
    3:00, the session's end, for data that stopped at 1:00 and 1:10."""
    if last_frame_s == -math.inf or lost_after_host_min_s * speed <= lost_after_session_s:
        return math.inf
    return last_frame_s + lost_after_session_s


def event_number(value: object) -> float | None:
    """A finite number from an event's field or a counter, else None (a field an older or foreign writer
    filled with text, a list, true/false)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def recorded_event_s(event: Mapping[str, Any]) -> float | None:
    """The ``t_s`` the recorder dated a link event at (:func:`link_event_s`), None where the event has none
    that is a finite number (a stale-data check or a rider's mark, which stand at their arrival; an event of
    a log written before link events were dated)."""
    return event_number(event.get("t_s"))


def session_end_s(event: Mapping[str, Any]) -> float | None:
    """The session's end (session s) a ``session_end`` event (:data:`SESSION_END_EVENT`) says, None for another
    event or one whose ``t_s`` is not a finite number of 0 or more (then it says no more than any record)."""
    if event.get("event") != SESSION_END_EVENT:
        return None
    t_s = recorded_event_s(event)
    return t_s if t_s is not None and t_s >= 0.0 else None


def timed_event(arrival_s: float, event: Mapping[str, Any]) -> dict[str, Any]:
    """A raw-log event as a session's events hold it: ``{"t_s": session s, **event}``, ``t_s`` the one the
    recorder dated it at (:func:`recorded_event_s`), else its arrival (``arrival_s``, host time x speed)."""
    t_s = recorded_event_s(event)
    out = {"t_s": arrival_s, **event}  # t_s first, as the session's events have always listed it
    out["t_s"] = arrival_s if t_s is None else t_s
    return out


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


#: The text fields of a DeviceInfo that a generic CSV's layout JSON gives per foot (docs/import-csv.md,
#: ``device``, with ``battery_pct``), and a CSV export writes (monitor.session.export.import_layout).
LAYOUT_DEVICE_FIELDS = ("address", "name", "manufacturer", "model", "serial", "firmware")


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

    def __post_init__(self) -> None:
        # a name the insole or a file chose, printed and kept in session.json: its control characters spelt
        # out (\x1b, \n), as every text Solewatch did not choose (monitor.util.plain_text)
        for name in ("address", "name", "manufacturer", "model", "serial", "firmware", "battery_level"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, spelt_out(value))

    def battery_text(self) -> str:
        """The battery as read: "80 %", a level ("normal"), or "" when not known."""
        if self.battery_pct is not None:
            return f"{self.battery_pct} %"
        return self.battery_level or ""
