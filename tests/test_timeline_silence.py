"""The report's timeline draws no level and no line where a foot sent no data (a span over
monitor.session.absence.ABSENT_MIN_S): had, a window of 60 s that held half its data still had a point and
a level, and a level band held to the next assessment, so a 25-s silence was drawn through ("notice" across
it, the forefoot lines straight over it) and only a gap of 55 s or more broke them.

The session is the simulated healthy ride built offline (deterministic, no clock), with the left insole's
frames removed over spans of session time. The phone drawing is the same figure drawn narrower
(monitor.report.phone_images), so it draws what this one does.
"""

from __future__ import annotations

import math

import numpy as np

from monitor.analysis.batch import analyze
from monitor.report.plots.timeline import plot_timeline
from monitor.report.timeline_data import NO_DATA_LEVEL, timeline
from monitor.session.directory import Session
from monitor.session.offline import offline_session

#: The left insole sends nothing over these spans (session s): 25 s over two window ends, and 3 s between
#: two (130 and 140 s), which no window's share can show but a line drawn across would hide.
SILENT_S = ((60.015, 85.0), (132.0, 135.0))


def _left_silent(where) -> Session:
    s = offline_session("healthy-ride", duration_s=180, seed=3)
    f = s.frames
    left = (f["foot"] == "left").to_numpy()
    gone = np.zeros(len(f), dtype=bool)
    for start, end in SILENT_S:
        gone |= left & (f["t_s"] >= start).to_numpy() & (f["t_s"] < end).to_numpy()
    where.mkdir()
    return Session(where, s.info, f[~gone].reset_index(drop=True), s.gaps)


def _bars(ax, y_lo: float) -> list[tuple[float, float]]:
    """The (start, end) in x of the level bars drawn on the row whose bars start at ``y_lo``."""
    out = []
    for coll in ax.collections:
        for path in coll.get_paths():
            v = path.vertices
            if v.size and math.isclose(float(v[:, 1].min()), y_lo) and math.isclose(float(np.ptp(v[:, 1])), 0.6):
                out.append((float(v[:, 0].min()), float(v[:, 0].max())))
    return out


def test_no_level_and_no_line_where_a_foot_sent_no_data(tmp_path):
    session = _left_silent(tmp_path / "session")
    result = analyze(session)
    left = timeline(result, "left")
    levels = dict(zip(left.level_t_s.tolist(), left.level.tolist(), strict=True))
    share = dict(zip(left.t_s.tolist(), left.forefoot_share.tolist(), strict=True))
    for t_s in (70.0, 80.0):  # window ends in the 25-s silence: had a level and a share (50 and 40 s of data)
        assert levels[t_s] == NO_DATA_LEVEL and math.isnan(share[t_s]), (t_s, levels[t_s], share[t_s])
    assert levels[60.0] != NO_DATA_LEVEL and not math.isnan(share[60.0])  # measured to its end
    for t_s in (90.0, 130.0):  # data again, too little for the alert policy to act on: it skips them
        assert levels[t_s] == NO_DATA_LEVEL, (t_s, levels[t_s])
    assert levels[140.0] != NO_DATA_LEVEL  # 0.8 of the window's data again (the detector's min_valid_fraction)
    fig = plot_timeline({"left": left, "right": timeline(result, "right")}, result.alerts, session_end_s=180.0)
    ax_load, ax_share, ax_level = fig.axes[:3]
    bars = _bars(ax_level, 1.1)  # the left foot's row (left on top)
    assert bars, "no level drawn for the left foot at all"
    for start, end in SILENT_S:  # no band crosses a silence (had: 60-70 s and 130-140 s drawn whole)
        start += 0.01  # the silence starts as its last frame before (a frame at 100 Hz) ends
        assert not [b for b in bars if b[0] < end - 1e-6 and b[1] > start + 1e-6], (start, end, bars)
    assert _bars(ax_level, 0.1), "the right foot, never silent, has its levels"
    for ax in (ax_load, ax_share):  # the left line breaks in each silence (had: straight across both)
        line = ax.get_lines()[0]
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        for start, end in SILENT_S:
            inside = (x > start) & (x < end)
            assert inside.any() and np.isnan(y[inside]).all(), (start, end, x[inside], y[inside])
