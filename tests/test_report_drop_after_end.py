"""An insole that drops its link at or after the session's end (``after_end``, monitor.live.record_notes
.dropped_after_end) is no fault of the session: the report's link counters and its list of every alert and
event leave it out, as the live and replay notices do (monitor.session.ride_over)."""

from __future__ import annotations

import numpy as np
import pytest
from report_sessions import layout4, session_from_arrays

from monitor.analysis.streaming import notice_for
from monitor.report.event_list import link_events
from monitor.report.frames_data import foot_frames
from monitor.report.quality_data import data_quality


def _session_dropped_at(t_s: float, after_end: bool):
    """A 30 s two-foot session whose left insole's link drops at ``t_s``, marked ``after_end`` or not."""
    t = np.arange(3001) / 100.0
    drop = {"t_s": t_s, "event": "disconnected", "foot": "left", **({"after_end": True} if after_end else {})}
    return session_from_arrays({f: (t, np.full((t.size, 4), 50.0)) for f in ("left", "right")},
                               {f: layout4(f) for f in ("left", "right")}, events=[drop])


@pytest.mark.parametrize(("after_end", "counted"), [(True, 0), (False, 1)])
def test_a_drop_at_the_session_s_end_is_no_disconnection_of_the_report(after_end, counted):
    # had: the drop marked after_end counted as 1 disconnection at 0:30 and listed among the events
    from monitor.report.html import _quality_rows

    session = _session_dropped_at(30.0, after_end)
    q = data_quality(session, {f: foot_frames(session, f) for f in ("left", "right")})
    assert (q.feet["left"].disconnects, q.feet["left"].reconnects) == (counted, 0)
    assert len(q.feet["left"].link_events) == counted  # the quality panel's markers
    assert len(link_events(session.events, ("left", "right"))) == counted  # the list of every event
    rows = {r[0]: r[1:] for r in _quality_rows(q)}
    assert rows["disconnections / reconnections / lost"] == [f"{counted} / 0 / 0", "0 / 0 / 0"]
    assert (notice_for(30.0, session.events[0]) is None) == after_end  # as the live and replay notices
