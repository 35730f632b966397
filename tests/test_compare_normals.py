"""Two sessions judged against different normals: a ride with its cleats moved forward judged against its own
first minutes (the problem in them, its normal), then a healthy ride after the fix judged against the normal
that first ride kept. Moving the cleat back lowers MTH2-3, so the other heads' ratios to their neighbours rise
against that normal and the healthy ride warns where against its own first minutes it does not. Had: "Right
foot: no warning before, first warning at 11:30 after: worse", no caveat; now each session's normal is named
in a caveat, and the warning rows are reported, not judged."""

from __future__ import annotations

import dataclasses

import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.session.offline import offline_session
from monitor.signal.baseline import RiderBaseline

NORMALS = "Caveat: the sessions were judged against different normals."
WARNING_ROWS = ("first_warning_s", "notice_count", "warning_count", "alert_count")


@pytest.fixture(scope="module")
def rides():
    """(cleat-forward session, its analysis against its own first minutes, healthy session, its analysis
    against the first ride's normal, its analysis against its own first minutes)."""
    sa = offline_session("cleat-forward", duration_s=12 * 60, seed=2)
    ra = analyze(sa)
    sb = offline_session("healthy-ride", duration_s=12 * 60, seed=4)
    return sa, ra, sb, analyze(sb, baseline=ra.baseline), analyze(sb)


def _row(comparison, foot, metric):
    return next(c for c in comparison.changes if c.foot == foot and c.metric == metric)


def test_the_healthy_ride_warns_against_the_first_rides_normal_only(rides):
    _, ra, _, rb, rb_own = rides
    assert ra.summary()["right"]["first_warning_s"] is None
    assert rb.summary()["right"]["first_warning_s"] == 690.0
    assert rb_own.summary()["right"]["first_warning_s"] is None


def test_warnings_against_another_normal_are_not_judged(rides):
    sa, ra, sb, rb, _ = rides
    c = compare(ra, rb, sa, sb)
    row = _row(c, "right", "first_warning_s")
    assert (row.verdict, row.note) == ("neutral", "judged against different normals")  # had: "worse"
    assert _row(c, "right", "warning_count").verdict == "neutral"  # had: "worse" (0 -> 1)
    said = [s for s in c.sentences() if s.startswith(NORMALS)]
    assert said == [f"{NORMALS} Before: Judged against this session's first minutes (no kept normal; record with "
                    "`live --rider NAME` to keep your normal). After: Judged against the normal given (baseline=), "
                    "kept from earlier rides. A warning is a change from the normal it was judged against, so "
                    "their first warnings, notices, warnings and alerts are reported, not judged."]
    assert "Right foot: first warning none before, at 11:30 after, judged against different normals: not judged." \
        in c.sentences()  # had: "Right foot: no warning before, first warning at 11:30 after: worse."


def test_the_early_sign_a_normal_was_kept_with_is_said(rides):
    sa, ra, sb, _, _ = rides
    signed = RiderBaseline({foot: {act: dataclasses.replace(b, caution="early_sign") for act, b in acts.items()}
                            for foot, acts in ra.baseline.feet.items()}, ra.baseline.insole)
    c = compare(ra, analyze(sb, baseline=signed), sa, sb)
    said = next(s for s in c.sentences() if s.startswith(NORMALS))
    assert "kept from earlier rides, kept with an early sign on the left and right foot. A warning" in said


def test_sessions_judged_alike_have_no_such_caveat(rides):
    sa, ra, sb, rb, rb_own = rides
    for before, after in ((ra, rb_own), (rb, rb)):
        c = compare(before, after, sa, sb)
        assert not any(s.startswith(NORMALS) for s in c.sentences())
    assert _row(compare(rb, rb, sb, sb), "right", "first_warning_s").verdict == "same"
