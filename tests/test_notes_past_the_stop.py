"""A recording whose raw log stopped early (a full disk) names no time past its stop in its notes: after
``--fault drop:left@5s+20s`` and a disk full at 0:14, session.json's notes, the end of ``live`` and of its
replay said "left insole silent from 0:05, lost at 0:15, back at 0:26", the loss and the return after the
recording's last frame. A foot lost after the stop gets no note of its loss (the absent-data note says it
silent from 0:05 to the end, the error why); one lost by the stop and back after it is said not back."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from live_ride import live_ride
from test_link_down_frames import SPEED
from test_live_faults import _DiskFillsUp

import monitor.session.rawlog
from monitor.live.record_notes import lost_notes
from monitor.live.replay import replay_session
from monitor.live.summary import replay_text, summary_text

CLOCK = re.compile(r"\b(\d+):(\d\d)\b")
STOPPED = (14.2, "No space left on device")


def _times_s(text: str) -> list[int]:
    return [int(m) * 60 + int(s) for m, s in CLOCK.findall(text)]


def _full_disk_at(tmp_path, monkeypatch, written_bytes: int):
    real_open = open
    monkeypatch.setattr(monitor.session.rawlog, "open",
                        lambda *a, **kw: _DiskFillsUp(real_open(*a, **kw), written_bytes), raising=False)
    return live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["drop:left@5s+20s"], duration_s=60.0)


def test_a_foot_lost_and_back_after_the_stop_is_not_said_lost_at_times_past_it(tmp_path, monkeypatch):
    live = _full_disk_at(tmp_path, monkeypatch, 60_000)
    stop_s = live.record.recording_stopped_s
    assert 5.0 < stop_s < 15.0  # stopped while the left was silent, before it was declared lost
    notes = json.loads((live.record.path / "session.json").read_text())["notes"]
    assert not any("lost at" in n or "back at" in n for n in notes), notes
    said = [ln for ln in summary_text(live).splitlines() if ln.startswith("Note:")]
    said += [ln for ln in replay_text(asyncio.run(replay_session(live.record.path))).splitlines()
             if ln.startswith("Note:")]
    assert said and all(t <= round(stop_s) for ln in said for t in _times_s(ln)), said
    assert any(ln.startswith("Note: left insole silent from 0:05 to the end") for ln in said), said


def test_a_foot_lost_by_the_stop_and_back_after_it_is_said_not_back(tmp_path, monkeypatch):
    live = _full_disk_at(tmp_path, monkeypatch, 85_000)
    stop_s = live.record.recording_stopped_s
    assert 15.0 < stop_s < 26.0  # stopped after the left was declared lost, before it was back
    notes = json.loads((live.record.path / "session.json").read_text())["notes"]
    assert notes == [f"left insole silent from 0:05, lost at 0:15, not back by the end (the recording stopped at "
                     f"0:{round(stop_s):02d}: No space left on device)"], notes


@pytest.mark.parametrize("back, lost, said", [
    ({"left": (5.0, 15.0, 26.0)}, {}, []),
    ({}, {"left": (15.0, "left insole lost; the session goes on with the right")}, []),
    ({"left": (5.0, 10.0, 26.0)}, {},
     ["left insole silent from 0:05, lost at 0:10, not back by the end (the recording stopped at 0:14: No space "
      "left on device)"]),
    ({"left": (5.0, 10.0, 12.0)}, {}, ["left insole silent from 0:05, lost at 0:10, back at 0:12"]),
])
def test_the_notes_of_a_recording_stopped_early_name_no_time_past_its_stop(back, lost, said):
    assert lost_notes(lost, ["left", "right"], back, ended={"left": 5.0}, stopped=STOPPED) == said


def test_without_a_stop_the_notes_are_as_before():
    assert lost_notes({}, ["left", "right"], {"left": (5.0, 15.0, 26.0)}) == \
        ["left insole silent from 0:05, lost at 0:15, back at 0:26"]
