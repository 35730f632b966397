"""The live session: record exactly as ``record`` does, and detect, alert and show while the ride goes on.

:func:`run_live` wraps :func:`monitor.recorder.record_session` (same session directory) with hooks in the
link's consumer task: the assembled FrameBlocks go through a SessionPipeline, its assessments through the
AlertPolicy, and every alert to a :class:`monitor.delivery.Dispatcher` (terminal, haptic, sound, events
file). A few times a second the session's state becomes a :class:`monitor.liveview.LiveView` for the
terminal view, and stale data is checked. The library never prints: the caller gets views, delivered
events and link notices through callbacks, and a :class:`LiveSummary` at the end.

Detection is the :class:`monitor.analysis_core.AnalysisCore` that ``solewatch replay`` drives from the
raw log: frames reach the pipeline in batches of about ``max_batch_host_s`` of host time (at real time,
every notification), and a stale-data check the timer asks for goes through the link's record stream, so
the raw log holds it. Every decision then depends on the recorded stream alone, and a replay of the
session gives the same events in the same order.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from bleak.exc import BleakError

from monitor.alerts import Alert
from monitor.analysis_core import STALE_CHECK_EVENT, AnalysisCore, LinkNotice
from monitor.delivery import Channel, Delivered, Dispatcher, EventsSink, HapticChannel
from monitor.errors import ConnectionLost, DeviceNotFound, ProtocolError
from monitor.frames import ANALYSIS_REGIONS, FEET, FrameBlock
from monitor.link import BATTERY_LOW_PCT, Backends, LinkConfig, PairLink, find_address, scan
from monitor.liveview import FootView, LiveView
from monitor.recorder import RecordProgress, RecordSummary, SessionMeta, record_session
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.suggestions import NOT_A_MEDICAL_DEVICE, REFERRALS, SUGGESTIONS, Suggestion
from monitor.timefmt import clock_text


@dataclass(frozen=True)
class LiveConfig:
    """Timing of the live session.

    view_interval_s : host seconds between view snapshots and stale-data checks (10 a second reads as
        smooth on a terminal; guess); also how far one foot's data may run ahead of the other's frames
        still waiting for the pipeline.
    max_batch_host_s : the host time of frames a batch for the pipeline holds (20 ms: a small part of the
        100 ms latency budget of the live alert); frames are counted, so a replay batches them alike.
    view_window_s : session seconds of per-second peaks the view averages for each region (guess: a few
        pedal strokes or steps).
    catch_up_host_s : host seconds the end of a session waits for the analysis of the data already
        received, so their alerts still reach the connected insoles (guess: a loaded host several seconds
        behind; longer, and Ctrl-C would feel ignored).
    """

    view_interval_s: float = 0.1
    max_batch_host_s: float = 0.02
    view_window_s: float = 3.0
    catch_up_host_s: float = 10.0


# ---------------------------------------------------------------------------- what the view shows


class RecentPeaks:
    """Per analysis region, the mean over the last few seconds of each second's peak pressure (kPa)."""

    def __init__(self, masks: dict[str, np.ndarray], window_s: float) -> None:
        self.regions = [r for r in ANALYSIS_REGIONS if r in masks]
        self._idx = [np.flatnonzero(masks[r]) for r in self.regions]
        self.window_s = window_s
        self._buckets: deque[tuple[int, np.ndarray]] = deque(maxlen=int(window_s) + 2)

    def add(self, t_s: np.ndarray, pressure_kpa: np.ndarray) -> None:
        """Frames with data: ``t_s`` (n,), ``pressure_kpa`` (n, n_sensors)."""
        if not t_s.size:
            return
        sec = np.floor(t_s).astype(np.int64)
        cuts = np.flatnonzero(np.diff(sec)) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, sec.size], strict=True):
            col = np.fmax.reduce(pressure_kpa[lo:hi], axis=0)
            peak = np.array([np.fmax.reduce(col[i]) for i in self._idx])
            s = int(sec[lo])
            if self._buckets and self._buckets[-1][0] == s:
                self._buckets[-1] = (s, np.fmax(self._buckets[-1][1], peak))
            elif not self._buckets or s > self._buckets[-1][0]:
                self._buckets.append((s, peak))

    def now(self, t_s: float) -> dict[str, float]:
        """Mean peak per region over the complete seconds of the last ``window_s`` (NaN where none)."""
        done = [p for s, p in self._buckets if t_s - self.window_s - 1 <= s < math.floor(t_s)]
        if not done and self._buckets:
            done = [self._buckets[-1][1]]
        if not done:
            return {r: math.nan for r in self.regions}
        stack = np.vstack(done)
        ok = ~np.isnan(stack)
        n = ok.sum(axis=0)
        mean = np.where(n > 0, np.where(ok, stack, 0.0).sum(axis=0) / np.maximum(n, 1), np.nan)
        return {r: float(v) for r, v in zip(self.regions, mean, strict=True)}


#: A tick this many view intervals after the last one follows a host stall (guess: a loaded host's timer
#: is late by one interval or so, a stall by many).
STALLED_TICKS = 3

#: How the banner ranks the current events of the two feet.
_BANNER_RANK = {"alert": 4.0, "warning": 3.0, "data_stale": 2.5, "notice": 1.0}


def _banner_rank(a: Alert) -> float:
    return _BANNER_RANK.get(a.kind if a.kind != "alert" else a.level or "", 0.0)


# ---------------------------------------------------------------------------- the session


class LiveMonitor:
    """The live session's state; its methods are the record_session hooks (consumer task) and the tick.

    Detection is an :class:`monitor.analysis_core.AnalysisCore` fed in record order, so a replay of the
    recorded session makes the same decisions. ``post_check()``, while the link streams, puts a
    stale-data check into the link's record stream (recorded in the raw log, made where it stands);
    without it (a monitor driven by hand, or once streaming has ended) the tick flushes and checks at once.
    """

    def __init__(self, link: PairLink, meta: SessionMeta, *, duration_s: float | None, params: Params,
                 dispatcher: Dispatcher, config: LiveConfig,
                 on_view: Callable[[LiveView], None] | None,
                 on_notice: Callable[[LinkNotice], None] | None,
                 post_check: Callable[[], None] | None = None) -> None:
        self.link, self.meta, self.config = link, meta, config
        self.duration_s = duration_s if duration_s is not None and math.isfinite(duration_s) else None
        self.dispatcher = dispatcher
        self.on_view, self.on_notice = on_view, on_notice
        self.post_check = post_check
        layouts = link.layouts
        self.core = AnalysisCore(layouts, speed=link.config.speed, params=params,
                                 max_batch_host_s=config.max_batch_host_s,
                                 max_lag_host_s=config.view_interval_s, emit=self._emit,
                                 notice=self._notice, stamp=time.monotonic, on_batch=self._batch)
        self._check_posted = False  # a check is in the record stream, not yet made
        self._due_at_tick: float | None = None  # session time of the last tick that found a check due
        self._last_tick_s: float | None = None
        self.pipeline = self.core.pipeline
        self._peaks = {f: RecentPeaks(lay.region_masks(), config.view_window_s) for f, lay in layouts.items()}
        self._packets: dict[str, deque[tuple[float, int]]] = {f: deque(maxlen=64) for f in layouts}
        self._packet_rate: dict[str, float] = dict.fromkeys(layouts, 0.0)
        self.notices_: list[LinkNotice] = []
        self.callback_errors: list[str] = []  # a view or notice callback that failed (the session goes on)
        self._recording_error: str | None = None
        self._progress: RecordProgress | None = None
        self.last_view: LiveView | None = None

    @property
    def alerts_(self) -> list[Alert]:
        return self.core.alerts_

    @property
    def analysis_error(self) -> str | None:
        return self.core.analysis_error

    # ---------------------------------------------------------------- consumer task
    def on_frames(self, block: FrameBlock) -> None:
        self.core.frames(block)

    def _batch(self, block: FrameBlock) -> None:
        valid = ~np.isnan(block.pressure_kpa).all(axis=1)
        if valid.any():
            self._peaks[block.foot].add(block.t_s[valid], block.pressure_kpa[valid])

    def on_event(self, session_s: float, event: dict[str, Any]) -> None:
        if event.get("event") == STALE_CHECK_EVENT:
            self._check_posted = False
        self.core.event(session_s, event)

    def _emit(self, alert: Alert, since: float | None) -> None:
        self.dispatcher.submit(alert, since=since)
        if self._progress is not None:  # the banner now, not at the next tick
            self._publish(self._progress)

    def _notice(self, notice: LinkNotice) -> None:
        self.notices_.append(notice)
        self._call(self.on_notice, notice)

    def _call(self, callback: Callable[[Any], None] | None, arg: Any) -> None:
        if callback is None:
            return
        try:
            callback(arg)
        except Exception as exc:  # the caller's display must not stop detection or recording
            self.callback_errors.append(f"{type(exc).__name__}: {exc}")

    # ---------------------------------------------------------------- periodic tick (host timer)
    def flush(self) -> None:
        """Analyse every frame still waiting for its batch."""
        self.core.flush()

    def tick(self, p: RecordProgress) -> None:
        """Check for stale data (through the record stream while it flows), and publish a view."""
        if self.post_check is None:
            self.core.flush()
            self.core.check_stale(p.session_s)
        elif not self._check_posted and self.core.stale_due(p.session_s):
            if self._due_at_tick is not None or self._tick_on_time(p.session_s):
                self._check_posted = True
                self.post_check()
            self._due_at_tick = p.session_s
        else:
            self._due_at_tick = None
        self._last_tick_s = p.session_s
        if p.recording_error and self._recording_error is None:
            self._recording_error = p.recording_error
            self._notice(LinkNotice(p.session_s, None, "recording_stopped",
                                    f"recording stopped: {p.recording_error}; live alerts go on"))
        for foot, hist in self._packets.items():
            hist.append((p.session_s, p.packets.get(foot, 0)))
            while len(hist) > 2 and p.session_s - hist[1][0] >= 2.0:
                hist.popleft()
            span = hist[-1][0] - hist[0][0]
            self._packet_rate[foot] = (hist[-1][1] - hist[0][1]) / span if span > 0 else 0.0
        self._progress = p
        self._publish(p)

    def _tick_on_time(self, session_s: float) -> bool:
        """Whether this tick came about when it should (within ``STALLED_TICKS`` intervals of the last):
        after a longer wait the host stalled, and the insoles' data of the stall are still on their way,
        so a check is posted only if the next tick still finds one due."""
        if self._last_tick_s is None:
            return True
        interval_s = self.config.view_interval_s * self.link.config.speed
        return session_s - self._last_tick_s <= STALLED_TICKS * interval_s

    def _publish(self, p: RecordProgress) -> None:
        view = self.view(p)
        self.last_view = view
        self._call(self.on_view, view)

    def view(self, p: RecordProgress) -> LiveView:
        feet = {}
        for foot in self.link.layouts:
            st = self.link.status.get(foot)
            pipe = self.pipeline.feet[foot]
            w = pipe.windows_[-1] if pipe.windows_ else None
            a = pipe.assessments_[-1] if pipe.assessments_ else None
            since_relief = math.nan
            if w is not None:
                since_relief = (0.0 if w.relieved_now
                                else w.time_since_relief_s + max(p.session_s - w.t_s, 0.0))
            battery = st.battery_pct if st else None
            feet[foot] = FootView(
                foot=foot, connected=bool(st and st.connected), lost=bool(st and st.lost),
                region_kpa=self._peaks[foot].now(self.core.last_data_s.get(foot, p.session_s)),
                forefoot_share=w.forefoot_share if w else math.nan, time_since_relief_s=since_relief,
                activity=w.activity if w else "unknown", cadence_per_min=w.cadence_per_min if w else math.nan,
                level=a.level if a else "none", pattern=a.pattern if a else None,
                region=a.region if a else None, packets_per_s=self._packet_rate[foot],
                packets_lost=p.lost.get(foot, 0), packets_corrupt=p.corrupt.get(foot, 0),
                gaps=p.gaps.get(foot, 0), reconnects=st.reconnects if st else 0, battery_pct=battery,
                battery_low=battery is not None and battery <= BATTERY_LOW_PCT)
        current = max(self.core.current_.values(), key=lambda a: (_banner_rank(a), a.t_s), default=None)
        return LiveView(session_s=p.session_s, duration_s=self.duration_s, feet=feet, current_alert=current,
                        alerts=sum(a.kind == "alert" for a in self.alerts_),
                        recording=p.recording_error is None, recording_error=p.recording_error,
                        label=self.meta.label)


# ---------------------------------------------------------------------------- summary


@dataclass
class LiveSummary:
    """What a live session did: the recording, every event delivered, the pipeline's per-foot summary."""

    record: RecordSummary
    delivered: list[Delivered]
    pipeline: dict[str, dict[str, Any]]
    notices: list[LinkNotice] = field(default_factory=list)
    speed: float = 1.0
    label: str = ""
    analysis_error: str | None = None
    events_error: str | None = None
    callback_errors: list[str] = field(default_factory=list)

    @property
    def alerts(self) -> list[Alert]:
        return [d.alert for d in self.delivered]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per foot: alerts per level, and ``data_stale`` / ``back_to_normal`` events."""
        out: dict[str, dict[str, int]] = {}
        for a in self.alerts:
            key = a.level if a.kind == "alert" else a.kind
            out.setdefault(a.foot, Counter())[key] += 1
        return {foot: dict(c) for foot, c in out.items()}

    def channel_counts(self) -> dict[str, int]:
        return dict(Counter(ch for d in self.delivered for ch in d.delivered))

    def top_suggestions(self, n: int = 3) -> list[tuple[Suggestion, int]]:
        """The suggestions of the warnings and alerts (of every alert if there was none), most often given
        first; at equal counts in the order the suggestion rules give them (most useful first)."""
        alerts = [a for a in self.alerts if a.kind == "alert"]
        urgent = [a for a in alerts if a.level in ("warning", "alert")] or alerts
        counts = Counter(k for a in urgent for k in a.suggestion_keys)  # in the rules' order when tied
        ranked = sorted(counts, key=lambda k: -counts[k])
        return [(SUGGESTIONS[k], counts[k]) for k in ranked[:n]]


def _count_words(c: dict[str, int]) -> str:
    parts = [f"{c[k]} {k.replace('_', ' ')}{'s' if c[k] != 1 and k in ('notice', 'warning', 'alert') else ''}"
             for k in ("alert", "warning", "notice", "data_stale", "back_to_normal") if c.get(k)]
    return ", ".join(parts) or "nothing"


def summary_text(s: LiveSummary, *, report: Path | None = None, report_error: str | None = None) -> str:
    """The end of a live session in plain words; ``report``: the session report's path, ``report_error``:
    why it could not be written."""
    rec = s.record
    sim = f", simulated at {s.speed:g}x" if s.speed != 1 else ""
    head = f"Session: {clock_text(rec.duration_s)} of ride{f' ({s.label}{sim})' if s.label else sim}."
    if rec.recording_error:
        where = [f"Recording stopped early ({rec.recording_error}); what was written before is in {rec.path}"]
    else:
        where = [f"Session recorded in {rec.path}"]
    if report is not None:
        where.append(f"Report: {report} (open it in a browser)")
    elif report_error:
        where.append(f"No report: {report_error}; try `solewatch report {rec.path}`")
    return "\n".join(summary_lines(s, head=head, where=where))


def summary_lines(s: LiveSummary, *, head: str, where: list[str]) -> list[str]:
    """The lines of a session's summary: ``head``, the events and what to try, ``where`` (the session's
    place), referrals and the disclaimer."""
    rec = s.record
    lines = [head]
    counts = s.counts()
    if counts:
        lines.append("Alerts: " + "; ".join(f"{foot} foot {_count_words(counts[foot])}"
                                             for foot in FEET if foot in counts) + ".")
    else:
        lines.append("Alerts: none; no sustained forefoot load was found.")
    ch = s.channel_counts()
    if ch:
        lines.append("Delivered: " + ", ".join(f"{n} by {name}" for name, n in ch.items()) + ".")
    for foot, c in rec.counters.items():
        trouble = [f"{c[k]} {label}" for k, label in (("packets_lost", "packets lost"),
                                                       ("packets_corrupt", "corrupt packets"))
                   if c.get(k)]
        if trouble:
            lines.append(f"Link, {foot}: {', '.join(trouble)}.")
    if rec.gaps:
        lines.append(f"Gaps in the data: {rec.gaps} (recorded in gaps.csv).")
    lines.extend(f"Note: {n}" for n in rec.notes)
    for notice in s.notices:
        if notice.kind in ("battery_low", "analysis_stopped"):
            lines.append(f"Note: {notice.text}")
    top = s.top_suggestions()
    if top:
        lines.append("")
        lines.append("What to try:")
        lines.extend(f"  - {sg.text} (evidence {sg.strength}: {sg.evidence or 'practitioner advice'})"
                     for sg, _ in top)
    lines.append("")
    lines.extend(where)
    if s.events_error:
        lines.append(f"The events file stopped: {s.events_error}")
    lines.append("")
    lines.extend(REFERRALS)
    lines.append(NOT_A_MEDICAL_DEVICE)
    return lines


# ---------------------------------------------------------------------------- running


def link_haptic(link: PairLink, **kwargs: Any) -> HapticChannel:
    """A haptic channel on the link's insoles: a foot whose layout has a motor and is connected now."""

    def available(foot: str) -> bool:
        lay, st, fl = link.layouts.get(foot), link.status.get(foot), link.feet.get(foot)
        return bool(lay and lay.has_haptic and st and st.connected and fl and fl.connected)

    return HapticChannel(link.command, available, **kwargs)


async def run_live(
    link: PairLink,
    meta: SessionMeta,
    *,
    duration_s: float,
    out_dir: Path,
    params: Params = DEFAULT_PARAMS,
    channels: Sequence[Channel] = (),
    events: EventsSink | None = None,
    on_view: Callable[[LiveView], None] | None = None,
    on_delivered: Callable[[Delivered], None] | None = None,
    on_notice: Callable[[LinkNotice], None] | None = None,
    stop: asyncio.Event | None = None,
    config: LiveConfig | None = None,
) -> LiveSummary:
    """Record from an opened ``link`` for ``duration_s`` of session time while detecting and alerting.

    ``channels`` deliver each alert (in this order in its ``delivered`` list), then ``events`` writes its
    line; ``on_delivered`` gets each event once delivered, ``on_view`` a LiveView every
    ``config.view_interval_s``, ``on_notice`` link and recording notices. Stops early when ``stop`` is set;
    the session is closed cleanly in every case.
    """
    config = config or LiveConfig()
    dispatcher = Dispatcher(channels, events=events, on_done=on_delivered)
    live = LiveMonitor(link, meta, duration_s=duration_s, params=params, dispatcher=dispatcher,
                       config=config, on_view=on_view, on_notice=on_notice,
                       post_check=lambda: link.post_event(STALE_CHECK_EVENT))  # recorded like a link event

    async def before_close() -> None:
        live.post_check = None  # the queue is drained next: the last check is made at once, after it
        # alerts from data already received still reach the feet: analyse them while the insoles are
        # connected and the channels open
        await link.caught_up(config.catch_up_host_s)
        for ch in channels:
            closer = getattr(ch, "aclose", None)
            if closer is not None:
                await closer()

    try:
        meta = replace(meta, params=params.to_dict())  # kept with the session: a replay uses them
        record = await record_session(link, meta, duration_s=duration_s, out_dir=out_dir, progress=live.tick,
                                      on_frames=live.on_frames, on_event=live.on_event,
                                      on_arrival=live.core.arrival,
                                      before_close=before_close, stop=stop,
                                      progress_interval_s=config.view_interval_s)
    finally:
        live.flush()  # the frames the link's drain delivered after the last tick
        await dispatcher.aclose()
        for ch in channels:
            closer = getattr(ch, "close", None)
            if closer is not None:
                closer()
    return LiveSummary(record, list(dispatcher.delivered_), live.pipeline.summary(), list(live.notices_),
                       speed=link.config.speed, label=meta.label, analysis_error=live.analysis_error,
                       events_error=str(events.error) if events is not None and events.error else None,
                       callback_errors=list(live.callback_errors))


_CONNECT_ERRORS = (DeviceNotFound, ConnectionLost, ProtocolError, BleakError, OSError, asyncio.TimeoutError)


async def open_pair(backends: Backends, config: LinkConfig, *, left: str | None = None,
                    right: str | None = None, nearest: bool = False, scan_timeout_s: float = 10.0,
                    nearest_scan_s: float = 3.0, stop: asyncio.Event | None = None) -> PairLink | None:
    """Connect the insoles to monitor; None if ``stop`` was set first (nothing is left open).

    With ``left``/``right`` the named insoles; otherwise the insoles a scan finds, strongest signal
    first, until one of each foot is connected (``nearest``: scan for ``nearest_scan_s`` to see every
    insole in range; else stop at the first two seen). ``stop`` is checked between steps: a scan or a
    connection under way is finished (each bounded by its timeout), then closed, never cut mid-exchange
    with the radio.
    """
    link = PairLink(backends, config)
    done = False
    try:
        if left or right:
            expect = {f: a for f, a in (("left", left), ("right", right)) if a}
            devices = []
            for address in expect.values():
                devices.append(await find_address(backends, address, timeout_s=scan_timeout_s))
                if stop is not None and stop.is_set():
                    return None
            await link.open(devices, expect=expect)
            if stop is not None and stop.is_set():
                return None
        else:
            found = await scan(backends, timeout_s=nearest_scan_s if nearest else scan_timeout_s,
                               enough=None if nearest else 2)
            if stop is not None and stop.is_set():
                return None
            if not found:
                raise DeviceNotFound("no Solewatch insole found; is it awake and in range?")
            for insole in found:
                if len(link.feet) == 2:
                    break
                if stop is not None and stop.is_set():
                    return None
                with contextlib.suppress(*_CONNECT_ERRORS):
                    await link.open([insole.device])
            if stop is not None and stop.is_set():
                return None
            if not link.feet:
                raise DeviceNotFound(f"none of the {len(found)} insole(s) found would connect")
        done = True
        return link
    finally:
        if not done:
            await link.close()
