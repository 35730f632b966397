"""A rider's kept normal judges a session only where it holds the session's activity: a runner's kept normal
leaves an elliptical session judged against its own first minutes, as a session with no kept normal is, and
every place that speaks of it (the live start line, the verdict, the line under it, the progress line) says
which normal judged the session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_judged_against_json import KEPT_BEFORE
from test_judged_progress import as_clause

from monitor.analysis.batch import analyze
from monitor.analysis.compare import Thresholds
from monitor.analysis.compare_caveats import comparison_caveats
from monitor.analysis.compare_facts import SessionFacts
from monitor.cli.main import main
from monitor.report.data import report_data
from monitor.report.html import _verdict_section
from monitor.report.text import analysis_text
from monitor.report.verdict_data import verdict
from monitor.session.offline import offline_session
from monitor.session.riders import save_rider_baseline
from monitor.signal.baseline import ActivityBaseline, RiderBaseline

ROOT = Path(__file__).resolve().parents[1]
ON_VIRTUAL_CLOCK = [sys.executable, str(Path(__file__).resolve().parent / "virtual_clock.py")]
FEET = ("left", "right")
FIRST_MINUTES = ("; it showed in the first minutes, which a session without a kept normal of your own takes as "
                 "normal, so time alone does not make it a warning: if a foot goes numb, try what is suggested.")


def _kept(activity: str) -> RiderBaseline:
    """A kept normal of ``activity`` alone, on both feet (its values a guess: the rule reads only which
    activities it holds)."""
    return RiderBaseline({foot: {activity: ActivityBaseline(30, ml_index=0.0, forefoot_share=0.5)} for foot in FEET})


@pytest.fixture(scope="module")
def elliptical():
    """A 4-minute elliptical session leaning forward: an early sign in its first minutes."""
    return offline_session("elliptical-leaning", duration_s=240, seed=1)


def test_a_kept_normal_of_another_activity_judges_as_none_kept(elliptical):
    # had: kept_normal=True for any baseline given, so a runner's elliptical session was told "no warning
    # followed in the 2:50 of data after it" where the same session without --rider says it was taken as normal
    alone = analyze(elliptical)
    runner = analyze(elliptical, baseline=_kept("running"))
    assert not runner.kept_normal
    assert alone.advice().verdict.endswith(FIRST_MINUTES), alone.advice().verdict
    assert runner.advice().verdict == alone.advice().verdict
    assert [(a.foot, a.level, a.t_s) for a in runner.alerts] == [(a.foot, a.level, a.t_s) for a in alone.alerts]
    known = analyze(elliptical, baseline=_kept("elliptical"))  # a declared machine's own (test_machine_normals)
    assert known.kept_normal
    assert not known.advice().verdict.endswith(FIRST_MINUTES)


def test_the_line_under_the_verdict_says_which_normal_judged_the_session(elliptical):
    # had: only a progress line on stderr named the normal; the analysis text and the report did not
    said = {
        None: "Judged against this session's first minutes (no normal kept for ana yet).",
        "running": "Judged against this session's first minutes: ana's kept normal is of runs, none of "
                   "elliptical sessions.",  # the activity as declared, not its class
        "elliptical": "Judged against ana's normal kept from earlier elliptical sessions.",
    }
    for activity, line in said.items():
        result = analyze(elliptical, baseline=None if activity is None else _kept(activity), rider="ana")
        text = analysis_text(result).splitlines()
        assert text[0].startswith("Verdict: ") and text[1] == line, text[:2]
        v = verdict(result, FEET)
        assert v.headline == text[0] and v.judged == line
    own = analyze(elliptical, baseline=_kept("elliptical"), normal_from_session=True)  # its baseline.json
    assert own.judged_words() == ("Judged against the rider's normal kept from earlier elliptical sessions (the "
                                  "live session's baseline.json).")


def test_the_report_says_under_its_verdict_which_normal_judged_it(elliptical):
    result = analyze(elliptical, baseline=_kept("running"), rider="ana")
    html = _verdict_section(report_data(elliptical, result))
    assert ('<p class="judged">Judged against this session&#x27;s first minutes: ana&#x27;s kept normal is of '
            'runs, none of elliptical sessions.</p>') in html


def test_live_with_a_rider_kept_for_another_activity_says_the_first_minutes_are_its_normal(tmp_path,
                                                                                           monkeypatch):
    # had: "rider ana: its normal from earlier sessions" though ana's kept normal is of runs only
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    save_rider_baseline("ana", _kept("running"))

    def rider_lines(scenario: str) -> list[str]:
        proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", scenario, "--speed", "40", "--duration", "30s",
                               "--out", str(tmp_path / "sessions"), "--plain", "--no-sound", "--no-report",
                               "--rider", "ana"], capture_output=True, text=True, timeout=600, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})  # this tree's code
        assert proc.returncode == 0, proc.stderr
        return [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("rider ana:")]

    assert rider_lines("elliptical-leaning")[0] == (
        "rider ana: no earlier elliptical sessions (its kept normal is of runs): this session's first minutes "
        "are taken as its normal")
    assert rider_lines("healthy-run")[0] == "rider ana: its normal from earlier runs"


def test_analyze_with_a_kept_normal_of_another_activity_says_so_on_its_progress_line(tmp_path, monkeypatch,
                                                                                       capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    save_rider_baseline("ana", _kept("running"))
    sample = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", sample)
    (sample / "params.json").write_text("{}")  # as a live session keeps: its progress line is said
    assert main(["analyze", str(sample), "--rider", "ana"]) == 0
    out = capsys.readouterr()
    # had: "judging against rider ana's kept normal", a normal of runs for a ride
    assert out.out.splitlines()[1] == ("Judged against this session's first minutes: ana's kept normal is of "
                                       "runs, none of rides.")
    assert out.err.rstrip().endswith(as_clause(out.out.splitlines()[1])), out.err  # in the verdict's words


def test_rider_words_speak_of_sessions_not_rides(tmp_path, monkeypatch, capsys):
    # had: "judge the ride ... earlier rides" and "ride with `solewatch live --rider bob` first", for runners too
    with pytest.raises(SystemExit):
        main(["live", "--help"])
    helped = " ".join(capsys.readouterr().out.split())
    assert "judge the session against this rider's normal from earlier sessions of its activity" in helped
    assert "earlier rides" not in helped
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    assert main(["analyze", str(ROOT / "sessions" / "samples" / "sim-healthy-ride"), "--rider", "bob"]) == 2
    err = capsys.readouterr().err
    assert "record a session with `solewatch live --rider bob` first" in err and "ride with" not in err, err


def test_a_comparison_names_activities_in_words_not_labels(elliptical):
    # had: "(running before, elliptical_or_stair after)" and "Before: A (elliptical_or_stair, 4:00)"
    from monitor.report.compare_section import _session_line

    layouts = dict(elliptical.info.layouts)

    def facts(sid: str, activity: str) -> SessionFacts:
        return SessionFacts(sid, dict.fromkeys(FEET, activity), 240.0, dict.fromkeys(FEET, 0.0), layouts,
                            dict.fromkeys(FEET, 100))

    before, after = facts("A", "running"), facts("B", "elliptical_or_stair")
    caveats = comparison_caveats(before, after, FEET, [], Thresholds())
    assert any("(run before, elliptical or stair climber after)" in c for c in caveats), caveats
    assert not any("elliptical_or_stair" in c or "running" in c for c in caveats), caveats
    assert _session_line("Before", after) == "Before: B (elliptical or stair climber, 4:00)"
    assert not any("activity" in c for c in comparison_caveats(before, facts("C", "running"), FEET, [],
                                                                Thresholds()))


@pytest.fixture(scope="module")
def left_only():
    """A normal kept for the left foot only, as a `live --rider` ride with one insole keeps: the left foot's
    normal of a 10-minute healthy ride."""
    healthy = analyze(offline_session("healthy-ride", duration_s=600))
    return RiderBaseline({"left": healthy.baseline.feet["left"]})


def test_a_normal_kept_for_one_foot_judges_that_foot_and_the_words_say_each_foots(left_only):
    # had: kept_normal False for the whole session, so the left foot's sign, judged against ann's kept normal,
    # was said as "showed in the first minutes ... takes as normal", and the line under the verdict read
    # "ann's kept normal is of rides, none of rides"
    cleat = offline_session("cleat-forward", duration_s=240, seed=1)
    result = analyze(cleat, baseline=left_only, rider="ann")
    assert {a.foot for a in result.alerts} == {"left", "right"}  # an early sign on both feet, at 1:10
    headline = result.advice().verdict
    assert not headline.endswith(FIRST_MINUTES) and headline.endswith("; a longer session would tell."), headline
    line = ("Judged per foot: left foot against ann's normal kept from earlier rides; right foot against this "
            "session's first minutes (none kept for it).")
    text = analysis_text(result).splitlines()
    assert text[:2] == [headline, line], text[:2]
    assert verdict(result, FEET).judged == line
    assert result.kept_feet == {"left": True, "right": False} and not result.kept_normal
    assert analyze(offline_session("healthy-ride", duration_s=600), baseline=left_only,
                   rider="ann").judged_words() == line
    assert analyze(cleat).advice().verdict.endswith(FIRST_MINUTES)  # no kept normal: both feet's taken as normal


def test_a_sign_on_a_foot_judged_against_its_kept_normal_is_not_taken_as_normal():
    from monitor.analysis.advice import advise
    from monitor.analysis.alerts import Alert

    def notice(foot: str, t_s: float) -> Alert:
        return Alert(t_s, foot, "alert", "notice", "mth2_3", "focal_mth", "cleat too far forward")

    both = [notice("left", 70.0), notice("right", 70.0)]
    cycling = dict.fromkeys(FEET, "cycling")

    def said(learnt_s) -> str:
        return advise(both, FEET, cycling, data_s=240.0, warn_after_s=300.0, learnt_s=learnt_s).verdict

    assert said(300.0).endswith(FIRST_MINUTES)
    assert said({"left": 300.0, "right": 300.0}) == said(300.0)
    assert said({"left": None, "right": 300.0}).endswith("; a longer session would tell.")
    right = [notice("right", 70.0)]
    assert advise(right, FEET, cycling, data_s=240.0, warn_after_s=300.0,
                  learnt_s={"left": None, "right": 300.0}).verdict.endswith(FIRST_MINUTES)


def test_the_start_and_progress_lines_name_each_foots_normal_where_one_foot_is_kept(left_only, tmp_path,
                                                                                    monkeypatch, capsys):
    from monitor.cli.judged_against import rider_start_line

    # had: "rider ann: no earlier rides (its kept normal is of rides): this ride's first minutes are taken as
    # its normal", though the left foot rides against ann's normal
    assert rider_start_line("ann", left_only, "cycling", FEET) == (
        "rider ann: its normal from earlier rides on the left foot; on the right foot (none kept for it) this "
        "ride's first minutes are taken as its normal")
    assert rider_start_line("ann", left_only, "cycling", ("left",)) == "rider ann: its normal from earlier rides"
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    save_rider_baseline("ann", left_only.stamped(KEPT_BEFORE))  # kept by an earlier ride
    sample = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", sample)
    (sample / "params.json").write_text("{}")  # as a live session keeps: its progress line is said
    assert main(["analyze", str(sample), "--rider", "ann"]) == 0
    out = capsys.readouterr()
    # had: "the session's first minutes as its normal (rider ann's kept normal has none of its activity)"
    assert out.out.splitlines()[1].startswith("Judged per foot: left foot against ann's normal kept from earlier "
                                              "rides; right foot"), out.out
    assert out.err.rstrip().endswith(as_clause(out.out.splitlines()[1])), out.err  # in the verdict's words


def test_the_start_line_of_an_undeclared_session_names_the_normal_of_the_activity_it_proves_to_be():
    """Not declared, a session is judged against the kept normal of the activity it is recognised as, one
    activity's: had "rider ann: its normal from earlier rides and runs; ...", which read as one normal of rides
    and runs together judging it, whatever it proved to be."""
    from monitor.cli.judged_against import rider_start_line

    both = _kept("cycling").merged(_kept("running"))
    assert rider_start_line("ann", both, None, FEET) == (
        "rider ann: its normal of the activity it is recognised as, from earlier rides or runs; another "
        "activity's is learnt from its first minutes")
    assert rider_start_line("ann", both, "unknown", FEET) == rider_start_line("ann", both, None, FEET)
    # one activity kept: its normal, as before
    assert rider_start_line("ann", _kept("running"), None, FEET) == (
        "rider ann: its normal from earlier runs; another activity's is learnt from its first minutes")
    # the feet's normals kept at different times: each foot's, the activities each holds
    right = RiderBaseline({"left": both.feet["left"],
                           "right": _kept("cycling").stamped("2099-01-01T00:00:00Z").feet["right"]})
    assert rider_start_line("ann", right, None, FEET, "2026-12-06T23:12:10Z") == (
        "rider ann: its normal of the activity it is recognised as, from earlier rides or runs on the left foot, "
        "from other rides on the right foot; another activity's is learnt from its first minutes")
    # declared: the declared activity's normal alone, as before
    assert rider_start_line("ann", both, "running", FEET) == "rider ann: its normal from earlier runs"
