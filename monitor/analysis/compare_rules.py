"""When a change between two sessions counts, and which way is better: the verdict of one metric's before and
after (monitor.analysis.compare puts a row of each metric of each foot through it). Pure.

:class:`Thresholds` says how large a change must be to count (every value a guess [W]: docs/compare.md),
:data:`DIRECTION` which way is better per metric, :data:`JUDGED_REGIONS` the regions whose peak and PTI are
judged; :func:`verdict` gives "same", "better", "worse" or "neutral".
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.signal.regions import FOREFOOT_SHARE_REGIONS

#: Which way is better, per metric: "lower", "higher", "later" (a time; no warning beats any time), or
#: None (reported, not judged). Peak and PTI are judged in the forefoot regions only
#: (:data:`JUDGED_REGIONS`); heel and midfoot values are neutral.
DIRECTION: dict[str, str | None] = {
    "peak_kpa": "lower",
    "pti_kpa_s": "lower",
    "forefoot_share": "lower",
    "first_warning_s": "later",
    "relief_count": None,  # grows with the session's length: reliefs_per_h is the judged form
    "reliefs_per_h": "higher",
    "cadence_per_min": None,
    "notice_count": None,  # notices include reminders to unweight, not only overload
    "warning_count": "lower",
    "alert_count": "lower",
}
#: The regions whose peak and PTI are judged (lower is better): the forefoot of the forefoot share
#: (monitor.signal.regions.FOREFOOT_SHARE_REGIONS: MTH1, MTH2-3, MTH4-5, hallux, lesser toes).
JUDGED_REGIONS = FOREFOOT_SHARE_REGIONS


@dataclass(frozen=True)
class Thresholds:
    """When a change counts. Every value is a guess [W]: domain.md gives no minimal detectable change for
    in-shoe plantar pressure. For scale: sampling at 20 Hz or more changes peak force by < 3 % [42] M; a
    metatarsal pad lowers the forefoot peak by 17-19 % [21] M; the diabetic-footwear target is a reduction
    of >= 25 % [36] S. A change counts when it is MORE than the threshold (so 0 means any change).

    A relative threshold is a fraction of the mean of the two values, so that swapping before and after
    swaps better and worse and nothing else.
    """

    #: peak, PTI: |after - before| > this fraction of their mean ...
    relative: float = 0.10
    #: ... and more than these absolute floors (values near the insole's noise stay "same").
    peak_kpa: float = 5.0
    pti_kpa_s: float = 1.0
    #: Forefoot share, a fraction of 1 (0.03 = 3 percentage points).
    forefoot_share: float = 0.03
    #: First warning: a later or earlier time by more than this (six of the detector's 10 s window steps).
    first_warning_s: float = 60.0
    reliefs_per_h: float = 1.0
    cadence_per_min: float = 3.0
    #: Relief, notice, warning and alert counts: any difference.
    count: float = 0.0
    #: Peaks, PTI and forefoot share are judged only when the foot has at least this many counted cycles in
    #: both sessions: about 30 steps per foot give a stable mean (domain.md section 3, [41] M).
    min_cycles: int = 30
    #: Caveats: more than this fraction of a foot's data missing ...
    missing_fraction: float = 0.10
    #: ... and sessions whose durations differ by more than this ratio (the brief's 2x).
    duration_ratio: float = 2.0


DEFAULT_THRESHOLDS = Thresholds()


def _exceeds(before: float, after: float, metric: str, th: Thresholds) -> bool:
    """Whether ``after - before`` is more than the metric's threshold (symmetric in the two)."""
    d = abs(after - before)
    if metric in ("peak_kpa", "pti_kpa_s"):
        floor = th.peak_kpa if metric == "peak_kpa" else th.pti_kpa_s
        return d > floor and d > th.relative * (abs(before) + abs(after)) / 2.0
    limit = {"forefoot_share": th.forefoot_share, "reliefs_per_h": th.reliefs_per_h,
             "cadence_per_min": th.cadence_per_min,
             "first_warning_s": th.first_warning_s}.get(metric, th.count)
    return d > limit


def _direction(metric: str, region: str | None) -> str | None:
    if metric in ("peak_kpa", "pti_kpa_s") and region not in JUDGED_REGIONS:
        return None
    return DIRECTION[metric]


def verdict(before: float, after: float, metric: str, region: str | None = None,
            th: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """"same" within the metric's threshold; else "better" or "worse" by :data:`DIRECTION`, or "neutral"
    for a metric (or region) that is not judged. ``first_warning_s`` here compares two times."""
    if not _exceeds(before, after, metric, th):
        return "same"
    direction = _direction(metric, region)
    if direction is None:
        return "neutral"
    lower_is_better = direction == "lower"
    return "better" if (after < before) == lower_is_better else "worse"
