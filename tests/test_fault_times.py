"""A simulated fault fires at its time in the session, whatever ``--speed`` is and however long the host
takes to connect and start the insoles streaming: ``record --sim`` (the insoles' clock starts with the
session). On the virtual clock (tests/virtual_clock.py), so a slow host is a wait of known length."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock

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

