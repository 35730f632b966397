"""Per-sample regional quantities from a sensor layout. Stateless and pure: the same for any chunking.

One idea: a layout's pressure frames reduced to per-sample regional quantities (``RegionReducer`` makes a
``RegionSeries``); its length is the definitions below and the one reducer that computes them all, by
frame or by sensor. A region filled in from its group where its own sensors all miss in a frame
(monitor.signal.region_fill), the hot-spot means (monitor.signal.hot_spot) and the sums over sensors
(monitor.signal.sensor_sums) are modules of their own.

Every quantity here means the same on every insole, whatever its number of sensors or their areas:

- **Region pressure** ``region_kpa[r]``: the mean pressure of region r (kPa), area-weighted over the
  region's sensors that read (a missing sensor is left out; equal areas give the plain mean).
- **Nominal load** (N): region pressures weighted by fixed anatomical region weights ``NOMINAL_WEIGHTS``
  (each region's share of a sole) over a fixed reference area ``NOMINAL_AREA_MM2``:
  ``load_r = NOMINAL_WEIGHTS[r] * NOMINAL_AREA_MM2 * region_kpa[r] * 1e-3``. ``total_force_n``,
  ``forefoot_force_n`` and ``region_force_n`` are nominal loads: a force-time integral of them is a
  pressure-time integral with fixed weights, so a forefoot share does not depend on how many sensors the
  forefoot has or how large they are. A region the layout lacks takes the mean pressure of the other
  regions of its group (heel, midfoot, metatarsal heads, toes), or of the group's coarse sensors (a
  sensor labelled only "heel" or "midfoot") where it has no region of its own; a group with no sensor at
  all is left out of the total and ``complete`` is False (the forefoot share is then not comparable and is
  NaN downstream). A coarse sensor beside regions of its group the layout resolves counts in each of them,
  an equal part of its area in each, weighed as their own sensors are (monitor.signal.coarse_share:
  PhysioNet's heel sensor half in each heel region, Moticon's midfoot sensor half in each midfoot region).
- **Forefoot pressure** ``forefoot_kpa``: the nominal-weighted mean pressure of the forefoot regions (kPa);
  ``forefoot_peak_kpa``: the highest forefoot hot-spot pressure (below), what the tare's test of an unloaded
  foot reads (relief and the residual read hot spots located over time: monitor.signal.hot_spot_track).
- **Hot-spot pressure** ``region_hot_kpa[r]``: the mean pressure over the region's most loaded
  ``HOT_AREA_MM2`` (its sensors taken from the highest pressure down, the last one in part; all of them
  when the region has less area): what a sensor of that size centred on the region's hot spot reads.
  Peak pressure, PTI, the mediolateral index and the focal ratios use it, so a grid that spreads a region
  over many sensels (whose edges read little) gives the same numbers as one sensor on the head. It equals
  the sensor's pressure for a region of one sensor of at least ``HOT_AREA_MM2``; a sensor larger than
  that averages over more than the hot spot, the one way sensor size still shows.
- **Nominal centre of pressure** ``nominal_cop_y``: the nominal loads' centre along the foot, each region
  at its fixed centre ``NOMINAL_CENTRE_Y`` (0 heel .. 1 toe): where the load sits between heel and toes,
  from region pressures alone, so on every insole alike; NaN when the layout lacks a whole group (as the
  forefoot share) or the foot carries no load. ``cop_x``/``cop_y``, the sensors' own force-weighted centre,
  depend on where the insole's sensors sit and how large they are (an 8-sensor FSR insole with a large
  heel pad reads 0.06-0.08 nearer the heel than the other layouts on the same ride): they draw the
  report's centre-of-pressure paths, and the detector never reads them.
- **Hot-spot loads** (:meth:`RegionReducer.hot_loads`): the nominal weights over the reference area applied
  to hot-spot pressures, and none at all unless the layout has a sensor in every region (a region filled
  in from its group, or a group left out, moves the sum with the layout). A region mean is diluted on a
  grid (its edge sensels read little) and the nominal load built on it reads a grid's foot at half a
  discrete insole's; the hot-spot loads agree within about 10 % between layouts that resolve every
  region. The impulse per step (monitor.analysis.steps) and the windows' region shares
  (monitor.signal.features) use them; the detector reads neither.
- ``region_peak_kpa``: the highest single sensor of the region (kPa); depends on sensor size and count,
  so it is reported but not used by the detector.

Missing data: a sample whose sensors are all NaN gives NaN everywhere. A region whose own sensors all miss
in a sample (a sensor with no sample, alone in its region) is filled in for that sample by the rule for a
region the layout lacks, from the regions of its group that read (its coarse sensors where none does), so
the loads, the forefoot share and the forefoot hot spot go on; its own outputs (``region_kpa``,
``region_force_n``, ``region_hot_kpa``, ``region_peak_kpa``) stay NaN there, never invented. A sample
where a whole group misses stays NaN in the loads (monitor.signal.sensor_coverage counts both).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from monitor.codebook import SensorLayout
from monitor.signal.coarse_share import CoarseShare, share_coarse
from monitor.signal.hot_spot import HOT_AREA_MM2, hot_mean, hot_pair, hot_plan, top_rows
from monitor.signal.region_fill import fill_from_group
from monitor.signal.sensor_sums import KPA_MM2_TO_N, Sensors, force_moments, max_rows, sum_rows, sum_scalars

#: Regions distal to the midfoot: what "forefoot" means for the forefoot share (the metatarsal heads and
#: the toes; the forefoot mask of domain.md section 3 runs 51-81 % of foot length [43], the toes beyond).
FOREFOOT_SHARE_REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes")
#: The metatarsal-head regions (the nerves squeezed between them: domain.md section 2 [17]).
MTH_REGIONS = ("mth1", "mth2_3", "mth4_5")


#: Each analysis region's share of the sole: the effective areas of a real size-7 Moticon insole, which
#: tile the sole (monitor.importers.moticon.SIZE7_AREA_MM2, fitted on the real recording
#: ../shared/data/moticon_opengo; its coarse midfoot sensor split half and half), summed by region and
#: rounded to 0.005 so that they add to 1, each within 0.008 of its region's share (lesser toes 0.093,
#: lateral midfoot 0.185 before that) [46] W (inferred positions). Heel 0.245, midfoot 0.30, metatarsal
#: heads 0.305, toes 0.15.
NOMINAL_WEIGHTS: dict[str, float] = {
    "heel_medial": 0.125, "heel_lateral": 0.12, "midfoot_medial": 0.12, "midfoot_lateral": 0.18,
    "mth1": 0.075, "mth2_3": 0.12, "mth4_5": 0.11, "hallux": 0.05, "lesser_toes": 0.10,
}
#: Each region's centre along the foot (0 heel .. 1 toe): the area-weighted mean position of the same real
#: size-7 Moticon insole's sensors in it (monitor.link.moticon.SENSOR_Y; its coarse midfoot sensor split half
#: and half, as for the weights), rounded to 0.005 [46] W (inferred positions). With NOMINAL_WEIGHTS they
#: make the nominal centre of pressure, which reads the same on every insole that resolves each group.
NOMINAL_CENTRE_Y: dict[str, float] = {
    "heel_medial": 0.17, "heel_lateral": 0.155, "midfoot_medial": 0.525, "midfoot_lateral": 0.42,
    "mth1": 0.755, "mth2_3": 0.735, "mth4_5": 0.69, "hallux": 0.915, "lesser_toes": 0.89,
}
#: The reference area (mm^2) that turns the weighted mean pressure into a nominal load in newtons, so the
#: force-named thresholds of the cycle detectors, the tare and the activity recogniser keep one meaning on
#: every insole: 1 N of nominal load is 0.29 kPa of weighted mean pressure (a fixed convention, guess;
#: 3,400 mm^2 is the sensing area the thresholds were first written against).
NOMINAL_AREA_MM2 = 3400.0
#: Anatomical groups: a region missing from a layout takes its group's mean pressure.
GROUPS: dict[str, tuple[str, ...]] = {
    "heel": ("heel_medial", "heel_lateral"),
    "midfoot": ("midfoot_medial", "midfoot_lateral"),
    "metatarsal": ("mth1", "mth2_3", "mth4_5"),
    "toes": ("hallux", "lesser_toes"),
}
#: Sensor labels that belong to a group without resolving one of its regions (monitor.signal.coarse_share:
#: where the group has regions of its own, each holds an equal part of such a sensor).
_COARSE = {"heel": ("heel",), "midfoot": ("midfoot",), "metatarsal": (), "toes": ()}


def coarse_share_of(layout: SensorLayout) -> CoarseShare:
    """``layout``'s regions with its coarse sensors shared out among the resolved regions of their group
    (monitor.signal.coarse_share): what the reducer reads, and the strike index weighs
    (monitor.analysis.strike.strike_weights)."""
    return share_coarse(layout.region_masks(), layout.regions, np.asarray(layout.area_mm2, dtype=float), GROUPS,
                        _COARSE)


@dataclass(frozen=True)
class RegionSeries:
    """Regional quantities for n samples of one foot (see the module docstring for each definition).

    Attributes
    ----------
    total_force_n, forefoot_force_n : ndarray, shape (n,), nominal load (N)
    region_force_n : dict region -> ndarray (n,), nominal load (N) of each region the layout resolves
    region_kpa : dict region -> ndarray (n,), area-weighted mean pressure (kPa)
    region_hot_kpa : dict region -> ndarray (n,), mean pressure over the most loaded HOT_AREA_MM2 (kPa)
    region_peak_kpa : dict region -> ndarray (n,), highest sensor pressure (kPa); empty (and ``cop_x`` all
        NaN) from ``RegionReducer.reduce_by_sensor(..., extras=False)``
    forefoot_kpa : ndarray (n,), nominal-weighted mean forefoot pressure (kPa)
    forefoot_peak_kpa : ndarray (n,), highest forefoot hot-spot pressure (kPa)
    cop_x, cop_y : ndarray, shape (n,)
        Centre of pressure in the layout's normalised frame (x medial -0.5 .. lateral +0.5, y heel 0 ..
        toe 1), weighted by sensor force; NaN when the foot carries no force; all NaN from
        ``reduce_by_sensor(..., extras=False)``.
    complete : bool, every group (heel, midfoot, metatarsal heads, toes) has a sensor
    nominal_cop_y : ndarray (n,), 0 heel .. 1 toe, the nominal loads' centre (module docstring)
    forefoot_spot_kpa, forefoot_relief_kpa : ndarray (n,) or None, set by the pipeline from
        monitor.signal.hot_spot_track: the forefoot hot spot the residual is read from (None:
        ``forefoot_peak_kpa`` is), and what relief is judged on (None: ``forefoot_kpa`` is), kPa
    region_load_kpa : dict region -> ndarray (n,) or None, the pressure (kPa) each region's nominal load is
        made of: its own ``region_kpa``, filled in from its group where the layout lacks it or its own
        sensors all miss (what ``total_force_n`` adds)
    """

    total_force_n: np.ndarray
    forefoot_force_n: np.ndarray
    region_force_n: dict[str, np.ndarray]
    region_kpa: dict[str, np.ndarray]
    region_peak_kpa: dict[str, np.ndarray]
    forefoot_kpa: np.ndarray
    forefoot_peak_kpa: np.ndarray
    cop_x: np.ndarray
    cop_y: np.ndarray
    complete: bool = True
    region_hot_kpa: dict[str, np.ndarray] | None = None
    forefoot_spot_kpa: np.ndarray | None = None
    forefoot_relief_kpa: np.ndarray | None = None
    nominal_cop_y: np.ndarray | None = None
    region_load_kpa: dict[str, np.ndarray] | None = None


class RegionReducer:
    """Reduces pressure frames (n, n_sensors) to regional series with one layout's masks."""

    def __init__(self, layout: SensorLayout) -> None:
        self.layout = layout
        self.area_mm2 = np.asarray(layout.area_mm2, dtype=float)
        #: each region's sensors (n_sensors,) bool: its own, and a coarse sensor of its group it holds a part of
        #: (monitor.signal.coarse_share); the reducer reads rows: a split coarse sensor's parts, each of its
        #: share of the area (``_rows`` None: one row per sensor, ``_area_mm2`` the sensors' own)
        share = coarse_share_of(layout)
        self.masks = share.masks
        self._rows, self._area_mm2, self._index = share.rows, share.area_mm2, share.index
        labels = np.array(layout.regions)
        #: per group: the source of each of its regions' pressure: ("own", r), ("group", (present, ...)),
        #: ("coarse", idx); monitor.signal.hot_spot_track fills the forefoot's hot spots by the same rule
        self.sources: dict[str, tuple] = {}
        self.groups_present: list[str] = []
        #: per group, its coarse sensors (where it has any)
        self.coarse: dict[str, np.ndarray] = {}
        for group, regions in GROUPS.items():
            present = [r for r in regions if r in self._index]
            coarse = np.flatnonzero(np.isin(labels, _COARSE[group])) if _COARSE[group] else np.empty(0, int)
            if not present and not coarse.size:
                continue
            self.groups_present.append(group)
            if coarse.size:
                self.coarse[group] = coarse
            for r in regions:
                if r in self._index:
                    self.sources[r] = ("own", r)
                elif present:
                    self.sources[r] = ("group", tuple(present))
                else:
                    self.sources[r] = ("coarse", coarse)
        self.complete = len(self.groups_present) == len(GROUPS)
        self._hot_plan = {region: hot_plan(self._area_mm2[idx]) for region, idx in self._index.items()}
        self._area_sum = {region: sum_scalars(self._area_mm2, idx) for region, idx in self._index.items()}
        self._x = self._by_row(np.asarray(layout.x, dtype=float))
        self._y = self._by_row(np.asarray(layout.y, dtype=float))
        scale = NOMINAL_AREA_MM2 * KPA_MM2_TO_N
        # each region's load per kPa (N/kPa), in the order the total adds them; the forefoot regions
        self._load_n_per_kpa = {r: NOMINAL_WEIGHTS[r] * scale for g in GROUPS.values() for r in g
                                if r in self.sources}
        self._ff_regions = [r for r in FOREFOOT_SHARE_REGIONS if r in self.sources]
        self._ff_n_per_kpa = sum(NOMINAL_WEIGHTS[r] for r in self._ff_regions) * scale

    def reduce(self, pressure_kpa: np.ndarray, hot: bool = True) -> RegionSeries:
        """pressure_kpa : ndarray, shape (n, n_sensors), kPa, NaN where missing. ``hot=False`` leaves out
        the hot-spot pressures (``region_hot_kpa`` None, ``forefoot_peak_kpa`` from the region means):
        for loads only, as the tare needs.

        Every sum adds the sensor columns in index order, element-wise, so the result is bit-identical
        for any block length.
        """
        return self.reduce_by_sensor(np.asarray(pressure_kpa, dtype=float).T, hot)

    def reduce_by_sensor(self, pt: np.ndarray, hot: bool = True, *, extras: bool = True) -> RegionSeries:
        """:meth:`reduce` of frames laid out sensor by sensor: ``pt`` (n_sensors, n) kPa, NaN where missing
        (best C-ordered: each sensor's row contiguous, as the pipeline keeps them; never modified).
        ``extras=False`` leaves out what the features never read: ``region_peak_kpa`` comes back empty
        and ``cop_x``, ``cop_y`` all NaN; every other series has the same bits."""
        s = Sensors(self._by_row(pt), self._area_mm2)
        n = s.n
        region_kpa, own = self._region_kpa(s)
        low = s.low()
        hot_kpa = {r: self._hot(s, low, r, own[r]) for r in self._index} if hot else {}
        total, ff, ff_kpa, load, ff_regions = self._loads(region_kpa, n)
        ff_peak = self._forefoot_peak(hot_kpa, region_kpa, ff_regions, n, s.any_missing)
        region_peak = {r: max_rows(low, idx) for r, idx in self._index.items()} if extras else {}
        if extras:
            sensed, cop_y, cop_x = force_moments(s.pa, (self._y, self._x))
            no_load = ~(sensed > 0)
            with np.errstate(invalid="ignore", divide="ignore"):
                for cop in (cop_y, cop_x):
                    cop /= sensed
                    cop[no_load] = np.nan
        else:
            cop_y, cop_x = np.full(n, np.nan), np.full(n, np.nan)
        if s.any_missing:  # a region whose sensors all miss: -inf from low()
            for arr in region_peak.values():
                arr[np.isneginf(arr)] = np.nan
        own_load = {r: load[r] for r in self._index}
        if s.any_missing:  # a region filled in from its group where its own sensors miss: its own outputs NaN
            for r in self._index:
                if region_kpa[r] is not own[r]:
                    own_load[r] = np.where(np.isnan(own[r]), np.nan, load[r])
        return RegionSeries(total, ff, own_load, {r: own[r] for r in self._index},
                            region_peak, ff_kpa, ff_peak, cop_x, cop_y, self.complete, hot_kpa if hot else None,
                            nominal_cop_y=self._nominal_cop_y(load, total, n), region_load_kpa=region_kpa)

    def loads_by_sensor(self, pt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nominal total load (n,) N and the highest forefoot hot-spot pressure (n,) kPa of frames laid
        out sensor by sensor, ``pt`` (n_sensors, n) kPa (never modified): ``reduce(pt.T).total_force_n`` and
        ``.forefoot_peak_kpa``, the same bits, without the rest (the tare's input: a foot whose forefoot
        hot spot is loaded is not unloaded, however many sensors around it read little)."""
        s = Sensors(self._by_row(pt), self._area_mm2)
        region_kpa, own = self._region_kpa(s)
        total = self._total(region_kpa, s.n)
        ff_regions = self._ff_regions
        low = s.low() if ff_regions else None
        hot_kpa = {r: self._hot(s, low, r, own[r]) for r in ff_regions if r in self._index}
        return total, self._forefoot_peak(hot_kpa, region_kpa, ff_regions, s.n, s.any_missing)

    @staticmethod
    def _forefoot_peak(hot_kpa: dict[str, np.ndarray], region_kpa: dict[str, np.ndarray],
                       ff_regions: list[str], n: int, any_missing: bool = False) -> np.ndarray:
        """The highest forefoot hot-spot pressure (n,) kPa: each forefoot region's ``hot_kpa``, or its
        ``region_kpa`` where it has none (a region filled in from its group's mean: where the layout lacks
        it, and, ``any_missing``, in the frames where its own sensors all miss); NaN without one."""
        if not ff_regions:
            return np.full(n, np.nan)
        rows = [hot_kpa.get(r, region_kpa[r]) for r in ff_regions]
        if any_missing:
            rows = [np.where(np.isnan(h), region_kpa[r], h) for h, r in zip(rows, ff_regions)]
        return max_rows(rows, range(len(ff_regions)))

    def _region_kpa(self, s: Sensors) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Each region's area-weighted mean pressure (n,) kPa, filled in from its group where the layout
        lacks it; and the regions' own means."""
        area_sum = self._area_sum
        own = {r: s.mean_kpa(idx, area_sum[r]) for r, idx in self._index.items()}
        region_kpa: dict[str, np.ndarray] = {}
        for r, (kind, src) in self.sources.items():
            if kind == "own":
                region_kpa[r] = own[r]
            elif kind == "group":
                region_kpa[r] = sum_rows([own[s_] for s_ in src], range(len(src))) / len(src)
            else:
                region_kpa[r] = s.mean_kpa(src)
        if s.any_missing:  # a region whose own sensors all miss in a frame: from its group, as above
            coarse = {g: s.mean_kpa(idx) for g, idx in self.coarse.items()}
            fill_from_group(GROUPS, own, region_kpa, coarse)
        return region_kpa, own

    def _loads(self, region_kpa: dict[str, np.ndarray], n: int) -> tuple:
        """(total (n,) N, forefoot (n,) N, forefoot (n,) kPa, each region's load (n,) N, the forefoot
        regions present) from the region pressures."""
        load = {r: np.multiply(region_kpa[r], c) for r, c in self._load_n_per_kpa.items()}
        total = sum_rows(list(load.values()), range(len(load))) if load else np.full(n, np.nan)
        ff_regions = self._ff_regions
        if ff_regions:
            ff = sum_rows([load[r] for r in ff_regions], range(len(ff_regions)))
            ff_kpa = ff / self._ff_n_per_kpa
        else:
            ff, ff_kpa = np.zeros(n), np.full(n, np.nan)
        return total, ff, ff_kpa, load, ff_regions

    def _nominal_cop_y(self, load: dict[str, np.ndarray], total: np.ndarray, n: int) -> np.ndarray:
        """The nominal loads' centre along the foot (n,), 0 heel .. 1 toe: each region's load ``load``
        (N) at its NOMINAL_CENTRE_Y, added in the total's order, over ``total`` (N); NaN unless every group
        has a sensor and the foot carries load."""
        if not self.complete:
            return np.full(n, np.nan)
        moment = sum_rows([load[r] * NOMINAL_CENTRE_Y[r] for r in self._load_n_per_kpa], range(len(load)))
        with np.errstate(invalid="ignore", divide="ignore"):
            moment /= total
        moment[~(total > 0)] = np.nan
        return moment

    def _total(self, region_kpa: dict[str, np.ndarray], n: int) -> np.ndarray:
        """The total of :meth:`_loads` (n,) N alone: each region's load added as it is made."""
        if not self._load_n_per_kpa:
            return np.full(n, np.nan)
        (first, c), *rest = self._load_n_per_kpa.items()
        total = np.multiply(region_kpa[first], c)
        load = np.empty(n)
        for r, c in rest:
            total += np.multiply(region_kpa[r], c, out=load)
        return total

    def _hot(self, s: Sensors, low: np.ndarray, region: str, mean_kpa: np.ndarray) -> np.ndarray:
        """The hot-spot pressure (n,) kPa of ``region``; ``low`` is ``s.low()`` (n_sensors, n), ``mean_kpa``
        the region's area-weighted mean (n,). Each shortcut gives the numbers :func:`hot_mean` gives
        (its sorted sum), without sorting: a region of one sensor, or of no more than HOT_AREA_MM2 in
        all, reads its mean; a region whose every sensor covers HOT_AREA_MM2 reads its highest sensor."""
        idx = self._index[region]
        plan = self._hot_plan[region]
        if plan[0] == "mean":
            return mean_kpa
        if plan[0] == "max":
            out = max_rows(low, idx)
            if s.any_missing:
                out[np.isneginf(out)] = np.nan
            return out
        pt = s.pt
        if s.any_missing and s.missing[idx].any():
            return hot_mean(pt, s.missing, self._area_mm2, idx)
        if plan[0] == "pair":
            return hot_pair(pt[idx[0]], pt[idx[1]], plan[1], plan[2])
        if plan[0] == "grid":  # equal areas: the sensors from the highest down, the last in part
            _, a, full, part = plan
            top = top_rows(pt, idx, full + 1)
            if full:
                out = top[0] if full == 1 else sum_rows(top, range(full))
                out *= a
            else:
                out = np.zeros(pt.shape[1])
            if part > 0:
                out += np.multiply(top[full], part, out=top[full])
            out /= HOT_AREA_MM2
            return out
        return hot_mean(pt, s.missing, self._area_mm2, idx)

    def _by_row(self, per_sensor: np.ndarray) -> np.ndarray:
        """``per_sensor`` (n_sensors, ...) as the rows the reducer reads (n_rows, ...): itself where no coarse
        sensor is split, else each row's sensor's (a new array; ``per_sensor`` is never modified)."""
        return per_sensor if self._rows is None else per_sensor[self._rows]

    def hot_loads(self, hot: Mapping[str, Any]) -> dict[str, Any] | None:
        """The nominal load of each of the nine regions built on hot-spot pressures: ``NOMINAL_WEIGHTS[r] *
        NOMINAL_AREA_MM2 * hot[r] * 1e-3`` (N per kPa of ``hot``; arrays (n,) or floats alike). ``hot``:
        each region the layout resolves -> its hot-spot pressure (kPa), or its integral or rate (kPa s, kPa
        s per minute: the result then carries that unit times N/kPa). None unless the layout has a sensor
        of its own in every region (``resolves_every_region``): filling a region in from its group moves
        the sum with the layout (fsr8's medial midfoot, taken from its lateral midfoot, read the impulse
        per step 12 % above the other layouts' on the same run; ``four`` and Orphe, with no midfoot
        sensor, would lack the midfoot's load and read 15-20 % low), so no number is better than a wrong one.

        Built on hot spots, not on region means: a grid's region mean counts its edge sensels, which read
        little (pedar99's region means are a third to a half of the discrete insoles' on the same ride),
        while a hot spot reads what one sensor on the region's hot spot reads (module docstring)."""
        if not self.resolves_every_region:
            return None
        scale = NOMINAL_AREA_MM2 * KPA_MM2_TO_N
        return {r: hot[r] * (NOMINAL_WEIGHTS[r] * scale) for group in GROUPS.values() for r in group}

    def load_n(self, series: RegionSeries, regions: Sequence[str]) -> np.ndarray:
        """The nominal load (n,) N of ``regions`` (each one the layout resolves) as the total adds it: each
        region's ``series.region_load_kpa``, filled in from its group in the frames where its own sensors all
        miss, times its weight; ``sum(series.region_force_n[r] for r in regions)`` where every own sensor
        reads, the same bits, and still a load where one region's sensors do not (a dead heel sensor)."""
        filled = series.region_load_kpa if series.region_load_kpa is not None else series.region_kpa
        return sum(np.multiply(filled[r], self._load_n_per_kpa[r]) for r in regions)

    @property
    def resolves_every_region(self) -> bool:
        """Every region of NOMINAL_WEIGHTS has a sensor of its own in the layout."""
        return all(r in self._index for r in NOMINAL_WEIGHTS)

    def sensed_force_n(self, pressure_kpa: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """What the layout's own sensors carry: total force (n,) N and each region's (n,) N, pressure x
        sensor area summed over the sensors that read (NaN where every sensor is missing). Depends on the
        insole, so the detector never uses it; it checks imports against a file's own force columns."""
        pt = np.asarray(pressure_kpa, dtype=float).T
        missing = np.isnan(pt)
        force = np.where(missing, 0.0, pt) * self.area_mm2[:, None] * KPA_MM2_TO_N
        total = sum_rows(force, range(force.shape[0]))
        if self._rows is not None:  # a split coarse sensor's force, its parts in the regions it counts in
            pt = pt[self._rows]
            force = np.where(np.isnan(pt), 0.0, pt) * self._area_mm2[:, None] * KPA_MM2_TO_N
        regions = {r: sum_rows(force, idx) for r, idx in self._index.items()}
        gone = missing.all(axis=0)
        for arr in (total, *regions.values()):
            arr[gone] = np.nan
        return total, regions

    def nominal_load_n(self, pressure_kpa: np.ndarray) -> np.ndarray:
        """The nominal total load (N) of frames (n, n_sensors), as ``reduce(...).total_force_n``."""
        return self.reduce(pressure_kpa).total_force_n
