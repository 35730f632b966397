"""The live session: record exactly as ``record`` does, and detect, alert and show while the ride goes on.

One idea: the live session, the state the recorder's hooks feed (``LiveMonitor``: frames and events to the
analysis core, alerts to the dispatcher, each tick's stale-data check and view) and the call that runs it
(``run_live``); what it is made of (the analysis core, delivery, the view's clock and peaks, the recorder,
the summary) are modules of their own.

:func:`run_live` wraps :func:`monitor.live.recorder.record_session` (same session directory) with hooks in the
link's consumer task: the assembled FrameBlocks go through a SessionPipeline, its assessments through the
AlertPolicy, and every alert to a :class:`monitor.live.delivery.Dispatcher` (terminal, haptic, sound, the
phone view's pages, events file). A few times a second the session's state becomes a :class:`monitor.live.view.LiveView`
for the terminal view, and stale data is checked. The library never prints: the caller gets views, delivered
events and link notices through callbacks, and a :class:`LiveSummary` at the end.

Detection is the :class:`monitor.analysis.streaming.AnalysisCore` that ``solewatch replay`` drives from the
raw log: frames reach the pipeline in batches of about ``max_batch_host_s`` of host time (at real time,
every notification), and a stale-data check the timer asks for goes through the link's record stream, so
the raw log holds it. Every decision then depends on the recorded stream alone, and a replay of the
session gives the same events in the same order.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from monitor.analysis.alerts import Alert
from monitor.analysis.declared import declared_activity, declared_word
from monitor.analysis.marks import RIDER_MARK_EVENT, RIDER_MARK_KIND, mark_event
from monitor.analysis.streaming import STALE_CHECK_EVENT, AnalysisCore, LinkNotice
from monitor.codebook import FrameBlock
from monitor.link.ble import BATTERY_LOW_PCT, PairLink
from monitor.link.transport_words import transport_of
from monitor.live.analysis_lag import AnalysisLag, late_words
from monitor.live.config import LiveConfig
from monitor.live.delivery import (
    Channel,
    Delivered,
    Dispatcher,
    EventsSink,
    HapticChannel,
)
from monitor.live.recent_peaks import RecentPeaks
from monitor.live.record_progress import RecordProgress
from monitor.live.recorder import SessionMeta, record_session
from monitor.live.summary import LiveSummary
from monitor.live.summary_head import end_word
from monitor.live.view import FootView, LiveView, shown_level
from monitor.live.view_clock import PacketRates, ViewClock, relief_clock_s, relief_hole_s
from monitor.signal.baseline import RiderBaseline
from monitor.signal.coarse_regions import shown_masks, unmeasured_regions
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.util.hostclock import host_clock_s
from monitor.util.plain_text import error_line

# ---------------------------------------------------------------------------- what the view shows


#: A tick this many view intervals after the last one follows a host stall (guess: a loaded host's timer
#: is late by one interval or so, a stall by many).
STALLED_TICKS = 3

#: The rider's latest marks a view carries (guess: the last few are all a glance needs).
MARKS_SHOWN = 5

#: How the banner ranks the current events of the two feet.
_BANNER_RANK = {"alert": 4.0, "warning": 3.0, "data_stale": 2.5, "notice": 1.0}


def _banner_rank(a: Alert) -> float:
    return _BANNER_RANK.get(a.kind if a.kind != "alert" else a.level or "", 0.0)


# ---------------------------------------------------------------------------- the session


class LiveMonitor:
    """The live session's state; its methods are the record_session hooks (consumer task) and the tick.

    Detection is an :class:`monitor.analysis.streaming.AnalysisCore` fed in record order, so a replay of the
    recorded session makes the same decisions. ``post_check()``, while the link streams, puts a
    stale-data check into the link's record stream (recorded in the raw log, made where it stands);
    without it (a monitor driven by hand, or once streaming has ended) the tick flushes and checks at once.
    """

    def __init__(self, link: PairLink, meta: SessionMeta, *, duration_s: float | None, params: Params,
                 dispatcher: Dispatcher, config: LiveConfig, baseline: RiderBaseline | None = None,
                 on_view: Callable[[LiveView], None] | None,
                 on_notice: Callable[[LinkNotice], None] | None,
                 post_check: Callable[[], None] | None = None) -> None:
        self.link, self.meta, self.config = link, meta, config
        self.duration_s = duration_s if duration_s is not None and math.isfinite(duration_s) else None
        self.dispatcher = dispatcher
        self.on_view, self.on_notice = on_view, on_notice
        self.post_check = post_check
        self._kept_baseline, self._focal_norm = baseline, params.detector.focal_norm
        #: the session's declared pedals (its setup, once): the analysis's and the views' (LiveView.pedals)
        self.pedals: str | None = (getattr(meta, "setup", None) or {}).get("pedals")
        layouts = link.layouts
        self.core = AnalysisCore(layouts, speed=link.config.speed, params=params,
                                 max_batch_host_s=config.max_batch_host_s,
                                 max_lag_host_s=config.view_interval_s, emit=self._emit,
                                 notice=self._notice, stamp=host_clock_s, on_batch=self._batch,
                                 activity=declared_activity(meta.activity), baseline=baseline, machine=meta.activity,
                                 pedals=self.pedals)
        self._check_posted = False  # a check is in the record stream, not yet made
        self._due_at_tick: float | None = None  # session time of the last tick that found a check due
        self._last_tick_s: float | None = None
        self.pipeline = self.core.pipeline
        self._peaks = {f: RecentPeaks(shown_masks(lay), config.view_window_s) for f, lay in layouts.items()}
        self._layouts_calibrated = {f: bool(lay.calibrated) for f, lay in layouts.items()}  # else nominal units
        self._calibrated = all(self._layouts_calibrated.values())  # else nominal units, not kPa
        self._unmeasured = {f: unmeasured_regions(lay) for f, lay in layouts.items()}  # no sensor there
        self._transport = transport_of(layouts)  # the views say the link in its words
        self._rates, self._clock = PacketRates(layouts), ViewClock(self.duration_s)
        self.notices_: list[LinkNotice] = []
        self.callback_errors: list[str] = []  # a view or notice callback that failed (the session goes on)
        self._recording_error: str | None = None
        self._recording_stopped_s: float | None = None  # session time the recording was first seen stopped
        self._progress: RecordProgress | None = None
        self.last_view: LiveView | None = None
        self._marks: deque[Alert] = deque(maxlen=MARKS_SHOWN)
        #: the newest event told so far (session s): a view's clock is never behind it (ViewClock)
        self._told_s = -math.inf
        self.declared_word = declared_word(meta.activity)  # what the views say for the detector's class
        #: the detector's class before its first window: the declared one, else not known (a walk declared
        #: shows no relief clock from its first view, as after it)
        self._activity_before = declared_activity(meta.activity) or "unknown"
        #: how far the analysis runs behind the session's time, and how late each event was issued (session s),
        #: "now" never past the session's end (its duration; the recording's end: :meth:`ended`)
        self.lag = AnalysisLag(settle_s=params.features.settle_s, end_s=self.duration_s)
        self._late: dict[Alert, str] = {}  # per event issued, how late in words ("" in time)

    @property
    def alerts_(self) -> list[Alert]:
        return self.core.alerts_

    @property
    def analysis_error(self) -> str | None:
        return self.core.analysis_error

    # ---------------------------------------------------------------- consumer task
    def on_frames(self, block: FrameBlock) -> None:
        host_s = getattr(self.link, "host_s", None)  # none: a link made by hand, no lag measured
        if block.n_frames and host_s is not None:  # judged from now: how far behind the session's time
            self.lag.handed(float(block.t_s[-1]), host_s() * self.link.config.speed)
            with_data = block.t_s[~np.isnan(block.pressure_kpa).all(axis=1)]
            if with_data.size:  # a foot's silence, which can hold an event late
                self.lag.data(str(block.foot), float(with_data[0]), float(with_data[-1]))
        self.core.frames(block)

    def _batch(self, block: FrameBlock) -> None:
        valid = ~np.isnan(block.pressure_kpa).all(axis=1)
        if valid.any():
            self._peaks[block.foot].add(block.t_s[valid], block.pressure_kpa[valid])

    def on_event(self, session_s: float, event: dict[str, Any]) -> None:
        if event.get("event") == STALE_CHECK_EVENT:
            self._check_posted = False
        self.core.event(session_s, event)

    def ended(self) -> None:
        """The recording ended (its duration reached, or stopped): a backlog analysed after it adds no lag."""
        host_s = getattr(self.link, "host_s", None)
        if host_s is not None:
            self.lag.ended(host_s() * self.link.config.speed)

    def _emit(self, alert: Alert, since: float | None) -> None:
        host_s = getattr(self.link, "host_s", None)  # how late it is issued, for its line and the end summary;
        late: tuple[float | None, bool] = (None, False)  # found in a silence, it is told after it ends, not late
        if host_s is not None and alert.data_until_s is None:
            late = self.lag.issued(alert.kind, alert.t_s, host_s() * self.link.config.speed, alert.foot)
            self._late[alert] = late_words(*late)  # the views say it, as the terminal's line of it
        if alert.kind == RIDER_MARK_KIND:
            self._marks.append(alert)
        self._told_s = max(self._told_s, alert.t_s)
        self.dispatcher.submit(alert, since=since, late_s=late[0], after_end=late[1])
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
            self.callback_errors.append(error_line(exc))  # said at the end on one line

    # ---------------------------------------------------------------- periodic tick (host timer)
    def flush(self) -> None:
        """Analyse every frame still waiting for its batch."""
        self.core.flush()

    def tick(self, p: RecordProgress) -> None:
        """Check for stale data (through the record stream while it flows), and publish a view."""
        if self.post_check is None:
            self.core.flush()
            self.core.check_stale(p.session_s)
        elif not self._check_posted and self.core.stale_due(p.session_s) and not self._past_end(p.session_s):
            if self._due_at_tick is not None or self._tick_on_time(p.session_s):
                self._check_posted = True
                self.post_check()
            self._due_at_tick = p.session_s
        else:
            self._due_at_tick = None
        self._last_tick_s = p.session_s
        if p.recording_error and self._recording_error is None:
            self._recording_error, self._recording_stopped_s = p.recording_error, p.session_s
            # when it was noticed, not how far the recording goes: the raw log on disk ends at its last flush
            # before it, the time the summary says
            self._notice(LinkNotice(p.session_s, None, "recording_stopped",
                                    f"recording failed (noticed now): {p.recording_error}; what came after the "
                                    "raw log's last flush is not in the recording; live alerts go on"))
        self._rates.add(p.session_s, p.packets)
        self._progress = p
        self._publish(p)

    def _past_end(self, session_s: float) -> bool:
        """Whether a check now would judge silence past the ride's end: a simulation (speed above 1) past
        its duration with no foot heard for ``stale_after_s``, so the check's clock is the host's x the
        speed (``AnalysisCore.stale_clock``), not the data's (a host that lags, frames still arriving
        after the duration, has its checks made). The recorder waits there for the link to give the feet
        up, which is not the ride's: a session whose insoles stopped ends at its duration
        (monitor.live.record_span.gone_span), and its last check, made at its end, judges up to there, as
        ``analyze`` does (had: NO DATA dated after the session's end, told live only)."""
        if self.duration_s is None or self.link.config.speed <= 1.0:
            return False
        return session_s > self.duration_s and not self.core.sending(session_s)

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
        """The session now (``p``), its time (header, relief clock) never back and never past the duration:
        the recorder waits on past it for the last data, or for the link to give up insoles that stopped
        (5 s of host time, 200 s at 40x), and its final snapshot is back at about the duration; nor before the
        newest event told (the banner's, a mark's, DATA BACK's line), dated after the snapshot was taken
        (ViewClock)."""
        now_s, feet, runs = self._clock.shown(p.session_s, self._told_s), {}, self.core.data_runs()
        behind_s = self.lag.behind_s()  # beyond its bound: the views say so
        for foot in self.link.layouts:
            st = self.link.status.get(foot)
            pipe = self.pipeline.feet[foot]
            w = pipe.windows_[-1] if pipe.windows_ else None
            a = pipe.assessments_[-1] if pipe.assessments_ else None
            # none until a window ending in the data the foot has now closes (after a link that came back,
            # the newest ends in the hole); for a foot without data now (FootView): none
            # 0 while a relief goes on, and from its end once it ended, before a window after it settles
            # (the foot's newest samples: FeatureAccumulator.relief_in_progress, ReliefTracker.unload_t_s)
            # counted to the foot's newest analysed sample, whether the analysis keeps up or not: switching
            # to it only beyond the lag's bound stepped the clock back by about the bound (10 s), and on by it
            # as the analysis caught up
            fa = pipe.features
            judged_s = min(now_s, self.core.last_data_s.get(foot, now_s))
            since_relief = relief_clock_s(w, judged_s, runs.get(foot, ()), fa.relief_in_progress is not None,
                                          fa.relief.unload_t_s)
            hole_s = relief_hole_s(w, judged_s, runs.get(foot, ()), since_relief, fa.relief.unload_t_s)
            battery = st.battery_pct if st else None
            battery_level = st.battery_level if st else None
            level, pattern, region = shown_level(a, self.core.current_.get(foot))
            act = w.activity if w else self._activity_before
            kept = self._kept_baseline.get(foot, act) if self._kept_baseline is not None else None
            focal_normal = dict(kept.focal) if kept is not None and kept.focal else \
                dict(self._focal_norm.get(act) or self._focal_norm.get("unknown") or {})
            feet[foot] = FootView(
                foot=foot, connected=bool(st and st.connected), lost=bool(st and st.lost),
                region_kpa=self._peaks[foot].now(self.core.last_data_s.get(foot, now_s)),
                forefoot_share=w.forefoot_share if w else math.nan, time_since_relief_s=since_relief,
                relief_hole_s=hole_s,
                activity=act, cadence_per_min=w.cadence_per_min if w else math.nan,
                level=level, pattern=pattern, region=region, focal_normal=focal_normal,
                packets_per_s=self._rates.per_s[foot],
                packets_lost=p.lost.get(foot, 0), packets_corrupt=p.corrupt.get(foot, 0),
                packets_out_of_time=p.out_of_time.get(foot, 0),
                gaps=p.gaps.get(foot, 0), reconnects=st.reconnects if st else 0, battery_pct=battery,
                battery_level=battery_level,
                battery_low=(battery <= BATTERY_LOW_PCT) if battery is not None
                else battery_level == "low", declared_word=self.declared_word, stale=self.core.is_stale(foot),
                calibrated=self._layouts_calibrated.get(foot, True),
                share_measured=pipe.reducer.complete, unmeasured=self._unmeasured[foot])
        # the banner's event first, the other feet's under it (a notice under a no-data banner stays said)
        standing = sorted(self.core.current_.values(), key=lambda a: (_banner_rank(a), a.t_s), reverse=True)
        current = standing[0] if standing else None
        return LiveView(session_s=now_s, duration_s=self.duration_s, feet=feet, current_alert=current,
                        others=tuple(standing[1:]), alerts=sum(a.kind == "alert" for a in self.alerts_),
                        recording=p.recording_error is None, recording_error=p.recording_error,
                        recording_stopped_s=self._recording_stopped_s if p.recording_error else None,
                        label=self.meta.label, marks=tuple(self._marks), calibrated=self._calibrated,
                        transport=self._transport, analysis_behind_s=behind_s,
                        late={a: w for a in (*standing, *self._marks) if (w := self._late.get(a))},
                        pedals=self.pedals)


# ---------------------------------------------------------------------------- running


def mark_numb(link: PairLink, foot: str, source: str) -> None:
    """The rider says ``foot`` ("left", "right") tingles or goes numb now (``source``: "web", "terminal"):
    a ``rider_mark`` event into the link's record stream, so the raw log holds it in order with the data and
    the analysis core gives it back as an event (monitor.analysis.marks). ValueError for another foot."""
    link.post_event(RIDER_MARK_EVENT, foot=foot, **mark_event(foot, source))


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
    baseline: RiderBaseline | None = None,
    on_ending: Callable[[], None] | None = None,
) -> LiveSummary:
    """Record from an opened ``link`` for ``duration_s`` of session time while detecting and alerting.

    ``channels`` deliver each alert (in this order in its ``delivered`` list), then ``events`` writes its
    line; ``on_delivered`` gets each event once delivered, ``on_view`` a LiveView every
    ``config.view_interval_s``, ``on_notice`` link and recording notices. Stops early when ``stop`` is set;
    the session is closed cleanly in every case. ``baseline``: the rider's normal from earlier sessions
    (kept with the session as baseline.json, so a replay judges alike); the summary's ``baseline`` is what
    this session learnt. ``on_ending()`` runs once the recording has ended (its duration reached, or ``stop``),
    as the session's close begins: what is said after it is no longer live.
    """
    config = config or LiveConfig()

    dispatcher = Dispatcher(channels, events=events, on_done=on_delivered)
    live = LiveMonitor(link, meta, duration_s=duration_s, params=params, dispatcher=dispatcher,
                       config=config, baseline=baseline, on_view=on_view, on_notice=on_notice,
                       post_check=lambda: link.post_event(STALE_CHECK_EVENT))  # recorded like a link event

    async def before_close() -> None:
        live.ended()
        if on_ending is not None:  # a caller that fails does not stop the close (said at the end)
            live._call(lambda _: on_ending(), None)
        live.post_check = None  # the queue is drained next: the last check is made at once, after it
        # alerts from data already received still reach the feet: analyse them while the insoles are
        # connected and the channels open
        await link.caught_up(config.catch_up_host_s)
        for ch in channels:
            closer = getattr(ch, "aclose", None)
            if closer is not None:
                await closer()

    try:
        meta = replace(meta, params=params.to_dict(),  # kept with the session: a replay uses them
                       baseline=None if baseline is None else baseline.kept_with_session(meta.activity).to_dict())
        record = await record_session(link, meta, duration_s=duration_s, out_dir=out_dir, progress=live.tick,
                                      on_frames=live.on_frames, on_event=live.on_event,
                                      on_arrival=live.core.arrival,
                                      before_close=before_close, stop=stop,
                                      progress_interval_s=config.view_interval_s,
                                      stale_after_s=params.alerts.stale_after_s)
    finally:
        live.flush()  # the frames the link's drain delivered after the last tick
        live.core.end()  # and the assessments still waiting for the other foot's
        await dispatcher.aclose()
        for ch in channels:
            closer = getattr(ch, "close", None)
            if closer is not None:
                closer()
    own = RiderBaseline({f: p.detector.own_baseline_ for f, p in live.pipeline.feet.items()})
    summary = LiveSummary(record, list(dispatcher.delivered_), live.pipeline.summary(), list(live.notices_),
                          speed=link.config.speed, label=meta.label, analysis_error=live.analysis_error,
                          events_error=str(events.error) if events is not None and events.error else None,
                          callback_errors=list(live.callback_errors), baseline=live.pipeline.baseline_(),
                          own_normal=own, setup=getattr(meta, "setup", None), warn_after_s=params.detector.warn_after_s,
                          shown=live.core.policy.shown(), declared_word=live.declared_word, normal=baseline,
                          data_s=live.core.data_s(), data_runs=live.core.data_runs(), unchecked=live.core.unchecked(),
                          checks_nothing=live.core.checks_nothing(),
                          baseline_s=params.detector.baseline_s, sensor_gaps=live.core.sensor_gaps(),
                          relief_min_s=params.features.relief_min_s, strikes=live.core.policy.measured.whole(),
                          normal_judged_s=live.pipeline.normal_judged_s(),
                          normal_judged_any=live.pipeline.normal_judged_any())
    return replace(summary, lag_note=live.lag.note(end_word(summary)))  # "issued after the run's end"


