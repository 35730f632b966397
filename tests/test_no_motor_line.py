"""An insole with no vibration motor cannot buzz: the start of `live` says once how alerts will reach the
rider instead (had: nothing, and with --no-sound an ORPHE ride's warnings reached the rider by screen only,
unsaid)."""

from __future__ import annotations

import asyncio

import pytest
from virtual_clock import run_on_virtual_clock

from monitor.cli.main import main
from monitor.link import orphe


def _live(monkeypatch, capsys, tmp_path, insole: str) -> list[str]:
    """The lines `live` prints of a 20 s healthy ride of ``insole`` insoles at 40x, with no sound, on the
    virtual clock."""
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    capsys.readouterr()
    assert main(["live", "--sim", "healthy-ride", "--insole", insole, "--speed", "40", "--duration", "20s",
                 "--plain", "--no-sound", "--no-report", "--out", str(tmp_path)]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.timeout(120)
def test_live_on_orphe_says_once_that_alerts_show_on_screen_only(monkeypatch, capsys, tmp_path):
    lines = _live(monkeypatch, capsys, tmp_path, "orphe")
    said = [line for line in lines if "no motor" in line]
    assert said == ["ORPHE insoles have no motor: alerts show on screen only (no sound: --no-sound)."], lines


@pytest.mark.timeout(120)
def test_live_on_insoles_with_a_motor_says_nothing_of_one(monkeypatch, capsys, tmp_path):
    assert not [line for line in _live(monkeypatch, capsys, tmp_path, "ukaton") if "motor" in line]


def test_the_line_names_each_way_alerts_reach_the_rider():
    from monitor.live.alert_route import no_motor_line

    both = {"left": orphe.layout("left"), "right": orphe.layout("right")}
    assert no_motor_line(both, sound=True, phone=False) == \
        "ORPHE insoles have no motor: alerts show on screen and sound."
    assert no_motor_line(both, sound=True, phone=True) == \
        "ORPHE insoles have no motor: alerts show on screen and on the phone page, and sound."
    assert no_motor_line(both, sound=False, phone=False, why_silent="no sound player found") == \
        "ORPHE insoles have no motor: alerts show on screen only (no sound: no sound player found)."
