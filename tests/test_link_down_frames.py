"""The end of a live session and of its replay say what a foot missed while its link was down in frames.

``packets_missed_link_down`` counts the ``seq`` numbers the insole used up while its link was down: the
packets it made and never sent (docs/session-format.md, Counters). A packet holds 1 to 255 frames, or a slice
of one (docs/protocol.md), so the count is no measure of the data missed: after ``--fault
drop:left@60s+15s`` the simulated insole, reconnected at the default MTU before the exchange, made some
packets of a fifth of a frame, and "Link, left: 354 packets missed while the link was down" stood beside
gaps.csv's 1,740 frames (about 217 packets of 8). The line now says the frames of the foot's link-down gaps,
with the packets beside them; session.json's counters and gaps.csv are as before."""

from __future__ import annotations

import asyncio
import re

from live_ride import live_ride
from test_live_faults import _DiskFillsUp

import monitor.session.rawlog
from monitor.codebook import Gap
from monitor.live.record_summary import RecordSummary, link_down_frames
from monitor.live.replay import replay_session
from monitor.live.summary import LiveSummary, replay_text, summary_text
from monitor.session.directory import load_session

SPEED = 30.0
LINE = re.compile(r"Link, left: ([\d,]+) frames \(([\d,]+) packets\) missed while the link was down\.")


def test_the_frames_of_the_link_down_gaps_are_counted_per_foot():
    gaps = [Gap("left", 60.3, 78.0, 1776, 339, "link down", True),
            Gap("left", 90.0, 91.0, 100, 0, "link down (the insole restarted)", True),
            Gap("left", 95.0, 95.1, 8, 1, "packets lost", True),
            Gap("right", 10.0, 12.0, 200, 25, "link down (not filled: fills capped at the data received plus "
                                              "max_fill_s)", False)]
    assert link_down_frames(gaps) == {"left": 1876, "right": 200}


def test_the_summary_says_the_frames_and_the_packets_beside_them(tmp_path):
    counters = {"left": {"packets_lost": 0, "packets_missed_link_down": 339, "frames_missing": 1776},
                "right": {"packets_lost": 0, "packets_missed_link_down": 0, "frames_missing": 300}}
    record = RecordSummary(tmp_path, 120.0, counters, 2, frames_link_down={"left": 1776, "right": 300})
    lines = summary_text(LiveSummary(record, [], {})).splitlines()
    assert "Link, left: 1,776 frames (339 packets) missed while the link was down." in lines
    # a restarted insole's gap: frames missed, no packet counted (its seq began afresh)
    assert "Link, right: 300 frames missed while the link was down." in lines


def test_live_and_replay_say_the_frames_gaps_csv_holds(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["drop:left@60s+15s"], duration_s=120.0)
    gaps = load_session(live.record.path).gaps
    down = gaps[(gaps.foot == "left") & gaps.reason.str.startswith("link down")]
    frames, packets = int(down.frames_missing.sum()), int(down.packets_lost.sum())
    assert frames > 1000 and packets == live.record.counters["left"]["packets_missed_link_down"] > 0
    said = f"Link, left: {frames:,} frames ({packets:,} packets) missed while the link was down."
    assert said in summary_text(live).splitlines(), summary_text(live)
    assert LINE.fullmatch(said)
    replay = asyncio.run(replay_session(live.record.path))
    assert said in replay_text(replay).splitlines(), replay_text(replay)


def test_a_drop_in_progress_as_the_disk_fills_is_not_counted_past_what_the_disk_holds(tmp_path, monkeypatch):
    """The raw log's write fails (a full disk) while the left's link is down: the recording holds the left
    silent from its drop to its end (a note), not a gap, so the summary counts no link-down frames for it
    (had: 2,069, the whole drop's, most of them after the recording stopped)."""
    real_open = open
    monkeypatch.setattr(monitor.session.rawlog, "open",
                        lambda *a, **kw: _DiskFillsUp(real_open(*a, **kw), 60_000), raising=False)
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["drop:left@5s+20s"], duration_s=60.0)
    assert 5.0 < live.record.recording_stopped_s < 25.0  # stopped while the left was down
    gaps = load_session(live.record.path).gaps
    down = gaps[(gaps.foot == "left") & gaps.reason.str.startswith("link down")]
    assert live.record.frames_link_down.get("left", 0) == int(down.frames_missing.sum())
    assert not any(line.startswith("Link, left:") and "while the link was down" in line
                   for line in summary_text(live).splitlines()), summary_text(live)
