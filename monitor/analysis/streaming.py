"""The analysis core of a live session and of its replay: frames in record order -> per-foot batches ->
pipeline -> alert policy, with stale-data checks at fixed points of the record stream. Pure (no I/O).

``solewatch live`` (monitor.live.session) feeds it the FrameBlocks the link's assembler makes; ``solewatch
replay`` (monitor.live.replay) feeds it the FrameBlocks the same assembler makes from the session's raw log.
One idea: the analysis core of live and replay (its length is the batches, the frames held from the
pipeline, the stale-data clock and the deferred runs, which must all decide alike).
Everything it decides depends on the records and their order only, never on the wall clock:

* **Batches.** A foot's frames wait for the pipeline until ``batch_frames`` of them are there (about
  ``max_batch_host_s`` of host time at the session's speed), or until another foot's data is
  ``max_lag_host_s`` of host time (in session seconds) ahead of the oldest one waiting (a foot that stops
  sending), or until a stale-data check (below). At real time every notification is a batch of its own.
* **Held frames.** A batch goes to the policy's data clock and ``on_batch`` at once, to the pipeline once
  its frames reach the time a window can become final (``FootPipeline.next_final_s``, every 10 s) or come
  within ``HOLD_LEAD_S`` of it: frames before it give no assessment, so every event comes out at the same
  batch (tests/test_streaming_hold.py), for a few pipeline calls per 10 s instead of one per notification.
* **Stale data.** A stale-data check runs where a ``stale_check`` event stands in the record stream: the
  live monitor's timer puts one into the link's queue when a foot looks stale, so the raw log holds it and
  a replay makes the same check at the same point (:data:`STALE_CHECK_EVENT`). The frames waiting for their
  batch go to the data clock before it judges: received is not missing (had, both feet stopped at 40x: up
  to 79 frames of a foot waited, it was stale that much early, and given at the session's end they said its
  data were back). A foot is stale when its newest frame is ``stale_after_s`` behind the check's clock and
  none of its frames has arrived for as long; a foot of the session that has sent none yet counts from the
  session's start (0 s). Arrival is the time of the
  notification that brought the frames (host time x speed, in the raw log): a host too busy to keep up, or one
  that stalled, delivers old data late, but it delivers, so no foot looks stale for it. The clock is the newest
  frame of any foot while some foot's frames arrive, the event's session time once none has for ``stale_after_s``;
  the data-stale event is dated when the foot's silence reached ``stale_after_s`` (monitor.analysis.alerts).
  A silence in the frames' own times is missing data however they arrived: a batch whose frames with data
  come ``stale_after_s`` or more after the foot's newest before them checks that foot there first, as a batch
  analysis does (monitor.analysis.batch_clock; a host still delivering the frames of before a pause of the
  stream when the frames of after it come had no check find it). When a stale foot's frames with data
  arrive again, the batch that brings them gives a data-back event (monitor.analysis.alerts) at its first
  frame with data, and the data-stale event stands no more: the
  alert that stood before it stands again, unless a back-to-normal or a newer alert ended it meanwhile.
  A first alert or an escalation dated in the silence (``Alert.data_until_s``: found in the data before it,
  monitor.analysis.alerts) is told after the data-back event, not while NO DATA stands; at the session's
  end if the data never came back.
* **Order.** The events one batch, one check or one mark gives leave together in ``t_s`` order (stable on a
  tie): a check that finds a foot stale also hands the policy the other foot's
  assessments that waited for it, of earlier windows. Groups leave in the order the batches and checks
  happen, never held back for a later one, so an event can follow a later-timed one of an earlier group
  (docs/events-json.md). The pipeline's answers do not depend on how frames are batched (streaming equals
  batch).
* **Marks.** A rider's mark is given back where it stands in the record stream, unless by the data received
  its foot had sent none by it: then once those data have reached its time (:meth:`AnalysisCore._marks_due`),
  so a host that delivers the ride's data late does not make a foot look silent at a mark.
* **Steps.** Each stance the pipeline finds is measured on the frames around it as they come
  (monitor.analysis.steps_so_far), as ``analyze`` measures it, and its footstrike goes to the policy before
  the assessments of later windows: an alert is told the footstrike of the foot's steps with an initial
  contact before its time (monitor.analysis.alerts.AlertPolicy.steps), however the frames are batched.
* **Both feet.** Assessments go to the policy through monitor.analysis.unilateral, which judges each foot's
  lateral balance and MTH2-3 focal ratio against the other's and so holds a foot's assessment until the
  other foot's of the same time is in (or the other foot skips it, a data-stale event's silence holds it,
  or :meth:`AnalysisCore.end` closes the session); the silence runs from the foot's newest data before
  it to its first frame with data after it, told to the comparison when that frame is received, not when
  its batch goes to the policy (its data-back event): the other foot's windows that become final after it
  then wait for the foot's of the same time, as ``analyze`` pairs them.

``deferred=True`` (a replay as fast as possible) keeps the same decisions but runs the pipeline over many
batches at once (:meth:`AnalysisCore.run_deferred`): it costs far less per frame, and each assessment is
handed to the policy at the batch that would have produced it, the one holding the first frame at or after
its window's end plus ``features.settle_s`` (the time a window waits for late cycles before it is final,
monitor.signal.features), or, where that is later, the frame that released the frames an uncalibrated
insole's foot held for its first loaded level (``FootPipeline.released_s``, monitor.signal.nominal_scale). A
pipeline that answers elsewhere raises :class:`DeferredMismatch`, and the caller replays batch by batch
instead.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from monitor.analysis.absent_words import no_data_message
from monitor.analysis.alerts import Alert, AlertPolicy
from monitor.analysis.marks import (
    RIDER_MARK_EVENT,
    RIDER_MARK_KIND,
    RiderMark,
    delivery_allowance_s,
    mark_alert,
    mark_from_event,
    unwatched_since_s,
)
from monitor.analysis.sensor_gaps import GapWords, gap_words
from monitor.analysis.stale_checks import SESSION_START_S, stale_clock
from monitor.analysis.steps_so_far import FootStepsSoFar
from monitor.analysis.unchecked import feet_reads, unchecked_all, unchecked_words
from monitor.analysis.unilateral import UnilateralCheck
from monitor.codebook import FrameBlock, SensorLayout
from monitor.link.records import event_number, link_event_s, recorded_event_s
from monitor.link.silent_back import SILENT_BACK_EVENT, silent_back_words
from monitor.link.transport_words import RADIO, TransportWords, transport_of
from monitor.session.absence import ABSENT_MIN_S, DataRunsSoFar, longest_data_time_s
from monitor.session.ride_over import is_dropped_after_end
from monitor.signal.baseline import RiderBaseline
from monitor.signal.params import Params
from monitor.signal.pipeline import FootPipeline, SessionPipeline
from monitor.signal.types import Assessment
from monitor.util.plain_text import error_line, one_line
from monitor.util.pressure_units import feet_units_differ

#: The link event that asks for a stale-data check at its place in the record stream.
STALE_CHECK_EVENT = "stale_check"
#: Frames of one foot a deferred run gives the pipeline at once: a minute at 100 Hz, the slice the
#: pipeline works in (monitor.signal.pipeline), so ``last_windows_`` holds every window of a call.
DEFERRED_CHUNK = 6000
#: Session seconds before a window can become final at which held frames go to the pipeline, so the batch
#: that completes it brings few frames (guess: 25 frames at 100 Hz, a small part of the 100-ms budget).
HOLD_LEAD_S = 0.25
#: Frames of one foot held at most (the pipeline's slice): bounded memory where session time stalls.
HOLD_MAX_FRAMES = 6000


@dataclass(frozen=True)
class LinkNotice:
    """Something about the link or the recording the person should see once (not an alert)."""

    t_s: float
    foot: str | None
    #: disconnected, reconnected, silent_after_reconnect, foot_lost, reconnection_failed,
    #: reconnection_refused, battery_low, recording_stopped, analysis_stopped
    kind: str
    text: str


def notice_for(t_s: float, ev: dict[str, Any], words: TransportWords = RADIO,
               framed: Container[str] | None = None) -> LinkNotice | None:
    """The notice a link event gives the person (None for events that give none), a foot down or back in the
    ``words`` of the insoles' transport (monitor.link.transport_words: a BLE insole disconnects; the Moticon
    stream's datagrams come on without a foot's half). ``framed``: the feet that had sent a frame by the
    event (None: not known, taken as every foot); a foot back that had not sent one has no gap recorded. A
    foot down at or after the session's end (``after_end``, marked by monitor.live.record_notes.dropped_after_end,
    read by monitor.session.ride_over.is_dropped_after_end) gives none: the ride was over."""
    name, foot = ev.get("event"), ev.get("foot")
    if is_dropped_after_end(ev):  # the ride was over: no fault, nothing reconnects
        return None
    if name == "disconnected":
        return LinkNotice(t_s, foot, name, words.down_notice(str(foot)))
    if name == "reconnected":
        down = ev.get("down_session_s")
        return LinkNotice(t_s, foot, name, words.back_notice(str(foot), down if isinstance(down, (int, float))
                                                             else None, framed is None or foot in framed))
    if name == "foot_lost":
        return LinkNotice(t_s, foot, name, one_line(str(ev.get("note") or f"{foot} insole lost")))
    if name == "reconnection_failed":  # one line, though a recording made before held its error's line breaks
        return LinkNotice(t_s, foot, name, one_line(str(ev.get("note") or f"{foot} insole lost: its "
                                                        f"reconnection failed ({ev.get('error')})")))
    if name == "reconnection_refused":  # why a foot down stays down though its insole answers
        return LinkNotice(t_s, foot, name, one_line(str(ev.get("note") or f"{foot} insole refused at its "
                                                        f"reconnection ({ev.get('error')})")))
    if name == SILENT_BACK_EVENT:  # back on its link, and no data after it for the data-stale delay
        return LinkNotice(t_s, foot, name, silent_back_words(str(foot), event_number(ev.get("since_s"))))
    if name == "battery_low":  # a percentage, or a level only (ORPHE INSOLE: "low")
        pct = ev.get("level_pct")
        told = f" ({pct} %)" if pct is not None else ""
        return LinkNotice(t_s, foot, name, f"{foot} insole battery low{told}: charge it after the ride")
    return None


class DeferredMismatch(RuntimeError):
    """The pipeline finished a window at another batch than the one a deferred run gives it to."""


# the operations a deferred run replays in order
_BATCH, _CHECK, _NOTICE, _MARK, _BACK = 0, 1, 2, 3, 4


class AnalysisCore:
    """One session's pipeline and alert policy, fed frames and link events in record order.

    Parameters
    ----------
    layouts : dict foot -> SensorLayout
    speed : float
        Device seconds per host second of the session (SessionInfo.speed, LinkConfig.speed).
    params : Params
    max_batch_host_s : float
        Host seconds of frames a batch holds at most (monitor.live.session.LiveConfig).
    max_lag_host_s : float
        Host seconds another foot's data may run ahead of a foot's waiting frames (guess: the live view's
        refresh interval, so what the view shows is at most one refresh behind).
    emit : callable(alert, since)
        Gets every event of the alert policy in order; ``since`` is the ``stamp()`` of the oldest frame of
        the batch that raised it (None for a stale-data event or without ``stamp``).
    notice : callable(LinkNotice), optional
        Gets the notices of link events and of a failed analysis, in order with the alerts.
    stamp : callable() -> float, optional
        When frames arrive (the live monitor: ``time.monotonic``), for alert latencies.
    on_batch : callable(FrameBlock), optional
        Gets each batch just before the pipeline does (the live view's recent peaks); not in deferred runs.
    deferred : bool
        Run the pipeline only in :meth:`run_deferred` (a replay as fast as possible).
    hold_frames : bool
        Hold frames from the pipeline (the module docstring); False feeds each batch at once (the same
        events at the same batches, at a higher cost).
    pedals :
        The rider's declared pedals (clipless, toe-clips, flat; None: not declared): toe clips change the
        suggestions (monitor.analysis.suggestions).
    activity, baseline :
        A declared activity (a pipeline label) and the rider's normal from earlier sessions, as
        monitor.analysis.batch.analyze takes them.
    machine :
        The session's declared word where it names a stepping machine ("elliptical", "stair_climber"),
        whose own normal the machine class keeps and uses (monitor.signal.baseline.normal_key).
    lost :
        Per foot whose frames a replayed raw log lost, the frames its close counted (ReplaySource.lost): a mark
        on it says so (monitor.analysis.marks.no_data_words), not that the foot sent no data, and so does its
        data-stale event's message, in analyze's words (monitor.analysis.absent_words.no_data_message), at the
        stale check's time.

    Results: ``alerts_`` (every event emitted), ``last_data_s`` (newest frame with data per foot),
    :meth:`data_s` (the time with data),
    ``current_`` (per foot, the event standing now: the latest alert or stale-data event, until
    back-to-normal or data; a rider's mark or a data-back event never stands; the alert a stale-data event
    stood over stands again when the data are back, unless a back-to-normal or a later alert ended it
    meanwhile: missing data never end an alert), ``analysis_error`` (the pipeline failed: analysis stopped,
    text).
    """

    def __init__(self, layouts: dict[str, SensorLayout], *, speed: float, params: Params,
                 max_batch_host_s: float, max_lag_host_s: float = 0.1,
                 emit: Callable[[Alert, float | None], None],
                 notice: Callable[[LinkNotice], None] | None = None, stamp: Callable[[], float] | None = None,
                 on_batch: Callable[[FrameBlock], None] | None = None, deferred: bool = False,
                 activity: str | None = None, baseline: RiderBaseline | None = None,
                 pedals: str | None = None, hold_frames: bool = True, machine: str | None = None,
                 lost: Mapping[str, int] | None = None) -> None:
        self.params = params
        self.lost = dict(lost or {})
        # hours: bounded memory; no cycle's features kept (nothing here reads them: the summary keeps its sums)
        self.pipeline = SessionPipeline(layouts, None, params, keep_history=False, max_cycle_features=0,
                                        activity=activity, baseline=baseline, machine=machine)
        self.policy = AlertPolicy(params.alerts, pedals=pedals, relief_min_s=params.features.relief_min_s)
        self._steps = {f: FootStepsSoFar(f, lay) for f, lay in layouts.items()}  # each stance's footstrike
        for pipe in self.pipeline.feet.values():
            pipe.stances_found_, pipe.stances_counted_ = [], []
        self.policy.start(layouts)  # a foot that never sends is stale too, counted from the session's start
        self._feet = tuple(layouts)
        self._words = transport_of(layouts)  # a foot down or back in the words of the insoles' transport
        self._activity: dict[str, str | None] = dict.fromkeys(layouts, activity)  # per foot, its latest known
        self.unilateral = UnilateralCheck(layouts, params, baseline, feet_units_differ(layouts))
        self._emit_to, self._notice_to, self._stamp, self._on_batch = emit, notice, stamp, on_batch
        self.deferred = deferred
        self.batch_frames = {f: max(1, int(lay.current_rate_hz * speed * max_batch_host_s))
                             for f, lay in layouts.items()}
        self.max_lag_s = max_lag_host_s * speed
        self._mark_late_s = delivery_allowance_s(speed)  # a mark's foot's data may be on their way this long (s)
        self._marks_waiting: list[RiderMark] = []  # in order: marks whose data check waits for the data to come
        self._framed_to: dict[str, float] = {}  # per foot, its newest frame received (session s), a reading or not
        self._buf: dict[str, list[FrameBlock]] = {f: [] for f in layouts}
        self._buffered = dict.fromkeys(layouts, 0)
        self._oldest_t: dict[str, float] = {}  # first frame time waiting, per foot
        self._arrived: dict[str, float] = {}  # stamp of the oldest frames waiting, per foot
        self._newest_t = -math.inf  # newest frame of any foot received
        self._received_t = -math.inf  # likewise, analysed or not: the session time the data have reached
        self._received_at = -math.inf  # the arrival (host time x speed) of the notification that brought it
        self._record_s = -math.inf  # arrival (session time) of the notification being assembled
        self._heard_s: dict[str, float] = {}  # per foot, arrival of its newest frames with data
        self._stale: set[str] = set()
        self.last_data_s: dict[str, float] = {}
        self._data_runs = {f: DataRunsSoFar(1.0 / float(layouts[f].current_rate_hz)) for f in layouts}
        self._framed: set[str] = set()  # the feet that sent a frame so far, a reading or not
        self.current_: dict[str, Alert] = {}
        self._under_stale: dict[str, Alert] = {}  # per foot, the alert its standing data-stale event covers
        self._back_told_s: dict[str, float] = {}  # per foot, the time of its latest data-back event told
        self._after_back: dict[str, list[tuple[Alert, float | None]]] = {}  # per foot, told after data back
        self.alerts_: list[Alert] = []
        self.analysis_error: str | None = None
        self._group: list[tuple[Alert, float | None]] | None = None  # events of the batch or check under way
        # deferred runs: operations in order, and each foot's frames not yet through the pipeline
        self._ops: list[tuple] = []
        self._pending: dict[str, list[FrameBlock]] = {f: [] for f in layouts}
        self._pending_frames = 0
        self._fed_last_t = dict.fromkeys(layouts, -math.inf)
        self.hold_frames = hold_frames
        self._held: dict[str, list[FrameBlock]] = {f: [] for f in layouts}  # through the data clock only
        self._n_held = dict.fromkeys(layouts, 0)
        self._lead_fed = dict.fromkeys(layouts, -math.inf)  # the next_final_s fed ahead of
        #: per foot, its newest frame with a reading batched so far (session s; the session's start before one)
        self._valid_to = dict.fromkeys(layouts, SESSION_START_S)
        #: the feet with no frame with data received since the latest stale-data check
        self._checked: set[str] = set()

    # ---------------------------------------------------------------- input, in record order
    def frames(self, block: FrameBlock) -> None:
        """Frames the assembler completed: ``block.t_s`` (n,) session seconds, ``block.pressure_kpa``
        (n, n_sensors) kPa, NaN where missing."""
        t_s = block.t_s
        n = len(t_s)
        if not n:
            return
        foot = block.foot
        self._framed.add(foot)
        self._data_runs[foot].add(t_s, block.pressure_kpa)  # the data are the data, analysed or not
        if t_s[-1] > self._received_t:
            self._received_t, self._received_at = float(t_s[-1]), self._record_s
        if t_s[-1] > self._framed_to.get(foot, -math.inf):
            self._framed_to[foot] = float(t_s[-1])
        if self._marks_waiting:
            self._marks_due()
        if self.analysis_error is not None:
            return
        record_s = self._record_s
        if record_s > self._heard_s.get(foot, -math.inf):
            p = block.pressure_kpa
            first = p[0, 0] if p.size else math.nan
            if first == first or _has_reading(p):  # its first value answers for most blocks
                self._heard_s[foot] = record_s
        if foot in self._checked:  # its first frame with data since a check: its silence, if one, is over
            back_t = _valid_t([block], 0)
            if back_t is not None:
                self._checked.discard(foot)
                self._received_back(foot, back_t)
        self._buf[foot].append(block)
        buffered = self._buffered[foot] = self._buffered[foot] + n
        oldest_t = self._oldest_t
        if foot not in oldest_t:
            oldest_t[foot] = float(t_s[0])
        if self._stamp is not None:
            self._arrived.setdefault(foot, self._stamp())
        last_t = float(t_s[-1])
        if last_t > self._newest_t:
            self._newest_t = last_t
        if buffered >= self.batch_frames[foot]:
            self._flush(foot)
        if len(oldest_t) > 1 or foot not in oldest_t:
            newest_t, max_lag_s = self._newest_t, self.max_lag_s
            lagging = [other for other, oldest in oldest_t.items()
                       if other != foot and newest_t - oldest >= max_lag_s]
            for other in lagging:
                self._flush(other)

    def data_s(self) -> float:
        """The longest foot's time with data so far (s): each frame of its runs one sample period, a hole of
        more than ABSENT_MIN_S adding nothing (monitor.session.absence.data_time_s), as monitor.analysis.batch
        counts it."""
        return longest_data_time_s(self.data_runs())

    def sensor_gaps(self) -> GapWords:
        """What the feet's sensors with no sample so far cost them, in solewatch analyze's words
        (monitor.analysis.sensor_gaps: its caveat lines, and the feet too little of whose data could be analysed)."""
        return gap_words(self.pipeline.feet, self.params.detector.warn_after_s, self.data_runs())

    def unchecked(self) -> str:
        """What the insoles of the feet with data so far cannot check, in solewatch analyze's words
        (monitor.analysis.unchecked, as AnalysisResult.unchecked says it); "" for nothing."""
        runs = self.data_runs()
        layouts, silent = feet_reads({foot: pipe for foot, pipe in self.pipeline.feet.items() if runs.get(foot)})
        return unchecked_words(layouts, None, silent)

    def checks_nothing(self) -> bool:
        """Whether the insoles of the feet with data so far can check no warning pattern at all
        (monitor.analysis.unchecked.unchecked_all, as AnalysisResult.advice takes it: every sensor ``unknown``)."""
        runs = self.data_runs()
        return unchecked_all(*feet_reads({foot: pipe for foot, pipe in self.pipeline.feet.items() if runs.get(foot)}))

    def data_runs(self) -> dict[str, tuple[tuple[float, float], ...]]:
        """Per foot, the ``(first_s, last_s)`` session s of each run of its readings so far
        (monitor.session.absence.data_runs), as monitor.analysis.batch keeps them."""
        return {foot: r.runs for foot, r in self._data_runs.items()}

    def arrival(self, session_s: float) -> None:
        """A notification arrived at ``session_s`` (its host time x speed); called before its frames."""
        self._record_s = session_s

    def event(self, session_s: float, event: dict[str, Any]) -> None:
        """A link event at ``session_s`` (its host time x speed, as every record's arrival: live and replay
        alike): a notice, a stale-data check, or a rider's mark (given back as an event of kind
        ``rider_mark``, monitor.analysis.marks). A stale-data check is made at ``session_s``; a notice is
        dated where the recorder dated it (the event's ``t_s``), else (a log written before link events
        carried it) by the same rule (:meth:`notice_s`)."""
        if event.get("event") == STALE_CHECK_EVENT:
            self.check_stale(session_s)
            return
        if event.get("event") == RIDER_MARK_EVENT:
            mark = mark_from_event(session_s, event)
            if mark is not None:
                self._marks_waiting.append(mark)
                self._marks_due()
            return
        dated_s = recorded_event_s(event)  # the recorder's (monitor.link.records.link_event_s)
        notice = notice_for(self.notice_s(session_s) if dated_s is None else dated_s, event, self._words,
                            self._framed)
        if notice is not None:
            self.note(notice)

    def notice_s(self, session_s: float) -> float:
        """The session time a link event at ``session_s`` (host time x speed) is dated: the newest frame of
        any foot received (session s), advanced by the time since it arrived, and no later than ``session_s``
        (monitor.link.records.link_event_s, as the recorder dates it). Before any frame: ``session_s``."""
        return link_event_s(session_s, self._received_t, self._received_at)

    def note(self, notice: LinkNotice) -> None:
        """A notice for the person, in order with the alerts."""
        if self.deferred:
            self._ops.append((_NOTICE, notice))
        elif self._notice_to is not None:
            self._notice_to(notice)

    def flush(self) -> None:
        """Analyse every frame still waiting for its batch or held from the pipeline."""
        for foot in self._buf:
            self._flush(foot)
        for foot in self._held:
            if self._held[foot] and self.analysis_error is None:
                self._guarded(foot, lambda f=foot: self._feed_held(f, None))

    def end(self) -> None:
        """The session is over (after the last ``flush`` and deferred run): the frames an uncalibrated insole's
        foot still held for its first level are analysed (FootPipeline.finish); the assessments still waiting
        for the other foot's (monitor.analysis.unilateral) go to the policy; the alerts found in a silence whose
        data never came back are told."""
        self._marks_due(end=True)
        for foot in self.pipeline.feet:
            if self.analysis_error is None:
                self._guarded(foot, lambda f=foot: self._finish(f))
        if self.analysis_error is None:
            self._together(lambda: self._give(self.unilateral.flush(), None))
        for foot in list(self._after_back):  # data that never came back: told at the end, as they were found
            for alert, since in self._after_back.pop(foot):
                self._deliver(alert, since, told_after=True)

    def check_stale(self, session_s: float) -> None:
        """A stale-data check at session time ``session_s``, after the frames waiting for their batch went to
        the policy's data clock (each foot's batch ends here: the module docstring)."""
        for foot in self._buf:
            self._flush(foot)
        if self._marks_waiting:
            self._marks_due(session_s)
        self._checked.update(self._feet)
        if self.deferred:
            self._ops.append((_CHECK, session_s, dict(self._heard_s)))
        else:
            self._together(lambda: self._check(session_s, self._heard_s))

    def stale_due(self, session_s: float) -> bool:
        """Whether a check at ``session_s`` would find a foot's data stale now."""
        if self.analysis_error is not None:
            return False
        data_s = dict(self.last_data_s)
        for foot, blocks in self._buf.items():  # a check counts the frames waiting for their batch
            waiting_t = _valid_t(blocks, -1) if blocks else None
            if waiting_t is not None and waiting_t > data_s.get(foot, -math.inf):
                data_s[foot] = waiting_t
        clock = self.stale_clock(session_s, data_s=data_s)
        after = self.policy.params.stale_after_s
        sending = self.sending(session_s)
        last = {**dict.fromkeys(self._feet, SESSION_START_S), **data_s}  # none yet: since the start
        return any(foot not in self._stale and foot not in sending and clock - t >= after
                   for foot, t in last.items())

    def is_stale(self, foot: str) -> bool:
        """Whether ``foot``'s data are stale now: a check found them so (its data-stale event) and no frame
        with data has come since."""
        return foot in self._stale

    def sending(self, session_s: float, heard_s: dict[str, float] | None = None) -> set[str]:
        """The feet whose frames arrived within ``stale_after_s`` before ``session_s`` (``heard_s``: per
        foot, the arrival of its newest frames with data; default the current ones)."""
        heard_s = self._heard_s if heard_s is None else heard_s
        return {f for f, t in heard_s.items() if session_s - t < self.policy.params.stale_after_s}

    def stale_clock(self, session_s: float, heard_s: dict[str, float] | None = None,
                    data_s: dict[str, float] | None = None) -> float:
        """The time stale data is judged at: the newest frame of any foot while some foot's frames arrive,
        so a busy host that delivers late, or a host hiccup at simulation speed, makes no foot look stale;
        ``session_s`` once none have, and no frame is newer, for ``stale_after_s``. ``data_s``: per foot, its
        newest frame with data (session s; default ``last_data_s``)."""
        data_s = self.last_data_s if data_s is None else data_s
        if not data_s:
            return session_s
        newest = max(data_s.values())
        heard = max([newest, *(self._heard_s if heard_s is None else heard_s).values()])
        return stale_clock(session_s, newest, heard, self.policy.params.stale_after_s)

    # ---------------------------------------------------------------- batches
    def _flush(self, foot: str) -> None:
        blocks = self._buf[foot]
        if not blocks:
            return
        n = self._buffered[foot]
        self._buf[foot], self._buffered[foot] = [], 0
        self._oldest_t.pop(foot, None)
        valid_t = _valid_t(blocks, -1)
        first_t = _valid_t(blocks, 0)  # a data-back event's time, should the foot be stale
        silences = _silences(blocks, self._valid_to[foot], self.policy.params.stale_after_s)
        if valid_t is not None:
            self._valid_to[foot] = valid_t
        since = self._arrived.pop(foot, None)
        if self.deferred:
            self._pending[foot].extend(blocks)
            self._pending_frames += n
            self._ops.append((_BATCH, foot, n, valid_t, since, first_t, silences))
            return
        self._guarded(foot, lambda: self._analyse(
            foot, FrameBlock.concat(blocks) if len(blocks) > 1 else blocks[0], valid_t, since, first_t,
            silences))

    def _guarded(self, foot: str, work: Callable[[], None]) -> None:
        try:
            self._together(work)
        except Exception as exc:  # the recording goes on even if the analysis cannot
            self.analysis_error = error_line(exc)  # its message may span lines: the notice is one
            for f in self._buf:
                self._buf[f], self._buffered[f] = [], 0
                self._held[f], self._n_held[f] = [], 0
            self._oldest_t.clear()
            self.note(LinkNotice(self.last_data_s.get(foot, 0.0), foot, "analysis_stopped",
                                 f"live analysis stopped ({self.analysis_error}); still recording"))

    def _analyse(self, foot: str, block: FrameBlock, valid_t: float | None, since: float | None,
                 first_t: float | None = None, silences: tuple[tuple[float, float], ...] = ()) -> None:
        if valid_t is not None:
            self._data(foot, valid_t, first_t, silences)
        if self._on_batch is not None:
            self._on_batch(block)
        self._held[foot].append(block)
        self._n_held[foot] += block.n_frames
        last_t, due_s = float(block.t_s[-1]), self.pipeline.feet[foot].next_final_s
        if (not self.hold_frames or last_t >= due_s or self._n_held[foot] >= HOLD_MAX_FRAMES
                or (last_t >= due_s - HOLD_LEAD_S and self._lead_fed[foot] != due_s)):
            self._lead_fed[foot] = due_s
            self._feed_held(foot, since)

    def _feed_held(self, foot: str, since: float | None) -> None:
        """The foot's held frames through the pipeline; its assessments to the policy."""
        blocks, self._held[foot], self._n_held[foot] = self._held[foot], [], 0
        pipe = self.pipeline.feet[foot]
        block = FrameBlock.concat(blocks) if len(blocks) > 1 else blocks[0]
        assessments = pipe.feed(block)
        self.policy.step_rates(foot, ((w.t_s, w.cadence_per_min) for w in pipe.last_windows_))
        self._give_steps(foot, block, pipe)
        self._judge(assessments, {w.t_s: w.activity for w in pipe.last_windows_}, since)

    def _give_steps(self, foot: str, block: FrameBlock | None, pipe: FootPipeline, final: bool = False) -> None:
        """The foot's steps measured with ``block`` (FootStepsSoFar.feed) to the policy, each at its initial
        contact."""
        initial_contact_s, _, strike = self._steps[foot].feed(block, pipe, final)
        self.policy.steps(foot, initial_contact_s, strike)

    def _finish(self, foot: str) -> None:
        """The end of the foot's frames in the pipeline (FootPipeline.finish); its assessments to the policy."""
        pipe = self.pipeline.feet[foot]
        assessments = pipe.finish()
        self.policy.step_rates(foot, ((w.t_s, w.cadence_per_min) for w in pipe.last_windows_))
        self._give_steps(foot, None, pipe, final=True)
        self._judge(assessments, {w.t_s: w.activity for w in pipe.last_windows_}, None)

    def _data(self, foot: str, t_s: float, first_t: float | None = None,
              silences: tuple[tuple[float, float], ...] = ()) -> None:
        """The foot's frames with data, the newest at ``t_s`` and the first at ``first_t`` (session s; None:
        at ``t_s``); a stale foot's data-back event. ``silences``: the ``(last_s, next_s)`` of each silence of
        ``stale_after_s`` or more these frames end (:func:`_silences`): the foot's frames up to each go to the
        policy's data clock, then a check of the foot at its ``last_s + stale_after_s`` (:meth:`_silent`)."""
        for last_s, next_s in silences:
            if first_t is not None and first_t <= last_s:
                self._data(foot, last_s, first_t)
            self._silent(foot, last_s + self.policy.params.stale_after_s)
            first_t = next_s
        last = self.last_data_s.get(foot)
        back = self.policy.data(foot, t_s, first_t)
        if last is None or t_s > last:
            self._stale.discard(foot)
        self.last_data_s[foot] = t_s
        if foot in self.current_ and self.current_[foot].kind == "data_stale":
            del self.current_[foot]
            if foot in self._under_stale:  # the alert that stood before the silence stands again
                self.current_[foot] = self._under_stale.pop(foot)
        if back is not None:  # after the data-stale event went: a view made for it shows the foot watched
            self.unilateral.back(foot, t_s if first_t is None else first_t)
            self._emit(back, None)

    def _received_back(self, foot: str, t_s: float) -> None:
        """``foot``'s first frame with data since a stale-data check was received, at ``t_s`` (session s): a
        stale silence of the foot ends there for the left-right comparison at once, not when the frame's
        batch goes to the policy (its data-back event), so the other foot's windows whose end plus
        ``settle_s`` comes after ``t_s`` wait for the foot's of the same time, as ``analyze`` pairs them."""
        if self.deferred:
            self._ops.append((_BACK, foot, t_s))
        else:
            self.unilateral.back(foot, t_s)

    def _silent(self, foot: str, due_s: float) -> None:
        """A check of ``foot`` alone at ``due_s`` (session s), where its silence in its frames' times reached
        ``stale_after_s``: its data-stale event unless a check found it stale already. The frames after the
        silence are there, so whatever the arrivals said (a host that delivered the frames before it late, up
        to the ones after it), the foot was silent then, as ``analyze`` says (monitor.analysis.batch_clock:
        had, a 25-s pause of the Moticon stream at 20x told by neither live nor replay)."""
        others = [f for f in self._feet if f != foot]
        for alert in self.policy.tick(due_s, sending=others):
            self._stale.add(alert.foot)
            self._emit(alert, None)
            # its silence began at its newest data (as the batch's and the regular check's do), not at -inf,
            # which would release the other foot's windows from before it alone where analyze pairs them
            self._give(self.unilateral.absent(alert.foot, self.last_data_s.get(alert.foot, SESSION_START_S)), None)

    def _judge(self, assessments: list[Assessment], activity: dict[float, str], since: float | None) -> None:
        for a in assessments:
            if activity.get(a.t_s) not in (None, "unknown"):
                self._activity[a.foot] = activity[a.t_s]
            self._give(self.unilateral.feed(a, activity.get(a.t_s)), since)

    def _marks_due(self, check_s: float | None = None, end: bool = False) -> None:
        """Tell the waiting marks, in order, whose foot's data check can be made now: where the data received say
        the foot had data at the mark (monitor.analysis.marks.unwatched_since_s, its next frames allowed
        delivery_allowance_s at the session's speed), or they have reached the mark (:meth:`_reached`: a stale-data
        check at ``check_s`` judges from its time), or the session ended (``end``: its whole data, no allowance,
        as analyze judges). A mark that would say its foot had sent no data waits while the host delivers the
        ride's data late: received is not what the foot had sent by then (had, at 40x with the analysis 15-36 s
        behind: "the foot had sent no data since 1:38" of a mark at 1:47, its frames every 10 ms from 95 to
        110 s). Live and replay meet the same records in the same order, so they tell it at the same one."""
        while self._marks_waiting:
            mark = self._marks_waiting[0]
            since_s = unwatched_since_s(mark.foot, mark.t_s, self.data_runs(), 0.0 if end else self._mark_late_s)
            if since_s is not None and not end and not self._reached(mark, check_s):
                return
            self._marks_waiting.pop(0)
            if self.deferred and not end:
                self._ops.append((_MARK, mark, since_s))
            else:
                self._together(lambda m=mark, s=since_s: self._emit(self._mark_alert(m, s), None))

    def _reached(self, mark: RiderMark, check_s: float | None = None) -> bool:
        """Whether the data received have reached ``mark``'s time: its foot's frames (a reading or not), or
        another foot's ABSENT_MIN_S plus the delivery allowance past it (the marked foot's are not merely a little
        behind), or no frame has arrived for ``stale_after_s`` by the mark (by ``check_s``, a stale-data check's
        session s, where given): the feet are silent, not late (as a check's clock judges, stale_checks.stale_clock)."""
        if self._framed_to.get(mark.foot, -math.inf) >= mark.t_s:
            return True
        if self._received_t >= mark.t_s + ABSENT_MIN_S + self._mark_late_s:
            return True
        heard_s = max([self._received_t, *self._heard_s.values()])
        return (mark.t_s if check_s is None else check_s) - heard_s >= self.policy.params.stale_after_s

    def _mark_alert(self, mark: RiderMark, no_data_since_s: float | None) -> Alert:
        """A mark's event, naming the person of its foot's activity as judged so far (else the other foot's;
        the declared one before any window is judged), and where the foot had sent no data by the mark, since
        when (``no_data_since_s``, session s: monitor.analysis.marks.unwatched_since_s of the data received once
        they reached the mark, :meth:`_marks_due`; as analyze says it of the session's)."""
        known = self._activity.get(mark.foot)
        return mark_alert(mark, known or next((a for a in self._activity.values() if a), None), no_data_since_s,
                          self.lost.get(mark.foot), self.policy.relief_min_s, self.policy.pedals)

    def _give(self, ready: list[tuple[Assessment, str | None]], since: float | None) -> None:
        """Assessments judged against the other foot too: to the foot's results and the policy."""
        for a, activity in ready:
            self.pipeline.feet[a.foot].amend(a)
            for alert in self.policy.feed(a, activity):
                self._emit(alert, since)

    def _check(self, session_s: float, heard_s: dict[str, float]) -> None:
        if self.analysis_error is not None:
            return
        clock = self.stale_clock(session_s, heard_s)
        for alert in self.policy.tick(clock, sending=self.sending(session_s, heard_s)):
            self._stale.add(alert.foot)
            self._emit(alert, None)
            self._give(self.unilateral.absent(alert.foot, self.last_data_s.get(alert.foot, SESSION_START_S)), None)

    def _together(self, work: Callable[[], None]) -> None:
        """Run ``work`` (one batch, check or mark); the events it gives leave at its end in ``t_s`` order,
        stable on a tie, even when it fails part-way (the exception goes on after them)."""
        if self._group is not None:  # within a group already: its end sends them
            work()
            return
        self._group = []
        try:
            work()
        finally:
            group, self._group = self._group, None
            group.sort(key=lambda item: item[0].t_s)  # list.sort is stable
            for alert, since in group:
                self._deliver(alert, since)

    def _emit(self, alert: Alert, since: float | None) -> None:
        if alert.kind == "data_stale" and self.lost.get(alert.foot):  # not silent: the raw log lost its frames
            alert = replace(alert, message=no_data_message(alert.foot, self.lost))  # analyze's words, same t_s
        if self._group is not None:
            self._group.append((alert, since))
        else:
            self._deliver(alert, since)

    def _deliver(self, alert: Alert, since: float | None, told_after: bool = False) -> None:
        foot = alert.foot
        back_told = self._back_told_s.get(foot, -math.inf) > alert.t_s  # the silence it is dated in ended
        if alert.data_until_s is not None and not told_after and not back_told:
            self._after_back.setdefault(foot, []).append((alert, since))  # found in a silence: after its end
            return
        held = self.current_.get(foot)
        silent = held is not None and held.kind == "data_stale"  # NO DATA stands until its data-back event
        if alert.kind == "back_to_normal":  # the forefoot relieved: no alert stands, nor comes back with data
            self._under_stale.pop(foot, None)
            if not silent:
                self.current_.pop(foot, None)
        elif alert.kind == "alert" and silent:  # of a window before the silence, or one a silence ends
            self._under_stale[foot] = alert  # told, and stands once the data are back: not the state before
        elif alert.kind not in (RIDER_MARK_KIND, "data_back"):  # a mark is the rider's word, not the foot's
            # state; data back ended the foot's data-stale event (_data) and put back the alert it covered
            if alert.kind == "data_stale" and held is not None and held.kind == "alert":
                self._under_stale[foot] = held  # the silence says nothing of the forefoot: it still stands
            elif alert.kind == "alert":
                self._under_stale.pop(foot, None)  # a newer alert stands in its place
            self.current_[foot] = alert
        self.alerts_.append(alert)
        self._emit_to(alert, since)
        if alert.kind == "data_back":
            self._back_told_s[foot] = alert.t_s
            for held, held_since in self._after_back.pop(foot, []):
                self._deliver(held, held_since, told_after=True)

    # ---------------------------------------------------------------- deferred runs
    @property
    def pending_frames(self) -> int:
        """Frames batched but not yet through the pipeline (deferred runs)."""
        return self._pending_frames

    def run_deferred(self) -> None:
        """Run the pipeline over every batch made since the last run, one block per foot, then hand the
        policy its data, assessments and checks in the order the batches and checks were made."""
        ops, self._ops = self._ops, []
        given: dict[int, list[Assessment]] = {}
        activity: dict[str, dict[float, str]] = {}
        settle_s = self.params.features.settle_s
        for foot, blocks in self._pending.items():
            if not blocks:
                continue
            self._pending[foot] = []
            block = FrameBlock.concat(blocks) if len(blocks) > 1 else blocks[0]
            pipe = self.pipeline.feet[foot]
            assessments, activity[foot] = [], {}
            for lo in range(0, block.n_frames, DEFERRED_CHUNK):
                chunk = FrameBlock(foot, block.t_s[lo:lo + DEFERRED_CHUNK], block.pressure_kpa[lo:lo + DEFERRED_CHUNK],
                                   None if block.imu is None else block.imu[lo:lo + DEFERRED_CHUNK])
                assessments += pipe.feed(chunk)
                activity[foot].update((w.t_s, w.activity) for w in pipe.last_windows_)
                self.policy.step_rates(foot, ((w.t_s, w.cadence_per_min) for w in pipe.last_windows_))
                self._give_steps(foot, chunk, pipe)
            where = [i for i, op in enumerate(ops) if op[0] == _BATCH and op[1] == foot]
            ends = np.cumsum([ops[i][2] for i in where]).tolist()  # frames of the foot's batches so far
            # the windows of the frames an uncalibrated foot held for its first level are final at their release
            released_s = -math.inf if pipe.released_s is None else pipe.released_s
            for a in assessments:
                due_s = max(a.t_s + settle_s, released_s)
                k = int(np.searchsorted(block.t_s, due_s, side="left"))
                if k >= block.n_frames or self._fed_last_t[foot] >= due_s:
                    raise DeferredMismatch(f"{foot} window at {a.t_s} s became final outside the frames "
                                           f"that complete it")
                given.setdefault(where[bisect.bisect_right(ends, k)], []).append(a)
            self._fed_last_t[foot] = float(block.t_s[-1])
        self._pending_frames = 0
        for i, op in enumerate(ops):
            if op[0] == _BATCH:
                self._together(lambda i=i, op=op: self._batch_op(op, given.get(i, []), activity))
            elif op[0] == _CHECK:
                self._together(lambda op=op: self._check(op[1], op[2]))
            elif op[0] == _MARK:
                self._together(lambda op=op: self._emit(self._mark_alert(op[1], op[2]), None))
            elif op[0] == _BACK:
                self.unilateral.back(op[1], op[2])
            elif self._notice_to is not None:
                self._notice_to(op[1])

    def _batch_op(self, op: tuple, given: list[Assessment], activity: dict[str, dict[float, str]]) -> None:
        """A deferred run's batch: the foot's data clock, then the assessments it would have produced."""
        _, foot, _, valid_t, since, first_t, silences = op
        if valid_t is not None:
            self._data(foot, valid_t, first_t, silences)
        self._judge(given, activity.get(foot, {}), since)


def _has_reading(pressure_kpa: np.ndarray) -> bool:
    """Whether a block's pressure (n, n_sensors) kPa holds any reading (not all NaN); its first value
    answers for most blocks."""
    if not pressure_kpa.size:
        return False
    first = pressure_kpa[0, 0]
    return first == first or not np.isnan(pressure_kpa).all()


def _silences(blocks: list[FrameBlock], last_s: float, stale_after_s: float) -> tuple[tuple[float, float], ...]:
    """The silences of ``stale_after_s`` or more that the frames with a reading in ``blocks`` (in time order)
    end, after the foot's newest one before them at ``last_s`` (session s): each ``(last_s, next_s)``, its
    newest frame with a reading before it and its first after it, where ``next_s > last_s + stale_after_s``
    (the sum ``monitor.analysis.stale_checks.stale_checks`` makes). Frames that span no more than
    ``stale_after_s`` past ``last_s`` end none (most batches: no reading looked at)."""
    if not blocks or blocks[-1].t_s[-1] <= last_s + stale_after_s:
        return ()
    vt = [last_s]
    for block in blocks:
        valid = ~np.isnan(block.pressure_kpa).all(axis=1)
        vt.extend(block.t_s[valid].tolist())
    t = np.asarray(vt)
    ends = np.flatnonzero(t[1:] > t[:-1] + stale_after_s)
    return tuple((float(t[i]), float(t[i + 1])) for i in ends)


def _valid_t(blocks: list[FrameBlock], end: int) -> float | None:
    """Session time of the oldest (``end`` 0) or newest (``end`` -1) frame with any reading in ``blocks``
    (in time order); None if none."""
    for block in blocks if end == 0 else reversed(blocks):
        p = block.pressure_kpa
        if p.size and p[end, 0] == p[end, 0]:  # that frame has a reading: most blocks
            return float(block.t_s[end])
        valid = ~np.isnan(p).all(axis=1)
        if valid.any():
            return float(block.t_s[valid][end])
    return None
