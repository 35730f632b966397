"""The report's folded list of every alert and event, in time order: the detector's alerts (notice,
warning, alert) and its back-to-normal, data-stale and data-back events (monitor.analysis.alerts.Alert), and the link
events of a recording (disconnected, reconnected, foot lost, reconnection failed, reconnection refused, battery
low: the ones the data-quality figure marks; and a foot back on its link that sent no data after it), each with
its time and foot; a foot gone down or back is named in the words of the insoles' transport (a BLE insole's
"disconnected", the Moticon stream's "out of stream": monitor.link.transport_words), as its message is.

One idea: what happened when, as one list a reader can search by time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from monitor.link.records import event_number
from monitor.link.silent_back import SILENT_BACK_EVENT, silent_back_words
from monitor.link.transport_words import RADIO, TransportWords
from monitor.session.ride_over import session_faults
from monitor.util.plain_text import one_line
from monitor.util.timefmt import clock_text

#: Rows listed (the rest are counted; a display choice that keeps the page short).
MAX_ROWS = 100
#: The link events listed, those the data-quality figure marks (monitor.report.quality_data.LINK_EVENTS is this).
LINK_KINDS = ("disconnected", "reconnected", "foot_lost", "reconnection_failed", "reconnection_refused", "battery_low")
#: The link events the list holds: those, and a foot back on its link that sent no data after it (its note).
LISTED_KINDS = (*LINK_KINDS, SILENT_BACK_EVENT)


@dataclass(frozen=True)
class LinkEvent:
    """One link event of a recording: ``t_s`` session time (s), ``foot``, ``kind`` (one of LINK_KINDS, the
    files' name), ``message``, a sentence for the reader, and ``name``, the kind as the reader reads it
    (TransportWords.event_name; "" says the kind's own words)."""

    t_s: float
    foot: str
    kind: str
    message: str
    name: str = ""


def _message(e: Mapping[str, Any], foot: str, words: TransportWords) -> str:
    kind, note = e["event"], e.get("note")
    if kind in ("foot_lost", "reconnection_failed", "reconnection_refused") and isinstance(note, str) and note.strip():
        return one_line(note)  # a note recorded with its error's line breaks: one line
    if kind == SILENT_BACK_EVENT:  # back on its link, and no data after it
        return silent_back_words(foot, event_number(e.get("since_s")))
    if kind == "disconnected":
        return f"{foot} insole{words.foot_down}"  # " disconnected", or ": no data in the stream"
    if kind == "reconnected":
        down, attempts = event_number(e.get("down_session_s")), event_number(e.get("attempts"))
        said = ([f"{words.down_while} {down:.1f} s"] if down is not None else []) \
            + ([f"{attempts:.0f} attempts"] if attempts is not None and attempts > 1 else [])
        return f"{foot} insole{words.foot_back}" + (f" ({', '.join(said)})" if said else "")  # the link's time down
    if kind == "foot_lost":
        return f"{foot} insole lost"
    if kind == "reconnection_failed":
        return f"{foot} insole's reconnection failed"
    if kind == "reconnection_refused":  # a note the writer left out: its error (monitor.analysis.streaming's words)
        return one_line(f"{foot} insole refused at its reconnection ({e.get('error')})")
    level = event_number(e.get("level_pct"))
    return f"{foot} insole's battery low" + (f" ({level:.0f} %)" if level is not None else "")


def link_events(events: Iterable[Mapping[str, Any]], feet: Sequence[str],
                words: TransportWords = RADIO) -> list[LinkEvent]:
    """The link events of a session's events (session.events: dicts with t_s, event, foot...) of the
    ``feet``, in time order, a foot down or back in the ``words`` of the insoles' transport; an event without
    a time that can be placed is left out, and so is a drop told at or after the session's end, no fault of
    it (monitor.session.ride_over)."""
    out = []
    for e in session_faults(events):
        t_s, foot = event_number(e.get("t_s")), e.get("foot")
        if e.get("event") in LISTED_KINDS and t_s is not None and foot in feet:
            kind = str(e["event"])
            out.append(LinkEvent(t_s, str(foot), kind, _message(e, str(foot), words), words.event_name(kind)))
    return sorted(out, key=lambda x: x.t_s)


def event_list_html(alerts: Sequence[Any], links: Sequence[LinkEvent],
                    table: Callable[[list[str], list[list[str]]], str]) -> str:
    """The folded list (escaped HTML; "" when there is nothing to list): ``alerts`` (Alert: t_s, foot,
    kind, level, message) and ``links`` merged by time, at most MAX_ROWS rows. ``table(head, rows)`` lays
    out the rows."""
    everything = sorted([*alerts, *links], key=lambda a: a.t_s)
    if not everything:
        return ""
    rows = []
    for a in everything[:MAX_ROWS]:
        level = getattr(a, "level", None)
        what = level or getattr(a, "name", "") or a.kind.replace("_", " ")  # a link event's in its transport's words
        cls = f' class="level-{level}-text"' if level else ""
        rows.append([escape(clock_text(a.t_s)), escape(a.foot), f"<span{cls}>{escape(what)}</span>",
                     escape(a.message)])
    more = len(everything) - MAX_ROWS
    tail = (f"<p>... and {more} more (solewatch analyze lists every alert; the link events are the "
            "session's <code>events</code> in Python, docs/api.md).</p>") if more > 0 else ""
    return (f"<details><summary>Every alert and event ({len(everything)})</summary>"
            + table(["time", "foot", "level or event", "message"], rows) + tail + "</details>")
