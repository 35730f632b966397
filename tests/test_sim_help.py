"""``--sim``'s help says what it runs for every insole kind: BLE insoles on a virtual radio, the Moticon app's
stream over UDP (``--insole moticon-udp``, monitor.live.simulated). Had: "use simulated insoles on a virtual
radio in this process" for ``record`` and ``live``, though ``--insole moticon-udp`` sends UDP datagrams."""

from __future__ import annotations

import argparse

import pytest

from monitor.cli.main import build_parser


def _sim_help(command: str) -> str:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    return " ".join(next(a for a in sub._actions if "--sim" in a.option_strings).help.split())


@pytest.mark.parametrize("command", ["record", "live"])
def test_sim_help_says_the_moticon_stream_goes_over_udp(command):
    said = _sim_help(command)
    assert "virtual radio" in said and "--insole moticon-udp" in said and "UDP" in said, said


def test_scan_sim_help_says_a_virtual_radio_only():
    said = _sim_help("scan")  # a scan never finds the Moticon stream (UDP): its --sim is BLE insoles
    assert "virtual radio" in said and "UDP" not in said, said
