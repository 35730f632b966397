"""What docs/report.md ("Region bars") says of the region peaks where a coarse heel or midfoot sensor counts in
both regions of its group (monitor.signal.coarse_share), measured on the real walks of ../shared/data:

- PhysioNet gaitpdb GaCo01_01 (ODC-By 1.0; Goldberger et al. 2000, PhysioNet; Yogev et al. 2005): the heel
  sensor 1 is the most loaded heel sensor in every stance, so both heel regions read its peak (252 kPa left,
  274 right) and the same PTI within 0.2 %, while the rearfoot pair's own sensors (3 medial, 2 lateral) peak
  at 112 and 160 kPa a stance on the left, 126 and 142 on the right: the two heel bars compare nothing.
- Moticon OpenGo 230927_102114.txt (Apache-2.0; sessions/samples/moticon-walk is its import): the medial
  midfoot's peak is sensor 5's (the midline) in every stance, 53 and 58 kPa, its own sensor 7 peaking at 6;
  the lateral midfoot's, 110 and 91 kPa, is not sensor 5's: the two midfoot peaks differ.

A sensor's peak a stance is its highest stored reading between the analysis' initial contact and toe-off,
averaged over the foot's steps; the regions' peaks and PTI are `summary.regions` (`solewatch analyze --json`).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.foot_frames import foot_block
from monitor.importers.physionet import read_physionet
from monitor.importers.session import write_session
from monitor.session.directory import load_session
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
FEET = ("left", "right")


def _region_bars() -> str:
    """docs/report.md's "Region bars" item, its line breaks read as spaces."""
    text = " ".join((ROOT / "docs" / "report.md").read_text(encoding="utf-8").split())
    return text[text.index("- **Region bars**"):text.index("### The session over time")]


def _measured(session) -> dict:
    """Per foot: summary.regions, and each sensor's stance peaks (n_steps, n_sensors) kPa of the stored frames."""
    result = analyze(session)
    summary = result.summary()
    out = {}
    for foot in FEET:
        block = foot_block(session, foot)
        steps = result.steps[foot]
        peaks = np.array([np.nanmax(block.pressure_kpa[(block.t_s >= ic) & (block.t_s <= to)], axis=0)
                          for ic, to in zip(steps.initial_contact_s, steps.toe_off_s)])
        out[foot] = (summary[foot]["regions"], peaks)
    return out


@pytest.fixture(scope="module")
def physionet(tmp_path_factory) -> dict:
    path = shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"
    return _measured(load_session(write_session(read_physionet(path), tmp_path_factory.mktemp("gaco") / "s")))


@pytest.fixture(scope="module")
def moticon() -> dict:
    return _measured(load_session(ROOT / "sessions" / "samples" / "moticon-walk"))


def test_both_heel_regions_of_the_physionet_walk_read_its_heel_sensor_1(physionet):
    said = re.search(r"both heel regions read its peak, (\d+) kPa on the left foot and (\d+) on the right, and the "
                     r"same PTI within ([\d.]+) %, where the rearfoot pair's own sensors peak at (\d+) \(medial, "
                     r"sensor 3\) and (\d+) kPa \(lateral, 2\) a stance on the left, (\d+) and (\d+) on the right",
                     _region_bars())
    assert said, "docs/report.md's Region bars no longer give the PhysioNet walk's heel peaks"
    own = []
    for k, foot in enumerate(FEET):
        regions, peaks = physionet[foot]
        medial, lateral = regions["heel_medial"], regions["heel_lateral"]
        assert medial["peak_kpa"] == pytest.approx(lateral["peak_kpa"], rel=1e-9)  # one sensor's, to rounding
        assert round(medial["peak_kpa"]) == int(said[1 + k])
        assert abs(medial["pti_kpa_s"] / lateral["pti_kpa_s"] - 1.0) <= float(said[3]) / 100.0
        # sensor 1 (column 0) is the most loaded heel sensor (1-3) in every stance
        assert (peaks[:, 0] > peaks[:, 1:3].max(axis=1)).all(), peaks[:, :3]
        own += [round(float(peaks[:, 2].mean())), round(float(peaks[:, 1].mean()))]  # sensor 3 medial, 2 lateral
    assert [int(said[i]) for i in (4, 5, 6, 7)] == own


def test_the_moticon_walks_medial_midfoot_peak_is_its_midline_sensor_5(moticon):
    said = re.search(r"the medial midfoot's peak is sensor 5's in every stance, (\d+) and (\d+) kPa \(its own sensor "
                     r"7, the medial arch, peaks at (\d+)\), the lateral midfoot's mostly sensor 6's, (\d+) and (\d+) "
                     r"kPa", _region_bars())
    assert said, "docs/report.md's Region bars no longer give the Moticon walk's midfoot peaks"
    for k, foot in enumerate(FEET):
        regions, peaks = moticon[foot]
        s5, s6, s7, s8 = (peaks[:, i] for i in (4, 5, 6, 7))
        assert (s5 > s7).all(), (s5, s7)
        assert round(regions["midfoot_medial"]["peak_kpa"]) == int(said[1 + k])
        assert round(float(s7.mean())) == int(said[3])
        assert round(regions["midfoot_lateral"]["peak_kpa"]) == int(said[4 + k])
        assert (s6 >= s8).mean() > 0.5 and (s5 >= np.maximum(s6, s8)).mean() < 0.5  # mostly sensor 6's, not 5's
