"""The dates a FIT export holds (docs/fit.md): every time in the file, its records', its events', its end's and
the activity's local time, is one FIT can hold as a date (FIT profile, date_time: uint32 seconds from
1989-12-31 00:00 UTC; below 0x10000000 a device's seconds since it was switched on, 0xFFFFFFFF the invalid
value), from 1998-07-03 21:24:16 to 2126-02-06 06:28:14 UTC. The export checked the records' count and the
session's length against 2**32 only: an event after the last record (a mark, an alert) wrapped round to
1989, and a local time past the last date too.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from test_fit import _garmin, set_session_time
from test_malformed_files import fails_untouched, session_copy

from monitor.analysis.alerts import Alert
from monitor.analysis.per_second import per_second_metrics
from monitor.errors import UsageError
from monitor.session.directory import load_session
from monitor.session.fit_export import write_fit_activity

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=timezone.utc)
LAST_DATE = FIT_EPOCH + timedelta(seconds=2**32 - 2)  # 2126-02-06 06:28:14: 0xFFFFFFFF is uint32's invalid value


def _late_session(tmp_path, before_last_s: int):
    """The 60.07-s sample (61 records, seconds 0 to 60) starting ``before_last_s`` s before the last FIT date."""
    s = session_copy(tmp_path)
    set_session_time(s, LAST_DATE - timedelta(seconds=before_last_s))
    (s / "session.json").write_text(json.dumps({**json.loads((s / "session.json").read_text()), "end_utc": None}))
    return load_session(s)


def _export(session, tmp_path, event_s: float):
    alerts = [Alert(10.0, "left", "alert", "notice", "mth2_3", message="NOTICE"),
              Alert(event_s, "left", "rider_mark", None, message="NUMB NOW left foot: marked by the rider")]
    metrics = per_second_metrics(session, alerts)
    assert len(metrics) == 61 and event_s > 61  # the mark is after the last record
    return write_fit_activity(session, metrics, [a.to_dict() for a in alerts], tmp_path / "a.fit")


@pytest.mark.parametrize("event_s", [101.0, 3000.0])
def test_an_event_after_the_last_record_past_the_last_fit_date_is_refused(tmp_path, event_s):
    """Records to 40 s before the last date, a mark 1 s (the invalid value, read as no time) or 2,900 s
    after it: the file was written with the mark and the session's end dated 1989-12-31 (2**32 wrapped round)
    or undated. Now the export says which message's time a FIT file cannot hold, and writes nothing."""
    session = _late_session(tmp_path, 100)
    with pytest.raises(UsageError) as err:
        _export(session, tmp_path, event_s)
    said = str(err.value)
    assert said.startswith(f"{session.path}: ") and "(event message, timestamp)" in said, said
    assert "2126-02-06 06:28:14 UTC" in said, said
    assert "\n" not in said
    assert not (tmp_path / "a.fit").exists()


def test_an_event_at_the_last_fit_date_is_written_and_read_back(tmp_path):
    """The last second FIT holds as a date is one the file may hold: the mark at it and the session's end."""
    m = _garmin(_export(_late_session(tmp_path, 100), tmp_path, 100.0))
    marks = [e for e in m["event_mesgs"] if e.get("event") == "user_marker"]
    assert [e.get("timestamp") for e in marks][-1] == LAST_DATE
    assert m["session_mesgs"][0]["timestamp"] == LAST_DATE


def test_a_local_time_past_the_last_fit_date_is_refused(tmp_path, monkeypatch):
    """The activity's local_timestamp is its end plus the computer's zone offset (1 h in CET): for a session
    ending 10 s before the last date it wrapped round to 1989. Now refused, naming the local time."""
    session = _late_session(tmp_path, 70)
    metrics = per_second_metrics(session, [])
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")  # a POSIX rule: no tz database needed
    time.tzset()
    try:
        with pytest.raises(UsageError) as err:
            write_fit_activity(session, metrics, [], tmp_path / "a.fit")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "(activity message, local_timestamp)" in str(err.value) and "2126-02-06 06:28:14" in str(err.value)
    assert not (tmp_path / "a.fit").exists()


def test_a_session_before_the_first_fit_date_is_one_line_and_nothing_written(tmp_path, capsys):
    """A FIT time below 0x10000000 (1998-07-03 21:24:16) is a device's seconds since it was switched on, not a
    date: a session from 1995 was exported with such times, a file `solewatch import fit` itself refuses
    ("seconds since the device was switched on"). Now refused before it is analysed, in one line."""
    s = session_copy(tmp_path)
    set_session_time(s, datetime(1995, 1, 1, tzinfo=timezone.utc))
    line = fails_untouched(capsys, s, "export", s, "--format", "fit")
    assert "1998-07-03 21:24:16" in line and "a FIT activity cannot be dated" in line, line
