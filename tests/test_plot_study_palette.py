"""The cohort report's figures (monitor.report.plots.study) draw in the report's palette
(monitor.report.plots.palette: Okabe-Ito colours, told apart by deuteranopes), as every other figure does,
with greys, black and white beside it. Had: matplotlib's tab10 blue #1f77b4 for the sessions, #d9480f for the
riders' means and the crosses, tab10's cycle for the riders' lines, and #ff7f0e and #2b8a3e for the quality
bars, colours of their own."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest
from test_plot_palette import MIN_DELTA_E, closest_pair

from monitor.report.plots import palette
from monitor.report.plots.study import plot_distributions, plot_pairs, plot_study_quality, plot_trends
from monitor.report.study_data import study_data


def drawn(fig, *, backgrounds: bool = True) -> set[str]:
    """The colours ``fig`` draws, as #rrggbb: its background and its axes' (unless not ``backgrounds``), and every
    line, marker, patch and collection of its axes (alpha left out; "none" and the fully transparent left out)."""
    out = [fig.patch.get_facecolor()] if backgrounds else []
    for ax in fig.axes:
        out += [ax.patch.get_facecolor()] if backgrounds else []
        for line in ax.get_lines():
            out += [line.get_color(), line.get_markerfacecolor(), line.get_markeredgecolor()]
        for patch in ax.patches:
            out += [patch.get_facecolor(), patch.get_edgecolor()]
        for coll in ax.collections:
            out += list(coll.get_facecolors()) + list(coll.get_edgecolors())
    return {mcolors.to_hex(c) for c in out if not (isinstance(c, str) and c == "none")
            and mcolors.to_rgba(c)[3] > 0.0}


def _palette_colours() -> set[str]:
    """Every colour the palette module names, as #rrggbb: not the words it says them in
    (``QUALITY_COLOUR_WORDS``' "orange" and "blue" are matplotlib's own colours, not the palette's)."""
    out = set()
    for name, value in vars(palette).items():
        if name.endswith("_WORDS"):
            continue
        values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        out |= {mcolors.to_hex(c) for c in values if isinstance(c, str) and mcolors.is_color_like(c)}
    return out


def _grey(hex_colour: str) -> bool:
    r, g, b = mcolors.to_rgb(hex_colour)
    return r == g == b


@pytest.fixture(scope="module")
def cohort():
    return three_riders()


def three_riders():
    """Three riders, two sessions each, the second declaring a change; one session with gaps, one with its
    right foot not analysed."""
    n = 6
    sessions = pd.DataFrame({
        "session_id": [f"s{i}" for i in range(n)], "rider": ["ana", "ana", "bo", "bo", "cy", "cy"],
        "start_utc": [f"2026-11-{i + 1:02d}T10:00:00Z" for i in range(n)], "date": [""] * n,
        "foot": ["left"] * n, "activity": ["cycling"] * n, "device_kind": ["sim"] * n,
        "change": ["", "new shoes"] * 3, "duration_s": [720.0] * n,
        "first_warning_s": [310.0, 400.0, 200.0, 260.0, 500.0, 450.0],
        "n_warnings": [1.0, 1.0, 2.0, 1.0, 1.0, np.nan],
        "forefoot_dose_kpa_s_per_h": [445000.0, 482000.0, 436000.0, 599000.0, 418000.0, 430000.0],
        "reliefs_per_h": [2.0, 3.0, 4.0, 5.0, 1.0, np.nan], "forefoot_share": [0.5, 0.55, 0.6, 0.62, 0.48, 0.5],
        "valid_fraction": [1.0, 0.97, 1.0, 0.9, 1.0, 1.0], "n_gaps": [0.0, 1.0, 0.0, 3.0, 0.0, 0.0]})
    return study_data(sessions)


def test_the_cohort_figures_draw_in_the_reports_palette(cohort):
    assert len(cohort.pairs) == 3
    allowed = _palette_colours()
    for name, fig in (("distributions", plot_distributions(cohort)), ("trends", plot_trends(cohort)),
                      ("pairs", plot_pairs(cohort.pairs)), ("quality", plot_study_quality(cohort))):
        own = sorted(c for c in drawn(fig, backgrounds=False) if c not in allowed and not _grey(c))
        assert not own, (name, own)  # had: #1f77b4, #d9480f, tab10's cycle, #ff7f0e, #2b8a3e


def test_each_rider_keeps_one_colour_and_neighbours_differ(cohort):
    fig = plot_trends(cohort)
    colours = [[mcolors.to_hex(line.get_color()) for line in ax.get_lines() if line.get_label() in cohort.riders]
               for ax in fig.axes]
    assert all(c == colours[0] for c in colours) and len(set(colours[0])) == 3, colours
    riders = palette.RIDER_COLOURS
    for a, b in zip(riders, (*riders[1:], riders[0])):  # each rider's colour beside the next one's
        distance, _ = closest_pair({"a": a, "b": b})
        assert distance >= MIN_DELTA_E, (a, b, round(distance, 1))
    for c in riders:  # the cross of a foot not analysed, over any rider's line
        assert closest_pair({"rider": c, "cross": palette.UNWATCHED_COLOUR})[0] >= MIN_DELTA_E


def test_the_studys_pairs_of_colours_are_told_apart_with_deuteranopia():
    for name, colours in (("sessions and rider means", palette.STUDY_COLOURS),
                          ("quality", palette.QUALITY_COLOURS)):
        distance, pair = closest_pair(colours)
        assert distance >= MIN_DELTA_E, (name, pair, round(distance, 1))


#: Okabe and Ito's names of their colours the quality bars are drawn in.
OKABE_ITO_NAMES = {"#e69f00": "orange", "#0072b2": "blue"}


def test_the_quality_caption_names_both_colours_as_drawn(cohort):
    """Bars without gaps are blue (palette.QUALITY_COLOURS) but the caption said only "orange: the session has
    gaps": it names each colour drawn, with what it means."""
    import re

    from monitor.report.study_html import _quality_section

    drawn = {mcolors.to_hex(p.get_facecolor()) for p in plot_study_quality(cohort).axes[0].patches}
    assert drawn == {mcolors.to_hex(c) for c in palette.QUALITY_COLOURS.values()}  # the cohort has both
    caption = re.search(r"<figcaption>(.*?)</figcaption>", _quality_section(cohort, {"quality": b"png"})).group(1)
    for key, meaning in (("no gaps", r"no gaps"), ("gaps", r"has gaps")):
        word = OKABE_ITO_NAMES[mcolors.to_hex(palette.QUALITY_COLOURS[key])]
        assert re.search(rf"\b{word}: [^;.]*{meaning}", caption), (word, caption)  # had: no "blue"


def riders_cohort(n_riders: int):
    """``n_riders`` riders (r00000, r00001, ...), two sessions each, every session whole."""
    n = 2 * n_riders
    sessions = pd.DataFrame({
        "session_id": [f"s{i}" for i in range(n)], "rider": [f"r{i // 2:05d}" for i in range(n)],
        "start_utc": [f"2026-11-{i % 28 + 1:02d}T10:00:00Z" for i in range(n)], "date": [""] * n,
        "foot": ["left"] * n, "activity": ["cycling"] * n, "device_kind": ["sim"] * n, "change": [""] * n,
        "duration_s": [720.0] * n, "first_warning_s": [300.0] * n, "n_warnings": [1.0] * n,
        "forefoot_dose_kpa_s_per_h": [440000.0 + 1000.0 * i for i in range(n)], "reliefs_per_h": [2.0] * n,
        "forefoot_share": [0.5] * n, "valid_fraction": [1.0] * n, "n_gaps": [0.0] * n})
    return study_data(sessions)


def _cue(line) -> tuple[str, str]:
    return mcolors.to_hex(line.get_color()), line.get_marker()


@pytest.mark.parametrize("n_riders", [8, 30])
def test_each_rider_has_a_colour_and_marker_of_its_own_on_every_panel_and_in_the_legend(n_riders):
    """Had: the colour alone, six of them in turn, and no legend of the riders: of the generated study's eight
    riders r00000 and r00006 (and r00001 and r00007) were drawn alike, 6 pairs for 8 riders."""
    cohort = riders_cohort(n_riders)
    fig = plot_trends(cohort)
    for ax in fig.axes:
        cues = {line.get_label(): _cue(line) for line in ax.get_lines() if line.get_label() in cohort.riders}
        assert len(set(cues.values())) == n_riders, (n_riders, sorted(cues.items()))
    assert fig.legends, "no legend of the riders"
    legend = {text.get_text(): _cue(line) for text, line in zip(fig.legends[0].get_texts(),
                                                                 fig.legends[0].get_lines(), strict=True)}
    assert list(legend) == cohort.riders
    assert legend == {line.get_label(): _cue(line) for line in fig.axes[0].get_lines()
                      if line.get_label() in cohort.riders}
    assert len(set(legend.values())) == n_riders
    assert getattr(palette, "RIDER_CUES", 0) >= n_riders  # the number the palette says are told apart
