"""A whole replay's or live session's summary whose insoles' first frames came late says its time with data
as part of the length its head says, as a stopped replay says it of what it read: "Replay: 1:00 of ride" above
"Alerts: none in 0:59 of data of the 1:00 recorded", not "none in 0:59 of data" under a head of 1:00, one
session said as two lengths with nothing to tell what each is.

Had: the sample ride (60.07 s) whose first 40 records' frames never came (58.56 s of data) ended "Replay: 1:00
of ride (...)" above "Alerts: none in 0:59 of data, too short to tell".
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from test_replay_stopped_absence import rewritten_ride

from monitor.analysis.watched import data_time_words
from monitor.live.replay import replay_session, replay_text

#: The sample ride's records whose frames are left out of the copy (its first 1.5 s of data).
LATE_RECORDS = 40


def _late_ride(tmp_path: Path) -> Path:
    """A copy of the sample ride whose insoles' frames of its first LATE_RECORDS records are not in the log."""
    return rewritten_ride(tmp_path, lambda rec: None if rec.kind == 1 and rec.index < LATE_RECORDS else rec.host_s)


def test_a_whole_replay_says_its_time_with_data_as_part_of_what_was_recorded(tmp_path):
    s = asyncio.run(replay_session(_late_ride(tmp_path)))
    assert s.stopped_at_s is None and s.data_s < s.record.duration_s - 1.0, (s.data_s, s.record.duration_s)
    lines = replay_text(s).splitlines()
    assert lines[0].startswith("Replay: 1:00 of ride ("), lines[0]
    alerts = next(line for line in lines if line.startswith("Alerts:"))
    assert alerts.startswith("Alerts: none in 0:59 of data of the 1:00 recorded, too short to tell"), alerts
    # had "Alerts: none in 0:59 of data, too short to tell"


def test_lengths_that_read_the_same_are_said_once():
    assert data_time_words(59.6, None, 300.0, read_s=60.07, read_as="recorded") == "1:00 of data"
    assert data_time_words(58.56, None, 300.0, read_s=60.07, read_as="recorded") == \
        "0:59 of data of the 1:00 recorded"
    assert data_time_words(1.44, None, 300.0, read_s=1.59) == "0:01 of data of the 0:02 read"
