"""`solewatch replay` as fast as possible over a long recorded session: the speed-up over real time.

The session is recorded the way a rider's is: `run_live` on the simulated insoles (cleat-forward, both feet,
18 sensors at 100 Hz, 8 frames per notification) over the in-process virtual radio, at 100x, with its events
file. The replay reads its raw log through the live path (assembler, AnalysisCore) and must give the live
events; the figures are recorded session seconds per wall second and frames per wall second, the median of
three runs, with where the time goes: reading and checking the raw log, reading it again through the
assembler as the replay does (``SessionAssembler.feed_records``: many records at once), and the pipeline and
alert policy (the rest). The live path's assembler (one notification at a time) is timed over the same log
for comparison, and so is a batch-by-batch replay (the live batching).

Prints JSON lines for benchmarks/run_all.py. BENCH_REPLAY_MINUTES sets the session's length (default 60);
BENCH_REPLAY_SESSION replays an existing session directory instead of recording one, and
BENCH_REPLAY_LIVE_EVENTS names the events file (JSON lines) its live run wrote, to compare with.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import asyncio
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from monitor.link.assembly import SessionAssembler
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import EventsSink
from monitor.live.replay import ReplaySource, replay_session
from monitor.live.session import link_haptic, run_live
from monitor.live.simulated import simulated_insoles
from monitor.session.rawlog import KIND_NOTIFICATION, iter_raw_log, record_event
from monitor.util.collector import fewer_young_collections, objects_before_frozen

MINUTES = float(os.environ.get("BENCH_REPLAY_MINUTES", "60"))
SESSION = os.environ.get("BENCH_REPLAY_SESSION")
#: With BENCH_REPLAY_SESSION: the events its live run delivered (its --events file, JSON lines), for
#: events_equal_live; without it events_equal_live is null.
LIVE_EVENTS = os.environ.get("BENCH_REPLAY_LIVE_EVENTS")
RECORD_SPEED = 100.0
FIELDS = ("t_s", "foot", "kind", "level", "region", "pattern", "message")


async def record(out: Path) -> tuple[Path, list[dict], float]:
    """A live session of MINUTES at RECORD_SPEED: its directory, its events and the wall seconds it took."""
    buf = io.StringIO()
    t0 = time.monotonic()
    async with simulated_insoles("cleat-forward", speed=RECORD_SPEED, seed=1, faults=[]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=RECORD_SPEED))
        summary = await run_live(link, sim.meta, duration_s=MINUTES * 60, out_dir=out,
                                 channels=[link_haptic(link)], events=EventsSink(buf))
    return summary.record.path, [json.loads(x) for x in buf.getvalue().splitlines()], time.monotonic() - t0


def replay(path: Path, *, deferred: bool = True) -> tuple[float, object, list[dict]]:
    buf = io.StringIO()
    t0 = time.perf_counter()
    summary = asyncio.run(replay_session(path, events=EventsSink(buf), deferred=deferred))
    return time.perf_counter() - t0, summary, [json.loads(x) for x in buf.getvalue().splitlines()]


def assembly_only(source: ReplaySource) -> float:
    """Wall seconds of reading the raw log and assembling its frames as the replay does, nothing after
    (the garbage collector set as replay_session sets it: the objects made before left out, fewer young
    collections)."""
    with objects_before_frozen(), fewer_young_collections():
        t0 = time.perf_counter()
        asm = SessionAssembler(source.info.layouts, speed=source.info.speed)
        for _ in asm.feed_records(iter_raw_log(source.raw),
                                  event_of=lambda rec: record_event(source.raw, rec)):
            pass
        return time.perf_counter() - t0


def assembly_live(source: ReplaySource) -> float:
    """Wall seconds of reading the raw log and assembling it one notification at a time (the live path),
    garbage collections as in assembly_only."""
    with objects_before_frozen(), fewer_young_collections():
        t0 = time.perf_counter()
        asm = SessionAssembler(source.info.layouts, speed=source.info.speed)
        for rec in iter_raw_log(source.raw):
            if rec.kind == KIND_NOTIFICATION:
                asm.notification(rec.foot, rec.host_s, rec.payload)
        return time.perf_counter() - t0


def same_as_live_path(source: ReplaySource) -> bool:
    """Whether the replay's assembler gives, record by record, the live path's blocks bit for bit (times,
    pressure with NaN in the same places), and the same counters and gaps at the end."""
    live = SessionAssembler(source.info.layouts, speed=source.info.speed)
    many = SessionAssembler(source.info.layouts, speed=source.info.speed)
    for rec, blocks, event in many.feed_records(iter_raw_log(source.raw),
                                                event_of=lambda r: record_event(source.raw, r)):
        if rec.kind == KIND_NOTIFICATION:
            want = live.notification(rec.foot, rec.host_s, rec.payload)
        else:
            live.event(event)
            want = []
        if len(blocks) != len(want) or any(
                a.foot != b.foot or a.t_s.tobytes() != b.t_s.tobytes()
                or not np.array_equal(a.pressure_kpa, b.pressure_kpa, equal_nan=True)
                for a, b in zip(blocks, want)):
            return False
    return (many.counters() == live.counters() and many.gaps() == live.gaps()
            and len(many.finish()) == len(live.finish()))


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        live_events, record_wall_s = None, None
        if SESSION:
            path = Path(SESSION)
            if LIVE_EVENTS:
                live_events = [json.loads(x) for x in Path(LIVE_EVENTS).read_text().splitlines() if x.strip()]
        else:
            path, live_events, record_wall_s = asyncio.run(record(Path(out)))
        t0 = time.perf_counter()
        source = ReplaySource.open(path)
        check_s = time.perf_counter() - t0
        runs = [replay(path) for _ in range(3)]
        wall_s = statistics.median(r[0] for r in runs)
        summary, events = runs[0][1], runs[0][2]
        asm_s = statistics.median(assembly_only(source) for _ in range(3))
        live_asm_s = statistics.median(assembly_live(source) for _ in range(3))
        same_frames = same_as_live_path(source)
        exact_s, _, exact_events = replay(path, deferred=False)
    session_s = summary.record.duration_s
    notifications = sum(c["packets_received"] for c in summary.record.counters.values())
    same = [tuple(e[k] for k in FIELDS) for e in events]
    print(json.dumps({
        "name": f"replay a {session_s / 3600:.2g} h two-foot session as fast as possible",
        "headline": f"{session_s / wall_s:,.0f}x real time ({summary.frames / wall_s / 1e3:,.0f} k frames/s)",
        "speedup": round(session_s / wall_s), "frames_per_s": round(summary.frames / wall_s),
        "wall_s": round(wall_s, 2), "session_s": round(session_s, 1), "frames": summary.frames,
        "notifications": notifications, "records": source.records, "events": len(events),
        "events_equal_live": None if live_events is None else same == [tuple(e[k] for k in FIELDS)
                                                                       for e in live_events],
        "events_equal_batch_by_batch": same == [tuple(e[k] for k in FIELDS) for e in exact_events],
        "check_log_s": round(check_s, 2), "read_and_assemble_s": round(asm_s, 2),
        "assemble_us_per_notification": round(1e6 * asm_s / max(notifications, 1), 1),
        "live_path_assemble_us_per_notification": round(1e6 * live_asm_s / max(notifications, 1), 1),
        "frames_equal_live_path": same_frames,
        "pipeline_policy_s": round(wall_s - check_s - asm_s, 2),
        "batch_by_batch_wall_s": round(exact_s, 2), "batch_by_batch_speedup": round(session_s / exact_s),
        "recorded_at": f"{RECORD_SPEED:g}x", "record_wall_s": None if record_wall_s is None
        else round(record_wall_s, 1),
    }), flush=True)


if __name__ == "__main__":
    main()
