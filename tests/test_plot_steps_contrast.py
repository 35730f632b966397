"""The footstrike bars' percentages are legible: each text on a bar keeps a WCAG 2.x contrast ratio of 4.5:1 or
more (level AA for normal text: www.w3.org/TR/WCAG21/#contrast-minimum) against the bar it is written on, the
ratio computed here from the colours drawn. Had: white on the midfoot's olive (#999933), 3.0:1."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.steps import STRIKES
from monitor.report.data import report_data
from monitor.report.plots.steps import plot_steps
from monitor.session.offline import offline_session

#: WCAG 2.x, success criterion 1.4.3 (contrast, minimum), normal text.
WCAG_AA = 4.5


def relative_luminance(colour) -> float:
    """WCAG 2.x relative luminance of ``colour`` (any matplotlib colour), 0 (black) to 1 (white)."""
    srgb = np.array(mcolors.to_rgb(colour))
    linear = np.where(srgb <= 0.03928, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    return float(np.dot([0.2126, 0.7152, 0.0722], linear))


def contrast(a, b) -> float:
    """WCAG 2.x contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def walk():
    session = offline_session("healthy-walk", duration_s=30, seed=1)
    return report_data(session, analyze(session))


def _texts_on_bars(ax) -> list[tuple[str, str, str]]:
    """(text, its colour, the face colour of the bar under its anchor) for each text of the strike panel."""
    out = []
    for text in ax.texts:
        x, y = text.get_position()
        under = [p for p in ax.patches if p.get_bbox().contains(x, y)]
        assert len(under) == 1, (text.get_text(), under)
        out.append((text.get_text(), mcolors.to_hex(text.get_color()), mcolors.to_hex(under[0].get_facecolor())))
    return out


def test_every_strike_percentage_is_legible_on_its_bar(walk):
    shares = dict(zip(STRIKES, (30.0, 45.0, 25.0), strict=True))  # every type wide enough for its number
    gait = {"feet": {f: {"strike_pct": shares, "strike_unmeasured": ""} for f in walk.steps}}
    ax = plot_steps(walk.steps, gait, walk.timelines).axes[0]
    drawn = _texts_on_bars(ax)
    assert len(drawn) == 3 * len(walk.steps), drawn
    for text, colour, face in drawn:
        assert contrast(colour, face) >= WCAG_AA, (text, colour, face, round(contrast(colour, face), 2))  # had: 3.0


def test_the_ratio_is_wcags():
    assert contrast("white", "black") == pytest.approx(21.0)
    assert contrast("#999933", "white") == pytest.approx(3.02, abs=0.01)
