"""What a session was judged against is said the same in every view, and left out by one rule.

`analyze --json` did not say which normal judged the session, though the text said it under the verdict
("Judged against sim's normal kept from earlier rides."): its ``judged_against`` now gives the kind of normal,
whose it is, the insole kind, and the ride that kept it, with the line itself, from the one
monitor.analysis.judged.Judged the text's line comes from.

A ride whose feet both sent data but had no sample from any metatarsal-head sensor (no foot analysed): analyze
and the report said nothing of a normal, while the end of live and replay said "Judged against this session's
first minutes ...", as they left the line out only where no foot sent data. One rule now (judged_any: no foot
analysed, nothing judged) leaves it out of all of them, and ``--json`` has ``judged_against`` null.

And FootPipeline.summary() says ``analysed``, as ``result.feet[foot].analysed`` and ``--json`` do.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from test_analyze import SAMPLES, _validate
from test_dead_sensor import MTH_COLUMNS, tight_shoes
from test_sensor_gaps_live import _summary, _without_right_mth
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.live.replay import replay_session
from monitor.live.summary import replay_text, summary_text
from monitor.report.verdict_data import verdict
from monitor.session.offline import offline_session
from monitor.session.riders import save_rider_baseline
from monitor.signal.baseline import RiderBaseline

pytestmark = pytest.mark.timeout(600)


def _analyze(capsys, *args: str) -> tuple[str, dict]:
    """`analyze ARGS`'s line under the verdict ("" for none) and `analyze --json ARGS`'s document."""
    capsys.readouterr()
    assert main(["analyze", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert main(["analyze", "--json", *args]) == 0
    doc = json.loads(capsys.readouterr().out)
    _validate(doc)
    return next((ln for ln in lines[1:2] if ln.startswith("Judged")), ""), doc


#: When the ride that kept a test's rider normal started (ActivityBaseline.kept_utc): before every session the
#: tests judge against it, so it is "kept from earlier rides" (monitor.analysis.normal_words.kept_when).
KEPT_BEFORE = "2000-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def sim_normal():
    """What the simulated rider's healthy ride keeps as their normal, kept by a ride before every session."""
    return monitor.analyze(offline_session("healthy-ride", duration_s=7 * 60, seed=2)).baseline.stamped(KEPT_BEFORE)


def test_the_json_says_the_first_minutes_judged_a_session_with_no_kept_normal(capsys):
    line, doc = _analyze(capsys, str(SAMPLES / "sim-cleat-forward"))
    assert line.startswith("Judged against this session's first minutes (no kept normal")
    first = {"normal": "first_minutes", "kept_by": None, "caution": None}
    assert doc["judged_against"] == {"normal": "first_minutes", "source": None, "rider": None, "insole": "solewatch",
                                     "kept_for": [], "kept_now": False, "feet": {"left": first, "right": first},
                                     "line": line}


def test_the_json_says_the_riders_kept_normal_judged_it(tmp_path, monkeypatch, capsys, sim_normal):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("sim", sim_normal)
    line, doc = _analyze(capsys, str(SAMPLES / "sim-cleat-forward"), "--rider", "sim")
    assert line == "Judged against sim's normal kept from earlier rides."
    kept = {"normal": "kept", "kept_by": "earlier_sessions", "caution": None}
    assert doc["judged_against"] == {"normal": "kept", "source": "rider", "rider": "sim", "insole": "solewatch",
                                     "kept_for": [], "kept_now": False, "feet": {"left": kept, "right": kept},
                                     "line": line}


def test_the_json_says_a_normal_kept_for_other_insoles_judged_nothing(tmp_path, monkeypatch, capsys, sim_normal):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("sim", sim_normal)
    line, doc = _analyze(capsys, str(SAMPLES / "moticon-walk"), "--rider", "sim")
    judged = doc["judged_against"]
    assert judged["line"] == line and "none for Moticon insoles" in line
    assert (judged["normal"], judged["source"], judged["rider"]) == ("first_minutes", None, "sim")
    assert (judged["insole"], judged["kept_for"]) == ("moticon-udp", ["solewatch"])


def test_the_json_says_the_ride_that_kept_the_normal_judged_it_on_its_own_first_minutes(tmp_path, monkeypatch,
                                                                                         capsys):
    """The ride recorded for eve whose first minutes are eve's kept normal (as `live --rider eve` keeps it)."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = record_ride("ukaton", "healthy-ride", tmp_path / "sessions", seed=2, duration_s=420.0, rider="eve")
    save_rider_baseline("eve", monitor.analyze(monitor.load_session(path)).baseline)
    line, doc = _analyze(capsys, "--rider", "eve", str(path))
    assert line == "Judged against eve's normal kept from this ride's first minutes, as it was judged live."
    judged = doc["judged_against"]
    assert judged["line"] == line and (judged["normal"], judged["source"]) == ("kept", "rider")
    assert judged["feet"] == dict.fromkeys(("left", "right"), {"normal": "kept", "kept_by": "this_ride",
                                                               "caution": None})
    assert judged["insole"] == "ukaton"


def test_kept_now_says_the_ride_kept_the_normal_with_or_without_the_rider_named(tmp_path, monkeypatch, capsys):
    """`analyze RIDE --json` said ``kept_now: true`` of the ride whose first minutes are eve's kept normal, and
    `analyze RIDE --rider eve --json` ``kept_now: false``: it asked whether what the ride learnt against eve's
    normal (nothing) was kept, not what its first minutes give."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = record_ride("ukaton", "healthy-ride", tmp_path / "sessions", seed=2, duration_s=420.0, rider="eve")
    save_rider_baseline("eve", monitor.analyze(monitor.load_session(path)).baseline)
    assert _analyze(capsys, str(path))[1]["judged_against"]["kept_now"] is True
    assert _analyze(capsys, "--rider", "eve", str(path))[1]["judged_against"]["kept_now"] is True


def test_a_silent_foot_does_not_decide_where_the_kept_normal_was_made():
    """The right foot sent nothing (not analysed) yet was said "other" (another ride made its normal): the line
    said "kept from other rides" of the left foot, whose normal earlier rides made, as its JSON says."""
    from monitor.analysis.judged import judged_against

    judged = judged_against({"left": True, "right": False}, {"left": True, "right": True}, RiderBaseline({}),
                            "ana", {"left": "cycling", "right": "unknown"}, own={"right": "other"})
    assert judged.line == "Judged against ana's normal kept from earlier rides."
    assert judged.feet == {"left": {"normal": "kept", "kept_by": "earlier_sessions", "caution": None}}


def test_the_pipeline_summary_says_whether_the_foot_was_analysed():
    result = analyze(tight_shoes(*MTH_COLUMNS))  # the right foot's metatarsal heads empty
    assert {foot: s["analysed"] for foot, s in result.summary().items()} == {"left": True, "right": False}
    assert {foot: s["analysed"] for foot, s in result.to_json_dict()["summary"].items()} == \
        {"left": True, "right": False}


@pytest.fixture(scope="module")
def no_mth(tmp_path_factory):
    """The sim-cleat-forward sample whose both insoles sent "no reading" from every metatarsal-head sensor:
    both feet sent data, neither was analysed."""
    return _without_right_mth(tmp_path_factory.mktemp("both") / "no-mth", ("left", "right"))


def _judged(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("Judged")]


def test_feet_that_sent_data_but_were_not_analysed_were_judged_against_nothing(no_mth, capsys):
    for deferred in (False, True):  # had: "Judged against this session's first minutes (no kept normal; ...)."
        assert _judged(replay_text(asyncio.run(replay_session(no_mth, deferred=deferred)))) == []
    result = analyze(monitor.load_session(no_mth))
    assert not any(pipe.analysed for pipe in result.feet.values()) and not result.no_data
    assert result.judged() is None and result.to_json_dict()["judged_against"] is None
    line, doc = _analyze(capsys, str(no_mth))
    assert line == "" and doc["judged_against"] is None
    assert verdict(result, tuple(result.feet)).judged == ""  # the report's


def test_the_end_of_live_says_nothing_was_judged_where_no_foot_was_analysed(tmp_path):
    session = tight_shoes()
    for col in MTH_COLUMNS:  # both feet's metatarsal heads empty
        session.frames[col] = float("nan")
    # had: "Judged against this session's first minutes (no kept normal; ...)."
    assert _judged(summary_text(_summary(session, tmp_path, deferred=False))) == []
    assert analyze(session).judged_words() == ""


def test_the_end_of_live_still_says_what_judged_a_foot_that_was_analysed(tmp_path):
    session = tight_shoes(*MTH_COLUMNS)  # the right foot not analysed, the left judged
    said = _judged(summary_text(_summary(session, tmp_path, deferred=False)))
    assert said == [analyze(session).judged_words()] and said[0].startswith("Judged against")



def test_a_foot_not_analysed_is_not_said_judged_against_its_first_minutes():
    """The right foot had no metatarsal-head sample: against a normal kept for the left foot only, the line
    said "Judged per foot: left foot against the normal given ...; right foot against this session's first
    minutes (none kept for it)", a foot nothing judged; the JSON names no normal for it either."""
    session = tight_shoes(*MTH_COLUMNS)
    normal = analyze(tight_shoes()).baseline
    result = analyze(session, baseline=RiderBaseline({"left": normal.feet["left"]}, normal.insole))
    assert result.kept_feet == {"left": True, "right": False}
    judged = result.judged()
    assert judged.line == result.judged_words() == \
        "Judged against the normal given (baseline=), kept from earlier rides."
    assert judged.to_json()["feet"] == {"left": {"normal": "kept", "kept_by": "earlier_sessions", "caution": None}}
