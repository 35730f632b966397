"""A sensor with no sample costs its foot only what it must, and the analysis says what it cost.

A sensor alone in its region (the Solewatch-18 insole's p04, the medial midfoot; Moticon's sensors 9 and 14,
columns p08, p13, and 7, p06, before it shared its region with half of the midfoot sensor 5; every PhysioNet
sensor but the heel's three) with no sample left its region, the foot's nominal total and so
every frame of that foot NaN: no step, no share, no relief, no warning, while the output read as if the foot
had been watched. Now the region is filled in from its group frame by frame (monitor.signal.region_fill), its
own peak and PTI stay missing, and a caveat names the sensor; a whole group with no sample cannot be filled,
and the foot is said not analysed, never "no warning".
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from test_analyze import _validate
from test_gait_events_real import MOTICON

from monitor.analysis.batch import analyze
from monitor.codebook import SensorLayout
from monitor.report.text import analysis_text, foot_lines
from monitor.signal.regions import RegionReducer

#: The Solewatch-18 insole's metatarsal-head sensors (p07..p12: MTH1 x2, MTH2, MTH3, MTH4, MTH5).
MTH_COLUMNS = ("p07_kpa", "p08_kpa", "p09_kpa", "p10_kpa", "p11_kpa", "p12_kpa")


def tight_shoes(*blank: str):
    """The simulated 7-minute tight-shoes ride with the right foot's ``blank`` columns NaN throughout."""
    import monitor

    s = monitor.offline_session("tight-shoes", duration_s=420)
    for col in blank:
        s.frames.loc[s.frames.foot == "right", col] = np.nan
    return s


@pytest.fixture(scope="module")
def intact():
    return analyze(tight_shoes())


@pytest.fixture(scope="module")
def no_p04():
    return analyze(tight_shoes("p04_kpa"))


def first_warning(result, foot: str) -> float | None:
    return next((a.t_s for a in result.alerts if a.foot == foot and a.level in ("warning", "alert")), None)


def test_a_dead_sensor_alone_in_its_region_keeps_its_foots_warning(intact, no_p04):
    """p04 is the only sensor of the right foot's medial midfoot: with it empty the right foot is still
    warned, at the time the intact ride warns it (within one judging step), and still has its strokes."""
    step_s = intact.params.features.step_s
    want = first_warning(intact, "right")
    assert want is not None
    got = first_warning(no_p04, "right")
    assert got is not None, "the right foot lost its warning to one sensor with no sample"
    assert abs(got - want) <= step_s
    right = no_p04.summary()["right"]
    assert math.isfinite(right["cadence_per_min"]) and math.isfinite(right["forefoot_share"])
    # the region's own outputs stay missing, never invented
    assert math.isnan(right["regions"]["midfoot_medial"]["peak_kpa"])


def test_a_dead_sensor_is_named_in_the_text_and_the_json(intact, no_p04):
    text = analysis_text(no_p04)
    assert "caveat: right: sensor p04 (medial midfoot) had no sample for 100 % of the foot's time" in text
    assert "estimated from its neighbours" in text
    js = no_p04.to_json_dict()
    _validate(json.loads(json.dumps(js)))  # docs/analyze-json.schema.json
    gap = js["sensor_gaps"]["right"]
    assert gap["sensors_missing_pct"] == {"p04": 100.0}
    assert gap["regions_estimated_pct"] == {"midfoot_medial": 100.0}
    assert gap["not_analysed_s"] == 0.0
    assert "left" not in js["sensor_gaps"]
    assert js["sensor_gap_notes"] and "p04" in js["sensor_gap_notes"][0]
    # a session whose sensors all read says nothing of it: its JSON has no such key
    assert "sensor_gaps" not in intact.to_json_dict() and "sensor p" not in analysis_text(intact)


def test_a_foot_with_a_whole_group_missing_is_said_not_analysed(intact):
    """Every metatarsal-head sensor of the right foot empty: nothing can stand in for the group, so the
    right foot is not analysed, and its line and the verdict say so, never "no warning" nor "left foot only";
    its reliefs are unknown (null)."""
    result = analyze(tight_shoes(*MTH_COLUMNS))
    line = next(x for x in foot_lines(result) if x.startswith("right:"))
    assert "not analysed" in line and "no warning" not in line, line
    assert "metatarsal heads" in line
    js = result.to_json_dict()
    _validate(json.loads(json.dumps(js)))
    assert js["summary"]["right"]["relief_count"] is None
    assert js["sensor_gaps"]["right"]["not_analysed_s"] == pytest.approx(js["sensor_gaps"]["right"]["data_s"])
    assert js["sensor_gaps"]["right"]["groups_missing"] == ["metatarsal"]
    assert any("not analysed for 7:00 of its 7:00 of data" in n for n in js["sensor_gap_notes"])
    # the verdict does not speak for the right foot, nor call the left foot's warning one side's
    advice = result.advice()
    assert "the right foot was not analysed: no sample from any sensor of its metatarsal heads" in advice.verdict
    assert "only" not in advice.verdict and "check_side" not in [t.key for t in advice.tips], advice.verdict
    # the left foot is as it was
    assert first_warning(result, "left") == first_warning(intact, "left")


@pytest.fixture(scope="module")
def moticon_walk(tmp_path_factory):
    from monitor.importers.moticon import read_moticon
    from monitor.importers.session import write_session

    return write_session(read_moticon(MOTICON), tmp_path_factory.mktemp("walk") / "walk")


@pytest.mark.parametrize("column", ["p06_kpa", "p08_kpa", "p13_kpa"])  # Moticon's sensors 7, 9, 14
def test_the_real_moticon_walk_keeps_its_steps_with_one_sensor_empty(moticon_walk, column):
    from monitor.session.directory import load_session

    # declared a walk: its 17.5 s are too short to be recognised, and an unknown activity has no cadence
    whole = analyze(load_session(moticon_walk), activity="walking")
    session = load_session(moticon_walk)
    session.frames.loc[session.frames.foot == "right", column] = np.nan
    result = analyze(session, activity="walking")
    n_whole, n = len(whole.steps.get("right", ())), len(result.steps.get("right", ()))
    assert n_whole >= 5 and abs(n - n_whole) <= 1, (n, n_whole)
    right = result.to_json_dict()["summary"]["right"]
    assert right["cadence_per_min"] is not None and right["relief_count"] is not None
    assert f"sensor {column[:3]}" in " ".join(result.to_json_dict()["sensor_gap_notes"])


def test_a_region_is_filled_from_its_group_only_where_its_own_sensors_miss():
    """The reducer alone: with MTH1's only sensor missing in some frames, the total is finite there and
    equals the total with MTH1 set to the mean of MTH2-3 and MTH4-5; MTH1's own pressure and hot spot stay
    NaN there; a frame where the whole metatarsal group misses stays NaN; other frames are untouched."""
    layout = SensorLayout(side="right", x=[0.0] * 9, y=[0.1, 0.1, 0.4, 0.4, 0.75, 0.73, 0.69, 0.9, 0.88],
                          area_mm2=[400.0] * 9,
                          regions=["heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1",
                                   "mth2_3", "mth4_5", "hallux", "lesser_toes"])
    rng = np.random.default_rng(3)
    p = rng.uniform(5.0, 200.0, size=(6, 9))
    red = RegionReducer(layout)
    whole = red.reduce(p)
    gone = p.copy()
    gone[1:3, 4] = np.nan  # MTH1 missing in frames 1, 2
    gone[4, 4:7] = np.nan  # the whole metatarsal group missing in frame 4
    got = red.reduce(gone)
    stand_in = p.copy()
    stand_in[1:3, 4] = (p[1:3, 5] + p[1:3, 6]) / 2
    want = red.reduce(stand_in)
    np.testing.assert_allclose(got.total_force_n[1:3], want.total_force_n[1:3], rtol=1e-12)
    assert np.isnan(got.region_kpa["mth1"][1:3]).all() and np.isnan(got.region_hot_kpa["mth1"][1:3]).all()
    assert np.isnan(got.region_force_n["mth1"][1:3]).all()
    assert np.isnan(got.total_force_n[4])
    for i in (0, 3, 5):
        assert got.total_force_n[i] == whole.total_force_n[i]


def test_the_reports_what_to_know_names_the_dead_sensor(intact, no_p04):
    from monitor.report.data import report_data

    caveats = report_data(tight_shoes("p04_kpa"), no_p04).quality.caveats
    assert any(c.startswith("right: sensor p04 (medial midfoot) had no sample") for c in caveats), caveats
    assert not any("sensor p" in c for c in report_data(tight_shoes(), intact).quality.caveats)
