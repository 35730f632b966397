"""A session recorded with ``--duration D`` holds D of session time, at any ``--speed``: ``record`` and
``live`` on the simulated insoles, each command's event loop on the virtual clock (tests/virtual_clock.py),
so the figures are those of any host, loaded or idle."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock

from firmware_sim.peripheral import DEFAULT_TICK_WALL_S
from monitor import load_session
from monitor.cli.main import main

#: Session seconds in one notification of the simulated insole (docs/protocol.md, "Sizes": 18 sensors at
#: 12 bits and MTU 247 carry 8 frames; the simulated insole samples at 100 Hz).
NOTIFICATION_S = 0.08
RATE_HZ = 100


def grain_s(speed: float) -> float:
    """How far past its duration a simulated session may end (s): its last notification, or the last
    burst the simulated insoles put on the radio at once (``DEFAULT_TICK_WALL_S`` of host time, so
    ``DEFAULT_TICK_WALL_S * speed`` of session time), whichever is longer."""
    return max(NOTIFICATION_S, DEFAULT_TICK_WALL_S * speed)


@pytest.mark.parametrize("command, speed, duration", [
    ("record", "30", "20s"),
    ("record", "300", "20s"),
    ("live", "60", "30s"),
])
def test_a_simulated_session_holds_its_duration_at_any_speed(tmp_path, monkeypatch, capsys, command, speed,
                                                            duration):
    # had: the recorder, once the host's clock passed the duration with the data a notification behind,
    # slept a whole progress interval (0.2 s of host time, 0.1 s live) before it looked again, and recorded
    # what came meanwhile: `record --speed 30 --duration 2m` held 2:06, `live --speed 60 --duration 30s` 0:36
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    extra = ["--no-sound", "--no-report"] if command == "live" else []
    code = main([command, "--sim", "healthy-ride", "--speed", speed, "--duration", duration, "--out",
                 str(tmp_path), "--plain", *extra])
    assert code == 0, capsys.readouterr()
    duration_s, grain = float(duration.rstrip("s")), grain_s(float(speed))
    session = load_session(next(tmp_path.iterdir()))
    assert duration_s <= session.info.duration_s <= duration_s + grain
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert abs(t_s[-1] - duration_s) <= grain, (foot, t_s[-1])
        assert len(t_s) <= round((duration_s + grain) * RATE_HZ), (foot, len(t_s))


def test_both_feet_end_together_at_the_duration_when_one_foot_lags(tmp_path, monkeypatch, capsys):
    # had: on a host too busy for 300x the left foot's notifications came behind the right's; the ride
    # ended when the right's data reached the duration, and `record --speed 300 --duration 3m` cut the left
    # short at 2:56; waiting for the left, the right ran on to 3:28 (the simulated insoles sampled on)
    from monitor.link.ble import PairLink

    notify = PairLink._notify

    def left_lags(self, link, data):  # the left's notifications come 10 % of the host's time late
        if link.foot != "left":
            return notify(self, link, data)
        asyncio.get_running_loop().call_later(0.1 * self.host_s(), notify, self, link, data)

    monkeypatch.setattr(PairLink, "_notify", left_lags)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    speed, duration_s = 300.0, 60.0
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", f"{duration_s:g}s",
                 "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    grain = grain_s(speed)  # 1.5 s at 300x; the right's data were 6 s ahead of the left's at the end
    assert duration_s <= session.info.duration_s <= duration_s + grain
    for foot in ("left", "right"):  # both end together, at the duration: the right does not run on ahead
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert duration_s <= t_s[-1] <= duration_s + grain, (foot, t_s[-1])


def test_a_foot_down_at_the_end_does_not_hold_the_ride_back(tmp_path, monkeypatch, capsys):
    # had: with the ride waiting for every foot's data to reach the duration, a foot that dropped at 55 s
    # and was still down at the end of a 60-s ride held the recording open until SIM_STALL_HOST_S (10 s of
    # host time) without its data: `record --speed 30 --duration 60s` took 12 s instead of 2
    took = []

    def timed(coro):
        async def go():
            loop = asyncio.get_running_loop()
            began = loop.time()
            try:
                return await coro
            finally:
                took.append(loop.time() - began)
        return run_on_virtual_clock(go())

    monkeypatch.setattr(asyncio, "run", timed)
    speed, duration_s = 30.0, 60.0
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", f"{duration_s:g}s",
                 "--fault", "drop:left@55s+10s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    assert duration_s <= session.info.duration_s <= duration_s + grain_s(speed)
    assert session.foot_frames("left")["t_s"].iloc[-1] < 55.1
    assert took[0] < duration_s / speed + 1.0, took  # the ride's 2 s of host time, and connecting


def test_both_feet_reach_the_duration_when_the_insoles_clock_runs_ahead_of_session_time(tmp_path, monkeypatch,
                                                                                       capsys):
    # had: the simulated insoles stopped sampling at the ride's end on their own clock, which a real host
    # starts a few milliseconds before session time; `record --sim healthy-ride --speed 40 --duration 1m`
    # then ended both feet at 59.97 s, the recording waited SIM_STALL_HOST_S (10 s of host time) for data
    # that never came, and said "the simulated insoles sent nothing after 1:00 of the 1:00 ride"
    from firmware_sim.sim_clock import wall_s
    from monitor.live.simulated import SimulatedInsoles

    def start_early(self):  # the insoles' clock 5 ms of host time (0.2 s of ride at 40x) ahead
        clock = self._clock()
        clock.start()
        clock._wall0 = wall_s() - 0.005

    monkeypatch.setattr(SimulatedInsoles, "start_clock", start_early)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--speed", "40", "--duration", "60s", "--out", str(tmp_path),
                 "--plain"])
    out = capsys.readouterr()
    assert code == 0, out
    assert "sent nothing" not in out.out + out.err, out
    session = load_session(next(tmp_path.iterdir()))
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert 60.0 <= t_s[-1] <= 60.0 + grain_s(40.0) + 0.5, (foot, t_s[-1])


def test_progress_never_shows_more_than_the_duration(tmp_path, monkeypatch, capsys):
    # had: both feet stopped at 0:20 of a 1:00 ride at 100x; the recording waits SIM_STALL_HOST_S of host
    # time for data that never come, and its progress ran on with the host's clock x speed: "17:20 / 1:00"
    # (an insole kind whose stop ended the whole stream showed "20:28 / 4:00")
    import re

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--speed", "100", "--duration", "60s", "--fault",
                 "stop:left@20s", "--fault", "stop:right@20s", "--out", str(tmp_path), "--plain"])
    out = capsys.readouterr()
    assert code == 0, out
    shown = re.findall(r"^recording +\d+% +(\d+):(\d\d) / 1:00", out.out + out.err, flags=re.M)
    assert shown and max(int(m) * 60 + int(s) for m, s in shown) == 60, shown
