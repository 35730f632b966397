"""Every colour a figure's caption or its own text (legend, labels, notes) names is a colour the figure draws.
Had: the timeline's caption said the reliefs were "in green" while the figure drew them sky blue (#56B4E9,
palette.RELIEF_COLOUR), no green anywhere on it. The sweep covers the session report's figures (a ride with
reliefs and alerts, a walk with steps, a walk too short for a window) and the cohort report's."""

from __future__ import annotations

import colorsys
import re
from html import unescape

import matplotlib.colors as mcolors
import pytest
from known_rider import rider_normal
from matplotlib.text import Text
from test_plot_study_palette import drawn, three_riders

import monitor
from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import plain_text, report_figures
from monitor.report.html import render_html
from monitor.report.plots import palette
from monitor.report.plots.study import plot_distributions, plot_pairs, plot_study_quality, plot_trends
from monitor.report.study_html import render_study_html
from monitor.session.offline import offline_session

#: Okabe and Ito's names of their eight colours (2008, "Color Universal Design", jfly.iam.u-tokyo.ac.jp/color),
#: as published: the only colours a caption may call by these compound names.
OKABE_ITO = {"#000000": "black", "#e69f00": "orange", "#56b4e9": "sky blue", "#009e73": "bluish green",
             "#f0e442": "yellow", "#0072b2": "blue", "#d55e00": "vermillion", "#cc79a7": "reddish purple"}
#: A hue's everyday name by its range in degrees (HSV hue), for colours outside OKABE_ITO: [start, end).
HUES = (("red", 0, 15), ("orange", 15, 45), ("yellow", 45, 70), ("green", 70, 170), ("blue", 170, 260),
        ("purple", 260, 345), ("red", 345, 361))
#: The colour words looked for in a text, compound names first so that "sky blue" is not read as "blue".
WORDS = re.compile(r"\b(sky blue|bluish green|reddish purple|vermill?ion|black|white|gr[ae]y|red|orange|yellow|"
                   r"green|blue|purple)\b", re.I)


def names(hex_colour: str) -> set[str]:
    """The words that call ``hex_colour`` truly: its Okabe-Ito name, and its hue's or its grey's name."""
    r, g, b = mcolors.to_rgb(hex_colour)
    out = {OKABE_ITO[hex_colour]} if hex_colour in OKABE_ITO else set()
    if max(r, g, b) - min(r, g, b) < 0.03:
        v = max(r, g, b)
        return out | ({"black"} if v < 0.1 else {"white"} if v > 0.97 else {"grey"})
    h, _, _ = colorsys.rgb_to_hsv(r, g, b)
    return out | {name for name, lo, hi in HUES if lo <= 360 * h < hi}


def said(text: str) -> set[str]:
    """The colour words in ``text``, lower case, spelt as :func:`names` spells them ("gray" as "grey")."""
    spelt = {"gray": "grey", "vermilion": "vermillion"}
    return {spelt.get(m.lower(), m.lower()) for m in WORDS.findall(text)}


def figure_texts(fig) -> str:
    return " ".join(t.get_text() for t in fig.findobj(Text))


def captions(html: str) -> dict[str, str]:
    """Figure name -> its caption's text, from a report page (the cohort page's ids are "fig-" and the name)."""
    return {name: unescape(re.sub(r"<[^>]+>", "", text)) for name, text in
            re.findall(r'<figure id="(?:fig-)?([^"]+)".*?<figcaption>(.*?)</figcaption>', html, re.S)}


def misnamed(figures: dict, html: str) -> list[tuple[str, str, str]]:
    """(figure, word, where) of each colour word in a caption or a figure's text that calls no colour drawn."""
    texts = captions(html)
    assert set(texts) == set(figures), (sorted(texts), sorted(figures))
    out = []
    for name, fig in figures.items():
        called = set().union(*(names(c) for c in drawn(fig)))
        out += [(name, w, "caption") for w in sorted(said(texts[name]) - called)]
        out += [(name, w, "figure") for w in sorted(said(figure_texts(fig)) - called)]
    return out


def session_report(session, result) -> tuple[dict, str]:
    data = report_data(session, result)
    with plain_text():
        figures = report_figures(data)
    return figures, render_html(data, {name: b"png" for name in figures})


def short_walk_with_a_relief():
    """An 8-s walk whose left forefoot is unloaded from 1 to 7 s: a relief (``relief_min_s`` 3 s), no window."""
    session = offline_session("healthy-walk", duration_s=8.0, seed=1)
    frames = session.frames
    lifted = (frames["foot"] == "left") & (frames["t_s"] >= 1.0) & (frames["t_s"] < 7.0)
    frames.loc[lifted, [c for c in frames.columns if c.endswith("_kpa")]] = 0.0
    return session, monitor.analyze(session, features={"relief_min_s": 3.0})


def cleat_ride():
    """An 8-minute ride with notices and warnings on both feet and a relief per foot."""
    session = offline_session("cleat-forward", duration_s=480, seed=1)
    return session, analyze(session, baseline=rider_normal(1))


def walk():
    session = offline_session("healthy-walk", duration_s=120, seed=1)
    return session, analyze(session)


@pytest.mark.parametrize(("make", "reliefs"), [(cleat_ride, True), (walk, False), (short_walk_with_a_relief, True)])
def test_each_colour_a_session_report_names_is_drawn(make, reliefs):
    figures, html = session_report(*make())
    assert ("reliefs" in captions(html)["timeline"]) == reliefs  # the clause that named green is there to check
    assert not misnamed(figures, html)  # had: [("timeline", "green", "caption")] with reliefs


def test_each_colour_the_cohort_report_names_is_drawn():
    cohort = three_riders()
    figures = {"distributions": plot_distributions(cohort), "trends": plot_trends(cohort),
               "quality": plot_study_quality(cohort)}
    if cohort.pairs:
        figures["pairs"] = plot_pairs(cohort.pairs)
    html = render_study_html(cohort, {name: b"png" for name in figures})
    assert said(captions(html)["quality"]) == {"orange", "blue"}
    assert not misnamed(figures, html)


def test_the_palettes_colour_words_are_okabe_and_itos():
    """The names the captions take (palette.colour_word) are the published ones of the colours they name."""
    assert {c.lower(): w for c, w in palette.COLOUR_WORDS.items()} == OKABE_ITO
    assert palette.colour_word(palette.RELIEF_COLOUR) == "sky blue"
    with pytest.raises(KeyError, match="#123456"):
        palette.colour_word("#123456")
