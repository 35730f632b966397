"""A ride with no declared activity (a real insole's recording without ``--activity`` stores "unknown") says
what to do in the same words live, on the phone and in its replay: each warning carries the relief words of
the activity the alert policy judged it in (``Alert.relief``), so no view words it from an activity of its
own. The ride runs on the simulated radio on a virtual clock (tests/virtual_clock.py)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from known_rider import rider_normal
from rich.console import Console
from virtual_clock import run_on_virtual_clock

from monitor.cli.console_live import LiveDisplay
from monitor.cli.main import main
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import TerminalChannel
from monitor.live.session import run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.web.state import page_state
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

#: quick detection (tests/test_replay.py): a window a second, a warning after 80 s of load, repeats after 2 s
QUICK = {"features": {"step_s": 1.0}, "detector": {"warn_after_s": 80.0}, "alerts": {"quiet_s": 2.0}}
SPEED = 40.0


async def _undeclared_ride(out: Path, duration_s: float = 120.0) -> SimpleNamespace:
    """A live ride of the "cleat-forward" scenario whose session declares no activity, its plain lines printed
    as ``solewatch live --plain`` prints them (monitor.cli.commands), and the phone's state of each view."""
    screen = io.StringIO()
    phone: list[dict] = []
    async with simulated_insoles("cleat-forward", speed=SPEED, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        meta = dataclasses.replace(sim.meta, activity="unknown")
        with LiveDisplay(Console(file=screen, width=200), plain=True) as display:
            def on_view(view) -> None:
                display.update(view)
                phone.append(page_state(view))

            summary = await run_live(link, meta, duration_s=duration_s, out_dir=out,
                                     params=DEFAULT_PARAMS.override(QUICK),
                                     channels=[TerminalChannel(lambda alert, bell: True)], on_view=on_view,
                                     on_delivered=lambda d: display.event(d.alert, d.delivered),
                                     baseline=rider_normal(1))
    return SimpleNamespace(path=summary.record.path, lines=screen.getvalue().splitlines(), phone=phone)


def _warnings(lines: list[str]) -> list[str]:
    return [line for line in lines if "  WARNING  " in line]


def test_an_undeclared_rides_warnings_say_the_same_now_and_after_live_on_the_phone_and_in_replay(
        tmp_path, capsys):
    # had: live worded relief from the view's recognised activity ("Unweight the foot 20-60 s. After: Move
    # the left cleat back 2-10 mm"), its replay from the declared one, "unknown" ("Take a 20-60 s break.
    # After: Move the left cleat back 2-10 mm"): a break on foot next to a cleat fix
    ride = run_on_virtual_clock(_undeclared_ride(tmp_path))
    live = _warnings(ride.lines)
    assert live and all(". After: Move the " in line and "cleat" in line for line in live), live
    assert main(["replay", str(ride.path), "--plain"]) == 0
    replayed = _warnings(capsys.readouterr().out.splitlines())
    assert replayed == live
    # judged on a bike (the recogniser's label where none is declared): relief on the bike, not a break
    assert all(": Unweight the foot 20-60 s. After: " in line for line in replayed), replayed
    # the phone's banner says the same now and after as the line for the same warning
    banners = [p["banner"] for p in ride.phone if p.get("banner") and p["banner"].get("level") == "warning"]
    assert banners
    for b in banners:
        said = f"{b['todo']}. After: {b['fix']}" if b["fix"] else b["todo"]
        assert any(said in line for line in live), (said, live[:3])
