"""A window that ends within one foot's stale silence is judged alone on both feet, by its time, whether the
silence is known before the window comes (analyze) or only once the data-stale event is raised (live,
replay): so a dropout of one foot gives the other foot's warnings at the same time in all three, and a sign
on the other foot stays that foot's only."""

from __future__ import annotations

import asyncio
from pathlib import Path

from test_brief_foot_summary import SPEED
from test_unilateral import STEP_S, _a
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.analysis.unilateral import UnilateralCheck
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.replay import replay_session
from monitor.live.session import run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary_verdict import summary_advice
from monitor.signal.params import DEFAULT_PARAMS

N = 40  # steps of STEP_S
SINCE_S, BACK_S = 19.5 * STEP_S, 22.5 * STEP_S  # the left foot's silence: windows of steps 20-22 end in it


def _feet() -> dict[str, list]:
    """Each foot's assessments at steps 1..N, the left's MTH4-5 1.5 x the right's."""
    return {f: [_a(f, k * STEP_S, 1.5 if f == "left" else 1.0) for k in range(1, N + 1)] for f in ("left", "right")}


def _per_foot(out: list) -> dict[str, list[tuple]]:
    return {f: [(b.t_s, b.level, b.pattern) for b, _ in out if b.foot == f] for f in ("left", "right")}


def _known_before() -> dict[str, list[tuple]]:
    """As analyze: the silence known first, the feet's assessments in time order."""
    check, feet = UnilateralCheck(("left", "right"), DEFAULT_PARAMS), _feet()
    check.absent("left", SINCE_S)
    check.back("left", BACK_S)
    out = []
    for a in sorted(feet["left"] + feet["right"], key=lambda a: (a.t_s, a.foot != "left")):
        out += check.feed(a, "cycling")
    return _per_foot(out + check.flush())


def _said_late(stale_after: int) -> dict[str, list[tuple]]:
    """As live: the right foot's windows go on; the data-stale event comes after the right foot's window of
    step 20 + ``stale_after``; the left foot's windows of the silence come once its data is back."""
    check, feet = UnilateralCheck(("left", "right"), DEFAULT_PARAMS), _feet()
    left, right = feet["left"], feet["right"]
    out = []
    for k in range(19):
        out += check.feed(left[k], "cycling") + check.feed(right[k], "cycling")
    for k in range(19, 22):  # steps 20-22
        out += check.feed(right[k], "cycling")
        if k == 19 + stale_after:
            out += check.absent("left", SINCE_S)
    check.back("left", BACK_S)
    for k in range(19, N):
        out += check.feed(left[k], "cycling")
        if k >= 22:
            out += check.feed(right[k], "cycling")
    return _per_foot(out + check.flush())


def test_a_silence_known_before_or_said_late_gives_the_same_assessments():
    want = _known_before()
    for stale_after in (0, 1, 2):
        assert _said_late(stale_after) == want, stale_after
    assert any(level == "warning" for _, level, _ in want["left"])  # the comparison goes on after the silence
    assert [lv for t, lv, _ in want["right"] if SINCE_S < t <= BACK_S] == ["none"] * 3  # judged alone


def test_windows_before_and_after_the_silence_are_still_paired():
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    check.absent("left", SINCE_S)
    check.back("left", BACK_S)
    assert check.feed(_a("left", 19 * STEP_S, 1.0), "cycling") == []  # waits for the right foot's
    assert len(check.feed(_a("right", 19 * STEP_S, 1.0), "cycling")) == 2
    assert len(check.feed(_a("right", 20 * STEP_S, 1.0), "cycling")) == 1  # in the silence: alone
    assert check.feed(_a("right", 23 * STEP_S, 1.0), "cycling") == []  # after it: waits again


async def _one_sided_ride_whose_left_insole_drops(out: Path):
    async with simulated_insoles("one-sided", speed=SPEED, seed=1, faults=["drop:left@200s+20s"]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        return await run_live(link, sim.meta, duration_s=480.0, out_dir=out)


def _first(alerts, foot: str) -> float | None:
    return next((a.t_s for a in alerts if a.foot == foot and a.kind == "alert" and a.level == "warning"), None)


def test_a_dropout_of_one_foot_gives_the_other_foots_warning_at_the_same_time_live_replay_and_analyze(tmp_path):
    live = run_on_virtual_clock(_one_sided_ride_whose_left_insole_drops(tmp_path))
    assert any(d.alert.kind == "data_stale" and d.alert.foot == "left" for d in live.delivered)
    batch = analyze(load_session(live.record.path))
    replay = asyncio.run(replay_session(live.record.path))
    at = batch.feet["right"].summary()["first_warning_s"]
    assert at is not None and at == _first(batch.alerts, "right")
    assert _first([d.alert for d in live.delivered], "right") == at
    assert _first(replay.alerts, "right") == at
    assert live.pipeline["right"]["first_warning_s"] == at
    verdict = batch.advice().verdict  # the left foot sent 7:40 of 8:00: the sign is the right foot's only
    assert "right foot only" in verdict and summary_advice(live).verdict == verdict, verdict
