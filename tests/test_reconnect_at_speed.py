"""A simulated drop lasts in ride time as long as its fault asks, at any ``--speed``: the reconnection's
back-off is in session seconds, so at speed S it waits S times less host time (on the virtual clock,
tests/virtual_clock.py, so the host's speed and load change nothing)."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.cli.main import main
from monitor.link.ble import SCAN_MIN_HOST_S, LinkConfig, reconnect_plan_host_s

#: Session seconds in one notification of the simulated insole (docs/protocol.md, "Sizes": 8 frames at
#: 100 Hz): a drop acts on whole notifications.
NOTIFICATION_S = 0.08


@pytest.mark.parametrize("speed", [1.0, 5.0, 40.0, 300.0])
def test_the_reconnection_waits_are_the_same_in_ride_time_at_any_speed(speed):
    at_1x = reconnect_plan_host_s(LinkConfig(speed=1.0), 12)
    at_speed = reconnect_plan_host_s(LinkConfig(speed=speed), 12)
    assert [wait * speed for _, wait in at_speed] == pytest.approx([wait for _, wait in at_1x])
    assert at_1x[-1][1] == LinkConfig().reconnect_max_s  # the back-off reaches its most, 2 s of the ride
    # a scan ends as the insole is seen: its host-time floor keeps it long enough to see one, delaying nothing
    assert all(scan == max(wait, SCAN_MIN_HOST_S) for scan, wait in at_speed)


@pytest.mark.parametrize("speed", [40.0])
def test_a_simulated_drop_lasts_as_long_as_asked_at_high_speed(tmp_path, monkeypatch, capsys, speed):
    # had: the back-off between attempts was in host seconds, 0.64 s (26 s of ride at 40x) once the foot had
    # been away 4 s of host time: a drop of 160 s came back during that wait, its gap 176 s long
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", "200s",
                 "--fault", "drop:left@10s+160s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    (gap,) = session.gaps[session.gaps["foot"] == "left"].itertuples()
    assert 160.0 - NOTIFICATION_S <= gap.end_s - gap.start_s <= 160.0 + 2.0, gap  # 2 s: the most a 1x back-off waits
