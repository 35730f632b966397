"""A session's first windows reach back before its start and hold less data than the alert policy acts on: the
detector does not judge them (``with_data`` False), and the timeline draws their level band hatched, "not
judged", not as the level none, and its caption says their points stand for the data since the start, not
for the whole session the text above gives. Had: the windows at 0:10-0:40 (17-67 % of their 60 s) drawn as
grey "none" bands, and an 18-s walk's one window (its share 38 % on the chart, 47 % in the text) drawn so,
under a caption saying such windows have no point."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.report.plots.palette import LEVEL_COLOURS, UNJUDGED_HATCH
from monitor.report.plots.timeline import UNJUDGED_LABEL, plot_timeline
from monitor.report.timeline_caption import timeline_caption
from monitor.report.timeline_data import timeline
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def minute_and_a_half():
    result = analyze(offline_session("healthy-ride", duration_s=90, seed=2))
    return {f: timeline(result, f) for f in result.feet}


def _bands(ax, hatched: bool) -> list[tuple[float, float, str]]:
    """(start, end, face colour) of each level band drawn hatched, or not, in the level panel ``ax``."""
    out = []
    for c in ax.collections:
        if bool(c.get_hatch()) != hatched:
            continue
        for path, face in zip(c.get_paths(), np.broadcast_to(c.get_facecolor(), (len(c.get_paths()), 4))):
            out.append((float(path.vertices[:, 0].min()), float(path.vertices[:, 0].max()), mcolors.to_hex(face)))
    return out


def test_the_first_windows_are_drawn_not_judged(minute_and_a_half):
    for tl in minute_and_a_half.values():
        assert list(tl.level_t_s[tl.unjudged]) == [10.0, 20.0, 30.0, 40.0]  # under 48 s of data each
    ax_level = plot_timeline(minute_and_a_half, session_end_s=90.0).axes[2]
    hatched = _bands(ax_level, hatched=True)
    assert hatched and all(c.get_hatch() == UNJUDGED_HATCH for c in ax_level.collections if c.get_hatch())
    assert min(s for s, _, _ in hatched) == pytest.approx(10.0) and max(e for _, e, _ in hatched) == pytest.approx(50.0)
    coloured = _bands(ax_level, hatched=False)
    assert coloured and min(s for s, _, _ in coloured) == pytest.approx(50.0), coloured  # judged from 0:50
    assert {face for _, _, face in coloured} == {mcolors.to_hex(LEVEL_COLOURS["none"])}
    assert UNJUDGED_LABEL in [t.get_text() for t in ax_level.get_legend().get_texts()]


def test_the_caption_says_what_the_first_windows_stand_for(minute_and_a_half):
    text = timeline_caption(minute_and_a_half)
    assert "The windows ending up to 0:40 reach back before the session began: their points are drawn from " \
           "the data since it began (less than 80 % of a 60-s window), not the whole session's as in the text above, " \
           "and the detector does not judge them (a hatched band, \u201cnot judged\u201d)." in text, text


def test_a_session_with_one_short_window_draws_it_not_judged():
    result = analyze(offline_session("healthy-walk", duration_s=18, seed=2))
    tls = {f: timeline(result, f) for f in result.feet}
    assert all(list(tl.t_s) == [10.0] and np.isfinite(tl.forefoot_share).all() for tl in tls.values())
    ax_level = plot_timeline(tls, session_end_s=18.0).axes[2]
    assert _bands(ax_level, hatched=True) and not _bands(ax_level, hatched=False)
    text = timeline_caption(tls)
    assert "The window ending at 0:10 reaches back before the session began: its point is drawn from the data " \
           "since it began" in text and "not the whole session's as in the text above" in text, text


def test_a_session_judged_throughout_draws_nothing_hatched():
    result = analyze(offline_session("healthy-ride", duration_s=90, seed=2))
    tls = {f: timeline(result, f) for f in result.feet}
    judged = {f: type(tl)(**{**tl.__dict__, "unjudged": np.zeros(tl.level_t_s.shape, dtype=bool)})
              for f, tl in tls.items()}
    ax_level = plot_timeline(judged, session_end_s=90.0).axes[2]
    assert not _bands(ax_level, hatched=True)
    assert UNJUDGED_LABEL not in [t.get_text() for t in ax_level.get_legend().get_texts()]
    assert "not judged" not in timeline_caption(judged)
