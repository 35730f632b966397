"""A live or replay summary says what solewatch analyze says of a session whose signs came without a
warning, and every view of a session judged against its own first minutes says how to keep a normal:
a first ride without ``--rider`` ended with "Alerts: left foot 1 notice; right foot 1 notice." alone."""

from __future__ import annotations

import monitor
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.normal_words import judged_words
from monitor.codebook import FEET
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, ReplaySummary, replay_text, summary_text
from monitor.report.text import analysis_text
from monitor.report.verdict_data import verdict
from monitor.signal.params import DEFAULT_PARAMS

COUNTERS = {"left": {"frames_missing": 0}, "right": {"frames_missing": 0}}
KEEP_HINT = "record with `live --rider NAME` to keep your normal"  # how to keep a normal, said where none was kept
CYCLING = {"left": {"activity": "cycling"}, "right": {"activity": "cycling"}}


def _notice(t_s: float, foot: str) -> Delivered:
    return Delivered(Alert(t_s, foot, "alert", "notice", "mth2_3", "focal_mth", "focal peak"), ("terminal",), "")


def _summary(tmp_path, cls=LiveSummary, **kw) -> LiveSummary:
    return cls(RecordSummary(tmp_path, 1200.0, COUNTERS, 0), [_notice(70.0, "left"), _notice(80.0, "right")],
               CYCLING, data_s=1200.0, **kw)


def test_a_live_summary_of_notices_only_says_why_no_warning_came_and_how_to_keep_a_normal(tmp_path):
    """had: "Alerts: left foot 1 notice; right foot 1 notice." and nothing after it: analyze's verdict
    (an early sign in the first minutes, taken as normal by a session without a kept normal) and the fix
    (``--rider NAME``) were said nowhere at the end of the ride."""
    lines = summary_text(_summary(tmp_path)).splitlines()
    at = lines.index("Alerts: left foot 1 notice; right foot 1 notice.")
    verdict, judged = lines[at + 1], lines[at + 2]
    assert verdict.startswith("Verdict: no warning, but an early sign on both feet under MTH2-3"), lines
    assert "it showed in the first minutes, which a session without a kept normal" in verdict
    assert judged == f"Judged against this session's first minutes (no kept normal; {KEEP_HINT})."
    assert "--rider NAME" in judged


def test_a_replay_summary_says_the_verdict_too(tmp_path):
    lines = replay_text(_summary(tmp_path, ReplaySummary, wall_s=2.0)).splitlines()
    assert any(line.startswith("Verdict: no warning, but an early sign") for line in lines), lines
    assert any(KEEP_HINT in line for line in lines), lines


def test_a_sign_after_the_first_minutes_is_told_a_longer_session_would_tell(tmp_path):
    late_s = DEFAULT_PARAMS.detector.baseline_s + 60.0
    s = LiveSummary(RecordSummary(tmp_path, late_s + 30.0, COUNTERS, 0), [_notice(late_s, "left")], CYCLING,
                    data_s=late_s + 30.0)
    assert any(line.startswith("Verdict: no warning, but an early sign") and line.endswith(
        "a longer session would tell.") for line in summary_text(s).splitlines())


def test_a_warned_ride_says_no_verdict_line_under_its_alerts(tmp_path):
    warned = Delivered(Alert(400.0, "left", "alert", "warning", "mth2_3", "focal_mth"), ("terminal",), "")
    s = LiveSummary(RecordSummary(tmp_path, 1200.0, COUNTERS, 0), [warned], CYCLING, data_s=1200.0)
    assert not any(line.startswith("Verdict:") for line in summary_text(s).splitlines())


def test_a_rider_named_without_a_kept_normal_is_not_told_to_name_one(tmp_path):
    lines = summary_text(_summary(tmp_path), rider="ana").splitlines()  # as `live --rider ana` says it
    assert lines == summary_text(_summary(tmp_path, rider="ana")).splitlines()
    assert "Judged against this session's first minutes (no normal kept for ana yet)." in lines
    assert not any(KEEP_HINT in line for line in lines)


def test_analyze_and_the_report_say_how_to_keep_a_normal():
    """had: "Judged against this session's first minutes (no kept normal)." named no way to keep one."""
    assert judged_words({}, None, None, {}) == (
        "Judged against this session's first minutes (no kept normal; record with `live --rider NAME` to keep "
        "your normal).")
    result = analyze(monitor.offline_session("cleat-forward", duration_s=60))
    assert result.judged_words() in analysis_text(result).splitlines()
    assert KEEP_HINT in analysis_text(result) and KEEP_HINT in verdict(result, FEET).judged  # the report's line
