"""A foot's time with data is one figure wherever it is said, with packets lost or not.

The words of a foot not analysed counted its frames with data ("analysed for only 0:19 of its 6:37 of
data") while the foot's runs of readings, which count a pause under ABSENT_MIN_S (1 s) as data, gave the
same foot 7:00 (analyze's ``data_runs``, the verdict's "sent only ... of data", the end of live's time with
data): a right insole that lost 5 % of its packets read as two lengths of one recording. Now every time
with data is the runs' (monitor.analysis.sensor_gaps.data_s), and the time not analysed is its share of the
frames with data that were not.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_dead_sensor import MTH_COLUMNS, tight_shoes
from test_sensor_gaps_live import _said, _summary

from monitor.analysis.batch import analyze
from monitor.live.summary import summary_text
from monitor.report.text import analysis_text
from monitor.session.absence import data_time_s
from monitor.util.timefmt import clock_text

#: The share of the right insole's 0.1 s packets lost (scattered: every hole well under ABSENT_MIN_S).
LOST = 0.05


def lossy(mth_from_s: float = 20.0):
    """The 7-minute tight-shoes ride whose right insole lost LOST of its 0.1 s packets and sent no sample from
    any metatarsal-head sensor from ``mth_from_s`` on."""
    s = tight_shoes()
    f = s.frames
    packet = (f.t_s * 10).astype(int)
    gone = np.flatnonzero(np.random.default_rng(5).random(int(packet.max()) + 1) < LOST)
    s.frames = f = f[~((f.foot == "right") & np.isin(packet, gone))].reset_index(drop=True)
    late = (f.foot == "right") & (f.t_s >= mth_from_s)
    for col in MTH_COLUMNS:
        f.loc[late, col] = np.nan
    return s


@pytest.fixture(scope="module")
def session():
    return lossy()


@pytest.fixture(scope="module")
def result(session):
    return analyze(session)


def test_the_losses_are_holes_under_a_second_and_cost_frames(result):
    runs = result.data_runs["right"]
    assert len(runs) == 1  # no pause of ABSENT_MIN_S: the foot sent all along
    assert data_time_s(runs) == pytest.approx(420.0, abs=0.1)
    assert result.feet["right"].coverage.n_read < (1 - LOST / 2) * 42000  # 0.1 s packets lost


def test_a_foot_not_analysed_has_the_time_with_data_of_its_runs(result):
    had = clock_text(data_time_s(result.data_runs["right"]))
    assert had == "7:00"
    verdict = result.advice().verdict
    assert f"the right foot was analysed for only 0:20 of its {had} of data" in verdict, verdict
    text = analysis_text(result)
    assert f"right: not analysed for 6:40 of its {had} of data" in text, text
    gap = result.to_json_dict()["sensor_gaps"]["right"]
    assert gap["data_s"] == pytest.approx(data_time_s(result.data_runs["right"]), abs=1e-3)
    assert gap["not_analysed_s"] == pytest.approx(400.0, abs=1.0)  # 6:40 of 7:00, not of the frames' 6:37


def test_the_end_of_live_says_the_same_times(session, result, tmp_path):
    s = _summary(session, tmp_path, deferred=True)
    assert clock_text(s.data_s) == "7:00" and "of its 7:00 of data" in s.sensor_gaps.unanalysed["right"]
    notes = [f"caveat: {n}" for n in result.to_json_dict()["sensor_gap_notes"]]
    assert s.sensor_gaps.unanalysed == {"right": result.advice().verdict.split("; ")[-1].rstrip(".")}
    assert [x for x in _said(summary_text(s)) if x.startswith("caveat: ")] == notes
