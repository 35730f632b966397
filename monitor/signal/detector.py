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

Windows are not judged (they change no pattern, but still get an Assessment, whose ``metrics["judged"]`` is 0.0
instead of 1.0) when less than ``min_valid_fraction`` of their data is present, or none at all whatever the
minimum (``with_data`` False: the alert policy raises nothing on them), when a relief is in progress, or when
they overlap a relief that has ended.
"""

from __future__ import annotations

import math
from dataclasses import replace

from monitor.codebook import FOREFOOT_REGIONS
from monitor.signal.activity_words import person
from monitor.signal.baseline import (
    ActivityBaseline,
    BaselineBuilder,
    RiderBaseline,
    focal_ratios,
    normal_key,
    residual_fraction,
)
from monitor.signal.detector_rules import CreepingLoad, cop_tier, focal_tier, lateral_tier, residual_tiers, share_tier
from monitor.signal.params import DetectorParams
from monitor.signal.patterns import (
    HEAD_PATTERNS,
    TIERS,
    WARNING_PATTERNS,
    JudgedClock,
    PatternState,
    enough_data,
    first_data_s,
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
    machine : str or None
        The stepping machine declared ("elliptical", "stair_climber"): the machine class's windows are
        judged against, and teach, that machine's normal only (baseline.normal_key).
    pressure_unit : str
        The unit the reasons say pressures in: "kPa", or "units" for an uncalibrated insole (its counts at a
        nominal scale, SensorLayout.calibrated false: docs/devices.md), whose numbers are not kPa.

    ``units_per_kpa`` (1.0; set by the pipeline of an uncalibrated insole's foot from its loaded level,
    monitor.signal.nominal_scale, NaN while unknown) multiplies the residual's limits in kPa
    (``residual_kpa``, ``residual_extreme_min_kpa``, ``residual_rise_kpa``) into the foot's own units; each
    Assessment carries the one its window was judged with. While it is NaN no relief can start, no
    reminder of a stretch without relief (``no_relief``, ``relief_rare``) is given and no window is judged:
    the foot's forefoot reads no load, or only its noise, so its shares and ratios say nothing of a load.

    ``feed(windows, reliefs)`` takes windows in time order and the reliefs (``(start_s, end_s)``) completed
    since the last call (monitor.signal.features.FeatureAccumulator.reliefs_). State is bounded: a few
    numbers per pattern and activity, the measures of the baseline windows while it is learnt, the last
    ``creep_window_s`` of PTI rates, recent reliefs. ``baseline_`` is what this session learnt (``builder``).
    """

    def __init__(self, foot: str, params: DetectorParams | None = None,
                 baseline: RiderBaseline | None = None, machine: str | None = None,
                 pressure_unit: str = "kPa") -> None:
        self.foot = foot
        self.machine = machine
        self.pressure_unit = pressure_unit
        self.params = params or DetectorParams()
        self._given = baseline or RiderBaseline()
        self._patterns = {name: PatternState() for name in WARNING_PATTERNS}
        self.builder = BaselineBuilder(self.params.baseline_s)
        self._creep = CreepingLoad()  # the last creep_window_s of PTI rates
        self._by_activity: dict[str, tuple] = {}  # cut-offs by activity (_limits)
        self.units_per_kpa = 1.0
        self._scaled: tuple[float, DetectorParams] = (1.0, self.params)  # the params of units_per_kpa
        self._reliefs: list[tuple[float, float]] = []  # reported, not yet older than a window
        self._last_relief_end_s = -math.inf
        self._t0_s: float | None = None
        self._tsr_baseline_s = 0.0  # longest time since relief seen in the baseline period
        self._last_t_s = -math.inf
        self._clock = JudgedClock()  # the loaded time and the hole in the data before each judged window

    @property
    def baseline_(self) -> dict[str, ActivityBaseline]:
        """The baselines learnt in this session, by activity (baseline.normal_key: a declared machine's word)."""
        return self.builder.learnt()

    @property
    def baseline_t_s_(self) -> dict[str, float]:
        """When each of :attr:`baseline_` was learnt, by activity: the end (s) of the window that finished it;
        the windows after it are judged against it (a sign the first minutes showed is then no change)."""
        return self.builder.learnt_t_s()

    @property
    def own_baseline_(self) -> dict[str, ActivityBaseline]:
        """What this session's first minutes give of each activity, judged against a kept normal or not: the
        normal it learnt, or would have learnt had it kept none (by activity, as :attr:`baseline_`)."""
        return self.builder.own()

    def baseline_for(self, activity: str) -> ActivityBaseline | None:
        """The baseline the windows of ``activity`` (a label) are judged against (given, else learnt), or None."""
        key = normal_key(activity, self.machine)
        return self._given.get(self.foot, key) or self.builder.get(key)

    def feed(self, windows: list[WindowFeatures],
             reliefs: list[tuple[float, float]] = ()) -> list[Assessment]:
        """Assessments of ``windows``, in order."""
        self._reliefs.extend((float(a), float(b)) for a, b in reliefs)
        self._reliefs.sort()
        return [self._assess(w) for w in windows]

    def forget_notices(self) -> None:
        """Each pattern whose evidence is on the population tier only (active, or a run of windows showing it)
        starts afresh, inactive, with no window in a row showing it: it neither confirms a pattern with the next
        windows nor keeps one going. Called by the pipeline of an uncalibrated insole's foot when its level
        leaves a start at a fraction of its load (monitor.signal.nominal_scale.LoadedLevel.starts_left): those
        windows were judged as an activity the foot then did not go on with, against limits of a level that was
        not that activity's. Evidence on the change or extreme tier is kept (a problem present from the start
        still warns from it), as are the baseline, the relief clock and the creeping load's PTI rates."""
        for name, pat in self._patterns.items():
            if (pat.tier if pat.active else pat.run_tier) < 1:
                self._patterns[name] = PatternState()

    # -- one window ----------------------------------------------------------------------------------
    def _assess(self, w: WindowFeatures) -> Assessment:
        p = self.params
        if w.t_s <= self._last_t_s:
            raise ValueError("detector: windows must come in time order")
        self._last_t_s = w.t_s
        ratios = focal_ratios(w)  # read by the focal pattern and the metrics
        frac = residual_fraction(w)  # read by the residual and creeping patterns and the metrics
        if self._t0_s is None:
            self._t0_s = first_data_s(w.t_s, w.window_s, w.valid_fraction)
        overlaps = self._apply_reliefs(w) if self._reliefs else False
        if w.relieved_now:
            self._last_relief_end_s = max(self._last_relief_end_s, w.t_s)
        with_data = enough_data(w.valid_fraction, p.min_valid_fraction)
        judged = with_data and not w.relieved_now and not overlaps and not math.isnan(self.units_per_kpa)
        if judged:  # the loaded time it adds; a hole in the data since the last judged window
            step_s, hole_s = self._clock.judged(w.t_s, w.window_s)
            evidence_from_s = max(w.t_s - w.window_s, self._t0_s)
            act = w.activity if w.activity in p.forefoot_share_high else "unknown"
            key = normal_key(act, self.machine)  # a declared machine's own normal, not its class's
            given = None if act == "unknown" else self._given.get(self.foot, key)
            shown = self._shown(w, act, ratios, frac, given)
            if act != "unknown":
                self.builder.add(key, w, kept=given is not None)
            for name, pat in self._patterns.items():
                pat.update(shown[name], evidence_from_s, w.t_s, p.confirm_windows, p.clear_windows, step_s, hole_s)
        else:  # a relief is no hole in the data
            self._clock.skipped(w.t_s, with_data=with_data)
        if self._t0_s is None or w.t_s - self._t0_s <= p.baseline_s:  # windows before the data: the first minutes
            self._tsr_baseline_s = max(self._tsr_baseline_s, w.time_since_relief_s)
        return self._level(w, judged, ratios, frac)

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
    def _shown(self, w: WindowFeatures, act: str, ratios: dict[str, float], frac: float,
               given: ActivityBaseline | None) -> dict[str, int | None]:
        """Each pattern in this judged window: None when its measure is missing, -1 when not shown, else
        the index in TIERS of the strongest tier it shows on. ``frac``: the window's residual_fraction;
        ``given``: the kept normal of ``act``."""
        p = self.params
        base = None if act == "unknown" else given or self.builder.get(normal_key(act, self.machine))
        # a normal kept from earlier sessions is this rider's normal even where it is extreme: there, an
        # extreme value that is no change against it is at most a notice (docs/detection.md)
        kept = given is not None
        limit_kpa, extreme_frac, share_high, cop_limit, norm, extreme_norm = self._limits(act)
        who = person([act])  # whose normal the reasons name
        pats = self._patterns
        out: dict[str, int | None] = {}  # the per-pattern checks: monitor.signal.detector_rules
        out["lateral_overload"] = lateral_tier(p, w, base, kept, who, pats["lateral_overload"])
        out["focal_mth"] = focal_tier(p, w, who, ratios, base, kept, norm, extreme_norm, pats["focal_mth"])
        out["continuous_forefoot_load"], out["residual_unloaded"] = residual_tiers(
            self._residual_params(), w, act, frac, base, kept, limit_kpa * self.units_per_kpa, extreme_frac,
            who, pats["continuous_forefoot_load"], pats["residual_unloaded"])
        out["forefoot_share_high"] = share_tier(p, w, base, kept, share_high, pats["forefoot_share_high"])
        out["cop_forward"] = cop_tier(p, w, base, cop_limit, pats["cop_forward"])
        out["creeping_load"] = self._creep.tier(p, w, act, base, frac, pats["creeping_load"])
        return out

    def _residual_params(self) -> DetectorParams:
        """The params with the residual's absolute limits in the foot's units (``units_per_kpa``)."""
        s = self.units_per_kpa
        if s == 1.0:
            return self.params
        if not self._scaled[0] == s:
            p = self.params
            self._scaled = (s, replace(p, residual_extreme_min_kpa=p.residual_extreme_min_kpa * s,
                                       residual_rise_kpa=p.residual_rise_kpa * s))
        return self._scaled[1]

    def _limits(self, act: str) -> tuple:
        """The cut-offs of activity ``act``, looked up in the params once per activity: residual (kPa),
        extreme residual fraction, forefoot share, centre of pressure, and the focal norm and extreme norm
        (dicts by region)."""
        limits = self._by_activity.get(act)
        if limits is None:
            p = self.params
            limits = self._by_activity[act] = tuple(table.get(act, table.get("unknown")) for table in (
                p.residual_kpa, p.residual_fraction_extreme, p.forefoot_share_high, p.cop_forward_y,
                p.focal_norm, p.focal_extreme_norm))
        return limits

    # -- level ---------------------------------------------------------------------------------------
    def _level(self, w: WindowFeatures, judged: bool, ratios: dict[str, float], frac: float) -> Assessment:
        p = self.params
        clock_from = self._last_relief_end_s
        with_data = enough_data(w.valid_fraction, p.min_valid_fraction)  # as _assess
        best: tuple[int, int, int, str] | None = None
        reasons, shown = [], []  # shown: (pattern, level, region) of every active pattern
        loaded = _most_loaded(w) if any(pat.active for pat in self._patterns.values()) else None
        for i, (name, pat) in enumerate(self._patterns.items()):
            if not pat.active:
                continue
            clock_s = w.t_s - max(pat.since_s, clock_from)
            level = pat.level(clock_s, p.warn_after_s, p.alert_after_s)
            reasons.append(f"{name} ({TIERS[pat.tier]}): {pat.reason_in(self.pressure_unit)}; "
                           f"{pat.exposure_s:.0f} s under load, {max(clock_s, 0.0):.0f} s without relief")
            region = pat.region if name in HEAD_PATTERNS else loaded
            shown.append((name, level if region is not None else "notice", region))  # no region: a notice
            key = (_RANK[level], pat.tier, -i, name)
            if best is None or key > best:
                best = key
        metrics = {"forefoot_share": w.forefoot_share, "cop_y_mean": w.cop_y_mean, "ml_index": w.ml_index,
                   "residual_forefoot_kpa": w.residual_forefoot_kpa, "residual_fraction": frac,
                   "time_since_relief_s": w.time_since_relief_s, "valid_fraction": w.valid_fraction,
                   "focal_mth2_3": ratios.get("mth2_3", math.nan), "judged": 1.0 if judged else 0.0}
        if best is not None:
            name, level, region = next(s for s in shown if s[0] == best[3])
            if region is None and best[0] > _RANK["notice"]:
                reasons.append("the layout resolves no forefoot region to name")
            gathering = tuple(n for n, pat in self._patterns.items() if pat.active and pat.tier >= 1)
            return Assessment(self.foot, w.t_s, level, name, region, self._patterns[name].since_s, tuple(reasons),
                              metrics, tuple(shown), with_data, self.units_per_kpa, gathering)
        notice = self._relief_notice(w)
        if notice is not None:
            name, reason = notice
            return Assessment(self.foot, w.t_s, "notice", name, _most_loaded(w),
                              w.relief_t_s if math.isfinite(w.relief_t_s) else w.t_s - w.time_since_relief_s,
                              (reason,), metrics, with_data=with_data, units_per_kpa=self.units_per_kpa)
        return Assessment(self.foot, w.t_s, "none", metrics=metrics, with_data=with_data,
                          units_per_kpa=self.units_per_kpa)

    def _relief_notice(self, w: WindowFeatures) -> tuple[str, str] | None:
        """The reminder of a long stretch without relief, or None; none while the foot's loaded level is unknown
        (``units_per_kpa`` NaN: no relief can start, so its time since relief says nothing)."""
        p = self.params
        if math.isnan(self.units_per_kpa):
            return None
        tsr = w.time_since_relief_s
        if tsr >= p.notice_no_relief_s:
            return "no_relief", f"no forefoot relief for {tsr / 60:.0f} min"
        baseline_over = self._t0_s is not None and w.t_s - self._t0_s > p.baseline_s
        rare_s = max(p.relief_rare_min_s, p.relief_rare_ratio * self._tsr_baseline_s)
        if baseline_over and tsr >= rare_s:
            return "relief_rare", (f"no forefoot relief for {tsr / 60:.0f} min, against at most "
                                   f"{self._tsr_baseline_s / 60:.0f} min early in the session")
        return None


def _most_loaded(w: WindowFeatures) -> str | None:
    """The alert region with the highest PTI rate (peak pressure when PTI is missing); the first in
    FOREFOOT_REGIONS on a tie."""
    for table in (w.pti_kpa_s_per_min, w.peak_kpa):
        best, most = None, math.nan
        for r in FOREFOOT_REGIONS:
            v = table.get(r, math.nan)
            if not math.isnan(v) and (best is None or v > most):
                best, most = r, v
        if best is not None:
            return best
    return None
