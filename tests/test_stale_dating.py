"""A data-stale event is dated when the foot's silence reached ``stale_after_s`` (its last frame with data +
``stale_after_s``) and says that silence, in a batch analysis as in the live session and its replay: the
batch no longer waits for its next 10-s assessment to find the foot stale (which told a silence from
60.01 s at 80 s, "for 20 s", and missed a 15-s silence that ended between two assessments).

The session is the simulated healthy ride built offline (deterministic, no clock), with the left insole's
frames removed over spans of session time.
"""

from __future__ import annotations

from monitor.analysis.alerts import AlertPolicy
from monitor.analysis.batch import analyze
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
