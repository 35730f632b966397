"""The report of a run as a runner reads it: captions and legends in a run's terms (strides and stances, no
pedal strokes, no reliefs that were never drawn), the ride's words kept for a ride."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import FIGURES
from monitor.report.html import render_html
from monitor.report.plots.timeline import plot_timeline
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def run():
    session = offline_session("forefoot-strike-run", duration_s=60, seed=1)
    return report_data(session, analyze(session))


@pytest.fixture(scope="module")
def ride():
    session = offline_session("healthy-ride", duration_s=60, seed=1)
    return report_data(session, analyze(session))


#: Every figure, empty: the page with its captions, without drawing.
IMAGES = dict.fromkeys(FIGURES, b"")


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_a_runs_captions_speak_of_strides_and_stances_not_of_pedals(run):
    """A run's region-bar caption read "counted cycles (strides or pedal strokes)" and its cycle-curve
    caption explained the pedal revolution and the stair-climber's step: a ride's words on a run's page.
    Each caption now says what this session's cycles are."""
    text = _text(render_html(run, IMAGES))
    assert "pedal" not in text.lower()
    assert "stair-climber" not in text
    assert "the mean over counted strides of the region's peak pressure" in text
    assert "over a time-normalised stance (initial contact to toe-off)" in text


def test_a_rides_captions_still_speak_of_pedal_strokes(ride):
    text = _text(render_html(ride, IMAGES))
    assert "the mean over counted pedal strokes of the region's peak pressure" in text
    assert "one pedal revolution, from one force minimum to the next" in text
    assert "initial contact" not in text


def test_the_timeline_legend_names_reliefs_only_when_some_are_drawn(run):
    """The level panel's legend always listed "relief", a green bar a run never has (nor a ride without a
    stop): a key to nothing on the page. It now lists it only when a relief is drawn."""
    def labels(timelines) -> list[str]:
        fig = plot_timeline(timelines, session_end_s=60.0)
        legend = fig.axes[-1].get_legend()
        return [t.get_text() for t in legend.get_texts()]

    assert all(not tl.reliefs for tl in run.timelines.values())
    assert "relief" not in labels(run.timelines)
    with_relief = {**run.timelines, "left": dataclasses.replace(run.timelines["left"], reliefs=[(20.0, 45.0)])}
    assert "relief" in labels(with_relief)


def test_a_runs_verdict_speaks_of_no_rider():
    """A run's early sign in its first minutes ended "which a session without the rider's kept normal takes
    as normal": a rider on a runner's page (and in solewatch analyze). The sentence now speaks to whoever
    ran, rode or walked."""
    session = offline_session("forefoot-strike-run", duration_s=150, seed=1)
    data = report_data(session, analyze(session))
    assert "it showed in the first minutes" in data.verdict.headline
    page = _text(render_html(data, IMAGES)).replace("--rider NAME", "")  # the option's name, not a word for the runner
    assert "rider" not in page.lower()


def test_a_runs_cop_caption_says_the_path_is_not_the_strike_index(run):
    """The forefoot-strike run's centre-of-pressure path starts at 60-61 % of the foot's length where the
    Steps table's strike index reads 73 %, and the caption did not say the two are measured differently:
    a runner read a contradiction. The caption gives both numbers and says how each is measured."""
    page = render_html(run, IMAGES)
    caption = _text(page.split('<figure id="cop">')[1].split("</figcaption>")[0])
    starts = {f"{100 * c.cop_y[np.isfinite(c.cop_y)][0]:.0f} %" for c in (run.curves["left"], run.curves["right"])}
    index = {f"{run.gait['feet'][f]['strike_index_pct']:.0f} %" for f in ("left", "right")}
    assert starts.isdisjoint(index)  # the two differ on this run
    assert all(s in caption for s in starts) and all(i in caption for i in index)
    assert "strike index" in caption and "measured otherwise" in caption
    assert "initial contact" in caption and "idle sensors" in caption
    assert "tells the footstrike" in caption


def test_a_rides_cop_caption_has_no_strike_index(ride):
    caption = _text(render_html(ride, IMAGES).split('<figure id="cop">')[1].split("</figcaption>")[0])
    assert "strike" not in caption and "stance" not in caption and "starts at" in caption


def test_a_runs_steps_section_says_what_its_impulse_is(run):
    """The run's Steps table gave "impulse per step (mean, N s)" and the balance "of the impulse per step"
    without a word of what it is: a nominal load from the insole's pressures, not a force plate's."""
    steps = _text(render_html(run, IMAGES).split('<section id="steps-section">')[1].split("</section>")[0])
    assert "Impulse per step: the foot's load summed over its ground contact (N s)" in steps
    assert "fixed anatomical weights" in steps and "not the body's force" in steps


def test_the_steps_table_gives_the_cadence_of_both_feet_once_and_the_pdf_gives_it_too(run):
    """The Steps table's "cadence (steps/min, both feet)" row gave a figure in each foot's column, as though
    each foot had a cadence of its own (the two are each foot's estimate of the same steps of both feet per
    minute), and the PDF's Steps lines had no cadence. The row has one cell over both feet's columns, their
    mean, and the PDF a "Cadence:" line with the same figure."""
    from monitor.report.pdf import report_text_lines

    section = render_html(run, IMAGES).split('<section id="steps-section">')[1].split("</section>")[0]
    row = next(r for r in section.split("<tr>") if "cadence (steps/min, both feet)" in r)
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", row)
    feet = {f: run.summary[f]["cadence_per_min"] for f in ("left", "right")}
    mean = f"{(feet['left'] + feet['right']) / 2:.0f}"
    assert len(cells) == 2 and "colspan=2" in cells[1][0] and _text(cells[1][1]).strip() == mean
    lines = report_text_lines(run)
    steps = lines[lines.index("Steps:"):]
    assert f"Cadence: {mean} steps/min (both feet)." in steps
    # one foot with a cadence: the figure is that foot's, and both say so
    one = dataclasses.replace(run, summary={**run.summary, "right": {**run.summary["right"],
                                                                     "cadence_per_min": float("nan")}})
    section = render_html(one, IMAGES).split('<section id="steps-section">')[1].split("</section>")[0]
    assert f"cadence (steps/min, from the left foot alone)</td><td colspan=2 class=\"num span\">" \
           f"{feet['left']:.0f}</td>" in section
    assert f"Cadence: {feet['left']:.0f} steps/min (from the left foot alone)." in report_text_lines(one)


def test_the_steps_figures_caption_gives_the_cadence_windows_length_and_step(run):
    """"Bottom: cadence in each 10 s window", where each window is 60 s long and one ends every 10 s."""
    steps = _text(render_html(run, IMAGES).split('<section id="steps-section">')[1].split("</section>")[0])
    assert "Bottom: cadence in each 60 s window, one every 10 s." in steps, steps
    assert "10 s window" not in steps
