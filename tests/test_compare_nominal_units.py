"""An uncalibrated insole's peaks and PTI (ORPHE INSOLE, Ukaton Mission: counts at a nominal scale,
docs/devices.md) are compared in nominal units, never called kPa: the findings, the table's cells, the
thresholds and the figure say "units"; and a session in kPa against one in nominal units has no change and
no verdict for them (monitor.analysis.compare, compare_text, monitor.report.compare_section).

What this guards against: two ORPHE sessions compared read "MTH2-3 peak pressure fell from 89 to 65 kPa:
better" and cells of "25.5 kPa s" while the page's "What to know" said the values are not kPa; a Solewatch
session against an ORPHE one of the same layout was judged better in kPa.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.report.compare_pdf import compare_pages
from monitor.report.compare_section import compare_section_html, figure_caption, table_rows, thresholds_text
from monitor.report.plots.compare import plot_comparison, plot_comparison_phone
from monitor.session.model import Session
from monitor.session.offline import offline_session

PRESSURES = ("peak pressure", "pressure-time integral")


def uncalibrated(session: Session) -> Session:
    """``session`` as an uncalibrated insole sends it: the same layout, ``calibrated`` false."""
    layouts = {f: dataclasses.replace(lay, calibrated=False) for f, lay in session.info.layouts.items()}
    return Session(session.path, dataclasses.replace(session.info, layouts=layouts), session.frames, session.gaps)


@pytest.fixture(scope="module")
def rides():
    # 2 minutes at 90 rpm: well over the 30 cycles a judged mean needs; cleat-forward loads MTH2-3 more
    before = offline_session("cleat-forward", duration_s=120, seed=2)
    after = offline_session("healthy-ride", duration_s=120, seed=3)
    return {name: (s, analyze(s)) for name, s in
            (("before", before), ("after", after), ("before_units", uncalibrated(before)),
             ("after_units", uncalibrated(after)))}


def _compare(rides, before: str, after: str):
    (sb, rb), (sa, ra) = rides[before], rides[after]
    return compare(rb, ra, sb, sa)


def test_two_uncalibrated_sessions_are_compared_in_nominal_units(rides):
    c = _compare(rides, "before_units", "after_units")
    pressure = [s for s in c.sentences() if "peak pressure" in s or "pressure-time integral" in s]
    assert any(s.endswith(": better.") for s in pressure)  # one insole against itself is judged ...
    assert pressure and not any("kPa" in s for s in pressure), pressure  # ... in its own units
    assert any("to 65 units (" in s for s in pressure) and any(" units s (" in s for s in pressure), pressure
    cells = [cells for _, cells in table_rows(c) if cells[1] in PRESSURES]
    assert cells and not any("kPa" in cell for row in cells for cell in row[3:6]), cells[:3]
    assert all(row[3].endswith(("units", "units s")) for row in cells)
    th = thresholds_text(c)
    assert "at least 5 units or 1 units s (nominal units" in th and "5 kPa" not in th
    assert plot_comparison(c).axes[0].get_ylabel() == "mean peak pressure per cycle (nominal units)"
    assert plot_comparison_phone(c).axes[0].get_ylabel() == "nominal units"


def test_a_kpa_session_against_a_nominal_units_one_has_no_pressure_change_nor_verdict(rides):
    for before, after in (("before", "after_units"), ("before_units", "after")):
        c = _compare(rides, before, after)
        rows = [(ch, cells) for ch, cells in table_rows(c) if cells[1] in PRESSURES]
        assert rows
        for ch, cells in rows:
            assert ch.verdict == "neutral" and ch.note == "different insoles: kPa against nominal units", cells
            assert ch.change is None and ch.change_pct is None
            kpa, units = (cells[3], cells[4]) if before == "before" else (cells[4], cells[3])
            assert kpa.endswith(("kPa", "kPa s")) and units.endswith(("units", "units s")), cells
            assert cells[5] == cells[6] == ""  # no change, no per cent
        table = c.table()
        pressures = table[table["metric"].isin(["peak_kpa", "pti_kpa_s"])]
        assert pressures["change"].isna().all() and pressures["change_pct"].isna().all()
        said = c.sentences()
        assert not any(("peak pressure" in s or "pressure-time integral" in s) and "kPa" in s and
                       s.endswith((": better.", ": worse.")) for s in said), said
        assert "Caveat: different insoles on both feet (one sends kPa, the other nominal units): their " \
               "peak pressures and pressure-time integrals are reported, not judged." in said
        assert "5 kPa or 1 kPa s (5 units or 1 units s on an uncalibrated insole" in thresholds_text(c)
        assert c.counts()["better"] == 2  # the forefoot share, a fraction of the load, is still judged
        assert not math.isnan(table[table["metric"] == "forefoot_share"]["change"].iloc[0])


@pytest.mark.parametrize("before, after", [("before", "after"), ("before_units", "after_units"),
                                           ("before", "after_units"), ("before_units", "after")])
def test_the_python_table_says_each_rows_units(rides, before, after):
    """Comparison.table() keeps its ``peak_kpa``/``pti_kpa_s`` names and values; ``before_unit`` and
    ``after_unit`` say whether a row's values are kPa or nominal units, so that a pandas user can tell."""
    table = _compare(rides, before, after).table()
    assert {"peak_kpa", "pti_kpa_s"} <= set(table["metric"])  # the names kept
    for side, name in (("before_unit", before), ("after_unit", after)):
        nominal = name.endswith("_units")
        for metric, unit in (("peak_kpa", "units" if nominal else "kPa"),
                             ("pti_kpa_s", "units s" if nominal else "kPa s")):
            assert set(table.loc[table["metric"] == metric, side]) == {unit}, (metric, side)
        other = table[~table["metric"].isin(["peak_kpa", "pti_kpa_s"])].set_index(["foot", "metric"])[side]
        assert other[("left", "forefoot_share")] == "fraction of 1" and other[("left", "cadence_per_min")] == "rpm"
        assert other[("left", "warning_count")] == "count"


def _bar_heights(fig) -> list[float]:
    return [p.get_height() for ax in fig.axes for p in ax.patches if p.get_height() > 0]


@pytest.mark.parametrize("before, after, kpa, units", [("before", "after_units", "before", "after"),
                                                       ("before_units", "after", "after", "before")])
def test_the_figure_sets_no_kpa_bar_beside_a_nominal_units_one(rides, before, after, kpa, units):
    """A kPa session against a nominal-units one: the table judges none of their peaks, and the figure
    draws no bar of theirs on one axis (had: both on an axis labelled "kPa or nominal units"); it says why."""
    c = _compare(rides, before, after)
    for fig in (plot_comparison(c), plot_comparison_phone(c)):
        assert _bar_heights(fig) == [], [ax.get_ylabel() for ax in fig.axes]
        said = " ".join(t.get_text().replace("\n", " ") for ax in fig.axes for t in ax.texts)
        assert "Left and right foot not drawn:" in said, said
        assert f"the {kpa} session's peaks are in kPa, the {units} session's in nominal units" in said, said
        assert not any("kPa or nominal units" in ax.get_ylabel() for ax in fig.axes)


def test_a_foot_in_one_unit_is_drawn_and_the_title_names_the_foot_left_out(rides):
    """Feet of different insoles (the right one uncalibrated in the after session alone): the left foot's
    pairs are drawn in kPa, the right's left out, and the title says why."""
    (sb, _), (sa, _) = rides["before"], rides["after"]
    layouts = dict(sa.info.layouts, right=dataclasses.replace(sa.info.layouts["right"], calibrated=False))
    sa = Session(sa.path, dataclasses.replace(sa.info, layouts=layouts), sa.frames, sa.gaps)
    c = compare(rides["before"][1], analyze(sa), sb, sa)
    fig = plot_comparison(c)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "mean peak pressure per cycle (kPa)"
    assert [t.get_text() for t in ax.texts if t.get_text().endswith("foot")] == ["left foot"]
    assert len(_bar_heights(fig)) == 2 * len([ch for ch in c.changes if ch.metric == "peak_kpa" and ch.foot == "left"])
    assert "Right foot not drawn: the before session's peaks are in kPa" in ax.get_title().replace("\n", " ")


@pytest.mark.parametrize("before, after", [("before", "after_units"), ("before_units", "after")])
def test_the_caption_says_no_bar_where_the_figure_draws_none(rides, before, after):
    """The HTML figure's caption and alt text and the PDF's caption said "Paired bars of each region's peak
    pressure per foot, ..." of a figure that draws no bar; they say why none is drawn, as the figure does."""
    c = _compare(rides, before, after)
    html = compare_section_html(c)
    caption = html.split("<figcaption>")[1].split("</figcaption>")[0]
    assert caption.startswith("No bars: left and right foot not drawn: the ") and "Paired bars" not in caption
    assert f'alt="{caption}"' in html
    said = [t.get_text() for page in compare_pages(c) for t in page.texts]
    assert caption.replace("&#x27;", "'") in said and not any(s.startswith("Paired bars") for s in said)


def test_the_caption_names_the_one_foot_drawn(rides):
    (sb, _), (sa, _) = rides["before"], rides["after"]
    layouts = dict(sa.info.layouts, right=dataclasses.replace(sa.info.layouts["right"], calibrated=False))
    sa = Session(sa.path, dataclasses.replace(sa.info, layouts=layouts), sa.frames, sa.gaps)
    caption = figure_caption(compare(rides["before"][1], analyze(sa), sb, sa))
    assert caption.startswith("Paired bars of each region's peak pressure of the left foot, before and after")
    assert "; right foot not drawn: the before session's peaks are in kPa" in caption
