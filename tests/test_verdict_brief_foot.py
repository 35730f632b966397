"""A verdict of nothing found names a foot watched too briefly for it to speak for.

A right insole that stopped sending 5 s into a 6-minute run (`record --sim healthy-run --fault stop:right@5s`)
gave "Verdict: no sustained forefoot load found." as though both feet had been watched, and the per-foot line
"right: running, cadence 171 steps/min, forefoot share 66%, no warning" from 5 s of data without saying so.
"""

from __future__ import annotations

from functools import lru_cache

from monitor.analysis.advice import advise
from monitor.analysis.batch import analyze
from monitor.report.text import analysis_text
from monitor.session.offline import offline_session

RUNNING = {"left": "running", "right": "running"}
FEET = ("left", "right")


def _runs(right_until_s: float) -> dict:
    return {"left": ((0.0, 360.0),), "right": ((0.0, right_until_s),)}


def test_a_foot_with_5_s_of_a_6_minute_run_is_named_in_the_verdict():
    advice = advise([], FEET, RUNNING, data_s=360.0, warn_after_s=300.0, data_runs=_runs(5.0))
    assert advice.verdict == ("Verdict: no sustained forefoot load found on the left foot; the right foot sent only "
                              "0:05 of data, none after 0:05, too little to tell."), advice.verdict


def test_reminders_alone_name_it_too():
    from monitor.analysis.alerts import Alert

    reminder = Alert(200.0, "left", "alert", "notice", None, "no_relief")
    verdict = advise([reminder], FEET, RUNNING, data_s=360.0, warn_after_s=300.0, data_runs=_runs(5.0)).verdict
    assert verdict.startswith("Verdict: no sustained forefoot overload on the left foot; reminders"), verdict
    assert verdict.endswith("; the right foot sent only 0:05 of data, none after 0:05, too little to tell."), verdict


def test_which_feet_are_watched_too_briefly():
    from monitor.analysis.watched import briefly_watched

    assert briefly_watched(_runs(360.0), 300.0) == {}
    assert briefly_watched(_runs(340.0), 300.0) == {}  # 20 s less: a hole, not a foot unwatched
    assert briefly_watched(_runs(5.0), 300.0) == {"right": (5.0, 5.0, (), 355.0)}  # then 355 s silent
    # 5:30 of data, the other foot watched for 54:30 more: still a warning's worth of load on it
    assert briefly_watched({"left": ((0.0, 3600.0),), "right": ((0.0, 330.0),)}, 300.0) == {}
    # 2:00 of 6:00, in holes to the end: no warning could come on it; it did not stop
    assert briefly_watched({"left": ((0.0, 360.0),), "right": ((0.0, 60.0), (300.0, 360.0))}, 300.0) == \
        {"right": (120.0, None, ((60.0, 300.0),), 0.0)}
    # a session too short to tell names the foot too (tests/test_brief_foot_short_session.py)
    assert briefly_watched({"left": ((0.0, 200.0),), "right": ((0.0, 5.0),)}, 300.0) == \
        {"right": (5.0, 5.0, (), 195.0)}
    assert advise([], FEET, RUNNING, data_s=360.0, warn_after_s=300.0, data_runs=_runs(358.0)).verdict == \
        "Verdict: no sustained forefoot load found."


@lru_cache(maxsize=None)
def _run_whose_right_insole_stopped_at_5_s():
    session = offline_session("healthy-run", duration_s=360.0, seed=1, rate_hz=50)
    f = session.frames
    session.frames = f[~((f["foot"].astype(str) == "right") & (f["t_s"] > 5.0))].reset_index(drop=True)
    return analyze(session)


def test_analyze_names_the_foot_in_the_verdict_and_its_line():
    text = analysis_text(_run_whose_right_insole_stopped_at_5_s())
    lines = text.splitlines()
    assert lines[0].startswith("Verdict: no sustained forefoot load found on the left foot; the right foot sent "
                               "only 0:05 of data, none after 0:05"), lines[0]
    right = next(ln for ln in lines if ln.startswith("right: "))
    assert right.endswith("no warning in its 0:05 of data"), right  # its silence: in the Note, once
    assert any(ln.startswith("Note: right insole silent from 0:05 to the end: ") for ln in lines), lines
    left = next(ln for ln in lines if ln.startswith("left: "))
    assert left.endswith(", no warning"), left


def test_a_foot_with_a_warnings_worth_of_data_or_a_short_dropout_is_not_named():
    """`--duration 11m --fault drop:right@3m+310s` named "the right foot sent only 5:47 of data" (more than the
    5:00 a warning needs), and `--duration 303s --fault drop:right@60s+3s` "the right foot sent only 4:57 of
    data, too little to tell": a foot is named only when it had less than a warning's worth and at least
    BRIEF_MARGIN_S less than the other."""
    from monitor.analysis.watched import briefly_watched

    assert briefly_watched({"left": ((0.0, 660.0),), "right": ((0.0, 180.0), (490.0, 660.0))}, 300.0) == {}
    assert briefly_watched({"left": ((0.0, 303.0),), "right": ((0.0, 60.0), (63.0, 303.0))}, 300.0) == {}
    assert advise([], FEET, RUNNING, data_s=303.0, warn_after_s=300.0,
                  data_runs={"left": ((0.0, 303.0),), "right": ((0.0, 60.0), (63.0, 303.0))}).verdict == \
        "Verdict: no sustained forefoot load found."


def test_a_hole_in_a_briefly_watched_foot_is_said():
    """The data that stopped at 1:00 and came back at 5:00 were said "none after 5:40", as though the foot had
    sent data up to then."""
    runs = {"left": ((0.0, 360.0),), "right": ((0.0, 60.0), (300.0, 340.0))}
    assert advise([], FEET, RUNNING, data_s=360.0, warn_after_s=300.0, data_runs=runs).verdict == (
        "Verdict: no sustained forefoot load found on the left foot; the right foot sent only 1:40 of data, "
        "no data from 1:00 to 5:00, none after 5:40, too little to tell.")
    late = {"left": ((0.0, 360.0),), "right": ((200.0, 360.0),)}  # joined at 3:20: a hole from the start
    assert advise([], FEET, RUNNING, data_s=360.0, warn_after_s=300.0, data_runs=late).verdict.endswith(
        "the right foot sent only 2:40 of data, no data from 0:00 to 3:20, too little to tell.")


def test_analyze_json_names_the_foot_too():
    import json
    from pathlib import Path

    import jsonschema

    root = Path(__file__).resolve().parents[1]
    out = _run_whose_right_insole_stopped_at_5_s().to_json_dict()
    schema = json.loads((root / "docs" / "analyze-json.schema.json").read_text())
    jsonschema.validate(json.loads(json.dumps(out)), schema)
    (right,) = out["briefly_watched"]
    assert right["foot"] == "right" and 4.5 < right["data_s"] <= 5.0 and right["stopped_s"] == right["data_s"], right
    assert right["holes"] == [] and right["words"] == "the right foot sent only 0:05 of data, none after 0:05, " \
                                                      "too little to tell", right
