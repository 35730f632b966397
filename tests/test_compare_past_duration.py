"""A comparison counts a foot's missing data as analyze says its silences: a foot whose last frame is at or past
the duration the recording was asked for (session.json ``planned_duration_s``) has no missing span at the end,
though the other foot's frames run on later (monitor.session.absence.absent_spans' ``reached_s``). Had: a foot
that ended 1.1 s before the other, both past the planned duration, was counted 55 frames missing (1.8 %) by
compare where analyze said it had data to the end."""

from __future__ import annotations

import dataclasses

from monitor.analysis.batch import analyze
from monitor.analysis.compare_facts import session_facts
from monitor.session.offline import offline_session

#: 50 Hz, as tests/test_study_setup.py makes sessions offline; the session covers the right's last frame
#: (59.98 s), the recording was asked for 58 s, the left's last frame is 58.88 s: past it, 1.1 s before the right's
RATE_HZ, DURATION_S, PLANNED_S, LEFT_END_S = 50, 60.0, 58.0, 58.9


def _ended_apart():
    """An offline session whose left foot's frames stop 1.1 s before the right's, both past the planned
    duration (as a simulation on a busy host ends: monitor.session.absence.absent_spans)."""
    session = offline_session("healthy-ride", duration_s=DURATION_S, seed=1, rate_hz=RATE_HZ)
    frames = session.frames
    kept = frames[(frames["foot"] != "left") | (frames["t_s"] < LEFT_END_S)].reset_index(drop=True)
    info = dataclasses.replace(session.info, duration_s=DURATION_S, planned_duration_s=PLANNED_S)
    return dataclasses.replace(session, info=info, frames=kept)


def test_a_foot_whose_data_reached_the_planned_duration_is_not_counted_missing_at_the_end():
    session = _ended_apart()
    left_t = session.foot_frames("left")["t_s"]
    right_t = session.foot_frames("right")["t_s"]
    assert PLANNED_S <= left_t.iloc[-1] and left_t.iloc[-1] + 1.0 < right_t.iloc[-1], (left_t.iloc[-1],
                                                                                        right_t.iloc[-1])
    result = analyze(session)
    assert "left" not in result.absent_at_ends, result.absent_at_ends  # analyze: data to the end
    facts = session_facts(result, session)
    assert facts.missing_fraction["left"] == 0.0, facts.missing_fraction  # had: 0.0183 (55 of 3000 frames)
    assert facts.missing_fraction["right"] == 0.0, facts.missing_fraction


def test_a_foot_whose_data_stopped_before_the_planned_duration_is_still_counted_missing():
    session = _ended_apart()
    session = dataclasses.replace(session, info=dataclasses.replace(session.info, planned_duration_s=DURATION_S))
    facts = session_facts(analyze(session), session)
    assert abs(facts.missing_fraction["left"] - 55 / 3000) < 1e-9, facts.missing_fraction  # 58.9 s to 60 s
