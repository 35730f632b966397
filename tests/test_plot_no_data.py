"""plot_region_bars and plot_timeline given mappings without a foot (``{}``, which figure data can hold)
draw panels that say there is no data, as the other plot_* functions say what they lack ("no left insole",
"one foot only: no asymmetry"), not blank axes."""

from __future__ import annotations

import io

import pytest
from matplotlib.figure import Figure

import monitor


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def _drawn(fig) -> None:
    fig.savefig(io.BytesIO(), format="png", dpi=40)  # it renders


@pytest.mark.parametrize("summary, said", [
    ({}, "no data: the summary holds no foot"),
    ({"left": {"regions": {}}, "right": {}}, "no data: no region was measured"),
], ids=["no-foot", "no-region"])
@pytest.mark.parametrize("own", [True, False], ids=["new-figure", "given-axes"])
def test_region_bars_without_data_say_so(summary, said, own):
    """had: two empty panels, without a word."""
    axes = None if own else Figure().subplots(1, 2)
    fig = monitor.plot_region_bars(summary, axes=axes)
    assert _texts(fig) == [said, said]
    _drawn(fig)


@pytest.mark.parametrize("own", [True, False], ids=["new-figure", "given-axes"])
def test_a_timeline_without_a_foot_says_no_data(own):
    """had: each panel said "no analysis window: the session is too short for one" of no session at all."""
    axes = None if own else Figure().subplots(3, 1, sharex=True)
    fig = monitor.plot_timeline({}, axes=axes)
    assert _texts(fig) == ["no data:\nno foot's timeline was given"] * 3
    _drawn(fig)
