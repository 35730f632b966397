"""The report of an uncalibrated insole (ORPHE INSOLE, Ukaton Mission: counts at a nominal scale,
docs/devices.md) says its numbers in nominal units in every figure and table, never kPa nor N s: the
heatmaps' titles, the region bars', the timeline's and the average cycle's axes, the Steps table's impulse,
the table of every step, the balance line and the centre-of-pressure caption (monitor.util.pressure_units). The
"Left and right" figure writes "not measured" in a row with no index (an ORPHE insole's forefoot share), as
the timeline and the table say it, where it drew nothing.

A calibrated insole's report keeps kPa and N s.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from matplotlib.text import Text
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import FIGURES, report_figures
from monitor.report.html import render_html
from monitor.report.pdf import report_text_lines
from monitor.report.plots.regions import plot_asymmetry
from monitor.session.offline import offline_session

#: Every figure, empty: the page with its captions, without drawing.
IMAGES = dict.fromkeys(FIGURES, b"")
#: What a row of the "Left and right" figure with no index says (as the timeline and the asymmetry table do).
NOT_MEASURED = "not measured"
#: A unit of a calibrated insole in a figure's or a table's words ("(kPa)", "10 kPa above", "N s)"), but for
#: the caveat's "pressures are in nominal units (...), not kPa".
KPA_WORDS = re.compile(r"(?<!not )\bkPa\b|\bN s\b")


def _report(kind: str, scenario: str, tmp_path_factory) -> object:
    path = record_ride(kind, scenario, tmp_path_factory.mktemp(kind), seed=3, duration_s=40.0)
    session = monitor.load_session(path)
    return report_data(session, analyze(session))


@pytest.fixture(scope="module")
def ukaton_walk(tmp_path_factory):
    return _report("ukaton", "healthy-walk", tmp_path_factory)


@pytest.fixture(scope="module")
def orphe_walk(tmp_path_factory):
    return _report("orphe", "healthy-walk", tmp_path_factory)


def _figure_words(data) -> dict[str, list[str]]:
    """Each figure's words, as drawn (every Text of the figure: titles, axis labels, notes)."""
    return {name: [t.get_text() for t in fig.findobj(Text) if t.get_text()]
            for name, fig in report_figures(data).items()}


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("which", ["ukaton_walk", "orphe_walk"])
def test_every_figure_says_nominal_units_never_kpa(which, request):
    data = request.getfixturevalue(which)
    words = _figure_words(data)
    said = {name: [w for w in ws if KPA_WORDS.search(w)] for name, ws in words.items()}
    assert not any(said.values()), said
    joined = {name: " ".join(ws) for name, ws in words.items()}
    assert "Mean pressure while loaded (units)" in joined["heatmaps"]
    assert "Peak pressure (units)" in joined["heatmaps"]
    assert "mean peak pressure (units)" in joined["regions"]
    assert "pressure-time integral (units s)" in joined["regions"]
    assert "forefoot peak\n(units)" in joined["timeline"]
    assert "region peak pressure (units)" in joined["cycles"]


def test_the_steps_tables_and_words_say_the_impulse_in_nominal_units(ukaton_walk):
    steps = render_html(ukaton_walk, IMAGES).split('<section id="steps-section">')[1].split("</section>")[0]
    text = _text(steps)
    assert "impulse per step (mean, units s)" in text
    assert "impulse (units s)" in text
    assert "summed over its ground contact (units s)" in text
    assert not KPA_WORDS.search(text), KPA_WORDS.findall(text)
    lines = report_text_lines(ukaton_walk)  # the PDF's words
    assert not any(KPA_WORDS.search(line) for line in lines), [line for line in lines if KPA_WORDS.search(line)]


def test_the_page_says_kpa_only_to_say_the_numbers_are_not_kpa(ukaton_walk):
    page = render_html(ukaton_walk, IMAGES)
    text = _text(page)
    assert "not kPa" in text and not KPA_WORDS.search(text), KPA_WORDS.findall(text)
    cop = _text(page.split('<figure id="cop">')[1].split("</figcaption>")[0])
    assert "at least 4 % of the step's peak above their level in the swing" in cop  # not "10 units": a scale-free floor


def test_a_calibrated_insoles_report_keeps_kpa_and_n_s():
    session = offline_session("healthy-walk", duration_s=40, seed=1)
    data = report_data(session, analyze(session))
    words = {name: " ".join(ws) for name, ws in _figure_words(data).items()}
    assert "Peak pressure (kPa)" in words["heatmaps"] and "pressure-time integral (kPa s)" in words["regions"]
    text = _text(render_html(data, IMAGES))
    assert "impulse per step (mean, N s)" in text and "impulse (N s)" in text


def test_the_left_and_right_figure_says_the_forefoot_share_is_not_measured(orphe_walk):
    assert orphe_walk.asymmetry.get("forefoot_share_pct") is None  # ORPHE: no share (no midfoot sensor)
    ax = report_figures(orphe_walk, only=("asymmetry",))["asymmetry"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    top = labels.index("forefoot share")
    notes = [t for t in ax.texts if t.get_text() == NOT_MEASURED]
    assert [round(t.get_position()[1]) for t in notes] == [top]  # on the share's row, and on no other
    assert ax.get_ylim()[1] > top + 0.3  # the row is inside the axes, not cut at its centre


def test_every_row_with_no_index_says_not_measured():
    fig = plot_asymmetry({"forefoot_share_pct": 4.0, "pti_pct": {"heel_medial": None, "mth1": 3.0},
                          "pti_side": {"mth1": "left"}})
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    rows = sorted(round(t.get_position()[1]) for t in ax.texts if t.get_text() == NOT_MEASURED)
    assert [labels[i] for i in rows] == ["PTI medial heel"], labels
    lo, hi = ax.get_ylim()
    assert lo < 0 and hi > len(labels) - 1
