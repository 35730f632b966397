"""The report's words for a session's cycles, in the session's own terms: a run's strides and stances, a
ride's pedal strokes, a stair-climber's steps, an elliptical's strokes (the region-bar and cycle-curve
captions, monitor.report.html, and the cycle figure, monitor.report.figures); and each foot's activity, or
activities, as the header names them.

A stepping machine's cycle of one foot (monitor.signal.strokes: from one force minimum to the next) is one
step of that foot on a stair-climber, where a person steps up; on an elliptical the foot goes round without
leaving the pedal, and the cycle is called a stroke. The detector has one class for both
("elliptical_or_stair"), so the step is said only where the session declares a stair-climber (its
``activity_said``); a machine recognised, not declared, keeps "strokes". The word is the activity's ``cycle``
(monitor.signal.activity_words), which its cadence's unit says too ("strokes/min" on an elliptical)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.analysis.part_words import brief_words
from monitor.analysis.suggestions import GAIT, is_cycling
from monitor.signal.activity_words import MACHINE_WORD, activity_name, words_of
from monitor.util.words import listed


def _activities(data: Any) -> set[str | None]:
    """The activities of the session's feet (their summary lines' words)."""
    return {s.get("activity") for s in (getattr(data, "summary", None) or {}).values()}


def stroke_noun(data: Any) -> str:
    """One stroke (monitor.signal.strokes' kind "stroke") in this session's words, its machine's ``cycle``
    (monitor.signal.activity_words, which its cadence's unit says too): "step" on a declared stair-climber,
    else "stroke" (a pedal revolution, an elliptical's, or a machine not declared)."""
    said = {s.get("activity_said") for s in (getattr(data, "summary", None) or {}).values()}
    words = words_of(said.pop()) if len(said) == 1 else None
    return words.cycle if words is not None and words.detector == "elliptical_or_stair" else "stroke"


def machine_name(data: Any) -> str:
    """The stepping machine of the session in its words (monitor.signal.activity_words): "elliptical" or
    "stair climber" where every foot declares that machine, else MACHINE_WORD ("elliptical or stair
    climber": recognised, not declared, which the pressure does not tell apart)."""
    said = {s.get("activity_said") for s in (getattr(data, "summary", None) or {}).values()}
    words = words_of(said.pop()) if len(said) == 1 else None
    return words.name if words is not None and words.detector == "elliptical_or_stair" else MACHINE_WORD


def counted_cycles(data: Any) -> str:
    """What the analysis counted as a cycle, in this session's words: strides on foot, pedal strokes on a
    bike, steps on a stair-climber, strokes on an elliptical; both words when the feet did different
    things."""
    acts = _activities(data)
    if acts and all(a in GAIT for a in acts):
        return "strides"
    if acts and all(is_cycling(a) for a in acts):
        return "pedal strokes"
    if acts and not any(a in GAIT or is_cycling(a) or a in (None, "unknown") for a in acts):
        return f"{stroke_noun(data)}s"  # a stair-climber's steps, an elliptical's strokes
    return "cycles (strides or pedal strokes)"


def cycle_words(data: Any) -> str:
    """The average cycle the figure draws, for the kind of cycle its curves are (CycleCurves.kind): the
    stance on foot, the pedal revolution on a bike, else a machine's stroke; when mixed, both, in the
    activities the session had (:func:`mixed_cycle_words`)."""
    kinds = {c.kind for c in data.curves.values() if c is not None}
    if kinds == {"stance"}:
        return "stance (initial contact to toe-off)"
    if kinds == {"stroke"}:
        acts = _activities(data)
        if acts and all(is_cycling(a) for a in acts):
            return "pedal stroke: one pedal revolution, from one force minimum to the next"
        noun = stroke_noun(data)
        return f"{noun}, from one force minimum to the next (one foot's {noun} on the {machine_name(data)})"
    return mixed_cycle_words(data)


def drawing_cycle_words(data: Any) -> str:
    """The average cycle the figure draws, in the few words of the report's progress line: "the average
    stance" on foot, "the average pedal stroke" on a bike, "the average step" or "stroke" on a machine
    (:func:`stroke_noun`), "the average stroke or stance" where the feet's cycles differ or none is drawn."""
    kinds = {c.kind for c in (getattr(data, "curves", None) or {}).values() if c is not None}
    if kinds == {"stance"}:
        return "the average stance"
    if kinds == {"stroke"}:
        acts = _activities(data)
        return "the average pedal stroke" if acts and all(is_cycling(a) for a in acts) \
            else f"the average {stroke_noun(data)}"
    return "the average stroke or stance"


def mixed_cycle_words(data: Any) -> str:
    """The average cycle of feet whose cycles differ (a stance on one, a stroke on another), naming the
    activities the session had: "cycle: the stance (initial contact to toe-off) when walking, else the stroke
    from one force minimum to the next (a pedal revolution when cycling)"; a stepping machine as each foot's
    session declares it (:func:`machine_name`'s words, a stair climber's step); walking or running, and no
    stroke named, where the activities are not known."""
    feet = list((getattr(data, "summary", None) or {}).values())
    acts = {s.get("activity") for s in feet}
    when = " or ".join(a for a in ("walking", "running") if a in acts) or "walking or running"
    strokes = ["a pedal revolution when cycling"] if any(is_cycling(a) for a in acts) else []
    for s in feet:
        if s.get("activity") == "elliptical_or_stair":
            said = s.get("activity_said")
            words = words_of(said)
            name = words.name if words is not None and words.detector == "elliptical_or_stair" else MACHINE_WORD
            noun = words.cycle if words is not None and words.detector == "elliptical_or_stair" else "stroke"
            strokes.append(f"one foot's {noun} on the {name}")
    named = f" ({'; '.join(dict.fromkeys(strokes))})" if strokes else ""  # each said once, in order
    return (f"cycle: the stance (initial contact to toe-off) when {when}, else the stroke from one force minimum "
            f"to the next{named}")


def left_out_words(curves: Any) -> str:
    """Why some of a foot's cycles are not in its average cycle (``curves``: CycleCurves), after its counts in
    the caption: ", 1 with a missing frame and 1 cut by the start or the end of the recording left out";
    "" where every one is in it, or left out only by the cap (MAX_CYCLES, said in the caption)."""
    short = curves.n_total - curves.n_available - curves.n_missing - curves.n_cut
    why = [f"{n:,} {words}" for n, words in ((curves.n_missing, "with a missing frame"),
                                            (curves.n_cut, "cut by the start or the end of the recording"),
                                            (short, "holding fewer than two frames")) if n]
    return f", {listed(why)} left out" if why else ""


def feet_activities(summary: Mapping[str, Mapping[str, Any]]) -> str:
    """Each foot's activity as the report's header says it (``summary``: ReportData.summary): "left cycling, right
    cycling"; a foot of several activities (its ``activities``: a walk then a run) each in order, "left walking
    then running"; one whose other activity was too brief for figures of its own (its ``brief_activities``) with
    its time, "left walking (also 1:40 running)"."""
    said = {f: s.get("activity_said") or s.get("activity") or "unknown" for f, s in summary.items()}
    return ", ".join(f"{f} " + (" then ".join(activity_name(p["activity"]) for p in parts)
                                if (parts := summary[f].get("activities")) else activity_name(a))
                     + (f" ({brief})" if (brief := brief_words(summary[f], short=True)) else "")
                     for f, a in said.items())
