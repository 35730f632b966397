"""A foot whose link came back but that sends no data after it: the link event that says so, and its words.
Pure (no I/O, no clock).

A real insole that reconnects without streaming, a subscription that did not take, or a simulated insole with
nothing left to send, is back on its link and silent: "left insole reconnected (the link was down 63.9 s)"
alone reads as a foot that is fine. The recorder (monitor.live.recorder) logs :data:`SILENT_BACK_EVENT` once
per reconnection when no frame with data of the foot has come ``stale_after_s`` (the data-stale rule's delay,
monitor.signal.params.AlertParams) after it; every view says it as a notice
(monitor.analysis.streaming.notice_for), the recording's notes and ``analyze`` with :func:`silent_back_note`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from monitor.link.records import event_number
from monitor.util.timefmt import clock_text

#: The link event of a foot back on its link that sent no data for the data-stale delay after it.
SILENT_BACK_EVENT = "silent_after_reconnect"


def silent_back_words(foot: str, last_s: float | None) -> str:
    """The line said as ``foot``'s silence after its reconnection is found: "left insole reconnected but has
    sent no data since 4:28" (``last_s``: session s of its last frame with data before; None: it had none,
    "right insole reconnected but has sent no data")."""
    since = f" since {clock_text(last_s)}" if last_s is not None else ""
    return f"{foot} insole reconnected but has sent no data{since}"


def silent_back_note(foot: str, back_s: float, last_s: float | None, resumed_s: float | None) -> str:
    """The recording's note (and ``analyze``'s) of ``foot`` back on its link at ``back_s`` (session s) with no
    data after it for the data-stale delay: its data ended at ``last_s`` (None: it had none) and came again at
    ``resumed_s`` (None: not by the end): "left insole reconnected at 4:30 but sent no data until 5:02", "left
    insole reconnected at 4:30 but sent no data after it (its data ended at 4:28)"."""
    head = f"{foot} insole reconnected at {clock_text(back_s)} but sent no data"
    if resumed_s is not None:
        return f"{head} until {clock_text(resumed_s)}"
    ended = f" (its data ended at {clock_text(last_s)})" if last_s is not None else ""
    return f"{head} after it{ended}"


def silent_back_events(events: Iterable[Mapping[str, Any]]) -> list[tuple[str, float, float | None]]:
    """The ``(foot, back_s, last_s)`` of each :data:`SILENT_BACK_EVENT` of a session's ``events`` (the raw
    log's, as written: ``back_s`` the reconnection's session s, ``last_s`` the foot's last frame with data
    before it or None), in order; one whose reconnection time is not a number is left out."""
    out = []
    for e in events:
        if e.get("event") != SILENT_BACK_EVENT or not isinstance(e.get("foot"), str):
            continue
        back_s = event_number(e.get("back_s"))
        if back_s is not None:
            out.append((str(e["foot"]), back_s, event_number(e.get("since_s"))))
    return out


def silent_back_notes(events: Iterable[Mapping[str, Any]], data_t: Mapping[str, np.ndarray]) -> list[str]:
    """The notes (:func:`silent_back_note`) of a session's :data:`SILENT_BACK_EVENT` events, each with when its
    foot's data came again: its first frame with data after the reconnection (``data_t``: per foot, the
    session s of its frames with data, in order; a foot not in it sent none)."""
    out = []
    for foot, back_s, last_s in silent_back_events(events):
        t = data_t.get(foot, np.empty(0))
        after = t[t > back_s]
        out.append(silent_back_note(foot, back_s, last_s, float(after[0]) if after.size else None))
    return out
