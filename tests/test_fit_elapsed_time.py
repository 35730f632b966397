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


@pytest.mark.parametrize("duration_s, whole_s", [(60.07, 60), (60.6, 61), (58.2, 60)])
def test_the_exported_end_is_the_start_and_the_elapsed_time(tmp_path, capsys, duration_s, whole_s):
    """The timer's stop, the lap's, session's and activity's timestamp are the session's start_time plus
    total_elapsed_time to the whole second (FIT times are whole seconds): had start + the records' count,
    61 s for the 60.07-s sample, so a reader's start_time + total_elapsed_time fell 0.93 s before it. Not
    before the last record (a session.json saying less than its frames hold: 58.2 s for 60.07 s of them)."""
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
    assert m["session_mesgs"][0]["total_elapsed_time"] == pytest.approx(duration_s, abs=1e-3)
    assert max(r["timestamp"] for r in m["record_mesgs"]) <= m["session_mesgs"][0]["timestamp"]
