"""Replay a recorded session through the live monitor's analysis: the same events, in the same order.

:func:`replay_session` reads the session's raw log (``raw.swlog``, the source of truth) and feeds its
records, in recorded order, through what the live session ran on them: the link's
:class:`monitor.link.assembly.SessionAssembler` (same clock handling, from the recorded host times), then the
:class:`monitor.analysis.streaming.AnalysisCore` (batches, pipeline, alert policy, and the stale-data checks
the live monitor recorded in the log). Every event goes to a :class:`monitor.live.delivery.Dispatcher` (the
events file's JSON lines, docs/events-json.md) and the caller's callbacks. The events equal those the live
session delivered when the parameters and the batch timing (:class:`monitor.live.session.LiveConfig`) are the same.
A session recorded by ``solewatch record`` had no live monitor, so its log holds no stale-data checks: its
replay makes those the live monitor would have (monitor.live.replay_checks), and one at the end.

The assembler takes the records a few thousand at once (``SessionAssembler.feed_records``: the
notifications decoded together, runs of ordinary packets with their frame times as arrays) and hands out
each record's blocks in its turn: the frames, counters and gaps of feeding the notifications one by one,
as live, and the same blocks for each record, so the core batches them as live.

``speed=X`` paces the records by their recorded host times divided by X; ``speed=None`` never sleeps and runs
the pipeline over minutes of frames at once (AnalysisCore's deferred runs: the same events, less cost per frame).

A raw log cut short at its end (a recorder that was killed) is replayed up to where it stops, as
``load_session`` reads it, and its last stale-data check is made there, not at the session's recorded end
(the live monitor died before it could make one); bytes damaged before its end are skipped as
``load_session`` skips them (each a RawLogDamaged warning naming the file and byte offset, and said in the
replay's summary): the records before and after them are replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.analysis.alerts import Alert
from monitor.analysis.declared import declared_activity, declared_word
from monitor.analysis.param_overrides import resolve_params
from monitor.analysis.setup import given_setup
from monitor.analysis.streaming import AnalysisCore, LinkNotice
from monitor.codebook import FrameBlock
from monitor.errors import SolewatchError
from monitor.link.record_feed import RecordFeed
from monitor.live.config import LiveConfig
from monitor.live.delivery import Channel, Delivered, Dispatcher, EventsSink
from monitor.live.loss_book import LossBook, stopped_notes
from monitor.live.notices_in_turn import NoticesInTurn
from monitor.live.record_summary import recording_assembler, replayed_record
from monitor.live.replay_checks import StaleChecksOnTheWay, holds_checks
from monitor.live.replay_source import ReplaySource
from monitor.live.summary import ReplaySummary, replay_text  # noqa: F401 - said here too
from monitor.session.info import SessionInfo, check_replay_speed
from monitor.session.insole_kinds import kinds_elsewhere
from monitor.session.kept_inputs import kept_baseline, kept_params, kept_setup
from monitor.session.log_end import raw_log_end_s
from monitor.session.model import log_ends_words
from monitor.session.param_files import params_or_file
from monitor.session.rawlog import (
    KIND_EVENT,
    KIND_LOG_DAMAGED,
    KIND_NOTIFICATION,
    iter_raw_log,
    record_event,
    spans_said,
)
from monitor.signal.baseline import RiderBaseline
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.util.collector import fewer_young_collections, objects_before_frozen
from monitor.util.hostclock import host_clock_s
from monitor.util.plain_text import error_line

#: Frames (both feet) a replay as fast as possible gathers before it runs the pipeline over them: two
#: minutes of two feet at 100 Hz, several of the pipeline's 6000-frame slices per foot (guess: the cost
#: per frame is flat from a few thousand frames per call on, bench_replay.py).
DEFERRED_FRAMES = 24_000
#: Wall seconds between two progress reports.
PROGRESS_INTERVAL_S = 0.1


@dataclass(frozen=True)
class ReplayProgress:
    """Where a replay is: session seconds replayed of ``duration_s`` (``session_s``: the latest frame fed to the
    analysis, of either foot; not the host time x the speed of the record it is at, which can lie seconds past
    them), raw-log records read (not counting the marks of damaged spans), events so far."""

    session_s: float
    duration_s: float
    records: int
    events: int


class _Replay:
    """One pass over the raw log through an AnalysisCore; ``skip`` events and notices already given."""

    def __init__(self, info: SessionInfo, params: Params, config: LiveConfig, *, deferred: bool,
                 emit: Callable[[Alert], None], notice: Callable[[LinkNotice], None],
                 skip_events: int = 0, skip_notices: int = 0, baseline: RiderBaseline | None = None,
                 pedals: str | None = None, checks: bool = False, lost: dict[str, int] | None = None) -> None:
        self.info = info
        self.speed = info.speed
        # the live path's frames; its late ones counted aside (not replayed) into the gaps they fill (late_of)
        self.assembler = recording_assembler(info.layouts, info.speed)
        self.losses = LossBook()  # the feet lost and back in the events read: a stopped replay's notes
        self._skip_events, self._skip_notices = skip_events, skip_notices
        self._emit_to, self._notice_to = emit, notice
        self.events = self.notices = 0
        self.core = AnalysisCore(info.layouts, speed=info.speed, params=params,
                                 max_batch_host_s=config.max_batch_host_s,
                                 max_lag_host_s=config.view_interval_s, emit=self._emit,
                                 notice=self._notice, deferred=deferred,
                                 activity=declared_activity(info.activity), baseline=baseline, machine=info.activity,
                                 pedals=pedals, lost=lost)
        self.arrival = StaleChecksOnTheWay(self.core, tuple(info.layouts)).arrival if checks else self.core.arrival
        self.frames = 0
        #: session s of the latest frame fed to the core, of either foot (0 before the first): how far the
        #: replay got, which a record's host time x the speed can lie seconds past (frames received late)
        self.fed_to_s = 0.0

    def _emit(self, alert: Alert, since: float | None) -> None:
        self.events += 1
        if self.events > self._skip_events:
            self._emit_to(alert)

    def _notice(self, notice: LinkNotice) -> None:
        self.notices += 1
        if self.notices > self._skip_notices:
            self._notice_to(notice)

    def feed(self, raw: Path, state: dict[str, Any]) -> RecordFeed:
        """The raw log's records through the assembler, as the recorder's consumer fed them live (many at
        once, the same frames): ``(record, blocks, event)`` each, for :meth:`record`. Its damaged spans are
        not said as they are read (ReplaySource.open said them; any other: monitor.session.rawlog.spans_said)."""
        return self.assembler.feed_records(iter_raw_log(raw, state, marks=True, warn=False),
                                           event_of=lambda r: record_event(raw, r))

    def record(self, rec: Any, blocks: list[FrameBlock], event: dict | None) -> None:
        """One raw-log record after the assembler: its blocks, or its event, to the analysis core (the mark
        of a damaged log, KIND_LOG_DAMAGED, was the assembler's alone)."""
        core = self.core
        if rec.kind == KIND_NOTIFICATION:
            self.arrival(rec.host_s * self.speed)
            for block in blocks:
                self.frames += len(block.t_s)
                if len(block.t_s):
                    self.fed_to_s = max(self.fed_to_s, float(block.t_s[-1]))  # t_s non-decreasing
                core.frames(block)
                self.losses.frames(block)
        elif rec.kind == KIND_EVENT:
            core.event(rec.host_s * self.speed, event)
            self.losses.read(event, self.info.layouts, rec.host_s * self.speed)  # as recorded
        if core.deferred and core.pending_frames >= DEFERRED_FRAMES:
            core.run_deferred()

    def finish(self, end_s: float | None) -> None:
        """The end of the log: the last frames, and the check the live monitor made after the drain."""
        self.core.flush()
        if end_s is not None:
            self.core.check_stale(end_s)
        if self.core.deferred:
            self.core.run_deferred()
        self.core.end()


async def replay_session(
    path: str | Path | ReplaySource,
    *,
    speed: float | None = None,
    params: Params | dict[str, Any] | str | Path | None = None,
    events: EventsSink | None = None,
    on_delivered: Callable[[Delivered], None] | None = None,
    on_notice: Callable[[LinkNotice], None] | None = None,
    on_progress: Callable[[ReplayProgress], None] | None = None,
    stop: asyncio.Event | None = None,
    config: LiveConfig | None = None,
    deferred: bool | None = None,
    channels: Sequence[Channel] = (),
    baseline: RiderBaseline | None = None,
) -> ReplaySummary:
    """Replay the recorded session at ``path`` through the live analysis (a coroutine); return its
    :class:`ReplaySummary`: ``alerts`` (the events delivered, in order), ``record.duration_s`` (session s
    the replay covers), ``replayed_s`` (session s replayed: that, or where ``stop`` ended it, its latest frame
    read), ``wall_s`` (host s it took), ``speedup`` (``replayed_s`` over ``wall_s``).

    ``params``: the detection parameters, as monitor.make_params takes them (a Params, a dict shaped like a
    ``--params`` file, or that file's path); None: the live session's own (its params.json), the defaults
    for a session recorded without one. ``baseline``: the rider's normal to judge against; None: the live
    session's own (its baseline.json), else its first minutes (both: monitor.session.kept_inputs), said as
    the normal of the rider it was recorded for (session.json ``rider``), as the live summary said it.
    ``speed``: recorded host seconds per wall second, above 0 and up to MAX_SPEED (None: as fast as possible; anything
    else a UsageError before anything is read). ``events`` gets each event's JSON line, ``on_delivered`` each event
    once delivered (in order), ``on_notice`` link notices (disconnected, reconnected, foot lost, battery
    low), each once the events given before it are delivered (:class:`NoticesInTurn`), ``on_progress`` a
    ReplayProgress every 0.1 s of wall time. ``channels`` deliver each event before the events file
    (as in monitor.live.session.run_live; the CLI's terminal lines). ``stop`` ends the replay early. ``config`` must
    be the live session's (the default LiveConfig for ``solewatch live``). ``deferred``: run the pipeline over minutes
    of frames at once (default: when ``speed`` is None); the events are the same either way.

    The summary's ``alerts`` are every event delivered, in order (alerts, back-to-normal, data-stale; an
    AnalysisResult keeps the last two in ``events``): its ``kind == "alert"`` ones are a batch analysis's
    alerts with the same parameters and normal; its data-stale checks are the live monitor's (docs/api.md,
    "Replay").

    ``path`` is a session directory, or a ReplaySource already opened (else a TypeError). Raises
    SessionFormatError for a missing directory, a session without a raw log (an imported one), or a file
    that is not a raw log, before anything is replayed (ReplaySource.open). An error part-way is raised
    after the events already given are delivered (events file, ``on_delivered``).
    """
    check_replay_speed(speed)
    params = None if params is None else resolve_params(params_or_file(params))  # as analyze takes them
    baseline = RiderBaseline.checked(baseline)
    source = path if isinstance(path, ReplaySource) else ReplaySource.open(path)
    path, info, raw, n_records, last_host_s = source.path, source.info, source.raw, source.records, source.last_host_s
    params = (kept_params(path) or DEFAULT_PARAMS) if params is None else params
    baseline, rider, given = (kept_baseline(path), info.rider, False) if baseline is None else (baseline, None, True)
    pedals = given_setup(setup := kept_setup(path)).pedals  # its setup.json, as analyze (session_kept_setup)
    config = config or LiveConfig()
    deferred = speed is None if deferred is None else deferred
    duration_s = replayed_span_s(info.duration_s, raw_log_end_s(raw, info, last_host_s, source.end_s))
    notices: list[LinkNotice] = []
    callback_errors: list[str] = []
    in_turn = NoticesInTurn(lambda n: call(on_notice, n))

    def delivered(done: Delivered) -> None:
        try:
            if on_delivered is not None:
                on_delivered(done)
        finally:
            in_turn.alert_delivered()

    dispatcher = Dispatcher(channels, events=events, on_done=delivered)

    def emit(alert: Alert) -> None:
        dispatcher.submit(alert)
        in_turn.alert_given()

    def call(callback: Callable[[Any], None] | None, arg: Any) -> None:
        if callback is not None:
            try:
                callback(arg)
            except Exception as exc:  # the caller's display must not stop the replay
                callback_errors.append(error_line(exc))  # said at the end on one line

    def notice(n: LinkNotice) -> None:
        notices.append(n)
        in_turn.notice(n)

    progress = None if on_progress is None else (lambda p: call(on_progress, p))
    t0 = host_clock_s()
    state: dict[str, Any] = {}
    run = _Replay(info, params, config, deferred=deferred, emit=emit, notice=notice, baseline=baseline,
                  pedals=pedals, checks=not holds_checks(path), lost=source.lost)
    stopped_at_s: float | None = None
    try:
        with objects_before_frozen(speed is None), fewer_young_collections(speed is None):
            while True:
                try:
                    stopped_at_s = await _run(run, raw, state, speed=speed, t0=t0, duration_s=duration_s,
                                              n_records=n_records, stop=stop, on_progress=progress)
                    break
                except Exception as exc:  # noqa: BLE001 - a deferred run that cannot go on starts again
                    if not run.core.deferred or isinstance(exc, SolewatchError):
                        raise
                    # batch by batch, as live (where a failing pipeline stops the analysis, not the
                    # session), giving only what was not given yet
                    run = _Replay(info, params, config, deferred=False, emit=emit, notice=notice,
                                  skip_events=run.events, skip_notices=run.notices, baseline=baseline,
                                  pedals=pedals, checks=not holds_checks(path), lost=source.lost)
    except BaseException:
        # the events already given still reach the events file and the caller; the replay's own error
        # is the one raised
        with contextlib.suppress(Exception):
            await dispatcher.aclose()
        in_turn.flush()
        raise
    await dispatcher.aclose()
    in_turn.flush()
    damaged = spans_said(raw, source.skipped, state.get("skipped", ()))  # a source not made by open
    wall_s = host_clock_s() - t0
    asm, replayed_s = run.assembler, duration_s if stopped_at_s is None else min(stopped_at_s, duration_s)
    notes = list(info.notes) if stopped_at_s is None else stopped_notes(info.layouts, run.losses, replayed_s,
                                                                       info.notes)
    record = replayed_record(path, duration_s, asm, notes, replayed_s, info.speed,  # rest: unread
                             stopped=stopped_at_s is not None, start_utc=info.start_utc,
                             planned_s=info.planned_duration_s)
    return ReplaySummary(
        record, list(dispatcher.delivered_), run.core.pipeline.summary(), notices, speed=info.speed, normal=baseline,
        label=info.label, declared_word=declared_word(info.activity), analysis_error=run.core.analysis_error,
        events_error=str(events.error) if events is not None and events.error else None, data_s=run.core.data_s(),
        callback_errors=callback_errors, setup=setup, replay_speed=speed, wall_s=wall_s, data_runs=run.core.data_runs(),
        frames=run.frames, truncated_tail_bytes=state.get("truncated_tail_bytes", 0), shown=run.core.policy.shown(),
        stopped_at_s=stopped_at_s, session_duration_s=info.duration_s, rider=rider, damaged_spans=damaged,
        normal_given=given, sensor_gaps=run.core.sensor_gaps(), warn_after_s=params.detector.warn_after_s,
        baseline_s=params.detector.baseline_s, elsewhere=kinds_elsewhere(info, rider, baseline), records=n_records,
        baseline=run.core.pipeline.baseline_(), log_lost=source.lost,  # a ride whose normal it kept says so
        unchecked=run.core.unchecked(), checks_nothing=run.core.checks_nothing(),
        strikes=run.core.policy.measured.whole())


def declared_pedals(path: Path) -> str | None:
    """The pedals the session in ``path`` declared, as its replay's analysis takes them (:func:`replay_session`):
    its setup.json's, as analyze's (monitor.analysis.setup.given_setup of monitor.session.kept_inputs.kept_setup);
    None: not declared."""
    return given_setup(kept_setup(path)).pedals


def replayed_span_s(duration_s: float | None, log_s: float) -> float:
    """What a replay covers (session s): the session's recorded ``duration_s`` (session.json, the end live and
    analyze count a foot's silence to), or ``log_s``, where its raw log ends (its last record, or its last frame
    where that comes later: monitor.session.log_end.raw_log_end_s, as analyze says it), where the log ends before
    the session did as its words say it (to the second: monitor.session.model.log_ends_words), or the
    session has no duration (not closed). A closed session's last notification can come a few frames before
    its end on the host's clock (at 1x, an ORPHE ride's last 0.1 s): its log is whole, and a lost foot's
    silence lasts to the session's end (had: 3,578 frames missing where live said 3,588)."""
    if duration_s is None or log_ends_words(log_s, duration_s):
        return log_s
    return duration_s


async def _run(run: _Replay, raw: Path, state: dict[str, Any], *, speed: float | None, t0: float,
               duration_s: float, n_records: int, stop: asyncio.Event | None,
               on_progress: Callable[[ReplayProgress], None] | None) -> float | None:
    """Feed every record; the session time where ``stop`` ended it, or None."""
    rec_speed = run.speed
    next_progress = 0.0
    read = 0  # records of the log read so far (the marks of damaged spans are not records)
    feed = run.feed(raw, state)
    for i, (rec, blocks, event) in enumerate(feed):
        read += rec.kind != KIND_LOG_DAMAGED
        if speed is not None:
            wait_s = rec.host_s / speed - (host_clock_s() - t0)
            if wait_s > 0.001:
                await _sleep(wait_s, stop)
        if stop is not None and stop.is_set():
            feed.close(taken=i)  # the assembler as if this record had not been read
            run.core.flush()
            if run.core.deferred:
                run.core.run_deferred()
            run.core.end()
            return rec.host_s * rec_speed
        events = run.events
        run.record(rec, blocks, event)
        if run.events != events or (i & 255) == 255:
            await asyncio.sleep(0)  # deliveries and signals get their turn, even when behind the pace
        if on_progress is not None and (i & 63) == 0 and host_clock_s() >= next_progress:
            next_progress = host_clock_s() + PROGRESS_INTERVAL_S
            on_progress(ReplayProgress(min(run.fed_to_s, duration_s), duration_s, read, run.events))
    # the live monitor's last check came after a clean close, at the session's end; a raw log that ends
    # before it (a recorder killed) had no such check, so none is made past what the log holds
    run.finish(duration_s if run.info.duration_s is not None else None)
    if speed is not None:
        await _sleep(duration_s / rec_speed / speed - (host_clock_s() - t0), stop)
    if on_progress is not None:
        on_progress(ReplayProgress(duration_s, duration_s, n_records, run.events))
    return None


async def _sleep(wait_s: float, stop: asyncio.Event | None) -> None:
    if wait_s <= 0:
        return
    if stop is None:
        await asyncio.sleep(wait_s)
        return
    try:
        await asyncio.wait_for(stop.wait(), wait_s)
    except asyncio.TimeoutError:
        pass
