"""What the radio libraries log stays off the terminal (monitor.cli.radio_logs): when the simulated insoles'
process dies under a live session, the rider reads Solewatch's own lines, not bumble's "!!! Command ...
timed out"; ``--verbose`` shows bumble's records, named.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest
from virtual_clock import run_on_virtual_clock

import monitor.live.simulated
from monitor.cli.main import main
from monitor.cli.radio_logs import RADIO_LOGGERS, radio_logs

pytestmark = pytest.mark.timeout(300)  # a hang guard, generous for a loaded host

#: Simulated seconds of ride before the simulator dies.
DIES_AT_S = 10.0


def _simulator_that_dies(real=monitor.live.simulated.simulated_insoles):
    """``simulated_insoles`` as `solewatch sim` in another process serves them (HCI over TCP, here on a
    loopback port in this process and loop), cut off once the ride reaches ``DIES_AT_S``, as the simulator
    process killed: the monitor's host loses its controller mid-ride."""

    @contextlib.asynccontextmanager
    async def simulated_insoles(scenario, **kwargs):
        async with real(scenario, **kwargs) as sim:
            server = await sim.radio.serve_hci("tcp-server:127.0.0.1:0")

            async def die() -> None:
                while sim.pair.clock.now_s() < DIES_AT_S:
                    await asyncio.sleep(0.05)
                await server.abort()

            async with monitor.live.simulated.remote_radio(server.client_spec) as backends:
                sim.backends = backends
                dying = asyncio.create_task(die())
                try:
                    yield sim
                finally:
                    dying.cancel()

    return simulated_insoles


class _Seen(logging.Filter):
    """Keeps the message of every record logged on its logger (a filter, not a handler: a handler would
    stand in for the root logger's missing one and keep ``logging.lastResort`` from printing)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.messages.append(record.getMessage())
        return True


def test_a_simulator_that_dies_mid_ride_leaves_only_solewatchs_lines_on_the_terminal(tmp_path, capfd,
                                                                                       monkeypatch):
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as in a solewatch process: none configured
    monkeypatch.setattr(monitor.live.simulated, "simulated_insoles", _simulator_that_dies())
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's one event loop
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    seen = _Seen()
    bumble_device = logging.getLogger("bumble.device")
    bumble_device.addFilter(seen)
    try:  # a ride long enough (15 s of the host's clock) for bumble's command to time out within it: a ride
        # whose insoles are all down past its duration ends there (tests/test_link_words_after_end.py)
        code = main(["live", "--sim", "healthy-ride", "--speed", "20", "--duration", "5m", "--plain",
                     "--no-sound", "--no-report", "--out", str(tmp_path / "sessions")])
    finally:
        bumble_device.removeFilter(seen)
    out, err = capfd.readouterr()
    assert code == 0, err
    # the simulator did die under the monitor: bumble warned of a command its controller never answered
    assert any("timed out" in m for m in seen.messages), seen.messages
    assert "left insole disconnected; reconnecting" in out
    assert "right insole disconnected; reconnecting" in out
    assert not [line for line in (out + err).splitlines() if "!!!" in line or "bumble" in line], out + err


def test_verbose_shows_the_radio_libraries_records_named_and_puts_the_loggers_back(capfd, monkeypatch):
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    before = {name: (logging.getLogger(name).level, logging.getLogger(name).propagate,
                     list(logging.getLogger(name).handlers)) for name in RADIO_LOGGERS}
    with radio_logs(verbose=False):
        logging.getLogger("bumble.device").warning("!!! Command HCI_RESET_COMMAND timed out")
    assert capfd.readouterr() == ("", "")
    with radio_logs(verbose=True):
        logging.getLogger("bumble.device").warning("!!! Command HCI_RESET_COMMAND timed out")
        logging.getLogger("bleak.backends.scanner").info("scanning")
        logging.getLogger("bumble.host").debug("### HOST -> CONTROLLER")  # every packet: not shown
    assert capfd.readouterr().err.splitlines() == [
        "bumble.device: WARNING: !!! Command HCI_RESET_COMMAND timed out",
        "bleak.backends.scanner: INFO: scanning",
    ]
    assert before == {name: (logging.getLogger(name).level, logging.getLogger(name).propagate,
                             list(logging.getLogger(name).handlers)) for name in RADIO_LOGGERS}


def test_bumbles_own_root_debug_call_does_not_configure_logging_for_other_libraries(capfd, monkeypatch):
    """bumble's gatt_server calls ``logging.debug`` on the root logger, which configures a root logger
    without handlers (``basicConfig``): every other library's warning would then print as
    ``WARNING:name:message``. While a command runs they print as before, the message alone."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", logging.WARNING)
    with radio_logs(verbose=False):
        logging.debug("not found ...")  # what bumble.gatt_server does
        logging.getLogger("somelibrary").warning("a warning of its own")
        logging.getLogger("somelibrary").info("not shown")
    assert capfd.readouterr().err.splitlines() == ["a warning of its own"]
    assert root.handlers == []
