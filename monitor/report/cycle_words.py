"""The report's words for a session's cycles, in the session's own terms: a run's strides and stances, a
ride's pedal strokes, a stair-climber's or an elliptical's strokes (the region-bar and cycle-curve captions,
monitor.report.html)."""

from __future__ import annotations

from typing import Any

from monitor.analysis.suggestions import GAIT, is_cycling


def _activities(data: Any) -> set[str | None]:
    """The activities of the session's feet (their summary lines' words)."""
    return {s.get("activity") for s in (getattr(data, "summary", None) or {}).values()}


def counted_cycles(data: Any) -> str:
    """What the analysis counted as a cycle, in this session's words: strides on foot, pedal strokes on a
    bike, strokes on a stair-climber or an elliptical; both words when the feet did different things."""
    acts = _activities(data)
    if acts and all(a in GAIT for a in acts):
        return "strides"
    if acts and all(is_cycling(a) for a in acts):
        return "pedal strokes"
    if acts and not any(a in GAIT or is_cycling(a) or a in (None, "unknown") for a in acts):
        return "strokes"  # a stair-climber's or an elliptical's
    return "cycles (strides or pedal strokes)"


def cycle_words(data: Any) -> str:
    """The average cycle the figure draws, for the kind of cycle its curves are (CycleCurves.kind): the
    stance on foot, the pedal revolution on a bike, else a machine's stroke; all of them when mixed."""
    kinds = {c.kind for c in data.curves.values() if c is not None}
    if kinds == {"stance"}:
        return "stance (initial contact to toe-off)"
    if kinds == {"stroke"}:
        acts = _activities(data)
        if acts and all(is_cycling(a) for a in acts):
            return "pedal stroke: one pedal revolution, from one force minimum to the next"
        return "stroke, from one force minimum to the next (a step on a stair-climber or an elliptical)"
    return ("cycle: the stance (initial contact to toe-off) when walking or running, else the stroke from "
            "one force minimum to the next (a pedal revolution when cycling; a step on a stair-climber or "
            "elliptical)")
