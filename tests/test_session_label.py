"""A recording's label, the end of its session directory's name, where no simulated scenario names it
(real insoles, a Moticon stream, insoles served by ``solewatch sim`` over ``--radio``): the declared
activity's word, else "session"; never "ride" for what may be a run or a walk."""

from __future__ import annotations

import pytest

from monitor.cli.insoles import Insoles, session_meta

RADIO = Insoles(radio="tcp-client:127.0.0.1:9100")


@pytest.mark.parametrize(("activity", "label"), [
    (None, "session"), ("running", "run"), ("walking", "walk"), ("cycling", "ride"),
    ("elliptical", "elliptical"), ("stair_climber", "stairs"),
])
def test_a_radio_recording_is_labelled_by_its_declared_activity(activity, label):
    meta = session_meta(RADIO, None, None, activity)
    assert meta.label == label
    assert meta.radio == "tcp-client:127.0.0.1:9100"


def test_real_insoles_without_an_activity_are_a_session_not_a_ride():
    assert session_meta(Insoles(left="AA:BB:CC:DD:EE:01"), None, None).label == "session"
    assert session_meta(Insoles(moticon_udp=9999), None, None, "running").label == "run"


def test_label_overrides_the_activity_word():
    assert session_meta(RADIO, None, "commute", "running").label == "commute"


def test_the_live_summary_leaves_the_default_label_out_and_says_any_other(tmp_path):
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    record = RecordSummary(tmp_path, 60.0, {}, 0)
    running = {"left": {"activity": "running"}}
    assert summary_text(LiveSummary(record, [], running, label="session")).splitlines()[0] == "Session: 1:00 of run."
    assert summary_text(LiveSummary(record, [], running, label="commute", speed=20)).splitlines()[0] == (
        "Session: 1:00 of run (commute, simulated at 20x).")


def test_the_live_summary_leaves_out_a_label_that_is_its_own_word():
    """had: `live --activity running` (labelled "run" since the label is the declared activity's word)
    ended with "Session: 1:00 of run (run).": the label said nothing the summary does not."""
    from pathlib import Path

    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    record = RecordSummary(Path("sessions"), 60.0, {}, 0)
    for activity, label, word in (("running", "run", "run"), ("walking", "walk", "walk"), ("cycling", "ride", "ride")):
        feet = {"left": {"activity": activity}}
        assert summary_text(LiveSummary(record, [], feet, label=label)).splitlines()[0] == f"Session: 1:00 of {word}."
        assert summary_text(LiveSummary(record, [], feet, label=label, speed=20)).splitlines()[0] == (
            f"Session: 1:00 of {word}, simulated at 20x.")
    walking = {"left": {"activity": "walking"}}  # a label another word than the summary's is said
    assert summary_text(LiveSummary(record, [], walking, label="run")).splitlines()[0] == "Session: 1:00 of walk (run)."


def test_a_replay_of_a_session_labelled_by_default_leaves_the_label_out():
    """had: a recording labelled "session" (real insoles, no --activity) replayed as "Replay: 1:00 of run
    (session), ..." and one labelled "run" as "of run (run)", where the live summary leaves both out."""
    from pathlib import Path

    from monitor.live.replay import ReplaySummary, replay_text
    from monitor.live.summary import RecordSummary

    record = RecordSummary(Path("sessions"), 60.0, {}, 0)
    running = {"left": {"activity": "running"}}
    for label in ("session", "run"):
        head = replay_text(ReplaySummary(record, [], running, label=label)).splitlines()[0]
        assert head == "Replay: 1:00 of run, as fast as possible, in 0.0 s.", head
    head = replay_text(ReplaySummary(record, [], running, label="commute", speed=20)).splitlines()[0]
    assert head == "Replay: 1:00 of run (commute, recorded at 20x), as fast as possible, in 0.0 s.", head
