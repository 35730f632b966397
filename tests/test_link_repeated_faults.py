"""Repeated faults on the BLE link (monitor.link.ble.PairLink) through the simulated insoles on the virtual
radio: a drop while a foot starts or reconnects, drops in quick succession, both feet at once, a stop
during a reconnection, an insole back changed (its rate, layout, battery, or restarted), two commands at
once. Each session's link events follow docs/session-format.md, no reconnection is left running at close,
and every frame that arrived is in the session.
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from monitor import load_session
from monitor.link.ble import FootLink, LinkConfig, PairLink, scan
from monitor.live.recorder import record_session
from monitor.live.simulated import simulated_insoles

pytestmark = [pytest.mark.timeout(300), pytest.mark.looptime]  # a virtual clock (tests/virtual_clock.py)

LINK_EVENTS = ("connected", "disconnected", "reconnected", "foot_lost")


async def _record(tmp_path, *, duration_s=30.0, speed=20.0, faults=(), config=None, during=None, stop=None):
    """A recorded session on the simulated insoles; ``during(sim, link)`` runs once the link is open (to
    patch in a fault of the test's own; awaited if it returns an awaitable); ``stop``: an asyncio.Event that
    stops the recording as Ctrl-C does. Returns the session, the insoles' counters, and the link's tasks
    still pending at close; ``_record.closed_at`` is the host time the recording returned."""
    async with simulated_insoles("healthy-ride", speed=speed, seed=3, faults=list(faults)) as sim:
        found = await scan(sim.backends, timeout_s=5.0, enough=2)
        link = PairLink(sim.backends, config or LinkConfig(speed=speed))
        await link.open([f.device for f in found])
        if during is not None:
            waited = during(sim, link)
            if waited is not None:
                await waited
        summary = await record_session(link, sim.meta, duration_s=duration_s, out_dir=tmp_path, stop=stop)
        _record.closed_at = asyncio.get_running_loop().time()
        pending = [t.get_name() for t in asyncio.all_tasks() if t.get_name().startswith("reconnect-")]
        pending += [t.get_name() for t in link._tasks]
        truth = {foot: ins.counters for foot, ins in sim.pair.insoles.items()}
    return load_session(summary.path), truth, pending


def _link_events(session, foot):
    return [e["event"] for e in session.events if e.get("foot") == foot and e["event"] in LINK_EVENTS]


def _check_order(names):
    """docs/session-format.md: a foot is up once `connected` or `reconnected`; `disconnected` only when up
    (or as the first event, a foot whose start failed); `reconnected` only when down; `foot_lost` at most
    once a drop."""
    up, lost = None, False
    for i, name in enumerate(names):
        if name == "connected":
            assert up is None, (i, names)
            up = True
        elif name == "disconnected":
            assert up in (None, True), (i, names)
            up, lost = False, False
        elif name == "reconnected":
            assert up is False, (i, names)
            up = True
        elif name == "foot_lost":
            assert up is False and not lost, (i, names)
            lost = True


def _received_frames(session, foot):
    rows = session.foot_frames(foot).iloc[:, 2:].to_numpy(dtype=float)
    return int((~np.isnan(rows).all(axis=1)).sum())


def _drop_on_start(monkeypatch, foot, nth, down_s=0.5):
    """A ``during`` hook: ``foot``'s insole drops the link as its ``nth`` start begins (after the connect)."""
    starts = []

    def during(sim, _link):
        start = FootLink.start

        async def dropping(self):
            if self.foot == foot:
                starts.append(self.foot)
                if len(starts) == nth:
                    await sim.pair.insoles[foot].drop(down_s)
            await start(self)

        monkeypatch.setattr(FootLink, "start", dropping)

    return during


async def test_a_drop_while_a_reconnection_starts_is_one_drop_and_one_reconnection(tmp_path, monkeypatch):
    # the left insole drops at 10 s; the reconnection connects, and the insole drops again as its start
    # begins. That is a second drop, said once, and one reconnection brings the foot back (had: a
    # second `disconnected` logged and a second reconnection task started beside the first)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"],
                                            during=_drop_on_start(monkeypatch, "left", 2))
    left = _link_events(session, "left")
    _check_order(left)
    assert left[-1] == "reconnected"
    assert truth["left"].drops_injected == 2
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent
    assert session.foot_frames("left")["t_s"].iloc[-1] > 29.0


def _drop_instead_of_answering_start(monkeypatch, foot, nth, down_s=0.5, after_s=0.0):
    """``foot``'s insole starts streaming at its ``nth`` start command but drops the link before it answers
    (the answer never comes), ``after_s`` host seconds later."""
    from firmware_sim.peripheral import SimInsole
    from monitor.link.protocol import command_start

    on_write = SimInsole._on_control_write
    starts = []

    def dropping(self, connection, value):
        if self.side == foot and bytes(value) == command_start():
            starts.append(foot)
            if len(starts) == nth:
                spawn = self._spawn

                async def drop_later():
                    await asyncio.sleep(after_s)
                    await self.drop(down_s)

                self._spawn = lambda answer: (answer.close(), spawn(drop_later()))
                try:
                    return on_write(self, connection, value)
                finally:
                    del self._spawn
        return on_write(self, connection, value)

    monkeypatch.setattr(SimInsole, "_on_control_write", dropping)


@pytest.mark.parametrize("nth", [1, 2])
async def test_a_drop_before_the_start_is_answered_fails_that_start_at_once(tmp_path, monkeypatch, nth):
    # the left insole starts streaming but drops the link before it answers the start command: at its
    # first start (nth 1, then the drop at 10 s), or at its reconnection after the drop at 10 s (nth 2).
    # The start fails as the link drops, and a reconnection brings the foot back within 2 s of ride (had:
    # the start waited out the 5-s control timeout, 100 s of ride at 20x: nth 2 lost the foot for the
    # rest of the session; nth 1 held the right foot's start that long, then let go of the left's
    # reconnected link and logged a third `disconnected`)
    _drop_instead_of_answering_start(monkeypatch, "left", nth)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"])
    left = [e for e in session.events if e.get("foot") == "left" and e["event"] in LINK_EVENTS]
    _check_order([e["event"] for e in left])
    assert [e["event"] for e in left] == (["disconnected", "reconnected"] * 2 if nth == 1 else
                                          ["connected", "disconnected", "reconnected"])
    assert all(e["down_session_s"] < 2.0 for e in left if e["event"] == "reconnected"), left
    assert truth["left"].drops_injected == 2
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent
        assert session.foot_frames(foot)["t_s"].iloc[-1] > 29.0
    assert session.info.duration_s < 31.0


def _reboot_on_drop(foot, **change):
    """A ``during`` hook: ``foot``'s insole comes back from its drop changed as by a reboot: at another rate
    (``rate_hz``), describing another layout (``spec``, its firmware's InsoleSpec fields), or with its
    sequence number and clock restarted from 0 (``power_cycled``)."""
    from dataclasses import replace

    def during(sim, _link):
        insole = sim.pair.insoles[foot]
        drop = insole.drop

        async def rebooting(down_s, at_us=None):
            await drop(down_s, at_us)
            if "rate_hz" in change:
                insole.firmware.rate_hz = change["rate_hz"]
            if "spec" in change:
                insole.firmware.spec = replace(insole.firmware.spec, **change["spec"])
            if change.get("power_cycled"):  # docs/protocol.md: seq and the device clock restart at power-up
                insole.packetiser._seq = 0
                insole.t0_us = -insole.clock.now_us() % 2**32

        insole.drop = rebooting

    return during


@pytest.mark.parametrize("rate_hz", [50, 200])
async def test_an_insole_back_at_another_rate_is_set_back_to_the_sessions(tmp_path, rate_hz):
    # the left insole comes back from a drop at another of its rates: the reconnection sets it back to
    # the session's 100 Hz before it streams, so every frame is on the session's 10-ms axis (had: the
    # rest of the session at 20 or 5 ms while session.json, and the analysis, said 100 Hz)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"],
                                            during=_reboot_on_drop("left", rate_hz=rate_hz))
    assert session.info.layouts["left"].current_rate_hz == 100
    assert _link_events(session, "left") == ["connected", "disconnected", "reconnected"]
    (back_s,) = session.gaps["end_s"]  # the link-down gap; the insole's clock ran at its new rate in it
    t = session.foot_frames("left")["t_s"].to_numpy()
    assert np.allclose(np.diff(t[t >= back_s]), 0.01, rtol=0.005, atol=1e-9)
    assert np.diff(t[t >= back_s]).size > 1800 and t[-1] > 29.0
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent


async def test_an_insole_back_with_another_layout_is_refused(tmp_path):
    # the left insole comes back from a drop describing another scale: its data would not be the
    # session's, so no reconnection takes it, and the foot is lost (had: reconnected, and its counts read
    # at the first connection's scale for the rest of the session)
    session, truth, pending = await _record(
        tmp_path, faults=["drop:left@10s+0.5s"], config=LinkConfig(speed=20.0, lost_after_session_s=5.0),
        during=_reboot_on_drop("left", spec={"kpa_per_count_milli": 500}))
    assert _link_events(session, "left") == ["connected", "disconnected", "foot_lost"]
    assert session.foot_frames("left")["t_s"].iloc[-1] < 10.5
    assert truth["left"].connections > 2  # it was tried, and let go each time
    assert pending == []
    assert _received_frames(session, "right") == truth["right"].frames_sent


async def test_a_drop_before_the_session_starts_is_said_at_its_start(tmp_path):
    # the left insole drops after both are connected, 1 s of host time (20 s of ride) after the link
    # was made, before the session starts: its start fails, so the session begins with it down, said at
    # 0 s, and it is reconnected (had: `disconnected` stamped 20 s into the session, after the
    # reconnection at 0.9 s that followed it in the raw log)
    async def drop_after_a_while(sim, _link):
        await asyncio.sleep(1.0)
        await sim.pair.insoles["left"].drop(0.5)

    session, truth, pending = await _record(tmp_path, during=drop_after_a_while)
    left = [e for e in session.events if e.get("foot") == "left" and e["event"] in LINK_EVENTS]
    assert [e["event"] for e in left] == ["disconnected", "reconnected"]
    assert left[0]["t_s"] < 1.0
    assert left[1]["t_s"] == pytest.approx(left[1]["down_session_s"], abs=0.01)
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent


async def test_a_foot_back_by_its_data_that_drops_before_its_start_returns_drops_twice(tmp_path, monkeypatch):
    # the left insole's reconnection after its drop at 10 s starts it streaming, but the insole drops
    # again 0.02 s of host time (0.4 s of ride) later, before it answers the start command. It was back
    # (its data came): `reconnected` at its first notification, then a second `disconnected`, and the
    # second gap is the link's, like the first (had: no second drop said, and its 12 packets counted as
    # lost on the radio, a gap "packets lost")
    _drop_instead_of_answering_start(monkeypatch, "left", 2, after_s=0.02)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"])
    left = [e for e in session.events if e.get("foot") == "left" and e["event"] in LINK_EVENTS]
    assert [e["event"] for e in left] == ["connected"] + ["disconnected", "reconnected"] * 2
    assert left[-1]["attempts"] == 1
    c = session.counters["left"]
    assert c["packets_lost"] == 0 and c["packets_missed_link_down"] == truth["left"].packets_unsent
    gaps = session.gaps[session.gaps["foot"] == "left"]
    assert list(gaps["reason"]) == ["link down", "link down"]
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent


async def test_ctrl_c_while_a_reconnection_reads_the_insole_closes_at_once(tmp_path, monkeypatch):
    # Ctrl-C as the left insole's reconnection reads its layout: the session closes at once, the
    # reconnection ended, the drop said and nothing after it (had: 2 s of host time to close, the stop
    # command sent on a link that never started waiting out its timeout for an answer)
    from monitor.link.drivers import SolewatchDriver

    stop, stopped_at, describe = asyncio.Event(), [], SolewatchDriver.describe

    async def ctrl_c_at_the_third_reading(self, link):
        stopped_at.append(asyncio.get_running_loop().time())
        if len(stopped_at) == 3:  # after both feet's first connections: the left's reconnection
            stop.set()
        return await describe(self, link)

    monkeypatch.setattr(SolewatchDriver, "describe", ctrl_c_at_the_third_reading)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"], stop=stop)
    assert _record.closed_at - stopped_at[2] < 0.5
    assert _link_events(session, "left") == ["connected", "disconnected"]
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent


async def test_feet_lost_then_back_are_not_noted_as_lost(tmp_path):
    # both insoles drop for 12 s of ride at 2x: each is lost (10 s of host time x 2 past the 5-s floor)
    # and comes back. The session's notes say they came back (had: "both insoles lost (left at 0:24,
    # right at 0:24); no data after the second", over 16 s of both feet's data after it). The loss, which
    # the host-time floor held back to 0:24, is dated at the last frame + lost_after_session_s (5 s here,
    # monitor.link.records.lost_latest_s)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+12s", "drop:right@10s+12s"],
                                            duration_s=40.0, speed=2.0,
                                            config=LinkConfig(speed=2.0, lost_after_session_s=5.0))
    for foot in ("left", "right"):
        assert _link_events(session, foot) == ["connected", "disconnected", "foot_lost", "reconnected"]
        assert session.foot_frames(foot)["t_s"].iloc[-1] > 39.0
        assert _received_frames(session, foot) == truth[foot].frames_sent
    assert session.info.notes == ["left insole silent from 0:10, lost at 0:15, back at 0:24",
                                  "right insole silent from 0:10, lost at 0:15, back at 0:24"]
    assert pending == []


async def test_a_foot_lost_and_back_is_noted_silent_from_its_last_frame(tmp_path):
    # the left insole drops at 10 s of ride for 12 s at 2x: it is lost once 5 s of the right's data have
    # come since, and comes back. The note says when its data stopped as well as when it was declared lost
    # (had: "left insole lost at 0:15, back at 0:2x", read as data up to 0:15)
    from monitor.util.timefmt import clock_text

    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+12s"], duration_s=40.0,
                                            speed=2.0, config=LinkConfig(speed=2.0, lost_after_session_s=5.0))
    assert _link_events(session, "left") == ["connected", "disconnected", "foot_lost", "reconnected"]
    (gap,) = session.gaps[session.gaps["foot"] == "left"].itertuples()
    t_s = session.foot_frames("left")["t_s"].to_numpy()
    last_s = t_s[t_s < gap.start_s][-1]  # the left's last frame before the drop
    assert 9.0 < last_s <= 10.5, last_s
    lost_s, back_s = (e["t_s"] for e in session.events
                      if e.get("foot") == "left" and e["event"] in ("foot_lost", "reconnected"))
    assert lost_s - last_s >= 5.0 - 1e-6  # declared after lost_after_session_s of silence
    assert session.info.notes == [f"left insole silent from {clock_text(last_s)}, lost at {clock_text(lost_s)}, "
                                  f"back at {clock_text(back_s)}"]
    assert _received_frames(session, "left") == truth["left"].frames_sent
    assert pending == []


async def test_feet_down_together_lose_neither_when_the_first_back_has_sent_little(tmp_path):
    # both insoles drop for 12 s of ride at 20x: the host's clock loses neither (5 s of host time is 100 s
    # of ride), and the first foot back has sent far less than 10 s of data when the other comes back, so
    # neither is lost (had: the first one back's first notification made the other lost, the time both
    # were down counted as its data: "left insole lost at 0:22, back at 0:22")
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+12s", "drop:right@10s+12s"],
                                            duration_s=40.0, speed=20.0)
    for foot in ("left", "right"):
        assert _link_events(session, foot) == ["connected", "disconnected", "reconnected"]
        assert _received_frames(session, foot) == truth[foot].frames_sent
    assert not any("lost" in note for note in session.info.notes)
    assert pending == []


async def test_a_reconnection_scan_the_adapter_refuses_once_is_tried_again(tmp_path, monkeypatch):
    # BlueZ refuses the left insole's first reconnection scan (org.bluez.Error.InProgress: another scan
    # is under way, as when both feet rescan at once): the reconnection tries again and the foot is back
    # (had: the scan's error read as no Bluetooth here, BluetoothUnavailable, ended the reconnection task;
    # the foot stayed down for the rest of the session and was lost)
    from bleak.exc import BleakDBusError

    from firmware_sim.bleak_backend import SimBleakScanner

    scans, start = [], SimBleakScanner.start

    async def in_progress_once(self):
        scans.append(1)
        if len(scans) == 2:  # after the scan that found both insoles: the first reconnection's
            raise BleakDBusError("org.bluez.Error.InProgress", ["Operation already in progress"])
        return await start(self)

    monkeypatch.setattr(SimBleakScanner, "start", in_progress_once)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"])
    left = [e for e in session.events if e.get("foot") == "left" and e["event"] in LINK_EVENTS]
    assert [e["event"] for e in left] == ["connected", "disconnected", "reconnected"]
    assert left[-1]["attempts"] == 2
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent
        assert session.foot_frames(foot)["t_s"].iloc[-1] > 29.0


async def test_an_insole_back_with_a_lower_battery_says_it_at_its_reconnection(tmp_path):
    # the left insole's battery falls to 12 % while its link is down (no notification can say so): the
    # reconnection reads it, and the session has it, low, at the foot's return (had: the level read at
    # the reconnection never logged, no `battery_low` for the rest of the session)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+1s", "battery:left@10.5s=12"])
    left = [e for e in session.events if e.get("foot") == "left"]
    names = [e["event"] for e in left]
    assert names.index("reconnected") < names.index("battery_low")
    assert [e["level_pct"] for e in left if e["event"] == "battery"] == [95, 12]
    assert [e["level_pct"] for e in left if e["event"] == "battery_low"] == [12]
    assert pending == []


async def test_an_insole_power_cycled_while_down_keeps_every_frame_on_the_sessions_timeline(tmp_path):
    # the left insole restarts while its link is down: its seq and device clock start again from 0
    # (docs/protocol.md). Every frame it sends after is in the session, at the session time of its
    # arrival (had: its first 103 packets taken for duplicates of the seqs before the drop, 824 frames
    # discarded; with a clock restarted ahead of the old one, the frames 123 s past a 30-s session)
    session, truth, pending = await _record(tmp_path, faults=["drop:left@10s+0.5s"],
                                            during=_reboot_on_drop("left", power_cycled=True))
    assert _link_events(session, "left") == ["connected", "disconnected", "reconnected"]
    c = session.counters["left"]
    assert c["packets_duplicate"] == c["packets_late"] == c["packets_lost"] == 0
    assert _received_frames(session, "left") == truth["left"].frames_sent
    (gap,) = session.gaps.itertuples()
    assert gap.reason == "link down (the insole restarted)" and 10.0 < gap.end_s < 11.5
    t = session.foot_frames("left")["t_s"].to_numpy()
    assert np.all(np.diff(t) > 0) and 29.0 < t[-1] < 30.5
    right_t = session.foot_frames("right")["t_s"].to_numpy()
    assert abs(t[-1] - right_t[-1]) < 0.2
    assert pending == []
    # the raw log rebuilt (a replay's path) gives the live tables
    from monitor.session.directory import rebuild_tables

    frames, gaps, _ = rebuild_tables(session.path / "raw.swlog", session.info)
    assert gaps.equals(session.gaps)
    assert np.array_equal(frames[frames["foot"] == "left"]["t_s"].to_numpy(), t)


@pytest.mark.parametrize("faults", [
    ["drop:left@10s+0.5s", "drop:left@11.0s+0.5s"],  # again just after it came back
    ["drop:left@10s+0.5s", "drop:right@10s+0.5s"],  # both feet at once
    ["drop:left@10s+3s", "drop:right@10s+0.2s", "drop:right@11s+0.2s"],
    ["stop:right@5s", "drop:left@20s+0.5s"],  # a foot lost for good, then the other drops
])
async def test_repeated_drops_keep_one_story_per_foot_and_count_every_frame(tmp_path, faults):
    session, truth, pending = await _record(tmp_path, faults=faults, duration_s=40.0,
                                            config=LinkConfig(speed=20.0, lost_after_session_s=5.0))
    for foot in ("left", "right"):
        names = _link_events(session, foot)
        _check_order(names)
        assert names.count("disconnected") == truth[foot].drops_injected + ("stop:right@5s" in faults) * (
            foot == "right")
        c = session.counters[foot]
        assert c["frames_received"] == _received_frames(session, foot) == truth[foot].frames_sent
        assert c["frames_missing"] == truth[foot].frames_generated - truth[foot].frames_sent
        assert c["packets_lost"] == c["packets_duplicate"] == 0
    assert pending == []


async def test_two_commands_to_one_insole_at_once_each_get_their_own_answer():
    # a haptic pulse and a tare sent to the left insole at once (as an alert's pulse may meet the start
    # command of a reconnection whose data already came): each waits for its own answer (had: the second
    # raised TypeError, its answer's waiter cleared by the first)
    from monitor.link import protocol

    async with simulated_insoles("healthy-ride", speed=20.0, seed=3, faults=[]) as sim:
        link = PairLink(sim.backends, LinkConfig(speed=20.0))
        await link.open([f.device for f in await scan(sim.backends, timeout_s=5.0, enough=2)])
        await link.start(lambda *_: None)
        await asyncio.sleep(0.1)
        pulse, tare = await asyncio.gather(link.command("left", protocol.command_haptic(200, 80)),
                                           link.command("left", protocol.command_tare()))
        await link.close()
    assert (pulse.opcode, pulse.ok) == (protocol.Opcode.HAPTIC, True)
    assert (tare.opcode, tare.ok) == (protocol.Opcode.TARE, True)


def _reconnection_raises(monkeypatch, foot, error, *, once_lost=False):
    """A ``during`` hook: ``foot``'s reconnection meets ``error``, one the link does not expect (a bug in a
    driver or in bleak's backend), as it looks for the insole: at its first attempt, or once the foot is
    lost (``once_lost``)."""
    from monitor.link import ble

    def during(_sim, link):
        find = ble.find_address

        async def failing(backends, address, *, timeout_s):
            if address == link.feet[foot].address and (not once_lost or link.status[foot].lost):
                raise error
            return await find(backends, address, timeout_s=timeout_s)

        monkeypatch.setattr(ble, "find_address", failing)

    return during


@pytest.mark.parametrize("once_lost", [False, True])
@pytest.mark.parametrize("error", [RuntimeError("the driver broke"), KeyError("handle"), ValueError("bad uuid"),
                                   RuntimeError("the driver broke:\n  handle 0x2a\r\n\tnot found\n")])
async def test_a_reconnection_that_fails_on_an_unexpected_error_says_so_and_the_ride_goes_on(
        tmp_path, monkeypatch, error, once_lost):
    # the left insole drops at 10 s and its reconnection fails on an error the link does not expect, at
    # its first attempt or once the foot is lost. The person reads one line naming the foot and the
    # error as it happens, the foot is lost and no longer retried, the right foot's data are all there
    # and the recording ends at its duration with a note of it (had: the reconnection task ended
    # silently; the foot stayed down with nothing said, or was lost and said to be "still retried")
    from monitor.analysis.streaming import notice_for

    session, truth, pending = await _record(
        tmp_path, faults=["drop:left@10s+30s" if once_lost else "drop:left@10s+0.5s"],
        config=LinkConfig(speed=20.0, lost_after_session_s=5.0),
        during=_reconnection_raises(monkeypatch, "left", error, once_lost=once_lost))
    left = [e for e in session.events if e.get("foot") == "left" and e["event"] in
            (*LINK_EVENTS, "reconnection_failed")]
    names = [e["event"] for e in left]
    assert names == ["connected", "disconnected"] + ["foot_lost"] * once_lost + ["reconnection_failed"]
    failed = left[-1]
    said = " ".join(f"{type(error).__name__}: {error}".split())  # one line (had: the message's line breaks)
    assert failed["error"] == said and "\n" not in failed["note"]
    assert failed["t_s"] < (25.0 if once_lost else 11.0)  # at the attempt that fails: the first, or the next
    notice = notice_for(failed["t_s"], failed)
    assert notice is not None and notice.foot == "left" and notice.kind == "reconnection_failed"
    assert "left insole" in notice.text and said in notice.text
    assert "\n" not in notice.text
    assert "the session goes on with the right" in notice.text
    assert pending == []
    for foot in ("left", "right"):
        assert _received_frames(session, foot) == truth[foot].frames_sent
    assert session.foot_frames("right")["t_s"].iloc[-1] > 29.0
    assert 29.0 < session.info.duration_s < 31.0
    assert any(type(error).__name__ in note and note.startswith("left insole") for note in session.info.notes)
    assert not any(c in note for note in session.info.notes for c in "\n\r\t")


async def test_a_dead_foot_is_lost_though_the_other_drops_briefly_now_and_then(tmp_path):
    # the right insole stops at 5 s for good; the left drops for 0.5 s every 8 s: the left's data while the
    # right was away add up past lost_after_session_s (had: each brief drop of the left started its count
    # afresh, and the right was never lost in 60 s of ride)
    session, truth, pending = await _record(
        tmp_path, faults=["stop:right@5s", *[f"drop:left@{t}s+0.5s" for t in (12, 20, 28, 36, 44, 52)]],
        duration_s=60.0, speed=20.0)
    assert any(note.startswith("right insole lost") for note in session.info.notes), session.info.notes
    assert pending == []
