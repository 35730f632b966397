"""A relief clock that left a hole in the data out is not said as a clock time: it counts time with data only
(docs/detection.md), so after a dropped link "relief 4:54 ago" read as clock time though 5:57 had passed with no
relief (`live --sim stair-climber --fault drop:left@120s+20s --duration 6m`). The terminal and the phone view
say "4:54 of data since relief" there, and "relief 4:54 ago" where no hole was left out.

The session runs on a virtual clock (tests/virtual_clock.py): no host timing."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from live_ride import live_ride_async
from rich.console import Console
from virtual_clock import run_on_virtual_clock

from monitor.cli.console_live import render_view
from monitor.live.view import FootView, LiveView
from monitor.live.view_clock import RELIEF_HOLE_S, relief_hole_s, relief_words
from monitor.live.web.state import page_state
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import WindowFeatures

pytestmark = pytest.mark.timeout(300)

SPEED = 20.0
DURATION_S = 120.0
DROP_S = (40.0, 20.0)  # the left insole silent from 0:40 for 20 s


async def _stairs(out: Path) -> list[LiveView]:
    fault = f"drop:left@{DROP_S[0]:g}s+{DROP_S[1]:g}s"
    views: list[LiveView] = []
    await live_ride_async(out, "stair-climber", speed=SPEED, seed=1, faults=[fault], ride_end_s=DURATION_S,
                          duration_s=DURATION_S, params=DEFAULT_PARAMS, on_view=views.append)
    return views


@pytest.fixture(scope="module")
def last_view(tmp_path_factory) -> LiveView:
    return run_on_virtual_clock(_stairs(tmp_path_factory.mktemp("stairs")))[-1]


def _panel_text(view: LiveView) -> str:
    console = Console(width=120, record=True)
    console.print(render_view(view, width=120))
    return console.export_text()


def test_after_a_dropped_link_the_clock_says_time_with_data_not_ago(last_view):
    left, right = last_view.feet["left"], last_view.feet["right"]
    assert math.isfinite(left.time_since_relief_s) and math.isfinite(right.time_since_relief_s)
    text = _panel_text(last_view)
    # had: "relief 1:40 ago" for the left foot at 2:00
    assert f"relief {_clock(left.time_since_relief_s)} ago" not in text, text
    assert f"{_clock(left.time_since_relief_s)} of data since relief" in text, text
    assert f"relief {_clock(right.time_since_relief_s)} ago" in text, text
    # no relief on the stair climber: the right clock is the session's time, the left 20 s short of it
    assert left.relief_hole_s == pytest.approx(DROP_S[1], abs=3.0), left
    assert right.relief_hole_s <= RELIEF_HOLE_S, right
    feet = page_state(last_view)["feet"]
    assert feet["left"]["relief_data_only"] is True and feet["right"]["relief_data_only"] is False


def _clock(s: float) -> str:
    from monitor.cli.console_live import fmt_clock

    return fmt_clock(s)


def _window(t_s: float, since_s: float, relief_t_s: float) -> WindowFeatures:
    return WindowFeatures(foot="left", t_s=t_s, window_s=10.0, activity="cycling", cadence_per_min=90.0,
                          forefoot_share=0.5, region_share={}, peak_kpa={}, pti_kpa_s_per_min={}, cop_y_mean=0.5,
                          ml_index=0.0, residual_forefoot_kpa=0.0, time_since_relief_s=since_s,
                          relieved_now=False, valid_fraction=1.0, relief_t_s=relief_t_s)


def test_the_hole_is_the_session_time_since_the_relief_less_the_clock():
    runs = [(0.0, 120.0), (140.0, 300.0)]  # a hole from 2:00 to 2:20
    window = _window(300.0, 277.0, 3.0)  # relieved at 0:03; 277 s with data since
    assert relief_hole_s(window, 302.0, runs, 279.0) == pytest.approx(20.0)
    assert relief_hole_s(window, 302.0, runs, 279.0, unloaded_s=150.0) == 0.0  # unloaded since, in these data
    assert relief_hole_s(window, 302.0, runs, 0.0) == 0.0 and relief_hole_s(None, 302.0, runs, 279.0) == 0.0
    assert relief_hole_s(window, 302.0, runs, math.nan) == 0.0
    assert relief_words("4:39", 20.0) == "4:39 of data since relief"
    assert relief_words("4:39", 1.0) == "relief 4:39 ago"


def test_the_phone_view_says_it_as_the_terminal_does():
    foot = FootView("left", True, time_since_relief_s=279.0, activity="cycling", relief_hole_s=20.0)
    state = page_state(LiveView(302.0, None, feet={"left": foot}))["feet"]["left"]
    assert state["relief_s"] == 279 and state["relief_data_only"] is True
    app = (Path(__file__).resolve().parents[1] / "monitor/live/web/static/app.js").read_text()
    assert '" of data since relief"' in app and "foot.relief_data_only" in app


def test_lost_packets_scattered_through_the_data_are_no_hole():
    """2 % of a 100-Hz insole's 5-frame packets lost at random over 8 min without a relief: the clock leaves
    their samples out (about 10 s), but there is no hole in the data, so it is still said as a clock time."""
    from monitor.session.absence import data_runs

    rate_hz, frames_per_packet, end_s = 100.0, 5, 482.0
    n_packets = int(end_s * rate_hz) // frames_per_packet
    kept = np.random.default_rng(7).random(n_packets) >= 0.02
    t = np.arange(n_packets * frames_per_packet) / rate_hz
    read = np.repeat(kept, frames_per_packet)
    runs = data_runs(t, 1.0 / rate_hz, read)
    missing_s = float((~read).sum()) / rate_hz
    since_s = end_s - 2.0 - missing_s  # relieved at 0:02, as FeatureAccumulator counts it: time with data
    window = _window(480.0, since_s - 2.0, 2.0)
    assert len(runs) == 1 and missing_s > 2 * RELIEF_HOLE_S - 2.0
    hole_s = relief_hole_s(window, end_s, runs, since_s)
    # had: 10.5 s, "7:50 of data since relief"
    assert hole_s <= RELIEF_HOLE_S, hole_s
    assert relief_words("7:50", hole_s) == "relief 7:50 ago"
