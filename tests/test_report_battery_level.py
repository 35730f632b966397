"""The report's Data quality "battery" row of an insole that reports its battery as a level and no
percentage (ORPHE INSOLE: session.json ``devices.FOOT.battery_level``, ``battery`` events with ``level``):
the level word, and whether the insole reported a low battery (docs/report.md, "Data quality"). Had: "-"
for a known level, and a "low" without its ", low-battery warning"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitor.link.records import DeviceInfo
from monitor.report.frames_data import foot_frames
from monitor.report.html import _quality_rows
from monitor.report.quality_data import data_quality
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def ride():
    return offline_session("healthy-ride", duration_s=60, seed=1)


def _battery_row(session) -> list[str]:
    q = data_quality(session, {foot: foot_frames(session, foot) for foot in session.info.feet})
    (row,) = [r for r in _quality_rows(q) if r[0] == "battery"]
    return row[1:]


def _with_levels(session, left: str, right: str, events=()):
    devices = {"left": DeviceInfo("AA", battery_level=left), "right": DeviceInfo("BB", battery_level=right)}
    return replace(session, info=replace(session.info, devices=devices), events=list(session.events) + list(events))


def test_a_known_battery_level_is_shown_with_a_low_batterys_warning(ride):
    assert _battery_row(_with_levels(ride, "high", "low")) == ["high", "low, low-battery warning"]


def test_level_events_show_the_start_end_and_lowest(ride):
    events = [{"t_s": 1.0, "foot": "left", "event": "battery", "level": "high"},
              {"t_s": 30.0, "foot": "left", "event": "battery", "level": "low"},
              {"t_s": 30.0, "foot": "left", "event": "battery_low", "level": "low"}]
    left, right = _battery_row(_with_levels(ride, "high", "normal", events))
    assert left == "high → low (lowest low), low-battery warning"
    assert right == "normal"


def test_a_percentage_is_shown_as_before(ride):
    devices = {"left": DeviceInfo("AA", battery_pct=80), "right": DeviceInfo("BB")}
    assert _battery_row(replace(ride, info=replace(ride.info, devices=devices))) == ["80 %", "-"]
