"""A simulated fault fires at its time in the session, whatever ``--speed`` is and however long the host
takes to connect and start the insoles streaming: ``record --sim`` (the insoles' clock starts with the
session) and ``solewatch sim`` for a monitor in another process (its clock starts with the first data).
Each on the virtual clock (tests/virtual_clock.py), so a slow host is a wait of known length."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock

from firmware_sim.faults import parse_fault
from firmware_sim.peripheral import serve
from monitor import load_session
from monitor.cli.main import main
from monitor.link.ble import FootLink

#: Host seconds a loaded host takes to subscribe and start each insole (a guess of the order measured:
#: docs/reliability.md has reconnections of 1.5 s on a loaded two-core host).
SLOW_START_HOST_S = 0.2
#: Session seconds in one notification of the simulated insole (docs/protocol.md, "Sizes": 8 frames at
#: 100 Hz): a drop acts on whole notifications.
NOTIFICATION_S = 0.08


@pytest.mark.parametrize("speed", [30.0, 120.0])
def test_a_drop_comes_at_its_session_time_however_long_the_insoles_took_to_start(tmp_path, monkeypatch, capsys,
                                                                                 speed):
    # had: the insoles' clock started with the first insole's stream, SLOW_START_HOST_S x speed (6 s at
    # 30x, 24 s at 120x) into the session, and the drop at 30 s of that clock came that much later
    start = FootLink.start

    async def slow_start(self):
        await asyncio.sleep(SLOW_START_HOST_S)
        await start(self)

    monkeypatch.setattr(FootLink, "start", slow_start)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", "60s",
                 "--fault", "drop:left@30s+2s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    left = session.foot_frames("left")
    assert left["t_s"].iloc[0] == pytest.approx(SLOW_START_HOST_S * speed, abs=NOTIFICATION_S)  # data came late
    (gap,) = session.gaps[session.gaps["foot"] == "left"].itertuples()
    assert 30.0 - 2 * NOTIFICATION_S <= gap.start_s <= 30.0 + NOTIFICATION_S, gap


def test_solewatch_sim_lets_no_ride_time_pass_before_a_monitor_streams():
    # had: `solewatch sim --speed 30` ran its clock from the moment it served, so a monitor that connected
    # 2 s later met a ride 60 s old, its faults before 60 s already gone, and --duration counted from then
    async def go():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.call_later(2.0, stop.set)  # no monitor comes for 2 s of host time
        began = loop.time()
        counters = await serve("tcp-server:127.0.0.1:0", "healthy-ride", speed=30.0, seed=1,
                               faults=[parse_fault("drop:left@10s")], duration_s=5.0, stop=stop)
        return counters, loop.time() - began

    counters, served_host_s = run_on_virtual_clock(go())
    assert counters["left"].drops_injected == 0  # the drop at 10 s of ride has not come
    # --duration 5s, 0.17 s of host time at 30x, counts from the first data: no data, so it never ended
    assert served_host_s >= 2.0
