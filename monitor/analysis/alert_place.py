"""Where an alert lies, in the words every output says it in: analyze's alert lines, the events file's
``message`` (and the FIT marker's, which is the same), the live terminal's banner, tile and lines, and the
phone view.

A pattern of one metatarsal head (monitor.signal.patterns.HEAD_PATTERNS: a focal peak, a lateral overload)
lies under its head: "left foot under MTH2-3". Any other pattern loads the whole forefoot, and the region
the detector gives it is only where that load is heaviest: "left forefoot (heaviest under MTH1)", as the
verdict says it (monitor.analysis.advice_verdict: "across the forefoot, heaviest under MTH1"). The events'
``region`` field stays the region itself (data, not words). A phone's banner title has room for two lines
beside the event's time, not for "(heaviest under MTH1)" and the pattern too: it says "left forefoot,
heaviest MTH1" (:meth:`Place.phone_title`), the foot's caption under it the pattern, its foot drawing the
region hot (:meth:`Place.head`).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.codebook import region_name
from monitor.signal.patterns import HEAD_PATTERNS


@dataclass(frozen=True)
class Place:
    """Where an alert lies. ``part``: "foot" (a pattern of one head, or none named) or "forefoot" (a
    whole-forefoot pattern); ``region``: its region in a few words, "MTH2-3" under one head, "(heaviest under
    MTH1)" across the forefoot, "" for none; ``heaviest``: across the forefoot, the region where its load is
    heaviest ("MTH1"), "" under one head or for none."""

    part: str
    region: str
    heaviest: str = ""

    def after_foot(self) -> str:
        """After the foot's name in a line: "foot under MTH2-3", "forefoot (heaviest under MTH1)", "foot",
        "forefoot"."""
        if self.part == "foot":
            return f"foot under {self.region}" if self.region else "foot"
        return f"forefoot {self.region}".rstrip()

    def alone(self) -> str:
        """Where, with no foot named (a line that names the foot apart): "MTH2-3", "forefoot (heaviest
        under MTH1)", "" for a pattern of one head without a region."""
        return self.region if self.part == "foot" else f"forefoot {self.region}".rstrip()


    def head(self) -> str:
        """The head it lies under, for a line too short for "(heaviest under MTH1)" (a phone's): "MTH2-3";
        "" across the forefoot, whose region is only where its load is heaviest."""
        return self.region if self.part == "foot" else ""

    def phone_title(self, pattern_words: str) -> str:
        """After the foot's name in a phone's banner title, with the pattern in ``pattern_words`` ("focal
        peak"): "foot MTH2-3 focal peak" under one head; "forefoot, heaviest MTH1" across the forefoot, its
        pattern left to the foot's caption (two lines of a 360-px phone hold no more beside the event's
        time: tests/test_phone_view_title_region.py); "forefoot pressure stays on" with no region named."""
        if self.heaviest:
            return f"forefoot, heaviest {self.heaviest}"
        return " ".join(s for s in (self.part, self.head(), pattern_words) if s)


def alert_place(pattern: str | None, region: str | None) -> Place:
    """Where an alert of ``pattern`` (a detector pattern; None: none named) with ``region`` (an analysis
    region, None: none) lies (:class:`Place`). An alert that names no pattern is said under its region,
    as a pattern of one head: nothing says its load is the whole forefoot's."""
    name = region_name(region)
    if not pattern or pattern in HEAD_PATTERNS:
        return Place("foot", name)
    return Place("forefoot", f"(heaviest under {name})" if name else "", name)
