"""A verdict of a warning or a sign names a foot watched too briefly, as a verdict of nothing found does.

A tight-shoes ride whose right insole stopped 10 s in said "Verdict: sustained forefoot load on the left foot
under MTH1 (...), first warned at 1:20." and nothing of the right foot (only its per-foot line said "in its
0:10 of data"), and the end of `live` said "Alerts: left foot 1 notice, 1 warning." and no verdict at all: a
reader takes the right foot's silence for a clean bill. With a cleat-forward ride the early sign's verdict was
as silent. Only a session whose alerts were none or reminders named the foot.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache

import pytest
from live_ride import live_ride
from test_brief_foot_summary import COUNTERS, CYCLING, QUICK_PARAMS, SPEED

from monitor import load_session
from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.live.delivery import Delivered
from monitor.live.replay import replay_session, replay_text
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.report.text import analysis_text
from monitor.report.verdict_data import verdict
from monitor.session.offline import offline_session

pytestmark = pytest.mark.timeout(300)

FEET = ("left", "right")
ACTIVITY = {"left": "cycling", "right": "cycling"}
#: 20 minutes of the left foot, 2 of the right
RUNS = {"left": ((0.0, 1200.0),), "right": ((0.0, 120.0),)}
RIGHT = "; the right foot sent only 2:00 of data, none after 2:00, too little to tell."
WARNING = Alert(700.0, "left", "alert", "warning", "mth2_3", "focal_mth")
NOTICE = Alert(700.0, "left", "alert", "notice", "mth2_3", "focal_mth")


def _verdict(alerts: list[Alert], runs: dict = RUNS) -> str:
    return advise(alerts, FEET, ACTIVITY, data_s=1200.0, warn_after_s=300.0, data_runs=runs, learnt_s=300.0).verdict


def test_a_warning_names_the_foot_watched_briefly_and_says_no_only():
    text = _verdict([WARNING])
    assert text.startswith("Verdict: sustained forefoot load on the left foot under MTH2-3 ("), text
    assert text.endswith("first warned at 11:40" + RIGHT), text
    # a notice of the same pattern on the brief foot is said, then the foot's time with data
    text = _verdict([WARNING, Alert(100.0, "right", "alert", "notice", "mth2_3", "focal_mth")])
    assert text.endswith("; the right foot showed it too (a notice, from 1:40)" + RIGHT), text
    # both feet watched: as before
    assert _verdict([WARNING], {"left": RUNS["left"], "right": RUNS["left"]}).endswith(
        "on the left foot only under MTH2-3 (a focal pressure peak under the metatarsal heads; likely cause: "
        "cleat too far forward, or possibly a dropping transverse arch (a clinician or fitter can check)), first "
        "warned at 11:40.")


def test_an_early_sign_names_the_foot_watched_briefly():
    assert _verdict([NOTICE]).endswith("seen first at 11:40; no warning followed in the 8:20 of data after it"
                                       + RIGHT), _verdict([NOTICE])
    first = Alert(100.0, "left", "alert", "notice", "mth2_3", "focal_mth")  # within the first minutes
    assert _verdict([first]).endswith("if a foot goes numb, try what is suggested" + RIGHT), _verdict([first])


@lru_cache(maxsize=None)
def _ride_whose_right_insole_stopped_at_10_s(scenario: str):
    session = offline_session(scenario, duration_s=360.0, seed=1, rate_hz=50)
    f = session.frames
    session.frames = f[~((f["foot"].astype(str) == "right") & (f["t_s"] > 10.0))].reset_index(drop=True)
    return analyze(session, params=QUICK_PARAMS)


@pytest.mark.parametrize("scenario, lead", [
    ("tight-shoes", "Verdict: sustained forefoot load on the left foot "),
    ("cleat-forward", "Verdict: no warning, but an early sign on the left foot "),
])
def test_analyze_json_and_report_name_the_foot(scenario, lead):
    result = _ride_whose_right_insole_stopped_at_10_s(scenario)
    (right,) = result.to_json_dict()["briefly_watched"]
    assert right["foot"] == "right" and right["words"].startswith("the right foot sent only 0:"), right
    head = analysis_text(result).splitlines()[0]
    assert head.startswith(lead) and head.endswith(f"; {right['words']}."), head
    assert verdict(result, FEET).headline == head


def test_the_summary_of_a_warning_says_the_verdict_naming_the_foot(tmp_path):
    s = LiveSummary(RecordSummary(tmp_path, 1200.0, COUNTERS, 0), [Delivered(WARNING, ("terminal",), "")],
                    CYCLING, data_s=1200.0, data_runs=RUNS, warn_after_s=300.0)
    lines = summary_text(s).splitlines()
    at = lines.index("Alerts: left foot 1 warning.")
    assert lines[at + 1] == _verdict([WARNING]), lines
    # both feet watched: the warning needs no verdict line, as before
    s.data_runs = {"left": RUNS["left"], "right": RUNS["left"]}
    assert not any(x.startswith("Verdict:") for x in summary_text(s).splitlines())
    s.data_runs, s.delivered = RUNS, [Delivered(NOTICE, ("terminal",), "")]
    assert _verdict([NOTICE]) in summary_text(s).splitlines()


def test_live_and_replay_of_a_warning_say_the_verdict_analyze_says(tmp_path):
    live = live_ride(tmp_path, "tight-shoes", speed=SPEED, seed=1, faults=["stop:right@10s"], duration_s=180.0,
                     params=QUICK_PARAMS)
    head = analysis_text(analyze(load_session(live.record.path), params=QUICK_PARAMS)).splitlines()[0]
    assert head.startswith("Verdict: sustained forefoot load on the left foot "), head
    assert "; the right foot sent only 0:" in head, head
    assert head in summary_text(live).splitlines(), summary_text(live)
    replay = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    assert head in replay_text(replay).splitlines(), replay_text(replay)
