"""What the rider's own normal holds: the measures of one window, and one foot's normal in one activity. Pure.

A baseline holds, for each activity, the median over the first ``DetectorParams.baseline_s`` of judged
windows (loaded, not in or next to a relief, enough data) of the measures the detector compares against
(docs/detection.md, "The rider's own normal"):

- ``ml_index``: the mediolateral index, (MTH4-5 - MTH1) / (MTH4-5 + MTH1) of pressure-time (1);
- ``forefoot_share``: the forefoot's share of the pressure-time integral (1);
- ``focal``: for each metatarsal region, its peak pressure over the mean peak of the other forefoot
  regions (1), :func:`focal_ratios`;
- ``residual_fraction``: the residual forefoot pressure in the unloaded phase over the highest forefoot
  region peak (1), :func:`residual_fraction`;
- ``residual_kpa``: that residual pressure (kPa);
- ``pti_rate``: the forefoot pressure-time integral per minute (kPa s/min);
- ``cop_y``: the mean centre of pressure along the foot (0 heel .. 1 toe).

An :class:`ActivityBaseline` holds them, with how many windows gave them, and reads back from JSON; the
normal of both feet and the insole kind it was learnt on is monitor.signal.baseline's
(:class:`monitor.signal.baseline.RiderBaseline`), its learning monitor.signal.baseline_builder's.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from monitor.codebook import FOREFOOT_REGIONS, MOST_KPA
from monitor.errors import quote
from monitor.signal.types import WindowFeatures

#: The metatarsal regions a focal rise can name.
MTH_REGIONS = ("mth1", "mth2_3", "mth4_5")
#: What a baseline holds per activity, besides ``focal`` (a dict) and ``n_windows``.
SCALARS = ("ml_index", "forefoot_share", "residual_fraction", "residual_kpa", "pti_rate", "cop_y")
#: Each measure's physical range ``(lowest, highest)``, from its definition (module docstring): a share,
#: a position along the foot, an index of two non-negative sums are 0-1 (or -1-1); a pressure is at most
#: MOST_KPA (monitor.codebook); a pressure-time integral per minute at most MOST_KPA held the whole minute.
#: A kept normal's value outside it was not measured, and is refused.
RANGES: dict[str, tuple[float, float]] = {
    "ml_index": (-1.0, 1.0), "forefoot_share": (0.0, 1.0), "residual_fraction": (0.0, math.inf),
    "residual_kpa": (0.0, MOST_KPA), "pti_rate": (0.0, MOST_KPA * 60.0), "cop_y": (0.0, 1.0)}
FOREFOOT_PTI_REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes")
#: For each metatarsal region, the other forefoot regions its peak is set against, in FOREFOOT_REGIONS order.
_OTHERS = {r: tuple(o for o in FOREFOOT_REGIONS if o != r) for r in MTH_REGIONS}
#: Why a kept normal may hold the problem it is meant to show (:attr:`ActivityBaseline.caution`), strongest
#: first: the rider marked that foot numb in the session that kept it ("numb": the rider's "numb now" mark,
#: monitor.analysis.marks), it warned on that foot ("warned": a warning or an alert), or showed an early sign
#: there (a notice) in the first minutes the normal was learnt from ("early_sign"); docs/detection.md, "The
#: rider's own normal".
CAUTIONS = ("numb", "warned", "early_sign")


def focal_ratios(w: WindowFeatures) -> dict[str, float]:
    """Each metatarsal region's peak over the mean peak of the other forefoot regions (MTH1, MTH2-3,
    MTH4-5, hallux) the layout resolves; only for layouts that resolve all four (the ratio refers to that
    set), else empty."""
    peaks = w.peak_kpa
    known = {r: peaks.get(r, math.nan) for r in FOREFOOT_REGIONS}
    if any(map(math.isnan, known.values())):
        return {}
    out = {}
    for r, others in _OTHERS.items():
        mean = sum([known[o] for o in others]) / len(others)
        if mean > 0:
            out[r] = known[r] / mean
    return out


def residual_fraction(w: WindowFeatures) -> float:
    """The residual forefoot pressure over the highest forefoot region peak (NaN when either is missing)."""
    peaks = [v for r in FOREFOOT_REGIONS if not math.isnan(v := w.peak_kpa.get(r, math.nan))]
    if not peaks or math.isnan(w.residual_forefoot_kpa) or not max(peaks) > 0:
        return math.nan
    return w.residual_forefoot_kpa / max(peaks)


def forefoot_pti_rate(w: WindowFeatures) -> float:
    """Forefoot pressure-time integral per minute (kPa s/min): the sum over the forefoot regions, as a
    Python float."""
    vals = [v for r, v in w.pti_kpa_s_per_min.items() if r in FOREFOOT_PTI_REGIONS and not math.isnan(v)]
    return float(sum(vals)) if vals else math.nan


def window_measures(w: WindowFeatures) -> dict[str, Any]:
    """The baseline's measures of one window."""
    return {"ml_index": w.ml_index, "forefoot_share": w.forefoot_share, "focal": focal_ratios(w),
            "residual_fraction": residual_fraction(w), "residual_kpa": w.residual_forefoot_kpa,
            "pti_rate": forefoot_pti_rate(w), "cop_y": w.cop_y_mean}


@dataclass(frozen=True)
class ActivityBaseline:
    """One foot's normal in one activity: the median of each measure over ``n_windows`` judged windows.
    ``caution``: one of CAUTIONS where the session that kept it had that foot marked numb, warned on it or
    showed an early sign there in its first minutes, so the normal may hold the problem (None: none known;
    left out of the JSON).
    ``kept_utc``: when the session that kept it started (its session.json ``start_utc``, ISO 8601 with a zone),
    so a session judged against it is said to be judged against earlier rides only where they were (None: not
    known, a normal kept before the time was kept with it or made by hand; left out of the JSON)."""

    n_windows: int
    ml_index: float = math.nan
    forefoot_share: float = math.nan
    residual_fraction: float = math.nan
    residual_kpa: float = math.nan
    pti_rate: float = math.nan
    cop_y: float = math.nan
    focal: dict[str, float] = field(default_factory=dict)
    caution: str | None = None
    kept_utc: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("caution", "kept_utc"):  # a file of a normal kept with neither reads as it did before them
            if d[k] is None:
                del d[k]
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in d.items()}

    @classmethod
    def from_dict(cls, d: dict[str, Any], where: str = "baseline") -> ActivityBaseline:
        if not isinstance(d, dict):
            raise ValueError(f"{where}: expected an object of measures")
        n = d.get("n_windows")
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"{where}: n_windows must be a whole number of at least 1")
        values: dict[str, Any] = {}
        for k in SCALARS:
            v = d.get(k)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)):
                raise ValueError(f"{where}: {k} must be a finite number or null")
            lo, hi = RANGES[k]
            if v is not None and not lo <= v <= hi:
                top = "" if hi == math.inf else f" to {hi:g}"
                raise ValueError(f"{where}: {k} is {v:g}, outside its range ({lo:g}{top}): not a measured value")
            values[k] = math.nan if v is None else float(v)
        focal = d.get("focal") or {}
        if not isinstance(focal, dict) or any(r not in MTH_REGIONS for r in focal) or any(
                isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0
                for v in focal.values()):
            raise ValueError(f"{where}: focal must map mth1, mth2_3, mth4_5 to positive numbers")
        caution = d.get("caution")
        if caution is not None and caution not in CAUTIONS:
            raise ValueError(f"{where}: caution must be one of {', '.join(CAUTIONS)}, or left out")
        kept_utc = d.get("kept_utc")
        if kept_utc is not None and utc_time(kept_utc) is None:
            raise ValueError(f"{where}: kept_utc must be an ISO 8601 time with a zone, or left out")
        unknown = set(d) - {"n_windows", "focal", "caution", "kept_utc", *SCALARS}
        if unknown:
            raise ValueError(f"{where}: unknown field {quote(sorted(unknown)[0])}")
        return cls(n, focal={r: float(v) for r, v in focal.items()}, caution=caution, kept_utc=kept_utc, **values)


def utc_time(text: Any) -> datetime | None:
    """``text`` read as an ISO 8601 time with a zone ("2026-12-06T23:12:10.568Z"); None where it is not one."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def same_normal(a: ActivityBaseline | None, b: ActivityBaseline | None, rel: float = 1e-6) -> bool:
    """Whether ``a`` and ``b`` are one normal: the same number of windows and each measure (the focal ratios
    too) equal within ``rel`` of each other, a float's rounding (a guess: far below any rider's change), NaN
    equal to NaN; False where either is None."""
    if a is None or b is None or a.n_windows != b.n_windows or a.focal.keys() != b.focal.keys():
        return False
    pairs = [(getattr(a, k), getattr(b, k)) for k in SCALARS] + [(a.focal[r], b.focal[r]) for r in a.focal]
    return all((math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=rel, abs_tol=1e-12)
               for x, y in pairs)
