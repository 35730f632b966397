"""What the session report shows, computed from a session and its analysis. Pure: no drawing, no files.

Everything here is numbers in arrays and small dataclasses; monitor.report.plots draws them and
monitor.report.html lays them out. Frames are read as stored (float32 kPa, NaN where missing, no tare
and no filter), so the maps and curves show what the insole measured.

* :func:`pressure_map`: mean and peak pressure per sensor (the heatmaps).
* :func:`cycle_curves`: region peak pressure and centre of pressure over a time-normalised cycle
  (stance for gait, pedal stroke for cycling), mean and standard deviation across cycles.
* :func:`timeline`: per analysis window, forefoot load and share, the detector's level, reliefs.
* :func:`data_quality`: gaps, missing frames, link events, battery, counters, import caveats.
* :func:`verdict`: what happened, in the words of monitor.report.text, and what to try.
* :func:`report_data`: all of them for one session.

One idea: the numbers a report shows, computed (maps, curves, timelines, quality, verdict).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monitor.analysis.batch import AnalysisResult
from monitor.analysis.advice import Tip
from monitor.analysis.steps import FootSteps
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.codebook import (
    ANALYSIS_REGIONS,
    FOREFOOT_REGIONS,
    SensorLayout,
    region_name,
)
from monitor.report.event_list import LINK_KINDS, LinkEvent, event_number, link_events
from monitor.report.text import analysis_text
from monitor.session.absence import absent_frames, unfilled_gap_frames
from monitor.session.absence import absent_spans as find_absent_spans
from monitor.session.model import Session
from monitor.signal.regions import KPA_MM2_TO_N, RegionReducer
from monitor.signal.types import LEVELS, Cycle
from monitor.util.timefmt import clock_text
from monitor.util.words import listed

#: A frame counts as loaded for the mean map when its total force is at least this share of the foot's
#: 95th-percentile total force (a guess: it keeps swing phases and unweighted moments out of the mean).
LOADED_FRACTION = 0.1
#: Frames handled at once by :func:`pressure_map` (bounded memory, cache-sized work).
CHUNK_FRAMES = 1 << 16
#: Points of a time-normalised cycle, 0 to 100 % in steps of 1 %.
CYCLE_POINTS = 101
#: Cycles averaged for the curves, evenly spread over the session (about 30 steps give a stable mean:
#: domain.md section 3 [41] M; more only smooth the band, and cost time on a long session).
MAX_CYCLES = 300
#: Suggestions the verdict lists, as `solewatch analyze` does.
TOP_SUGGESTIONS = 4
LEVEL_CODE = {level: i for i, level in enumerate(LEVELS)}
#: A window with less data than this (s) has no point in the timeline: its share and peak would come from a
#: sliver of one cycle (a window that caught the first half second of a gap read a forefoot share of 0.98 on
#: a ride's 0.64). Half the 10 s window step (a guess: a few strokes or strides); the first window of a
#: session, 10 s of data, is kept.
MIN_WINDOW_DATA_S = 5.0
#: The timeline's level code of an assessment whose window holds less than MIN_WINDOW_DATA_S of data: no
#: level is drawn there (the detector went on assessing a window nobody measured).
NO_DATA_LEVEL = -1


@dataclass(frozen=True)
class FootFrames:
    """One foot's frames as arrays.

    t_s : ndarray (n,), session seconds; pressure_kpa : ndarray (n, n_sensors), float32 kPa, NaN missing.
    The report reads the pressure through :meth:`chunks` and :meth:`rows` only, so that
    :class:`StreamedFootFrames` can stand in for it.
    """

    foot: str
    t_s: np.ndarray
    pressure_kpa: np.ndarray

    @property
    def n_frames(self) -> int:
        return int(self.t_s.shape[0])

    def chunks(self, frames_per_chunk: int) -> Iterator[np.ndarray]:
        """The pressure, ``frames_per_chunk`` consecutive frames at a time (the last fewer)."""
        for lo in range(0, self.n_frames, frames_per_chunk):
            yield self.pressure_kpa[lo:lo + frames_per_chunk]

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """The pressure of frames ``idx`` (any shape of frame numbers): shape idx.shape + (n_sensors,)."""
        return self.pressure_kpa[idx]


@dataclass(frozen=True)
class StreamedFootFrames(FootFrames):
    """One foot's frames of a session whose frames stay on disk (Session.source): the times in memory, the
    pressure read again, a chunk at a time, for every pass (``pressure_kpa`` is None)."""

    session: Session | None = None

    def chunks(self, frames_per_chunk: int) -> Iterator[np.ndarray]:
        for _t, p in self.session.foot_chunks(self.foot, frames_per_chunk):
            yield np.asarray(p, dtype=np.float32)

    def rows(self, idx: np.ndarray) -> np.ndarray:
        idx = np.asarray(idx)
        want, where = np.unique(idx.ravel(), return_inverse=True)
        n_sensors = self.session.info.layouts[self.foot].n_sensors
        out = np.empty((want.size, n_sensors), dtype=np.float32)
        lo = 0
        for p in self.chunks(CHUNK_FRAMES):
            a, b = np.searchsorted(want, [lo, lo + p.shape[0]])
            out[a:b] = p[want[a:b] - lo]
            lo += p.shape[0]
        return out[where].reshape(*idx.shape, n_sensors)


def foot_frames(session: Session, foot: str) -> FootFrames:
    """One foot's frames, float32 as stored (no float64 copy of the whole session); for a session whose
    frames stay on disk, its times only (:class:`StreamedFootFrames`)."""
    if session.frames is None:
        return StreamedFootFrames(foot, session.foot_times(foot), None, session)
    t_s, pressure = session.foot_arrays(foot)
    return FootFrames(foot, t_s, np.asarray(pressure, dtype=np.float32))


# ---------------------------------------------------------------------------- heatmaps


@dataclass(frozen=True)
class PressureMap:
    """Per-sensor pressure of one foot over a session.

    mean_kpa : ndarray (n_sensors,)
        Mean over the loaded frames (total force >= LOADED_FRACTION x the 95th percentile), missing
        samples left out; NaN for a sensor with no loaded sample.
    peak_kpa : ndarray (n_sensors,)
        Highest reading over all frames; NaN for a sensor that never read.
    loaded_frames, valid_frames : frames counted in the mean; frames with at least one reading.
    """

    foot: str
    mean_kpa: np.ndarray
    peak_kpa: np.ndarray
    loaded_frames: int
    valid_frames: int


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


def missing_rows(frames: FootFrames) -> np.ndarray:
    """The frames without any reading, shape (n,) bool."""
    if frames.n_frames == 0:
        return np.zeros(0, dtype=bool)
    return np.concatenate([np.isnan(chunk).all(axis=1) for chunk in frames.chunks(CHUNK_FRAMES)])


def _filled(chunk: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """``chunk`` with missing samples as 0, and the mask of missing samples (None when none is)."""
    missing = np.isnan(chunk)
    if not missing.any():
        return chunk, None
    return np.where(missing, np.float32(0.0), chunk), missing


# ---------------------------------------------------------------------------- cycle curves


@dataclass(frozen=True)
class CycleCurves:
    """Region peak pressure and centre of pressure over a time-normalised cycle of one foot.

    kind : "stance" (gait: initial contact to toe-off) or "stroke" (cycling: one pedal revolution)
    phase_pct : ndarray (m,), 0 .. 100 %
    regions : the analysis regions the layout resolves, in ANALYSIS_REGIONS order
    mean_kpa, sd_kpa : ndarray (n_regions, m), region peak pressure across cycles (kPa)
    cop_x, cop_y : ndarray (m,), mean centre of pressure (layout frame: x medial -0.5 .. lateral +0.5,
        y heel 0 .. toe 1); NaN where no cycle carried load
    n_cycles : cycles averaged (of n_available complete cycles without missing frames)
    """

    foot: str
    kind: str
    phase_pct: np.ndarray
    regions: tuple[str, ...]
    mean_kpa: np.ndarray
    sd_kpa: np.ndarray
    cop_x: np.ndarray
    cop_y: np.ndarray
    n_cycles: int
    n_available: int


def cycle_spans(cycles: Sequence[Cycle]) -> tuple[str, np.ndarray]:
    """The kind of cycle the session is mostly made of and its ``[start_s, end_s)`` spans, shape (k, 2):
    stances of strides (to toe-off) or whole pedal strokes."""
    strides = [(c.start_s, c.toe_off_s) for c in cycles if c.kind == "stride" and c.toe_off_s is not None]
    strokes = [(c.start_s, c.end_s) for c in cycles if c.kind == "stroke"]
    kind, spans = ("stroke", strokes) if len(strokes) >= len(strides) else ("stance", strides)
    arr = np.array(spans, dtype=float).reshape(-1, 2)
    return kind, arr[arr[:, 1] > arr[:, 0]]


def cycle_curves(frames: FootFrames, layout: SensorLayout, cycles: Sequence[Cycle], *,
                 n_points: int = CYCLE_POINTS, max_cycles: int = MAX_CYCLES) -> CycleCurves | None:
    """Cycle-averaged curves of one foot (None when no complete cycle lies within the frames).

    Each cycle ``[start_s, end_s)`` is sampled at ``n_points`` evenly spaced times from start to end; at
    each time the regional peak pressure and the centre of pressure are interpolated linearly between
    the two frames around it. Cycles with a missing frame are left out; of the rest, at most
    ``max_cycles`` evenly spread over the session are averaged.
    """
    kind, spans = cycle_spans(cycles)
    t = frames.t_s
    if t.size < 2 or not spans.shape[0]:
        return None
    spans = spans[(spans[:, 0] >= t[0]) & (spans[:, 1] <= t[-1])]
    lo = np.searchsorted(t, spans[:, 0], side="left")
    hi = np.searchsorted(t, spans[:, 1], side="right")
    gap = missing_rows(frames)
    n_gap = np.concatenate(([0], np.cumsum(gap)))
    ok = (hi - lo >= 2) & (n_gap[np.minimum(hi + 1, t.size)] - n_gap[np.maximum(lo - 1, 0)] == 0)
    spans = spans[ok]
    n_available = int(spans.shape[0])
    if not n_available:
        return None
    if n_available > max_cycles:
        spans = spans[np.linspace(0, n_available - 1, max_cycles).round().astype(int)]
    frac = np.linspace(0.0, 1.0, n_points)
    tq = spans[:, :1] + frac[None, :] * (spans[:, 1:] - spans[:, :1])  # (k, m)
    j = np.clip(np.searchsorted(t, tq, side="right"), 1, t.size - 1)  # t[j-1] <= tq < t[j]
    dt = t[j] - t[j - 1]
    w = np.clip(np.where(dt > 0, (tq - t[j - 1]) / np.where(dt > 0, dt, 1.0), 0.0), 0.0, 1.0)
    reducer = RegionReducer(layout)
    both = frames.rows(np.concatenate([(j - 1).ravel(), j.ravel()]))
    before = reducer.reduce(both[:j.size].astype(float))
    after = reducer.reduce(both[j.size:].astype(float))
    k, m = tq.shape
    wf = w.ravel()

    def between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Linear interpolation; a frame with no weight does not count (its NaN does not spread)."""
        with np.errstate(invalid="ignore"):
            mixed = (1 - wf) * a + wf * b
        return np.where(wf == 0.0, a, np.where(wf == 1.0, b, mixed)).reshape(k, m)

    regions = tuple(r for r in ANALYSIS_REGIONS if r in reducer.masks)
    with warnings.catch_warnings():  # a phase where no cycle has a value is NaN, which is the answer
        warnings.simplefilter("ignore", RuntimeWarning)
        v = np.stack([between(before.region_peak_kpa[r], after.region_peak_kpa[r]) for r in regions]
                     or [np.empty((k, m))])[:len(regions)]
        mean, sd = np.nanmean(v, axis=1), np.nanstd(v, axis=1)  # (n_regions, m)
        cop_x = np.nanmean(between(before.cop_x, after.cop_x), axis=0)
        cop_y = np.nanmean(between(before.cop_y, after.cop_y), axis=0)
    return CycleCurves(frames.foot, kind, frac * 100.0, regions, mean, sd, cop_x, cop_y, k, n_available)


# ---------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Timeline:
    """One foot through the session, one point per analysis window (monitor.signal: every
    FeatureParams.step_s, 10 s by default).

    t_s : ndarray (w,), window end
    forefoot_peak_kpa : ndarray (w,), the highest mean per-cycle peak of FOREFOOT_REGIONS in the window
    forefoot_share : ndarray (w,), forefoot FTI / total FTI in the window
    (these, and cadence_per_min, NaN for a window with less than MIN_WINDOW_DATA_S of data: a gap)
    level_t_s, level : ndarray (a,), the detector's assessments, level as LEVEL_CODE (0 none .. 3 alert), or
        NO_DATA_LEVEL where the assessment's window holds less than MIN_WINDOW_DATA_S of data
    reliefs : list of (start_s, end_s), the forefoot relieved
    cadence_per_min : ndarray (w,), the window's cadence (rpm cycling, steps/min of both feet in gait; NaN
        in a window whose activity is unknown)
    """

    foot: str
    t_s: np.ndarray
    forefoot_peak_kpa: np.ndarray
    forefoot_share: np.ndarray
    level_t_s: np.ndarray
    level: np.ndarray
    reliefs: list[tuple[float, float]]
    cadence_per_min: np.ndarray = field(default_factory=lambda: np.empty(0))


def timeline(result: AnalysisResult, foot: str) -> Timeline:
    """The windows, assessments and reliefs of one foot's pipeline as arrays; a window with less than
    MIN_WINDOW_DATA_S of data gives NaN (missing stays missing)."""
    pipe = result.feet[foot]
    wins = pipe.windows_
    peak = np.array([max((w.peak_kpa.get(r, math.nan) for r in FOREFOOT_REGIONS
                          if not math.isnan(w.peak_kpa.get(r, math.nan))), default=math.nan)
                     for w in wins], dtype=float)
    share = np.array([w.forefoot_share for w in wins], dtype=float)
    cadence = np.array([w.cadence_per_min for w in wins], dtype=float)
    few = np.array([w.valid_fraction * w.window_s < MIN_WINDOW_DATA_S for w in wins], dtype=bool)
    for values in (peak, share, cadence):
        values[few] = np.nan
    data_s = {w.t_s: w.valid_fraction * w.window_s for w in wins}
    levels = [LEVEL_CODE[a.level] if data_s.get(a.t_s, 0.0) >= MIN_WINDOW_DATA_S else NO_DATA_LEVEL
              for a in pipe.assessments_]
    return Timeline(foot, np.array([w.t_s for w in wins], dtype=float), peak, share,
                    np.array([a.t_s for a in pipe.assessments_], dtype=float),
                    np.array(levels, dtype=int),
                    [(float(s), float(e)) for s, e in pipe.reliefs_], cadence)


# ---------------------------------------------------------------------------- data quality


@dataclass(frozen=True)
class FootQuality:
    """How complete one foot's data is.

    frames : rows in the frames table; missing_frames : rows with no reading at all; partial_frames :
    rows with some sensors missing; unfilled_frames : frames of gaps too long to be filled with NaN rows
    (gaps.csv ``filled`` false); absent_frames : frames the foot did not send before its first frame or
    after its last, within the session's duration (a foot lost for good, or one that joined late: no gap
    stands for them; monitor.session.absence); absent_spans : their (start_s, end_s); missing_share :
    (missing + unfilled + absent) / (frames + unfilled + absent).
    gaps : number of gaps; gap_s : their total length (s); gaps_by_reason : reason -> count.
    disconnects, reconnects : link events; foot_lost : times the foot was lost (:func:`times_lost`).
    battery : (t_s, level_pct) readings (the device's level at connection when the log has none).
    battery_low : low-battery events. counters : the link counters. gap_spans : list of (start_s,
    end_s). link_events : (t_s, event) of the disconnected, reconnected, foot_lost, reconnection_failed
    and battery_low events.
    """

    foot: str
    frames: int
    missing_frames: int
    partial_frames: int
    unfilled_frames: int
    missing_share: float
    gaps: int
    gap_s: float
    gaps_by_reason: dict[str, int]
    gap_spans: list[tuple[float, float]]
    disconnects: int
    reconnects: int
    foot_lost: int
    battery: list[tuple[float, float]]
    battery_low: int
    counters: dict[str, int]
    link_events: list[tuple[float, str]] = field(default_factory=list)
    absent_frames: int = 0
    absent_spans: list[tuple[float, float]] = field(default_factory=list)

    @property
    def no_reading_frames(self) -> int:
        """The frames of ``missing_share``: rows with no reading, unfilled gaps' frames and absent frames."""
        return self.missing_frames + self.unfilled_frames + self.absent_frames

    @property
    def read_frames(self) -> int:
        """Rows with at least one sensor read (the heatmaps' "frames with a reading", PressureMap.valid_frames)."""
        return self.frames - self.missing_frames

    @property
    def expected_frames(self) -> int:
        """The frames expected at the sample rate, which ``missing_share`` is a share of: the rows, unfilled
        gaps' frames and absent frames (= read_frames + no_reading_frames)."""
        return self.frames + self.unfilled_frames + self.absent_frames

#: The link events the data-quality panel marks (and the list of every alert and event holds).
LINK_EVENTS = LINK_KINDS


def times_lost(kinds: list[str | None]) -> int:
    """How often a foot was lost, from its link events in order: each ``foot_lost``, and each
    ``reconnection_failed`` of a drop no ``foot_lost`` said already (docs/session-format.md)."""
    n, said = 0, False  # said: this drop's loss is counted
    for kind in kinds:
        if kind == "disconnected":
            said = False
        elif kind == "foot_lost" or (kind == "reconnection_failed" and not said):
            n, said = n + 1, True
    return n


@dataclass(frozen=True)
class DataQuality:
    """Per-foot FootQuality and what to know about the session as a whole.

    caveats : the importer's caveats (session.json imported_from.caveats) and notes of our own (inferred
    sensor positions, a log cut short, regions a layout cannot resolve).
    """

    feet: dict[str, FootQuality]
    caveats: list[str]
    source: str
    duration_s: float


def foot_quality(session: Session, frames: FootFrames) -> FootQuality:
    foot = frames.foot
    n_missing = n_partial = 0
    for chunk in frames.chunks(CHUNK_FRAMES):
        missing = np.isnan(chunk)
        all_missing = missing.all(axis=1)
        n_missing += int(all_missing.sum())
        n_partial += int((missing.any(axis=1) & ~all_missing).sum())
    g = session.gaps[session.gaps["foot"].astype(str) == foot] if len(session.gaps) else session.gaps
    unfilled = unfilled_gap_frames(session.gaps, foot)
    n = frames.n_frames
    rate = float(session.info.layouts[foot].current_rate_hz)
    absent_spans = find_absent_spans(frames.t_s, rate, event_number(session.info.duration_s))
    absent = absent_frames(absent_spans, rate)
    total = n + unfilled + absent
    share = (n_missing + unfilled + absent) / total if total else math.nan
    by_reason = {str(k): int(v) for k, v in g["reason"].value_counts().items()} if len(g) else {}
    spans = [(float(s), float(e)) for s, e in zip(g["start_s"], g["end_s"])] if len(g) else []
    events = [e for e in session.events if e.get("foot") == foot]
    kinds = [e.get("event") for e in events]
    events = [e for e in events if event_number(e.get("t_s")) is not None]  # a time the panel can place
    battery = [(float(e["t_s"]), level) for e in events
               if e.get("event") == "battery" and (level := event_number(e.get("level_pct"))) is not None]
    dev = session.info.devices.get(foot)
    if not battery and dev is not None and dev.battery_pct is not None:
        battery = [(0.0, float(dev.battery_pct))]
    counters = {k: int(v) for k, v in (session.counters.get(foot) or {}).items()
                if event_number(v) is not None and abs(v) < 2**63}
    return FootQuality(foot, n, n_missing, n_partial, unfilled, share, len(g),
                       float(sum(e - s for s, e in spans)), by_reason, spans,
                       kinds.count("disconnected"), kinds.count("reconnected"), times_lost(kinds),
                       battery, kinds.count("battery_low"), counters,
                       [(float(e["t_s"]), e["event"]) for e in events if e.get("event") in LINK_EVENTS],
                       absent, absent_spans)


def data_quality(session: Session, frames: dict[str, FootFrames]) -> DataQuality:
    """Per-foot data quality and the session's caveats."""
    feet = {foot: foot_quality(session, frames[foot]) for foot in session.info.feet}
    t_end = max((float(f.t_s[-1]) for f in frames.values() if f.n_frames), default=0.0)
    return quality_of(session, feet, t_end)


def quality_of(session: Session, feet: dict[str, FootQuality], t_end: float) -> DataQuality:
    """The session's data quality from each foot's (:func:`foot_quality`) and its last frame's time
    ``t_end`` (s): what :func:`data_quality` gives, for a caller that holds one foot's frames at a time."""
    caveats = list((session.info.imported_from or {}).get("caveats") or [])
    for foot in session.info.feet:
        layout = session.info.layouts[foot]
        if layout.positions_inferred and not session.info.imported_from:
            caveats.append(f"{foot}: sensor positions are inferred, not published by the maker")
        if not layout.calibrated:
            caveats.append(f"{foot}: the {layout.insole} insole sends raw ADC counts and its maker publishes no "
                           f"calibration: pressures are counts x {layout.kpa_per_count:g} (a nominal scale), "
                           "not kPa; compare them only within one insole (docs/devices.md)")
        unresolved = layout.unresolved_regions()
        if unresolved:
            names = listed([region_name(r) for r in unresolved])
            caveats.append(f"{foot}: the insole cannot resolve the {names} (no sensor there); those regions are "
                           "left out, never invented")
    for foot, q in feet.items():
        for start, end in q.absent_spans:
            where = (f"from {clock_text(start)} to the end of the session" if start > 0
                     else f"from the start of the session to {clock_text(end)}")
            caveats.append(f"{foot}: no data {where} ({clock_text(end - start)} of "
                           f"{clock_text(session.info.duration_s)}): counted as missing")
    if session.unclosed_note():
        caveats.append(session.unclosed_note())
    elif session.truncated_tail_bytes:
        caveats.append(f"the raw log ends in a record cut short ({session.truncated_tail_bytes} bytes): "
                       "the recorder stopped without closing the session")
    if session.damaged_spans:
        caveats.append(session.damage_note())
    duration = float(session.info.duration_s) if session.info.duration_s else t_end
    return DataQuality(feet, caveats, session.info.source, duration)


# ---------------------------------------------------------------------------- verdict


@dataclass(frozen=True)
class Verdict:
    """What happened and what to try.

    headline : the verdict sentence of monitor.report.text (as `solewatch analyze` says it)
    foot_lines : its per-foot summary lines
    alert_counts : foot -> level -> number of alerts
    first_warning_s : foot -> time of the first warning or alert (None when there was none)
    regions : foot -> regions named by that foot's warnings and alerts (by its notices when none)
    suggestions : what to try, most useful first, each naming its foot, cleat or shoe
        (monitor.analysis.advice: the warnings' suggestions, every alert's when there was none)
    setup : the rider's declared pedals and shoes in words ("" when none was declared)
    referrals : when to see a clinician, in the words of the session's activities
        (monitor.analysis.suggestions.referrals)
    too_short : nothing found in a session too short for a warning (monitor.analysis.advice.Advice)
    """

    headline: str
    foot_lines: list[str]
    alert_counts: dict[str, dict[str, int]]
    first_warning_s: dict[str, float | None]
    regions: dict[str, list[str]]
    suggestions: list[Tip]
    setup: str = ""
    referrals: tuple[str, ...] = referrals()
    disclaimer: str = NOT_A_MEDICAL_DEVICE
    too_short: bool = False


def top_suggestions(result: AnalysisResult, n: int = TOP_SUGGESTIONS) -> list[Tip]:
    """The suggestions `solewatch analyze` lists (monitor.analysis.advice): those of the warnings and alerts
    (of every alert when there is none), per foot, in order of appearance, at most ``n`` (and the check of
    one side when only one foot was warned)."""
    tips = result.advice().tips
    return tips[:n] + [t for t in tips[n:] if t.key == "check_side"]


def verdict(result: AnalysisResult, feet: Sequence[str], cadence_per_min: dict[str, float] | None = None
            ) -> Verdict:
    """The verdict of an analysis, in the words of monitor.report.text.analysis_text (``cadence_per_min``:
    a crank sensor's cadence per foot in place of the insoles' estimate)."""
    paragraphs = analysis_text(result, cadence_per_min).split("\n\n")
    headline = paragraphs[0].strip()
    foot_lines = [ln for ln in paragraphs[1].splitlines() if ln.strip()] if len(paragraphs) > 1 else []
    counts = {foot: {lv: 0 for lv in LEVELS[1:]} for foot in feet}
    first: dict[str, float | None] = dict.fromkeys(feet)
    named: dict[str, list[str]] = {foot: [] for foot in feet}
    notices: dict[str, list[str]] = {foot: [] for foot in feet}
    for a in result.alerts:
        if a.foot not in counts or a.level not in counts[a.foot]:
            continue
        counts[a.foot][a.level] += 1
        into = notices if a.level == "notice" else named
        if a.level != "notice" and first[a.foot] is None:
            first[a.foot] = a.t_s
        if a.region and a.region not in into[a.foot]:
            into[a.foot].append(a.region)
    regions = {foot: named[foot] or notices[foot] for foot in feet}
    return Verdict(headline, foot_lines, counts, first, regions, top_suggestions(result), result.setup.words(),
                   referrals=referrals(result.activities().values()), too_short=result.advice().too_short)


# ---------------------------------------------------------------------------- everything


@dataclass
class ReportData:
    """Everything the report shows, per foot where it is per foot."""

    session_id: str
    label: str
    activity: str
    start_utc: str
    layouts: dict[str, SensorLayout]
    verdict: Verdict
    summary: dict[str, dict[str, Any]]
    asymmetry: dict[str, Any]
    maps: dict[str, PressureMap]
    curves: dict[str, CycleCurves | None]
    timelines: dict[str, Timeline]
    alerts: list[Any]
    events: list[Any]
    quality: DataQuality
    steps: dict[str, FootSteps] = field(default_factory=dict)  # walking, running (monitor.analysis.steps)
    gait: dict[str, Any] = field(default_factory=dict)  # AnalysisResult.gait(): per foot, balance
    #: A bike computer's ride set against the insoles (monitor.report.ride_data.RideReport), None without
    #: an imported ride.
    ride: Any = None
    #: The rider's "numb now" marks, each against the detector's warnings (monitor.analysis.marks.MarkCheck).
    marks: list[Any] = field(default_factory=list)
    #: The link events of a recording (monitor.report.event_list), in time order.
    link_events: list[LinkEvent] = field(default_factory=list)


def report_data(session: Session, result: AnalysisResult,
                progress: Callable[[str], None] | None = None, ride: Any = None) -> ReportData:
    """Compute everything the report shows. ``progress`` is called with a short line per stage. ``ride``:
    the session's imported ride (monitor.session.ride.Ride), whose crank cadence then replaces the
    insoles' estimate in the verdict's lines."""
    say = progress or (lambda _msg: None)
    feet = session.info.feet
    maps: dict[str, PressureMap] = {}
    curves: dict[str, CycleCurves | None] = {}
    qualities: dict[str, FootQuality] = {}
    t_end = 0.0
    for foot in feet:  # one foot's frames at a time
        say(f"pressure map and cycle curves: {foot} foot")
        frames = foot_frames(session, foot)
        layout = session.info.layouts[foot]
        maps[foot] = pressure_map(frames, layout)
        pipe = result.feet.get(foot)
        curves[foot] = cycle_curves(frames, layout, pipe.cycles_) if pipe is not None else None
        qualities[foot] = foot_quality(session, frames)
        if frames.n_frames:
            t_end = max(t_end, float(frames.t_s[-1]))
        del frames
    say("timeline and data quality")
    timelines = {foot: timeline(result, foot) for foot in feet if foot in result.feet}
    quality = quality_of(session, qualities, t_end)
    summary = result.summary()
    summary = {foot: {**s, "activity": s.get("activity") if s.get("activity") != "unknown"
                      else (result.declared_activity or "unknown")} for foot, s in summary.items()}
    ride_numbers, crank = None, None
    if ride is not None:
        from monitor.report.ride_data import ride_report

        say("the ride against the insoles")
        ride_numbers = ride_report(session, result, ride.records, ride.meta)
        if ride_numbers.has_cadence:
            crank = dict.fromkeys(feet, ride_numbers.cadence_crank_rpm)
            summary = {foot: {**s, "cadence_per_min": ride_numbers.cadence_crank_rpm}
                       for foot, s in summary.items()}
    return ReportData(session.info.session_id, session.info.label, session.info.activity,
                      session.info.start_utc, dict(session.info.layouts), verdict(result, feet, crank), summary,
                      result.asymmetry(), maps, curves, timelines, list(result.alerts), list(result.events),
                      quality, dict(result.steps), result.gait() if result.steps else {}, ride_numbers,
                      result.mark_checks(), link_events(session.events, feet))
