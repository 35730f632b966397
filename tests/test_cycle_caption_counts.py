"""The average cycle's caption counts the cycles the rest of the report and ``analyze --json`` count: a walk's
or a run's every step (its stances, the Steps table's and ``steps``' count, the last one too: a stride ends
at the next initial contact, so the strides lack the last stance, and the caption said "253 of 253 complete
stances" beside a Steps table of 254), a machine's or a ride's every counted stroke (``strokes``), and says
why any is left out of the mean (a missing frame, cut by the recording's start or end) instead of leaving it
out of the count too ("118 of 118 complete steps" beside 119 strokes)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
from report_sessions import layout4, session_from_arrays
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.report.cycles_data import cycle_curves
from monitor.report.data import report_data
from monitor.report.frames_data import foot_frames
from monitor.report.html import _cycles_section
from monitor.signal.types import Cycle


def _strokes(amplitudes: tuple[float, ...], missing_at: int | None = None):
    """A left foot of one-second ramps, one stroke each, its frames at 100 Hz (report_sessions' layout4)."""
    t = np.arange(int(100 * len(amplitudes)) + 1) / 100.0
    p = np.zeros((t.size, 4))
    for k, a in enumerate(amplitudes):
        inside = (t >= k) & (t < k + 1)
        p[inside, 2] = a * (t[inside] - k)
    if missing_at is not None:
        p[missing_at] = np.nan
    return session_from_arrays({"left": (t, p)}, {"left": layout4("left")})


def test_a_run_s_average_cycle_counts_every_step_the_steps_table_counts(tmp_path):
    path = record_ride("ukaton", "forefoot-strike-run", tmp_path, seed=3, duration_s=40.0)
    session = monitor.load_session(path)
    result = analyze(session)
    data = report_data(session, result)
    strides = {foot: sum(c.kind == "stride" for c in pipe.cycles_) for foot, pipe in result.feet.items()}
    # the case: a foot whose last stance ended in its frames and began no stride (no initial contact after it)
    assert any(len(result.steps[foot]) > strides[foot] for foot in result.feet)
    caption = _cycles_section(data, {"cycles": b""})
    for foot in result.feet:
        c = data.curves[foot]
        said = re.search(rf"{foot}: (\d+) of (\d+) ", caption)
        assert said and int(said[2]) == len(result.steps[foot]), caption
    for foot in result.feet:
        c = data.curves[foot]
        assert f"{foot}: {c.n_cycles} of {len(result.steps[foot])} stances" in caption, caption
    for foot in result.feet:
        c = data.curves[foot]
        assert c.kind == "stance" and c.n_total == len(result.steps[foot])
        assert c.n_available + c.n_missing + c.n_cut <= c.n_total
    for foot in result.feet:  # every step the table measured is averaged (none here lacks a frame)
        measured = int(np.isfinite(result.steps[foot].contact_s).sum())
        assert data.curves[foot].n_available == measured == data.curves[foot].n_cycles


def test_a_stroke_with_a_missing_frame_stays_in_the_count_and_the_caption_says_why_it_is_left_out():
    s = _strokes((100.0, 200.0, 300.0), missing_at=150)
    cycles = [Cycle("left", "stroke", float(k), float(k + 1)) for k in range(3)]
    c = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], cycles)
    assert (c.n_cycles, c.n_available, c.n_total, c.n_missing, c.n_cut) == (2, 2, 3, 1, 0)
    from monitor.report.cycle_words import left_out_words

    assert left_out_words(c) == ", 1 with a missing frame left out"
    html = _cycles_section(SimpleNamespace(curves={"left": c}, summary={}), {"cycles": b""})
    assert "left: 2 of 3 strokes, 1 with a missing frame left out;" in html
    assert "complete" not in html.split("cycles with a missing frame")[0]


def test_a_stroke_past_the_last_frame_is_counted_as_cut_by_the_end_of_the_recording():
    s = _strokes((100.0, 200.0))
    cycles = [Cycle("left", "stroke", float(k), float(k + 1)) for k in range(3)]  # the third ends at 3 s
    c = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], cycles)
    assert (c.n_available, c.n_total, c.n_cut) == (2, 3, 1)
    from monitor.report.cycle_words import left_out_words

    assert left_out_words(c) == ", 1 cut by the start or the end of the recording left out"


def test_the_last_stance_comes_in_though_no_stride_holds_it():
    s = _strokes((100.0, 200.0))
    strides = [Cycle("left", "stride", 0.0, 1.0, toe_off_s=0.5)]  # the stance [1, 1.5) began no stride
    c = cycle_curves(foot_frames(s, "left"), s.info.layouts["left"], strides, stances=[(0.0, 0.5), (1.0, 1.5)])
    assert (c.kind, c.n_cycles, c.n_total) == ("stance", 2, 2)
    np.testing.assert_allclose(c.mean_kpa[c.regions.index("mth2_3"), 100], 0.5 * 150.0)
