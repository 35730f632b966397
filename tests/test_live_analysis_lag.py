"""A live session whose analysis falls behind the session's time says so: the views say "analysis N s behind",
each foot's relief clock counts to its analysed data, not to the session's time, and the end summary says the
largest lag and how late the alerts, marks and events were issued.

The busy host is built, not loaded: on a virtual clock (tests/virtual_clock.py) the simulated insoles' clock
runs at ``LAG`` of the speed the link maps host time with, so the data reach the analysis later and later in
host time x speed, as on a host too busy for ``--speed`` (`live --sim toe-clips --speed 30` on a loaded host:
a warning about 5:10 delivered at 6:37, the relief clock at 9:00 though the rider unweighted at 6:00).
"""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from firmware_sim.sim_clock import SimClock
from monitor.live.analysis_lag import BEHIND_BOUND_S, AnalysisLag, behind_words
from monitor.live.summary import summary_text
from monitor.live.view import FootView, LiveView
from monitor.live.web.state import page_state
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

SPEED = 20.0
#: the share of ``SPEED`` the host runs the simulation at (guess: a host busy enough that the data lag the
#: session's time by a third of it, 40 s at 2:00)
LAG = 2.0 / 3.0
DURATION_S = 120.0


async def _live_behind(out: Path):
    clock = SimClock(SPEED * LAG, paused=True, start_with_stream=True)
    views = []
    summary = await live_ride_async(out, "healthy-ride", speed=SPEED, seed=1, ride_end_s=DURATION_S, clock=clock,
                                    duration_s=DURATION_S, params=DEFAULT_PARAMS, on_view=views.append)
    return SimpleNamespace(summary=summary, views=views)


@pytest.fixture(scope="module")
def behind(tmp_path_factory):
    return run_on_virtual_clock(_live_behind(tmp_path_factory.mktemp("behind")))


def test_the_views_say_the_analysis_is_behind_and_the_relief_clock_counts_to_the_analysed_data(behind):
    before_end = [v for v in behind.views if v.session_s < DURATION_S - 1.0]
    said = [v for v in before_end if v.analysis_behind_s is not None]
    assert said, [v.analysis_behind_s for v in before_end]  # had: no such field, nothing said
    # the lag grows as a third of the session's time: said once beyond the bound, and on to the end
    assert said[0].session_s == pytest.approx(BEHIND_BOUND_S / (1 - LAG), abs=6.0)
    assert max(v.analysis_behind_s for v in said) == pytest.approx((DURATION_S - 1.0) * (1 - LAG), abs=6.0)
    clocks = [(v.session_s, v.analysis_behind_s, f.time_since_relief_s) for v in said for f in v.feet.values()
              if math.isfinite(f.time_since_relief_s)]
    assert clocks
    # counted to the analysed data: never more than the session's time less the lag (a second for the frames
    # handed on between the lag's measure and the view)
    over = [c for c in clocks if c[2] > c[0] - c[1] + 1.0]
    assert not over, over  # had: counted to the session's time, 40 s more at 2:00


def test_the_summary_says_the_largest_lag(behind):
    note = behind.summary.lag_note
    assert note is not None and note.startswith("the analysis fell up to "), note
    largest_s = float(note.split("up to ")[1].split(" s")[0])
    # the ride's last data come at 3:00 of the session's time (the recording waits for them), but "now" stops at
    # the ride's end: the lag is largest there, a third of 2:00 (had: 60 s, the host's time after the ride
    # counted as ride)
    assert largest_s == pytest.approx(DURATION_S * (1 - LAG), abs=3.0), note
    assert f"Note: The analysis fell up to {largest_s:.0f} s behind" in summary_text(behind.summary)


def test_late_alerts_are_said_with_how_late_they_were_issued_beyond_the_window_settling():
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0)
    lag.handed(100.0, 104.0)
    lag.issued("alert", 95.0, 101.0)  # 6 s after its time: the window's settling and a second
    assert lag.behind_s() is None and lag.note() is None
    lag.handed(110.0, 160.0)  # the analysis 50 s behind
    assert lag.behind_s() == 50.0
    lag.issued("alert", 110.0, 160.0)
    assert lag.note() == ("the analysis fell up to 50 s behind the session's time (the host was too busy "
                          "for the session's speed); issued late: 1 alert of 2 up to 45 s (after 5 s for its "
                          "window to settle); the views say it beyond 10 s behind (a guess)")
    lag.handed(170.0, 171.0)  # caught up: the views say nothing, the summary still says how far it fell
    assert lag.behind_s() is None and lag.largest_s == 50.0


def test_the_lag_never_counts_time_past_the_session_s_end():
    # `live --sim cleat-forward --speed 300 --duration 2m`: "fell up to 574 s behind" on a ride of 2:15
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0, end_s=120.0)
    lag.handed(100.0, 118.0)
    assert lag.lag_s == 18.0
    lag.issued("alert", 90.0, 118.0)
    lag.handed(110.0, 500.0)  # the backlog drained long after the ride: behind by what the ride had left
    assert lag.lag_s == 10.0 and lag.largest_s == 18.0  # had: 390 s
    lag.issued("alert", 100.0, 500.0)
    assert lag.note("ride") == ("the analysis fell up to 18 s behind the session's time (the host was too busy for "
                          "the session's speed); issued late: 2 alerts of 2 up to 23 s (after 5 s for its window "
                          "to settle; 1 issued after the ride's end); the views say it beyond 10 s behind (a guess)")


def test_the_recording_s_end_caps_the_lag_where_no_duration_is_known():
    lag = AnalysisLag(bound_s=10.0)
    lag.handed(50.0, 55.0)
    lag.ended(60.0)  # stopped by the rider at 1:00
    lag.handed(58.0, 300.0)
    assert lag.lag_s == 2.0 and lag.largest_s == 5.0  # had: no end, 242 s
    lag.ended(400.0)  # a later end changes nothing
    assert lag.end_s == 60.0


def test_a_lag_just_beyond_the_bound_reads_beyond_it():
    # "analysis 10 s behind the session's time (more than 10 s, a guess)" for a lag of 10.3 s
    assert behind_words(10.3) == "analysis 10.3 s behind"
    assert behind_words(10.01) == "analysis 10.1 s behind"
    assert behind_words(10.6) == "analysis 11 s behind" and behind_words(87.4) == "analysis 87 s behind"
    lag = AnalysisLag(bound_s=10.0)
    lag.handed(0.0, 10.2)
    assert lag.note().startswith("the analysis fell up to 10.2 s behind"), lag.note()


def test_the_phone_view_and_the_terminal_header_say_the_analysis_is_behind():
    from rich.console import Console

    from monitor.cli.console_live import _header

    foot = FootView(foot="left", connected=True)
    keeping_up = LiveView(session_s=60.0, duration_s=600.0, feet={"left": foot})
    behind_view = LiveView(session_s=60.0, duration_s=600.0, feet={"left": foot}, analysis_behind_s=42.4)
    assert page_state(keeping_up)["behind"] is None and page_state(keeping_up)["behind_s"] is None
    assert page_state(behind_view)["behind_s"] == 42
    assert page_state(behind_view)["behind"] == "analysis 42 s behind: relief clocks count to the analysed data"
    console = Console(width=100, record=True)
    console.print(_header(behind_view, 100))
    assert "ANALYSIS 42 S BEHIND" in console.export_text()
    console.print(_header(keeping_up, 100))
    assert "BEHIND" not in console.export_text().splitlines()[-1]


def test_the_note_says_the_end_of_a_run_in_its_word():
    """The end note's events issued after the end say the session's activity (summary_head.end_word), not "the
    ride's end" for a run too; "session" where none is known."""
    from monitor.live.summary import LiveSummary, RecordSummary
    from monitor.live.summary_head import end_word

    lag = AnalysisLag(bound_s=10.0, settle_s=5.0, end_s=120.0)
    lag.handed(100.0, 118.0)
    lag.issued("alert", 100.0, 500.0)  # issued after the end
    rec = RecordSummary(Path("s"), 120.0, {"left": {}, "right": {}}, 0)
    run = LiveSummary(rec, [], {f: {"activity": "running"} for f in ("left", "right")})
    unknown = LiveSummary(rec, [], {f: {"activity": "unknown"} for f in ("left", "right")})
    assert (end_word(run), end_word(unknown)) == ("run", "session")
    assert "(after 5 s for its window to settle; 1 issued after the run's end)" in lag.note(end_word(run))
    assert "1 issued after the session's end" in lag.note(end_word(unknown))  # had: "the ride's end" for both
