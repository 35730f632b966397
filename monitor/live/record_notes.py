"""The notes a recording ends with about its insoles: feet lost (and back), and records its consumer could
not hand on in full; and the note of a foot's loss told later than it is dated, or of a reconnection that
failed told at the session's end. Words only: :mod:`monitor.live.recorder` decides what happened and when
(session s)."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from monitor.codebook import FEET
from monitor.live.record_span import NO_FRAME_NOTE, SLOW_HOST_NOTE
from monitor.util.plain_text import one_line
from monitor.util.timefmt import clock_text


def lost_notes(lost: dict[str, tuple[float, str]], feet: list[str],
               back: dict[str, tuple[float | None, float, float]] | None = None,
               end_s: float = math.inf, ended: Mapping[str, float | None] | None = None,
               stopped: tuple[float, str] | None = None) -> list[str]:
    """The notes of the feet declared lost (foot -> (session s, the event's note)): each its own while
    another foot goes on, one note when every foot was lost; and of the feet lost that came back (foot ->
    (session s of its last frame before it was lost or None, session s lost, session s back)), when each
    went silent, was lost and was back: a foot is declared lost ``LinkConfig.lost_after_session_s`` (10 s)
    or more after its data stop, and "lost at 0:30" alone reads as data up to 0:30 (:func:`came_back_note`).

    Every foot lost and none back, the note says where each foot's data ended (``ended``: foot -> session s
    of its last frame as it was lost, None: it had none; the recorder's), no later than ``end_s`` (the
    session time the data reach, :func:`monitor.live.record_span.recorded_span`), and that no data came after
    the second: "both insoles lost (their data ended: left at 1:01, right at 1:11)". Its events are dated
    when the loss was declared, no later than the session's end nor, above 2x, than the foot's last frame +
    ``lost_after_session_s`` (monitor.link.records.link_event_s, lost_latest_s): 10 s or more after the data
    ended, and this note says what was recorded (had: "left at 1:11, right at 1:11", the left's loss and the
    data's end, for data that ended at 1:01 and 1:11; "left at 12:49, right at 12:48" in a 62-s session at
    100x, where a foot is lost on the host's clock).

    A recording that stopped early (``stopped``: the session s of its newest frame as its raw log's write
    failed, and why, "No space left on device") names no time past its stop (had: "left insole silent from
    0:05, lost at 0:15, back at 0:26" of a recording that stopped at 0:14): a foot lost by the stop and back
    after it is said lost and not back (:func:`stopped_note`); one lost after the stop gets no note, its
    silence to the end said by the absent-data note beside these (monitor.session.absence: "left insole
    silent from 0:05 to the end: 915 frames missing") and the stop by the recording's error."""
    ended = ended or {}
    if stopped is not None:
        return _up_to_stop(lost, feet, back or {}, min(end_s, stopped[0]), ended, stopped)
    came_back = [came_back_note(foot, *spans)
                 for foot, spans in sorted((back or {}).items(), key=lambda kv: FEET.index(kv[0]))]
    if len(lost) < len(feet) or len(feet) < 2:
        return [note for _, note in lost.values()] + came_back
    when = ", ".join(f"{foot} at {clock_text(min(last_s, end_s))}" if (last_s := ended.get(foot)) is not None
                     else f"{foot} had none" for foot in FEET if foot in lost)
    return [f"both insoles lost (their data ended: {when}); no data after the second"]


def _up_to_stop(lost: dict[str, tuple[float, str]], feet: list[str], back: dict[str, tuple[float | None, float, float]],
                end_s: float, ended: Mapping[str, float | None], stopped: tuple[float, str]) -> list[str]:
    """:func:`lost_notes` of a recording that stopped early at ``stopped`` (session s, why): the feet lost
    or back by the stop as they are, those lost by it and back after it not back (:func:`stopped_note`),
    none lost after it."""
    stop_s = stopped[0]
    kept = {foot: at for foot, at in lost.items() if at[0] <= stop_s}
    kept_back = {foot: spans for foot, spans in back.items() if spans[2] <= stop_s}
    late = [(foot, silent_s, lost_s) for foot, (silent_s, lost_s, back_s) in back.items()
            if lost_s <= stop_s < back_s]
    notes = lost_notes(kept, feet, kept_back, end_s, ended) if kept or kept_back else []
    return notes + [stopped_note(foot, silent_s, lost_s, stopped)
                    for foot, silent_s, lost_s in sorted(late, key=lambda x: FEET.index(x[0]))]


def stopped_note(foot: str, silent_s: float | None, lost_s: float, stopped: tuple[float, str]) -> str:
    """The note of ``foot`` silent (from ``silent_s``, session s of its last frame before; None: none) and
    lost (at ``lost_s``, session s) in a recording that stopped early (``stopped``: session s, why) before it
    was back: "left insole silent from 0:05, lost at 0:15, not back by the end (the recording stopped at 0:20:
    No space left on device)"; the silence left out as :func:`came_back_note` leaves it out."""
    stop_s, why = stopped
    silent = clock_text(silent_s, "")
    since = f"silent from {silent}, " if silent and silent != clock_text(lost_s) else ""
    return (f"{foot} insole {since}lost at {clock_text(lost_s)}, not back by the end (the recording stopped at "
            f"{clock_text(stop_s)}: {why})")


def told_late(event: Mapping[str, Any], told_s: float, end_s: float, last_frame_s: float) -> dict[str, Any]:
    """A foot's loss (``foot_lost``, dated at its ``t_s``, session s) as the person reads it when the link
    told it later than that (``told_s``, session s: the time the data say it was as the link gave the foot
    up, no later than the session's end, ``end_s``) or at the session's end: its ``note`` says when the foot's
    data ended (``last_frame_s``, session s; -inf: none) and when it was told, and, told at the end, nothing
    of what the session goes on with, which is over. Above 2x, feet that both stop are given up on the
    host's clock (200 s of ride at 40x) and dated by their last frame (monitor.link.records.lost_latest_s):
    had, after "recording 100%  3:00 / 3:00", "1:11 left insole lost; the right insole is down too: nothing
    is recorded until one comes back", after "1:20 RIGHT NO DATA" in ``live``. Otherwise (told when it is
    dated, as at real time) the event as it is."""
    dated_s, note, foot = event["t_s"], event.get("note"), event.get("foot")
    at_end = told_s >= end_s
    if not at_end and clock_text(told_s) == clock_text(dated_s):
        return dict(event)
    ended = (f"its data ended at {clock_text(last_frame_s)}" if math.isfinite(last_frame_s)
             else "it sent no data")
    told = "told at the session's end" if at_end else f"told at {clock_text(told_s)}"
    head = f"{foot} insole lost"
    rest = note[len(head):] if isinstance(note, str) and note.startswith(head) else f": {note}" if note else ""
    return {**event, "note": f"{head} ({ended}; {told})" + ("" if at_end else rest)}


def failed_after_end(event: Mapping[str, Any], told_s: float, end_s: float) -> dict[str, Any]:
    """A foot's reconnection that failed (``reconnection_failed``) as the person reads it when the link told
    it at or after the session's end (``told_s`` at or past ``end_s``, session s, as :func:`told_late` takes
    them): its ``note`` says the insole was not back by the end, nothing of what the session goes on with,
    which is over (had, after "recording 100%": "left insole lost: its reconnection failed (RuntimeError:
    ...) and is not tried again; the session goes on with the right"). Told before the end: as it is."""
    if told_s < end_s:
        return dict(event)
    foot, error, note = event.get("foot"), event.get("error"), event.get("note")
    lead = f"{foot} insole lost: its reconnection"
    if isinstance(note, str) and note.startswith(f"{foot} insole's reconnection"):
        lead = f"{foot} insole's reconnection"  # lost already: said so before
    failed = f" failed ({one_line(str(error))})" if error else " failed"
    return {**event, "note": f"{lead}{failed}, told at the session's end: the insole was not back by the end"}


def dropped_after_end(event: Mapping[str, Any], told_s: float, end_s: float) -> dict[str, Any]:
    """A foot's ``disconnected`` as the session reads it when the link told it at or after the session's end
    (``told_s`` at or past ``end_s``, session s, as :func:`told_late` takes them): marked ``after_end``, which
    no view says as a fault (monitor.analysis.streaming.notice_for gives it no notice): the ride was over,
    and nothing is reconnected for it (had, `live --radio ... --duration 10m` against `sim --duration 11m`,
    the insole ending its own ride while the close caught up: "10:00 left insole disconnected;
    reconnecting"). Told before the end: as it is."""
    if told_s < end_s:
        return dict(event)
    return {**event, "after_end": True}


def came_back_note(foot: str, silent_s: float | None, lost_s: float, back_s: float) -> str:
    """The note of ``foot`` lost and back: from when it was silent (``silent_s``, session s of its last
    frame before; None: it had none), when it was declared lost, and when it was back (session s), e.g.
    "left insole silent from 0:20, lost at 0:30, back at 0:45". The silence is left out where it reads as
    the loss (the same second) or is not known."""
    silent = clock_text(silent_s, "")
    since = f"silent from {silent}, " if silent and silent != clock_text(lost_s) else ""
    return f"{foot} insole {since}lost at {clock_text(lost_s)}, back at {clock_text(back_s)}"


def connected_notes(recorded: Collection[str]) -> list[str]:
    """The note a recording starts with where one insole of the pair connected (``recorded``: the feet it
    records, SessionInfo.layouts): "only the left insole connected; no right data"; none for both."""
    missing = [f for f in FEET if f not in recorded]
    feet = " and ".join(f for f in FEET if f in recorded)
    return [f"only the {feet} insole connected; no {missing[0]} data"] if missing else []


#: What the note of the records the link's consumer could not hand on in full says (:func:`consumer_notes`).
NOT_IN_FULL = "could not be handled in full (the recording went on)"


def of_the_whole(note: str) -> bool:
    """Whether ``note``, one a recording's close wrote (session.json ``notes``), speaks of the recording as a
    whole, with no time in it: records its consumer could not hand on in full (:func:`consumer_notes`), a
    simulation whose insoles sent no frame or whose host could not keep its speed
    (monitor.live.record_span.recorded_span). Not the notes of feet lost and back, nor of one insole connected,
    nor of insoles that stopped sending after some time, nor any other."""
    return note.startswith((NO_FRAME_NOTE, SLOW_HOST_NOTE)) or f" {NOT_IN_FULL}; the first: " in note


def whole_recording_words(note: str) -> str:
    """A note of the recording as a whole (:func:`of_the_whole`) as a stopped replay says it, where it reads as
    said of the part replayed: records its consumer could not hand on in full, which may lie after the stop,
    "3 records of the whole recording could not be handled in full ..."; the others as they are (a
    simulation's "0:45 of the 1:00 ride simulated" names the whole ride already)."""
    return note.replace(f" {NOT_IN_FULL}; the first: ", f" of the whole recording {NOT_IN_FULL}; the first: ", 1)


def consumer_notes(errors: list[str]) -> list[str]:
    """The note of the records the link's consumer could not hand on in full (``PairLink.consumer_errors``:
    a hook of the recording that failed on them; the recording went on): how many, and the first."""
    if not errors:
        return []
    n = len(errors)
    return [f"{n} record{'s' if n != 1 else ''} {NOT_IN_FULL}; "
            f"the first: {errors[0]}"]
