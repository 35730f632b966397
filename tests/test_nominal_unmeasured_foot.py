"""An uncalibrated insole's foot whose loaded level is never known (monitor.signal.nominal_scale: its forefoot
reads no load all session) is not judged: no relief can start on it, so no reminder of a stretch without relief
comes, and the verdict says its load was never measured instead of speaking for it.

Had: the detector judged its time since relief all the same: an 11-min ride with every left reading 0 on an
uncalibrated layout got "relief_rare" at 10:00 (analyze, and the live core) and "no_relief" at 20:00, its
verdict "reminders to unweight the foot" and the advice to stand up or unweight the left foot; the same ride
on a calibrated layout got neither.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_nominal_scale_verdict import orphe_ride
from test_streaming_hold import session_blocks

from monitor import analyze
from monitor.analysis.streaming import AnalysisCore
from monitor.codebook import FEET, FrameBlock
from monitor.report.text import foot_lines
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

REMINDERS = ("no_relief", "relief_rare")
#: Past the relief_rare reminder's 10:00 (DetectorParams.relief_rare_min_s) with the first minutes' baseline.
RIDE_S = 660.0


def _zero_left_ride(calibrated: bool):
    """The simulated healthy ride of RIDE_S on Solewatch layouts (``calibrated`` or not), every left reading 0."""
    session = offline_session("healthy-ride", duration_s=RIDE_S, seed=2)
    for foot in FEET:
        session.info.layouts[foot] = replace(session.info.layouts[foot], calibrated=calibrated)
    cols = [c for c in session.frames.columns if c.endswith("_kpa")]
    left = (session.frames["foot"] == "left").to_numpy()
    session.frames.loc[left, cols] = 0.0
    return session


def test_a_foot_whose_level_is_never_known_gets_no_relief_reminder():
    t, p, layout = orphe_ride("healthy-ride", 1250.0)
    pipe = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS, activity="cycling")
    pipe.feed(FrameBlock("left", t, np.zeros_like(p)))
    pipe.finish()
    assert not pipe.load_measured
    reminders = [(a.t_s, a.pattern) for a in pipe.assessments_ if a.pattern in REMINDERS]
    assert reminders == [], reminders  # had [(600.0, 'relief_rare'), ..., (1200.0, 'no_relief'), ...]
    loaded = FootPipeline("left", layout, layout.current_rate_hz, DEFAULT_PARAMS, activity="cycling")
    loaded.feed(FrameBlock("left", t, p))
    loaded.finish()
    assert loaded.load_measured


@pytest.mark.parametrize("calibrated", [False, True])
def test_analyze_says_the_load_was_never_measured_and_gives_no_reminder(calibrated):
    result = analyze(_zero_left_ride(calibrated))
    left = [(a.t_s, a.pattern) for a in result.alerts if a.foot == "left" and a.level is not None]
    assert left == [], left  # uncalibrated, had [(600.0, 'relief_rare')]
    verdict = result.advice().verdict
    never = "the left foot's load was never measured"
    line = next(x for x in foot_lines(result) if x.startswith("left:"))
    # calibrated: 0 kPa on every sensor all session is a dead or absent insole, not a load (had: judged, "1 relief")
    assert not result.feet["left"].load_measured
    assert never in verdict and "reminders" not in verdict, verdict
    assert "load never measured" in line and "0 reliefs" not in line and "1 relief" not in line, line


def test_the_live_core_gives_no_reminder_and_says_the_load_was_never_measured():
    session = _zero_left_ride(False)
    layouts = dict(session.info.layouts)
    blocks = session_blocks(session, 40, feet=FEET)
    events = []
    core = AnalysisCore(layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.02,
                        emit=lambda a, since: events.append((a.foot, a.t_s, a.pattern)), notice=lambda n: None,
                        stamp=lambda: 0.0)
    for b in blocks:
        core.arrival(float(b.t_s[-1]))
        core.frames(b)
    core.flush()
    core.end()
    assert [e for e in events if e[0] == "left" and e[2] in REMINDERS] == []  # had [('left', 600.0, 'relief_rare')]
    assert "the left foot's load was never measured" in core.sensor_gaps().unanalysed.get("left", "")


@pytest.fixture(scope="module")
def zero_left():
    """The zero-left ride analysed on an uncalibrated and on a calibrated layout: {calibrated: (session, result)}."""
    return {calibrated: (s, analyze(s)) for calibrated in (False, True) for s in [_zero_left_ride(calibrated)]}


def test_a_foot_whose_load_was_never_measured_has_no_relief_count(zero_left):
    """Its reliefs were never watched: ``analyze --json``'s relief_count is null, the study's reliefs per hour
    NaN, never 0 (had: relief_count 0 and reliefs_per_h 0.0); nor were those of a calibrated insole that read 0 on
    every sensor all session, a dead or absent insole (had: relief_count 1, one relief the whole ride long)."""
    from monitor.studies.rows import session_tables

    for calibrated, (session, result) in zero_left.items():
        counts = {f: s["relief_count"] for f, s in result.to_json_dict()["summary"].items()}
        rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
        per_h = rows.loc["left", "reliefs_per_h"]
        assert counts["left"] is None, counts  # had 0 (calibrated: 1)
        assert per_h != per_h, per_h  # NaN; had 0.0 (calibrated: 5.45)
        assert isinstance(counts["right"], int) and rows.loc["right", "reliefs_per_h"] >= 0  # measured: counted


def test_a_comparison_has_no_relief_row_for_a_foot_whose_load_was_never_measured(zero_left):
    """Before and after: the left foot's reliefs (and reliefs per hour) are not compared where one side never
    measured its load (had: a row "reliefs 0 -> 0" on the left foot); the right foot's rows stand."""
    from monitor.analysis.compare import compare

    (session, result), (calibrated, measured) = zero_left[False], zero_left[True]
    table = compare(measured, result, calibrated, session).table()
    reliefs = table[table["metric"].isin(["relief_count", "reliefs_per_h"])]
    assert set(reliefs["foot"]) == {"right"}, reliefs[["foot", "metric", "before", "after"]].to_dict("records")


def test_a_comparison_with_a_foot_whose_load_was_never_measured_counts_no_cycles_of_it(zero_left):
    """Its cycles were never counted, on either insole (the calibrated one read 0 on every sensor): a comparison
    says no "left 0" cycles (had "(left 0; about 30 are needed)" of both sessions) and leaves the left foot out,
    saying why, while the right foot's rows stand."""
    from monitor.analysis.compare import compare

    (session, result), (calibrated, measured) = zero_left[False], zero_left[True]
    assert result.summary()["left"]["cycles"] is None  # had 0
    compared = compare(measured, result, calibrated, session)
    caveats = " ".join(compared.caveats)
    assert "left 0" not in caveats, caveats
    assert "left" in compared.not_analysed, compared.not_analysed
    assert set(compared.table()["foot"]) == {"right"}
