"""A declared activity is said as it was declared: the detector merges an elliptical and a stair climber
into one class (``elliptical_or_stair``, whose rules they share), but the person said "elliptical", and
the per-foot lines of ``analyze`` and the report say that word. ``analyze --json``'s ``activity`` keeps
the class (its schema's enum, docs/analyze-json.md)."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from live_ride import live_ride_async
from rich.console import Console

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.console_live import render_view
from monitor.live.summary import summary_text
from monitor.live.web.state import page_state
from monitor.report.text import foot_lines


def test_a_declared_elliptical_or_stair_climber_is_said_as_declared():
    """had: "left: elliptical or stair, ..." for a session declared elliptical (session.json's word)."""
    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    assert session.info.activity == "elliptical"
    result = analyze(session)
    assert [line.split(",")[0] for line in foot_lines(result)] == ["left: elliptical", "right: elliptical"]
    summary = result.to_json_dict()["summary"]
    assert {f: (s["activity"], s["activity_source"]) for f, s in summary.items()} == {
        "left": ("elliptical_or_stair", "declared"), "right": ("elliptical_or_stair", "declared")}
    stairs = analyze(session, activity="stair_climber")
    assert foot_lines(stairs)[0].startswith("left: stair climber, cadence 140 steps/min")
    assert stairs.declared_activity == "elliptical_or_stair"


def test_without_a_declared_activity_the_line_says_the_recognised_class():
    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    result = analyze(session, activity="unknown")  # recognise it
    assert result.declared_word is None
    assert foot_lines(result)[0].startswith("left: elliptical or stair climber,")  # as the summaries say it


def test_the_report_header_says_the_declared_word():
    """had: the header of a session declared elliptical read "left elliptical or stair, right ..."."""
    from monitor.report.data import report_data
    from monitor.report.html import render_html

    session = monitor.offline_session("elliptical-leaning", duration_s=30)
    data = report_data(session, analyze(session))
    header = render_html(data, {}).split("</header>")[0]
    assert "left elliptical, right elliptical" in header and "or stair" not in header
    assert {s["activity"] for s in data.summary.values()} == {"elliptical_or_stair"}  # the class, for the rules


@pytest.mark.looptime  # a virtual clock (tests/virtual_clock.py): the ride's views do not depend on the host
@pytest.mark.parametrize("declared, said, session", [
    (None, "elliptical", "of elliptical"),  # the scenario's own: session.json's "elliptical"
    ("stair_climber", "stair climber", "of stair climber"),  # `live --activity stair_climber`
])
async def test_a_live_session_declared_elliptical_or_stair_climber_is_said_as_declared(tmp_path, declared, said,
                                                                                          session):
    """had: the terminal and the phone view said "elliptical or stair" (the detector's class) of a live
    session declared "elliptical", and its end "Session: 0:30 of session"; the class stays for the rules."""
    speed = 40.0
    views = []
    summary = await live_ride_async(tmp_path, "elliptical-leaning", speed=speed, seed=1, duration_s=30.0,
                                    meta_changes=None if declared is None else {"activity": declared},
                                    on_view=views.append)
    view = views[-1]
    assert {f.activity for f in view.feet.values()} == {"elliptical_or_stair"}  # the rules' class
    console = Console(record=True, width=80, file=io.StringIO())
    console.print(render_view(view))
    screen = console.export_text()
    # the unit of the cycle the machine counts: an elliptical's strokes, a stair climber's steps
    unit = "strokes/min" if said == "elliptical" else "steps/min"
    assert re.findall(rf"│ ([a-z ]+) \d+ {unit}", screen) == [said, said] and "or stair" not in screen, screen
    assert {f["activity"] for f in page_state(view)["feet"].values()} == {said}
    head = summary_text(summary).splitlines()[0]
    assert head.startswith(f"Session: 0:30 {session}") and "of session" not in head, head


def test_the_caution_of_a_declared_elliptical_says_elliptical():
    """had: "the session is declared elliptical or stair, ... the analysis and advice are for elliptical or
    stair as declared" of a walk analysed with ``--activity elliptical``; JSON's ``declared`` keeps the class."""
    walk = monitor.offline_session("healthy-walk", duration_s=60)
    for word in ("elliptical", "stair_climber"):
        mismatch = analyze(walk, activity=word).declared_mismatch
        said = word.replace("_", " ")
        assert mismatch is not None and mismatch.note().startswith(f"the session is declared {said}, but")
        assert f"advice are for {said} as declared" in mismatch.note()
        assert "elliptical or stair" not in mismatch.note()
        assert mismatch.to_dict()["declared"] == "elliptical_or_stair"


def test_a_recording_of_an_elliptical_or_stair_climber_is_said_as_declared_in_its_notes(tmp_path, monkeypatch,
                                                                                        capsys):
    """had: `record --sim elliptical-leaning` whose insoles stopped sending noted "... of the 1:00 session"
    (the recorder's own word for the session), while the summaries said "of elliptical"."""
    import asyncio

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main
    from monitor.session.directory import load_session

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    for declared, word in ((None, "elliptical session"), ("stair_climber", "stair climber session")):
        out = tmp_path / (declared or "own")
        code = main(["record", "--sim", "elliptical-leaning", "--insole", "moticon-udp", "--speed", "30",
                     "--duration", "60s", "--fault", "stop:left@20s", "--fault", "stop:right@20s",
                     *(["--activity", declared] if declared else []), "--out", str(out), "--plain"])
        assert code == 0, capsys.readouterr()
        notes = load_session(next(out.iterdir())).info.notes
        assert notes == [f"the simulated insoles sent nothing after 0:20 of the 1:00 {word}"], notes


WORDS = {"cycling": "ride", "running": "run", "walking": "walk", "elliptical": "elliptical",
         "stair_climber": "stair climber"}


@pytest.mark.looptime
@pytest.mark.parametrize("activity", sorted(WORDS))
async def test_a_declared_activitys_own_label_is_not_said_again(tmp_path, activity):
    """had: "Session: 0:30 of stair climber (stairs, simulated at 40x)." of real insoles recorded with
    ``live --activity stair_climber`` (labelled "stairs", ACTIVITY_LABELS), and the replay's "(stairs, ...)"."""
    from monitor.cli.insoles import ACTIVITY_LABELS
    from monitor.live.replay import replay_session, replay_text

    assert set(WORDS) == set(ACTIVITY_LABELS)
    speed = 40.0
    meta_changes = {"activity": activity, "label": ACTIVITY_LABELS[activity]}  # as real insoles' meta
    summary = await live_ride_async(tmp_path, "elliptical-leaning", speed=speed, seed=1, duration_s=30.0,
                                    meta_changes=meta_changes)
    head = summary_text(summary).splitlines()[0]
    assert head == f"Session: 0:30 of {WORDS[activity]}, simulated at 40x.", head
    replayed = replay_text(await replay_session(summary.record.path)).splitlines()[0]
    assert replayed.startswith(f"Replay: 0:30 of {WORDS[activity]} (recorded at 40x), "), replayed


@pytest.mark.looptime
async def test_a_declared_activity_is_said_when_the_pipeline_recognised_nothing(tmp_path):
    """had: "Session: 0:20 of ride" of a 20-s ``live --activity running`` whose per-foot summary names no
    activity (none of its feet summed): the word ignored the declaration there and fell back to a ride.
    A foot's summary names the declared activity itself, so the summary is left without its feet here."""
    speed = 40.0
    summary = await live_ride_async(tmp_path, "healthy-run", speed=speed, seed=1, duration_s=20.0,
                                    meta_changes={"activity": "running", "label": "run"})
    assert summary_text(summary).splitlines()[0] == "Session: 0:20 of run, simulated at 40x."
    for pipeline in ({}, {foot: {**p, "activity": "unknown"} for foot, p in summary.pipeline.items()}):
        head = summary_text(replace(summary, pipeline=pipeline)).splitlines()[0]
        assert head == "Session: 0:20 of run, simulated at 40x.", head
    undeclared = replace(summary, pipeline={}, declared_word=None, label="")
    # nothing recognised nor declared: said so ("of session", activity_word's word for it, says nothing)
    assert summary_text(undeclared).startswith("Session: 0:20 with no activity recognised,"), summary_text(undeclared)


@pytest.mark.looptime  # a virtual clock (tests/virtual_clock.py): the ride's views do not depend on the host
async def test_an_undeclared_session_recognised_as_a_stepping_machine_says_so_at_its_end(tmp_path):
    """had: "Session: 0:30 of session" (and a replay's "Replay: 3:00 of session") of a session declared
    nothing whose feet were recognised on an elliptical or a stair climber: the class had no word."""
    speed = 40.0
    summary = await live_ride_async(tmp_path, "elliptical-leaning", speed=speed, seed=1, duration_s=30.0,
                                    meta_changes={"activity": "unknown"})
    assert {p["activity"] for p in summary.pipeline.values()} == {"elliptical_or_stair"}
    head = summary_text(summary).splitlines()[0]
    assert head.startswith("Session: 0:30 of elliptical or stair climber"), head


def test_feet_recognised_in_different_activities_are_each_said():
    """had: "Session: 1:00 of session" where the left foot was recognised running and the right walking."""
    from pathlib import Path

    from monitor.live.summary import LiveSummary, RecordSummary

    record = RecordSummary(Path("sessions"), 60.0, {}, 0)
    for feet, word in ((("running", "walking"), "run and walk"), (("running", "running"), "run"),
                       (("elliptical_or_stair", "unknown"), "elliptical or stair climber")):
        pipeline = {foot: {"activity": a} for foot, a in zip(("left", "right"), feet)}
        assert summary_text(LiveSummary(record, [], pipeline)).splitlines()[0] == f"Session: 1:00 of {word}."


@pytest.mark.looptime  # a virtual clock (tests/virtual_clock.py): the walk's views do not depend on the host
async def test_a_declared_walk_shows_no_relief_clock_from_its_first_view(tmp_path):
    """had: the first views of `live --activity walking`, before the detector's first window, said
    "relief - ago" (their activity "unknown", which keeps the clock), the later ones nothing of it: on foot
    every swing unloads the forefoot (docs/detection.md, "Gait")."""
    speed = 40.0
    views = []
    await live_ride_async(tmp_path, "healthy-walk", speed=speed, seed=1, duration_s=30.0,
                          meta_changes={"activity": "walking"}, on_view=views.append)
    first, last = views[0], views[-1]
    assert not any(f.cadence_per_min == f.cadence_per_min for f in first.feet.values())  # no window yet
    for view in (first, last):
        console = Console(record=True, width=80, file=io.StringIO())
        console.print(render_view(view))
        stats = [ln for ln in console.export_text().splitlines() if "forefoot" in ln]
        assert stats and not [ln for ln in stats if "relief" in ln], stats
        assert [f["relief_s"] for f in page_state(view)["feet"].values()] == [None, None]
        assert {f.activity for f in view.feet.values()} == {"walking"}  # the rules' class, as declared
