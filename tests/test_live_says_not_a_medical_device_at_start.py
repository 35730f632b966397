"""`solewatch live` says that Solewatch is not a medical device once at its start, before it connects, in the
words its end says it in (monitor.analysis.suggestions.NOT_A_MEDICAL_DEVICE): it said it only at the end, in the
--help epilogs and on the phone view, so a rider read the alerts of a whole ride before it."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock

from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE
from monitor.cli.main import main


@pytest.mark.timeout(120)
@pytest.mark.parametrize("plain", [["--plain"], []])
def test_live_says_it_is_not_a_medical_device_first_and_again_at_the_end(monkeypatch, capsys, tmp_path, plain):
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    capsys.readouterr()
    assert main(["live", "--sim", "one-sided", "--speed", "40", "--duration", "20s", *plain, "--no-sound",
                 "--no-report", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == NOT_A_MEDICAL_DEVICE, lines[:3]
    assert lines[1].startswith("connecting"), lines[:3]
    assert lines.count(NOT_A_MEDICAL_DEVICE) == 2 and lines[-1] == NOT_A_MEDICAL_DEVICE, lines
