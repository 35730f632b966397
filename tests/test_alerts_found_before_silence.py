"""A first alert or an escalation dated in a foot's silence (from its NO DATA to its DATA BACK) rests on the
foot's data from before the silence: it keeps its date, says so in its words, and live and replay tell it
after the DATA BACK (at the session's end if the data never come back), as ``analyze`` words it. Had:
`live --sim tight-shoes --speed 30 --params esc.json --fault drop:left@70s+60s` (a warning after 40 s, an
alert 41 s later) printed "1:20 LEFT NO DATA", then "1:22 LEFT ALERT ..." while the left insole sent
nothing, which the view then showed as the foot's state after its data came back, in replay and
``analyze`` alike, with no word that the alert came of the data before the silence.

The session is the simulated tight-shoes ride built offline (deterministic, no clock) with the left
insole's frames over a span left without a reading; the live analysis core is fed its frames as the link
delivers them (tests/test_alerts_in_silence.py), so nothing depends on the host.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_alerts_in_silence import core_events

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

#: esc.json: a window every second, a warning after 40 s, an alert 41 s later, a repeat after 2 s: the
#: left foot's alert falls at 81 s, in its silence
PARAMS = DEFAULT_PARAMS.override({"features": {"step_s": 1.0},
                                  "detector": {"warn_after_s": 40.0, "alert_after_s": 41.0},
                                  "alerts": {"quiet_s": 2.0}})
SILENT_S = (70.0, 150.0)  # the left insole's frames have no reading in between (session s)
SPEED = 30.0


def _silent_left(session_s: float):
    s = offline_session("tight-shoes", duration_s=session_s, seed=1)
    f = s.frames.copy()
    gone = ((f["foot"] == "left") & (f["t_s"] >= SILENT_S[0]) & (f["t_s"] < SILENT_S[1])).to_numpy()
    f.loc[gone, [c for c in f.columns if c.startswith("p") and c.endswith("_kpa")]] = np.nan
    return dataclasses.replace(s, frames=f)


def _core(session, session_s: float, deferred: bool) -> tuple[list, list]:
    """The live core's events (:func:`test_alerts_in_silence.core_events`) and, as each left, the left foot's
    standing event."""
    standing: list = []
    events = core_events(session, deferred, standing, params=PARAMS, speed=SPEED, end_s=session_s)
    return events, [state for _, state in standing]


def _told(events) -> list[tuple[float, str, str | None, str]]:
    return sorted((round(a.t_s, 3), a.foot, a.level, a.message) for a in events if a.kind == "alert")


def _in_silence(events):
    stale = [a.t_s for a in events if a.foot == "left" and a.kind == "data_stale"]
    assert len(stale) == 1, events
    return [a for a in events if a.foot == "left" and a.kind == "alert" and a.t_s >= stale[0]
            and a.t_s < SILENT_S[1]]


def test_analyze_words_an_escalation_in_a_silence_as_found_in_the_data_before_it():
    session = _silent_left(200.0)
    result = analyze(session, PARAMS)
    found = _in_silence(result.alerts + result.events)
    assert [a.level for a in found] == ["alert"], found  # the case this is about: the escalation at 81 s
    assert found[0].message.endswith("(found in the data before the left insole went silent at 1:10)"), found
    until_s = found[0].data_until_s
    assert until_s is not None and SILENT_S[0] - 1.0 < until_s < SILENT_S[0]  # the left's newest data
    # an alert with data under it says nothing of the kind
    assert all(a.data_until_s is None and "went silent" not in a.message
               for a in result.alerts if a not in found)


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_live_and_replay_tell_an_escalation_in_a_silence_after_the_data_back(deferred):
    session = _silent_left(200.0)
    events, standing = _core(session, 200.0, deferred)
    assert _told(events) == _told(analyze(session, PARAMS).alerts)  # the same alerts, dates and words
    left = [(a.kind, a.level) for a in events if a.foot == "left" and (a.kind != "alert" or a.level == "alert")]
    stale_i, back_i = left.index(("data_stale", None)), left.index(("data_back", None))
    found = left.index(("alert", "alert"))
    assert stale_i < back_i < found, left  # had: the ALERT told between the NO DATA and the DATA BACK
    told = [i for i, a in enumerate(events) if a.foot == "left" and a.kind == "alert" and a.level == "alert"]
    after = standing[told[0]]
    assert after is not None and after.kind == "alert" and after.level == "alert"  # it stands once told
    stale_at = next(i for i, a in enumerate(events) if a.foot == "left" and a.kind == "data_stale")
    back_at = next(i for i, a in enumerate(events) if a.foot == "left" and a.kind == "data_back")
    assert all(s is not None and s.kind == "data_stale" for s in standing[stale_at:back_at])  # NO DATA stands


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_an_escalation_in_a_silence_to_the_end_is_told_at_the_end(deferred):
    session = _silent_left(120.0)  # the left's data never come back
    events, _ = _core(session, 120.0, deferred)
    assert _told(events) == _told(analyze(session, PARAMS).alerts)
    found = [i for i, a in enumerate(events) if a.foot == "left" and a.kind == "alert" and a.level == "alert"]
    assert len(found) == 1 and "went silent at 1:10" in events[found[0]].message, events
    stale_i = next(i for i, a in enumerate(events) if a.foot == "left" and a.kind == "data_stale")
    assert found[0] > stale_i
    assert not [a for a in events[found[0] + 1:] if a.foot == "left"], events[found[0]:]  # told at the end
