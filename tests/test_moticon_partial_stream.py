"""A Moticon app that streams some channels only (hermes-moticon's README: the person selects what the app
streams) sends datagrams that are not the 51 values the monitor reads. They come on the port, real UDP
on 127.0.0.1, and are said once, while the monitor waits on: what came, what was expected, what to do.

Had: every such datagram ignored without a word; `record --moticon-udp PORT` said only "waiting for the
Moticon app's stream ... start streaming", for ever, then "stopped before the session started; nothing
recorded", exit 0.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import threading

import numpy as np
import pytest
from test_cli import ROOT, _free_udp_port

from firmware_sim.vendors import moticon as moticon_fw
from monitor.codebook import FEET
from monitor.errors import ProtocolError

#: A stream of the time and the 16 pressures of each foot only: 33 values.
PARTIAL = " ".join(["0.01"] + ["1.0"] * 32).encode("ascii")


def _whole_datagram() -> bytes:
    return moticon_fw.encode_datagrams(np.array([0.02]), {foot: np.full((1, 16), 5.0) for foot in FEET})[0]


async def _wait_with(datagrams_then: str) -> tuple[list[str], object]:
    """A link on a free port gets PARTIAL datagrams; once it has said so, more of them, then either a whole
    datagram (``"whole"``) or Ctrl-C (``"stop"``). Returns what it said and what the wait returned or
    raised."""
    from monitor.link.ble import LinkConfig
    from monitor.link.udp import UdpLink

    link = UdpLink(LinkConfig(), port=0)
    port = await link.listen()
    said: list[str] = []
    heard = asyncio.Event()
    stop = asyncio.Event()

    def say(line: str) -> None:
        said.append(line)
        heard.set()

    sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    waiting = asyncio.ensure_future(link.wait_for_stream(timeout_s=None, stop=stop, say=say))
    try:
        for _ in range(3):
            sender.sendto(PARTIAL, ("127.0.0.1", port))
        await asyncio.wait_for(heard.wait(), timeout=60)
        for _ in range(3):
            sender.sendto(PARTIAL, ("127.0.0.1", port))
        if datagrams_then == "whole":
            sender.sendto(_whole_datagram(), ("127.0.0.1", port))
        else:
            stop.set()
        try:
            outcome: object = await asyncio.wait_for(waiting, timeout=60)
        except ProtocolError as exc:
            outcome = exc
    finally:
        sender.close()
        await link.close()
    return said, outcome


@pytest.mark.timeout(120)
def test_a_partial_stream_is_said_once_and_the_whole_stream_still_starts() -> None:
    said, outcome = asyncio.run(_wait_with("whole"))
    assert outcome is True
    assert len(said) == 1, said
    assert "with 33 values, expected 51: stream all channels from the Moticon app" in said[0], said
    assert "still waiting" in said[0], said


@pytest.mark.timeout(120)
def test_stopped_after_a_partial_stream_says_why_nothing_was_recorded() -> None:
    said, outcome = asyncio.run(_wait_with("stop"))
    assert len(said) == 1, said
    assert isinstance(outcome, ProtocolError), outcome
    assert str(outcome).startswith("stopped before the session started; nothing recorded: datagrams arrive"), \
        outcome
    assert "33 values, expected 51" in str(outcome)


@pytest.mark.timeout(120)
def test_record_says_the_partial_stream_once_and_exits_2_when_stopped(tmp_path) -> None:
    """`record --moticon-udp PORT` with the app streaming 33 values: one line says so while it waits (the
    datagrams keep coming), and stopped (SIGTERM), it exits 2 saying why nothing was recorded."""
    port = _free_udp_port()
    argv = [sys.executable, "-u", "-m", "monitor", "record", "--moticon-udp", str(port), "--out", str(tmp_path),
            "--plain", "--duration", "1m"]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=ROOT)
    done = threading.Event()

    def send() -> None:  # the app's stream: on until the command has ended
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            while not done.wait(0.01):
                sock.sendto(PARTIAL, ("127.0.0.1", port))

    sender = threading.Thread(target=send, daemon=True)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            if "waiting for the Moticon app's stream" in line:  # the port is bound
                sender.start()
            if "with 33 values, expected 51" in line and "still waiting" in line:
                proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        done.set()
        if proc.poll() is None:
            proc.kill()
    said = [line for line in seen if "33 values, expected 51" in line]
    assert len(said) == 2, seen  # once while waiting, once as the error
    assert said[0] == (f"datagrams arrive on UDP port {port} (127.0.0.1) with 33 values, expected 51: stream all "
                       "channels from the Moticon app; still waiting..."), seen
    assert said[1].startswith("solewatch record: error: stopped before the session started; nothing recorded: "
                              f"datagrams arrive on UDP port {port}"), seen
    assert proc.returncode == 2, seen
    assert not any("Traceback" in line for line in seen), seen
    assert not list(tmp_path.iterdir())  # no session folder begun
