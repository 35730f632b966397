"""Left against right (monitor.analysis.unilateral): a lateral overload of one foot, judged against the other.

The claims, each a test that fails if it is wrong:

- a foot whose MTH4-5 over MTH1 stands 1.34 x the other foot's for ``warn_after_s`` of judged pedalling is
  warned under MTH4-5, and the other foot never by it; swapping the feet swaps the result; the same for
  MTH2-3 over the rest of the forefoot (focal), under MTH2-3;
- a foot whose pressure kept through the upstroke (its residual's share of the peak) stands 1.34 x the
  other foot's, and 0.05 of the peak and 5 kPa above it, is warned with ``residual_unloaded`` naming no
  region, and the other foot never by it; a residual of 0 on the other foot counts; a small absolute
  difference, however large its ratio, gives nothing;
- a smaller difference, a difference the rider's kept normal already has, gait, and windows that are not
  judged give nothing;
- the check hands on the same assessments in the same order however the feet's assessments interleave
  (each foot's in time order), releasing a held one when the other foot skips that time, goes stale or the
  session ends;
- on a rider of the population's tuning part with a lateral overload of the left foot from the first
  pedal stroke, a first ride is warned on that foot under MTH4-5 within 8 minutes and the right foot is
  not, and the live analysis core, batched at random, gives the same alerts as ``analyze``; the
  simulator's one-sided ride (the right cleat too far forward) is warned on the right foot under MTH2-3;
  a tuning rider with a toe strap pressing the right foot from the first stroke, whose residual is within
  the healthy spread between riders, is warned on that foot on a first ride within 8 minutes on every
  rendering, and the left foot is not.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_streaming_hold import session_blocks

from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.streaming import AnalysisCore
from monitor.analysis.unilateral import UnilateralCheck
from monitor.codebook import FrameBlock
from monitor.signal.baseline import ActivityBaseline, RiderBaseline
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import Assessment

STEP_S = DEFAULT_PARAMS.features.step_s


def _ml(ratio: float) -> float:
    """The mediolateral index of a foot whose MTH4-5 is ``ratio`` x its MTH1."""
    return (ratio - 1.0) / (ratio + 1.0)


def _a(foot: str, t_s: float, ratio: float, judged: bool = True, level: str = "none",
       focal: float = math.nan, residual: tuple[float, float] = (math.nan, math.nan)) -> Assessment:
    """``residual``: (share of the peak, kPa)."""
    return Assessment(foot, t_s, level, metrics={"ml_index": _ml(ratio), "judged": 1.0 if judged else 0.0,
                                                 "time_since_relief_s": t_s, "focal_mth2_3": focal,
                                                 "residual_fraction": residual[0],
                                                 "residual_forefoot_kpa": residual[1]})


def _ride(left_ratio: float, right_ratio: float, minutes: float = 10.0, **kw) -> list[tuple[float, str, str]]:
    """(t_s, foot, level, pattern, region) of every assessment the check hands on, for a ride whose feet
    keep these ratios (``focal=(left, right)``: their focal MTH2-3 ratios too; ``units_differ``: one foot in kPa,
    the other in nominal units)."""
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS, kw.pop("baseline", None), kw.pop("units_differ", False))
    activity = kw.pop("activity", "cycling")
    focal = kw.pop("focal", (math.nan, math.nan))
    residual = kw.pop("residual", ((math.nan, math.nan), (math.nan, math.nan)))
    out = []
    for k in range(1, int(minutes * 60 / STEP_S) + 1):
        t = k * STEP_S
        for a in (_a("left", t, left_ratio, focal=focal[0], residual=residual[0], **kw),
                  _a("right", t, right_ratio, focal=focal[1], residual=residual[1], **kw)):
            out += [(b.t_s, b.foot, b.level, b.pattern, b.region) for b, _ in check.feed(a, activity)]
    return out


def _first(events: list, foot: str, level: str) -> float | None:
    return next((e[0] for e in events if e[1] == foot and e[2] == level), None)


def test_a_foot_beyond_the_other_is_warned_under_mth4_5_and_the_other_foot_is_not():
    events = _ride(1.0 * 1.40, 1.0)
    first = _first(events, "left", "warning")
    assert first is not None and first <= DEFAULT_PARAMS.detector.warn_after_s + 3 * STEP_S
    assert all(e[3:] == ("lateral_overload", "mth4_5") for e in events if e[1] == "left" and e[2] != "none")
    assert all(e[2] == "none" for e in events if e[1] == "right")
    assert _first(events, "left", "notice") < first  # an early sign first
    swapped = _ride(1.0, 1.40)
    assert sorted((t, {"left": "right", "right": "left"}[f], lv) for t, f, lv, *_ in swapped) == \
        sorted((t, f, lv) for t, f, lv, *_ in events)


def test_a_focal_peak_beyond_the_other_foots_is_warned_under_mth2_3():
    events = _ride(1.0, 1.0, focal=(1.0, 1.45))
    assert _first(events, "right", "warning") is not None
    assert all(e[3:] == ("focal_mth", "mth2_3") for e in events if e[1] == "right" and e[2] != "none")
    assert all(e[2] == "none" for e in events if e[1] == "left")
    assert all(e[2] == "none" for e in _ride(1.0, 1.0, focal=(1.0, 1.25)))  # under 1.34


def test_pressure_kept_through_the_upstroke_beyond_the_other_foots_is_warned_on_that_foot_alone():
    # a strap keeping 10 kPa on the left foot over a floor of 7 % of a 90-kPa peak on both
    events = _ride(1.0, 1.0, residual=((0.18, 16.3), (0.07, 6.3)))
    first = _first(events, "left", "warning")
    assert first is not None and first <= DEFAULT_PARAMS.detector.warn_after_s + 3 * STEP_S
    assert all(e[3:] == ("residual_unloaded", None) for e in events if e[1] == "left" and e[2] != "none")
    assert all(e[2] == "none" for e in events if e[1] == "right")
    assert _first(_ride(1.0, 1.0, residual=((0.06, 5.0), (0.0, 0.0))), "left", "warning") is not None
    swapped = _ride(1.0, 1.0, residual=((0.07, 6.3), (0.18, 16.3)))
    assert sorted((t, {"left": "right", "right": "left"}[f], lv) for t, f, lv, *_ in swapped) == \
        sorted((t, f, lv) for t, f, lv, *_ in events)


@pytest.mark.parametrize("residuals", [
    ((0.025, 2.5), (0.005, 0.5)),  # 5 x the other foot's, but 2 kPa: quantisation and noise, not a strap
    ((0.22, 24.0), (0.168, 17.0)),  # 1.31 x: two high floors (a clipped-in upstroke keeps up to ~15 %)
    ((0.20, 9.0), (0.10, 5.0)),  # 2 x and 0.10 of the peak, but 4 kPa
], ids=["small_kpa", "small_ratio", "under_5_kpa"])
def test_a_residual_difference_under_the_rise_gives_nothing(residuals):
    assert all(e[2] == "none" for e in _ride(1.0, 1.0, residual=residuals))


@pytest.mark.parametrize("case", ["smaller", "kept", "kept_residual", "gait", "not_judged"])
def test_nothing_without_a_difference_beyond_the_riders_own(case):
    if case == "smaller":
        events = _ride(1.30, 1.0)  # under 1.34
    elif case == "kept":  # the same feet kept from earlier rides: this rider's normal
        kept = RiderBaseline({f: {"cycling": ActivityBaseline(30, ml_index=_ml(r))} for f, r in
                              (("left", 1.40), ("right", 1.0))})
        events = _ride(1.40, 1.0, baseline=kept)
    elif case == "kept_residual":  # the left foot always keeps more through the upstroke
        kept = RiderBaseline({f: {"cycling": ActivityBaseline(30, residual_fraction=fr, residual_kpa=kpa)}
                              for f, fr, kpa in (("left", 0.18, 16.0), ("right", 0.07, 6.0))})
        events = _ride(1.0, 1.0, residual=((0.19, 17.0), (0.07, 6.0)), baseline=kept)
    elif case == "gait":
        events = _ride(1.60, 1.0, activity="running")
    else:
        events = _ride(1.60, 1.0, judged=False)
    assert all(e[2] == "none" for e in events)


def test_a_kept_normal_judges_the_change_of_the_difference():
    kept = RiderBaseline({f: {"cycling": ActivityBaseline(30, ml_index=_ml(r))} for f, r in
                          (("left", 1.0), ("right", 1.20))})
    events = _ride(1.0, 1.0 / 1.15, baseline=kept)  # the right foot's balance fell by 1.2 x 1.15 = 1.38 x
    assert _first(events, "left", "warning") is not None
    assert all(e[2] == "none" for e in events if e[1] == "right")


def _stream(order: list[Assessment], *, absent_at: dict[int, str] | None = None) -> list[tuple]:
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    out = []
    for i, a in enumerate(order):
        out += check.feed(a, "cycling")
        if absent_at and i in absent_at:
            out += check.absent(absent_at[i])
    out += check.flush()
    return [(b.t_s, b.foot, b.level) for b, _ in out]


def _assessments(n: int, gaps: set[tuple[str, int]]) -> dict[str, list[Assessment]]:
    """Each foot's assessments at steps 1..n (none where ``gaps`` says), left 1.5 x the right."""
    return {f: [_a(f, k * STEP_S, 1.5 if f == "left" else 1.0) for k in range(1, n + 1) if (f, k) not in gaps]
            for f in ("left", "right")}


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(35, 60),
       gaps=st.sets(st.tuples(st.sampled_from(["left", "right"]), st.integers(1, 60)), max_size=8))
def test_any_interleaving_of_the_feet_gives_the_same_assessments_in_the_same_order(data, n, gaps):
    feet = _assessments(n, gaps)
    merged = sorted(feet["left"] + feet["right"], key=lambda a: (a.t_s, a.foot != "left"))
    want = _stream(merged)
    picks = data.draw(st.lists(st.sampled_from(["left", "right"]), min_size=2 * n, max_size=2 * n))
    queues = {f: list(v) for f, v in feet.items()}
    order = []
    for f in picks + ["left", "right"] * n:
        if queues[f]:
            order.append(queues[f].pop(0))
    assert _stream(order) == want
    assert sorted(want, key=lambda e: (e[0], e[1])) == want  # in time order, left first on a tie
    assert len(want) == len(merged)
    if not any(f == "left" for f, _ in gaps) and not any(f == "right" for f, _ in gaps):
        assert any(lv == "warning" for _, f, lv in want if f == "left")


def test_a_foot_gone_stale_or_skipping_a_time_releases_the_other_foots_assessments():
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    assert check.feed(_a("left", 10.0, 1.0), "cycling") == []  # waits for the right foot's
    assert check.feed(_a("left", 20.0, 1.0), "cycling") == []
    out = check.feed(_a("right", 20.0, 1.0), "cycling")  # no right window at 10 s: a gap
    assert [(b.t_s, b.foot) for b, _ in out] == [(10.0, "left"), (20.0, "left"), (20.0, "right")]
    assert check.feed(_a("left", 30.0, 1.0), "cycling") == []
    # the right foot's newest data before its silence at 26 s: no right window from 30 s is final before it
    assert [(b.t_s, b.foot) for b, _ in check.absent("right", 26.0)] == [(30.0, "left")]
    assert [b.t_s for b, _ in check.feed(_a("left", 40.0, 1.0), "cycling")] == [40.0]  # not waited for
    check.back("right", 48.0)  # its data back at 48 s: windows final (their end + settle_s) after that pair
    assert check.feed(_a("right", 50.0, 1.0), "cycling") == []  # waits again
    assert [(b.t_s, b.foot) for b, _ in check.flush()] == [(50.0, "right")]


def test_one_foot_passes_through():
    check = UnilateralCheck(("left",), DEFAULT_PARAMS)
    a = _a("left", 10.0, 3.0)
    assert check.feed(a, "cycling") == [(a, "cycling")] and check.flush() == []


# -- a rider of the population's tuning part -----------------------------------------------------------
def _lateral_left_first_ride():
    from monitor.tools.population_sessions import ride_session
    from monitor.tools.population_wiring import draw_rider, render_ride

    rider = draw_rider(104, 1, condition="lateral", activity="cycling")
    assert not rider.held_out and rider.condition.foot == "left" and rider.condition.onset_s == 0.0
    return ride_session(render_ride(rider, "moticon16", 25, 3.0, 0.0, 600.0, 0))


def _alerts(alerts) -> list[tuple]:
    return sorted((round(a.t_s, 6), a.foot, a.kind, a.level, a.pattern, a.region) for a in alerts)


def test_a_lateral_overload_from_the_first_stroke_is_warned_on_its_foot_on_a_first_ride_live_as_in_batch():
    session = _lateral_left_first_ride()
    result = analyze(session)
    warned = [a for a in result.alerts if a.level in ("warning", "alert")]
    assert warned and {a.foot for a in warned} == {"left"}
    assert warned[0].region == "mth4_5" and warned[0].pattern == "lateral_overload"
    assert warned[0].t_s <= 480.0
    assert result.feet["left"].summary()["first_warning_s"] == warned[0].t_s  # the results say it too
    for deferred in (False, True):
        out = []
        core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.05,
                            emit=lambda a, since: out.append(a), deferred=deferred,
                            activity=declared_activity(session.info.activity))
        blocks = session_blocks(session, np.random.default_rng(7), most=59, feet=("left", "right"))
        feed_in_time_order(core, blocks, deferred)
        assert _alerts(out) == _alerts(result.alerts), f"deferred={deferred}"
    assert math.isfinite(warned[0].t_s)


def test_the_simulators_one_sided_ride_is_warned_on_the_right_foot_under_mth2_3_on_a_first_ride():
    from monitor.session.offline import offline_session

    result = analyze(offline_session("one-sided", duration_s=480.0, seed=1))
    warned = [a for a in result.alerts if a.level in ("warning", "alert")]
    assert warned and {(a.foot, a.region) for a in warned} == {("right", "mth2_3")}
    assert warned[0].t_s <= 480.0


@pytest.mark.parametrize("rendering", [("solewatch18", 100, 1.0, 2.5), ("pedar99", 25, 3.0, 0.0),
                                       ("fsr8", 100, 0.0, 0.0)], ids=lambda r: f"{r[0]}-{r[1]}Hz")
def test_a_toe_strap_pressing_one_foot_from_the_first_stroke_is_warned_on_that_foot_on_a_first_ride(rendering):
    from monitor.tools.population_sessions import ride_session
    from monitor.tools.population_wiring import draw_rider, render_ride

    rider = draw_rider(6, 1)  # tuning: its strap keeps 10.4 kPa over a floor of 7 % of the peak
    c = rider.condition
    assert not rider.held_out and (c.kind, c.foot, c.onset_s) == ("toe_clip", "right", 0.0)
    assert c.residual_kpa < DEFAULT_PARAMS.detector.residual_kpa["cycling"]  # within the spread between riders
    result = analyze(ride_session(render_ride(rider, *rendering, 600.0, 0)))
    warned = [a for a in result.alerts if a.level in ("warning", "alert")]
    assert warned and {a.foot for a in warned} == {"right"}
    assert warned[0].pattern == "residual_unloaded" and warned[0].t_s <= 480.0


def feed_in_time_order(core: AnalysisCore, blocks: list[FrameBlock], deferred: bool) -> None:
    """Feed ``blocks`` (both feet's) to ``core`` in the order of their first frame's time, each at its last
    frame's arrival, as a live session would, then end it (its deferred runs made where ``deferred``)."""
    for block in sorted(blocks, key=lambda blk: (blk.t_s[0], blk.foot)):
        core.arrival(float(block.t_s[-1]))
        core.frames(block)
    core.flush()
    if deferred:
        core.run_deferred()
    core.end()
