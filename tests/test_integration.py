"""The whole link through the real bleak frontend over the bumble virtual radio, with and without faults.

Each test records a real session directory (raw log, tables) and checks it against what the simulated
insoles say they did.
"""

from __future__ import annotations

import numpy as np
import pytest

from monitor import load_session
from monitor.link.ble import LinkConfig, PairLink, scan
from monitor.link.protocol import decode_pressure
from monitor.live.recorder import record_session
from monitor.live.simulated import simulated_insoles
from monitor.session.rawlog import iter_raw_log

pytestmark = [pytest.mark.timeout(300), pytest.mark.looptime]  # a virtual clock (tests/virtual_clock.py)


async def _record(tmp_path, scenario="healthy-ride", *, duration_s=60.0, speed=20.0, faults=(), seed=3,
                  config=None, **insole_kwargs):
    async with simulated_insoles(scenario, speed=speed, seed=seed, faults=list(faults),
                                 **insole_kwargs) as sim:
        found = await scan(sim.backends, timeout_s=5.0, enough=2)
        assert len(found) == 2
        link = PairLink(sim.backends, config or LinkConfig(speed=speed))
        await link.open([f.device for f in found], kind=insole_kwargs.get("insole", "solewatch"))
        assert all(foot.mtu == 247 for foot in link.feet.values())
        summary = await record_session(link, sim.meta, duration_s=duration_s, out_dir=tmp_path)
        truth = {foot: ins.counters for foot, ins in sim.pair.insoles.items()}
        _record.t0_us = {foot: ins.t0_us for foot, ins in sim.pair.insoles.items()}
    return summary, load_session(summary.path), truth


def _received_frames(session, foot):
    rows = session.foot_frames(foot).iloc[:, 2:].to_numpy(dtype=float)
    return int((~np.isnan(rows).all(axis=1)).sum())


async def test_both_feet_60_s_at_20x_no_fault_zero_loss_and_every_frame(tmp_path):
    summary, session, truth = await _record(tmp_path, duration_s=60.0, speed=20.0)
    assert summary.duration_s >= 60.0
    for foot in ("left", "right"):
        c = session.counters[foot]
        assert c["packets_lost"] == c["packets_corrupt"] == c["packets_duplicate"] == 0
        assert c["frames_missing"] == 0
        # every frame the simulated insole put on air arrived, and is in the table exactly once
        assert c["frames_received"] == truth[foot].frames_sent
        assert _received_frames(session, foot) == truth[foot].frames_sent
        assert truth[foot].frames_sent >= 60 * 100 * 0.97
        t = session.foot_frames(foot)["t_s"].to_numpy()
        assert np.allclose(np.diff(t), 0.01, rtol=0.005, atol=1e-9)  # the clock slews by at most 0.5 %
    assert len(session.gaps) == 0
    assert session.info.layouts["left"].n_sensors == 18
    assert session.info.devices["right"].manufacturer
    truth = session.info.ground_truth
    assert truth["scenario"] == "healthy-ride"
    # the truth is the recorded session's, not the scenario's default hour
    assert truth["duration_s"] == session.info.duration_s
    assert all(start_s < truth["duration_s"] for start_s, _ in truth["relief_s"])


async def test_device_clock_wrap_mid_session_keeps_every_frame_on_a_regular_axis(tmp_path):
    # both device clocks wrap (2**32 us) about 5 s into the session
    _, session, truth = await _record(tmp_path, duration_s=20.0, speed=20.0, t0_us=2**32 - 5_000_000)
    for foot in ("left", "right"):
        assert session.counters[foot]["frames_received"] == truth[foot].frames_sent
        t = session.foot_frames(foot)["t_s"].to_numpy()
        assert np.allclose(np.diff(t), 0.01, rtol=0.005, atol=1e-9)
        assert t[-1] > 19.0


async def test_both_feet_share_one_timeline(tmp_path):
    _, session, _ = await _record(tmp_path, duration_s=20.0, speed=20.0)
    # Both insoles sample on one simulated clock: device time = t0 (per insole) + simulation time. So
    # session time minus simulation time must be the same for both feet, up to the mapping's error.
    # The first arrivals set each foot's offset, the lower envelope of later ones refines it (slewed in):
    # compare at the end of the session.
    offsets = {}
    for foot in ("left", "right"):
        last = [r for r in iter_raw_log(session.path / "raw.swlog") if r.kind == 1 and r.foot == foot][-1]
        packet = decode_pressure(last.payload)
        sim_s = ((packet.t_us - _record.t0_us[foot]) % 2**32) * 1e-6 + (packet.frame_count - 1) * 0.01
        offsets[foot] = session.foot_frames(foot)["t_s"].iloc[-1] - sim_s
    # at 20x, a millisecond of host jitter is 20 ms of session time
    assert abs(offsets["left"] - offsets["right"]) < 0.04


async def test_peripheral_drops_the_link_then_reconnect_within_2_s_gap_recorded_nothing_doubled(tmp_path):
    # at 5x, 2 s of simulated time is 400 ms of wall time: room for a loaded machine
    summary, session, truth = await _record(tmp_path, duration_s=30.0, speed=5.0,
                                            faults=["drop:left@15s+0.5s"])
    events = [e for e in session.events if e.get("foot") == "left"]
    names = [e["event"] for e in events]
    assert "disconnected" in names and "reconnected" in names
    reconnected = next(e for e in events if e["event"] == "reconnected")
    assert reconnected["down_session_s"] < 2.0
    gaps = session.gaps[session.gaps["foot"] == "left"]
    assert len(gaps) == 1 and gaps.iloc[0]["reason"] == "link down"
    c = session.counters["left"]
    assert c["packets_duplicate"] == 0 and c["packets_lost"] == 0
    # nothing doubled: each frame the insole sent is in the table once, on a strictly increasing axis
    assert _received_frames(session, "left") == truth["left"].frames_sent
    t = session.foot_frames("left")["t_s"].to_numpy()
    assert np.all(np.diff(t) > 0)
    assert session.counters["right"]["frames_missing"] == 0


async def test_a_foot_whose_start_fails_is_down_then_reconnected_and_no_frame_is_lost(tmp_path, monkeypatch):
    # PairLink.start: bleak refuses the first foot's pressure subscription (a BleakError with the link
    # still up). That foot is down as a foot that dropped is: said, reconnected, and streaming once back;
    # the other foot streams on throughout, and every frame either insole sent is in the session
    from bleak.exc import BleakError

    from firmware_sim.bleak_backend import SimBleakClient
    from monitor.link.protocol import PRESSURE_CHAR_UUID

    refused = []
    subscribe = SimBleakClient.start_notify

    async def refuse_the_first_stream(self, characteristic, callback, **kwargs):
        if characteristic.uuid == PRESSURE_CHAR_UUID and not refused:
            refused.append(self.address)
            raise BleakError(f"{self.address}: the insole refused the subscription")
        return await subscribe(self, characteristic, callback, **kwargs)

    monkeypatch.setattr(SimBleakClient, "start_notify", refuse_the_first_stream)
    _, session, truth = await _record(tmp_path, duration_s=30.0, speed=20.0)
    (failed,) = {foot for foot, device in session.info.devices.items() if device.address in refused}
    (other,) = {"left", "right"} - {failed}
    link_events = ("connected", "disconnected", "reconnected", "foot_lost")
    # `connected` says that a foot streams (docs/session-format.md): the failed foot never did before it
    # came back (had: "connected" logged before its start, then "disconnected")
    assert [e["event"] for e in session.events if e["foot"] == failed and e["event"] in link_events] == [
        "disconnected", "reconnected"]
    assert [e["event"] for e in session.events if e["foot"] == other and e["event"] in link_events] == ["connected"]
    assert truth[failed].connections == 2  # the refused link let go, and a new one made
    for foot in ("left", "right"):
        c = session.counters[foot]
        assert c["packets_lost"] == c["packets_corrupt"] == c["frames_missing"] == 0
        assert _received_frames(session, foot) == truth[foot].frames_sent > 0
    assert session.foot_frames(other)["t_s"].iloc[-1] > 29.0


async def test_a_foot_is_connected_in_the_raw_log_before_its_first_notification(tmp_path, monkeypatch):
    # each insole keeps streaming a while before its start returns (a host slow to take the start
    # command's answer): its `connected` event still comes before the first notification it sent
    import asyncio

    from monitor.link.ble import FootLink

    start = FootLink.start

    async def slow_to_return(self):
        await start(self)
        await asyncio.sleep(0.5)  # 10 s of ride at 20x, streaming all along

    monkeypatch.setattr(FootLink, "start", slow_to_return)
    _, session, _ = await _record(tmp_path, duration_s=20.0, speed=20.0)
    for foot in ("left", "right"):
        records = [r for r in iter_raw_log(session.path / "raw.swlog") if r.foot == foot]
        first_notification = next(i for i, r in enumerate(records) if r.kind == 1)
        connected = [i for i, r in enumerate(records) if r.kind == 2 and r.event["event"] == "connected"]
        assert connected == [next(i for i, r in enumerate(records) if r.kind == 2)], foot  # its first event, once
        assert connected[0] < first_notification, foot


async def test_a_reconnection_whose_layout_read_fails_lets_the_insole_go_and_the_next_one_succeeds(tmp_path,
                                                                                               monkeypatch):
    # the left insole drops; the first reconnection connects but its layout read fails (a BleakError with
    # the link up). The attempt lets the insole go, so it advertises again and the next attempt brings it
    # back: the foot is not lost, and nothing either insole sent is lost
    from bleak.exc import BleakError

    from firmware_sim.bleak_backend import SimBleakClient
    from monitor.link.protocol import LAYOUT_CHAR_UUID

    layout_reads = []
    read = SimBleakClient.read_gatt_char

    async def refuse_the_third_layout_read(self, characteristic, **kwargs):
        if characteristic.uuid == LAYOUT_CHAR_UUID:
            layout_reads.append(self.address)
            if len(layout_reads) == 3:  # after both feet's first connections: the left's reconnection
                raise BleakError(f"{self.address}: the layout read failed")
        return await read(self, characteristic, **kwargs)

    monkeypatch.setattr(SimBleakClient, "read_gatt_char", refuse_the_third_layout_read)
    _, session, truth = await _record(tmp_path, duration_s=30.0, speed=20.0, faults=["drop:left@10s+0.5s"])
    assert len(layout_reads) == 4 and layout_reads[2] == layout_reads[3] == session.info.devices["left"].address
    left = [e for e in session.events if e["foot"] == "left" and e["event"] in ("disconnected", "reconnected",
                                                                                  "foot_lost")]
    assert [e["event"] for e in left] == ["disconnected", "reconnected"]
    assert left[1]["attempts"] >= 2
    assert truth["left"].connections == 3  # the first, the attempt that failed, the one that held
    for foot in ("left", "right"):
        c = session.counters[foot]
        assert c["packets_lost"] == c["packets_corrupt"] == 0
        assert _received_frames(session, foot) == truth[foot].frames_sent
    assert session.foot_frames("left")["t_s"].iloc[-1] > 29.0


@pytest.mark.parametrize("k", [1, 5])
async def test_k_packets_lost_are_counted_exactly(tmp_path, k):
    _, session, truth = await _record(tmp_path, duration_s=20.0, speed=20.0, faults=[f"lose:right@8s:{k}"])
    assert truth["right"].packets_lost_injected == k
    assert session.counters["right"]["packets_lost"] == k
    assert session.counters["left"]["packets_lost"] == 0
    assert session.gaps[session.gaps["foot"] == "right"]["packets_lost"].sum() == k


async def test_corrupt_notifications_are_counted_and_skipped(tmp_path):
    _, session, truth = await _record(tmp_path, duration_s=20.0, speed=20.0, faults=["corrupt:left@8s:3"])
    c = session.counters["left"]
    assert truth["left"].packets_corrupted_injected == 3
    assert c["packets_corrupt"] == 3
    assert c["packets_lost"] == 0  # they arrived, unreadable: not lost
    # the insole counts only intact packets as sent: the table has exactly those frames ...
    assert _received_frames(session, "left") == truth["left"].frames_sent
    # ... and the corrupt packets' frames stay missing, for that reason
    gaps = session.gaps[session.gaps["foot"] == "left"]
    assert list(gaps["reason"]) == ["corrupt packets"] and gaps["frames_missing"].sum() == 3 * 8


async def test_duplicates_and_reordering_never_double_a_frame(tmp_path):
    _, session, truth = await _record(tmp_path, duration_s=20.0, speed=20.0,
                                      faults=["duplicate:left@6s:3", "reorder:left@10s:2"])
    c = session.counters["left"]
    assert c["packets_duplicate"] == 3
    assert c["packets_late"] == 2 and c["packets_lost"] == 0
    # late frames fill their rows in the table: every frame sent is there once
    assert _received_frames(session, "left") == truth["left"].frames_sent


@pytest.mark.parametrize("insole", ["solewatch", "orphe", "ukaton"])
async def test_reordered_packets_leave_no_gap_where_they_fill_the_table(tmp_path, insole):
    # had: each swapped pair's late packet filled its frames' rows, but gaps.csv kept a gap "packets lost"
    # with 1 packet lost for it (counters: 0 lost, 2 late), and the report said "2 packets lost" under gaps
    _, session, truth = await _record(tmp_path, duration_s=20.0, speed=20.0, faults=["reorder:left@10s:2"],
                                      insole=insole)
    assert truth["left"].packet_pairs_reordered_injected == 2
    c = session.counters["left"]
    assert c["packets_late"] == 2 and c["packets_lost"] == 0
    assert _received_frames(session, "left") == truth["left"].frames_sent
    assert session.gaps[session.gaps["foot"] == "left"].empty, session.gaps


async def test_one_foot_stops_for_good_and_the_session_goes_on_with_the_other(tmp_path):
    summary, session, truth = await _record(tmp_path, duration_s=40.0, speed=20.0,
                                            faults=["stop:right@10s"],
                                            config=LinkConfig(speed=20.0, lost_after_session_s=5.0))
    names = [e["event"] for e in session.events if e.get("foot") == "right"]
    assert "disconnected" in names and "foot_lost" in names and "reconnected" not in names
    assert any("right insole lost" in n and "left" in n for n in summary.notes)
    assert any("right insole lost" in n for n in session.info.notes)
    left_t = session.foot_frames("left")["t_s"].to_numpy()
    right_t = session.foot_frames("right")["t_s"].to_numpy()
    assert left_t[-1] > 38.0 and right_t[-1] < 12.0
    assert _received_frames(session, "left") == truth["left"].frames_sent


async def test_battery_low_is_reported_once(tmp_path):
    _, session, _ = await _record(tmp_path, duration_s=20.0, speed=20.0,
                                  faults=["battery:left@5s=14", "battery:left@10s=12"])
    left = [e for e in session.events if e.get("foot") == "left"]
    assert [e["level_pct"] for e in left if e["event"] == "battery"][-2:] == [14, 12]
    assert sum(e["event"] == "battery_low" for e in left) == 1


async def test_when_both_feet_stop_each_is_lost_after_the_host_time_floor(tmp_path):
    # no foot sends, so no foot's data can say how long the other has been away: the host's clock decides,
    # never before lost_after_host_min_s of it (5 s, 100 s of ride at 20x) while the ride goes on (past its
    # end every foot down is given up at once: tests/test_link_words_after_end.py)
    config = LinkConfig(speed=20.0, lost_after_session_s=5.0)
    _, session, _ = await _record(tmp_path, duration_s=150.0, speed=20.0, faults=["stop:left@10s", "stop:right@10s"],
                                  config=config)
    lost = [e for e in session.events if e["event"] == "foot_lost"]
    assert sorted(e["foot"] for e in lost) == ["left", "right"]
    assert all(e["down_session_s"] >= config.lost_after_host_min_s * 20.0 for e in lost), lost


def _foot_records(session, foot):
    """``foot``'s raw-log records in order: an event's name, or "n" for a notification."""
    return [r.event["event"] if r.kind == 2 else "n"
            for r in iter_raw_log(session.path / "raw.swlog") if r.foot == foot]


async def test_connected_and_reconnected_come_before_the_data_and_battery_they_announce(tmp_path, monkeypatch):
    # each insole notifies a battery level as the host subscribes to its pressure (after the battery's),
    # and each start returns 0.05 s of host time (1 s of ride at 20x) after the data flow: the insole says
    # its battery and streams before the host has said that the foot is up, on the first connection and
    # on the left's reconnection after a drop. The raw log still says `connected`, or `reconnected`, before
    # any of that foot's data or battery levels (had: `battery` before `connected` and before
    # `reconnected`; notifications, then `reconnected`)
    import asyncio

    from firmware_sim.bleak_backend import SimBleakClient
    from monitor.link.ble import FootLink
    from monitor.link.protocol import BATTERY_LEVEL_CHAR_UUID, PRESSURE_CHAR_UUID

    subscribe, start = SimBleakClient.start_notify, FootLink.start

    async def battery_as_it_starts(self, characteristic, callback, **kwargs):
        if characteristic.uuid == PRESSURE_CHAR_UUID:
            self._dispatch(self.services.get_characteristic(BATTERY_LEVEL_CHAR_UUID).handle, bytes([60]))
        return await subscribe(self, characteristic, callback, **kwargs)

    async def slow_to_return(self):
        await start(self)
        await asyncio.sleep(0.05)

    monkeypatch.setattr(SimBleakClient, "start_notify", battery_as_it_starts)
    monkeypatch.setattr(FootLink, "start", slow_to_return)
    _, session, _ = await _record(tmp_path, duration_s=30.0, speed=20.0, faults=["drop:left@10s+0.5s"])
    for foot in ("left", "right"):
        records = _foot_records(session, foot)
        assert records[0] == "connected", (foot, records[:3])
        up = True
        for name in records[1:]:
            if name == "disconnected":
                up = False
            elif name == "reconnected":
                assert not up, foot
                up = True
            elif name in ("n", "battery", "battery_low"):
                assert up, (foot, name, [x for x in records if x != "n"])
        assert "battery" in records[:3], (foot, records[:3])  # said at connection
    left = [name for name in _foot_records(session, "left") if name != "n"]
    assert "reconnected" in left and left[left.index("reconnected") + 1] == "battery", left
