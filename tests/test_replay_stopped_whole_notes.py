"""A stopped replay says the notes its recording's close wrote of the recording as a whole.

A replay stopped part-way said only the notes of the feet lost and back in the events it read (and of one insole
connected): the notes the close wrote without a time were left out, "the simulation could not keep 40x on this
host (about 18x): 0:45 of the 1:00 ride simulated before its data stopped; nothing is missing, the ride is
shorter" and "3 records could not be handled in full (the recording went on); the first: ...": they speak of the
recording as a whole, which the replayed part is of. A note of when the insoles stopped sending speaks of a time
the stopped replay may not have reached, and a foot's loss is said from the events read
(tests/test_replay_stopped_notes.py): neither is said.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from test_replay_stopped_absence import _stopped_at_record
from test_replay_stopped_before_data import RIDE

from monitor.live.record_notes import consumer_notes
from monitor.live.record_span import recorded_span
from monitor.live.replay import replay_session, replay_text

#: recorded_span's note of a host that kept 18x of 40x until the data stopped at 0:45 of 1:00
SLOW = recorded_span(120.0, 45.0, 60.0, 40.0, False, 100.0)[1]
#: recorded_span's note of insoles that stopped sending at 0:20 of a ride the host kept up with
SILENT = recorded_span(61.0, 20.0, 60.0, 40.0, False, 20.5)[1]
[CONSUMER] = consumer_notes(["ValueError: a hook failed"] * 3)
LOST = "right insole lost; the session goes on with the left"
#: CONSUMER as a stopped replay says it: the records may lie after the stop
OF_THE_WHOLE = CONSUMER.replace("3 records could", "3 records of the whole recording could", 1)


def _with_notes(tmp_path: Path) -> Path:
    session = tmp_path / "ride"
    shutil.copytree(RIDE, session)
    meta = json.loads((session / "session.json").read_text())
    meta["notes"] = [LOST, SLOW, SILENT, CONSUMER]  # in the order the recorder writes them
    (session / "session.json").write_text(json.dumps(meta, indent=2))
    return session


def test_the_notes_made_here_are_those_the_recorder_writes():
    assert SLOW.startswith("the simulation could not keep 40x on this host (about 18x): 0:45 of the 1:00 ride"), SLOW
    assert SILENT == "the simulated insoles sent nothing after 0:20 of the 1:00 ride", SILENT
    assert CONSUMER.startswith("3 records could not be handled in full (the recording went on)"), CONSUMER


def test_a_stopped_replay_says_the_notes_of_the_recording_as_a_whole(tmp_path, monkeypatch):
    session = _with_notes(tmp_path)
    whole = asyncio.run(replay_session(session))
    assert whole.record.notes == [LOST, SLOW, SILENT, CONSUMER], whole.record.notes
    s = _stopped_at_record(session, 40, monkeypatch)
    assert s.record.notes == [SLOW, OF_THE_WHOLE], s.record.notes
    lines = replay_text(s).splitlines()
    assert f"Note: {SLOW}" in lines and f"Note: {OF_THE_WHOLE}" in lines, lines


def test_a_stopped_replay_says_records_not_handled_in_full_are_of_the_whole_recording(tmp_path, monkeypatch):
    """"3 records could not be handled in full" under a replay stopped at 0:02 read as 3 records of those 0:02;
    they may lie after the stop."""
    s = _stopped_at_record(_with_notes(tmp_path), 40, monkeypatch)
    assert OF_THE_WHOLE.startswith("3 records of the whole recording could not be handled in full"), OF_THE_WHOLE
    assert f"Note: {OF_THE_WHOLE}" in replay_text(s).splitlines(), replay_text(s)
