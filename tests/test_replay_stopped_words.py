"""A stopped replay's words of how far it read and of its time with data agree, and say less than a second as
every time under a second is said.

The sample ride (60 s at 30x, the right insole's first frame 0.29 s in) stopped at its 40th record read to
1.59 s and held 1.44 s of data: "Replay: 0:02 of 1:00 of ride (...), stopped" above "Alerts: none in 0:01 of
data", one stop said as two lengths a second apart. A replay of a log of under a second stopped within it said
"Replay: less than a second of less than a second of ride", and ``live`` stopped within its first second said
"Session: stopped at 0:01 of 8:00 of ride" of 0.6 s (0.4 s: "stopped at 0:00").
"""

from __future__ import annotations

import re

from test_replay import _cut_sample
from test_replay_stopped_absence import _stopped_at_record
from test_replay_stopped_before_data import RIDE

from monitor.live.replay import replay_text
from monitor.live.summary_head import recorded_words


def _head_and_alerts(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    return lines[0], next(line for line in lines if line.startswith("Alerts:"))


def test_a_stopped_replay_says_its_time_with_data_as_part_of_what_it_read(monkeypatch):
    s = _stopped_at_record(RIDE, 40, monkeypatch)
    head, alerts = _head_and_alerts(replay_text(s))
    read = re.match(r"Replay: (\d:\d\d) of 1:00 of ride ", head)
    had = re.match(r"Alerts: none in (\d:\d\d) of data", alerts)
    assert read and had, (head, alerts)
    assert (read[1], had[1]) == ("0:02", "0:01"), (s.replayed_s, s.data_s)  # the two lengths of this stop
    assert alerts.startswith("Alerts: none in 0:01 of data of the 0:02 read, too short to tell"), alerts
    assert "Stopped at 0:02 of the session." in replay_text(s).splitlines()


def test_a_stopped_replay_whose_two_lengths_read_the_same_says_one(monkeypatch):
    s = _stopped_at_record(RIDE, 60, monkeypatch)
    head, alerts = _head_and_alerts(replay_text(s))
    assert head.startswith("Replay: 0:02 of 1:00 of ride "), head
    assert alerts.startswith("Alerts: none in 0:02 of data, too short to tell"), alerts


def test_a_replay_of_less_than_a_second_stopped_within_it_says_less_than_a_second_once(tmp_path, monkeypatch):
    session = _cut_sample(tmp_path, 22)  # its raw log's records to 0.9 s of the ride's 1:00
    s = _stopped_at_record(session, 10, monkeypatch)
    assert s.record.duration_s < 1.0 and 0.0 < s.replayed_s < s.record.duration_s, (s.record.duration_s,
                                                                                   s.replayed_s)
    head = replay_text(s).splitlines()[0]
    assert "less than a second of less than a second" not in head, head
    assert head.startswith("Replay: part of less than a second of ride ("), head


def test_a_live_session_stopped_within_its_first_second_says_less_than_a_second():
    assert recorded_words(0.6, 480.0) == "stopped less than a second into 8:00", recorded_words(0.6, 480.0)
    assert recorded_words(0.4, 480.0) == "stopped less than a second into 8:00", recorded_words(0.4, 480.0)
    assert recorded_words(1.4, 480.0) == "stopped at 0:01 of 8:00"


def test_analyze_says_a_recording_stopped_within_its_first_second_as_live_does():
    from dataclasses import replace

    from monitor.session.directory import read_info

    info = replace(read_info(RIDE), duration_s=0.6, planned_duration_s=480.0, stopped_by="interrupt")
    assert info.stopped_note() == "the recording was stopped less than a second into 8:00 (Ctrl-C)", \
        info.stopped_note()
    assert replace(info, duration_s=20.4).stopped_note() == "the recording was stopped at 0:20 of 8:00 (Ctrl-C)"
