"""Before a foot's first assessment its alert level is not known: the FIT export (and the per-second table
the report's ride section reads) leaves it out there, where the report's timeline draws no level
(docs/fit.md). It read 0 ("none") in the records of the session's first seconds, before any window had been
assessed. Up to the first window the detector judges, the timeline draws the first windows "not judged", and the
records leave the level out there too (tests/test_unjudged_level_missing.py)."""

from __future__ import annotations

import numpy as np
from test_fit_unanalysed_level import _exported

import monitor
from monitor.analysis.batch import analyze
from monitor.report.timeline_data import timeline


def test_no_level_before_the_first_assessment(tmp_path, capsys):
    session = monitor.offline_session("healthy-ride", duration_s=60, seed=1)
    result = analyze(session)
    tls = {foot: timeline(result, foot) for foot in ("left", "right")}
    first_s = {foot: float(tl.level_t_s[0]) for foot, tl in tls.items()}
    judged_s = {foot: float(tl.level_t_s[~tl.unjudged][0]) for foot, tl in tls.items()}
    assert all(5.0 <= t_s < 30.0 for t_s in first_s.values()), first_s
    assert all(t_s < 60.0 for t_s in judged_s.values()), judged_s
    levels = _exported(session, tmp_path, capsys)
    for foot, t_s in first_s.items():
        lv = levels[f"{foot} alert level"]
        before = [lv[s] for s in range(len(lv)) if s + 1.0 <= t_s]  # the second ends by the first assessment
        after = [lv[s] for s in range(len(lv)) if s + 1.0 > judged_s[foot]]
        assert before and set(before) == {None}, (foot, before)  # had: 0
        assert None not in after, (foot, after)
    both = levels["alert level"]
    assert set(both[:int(np.floor(min(first_s.values())))]) == {None}
