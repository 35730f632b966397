"""Healthy riders over whole rides (monitor/tools/healthy_rides.py): which riders, and how the table counts."""

from __future__ import annotations

import pytest

from monitor.tools.healthy_rides import healthy_riders, rows, section
from monitor.tools.population_study import FootOutcome, Rendering


def assert_first_cyclists_of_each_part(riders: list, n_per_part: int, condition: str) -> None:
    """``riders`` are ``n_per_part`` cyclists with ``condition`` of each part, tuning first, then held-out,
    in rider order within each part (monitor.tools.whole_rides.first_cyclists)."""
    assert [r.held_out for r in riders] == [False] * n_per_part + [True] * n_per_part
    assert all(r.activity == "cycling" and r.condition.kind == condition for r in riders)
    for part in (riders[:n_per_part], riders[n_per_part:]):
        assert [r.rider_id for r in part] == sorted(r.rider_id for r in part)


def test_the_riders_are_the_first_healthy_cyclists_of_each_part_as_drawn():
    assert_first_cyclists_of_each_part(healthy_riders(3), 3, "healthy")


def _foot(rider: str, held_out: bool, foot: str, relief: str, warnings_t_s=(), duration_s: float = 3600.0,
          layout: str = "moticon16") -> FootOutcome:
    return FootOutcome(rider, held_out, "cycling", "healthy", foot, False, False, None, relief,
                       Rendering(layout, 100, 1.0, 2.5, duration_s, True), warnings_t_s=list(warnings_t_s),
                       false_warnings=len(warnings_t_s))


def test_rider_hours_count_a_ride_once_warnings_count_both_feet_and_parts_stay_apart():
    outcomes = [
        _foot("r1", False, "left", "every_8min", [3000.0]), _foot("r1", False, "right", "every_8min", [2940.0]),
        _foot("r2", False, "left", "every_8min", duration_s=1800.0), _foot("r2", False, "right", "every_8min",
                                                                             duration_s=1800.0),
        _foot("r3", False, "left", "never"), _foot("r3", False, "right", "never"),
        _foot("r4", True, "left", "every_8min"), _foot("r4", True, "right", "every_8min", [600.0, 1200.0]),
    ]
    tuning_relieving, tuning_never, held = rows(outcomes)
    assert (tuning_relieving["habit"], tuning_relieving["riders"]) == ("relieving", 2)
    assert tuning_relieving["hours"] == pytest.approx(1.5)
    assert tuning_relieving["warnings"] == 2 and tuning_relieving["per_hour"] == pytest.approx(2 / 1.5)
    assert tuning_relieving["warned"] == [("r1", 49.0)]
    assert (tuning_never["habit"], tuning_never["warnings"], tuning_never["warned"]) == ("never relieving", 0, [])
    assert (held["part"], held["warnings"], held["warned"]) == ("held-out", 2, [("r4", 10.0)])
    text = "\n".join(section(outcomes, 12.0))
    assert "| tuning | moticon16 | relieving | 2 | 1.5 | 2 | 1.33 | r1 (49) | 0 |" in text
    assert "| held-out | moticon16 | relieving | 1 | 1.0 | 2 | 2.00 | r4 (10) | 0 |" in text
