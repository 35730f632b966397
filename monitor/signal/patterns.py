"""The detector's patterns: their names, which simulated conditions each fits, the tiers of evidence, and
the start/stop state of one pattern (confirmation, clearing, its tier and its loaded exposure), and the
words of why each shows (the detector's reasons)."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Elevated or focal patterns, most specific first: when several hold at the same level, the first names
#: the assessment.
WARNING_PATTERNS = ("lateral_overload", "focal_mth", "residual_unloaded", "continuous_forefoot_load",
                    "forefoot_share_high", "cop_forward", "creeping_load")

#: Patterns that locate a metatarsal head of their own (an assessment's region is theirs); any other pattern
#: loads the whole forefoot, and its region is the most loaded one, where that load is heaviest.
HEAD_PATTERNS = ("lateral_overload", "focal_mth")

#: Patterns that never go above a notice: a long stretch without relief under normal load.
NOTICE_PATTERNS = ("relief_rare", "no_relief")

#: Activities in which a residual in the "unloaded" phase means the foot never leaves the pedal.
CONTINUOUS_CONTACT = ("elliptical_or_stair",)

#: Which detector patterns fit each problem pattern of the simulator (firmware_sim.scenarios.PATTERNS):
#: for validation. A warning fits a condition when its pattern is in the condition's set.
PATTERN_FITS: dict[str, frozenset[str]] = {
    "forefoot_share_high": frozenset({"forefoot_share_high", "cop_forward", "residual_unloaded",
                                      "continuous_forefoot_load"}),
    "focal_mth": frozenset({"focal_mth", "lateral_overload"}),
    "cop_forward": frozenset({"cop_forward", "forefoot_share_high", "focal_mth"}),
    "residual_unloaded": frozenset({"residual_unloaded", "continuous_forefoot_load", "creeping_load"}),
    "creeping_load": frozenset({"creeping_load", "residual_unloaded"}),
    "low_midfoot_contact": frozenset({"forefoot_share_high", "cop_forward"}),
    "lateral_overload": frozenset({"lateral_overload", "focal_mth"}),
    "dorsal_compression": frozenset({"residual_unloaded", "forefoot_share_high"}),
    "continuous_forefoot_load": frozenset({"continuous_forefoot_load", "residual_unloaded",
                                           "forefoot_share_high"}),
}

#: Why a pattern shows, as str.format templates (PatternState.why holds one and its arguments, the detector sets
#: it); "this {}'s normal" names the person of the window's activity (monitor.signal.activity_words.person:
#: rider, runner, walker, wearer); "{unit}" the foot's pressure unit ("kPa", or
#: "units": an uncalibrated insole's nominal units, docs/devices.md).
WHY_LATERAL = "mediolateral index {:+.2f} (cut-off {:+.2f})"
WHY_LATERAL_OWN = "mediolateral index {:+.2f}, {:+.2f} from this {}'s normal {:+.2f}"
WHY_FOCAL = "{} peak {:.0f} {unit}, {:.2f} x the other forefoot regions ({:.2f} x the usual)"
WHY_FOCAL_OWN = "{} peak {:.0f} {unit}, {:.2f} x the other forefoot regions ({:.2f} x this {}'s normal)"
WHY_RESIDUAL = "forefoot keeps {:.0f} {unit} in the unloaded phase, {:.0%} of its loaded peak"
WHY_RESIDUAL_OWN = WHY_RESIDUAL + " (this {}'s normal {:.0f} {unit}, {:.0%})"
WHY_SHARE = "forefoot share {:.2f} above {:.2f}"
WHY_COP = "centre of pressure at {:.2f} of foot length, beyond {:.2f}"
WHY_CREEP = "forefoot PTI at {:.2f} x this {}'s normal"
WHY_CREEP_RESIDUAL = WHY_CREEP + ", residual {:+.0%} of the loaded peak"


#: Tiers of a pattern's evidence, weakest first (see the module docstring).
TIERS = ("population", "change", "extreme")


def tier(value: float, population: float | None, change: bool | None, extreme: float | None,
         no_base: bool, kept: bool) -> int | None:
    """The index in TIERS a measure's evidence shows on: None when it is missing; 2 at or past ``extreme``
    (unless a ``kept`` normal says it is no change); 1 on a ``change`` against the baseline; 0 past
    ``population`` while no baseline says it is the rider's normal (``no_base``, or ``change`` None: the
    baseline lacks the measure); else -1."""
    if value is None or math.isnan(value):
        return None
    if extreme is not None and value >= extreme and not (kept and change is False):
        return 2
    if change:
        return 1
    if population is not None and value > population and (no_base or change is None):
        return 0  # past the cut-off and no baseline yet says it is this rider's normal
    return -1


def first_data_s(window_end_s: float, window_s: float, valid_fraction: float) -> float | None:
    """Where a foot's data began (session s), from its first window with data (``valid_fraction``, 0-1, above
    0): the window's end less the share of its ``window_s`` that holds data; None for a window without data
    (valid_fraction 0 or NaN: the data begin in a later window). The detector and the left-against-right check
    both take the first value that is not None; no pattern's evidence starts before it."""
    if not valid_fraction > 0.0:
        return None
    return window_end_s - window_s * min(valid_fraction, 1.0)


def enough_data(valid_fraction: float, min_valid_fraction: float) -> bool:
    """Whether a window holds data enough to be judged: some data (``valid_fraction``, 0-1, above 0) and at
    least ``min_valid_fraction`` (0-1). A window without data is never judged, whatever the minimum (a
    minimum of 0 included): it has no data start (:func:`first_data_s`) and nothing to judge."""
    return valid_fraction > 0.0 and valid_fraction >= min_valid_fraction


class JudgedClock:
    """The loaded time and the hole in the data before each judged window, for a pattern's exposure.

    :meth:`judged` for a window that is judged, ending at ``t_s`` (s), of ``window_s``: ``(step_s, hole_s)``,
    the loaded time it adds (the time since the last judged window, at most a window) and the hole in the
    data before its evidence (from the end of the last window with data, judged or not, to the start of this
    one's; 0 for the first judged window). :meth:`skipped` for a window left unjudged: one with its data (a
    relief in it; for the left-against-right check, a stance not pedalled by both feet) makes no hole, so
    only missing data (windows under ``min_valid_fraction``, or none: a dropped link) are taken off."""

    def __init__(self) -> None:
        self.last_judged_s = -math.inf
        self._last_with_data_s = -math.inf

    def judged(self, t_s: float, window_s: float) -> tuple[float, float]:
        step_s = min(t_s - self.last_judged_s, window_s)
        hole_s = max(0.0, t_s - window_s - self._last_with_data_s) if math.isfinite(self.last_judged_s) else 0.0
        self.last_judged_s = self._last_with_data_s = t_s
        return step_s, hole_s

    def skipped(self, t_s: float, with_data: bool) -> None:
        if with_data:
            self._last_with_data_s = t_s


@dataclass
class PatternState:
    """Start/stop state of one pattern."""

    active: bool = False
    on: int = 0  # judged windows in a row that showed it
    off: int = 0  # judged windows in a row that did not
    run_start_s: float = math.nan  # evidence start of the current run of showing windows
    since_s: float = math.nan
    region: str | None = None
    why: tuple = ()  # the reason: a str.format template, then its arguments (formatted only when read)
    tier: int = -1  # index in TIERS of the strongest evidence since the pattern started; -1 inactive
    run_tier: int = -1  # the same over the current run of showing windows
    exposure_s: float = 0.0  # loaded time the pattern has held on the change or extreme tier
    run_hole_s: float = 0.0  # the time of the current run that lies in holes (update's ``hole_s``), s

    @property
    def reason(self) -> str:
        """Why the pattern shows, in words, its pressures in kPa (:meth:`reason_in`)."""
        return self.reason_in("kPa")

    def reason_in(self, unit: str) -> str:
        """Why the pattern shows, in words: ``why`` formatted, its pressures said in ``unit`` ("kPa", or
        "units": an uncalibrated insole's nominal units); "" before any window set it."""
        return self.why[0].format(*self.why[1:], unit=unit) if self.why else ""

    def level(self, unrelieved_s: float, warn_after_s: float, alert_after_s: float) -> str:
        """An active pattern's level: a notice; a warning once it has held on the change or extreme tier
        for ``warn_after_s`` of loaded time; an alert when it has also gone on ``warn_after_s +
        alert_after_s`` without relief (``unrelieved_s``: how long it has, s)."""
        if self.tier >= 1 and self.exposure_s >= warn_after_s:
            return "alert" if unrelieved_s >= warn_after_s + alert_after_s else "warning"
        return "notice"

    def update(self, shown: int | None, evidence_from_s: float, now_s: float, confirm: int, clear: int,
               step_s: float, hole_s: float = 0.0) -> None:
        """``shown``: None (not judged on this measure), -1 (not shown), or the index in TIERS it shows on.
        ``evidence_from_s``: where this window's evidence starts; ``step_s``: loaded time since the last
        judged window (what a judged window adds to the exposure); ``hole_s``: the time since the last
        judged window beyond that step (s, 0 without a hole): a run of showing windows across a hole starts
        its exposure from its evidence span less its holes, as the steps count it."""
        if shown is None:
            if self.on:
                self.run_hole_s += hole_s
            return
        if shown >= 0:
            if self.on == 0:
                self.run_start_s = evidence_from_s
                self.run_tier = -1
                self.run_hole_s = 0.0
            else:
                self.run_hole_s += hole_s
            self.on += 1
            self.off = 0
            self.run_tier = max(self.run_tier, shown)
            if not self.active and self.on >= confirm:
                self.active, self.since_s, self.tier = True, self.run_start_s, self.run_tier
                self.exposure_s = max(0.0, now_s - self.run_start_s - self.run_hole_s) if self.tier >= 1 else 0.0
            elif self.active:
                if self.tier < 1 <= shown:  # evidence beyond a notice from now on
                    self.exposure_s = 0.0
                self.tier = max(self.tier, shown)
                if self.tier >= 1:
                    self.exposure_s += step_s
        else:
            self.off += 1
            self.on = 0
            if self.active and self.off >= clear:
                self.active, self.since_s, self.tier, self.exposure_s = False, math.nan, -1, 0.0
