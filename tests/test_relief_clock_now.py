"""The relief clock of the live views (monitor.live.view_clock.relief_clock_s) says a relief as it happens: 0
from the moment an unloading has lasted long enough to count (relief_min_s, 20 s) for as long as it goes on,
then the time since its end, though a settled window comes up to a step and its settling (15 s) after its end.
A foot's samples fed in half-second blocks to a real FeatureAccumulator, read as the live session reads it,
and said in the phone's state (``relief_s``)."""

from __future__ import annotations

import pytest
from test_features import LAYOUT, MEDIAN_LAG_S, PARAMS, RATE_HZ, REDUCER, grid, relief_signal

from monitor.live.view import FootView, LiveView
from monitor.live.view_clock import relief_clock_s
from monitor.live.web.state import page_state
from monitor.signal.features import FeatureAccumulator, slice_series

#: The forefoot unweighted from 33 s to 63 s: a relief from 53 s (20 s into it) to its end
UNWEIGHTED_S = (33.0, 63.0)
BLOCK_S = 0.5


def _clocks() -> list[tuple[float, float, int | None]]:
    """``(now_s, clock_s, relief_s)`` after each block: the views' clock, and the phone state's."""
    t = grid(0, 120)
    series = REDUCER.reduce(relief_signal(t, UNWEIGHTED_S))
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, PARAMS)
    windows, out = [], []
    step = int(BLOCK_S * RATE_HZ)
    for lo in range(0, t.size, step):
        hi = min(lo + step, t.size)
        windows += fa.feed(t[lo:hi], slice_series(series, lo, hi), [], "cycling")[1]
        now_s = float(t[hi - 1])
        clock_s = relief_clock_s(windows[-1] if windows else None, now_s, [(0.0, now_s)],
                                 fa.relief_in_progress is not None, fa.relief.unload_t_s)
        foot = FootView("left", True, time_since_relief_s=clock_s, activity="cycling")
        state = page_state(LiveView(now_s, None, feet={"left": foot}))
        out.append((now_s, clock_s, state["feet"]["left"]["relief_s"]))
    return out


def test_the_relief_clock_is_0_while_a_relief_goes_on_and_counts_from_its_end():
    # had: the clock read the last settled window, so it climbed on through the relief (53.5 s at 53.5, 20 s
    # into the unweighting), fell to 0 only after it had ended (65 s) and held 0 to 75 s, then read 11.9 s
    start_s, end_s = (s + MEDIAN_LAG_S for s in UNWEIGHTED_S)
    counts_s = start_s + PARAMS.relief_min_s
    clocks = [c for c in _clocks() if c[0] >= 15.0]  # the first window (ending at 10 s) has settled
    during = [(now, clock, said) for now, clock, said in clocks if counts_s + 0.05 < now < end_s]
    assert during and all(clock == 0.0 and said == 0 for _, clock, said in during), during
    # an unloading of under 20 s is no relief: the clock runs on through the first 20 s of it
    before = [(now, clock) for now, clock, _ in clocks if now < counts_s]
    assert all(clock == pytest.approx(now, abs=0.05) for now, clock in before), before
    # once it has ended: the time since its end, as the windows after it say once they settle (no jump)
    after = [(now, clock, said) for now, clock, said in clocks if now > end_s]
    assert all(clock == pytest.approx(now - end_s, abs=0.05) and abs(said - (now - end_s)) <= 0.5
               for now, clock, said in after), after
