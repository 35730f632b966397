"""A session judged against a rider's kept normal is said to be judged against one "kept from earlier rides"
only where the ride that kept it started before the session did: each kept normal holds that ride's start
(``kept_utc``); one kept by a later ride, or kept with no time, is "kept from other rides" (``kept_by``
``other_rides``, ``other_sessions``).

Had: ``analyze --rider cy`` of a session recorded at 23:12 said "Judged against cy's normal kept from earlier
rides." (``kept_by: earlier_sessions``) of a normal a ride at 23:16 kept.

The end of ``live`` and ``replay`` says it as the start line and analyze do. Had: "Judged against cy's normal
kept from earlier rides." at the end of a ride whose start line said "rider cy: its normal from other rides".

And a ride too short to keep a normal whose judged windows were a single one said "this run had none" (its
judged windows reach 0 s past the first): it says it had only that first window.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace

import pytest
from test_analyze import SAMPLES
from test_detector import window
from test_judged_against_json import sim_normal  # noqa: F401 - the fixture
from test_live import ON_VIRTUAL_CLOCK, ROOT

from monitor.analysis.judged import judged_against
from monitor.analysis.normal_words import kept_when
from monitor.cli.main import main
from monitor.cli.rider_kinds import keep_rider_normal
from monitor.live.summary import LiveSummary, RecordSummary
from monitor.live.summary_verdict import verdict_lines
from monitor.session.directory import read_info
from monitor.session.riders import load_rider_baseline, save_rider_baseline
from monitor.signal.baseline import ActivityBaseline, BaselineBuilder, RiderBaseline

pytestmark = pytest.mark.timeout(600)

SESSION = SAMPLES / "sim-cleat-forward"
START = "2026-12-06T23:12:10.568Z"  # the session's start_utc in the unit cases
FEET = {"left": "cycling", "right": "cycling"}


def _normal(kept_utc: str | None) -> RiderBaseline:
    return RiderBaseline({foot: {"cycling": ActivityBaseline(30, ml_index=-0.1, residual_fraction=0.05)}
                          for foot in FEET}, insole="solewatch").stamped(kept_utc)


@pytest.mark.parametrize("kept_utc, kept_by, words", [
    ("2026-12-06T23:01:00Z", "earlier_sessions", "earlier rides"),  # a ride before this one kept it
    ("2026-12-06T23:16:33.100Z", "other_rides", "other rides"),  # a ride after this one kept it
    (None, "other_sessions", "other rides"),  # kept with no time: not known to be an earlier ride
])
def test_the_line_says_earlier_rides_only_of_a_normal_kept_before_the_session(kept_utc, kept_by, words):
    normal = _normal(kept_utc)
    kept = normal.kept_feet(FEET)
    own = kept_when(kept, normal, FEET, START)
    judged = judged_against(dict.fromkeys(FEET, True), kept, normal, "cy", FEET, own=own)
    assert judged.line == f"Judged against cy's normal kept from {words}.", judged.line
    assert {v["kept_by"] for v in judged.feet.values()} == {kept_by}, judged.feet


def test_the_normal_kept_holds_when_its_ride_started_and_reads_back(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    line = keep_rider_normal("cy", _normal(None), 300.0, known=False, kept_utc="2026-12-06T23:16:33.100Z")
    assert line.startswith("rider cy: kept this ride's normal"), line
    kept = load_rider_baseline("cy")
    assert {b.kept_utc for acts in kept.feet.values() for b in acts.values()} == {"2026-12-06T23:16:33.100Z"}
    assert "kept_utc" not in json.dumps(_normal(None).to_dict())  # none known: left out, as files before it


def test_a_kept_utc_that_is_not_a_time_is_refused_naming_it():
    doc = _normal(None).to_dict()
    doc["feet"]["left"]["cycling"]["kept_utc"] = "yesterday"
    with pytest.raises(ValueError, match="feet.left.cycling: kept_utc must be an ISO 8601 time"):
        RiderBaseline.from_dict(doc)


def _analyze_json(capsys) -> dict:
    capsys.readouterr()
    assert main(["analyze", str(SESSION), "--rider", "sim", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["judged_against"]


def test_analyze_of_a_session_older_than_the_rides_that_kept_the_normal(tmp_path, monkeypatch, capsys,
                                                                        sim_normal):  # noqa: F811 - the fixture
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("sim", sim_normal.stamped("2099-01-01T00:00:00Z"))  # a ride after the session kept it
    later = _analyze_json(capsys)
    # had: "Judged against sim's normal kept from earlier rides." and kept_by earlier_sessions
    assert later["line"] == "Judged against sim's normal kept from other rides.", later["line"]
    assert {v["kept_by"] for v in later["feet"].values()} == {"other_rides"}
    save_rider_baseline("sim", sim_normal.stamped("2026-11-26T23:00:00Z"))  # one before it (started 23:12:11)
    earlier = _analyze_json(capsys)
    assert earlier["line"] == "Judged against sim's normal kept from earlier rides.", earlier["line"]
    assert {v["kept_by"] for v in earlier["feet"].values()} == {"earlier_sessions"}


def test_a_ride_with_a_single_judged_window_says_so_not_none():
    builder = BaselineBuilder(300.0)
    assert builder.judged_s() == 0.0 and not builder.judged_any()
    builder.add("running", window(50.0))
    assert builder.judged_s() == 0.0 and builder.judged_any()  # one window reaches 0 s past itself
    line = keep_rider_normal("cy", None, 300.0, known=False, word="run", judged_s=builder.judged_s(),
                             judged_any=builder.judged_any())
    # had: "...; this run had none)"
    assert line == ("rider cy: nothing kept of this run's normal (it takes 5:00 of judged windows of one activity, "
                    "from its first judged window; this run had only that first window)"), line
    assert keep_rider_normal("cy", None, 300.0, known=False, word="run", judged_s=0.0,
                             judged_any=False).endswith("this run had none)")


def test_a_normal_replaced_keeps_the_time_of_the_ride_that_replaced_it():
    old = _normal("2026-12-06T23:01:00Z")
    new = _normal("2026-12-06T23:16:33Z")
    assert old.merged(new).get("left", "cycling").kept_utc == "2026-12-06T23:16:33Z"
    assert replace(old.get("left", "cycling"), kept_utc=None).to_dict().keys() == \
        _normal(None).get("left", "cycling").to_dict().keys()


def _live(tmp_path, sim: str, duration: str, said: str = "rider cy:") -> list[str]:
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", sim, "--speed", "40", "--duration", duration,
                           "--out", str(tmp_path / "sessions"), "--plain", "--no-sound", "--no-report",
                           "--rider", "cy"], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(tmp_path / "cfg")})
    assert proc.returncode == 0, proc.stderr
    return [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith(said)]


def test_a_one_minute_live_run_with_one_judged_window_says_it_had_only_that_window(tmp_path):
    # had: "...; this run had none)"
    assert _live(tmp_path, "healthy-run", "1m")[-1] == (
        "rider cy: nothing kept of this run's normal (it takes 5:00 of judged windows of one activity, from its "
        "first judged window; this run had only that first window)")


def test_live_keeps_the_normal_with_its_sessions_start(tmp_path):
    said = _live(tmp_path, "healthy-ride", "7m")
    assert said[-1].startswith("rider cy: kept this ride's normal"), said
    (session,) = (tmp_path / "sessions").iterdir()
    kept = json.loads((tmp_path / "cfg" / "riders" / "cy.json").read_text())["normals"]["solewatch"]["feet"]
    assert {b.get("kept_utc") for acts in kept.values() for b in acts.values()} == {read_info(session).start_utc}


def test_a_normal_with_no_time_that_the_sessions_live_run_judged_against_is_an_earlier_rides():
    """had: a rider file written before normals held their time made `analyze --rider` of a ride that live had
    judged against that very normal say "kept from other rides" (live: "earlier rides"); the session's own
    baseline.json holding the same normal shows it was kept before the ride."""
    normal = _normal(None)
    kept = normal.kept_feet(FEET)
    assert kept_when(kept, normal, FEET, START, live=_normal(None)) == {}
    judged = judged_against(dict.fromkeys(FEET, True), kept, normal, "cy", FEET,
                            own=kept_when(kept, normal, FEET, START, live=_normal(None)))
    assert judged.line == "Judged against cy's normal kept from earlier rides.", judged.line
    other = RiderBaseline({foot: {"cycling": ActivityBaseline(30, ml_index=0.2, residual_fraction=0.05)}
                           for foot in FEET}, insole="solewatch")  # the live run judged against another normal
    assert kept_when(kept, normal, FEET, START, live=other) == {"left": "unknown", "right": "unknown"}


@pytest.mark.parametrize("kept_utc, words", [
    ("2026-12-06T23:01:00Z", "earlier rides"),  # a ride before this one kept it
    ("2026-12-06T23:16:33.100Z", "other rides"),  # stamped after this one started: a clock that was ahead
    (None, "earlier rides"),  # no time: the normal the live run judges against (its baseline.json), kept before it
])
def test_live_s_start_line_says_earlier_rides_only_where_analyze_will_say_so(kept_utc, words):
    """The start line of `live --rider cy` says where the normal was kept from as analyze says it of the
    session afterwards (its live run judged against the same normal, kept in its baseline.json)."""
    from monitor.cli.judged_against import rider_start_line

    normal = _normal(kept_utc)
    kept = normal.kept_feet(FEET)
    after = judged_against(dict.fromkeys(FEET, True), kept, normal, "cy", FEET,
                           own=kept_when(kept, normal, FEET, START, live=normal))
    assert after.line == f"Judged against cy's normal kept from {words}.", after.line
    # had: "earlier rides" whatever the time the normal was kept
    assert rider_start_line("cy", normal, "cycling", tuple(FEET), START) == f"rider cy: its normal from {words}"
    assert rider_start_line("cy", normal, None, tuple(FEET), START) == (
        f"rider cy: its normal from {words}; another activity's is learnt from its first minutes")
    one = RiderBaseline({"right": normal.feet["right"]}, "solewatch")
    assert rider_start_line("cy", one, "cycling", tuple(FEET), START).startswith(
        f"rider cy: its normal from {words} on the right foot; on the left foot (none kept for it)")


@pytest.mark.parametrize("kept_utc, words", [
    ("2026-12-06T23:01:00Z", "earlier rides"),  # a ride before this one kept it
    ("2026-12-06T23:16:33.100Z", "other rides"),  # stamped after this one started: a clock that was ahead
    (None, "earlier rides"),  # no time: the normal the live run judges against (its baseline.json), kept before it
])
def test_the_end_of_live_and_replay_says_where_the_normal_was_kept_from_as_the_start_line_does(
        tmp_path, kept_utc, words):
    from monitor.cli.judged_against import rider_start_line

    normal = _normal(kept_utc)
    pipeline = {foot: {"activity": a, "analysed": True} for foot, a in FEET.items()}
    s = LiveSummary(RecordSummary(tmp_path, 420.0, {}, 0, start_utc=START), [], pipeline, data_s=420.0,
                    normal=normal, rider="cy")
    assert rider_start_line("cy", normal, "cycling", tuple(FEET), START) == f"rider cy: its normal from {words}"
    # had: "earlier rides" whatever the time the normal was kept
    assert verdict_lines(s)[-1] == f"Judged against cy's normal kept from {words}.", verdict_lines(s)
    given = replace(s, rider=None, normal_given=True)  # a replay's caller's normal: no rider's, no time said
    assert verdict_lines(given)[-1].startswith("Judged against the normal given (baseline=)"), verdict_lines(given)


def test_a_live_ride_judged_against_a_normal_stamped_after_it_started_says_other_rides_as_analyze_does(
        tmp_path, monkeypatch, capsys, sim_normal):  # noqa: F811 - the fixture
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("cy", sim_normal.stamped("2099-01-01T00:00:00Z"))  # a clock that was ahead kept it
    said = _live(tmp_path, "healthy-ride", "30s", said=("rider cy:", "Judged against"))
    assert said[0] == "rider cy: its normal from other rides", said  # had: "rider cy: its normal from earlier rides"
    # its end said it as its start does (had: "Judged against cy's normal kept from earlier rides.")
    assert "Judged against cy's normal kept from other rides." in said, said
    (session,) = (tmp_path / "sessions").iterdir()
    capsys.readouterr()
    assert main(["analyze", str(session), "--rider", "cy"]) == 0
    assert "Judged against cy's normal kept from other rides." in capsys.readouterr().out.splitlines()


def test_live_s_start_line_of_an_activity_not_declared_says_each_foot_s_word_where_they_differ():
    """The feet's normals kept at different times: the left by a ride before this one, the right stamped after
    it started (a clock that was ahead). Declared or not, the start line says each foot's word."""
    from monitor.cli.judged_against import rider_start_line

    before, after = _normal("2026-12-06T23:01:00Z"), _normal("2026-12-06T23:16:33.100Z")
    normal = RiderBaseline({"left": before.feet["left"], "right": after.feet["right"]}, insole="solewatch")
    each = "earlier rides on the left foot, from other rides on the right foot"
    assert rider_start_line("cy", normal, "cycling", tuple(FEET), START) == f"rider cy: its normal from {each}"
    # had: "rider cy: its normal from other rides; ...", the right foot's word said of both
    assert rider_start_line("cy", normal, None, tuple(FEET), START) == (
        f"rider cy: its normal from {each}; another activity's is learnt from its first minutes")
    # alike: one word for both, as before
    assert rider_start_line("cy", before, None, tuple(FEET), START) == (
        "rider cy: its normal from earlier rides; another activity's is learnt from its first minutes")
