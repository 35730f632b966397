"""Swelling over whole rides (monitor/tools/swelling_rides.py): which riders, and how the table counts."""

from __future__ import annotations

import math

from test_healthy_rides import assert_first_cyclists_of_each_part

from monitor.tools.population_study import FootOutcome, Rendering
from monitor.tools.swelling_rides import rows, section, swelling_riders


def test_the_riders_are_the_first_swelling_cyclists_of_each_part_as_drawn():
    assert_first_cyclists_of_each_part(swelling_riders(3), 3, "swelling")


def _foot(rider: str, held_out: bool, foot: str, affected: bool, latency_s: float = math.nan,
          false_warnings: int = 0, duration_s: float = 3600.0) -> FootOutcome:
    return FootOutcome(rider, held_out, "cycling", "swelling", foot, affected, False, 600.0 if affected else None, "",
                       Rendering("moticon16", 100, 1.0, 2.5, duration_s, True), latency_s=latency_s,
                       false_warnings=false_warnings)


def test_a_rider_counts_as_warned_only_when_every_affected_foot_was_and_parts_stay_apart():
    outcomes = [
        _foot("r1", False, "left", True, 600.0), _foot("r1", False, "right", True, 1200.0),  # both warned
        _foot("r2", False, "left", True, 900.0), _foot("r2", False, "right", True),  # one foot not
        _foot("r3", False, "left", True), _foot("r3", False, "right", False, false_warnings=2, duration_s=1800.0),
        _foot("r4", True, "left", True, 300.0, false_warnings=1), _foot("r4", True, "right", False),
    ]
    tuning, held = rows(outcomes)
    assert (tuning["part"], tuning["riders"], tuning["riders_warned"]) == ("tuning", 3, 1)
    assert (tuning["feet"], tuning["feet_warned"]) == (5, 3)
    assert tuning["latency_min"] == (10.0, 15.0, 20.0)
    assert (tuning["healthy_foot"], tuning["pre_onset"], tuning["not_every"]) == (2, 0, ["r2", "r3"])
    assert tuning["ride_min"] == (30.0, 60.0)
    assert (held["part"], held["riders_warned"], held["feet_warned"], held["pre_onset"]) == ("held-out", 1, 1, 1)
    text = "\n".join(section(outcomes, 12.0))
    assert "| tuning | moticon16 | 3 | 30-60 | 1 | 3/5 | 10.0 / 15.0 / 20.0 | 2 | 0 | r2, r3 |" in text
