"""A data-stale event is dated when the foot's silence reached ``stale_after_s`` (its last frame with data +
``stale_after_s``) and says that silence, in a batch analysis as in the live session and its replay: the
batch no longer waits for its next 10-s assessment to find the foot stale (which told a silence from
60.01 s at 80 s, "for 20 s", and missed a 15-s silence that ended between two assessments).

A foot's silence counts from the session's start and runs to its end, in a batch analysis as in the live
session's analysis core: a foot whose first data come 40 s late is NO DATA at 10 s and DATA BACK at 40 s, and
feet whose rows stop before the session's end are NO DATA as feet whose rows go on empty (all NaN) are; data
back after the last assessment give their DATA BACK (had: none of these from ``analyze``, nor from the report
and the FIT export that read it). The core is fed the frames in blocks of random size, checked where the
live timer would (a check whenever one is due, and one at the end), with no clock.

The sessions are simulated rides built offline (deterministic, no clock), with one insole's frames removed
over spans of session time.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_streaming_hold import session_blocks

from monitor.analysis.alerts import AlertPolicy
from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.streaming import AnalysisCore
from monitor.session.directory import Session
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS, AlertParams

AFTER_S = DEFAULT_PARAMS.alerts.stale_after_s
#: The left insole sends nothing over these spans (session s): each starts just after a frame off the 10-s
#: assessment grid (the last frame before it at 60.01 s and 100.01 s), the second ends between assessments.
SILENT_S = ((60.015, 85.0), (100.015, 115.0))


def _left_silent(tmp_path) -> tuple[Session, dict[str, float]]:
    s = offline_session("healthy-ride", duration_s=180, seed=3)
    f = s.frames
    left = (f["foot"] == "left").to_numpy()
    gone = left & False
    for start, end in SILENT_S:
        gone |= left & (f["t_s"] >= start).to_numpy() & (f["t_s"] < end).to_numpy()
    kept = f[~gone].reset_index(drop=True)
    t = kept.loc[kept["foot"] == "left", "t_s"].to_numpy()
    last = {f"{start}": float(t[t < start][-1]) for start, _ in SILENT_S}  # the last frame before each
    tmp_path.mkdir(exist_ok=True)
    return Session(tmp_path, s.info, kept, s.gaps), last


def test_a_batch_analysis_dates_no_data_when_the_silence_reached_stale_after_s(tmp_path):
    session, last = _left_silent(tmp_path / "session")
    result = analyze(session)
    left = sorted((e.t_s, e.kind, e.message) for e in result.events if e.foot == "left")
    stale = [(t, m) for t, k, m in left if k == "data_stale"]
    # had: [(80.0, "... for 20 s ...")], the second silence (15 s, over by 115 s) not told at all
    assert [round(t, 3) for t, _ in stale] == [round(v + AFTER_S, 3) for v in last.values()], left
    assert all(f"NO DATA from the left insole for {AFTER_S:.0f} s:" in m for _, m in stale), stale
    assert [k for _, k, _ in left] == ["data_stale", "data_back"] * 2, left
    backs = [t for t, k, _ in left if k == "data_back"]
    assert [round(b) for b in backs] == [round(end) for _, end in SILENT_S]  # at the first frame again
    assert not [e for e in result.events if e.foot == "right"]


def test_the_policy_dates_data_stale_at_the_last_data_plus_stale_after_s_however_late_the_check():
    pol = AlertPolicy(AlertParams(stale_after_s=10))
    pol.data("right", 100.0)
    assert pol.tick(109.9) == []
    (stale,) = pol.tick(113.9)  # a live check comes when the host's timer and the other foot's data allow
    assert (stale.t_s, stale.kind) == (110.0, "data_stale")  # had: 113.9, "for 14 s"
    assert "NO DATA from the right insole for 10 s:" in stale.message
    back = pol.data("right", 120.0)
    assert back is not None and (back.t_s, back.silent_s) == (120.0, 20.0)


def _core_events(session, seed: int = 4) -> list[tuple]:
    """Every event of the live session's analysis core fed ``session``'s frames in blocks of 1 to 60
    frames (none across a hole in the foot's time), interleaved in time, with a stale-data check wherever
    one is due and one at the session's end."""
    out = []
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.02,
                        emit=lambda a, since: out.append(a), activity=declared_activity(session.info.activity))
    rng = np.random.default_rng(seed)
    for block in session_blocks(session, rng, most=60, by_last=True, hole_s=0.05):  # a hole ends a notification
        core.arrival(float(block.t_s[-1]))
        core.frames(block)
        if core.stale_due(float(block.t_s[-1])):
            core.check_stale(float(block.t_s[-1]))
    core.flush()
    core.check_stale(session.info.duration_s)
    core.end()
    return _key(out)


def _key(events) -> list[tuple]:
    return sorted((round(a.t_s, 3), a.foot, a.kind, a.level, a.region, a.pattern) for a in events)


def _batch_events(session) -> list[tuple]:
    r = analyze(session)
    return _key(r.alerts + r.events)


def _without(session, gone) -> Session:
    """``session`` without the frames ``gone(frames)`` picks."""
    f = session.frames
    return dataclasses.replace(session, frames=f[~gone(f)].reset_index(drop=True))


def _data_events(events: list[tuple]) -> list[tuple]:
    return [(t, foot, kind) for t, foot, kind, *_ in events if kind in ("data_stale", "data_back")]


def test_a_foot_that_starts_late_is_no_data_from_the_sessions_start_in_a_batch_analysis_as_live():
    s = offline_session("one-sided", duration_s=360.0, seed=1)
    late = _without(s, lambda f: (f["foot"] == "right") & ((f["t_s"] < 40.0) | (f["t_s"] >= 330.0)))
    batch = _batch_events(late)
    # had: only the NO DATA at 339.99; the first 40 s said nothing (the batch counted from the first frame)
    assert _data_events(batch) == [(10.0, "right", "data_stale"), (40.0, "right", "data_back"),
                                   (339.99, "right", "data_stale")], batch
    assert batch == _core_events(late)


@pytest.mark.parametrize("how", ["absent", "nan"])
def test_data_that_stop_before_the_sessions_end_are_no_data_whether_rows_stop_or_go_on_empty(how):
    s = offline_session("cleat-forward", duration_s=300.0, seed=1)
    if how == "absent":
        stopped = _without(s, lambda f: f["t_s"] >= 255.0)
    else:
        frames = s.frames.copy()
        frames.loc[frames["t_s"] >= 255.0, [c for c in frames.columns if c.endswith("_kpa")]] = np.nan
        stopped = dataclasses.replace(s, frames=frames)
    batch = _batch_events(stopped)
    # had, rows absent: nothing (the batch checked up to its last assessment, at 250 s, only)
    assert _data_events(batch) == [(264.99, "left", "data_stale"), (264.99, "right", "data_stale")], batch
    assert batch == _core_events(stopped)


def test_data_back_after_the_last_assessment_give_their_data_back_in_a_batch_analysis_as_live():
    s = offline_session("healthy-ride", duration_s=300.0, seed=3)
    back = _without(s, lambda f: (f["foot"] == "left") & (f["t_s"] >= 270.0) & (f["t_s"] < 296.0))
    batch = _batch_events(back)
    # had: the NO DATA only; the data that came back at 296 s, after the last assessment, said nothing
    assert _data_events(batch) == [(279.99, "left", "data_stale"), (296.0, "left", "data_back")], batch
    assert batch == _core_events(back)
