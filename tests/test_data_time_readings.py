"""A foot's time with data counts each run of its readings from its first to one sample period after its last
(a pause within it counted, a hole of more than ABSENT_MIN_S adding nothing), or its n frames at the insole's
rate where the host's clock read them closer together, so a session of 5:00 of frames meets the 5:00 a
warning needs. Had: its first reading to its last, one sample period short of the frames' span:
`record --sim healthy-elliptical --duration 5m`, 30,000 frames a foot at 100 Hz, then `analyze` said
"nothing found in 4:59 of data, too short to tell: a warning needs 5:00" (the recording's session times, on
the host's clock, spanned 299.5 s of them)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from monitor.analysis.batch import analyze
from monitor.session.absence import ABSENT_MIN_S, DataRunsSoFar, data_runs, data_time_s, longest_data_time_s
from monitor.session.offline import offline_session


@pytest.fixture(scope="module")
def five_minutes():
    return offline_session("healthy-elliptical", duration_s=300, seed=1)


def test_five_minutes_of_frames_are_five_minutes_of_data(five_minutes):
    result = analyze(five_minutes)
    assert result.data_s == pytest.approx(300.0, abs=1e-9), result.data_s
    assert "too short" not in result.advice().verdict, result.advice().verdict


def test_frames_on_a_host_clock_a_little_slower_count_at_the_insoles_rate(five_minutes):
    """The recorded session's frame times: from 0.689 s, 9.99 ms apart (the insole's clock against the
    host's), 30,000 a foot spanning 299.51 s."""
    frames = five_minutes.frames.copy()
    frames["t_s"] = 0.689 + frames["t_s"] * 0.99897
    result = analyze(replace(five_minutes, frames=frames))
    assert result.data_s == pytest.approx(300.0, abs=1e-9), result.data_s
    assert "too short" not in result.advice().verdict, result.advice().verdict


def test_frames_count_their_period_and_holes_nothing():
    period_s = 0.02
    t = np.arange(3000) * period_s + 0.004  # 60 s at 50 Hz
    p = np.ones((t.size, 4))
    p[200:210] = np.nan  # 10 frames with no reading (a filled gap of 0.2 s, within a run)
    keep = (t < 10.0) | (t >= 10.0 + ABSENT_MIN_S + 0.5)  # a hole of 1.5 s: no rows
    t, p = t[keep], p[keep]
    read = ~np.isnan(p).all(axis=1)
    runs = data_runs(t, period_s, read)
    assert len(runs) == 2 and runs.counts == (500, t.size - 500)  # the frames without a reading within a run too
    assert data_time_s(runs) == pytest.approx(t.size * period_s)  # 60 s less the hole's 1.5 s
    assert longest_data_time_s({"left": runs}) == pytest.approx(58.5)
    # after a time: the run holding it in the share of its span after it, later runs whole
    after = data_time_s(runs, after_s=30.0)
    later = runs.counts[1] * period_s * (runs[1][1] + period_s - 30.0) / (runs[1][1] + period_s - runs[1][0])
    assert after == pytest.approx(later)
    assert data_time_s(runs, after_s=runs[1][1] + period_s) == 0.0
    # block by block, as live and replay receive them: the same runs, counts and time
    for size in (1, 8, 7, 64, 1000):
        so_far = DataRunsSoFar(period_s)
        for a in range(0, t.size, size):
            so_far.add(t[a:a + size], p[a:a + size])
        assert so_far.runs == runs and so_far.runs.counts == runs.counts and so_far.runs.period_s == period_s
        assert data_time_s(so_far.runs) == data_time_s(runs)
