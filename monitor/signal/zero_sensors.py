"""Which of a foot's sensors read 0 in every frame while the foot was loaded, and the caveat that says so.

A dead force-sensing resistor, or one whose connector came loose, sends 0, not "no sample": its column is
full, and nothing else shows it. Its region then reads too low (the metatarsal heads' focal peak moves to
the heads beside it). But a part of the foot that bears no load reads 0 too: a heel or toes held off the
pedal all ride, an arch. So the caveat says what was read, a sensor that read 0 in every frame while its
foot was loaded, and names a dead sensor or a connector as one possibility, never as a finding. Nothing
here changes what the detector reads: a sensor that reads 0 is read as 0 (the rider-population layouts
have low-load sensors that read 0 in cycling).

A frame is loaded when its nominal total load (monitor.signal.regions) is at least the level below which the
tare takes the foot for unloaded (TareParams.unloaded_total_n, 12 N by default, a guess): the level the
caller's tare uses for those frames, given with them, so it follows a params file (``--params``) and, on an
uncalibrated insole, the foot's loaded level (monitor.signal.nominal_scale scales it; while that level is
unknown the tare has no unloaded level and no frame counts as loaded here).

Counted as the frames come (bounded: a flag per sensor and a count), so the import (monitor.importers.
data_caveats, over a file's frames, at the level of an analysis with the default params) and the analysis
(monitor.signal.pipeline.FootPipeline.zeros, over the frames it is fed, live or recorded, at its tare's level)
find the same sensors in the same frames and say them in the same words (an analysis with a params file of
another level counts by its own).
"""

from __future__ import annotations

import numpy as np

from monitor.codebook import SensorLayout, region_name
from monitor.util.pressure_units import unit_name
from monitor.util.words import listed

#: A foot loaded for less than this (s) is said nothing of: too little to say a sensor never read (a guess).
MIN_LOADED_S = 10.0
#: At most this many sensors are named per foot; the rest are counted (a guess: a line is read).
MAX_NAMED = 4
#: The words every such caveat holds, by which a caller tells one apart (:func:`is_zero_caveat`).
MARK = "in every frame while the foot was loaded"


class ZeroSensors:
    """One foot's sensors that never read above ``resolution`` (kPa, or the insole's units) in a frame in
    which the foot was loaded (its nominal total load at least the tare's unloaded level of those frames, given
    to :meth:`add`), counted as the frames come (see the module).

    Attributes
    ----------
    n_loaded : frames loaded so far
    above : ndarray (n_sensors,) bool, the sensors that read above ``resolution`` in a loaded frame
    sampled : ndarray (n_sensors,) bool, the sensors that had a sample in a loaded frame
    """

    def __init__(self, n_sensors: int, resolution: float) -> None:
        self.resolution = float(resolution)
        self.n_loaded = 0
        self.above = np.zeros(n_sensors, dtype=bool)
        self.sampled = np.zeros(n_sensors, dtype=bool)

    def add(self, pt: np.ndarray, total_n: np.ndarray, unloaded_total_n: float) -> None:
        """Next frames: ``pt`` (n_sensors, n) kPa, NaN where missing; ``total_n`` (n,) N their nominal total
        load (NaN: not loaded); ``unloaded_total_n`` (N, the insole's units on an uncalibrated one) the tare's
        unloaded level for them (TareParams.unloaded_total_n as the tare uses it): a frame at or above it is
        loaded. A level that is not finite (an uncalibrated foot whose loaded level is unknown: no frame is
        unloaded for its tare, nor known to be loaded) counts none."""
        if not np.isfinite(unloaded_total_n):
            return
        with np.errstate(invalid="ignore"):
            loaded = np.asarray(total_n) >= unloaded_total_n
        k = int(np.count_nonzero(loaded))
        if not k:
            return
        self.n_loaded += k
        todo = np.flatnonzero(~self.above)
        if not todo.size:
            return
        part = pt[todo][:, loaded]
        with np.errstate(invalid="ignore"):
            self.above[todo] = (part > self.resolution).any(axis=1)
        self.sampled[todo] |= ~np.isnan(part).all(axis=1)

    def zero(self, rate_hz: float) -> list[int]:
        """The sensors (indices) that had a sample while the foot was loaded and never read above the
        resolution then; [] where the foot was loaded for less than MIN_LOADED_S at ``rate_hz`` (Hz)."""
        if self.n_loaded < MIN_LOADED_S * float(rate_hz):
            return []
        return np.flatnonzero(self.sampled & ~self.above).tolist()


def zero_caveat(foot: str, layout: SensorLayout, sensors: list[int]) -> str:
    """The caveat of ``foot``'s ``sensors`` (indices into ``layout``) that read 0 in every loaded frame, ""
    for none: ``left: sensor p05 (MTH2) read 0 in every frame while the foot was loaded (never above 0.1 kPa,
    one step of its resolution): if that part of the foot bore load, its region reads too low (a dead sensor
    or a loose connector can do this); a part that bore none reads 0 too (a heel or toes off the pedal in
    cycling)``."""
    if not sensors:
        return ""
    named = [f"p{i:02d} ({region_name(layout.regions[i]) or 'unknown region'})" for i in sensors[:MAX_NAMED]]
    rest = len(sensors) - MAX_NAMED
    if rest > 0:
        named.append(f"{rest} more")
    one = len(sensors) == 1
    unit = unit_name(layout.calibrated)
    return (f"{foot}: {'sensor' if one else 'sensors'} {listed(named)} read 0 {MARK} (never above "
            f"{layout.kpa_per_count:g} {unit}, one step of its resolution): if that part of the foot bore load, "
            f"{'its region reads' if one else 'their regions read'} too low (a dead sensor or a loose connector "
            "can do this); a part that bore none reads 0 too (a heel or toes off the pedal in cycling)")


def is_zero_caveat(caveat: str, foot: str) -> bool:
    """Whether ``caveat`` is :func:`zero_caveat`'s of ``foot``."""
    return caveat.startswith(f"{foot}: sensor") and MARK in caveat
