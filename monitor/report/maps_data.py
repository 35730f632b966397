"""The report's heatmaps, computed: mean and peak pressure per sensor of one foot over a session. Pure: no
drawing, no files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from monitor.codebook import SensorLayout
from monitor.report.frames_data import CHUNK_FRAMES, FootFrames
from monitor.signal.regions import KPA_MM2_TO_N

#: A frame counts as loaded for the mean map when its total force is at least this share of the foot's
#: 95th-percentile total force (a guess: it keeps swing phases and unweighted moments out of the mean).
LOADED_FRACTION = 0.1


@dataclass(frozen=True)
class PressureMap:
    """Per-sensor pressure of one foot over a session.

    mean_kpa : ndarray (n_sensors,)
        Mean over the loaded frames (total force >= LOADED_FRACTION x the 95th percentile), missing
        samples left out; NaN for a sensor with no loaded sample.
    peak_kpa : ndarray (n_sensors,)
        Highest reading over all frames; NaN for a sensor that never read.
    loaded_frames, valid_frames : frames counted in the mean; frames with at least one reading.
    load_measured : False where the analysis never measured the foot's load (FootPipeline.load_measured: an
        uncalibrated insole's foot reading no load, or only its noise): frames picked against the foot's own
        highest force carry no load, so none is counted (``loaded_frames`` 0) and ``mean_kpa`` is all NaN
        (:func:`load_not_measured`).
    """

    foot: str
    mean_kpa: np.ndarray
    peak_kpa: np.ndarray
    loaded_frames: int
    valid_frames: int
    load_measured: bool = True


def pressure_map(frames: FootFrames, layout: SensorLayout,
                 loaded_fraction: float = LOADED_FRACTION) -> PressureMap:
    """Mean (over loaded frames) and peak pressure of each sensor.

    Two passes over the float32 frames in chunks of CHUNK_FRAMES (vectorised, no whole-session copy): the
    total force and peak of every frame, then the sums over the loaded frames (in float64).
    """
    n_frames = frames.n_frames
    n_sensors = layout.n_sensors
    area_n = np.asarray(layout.area_mm2, dtype=np.float32) * np.float32(KPA_MM2_TO_N)
    total_n = np.zeros(n_frames, dtype=np.float32)
    valid = np.ones(n_frames, dtype=bool)
    peak = np.full(n_sensors, -np.inf, dtype=np.float32)
    lo = -CHUNK_FRAMES
    for chunk in frames.chunks(CHUNK_FRAMES):
        lo += CHUNK_FRAMES
        filled, missing = _filled(chunk)
        total_n[lo:lo + chunk.shape[0]] = filled @ area_n
        if missing is not None:
            valid[lo:lo + chunk.shape[0]] = ~missing.all(axis=1)
            np.maximum(peak, np.where(missing, -np.inf, chunk).max(axis=0), out=peak)
        else:
            np.maximum(peak, chunk.max(axis=0), out=peak)
    n_valid = int(valid.sum())
    if n_valid == 0:
        nan = np.full(n_sensors, np.nan)
        return PressureMap(frames.foot, nan, nan.copy(), 0, 0)
    floor_n = loaded_fraction * float(np.percentile(total_n[valid], 95))
    loaded = valid & (total_n >= floor_n) & (total_n > 0)
    sums = np.zeros(n_sensors)
    counts = np.zeros(n_sensors, dtype=np.int64)
    for k, chunk in enumerate(frames.chunks(CHUNK_FRAMES)):
        pick = loaded[k * CHUNK_FRAMES:(k + 1) * CHUNK_FRAMES]
        if not pick.any():
            continue
        filled, missing = _filled(chunk[pick])
        sums += filled.sum(axis=0, dtype=np.float64)
        counts += filled.shape[0] if missing is None else (~missing).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    peak_kpa = np.where(np.isneginf(peak), np.nan, peak).astype(float)
    return PressureMap(frames.foot, mean, peak_kpa, int(loaded.sum()), n_valid)

def load_not_measured(m: PressureMap) -> PressureMap:
    """``m`` of a foot whose load was never measured (FootPipeline.load_measured False): no mean while loaded,
    its ``mean_kpa`` all NaN and ``loaded_frames`` 0 (missing stays missing: the heatmap draws nothing there, as
    for a foot with no reading); its peaks and frames with a reading are kept, they are readings."""
    return replace(m, mean_kpa=np.full_like(m.mean_kpa, np.nan, dtype=float), loaded_frames=0, load_measured=False)


def _filled(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """``chunk`` with missing samples as 0, and the mask of missing samples (None when none is)."""
    missing = np.isnan(chunk)
    if not missing.any():
        return chunk, None
    return np.where(missing, np.float32(0.0), chunk), missing
