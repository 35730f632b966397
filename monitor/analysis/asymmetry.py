"""Whether a session's left/right asymmetry is clearly away from even, judged from the session's own windows.

The asymmetry index is 100 x (L - R) / mean(L, R) (%, positive: more on the left). The session's index
(AnalysisResult.asymmetry()) is taken on its whole-session figures; whether it names a side is judged
from the same index per window: the judged windows of both feet that end at the same time, none
overlapping the one kept before it (the windows are 60 s long every 10 s, so neighbours share most of
their frames; kept apart, their indices vary as the riding does rather than by the same frames). A side
is named when the 95 % t-interval of the mean of those per-window indices excludes 0, "even" when it
holds 0; with fewer than ``MIN_WINDOWS`` such windows, neither (too short to tell). A statistical rule
on the session's own spread, not a domain threshold: docs/report.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats

from monitor.analysis.gait_json import json_number
from monitor.util.pressure_units import layout_unit, pressure_unit, unit_name

#: The interval's coverage (a conventional 95 %, not a domain figure).
CONFIDENCE = 0.95
#: Fewer independent windows than this give no side (guess: with 4 or fewer the t-interval is so wide,
#: t(0.975, 3) = 3.18, that it tells little, and a few minutes of riding say little of a whole session).
MIN_WINDOWS = 5
#: The words a side is given in (keys of ``side``'s answer).
SIDES = ("left", "right", "even")


def index_pct(left: float | None, right: float | None) -> float | None:
    """100 x (L - R) / mean(L, R) (%), None when either is None or NaN or their sum is 0."""
    if left is None or right is None or math.isnan(left) or math.isnan(right) or not (left + right):
        return None
    return 100.0 * (left - right) / ((left + right) / 2)


def paired_windows(feet: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    """(left, right) WindowFeatures pairs of ``feet`` (foot -> FootPipeline, with ``windows_`` and
    ``assessments_`` one per window): windows both judged (the assessment's ``metrics["judged"]``) ending at
    the same ``t_s``, in time order, each starting at or after the end of the last pair kept. [] without
    both feet."""
    if not {"left", "right"} <= set(feet):
        return []

    def judged(pipe: Any) -> dict[float, Any]:
        return {w.t_s: w for w, a in zip(pipe.windows_, pipe.assessments_)
                if a.t_s == w.t_s and a.metrics.get("judged", 0.0) == 1.0}

    left, right = judged(feet["left"]), judged(feet["right"])
    pairs, end_s = [], -math.inf
    for t_s in sorted(set(left) & set(right)):
        w_l, w_r = left[t_s], right[t_s]
        if t_s - max(w_l.window_s, w_r.window_s) >= end_s - 1e-9:
            pairs.append((w_l, w_r))
            end_s = t_s
    return pairs


def window_indices(pairs: Sequence[tuple[Any, Any]], regions: Sequence[str]) -> dict[str, np.ndarray]:
    """Per pair of windows the index of the forefoot share (``"forefoot_share"``) and of each region's PTI
    per minute (``"pti:<region>"``, for ``regions``): float arrays of the pairs' length, NaN where a pair
    has no index."""
    def col(get: Any) -> np.ndarray:
        vals = [index_pct(get(l), get(r)) for l, r in pairs]
        return np.array([math.nan if v is None else v for v in vals], dtype=float)

    out = {"forefoot_share": col(lambda w: w.forefoot_share)}
    for r in regions:
        out[f"pti:{r}"] = col(lambda w, r=r: w.pti_kpa_s_per_min.get(r))
    return out


def t_interval(values: np.ndarray) -> tuple[float, float] | None:
    """The ``CONFIDENCE`` t-interval (%, %) of the mean of ``values`` (NaN left out); None with fewer than
    ``MIN_WINDOWS`` values. All values equal: that value, both ends."""
    v = values[np.isfinite(values)]
    if v.size < MIN_WINDOWS:
        return None
    mean, sem = float(v.mean()), float(v.std(ddof=1) / math.sqrt(v.size))
    half = float(stats.t.ppf(0.5 + CONFIDENCE / 2, v.size - 1)) * sem
    return mean - half, mean + half


def side(interval: tuple[float, float] | None) -> str | None:
    """"left" (the interval above 0), "right" (below 0), "even" (it holds 0), None (no interval: too short
    to tell)."""
    if interval is None:
        return None
    lo, hi = interval
    return "left" if lo > 0 else "right" if hi < 0 else "even"


def pti_not_compared(units: Mapping[str, str]) -> str | None:
    """Why the regions' PTI are not compared between the feet, whose pressures are in ``units`` (foot -> "kPa"
    or "units", monitor.util.pressure_units.layout_unit): one foot in kPa, the other in an uncalibrated
    insole's nominal units, whose index would be the two scales' difference, not the feet's; None where both
    are in the same unit. The forefoot share, a share within each foot, is compared all the same."""
    if len(set(units.values())) < 2:
        return None
    said = " and ".join(f"the {foot} foot's in {unit_name(calibrated=unit == pressure_unit())}"
                        for foot, unit in units.items())
    return (f"the regions' PTI are not compared: {said} (an uncalibrated insole's counts at a nominal scale), so "
            "their index would be the two scales' difference, not the feet's (the forefoot share, a share within "
            "each foot, is compared)")


def judged_asymmetry(feet: Mapping[str, Any], regions: Sequence[str], compare_pti: bool = True) -> dict[str, Any]:
    """The fields ``AnalysisResult.asymmetry()`` adds to the session's indices: ``windows`` (the pairs of
    windows judged on), ``forefoot_share_interval_pct`` ([low, high] % or None) and ``forefoot_share_side``
    (``side``), ``pti_interval_pct`` and ``pti_side`` ({region: ...} for ``regions``; None each unless
    ``compare_pti``: :func:`pti_not_compared`). Values rounded to 0.1 %; the side is told from the rounded
    interval (one ending at 0.0 holds 0)."""
    pairs = paired_windows(feet)
    idx = window_indices(pairs, regions)

    def judged(key: str) -> tuple[list[float] | None, str | None]:
        if key.startswith("pti:") and not compare_pti:
            return None, None
        iv = t_interval(idx[key])  # rounded as shown, and the side told from the interval shown
        shown = None if iv is None else (round(iv[0], 1) + 0.0, round(iv[1], 1) + 0.0)  # + 0.0: no -0.0
        return (None if shown is None else list(shown)), side(shown)

    ff_iv, ff_side = judged("forefoot_share")
    pti = {r: judged(f"pti:{r}") for r in regions}
    return {"windows": len(pairs), "forefoot_share_interval_pct": ff_iv, "forefoot_share_side": ff_side,
            "pti_interval_pct": {r: v[0] for r, v in pti.items()}, "pti_side": {r: v[1] for r, v in pti.items()}}


def rule_words(windows: int | None) -> str:
    """The rule in a sentence for a report, with the session's count of ``windows`` (pairs judged on); a
    session with no pair says so first, in plain words."""
    pairs = "judged windows (both feet, same time, none overlapping the next)"
    rule = ("a statistical rule on the session's own spread between windows, not a clinical threshold; with "
            f"fewer than {MIN_WINDOWS} such pairs the session is too short to tell.")
    calibration = ("A difference that holds all session long, such as between the two insoles' calibration, is "
                   "not in that spread: a side named at a small index may be the insoles'.")
    if windows == 0:
        return (f"No side is named: the session has no pair of {pairs}. A side is named only when the "
                f"{CONFIDENCE * 100:.0f} % t-interval of the mean index over such pairs excludes 0: {rule}")
    n = "its pairs" if windows is None else "its 1 pair" if windows == 1 else f"its {windows} pairs"
    return (f"A side is named only when the {CONFIDENCE * 100:.0f} % t-interval of the mean index over {n} of "
            f"{pairs} excludes 0: {rule} {calibration}")


def session_asymmetry(summary: Mapping[str, Mapping[str, Any]], feet: Mapping[str, Any]) -> dict[str, Any]:
    """``AnalysisResult.asymmetry()`` of a two-foot session: the index of the whole-session forefoot share
    (``forefoot_share_pct``) and of each region's PTI both feet resolve (``pti_pct``), rounded to 0.1 %, None
    where either foot's value is missing, with :func:`judged_asymmetry`'s fields; where one foot is in kPa and
    the other in nominal units, every PTI's None and ``pti_not_compared`` says why (:func:`pti_not_compared`,
    else None). ``summary``: AnalysisResult.summary() (foot -> forefoot_share, regions' pti_kpa_s); ``feet``:
    foot -> FootPipeline (its ``layout``, windows and assessments)."""
    left, right = summary["left"], summary["right"]

    def idx(a: float | None, b: float | None) -> float | None:
        return json_number(index_pct(a, b), 1)

    regions = sorted(set(left.get("regions", {})) & set(right.get("regions", {})))
    not_compared = pti_not_compared({f: layout_unit(feet[f].layout) for f in ("left", "right")})
    pti = dict.fromkeys(regions) if not_compared else {
        r: idx(left["regions"][r].get("pti_kpa_s"), right["regions"][r].get("pti_kpa_s")) for r in regions}
    return {"forefoot_share_pct": idx(left.get("forefoot_share"), right.get("forefoot_share")), "pti_pct": pti,
            **judged_asymmetry(feet, regions, not not_compared), "pti_not_compared": not_compared}
