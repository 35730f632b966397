"""Numb marks that no sign of forefoot load explains: the verdict says so (no pressure cause in the data; a
numbness that persists needs a clinician, domain.md section 6's last row [18][36]) instead of "nothing to
change", in analyze's text, the report and the live or replay summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.marks import RiderMark, mark_alert
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.session.offline import offline_session

#: a run's words: its end and [36] alone on foot (monitor.analysis.referrals.see_a_clinician)
SAID = "with no pressure cause in the data: if numbness persists after the run ends, see a clinician [36]"
RUN = {"left": "running", "right": "running"}


def _marks() -> list[Alert]:
    return [mark_alert(RiderMark(50.0, "left"), "running"), mark_alert(RiderMark(130.0, "right"), "running")]


def test_marks_without_a_sign_are_said_in_the_verdict():
    advice = advise(_marks(), ("left", "right"), RUN, data_s=360.0, warn_after_s=180.0)
    assert advice.verdict == ("Verdict: no sustained forefoot load found; yet the left foot was marked numb at "
                              f"0:50 and the right at 2:10, {SAID}.")
    assert advice.marked_without_cause == ("left", "right")


def test_marks_in_a_session_too_short_to_tell_are_said_too():
    advice = advise(_marks()[:1], ("left", "right"), RUN, data_s=100.0, warn_after_s=180.0)
    assert advice.too_short and advice.verdict.endswith(f"; yet the left foot was marked numb at 0:50, {SAID}.")


def test_a_sign_of_load_explains_a_mark_on_its_own_foot_only():
    warned = Alert(40.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
    advice = advise([warned, _marks()[0]], ("left", "right"), RUN, data_s=360.0, warn_after_s=180.0)
    assert "marked numb" not in advice.verdict and advice.marked_without_cause == ()
    # had: the left foot's warning explained the right foot's numbness too, said of no foot
    advice = advise([warned, *_marks()], ("left", "right"), RUN, data_s=360.0, warn_after_s=180.0)
    assert advice.verdict.endswith(f"first warned at 0:40; yet the right foot was marked numb at 2:10, {SAID}.")
    assert advice.marked_without_cause == ("right",)
    assert all(t.feet == ("left",) for t in advice.tips), advice.tips
    plain = advise([], ("left", "right"), RUN, data_s=360.0, warn_after_s=180.0)
    assert plain.verdict == "Verdict: no sustained forefoot load found." and plain.marked_without_cause == ()


@pytest.fixture(scope="module")
def run():
    session = offline_session("healthy-run", duration_s=360, seed=1)
    result = analyze(session)
    assert not [a for a in result.alerts if a.kind == "alert"]  # a healthy run: nothing to explain a mark
    result.marks = [RiderMark(50.0, "left", "numb", "terminal"), RiderMark(130.0, "right", "numb", "terminal")]
    return session, result


def test_analyze_and_the_report_say_the_marks_had_no_pressure_cause(run):
    from monitor.report.data import report_data
    from monitor.report.html import render_html
    from monitor.report.pdf import report_text_lines
    from monitor.report.text import analysis_text

    session, result = run
    text = analysis_text(result)
    assert text.splitlines()[0] == ("Verdict: no sustained forefoot load found; yet the left foot was marked "
                                    f"numb at 0:50 and the right at 2:10, {SAID}.")
    data = report_data(session, result)
    html = render_html(data, {})
    assert "Nothing to change on this evidence" not in html
    assert "Nothing in the fit to change on this evidence" in html  # its tags link to the references
    assert 'see a clinician <a href="#ref-36">[36]</a>' in html
    assert any("the numb marks had no pressure cause in the data" in ln for ln in report_text_lines(data))


def test_the_live_summary_says_the_marks_had_no_pressure_cause():
    from monitor.live.delivery import Delivered

    rec = RecordSummary(Path("s"), 360.0, {"left": {}, "right": {}}, 0)
    live = LiveSummary(rec, [Delivered(m, ("terminal",), "x") for m in _marks()],
                       {"left": {"activity": "running"}, "right": {"activity": "running"}})
    text = summary_text(live)
    assert ("Alerts: none; no sustained forefoot load was found; yet the left foot was marked numb at 0:50 and "
            f"the right at 2:10, {SAID}.") in text, text


def test_the_live_summary_says_a_mark_on_the_foot_without_the_warning_had_no_pressure_cause():
    from monitor.live.delivery import Delivered

    warned = Alert(40.0, "left", "alert", "warning", region="mth2_3", pattern="focal_mth")
    rec = RecordSummary(Path("s"), 360.0, {"left": {}, "right": {}}, 0)
    live = LiveSummary(rec, [Delivered(a, ("terminal",), "x") for a in (warned, _marks()[1])],
                       {"left": {"activity": "running"}, "right": {"activity": "running"}}, warn_after_s=180.0)
    lines = summary_text(live).splitlines()
    verdict = advise([warned, _marks()[1]], ("left", "right"), RUN, data_s=360.0, warn_after_s=180.0).verdict
    assert verdict.endswith(f"; yet the right foot was marked numb at 2:10, {SAID}.")
    assert verdict in lines, lines  # as analyze says it
    assert not any(x.startswith("No sustained forefoot overload") for x in lines), lines
