"""The report's timeline draws a point only for a window whose data the alert policy acts on (the detector's
min_valid_fraction, 0.8 of the 60-s window), as it draws a level only there (monitor.analysis.assessed_data:
window_has_data, assessment_has_data): one rule, and such a window is left out, not drawn as partial; the
caption says so. Had: a window holding 20 s of its 60 s had a forefoot share and peak drawn, and no level."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from monitor.analysis.assessed_data import assessment_has_data
from monitor.analysis.batch import analyze
from monitor.report.timeline_caption import timeline_caption
from monitor.report.timeline_data import timeline
from monitor.session.offline import offline_session


def _ride_with_nothing_read(start_s: float, end_s: float):
    """A 3-minute simulated ride whose insoles read nothing from ``start_s`` to ``end_s`` (rows kept, every
    sensor missing: no silence of the link, a stretch of missing data)."""
    session = offline_session("healthy-ride", duration_s=180, seed=2)
    frames = session.frames.copy()
    gone = (frames["t_s"] >= start_s) & (frames["t_s"] < end_s)
    frames.loc[gone, [c for c in frames.columns if c.endswith("_kpa")]] = np.nan
    return replace(session, frames=frames)


def test_a_window_the_alert_policy_skips_has_no_point_as_it_has_no_level():
    session = _ride_with_nothing_read(60.0, 100.0)
    result = analyze(session)
    for foot, pipe in result.feet.items():
        tl = timeline(result, foot)
        # the window ending at 110 s, [50, 110), holds 20 s of data (50-60 and 100-110 s): over 5 s, under 48 s
        at = int(np.flatnonzero(np.isclose(tl.t_s, 110.0))[0])
        assert 5.0 <= pipe.windows_[at].valid_fraction * pipe.windows_[at].window_s < 0.8 * 60.0
        assert np.isnan(tl.forefoot_share[at]) and np.isnan(tl.forefoot_peak_kpa[at]), foot
        # one rule: every point drawn has a level drawn at its time, and every level a point
        shown = dict(zip((a.t_s for a in pipe.assessments_), assessment_has_data(pipe, tl.silent)))
        drawn = np.isfinite(tl.forefoot_share)
        assert drawn.any()
        assert all(shown.get(float(t), False) == bool(d) for t, d in zip(tl.t_s, drawn)), foot
        assert tl.partial >= 1
    caption = timeline_caption({f: timeline(result, f) for f in result.feet})
    assert "window holding less than 80 % of its 60 s of data, which the alert policy skips, has no point, " \
           "as it has no level (" in caption, caption


def test_a_whole_ride_says_nothing_of_windows_left_out():
    session = offline_session("healthy-ride", duration_s=180, seed=2)
    result = analyze(session)
    tls = {f: timeline(result, f) for f in result.feet}
    assert all(tl.partial == 0 and np.isfinite(tl.forefoot_share).all() for tl in tls.values())
    assert "alert policy skips" not in timeline_caption(tls)
