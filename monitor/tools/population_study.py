"""The population study: detection judged on riders of firmware_sim.population, knowing only its output.

The study calls ``monitor.analyze(session, params)`` and reads ``result.alerts`` (level, foot, region,
t_s) and nothing else of the detector, and compares them with the ride's ground truth (``ride.truth``:
condition, foot, region, onset_s, relief intervals). docs/validation.md states the rules; in short:

* A *warning* is an alert of level ``warning`` or ``alert``.
* An affected foot is *detected* when its first warning at or after the onset comes within
  ``WARN_WITHIN_S`` (8 min, the issue's target) of the onset. Its latency is that warning's time minus the
  onset. A warning on an affected foot before the onset is a false warning.
* The region: ``focal`` must name ``mth2_3``, ``lateral`` ``mth4_5`` (checked only where the layout
  resolves that region); ``tight_shoe``, ``swelling`` and ``toe_clip`` load the whole forefoot, so any
  forefoot region, or none, is right there (:data:`EXPECTED_REGION`, :data:`WHOLE_FOREFOOT`).
* An affected foot whose ride ends less than ``WARN_WITHIN_S`` after the onset is not judged for recall.
* Every warning on a foot the condition does not affect (both feet of a healthy rider) is false.
* A healthy rider's relief habit comes from the truth, never from the detector (:func:`relief_class`).
* A ride whose analysis raises is kept, with its error, and fails.

Scoring (:func:`score_ride`) is pure. :func:`run_study` renders, analyses and scores each task (a rider
through one layout, rate, noise and quantisation), in worker processes when ``workers > 1``; the
rendering seed depends on the task alone, so the outcomes are the same for any worker count. Aggregation
into tables is in monitor.tools.population_tables.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monitor.codebook import FEET

#: The issue's target: a warning within 8 minutes of a condition's onset.
WARN_WITHIN_S = 8 * 60.0
#: A healthy rider "relieves at least every 8 minutes" when no loaded stretch of the ride (start or end of
#: a relief to the next, the ride's start and end included) lasts longer than this (the issue's figure).
RELIEF_EVERY_S = 8 * 60.0
#: At most 1 false warning per 20 rider-hours of healthy relieving riders counts as 0 (the issue's figure).
MAX_FALSE_PER_RIDER_HOUR = 1 / 20
WARNING_LEVELS = ("warning", "alert")
LEVEL_RANK = {"none": 0, "notice": 1, "warning": 2, "alert": 3}
#: The region a condition's warnings must name (None: whole-forefoot condition, see WHOLE_FOREFOOT).
EXPECTED_REGION = {"healthy": None, "focal": "mth2_3", "lateral": "mth4_5", "tight_shoe": None,
                   "swelling": None, "toe_clip": None}
#: Regions accepted for a whole-forefoot condition; a warning naming no region is accepted as well.
WHOLE_FOREFOOT = ("mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes")
#: Sensor labels that resolve each checked region (the monitor's grouping, monitor/codebook.py).
REGION_MEMBERS = {"mth2_3": ("mth2", "mth3", "mth2_3"), "mth4_5": ("mth4", "mth5", "mth4_5")}


def relief_class(truth: dict[str, Any], duration_s: float) -> str:
    """``"every_8min"`` when no loaded stretch of the ride exceeds RELIEF_EVERY_S, ``"never"`` without any
    relief, else ``"less_often"``; from the truth's relief intervals ``[start_s, end_s)``."""
    relief = sorted((float(a), float(b)) for a, b in truth.get("relief") or [] if a < duration_s)
    if not relief:
        return "never"
    edges = [0.0] + [x for a, b in relief for x in (a, b)] + [duration_s]
    longest = max(edges[i + 1] - edges[i] for i in range(0, len(edges), 2))
    return "every_8min" if longest <= RELIEF_EVERY_S else "less_often"


def resolved_regions(layout_regions: list[str]) -> set[str]:
    """Of the checked regions (REGION_MEMBERS), those a foot with these sensor labels resolves."""
    return {r for r, members in REGION_MEMBERS.items() if set(members) & set(layout_regions)}


#: A known rider's normal is learnt from an earlier healthy ride of this length (s): the baseline needs
#: DetectorParams.baseline_s of judged windows, and a rider may stop once or twice in it.
PREVIOUS_RIDE_S = 600.0


@dataclass(frozen=True)
class Rendering:
    """How a ride was rendered: layout, rate (Hz), noise SD (kPa), quantisation step (kPa), duration (s),
    and whether the rider is ``known``: analysed against the normal kept from an earlier healthy ride of
    the same person (RiderSpec.previous_ride, rendered the same way), as ``--rider NAME`` does; else
    a first ride, the normal learnt from the ride's own first minutes."""

    layout: str
    rate_hz: int
    noise_sd_kpa: float
    quant_step_kpa: float
    duration_s: float
    known: bool = False


@dataclass
class FootOutcome:
    """One foot of one rendered ride, judged.

    affected : the condition acts on this foot
    relief : healthy rider's relief class (relief_class), "" for a rider with a condition
    warnings_t_s : times (s) of every warning on this foot
    false_warnings : warnings not explained by a condition (healthy foot, or before the onset)
    latency_s : first warning at or after the onset minus the onset (NaN: none); affected feet only
    region_ok : the first warning after the onset names an accepted region (None: not checked)
    error : non-empty when rendering or analysis raised (the outcome holds the truth only)
    late_cycles : cycles the analysis reported after the window that should hold them was final
        (``FeatureAccumulator.late_cycles_``; 0 when streaming equals batch)
    """

    rider_id: str
    held_out: bool
    activity: str
    condition: str
    foot: str
    affected: bool
    bilateral: bool
    onset_s: float | None
    relief: str
    rendering: Rendering
    max_level: str = "none"
    warnings_t_s: list[float] = field(default_factory=list)
    false_warnings: int = 0
    latency_s: float = float("nan")
    region: str | None = None
    region_ok: bool | None = None
    error: str = ""  # the analysis raised this (type: message); the ride is then a failure
    late_cycles: int = 0

    @property
    def judged(self) -> bool:
        """An affected foot whose ride lasts WARN_WITHIN_S past the onset (else it cannot be late)."""
        return self.affected and self.onset_s is not None and \
            self.onset_s + WARN_WITHIN_S <= self.rendering.duration_s

    @property
    def detected(self) -> bool:
        return self.affected and bool(np.isfinite(self.latency_s)) and self.latency_s <= WARN_WITHIN_S

    @property
    def hours(self) -> float:
        return self.rendering.duration_s / 3600.0


def _level(alerts: list[Any]) -> str:
    return max((a.level for a in alerts if a.level in LEVEL_RANK), key=LEVEL_RANK.get, default="none")


def score_ride(truth: dict[str, Any], rendering: Rendering, alerts: list[Any], held_out: bool,
               layout_regions: dict[str, list[str]] | None = None) -> list[FootOutcome]:
    """Judge the alerts of one ride (objects with ``t_s``, ``foot``, ``level``, ``region``) against its
    truth. ``layout_regions``: foot -> sensor labels, for whether a condition's region can be named at
    all (default: always checked). One FootOutcome per foot, left then right."""
    kind = truth.get("condition") or "healthy"
    cfoot = truth.get("foot")
    onset = float(truth["onset_s"]) if truth.get("onset_s") is not None else None
    relief = relief_class(truth, rendering.duration_s) if kind == "healthy" else ""
    out = []
    for foot in FEET:
        affected = kind != "healthy" and cfoot in (foot, "both")
        mine = sorted((a for a in alerts if a.foot == foot), key=lambda a: a.t_s)
        warns = [a for a in mine if a.level in WARNING_LEVELS]
        o = FootOutcome(truth.get("rider_id", "?"), held_out, truth.get("activity", "?"), kind, foot, affected,
                        cfoot == "both", onset if affected else None, relief, rendering, _level(mine),
                        [float(a.t_s) for a in warns])
        if not affected:
            o.false_warnings = len(warns)
            out.append(o)
            continue
        o.false_warnings = sum(a.t_s < onset for a in warns)
        first = next((a for a in warns if a.t_s >= onset), None)
        if first is not None:
            o.latency_s, o.region = float(first.t_s - onset), first.region
            want = EXPECTED_REGION.get(kind)
            if want is None:
                o.region_ok = first.region is None or first.region in WHOLE_FOREFOOT
            elif layout_regions is None or want in resolved_regions(layout_regions.get(foot, [])):
                o.region_ok = first.region == want
        out.append(o)
    return out


# ---------------------------------------------------------------------------- running the study


def _render_ride(rider: Any, r: Rendering, seed: int) -> Any:
    """Render ``rider`` as ``r`` says (through monitor.tools.population_wiring)."""
    from monitor.tools.population_wiring import render_ride

    return render_ride(rider, r.layout, r.rate_hz, r.noise_sd_kpa, r.quant_step_kpa, r.duration_s, seed)


def analyze_ride(ride: Any, rendering: Rendering, params: Any = None, baseline: Any = None) -> list[FootOutcome]:
    """Analyse a rendered ride (RenderedRide) with the monitor, against ``baseline`` (a RiderBaseline) when
    given, and score it."""
    import monitor
    from monitor.tools.population_sessions import ride_session

    result = monitor.analyze(ride_session(ride), params, baseline=baseline)
    regions = {foot: list(doc["feet"][foot]["regions"]) for foot, doc in ride.layout_json.items()}
    out = score_ride(ride.truth, rendering, list(result.alerts), bool(ride.rider.held_out), regions)
    for o in out:
        o.late_cycles = int(result.feet[o.foot].features.late_cycles_)
    return out


def study_task(rider: Any, rendering: Rendering, params: Any = None, seed: int = 0) -> list[FootOutcome]:
    """One task: ``rider`` rendered as ``rendering`` (its duration capped by the rider's ride length),
    analysed and scored. Deterministic: the rendering seed is ``seed`` with the rider's index."""
    r = Rendering(rendering.layout, rendering.rate_hz, rendering.noise_sd_kpa, rendering.quant_step_kpa,
                  min(float(rendering.duration_s), float(rider.ride_s)), rendering.known)
    try:
        baseline = known_normal(rider, r, params, seed) if r.known else None
        return analyze_ride(_render_ride(rider, r, seed), r, params, baseline)
    except Exception as exc:  # a crash is a finding of the study, not the end of it
        return failed_ride(rider, r, f"{type(exc).__name__}: {exc}")


def known_normal(rider: Any, rendering: Rendering, params: Any = None, seed: int = 0) -> Any:
    """The normal ``rider`` keeps from an earlier healthy ride (RiderSpec.previous_ride, PREVIOUS_RIDE_S,
    rendered as ``rendering`` with another seed): ``analyze(...).baseline``, a RiderBaseline."""
    import monitor
    from monitor.tools.population_sessions import ride_session

    prior = rider.previous_ride(PREVIOUS_RIDE_S)
    r = Rendering(rendering.layout, rendering.rate_hz, rendering.noise_sd_kpa, rendering.quant_step_kpa,
                  PREVIOUS_RIDE_S)
    return monitor.analyze(ride_session(_render_ride(prior, r, seed + 1)), params).baseline


def failed_ride(rider: Any, rendering: Rendering, error: str) -> list[FootOutcome]:
    """The outcomes of a ride whose rendering or analysis raised ``error``: the truth and the error."""
    c = rider.condition
    truth = {"rider_id": rider.rider_id, "activity": rider.activity, "condition": c.kind, "foot": c.foot,
             "onset_s": c.onset_s if c.kind != "healthy" else None, "relief": []}
    out = score_ride(truth, rendering, [], bool(rider.held_out))
    for o in out:
        o.error, o.relief = error, ""
    return out


def _task(args: tuple) -> list[FootOutcome]:
    return study_task(*args)


def renderings(layouts: list[str], rates: list[int], noises: list[float], quants: list[float],
               duration_s: float, known: tuple[bool, ...] = (False,)) -> list[Rendering]:
    """Every combination of layout, rate, noise, quantisation and rider (first ride, known), in that
    nesting order."""
    return [Rendering(lay, int(rate), float(noise), float(q), float(duration_s), bool(k))
            for lay, rate, noise, q, k in itertools.product(layouts, rates, noises, quants, known)]


def run_study(riders: list[Any], layouts: list[str], rates: list[int], noises: list[float],
              quants: list[float], duration_s: float, params: Any = None, workers: int = 1, *,
              combos: list[tuple[int, float, float]] | None = None, seed: int = 0,
              known: tuple[bool, ...] = (False,), progress: Any = None) -> list[FootOutcome]:
    """Render every rider through every layout x rate x noise x quantisation (or, with ``combos``, every
    layout x each given ``(rate_hz, noise_sd_kpa, quant_step_kpa)``), each as a first ride and/or a known
    rider as ``known`` says (Rendering.known), for ``duration_s`` at most, analyse
    with ``params`` (default parameters when None) and score. Outcomes come in task order (rider, then
    rendering), two per task, the same for any ``workers``; ``workers > 1`` uses that many processes.
    ``progress(done, total)``, when given, is called as each task ends (in task order)."""
    if combos is None:
        rs = renderings(layouts, rates, noises, quants, duration_s, known)
    else:
        rs = [Rendering(lay, int(a), float(b), float(c), float(duration_s), bool(k))
              for lay in layouts for a, b, c in combos for k in known]
    tasks = [(rider, r, params, seed) for rider in riders for r in rs]
    if workers <= 1:
        parts = [_task(t) for t in _counted(tasks, progress)]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(_counted(pool.map(_task, tasks, chunksize=1), progress, len(tasks)))
    return [o for part in parts for o in part]


def _counted(items: Any, progress: Any, n: int | None = None) -> Any:
    """Yields ``items``, calling ``progress(done, total)`` after each (when given)."""
    total = len(items) if n is None else n
    for i, item in enumerate(items):
        yield item
        if progress is not None:
            progress(i + 1, total)
