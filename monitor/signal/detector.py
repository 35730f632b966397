"""The detector of sustained forefoot load: rolling window features of one foot -> Assessments.

Rules (docs/detection.md explains each, with the evidence of every default in DetectorParams):

- **The rider's own normal first.** A baseline of each activity is learnt from the first ``baseline_s``
  of judged windows (monitor.signal.baseline), or given from an earlier session (``RiderBaseline``).
- **Each pattern shows on three tiers**, per judged window:
  - *extreme*: a value far outside the healthy spread between people (DetectorParams names each, with
    its evidence); it counts from the first minute, except against a normal kept from earlier sessions
    (``RiderBaseline``): a value that is no change against it is this rider's normal, at most a notice;
  - *change*: a rise against the rider's own baseline beyond what riding itself moves (power, standing,
    coasting);
  - *population*: past a population cut-off but neither extreme nor (once the baseline is known) beyond
    the rider's own normal: at most a ``notice``, and none once the baseline says it is the rider's normal.
  Patterns: ``lateral_overload`` (mediolateral index), ``focal_mth`` (a metatarsal region's peak over the
  other forefoot regions; only on layouts that resolve MTH1, MTH2-3, MTH4-5 and the hallux),
  ``residual_unloaded`` (forefoot pressure left in the unloaded phase, as a share of the loaded peak; on
  stepping machines, where the foot never leaves the pedal, ``continuous_forefoot_load``),
  ``forefoot_share_high``, ``cop_forward`` (centre of pressure forward), ``creeping_load`` (the forefoot
  pressure-time integral rising over minutes against the baseline, with the residual rising too).
- A pattern starts after ``confirm_windows`` judged windows in a row show it (on any tier) and ends after
  ``clear_windows`` in a row without it; its tier is the highest shown since it started.
- **Levels.** An active pattern is a ``notice``. An extreme or change pattern becomes a ``warning`` once it
  has held for ``warn_after_s`` of loaded time: its exposure grows by a step for each judged window it is
  active in; a relief pauses it (no load, no dose) but does not undo it, since a cleat too far forward or a
  tight shoe is still there after a stop. It becomes an ``alert`` when it has also gone on for
  ``warn_after_s + alert_after_s`` without relief (the clock from ``max(since_s, end of the last
  relief)``). Without a pattern, a long stretch without relief is at most a ``notice`` (``no_relief``, or
  ``relief_rare`` against the baseline); otherwise ``none``.
- **Naming**: from ``warning`` up the region is always one of mth1, mth2_3, mth4_5, hallux: the focal
  region, MTH4-5 for lateral overload, else the region with the highest PTI rate. A layout that resolves
  none of them cannot name one: its level stops at ``notice``.

Windows are not judged (they change no pattern, but still get an Assessment, whose ``metrics["judged"]``
is 0.0 instead of 1.0) when less than ``min_valid_fraction`` of their data is present, when a relief is in
progress, or when they overlap a relief that has ended.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from monitor.codebook import FOREFOOT_REGIONS, region_name
from monitor.signal.baseline import (
    ActivityBaseline,
    BaselineBuilder,
    RiderBaseline,
    focal_ratios,
    forefoot_pti_rate,
    residual_fraction,
)
from monitor.signal.params import DetectorParams
from monitor.signal.patterns import (
    CONTINUOUS_CONTACT,
    TIERS,
    WARNING_PATTERNS,
    PatternState,
)
from monitor.signal.types import LEVELS, Assessment, WindowFeatures

_RANK = {level: i for i, level in enumerate(LEVELS)}


class ForefootDetector:
    """Assesses one foot, one Assessment per window (monitor.signal.types.WindowFeatures).

    Parameters
    ----------
    foot : "left" or "right"
    params : DetectorParams
    baseline : RiderBaseline or None
        The rider's normal from earlier sessions; activities it holds are judged against it from the first
        window, the others against the baseline learnt in this session.

    ``feed(windows, reliefs)`` takes windows in time order and the reliefs (``(start_s, end_s)``) completed
    since the last call (monitor.signal.features.FeatureAccumulator.reliefs_). State is bounded: a few
    numbers per pattern and activity, the measures of the baseline windows while it is learnt, the last
    ``creep_window_s`` of PTI rates, recent reliefs. ``baseline_`` is what this session learnt.
    """

    def __init__(self, foot: str, params: DetectorParams | None = None,
                 baseline: RiderBaseline | None = None) -> None:
        self.foot = foot
        self.params = params or DetectorParams()
        self._given = baseline or RiderBaseline()
        self._patterns = {name: PatternState() for name in WARNING_PATTERNS}
        self._builder = BaselineBuilder(self.params.baseline_s)
        self._creep: deque[tuple[float, float, float]] = deque()  # (t_s, PTI rate, residual fraction)
        self._creep_activity: str | None = None
        self._reliefs: list[tuple[float, float]] = []  # reported, not yet older than a window
        self._last_relief_end_s = -math.inf
        self._t0_s: float | None = None
        self._tsr_baseline_s = 0.0  # longest time since relief seen in the baseline period
        self._last_t_s = -math.inf
        self._last_judged_s = -math.inf

    @property
    def baseline_(self) -> dict[str, ActivityBaseline]:
        """The baselines learnt in this session, by activity."""
        return self._builder.learnt()

    def baseline_for(self, activity: str) -> ActivityBaseline | None:
        """The baseline the windows of ``activity`` are judged against (given, else learnt), or None."""
        return self._given.get(self.foot, activity) or self._builder.get(activity)

    def feed(self, windows: list[WindowFeatures],
             reliefs: list[tuple[float, float]] = ()) -> list[Assessment]:
        """Assessments of ``windows``, in order."""
        self._reliefs.extend((float(a), float(b)) for a, b in reliefs)
        self._reliefs.sort()
        return [self._assess(w) for w in windows]

    # -- one window ----------------------------------------------------------------------------------
    def _assess(self, w: WindowFeatures) -> Assessment:
        p = self.params
        if w.t_s <= self._last_t_s:
            raise ValueError("detector: windows must come in time order")
        self._last_t_s = w.t_s
        ratios = focal_ratios(w)  # read by the focal pattern and the metrics
        if self._t0_s is None:
            self._t0_s = w.t_s - w.window_s * max(w.valid_fraction, 0.0)
        overlaps = self._apply_reliefs(w)
        if w.relieved_now:
            self._last_relief_end_s = max(self._last_relief_end_s, w.t_s)
        judged = w.valid_fraction >= p.min_valid_fraction and not w.relieved_now and not overlaps
        # loaded time a judged window adds to an exposure: since the last judged window, at most a window
        judged_step_s = min(w.t_s - self._last_judged_s, w.window_s) if judged else 0.0
        if judged:
            self._last_judged_s = w.t_s
        evidence_from_s = max(w.t_s - w.window_s, self._t0_s)
        act = w.activity if w.activity in p.forefoot_share_high else "unknown"
        shown = self._shown(w, act, ratios) if judged else {}
        if judged and act != "unknown" and self._given.get(self.foot, act) is None:
            self._builder.add(act, w)
        for name, pat in self._patterns.items():
            pat.update(shown.get(name), evidence_from_s, w.t_s, p.confirm_windows, p.clear_windows, judged_step_s)
        if w.t_s - self._t0_s <= p.baseline_s:
            self._tsr_baseline_s = max(self._tsr_baseline_s, w.time_since_relief_s)
        return self._level(w, judged, ratios)

    def _apply_reliefs(self, w: WindowFeatures) -> bool:
        """Moves the relief clock to reliefs that ended by ``w.t_s``; True if one overlaps the window."""
        lo_s = w.t_s - w.window_s
        overlaps = False
        keep = []
        for a, b in self._reliefs:
            if b <= w.t_s:
                self._last_relief_end_s = max(self._last_relief_end_s, b)
                if b > lo_s:
                    overlaps = True
                    keep.append((a, b))
            else:
                keep.append((a, b))
        self._reliefs = keep
        return overlaps

    # -- patterns ------------------------------------------------------------------------------------
    def _shown(self, w: WindowFeatures, act: str, ratios: dict[str, float]) -> dict[str, int | None]:
        """Each pattern in this judged window: None when its measure is missing, -1 when not shown, else
        the index in TIERS of the strongest tier it shows on."""
        p = self.params
        base = self.baseline_for(act) if act != "unknown" else None
        # a normal kept from earlier sessions is this rider's normal even where it is extreme: there, an
        # extreme value that is no change against it is at most a notice (docs/detection.md)
        kept = act != "unknown" and self._given.get(self.foot, act) is not None
        pats = self._patterns
        out: dict[str, int | None] = {}

        def tier(value: float, population: float | None, change: bool | None, extreme: float | None) -> int | None:
            if value is None or math.isnan(value):
                return None
            if extreme is not None and value >= extreme and not (kept and change is False):
                return 2
            if change:
                return 1
            if population is not None and value > population and (base is None or change is None):
                return 0  # past the cut-off and no baseline yet says it is this rider's normal
            return -1

        # lateral overload: the mediolateral index
        ml = w.ml_index
        rise = None if base is None or math.isnan(base.ml_index) else ml - base.ml_index >= p.ml_rise
        out["lateral_overload"] = tier(ml, p.ml_index_high, rise, p.ml_index_extreme)
        pats["lateral_overload"].region = "mth4_5"
        pats["lateral_overload"].reason = (f"mediolateral index {ml:+.2f}" + (
            f", {ml - base.ml_index:+.2f} from this rider's normal {base.ml_index:+.2f}"
            if base is not None and not math.isnan(base.ml_index) else f" (cut-off {p.ml_index_high:+.2f})"))

        # focal: a metatarsal region's peak over the other forefoot regions
        out["focal_mth"] = self._focal(w, ratios, act, base, kept)

        # residual load in the unloaded phase, as a share of the loaded peak
        frac = residual_fraction(w)
        resid = w.residual_forefoot_kpa
        limit_kpa = _get(p.residual_kpa, act)
        extreme_frac = _get(p.residual_fraction_extreme, act)
        rose = base is not None and not math.isnan(base.residual_fraction) and \
            frac - base.residual_fraction >= p.residual_rise_fraction and \
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
            out["continuous_forefoot_load"] = out["residual_unloaded"] = None
        elif act in CONTINUOUS_CONTACT:
            out["continuous_forefoot_load"], out["residual_unloaded"] = shown_resid, -1
        else:
            out["continuous_forefoot_load"], out["residual_unloaded"] = -1, shown_resid
        text = (f"forefoot keeps {resid:.0f} kPa in the unloaded phase, {frac:.0%} of its loaded peak"
                + (f" (this rider's normal {base.residual_kpa:.0f} kPa, {base.residual_fraction:.0%})"
                   if base is not None and not math.isnan(base.residual_fraction) else ""))
        pats["continuous_forefoot_load"].reason = pats["residual_unloaded"].reason = text

        # forefoot share and centre of pressure: riding itself moves them by more than a fitting problem
        # would (standing, climbing), so past the cut-off they are a notice, and none once the baseline is
        # known unless they also stand above the rider's own normal; only an extreme share warns
        share, share_high = w.forefoot_share, _get(p.forefoot_share_high, act)
        own = base is None or math.isnan(base.forefoot_share) or share - base.forefoot_share >= p.notice_share_rise
        out["forefoot_share_high"] = (None if math.isnan(share) else
                                      2 if share >= p.forefoot_share_extreme and (own or not kept)
                                      else 0 if share > share_high and own else -1)
        pats["forefoot_share_high"].reason = f"forefoot share {share:.2f} above {share_high:.2f}"
        cop, cop_limit = w.cop_y_mean, _get(p.cop_forward_y, act)
        own = base is None or math.isnan(base.cop_y) or cop - base.cop_y >= p.notice_cop_rise
        out["cop_forward"] = None if math.isnan(cop) else 0 if cop > cop_limit and own else -1
        pats["cop_forward"].reason = f"centre of pressure at {cop:.2f} of foot length, beyond {cop_limit:.2f}"

        out["creeping_load"] = self._creeping(w, act, base)
        return out

    def _focal(self, w: WindowFeatures, ratios: dict[str, float], act: str, base: ActivityBaseline | None,
               kept: bool = False) -> int | None:
        """The focal pattern's tier: the metatarsal region whose ratio to the other forefoot regions rose
        most against the rider's normal (or, without a baseline, stands furthest above the activity's
        normal ratio)."""
        p = self.params
        if not ratios:
            return None
        norm = _get(p.focal_norm, act)
        extreme_norm = _get(p.focal_extreme_norm, act)
        best, best_tier, best_score, why = None, -1, -math.inf, ""
        for r, q in ratios.items():
            population = q >= p.focal_ratio * norm[r]
            b = None if base is None else base.focal.get(r)
            change = b is not None and q >= p.focal_rise * b
            # MTH4-5: lateral_overload's; a kept normal that is as focal is this rider's normal
            extreme = r != "mth4_5" and q >= p.focal_extreme * extreme_norm[r] and (change or not (kept and b is not None))
            t = 2 if extreme else 1 if change else 0 if (population and b is None) else -1
            score = q / b if b else q / norm[r]
            if (t, score) > (best_tier, best_score):
                best, best_tier, best_score = r, t, score
                why = (f"{region_name(r)} peak {w.peak_kpa[r]:.0f} kPa, {q:.2f} x the other forefoot regions"
                       + (f" ({q / b:.2f} x this rider's normal)" if b else f" ({q / norm[r]:.2f} x the usual)"))
        pat = self._patterns["focal_mth"]
        if best_tier >= 0 or not pat.active:
            pat.region, pat.reason = best, why
        return best_tier

    def _creeping(self, w: WindowFeatures, act: str, base: ActivityBaseline | None) -> int | None:
        """Forefoot PTI rate, averaged over ``creep_window_s``, against the baseline's, with the residual
        share of the loaded peak rising too (swelling, a closure that tightens [16][17] W)."""
        p = self.params
        rate = forefoot_pti_rate(w)
        if not rate > 0 or base is None or not base.pti_rate > 0:
            return None
        if self._creep_activity != act:
            self._creep.clear()
            self._creep_activity = act
        frac = residual_fraction(w)
        self._creep.append((w.t_s, rate, frac))
        while self._creep and self._creep[0][0] <= w.t_s - p.creep_window_s:
            self._creep.popleft()
        if self._creep[-1][0] - self._creep[0][0] < 0.5 * p.creep_window_s:
            return None
        ratio = _mean([v for _, v, _ in self._creep]) / base.pti_rate
        fracs = [f for _, _, f in self._creep if not math.isnan(f)]
        frac_rise = (_mean(fracs) - base.residual_fraction) if fracs and not math.isnan(
            base.residual_fraction) else math.nan
        pat = self._patterns["creeping_load"]
        pat.reason = f"forefoot PTI at {ratio:.2f} x this rider's normal" + (
            f", residual {frac_rise:+.0%} of the loaded peak" if not math.isnan(frac_rise) else "")
        shown = ratio >= p.creep_ratio and (math.isnan(frac_rise) or frac_rise >= p.creep_residual_rise_fraction)
        return 1 if shown else -1

    # -- level ---------------------------------------------------------------------------------------
    def _level(self, w: WindowFeatures, judged: bool, ratios: dict[str, float]) -> Assessment:
        p = self.params
        region_loaded = _most_loaded(w)
        clock_from = self._last_relief_end_s
        best: tuple[int, int, str] | None = None
        reasons = []
        for i, name in enumerate(WARNING_PATTERNS):
            pat = self._patterns[name]
            if not pat.active:
                continue
            clock_s = w.t_s - max(pat.since_s, clock_from)
            level = pat.level(clock_s, p.warn_after_s, p.alert_after_s)
            reasons.append(f"{name} ({TIERS[pat.tier]}): {pat.reason}; {pat.exposure_s:.0f} s under load, "
                           f"{max(clock_s, 0.0):.0f} s without relief")
            key = (_RANK[level], pat.tier, -i, name)
            if best is None or key > best:
                best = key
        metrics = {"forefoot_share": w.forefoot_share, "cop_y_mean": w.cop_y_mean, "ml_index": w.ml_index,
                   "residual_forefoot_kpa": w.residual_forefoot_kpa,
                   "time_since_relief_s": w.time_since_relief_s, "valid_fraction": w.valid_fraction,
                   "focal_mth2_3": ratios.get("mth2_3", math.nan), "judged": 1.0 if judged else 0.0}
        if best is not None:
            name = best[3]
            pat = self._patterns[name]
            level = LEVELS[best[0]]
            region = pat.region if name in ("focal_mth", "lateral_overload") else region_loaded
            if region is None and _RANK[level] > _RANK["notice"]:
                level = "notice"
                reasons.append("the layout resolves no forefoot region to name")
            return Assessment(self.foot, w.t_s, level, name, region, pat.since_s, tuple(reasons), metrics)
        notice = self._relief_notice(w)
        if notice is not None:
            name, reason = notice
            return Assessment(self.foot, w.t_s, "notice", name, region_loaded,
                              w.t_s - w.time_since_relief_s, (reason,), metrics)
        return Assessment(self.foot, w.t_s, "none", metrics=metrics)

    def _relief_notice(self, w: WindowFeatures) -> tuple[str, str] | None:
        p = self.params
        tsr = w.time_since_relief_s
        if tsr >= p.notice_no_relief_s:
            return "no_relief", f"no forefoot relief for {tsr / 60:.0f} min"
        baseline_over = self._t0_s is not None and w.t_s - self._t0_s > p.baseline_s
        rare_s = max(p.relief_rare_min_s, p.relief_rare_ratio * self._tsr_baseline_s)
        if baseline_over and tsr >= rare_s:
            return "relief_rare", (f"no forefoot relief for {tsr / 60:.0f} min, against at most "
                                   f"{self._tsr_baseline_s / 60:.0f} min early in the session")
        return None


def _mean(values: list[float]) -> float:
    """numpy.mean of a non-empty list of floats, the same bits, without making an array (cheaper in Python)."""
    return _pairwise_sum(values, 0, len(values)) / len(values) if values else float(np.mean(values))


def _pairwise_sum(values: list[float], lo: int, n: int) -> float:
    """The sum of ``values[lo:lo + n]`` as numpy's float64 ``add.reduce`` adds it: fewer than 8 items one
    after the other to 0.0; up to 128 in 8 interleaved partial sums, combined pairwise, then the rest one
    by one; more split in two halves (the first a multiple of 8 long) summed the same way."""
    if n < 8:
        total = 0.0
        for v in values[lo:lo + n]:
            total += v
        return total
    if n <= 128:
        r0, r1, r2, r3, r4, r5, r6, r7 = values[lo:lo + 8]
        end = lo + n - n % 8
        for i in range(lo + 8, end, 8):
            r0 += values[i]
            r1 += values[i + 1]
            r2 += values[i + 2]
            r3 += values[i + 3]
            r4 += values[i + 4]
            r5 += values[i + 5]
            r6 += values[i + 6]
            r7 += values[i + 7]
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        for v in values[end:lo + n]:
            total += v
        return total
    half = n // 2
    half -= half % 8
    return _pairwise_sum(values, lo, half) + _pairwise_sum(values, lo + half, n - half)


def _get(table: dict, activity: str):
    return table.get(activity, table.get("unknown"))


def _above(value: float, limit: float) -> bool | None:
    if value is None or math.isnan(value):
        return None
    return value > limit


def _most_loaded(w: WindowFeatures) -> str | None:
    """The alert region with the highest PTI rate (peak pressure when PTI is missing)."""
    for table in (w.pti_kpa_s_per_min, w.peak_kpa):
        vals = {r: table[r] for r in FOREFOOT_REGIONS if r in table and not math.isnan(table[r])}
        if vals:
            return max(vals, key=vals.get)
    return None
