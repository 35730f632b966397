"""The rider's own normal: a baseline of one foot's window features, per activity. Pure.

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

Every measure is a ratio of pressures or a pressure in kPa, but insoles do not read alike: small discrete
transducers read about twice what a pedar grid does (domain.md [2][3] W: "compare
within device"), and an uncalibrated insole's values are counts at a nominal scale. So a baseline holds the
insole kind it was learnt on (:attr:`RiderBaseline.insole`, monitor.session.insole_kinds) and judges
sessions of that kind only. A :class:`RiderBaseline` holds both feet's and can be saved and read back as
JSON (monitor.session.riders keeps them per rider and insole kind), so a known rider is judged against
their own normal from the first minute.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from monitor.codebook import FOREFOOT_REGIONS, MOST_KPA
from monitor.signal.activity_words import ACTIVITY_WORDS
from monitor.signal.types import WindowFeatures
from monitor.util.arguments import kind_of

#: The metatarsal regions a focal rise can name.
MTH_REGIONS = ("mth1", "mth2_3", "mth4_5")
#: The detector's one class of the stepping machines, which the pressure does not tell apart.
MACHINE_CLASS = "elliptical_or_stair"
#: The stepping machines a session may declare: each keeps its own normal, under its own word, though the
#: detector's rules (its cut-offs) are the class's. A normal under MACHINE_CLASS itself is an undeclared
#: machine session's (which machine is not known), or one kept before the machines were kept apart.
MACHINES = ("elliptical", "stair_climber")
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
#: Why a kept normal may hold the problem it is meant to show (:attr:`ActivityBaseline.caution`): the session
#: that kept it warned on that foot ("warned": a warning or an alert), or showed an early sign there (a notice)
#: in the first minutes the normal was learnt from ("early_sign"); docs/detection.md, "The rider's own normal".
CAUTIONS = ("warned", "early_sign")


def normal_key(activity: str, machine: str | None = None) -> str:
    """The key a normal of pipeline label ``activity`` is kept and looked up under: the declared ``machine``
    (one of MACHINES, a session's word) for the machine class, else the label itself. A declared elliptical
    is judged against earlier elliptical sessions only, never a stair climber's nor an undeclared machine
    session's (docs/detection.md, "The rider's own normal")."""
    return machine if activity == MACHINE_CLASS and machine in MACHINES else activity


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
    ``caution``: one of CAUTIONS where the session that kept it warned on that foot or showed an early sign
    there in its first minutes, so the normal may hold the problem (None: none known; left out of the JSON).
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
            raise ValueError(f"{where}: unknown field {sorted(unknown)[0]!r}")
        return cls(n, focal={r: float(v) for r, v in focal.items()}, caution=caution, kept_utc=kept_utc, **values)


@dataclass(frozen=True)
class RiderBaseline:
    """Both feet's normal: ``feet[foot][activity]`` -> :class:`ActivityBaseline` (pipeline activity labels,
    but a declared stepping machine's word, MACHINES, in place of the machine class: :func:`normal_key`).
    ``insole``: the insole kind it was learnt on (monitor.session.insole_kinds.session_insole), None where
    not known (a normal kept before the kind was kept with it, or made by hand)."""

    feet: dict[str, dict[str, ActivityBaseline]] = field(default_factory=dict)
    insole: str | None = None

    @staticmethod
    def checked(baseline: Any) -> RiderBaseline | None:
        """``baseline`` when it is None or a RiderBaseline; else a TypeError naming the argument (a path or a
        dict given where an analysis's ``result.baseline`` goes)."""
        if baseline is None or isinstance(baseline, RiderBaseline):
            return baseline
        raise TypeError("baseline takes a RiderBaseline (an earlier analysis's result.baseline), "
                        f"not {kind_of(baseline)}")

    def get(self, foot: str, activity: str) -> ActivityBaseline | None:
        return self.feet.get(foot, {}).get(activity)

    def kept_feet(self, activities: dict[str, str | None], machine: str | None = None) -> dict[str, bool]:
        """Per foot whose activity is known, whether this normal keeps it (``activities``: foot -> pipeline
        label; None or "unknown": not known, left out; ``machine``: the session's declared word, which
        machine the machine class is, :func:`normal_key`): True where that foot is judged against this
        normal from its first window, False where its normal is learnt from the session's first minutes.
        Each foot is looked up alone (the detector's ``get(foot, activity)``): a normal kept for one foot
        holds that foot only."""
        return {foot: self.get(foot, normal_key(act, machine)) is not None
                for foot, act in activities.items() if act and act != "unknown"}

    def activities(self) -> list[str]:
        """The activities (pipeline labels) kept for either foot, sorted."""
        return sorted({act for acts in self.feet.values() for act in acts})

    def kept_with_session(self, machine: str | None) -> RiderBaseline:
        """This normal as a session declared ``machine`` keeps it (its baseline.json): without the machine
        class's normal when ``machine`` is one of MACHINES, which such a session never judges against
        (:func:`normal_key`). A session's baseline.json holding the class's normal and not the machine's is
        then one kept before the machines were kept apart (:meth:`as_judged_live`)."""
        if machine not in MACHINES:
            return self
        return RiderBaseline({foot: {a: b for a, b in acts.items() if a != MACHINE_CLASS}
                              for foot, acts in self.feet.items()}, self.insole)

    def as_judged_live(self, machine: str | None) -> RiderBaseline:
        """A session's own baseline.json as its live run judged against it. Kept before the two machines
        kept a normal each, it holds the class's normal only (MACHINE_CLASS), and a session declared
        ``machine`` (one of MACHINES) was judged against that: per foot holding the class's normal and not
        the machine's, the class's normal is given under the machine's word too. Only for a session's own
        baseline.json: a rider's kept normal keeps :func:`normal_key`'s rule (docs/detection.md, "The
        rider's own normal")."""
        if machine not in MACHINES:
            return self
        feet = {foot: ({**acts, machine: acts[MACHINE_CLASS]} if MACHINE_CLASS in acts and machine not in acts
                       else dict(acts)) for foot, acts in self.feet.items()}
        return RiderBaseline(feet, self.insole)

    def without(self, keys: dict[str, str]) -> RiderBaseline:
        """This normal without each foot's normal of one activity (``keys``: foot -> :func:`normal_key`),
        the foot's other activities kept (and the insole kind)."""
        return RiderBaseline({foot: {a: b for a, b in acts.items() if keys.get(foot) != a}
                              for foot, acts in self.feet.items()}, self.insole)

    def cautioned(self, cautions: dict[str, str]) -> RiderBaseline:
        """This normal with each foot of ``cautions`` (foot -> one of CAUTIONS) marked so in every activity it
        holds: the session keeping it warned on that foot or showed an early sign there in its first minutes."""
        return RiderBaseline({foot: {a: replace(b, caution=cautions[foot]) if foot in cautions else b
                                     for a, b in acts.items()} for foot, acts in self.feet.items()}, self.insole)

    def stamped(self, kept_utc: str | None) -> RiderBaseline:
        """This normal with every activity of every foot marked as kept by the session started at ``kept_utc``
        (its session.json ``start_utc``; None: left as it is)."""
        if kept_utc is None:
            return self
        return RiderBaseline({foot: {a: replace(b, kept_utc=kept_utc) for a, b in acts.items()}
                              for foot, acts in self.feet.items()}, self.insole)

    def caution(self, foot: str, activity: str) -> str | None:
        """The caution (one of CAUTIONS, or None) of ``foot``'s normal of ``activity`` (a normal_key)."""
        kept = self.get(foot, activity)
        return None if kept is None else kept.caution

    def merged(self, other: RiderBaseline) -> RiderBaseline:
        """This baseline with ``other``'s activities added or replacing this one's (the insole kind: this
        one's, else ``other``'s): a foot's normal of an activity replaced takes its caution with it."""
        feet = {foot: dict(acts) for foot, acts in self.feet.items()}
        for foot, acts in other.feet.items():
            feet.setdefault(foot, {}).update(acts)
        return RiderBaseline(feet, self.insole or other.insole)

    def to_dict(self) -> dict[str, Any]:
        kind = {} if self.insole is None else {"insole": self.insole}
        return {"schema": "solewatch.baseline/1", **kind,
                "feet": {foot: {act: b.to_dict() for act, b in acts.items()} for foot, acts in self.feet.items()}}

    @classmethod
    def from_dict(cls, d: Any, where: str = "baseline") -> RiderBaseline:
        if not isinstance(d, dict) or d.get("schema") != "solewatch.baseline/1":
            raise ValueError(f"{where}: not a Solewatch baseline (schema solewatch.baseline/1)")
        insole = d.get("insole")
        if insole is not None and (not isinstance(insole, str) or not insole):
            raise ValueError(f"{where}: insole must be an insole kind (text) or left out")
        feet = d.get("feet")
        if not isinstance(feet, dict) or any(f not in ("left", "right") for f in feet):
            raise ValueError(f"{where}: feet must be an object with left and/or right")
        out: dict[str, dict[str, ActivityBaseline]] = {}
        for foot, acts in feet.items():
            if not isinstance(acts, dict):
                raise ValueError(f"{where}: feet.{foot} must be an object of activities")
            unknown = [a for a in acts if a not in ACTIVITY_WORDS]
            if unknown:  # a normal kept for no activity the analysis knows would never be used, silently
                raise ValueError(f"{where}: feet.{foot}: unknown activity {unknown[0]!r} (known: "
                                 f"{', '.join(a for a in ACTIVITY_WORDS if a != 'unknown')})")
            out[foot] = {str(a): ActivityBaseline.from_dict(b, f"{where}: feet.{foot}.{a}") for a, b in acts.items()}
        return cls(out, insole)


class BaselineBuilder:
    """Learns one foot's baseline per activity from its first ``baseline_s`` of judged windows.

    ``add(activity, w)`` takes a judged window; ``get(activity)`` gives the finished baseline, or None
    while it is still being learnt. ``add(activity, w, kept=True)``: a window of an activity judged against
    a kept normal, learnt only to be told apart from that normal (:meth:`own`: whether the kept normal is
    what this session's first minutes give), never as the session's normal (:meth:`learnt`, :meth:`get`).
    Memory: the measures of at most ``baseline_s / step_s`` windows per activity, while learning.
    """

    def __init__(self, baseline_s: float, min_windows: int = 6) -> None:
        self.baseline_s = baseline_s
        self.min_windows = min_windows
        self._start: dict[str, float] = {}
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._done: dict[str, ActivityBaseline] = {}
        self._kept: set[str] = set()  # the activities added with kept=True
        self._last: dict[str, float] = {}  # the newest judged window's time, by activity (s)
        self._done_t_s: dict[str, float] = {}  # the end of the window that finished each activity's (s)

    def get(self, activity: str) -> ActivityBaseline | None:
        return None if activity in self._kept else self._done.get(activity)

    def learning(self, activity: str) -> bool:
        return activity not in self._done

    def add(self, activity: str, w: WindowFeatures, kept: bool = False) -> ActivityBaseline | None:
        """Takes a judged window of ``activity`` (``kept``: judged against a kept normal of it); returns the
        baseline when this window finishes it."""
        if kept:
            self._kept.add(activity)
        if activity in self._done:
            return None
        start = self._start.setdefault(activity, w.t_s)
        self._last[activity] = w.t_s
        rows = self._rows.setdefault(activity, [])
        if w.t_s - start >= self.baseline_s and len(rows) >= self.min_windows:
            self._done[activity] = done = summarise(rows)
            self._done_t_s[activity] = w.t_s
            del self._rows[activity]
            return done
        rows.append(window_measures(w))
        return None

    def learnt(self) -> dict[str, ActivityBaseline]:
        """The session's normal, by activity: of the activities judged against none kept."""
        return {act: b for act, b in self._done.items() if act not in self._kept}

    def learnt_t_s(self) -> dict[str, float]:
        """When each normal of :meth:`learnt` was finished, by activity: the end (s, session time) of the
        window that finished it; the windows after it are judged against it."""
        return {act: self._done_t_s[act] for act in self.learnt()}

    def judged_s(self) -> float:
        """How far the judged windows of the activity furthest along reach past its first one (s; 0: none
        judged), of the activities judged against no kept normal (those a session's normal is learnt of,
        :meth:`learnt`): how much of the ``baseline_s`` a normal takes this foot gave. ``baseline_s`` where
        one was learnt; an activity whose windows spanned it but were too few (``min_windows``, holes in its
        data) reads just short of it, as it gave no normal."""
        spans = [self.baseline_s if a in self._done else
                 min(self._last[a] - self._start[a], math.nextafter(self.baseline_s, 0.0))
                 for a in self._start if a not in self._kept]
        return max(spans, default=0.0)

    def judged_any(self) -> bool:
        """Whether any window was judged towards a normal of this session's own (:meth:`judged_s` is 0 for
        none and for a single window of each activity alike)."""
        return any(a not in self._kept for a in self._start)

    def own(self) -> dict[str, ActivityBaseline]:
        """What the first ``baseline_s`` of judged windows gave, by activity, a normal kept of it or not."""
        return dict(self._done)


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


def summarise(rows: list[dict[str, Any]]) -> ActivityBaseline:
    """The median of each measure over ``rows`` (missing values left out)."""
    def med(values: list[float]) -> float:
        a = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
        return float(np.median(a)) if a.size else math.nan

    focal = {}
    for r in MTH_REGIONS:
        v = med([row["focal"].get(r, math.nan) for row in rows])
        if not math.isnan(v) and v > 0:
            focal[r] = v
    return ActivityBaseline(len(rows), focal=focal, **{k: med([row[k] for row in rows]) for k in SCALARS})
