"""A mark on a foot whose data were on their way says nothing of a silence: at 20x a pause of a twentieth of a
second in the host's delivery is a second of session time, so a foot's notifications held back for 0.06 s of
host time, then delivered at once, had sent "no data" at a mark in that pause by the data received so far,
though the foot's frames cover the mark's time. The mark's data check allows for delivery at the session's
speed (monitor.analysis.marks.delivery_allowance_s); a foot that really sent nothing still says so, live and
in the replay alike.

`live --sim one-sided --speed 20 --duration 8m --fault drop:right@280s+30s` with the `r` key at about 0:20
said "0:21 RIGHT NUMB NOW marked by the rider; the foot had sent no data since 0:19 (its load then unknown)",
its right frames arriving at 19.53 s as a burst, then none until 20.63 s (54 ms of host time), while
frames.parquet held right frames every 10 ms from 18.5 to 21.5 s and ``analyze`` said nothing of a silence.
"""

from __future__ import annotations

import asyncio

import pytest
from test_brief_foot_summary import QUICK_PARAMS
from virtual_clock import run_on_virtual_clock

from firmware_sim.bleak_backend import SimBleakClient
from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.replay import replay_session
from monitor.live.session import mark_numb, run_live
from monitor.live.simulated import simulated_insoles

pytestmark = pytest.mark.timeout(300)

SPEED = 20.0
HOLD_FROM_S, HOLD_TO_S = 19.5, 20.7  # session s (host s x SPEED) the right foot's notifications are held back
MARK_S = 20.6  # session s the right foot is marked, in the pause: 1.1 s after its last frame delivered


def hold_notifications(monkeypatch, started: list, speed: float, from_s: float, to_s: float,
                       foot: str | None = None) -> None:
    """The notifications of ``foot``'s insole (None: both) between ``from_s`` and ``to_s`` (session s of the link in
    ``started``, once its session started; host s x ``speed``) are delivered at ``to_s`` all at once, in order, as a
    host that paused reading them delivers them."""
    dispatch = SimBleakClient._dispatch
    held: list[tuple[SimBleakClient, int, bytes]] = []

    def release() -> None:
        while held:
            client, handle, value = held.pop(0)
            dispatch(client, handle, value)

    def holding(self, handle: int, value: bytes) -> None:
        now_s = started[0].host_s() * speed if started else -1.0
        ours = foot is None or (started and self.address == started[0].feet[foot].address)
        if started and ours and from_s <= now_s < to_s:
            if not held:
                asyncio.get_running_loop().call_later(to_s / speed - started[0].host_s(), release)
            held.append((self, handle, value))
            return
        dispatch(self, handle, value)

    monkeypatch.setattr(SimBleakClient, "_dispatch", holding)


def _hold_right_notifications(monkeypatch, started: list) -> None:
    """The right insole's notifications between HOLD_FROM_S and HOLD_TO_S are held back (:func:`hold_notifications`)."""
    hold_notifications(monkeypatch, started, SPEED, HOLD_FROM_S, HOLD_TO_S, "right")


async def _right_marked_at(out, mark_s: float, faults: list[str], started: list | None = None):
    """A live session of the one-sided ride whose right foot is marked at ``mark_s`` (session s); ``started``
    gets the link as its session starts."""
    async with simulated_insoles("one-sided", speed=SPEED, seed=1, faults=faults) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        start = link.on_session_start

        def starting() -> None:
            if start is not None:
                start()
            (started if started is not None else []).append(link)
            asyncio.get_running_loop().call_later(mark_s / SPEED, mark_numb, link, "right", "terminal")

        link.on_session_start = starting
        return await run_live(link, sim.meta, duration_s=40.0, out_dir=out, params=QUICK_PARAMS)


def _marks(summary) -> list:
    return [a for a in summary.alerts if a.kind == "rider_mark"]


def test_a_mark_in_a_pause_of_delivery_at_20x_says_no_silence_live_and_in_the_replay(tmp_path, monkeypatch):
    started: list = []
    _hold_right_notifications(monkeypatch, started)
    live = run_on_virtual_clock(_right_marked_at(tmp_path, MARK_S, [], started))
    frames = load_session(live.record.path).frames
    right_t = frames[frames.foot == "right"].t_s.to_numpy()
    assert ((right_t > MARK_S - 0.05) & (right_t < MARK_S + 0.05)).any()  # the foot's frames cover the mark
    replayed = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    for summary in (live, replayed):
        (mark,) = _marks(summary)
        assert mark.t_s == pytest.approx(MARK_S, abs=0.05) and mark.foot == "right"
        assert "no data" not in mark.message, mark.message
    (checked,) = analyze(load_session(live.record.path), params=QUICK_PARAMS).mark_checks()
    assert checked.no_data_since_s is None


def test_a_mark_on_a_foot_that_really_sent_nothing_still_says_since_when(tmp_path):
    live = run_on_virtual_clock(_right_marked_at(tmp_path, 27.0, ["drop:right@20s+15s"]))
    replayed = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    for summary in (live, replayed):
        (mark,) = _marks(summary)
        assert "; the foot had sent no data since 0:20 (its load then unknown)" in mark.message, mark.message


def test_the_allowance_is_the_hosts_pause_at_the_speed_and_none_at_real_time():
    from monitor.analysis.marks import delivery_allowance_s, unwatched_since_s
    from monitor.util.hostclock import LATE_WAKE_HOST_S

    assert delivery_allowance_s(1.0) == 0.0 and delivery_allowance_s(20.0) == pytest.approx(20 * LATE_WAKE_HOST_S)
    runs = {"right": ((0.0, 19.5),)}
    assert unwatched_since_s("right", 20.6, runs) == 19.5  # real time: more than 1 s after its newest reading
    assert unwatched_since_s("right", 20.6, runs, delivery_allowance_s(20.0)) is None
    assert unwatched_since_s("right", 21.6, runs, delivery_allowance_s(20.0)) == 19.5
    # a hole the foot's later data closed is a silence whatever the allowance
    assert unwatched_since_s("right", 21.0, {"right": ((0.0, 19.5), (23.0, 30.0))}, 1.0) == 19.5
