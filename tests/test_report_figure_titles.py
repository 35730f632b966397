"""What the figures say of what they draw: the PDF's title over the timeline (and the HTML image's alt text)
names reliefs, alerts and numb marks only when the figure draws some; the region bars say "not measured" on
the rows of regions no insole measures (ORPHE INSOLE's heel and midfoot), as the asymmetry figure does, and
that figure's "not measured" stands clear of its zero line. Had: "... reliefs, alerts, numb marks over time"
over every timeline; ORPHE's heel and midfoot rows left out without a word; the zero line through the text."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from monitor.analysis.batch import analyze
from monitor.codebook import ANALYSIS_REGIONS, FOREFOOT_REGIONS, region_name
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.pdf import figure_titles
from monitor.report.plots.regions import NOT_MEASURED, plot_asymmetry, plot_region_bars
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def ride():
    session = offline_session("healthy-ride", duration_s=90, seed=2)
    return report_data(session, analyze(session))


def test_the_timeline_title_names_only_what_is_drawn(ride):
    bare = dataclasses.replace(ride, alerts=[], marks=[])
    assert not any(tl.reliefs for tl in bare.timelines.values())
    title = figure_titles(bare)["timeline"]
    assert title == "forefoot load and share per window, detector level per foot over time", title
    html = render_html(bare, {"timeline": b"png"})
    alt = re.search(r'<figure id="timeline">.*?alt="([^"]*)"', html, re.S).group(1)
    assert alt == title
    warned = dataclasses.replace(bare, alerts=[SimpleNamespace(kind="alert", foot="left", level="warning", t_s=60.0,
                                                               region=None, message="")])
    assert figure_titles(warned)["timeline"] == ("forefoot load and share per window, detector level per foot, "
                                                 "alerts over time")


def test_every_figure_has_a_title_in_words(ride):
    titles = figure_titles(ride)
    assert titles["ride"].startswith("forefoot share and forefoot peak pressure per second"), titles["ride"]


def _orphe_summary() -> dict:
    """Both feet measuring the forefoot regions alone (ORPHE INSOLE: no heel or midfoot region of its own)."""
    regions = {r: {"peak_kpa": 200.0, "pti_kpa_s": 80.0} for r in (*FOREFOOT_REGIONS, "lesser_toes")}
    return {foot: {"regions": regions} for foot in ("left", "right")}


def test_regions_no_insole_measures_say_not_measured():
    fig = plot_region_bars(_orphe_summary())
    for ax in fig.axes[:2]:
        rows = {t.get_text(): i for i, t in enumerate(fig.axes[0].get_yticklabels())}
        assert list(rows) == [region_name(r) for r in ANALYSIS_REGIONS]
        said = {round(float(t.get_position()[1])) for t in ax.texts if t.get_text() == NOT_MEASURED}
        unmeasured = {rows[region_name(r)] for r in ("heel_medial", "heel_lateral", "midfoot_medial",
                                                     "midfoot_lateral")}
        assert said == unmeasured, (said, unmeasured)


def test_not_measured_stands_clear_of_the_zero_line():
    fig = plot_asymmetry({"forefoot_share_pct": None, "pti_pct": {"mth1": 5.0}, "pti_side": {"mth1": "left"}})
    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()
    (text,) = [t for t in ax.texts if t.get_text() == NOT_MEASURED]
    zero_x_px = ax.transData.transform((0.0, 0.0))[0]
    zero_lines = [ln for ln in ax.get_lines() if np.allclose(ln.get_xdata(), 0.0)]
    assert zero_lines, "the figure draws its zero line"
    box = text.get_window_extent(renderer)
    assert not box.x0 <= zero_x_px <= box.x1, (box, zero_x_px)
