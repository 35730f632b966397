"""Each step of a walk or a run, measured: ground contact time, strike index and footstrike type, impulse;
and the session's per-foot figures and left/right balance from them.

A step is one stance the gait detector found (monitor.signal.cycles.GaitCycleDetector: initial contact and
toe-off from the foot's total force; ``FootPipeline.contacts_``). From the session's frames (kPa per
sensor as stored, NaN where missing):

- **Unloaded level**: each sensor's reading late in the swing before the detector's initial contact (the
  median over ``[IC - 0.10 s, IC - 0.02 s]``, guess: the foot in the air), taken off every reading of the
  step, so that the offsets of an unloaded insole count for nothing.
- **Ground contact time** ``contact_s``: measured on the frames around the detector's stance (from 0.05 s before
  its initial contact to 0.05 s after its toe-off): from the start of the run of frames whose most loaded sensor
  reads at least ``CONTACT_KPA`` (20 kPa) above its unloaded level that holds the first such frame within the
  detector's stance, to the end of the run that holds the last one; each end interpolated between the frames
  around its crossing (s). On a scale-free foot (:func:`scale_free`: an uncalibrated insole's nominal units,
  not kPa, or pressures made with a guessed sensor area, ``SensorLayout.areas_guessed``) the level is
  ``CONTACT_PEAK_FRACTION`` (8 %) of the step's own peak (its most loaded sensor's highest reading above the
  unloaded level within the detector's stance; none above it, no contact) instead, so that the insole's scale
  cancels out. A dip inside the stance does not split it (a layout with no sensor under the midfoot has one
  between the heel's load and the forefoot's); a blip before the initial contact or after the toe-off does not
  stretch it. NaN when that span or the unloaded level's window runs past the foot's data or into a gap the
  detector does not bridge (monitor.analysis.data_runs), a frame there is missing, no frame of the stance is in
  contact, or the foot is still loaded at either end of that span; ``not_measured`` says which. A sensor
  without a sample (or without an unloaded level) may have been loaded where the others were not, so a step is
  not measured (contact time, strike index and impulse NaN; ``not_measured`` "no_sample") when one had none in
  a frame either side of either end of the contact, in a frame of the stance out of contact (an end might move),
  at the frame the strike index is read at, or, where the level is a share of the step's peak, anywhere in
  the stance: missing stays missing, rather than a contact measured on the other sensors alone (a dead hallux
  sensor shortened the real Moticon walk's median contact time by 6 %) or a strike index reading it as
  unloaded. Inside the contact, away from those frames, it changes neither.
- **Strike index** ``strike_index_pct``: the centre of pressure along the foot at initial contact, in %
  of foot length (0 heel .. 100 toe), the strike index of Cavanagh & Lafortune (1980, J Biomech 13:397),
  there measured on a force plate as a share of shoe length; here the centre of the anatomical regions'
  loads, each at the region's fixed centre, so that it reads the same on every layout
  (monitor.analysis.strike); read at the first frame of the contact whose load above the unloaded level
  reaches ``STRIKE_LOAD_FRACTION`` (5 %) of the stance's highest, counting the sensors at least
  ``STRIKE_SENSOR_KPA`` (10 kPa) above their unloaded level only (on a scale-free foot
  ``STRIKE_SENSOR_PEAK_FRACTION``, 4 %, of the step's own peak, as the contact level); NaN when none is, and
  on every step of a layout that cannot tell a strike (no sensor under the heel, or none under the ball and
  the toes).
- **Footstrike type** ``strike``: rearfoot below 33.3 %, midfoot from 33.3 % to 66.7 %, forefoot above
  66.7 % of the foot's length (Cavanagh & Lafortune 1980's thirds); "" when the strike index is NaN.
- **Impulse** ``impulse_n_s``: the integral over the contact of the foot's hot-spot load
  (monitor.signal.regions.RegionReducer.hot_loads: each region's hot-spot pressure with fixed anatomical
  weights over a fixed reference area, so that neither the number of sensors nor their size changes it:
  on the same simulated run the layouts that resolve every region agree within 10 %, a grid's hot spots
  reading a little above one sensor's) less its unloaded level, trapezoid over the frames of the contact
  (N s by dimension, not the body's force: the weighted mean hot-spot pressure-time integral, kPa s, times
  the fixed 3,400 mm² reference area, ``NOMINAL_AREA_MM2``, whatever the insole's sensing area; NaN when one is
  missing, and on every step of a layout without a sensor in each of the nine
  regions: ``four`` and Orphe have no midfoot sensor, fsr8 none under the medial midfoot, a PhysioNet gaitpdb
  recording none under MTH2-3 or the lesser toes). In a frame where a region's own sensors all had no
  sample (a dead sensor alone in its region), its hot spot is estimated by the pressure the detector's load
  gives it there, filled in from its group (monitor.signal.region_fill; ``RegionSeries.region_load_kpa``),
  and the step's impulse is an estimate (``impulse_estimated``); a frame whose whole group had no sample
  leaves the step's impulse NaN. Wearable insoles report impulse for the same purpose (loadsol: contact
  time and impulse, domain.md section 4 [49][50]).

**Balance** (:func:`steps_summary`): the left foot's share, in %, of the mean impulse per step of both
feet, ``100 x mean(I_left) / (mean(I_left) + mean(I_right))``; 50 % is even; each foot's
``impulse_estimated_steps`` counts the steps whose impulse is an estimate. Per step rather than summed,
so a step lost to a gap on one foot does not tip it. Where one foot's pressures are in kPa and the other's
in an uncalibrated insole's nominal units, there is no impulse share (``not_compared`` says why): it would be
the two scales' difference. The share of the median contact time is given beside it. Pure: arrays in, arrays out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monitor.analysis.data_runs import has_reading, runs_around
from monitor.analysis.step_loads import SWING_WINDOW_S, LayoutMeasures, frame_loads, layout_measures, swing_levels
from monitor.analysis.strike import (
    STRIKE_BOUNDS_PCT,
    STRIKE_DTYPE,
    STRIKE_SENSOR_KPA,
    STRIKES,
    strike_type,
    strike_unmeasured_why,
)
from monitor.codebook import FEET, SensorLayout
from monitor.util.pressure_units import pressure_unit, unit_name

#: Kept importable from here, where the steps are measured.
__all__ = ["STRIKES", "STRIKE_BOUNDS_PCT", "STRIKE_DTYPE", "FootSteps", "foot_steps", "steps_summary",
           "strike_type", "swing_levels", "measured", "impulse_not_compared", "scale_free"]

#: Steps measured at once (each holds its frames: about 100 frames x the sensors).
_STEPS_AT_ONCE = 512
#: In contact while the most loaded sensor reads at least this much above its unloaded level (kPa). Chosen
#: after looking at two references: the simulated runs' own stance (a threshold on the total load, the
#: detector's toe-off, ended the forefoot strike's stance 21 ms early, when only the toes still carried
#: load) and Moticon's gait report of the real walk (10 kPa came out 4-8 % longer than its stances, the
#: insole's slow tail; 20 kPa 1-6 %, median 3 %; 30 kPa shortened the simulated forefoot stance by 4 %).
CONTACT_KPA = 20.0
#: On a scale-free foot (:func:`scale_free`; an uncalibrated insole, ``SensorLayout.calibrated`` false: counts
#: at a nominal scale, not kPa; or a guessed sensor area, ``SensorLayout.areas_guessed``) the
#: contact level is this share of the step's own peak, its most loaded sensor's highest reading above the
#: unloaded level within the detector's stance, so that the insole's scale cancels out: CONTACT_KPA is 7-9 %
#: of those peaks on the Moticon walk (median 215 kPa left, 290 kPa right; tests/test_gait_events_real.py)
#: (guess: 8 %).
CONTACT_PEAK_FRACTION = 0.08
#: ... and a sensor counts towards the strike index there at this share of that peak above its unloaded
#: level, instead of STRIKE_SENSOR_KPA: half the contact level's share, as STRIKE_SENSOR_KPA is half
#: CONTACT_KPA (10 kPa is 3-5 % of the Moticon walk's peaks; guess: 4 %).
STRIKE_SENSOR_PEAK_FRACTION = 0.04
#: How far before the detector's initial contact and after its toe-off the frames are searched (s; guess).
EDGE_MARGIN_S = 0.05

#: Why a step has no measurement (``FootSteps.not_measured``), in the order they are told apart: the span
#: searched, or the unloaded level's window before it, runs past the foot's first or last frame with a
#: reading, or into a gap the gait detector does not bridge (monitor.analysis.data_runs) ("cut"); a frame
#: there has no reading, a shorter gap ("gap"); no frame of the detector's stance reaches the contact level
#: ("no_contact"); the foot is still loaded at either end of the span searched ("loaded"); a sensor had no sample
#: (or no unloaded level) where it could move the contact's ends or change the strike index, or, where none is
#: in contact, in the stance ("no_sample"; told before "no_contact" and, where the scale is known, after "loaded").
#: "" where measured.
NOT_MEASURED = ("cut", "gap", "no_contact", "loaded", "no_sample")
NOT_MEASURED_DTYPE = "<U10"
#: The strike index is read at the first frame whose load above the unloaded level reaches this share of
#: the stance's highest: a load the insole measures clearly, within the first frames of the contact.
#: Chosen on the simulated runs: at 10 % the forefoot strike's midfoot had begun to load in 8-12 % of the
#: steps (read as midfoot strikes); at 5 % every step of both simulated strikes is read as simulated.
STRIKE_LOAD_FRACTION = 0.05


@dataclass(frozen=True)
class FootSteps:
    """The steps of one foot, in time order; every array has shape (n,).

    initial_contact_s, toe_off_s : the gait detector's events (session seconds)
    contact_start_s, contact_end_s : the contact measured on the frames (session seconds)
    contact_s : ground contact time, ``contact_end_s - contact_start_s`` (s)
    strike_index_pct : the strike index: at initial contact, the centre of the regions' loads, each at the
        region's fixed centre, % of foot length (0 heel .. 100 toe)
    strike : "rearfoot", "midfoot", "forefoot", or "" where the strike index is NaN (STRIKE_DTYPE, a
        fixed-width text array: compares with ``==``, never objects)
    impulse_n_s : hot-spot-load impulse of the stance (N s by dimension: the weighted mean hot-spot
        pressure-time integral times the fixed 3,400 mm² reference area, not the body's force over the contact)
    impulse_estimated : bool, the impulse holds a frame where a region's own sensors all had no sample and
        its load was filled in from its group (an estimate); False where the impulse is NaN
    impulse_measurable : bool (one for the foot), whether its insole has a sensor of its own in each of the
        nine regions (RegionReducer.resolves_every_region): without, every impulse is NaN
    strike_unmeasured : why its insole cannot tell a footstrike type, as a code (monitor.analysis.strike
        NO_HEEL or NO_BALL, from strike_unmeasurable), every strike index then NaN; "" where it can.
        ``strike_unmeasured_why`` says it in words
    not_measured : why a step has no measurement at all, one of NOT_MEASURED ("" where it has one;
        NOT_MEASURED_DTYPE); empty when not told
    """

    foot: str
    initial_contact_s: np.ndarray
    toe_off_s: np.ndarray
    contact_start_s: np.ndarray
    contact_end_s: np.ndarray
    contact_s: np.ndarray
    strike_index_pct: np.ndarray
    strike: np.ndarray
    impulse_n_s: np.ndarray
    impulse_estimated: np.ndarray
    impulse_measurable: bool = True
    strike_unmeasured: str = ""
    not_measured: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=NOT_MEASURED_DTYPE))

    @property
    def strike_unmeasured_why(self) -> str:
        """Why its insole cannot tell a footstrike type, in words (a sentence's end); "" where it can."""
        return strike_unmeasured_why(self.strike_unmeasured)

    def __len__(self) -> int:
        return int(self.initial_contact_s.shape[0])


def _crossing_s(t0: np.ndarray, v0: np.ndarray, t1: np.ndarray, v1: np.ndarray,
                level: float | np.ndarray) -> np.ndarray:
    """Where each line from (t0, v0) to (t1, v1) meets ``level`` (one, or each line's; t1 where the two values
    are equal)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(v1 == v0, t1, t0 + (level - v0) * (t1 - t0) / np.where(v1 == v0, 1.0, v1 - v0))


def _measure(t: np.ndarray, p: np.ndarray, load_n: np.ndarray, strike_w: np.ndarray, strike_m: np.ndarray,
             ic: np.ndarray, to: np.ndarray, swing_kpa: np.ndarray, swing_n: np.ndarray,
             impulse_load_n: np.ndarray, swing_impulse_n: np.ndarray, estimated: np.ndarray,
             data_s: tuple[np.ndarray, np.ndarray], scale_known: bool = True) -> np.ndarray:
    """Stances measured on the frames, all at once: (m, 6) of contact start s, contact end s, strike index
    %, impulse N s, 1.0 where that impulse is an estimate (0.0 where not, NaN with the impulse), and why the
    step is not measured (1 + its index in NOT_MEASURED, 0 where it is); NaN where frames are missing or it
    cannot be told. ``ic``, ``to`` (m,): the detector's
    events; ``swing_kpa`` (m, n_sensors) and ``swing_n`` (m,): each step's unloaded level; ``load_n`` (n,)
    N: the nominal load that times the strike; ``impulse_load_n`` (n,) N: the hot-spot load the impulse
    integrates (NaN unless the layout resolves every region), ``swing_impulse_n`` (m,) N its unloaded level;
    ``estimated`` (n,) bool: the frames whose hot-spot load holds a region filled in from its group;
    ``data_s``: where the run of data holding each step begins and ends ((m,) s each,
    monitor.analysis.data_runs.runs_around), what cuts it;
    ``scale_known`` False (:func:`scale_free`): ``p``'s scale is nominal or a guess, and the contact level is
    CONTACT_PEAK_FRACTION of each step's own peak instead of CONTACT_KPA, the strike's sensor floor
    STRIKE_SENSOR_PEAK_FRACTION of it instead of STRIKE_SENSOR_KPA."""
    m = ic.shape[0]
    out = np.full((m, 6), np.nan)
    lo = np.searchsorted(t, ic - EDGE_MARGIN_S, side="left")
    k = np.searchsorted(t, to + EDGE_MARGIN_S, side="left") - lo  # frames searched per step
    width = int(max(k.max(initial=0), 1))
    col = np.arange(width)[None, :]
    inside = col < k[:, None]  # (m, K)
    idx = np.minimum(lo[:, None] + col, max(t.shape[0] - 1, 0))
    seg = p[idx].astype(float) - swing_kpa[:, None, :]  # (m, K, n_sensors): load above the unloaded level
    gone = np.isnan(seg).all(axis=2) & inside  # a frame with no reading
    top = np.fmax.reduce(seg, axis=2)  # (m, K): the most loaded sensor (NaN only where all are)
    t_seg = t[idx]
    stance = inside & (t_seg >= ic[:, None]) & (t_seg <= to[:, None])
    level, floor = np.full(m, CONTACT_KPA), np.full(m, STRIKE_SENSOR_KPA)  # (m,) in the pressures' own unit
    if not scale_known:  # relative to the step's own peak, whatever the pressures' scale
        peak = np.fmax.reduce(np.where(stance, top, np.nan), axis=1, initial=-np.inf)
        peak = np.where(peak > 0, peak, np.inf)  # no sensor above its unloaded level in the stance: no contact
        level, floor = CONTACT_PEAK_FRACTION * peak, STRIKE_SENSOR_PEAK_FRACTION * peak
    with np.errstate(invalid="ignore"):
        on = (top >= level[:, None]) & inside
    # contact runs from the start of the run holding the first frame in contact within the detector's stance
    # to the end of the run holding the last one: a dip of the most loaded sensor inside the stance (a
    # layout with no sensor under the midfoot, between the heel's and the forefoot's) does not split it,
    # and a blip before the initial contact or after the toe-off does not stretch it
    held = on & stance
    any_held = held.any(axis=1)
    first_in = np.where(any_held, np.argmax(held, axis=1), 0)
    last_in = np.where(held, col, 0).max(axis=1)
    first = np.where(~on & (col < first_in[:, None]), col, -1).max(axis=1) + 1
    last = np.where(~on & inside & (col > last_in[:, None]), col, width).min(axis=1) - 1
    ok = ((k >= 3) & ~gone.any(axis=1) & np.isfinite(swing_n) & any_held & (first > 0)
          & (last < k - 1))  # loaded at an edge of the span searched: no clear contact or toe-off
    cut = (ic - max(EDGE_MARGIN_S, SWING_WINDOW_S[0]) < data_s[0]) | (to + EDGE_MARGIN_S > data_s[1])
    gap = gone.any(axis=1) | ~np.isfinite(swing_n)
    f, last = np.where(ok, first, 1), np.where(ok, last, 0)
    r = np.arange(m)
    # a sensor without a sample, or without an unloaded level, where it could change the contact or the strike
    # index: it may have been loaded where the others were not (NOT_MEASURED "no_sample")
    lack = np.isnan(seg).any(axis=2) & inside  # (m, K)
    in_run = (col >= f[:, None]) & (col <= last[:, None])
    doubt = (lack & stance & ~in_run).any(axis=1)  # a frame of the stance out of contact: an end may move
    if not scale_known:  # the level is a share of the step's peak, which it may have held
        doubt |= (lack & stance).any(axis=1)
    doubt |= ok & (lack[r, f - 1] | lack[r, f] | lack[r, last] | lack[r, last + 1])  # the ends' crossings
    out[:, 0] = _crossing_s(t_seg[r, f - 1], top[r, f - 1], t_seg[r, f], top[r, f], level)
    out[:, 1] = _crossing_s(t_seg[r, last], top[r, last], t_seg[r, last + 1], top[r, last + 1], level)
    run = in_run
    load = load_n[idx] - swing_n[:, None]
    loaded = ok & ~(np.isnan(load) & run).any(axis=1)
    load = np.where(run, np.clip(np.nan_to_num(load, nan=0.0), 0.0, None), 0.0)
    pairs = run[:, :-1] & run[:, 1:]
    impulse_load = impulse_load_n[idx] - swing_impulse_n[:, None]
    impulse_loaded = ok & np.isfinite(swing_impulse_n) & ~(np.isnan(impulse_load) & run).any(axis=1)
    impulse_load = np.where(run, np.clip(np.nan_to_num(impulse_load, nan=0.0), 0.0, None), 0.0)
    out[:, 3] = np.where(pairs, 0.5 * (impulse_load[:, :-1] + impulse_load[:, 1:]) * np.diff(t_seg, axis=1),
                         0.0).sum(axis=1)
    out[:, 4] = (estimated[idx] & run).any(axis=1)
    strike_at = np.argmax(run & (load >= STRIKE_LOAD_FRACTION * load.max(axis=1)[:, None]), axis=1)
    doubt |= ok & lack[r, strike_at]  # the strike index would read it as unloaded
    loaded_at_edge = any_held & (scale_known or ~doubt)  # certain: the known sensors alone reach the level there
    why = np.select([ok & ~doubt, cut, gap, ok | doubt & ~loaded_at_edge, ~any_held], [0, 1, 2, 5, 3], default=4)
    ok &= ~doubt
    above = np.nan_to_num(seg[r, strike_at], nan=0.0)  # (m, n_sensors) kPa above the unloaded level
    counted = np.where(above >= floor[:, None], above, 0.0)  # (m, n_sensors) kPa
    total = counted @ strike_w  # the regions' loads and their moments (monitor.analysis.strike)
    with np.errstate(invalid="ignore", divide="ignore"):
        out[:, 2] = np.where(total > 0, (counted @ strike_m) / np.where(total > 0, total, 1.0), np.nan)
    out[~ok, :] = np.nan
    out[~loaded, 2:] = np.nan
    out[~impulse_loaded, 3:5] = np.nan
    out[:, 5] = why
    return out


def foot_steps(foot: str, t_s: np.ndarray, pressure_kpa: np.ndarray, layout: SensorLayout,
               contacts: Sequence[tuple[float, float]], measures: LayoutMeasures | None = None) -> FootSteps:
    """The steps of one foot. ``t_s`` (n,) s and ``pressure_kpa`` (n, n_sensors) kPa: its frames as stored
    (NaN where missing); ``contacts``: its stances ``(initial_contact_s, toe_off_s)`` as the gait
    detector found them; ``measures``: ``layout_measures(layout)`` made once (None: made here)."""
    t = np.asarray(t_s, dtype=float)
    p = np.asarray(pressure_kpa)  # as stored (float32 in a recording); converted where it is read
    c = np.asarray(contacts, dtype=float).reshape(-1, 2)
    measures = measures or layout_measures(layout)
    reducer = measures.reducer
    load_n, impulse_load_n, estimated = frame_loads(reducer, p) if t.size else (np.empty(0), np.empty(0),
                                                                          np.empty(0, dtype=bool))
    strike_w, strike_m = measures.strike_w, measures.strike_m
    swing_kpa = swing_levels(t, p, c[:, 0]) if t.size else np.full((len(c), p.shape[1]), np.nan)
    swing_n = swing_levels(t, load_n, c[:, 0]) if t.size else np.full(len(c), np.nan)
    swing_impulse_n = swing_levels(t, impulse_load_n, c[:, 0]) if t.size else np.full(len(c), np.nan)
    data_s = runs_around(t, has_reading(p), c[:, 0], c[:, 1])  # the runs of data that hold the steps
    rows = np.full((c.shape[0], 6), np.nan)
    rows[:, 5] = 1 + NOT_MEASURED.index("cut")  # no frame at all
    if t.size:
        for a in range(0, c.shape[0], _STEPS_AT_ONCE):  # bounded memory: steps x frames x sensors
            b = slice(a, a + _STEPS_AT_ONCE)
            rows[b] = _measure(t, p, load_n, strike_w, strike_m, c[b, 0], c[b, 1], swing_kpa[b], swing_n[b],
                               impulse_load_n, swing_impulse_n[b], estimated, (data_s[0][b], data_s[1][b]),
                               not scale_free(layout))
    start, end, index, impulse, guessed, why = rows.T
    strike = np.array([strike_type(float(x)) for x in index], dtype=STRIKE_DTYPE)
    not_measured = np.array(("",) + NOT_MEASURED, dtype=NOT_MEASURED_DTYPE)[why.astype(int)]
    return FootSteps(foot, c[:, 0], c[:, 1], start, end, end - start, index, strike, impulse, guessed == 1.0,
                     bool(reducer.resolves_every_region), measures.strike_unmeasured, not_measured)


def scale_free(layout: SensorLayout) -> bool:
    """Whether a foot's steps are measured relative to each step's own peak (CONTACT_PEAK_FRACTION,
    STRIKE_SENSOR_PEAK_FRACTION) rather than in kPa: its insole is uncalibrated (``calibrated`` false, nominal
    units), or its pressures were made with a guessed sensor area (``areas_guessed``) and scale with the
    guess."""
    return not layout.calibrated or bool(getattr(layout, "areas_guessed", False))


def _nan_stat(fn, x: np.ndarray) -> float:
    x = x[np.isfinite(x)]
    return float(fn(x)) if x.size else math.nan


def measured(steps: FootSteps) -> np.ndarray:
    """Which steps of a foot have a measurement (a contact time, a strike index or an impulse), shape (n,)
    bool; the rest say why not in ``not_measured``."""
    return (np.isfinite(steps.contact_s) | np.isfinite(steps.strike_index_pct)
            | np.isfinite(steps.impulse_n_s))


def impulse_not_compared(units: Mapping[str, str]) -> str | None:
    """Why the feet's impulses are not compared (no ``impulse_left_pct``), their pressures in ``units``
    (foot -> "kPa" or "units", monitor.util.pressure_units.layout_unit): one foot's impulse in N s, the
    other's in an uncalibrated insole's nominal units s, whose share would be the two scales' difference,
    not the feet's; None where both are in the same unit. The contact time is compared all the same."""
    if len(set(units.values())) < 2:
        return None
    said = " and ".join(f"the {foot} foot's in {pressure_unit('impulse_n_s', calibrated=unit == 'kPa')}"
                        for foot, unit in units.items())
    return (f"the impulses are not compared: {said} (an uncalibrated insole's {unit_name(False)}), so their share "
            "would be the two scales' difference, not the feet's (the contact time is compared)")


def steps_summary(steps: Mapping[str, FootSteps],
                  units: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Per foot: ``steps`` and ``steps_measured`` (those with a measurement, :func:`measured`), ``contact_s``
    (median) and ``contact_s_mean``, ``strike_index_pct`` (median),
    ``strike_pct`` (share of the steps with a known strike, % per type), ``strike_steps`` (those steps: fewer
    than ``steps_measured`` where a measured step's strike was not read), ``impulse_n_s`` (mean per step),
    ``impulse_steps`` and ``impulse_estimated_steps`` (the steps with an impulse, and those of them whose
    impulse is an estimate), ``impulse_measurable`` (its insole has a sensor in each of the nine regions),
    ``strike_unmeasured`` (why its insole cannot tell a footstrike type, as a code: NO_HEEL, NO_BALL of
    monitor.analysis.strike; "" where it can) and ``strike_unmeasured_why`` (the same in words);
    and ``balance``: ``impulse_left_pct`` and ``contact_time_left_pct`` (the left foot's share; None
    without both feet), and ``not_compared`` (:func:`impulse_not_compared` of ``units``, foot -> "kPa" or
    "units", each foot's pressure unit; None where they agree or are not given): then no impulse share.
    NaN where nothing was measured."""
    feet: dict[str, Any] = {}
    for foot in FEET:
        s = steps.get(foot)
        if s is None or not len(s):
            continue
        known = s.strike[s.strike != ""]
        feet[foot] = {
            "steps": len(s),
            "steps_measured": int(measured(s).sum()),
            "contact_s": _nan_stat(np.median, s.contact_s),
            "contact_s_mean": _nan_stat(np.mean, s.contact_s),
            "strike_index_pct": _nan_stat(np.median, s.strike_index_pct),
            "strike_pct": {k: (100.0 * float(np.mean(known == k)) if known.size else math.nan) for k in STRIKES},
            "strike_steps": int(known.size),
            "impulse_n_s": _nan_stat(np.mean, s.impulse_n_s),
            "impulse_steps": int(np.isfinite(s.impulse_n_s).sum()),
            "impulse_estimated_steps": int(s.impulse_estimated.sum()),
            "impulse_measurable": bool(s.impulse_measurable),
            "strike_unmeasured": s.strike_unmeasured,
            "strike_unmeasured_why": s.strike_unmeasured_why,
        }
    balance: dict[str, Any] = {"impulse_left_pct": None, "contact_time_left_pct": None, "not_compared": None}
    if {"left", "right"} <= set(feet):
        balance["not_compared"] = impulse_not_compared({f: units[f] for f in ("left", "right") if f in (units or {})})
        shares = (("contact_time_left_pct", "contact_s"),) + (
            () if balance["not_compared"] else (("impulse_left_pct", "impulse_n_s"),))
        for key, field in shares:
            left, right = feet["left"][field], feet["right"][field]
            if math.isfinite(left) and math.isfinite(right) and left + right > 0:
                balance[key] = 100.0 * left / (left + right)
    return {"feet": feet, "balance": balance}
