"""A hole in a session's data is not time with data: the verdict's "nothing found in X of data", its "too short
to tell" and the data it counts after an early sign are the time each foot has readings no more than
ABSENT_MIN_S apart (monitor.session.absence), the longest foot's; with no hole, the last reading minus the
first for runs that know no sample period (tests/test_data_time_readings.py: a recording's runs count one
period more, or their frames' periods)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.report.data import report_data
from monitor.session.absence import ABSENT_MIN_S
from monitor.session.offline import offline_session

LAYOUT = Path(__file__).resolve().parent / "data" / "generic_csv" / "layout.json"  # 8 sensors, 50 Hz


def _with_hole(session, start_s: float, end_s: float):
    """The session without its frames from ``start_s`` to ``end_s`` (no rows: a dropped link)."""
    t = session.frames["t_s"]
    return replace(session, frames=session.frames[(t < start_s) | (t >= end_s)].reset_index(drop=True))


def test_runs_split_at_a_hole_and_one_run_is_its_span_exactly():
    from monitor.session.absence import data_runs, data_time_s

    t = np.arange(0, 3000) / 50.0 + 0.004  # 60 s at 50 Hz, times not exact in binary
    assert data_runs(t) == ((float(t[0]), float(t[-1])),)
    assert data_time_s(data_runs(t)) == float(t[-1] - t[0])  # bit for bit: the old figure
    holed = np.concatenate((t[t < 10.0], t[t >= 10.0 + ABSENT_MIN_S + 0.5]))
    assert len(data_runs(holed)) == 2
    assert abs(data_time_s(data_runs(holed)) - (60.0 - ABSENT_MIN_S - 0.5)) < 0.05
    assert abs(data_time_s(data_runs(holed), after_s=30.0) - 29.984) < 1e-9  # only the data after 30 s
    steady = np.concatenate((t[t < 10.0], t[t >= 10.0 + ABSENT_MIN_S - 0.1]))  # a pause within the definition
    assert len(data_runs(steady)) == 1
    assert data_runs([]) == () and data_time_s(()) == 0.0


def test_a_walk_with_two_minutes_of_data_over_eight_is_too_short_to_tell():
    # had: "Verdict: no sustained forefoot load found." (8:00 first to last reading, though 2:00 had data)
    session = _with_hole(offline_session("healthy-walk", duration_s=480, seed=1), 60.0, 420.0)
    result = analyze(session)
    assert abs(result.data_s - 120.0) < 0.1, result.data_s
    verdict = result.advice().verdict
    assert verdict == ("Verdict: nothing found in 2:00 of data, too short to tell: a warning needs "
                       "5:00 of sustained forefoot load."), verdict
    data = report_data(session, result)
    assert data.verdict.headline == verdict and data.verdict.too_short


def test_the_data_after_an_early_sign_counts_only_time_with_data():
    # a sign at 6:00, 0:40 of data then a hole to 13:20 and 2:40 of data: 3:20 after it, under the 5:00 a
    # warning needs. Had: "no warning followed in the 10:00 of data after it" (the hole counted as data)
    session = _with_hole(offline_session("healthy-ride", duration_s=960, seed=2), 400.0, 800.0)
    result = analyze(session)
    assert not result.alerts and not result.kept_normal
    result.alerts.append(Alert(360.0, "left", "alert", "notice", "mth2_3", "focal_mth", "cleat too far forward",
                               ("Move the left cleat back 2-10 mm",), ("cleat_back",), "NOTICE"))
    verdict = result.advice().verdict
    assert verdict.endswith("; a longer session would tell."), verdict
    # the same sign with the whole ride's data after it: how long it went without becoming a warning
    whole = analyze(offline_session("healthy-ride", duration_s=960, seed=2))
    whole.alerts.append(result.alerts[-1])
    assert whole.advice().verdict.endswith("; no warning followed in the 10:00 of data after it."), \
        whole.advice().verdict


def _csv(path: Path, spans_s: list[tuple[float, float]]) -> None:
    """A generic CSV (docs/import-csv.md) of both feet at 50 Hz with readings over ``spans_s`` only."""
    rows = ["t_s,foot," + ",".join(f"p{i:02d}_kpa" for i in range(8))]
    for start, end in spans_s:
        for k in range(int(round((end - start) * 50))):
            t = start + k / 50.0
            for foot, dt in (("left", 0.0), ("right", 0.004)):
                rows.append(f"{t + dt:.3f},{foot}," + ",".join(["20.0"] * 8))
    path.write_text("\n".join(rows) + "\n")


def test_analyze_of_an_imported_csv_with_a_hole_says_its_time_with_data(tmp_path, capsys):
    # 1:30 of data around a 1:30 hole: had "nothing found in 3:00 of data"
    _csv(tmp_path / "gap.csv", [(0.0, 20.0), (110.0, 180.0)])
    out = tmp_path / "s"
    assert main(["import", "csv", str(tmp_path / "gap.csv"), "--layout", str(LAYOUT), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(out)]) == 0
    text = capsys.readouterr().out
    assert "nothing found in 1:30 of data, too short to tell" in text, text


def test_the_studys_time_at_each_level_leaves_a_hole_out_however_it_is_stored():
    """A hole with no rows has no windows; one stored as rows with no reading (NaN, as a filled gap) has
    windows of ``valid_fraction`` 0. Neither is time at a level: both give the study the same times, the
    windows that stand for data x the step. Had: the NaN hole's windows, and the first window past the last
    reading of the other, counted as time at level none.

    Written out by hand: windows of 60 s every 10 s (features.window_s, step_s) end at 10, 20, ... 170 s
    (the last whole step before the last frame, at 179.99 s). The data are [0, 20) and [110, 180) s. A
    window has a level (monitor.analysis.assessed_data.assessment_judged, as the report's timeline draws a
    level) when it holds the detector's min_valid_fraction (0.8) of its span, does not end in the silence and
    was judged: those ending at 160 and 170 s (50 and 60 s of 60); those ending at 10 and 20 s reach back before
    the session's start and are not judged (drawn "not judged", no level: tests/test_unjudged_level_missing.py),
    those ending at 30 ... 110 s end in the silence and those at 120 ... 150 s hold 10 ... 40 s. 2 windows x
    10 s = 20 s per foot, all at level none (a healthy walk)."""
    from monitor.studies.rows import session_tables

    whole = offline_session("healthy-walk", duration_s=180, seed=3)
    dropped = _with_hole(whole, 20.0, 110.0)
    frames = whole.frames.copy()
    inside = (frames["t_s"] >= 20.0) & (frames["t_s"] < 110.0)
    frames.loc[inside, [c for c in frames.columns if c.endswith("_kpa")]] = np.nan
    blank = replace(whole, frames=frames)
    times = {}
    for name, session in (("dropped", dropped), ("blank", blank)):
        result = analyze(session)
        rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
        times[name] = rows[[f"time_{lv}_s" for lv in ("none", "notice", "warning", "alert")]].to_dict("index")
    expected = {"time_none_s": 20.0, "time_notice_s": 0.0, "time_warning_s": 0.0, "time_alert_s": 0.0}
    assert times == {name: {"left": expected, "right": expected} for name in ("dropped", "blank")}, times


def test_a_hole_is_no_load_to_a_pattern_confirmed_across_it():
    """A pattern whose first showing window comes before a hole and whose confirming windows come after it
    started its exposure at its evidence start, the hole included: 50 s of data before a 400 s hole and
    50 s after it made a warning at 8:20 (the cleat-forward ride judged against a healthy rider's normal,
    warned at 5:00 without a hole). Now the hole adds nothing but the window a judged step may span."""
    normal = analyze(offline_session("healthy-ride", duration_s=420, seed=2)).baseline
    ride = offline_session("cleat-forward", duration_s=900, seed=1)
    whole = analyze(ride, baseline=normal)
    first = {a.foot: a.t_s for a in whole.alerts if a.level == "warning"}
    assert first == {"left": 300.0, "right": 300.0}
    holed = analyze(_with_hole(ride, 50.0, 450.0), baseline=normal)
    warned = [a for a in holed.alerts if a.level == "warning"]
    assert warned
    for a in warned:  # the time with data before it is near the whole ride's 5:00 (a step spans a window)
        before_s = 50.0 + max(a.t_s - 450.0, 0.0)
        assert before_s >= 300.0 - 60.0, (a.foot, a.t_s, before_s)


def test_a_run_of_showing_windows_across_a_hole_leaves_the_hole_out_of_its_exposure():
    from monitor.signal.patterns import JudgedClock, PatternState

    clock = JudgedClock()
    assert clock.judged(100.0, 60.0) == (60.0, 0.0)  # the first judged window
    assert clock.judged(110.0, 60.0) == (10.0, 0.0)
    assert clock.judged(560.0, 60.0) == (60.0, 390.0)  # 390 s of hole before the window's own 60 s
    st, clock = PatternState(), JudgedClock()
    for t in (100.0, 550.0, 560.0):  # shown on the change tier; confirmed by the third window
        step_s, hole_s = clock.judged(t, 60.0)
        st.update(1, t - 60.0, t, 3, 6, step_s, hole_s)
    assert st.active and st.exposure_s == 560.0 - 40.0 - 390.0  # had 520: the hole as load


def test_windows_left_unjudged_with_their_data_are_no_hole():
    """Only missing data make a hole: windows left unjudged with their data (a relief in them, a stance the
    two-feet check does not judge) count as before, never taken off an exposure; and a hole of missing data
    after such a window is still one. Had: every stretch of over a window between two judged windows was a
    hole, so a long relief or standing bout inside a run of showing windows shortened its exposure (a
    held-out lateral rider of the population went unwarned)."""
    from test_detector import window

    from monitor.signal.detector import ForefootDetector
    from monitor.signal.params import DetectorParams
    from monitor.signal.patterns import JudgedClock

    p = DetectorParams()
    det = ForefootDetector("left", p)
    lateral = dict(ml=0.45)  # shown from the first judged window on
    for t in range(10, 1210, 10):  # 2 minutes relieved (every frame read) in the middle of the ride
        det.feed([window(float(t), relieved=600 <= t < 720, tsr=0.0 if 600 <= t < 720 else None, **lateral)])
    assert all(st.run_hole_s == 0.0 for st in det._patterns.values()), \
        {name: st.run_hole_s for name, st in det._patterns.items()}
    det = ForefootDetector("left", p)
    for t in range(10, 1210, 10):  # the same 2 minutes without data: a hole
        det.feed([window(float(t), valid=0.0 if 600 <= t < 720 else None, **lateral)])
    assert any(st.run_hole_s > 0.0 for st in det._patterns.values())
    clock = JudgedClock()
    clock.judged(100.0, 60.0)
    for t in range(110, 550, 10):
        clock.skipped(float(t), with_data=True)  # a relief, every frame read
    assert clock.judged(550.0, 60.0) == (60.0, 0.0)
    clock.skipped(560.0, with_data=True)  # one relief window, then 110 s without data
    for t in range(570, 680, 10):
        clock.skipped(float(t), with_data=False)
    assert clock.judged(680.0, 60.0) == (60.0, 60.0)  # from 560 to 620, where the window's evidence starts


def test_the_studys_reliefs_per_hour_are_per_hour_of_time_with_data():
    """docs/detection.md's rates are per minute of valid data: a hole does not lower them. Had: the reliefs
    divided by the session's 16:00, the hole's 4:40 included."""
    from monitor.studies.rows import session_tables

    session = _with_hole(offline_session("healthy-ride", duration_s=960, seed=2), 420.0, 700.0)
    result = analyze(session)
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    summary = result.summary()
    for foot in ("left", "right"):
        reliefs = summary[foot]["relief_count"]
        assert reliefs >= 1, (foot, reliefs)  # the ride unweights every 6 min
        gaps_s = np.diff(session.foot_times(foot))
        data_s = float(gaps_s[gaps_s <= ABSENT_MIN_S].sum())  # every frame reads: its times' runs summed,
        data_s += (1 + int((gaps_s > ABSENT_MIN_S).sum())) / 100.0  # each to a 100-Hz period after its last
        assert abs(data_s - (960.0 - 280.0)) < 1.0, (foot, data_s)
        assert abs(rows.loc[foot, "reliefs_per_h"] - reliefs * 3600.0 / data_s) < 1e-9, rows.loc[foot]


def test_compare_counts_reliefs_per_hour_of_time_with_data_as_the_study_does():
    """Had: the reliefs divided by the foot's first-to-last frame span, the hole's 4:40 included, so a ride
    with a dropped link seemed to relieve less often than the same ride without the hole."""
    from monitor.analysis.compare import compare
    from monitor.studies.rows import session_tables

    whole = offline_session("healthy-ride", duration_s=960, seed=2)
    holed = _with_hole(whole, 420.0, 700.0)
    result = analyze(holed)
    rows = session_tables(holed, result, {}, "x", {}, {})["sessions"].set_index("foot")
    c = compare(result, analyze(whole), holed, whole)
    for foot in ("left", "right"):
        reliefs = result.summary()[foot]["relief_count"]
        assert reliefs >= 1, (foot, reliefs)
        gaps_s = np.diff(holed.foot_times(foot))
        data_s = float(gaps_s[gaps_s <= ABSENT_MIN_S].sum())
        data_s += (1 + int((gaps_s > ABSENT_MIN_S).sum())) / 100.0  # each run to a period after its last reading
        row = next(x for x in c.changes if x.foot == foot and x.metric == "reliefs_per_h")
        assert abs(row.before - reliefs * 3600.0 / data_s) < 1e-9, (foot, row)
        assert abs(row.before - rows.loc[foot, "reliefs_per_h"]) < 1e-9, (foot, row, rows.loc[foot])
