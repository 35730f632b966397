"""The analysis core holds frames from the pipeline until a window can become final, and no event comes later.

``AnalysisCore`` (monitor.analysis.streaming) gives each batch to the policy's data clock at once, but to
the pipeline only when its frames reach ``FootPipeline.next_final_s``. The claims, each a test that fails
if it is wrong:

- a feed whose frames are all before ``next_final_s`` returns no assessment (so holding them delays none);
- every event comes out at the same batch, with the same arrival stamp, as when every batch goes to the
  pipeline at once; the stale-data checks and notices keep their places among them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from known_rider import rider_normal

from monitor.analysis.foot_frames import foot_block
from monitor.analysis.streaming import AnalysisCore
from monitor.codebook import FrameBlock
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline

#: 310 s of the cleat-forward ride of rider 2 against that rider's normal: notices and warnings on both
#: feet (as tests/test_live.py's batching test).
SESSION_S = 310.0


def _session():
    return offline_session("cleat-forward", duration_s=SESSION_S, seed=2)


def link_blocks(frames: Mapping[str, tuple[np.ndarray, np.ndarray]], size: int | np.random.Generator | None,
                *, most: int = 40, by_last: bool = False, hole_s: float | None = None) -> list[FrameBlock]:
    """Each foot's frames, ``{foot: (t_s (n,), pressure_kpa (n, sensors))}``, cut into blocks as a link's
    notifications and interleaved in time as a link delivers them: in the order of their first frame's time
    (``by_last``: their last frame's, when each arrives), then of their foot. Pressure only: no IMU rows.

    ``size``: the frames of a block (a foot's last one shorter); None, one block a foot; a generator, 1 to
    ``most`` frames a block drawn from it foot by foot in the dict's order. ``hole_s``: where given, a step
    in a foot's time longer than that (s) ends a block too (no notification spans a hole)."""
    blocks = []
    for foot, (t, p) in frames.items():
        ends = np.flatnonzero(np.diff(t) > hole_s) + 1 if hole_s is not None else np.empty(0, dtype=int)
        lo = 0
        while lo < t.size:
            if size is None:
                hi = t.size
            elif isinstance(size, np.random.Generator):
                hi = lo + int(size.integers(1, most + 1))
            else:
                hi = lo + size
            later = ends[ends > lo]
            hi = min(hi, int(later[0])) if later.size else hi
            blocks.append(FrameBlock(foot, t[lo:hi], p[lo:hi]))
            lo = hi
    return sorted(blocks, key=lambda blk: (blk.t_s[-1 if by_last else 0], blk.foot))


def session_blocks(session, size: int | np.random.Generator | None, *, feet: Sequence[str] | None = None,
                   **kw) -> list[FrameBlock]:
    """:func:`link_blocks` of ``session``'s frames (:func:`foot_block`), its ``feet`` (default the session's)
    taken in that order."""
    blocks = {foot: foot_block(session, foot) for foot in (session.info.feet if feet is None else feet)}
    return link_blocks({foot: (b.t_s, b.pressure_kpa) for foot, b in blocks.items()}, size, **kw)


def feed_blocks(core: AnalysisCore, blocks: list[FrameBlock], where: dict[str, int],
                after_each: Callable[[], None] = lambda: None) -> None:
    """``blocks`` fed to ``core`` in order as a link delivers them, each arriving at its last frame's session
    time, ``where["block"]`` its number (the core's stamp); a stale-data check every 50 blocks, then
    ``after_each()`` after each block."""
    for i, block in enumerate(blocks):
        where["block"] = i
        core.arrival(float(block.t_s[-1]))
        core.frames(block)
        if i % 50 == 49:
            core.check_stale(float(block.t_s[-1]))
        after_each()


def feed_notifications(core: AnalysisCore, blocks: list[FrameBlock]) -> float:
    """``blocks`` fed to ``core`` in order as a live link delivers them, each arriving at its last frame's session
    time, after a stale-data check where one is due then; the last arrival's time (s)."""
    for block in blocks:
        arrival_s = float(block.t_s[-1])
        if core.stale_due(arrival_s):
            core.check_stale(arrival_s)
        core.arrival(arrival_s)
        core.frames(block)
    return arrival_s


def _notifications(session, rng: np.random.Generator) -> list[FrameBlock]:
    """Each foot's frames in blocks of 1 to 40 frames, interleaved in time as a link delivers them; the
    right foot loses 20 s (no frames: a jump in its time axis) and sends 5 s of missing frames (NaN)."""
    frames = {}
    for foot in ("left", "right"):
        b = foot_block(session, foot)
        keep = ~((b.t_s >= 150.0) & (b.t_s < 170.0)) if foot == "right" else np.ones(b.n_frames, bool)
        t, p = b.t_s[keep], b.pressure_kpa[keep].copy()
        if foot == "right":
            p[(t >= 200.0) & (t < 205.0)] = np.nan
        frames[foot] = t, p
    return link_blocks(frames, rng)


def test_a_feed_before_next_final_s_returns_no_assessment_and_one_that_reaches_it_may():
    session = _session()
    rng = np.random.default_rng(3)
    for foot in ("left", "right"):
        layout = session.info.layouts[foot]
        pipe = FootPipeline(foot, layout, float(layout.current_rate_hz), DEFAULT_PARAMS, baseline=rider_normal(2))
        b = foot_block(session, foot)
        lo, n_assessed, n_reached = 0, 0, 0
        while lo < b.n_frames:
            hi = lo + int(rng.integers(1, 300))
            due_s = pipe.next_final_s
            out = pipe.feed(FrameBlock(foot, b.t_s[lo:hi], b.pressure_kpa[lo:hi]))
            reached = float(b.t_s[min(hi, b.n_frames) - 1]) >= due_s
            n_reached += reached
            if out:
                assert reached, f"{foot}: an assessment from frames all before next_final_s = {due_s}"
                n_assessed += len(out)
            lo = hi
        assert n_assessed == len(pipe.assessments_) >= 25  # a window every 10 s
        assert n_reached <= n_assessed + 2  # and next_final_s is no earlier than it need be, but for the start


def _run(blocks: list[FrameBlock], layouts, hold_frames: bool) -> tuple[list, int]:
    """Every event and notice of a core fed ``blocks`` at 1x, with a stale-data check every 50 blocks:
    ``(batch number, stamp, kind, foot, session time, level)``, in order; and the pipeline's calls."""
    out: list[tuple] = []
    n_calls = 0
    where = {"block": 0}
    core = AnalysisCore(layouts, speed=1.0, params=DEFAULT_PARAMS, max_batch_host_s=0.02,
                        emit=lambda a, since: out.append((where["block"], since, a.kind, a.foot, a.t_s, a.level)),
                        notice=lambda n: out.append((where["block"], None, n.kind, n.foot, n.t_s, None)),
                        stamp=lambda: float(where["block"]), baseline=rider_normal(2), hold_frames=hold_frames)
    for pipe in core.pipeline.feet.values():
        feed = pipe.feed

        def counted(block, feed=feed):
            nonlocal n_calls
            n_calls += 1
            return feed(block)
        pipe.feed = counted
    feed_blocks(core, blocks, where)
    where["block"] = len(blocks)
    core.flush()
    core.check_stale(SESSION_S + 30.0)
    return out, n_calls


def test_held_frames_give_every_event_at_the_same_batch_as_feeding_each_batch_at_once():
    session = _session()
    blocks = _notifications(session, np.random.default_rng(5))
    eager, eager_calls = _run(blocks, session.info.layouts, hold_frames=False)
    held, held_calls = _run(blocks, session.info.layouts, hold_frames=True)
    levels = {e[5] for e in eager if e[2] == "alert"}
    assert {"notice", "warning"} <= levels
    assert any(e[2] == "data_stale" for e in eager)  # the right foot's 20-s hole
    assert held == eager
    assert held_calls * 20 < eager_calls  # a few calls per 10 s of session instead of one per batch
