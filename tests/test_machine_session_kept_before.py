"""A stair-climber session recorded before the two stepping machines kept a normal each replays as it was
live: its own baseline.json holds the class's normal only (``elliptical_or_stair``), which its live run
judged it against, so replay and analyze judge it against that too (monitor.session.riders.session_baseline;
docs/detection.md, "The rider's own normal"). Had: replay learnt its normal from the first minutes and said
"Alerts: none" where the rider was warned of MTH2-3 on both feet at about 5:10."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.live.replay import replay_session
from monitor.session.offline import offline_session
from monitor.signal.baseline import RiderBaseline

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
CLASS = "elliptical_or_stair"


def _elliptical_normal() -> dict:
    """The rider's normal from a healthy elliptical session, per foot (ActivityBaseline)."""
    learnt = analyze(offline_session("healthy-elliptical", duration_s=7 * 60, seed=2)).baseline
    return {foot: next(iter(acts.values())) for foot, acts in learnt.feet.items()}  # its one activity


async def _live(out: Path, baseline: RiderBaseline):
    events_path = out / "live-events.jsonl"
    summary = await live_ride_async(out / "sessions", "stair-climber", speed=SPEED, seed=2, duration_s=6 * 60,
                                    channels=[], events_path=events_path, baseline=baseline)
    return summary.record.path, [json.loads(line) for line in events_path.read_text().splitlines()]


def _key(events) -> list[tuple]:
    return [(e["t_s"], e["foot"], e["kind"], e["level"], e["region"]) for e in events]


@pytest.fixture(scope="module")
def old_session(tmp_path_factory):
    """A live stair-climber session judged against the rider's elliptical normal, its baseline.json then
    written as sessions kept it before the machines were kept apart: the class's normal only."""
    out = tmp_path_factory.mktemp("kept-before")
    normal = _elliptical_normal()
    # judged against the elliptical normal whichever key the running code looks up
    given = RiderBaseline({foot: {CLASS: b, "stair_climber": b} for foot, b in normal.items()})
    path, events = run_on_virtual_clock(_live(out, given))
    (path / "baseline.json").write_text(json.dumps(
        RiderBaseline({foot: {CLASS: b} for foot, b in normal.items()}).to_dict(), indent=1) + "\n")
    return path, events


def test_an_old_machine_session_replays_as_it_was_live(old_session):
    path, live = old_session
    warned = [e for e in live if e["kind"] == "alert" and e["level"] in ("warning", "alert")]
    assert {e["foot"] for e in warned} == {"left", "right"}, live  # the elliptical normal read as a change
    replayed = run_on_virtual_clock(replay_session(path))
    assert _key(a.to_dict() for a in replayed.alerts) == _key(live)


def test_analyze_of_an_old_machine_session_judges_against_its_own_baseline(old_session, capsys):
    path, live = old_session
    assert main(["analyze", str(path), "--json"]) == 0
    out = capsys.readouterr()
    got = [(a["t_s"], a["foot"], a["level"], a["region"]) for a in json.loads(out.out)["alerts"]]
    assert got == [(round(e["t_s"], 3), e["foot"], e["level"], e["region"]) for e in live if e["kind"] == "alert"]
    assert "has none of its activity" not in out.err


def test_a_new_declared_machine_session_keeps_no_class_normal_it_did_not_use(tmp_path):
    """A declared machine session keeps in its baseline.json only what it could judge against, so that a
    class-only baseline.json is always one kept before (RiderBaseline.kept_with_session)."""
    b = _elliptical_normal()["left"]
    both = RiderBaseline({"left": {CLASS: b, "cycling": b}})
    assert both.kept_with_session("stair_climber").activities() == ["cycling"]
    assert both.kept_with_session("unknown").activities() == ["cycling", CLASS]
    assert both.kept_with_session("stair_climber").as_judged_live("stair_climber").activities() == ["cycling"]
    assert both.as_judged_live("elliptical").get("left", "elliptical") == b
