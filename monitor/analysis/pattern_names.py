"""The detector's patterns (monitor.signal.detector) in plain words: a report's and a terminal's."""

from __future__ import annotations

#: The detector's patterns (monitor.signal.detector) in plain words, for reports (docs/detection.md).
PATTERN_WORDS: dict[str, str] = {
    "lateral_overload": "load shifted to the outer forefoot",
    "focal_mth": "a focal pressure peak under the metatarsal heads",
    "residual_unloaded": "pressure that stays on when the foot should be unloaded",
    "continuous_forefoot_load": "forefoot load with no let-up",
    "forefoot_share_high": "a high share of the load on the forefoot",
    "cop_forward": "the centre of pressure far forward",
    "creeping_load": "forefoot load creeping up over the session",
    "relief_rare": "reliefs too rare",
    "no_relief": "a long stretch without relief",
}


#: The same, short enough for a terminal cell or a banner (monitor.cli.console_live).
PATTERN_SHORT: dict[str, str] = {
    "lateral_overload": "outer forefoot overload",
    "focal_mth": "focal peak",
    "residual_unloaded": "pressure stays on",
    "continuous_forefoot_load": "no let-up",
    "forefoot_share_high": "forefoot-heavy",
    "cop_forward": "weight far forward",
    "creeping_load": "load creeping up",
    "relief_rare": "too few reliefs",
    "no_relief": "no relief lately",
}


def pattern_short(pattern: str | None) -> str:
    """A detector pattern in a few plain words, for a terminal ("" for none)."""
    return PATTERN_SHORT.get(pattern or "", (pattern or "").replace("_", " "))


def pattern_words(pattern: str | None) -> str:
    """A detector pattern in plain words (its name with spaces if it has none)."""
    return PATTERN_WORDS.get(pattern or "", (pattern or "load").replace("_", " "))
