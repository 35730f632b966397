"""``monitor.offline_session`` from Python: an argument it cannot make a session of (no frame in the
duration, a rate the simulated insole lacks, a negative seed...) is a UsageError naming the argument,
not whatever numpy or the layout decoder raised deep inside."""

from __future__ import annotations

import math

import numpy as np
import pytest

import monitor


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"duration_s": 0}, "duration_s 0 holds no frame at 100 Hz"),
    ({"duration_s": 0.001}, "duration_s 0.001 holds no frame"),
    ({"duration_s": -5}, "duration_s -5 holds no frame"),
    ({"duration_s": math.nan}, "duration_s nan is not a number of seconds"),
    ({"duration_s": math.inf}, "duration_s inf is not a number of seconds"),
    ({"duration_s": "10"}, "duration_s '10' is not a number of seconds"),
    ({"duration_s": 1e9}, "duration_s 1e+09 is longer than any recording"),
    ({"duration_s": 5, "rate_hz": 0}, "rate_hz 0: the simulated insole runs at 25, 50, 100, 200 Hz"),
    ({"duration_s": 5, "rate_hz": -10}, "rate_hz -10"),
    ({"duration_s": 5, "rate_hz": 100.0}, "rate_hz 100.0: the simulated insole runs at"),  # struct.error
    ({"duration_s": 5, "rate_hz": np.float64(50)}, "rate_hz np.float64"),
    ({"duration_s": 5, "seed": -1}, "seed -1 is not an integer from 0"),
    ({"duration_s": 5, "seed": 1.5}, "seed 1.5 is not an integer from 0"),
    ({"duration_s": 5, "block_s": 0}, "block_s 0 is not a number of seconds holding a frame"),
    ({"duration_s": 1e307}, "duration_s 1e+307 is longer than any recording"),  # had: OverflowError
    ({"duration_s": 1e306, "rate_hz": 200}, "duration_s 1e+306 is longer than any recording"),
    ({"duration_s": -1e307}, "duration_s -1e+307 holds no frame"),  # had: OverflowError
])
def test_an_argument_it_cannot_simulate_is_a_usage_error_naming_it(kwargs, fragment):
    with pytest.raises(monitor.UsageError, match="^" + fragment.replace("(", r"\(").replace("+", r"\+")):
        monitor.offline_session("tight-shoes", **kwargs)


def test_the_shortest_session_is_one_frame_per_foot():
    session = monitor.offline_session("tight-shoes", duration_s=0.01)
    assert session.frames.groupby("foot", observed=True).size().tolist() == [1, 1]


def test_a_scenario_that_is_no_name_is_a_usage_error_and_numpy_whole_numbers_are_taken():
    """``offline_session(5)`` raised AttributeError ('int' object has no attribute 'strip')."""
    with pytest.raises(monitor.UsageError, match=r"^scenario 5 is not a name"):
        monitor.offline_session(5)
    session = monitor.offline_session("tight-shoes", duration_s=1, rate_hz=np.int64(50))
    assert session.frames.groupby("foot", observed=True).size().tolist() == [50, 50]


def test_a_block_longer_than_the_session_is_the_session():
    """``block_s=1e307`` raised OverflowError (cannot convert float infinity to integer)."""
    long_block = monitor.offline_session("tight-shoes", duration_s=2, block_s=1e307)
    assert long_block.frames.equals(monitor.offline_session("tight-shoes", duration_s=2).frames)
