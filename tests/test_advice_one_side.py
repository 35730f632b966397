"""A sign on one foot is that foot's only when the other foot was watched: its data never went stale."""

from __future__ import annotations

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert

CYCLING = {"left": "cycling", "right": "cycling"}


def _notice(foot: str, t_s: float) -> Alert:
    return Alert(t_s, foot, "alert", "notice", "mth2_3", "focal_mth", "cleat too far forward",
                 (f"Move the {foot} cleat back 2-10 mm",), ("cleat_back",), "NOTICE")


def test_a_sign_on_one_foot_while_the_other_is_watched_is_that_foot_only():
    advice = advise([_notice("left", 70.0)], ("left", "right"), CYCLING)
    assert "left foot only" in advice.verdict
    assert [t.key for t in advice.tips][-1] == "check_side"


def test_a_sign_on_one_foot_after_the_other_foot_went_stale_is_not_called_one_sided():
    stale = Alert(72.6, "right", "data_stale", None, message="NO DATA from the right insole for 13 s")
    advice = advise([stale, _notice("left", 80.0)], ("left", "right"), CYCLING)
    assert " only" not in advice.verdict
    assert "check_side" not in [t.key for t in advice.tips]
    assert [t.key for t in advice.tips] == ["cleat_back"]


class _Foot:
    def summary(self) -> dict:
        return {"activity": "cycling"}


def test_analyze_tells_the_advice_which_foot_went_stale():
    from monitor.analysis.batch import AnalysisResult
    from monitor.signal.params import Params

    stale = Alert(72.6, "right", "data_stale", None, message="NO DATA from the right insole for 13 s")
    result = AnalysisResult("s", "cycling_seated", Params(), {"left": _Foot(), "right": _Foot()},
                            alerts=[_notice("left", 80.0)], events=[stale])
    advice = result.advice()
    assert " only" not in advice.verdict and "check_side" not in [t.key for t in advice.tips]
