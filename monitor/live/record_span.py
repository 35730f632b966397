"""How much session time a recording holds (s): what its data reach on a simulation's clock, the time it ran
once its insoles were all given up, the frames the link's queue still held, the millisecond session.json
keeps; and how far a simulation's own clock has come. Numbers only: :mod:`monitor.live.recorder` records."""

from __future__ import annotations

import math

from monitor.util.timefmt import clock_text

#: How the notes :func:`recorded_span` writes of a simulation as a whole begin: its insoles sent no frame, or the
#: host could not keep its speed (the ride is shorter). Its note of insoles that stopped sending speaks of a time.
NO_FRAME_NOTE = "the simulated insoles sent no frame"
SLOW_HOST_NOTE = "the simulation could not keep "
#: A simulation whose data came at least this share of its speed until they stopped kept up: its insoles
#: stopped sending (a `stop` of the Moticon stream), the host was not too slow (guess).
KEPT_UP_SHARE = 0.5


def recorded_span(elapsed_s: float, data_s: float, duration_s: float, speed: float,
                  stopped: bool, data_came_s: float | None = None,
                  word: str = "ride") -> tuple[float, str | None]:
    """The session time a recording holds, and a note when a simulation's data stopped short.

    ``elapsed_s``: the host's clock x ``speed`` at the end; ``data_s``: the newest frame's session time
    (-inf: none); ``data_came_s``: the host's clock x ``speed`` when it came (None: ``elapsed_s``);
    ``word``: what the session is (monitor.signal.activity_words.activity_session: "ride", "run",
    "elliptical session", ...),
    as the note names it. Real insoles (``speed`` <= 1) ride on the host's clock. A simulated ride holds
    what its data reach, never more: a host too slow for ``speed`` gets its data later, not fewer; a ride
    whose data stopped short of the duration (not ``stopped`` by the rider) is shorter, and says by how
    much, and at what speed the host kept up until then; or, when it kept up (``KEPT_UP_SHARE``), the
    insoles stopped sending: the ride holds its duration, which the host's clock x ``speed`` reached, and
    says when they stopped, their silence part of the session as at real time (:func:`gone_span`: its
    NO DATA lie within it, and ``analyze`` gives them as live did; had: the session ended at the last
    frame, 20 s of a 1:00 ride, with the live NO DATA at 0:30 after its end). A simulation whose insoles sent
    no frame says so, no speed of the host (had: "could not keep 40x on this host (about 0x)").
    """
    if speed <= 1.0:
        return elapsed_s, None
    held = max(min(elapsed_s, data_s), 0.0)
    if stopped or held >= duration_s or elapsed_s < duration_s:
        return held, None
    if not math.isfinite(data_s):  # no frame came: no speed the host kept was measured, nothing to blame it for
        return held, f"{NO_FRAME_NOTE}: none of the {clock_text(duration_s)} {word} was recorded"
    came_s = elapsed_s if data_came_s is None else data_came_s
    kept = speed * held / came_s if came_s > 0 else 0.0
    if held > 0 and kept >= KEPT_UP_SHARE * speed:
        return max(held, duration_s), (f"the simulated insoles sent nothing after {clock_text(held)} of the "
                                       f"{clock_text(duration_s)} {word}")
    return held, (f"{SLOW_HOST_NOTE}{speed:g}x on this host (about {kept:.0f}x): "
                  f"{clock_text(held)} of the {clock_text(duration_s)} {word} simulated before its data "
                  f"stopped; nothing is missing, the {word} is shorter")


def data_clock_s(session_s: float, newest_frame_s: float, newest_arrival_s: float) -> float:
    """The session time a simulation's own clock has reached (s) when the host's clock x speed says
    ``session_s``: that, slowed by the share of it the data kept up with until the newest frame
    (``newest_frame_s``, session s; -inf: none) came (``newest_arrival_s``, host time x speed), never
    faster. On a host that runs the simulation at 0.6 of its speed, insoles both down at the host's 2:00 are
    down at the ride's 1:12 and may be back before its 2:00, whose data the ride waits for; on a host that
    kept up, the two clocks agree (to the arrival of a notification)."""
    if not math.isfinite(newest_frame_s) or newest_arrival_s <= 0.0:
        return session_s
    return session_s * min(1.0, max(newest_frame_s, 0.0) / newest_arrival_s)


def gone_span(held_s: float, ran_s: float, duration_s: float, speed: float, gone: bool) -> float:
    """The session time a simulated recording holds (s) once the link gave up every insole (``gone``:
    every foot lost, none back): the time it ran, the host's clock x ``speed`` at its end (``ran_s``), up
    to the ``duration_s`` asked for, and never less than the data's span (``held_s``,
    :func:`recorded_span`). The insoles stopped, the host did not lag (a foot is lost on the link's word,
    never for a host that receives nothing: docs/reliability.md), so the silence after their last frames
    is the session's, as it is at real time (``speed`` <= 1: ``held_s`` is the host's clock already): each
    foot's NO DATA, which the live session tells within the time it ran, lies within the session, and
    ``analyze``, the replay and the report, which judge silence up to the session's end, tell it too
    (had: the last frame, 100.011 s, with the right foot's NO DATA at 110.01 s told live only). The time
    the recorder waits on past ``duration_s`` for the link to give the feet up is not the ride's."""
    if speed <= 1.0 or not gone:
        return held_s
    return max(held_s, min(ran_s, duration_s))


def covering_span(elapsed_s: float, spans: dict[str, tuple[float, float] | None]) -> float:
    """The session's duration (s): ``elapsed_s`` (:func:`recorded_span`, as the recording ended), or the
    last frame recorded (``spans``: per foot, session s of its first and last frame, or None) when that is
    later. The link's queue is drained after the recording's end (``before_close``: a live session's
    ``PairLink.caught_up``), and on a host that lags a simulation the frames still on their way are later
    than it; those the ride takes are recorded (a foot at the end takes no more once the ride is over:
    monitor.live.recorder.record_session), so the duration covers them, and every
    frame lies within the session: the report and the FIT export's records (monitor.analysis.per_second)
    end with the duration (had: frames to 604.15 s in a 600.47-s session, a FIT export of 605 records
    whose import kept 601)."""
    last_s = max((span[1] for span in spans.values() if span is not None), default=-math.inf)
    return max(elapsed_s, last_s)


def ms_covering(span_s: float) -> float:
    """``span_s`` (s) as session.json keeps a duration, to the millisecond, rounded up: the least
    millisecond at or after it, so the last frame (:func:`covering_span`) lies within the kept duration
    (had: round() gave 180.544 s for a last frame at 180.54403 s). A span within 1e-12 s (1e-9 ms, float
    error: 0.1 + 0.2) above a whole millisecond is that millisecond, not the next."""
    return math.ceil(span_s * 1000 - 1e-9) / 1000
