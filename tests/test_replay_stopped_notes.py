"""A stopped replay's notes say only what it replayed: the feet lost, and back, in the events it read.

A ride whose left insole dropped at 0:20 for 15 s (lost at 0:30, back at 0:36) and whose right insole stopped at
0:40 (lost at 0:50), replayed and stopped at 0:12, said "Note: right insole lost; the session goes on with the
left" and "Note: left insole silent from 0:20, lost at 0:30, back at 0:36": the recording's notes, of events
after the stop. The notes of the feet lost are kept from the events read (monitor.live.loss_book.LossBook, the
recorder's bookkeeping); the one a recording starts with (one insole connected) is kept. The ride runs on the
virtual clock (tests/virtual_clock.py); the replays stop at a given record of its log.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from live_ride import live_ride
from test_replay_stopped_absence import _stopped_at_record

from monitor.link.records import KIND_EVENT
from monitor.live.replay import replay_session, replay_text
from monitor.session.directory import RAW_LOG
from monitor.session.rawlog import iter_raw_log

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
FAULTS = ["drop:left@20s+15s", "stop:right@40s"]


@pytest.fixture(scope="module")
def ride(tmp_path_factory):
    """The ride's live summary and the index of its log's first record of each link event (name, foot)."""
    live = live_ride(tmp_path_factory.mktemp("ride"), "healthy-ride", speed=SPEED, seed=1, faults=FAULTS,
                     duration_s=60.0)
    first: dict[tuple[str, str], int] = {}
    for rec in iter_raw_log(live.record.path / RAW_LOG, marks=True):
        if rec.kind == KIND_EVENT:
            event = json.loads(rec.payload)
            first.setdefault((event.get("event"), event.get("foot")), rec.index)
    return live, first


def _notes(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Note:") and "where the replay stopped" not in line]


def test_the_whole_replay_says_the_recordings_notes(ride):
    live, _ = ride
    assert any(n.startswith("right insole lost") for n in live.record.notes), live.record.notes
    assert any(n.startswith("left insole silent from 0:20, lost at") for n in live.record.notes), live.record.notes
    whole = asyncio.run(replay_session(live.record.path))
    assert whole.record.notes == live.record.notes


def test_a_replay_stopped_before_any_loss_says_no_note_of_one(ride, monkeypatch):
    live, first = ride
    s = _stopped_at_record(live.record.path, first[("disconnected", "left")] - 20, monkeypatch)
    assert s.replayed_s < 20.5, s.replayed_s
    assert s.record.notes == [], s.record.notes
    assert _notes(replay_text(s)) == [], replay_text(s)


def test_a_replay_stopped_after_the_left_came_back_says_its_note_as_recorded_and_not_the_rights(ride, monkeypatch):
    live, first = ride
    assert first[("reconnected", "left")] < first[("foot_lost", "right")], first
    s = _stopped_at_record(live.record.path, first[("foot_lost", "right")] - 1, monkeypatch)
    [left] = [n for n in live.record.notes if n.startswith("left insole")]
    assert s.record.notes == [left], (s.record.notes, live.record.notes)


def test_a_stopped_replay_keeps_the_note_a_one_insole_recording_starts_with():
    from monitor.live.loss_book import LossBook, stopped_notes

    losses = LossBook()
    assert stopped_notes(["left"], losses, 12.0) == ["only the left insole connected; no right data"]
    losses.event("foot_lost", "left", 30.0, "left insole lost", 20.0)
    assert stopped_notes(["left", "right"], losses, 31.0) == ["left insole lost"]


@pytest.mark.parametrize("t_s", [None, "abc", "12", float("nan"), True])
def test_a_loss_whose_t_s_is_not_a_number_is_dated_at_its_records_time_as_the_analysis_dates_it(t_s):
    """had: `replay` of a log whose foot_lost event held `"t_s": null` stopped on a TypeError traceback
    (float(None)), and a `"12"` was read as 12 s where the analysis (monitor.link.records.recorded_event_s) takes
    the record's own time: both now date it at the record's time."""
    from monitor.live.loss_book import LossBook

    losses = LossBook()
    losses.read({"event": "foot_lost", "foot": "right", "t_s": t_s, "note": "right insole lost"},
                ("left", "right"), 42.0)
    assert losses.lost["right"][0] == 42.0
