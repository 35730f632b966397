"""A sign on one foot is that foot's only when the other foot was watched: not too briefly (with its runs unknown:
its data never went stale)."""

from __future__ import annotations

from types import SimpleNamespace

from firmware_sim.firmware import encode_layout
from firmware_sim.layout import InsoleSpec
from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.link.protocol import decode_layout

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
    analysed = True  # some of its data analysed (FootPipeline.analysed)
    load_measured, read_nothing = True, False  # a load measured (FootPipeline.load_measured, .read_nothing)
    coverage = SimpleNamespace(n_read=0, n_not_analysed=0)  # no frame counted (FootPipeline.coverage)
    layout = decode_layout(encode_layout(InsoleSpec("left")))  # the simulated insole's: it checks every pattern

    def summary(self) -> dict:
        return {"activity": "cycling", "activities": (), "brief_activities": (), "main_part": None}  # one activity


def test_analyze_tells_the_advice_which_foot_went_stale():
    from monitor.analysis.batch import AnalysisResult
    from monitor.signal.params import Params

    stale = Alert(72.6, "right", "data_stale", None, message="NO DATA from the right insole for 13 s")
    result = AnalysisResult("s", "cycling_seated", Params(), {"left": _Foot(), "right": _Foot()},
                            alerts=[_notice("left", 80.0)], events=[stale])
    advice = result.advice()
    assert "foot only" not in advice.verdict and "check_side" not in [t.key for t in advice.tips], advice.verdict


def _swelling(foot: str, t_s: float, level: str) -> Alert:
    return Alert(t_s, foot, "alert", level, "mth1", "residual_unloaded", "swelling; closure too tight",
                 (f"Loosen the {foot} shoe a notch",), ("loosen_progressively", "unweight"), level.upper())


def test_a_warning_on_one_foot_whose_pattern_the_other_raised_as_a_notice_is_not_one_sided():
    """Swelling on both feet (simulated, 24 min): the right foot warned at 22:30 of pressure that stays on, the
    left raised a notice of the same at 21:30. The advice told the right shoe alone to loosen and checked the
    right cleat for an asymmetry that both feet's pattern does not suggest (domain.md section 6, "Unilateral
    pattern")."""
    alerts = [_swelling("left", 1290.0, "notice"), _swelling("right", 1290.0, "notice"),
              _swelling("right", 1350.0, "warning")]
    advice = advise(alerts, ("left", "right"), CYCLING)
    assert "check_side" not in [t.key for t in advice.tips], [(t.key, t.feet) for t in advice.tips]
    # the break of the warned pattern first (tests/test_relief_tip_kept.py), then its fix, for both feet
    assert [t.key for t in advice.tips] == ["unweight", "loosen_progressively"], advice.tips
    loosen = advice.tips[1]
    assert loosen.feet == ("left", "right") and "both shoes" in loosen.text, loosen
    assert " only" not in advice.verdict, advice.verdict
    assert "the left foot showed it too (a notice, from 21:30)" in advice.verdict, advice.verdict


def test_a_notice_of_another_pattern_on_the_other_foot_leaves_the_warning_one_sided():
    alerts = [_notice("left", 1290.0), _swelling("right", 1350.0, "warning")]
    advice = advise(alerts, ("left", "right"), CYCLING)
    assert "right foot only" in advice.verdict, advice.verdict
    assert [t.key for t in advice.tips][-1] == "check_side"
    assert all(t.feet == ("right",) for t in advice.tips), [(t.key, t.feet) for t in advice.tips]


def _focal(foot: str, t_s: float, level: str, region: str) -> Alert:
    return Alert(t_s, foot, "alert", level, region, "focal_mth", None, (), (), level.upper())


def test_a_notice_under_another_region_on_the_other_foot_leaves_the_warning_one_sided():
    """A right warning of focal pressure under MTH2-3 at 21:00 and a left notice of it under MTH4-5 at 21:30 gave
    "the left foot showed it too (a notice, from 21:30)" and a pad behind MTH2-3 and cleats back in both shoes."""
    alerts = [_focal("right", 1260.0, "warning", "mth2_3"), _focal("left", 1290.0, "notice", "mth4_5")]
    advice = advise(alerts, ("left", "right"), CYCLING)
    assert "right foot only" in advice.verdict and "showed it too" not in advice.verdict, advice.verdict
    assert all(t.feet == ("right",) for t in advice.tips), [(t.key, t.feet) for t in advice.tips]
    assert [t.key for t in advice.tips][-1] == "check_side"
    # under the same region, both feet
    same = [_focal("right", 1260.0, "warning", "mth2_3"), _focal("left", 1290.0, "notice", "mth2_3")]
    advice = advise(same, ("left", "right"), CYCLING)
    assert "the left foot showed it too (a notice, from 21:30)" in advice.verdict, advice.verdict
    assert advice.tips[0].feet == ("left", "right") and "check_side" not in [t.key for t in advice.tips]


def test_a_whole_forefoot_notice_heaviest_under_another_region_on_the_other_foot_is_the_same_pattern():
    """A whole-forefoot pattern's region is only where its load is heaviest (monitor.signal.patterns.HEAD_PATTERNS):
    a right warning of pressure that stays on, heaviest under MTH1, and a left notice of it heaviest under MTH2-3
    gave "on the right foot only" and a check of the right side; the feet match on the pattern alone."""
    left = Alert(1290.0, "left", "alert", "notice", "mth2_3", "residual_unloaded", "swelling; closure too tight",
                 ("Loosen the left shoe a notch",), ("loosen_progressively", "unweight"), "NOTICE")
    alerts = [left, _swelling("right", 1350.0, "warning")]
    advice = advise(alerts, ("left", "right"), CYCLING)
    assert " only" not in advice.verdict, advice.verdict
    assert "the left foot showed it too (a notice, from 21:30)" in advice.verdict, advice.verdict
    assert "check_side" not in [t.key for t in advice.tips], [(t.key, t.feet) for t in advice.tips]
    assert all(t.feet == ("left", "right") for t in advice.tips), [(t.key, t.feet) for t in advice.tips]


def _warning(foot: str, t_s: float) -> Alert:
    return Alert(t_s, foot, "alert", "warning", "mth2_3", "focal_mth", "cleat too far forward",
                 (f"Move the {foot} cleat back 2-10 mm",), ("cleat_back",), "WARNING")


def test_a_short_dropout_of_the_other_foot_leaves_a_sign_one_sided():
    """The left insole silent 3:20-3:42 of an 8:01 ride (it sent 7:32): a warning on the right foot is that foot's
    only, and its cleat is checked against the left, as when the left never dropped out (docs/report.md)."""
    stale = Alert(210.0, "left", "data_stale", None, message="NO DATA from the left insole for 10 s")
    runs = {"left": ((0.0, 200.0), (221.5, 481.0)), "right": ((0.0, 481.0),)}
    advice = advise([_warning("right", 330.0), stale], ("left", "right"), CYCLING, data_runs=runs, data_s=481.0,
                    warn_after_s=240.0)
    assert "right foot only" in advice.verdict, advice.verdict
    assert [t.key for t in advice.tips][-1] == "check_side"


def test_a_sign_while_the_other_foot_was_watched_too_briefly_is_still_not_one_sided():
    stale = Alert(78.0, "left", "data_stale", None, message="NO DATA from the left insole for 10 s")
    runs = {"left": ((0.0, 68.0),), "right": ((0.0, 481.0),)}
    advice = advise([stale, _warning("right", 330.0)], ("left", "right"), CYCLING, data_runs=runs, data_s=481.0,
                    warn_after_s=240.0)
    assert "foot only" not in advice.verdict and "check_side" not in [t.key for t in advice.tips], advice.verdict
