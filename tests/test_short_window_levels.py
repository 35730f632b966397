"""A shorter analysis window (``features.window_s`` under 5 s, which the parameter checks allow) keeps its
levels and timeline points: the least data a window must hold to have them is a share of the window
(monitor.analysis.assessed_data.MIN_WINDOW_DATA_SHARE), not a fixed 5 s a 4-s window never holds. Had: the
report's timeline blank ("forefoot share not measured", though it was) and the per-second table (the FIT
export's records) with no level in any second, while ``analyze`` raised notices.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from monitor.analysis.assessed_data import assessed_with_data
from monitor.analysis.batch import analyze
from monitor.analysis.per_second import assessed_none, per_second_metrics
from monitor.report.data import report_data
from monitor.report.plots.timeline import plot_timeline
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

SHORT = replace(DEFAULT_PARAMS, features=replace(DEFAULT_PARAMS.features, window_s=4.0, step_s=2.0))


def test_the_least_data_of_a_window_is_a_share_of_it():
    from monitor.analysis.assessed_data import min_window_data_s

    assert min_window_data_s(60.0) == 5.0  # the default window's, as before
    assert 0.0 < min_window_data_s(4.0) < 4.0


def test_a_4_s_window_keeps_its_levels_and_its_timeline_points():
    session = offline_session("healthy-ride", duration_s=120, seed=1)
    result = analyze(session, params=SHORT)
    table = per_second_metrics(session, [*result.alerts, *result.events], assessed_none(result.feet),
                               assessed_with_data(result.feet, result.silent_spans))
    assert table["level"].notna().mean() > 0.9  # every second but the first few has a level
    data = report_data(session, result)
    for foot in session.info.feet:
        tl = data.timelines[foot]
        assert tl.window_s == 4.0
        assert np.isfinite(tl.forefoot_share).mean() > 0.9 and np.isfinite(tl.forefoot_peak_kpa).mean() > 0.9
    assert list(plot_timeline(data.timelines, result.alerts).axes[1].texts) == []


def test_a_foot_whose_every_window_is_left_out_is_not_said_to_be_unmeasured():
    """A timeline with no point drawn (every window under the data the alert policy acts on) does not say the
    forefoot share is not measured: it was, the windows held too little of it."""
    session = offline_session("healthy-ride", duration_s=120, seed=1)
    strict = replace(DEFAULT_PARAMS, detector=replace(DEFAULT_PARAMS.detector, min_valid_fraction=1.0))
    session.frames.loc[session.frames.index[::7], [c for c in session.frames.columns if c.endswith("_kpa")]] = np.nan
    data = report_data(session, analyze(session, params=strict))
    assert not any(np.isfinite(data.timelines[f].forefoot_share).any() for f in session.info.feet)
    assert [t.get_text() for t in plot_timeline(data.timelines).axes[1].texts] == []
