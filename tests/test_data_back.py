"""A foot whose insole stays connected but stops sending gets NO DATA once silent for ``stale_after_s``;
when its data come back the rider is told so ("DATA BACK ... after N s"), through every channel the NO DATA
went through (terminal line, events file, the phone view's state, the closing summary), and a replay of
the recording gives the same events. A silence shorter than ``stale_after_s`` says nothing. A warning that
stood before the silence stands again once the data are back: missing data relieve no forefoot.

The rides run on the simulated radio on a virtual clock (tests/virtual_clock.py), so the host's load
changes none of it; the silence is the left insole's firmware sending nothing over a span of its own time.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from known_rider import rider_normal
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.cli.console_live import format_event
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import EventsSink, TerminalChannel
from monitor.live.recorder import record_session
from monitor.live.replay import replay_session, replay_text
from monitor.live.session import link_haptic, run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import summary_text
from monitor.live.view import LiveView
from monitor.live.web.server import tells
from monitor.live.web.state import page_state
from monitor.signal.params import DEFAULT_PARAMS, AlertParams
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
STALE_AFTER_S = DEFAULT_PARAMS.alerts.stale_after_s  # 10 s
#: every field of an event line that does not depend on the wall clock or the channels (tests/test_replay.py)
FIELDS = ("t_s", "foot", "kind", "level", "region", "pattern", "cause", "suggestions", "suggestion_keys",
          "message")


async def _ride(out: Path, silent_s: tuple[float, float], duration_s: float = 60.0, *,
                scenario: str = "healthy-ride", foot: str = "left") -> SimpleNamespace:
    """A live ride of the simulator's ``scenario`` whose ``foot`` insole, its link up, sends nothing while its
    clock is in ``silent_s`` (start, end) simulated seconds."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send

    async def silent_for_a_while(self, packets):
        if self.side != foot or not silent_s[0] <= self.session_time_s() < silent_s[1]:
            await send(self, packets)

    out.mkdir(parents=True, exist_ok=True)
    events_path = out / "live-events.jsonl"
    SimInsole._send = silent_for_a_while
    try:
        async with simulated_insoles(scenario, speed=SPEED, seed=1, faults=[]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
            sink = EventsSink.open(events_path)
            views, notices, printed, bells = [], [], [], []

            def show(alert, bell):  # the live view's banner and bell (monitor.cli.commands)
                bells.append((alert.kind, bell))
                return True

            summary = await run_live(link, sim.meta, duration_s=duration_s, out_dir=out / "sessions",
                                     channels=[TerminalChannel(show), link_haptic(link)], events=sink,
                                     on_view=views.append,
                                     on_notice=notices.append,
                                     on_delivered=lambda d: printed.append(format_event(d.alert, d.delivered)),
                                     baseline=rider_normal(1))
            sink.close()
    finally:
        SimInsole._send = send
    lines = [json.loads(line) for line in events_path.read_text().splitlines()]
    return SimpleNamespace(path=summary.record.path, summary=summary, lines=lines, views=views,
                           notices=notices, printed=printed, bells=bells)


def _replay(path: Path, *, deferred: bool) -> list[dict]:
    async def go():
        sink_path = Path(path).parent.parent / f"replay-{time.monotonic_ns()}.jsonl"
        sink = EventsSink.open(sink_path)
        await replay_session(path, events=sink, deferred=deferred)
        sink.close()
        return [json.loads(line) for line in sink_path.read_text().splitlines()]

    return asyncio.run(go())


def _fields(lines: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(json.dumps(x[k]) for k in FIELDS) for x in lines]


def _kinds(lines: list[dict], foot: str) -> list[str]:
    return [x["kind"] for x in lines if x["foot"] == foot and x["kind"] in ("data_stale", "data_back")]


@pytest.fixture(scope="module")
def rides(tmp_path_factory):
    out = tmp_path_factory.mktemp("data-back")
    long = run_on_virtual_clock(_ride(out / "long", (20.0, 35.0)))  # 15 s: past stale_after_s
    brief = run_on_virtual_clock(_ride(out / "brief", (20.0, 25.0)))  # 5 s: below it
    return SimpleNamespace(long=long, brief=brief)


def test_a_foot_whose_data_are_stale_shows_no_numbers_from_before_until_they_are_back(rides):
    """While the left insole's NO DATA stands (its link up, nothing sent), the live view and the phone
    view's state show no cadence, relief clock or region peak for it (had: its last ones, as now); once its
    data are back they show again."""
    r = rides.long
    stale = [v for v in r.views if any(a is not None and a.foot == "left" and a.kind == "data_stale"
                                       for a in (v.current_alert, *v.others))]
    assert stale and all(v.feet["left"].connected and not v.feet["left"].lost for v in stale)
    for v in stale:
        left = page_state(v)["feet"]["left"]
        assert (left["cadence"], left["relief_s"]) == (None, None), (v.session_s, left)
        assert all(x["kpa"] is None for x in left["regions"].values()), (v.session_s, left["regions"])
        assert page_state(v)["feet"]["right"]["cadence"] is not None  # the other foot's data are there
    back = next(x["t_s"] for x in r.lines if x["foot"] == "left" and x["kind"] == "data_back")
    again = [page_state(v)["feet"]["left"] for v in r.views if v.session_s >= back + 12.0]
    assert again and all(x["cadence"] is not None and x["regions"]["mth2_3"]["kpa"] is not None for x in again)


def test_a_foot_silent_past_stale_after_s_is_no_data_then_data_back_live_and_in_replay(rides):
    r = rides.long
    assert _kinds(r.lines, "left") == ["data_stale", "data_back"]  # had: NO DATA, then nothing
    assert _kinds(r.lines, "right") == []
    stale, back = (x for x in r.lines if x["foot"] == "left" and x["kind"] in ("data_stale", "data_back"))
    t_s, pressure = load_session(r.path).foot_arrays("left")
    read = t_s[~np.isnan(pressure).all(axis=1)]  # frames with data (a filled gap's rows have none)
    last_s = float(read[read < stale["t_s"]][-1])  # the last before the silence
    assert round(last_s + STALE_AFTER_S, 3) == stale["t_s"] < back["t_s"]  # when the silence reached it
    assert 34.0 <= back["t_s"] <= 36.0, back  # the first frame after the silence
    silent_s = float(back["message"].split(" after ")[1].split(" s:")[0])
    assert 14.0 <= silent_s <= 16.0, back["message"]
    assert back["message"].startswith("DATA BACK from the left insole after ")
    assert back["level"] is None and back["suggestions"] == [] and back["delivered"] == ["terminal", "events"]
    assert ("data_stale", True) in r.bells and ("data_back", False) in r.bells  # an all-clear: no bell
    # the terminal's plain line, and the NO DATA gone from the view (what the phone view is sent)
    assert any("LEFT   DATA BACK  The left insole sends again after " in line and "its load is watched again" in line
               for line in r.printed)
    after = [v for v in r.views if v.session_s >= back["t_s"] + 1.0]
    assert after and all(a.kind != "data_stale" for v in after for a in (v.current_alert, *v.others) if a)
    # the closing summary counts it beside the NO DATA
    assert "left foot 1 data stale, 1 data back" in summary_text(r.summary)
    # a replay of the recording gives the same events, as fast as possible and batch by batch
    for deferred in (True, False):
        assert _fields(_replay(r.path, deferred=deferred)) == _fields(r.lines), deferred


def test_a_ride_with_no_data_and_no_alert_still_says_its_verdict_live_and_in_replay(rides):
    # had: "Alerts: left foot 1 data stale, 1 data back." and no word of the load, where solewatch analyze
    # says its verdict: NO DATA and DATA BACK are no alerts about load
    r = rides.long
    assert not any(x["kind"] == "alert" for x in r.lines), r.lines
    # 1:00 of ride, of data on the right foot, 0:45 on the left (silent 15 s): shorter than a warning's loaded
    # time (5:00); each foot's time said (tests/test_data_time_each_foot.py)
    verdict = ("Alerts: none in 1:00 of data (the left foot 0:45), too short to tell: a warning needs "
               f"{clock_text(r.summary.warn_after_s)} of sustained forefoot load.")
    events = "Events: left foot 1 data stale, 1 data back."
    lines = summary_text(r.summary).splitlines()
    assert verdict in lines and events in lines, lines
    # judged with a warning's loaded time of 20 s, the ride was long enough: none was found
    long_enough = replace(r.summary, warn_after_s=20.0)
    lines = summary_text(long_enough).splitlines()
    assert "Alerts: none; no sustained forefoot load was found." in lines and events in lines, lines
    replayed = replay_text(asyncio.run(replay_session(r.path))).splitlines()
    assert verdict in replayed and events in replayed, replayed


async def _recorded_ride(out: Path, silent_s: tuple[float, float], duration_s: float = 60.0) -> Path:
    """A ride recorded by ``solewatch record`` (no live monitor, so no stale-data checks in its raw log) whose
    left insole, its link up, sends nothing while its clock is in ``silent_s``; its session directory."""
    from firmware_sim.peripheral import SimInsole

    send = SimInsole._send

    async def silent_for_a_while(self, packets):
        if self.side != "left" or not silent_s[0] <= self.session_time_s() < silent_s[1]:
            await send(self, packets)

    SimInsole._send = silent_for_a_while
    try:
        async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=[]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
            summary = await record_session(link, sim.meta, duration_s=duration_s, out_dir=out)
    finally:
        SimInsole._send = send
    return summary.path


def test_a_replay_of_a_recording_without_checks_gives_no_data_and_data_back_where_live_would(tmp_path):
    # had: neither (a log without the live monitor's checks was checked once, at its end, after the silence)
    path = run_on_virtual_clock(_recorded_ride(tmp_path, (20.0, 35.0)))
    assert not (path / "params.json").exists()  # no live monitor: its log holds no checks
    t_s, pressure = load_session(path).foot_arrays("left")
    read = t_s[~np.isnan(pressure).all(axis=1)]
    for deferred in (True, False):
        lines = _replay(path, deferred=deferred)
        assert _kinds(lines, "left") == ["data_stale", "data_back"], (deferred, lines)
        assert _kinds(lines, "right") == []
        stale, back = (x for x in lines if x["kind"] in ("data_stale", "data_back"))
        last_s = float(read[read < stale["t_s"]][-1])  # the last data before the silence
        assert round(last_s + STALE_AFTER_S, 3) == stale["t_s"] < back["t_s"], (deferred, stale, last_s)
        assert 34.0 <= back["t_s"] <= 36.0, back
        assert back["message"].startswith("DATA BACK from the left insole after "), back


def test_docs_api_says_a_replay_of_a_recording_without_checks_checks_on_the_way():
    # the test above, in docs/api.md's words; they said such a replay checked "only at its end, which misses
    # a silence over by then"
    text = " ".join((Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8").split())
    start = text.index("a replay of a session recorded without analysis")
    said = text[start:text.index("```", start)]
    assert "only at its end" not in said and "misses a silence" not in said, said
    assert "monitor/live/replay_checks.py" in said and "NO DATA" in said and "DATA BACK" in said, said


def test_a_silence_shorter_than_stale_after_s_says_nothing(rides):
    r = rides.brief
    assert _kinds(r.lines, "left") == [] and _kinds(r.lines, "right") == []
    assert "data back" not in summary_text(r.summary)
    assert _fields(_replay(r.path, deferred=True)) == _fields(r.lines)


def test_the_warning_that_stood_before_the_silence_stands_again_once_the_data_are_back(tmp_path):
    # one-sided: the right foot is warned (focal MTH2-3) at 5:00; its insole then sends nothing for 20 s, and
    # the forefoot is not relieved before the ride's end (the first relief break is at 6:00). Once its data
    # are back, the warning stands again in the banner and on the phone (had: "no alert" and "Nothing to do:
    # ride on" to the end, while the policy, its level still raised, would not warn again for 10 minutes)
    r = run_on_virtual_clock(_ride(tmp_path, (310.0, 330.0), 360.0, scenario="one-sided", foot="right"))
    right = [(x["kind"], x["level"]) for x in r.lines if x["foot"] == "right"]
    assert right == [("alert", "notice"), ("alert", "warning"), ("data_stale", None), ("data_back", None)]
    warning, stale, back = (x for x in r.lines if x["foot"] == "right"
                            and (x["kind"] != "alert" or x["level"] == "warning"))
    assert warning["t_s"] < 310.0 < stale["t_s"] < back["t_s"]
    assert any(v.current_alert is not None and v.current_alert.kind == "data_stale" for v in r.views)
    after = [v for v in r.views if v.session_s >= back["t_s"] + 1.0]
    assert len(after) >= 10, [v.session_s for v in r.views[-3:]]
    for v in after:
        a = v.current_alert
        assert a is not None and (a.foot, a.kind, a.level, round(a.t_s, 3)) == \
            ("right", "alert", "warning", warning["t_s"]), (v.session_s, a)
        assert v.feet["right"].level == "warning", v.session_s
        state = page_state(v)
        assert state["banner"]["title"].startswith("WARNING right foot"), (v.session_s, state["banner"])
        assert (state["level"], state["banner"]["t_s"]) == ("warning", a.t_s)
        assert not state["todo"].startswith("Nothing to do"), state["todo"]
    # a replay of the recording gives the same events
    assert _fields(_replay(r.path, deferred=True)) == _fields(r.lines)
    # the summary counts the load's alerts apart from the data's events, which judge no load (had: "Alerts:
    # right foot 1 warning, 1 notice, 1 data stale, 1 data back.")
    said = summary_text(r.summary)
    assert "Alerts: right foot 1 warning, 1 notice." in said and "Events: right foot 1 data stale, 1 data back." \
        in said, said


def test_the_phone_view_tells_data_back_by_the_no_data_gone():
    stale = Alert(30.0, "left", "data_stale", None, message="NO DATA from the left insole for 10 s")
    back = Alert(35.0, "left", "data_back", None, message="DATA BACK from the left insole after 15.0 s: ...",
                 silent_s=15.0)
    still = LiveView(session_s=35.0, duration_s=None, feet={}, current_alert=stale)
    gone = LiveView(session_s=35.0, duration_s=None, feet={}, current_alert=None)
    assert not tells(still, back) and tells(gone, back)
    assert page_state(gone)["banner"] is None
    assert ("LEFT   DATA BACK  The left insole sends again after 15.0 s without data: its load is watched again"
            in format_event(back, ["terminal"]))


def test_data_from_before_the_no_data_that_come_after_it_are_back_no_earlier_and_no_shorter():
    # the left insole's data at 29.5 s reach the host after the check at 30.0 s gave NO DATA (dated 29.9 s,
    # its silence from 19.9 s reaching 10 s; radio delay):
    # their data-back event is not dated before the NO DATA, nor says a silence shorter than it did
    policy = AlertPolicy(AlertParams(stale_after_s=10.0))
    for foot, t_s in (("left", 0.0), ("right", 0.0), ("left", 19.9), ("right", 30.0)):
        policy.data(foot, t_s)
    (stale,) = policy.tick(30.0, sending=("right",))
    back = policy.data("left", 29.6, first_s=29.5)
    assert (stale.kind, back.kind) == ("data_stale", "data_back")
    assert back.t_s >= stale.t_s == 19.9 + 10.0  # when the silence reached stale_after_s, not the check's 30 s
    assert back.silent_s >= 10.0 and "after 10.0 s" in back.message, back.message
