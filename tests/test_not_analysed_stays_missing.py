"""A foot that was not analysed has no numbers, in every view: never 0 reliefs, 0 cycles, a relief clock at 0
or "no warning" set against another session's warning.

A foot not analysed is one with no frame with data (an insole silent all session, every sensor empty) or
one a whole group of whose sensors had no sample (monitor.analysis.sensor_gaps): the Python summary
(AnalysisResult.summary) holds None and NaN for it as ``--json`` holds null; the study's reliefs per hour are
NaN; its windows before a first reading have no relief clock (NaN, as their relief_t_s); and a comparison
leaves it out, saying it was not analysed in that session, rather than reading its 0 warnings as better.
Nor has it alert counts: the study's n_alerts, n_warnings and max_level_rank are NaN, the report's
Verdict.alert_counts None; `--json` says it was not analysed (``analysed`` false), so that its null
first_warning_s is not "no warning", and study.html names it under a session's first warning.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from test_compare import _one_foot
from test_dead_sensor import MTH_COLUMNS, tight_shoes

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.report.compare_section import compare_section_html
from monitor.report.text import foot_lines
from monitor.session.model import Session


def _every_sensor_empty() -> Session:
    """The 7-minute tight-shoes ride with every sensor of the right foot NaN throughout: it sent no reading."""
    s = tight_shoes()
    s.frames.loc[s.frames.foot == "right", [c for c in s.frames.columns if c.endswith("_kpa")]] = np.nan
    return s


def _no_right_frame() -> Session:
    """The 7-minute tight-shoes ride with both insoles in session.json but no frame of the right foot."""
    s = tight_shoes()
    return Session(s.path, s.info, s.frames[s.frames.foot == "left"].reset_index(drop=True), s.gaps)


@pytest.fixture(scope="module")
def rides():
    """Session and result of the ride intact, with the right foot's metatarsal heads empty, with every
    right sensor empty, and with no right frame at all (left foot as it was in each)."""
    sessions = {"intact": tight_shoes(), "group": tight_shoes(*MTH_COLUMNS), "silent": _every_sensor_empty(),
                "absent": _no_right_frame()}
    return {name: (s, analyze(s)) for name, s in sessions.items()}


@pytest.mark.parametrize("case", ["group", "silent"])
def test_a_foot_not_analysed_has_no_numbers_in_the_python_summary(rides, case):
    session, result = rides[case]
    assert not result.feet["right"].analysed
    assert (case == "silent") == ("right" in result.no_data)
    right = result.summary()["right"]
    assert right["relief_count"] is None and right["cycles"] is None, right
    assert right["first_warning_s"] is None
    assert math.isnan(right["cadence_per_min"]) and math.isnan(right["forefoot_share"])
    assert all(math.isnan(v) for r in right["regions"].values() for v in r.values()), right["regions"]
    # as --json says it; the left foot, analysed, keeps its counts
    assert result.to_json_dict()["summary"]["right"]["relief_count"] is None
    left = result.summary()["left"]
    assert left["relief_count"] == 0 and left["cycles"] > 100
    assert result.to_json_dict()["summary"]["left"]["relief_count"] == 0


def test_a_foot_silent_all_session_has_no_relief_clock(rides):
    """Its windows have no reading before their end: no relief time (NaN, as relief_t_s), never 0:00."""
    _, result = rides["silent"]
    windows = result.feet["right"].windows_
    assert windows and all(math.isnan(w.relief_t_s) for w in windows)
    assert all(math.isnan(w.time_since_relief_s) for w in windows), [w.time_since_relief_s for w in windows[:3]]
    assert all(math.isfinite(w.time_since_relief_s) for w in result.feet["left"].windows_)
    # and the detector's metrics, which the tables show, say the same
    assert all(math.isnan(a.metrics["time_since_relief_s"]) for a in result.feet["right"].assessments_)


@pytest.mark.parametrize("case", ["group", "silent"])
def test_the_study_has_no_reliefs_per_hour_for_a_foot_not_analysed(rides, case):
    from monitor.studies.rows import session_tables

    session, result = rides[case]
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    assert math.isnan(rows.loc["right", "reliefs_per_h"]), rows.loc["right", "reliefs_per_h"]
    assert rows.loc["left", "reliefs_per_h"] == 0.0


@pytest.mark.parametrize("case, said", [("group", "not analysed: no sample from any sensor of its metatarsal heads"),
                                        ("silent", "no data (no pressure sample in the session)")])
def test_the_text_says_a_foot_not_analysed_is_not_analysed_never_0_reliefs(rides, case, said):
    line = next(x for x in foot_lines(rides[case][1]) if x.startswith("right:"))
    assert said in line and "relief" not in line and "warning" not in line, line


@pytest.mark.parametrize("before, after, when", [("intact", "group", "after"), ("group", "intact", "before"),
                                                 ("intact", "silent", "after")])
def test_a_comparison_leaves_out_a_foot_one_session_did_not_analyse_and_says_so(rides, before, after, when):
    """The right foot warned at 5:00 intact and not analysed in the other: not "better" (none after) nor
    0 -> 0 reliefs; no row of it, a sentence saying why, and the left foot compared as before."""
    (sb, rb), (sa, ra) = rides[before], rides[after]
    comparison = compare(rb, ra, sb, sa)
    assert comparison.feet == ("left",)
    assert set(comparison.not_analysed) == {"right"} and set(comparison.not_analysed["right"]) == {when}
    assert set(comparison.table()["foot"]) == {"left"}
    sentences = comparison.sentences()
    why = ("no sample from any sensor of its metatarsal heads" if "group" in (before, after)
           else "no pressure sample in the session")
    said = f"Right foot: not analysed in the {when} session ({why}), so only the left foot is compared."
    assert said in sentences, sentences
    assert not any(s.startswith("Right foot:") and s != said for s in sentences), sentences
    assert not any("right" in s for s in sentences if s.startswith("Caveat")), sentences
    html = compare_section_html(comparison)  # solewatch report A --compare B's section
    assert f"not analysed in the {when} session" in html and "Right foot: first warning" not in html
    # the left foot's rows are those of the intact comparison
    whole = compare(rides["intact"][1], rides["intact"][1], sb, sb)
    assert len(comparison.table()) == len(whole.table()[whole.table()["foot"] == "left"])


def test_a_foot_not_analysed_in_both_sessions_is_said_once(rides):
    (sb, rb), (sa, ra) = rides["group"], rides["silent"]
    sentences = compare(rb, ra, sb, sa).sentences()
    assert ("Right foot: not analysed in the before session (no sample from any sensor of its metatarsal heads) "
            "nor in the after session (no pressure sample in the session), so only the left foot is compared."
            in sentences), sentences
    sentences = compare(rb, rb, sb, sb).sentences()
    assert ("Right foot: not analysed in either session (no sample from any sensor of its metatarsal heads), so "
            "only the left foot is compared." in sentences), sentences


def test_no_foot_analysed_in_both_is_nothing_to_compare(rides):
    """The right foot alone, intact before and not analysed after: nothing to compare, and why."""
    before, after = _one_foot(rides["intact"][0], "right"), _one_foot(rides["group"][0], "right")
    comparison = compare(analyze(before), analyze(after), before, after)
    assert comparison.table().empty
    assert comparison.sentences() == [
        "No foot was analysed in both sessions: there is nothing to compare.",
        "Right foot: not analysed in the after session (no sample from any sensor of its metatarsal heads)."]
    html = compare_section_html(comparison)
    assert "nothing to compare" in html and "<img" not in html


@pytest.mark.parametrize("case", ["group", "silent", "absent"])
def test_the_study_has_no_alert_counts_for_a_foot_not_analysed(rides, case):
    """No alert could come for it: its n_alerts, n_warnings and max_level_rank are NaN, as its first warning
    and reliefs per hour, never 0 ("no alert"); the left foot, analysed, keeps its counts."""
    from monitor.studies.rows import session_tables

    session, result = rides[case]
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    right = rows.loc["right", ["first_warning_s", "n_alerts", "n_warnings", "max_level_rank"]]
    assert right.isna().all(), right.to_dict()
    left = rows.loc["left"]
    assert left["n_alerts"] == sum(a.foot == "left" for a in result.alerts) and left["n_warnings"] >= 0
    assert left["max_level_rank"] >= 0


@pytest.mark.parametrize("case", ["group", "silent", "absent"])
def test_the_study_has_no_time_at_any_level_for_a_foot_not_analysed(rides, case):
    """No level could be judged for it: its time_none_s .. time_alert_s are NaN, as its alert counts, never
    0 s at every level (which would read as a foot never warned); the left foot keeps its times."""
    from monitor.signal.types import LEVELS
    from monitor.studies.rows import session_tables

    session, result = rides[case]
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    times = [f"time_{level}_s" for level in LEVELS]
    assert rows.loc["right", times].isna().all(), rows.loc["right", times].to_dict()
    left = rows.loc["left", times]
    assert left.notna().all() and left.sum() > 0 and left["time_warning_s"] > 0, left.to_dict()


def test_the_study_has_no_forefoot_dose_for_a_foot_whose_heel_had_no_sample():
    """A foot not analysed because its heel group had no sample still has forefoot readings, whose windows
    hold pressure-time integrals though none was analysed (``valid_fraction`` 0): the study's dose for it is
    NaN, and the session's is its other foot's (it read 483,279 for that foot, averaged into the session's
    482,422 beside the left foot's 481,564)."""
    from monitor.report.study_data import per_session
    from monitor.studies.rows import session_tables

    session = tight_shoes("p00_kpa", "p01_kpa", "p02_kpa", "p03_kpa")  # the right heel's four sensors
    result = analyze(session)
    assert not result.feet["right"].analysed
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"]
    dose = rows.set_index("foot")["forefoot_dose_kpa_s_per_h"]
    assert np.isnan(dose["right"]) and dose["left"] > 0, dose.to_dict()
    assert per_session(rows)["forefoot_dose_kpa_s_per_h"].iloc[0] == pytest.approx(dose["left"])


@pytest.mark.parametrize("case", ["group", "silent", "absent"])
def test_the_verdict_has_no_alert_counts_for_a_foot_not_analysed(rides, case):
    """Verdict.alert_counts of a foot no alert could come for is None, never zeros; its first_warning_s None
    is then no "no warning", which verdict_data.analysed tells; the report's table and PDF words still say it
    was not analysed, and the left foot keeps its counts."""
    from monitor.report.data import report_data
    from monitor.report.html import _verdict_section, _worst_level
    from monitor.report.pdf import report_text_lines
    from monitor.report.verdict_data import analysed, verdict

    session, result = rides[case]
    v = verdict(result, ("left", "right"))
    assert v.alert_counts["right"] is None, v.alert_counts
    assert v.first_warning_s["right"] is None and not analysed(v, "right")
    assert v.alert_counts["left"] == {"notice": 1, "warning": 1, "alert": 0} and analysed(v, "left")
    assert v.first_warning_s["left"] == 300.0
    data = report_data(session, result)
    assert data.verdict.alert_counts["right"] is None and _worst_level(data) == "warning"
    said = "not analysed" if case == "group" else "no data"
    assert f"right: {said}" in report_text_lines(data)
    assert not any(x.startswith("right:") and "warning" in x for x in report_text_lines(data))
    html = _verdict_section(data)
    assert f"<td>right</td><td>-</td><td>-</td><td>-</td><td>{said}</td>" in html.replace(" class=num", ""), html


@pytest.mark.parametrize("case", ["intact", "group", "silent", "absent"])
def test_analyze_json_says_whether_each_foot_was_analysed(rides, case):
    """A null first_warning_s reads "no warning" only beside analysed true."""
    from test_analyze import _validate

    _, result = rides[case]
    doc = json.loads(json.dumps(result.to_json_dict()))
    _validate(doc)  # docs/analyze-json.schema.json
    summary = doc["summary"]
    assert summary["left"]["analysed"] is True and summary["left"]["first_warning_s"] == 300.0
    assert summary["right"]["analysed"] is (case == "intact")
    assert (summary["right"]["first_warning_s"] is None) is (case != "intact")


def test_a_one_foot_session_has_counts_for_its_foot_only(rides):
    """The foot a session has no insole for has no row, no count and no summary, never zeros."""
    from monitor.report.verdict_data import verdict
    from monitor.studies.rows import session_tables

    session = _one_foot(rides["intact"][0], "left")
    result = analyze(session)
    v = verdict(result, session.info.feet)
    assert set(v.alert_counts) == {"left"} and v.alert_counts["left"]["warning"] == 1
    doc = result.to_json_dict()
    assert set(doc["summary"]) == {"left"} and doc["summary"]["left"]["analysed"] is True
    assert doc["feet_not_recorded"] == ["right"]
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"]
    assert list(rows["foot"]) == ["left"] and rows["n_warnings"].tolist() == [1.0]


def _ana_study(rides):
    """The sessions table of ana's ride intact (s0), then after a change with the right foot not analysed (s1)."""
    import pandas as pd

    from monitor.studies.rows import session_tables

    tables = []
    for i, (case, change) in enumerate([("intact", ""), ("group", "new shoes")]):
        session, result = rides[case]
        t = session_tables(session, result, {"rider": "ana", "change": change}, "x", {}, {})["sessions"]
        tables.append(t.assign(session_id=f"s{i}", start_utc=f"2026-11-0{i + 1}T10:00:00Z"))
    return pd.concat(tables, ignore_index=True)


def test_the_cohort_report_names_a_foot_not_analysed_under_the_first_warning(rides):
    """Ana's ride intact (both feet warned at 5:00), then after a change with the right foot not analysed: the
    session's first warning (its feet's earliest) is the left foot's alone, so study.html says so under it,
    in her table of sessions and in the before/after pair, rather than a first warning read as of both feet."""
    from monitor.report.study_data import study_data
    from monitor.report.study_html import render_study_html

    data = study_data(_ana_study(rides))
    assert data.per_session["not_analysed"].tolist() == ["", "right"]
    assert data.per_session["first_warning_s"].tolist() == [300.0, 300.0]
    assert [p.not_analysed for p in data.pairs] == [("", "right")]
    html = render_study_html(data, {})
    assert html.count("300<br><small>right not analysed</small>") == 1, html  # ana's table of sessions
    assert "300 → 300<br><small>after session: right not analysed</small>" in html, html


def test_the_cohort_reports_figures_mark_a_session_with_a_foot_not_analysed(rides):
    """The trends and before/after figures combine a session's analysed feet alone: s1's point (the left
    foot's) is crossed there, and the captions name s1 and its right foot, so that no point reads as of both
    feet; s0, both feet analysed, is neither crossed nor named."""
    import re

    from monitor.report.plots.study import UNWATCHED_LABEL, plot_pairs, plot_trends
    from monitor.report.study_data import study_data
    from monitor.report.study_writer import study_report_html

    sessions = _ana_study(rides)
    data = study_data(sessions)
    for fig, x in ((plot_trends(data), None), (plot_pairs(data.pairs), [1.0])):
        ax = fig.axes[0]  # first warning: 300 s in both sessions
        crossed = [line for line in ax.get_lines() if line.get_label() == UNWATCHED_LABEL]
        assert len(crossed) == 1 and list(crossed[0].get_ydata()) == [300.0], crossed
        if x is not None:  # the after session's side
            assert list(map(float, crossed[0].get_xdata())) == x
        assert ax.get_legend() is not None and [t.get_text() for t in ax.get_legend().get_texts()] == [UNWATCHED_LABEL]
    html = study_report_html(sessions)
    captions = dict(re.findall(r'<figure id="fig-(\w+)">.*?<figcaption>(.*?)</figcaption>', html, re.S))
    for name in ("trends", "pairs"):
        assert "1 session with a foot not analysed" in captions[name], captions[name]
        assert "(crossed): s1: right not analysed." in captions[name], captions[name]
        assert "s0" not in captions[name]
    assert "s1: right not analysed" in captions["distributions"]
