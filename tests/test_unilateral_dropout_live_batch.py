"""One foot's dropout: the left-right comparison (monitor.analysis.unilateral) gives a live session, its
replay and ``analyze`` of its recording the same alerts. The one-sided rider's right foot is judged against
the left; the left insole's link drops for 20 s, so the left windows whose frames the silence holds come
only once the link is back, long after the right's of the same time went out live, which ``analyze``, with
every window at hand, had paired (had: the right foot warned at 5:40 live and in the replay, at 5:20 in
``analyze``; with the drop at 60 s, 6:10 live and 5:10 in ``analyze``).

The rides run on the simulated radio on a virtual clock (tests/virtual_clock.py), so the host's load
changes neither the drop's length nor when the link is back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

import pytest
from live_ride import live_ride_async
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.analysis.unilateral import UnilateralCheck
from monitor.live.replay import replay_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import Assessment

pytestmark = pytest.mark.timeout(600)

SPEED = 40.0
#: (the left link's drop, the ride's length s): the right foot's warning comes after the drop, before the end
DROPS = (("drop:left@200s+20s", 360.0), ("drop:left@60s+20s", 400.0))


async def _live(out: Path, fault: str, duration_s: float) -> SimpleNamespace:
    summary = await live_ride_async(out, "one-sided", speed=SPEED, seed=1, faults=[fault], duration_s=duration_s,
                                    params=DEFAULT_PARAMS)
    return SimpleNamespace(path=summary.record.path, summary=summary)


def _key(alerts) -> list[tuple]:
    return [(a.foot, a.kind, a.level, a.region, a.t_s) for a in alerts if a.kind == "alert"]


@pytest.mark.parametrize(("fault", "duration_s"), DROPS)
def test_live_replay_and_analyze_warn_the_other_foot_alike_after_one_foots_dropout(tmp_path, fault, duration_s):
    live = run_on_virtual_clock(_live(tmp_path, fault, duration_s))
    delivered = live.summary.alerts
    stale = [a for a in delivered if a.kind == "data_stale"]
    back = [a for a in delivered if a.kind == "data_back"]
    assert [a.foot for a in stale] == ["left"] and [a.foot for a in back] == ["left"], delivered
    warned = [a.t_s for a in delivered if a.kind == "alert" and a.foot == "right" and a.level == "warning"]
    assert warned and back[0].t_s < warned[0] < duration_s, delivered  # the comparison after the drop counts
    batch = analyze(load_session(live.path), DEFAULT_PARAMS)
    assert _key(batch.alerts) == _key(delivered)
    replayed = asyncio.run(replay_session(live.path, params=DEFAULT_PARAMS))
    assert _key(replayed.alerts) == _key(delivered)


# -- the rule, on the comparison alone ---------------------------------------------------------------
def _a(foot: str, t_s: float) -> Assessment:
    return Assessment(foot, t_s, "none", None, None, None, (), {"judged": 1.0, "ml_index": 0.1})


def _run(order: list[Assessment], calls: dict[int, list]) -> tuple[list[float], list[tuple]]:
    """The times of the pairs judged together, and what the check hands on, (t_s, foot) in order;
    ``calls``: per fed index, the silence calls made just before it."""
    check = UnilateralCheck(("left", "right"), DEFAULT_PARAMS)
    pairs, out = [], []
    real = check._judge
    check._judge = lambda la, ra: (pairs.append(la[0].t_s), real(la, ra))[1]
    for i, a in enumerate(order):
        for call in calls.get(i, ()):
            out += call(check) or []
        out += check.feed(a, "cycling")
    out += check.flush()
    handed = [(b.t_s, b.foot) for b, _ in out]
    for foot in ("left", "right"):  # each foot's in time order, every one once
        assert [t for t, f in handed if f == foot] == sorted(a.t_s for a in order if a.foot == foot)
    return pairs, handed


def _batch(times: list[float], skip: set[tuple[str, float]] = frozenset()) -> list[Assessment]:
    return [_a(f, t) for t in times for f in ("left", "right") if (f, t) not in skip]


def test_a_silence_decides_the_windows_judged_alone_by_their_times_not_by_when_they_come():
    """The left foot's data stop after 200 s and are back at 224 s: its windows ending at 200 and 210 s
    become final (their end plus settle_s) only from frames of the silence, and are judged alone on both
    feet, whether the silence is known before the windows come (analyze) or at the data-stale event, the
    left's windows of the silence coming after its data-back event (live); the window at 190 s and those
    from 220 s are pairs in both."""
    assert DEFAULT_PARAMS.features.settle_s == 5.0
    since_s, back_s = 200.0, 224.0
    batch = _run(_batch([190.0, 200.0, 210.0, 220.0, 230.0]), {0: [lambda c: c.silent("left", since_s, back_s)]})
    live = _run([_a("left", 190.0), _a("right", 190.0), _a("right", 200.0), _a("right", 210.0),
                 _a("left", 200.0), _a("left", 210.0), _a("right", 220.0), _a("left", 220.0), _a("left", 230.0),
                 _a("right", 230.0)],
                {3: [lambda c: c.absent("left", since_s)], 4: [lambda c: c.back("left", back_s)]})
    assert batch[0] == live[0] == [190.0, 220.0, 230.0]


def test_a_foot_that_stops_leaves_the_other_foots_windows_in_their_order():
    """The right foot's data stop for good after 92 s: its window at 80 s is final (85 s) before, the one at
    90 s never is. The left's windows from 90 s on are judged alone, in their order, whether the silence is
    known first (analyze) or the left's windows wait for the data-stale event (live)."""
    times = [80.0, 90.0, 100.0, 110.0]
    gone = {("right", 90.0), ("right", 100.0), ("right", 110.0)}
    batch = _run(_batch(times, gone), {0: [lambda c: c.silent("right", 92.0)]})
    live = _run(_batch(times, gone), {4: [lambda c: c.absent("right", 92.0)]})
    assert batch == live
    assert batch[0] == [80.0]
