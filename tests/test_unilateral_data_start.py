"""The left-against-right check (monitor.analysis.unilateral) gathers its evidence as the detector does: never
from before the feet's data began (docs/detection.md, "Start and end of a pattern" and "Left against right").

The claims, each a test that fails if it is wrong:

- a foot beyond the other from the first judged window is not warned before ``warn_after_s`` of data, its
  ``since_s`` is not before the later foot's first data, and its "s under load" is no more than the time
  since then;
- a ride judged against a kept normal whose left foot shows a focal MTH2-3 peak from the first windows
  (the simulator's cleat-forward ride after its one-sided one) is first warned at ``warn_after_s`` after its
  data began, not a window earlier, and no assessment of it starts before its data.
"""

from __future__ import annotations

import re

import pytest
from test_unilateral import _a

from monitor.analysis.batch import analyze
from monitor.analysis.unilateral import UnilateralCheck
from monitor.signal.params import DEFAULT_PARAMS

WINDOW_S = DEFAULT_PARAMS.features.window_s
STEP_S = DEFAULT_PARAMS.features.step_s
WARN_S = DEFAULT_PARAMS.detector.warn_after_s


def _under_load_s(reason: str) -> float:
    return float(re.search(r"; (\d+) s under load", reason).group(1))


@pytest.mark.parametrize("right_from_s", [0.0, 30.0])
def test_a_pattern_from_the_first_window_gathers_no_exposure_before_the_data_began(right_from_s):
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    first = {"left": 0.0, "right": right_from_s}  # where each foot's data began (session s)
    raised = []
    for k in range(1, int(10 * 60 / STEP_S) + 1):
        t = k * STEP_S
        for foot, ratio in (("left", 1.6), ("right", 1.0)):
            if t <= first[foot]:
                continue
            a = _a(foot, t, ratio)
            a.metrics["valid_fraction"] = min(1.0, (t - first[foot]) / WINDOW_S)
            raised += [b for b, _ in check.feed(a, "cycling") if b.pattern == "lateral_overload"]
    raised += [b for b, _ in check.flush() if b.pattern == "lateral_overload"]
    data_from_s = max(first.values())
    assert raised and {b.foot for b in raised} == {"left"}
    warned = [b for b in raised if b.level in ("warning", "alert")]
    assert warned and warned[0].t_s - data_from_s >= WARN_S
    for b in raised:
        assert b.since_s >= data_from_s
        assert _under_load_s(b.reasons[0]) <= b.t_s - data_from_s


def test_a_ride_against_a_kept_normal_is_first_warned_once_its_data_have_lasted_the_warning_time():
    from monitor.session.offline import offline_session

    kept = analyze(offline_session("one-sided", duration_s=420.0, seed=1)).baseline
    result = analyze(offline_session("cleat-forward", duration_s=360.0, seed=1), baseline=kept)
    left = result.feet["left"]
    w = left.windows_[0]
    data_from_s = w.t_s - w.window_s * w.valid_fraction
    against = [a for a in left.assessments_ if a.reasons and "(against the other foot)" in a.reasons[0]]
    for a in left.assessments_:
        if a.level != "none" and a.since_s == a.since_s:
            assert a.since_s >= data_from_s, (a.t_s, a.since_s, a.reasons[:1])
    for a in against:
        assert _under_load_s(a.reasons[0]) <= a.t_s - data_from_s
    warned = [a for a in result.alerts if a.level in ("warning", "alert")]
    assert warned and warned[0].foot == "left" and warned[0].region == "mth2_3"
    assert warned[0].t_s - data_from_s >= WARN_S
    assert result.feet["left"].summary()["first_warning_s"] == warned[0].t_s
