"""A link drop told at or after the session's end: not a fault of the session. Pure, no I/O.

The recorder marks an insole that drops its link at or after the session's end ``after_end``
(monitor.live.record_notes.dropped_after_end; docs/session-format.md, ``disconnected``): the ride was over,
so no view says it as a fault. This is the one rule every view reads that mark by: the live and replay
notices (monitor.analysis.streaming.notice_for), the report's list of every alert and event
(monitor.report.event_list.link_events) and its link counters (monitor.report.quality_data.foot_quality).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def is_dropped_after_end(event: Mapping[str, Any]) -> bool:
    """Whether ``event`` (a raw-log event: dict with ``event``, ``foot``, ``t_s``...) is a link drop told at
    or after the session's end (``disconnected`` marked ``after_end``)."""
    return event.get("event") == "disconnected" and event.get("after_end") is True


def session_faults(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """``events`` (as Session.events), in their order, less the drops told at or after the session's end."""
    return [e for e in events if not is_dropped_after_end(e)]
