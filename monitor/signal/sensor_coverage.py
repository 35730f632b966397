"""What one foot's sensors with no sample cost its analysis, counted frame by frame as the frames come
(bounded: counts only). Streaming; the same counts for any chunking.

Of the foot's frames with data (some sensor reads: a frame with none is a gap, said elsewhere,
monitor.session.absence), it counts the frames in which each sensor had no sample, in which each region
had none of its own sensors, in which each group (heel, midfoot, metatarsal heads, toes) had none at all,
and in which the foot's loads could not be made: a whole group with no sample, where nothing can fill it in.
Those frames are not analysed (no step, no share, no relief, no warning is found in them). Of the frames
analysed, it counts those in which each region had none of its own sensors while its group had some
(monitor.signal.region_fill fills the region in from its group there, and its own outputs stay NaN): a
region is estimated only where the foot was analysed.
"""

from __future__ import annotations

import numpy as np

from monitor.codebook import SensorLayout


class SensorCoverage:
    """Counts of one foot's frames (see the module).

    Parameters
    ----------
    layout : SensorLayout of the foot's insole
    groups : group -> its regions (monitor.signal.regions.GROUPS)
    coarse : group -> the sensor indices of its coarse sensors (labelled only "heel" or "midfoot")

    Attributes
    ----------
    n_read : frames with data
    n_not_analysed : of those, frames whose total load is NaN (a whole group with no sample)
    sensor_missing : ndarray (n_sensors,) int, of those, frames each sensor had no sample in
    region_missing : region -> frames with data in which none of its own sensors had a sample
    region_estimated : region -> frames analysed (their total load not NaN) in which none of its own sensors
        had a sample but its group had one (the region filled in from its group there)
    group_missing : group -> frames with data in which none of its sensors had a sample
    """

    def __init__(self, layout: SensorLayout, groups: dict[str, tuple[str, ...]],
                 coarse: dict[str, np.ndarray]) -> None:
        masks = layout.region_masks()
        self._regions = {r: np.flatnonzero(m) for r, m in masks.items()}
        self._groups = {}
        self._group_of: dict[str, str] = {}
        for g, regions in groups.items():
            idx = [self._regions[r] for r in regions if r in self._regions]
            if g in coarse:
                idx.append(np.asarray(coarse[g], dtype=int))
            if idx:
                self._groups[g] = np.unique(np.concatenate(idx))
            self._group_of.update(dict.fromkeys(regions, g))
        self.n_read = 0
        self.n_not_analysed = 0
        self.sensor_missing = np.zeros(layout.n_sensors, dtype=np.int64)
        self.region_missing = dict.fromkeys(self._regions, 0)
        self.region_estimated = dict.fromkeys(self._regions, 0)
        self.group_missing = dict.fromkeys(self._groups, 0)

    def add(self, pt: np.ndarray, total_n: np.ndarray) -> None:
        """Next frames: ``pt`` (n_sensors, n) kPa, NaN where missing; ``total_n`` (n,) N their nominal total
        load (monitor.signal.regions: NaN where a whole group misses, or every sensor)."""
        missing = np.isnan(pt)
        if not missing.any():
            self.n_read += pt.shape[1]
            return
        read = ~missing.all(axis=0)
        self.n_read += int(read.sum())
        part = missing[:, read]
        self.sensor_missing += part.sum(axis=1)
        analysed = ~np.isnan(total_n[read])
        self.n_not_analysed += int((~analysed).sum())
        group_gone = {}
        for g, idx in self._groups.items():
            group_gone[g] = gone = part[idx].all(axis=0)
            self.group_missing[g] += int(gone.sum())
        for r, idx in self._regions.items():
            gone = part[idx].all(axis=0)
            self.region_missing[r] += int(gone.sum())
            self.region_estimated[r] += int((gone & ~group_gone[self._group_of[r]] & analysed).sum())

    @property
    def any_missing(self) -> bool:
        """Whether some sensor had no sample in a frame with data."""
        return bool(self.sensor_missing.any())


def analysable_frame_seconds(t_s: np.ndarray, total_n: np.ndarray) -> np.ndarray:
    """The whole seconds (int, floor of the time, s) of the frames at ``t_s`` (n,) s whose nominal total load
    ``total_n`` (n,) N is finite: frames that could be analysed (no whole group without a sample), in the
    frames' order, each as often as it has such frames; those before 0 s left out."""
    sec = np.floor(np.asarray(t_s, dtype=float)).astype(np.int64)
    return sec[np.isfinite(total_n) & (sec >= 0)]


class AnalysableSeconds:
    """The whole seconds from 0 in which one foot had a frame that could be analysed
    (:func:`analysable_frame_seconds`), counted as the frames come (one bool a second)."""

    def __init__(self) -> None:
        self._read = np.zeros(0, dtype=bool)

    def add(self, t_s: np.ndarray, total_n: np.ndarray) -> None:
        """Next frames: ``t_s`` (n,) s, ``total_n`` (n,) N their nominal total load."""
        sec = analysable_frame_seconds(t_s, total_n)
        if not sec.size:
            return
        top = int(sec.max()) + 1
        if top > self._read.shape[0]:
            self._read = np.concatenate((self._read, np.zeros(max(top - self._read.shape[0], 600), dtype=bool)))
        self._read[sec] = True

    @property
    def seconds(self) -> np.ndarray:
        """Bool (n,), True for each second 0 .. n-1 with such a frame; n one past the last such second."""
        hit = np.flatnonzero(self._read)
        return self._read[:int(hit[-1]) + 1 if hit.size else 0].copy()
