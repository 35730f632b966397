"""A port beyond 65535 given from Python (not the command line, whose argument types refuse it first) is a
UsageError naming it, never the socket module's OverflowError; and the simulated firmware's own command
line refuses a negative seed in one line."""

from __future__ import annotations

import asyncio

import pytest

from firmware_sim.serve import main as peripheral_main
from monitor.errors import UsageError
from monitor.link.udp import UdpLink
from monitor.live.simulated import remote_radio, serve_simulation
from monitor.live.web.server import PhoneView


def test_a_udp_port_beyond_65535_is_a_usage_error():
    async def listen():
        await UdpLink(port=70000).listen()

    with pytest.raises(UsageError, match="70000"):
        asyncio.run(listen())


def test_a_phone_view_port_beyond_65535_is_a_usage_error():
    with pytest.raises(UsageError, match="65535"):
        PhoneView("127.0.0.1", 70000)


def test_a_radio_port_beyond_65535_is_a_usage_error():
    async def reach():
        async with remote_radio("tcp-client:127.0.0.1:70000"):
            pass

    with pytest.raises(UsageError, match="1 to 65535"):
        asyncio.run(reach())


def test_an_hci_port_beyond_65535_is_a_usage_error():
    with pytest.raises(UsageError, match="0 to 65535"):
        asyncio.run(serve_simulation("healthy-ride", hci="tcp-server:127.0.0.1:70000", speed=1.0, seed=1, faults=[],
                                     duration_s=1.0, stop=asyncio.Event(), on_ready=lambda info: None))


def test_the_simulated_firmware_refuses_a_negative_seed_in_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        peripheral_main(["--seed", "-1"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("argument --seed: invalid seed '-1' (a whole number from 0)"), err
