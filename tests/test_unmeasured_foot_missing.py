"""A foot whose load was never measured (FootPipeline.load_measured False) has no figures that read as measured,
in every view: the windows table's relief clock, the assessments table's level, the study's time at each level,
alert counts and dose, the FIT export's level, and a comparison, which leaves it out saying why. A calibrated
insole that read exactly 0 on every sensor all session (a dead or absent insole) is such a foot too, and the
verdict says so.

Had, on an 11-min ride with every left reading 0: the windows table's time_since_relief_s rising to 650 s with
relieved_now False (uncalibrated) or True (calibrated, "1 relief"), level "none" and level_rank 0 in every window,
the study's time_none_s 650, n_alerts 0, max_level_rank 0, forefoot dose 0.0, the per-second (FIT) level 0, and
a comparison "the same" on the left foot with no word that its load was never measured.
"""

from __future__ import annotations

import math

import pytest
from test_nominal_unmeasured_foot import RIDE_S, _zero_left_ride

from monitor import analyze
from monitor.analysis.assessed_data import assessed_with_data
from monitor.analysis.compare import compare
from monitor.analysis.compare_caveats import comparison_caveats
from monitor.analysis.compare_facts import SessionFacts
from monitor.analysis.compare_rules import Thresholds
from monitor.analysis.per_second import assessed_none, per_second_metrics
from monitor.analysis.tables import assessments_table, windows_table
from monitor.codebook import FEET
from monitor.importers import check_layout
from monitor.report.text import foot_lines
from monitor.session.offline import offline_session
from monitor.studies.rows import session_tables


@pytest.fixture(scope="module")
def zero_left():
    """The ride with every left reading 0 on an uncalibrated and a calibrated layout: {calibrated: (session,
    result)}."""
    return {calibrated: (s, analyze(s)) for calibrated in (False, True) for s in [_zero_left_ride(calibrated)]}


@pytest.mark.parametrize("calibrated", [False, True])
def test_its_load_is_not_measured(zero_left, calibrated):
    _, result = zero_left[calibrated]
    assert not result.feet["left"].load_measured  # calibrated: had True
    assert result.feet["left"].read_nothing == calibrated
    assert result.feet["right"].load_measured and not result.feet["right"].read_nothing
    assert result.summary()["left"]["relief_count"] is None  # calibrated: had 1


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_windows_table_has_no_relief_clock_for_it(zero_left, calibrated):
    _, result = zero_left[calibrated]
    w = windows_table(result)
    left, right = w[w.foot == "left"], w[w.foot == "right"]
    assert left["time_since_relief_s"].isna().all(), left["time_since_relief_s"].max()  # had up to 650 s
    assert left["relieved_now"].isna().all(), left["relieved_now"].value_counts()  # had False (or True)
    assert left["relief_t_s"].isna().all()
    assert right["time_since_relief_s"].notna().all() and right["relieved_now"].notna().all()


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_assessments_table_has_no_level_for_it(zero_left, calibrated):
    _, result = zero_left[calibrated]
    a = assessments_table(result)
    left, right = a[a.foot == "left"], a[a.foot == "right"]
    assert left["level"].isna().all(), left["level"].value_counts()  # had "none" throughout
    assert left["level_rank"].isna().all() and left["time_since_relief_s"].isna().all()
    assert (right["level"] == "none").any()


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_study_counts_nothing_for_it(zero_left, calibrated):
    session, result = zero_left[calibrated]
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    for col in ("time_none_s", "n_alerts", "n_warnings", "max_level_rank", "forefoot_dose_kpa_s_per_h",
                "reliefs_per_h"):
        assert math.isnan(rows.loc["left", col]), (col, rows.loc["left", col])  # had 650.0, 0.0, 0.0, 0, 0.0
        assert not math.isnan(rows.loc["right", col]), col


@pytest.mark.parametrize("calibrated", [False, True])
def test_the_fit_level_is_missing_for_it(zero_left, calibrated):
    session, result = zero_left[calibrated]
    per_s = per_second_metrics(session, [*result.alerts, *result.events], assessed_none(result.feet),
                               assessed_with_data(result.feet, result.silent_spans))
    assert per_s["left_level"].isna().all(), per_s["left_level"].value_counts()  # had 0.0 in 650 s
    assert per_s["right_level"].notna().sum() > 600


@pytest.mark.parametrize("calibrated", [False, True])
def test_a_comparison_leaves_it_out_and_says_why(zero_left, calibrated):
    session, result = zero_left[calibrated]
    ride = offline_session("healthy-ride", duration_s=RIDE_S, seed=2)  # the same ride, its left foot read
    c = compare(analyze(ride), result, ride, session)
    said = "its load was never measured: " + ("its insole read 0 on every sensor" if calibrated
                                              else "its forefoot read no load")
    assert c.not_analysed == {"left": {"after": said}}, c.not_analysed  # had {}
    assert set(c.table()["foot"]) == {"right"}
    assert any(said in s for s in c.sentences()), c.sentences()


def test_the_verdict_says_a_calibrated_insole_read_nothing(zero_left):
    _, result = zero_left[True]
    verdict = result.advice().verdict
    assert "the left foot's load was never measured: its insole read 0 on every sensor" in verdict, verdict
    line = next(x for x in foot_lines(result) if x.startswith("left:"))
    assert "load never measured (its insole read 0 on every sensor)" in line and "relief" not in line, line


def _facts(sid: str, activity: dict[str, str], layouts) -> SessionFacts:
    return SessionFacts(sid, activity, 240.0, dict.fromkeys(FEET, 0.0), layouts, dict.fromkeys(FEET, 100))


def test_a_caveat_says_an_activity_was_not_recognised(zero_left):
    layouts = dict(zero_left[True][0].info.layouts)
    walk = _facts("B", dict.fromkeys(FEET, "walking"), layouts)
    caveats = comparison_caveats(_facts("A", dict.fromkeys(FEET, "unknown"), layouts), walk, FEET, [], Thresholds())
    said = [c for c in caveats if "differ in activity" in c]
    assert said and "(the before session's activity was not recognised, walk after)" in said[0], said
    assert "session before" not in said[0]  # had "(session before, walk after)"
    one = comparison_caveats(_facts("A", {"left": "walking", "right": "unknown"}, layouts), walk, FEET, [],
                             Thresholds())
    assert any("(walk before (the right foot's not recognised), walk after)" in c for c in one), one


def test_a_moticon_import_given_a_layout_does_not_say_the_file_places_its_sensors():
    from monitor.errors import UsageError

    with pytest.raises(UsageError) as err:
        check_layout("moticon", "x.layout.json", "walk.txt")
    said = str(err.value)
    assert "the file itself says where its sensors are" not in said, said  # had it: Moticon publishes no map
    assert "inferred" in said and "Moticon publishes no sensor map" in said, said
