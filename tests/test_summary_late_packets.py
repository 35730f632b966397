"""The end of a live session and of its replay say the packets that came too late for the alerts.

A packet that came out of order (``packets_late``, its frames ``frames_late``) is kept in the session's
tables but comes too late for the live alerts (and for its replay's, which judge the data as live did).
`record`'s table had a ``late`` column; the live and replay summaries said nothing of them: with
``--fault reorder:left@7s:2``, 2 packets (16 frames) came late and no line said so.
"""

from __future__ import annotations

import asyncio

from live_ride import live_ride

from monitor.live.record_summary import RecordSummary
from monitor.live.replay import replay_session
from monitor.live.summary import LiveSummary, replay_text, summary_text

SPEED = 40.0
SAID = "Link, left: 2 packets (16 frames) came late, out of order (kept in the tables, too late for the alerts)."


def test_the_summary_says_the_late_packets_and_their_frames(tmp_path):
    counters = {"left": {"packets_late": 2, "frames_late": 16}, "right": {"packets_late": 1, "frames_late": 0},
                "both": {"packets_late": 0, "frames_late": 0}}
    record = RecordSummary(tmp_path, 60.0, counters, 0)
    lines = summary_text(LiveSummary(record, [], {})).splitlines()
    assert SAID in lines, lines
    assert "Link, right: 1 packet came late, out of order (kept in the tables, too late for the alerts)." in lines
    assert not any(line.startswith("Link, both") for line in lines)


def test_live_and_replay_say_the_late_packets(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["reorder:left@7s:2"], duration_s=30.0)
    assert live.record.counters["left"]["packets_late"] == 2, live.record.counters
    assert SAID in summary_text(live).splitlines(), summary_text(live)
    replay = asyncio.run(replay_session(live.record.path))
    assert SAID in replay_text(replay).splitlines(), replay_text(replay)
