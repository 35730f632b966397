"""The activities of a foot's session too brief for figures of their own (its summary's ``brief_activities``,
monitor.signal.pipeline: a walk then 1:00 of running) in words, one phrase for every view that says them:
analyze's lines, the report's header and Steps note, and the head of the live and replay summaries. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.signal.activity_words import activity_name
from monitor.util.timefmt import clock_text


def brief_activities(summary: Mapping[str, Any]) -> list[tuple[str, float]]:
    """A foot's activities too brief for figures of their own (its summary's ``brief_activities``): (activity,
    windows_s) each, in order."""
    return [(p["activity"], float(p["windows_s"])) for p in summary.get("brief_activities") or ()]


def brief_words(summary: Mapping[str, Any], *, short: bool = False) -> str:
    """A foot's activities too brief for figures of their own in words (their windows' time: the recogniser's,
    to within a window's step): "also 1:40 running, too short for figures of its own"; ``short``: "also 1:40
    running"; "" where there is none."""
    said = [f"{clock_text(s)} {activity_name(a)}" for a, s in brief_activities(summary)]
    if not said:
        return ""
    words = "also " + " and ".join(said)
    return words if short else words + (", too short for figures of its own" if len(said) == 1 else
                                        ", each too short for figures of its own")
