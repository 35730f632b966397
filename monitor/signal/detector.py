"""The detector of sustained forefoot load: rolling window features of one foot -> Assessments.

Rules (docs/detection.md explains each, with the evidence of every default in DetectorParams):

- **Patterns present from the first minute, judged within the foot**, per judged window:
  ``forefoot_share_high`` (forefoot share above the activity's normal range), ``focal_mth`` (a metatarsal
  region's peak well above the other forefoot regions, against the activity's normal ratio; judged only
  when the layout resolves MTH1, MTH2-3, MTH4-5 and the hallux, the set the normal ratios refer to),
  ``lateral_overload`` (mediolateral index high), ``cop_forward`` (centre of pressure far forward),
  ``residual_unloaded`` (forefoot pressure left in the unloaded phase; on stepping machines, where the
  foot never leaves the pedal, it is called ``continuous_forefoot_load``).
- **Patterns that grow, judged against the person's own baseline** (the first ``baseline_s`` of judged
  windows of the activity): ``creeping_load`` (forefoot PTI rate rising), ``relief_rare`` (time since
  relief well beyond the baseline's longest stretch).
- A pattern starts after ``confirm_windows`` judged windows in a row show it and ends after
  ``clear_windows`` in a row without it. Its ``since_s`` is the start of the first window that showed it
  (creeping load: of the window where the average rose through ``creep_onset_ratio``).
- **The clock** of a pattern runs from ``max(since_s, end of the last relief)``; a relief (monitor.signal.
  features: forefoot below the floor for 20 s or more) resets it: while the window reports a relief in
  progress the clock is held at zero, and it restarts when the relief ends. Unloaded swings in gait do
  NOT reset it: gait patterns are judged on pressure.
- **Levels**: an active elevated or focal pattern is a ``notice`` at once, a ``warning`` once its clock
  reaches ``warn_after_s``, an ``alert`` once it reaches ``warn_after_s + alert_after_s``. Creeping load
  grew over minutes against the first minutes of the session (swelling is not undone by a short relief):
  it is a ``warning`` once confirmed, and an ``alert`` by the same clock. Without a
  pattern, a long stretch without relief (``time_since_relief_s`` of the window, where unloaded swings
  count) is at most a ``notice`` (``no_relief``, or ``relief_rare`` against the baseline); otherwise
  ``none``.
- **Naming**: from ``warning`` up the region is always one of mth1, mth2_3, mth4_5, hallux: the focal
  region, MTH4-5 for lateral overload, else the region with the highest PTI rate. A layout that resolves
  none of them cannot name one: its level stops at ``notice``.

Windows are not judged (they change no pattern, but still get an Assessment) when less than
``min_valid_fraction`` of their data is present, when a relief is in progress, or when they overlap a
relief that has ended.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from monitor.codebook import FOREFOOT_REGIONS, region_name
from monitor.signal.params import DetectorParams
from monitor.signal.regions import FOREFOOT_SHARE_REGIONS, MTH_REGIONS
from monitor.signal.types import LEVELS, Assessment, WindowFeatures

#: Elevated or focal patterns, most specific first: when several hold at the same level, the first names
#: the assessment.
WARNING_PATTERNS = ("lateral_overload", "focal_mth", "residual_unloaded", "continuous_forefoot_load",
                    "forefoot_share_high", "cop_forward", "creeping_load")
#: Patterns that never go above a notice: a long stretch without relief under normal load.
NOTICE_PATTERNS = ("relief_rare", "no_relief")
#: Patterns that grew against the person's own baseline: their growth already took minutes under load,
#: so they warn once confirmed; a relief resets only their escalation to an alert.
_GROWTH_PATTERNS = ("creeping_load",)
#: Activities in which a residual in the "unloaded" phase means the foot never leaves the pedal.
_CONTINUOUS_CONTACT = ("elliptical_or_stair",)

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

_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass
class _Pattern:
    """Start/stop state of one pattern."""

    active: bool = False
    on: int = 0  # judged windows in a row that showed it
    off: int = 0  # judged windows in a row that did not
    run_start_s: float = math.nan  # evidence start of the current run of showing windows
    since_s: float = math.nan
    region: str | None = None
    reason: str = ""

    def update(self, shown: bool | None, evidence_from_s: float, confirm: int, clear: int) -> None:
        if shown is None:
            return
        if shown:
            if self.on == 0:
                self.run_start_s = evidence_from_s
            self.on += 1
            self.off = 0
            if not self.active and self.on >= confirm:
                self.active, self.since_s = True, self.run_start_s
        else:
            self.off += 1
            self.on = 0
            if self.active and self.off >= clear:
                self.active, self.since_s = False, math.nan


@dataclass
class _Baseline:
    """The first ``baseline_s`` of judged windows of one activity: mean forefoot PTI rate."""

    start_s: float
    pti_sum: float = 0.0
    n: int = 0
    done: bool = False

    @property
    def pti_rate(self) -> float:
        return self.pti_sum / self.n if self.n else math.nan


class ForefootDetector:
    """Assesses one foot, one Assessment per window (monitor.signal.types.WindowFeatures).

    Parameters
    ----------
    foot : "left" or "right"
    params : DetectorParams

    ``feed(windows, reliefs)`` takes windows in time order and the reliefs (``(start_s, end_s)``) completed
    since the last call (monitor.signal.features.FeatureAccumulator.reliefs_). State is bounded: a few
    numbers per pattern and activity, the last ``creep_window_s`` of PTI rates, recent reliefs.
    """

    def __init__(self, foot: str, params: DetectorParams | None = None) -> None:
        self.foot = foot
        self.params = params or DetectorParams()
        self._patterns = {name: _Pattern() for name in WARNING_PATTERNS}
        self._baselines: dict[str, _Baseline] = {}
        self._creep: deque[tuple[float, float]] = deque()  # (t_s, forefoot PTI rate) of judged windows
        self._creep_onset_s = math.nan
        self._creep_activity: str | None = None
        self._reliefs: list[tuple[float, float]] = []  # reported, not yet older than a window
        self._last_relief_end_s = -math.inf
        self._t0_s: float | None = None
        self._tsr_baseline_s = 0.0  # longest time since relief seen in the baseline period
        self._last_t_s = -math.inf

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
        if self._t0_s is None:
            self._t0_s = w.t_s - w.window_s * max(w.valid_fraction, 0.0)
        overlaps = self._apply_reliefs(w)
        if w.relieved_now:
            self._last_relief_end_s = max(self._last_relief_end_s, w.t_s)
        judged = w.valid_fraction >= p.min_valid_fraction and not w.relieved_now and not overlaps
        evidence_from_s = max(w.t_s - w.window_s, self._t0_s)
        shown = self._shown(w) if judged else {}
        for name, pat in self._patterns.items():
            start = self._creep_onset_s if name == "creeping_load" and not math.isnan(self._creep_onset_s) \
                else evidence_from_s
            pat.update(shown.get(name), start, p.confirm_windows, p.clear_windows)
        if w.t_s - self._t0_s <= p.baseline_s:
            self._tsr_baseline_s = max(self._tsr_baseline_s, w.time_since_relief_s)
        return self._level(w)

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
    def _shown(self, w: WindowFeatures) -> dict[str, bool | None]:
        """Each pattern in this judged window: True, False, or None when its measure is missing."""
        p = self.params
        act = w.activity if w.activity in p.forefoot_share_high else "unknown"
        out: dict[str, bool | None] = {}
        pats = self._patterns

        share_high = _get(p.forefoot_share_high, act)
        out["forefoot_share_high"] = _above(w.forefoot_share, share_high)
        pats["forefoot_share_high"].reason = f"forefoot share {w.forefoot_share:.2f} above {share_high:.2f}"

        focal, region, ratio = self._focal(w, act)
        out["focal_mth"] = focal
        if focal:
            pats["focal_mth"].region = region
            pats["focal_mth"].reason = (f"{region_name(region)} peak {w.peak_kpa[region]:.0f} kPa, "
                                        f"{ratio:.2f} x its normal share of the forefoot")

        out["lateral_overload"] = _above(w.ml_index, p.ml_index_high)
        pats["lateral_overload"].region = "mth4_5"
        pats["lateral_overload"].reason = f"mediolateral index {w.ml_index:+.2f} above {p.ml_index_high:+.2f}"

        cop = _get(p.cop_forward_y, act)
        out["cop_forward"] = _above(w.cop_y_mean, cop)
        pats["cop_forward"].reason = (f"centre of pressure at {w.cop_y_mean:.2f} of foot length, "
                                      f"beyond {cop:.2f}")

        resid = _get(p.residual_kpa, act)
        shown_resid = _above(w.residual_forefoot_kpa, resid)
        if shown_resid is None:
            out["continuous_forefoot_load"] = out["residual_unloaded"] = None
        elif act in _CONTINUOUS_CONTACT:
            out["continuous_forefoot_load"], out["residual_unloaded"] = shown_resid, False
        else:
            out["continuous_forefoot_load"], out["residual_unloaded"] = False, shown_resid
        text = f"forefoot keeps {w.residual_forefoot_kpa:.0f} kPa in the unloaded phase (limit {resid:.0f})"
        pats["continuous_forefoot_load"].reason = pats["residual_unloaded"].reason = text

        out["creeping_load"] = self._creeping(w, act)
        return out

    def _focal(self, w: WindowFeatures, act: str) -> tuple[bool | None, str | None, float]:
        """Whether a metatarsal region stands out: (shown, region, ratio to its normal ratio)."""
        p = self.params
        norm = _get(p.focal_norm, act)
        known = {r: w.peak_kpa.get(r, math.nan) for r in FOREFOOT_REGIONS}
        if any(math.isnan(v) for v in known.values()):
            return None, None, math.nan  # the norms compare against all four regions
        best, best_ratio = None, -math.inf
        for r in MTH_REGIONS:
            if r not in norm:
                continue
            others = _mean([v for o, v in known.items() if o != r])
            if not others > 0:
                continue
            ratio = known[r] / others / norm[r]
            if ratio > best_ratio:
                best, best_ratio = r, ratio
        if best is None:
            return None, None, math.nan
        return best_ratio >= p.focal_ratio, best, best_ratio

    def _creeping(self, w: WindowFeatures, act: str) -> bool | None:
        """Forefoot PTI rate against the activity's baseline; keeps the baseline and the rolling mean."""
        p = self.params
        rate = sum(v for r, v in w.pti_kpa_s_per_min.items()
                   if r in FOREFOOT_SHARE_REGIONS and not math.isnan(v))
        if not rate > 0:
            return None
        base = self._baselines.get(act)
        if base is None:
            base = self._baselines[act] = _Baseline(start_s=w.t_s)
        if not base.done:
            if w.t_s - base.start_s < p.baseline_s:
                base.pti_sum += rate
                base.n += 1
                return None
            base.done = True
            self._creep.clear()
        if self._creep_activity != act:
            self._creep.clear()
            self._creep_activity = act
            self._creep_onset_s = math.nan
        self._creep.append((w.t_s, rate))
        while self._creep and self._creep[0][0] <= w.t_s - p.creep_window_s:
            self._creep.popleft()
        if not base.n or self._creep[-1][0] - self._creep[0][0] < 0.5 * p.creep_window_s:
            return None
        ratio = _mean([v for _, v in self._creep]) / base.pti_rate
        if ratio >= p.creep_onset_ratio:
            if math.isnan(self._creep_onset_s):
                self._creep_onset_s = max(w.t_s - p.creep_window_s, base.start_s + p.baseline_s)
        else:
            self._creep_onset_s = math.nan
        pat = self._patterns["creeping_load"]
        pat.reason = f"forefoot PTI at {ratio:.2f} x the first {p.baseline_s / 60:.0f} min"
        return ratio >= p.creep_ratio

    # -- level ---------------------------------------------------------------------------------------
    def _level(self, w: WindowFeatures) -> Assessment:
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
            level = "warning" if name in _GROWTH_PATTERNS else "notice"
            if clock_s >= p.warn_after_s + p.alert_after_s:
                level = "alert"
            elif clock_s >= p.warn_after_s:
                level = "warning"
            reasons.append(f"{name}: {pat.reason}; {max(clock_s, 0.0):.0f} s without relief")
            key = (_RANK[level], -i, name)
            if best is None or key > best:
                best = key
        metrics = {"forefoot_share": w.forefoot_share, "cop_y_mean": w.cop_y_mean, "ml_index": w.ml_index,
                   "residual_forefoot_kpa": w.residual_forefoot_kpa,
                   "time_since_relief_s": w.time_since_relief_s, "valid_fraction": w.valid_fraction}
        if best is not None:
            name = best[2]
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
    """numpy.mean of a list, the same value: numpy adds fewer than 8 items one after the other to 0.0
    (longer arrays pairwise, left to numpy); a short list costs far less in Python."""
    if not 0 < len(values) < 8:
        return float(np.mean(values))
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


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
