"""A session shorter than the load a warning needs cannot rule a problem out: its verdict says so, rather
than "no sustained forefoot load found"."""

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
