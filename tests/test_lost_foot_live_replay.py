"""A lost foot's missing frames are counted to the session's recorded end by live, replay and analyze alike.

An ORPHE ride at real time (1x) whose right insole is lost said at its end "right insole silent from 0:04 to
the end: 3,588 frames missing", and its replay 3,578: live counts to the session's recorded duration
(session.json ``duration_s``), the replay counted to its raw log's last record, a notification that came
before the ride's end on the host's clock. The raw log of a closed session that reaches the session's end
(to the second: it says no "the raw log ends at ...") is replayed to that end. The ride runs on the virtual
clock (tests/virtual_clock.py): host speed changes nothing.
"""

from __future__ import annotations

import asyncio
import os

import pytest
from live_ride import live_ride

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.live.replay import replay_session, replay_text
from monitor.session.directory import RAW_LOG, read_info
from monitor.session.rawlog import iter_raw_log

pytestmark = pytest.mark.timeout(300)

RIDE_S = 40.0
#: real time: the ride ends on the host's clock, whatever notification came last before it
SPEED = 1.0


def test_live_and_replay_count_a_lost_foots_missing_frames_to_the_sessions_recorded_end(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["stop:right@4s"], insole="orphe",
                     duration_s=RIDE_S)
    path = live.record.path
    duration_s = read_info(path).duration_s
    *_, last, end = iter_raw_log(path / RAW_LOG)
    assert end.event["event"] == "session_end"  # the close's record (monitor.session.log_end)
    assert last.host_s * SPEED < duration_s, (last.host_s, duration_s)  # the log's last record before the end
    assert any("right insole lost" in n for n in live.record.notes), live.record.notes
    replay = asyncio.run(replay_session(path))
    assert replay.record.frames_missing("right") == live.record.frames_missing("right"), \
        (replay.record.frames_missing("right"), live.record.frames_missing("right"))
    assert replay.record.absent_notes() == live.record.absent_notes()
    assert replay.record.duration_s == duration_s  # the session's end, said as no log cut short
    assert "raw log ends" not in replay_text(replay)
    absent = analyze(load_session(path)).to_json_dict()["absent_at_ends"]
    assert [s["frames_missing"] for s in absent["right"]] == [live.record.frames_missing("right")], absent
    os.truncate(path / RAW_LOG, end.offset)  # a log written before the close wrote that record: its last record's
    replay = asyncio.run(replay_session(path))  # time, to the second, reaches the end as well
    assert replay.record.frames_missing("right") == live.record.frames_missing("right")
    assert replay.record.duration_s == duration_s and "raw log ends" not in replay_text(replay)
