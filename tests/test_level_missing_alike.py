"""The report's timeline draws no level where the per-second table (the FIT export's records, the ride
section) has none: one rule, monitor.analysis.assessed_data.level_seconds, for both. Had: the table left a
foot's level out in a second with no frame that could be analysed, while the timeline drew the band of a
window holding 5 s or more of earlier data across it (frames coming, a whole group of sensors without a
sample); and after a silence both gave a level for windows the alert policy skips (under the detector's
``min_valid_fraction`` of data: the level there only carries on the one from before).

The session is the simulated healthy ride built offline (deterministic), its left insole silent over one
span and sending frames that cannot be analysed (one sensor reading, every group but one without a
sample) over another.
"""

from __future__ import annotations

import math

import numpy as np
from test_timeline_silence import _bars

from monitor.analysis.assessed_data import assessed_with_data
from monitor.analysis.batch import analyze
from monitor.analysis.per_second import assessed_none, per_second_metrics
from monitor.report.data import report_data
from monitor.report.plots.timeline import plot_timeline
from monitor.session.directory import Session
from monitor.session.offline import offline_session

SILENT_S = (60.015, 85.0)  # the left insole sends nothing
UNREADABLE_S = (140.0, 150.0)  # the left insole's frames hold one sensor's sample only


def _session(where) -> Session:
    s = offline_session("healthy-ride", duration_s=180, seed=3)
    f = s.frames.copy()
    left = (f["foot"] == "left").to_numpy()
    t = f["t_s"].to_numpy()
    gone = left & (t >= SILENT_S[0]) & (t < SILENT_S[1])
    blind = left & (t >= UNREADABLE_S[0]) & (t < UNREADABLE_S[1])
    sensors = [c for c in f.columns if c.startswith("p")][1:]
    f.loc[blind, sensors] = np.nan
    where.mkdir()
    return Session(where, s.info, f[~gone].reset_index(drop=True), s.gaps)


def _analysed(where):
    session = _session(where)
    result = analyze(session)
    metrics = per_second_metrics(session, [*result.alerts, *result.events], assessed_none(result.feet),
                                 assessed_with_data(result.feet, result.silent_spans))
    return session, result, metrics["left_level"].to_numpy()


def _drawn(session, result, n: int) -> np.ndarray:
    """Per second, whether the report's timeline draws a level band of the left foot in it (not the hatched band
    of the first windows, "not judged": no level, tests/test_unjudged_level_missing.py)."""
    fig = plot_timeline(report_data(session, result).timelines, result.alerts, session_end_s=180.0)
    ax = fig.axes[2]
    for c in [c for c in ax.collections if c.get_hatch()]:
        c.remove()
    bars = _bars(ax, 1.1)  # the left foot's row, in seconds (a session up to 3 minutes)
    drawn = np.zeros(n, dtype=bool)
    for start, end in bars:
        drawn[int(math.floor(start + 1e-6)):int(math.ceil(end - 1e-6))] = True
    return drawn


def test_the_timeline_draws_no_level_where_the_per_second_table_has_none(tmp_path):
    session, result, level = _analysed(tmp_path / "session")
    unreadable = np.arange(len(level))
    unreadable = (unreadable >= UNREADABLE_S[0]) & (unreadable < UNREADABLE_S[1])
    assert np.isnan(level[unreadable]).all()  # no frame that could be analysed: no level
    drawn = _drawn(session, result, len(level))
    assert drawn.any() and (drawn & ~np.isnan(level)).any()
    assert not (drawn & np.isnan(level)).any(), np.flatnonzero(drawn & np.isnan(level))  # had: 140-149 s


def test_no_level_for_a_window_the_alert_policy_skips(tmp_path):
    session, result, level = _analysed(tmp_path / "session")
    skipped = [a.t_s for a in result.feet["left"].assessments_ if not a.with_data and a.t_s > SILENT_S[1]]
    assert skipped, "no window after the silence that the alert policy skips"
    drawn = _drawn(session, result, len(level))
    for t_s in skipped:  # had: a level in the table and a band (their windows held 5 s or more of data)
        assert math.isnan(level[int(t_s)]) and not drawn[int(t_s)], (t_s, level[int(t_s)], drawn[int(t_s)])
