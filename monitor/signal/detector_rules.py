"""The forefoot detector's checks, one per pattern (monitor.signal.detector, whose docstring and
docs/detection.md give the rules): each takes one judged window and gives the pattern's tier in it (None
when its measure is missing, -1 when not shown, else the index in TIERS of the strongest tier it shows
on), setting the region and the words of the reason on the pattern's PatternState.

Each takes the DetectorParams ``p``, the window ``w``, the normal it is judged against (``base``: kept or
learnt, None: not known yet) and whether that normal was kept from earlier sessions (``kept``), as needed.
"""

from __future__ import annotations

import math
from collections import deque
from itertools import filterfalse

from monitor.codebook import region_name
from monitor.signal.activity_words import person
from monitor.signal.baseline import ActivityBaseline, forefoot_pti_rate
from monitor.signal.float_mean import mean_as_numpy
from monitor.signal.params import DetectorParams
from monitor.signal.patterns import (
    CONTINUOUS_CONTACT,
    WHY_COP,
    WHY_CREEP,
    WHY_CREEP_RESIDUAL,
    WHY_FOCAL,
    WHY_FOCAL_OWN,
    WHY_LATERAL,
    WHY_LATERAL_OWN,
    WHY_RESIDUAL,
    WHY_RESIDUAL_OWN,
    WHY_SHARE,
    PatternState,
    tier,
)
from monitor.signal.types import WindowFeatures


def lateral_tier(p: DetectorParams, w: WindowFeatures, base: ActivityBaseline | None, kept: bool, who: str,
                 pat: PatternState) -> int | None:
    """Lateral overload: the mediolateral index; ``who``: the person whose normal the reason names."""
    ml = w.ml_index
    base_ml = math.nan if base is None else base.ml_index
    rise = None if math.isnan(base_ml) else ml - base_ml >= p.ml_rise
    shown = tier(ml, p.ml_index_high, rise, p.ml_index_extreme, base is None, kept)
    pat.region = "mth4_5"
    pat.why = ((WHY_LATERAL, ml, p.ml_index_high) if math.isnan(base_ml)
               else (WHY_LATERAL_OWN, ml, ml - base_ml, who, base_ml))
    return shown


def focal_tier(p: DetectorParams, w: WindowFeatures, who: str, ratios: dict[str, float],
               base: ActivityBaseline | None, kept: bool, norm: dict[str, float], extreme_norm: dict[str, float],
               pat: PatternState) -> int | None:
    """The focal pattern's tier: the metatarsal region whose ratio to the other forefoot regions
    (``ratios``, baseline.focal_ratios) rose most against the rider's normal (or, without a baseline,
    stands furthest above the activity's normal ratio, ``norm``; ``extreme_norm``: the extreme tier's);
    ``who``: the person whose normal the reason names."""
    if not ratios:
        return None
    best, best_tier, best_score, own = None, -1, -math.inf, False
    for r, q in ratios.items():
        population = q >= p.focal_ratio * norm[r]
        b = None if base is None else base.focal.get(r)
        change = b is not None and q >= p.focal_rise * b
        # MTH4-5: lateral_overload's; a kept normal that is as focal is this rider's normal
        extreme = r != "mth4_5" and q >= p.focal_extreme * extreme_norm[r] and (change or not kept or b is None)
        t = 2 if extreme else 1 if change else 0 if (population and b is None) else -1
        score = q / b if b else q / norm[r]
        if (t, score) > (best_tier, best_score):
            best, best_tier, best_score, own = r, t, score, bool(b)
    if best_tier >= 0 or not pat.active:
        pat.region = best
        why = (region_name(best), w.peak_kpa[best], ratios[best], best_score)
        pat.why = () if best is None else (WHY_FOCAL_OWN, *why, who) if own else (WHY_FOCAL, *why)
    return best_tier


def residual_tiers(p: DetectorParams, w: WindowFeatures, act: str, frac: float, base: ActivityBaseline | None,
                   kept: bool, limit_kpa: float, extreme_frac: float, who: str, continuous: PatternState,
                   residual: PatternState) -> tuple[int | None, int | None]:
    """Residual load in the unloaded phase, as a share of the loaded peak (``frac``, the window's
    residual_fraction): the tiers of (continuous_forefoot_load, residual_unloaded), the first on the
    stepping machines of ``act`` (CONTINUOUS_CONTACT), the second elsewhere; ``limit_kpa``, ``extreme_frac``:
    the activity's residual_kpa and residual_fraction_extreme."""
    resid = w.residual_forefoot_kpa
    base_frac = math.nan if base is None else base.residual_fraction
    rose = not math.isnan(base_frac) and frac - base_frac >= p.residual_rise_fraction and \
        resid - base.residual_kpa >= p.residual_rise_kpa
    if math.isnan(frac):
        shown_resid = None
    elif frac >= extreme_frac and resid >= p.residual_extreme_min_kpa and (rose or not kept):
        shown_resid = 2
    elif rose:
        shown_resid = 1
    elif resid > limit_kpa and base is None:
        shown_resid = 0
    else:
        shown_resid = -1
    if shown_resid is None:
        shown = None, None
    elif act in CONTINUOUS_CONTACT:
        shown = shown_resid, -1
    else:
        shown = -1, shown_resid
    continuous.why = residual.why = (
        (WHY_RESIDUAL, resid, frac) if math.isnan(base_frac)
        else (WHY_RESIDUAL_OWN, resid, frac, who, base.residual_kpa, base_frac))
    return shown


# forefoot share and centre of pressure: riding itself moves them by more than a fitting problem would
# (standing, climbing), so past the cut-off they are a notice, and none once the baseline is known unless
# they also stand above the rider's own normal; only an extreme share warns

def share_tier(p: DetectorParams, w: WindowFeatures, base: ActivityBaseline | None, kept: bool,
               share_high: float, pat: PatternState) -> int | None:
    """Forefoot share high: past the activity's ``share_high`` a notice, past forefoot_share_extreme a
    warning."""
    share = w.forefoot_share
    own = base is None or math.isnan(base.forefoot_share) or share - base.forefoot_share >= p.notice_share_rise
    shown = (None if math.isnan(share) else
             2 if share >= p.forefoot_share_extreme and (own or not kept)
             else 0 if share > share_high and own else -1)
    pat.why = (WHY_SHARE, share, share_high)
    return shown


def cop_tier(p: DetectorParams, w: WindowFeatures, base: ActivityBaseline | None, cop_limit: float,
             pat: PatternState) -> int | None:
    """Centre of pressure forward: past the activity's ``cop_limit`` (0 heel .. 1 toe) a notice."""
    cop = w.cop_y_mean
    own = base is None or math.isnan(base.cop_y) or cop - base.cop_y >= p.notice_cop_rise
    shown = None if math.isnan(cop) else 0 if cop > cop_limit and own else -1
    pat.why = (WHY_COP, cop, cop_limit)
    return shown


class CreepingLoad:
    """Creeping load over one foot's windows: the forefoot PTI rate, averaged over ``creep_window_s``,
    against the baseline's, with the residual share of the loaded peak rising too (swelling, a closure
    that tightens [16][17] W). State: the last ``creep_window_s`` of (t_s, PTI rate, residual fraction) of
    one activity."""

    def __init__(self) -> None:
        self._creep: deque[tuple[float, float, float]] = deque()  # (t_s, PTI rate, residual fraction)
        self._creep_activity: str | None = None

    def tier(self, p: DetectorParams, w: WindowFeatures, act: str, base: ActivityBaseline | None, frac: float,
             pat: PatternState) -> int | None:
        """The pattern's tier in judged window ``w`` of activity ``act`` (``frac``: its residual fraction)."""
        rate = forefoot_pti_rate(w)
        if not rate > 0 or base is None or not base.pti_rate > 0:
            return None
        if self._creep_activity != act:
            self._creep.clear()
            self._creep_activity = act
        self._creep.append((w.t_s, rate, frac))
        while self._creep and self._creep[0][0] <= w.t_s - p.creep_window_s:
            self._creep.popleft()
        if self._creep[-1][0] - self._creep[0][0] < 0.5 * p.creep_window_s:
            return None
        _, rates, fracs = zip(*self._creep)
        ratio = mean_as_numpy(rates) / base.pti_rate
        fracs = list(filterfalse(math.isnan, fracs))
        frac_rise = (mean_as_numpy(fracs) - base.residual_fraction) if fracs and not math.isnan(
            base.residual_fraction) else math.nan
        who = person([act])
        pat.why = (WHY_CREEP, ratio, who) if math.isnan(frac_rise) else (WHY_CREEP_RESIDUAL, ratio, who, frac_rise)
        shown = ratio >= p.creep_ratio and (math.isnan(frac_rise) or frac_rise >= p.creep_residual_rise_fraction)
        return 1 if shown else -1
