"""A FIT export's lap and session say the session's length: ``total_elapsed_time`` (FIT profile: the time from
start to end, pauses included) and ``total_timer_time`` (pauses left out; the export has none), in s to the
millisecond (the profile's scale, 1000). They counted the records, one a second: 481 s for a 480.34-s
session, 61 for the 60.07-s sample.
"""

from __future__ import annotations

import json

import pytest
from test_fit import _garmin, run
from test_malformed_files import session_copy


def test_the_exported_lap_and_session_last_as_long_as_the_session(tmp_path, capsys):
    s = session_copy(tmp_path)
    duration_s = json.loads((s / "session.json").read_text())["duration_s"]
    assert duration_s == 60.07  # the sample's length; its records are one a second, 61 of them
    run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit")
    m = _garmin(tmp_path / "out.fit")
    assert len(m["record_mesgs"]) == 61
    for summary in (m["lap_mesgs"][0], m["session_mesgs"][0]):
        assert summary["total_elapsed_time"] == pytest.approx(duration_s, abs=1e-3), summary["total_elapsed_time"]
        assert summary["total_timer_time"] == pytest.approx(duration_s, abs=1e-3)
    assert m["activity_mesgs"][0]["total_timer_time"] == pytest.approx(duration_s, abs=1e-3)


def _summaries(m: dict) -> list[dict]:
    stop = [e for e in m["event_mesgs"] if e.get("event_type") == "stop_all"]
    return [*stop, m["lap_mesgs"][0], m["session_mesgs"][0], m["activity_mesgs"][0]]


@pytest.mark.parametrize("duration_s, whole_s, elapsed_s", [(60.07, 60, 60.07), (60.6, 61, 60.6), (58.2, 60, 60.0)])
def test_the_exported_end_is_the_start_and_the_elapsed_time(tmp_path, capsys, duration_s, whole_s, elapsed_s):
    """The timer's stop, the lap's, session's and activity's timestamp are the session's start_time plus
    total_elapsed_time to the whole second (FIT times are whole seconds): had start + the records' count,
    61 s for the 60.07-s sample, so a reader's start_time + total_elapsed_time fell 0.93 s before it. Not
    before the last record (a session.json saying less than its frames hold: 58.2 s for 60.07 s of them),
    and the length covers that record too (it said 58.2 s and ended 60 s after the start)."""
    s = session_copy(tmp_path)
    info = json.loads((s / "session.json").read_text())
    info["duration_s"] = duration_s
    (s / "session.json").write_text(json.dumps(info))
    run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit")
    m = _garmin(tmp_path / "out.fit")
    start = m["session_mesgs"][0]["start_time"]
    assert start == m["record_mesgs"][0]["timestamp"]
    for summary in _summaries(m):
        assert (summary["timestamp"] - start).total_seconds() == whole_s, summary
    assert m["session_mesgs"][0]["total_elapsed_time"] == pytest.approx(elapsed_s, abs=1e-3)
    assert max(r["timestamp"] for r in m["record_mesgs"]) <= m["session_mesgs"][0]["timestamp"]


def _unclosed(tmp_path):
    """The sample as a recording that was not closed: session.json without ``duration_s`` (its recorder killed)."""
    s = session_copy(tmp_path)
    info = json.loads((s / "session.json").read_text())
    info["duration_s"] = None
    (s / "session.json").write_text(json.dumps(info))
    return s


def test_an_unclosed_session_ends_at_its_last_frame_not_its_count_of_records(tmp_path, capsys):
    """A session.json without ``duration_s`` gave the lap and session the records' count, 61 s for frames
    that end at 60.1 s, and dated their end 61 s after the start: up to a second past the session's last
    frame. They now last until the last frame (the session's own end), and end that to the whole second."""
    from monitor.session.directory import load_session

    s = _unclosed(tmp_path)
    last_frame_s = load_session(s).last_t_s()
    assert 60 < last_frame_s < 60.5  # the sample's last frame; its 61 records are seconds 0 to 60
    run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit")
    m = _garmin(tmp_path / "out.fit")
    start = m["session_mesgs"][0]["start_time"]
    for summary in _summaries(m):
        assert (summary["timestamp"] - start).total_seconds() == 60, summary
    for summary in (m["lap_mesgs"][0], m["session_mesgs"][0]):
        assert summary["total_elapsed_time"] == pytest.approx(last_frame_s, abs=1e-3), summary
    assert max(r["timestamp"] for r in m["record_mesgs"]) <= m["session_mesgs"][0]["timestamp"]


def test_an_event_after_the_last_record_ends_the_session_at_its_own_elapsed_time(tmp_path):
    """A numb mark or alert 9.9 s after the last record of the 60.07-s sample (a mark the rider pressed after
    the insoles' last data) pushed the session's end to its own second, 70 s after the start, while its
    total_elapsed_time still said 60.07 s: a reader's start_time + total_elapsed_time fell 10 s before the
    session's timestamp. The length now covers every message the file holds, so the two agree."""
    from monitor.analysis.alerts import Alert
    from monitor.analysis.per_second import per_second_metrics
    from monitor.session.directory import load_session
    from monitor.session.fit_export import write_fit_activity

    session = load_session(session_copy(tmp_path))
    alerts = [Alert(t, "left", "alert", "notice", "mth2_3", message="NOTICE") for t in (30.0, 69.9)]
    metrics = per_second_metrics(session, alerts)
    assert len(metrics) == 61  # records to second 60: the second event is after the last of them
    m = _garmin(write_fit_activity(session, metrics, [a.to_dict() for a in alerts], tmp_path / "a.fit"))
    start = m["session_mesgs"][0]["start_time"]
    markers = [e["timestamp"] for e in m["event_mesgs"] if e["event"] == "user_marker"]
    assert max(markers) > max(r["timestamp"] for r in m["record_mesgs"])
    for summary in _summaries(m):
        assert summary["timestamp"] >= max(markers), summary
    for summary in (m["lap_mesgs"][0], m["session_mesgs"][0]):
        end_s = (m["session_mesgs"][0]["timestamp"] - start).total_seconds()
        assert summary["total_elapsed_time"] == pytest.approx(end_s, abs=0.5), (summary, end_s)
