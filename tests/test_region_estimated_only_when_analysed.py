"""A region is said estimated from its neighbours only in frames that were analysed.

A region none of whose own sensors had a sample is filled in from its group (monitor.signal.region_fill), and
the analysis says so ("its region is estimated from its neighbours", ``regions_estimated_pct``). Where another
whole group had no sample in the same frames, nothing was analysed there (monitor.signal.sensor_coverage), so
nothing was estimated either (had: the sample healthy ride with the right foot's MTH1 and toe columns empty
said the right foot's MTH1 was estimated for 100 % beside "not analysed for 1:00 of its 1:00 of data").
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_analyze import _validate

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.report.text import analysis_text
from monitor.signal.regions import GROUPS
from monitor.signal.sensor_coverage import SensorCoverage

SAMPLE = "sessions/samples/sim-healthy-ride"
#: The Solewatch-18 insole's MTH1 (p07, p08) and toe sensors (p13, p14 the hallux, p15-p17 the lesser toes).
MTH1_COLUMNS = ("p07_kpa", "p08_kpa")
TOE_COLUMNS = ("p13_kpa", "p14_kpa", "p15_kpa", "p16_kpa", "p17_kpa")


def _blanked(toes_until_s: float):
    """The sample healthy ride with the right foot's MTH1 columns empty throughout and its toe columns empty
    before ``toes_until_s`` (s)."""
    from pathlib import Path

    session = load_session(Path(__file__).resolve().parents[1] / SAMPLE)
    frames = session.frames
    right = frames["foot"] == "right"
    cols = [*MTH1_COLUMNS, *TOE_COLUMNS]
    frames[cols] = frames[cols].astype(float)
    frames.loc[right, list(MTH1_COLUMNS)] = np.nan
    frames.loc[right & (frames["t_s"] < toes_until_s), list(TOE_COLUMNS)] = np.nan
    return session


def test_a_foot_never_analysed_has_no_region_estimated():
    result = analyze(_blanked(toes_until_s=np.inf))
    js = result.to_json_dict()
    _validate(json.loads(json.dumps(js)))  # docs/analyze-json.schema.json
    gap = js["sensor_gaps"]["right"]
    assert gap["not_analysed_s"] == pytest.approx(gap["data_s"])
    assert gap["regions_estimated_pct"] == {}
    assert gap["sensors_missing_pct"]["p07"] == 100.0
    text = analysis_text(result)
    assert "sensor p07 (MTH1) had no sample for 100 %" in text
    assert "estimated from its neighbours" not in text
    assert "not analysed for 1:00 of its 1:00 of data" in text


def test_a_region_is_estimated_in_the_frames_analysed_only():
    """The toes empty for the first half: MTH1 is estimated in the second half alone, 50 % of its time
    without a sample."""
    session = _blanked(toes_until_s=30.0)
    result = analyze(session)
    gap = result.to_json_dict()["sensor_gaps"]["right"]
    assert gap["regions_estimated_pct"]["mth1"] == pytest.approx(50.0, abs=0.5)
    assert gap["not_analysed_s"] == pytest.approx(30.0, abs=0.5)
    assert "its region is estimated from its neighbours for 50 % of it" in analysis_text(result)


def test_the_counts_leave_out_frames_not_analysed():
    """On the counts alone: four frames with MTH1 empty, the toes too in the first two (their total NaN)."""
    session = _blanked(toes_until_s=np.inf)
    cov = SensorCoverage(session.info.layouts["right"], GROUPS, {})
    pt = np.full((18, 4), 50.0)
    pt[7:9, :] = np.nan  # MTH1
    pt[13:18, :2] = np.nan  # the toes, in the first two frames
    cov.add(pt, np.array([np.nan, np.nan, 900.0, 900.0]))
    assert cov.n_read == 4 and cov.n_not_analysed == 2
    assert cov.region_missing["mth1"] == 4 and cov.region_estimated["mth1"] == 2
    assert cov.region_estimated["hallux"] == 0 and cov.group_missing["toes"] == 2
