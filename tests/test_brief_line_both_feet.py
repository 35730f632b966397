"""The Steps note of an activity too brief for figures of its own says "their" steps for both feet, "its" for
one. Had: "Both feet: also 1:00 running, too short for figures of its own; the rows marked walking are of its
walking steps alone." (monitor.report.steps_section.brief_line)."""

from __future__ import annotations

from types import SimpleNamespace

from monitor.report.steps_section import brief_line


def _data(feet_brief_s: dict[str, float]) -> SimpleNamespace:
    """Report data of a walk whose feet each had ``feet_brief_s[foot]`` s of a brief run (its windows)."""
    summary = {f: {"activity": "walking", "main_part": {"activity": "walking", "windows_s": 240.0},
                   "brief_activities": ({"activity": "running", "windows_s": s},)} for f, s in feet_brief_s.items()}
    return SimpleNamespace(summary=summary, gait={"feet": dict.fromkeys(feet_brief_s, {})})


def test_both_feet_say_their_steps():
    line = brief_line(_data({"left": 60.0, "right": 60.0}))
    # had: "... the rows marked walking are of its walking steps alone."
    assert line == ("Both feet: also 1:00 running, too short for figures of its own; the rows marked walking are "
                    "of their walking steps alone."), line


def test_one_foot_says_its_steps():
    assert brief_line(_data({"left": 60.0})) == ("Left foot: also 1:00 running, too short for figures of its own; "
                                                 "the rows marked walking are of its walking steps alone.")
    both = brief_line(_data({"left": 90.0, "right": 100.0}))
    assert both == ("Left foot: also 1:30 running, too short for figures of its own; the rows marked walking are "
                    "of its walking steps alone. Right foot: also 1:40 running, too short for figures of its own; "
                    "the rows marked walking are of its walking steps alone."), both
