"""The report figures' colours (monitor.report.plots.palette) tell feet, levels, reliefs, footstrike types and
regions apart for deuteranopes too: each pair is checked under the deuteranopia simulation of Machado, Oliveira
and Fernandes (2009, "A physiologically-based model for simulation of color vision deficiency", IEEE TVCG
15(6): 1291-1298; the severity-1.0 matrix, applied to linear RGB) and with normal vision, as a CIELAB 1976
distance. Had: the warning's dotted line (#f08a24) and the right foot's line (#ff7f0e) 6 apart under
deuteranopia, relief green and alert red 7 apart, midfoot and forefoot strikes 21, the regions' tab10 7
(lateral heel orange, lesser toes olive); the warning line had no legend key, the triangles a 0.6-pt edge."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import matplotlib.colors as mcolors
import numpy as np
import pytest

from monitor.report.plots import palette
from monitor.report.plots.timeline import TRIANGLE_Y, plot_timeline
from monitor.report.timeline_data import LEVEL_CODE, Timeline

#: Deuteranopia, severity 1.0 (Machado et al. 2009, table of simulation matrices), on linear RGB.
MACHADO_DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968],
                                 [0.280085, 0.672501, 0.047413],
                                 [-0.011820, 0.042940, 0.968881]])
#: The least CIELAB distance (Delta E 1976) two colours of one set keep, with normal vision and under
#: deuteranopia: a guess, "told apart at a glance" (about 11 just-noticeable differences of 2.3).
MIN_DELTA_E = 25.0


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear-RGB colour, shape (3,)."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear_rgb
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab_seen(colour, deuteranope: bool) -> np.ndarray:
    """The CIELAB of ``colour`` (any matplotlib colour) as seen with normal vision or by a deuteranope."""
    rgb = _linear(np.array(mcolors.to_rgb(colour)))
    return _lab(np.clip(MACHADO_DEUTERANOPIA @ rgb, 0.0, 1.0) if deuteranope else rgb)


def closest_pair(colours: dict) -> tuple[float, tuple[str, str]]:
    """The least distance between two of ``colours`` (name -> colour), normal or deuteranope, and its pair."""
    return min((min(float(np.linalg.norm(lab_seen(colours[a], d) - lab_seen(colours[b], d))) for d in (False, True)),
                (a, b)) for a, b in itertools.combinations(colours, 2))


SETS = {
    "feet": palette.FOOT_COLOURS,
    "levels and relief": {**palette.LEVEL_COLOURS, "relief": palette.RELIEF_COLOUR},
    # the alerts' dotted lines run beside the feet's lines in the load and share panels
    "feet and alert lines": {**palette.FOOT_COLOURS,
                             **{lv: c for lv, c in palette.LEVEL_COLOURS.items() if lv != "none"}},
    "footstrike types": palette.STRIKE_COLOURS,
    "regions": palette.REGION_COLOURS,
}


@pytest.mark.parametrize("name", SETS)
def test_each_set_of_colours_is_told_apart_with_deuteranopia(name):
    distance, pair = closest_pair(SETS[name])
    assert distance >= MIN_DELTA_E, (name, pair, round(distance, 1))


def test_the_levels_grow_darker_with_their_severity():
    lightness = [lab_seen(palette.LEVEL_COLOURS[lv], d)[0] for d in (False, True)
                 for lv in ("none", "notice", "warning", "alert")]
    for seen in (lightness[:4], lightness[4:]):
        # none the lightest (a pale grey, the hue tells it from notice's yellow); notice, warning and alert each
        # 10 L* darker than the one before (a guess: plainly darker, in grey print too)
        assert seen[0] > seen[1] and all(a - b >= 10.0 for a, b in zip(seen[1:], seen[2:])), seen


def test_the_figures_take_their_colours_from_the_palette():
    from monitor.report.plots import cycles, quality, regions, ride, steps, timeline
    for module in (regions, steps, timeline, quality, ride):
        assert module.FOOT_COLOURS is palette.FOOT_COLOURS, module.__name__
    assert timeline.LEVEL_COLOURS is palette.LEVEL_COLOURS and timeline.RELIEF_COLOUR == palette.RELIEF_COLOUR
    assert steps.STRIKE_COLOURS is palette.STRIKE_COLOURS and cycles.REGION_COLOURS is palette.REGION_COLOURS


def _warned_foot() -> Timeline:
    t_s = np.arange(60.0, 300.0, 10.0)
    level = np.where(t_s >= 150.0, LEVEL_CODE["warning"], LEVEL_CODE["none"])
    return Timeline("right", t_s, np.full(t_s.size, 300.0), np.full(t_s.size, 0.7), t_s, level, [])


WARNING = SimpleNamespace(kind="alert", foot="right", level="warning", t_s=150.0)


def test_an_alerts_dotted_line_has_a_key_and_no_foot_shares_its_colour():
    fig = plot_timeline({"left": _warned_foot(), "right": _warned_foot()}, [WARNING])
    ax_load = fig.axes[0]
    keys = {t.get_text(): h for t, h in zip(ax_load.get_legend().get_texts(), ax_load.get_legend().legend_handles)}
    assert "warning raised" in keys, list(keys)
    assert keys["warning raised"].get_linestyle() == ":"
    warning = mcolors.to_hex(palette.LEVEL_COLOURS["warning"])
    assert mcolors.to_hex(keys["warning raised"].get_color()) == warning
    dotted = [ln for ln in ax_load.get_lines() if ln.get_linestyle() == ":"]
    assert dotted and all(mcolors.to_hex(ln.get_color()) == warning for ln in dotted)
    feet = {mcolors.to_hex(ln.get_color()) for ln in ax_load.get_lines() if ln.get_linestyle() == "-"}
    assert feet == {mcolors.to_hex(c) for c in palette.FOOT_COLOURS.values()} and warning not in feet


def test_a_triangle_is_black_edged_on_the_top_edge_of_its_band():
    ax_level = plot_timeline({"right": _warned_foot()}, [WARNING]).axes[2]
    (triangle,) = [ln for ln in ax_level.get_lines() if ln.get_marker() == "v"]
    assert mcolors.to_hex(triangle.get_markerfacecolor()) == mcolors.to_hex(palette.LEVEL_COLOURS["warning"])
    assert mcolors.to_hex(triangle.get_markeredgecolor()) == "#000000" and triangle.get_markeredgewidth() >= 1.0
    tops = [y0 + h for c in ax_level.collections for (_, y0, _, h) in [_bar_rows(c)]]  # the bands' tops, rows
    assert tops and triangle.get_ydata()[0] == pytest.approx(TRIANGLE_Y) and TRIANGLE_Y > max(tops), tops


def _bar_rows(collection) -> tuple[float, float, float, float]:
    """(x0, y0, width, height) of a broken_barh collection's first bar, data units."""
    verts = collection.get_paths()[0].vertices
    return (verts[:, 0].min(), verts[:, 1].min(), np.ptp(verts[:, 0]), np.ptp(verts[:, 1]))
