"""The live view's region cells (monitor.live.recent_peaks, through monitor.signal.coarse_regions.shown_masks)
read the sensors the analysis counts in each region (monitor.signal.regions.RegionReducer.masks): a coarse
sensor beside resolved regions of its group (Moticon's midfoot sensor 5, PhysioNet's heel sensor 1) is read in
each of them, as analyze weighs a part of it in each (monitor.signal.coarse_share). Had: the cells left it
out, so the Moticon walk's left midfoot-medial cell showed the barely loaded sensor 7 alone (a peak of about
5 kPa) where analyze's peak of that region was 53 kPa. A cell shows a peak pressure (the highest of its
sensors), so a sensor read in two cells counts no force twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from test_gait_events_real import PHYSIONET

from monitor.importers.physionet import read_physionet
from monitor.live.recent_peaks import RecentPeaks
from monitor.session.directory import load_session
from monitor.signal.coarse_regions import shown_masks
from monitor.signal.regions import RegionReducer

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "moticon-walk"


def test_the_moticon_cells_read_the_sensors_the_analysis_counts_in_each_region():
    session = load_session(SAMPLE)
    layout = session.info.layouts["left"]
    shown, counted = shown_masks(layout), RegionReducer(layout).masks
    five = layout.regions.index("midfoot")  # the coarse midfoot sensor
    assert shown["midfoot_medial"][five] and shown["midfoot_lateral"][five]
    assert set(shown) == set(counted)
    for region, mask in counted.items():
        assert np.array_equal(shown[region], mask), region


def test_the_physionet_heel_cells_read_its_heel_sensor():
    walk = read_physionet(PHYSIONET)
    layout = walk.layouts["left"]
    shown, counted = shown_masks(layout), RegionReducer(layout).masks
    for region, mask in counted.items():
        assert np.array_equal(shown[region], mask), region
    heel = layout.regions.index("heel")  # sensor 1, on the midline: read in both heel cells
    second = (walk.t_s >= 2.0) & (walk.t_s < 3.0)
    p_kpa = walk.pressure_kpa["left"][second]
    peaks = RecentPeaks(shown, 3.0)
    peaks.add(walk.t_s[second], p_kpa)
    now = peaks.now(3.0)  # that one complete second's peak
    for region in ("heel_medial", "heel_lateral"):
        assert now[region] == np.nanmax(p_kpa[:, counted[region]]), region
        assert now[region] >= np.nanmax(p_kpa[:, heel]), region
