"""The feet a session watched too briefly for a verdict of nothing found to speak for them.

A verdict of "no sustained forefoot load found" reads as covering every foot, but it can only cover the load
a foot's data showed: a right insole that stopped sending 5 s into a 6-minute run left 0:05 of data, in
which no warning could come (a warning needs ``warn_after_s``, 5 minutes, of sustained load:
DetectorParams.warn_after_s). Pure: from each foot's runs of readings (monitor.session.absence.data_runs).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from monitor.codebook import FEET
from monitor.session.absence import ABSENT_MIN_S, data_time_s
from monitor.util.timefmt import clock_text


def briefly_watched(data_runs: Mapping[str, Sequence[tuple[float, float]]] | None,
                    warn_after_s: float | None) -> dict[str, tuple[float, float | None]]:
    """Per foot watched too briefly, in FEET order: its time with data (s, holes adding nothing) and the
    session s of its last reading when another foot's data went on more than ABSENT_MIN_S after it (None:
    it did not). A foot is watched too briefly when its time with data is shorter than ``warn_after_s`` (no
    warning could come on it) or shorter than the longest foot's by ``warn_after_s`` or more (a warning's
    worth of load the other foot was watched for and it was not). Empty when the longest foot's time with
    data is itself shorter than ``warn_after_s`` (the whole session is too short to tell), or when either
    argument is None (unknown)."""
    if not data_runs or warn_after_s is None:
        return {}
    have = {foot: data_time_s(runs) for foot, runs in data_runs.items()}
    longest = max(have.values(), default=0.0)
    if longest < warn_after_s:
        return {}
    end_s = max((runs[-1][1] for runs in data_runs.values() if runs), default=0.0)
    out: dict[str, tuple[float, float | None]] = {}
    for foot in sorted(data_runs, key=lambda f: FEET.index(f) if f in FEET else len(FEET)):
        t = have[foot]
        if t < warn_after_s or longest - t >= warn_after_s:
            runs = data_runs[foot]
            last = runs[-1][1] if runs else None
            out[foot] = (t, last if last is not None and end_s - last > ABSENT_MIN_S else None)
    return out


def brief_words(foot: str, data_s: float, stopped_s: float | None, warn_after_s: float) -> str:
    """A foot watched too briefly (:func:`briefly_watched`) in words: "the right foot sent only 0:05 of
    data, none after 0:05, too little to tell" ("no data" for a foot without a reading)."""
    if data_s <= 0 and stopped_s is None:
        return f"the {foot} foot sent no data"
    after = f", none after {clock_text(stopped_s)}" if stopped_s is not None else ""
    little = ", too little to tell" if data_s < warn_after_s else ""
    return f"the {foot} foot sent only {clock_text(data_s)} of data{after}{little}"


def covered_words(recorded: Sequence[str], brief: Mapping[str, object]) -> str:
    """" on the left foot": the feet of ``recorded`` a verdict of nothing found speaks for, when ``brief``
    (:func:`briefly_watched`) leaves some out; "" when it leaves none out, or all."""
    covered = [f for f in recorded if f not in brief]
    if not brief or not covered:
        return ""
    return " on both feet" if len(covered) > 1 else f" on the {covered[0]} foot"


def brief_clauses(brief: Mapping[str, tuple[float, float | None]], warn_after_s: float | None) -> str:
    """"; the right foot sent only 0:05 of data, none after 0:05, too little to tell" for each foot of
    ``brief`` (:func:`briefly_watched`), "" for none."""
    return "".join(f"; {brief_words(f, t, stop, warn_after_s or 0.0)}" for f, (t, stop) in brief.items())
