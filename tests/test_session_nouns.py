"""A session of a stepping machine is "this elliptical session", never "this elliptical" (the machine): the
lines of what a session was judged against, the caution of a normal kept, and a simulation's note. Had: "this
elliptical kept its first minutes as ana's normal", "kept from this elliptical's first minutes"."""

from __future__ import annotations

import pytest

import monitor
from monitor.analysis.judged import judged_against
from monitor.analysis.normal_words import judged_words
from monitor.signal.activity_words import ACTIVITY_WORDS, activity_session, activity_sessions
from monitor.signal.baseline import RiderBaseline

#: A declared activity -> what one session of it is called.
SESSIONS = {"cycling": "ride", "cycling_seated": "ride", "running": "run", "walking": "walk",
            "elliptical": "elliptical session", "stair_climber": "stair climber session",
            "elliptical_or_stair": "elliptical or stair climber session", "unknown": "session"}
BOTH = ("left", "right")


def test_every_activity_has_a_word_for_one_of_its_sessions():
    assert set(ACTIVITY_WORDS) <= set(SESSIONS) | {"cycling_standing"}
    for activity in ACTIVITY_WORDS:
        assert activity_session(activity) == SESSIONS.get(activity, "ride"), activity
        assert activity_sessions(activity) == activity_session(activity) + "s"
    assert activity_session(None) == "session"


@pytest.mark.parametrize("declared", sorted(SESSIONS))
def test_a_session_that_kept_its_normal_is_called_a_session(declared):
    acts = {f: ACTIVITY_WORDS[declared].detector for f in BOTH}
    line = judged_words({}, None, "ana", acts, declared, kept_now=True)
    assert f"this {SESSIONS[declared]} kept its first minutes as ana's normal" in line, line
    own = judged_words({f: True for f in BOTH}, RiderBaseline({}), "ana", acts, declared, {f: "this" for f in BOTH})
    assert f"kept from this {SESSIONS[declared]}'s first minutes, as it was judged live" in own, own


def test_the_caution_of_a_normal_names_the_session_that_kept_it():
    session = monitor.offline_session("healthy-elliptical", duration_s=420, seed=2)  # long enough to keep a normal
    normal = monitor.analyze(session).baseline.cautioned({"left": "warned"})
    judged = judged_against({f: True for f in BOTH}, {f: True for f in BOTH}, normal, "ana",
                            {f: "elliptical_or_stair" for f in BOTH}, "elliptical")
    assert "as the elliptical session that kept it warned on the left foot" in judged.line, judged.line
