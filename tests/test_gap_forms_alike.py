"""One gap in two forms gives one windows table: its rows absent (an import's time jump too long to fill, a
live gap left unfilled) or present with every reading empty (NaN rows): missing stays missing, docs/api.md.
The windows inside the gap have the activity then in effect, and the filter restarts after the gap in both
forms (monitor.signal.filters.JUMP_PERIODS).

Had: with the rows absent the gap's windows took the activity from before the hole ("cycling" from 1:30 to
3:00 against "unknown"), and after the data resumed the values differed in the 5th digit (the low-pass filter's
state carried across the jump: forefoot share 0.73919 against 0.73911 at 3:10).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from monitor import analyze, windows_table
from monitor.session.offline import offline_session
from monitor.signal.filters import JUMP_PERIODS, CausalLowpass
from monitor.signal.params import FilterParams

#: The gap: from 60.05 s to 180.05 s of session time, on the left foot (longer than MAX_FILLED_JUMP_S, 60 s).
GAP_S = (60.05, 180.05)


def _two_forms():
    """The simulated cleat-forward ride of 5:00, its activity recognised, with the left foot's GAP_S rows
    absent and with them present, their readings NaN: (absent, missing) sessions."""
    out = []
    for form in ("absent", "missing"):
        session = offline_session("cleat-forward", duration_s=300.0, seed=1)
        session.info = replace(session.info, activity=None)
        frames = session.frames
        gap = ((frames["foot"] == "left") & (frames["t_s"] >= GAP_S[0]) & (frames["t_s"] < GAP_S[1])).to_numpy()
        if form == "absent":
            session.frames = frames.loc[~gap].reset_index(drop=True)
        else:
            session.frames.loc[gap, [c for c in frames.columns if c.endswith("_kpa")]] = np.nan
        out.append(session)
    return tuple(out)


@pytest.fixture(scope="module")
def windows():
    """The windows tables of both forms: (absent, missing)."""
    return tuple(windows_table(analyze(s)) for s in _two_forms())


def test_both_forms_of_a_gap_give_the_same_windows(windows):
    absent, missing = windows
    assert len(absent) == len(missing) and (absent["t_s"].to_numpy() == missing["t_s"].to_numpy()).all()
    left = (absent["foot"] == "left").to_numpy()
    inside = left & (absent["t_s"] > GAP_S[0] + 30.0).to_numpy() & (absent["t_s"] <= GAP_S[1]).to_numpy()
    assert inside.sum() >= 6
    acts = list(zip(absent.loc[inside, "activity"], missing.loc[inside, "activity"]))
    assert all(a == m for a, m in acts), acts  # had ('cycling', 'unknown') from 1:30 to 3:00
    assert list(absent["activity"].astype(str)) == list(missing["activity"].astype(str))
    for col in absent.columns:
        a, m = absent[col], missing[col]
        if pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a):
            np.testing.assert_allclose(a.to_numpy(float), m.to_numpy(float), rtol=0, atol=1e-9, equal_nan=True,
                                       err_msg=col)  # had forefoot_share 0.739191 against 0.739109 at 3:10
        else:
            assert list(a.astype(str)) == list(m.astype(str)), col


def test_the_filter_restarts_after_absent_samples_as_after_a_missing_one():
    """A step of more than JUMP_PERIODS periods restarts every channel; half a period of jitter does not."""
    rate_hz = 100.0
    t = np.arange(400) / rate_hz
    x = np.sin(2 * np.pi * 1.5 * t)[None, :] * np.array([[1.0], [2.0]])
    gap = (t >= 1.0) & (t < 2.0)
    with_nan = CausalLowpass(rate_hz, FilterParams(), 2).feed_by_channel(np.where(gap, np.nan, x), t)
    absent = CausalLowpass(rate_hz, FilterParams(), 2)
    out = np.concatenate([absent.feed_by_channel(x[:, ~gap][:, :100], t[~gap][:100]),
                          absent.feed_by_channel(x[:, ~gap][:, 100:], t[~gap][100:])], axis=1)
    np.testing.assert_allclose(out, with_nan[:, ~gap], rtol=0, atol=1e-12)
    jitter = t + np.where(np.arange(t.size) % 2, 0.4, -0.4) * (JUMP_PERIODS - 1.0) / rate_hz
    plain = CausalLowpass(rate_hz, FilterParams(), 2).feed_by_channel(x)
    np.testing.assert_array_equal(CausalLowpass(rate_hz, FilterParams(), 2).feed_by_channel(x, jitter), plain)
