"""The figures docs/detection.md and docs/report.md give of the Moticon walk sample
(sessions/samples/moticon-walk: Moticon OpenGo's 230927_102114.txt, Apache-2.0) are those the code measures:
each is read from the doc's sentence and compared with the pipeline's own figure, so a change of the regions
(monitor.signal.coarse_share: the midfoot sensor 5 counted half in each midfoot region) or of the detector
that moves them fails here, not in a reader's hands.

- detection.md: the gait detector's typical stance peak of each foot (``GaitCycleDetector.typical_peak_n``),
  of which the 10 N levels are 6 %: had 168-172 N, 162-171 N with the sensor 5 counted; and that it is each
  foot's peak of the nominal load the detector reads, not the force the insoles measured (Moticon's gait report
  of the walk: 934-1060 N a stance, read from ../shared/data).
- report.md, "Steps": where the measured contact ends against the detector's toe-off (had 9-14 ms after it
  on the left, -2 to +10 ms on the right; 7-13 and -1 to +9 with the sensor 5 counted), the medians of the
  contact time and of the detector's stance over the same steps (796 against 783 ms, now 785, on the left),
  and the median of every detector stance (784 and 808 ms, now 786 and 808).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from monitor.analysis.foot_frames import foot_block
from monitor.analysis.steps import foot_steps
from monitor.session.directory import load_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sessions" / "samples" / "moticon-walk"


def _flat(name: str) -> str:
    """A doc's text with its line breaks and indents read as single spaces."""
    return " ".join((ROOT / "docs" / name).read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def walk() -> dict:
    """Each foot's pipeline (fed the whole sample, finished) and its steps measured on the frames."""
    session = load_session(SAMPLE)
    out = {}
    for foot in ("left", "right"):
        layout = session.info.layouts[foot]
        pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), DEFAULT_PARAMS)
        block = foot_block(session, foot)
        pipe.feed(block)
        pipe.finish()
        out[foot] = (pipe, foot_steps(foot, block.t_s, block.pressure_kpa, layout, pipe.contacts_))
    return out


def test_the_typical_peak_detection_md_gives_is_the_moticon_walks(walk):
    said = re.search(r"10 N is 6 % of the Moticon walk's typical peak, (\d+)-(\d+) N", _flat("detection.md"))
    assert said, "docs/detection.md no longer gives the Moticon walk's typical peak"
    peaks_n = sorted(walk[f][0].gait.typical_peak_n for f in ("left", "right"))
    assert [int(said[1]), int(said[2])] == [round(p) for p in peaks_n], peaks_n
    assert all(abs(10.0 / p - 0.06) < 0.005 for p in peaks_n), peaks_n  # 10 N is 6 % of it


def test_detection_md_says_whose_typical_peak_it_is_and_the_force_moticon_reports(walk):
    """The typical peak is each foot's own (left 162 N, right 171 N), of the nominal load the detector reads, not
    the force the insoles measured: Moticon's gait report of the same walk gives each stance's highest total
    force, 934-1060 N over both feet."""
    text = _flat("detection.md")
    said = re.search(r"typical_peak_n` once the whole sample sessions/samples/moticon-walk \(Moticon's "
                     r"230927_102114\.txt\) is fed, (\d+) N on the left foot and (\d+) N on the right; not the force "
                     r"the insoles measured, which Moticon's gait report of the walk puts at (\d+)-(\d+) N a stance",
                     text)
    assert said, "docs/detection.md no longer says whose typical peak it is"
    assert [int(said[1]), int(said[2])] == [round(walk[f][0].gait.typical_peak_n) for f in ("left", "right")]
    report = pd.read_excel(shared_data_dir() / "moticon_opengo" / "gait_report_230927_10_21_14.xlsx", sheet_name=None)
    force_n = np.concatenate([report[s]["Max total force during stance phase (N)"].dropna().to_numpy(float)
                              for s in ("Left Steps", "Right Steps")])
    assert [int(said[3]), int(said[4])] == [round(force_n.min()), round(force_n.max())], force_n


def _ms(x) -> int:
    return int(round(float(x) * 1e3))


def test_the_contact_ends_and_medians_report_md_gives_are_the_moticon_walks(walk):
    text = _flat("report.md")
    said = re.search(r"the contact starts within (\d+) ms of the initial contact and ends (\d+)-(\d+) ms "
                     r"after the left foot's toe-off \((-?\d+) to \+(\d+) ms on the right\).*?a median of (\d+) "
                     r"against (\d+) ms on the left, (\d+) against (\d+) ms on the right.*?a median of every "
                     r"detector stance \((\d+) and (\d+) ms\)", text)
    assert said, "docs/report.md no longer gives the Moticon walk's contact against the detector's stance"
    got = {}
    for foot in ("left", "right"):
        steps = walk[foot][1]
        m = np.isfinite(steps.contact_s)
        start_ms = (steps.contact_start_s - steps.initial_contact_s)[m] * 1e3
        end_ms = (steps.contact_end_s - steps.toe_off_s)[m] * 1e3
        stance = steps.toe_off_s - steps.initial_contact_s
        got[foot] = (start_ms, [int(round(end_ms.min())), int(round(end_ms.max()))],
                     [_ms(np.median(steps.contact_s[m])), _ms(np.median(stance[m]))], _ms(np.median(stance)))
    assert max(np.abs(got[f][0]).max() for f in got) <= int(said[1])
    assert [int(said[2]), int(said[3])] == got["left"][1], got["left"][1]
    assert [int(said[4]), int(said[5])] == got["right"][1], got["right"][1]
    assert [int(said[6]), int(said[7])] == got["left"][2], got["left"][2]
    assert [int(said[8]), int(said[9])] == got["right"][2], got["right"][2]
    assert [int(said[10]), int(said[11])] == [got["left"][3], got["right"][3]]
