"""The timeline's caption says why a level band ends where no event is drawn: the session's first minutes
became the normal the foot is judged against, and a sign they showed is no change against it
(monitor.report.timeline_data.ended_by_normal, monitor.report.timeline_caption).

Had: on a forefoot-strike run (and the elliptical-leaning scenario) judged without a kept normal, the notice
band ended at 6:50 with nothing drawn and nothing said, while the verdict said "an early sign ... seen first
at 1:10; it showed in the first minutes, which a session without a kept normal of your own takes as normal".
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.report.plots.timeline import NORMAL_LEARNT, plot_timeline
from monitor.report.timeline_caption import timeline_caption
from monitor.report.timeline_data import LEVEL_CODE, Timeline, timeline
from monitor.session.offline import offline_session

ENDED = ("The notice band ends at 6:50 on both feet: from 6:00 (the dashed line \"normal learnt\") each foot was "
         "judged against this session's first minutes, learnt as its normal, against which a sign they showed is no "
         "change (a level ends some judged windows after its sign: docs/detection.md).")


@pytest.fixture(scope="module")
def strike_run():
    return offline_session("forefoot-strike-run", duration_s=450.0)


def _caption(result) -> str:
    return timeline_caption({foot: timeline(result, foot) for foot in result.feet}, result.alerts)


def test_a_notice_band_ended_by_the_first_minutes_normal_is_said_so(strike_run):
    result = analyze(strike_run)
    assert "it showed in the first minutes" in result.advice().verdict
    tl = timeline(result, "left")
    at = {float(t): int(lv) for t, lv in zip(tl.level_t_s, tl.level)}
    assert (at[400.0], at[410.0]) == (LEVEL_CODE["notice"], LEVEL_CODE["none"])  # the band ends at 6:50
    assert _caption(result).endswith(" " + ENDED), _caption(result)
    assert result.feet["left"].detector.baseline_t_s_ == {"running": 350.0}  # the normal learnt at 5:50
    assert tl.ended_by_normal == ((360.0, 410.0, LEVEL_CODE["notice"]),)


def _learnt_marks(fig) -> tuple[list[list[float]], list[tuple[float, str]]]:
    """Per panel, the times (the x axis's unit) of its dashed vertical lines; and each text with its x."""
    lines = [[float(ln.get_xdata()[0]) for ln in ax.get_lines()
              if ln.get_linestyle() == "--" and len(set(np.asarray(ln.get_xdata(), dtype=float))) == 1]
             for ax in fig.axes]
    texts = [(float(t.get_position()[0]), t.get_text().strip()) for ax in fig.axes for t in ax.texts]
    return lines, texts


def test_the_figure_marks_where_the_first_minutes_normal_began_to_judge_the_feet(strike_run):
    """Only the caption said why the notice band ends at 6:50: the figure drew nothing at 6:00, where both feet
    began to be judged against the normal learnt from the first minutes. A dashed line through the three
    panels marks it, labelled "normal learnt"."""
    result = analyze(strike_run)
    timelines = {foot: timeline(result, foot) for foot in result.feet}
    lines, texts = _learnt_marks(plot_timeline(timelines, result.alerts, session_end_s=450.0))
    assert lines == [[6.0], [6.0], [6.0]], lines  # had: [[], [], []], 6:00 in minutes, once for both feet
    assert (6.0, NORMAL_LEARNT) in texts, texts
    none = {foot: dataclasses.replace(tl, ended_by_normal=()) for foot, tl in timelines.items()}
    lines, texts = _learnt_marks(plot_timeline(none, result.alerts, session_end_s=450.0))
    assert lines == [[], [], []] and NORMAL_LEARNT not in [t for _, t in texts]  # no band ended so: no line


def test_a_session_judged_against_a_kept_normal_says_nothing_of_it(strike_run):
    normal = analyze(offline_session("healthy-run", duration_s=420.0, seed=2)).baseline
    result = analyze(strike_run, baseline=normal)  # warned at 5:00; no normal learnt from its first minutes
    assert all(not timeline(result, foot).ended_by_normal for foot in result.feet)
    assert "band ends" not in _caption(result) and "first minutes" not in _caption(result)


def _one_foot(ended) -> Timeline:
    t_s = np.arange(10.0, 500.0, 10.0)
    level = np.where(t_s < 410.0, LEVEL_CODE["warning"], LEVEL_CODE["none"])
    return Timeline("left", t_s, np.full(t_s.size, 300.0), np.full(t_s.size, 0.7), t_s, level, [],
                    ended_by_normal=ended)


def test_one_foot_and_another_level_are_said_as_they_are():
    caption = timeline_caption({"left": _one_foot(((360.0, 410.0, LEVEL_CODE["warning"]),))})
    assert caption.endswith(" The warning band ends at 6:50 on the left foot: from 6:00 (the dashed line \"normal "
                            "learnt\") the foot was judged against this session's first minutes, learnt as its "
                            "normal, against which a sign they showed is no change (a level ends some judged windows "
                            "after its sign: docs/detection.md)."), caption
    assert "band ends" not in timeline_caption({"left": _one_foot(())})
