"""A replay of a session that was not closed ends where its raw log ends, as analyze reads it.

A recorder killed before it closed its session leaves a session.json without ``duration_s``: its replay ended at
its last record's host time x the speed. Where the host's clock ran behind the insoles' that time trails the
frames the record carries (the sample ride: its last record at 59.4 s, its last frame at 60.096 s), so the
replay said "Replay: 0:59 of ride" and stopped short of frames it had fed, where analyze read the log to its
last frame (monitor.session.log_end: the later of its last record and its last frame).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from test_log_end_frames import _behind_at_the_end

from monitor.live.replay import replay_session, replay_text
from monitor.session.directory import load_session


def unclosed_copy(tmp_path: Path) -> Path:
    """The sample ride whose last records trail their frames on the host's clock, as a recorder killed before
    its close left it: no tables, session.json without the close's ``end_utc``, ``duration_s`` and counters."""
    session = _behind_at_the_end(tmp_path, tables=False)
    (session / "frames.parquet").unlink()
    meta = json.loads((session / "session.json").read_text())
    meta.update(end_utc=None, duration_s=None, stats={})
    (session / "session.json").write_text(json.dumps(meta, indent=2))
    return session


def test_the_replay_of_an_unclosed_session_ends_at_its_last_frame_as_analyze_reads_it(tmp_path):
    session = unclosed_copy(tmp_path)
    loaded = load_session(session)
    assert loaded.info.duration_s is None and loaded.unclosed_note(), loaded.info
    s = asyncio.run(replay_session(session))
    assert s.record.duration_s == loaded.log_end_s == loaded.last_t_s(), (s.record.duration_s, loaded.log_end_s)
    assert s.replayed_s == s.record.duration_s, s.replayed_s
    head = replay_text(s).splitlines()[0]
    assert head.startswith("Replay: 1:00 of ride "), head


def test_the_replay_of_an_unclosed_session_says_it_was_not_closed_as_analyze_does(tmp_path):
    """analyze says "the session was not closed (...): read up to its raw log's last flush, at 1:00"
    (Session.unclosed_note); the replay of it said nothing of it."""
    session = unclosed_copy(tmp_path)
    note = load_session(session).unclosed_note()
    assert note.endswith("read up to its raw log's last flush, at 1:00"), note
    text = replay_text(asyncio.run(replay_session(session)))
    assert f"Note: {note}." in text.splitlines(), text


def test_the_replay_of_a_closed_session_says_nothing_of_a_close(tmp_path):
    session = _behind_at_the_end(tmp_path, tables=False)
    assert "not closed" not in replay_text(asyncio.run(replay_session(session)))
