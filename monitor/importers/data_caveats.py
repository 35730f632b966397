"""Caveats an import finds in a recording's pressures themselves, once its activity is known: a sensor that
read 0 in every frame while its foot was loaded (monitor.signal.zero_sensors: loaded by the tare's level of the
analysis of the same file with the default params), and pressures too small for any insole at the activity
(a file in N/cm² or in newtons per sensor, read as kPa). Neither refuses the file nor changes a sample: they
are said, in session.json's ``imported_from.caveats`` and so in the report's "What to know"
(docs/import-csv.md, "A sensor that reads 0 all along" and "Too small for kPa").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from monitor.codebook import IMU_COLUMNS, FrameBlock, SensorLayout
from monitor.importers.base import ImportedRecording
from monitor.signal.activity_words import DECLARED_ACTIVITY
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.regions import RegionReducer
from monitor.signal.zero_sensors import ZeroSensors, zero_caveat

#: Frames read at a time (bounded memory: a 60-minute file's foot is not copied whole; a guess).
CHUNK_ROWS = 65_536
#: The lowest peak pressure (kPa) domain.md section 1 reports for each activity, with its source: the
#: highest region of the activity's lowest row (a foot's highest sensor reads at least its highest region's
#: peak). Cycling's lowest is the recumbent bike's forefoot, below upright riding's 70-75 kPa [4] W.
LOWEST_PEAK_KPA = {
    "walking": (253.0, "forefoot 253 kPa [1] S"),
    "running": (251.0, "forefoot 251 kPa [1] S"),
    "elliptical": (213.0, "forefoot 213 kPa [1] S"),
    "cycling": (41.0, "recumbent forefoot 41 kPa [1] S"),
    "cycling_seated": (41.0, "recumbent forefoot 41 kPa [1] S"),
    "cycling_standing": (41.0, "recumbent forefoot 41 kPa [1] S"),
}
#: An activity domain.md gives no peak for (stair climbing, unknown): the lowest it gives of any.
ANY_ACTIVITY = (41.0, "the recumbent bike's forefoot 41 kPa [1] S, the lowest of any activity")
#: A foot whose highest reading in the whole file is under this share of that lowest peak reads too small
#: (a guess, not from domain.md: half of the lowest reported peak of any insole at the activity).
FLOOR_SHARE = 0.5
#: A foot whose rows span less than this (s) is said nothing of: too little to be a session (a guess).
MIN_SPAN_S = 10.0


def foot_zero_caveat(foot: str, layout: SensorLayout, pressure_kpa: np.ndarray, rate_hz: float, t_s: np.ndarray,
                     activity: str = "unknown", imu: np.ndarray | None = None) -> str:
    """The caveat of ``foot``'s sensors that read 0 in every frame while it was loaded (``pressure_kpa``
    (n_rows, n_sensors), NaN where missing, at the times ``t_s`` (n_rows,) s; ``rate_hz`` its sample rate, Hz),
    "" for none: the frames, level and words of the analysis of the same file with the default params
    (monitor.signal.zero_sensors). On a calibrated insole the tare's level is DEFAULT_PARAMS' unloaded level,
    and the file is read CHUNK_ROWS at a time; on an uncalibrated one it follows the foot's loaded level as the
    analysis learns it, so the foot's frames (with ``imu`` (n_rows, 6) or None, at the declared ``activity``, a
    session word) run through the analysis's own pipeline (:func:`_pipeline_zeros`)."""
    if not layout.calibrated:
        return zero_caveat(foot, layout, _pipeline_zeros(foot, layout, pressure_kpa, rate_hz, t_s, activity, imu))
    zeros = ZeroSensors(layout.n_sensors, layout.kpa_per_count)
    reducer = RegionReducer(layout)
    for lo in range(0, pressure_kpa.shape[0], CHUNK_ROWS):
        pt = np.ascontiguousarray(pressure_kpa[lo:lo + CHUNK_ROWS].T, dtype=float)
        total_n, _ = reducer.loads_by_sensor(pt)
        zeros.add(pt, total_n, DEFAULT_PARAMS.tare.unloaded_total_n)
    return zero_caveat(foot, layout, zeros.zero(rate_hz))


def _pipeline_zeros(foot: str, layout: SensorLayout, pressure_kpa: np.ndarray, rate_hz: float, t_s: np.ndarray,
                    activity: str, imu: np.ndarray | None) -> list[int]:
    """The sensors (indices) FootPipeline.zeros finds over the foot's frames, fed CHUNK_ROWS at a time as the
    analysis feeds a session's (DEFAULT_PARAMS, the declared activity's label; keeping no history)."""
    from monitor.signal.pipeline import FootPipeline  # here: a calibrated insole's import loads no pipeline

    pipe = FootPipeline(foot, layout, rate_hz, DEFAULT_PARAMS, activity=DECLARED_ACTIVITY.get(activity or ""),
                        keep_history=False, max_cycle_features=0)
    for lo in range(0, pressure_kpa.shape[0], CHUNK_ROWS):
        hi = lo + CHUNK_ROWS
        pipe.feed(FrameBlock(foot, np.asarray(t_s[lo:hi], dtype=float), np.asarray(pressure_kpa[lo:hi], dtype=float),
                             None if imu is None else imu[lo:hi]))
    pipe.finish()
    return pipe.zeros.zero(rate_hz)


def _foot_imu(rec: ImportedRecording, foot: str) -> np.ndarray | None:
    """``foot``'s IMU rows (n_rows, 6) from its extras (IMU_COLUMNS, NaN where one is missing), as an analysis of
    the session reads them (monitor.session.imu); None where its layout has no IMU or its extras none."""
    df = rec.extras.get(foot)
    if not rec.layouts[foot].has_imu or df is None or not any(c in df for c in IMU_COLUMNS):
        return None
    return np.stack([df[c].to_numpy(dtype=float) if c in df else np.full(len(df), np.nan) for c in IMU_COLUMNS],
                    axis=1)


def too_small_caveat(foot: str, layout: SensorLayout, pressure_kpa: np.ndarray, span_s: float,
                     activity: str) -> str:
    """The caveat of a calibrated ``foot`` whose highest reading in the whole file (``pressure_kpa``
    (n_rows, n_sensors) kPa, NaN where missing) is under FLOOR_SHARE of the lowest peak domain.md reports for
    ``activity`` (LOWEST_PEAK_KPA), "" otherwise: and for a foot whose rows span (``span_s``, s) under
    MIN_SPAN_S, an uncalibrated insole's (its units are no kPa) and one that read nothing above its
    resolution (a dead or absent insole, which the analysis says)."""
    if not layout.calibrated or span_s < MIN_SPAN_S or not np.isfinite(pressure_kpa).any():
        return ""
    top_kpa = float(np.nanmax(pressure_kpa))
    peak_kpa, source = LOWEST_PEAK_KPA.get(activity, ANY_ACTIVITY)
    floor_kpa = FLOOR_SHARE * peak_kpa
    if top_kpa <= layout.kpa_per_count or top_kpa >= floor_kpa:
        return ""
    of = f"{activity} " if activity in LOWEST_PEAK_KPA else ""
    return (f"{foot}: pressures look about 10x too small: is the file in N/cm²? Its highest reading in the whole "
            f"file is {top_kpa:.3g} kPa, under {floor_kpa:g} kPa, half the lowest {of}peak domain.md reports "
            f"({source}; the half is a guess). A file in N/cm² (Moticon's unit) reads a tenth of its kPa, one of "
            "each sensor's force in N less still: convert it to kPa (docs/import-csv.md)")


def with_data_caveats(rec: ImportedRecording) -> ImportedRecording:
    """``rec`` with each foot's :func:`foot_zero_caveat` and :func:`too_small_caveat` after its own caveats
    (at its activity, ``rec.activity``: set it first); ``rec`` itself when there are none."""
    found = []
    for foot in rec.feet:
        layout, p = rec.layouts[foot], rec.pressure_kpa[foot]
        t = rec.times(foot)
        span_s = float(t[-1] - t[0]) if t.size else 0.0
        found += [c for c in (foot_zero_caveat(foot, layout, p, rec.foot_rate_hz(foot), t, rec.activity,
                                               _foot_imu(rec, foot)),
                              too_small_caveat(foot, layout, p, span_s, rec.activity)) if c]
    new = [c for c in found if c not in rec.caveats]
    return replace(rec, caveats=[*rec.caveats, *new]) if new else rec
