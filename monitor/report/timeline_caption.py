"""The caption under the report's timeline figure (monitor.report.plots.timeline), saying what the figure
draws for this session and only that: reliefs when there are some, the triangles by the levels they
stand for (notice, warning, alert, the detector's words), the stars of the “numb now” marks when there are some,
and why a level band ends where the session's first minutes became the normal it is judged against."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from monitor.report.plots.palette import RELIEF_COLOUR, colour_word
from monitor.report.plots.timeline import NORMAL_LEARNT, drawn_alerts, drawn_marks, triangle_level
from monitor.report.timeline_data import Timeline
from monitor.signal.types import LEVELS
from monitor.util.timefmt import clock_text


def _listed(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _every(timelines: Mapping[str, Timeline]) -> str:
    """" (every 10 s)": the windows' step as the timelines have it (the session's params.json may change
    it); "" with fewer than two windows."""
    steps = [np.diff(tl.t_s) for tl in timelines.values() if len(tl.t_s) > 1]
    if not steps:
        return ""
    return f" (every {float(np.median(np.concatenate(steps))):.3g} s)"


#: The middle panel in words (docs/detection.md, features): each region's mean pressure weighted by its fixed
#: share of a sole (monitor.signal.regions.NOMINAL_WEIGHTS), the same measure on every insole.
SHARE_WORDS = ("the forefoot's share of the nominal load-time integral (a pressure-time share with fixed "
               "anatomical weights, not the share of the force the sensors measured)")


def timeline_title(timelines: Mapping[str, Timeline], alerts: Sequence = (), marks: Sequence = ()) -> str:
    """The timeline's title (the PDF's line over it, the HTML image's alt text), naming only what
    ``plot_timeline(timelines, alerts, marks=marks)`` draws: "forefoot load and share per window, detector
    level per foot, alerts over time" for a run with alerts and neither reliefs nor marks
    (monitor.report.figures.FIGURES has the title with all of them)."""
    drawn = ["reliefs"] if any(tl.reliefs for tl in timelines.values()) else []
    drawn += ["alerts"] if drawn_alerts(alerts, timelines) else []
    drawn += ["numb marks"] if drawn_marks(marks, timelines) else []
    return "forefoot load and share per window, detector level per foot" + "".join(f", {w}" for w in drawn) + \
        " over time"


def timeline_caption(timelines: Mapping[str, Timeline], alerts: Sequence = (), marks: Sequence = ()) -> str:
    """The caption, plain text (escape it for HTML), for ``plot_timeline(timelines, alerts, marks=marks)``;
    for a session without a window (shorter than the first) that the figure has no point to show."""
    reliefs = [f"reliefs (the forefoot unloaded) in {colour_word(RELIEF_COLOUR)}"] \
        if any(tl.reliefs for tl in timelines.values()) else []
    stars = _stars(marks, timelines)
    if not any(len(tl.t_s) for tl in timelines.values()):  # what the level panel draws all the same
        return ("One point per analysis window: this session is too short for one, so the figure has no "
                "point to show. Top: the highest mean per-cycle peak pressure among the forefoot regions; "
                f"middle: {SHARE_WORDS}; bottom: the detector's level per foot"
                + "".join(f"; {clause}" for clause in reliefs + stars) + ".")
    bottom = ["the detector's level per foot", *reliefs]
    triangles = drawn_alerts(alerts, timelines)
    if triangles:
        drawn = {triangle_level(a) for a in triangles}
        levels = [lv for lv in LEVELS if lv in drawn] + sorted(drawn - set(LEVELS))
        what = _listed(levels)
        if len(triangles) == 1:
            shape = f"the {what} as a triangle"
        elif len(levels) == 1:
            shape = f"each {what} as a triangle"
        else:
            shape = f"each {what} as a triangle in its level's colour"
        bottom.append(f"{shape}, also a dotted line above")
    bottom += stars
    return (f"One point per analysis window{_every(timelines)}. Top: the highest mean per-cycle peak pressure among "
            f"the forefoot regions (MTH1, MTH2-3, MTH4-5, hallux). Middle: {SHARE_WORDS}. Bottom: "
            + "; ".join(bottom) + "." + _unjudged(timelines) + _partial(timelines) + _normal_learnt(timelines))


def _normal_learnt(timelines: Mapping[str, Timeline]) -> str:
    """Why a level band ends where no event is drawn (Timeline.ended_by_normal): the foot began to be judged
    against the normal learnt from this session's first minutes, against which a sign they showed is no
    change (the verdict's "it showed in the first minutes, which a session without a kept normal of your own
    takes as normal"), and the dashed line the figure draws then (NORMAL_LEARNT): " The notice band ends at 6:50
    on both feet: from 6:00 (the dashed line "normal learnt") each foot was judged against this session's first
    minutes, learnt as its normal, against which a sign they showed is no change (a level ends some judged
    windows after its sign: docs/detection.md).", or "" where no band ends so."""
    ended: dict[tuple[float, float, int], list[str]] = {}  # (from, end, level) -> its feet
    for foot, tl in timelines.items():
        for key in tl.ended_by_normal:
            ended.setdefault(key, []).append(foot)
    if not ended:
        return ""
    keys = sorted(ended, key=lambda k: (k[1], k[0]))
    ends = _listed([f"the {LEVELS[lv]} band ends at {clock_text(end_s)} on " + _feet(ended[(from_s, end_s, lv)])
                    for from_s, end_s, lv in keys])
    froms = sorted({k[0] for k in keys})
    whom = "each foot was" if len({f for on in ended.values() for f in on}) > 1 else "the foot was"
    when = _listed([clock_text(t_s) for t_s in froms])
    line = f'the dashed line{"s" if len(froms) > 1 else ""} "{NORMAL_LEARNT}"'
    return (f" {ends[:1].upper()}{ends[1:]}: from {when} ({line}) {whom} judged against this session's first minutes, "
            "learnt as its normal, against which a sign they showed is no change (a level ends some judged "
            "windows after its sign: docs/detection.md).")


def _feet(feet: list[str]) -> str:
    return "both feet" if len(feet) == 2 else f"the {feet[0]} foot"


def _unjudged_ends(timelines: Mapping[str, Timeline]) -> list[float]:
    """The times (s) of the assessments drawn but not judged (Timeline.unjudged), over every foot, ascending."""
    out = set()
    for tl in timelines.values():
        u = np.asarray(tl.unjudged, dtype=bool)
        if u.shape == tl.level_t_s.shape:
            out |= {float(t) for t in tl.level_t_s[u]}
    return sorted(out)


def _unjudged(timelines: Mapping[str, Timeline]) -> str:
    """What the caption says of the session's first windows, drawn but not judged (Timeline.unjudged): they
    reach back before the session's start and hold less data than the alert policy acts on, so that their points
    stand for the data since the start, neither a whole window's nor the whole session's the text above gives:
    " The windows ending up to 0:40 reach back before the session began: their points are drawn from the data
    since it began (less than 80 % of a 60-s window), not the whole session's as in the text above, and the
    detector does not judge them (a hatched band, “not judged”)." "" where every band drawn was judged."""
    ends = _unjudged_ends(timelines)
    if not ends:
        return ""
    tl = next(iter(timelines.values()))
    data = f"less than {100 * tl.min_valid_fraction:.0f} % of a {tl.window_s:g}-s window"
    if len(ends) == 1:
        return (f" The window ending at {clock_text(ends[0])} reaches back before the session began: its point is "
                f"drawn from the data since it began ({data}), not the whole session's as in the text above, and the "
                "detector does not judge it (a hatched band, \u201cnot judged\u201d).")
    return (f" The windows ending up to {clock_text(ends[-1])} reach back before the session began: their points "
            f"are drawn from the data since it began ({data}), not the whole session's as in the text above, and the "
            "detector does not judge them (a hatched band, \u201cnot judged\u201d).")


def _partial(timelines: Mapping[str, Timeline]) -> str:
    """What the caption says of the windows left out for holding less data than the alert policy acts on
    (Timeline.partial; monitor.analysis.assessed_data.window_has_data): " A window holding less than 80 % of
    its 60 s of data, which the alert policy skips, has no point, as it has no level (3 left out).", "" for
    none. One rule for the points and the levels: such a window is left out, never drawn as partial."""
    n = sum(tl.partial for tl in timelines.values())
    if not n:
        return ""
    tl = next(t for t in timelines.values() if t.partial)
    later = f"Past the session's first {tl.window_s:g} s, a" if _unjudged_ends(timelines) else "A"
    return (f" {later} window holding less than {100 * tl.min_valid_fraction:.0f} % of its {tl.window_s:g} s of "
            f"data, which the alert policy skips, has no point, as it has no level ({n:,} left out).")


def _stars(marks: Sequence, timelines: Mapping[str, Timeline]) -> list[str]:
    """What the caption says of the rider's "numb now" marks the level panel draws (none, or one clause)."""
    stars = drawn_marks(marks, timelines)
    if not stars:
        return []
    whose = "the \u201cnumb now\u201d mark" if len(stars) == 1 else "each \u201cnumb now\u201d mark"
    return [f"{whose} as a black star, also a solid line above"]
