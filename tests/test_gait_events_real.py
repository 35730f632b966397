"""Gait events on REAL insole data, against references nobody here tuned.

Moticon OpenGo sample walk (../shared/data/moticon_opengo, Apache-2.0, github.com/moticon-rego/
moticon-opengo): our initial contacts and toe-offs against Moticon's own gait report of the same
recording (sheets "Left Steps" / "Right Steps"). Targets from the issue: median |error| <= 20 ms for
initial contact and <= 50 ms for toe-off, each reported step matched to the nearest detected one within
MATCH_S. At the time of writing 6 of the 7 reported steps match on each foot (median errors 2-5 ms
and 35 ms): the first reported step of each foot has a dropout inside its stance (empty fields in the
export), and no cycle spans a gap. The detector's parameters were set before this comparison and not
tuned to it (see monitor/signal/cycles.py).

PhysioNet gaitpdb GaCo01_01 (ODC-By 1.0; Goldberger et al. 2000, PhysioNet; Yogev et al. 2005): about
95 strides per foot of 1.2-1.3 s (94 and 96 found), and recognised as walking throughout.

Both go through the pipeline's own front: importer layout -> RegionReducer total force -> OffsetTracker
-> CausalLowpass -> RegionReducer -> GaitCycleDetector (with the filter's delay taken off).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monitor.importers.moticon import read_moticon
from monitor.importers.physionet import read_physionet
from monitor.shared_data import shared_data_dir
from monitor.signal.activity import ActivityRecognizer
from monitor.signal.cycles import GaitCycleDetector, cadence_per_min
from monitor.signal.filters import CausalLowpass
from monitor.signal.params import CycleParams, FilterParams, TareParams
from monitor.signal.regions import RegionReducer
from monitor.signal.tare import OffsetTracker

DATA = shared_data_dir()
MOTICON = DATA / "moticon_opengo" / "230927_102114.txt"
GAIT_REPORT = DATA / "moticon_opengo" / "gait_report_230927_10_21_14.xlsx"
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"
#: A reported event matches the nearest detected one within a quarter of a ~1.2 s stride.
MATCH_S = 0.3


def detect(t_s: np.ndarray, pressure_kpa: np.ndarray, layout) -> tuple[GaitCycleDetector, list]:
    """The pipeline's front for one foot, fed in one block: the detector and its strides."""
    p = np.asarray(pressure_kpa, dtype=float)
    red = RegionReducer(layout)
    rate_hz = float(layout.current_rate_hz)
    tared = OffsetTracker(layout.n_sensors, rate_hz, TareParams()).feed(p, red.reduce(p).total_force_n)
    lp = CausalLowpass(rate_hz, FilterParams(), layout.n_sensors)
    total = red.reduce(lp.feed(tared)).total_force_n
    det = GaitCycleDetector(rate_hz, CycleParams(), foot=layout.side, delay_s=lp.delay_s)
    return det, det.feed(t_s, total)


def match_errors(detected: np.ndarray, reported: np.ndarray) -> np.ndarray:
    """detected - reported for each reported time, nearest detected; NaN when none within MATCH_S."""
    if detected.size == 0:
        return np.full(reported.shape, np.nan)
    nearest = detected[np.abs(detected[None, :] - reported[:, None]).argmin(axis=1)]
    err = nearest - reported
    err[np.abs(err) > MATCH_S] = np.nan
    return err


@pytest.fixture(scope="module")
def moticon():
    return read_moticon(MOTICON)


@pytest.fixture(scope="module")
def physionet():
    return read_physionet(PHYSIONET)


@pytest.mark.parametrize("foot, sheet", [("left", "Left Steps"), ("right", "Right Steps")])
def test_moticon_events_against_moticons_gait_report(moticon, foot, sheet, record_property):
    report = pd.read_excel(GAIT_REPORT, sheet_name=sheet)
    ic_ref = report["Initial contact (s)"].dropna().to_numpy(float)
    to_ref = report["Toe off (s)"].dropna().to_numpy(float)
    det, _ = detect(moticon.t_s, moticon.pressure_kpa[foot], moticon.layouts[foot])
    contacts = np.array(det.contacts)
    e_ic = match_errors(contacts[:, 0], ic_ref)
    e_to = match_errors(contacts[:, 1], to_ref)
    matched_ic, matched_to = int(np.isfinite(e_ic).sum()), int(np.isfinite(e_to).sum())
    med_ic_ms = float(np.nanmedian(np.abs(e_ic)) * 1e3)
    med_to_ms = float(np.nanmedian(np.abs(e_to)) * 1e3)
    record_property(f"{foot}_matched", f"IC {matched_ic}/{ic_ref.size}, TO {matched_to}/{to_ref.size}")
    record_property(f"{foot}_median_error_ms", f"IC {med_ic_ms:.1f}, TO {med_to_ms:.1f}")
    assert ic_ref.size == 7 and to_ref.size == 7
    assert matched_ic >= 5 and matched_to >= 5, (matched_ic, matched_to)
    assert med_ic_ms <= 20.0, med_ic_ms
    assert med_to_ms <= 50.0, med_to_ms
    # no invented steps: every detected stance inside the report's span is one of the reported
    inside = contacts[(contacts[:, 0] > ic_ref.min() - MATCH_S) & (contacts[:, 0] < ic_ref.max() + MATCH_S)]
    assert np.isfinite(match_errors(ic_ref, inside[:, 0])).all()


def test_moticon_standing_before_and_after_the_walk_gives_no_steps(moticon):
    # The walk is between ~3 s and ~12.6 s; before and after, the person stands on both feet.
    for foot in ("left", "right"):
        det, _ = detect(moticon.t_s, moticon.pressure_kpa[foot], moticon.layouts[foot])
        ics = np.array([c[0] for c in det.contacts])
        assert ((ics > 2.5) & (ics < 12.5)).all(), ics


def test_moticon_total_force_matches_the_files_own_column(moticon):
    # Cross-check only: the importer's layout reproduces the export's total force from the pressures.
    for foot in ("left", "right"):
        pressure = moticon.pressure_kpa[foot].astype(float)
        ours, _ = RegionReducer(moticon.layouts[foot]).sensed_force_n(pressure)
        theirs = moticon.extras[foot]["total_force_n"].to_numpy(float)
        ok = np.isfinite(ours) & np.isfinite(theirs) & (theirs > 50.0)
        assert ok.sum() > 500
        assert np.median(np.abs(ours[ok] - theirs[ok]) / theirs[ok]) < 0.02


@pytest.mark.parametrize("foot", ["left", "right"])
def test_physionet_strides(physionet, foot, record_property):
    det, strides = detect(physionet.t_s, physionet.pressure_kpa[foot], physionet.layouts[foot])
    durations = np.array([c.duration_s for c in strides])
    record_property(f"{foot}_strides", f"{durations.size}, median {np.median(durations):.3f} s")
    assert 88 <= durations.size <= 100, durations.size
    assert 1.2 <= np.median(durations) <= 1.3
    assert np.mean((durations > 1.1) & (durations < 1.4)) > 0.95  # the odd turn aside
    assert 92.0 <= cadence_per_min(strides, "stride") <= 100.0  # steps/min of both feet
    stance = np.array([to - ic for ic, to in det.contacts])
    assert 0.55 <= np.median(stance) / np.median(durations) <= 0.68  # walking stance ~60 % [15] S


def test_physionet_is_recognised_as_walking(physionet):
    for foot in ("left", "right"):
        layout = physionet.layouts[foot]
        rs = RegionReducer(layout).reduce(physionet.pressure_kpa[foot].astype(float))
        heel = sum(f for region, f in rs.region_force_n.items() if region.startswith("heel"))
        labels = ActivityRecognizer(float(layout.current_rate_hz)).feed(physionet.t_s, rs.total_force_n, heel)
        assert len(labels) >= 10 and {label for _, label in labels} == {"walking"}
