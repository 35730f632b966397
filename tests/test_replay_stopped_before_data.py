"""A replay stopped in its first second says what it read of the sample ride (60 s, both insoles to the end).

Stopped before any frame, it said "Replay: 0:00 of 1:00 with no data, no insole sent a pressure sample" and
"both feet sent no data (no pressure sample from either insole in the session)" of a ride both insoles sent a
minute of; stopped at its 5th record (0.22 s read), "right insole: no data from the start to 0:00, where the
replay stopped: 22 frames missing", frames that lie later in the log; stopped at 0.4 s, "Stopped at 0:00".
"""

from __future__ import annotations

from pathlib import Path

from test_replay_stopped_absence import _stopped_at_record

from monitor.live.replay import replay_text

ROOT = Path(__file__).resolve().parents[1]
RIDE = ROOT / "sessions" / "samples" / "sim-healthy-ride"


def test_a_replay_stopped_before_any_frame_says_none_was_read_not_that_the_insoles_sent_none(monkeypatch):
    s = _stopped_at_record(RIDE, 1, monkeypatch)
    assert s.frames == 0, s.frames
    lines = replay_text(s).splitlines()
    assert lines[0].startswith("Replay: none of 1:00 of ride ("), lines[0]
    [alerts] = [line for line in lines if line.startswith("Alerts:")]
    assert alerts == "Alerts: none: the replay stopped before any pressure sample was read, nothing to judge.", alerts
    assert "Stopped before any data was read." in lines, lines
    text = "\n".join(lines)
    assert "in the session" not in text and "no insole sent" not in text and "0:00" not in text, text


def test_a_foot_not_read_yet_in_a_replay_stopped_within_a_second_is_not_missing(monkeypatch):
    """Stopped at the 5th record, 0.22 s of the left foot read and none of the right, whose first frames come
    later in the log: under ABSENT_MIN_S (1 s), as a late first frame of a whole session is, no span."""
    s = _stopped_at_record(RIDE, 5, monkeypatch)
    assert 0.0 < s.record.read_to_s < 1.0 and not s.data_runs.get("right"), (s.record.read_to_s, s.data_runs)
    assert s.record.absent == {}, s.record.absent
    assert s.record.frames_missing("right") == 0
    text = replay_text(s)
    assert "missing" not in text and "where the replay stopped:" not in text, text
    [alerts] = [line for line in text.splitlines() if line.startswith("Alerts:")]
    assert alerts.endswith("; the right foot sent no data before the replay stopped."), alerts


def test_a_replay_stopped_within_its_first_second_says_less_than_a_second_not_0_00(monkeypatch):
    s = _stopped_at_record(RIDE, 10, monkeypatch)
    assert 0.0 < s.replayed_s < 0.5, s.replayed_s
    lines = replay_text(s).splitlines()
    assert lines[0].startswith("Replay: less than a second of 1:00 of ride ("), lines[0]
    assert "Stopped less than a second into the session." in lines, lines
    assert not any("0:00" in line for line in lines), lines


def test_a_replay_stopped_between_half_a_second_and_a_second_says_less_than_a_second_in_every_line(monkeypatch):
    """Stopped at the 12th record, 0.57 s read and 0.32 s of data: under a second is "less than a second" in
    the headline, the alerts and the stop alike (timefmt.span_words). Had: "Replay: 0:01 of 1:00" and
    "Stopped at 0:01 of the session." beside "Alerts: none in less than a second of data"."""
    s = _stopped_at_record(RIDE, 12, monkeypatch)
    assert 0.5 <= s.replayed_s < 1.0, s.replayed_s
    lines = replay_text(s).splitlines()
    assert lines[0].startswith("Replay: less than a second of 1:00 of ride ("), lines[0]
    assert "Stopped less than a second into the session." in lines, lines
    [alerts] = [line for line in lines if line.startswith("Alerts:")]
    assert alerts.startswith("Alerts: none in less than a second of data"), alerts
    assert not any("0:01" in line for line in lines), lines
