"""A stopped replay says no foot silent for what it did not read yet.

`replay RIDE --speed 1` of a 20-minute ride recorded at 40x, stopped with Ctrl-C after 8 s, said "Replay:
2:44 of 20:01 ..., stopped" and then "Note: left insole silent from 2:42 to the end: 146 frames missing" of
both feet, though the raw log holds both feet to 20:01: the stop's session time is a record's host time x the
recording's speed, and the host received the frames late (at 40x, 50 ms late is 2 s), so the frames read ended
seconds before it. The replays here stop at a given record of the log, whatever the host's speed.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import monitor.live.replay as replay_module
from monitor.live.replay import replay_session, replay_text
from monitor.session.rawlog import MAGIC, encode_record, iter_raw_log
from monitor.util.timefmt import clock_text

ROOT = Path(__file__).resolve().parents[1]
#: The sample ride (60.07 s recorded at 30x, 1,504 records): its host received every record from the 700th
#: on this much later (host s), 3 s of session time at 30x, as a loaded host receives them.
LATE_HOST_S = 0.1


def _received_late(tmp_path: Path, silent_right_from: int | None = None, silent_right_before: int = 0) -> Path:
    """A copy of the sample ride whose records from the 700th on came LATE_HOST_S late to the host;
    ``silent_right_from``: the right insole's notifications from this record on are not in the log;
    ``silent_right_before``: nor those before this record (its insole started late)."""
    def rewrite(rec) -> float | None:
        silent = rec.index < silent_right_before or (silent_right_from is not None and rec.index >= silent_right_from)
        if silent and rec.foot == "right" and rec.kind == 1:
            return None
        return rec.host_s + (LATE_HOST_S if rec.index >= 700 else 0.0)

    return rewritten_ride(tmp_path, rewrite)


def rewritten_ride(tmp_path: Path, rewrite) -> Path:
    """A copy of the sample ride whose raw log holds each record at the host time ``rewrite(record)`` gives
    (host s), or leaves it out where that is None."""
    session = tmp_path / "ride"
    source = ROOT / "sessions" / "samples" / "sim-healthy-ride"
    shutil.copytree(source, session)
    with open(session / "raw.swlog", "wb") as fh:
        fh.write(MAGIC)
        for rec in iter_raw_log(source / "raw.swlog"):
            host_s = rewrite(rec)
            if host_s is not None:
                fh.write(encode_record(rec.kind, rec.foot, host_s, rec.payload))
    return session


def _stopped_at_record(session: Path, n: int, monkeypatch):
    """The replay (as fast as possible) of ``session``, stopped as its ``n``-th record is read."""
    real = replay_module._Replay.record
    seen = []
    stop = asyncio.Event()

    def record(self, *args):
        seen.append(1)
        if len(seen) == n:
            stop.set()
        return real(self, *args)

    monkeypatch.setattr(replay_module._Replay, "record", record)
    return asyncio.run(replay_session(session, stop=stop))


def test_a_stopped_replay_calls_no_foot_silent_for_frames_it_did_not_read(tmp_path, monkeypatch):
    session = _received_late(tmp_path)
    whole = asyncio.run(replay_session(session))
    assert not any(whole.record.absent.values()), whole.record.absent  # the log holds both feet to the end
    s = _stopped_at_record(session, 1000, monkeypatch)
    assert s.stopped_at_s is not None and 42.0 < s.stopped_at_s < 44.0, s.stopped_at_s  # 40 s read, 3 s late
    assert not any(s.record.absent.values()), s.record.absent
    text = replay_text(s)
    assert "silent from" not in text and "frames missing" not in text, text
    assert s.record.frames_missing("left") == s.record.frames_missing("right") == 0


def test_a_foot_silent_before_the_stop_is_said_silent_to_where_the_replay_stopped(tmp_path, monkeypatch):
    """The right insole's notifications end at the 500th record: a replay stopped at its 750th says it
    silent from its last frame (about 0:20) to the last frame read of the left (about 0:40), where the
    replay stopped, not to the end of the session."""
    s = _stopped_at_record(_received_late(tmp_path, silent_right_from=500), 750, monkeypatch)
    assert "left" not in s.record.absent, s.record.absent
    [(start_s, end_s, frames)] = s.record.absent["right"]
    assert 19.0 < start_s < 21.0 and 39.0 < end_s < 41.0 < s.stopped_at_s, (start_s, end_s, s.stopped_at_s)
    [note] = [line for line in replay_text(s).splitlines() if "silent from" in line]
    assert "to the end" not in note and ", where the replay stopped: " in note, note


def test_a_stopped_replays_headline_says_the_data_time_it_replayed_not_the_stop_time(tmp_path, monkeypatch):
    """The stop's time is the record's host time x the speed, 3 s past the frames read here (received late):
    the headline said "Replay: 0:43 of 1:00 of ride ..., stopped" of 0:40 of data read. It says the data time
    replayed, the latest frame read of either foot, and so does the line under it."""
    s = _stopped_at_record(_received_late(tmp_path), 1000, monkeypatch)
    read_s = max(last for runs in s.data_runs.values() for _, last in runs)
    assert s.record.read_to_s == read_s and s.stopped_at_s - read_s > 2.0, (read_s, s.stopped_at_s)
    lines = replay_text(s).splitlines()
    assert lines[0].startswith(f"Replay: {clock_text(read_s)} of 1:00 of ride "), lines[0]
    assert f"Stopped at {clock_text(read_s)} of the session." in lines, lines


def test_a_foot_with_no_frame_before_the_stop_is_said_to_have_no_data_before_it(tmp_path, monkeypatch):
    """The right insole's notifications start at the log's 800th record; a replay stopped as it read its
    300th record (the left's alone until then) read none of them. It said "right insole: no data from the
    start to 0:24 (a simulation at 30x: 0.79 s of the host's time, which a busy host can take to start it)",
    the words of a simulated insole that starts late (and, before monitor.link.record_feed kept the foot's
    first frame with the records taken, raised OverflowError). It says the foot had no data before the
    replay stopped."""
    s = _stopped_at_record(_received_late(tmp_path, silent_right_before=800), 300, monkeypatch)
    assert not s.data_runs.get("right"), s.data_runs
    [(start_s, end_s, frames)] = s.record.absent["right"]
    assert start_s == 0.0 and end_s == s.record.read_to_s and frames > 0, s.record.absent
    [note] = [line for line in replay_text(s).splitlines() if line.startswith("Note: right insole")]
    assert note.startswith(f"Note: right insole: no data from the start to {clock_text(end_s)}, where the replay "
                           f"stopped: {frames:,} frames missing"), note
    assert "host" not in note and "simulation" not in note, note


def test_a_stopped_replays_speedup_counts_the_data_time_it_replayed(tmp_path, monkeypatch):
    """``speedup`` (session s per wall s) of a stopped replay counted the whole session, 1:00, though it
    replayed 0:40 of it: it counts the data time replayed (``replayed_s``), as the headline says it."""
    s = _stopped_at_record(_received_late(tmp_path), 1000, monkeypatch)
    assert s.wall_s > 0 and s.replayed_s < s.record.duration_s - 10.0, (s.replayed_s, s.record.duration_s)
    assert s.speedup == s.replayed_s / s.wall_s, (s.speedup, s.replayed_s / s.wall_s, s.record.duration_s / s.wall_s)


def test_a_replays_progress_says_the_data_time_it_fed_not_the_records_host_time(tmp_path, monkeypatch):
    """Each ReplayProgress says the latest frame fed to the analysis (session s), not the host time x the speed
    of the record it is at, which runs 3 s ahead of the frames here from the 700th record on (received late):
    the last one before a stop said 0:43 of 0:40 fed."""
    real = replay_module._Replay.record
    fed_s = [0.0]

    def record(self, rec, blocks, event):
        fed_s[0] = max([fed_s[0], *(float(b.t_s[-1]) for b in blocks if len(b.t_s))])
        return real(self, rec, blocks, event)

    monkeypatch.setattr(replay_module._Replay, "record", record)
    monkeypatch.setattr(replay_module, "PROGRESS_INTERVAL_S", 0.0)  # every 64th record reports
    said = []
    s = asyncio.run(replay_session(_received_late(tmp_path), on_progress=lambda p: said.append((p, fed_s[0]))))
    late = [(p, fed) for p, fed in said if p.records > 700 and p.session_s < p.duration_s]
    assert len(late) >= 10, said
    assert all(p.session_s == fed for p, fed in late), [(p.session_s, fed) for p, fed in late]
    assert said[-1][0].session_s == s.record.duration_s  # the end: what the replay covers
