"""Arguments of another kind are a TypeError naming the argument and what it takes (docs/api.md, "Errors"),
not a failure from deep inside or a value taken as it is."""

from __future__ import annotations

import pytest

import monitor
from test_malformed_files import SAMPLES

GOOD = SAMPLES / "sim-healthy-ride"


@pytest.fixture(scope="module")
def result():
    return monitor.analyze(GOOD)


def test_windows_tables_ride_of_another_kind(result):
    """It said "'int' object is not subscriptable"."""
    with pytest.raises(TypeError, match=r"^windows_table's ride takes a DataFrame of ride records .*, not a int$"):
        monitor.windows_table(result, ride=5)


def test_shoes_of_another_kind_is_refused_as_setup_json_refuses_it():
    """analyze(s, shoes=5) was taken, while setup.json's "shoes": 5 is refused."""
    with pytest.raises(TypeError, match=r"^shoes takes text .* or None, not a int$"):
        monitor.analyze(GOOD, shoes=5)
