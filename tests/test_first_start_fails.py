"""An insole whose driver fails at its first start on an error no attempt expects (a bug in a driver or in
bleak's backend, not a connection error) ends ``record`` and ``live`` with one line naming the insole and the
error, exit 2, the session folder closed with what came before (at a reconnection the same error is the
``reconnection_failed`` event, tests/test_link_repeated_faults.py). Had: a traceback.

The simulated insoles run on a virtual clock (tests/virtual_clock.py); the left one's driver is a test double
whose start raises."""

from __future__ import annotations

import asyncio

import pytest

from monitor.link.drivers import SolewatchDriver
from monitor.session.directory import load_session

pytestmark = pytest.mark.timeout(300)

#: A message that spans lines, as some libraries' do.
ERROR = RuntimeError("the driver broke:\n  handle 0x2a\r\n\tnot found")


class FailingLeftDriver(SolewatchDriver):
    """The Solewatch profile's driver, but the left insole's start raises :data:`ERROR`."""

    async def start(self, link, layout, on_pressure, on_battery):  # type: ignore[override]
        if link.foot == "left":
            raise ERROR
        return await super().start(link, layout, on_pressure, on_battery)


@pytest.mark.parametrize("command", [["record", "--plain"], ["live", "--plain", "--no-sound", "--no-report"]],
                         ids=["record", "live"])
def test_a_drivers_error_at_the_first_start_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, command):
    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main
    from monitor.link import ble

    monkeypatch.setattr(ble, "driver", lambda kind: FailingLeftDriver())
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main([command[0], "--sim", "healthy-ride", "--speed", "20", "--duration", "30s", *command[1:],
                 "--out", str(tmp_path)])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "Traceback" not in out + err
    said = [line for line in err.splitlines() if "error:" in line]
    assert len(said) == 1 and said[0].startswith(f"solewatch {command[0]}: error: left insole"), err
    assert "RuntimeError: the driver broke: handle 0x2a not found" in said[0], err
    sessions = list(tmp_path.iterdir())
    assert len(sessions) == 1 and str(sessions[0]) in said[0], err  # it says where what came is kept
    session = load_session(sessions[0])  # closed: it reads
    assert session.info.end_utc is not None
