"""The forefoot's hot spot, located over the previous step and read at every sample as a fixed weighted mean
of its sensors: what the residual forefoot pressure in the unloaded phase is read from. Streaming.

Why not the per-sample hot spot (monitor.signal.regions ``forefoot_peak_kpa``, the highest forefoot region's
most loaded sensors at each sample)? Both choices are maxima of noisy values, so sensor noise lifts them, and
the more sensors a layout has the more: at 25 Hz with 3 kPa SD of noise a healthy rider's residual read
0.015-0.019 of the loaded peak high on one-sensor-a-region layouts, 0.024 on the Solewatch insole and 0.069
on a 99-sensel grid (the rider population's tuning part, docs/detection.md). A low residual is read where
the signal is small, so that bias is of the order of what the detector judges.

Here the *location* is chosen from each sensor's mean pressure over a whole step (``step_s``, the features'
window step: hundreds of samples, whose mean noise does not move), and it is then read at every sample of
the next step as a weighted mean of fixed sensors: linear in the readings, so zero-mean noise adds nothing
on average. The location is the forefoot region (FOREFOOT_SHARE_REGIONS) whose hot spot of step means is
highest, and in it the sensors from the highest step mean down covering ``HOT_AREA_MM2`` (the last in part;
all of them when the region has less area): the hot spot's own definition (monitor.signal.hot_spot), over
time instead of at each instant. A step whose forefoot hot spot of means is under ``loaded_kpa`` (a stop,
an unweighted foot: no loaded location to find) keeps the location before it.

Steps are ``[k * step_s, (k + 1) * step_s)`` of session time, as the features' bins, so the location
changes at the same times for any chunking. The step's sums are kept in whole micro-kPa (int64: exact in
any order, so they and the choice they make are the same for any chunking; readings are clipped to
10^6 kPa, and a step of 10^4 samples sums to under 10^16 of them). Until a loaded step has ended the
readout is NaN, and so is a sample where a sensor of the location is missing (missing stays missing).

**What relief is judged on** (``feed_with_relief``): each forefoot region's own hot spot, located from the same
step means whenever the step was loaded, read at every sample as a fixed mean, and the regions combined with
the fixed anatomical weights of monitor.signal.regions (``NOMINAL_WEIGHTS``; a region the layout lacks takes
the mean of its group's regions, as there: the reducer's ``masks`` and ``sources``, whose only difference
from the layout's own regions, a coarse sensor's share (monitor.signal.coarse_share), lies in the heel and
midfoot, so a forefoot region is its own sensors, whole). A region's area-weighted mean would read a grid's
forefoot low while the heads are still loaded: its edge sensels read little, so a coasting foot whose heads
keep 8-20 kPa read under the 6 kPa of an unloaded forefoot on a 99-sensel grid and counted as a relief, while
a sensor on each head (every discrete layout) did not. Until a region has a located hot spot it reads its area-weighted
mean (the location is all its sensors, weighted by area), so a region of one sensor always reads that sensor.
A region none of whose located sensors read at a sample (a sensor with no sample) reads there the mean of its
group's regions that do, as the region pressures are filled (monitor.signal.region_fill).
"""

from __future__ import annotations

import math

import numpy as np

from monitor.signal.hot_spot import HOT_AREA_MM2
from monitor.signal.region_fill import fill_from_group
from monitor.signal.regions import FOREFOOT_SHARE_REGIONS, GROUPS, NOMINAL_WEIGHTS, RegionReducer

#: Readings are clipped to this (kPa) before they are summed (an infinity from a broken frame stays finite).
_MAX_KPA = 1e6


class HotSpotTrack:
    """The forefoot hot spot located over the previous loaded step, read at every sample; and each forefoot
    region's own, combined into what relief is judged on (``feed_with_relief``).

    Parameters
    ----------
    reducer : RegionReducer of the foot's layout (its regions and sensor areas)
    step_s : float
        Length of the steps the location is chosen over (s).
    loaded_kpa : float
        A step whose forefoot hot spot of mean pressures is below this (kPa) keeps the previous location.
    """

    def __init__(self, reducer: RegionReducer, step_s: float, loaded_kpa: float) -> None:
        self.area_mm2 = reducer.area_mm2
        self.step_s = float(step_s)
        self.loaded_kpa = float(loaded_kpa)
        names = [r for r in FOREFOOT_SHARE_REGIONS if r in reducer.masks]
        regions = [np.flatnonzero(reducer.masks[r]) for r in names]
        #: the forefoot sensors (only they are summed) and each region's sensors as positions among them
        self._ff = np.unique(np.concatenate(regions)) if regions else np.empty(0, dtype=int)
        pos = {int(i): j for j, i in enumerate(self._ff.tolist())}
        self._regions = [[(pos[int(i)], int(i), float(self.area_mm2[i])) for i in idx.tolist()] for idx in regions]
        self._k: int | None = None  # the step being summed
        self._sum = np.zeros(self._ff.size, dtype=np.int64)  # micro-kPa
        self._count = np.zeros(self._ff.size, dtype=np.int64)
        self.sensors_: np.ndarray | None = None  # the location: sensor indices ...
        self.weights_: np.ndarray | None = None  # ... and their weights (sum 1)
        #: each forefoot region's own location (sensor indices, weights): at first all its sensors by area
        self.region_locations_ = [(np.array([i for _, i, _ in reg]), np.array([a for _, _, a in reg]) /
                                   sum(a for _, _, a in reg)) for reg in self._regions]
        self._relief_terms = _relief_terms(reducer, names)
        self._names = names

    def feed(self, t_s: np.ndarray, pt: np.ndarray) -> np.ndarray:
        """Next samples: ``t_s`` (n,) session s, in order; ``pt`` (n_sensors, n) kPa, NaN where missing.
        Returns the readout (n,) kPa."""
        return self.feed_with_relief(t_s, pt)[0]

    def feed_with_relief(self, t_s: np.ndarray, pt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`feed`, and what relief is judged on (module docstring): two (n,) arrays, kPa."""
        t = np.asarray(t_s, dtype=float)
        out = np.full(t.shape[0], np.nan)
        relief = np.full(t.shape[0], np.nan)
        if not self._regions or not t.size:
            return out, relief
        ks = np.floor(t / self.step_s)
        starts = [0, *(np.flatnonzero(ks[1:] != ks[:-1]) + 1).tolist()]
        sums, counts = self._micro_sums(pt, starts)
        for j, (a, b) in enumerate(zip(starts, [*starts[1:], t.shape[0]])):
            k = int(ks[a])
            if self._k is not None and k != self._k:
                self._close()
            self._k = k
            piece = pt[:, a:b]
            if self.sensors_ is not None:
                out[a:b] = _read(piece, self.sensors_, self.weights_)
            relief[a:b] = self._relief(piece)
            self._sum += sums[:, j]
            self._count += counts[:, j]
        return out, relief

    def _relief(self, piece: np.ndarray) -> np.ndarray:
        """The regions' located hot spots combined with their anatomical weights (n,) kPa."""
        values = [_read(piece, *loc) for loc in self.region_locations_]
        if any(np.isnan(v).any() for v in values):  # a region none of whose located sensors read: from its group
            own = dict(zip(self._names, values))
            filled = dict(own)
            fill_from_group(GROUPS, own, filled, {})
            values = [filled[r] for r in self._names]
        acc = np.zeros(piece.shape[1])
        for weight, members in self._relief_terms:
            value = values[members[0]] if len(members) == 1 else sum(values[m] for m in members) / len(members)
            acc += weight * value
        return acc

    def _micro_sums(self, pt: np.ndarray, starts: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The forefoot sensors' sums in whole micro-kPa (int64: exact, so any chunking adds up alike) and
        their counts of readings, over the pieces beginning at ``starts``: each (n_forefoot, n_pieces)."""
        x = pt[self._ff]  # a copy
        ok = x == x  # not NaN
        complete = bool(ok.all())
        if not complete:
            x[~ok] = 0.0
        np.clip(x, -_MAX_KPA, _MAX_KPA, out=x)
        x *= 1e6
        micro = np.rint(x, out=x).astype(np.int64)
        if complete:
            lengths = np.diff(np.array([*starts, x.shape[1]], dtype=np.int64))
            counts = np.broadcast_to(lengths, (x.shape[0], lengths.shape[0]))
        else:
            counts = np.add.reduceat(ok.astype(np.int64), starts, axis=1)
        return np.add.reduceat(micro, starts, axis=1), counts

    def _close(self) -> None:
        """The step has ended: its means choose the location, if it was loaded."""
        means = [s / c / 1e6 if c > 0 else None  # kPa
                 for s, c in zip(self._sum.tolist(), self._count.tolist())]
        self._sum.fill(0)
        self._count.fill(0)
        best, best_loc = -math.inf, None
        locs = [self._location(means, region) for region in self._regions]
        for loc in locs:
            if loc is not None and loc[2] > best:  # the first region on a tie
                best, best_loc = loc[2], loc
        if best_loc is not None and best >= self.loaded_kpa:
            self.sensors_ = np.array(best_loc[0])
            self.weights_ = np.array(best_loc[1])
            self.region_locations_ = [old if loc is None else (np.array(loc[0]), np.array(loc[1]))
                                      for old, loc in zip(self.region_locations_, locs)]

    @staticmethod
    def _location(means: list, region: list) -> tuple[list, list, float] | None:
        """The sensors of ``region`` ((position, sensor, area mm^2) each, sensors rising) from the highest
        step mean down covering HOT_AREA_MM2 (the last in part; ties in sensor order): their sensors in
        sensor order, their weights (areas taken over the area taken) and the region's hot spot of the step
        means (kPa, added in sensor order); None when none of them read in the step."""
        if len(region) == 1:  # one sensor: itself, whole
            p, i, _ = region[0]
            return None if means[p] is None else ([i], [1.0], 0.0 + 1.0 * means[p])
        read = [(-means[p], i, a) for p, i, a in region if means[p] is not None]
        if not read:
            return None
        read.sort()  # highest mean first; ties by sensor, which is the region's order
        left, taken = HOT_AREA_MM2, []
        for neg, i, a in read:
            take = min(a, left)
            if take <= 0:
                break
            taken.append((i, -neg, take))
            left -= take
        taken.sort()
        area = 0.0
        for _, _, a in taken:
            area += a
        sensors, weights, value = [], [], 0.0
        for i, m, a in taken:
            w = a / area
            sensors.append(i)
            weights.append(w)
            value += w * m
        return sensors, weights, value


def _read(piece: np.ndarray, sensors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted mean of ``sensors`` at each sample of ``piece`` (n_sensors, n): (n,), in sensor order."""
    acc = weights[0] * piece[sensors[0]]
    term = np.empty_like(acc)
    for w, i in zip(weights[1:].tolist(), sensors[1:].tolist()):
        acc += np.multiply(w, piece[i], out=term)
    return acc


def _relief_terms(reducer: RegionReducer, names: list[str]) -> list[tuple[float, list[int]]]:
    """For each forefoot region the reducer fills (``RegionReducer.sources``, FOREFOOT_SHARE_REGIONS order): its
    weight (NOMINAL_WEIGHTS over their sum) and the positions in ``names`` it reads: itself, or the present
    regions of its group, as the reducer fills ``forefoot_kpa`` (the forefoot groups have no coarse sensors)."""
    terms = []
    for r in FOREFOOT_SHARE_REGIONS:
        if r in reducer.sources:
            kind, src = reducer.sources[r]
            terms.append((NOMINAL_WEIGHTS[r], [names.index(m) for m in ((r,) if kind == "own" else src)]))
    total = sum(w for w, _ in terms)
    return [(w / total, m) for w, m in terms]
