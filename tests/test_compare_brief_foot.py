"""A foot a session watched too briefly to tell is not compared, as a foot not analysed is not: a right insole
that sent 2 s of an 8-minute ride had its first warning (none, none), warnings (0, 0) and alerts counted "the
same", where analyze says "too little to tell". A share of data missing is never rounded up to 100 %, and the
headline of changes reported, not judged, sends to the caveats only for a reason a caveat gives."""

from __future__ import annotations

import dataclasses

import pytest

from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.analysis.compare_caveats import comparison_caveats, percent_words
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def ride():
    session = offline_session("healthy-ride", duration_s=8 * 60, seed=3)
    return session, analyze(session)


def _cut(session, keep):
    """``session`` with only the frames ``keep(frames)`` selects."""
    return dataclasses.replace(session, frames=session.frames[keep(session.frames)])


def _two_second_session(session):
    """The first 2 s of ``session``, a session of 2 s (not 2 s of its 8 minutes)."""
    short = _cut(session, lambda f: f["t_s"] < 2.0)
    return dataclasses.replace(short, info=dataclasses.replace(short.info, duration_s=2.0))


def test_a_foot_that_sent_two_seconds_is_not_compared(ride):
    s, r = ride
    short = _cut(s, lambda f: (f["foot"] != "right") | (f["t_s"] < 2.0))
    rs = analyze(short)
    for c, when in ((compare(r, rs, s, short), "after"), (compare(rs, r, short, s), "before")):
        assert c.feet == ("left",)  # had: ("left", "right")
        assert not [x for x in c.changes if x.foot == "right"]  # had: first warning, warnings, alerts "same"
        assert c.watched_briefly == {"right": {when: "it sent only 0:02 of data, none after 0:02"}}
        assert f"Right foot: watched too briefly to tell in the {when} session (it sent only 0:02 of data, none " \
               "after 0:02), so only the left foot is compared." in c.sentences()


def test_missing_data_is_never_said_as_all_of_it(ride):
    s, r = ride
    short = _cut(s, lambda f: f["t_s"] < 2.0)  # both feet: 2 s of 8 minutes, watched too briefly to compare
    c = compare(r, analyze(short), s, short)
    said = [x for x in comparison_caveats(c.before, c.after, ("left", "right"), [], c.thresholds)
            if "of the left foot's data is missing" in x]  # the words, were those feet compared
    assert said == ["Caveat: 99.5 % of the left foot's data is missing in the after session: its numbers rest on "
                    "less data."]  # had: "100 %"
    assert [percent_words(x) for x in (0.997, 0.9996, 1.0, 0.124, 0.0004, 0.0)] == \
        ["99.7", "99.9", "100", "12", "0.1", "0"]


def test_a_relief_note_is_not_sent_to_the_caveats(ride):
    s, r = ride
    short = _two_second_session(s)
    headline = compare(r, analyze(short), s, short).sentences()[0]
    assert headline.endswith("reported, not judged (within one relief of the foot's shorter time with data, "
                             "1800.0 per hour).")  # had: "(... session (1800.0 per hour); the caveats say why)."


def test_feet_that_both_sent_two_seconds_are_watched_briefly(ride):
    s, r = ride
    short = _cut(s, lambda f: f["t_s"] < 2.0)  # both feet: 2 s of an 8-minute ride, neither set apart by the other
    rs = analyze(short)
    c = compare(r, rs, s, short)
    assert c.feet == ()  # had: ("left", "right"), their first warnings, warnings and alerts "same"
    assert not [x for x in c.changes if x.verdict == "same"]
    assert set(c.watched_briefly) == {"left", "right"}
    assert c.sentences() == ["No foot was watched long enough in both sessions: there is nothing to compare.",
                             "Left foot: watched too briefly to tell in the after session (it sent only 0:02 of data).",
                             "Right foot: watched too briefly to tell in the after session (it sent only 0:02 of "
                             "data)."]


def test_a_small_share_of_the_session_is_watched_briefly_whatever_the_other_foot():
    from monitor.analysis.watched import BRIEF_SHARE_OF_SESSION, briefly_watched

    runs = {"left": [(0.0, 2.0)], "right": [(0.0, 2.0)]}
    assert briefly_watched(runs, 300.0) == {}  # the session's length unknown: one foot against the other only
    assert set(briefly_watched(runs, 300.0, session_s=480.0)) == {"left", "right"}  # had: neither
    assert briefly_watched(runs, 300.0, session_s=2.0 / BRIEF_SHARE_OF_SESSION) == {}  # a share as large: watched
    # a dropout of 0:20 in 8:00 leaves both feet watched
    assert briefly_watched({"left": [(0.0, 460.0)], "right": [(0.0, 480.0)]}, 300.0, session_s=480.0) == {}


def test_the_verdict_names_both_feet_of_a_ride_they_sent_two_seconds_of(ride):
    s, _ = ride
    verdict = analyze(_cut(s, lambda f: f["t_s"] < 2.0)).advice().verdict
    assert "the left foot sent only 0:02 of data" in verdict and "the right foot sent only 0:02 of data" in verdict
