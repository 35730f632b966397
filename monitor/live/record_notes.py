"""The notes a recording ends with about its insoles: feet lost (and back), and records its consumer could
not hand on in full. Words only: :mod:`monitor.live.recorder` decides what happened and when (session s)."""

from __future__ import annotations

import math

from monitor.codebook import FEET
from monitor.util.timefmt import clock_text


def lost_notes(lost: dict[str, tuple[float, str]], feet: list[str],
               back: dict[str, tuple[float | None, float, float]] | None = None,
               end_s: float = math.inf) -> list[str]:
    """The notes of the feet declared lost (foot -> (session s, the event's note)): each its own while
    another foot goes on, one note when every foot was lost; and of the feet lost that came back (foot ->
    (session s of its last frame before it was lost or None, session s lost, session s back)), when each
    went silent, was lost and was back: a foot is declared lost ``LinkConfig.lost_after_session_s`` (10 s)
    or more after its data stop, and "lost at 0:30" alone reads as data up to 0:30 (:func:`came_back_note`).

    ``end_s``: the session time the data reach (:func:`monitor.live.recorder.recorded_span`). Every foot
    lost and none back, no data came after the second: a foot lost later, on the host's clock (no foot
    sending, a foot is lost after ``LinkConfig.lost_after_host_min_s`` of it, 5 s: 500 s at 100x), is lost
    where the data end, never past the session (had: "left at 12:49, right at 12:48" in a 62-s session at
    100x). Its events are dated when the loss was declared, no later than the session's end nor, above 2x,
    than the foot's last frame + ``lost_after_session_s`` (monitor.link.records.link_event_s, lost_latest_s):
    this note says what was recorded, the data's end."""
    came_back = [came_back_note(foot, *spans)
                 for foot, spans in sorted((back or {}).items(), key=lambda kv: FEET.index(kv[0]))]
    if len(lost) < len(feet) or len(feet) < 2:
        return [note for _, note in lost.values()] + came_back
    when = ", ".join(f"{foot} at {clock_text(min(lost[foot][0], end_s))}" for foot in FEET if foot in lost)
    return [f"both insoles lost ({when}); no data after the second"]


def came_back_note(foot: str, silent_s: float | None, lost_s: float, back_s: float) -> str:
    """The note of ``foot`` lost and back: from when it was silent (``silent_s``, session s of its last
    frame before; None: it had none), when it was declared lost, and when it was back (session s), e.g.
    "left insole silent from 0:20, lost at 0:30, back at 0:45". The silence is left out where it reads as
    the loss (the same second) or is not known."""
    silent = clock_text(silent_s, "")
    since = f"silent from {silent}, " if silent and silent != clock_text(lost_s) else ""
    return f"{foot} insole {since}lost at {clock_text(lost_s)}, back at {clock_text(back_s)}"


def consumer_notes(errors: list[str]) -> list[str]:
    """The note of the records the link's consumer could not hand on in full (``PairLink.consumer_errors``:
    a hook of the recording that failed on them; the recording went on): how many, and the first."""
    if not errors:
        return []
    n = len(errors)
    return [f"{n} record{'s' if n != 1 else ''} could not be handled in full (the recording went on); "
            f"the first: {errors[0]}"]
