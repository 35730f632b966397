"""A session shorter than the load a warning needs cannot rule a problem out: its verdict says so, rather
than "no sustained forefoot load found". An early sign says "a longer session would tell" only where the data
after it was shorter than that load, and says so of a sign that was there in the minutes a session without a
kept normal takes as the rider's own."""

from __future__ import annotations

import pytest

from monitor.analysis.advice import advise
from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.session.offline import offline_session

RUNNING = {"left": "running", "right": "running"}
NOTHING = "Verdict: no sustained forefoot load found."


@pytest.fixture(scope="module")
def short_run():
    session = offline_session("healthy-run", duration_s=30, seed=1)
    return session, analyze(session)


def test_a_30_s_run_is_too_short_to_tell(short_run):
    session, result = short_run
    verdict = result.advice().verdict
    assert verdict != NOTHING
    # the data's length (the last frame at 29.99 s) and the 5:00 of load a warning needs
    assert verdict == ("Verdict: nothing found in 0:30 of data, too short to tell: a warning needs "
                       "5:00 of sustained forefoot load.")
    assert report_data(session, result).verdict.headline == verdict


def test_a_session_long_enough_to_warn_keeps_its_verdict():
    assert advise([], ("left", "right"), RUNNING, data_s=600.0, warn_after_s=300.0).verdict == NOTHING
    assert advise([], ("left", "right"), RUNNING).verdict == NOTHING  # length unknown: as before


def test_the_length_that_counts_is_the_warning_time_of_the_params():
    short = advise([], ("left",), RUNNING, data_s=200.0, warn_after_s=180.0)
    assert short.verdict == NOTHING
    assert "too short" in advise([], ("left",), RUNNING, data_s=170.0, warn_after_s=180.0).verdict


def test_the_report_does_not_colour_a_too_short_verdict_as_all_clear(short_run):
    """The 30 s run's headline box was green (level-none, the colour of a session found clear); too short to
    tell is neither: a neutral box (level-unknown)."""
    from monitor.report.html import render_html

    session, result = short_run
    data = report_data(session, result)
    assert data.verdict.too_short
    html = render_html(data, {})
    assert 'class="headline level-unknown"' in html and 'class="headline level-none"' not in html
    assert ".headline.level-unknown {" in html


def _notice(foot: str, t_s: float):
    from monitor.analysis.alerts import Alert

    return Alert(t_s, foot, "alert", "notice", "mth2_3", "focal_mth", "cleat too far forward",
                 (f"Move the {foot} cleat back 2-10 mm",), ("cleat_back",), "NOTICE")


CYCLING = {"left": "cycling", "right": "cycling"}


def test_a_sign_with_time_left_for_a_warning_after_it_says_none_followed_not_that_a_longer_session_would_tell():
    # had: "a longer session would tell" after 25 min of data and signs at 1:10 and 1:20
    both = [_notice("left", 80.0), _notice("right", 70.0)]
    verdict = advise(both, ("left", "right"), CYCLING, data_s=1500.0, warn_after_s=300.0).verdict
    assert "longer session" not in verdict
    assert verdict.endswith("; no warning followed in the 23:40 of data after it.")  # 25:00 - 1:20


@pytest.mark.parametrize("data_s, warn_after_s", [(350.0, 300.0), (None, 300.0), (1500.0, None)])
def test_a_sign_too_late_or_with_an_unknown_length_says_a_longer_session_would_tell(data_s, warn_after_s):
    # 350 s of data: the left foot's sign at 80 s has 270 s after it, under the 300 s a warning needs
    both = [_notice("left", 80.0), _notice("right", 70.0)]
    verdict = advise(both, ("left", "right"), CYCLING, data_s=data_s, warn_after_s=warn_after_s).verdict
    assert verdict.endswith("; a longer session would tell.")


FIRST_MINUTES = ("; it showed in the first minutes, which a session without a kept normal of your own takes as "
                 "normal, so time alone does not make it a warning: if a foot goes numb, try what is suggested.")


@pytest.mark.parametrize("data_s", [240.0, 1500.0])
def test_a_sign_there_in_the_minutes_taken_as_the_riders_normal_says_so_however_long_the_session(data_s):
    # had: "a longer session would tell" (a 3-min cleat-forward ride) though a longer first ride does not warn
    # of a sign it took as the rider's normal (docs/validation.md: cleat-forward, first ride, 60 min: 0 of 4)
    both = [_notice("left", 80.0), _notice("right", 70.0)]
    verdict = advise(both, ("left", "right"), CYCLING, data_s=data_s, warn_after_s=300.0, learnt_s=300.0).verdict
    assert verdict.endswith(FIRST_MINUTES)


def test_a_sign_after_the_minutes_taken_as_normal_is_judged_by_the_time_after_it():
    late = [_notice("left", 80.0), _notice("right", 400.0)]  # the right foot's sign after the first 5:00
    verdict = advise(late, ("left", "right"), CYCLING, data_s=600.0, warn_after_s=300.0, learnt_s=300.0).verdict
    assert verdict.endswith("; a longer session would tell.")  # 200 s after 6:40, under 5:00


def test_analyze_says_which_normal_judged_the_session():
    session = offline_session("cleat-forward", duration_s=240, seed=1)
    first = analyze(session)
    assert not first.kept_normal
    assert first.advice().verdict.endswith(FIRST_MINUTES), first.advice().verdict
    healthy = analyze(offline_session("healthy-ride", duration_s=420, seed=2))
    known = analyze(session, baseline=healthy.baseline)
    assert known.kept_normal
    assert "no warning, but an early sign" in known.advice().verdict  # 4 minutes: under warn_after_s
    assert known.advice().verdict.endswith("; a longer session would tell."), known.advice().verdict


@pytest.mark.parametrize("data_s", [299.5, 299.7, 299.99])
def test_data_just_short_of_the_warning_time_is_not_said_as_meeting_it(data_s, tmp_path):
    """had: "nothing found in 5:00 of data, too short to tell: a warning needs 5:00 of sustained forefoot
    load" for 299.5 s of data and more (the time rounded to the nearest second). A time said beside a rule
    it falls short of is rounded down: 4:59, in the verdict, the end of a live session and a foot's clause."""
    from monitor.analysis.watched import Brief, brief_words
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    short = ("nothing found in 4:59 of data, too short to tell: a warning needs 5:00 of sustained forefoot "
             "load.")
    assert advise([], ("left", "right"), RUNNING, data_s=data_s, warn_after_s=300.0).verdict == f"Verdict: {short}"
    counters = {"left": {"frames_missing": 0}, "right": {"frames_missing": 0}}
    live = LiveSummary(RecordSummary(tmp_path, data_s, counters, 0), [],
                       {f: {"activity": "running"} for f in RUNNING}, data_s=data_s, warn_after_s=300.0)
    assert ("Alerts: none in 4:59 of data, too short to tell: a warning needs 5:00 of sustained forefoot "
            "load.") in summary_text(live).splitlines()
    said = brief_words("right", Brief(data_s, None), 300.0)
    assert said == "the right foot sent only 4:59 of data, too little to tell", said
    assert brief_words("right", Brief(300.4, None), 300.0) == "the right foot sent only 5:00 of data"  # as before


def test_the_report_of_a_run_just_short_of_the_warning_time_says_4_59():
    session = offline_session("healthy-run", duration_s=299.6, seed=1)
    result = analyze(session)
    verdict = ("Verdict: nothing found in 4:59 of data, too short to tell: a warning needs 5:00 of sustained "
               "forefoot load.")
    assert result.advice().verdict == verdict
    assert report_data(session, result).verdict.headline == verdict
