"""Record a session from a connected PairLink: raw log, frames, session.json, summary.

This is the glue between the link (BLE) and the recording (files); the CLI's ``record`` command calls
:func:`record_session` and nothing else.

One idea: one recording, from the link's start to its closed files, and when the ride is over.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import signal
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from monitor.analysis.marks import RIDER_MARK_EVENT
from monitor.analysis.stale_checks import stale_clock
from monitor.analysis.streaming import STALE_CHECK_EVENT
from monitor.codebook import FrameBlock
from monitor.errors import InsoleFailed
from monitor.link.ble import PairLink
from monitor.link.records import link_event_s, lost_latest_s
from monitor.link.silent_back import SILENT_BACK_EVENT, silent_back_note, silent_back_words
from monitor.link.transport_words import transport_of
from monitor.live.loss_book import LOST_EVENTS, LossBook, last_frame_s
from monitor.live.record_notes import connected_notes, consumer_notes, dropped_after_end, failed_after_end, told_late
from monitor.live.record_progress import RecordProgress, snapshot
from monitor.live.record_span import covering_span, data_clock_s, gone_span, ms_covering, recorded_span
from monitor.live.record_summary import (
    RecordSummary,
    absent_of,
    gaps_of,
    late_of,
    link_down_frames,
    recording_assembler,
)
from monitor.live.ride_end import RIDE_END_MARGIN_S
from monitor.session.info import SessionInfo, SessionMeta, utc_now_iso
from monitor.session.names import BASELINE_JSON, GAPS_TABLE, PARAMS_JSON, SETUP_JSON
from monitor.session.writer import SessionWriter, new_session_dir
from monitor.signal.activity_words import activity_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.hostclock import LATE_WAKE_HOST_S
from monitor.util.interrupts import interrupts_here
from monitor.util.outputs import os_reason, write_json_atomic
from monitor.util.version import __version__

#: A simulated ride (speed above 1) whose data stop short of its duration ends once no new frame has come
#: for this long on the host's clock (s): its insoles are gone (a foot silent while another's data come, or,
#: the simulation in this process, while the recorder's loop wakes on time, is given up sooner,
#: STALLED_AFTER_GAPS). A busy host that runs the simulation slower than asked still gets
#: every frame, later, so the ride always ends by its data (guess: a host that stalls the simulation for
#: 10 s is not running it at all).
SIM_STALL_HOST_S = 10.0
#: A simulated foot that has sent frames, then none while its link stays up, is stalled (the ride's end
#: waits no longer for it) once another foot's data, at the duration, have kept coming for this many times
#: the longest spacing of its own notifications seen so far (host s: as they came, whatever the host's load
#: made it, and no less than the ride their frames cover at the speed, its frame rate's): a host too busy
#: for the speed holds every foot's notifications back, not one foot's alone (guess: 20 of its gaps, 0.1 s
#: of host time for the simulated radio's 5-ms bursts, 2 s of ride at 20x).
STALLED_AFTER_GAPS = 20.0
# LATE_WAKE_HOST_S (monitor.util.hostclock): the recorder's loop woke later than it asked by more than this
# (host s): the process stalled or was busy, so a simulated foot's silence up to then is no sign that its insole
# stopped (half of STALLED_AFTER_GAPS of the simulated radio's 5-ms bursts).
#: The events logged without a ``t_s`` of their own: a stale-data check is made, and a rider's mark pressed,
#: where it comes in the record stream (host time x speed); every other (a link event) is dated by the data
#: (monitor.link.records.link_event_s).
UNDATED_EVENTS = (STALE_CHECK_EVENT, RIDER_MARK_EVENT)


def _ride_over(session_s: float, data_s: float, duration_s: float, speed: float, stalled_host_s: float) -> bool:
    """Whether a recording of ``duration_s`` is over: at real time when the host's clock says so; with
    simulated insoles (``speed`` > 1) when their data reach it, since a host too busy to run the
    simulation at full speed gets the data later, not fewer of them; or, if they never do (insoles
    gone), once no frame has come for ``SIM_STALL_HOST_S`` of host time (``stalled_host_s``)."""
    if session_s < duration_s:
        return False
    return speed <= 1.0 or data_s >= duration_s or stalled_host_s >= SIM_STALL_HOST_S


async def record_session(
    link: PairLink,
    meta: SessionMeta,
    *,
    duration_s: float,
    out_dir: Path,
    progress: Callable[[RecordProgress], None] | None = None,
    on_frames: Callable[[FrameBlock], None] | None = None,
    on_event: Callable[[float, dict[str, Any]], None] | None = None,
    on_arrival: Callable[[float], None] | None = None,
    before_close: Callable[[], Awaitable[None]] | None = None,
    stop: asyncio.Event | None = None,
    progress_interval_s: float = 0.2,
    stale_after_s: float = DEFAULT_PARAMS.alerts.stale_after_s,
) -> RecordSummary:
    """Stream from an opened ``link`` for ``duration_s`` of session time, recording everything.

    Stops early when ``stop`` is set (Ctrl-C, SIGTERM). The session is closed cleanly in every case.
    A simulated ride ends once every foot has data at ``duration_s`` (:func:`_ride_over` per foot) or is
    lost, down, or back only after the end, or has sent no frame by the end on the host's clock x speed, or
    stalled (its frames stopped while another foot's came on, or while the loop woke on time with the
    simulation in this process, ``STALLED_AFTER_GAPS``), so
    the foot whose data come later, on a host too busy for the simulation's speed, is not cut short, and one
    down at the end, or linked and silent, does not hold the ride open (a foot's first packet is placed at
    its arrival: what it sends after the end is not the ride's). Once the ride is over, a foot whose data are
    ``RIDE_END_MARGIN_S`` past ``duration_s`` (the margin the simulated insoles sample past it) takes no more
    notifications (``past_end``): insoles that send on past it (a simulation in another process) record nothing
    more while the close, or a live session's wait for its analysis, goes on.

    Hooks for a live session, all run in the link's consumer task except ``progress`` and
    ``before_close``: ``on_frames(block)`` gets every assembled FrameBlock, ``on_event(session_s, event)``
    every link event (after it is logged, with the ``t_s`` it is dated at, :data:`UNDATED_EVENTS`),
    ``on_arrival(session_s)`` the arrival of every notification (its host time x speed, before its frames);
    ``progress(snapshot)`` runs every ``progress_interval_s`` of host time; ``before_close()`` is awaited once
    streaming ends, before the link closes (the queue is then drained through the same hooks).

    A foot whose link came back (``reconnected``) and that has sent no frame with data ``stale_after_s`` after
    it (session s: the data-stale rule's delay, AlertParams.stale_after_s, which a live session passes from its
    params), judged on the data's clock as a stale-data check is (monitor.analysis.stale_checks.stale_clock),
    its link still up and within the ride, gets one ``silent_after_reconnect`` event
    (monitor.link.silent_back), dated when its silence since the reconnection reached that delay: every view
    says it, and the recording's notes say it, with when its data came again (had: the reconnection alone was
    said, and the foot read as fine to the end).
    """
    speed = link.config.speed
    path = new_session_dir(out_dir, meta.label)
    writer = SessionWriter(path)
    info = SessionInfo(
        session_id=path.name, start_utc=utc_now_iso(), software_version=__version__, source=meta.source,
        layouts=link.layouts, devices=link.device_infos, label=meta.label, activity=meta.activity,
        radio=meta.radio, speed=speed, scenario=meta.scenario, seed=meta.seed,
        ground_truth=_truth(meta, duration_s), faults=list(meta.faults), rider=meta.rider,
        normal_kept_for=meta.normal_kept_for, planned_duration_s=duration_s if math.isfinite(duration_s) else None,
    )
    writer.write_info(info)
    if meta.params is not None:
        with contextlib.suppress(OSError):  # the recording matters more; a replay then says which it used
            write_json_atomic(path / PARAMS_JSON, json.dumps(meta.params, indent=1) + "\n")
    if meta.baseline is not None:
        with contextlib.suppress(OSError):  # likewise: the rider's normal the live session judged against
            write_json_atomic(path / BASELINE_JSON, json.dumps(meta.baseline, indent=1) + "\n")
    if meta.setup:
        with contextlib.suppress(OSError):  # likewise: the pedals and shoes the rider declared
            write_json_atomic(path / SETUP_JSON, json.dumps(meta.setup, indent=1) + "\n")
    # its late frames counted: a close interrupted before the tables are rebuilt counts them from here (late_of)
    assembler = recording_assembler(info.layouts, speed)
    notes: list[str] = connected_notes(info.layouts)

    data_s = {foot: -math.inf for foot in info.layouts}  # session time of each foot's newest frame
    sampled: set[str] = set()  # the feet that sent a pressure sample
    newest_frame = [-math.inf, -math.inf]  # session s of any foot's newest frame, its arrival (host s x speed)
    data_reached = asyncio.Event()  # set once every foot the ride waits for has frames at duration_s
    losses = LossBook()  # the feet lost, and back, from the link events
    # the feet the ride's end does not wait for: lost; or, once another foot's data have reached the end,
    # down or back only after it (what they send then is not the ride's)
    out: dict[str, set[str]] = {"lost": set(), "down": set(), "back_late": set()}
    # per foot: host s its newest notification with frames came, and when its link came back up (a foot's
    # silence runs from the later: while down it is not stalled); the longest spacing of them (host s: between
    # two arrivals, or the ride its frames cover / speed) while its link was up (the feet whose link went down
    # since their newest: the next spacing is not one)
    came_host_s = {foot: -math.inf for foot in info.layouts}
    up_host_s = {foot: -math.inf for foot in info.layouts}
    gap_host_s = {foot: 0.0 for foot in info.layouts}
    went_down: set[str] = set()

    # host s since which the recorder's loop has woken on time (LATE_WAKE_HOST_S): with the simulation in this
    # process, the host ran it all along since then
    on_time_from_host_s = [-math.inf]

    # per foot back on its link with no frame with data since: (session s it came back, its last frame with data
    # before; None: none); and the feet said silent after it (the event logged): the same, and the first frame
    # with data after it (None: none yet)
    back_silent: dict[str, tuple[float, float | None]] = {}
    said_silent: dict[str, tuple[float, float | None, float | None]] = {}
    last_data_s: dict[str, float] = {}  # per foot, its newest frame with data (session s)

    def check_silent_back(clock_s: float) -> None:
        """Post the event of each foot back on its link whose silence since reached ``stale_after_s`` by
        ``clock_s`` (session s, the data's clock) within the ride, its link still up."""
        for foot, (back_s, last_s) in list(back_silent.items()):
            due_s = back_s + stale_after_s
            st = link.status.get(foot)
            if due_s <= min(clock_s, duration_s) and st is not None and st.connected:
                del back_silent[foot]
                link.post_event(SILENT_BACK_EVENT, foot, t_s=due_s, back_s=back_s, since_s=last_s,
                                note=silent_back_words(foot, last_s))

    def stalled(foot: str, session_s: float) -> bool:
        """Past the end of a simulated ride, ``foot`` sent frames, then none (since, or since its link came back)
        for STALLED_AFTER_GAPS of its longest spacing while another foot's data, at the end, kept coming, or,
        its link up and the simulation in this process, while the recorder's loop woke on time."""
        if speed <= 1.0 or session_s < duration_s or not -math.inf < data_s[foot] < duration_s:
            return False
        others = [came_host_s[f] for f in data_s if f != foot and data_s[f] >= duration_s]
        silent_from_host_s = max(came_host_s[foot], up_host_s[foot])
        limit_host_s = STALLED_AFTER_GAPS * gap_host_s[foot]
        if others and max(others) - silent_from_host_s > limit_host_s:
            return True
        return (meta.source == "sim" and foot not in out["down"] and gap_host_s[foot] > 0.0
                and link.host_s() - max(silent_from_host_s, on_time_from_host_s[0]) > limit_host_s)

    def waits_for(foot: str, session_s: float) -> bool:
        if foot in out["lost"] or stalled(foot, session_s):
            return False
        if data_s[foot] == -math.inf and session_s >= duration_s:
            # no frame of it by the ride's end (host time x speed): a foot's first packet is placed at its
            # arrival (monitor.link.clock), so whatever it sends from now lies past the end, not in the ride
            return False
        if foot in out["down"] or foot in out["back_late"]:
            return not any(t_s >= duration_s for t_s in data_s.values())
        return True

    def check_reached(session_s: float) -> None:
        if all(data_s[f] >= duration_s or not waits_for(f, session_s) for f in data_s):
            data_reached.set()

    failed_s: list[float] = []  # the newest frame's session time as the raw log's write failed (a full disk)

    def past_end(foot: str | None, host_s: float) -> bool:
        """Whether a notification of ``foot`` that came at ``host_s`` lies past the ride: ``foot``'s data are
        ``RIDE_END_MARGIN_S`` past ``duration_s`` already, and the ride is over in record order (every foot it
        waits for has data at the duration) or the host's clock x speed is past the duration too (the ride waits
        for another foot's data alone). The simulated insoles in this process sample up to that margin past the
        duration and send no more, so every frame they send is taken (had, at the duration: 2008 of the 2016
        frames sent); a simulation in another process (`--radio`) sends on past the monitor's duration, and a
        host behind it has a backlog of notifications on their way, which the recording's close, and the wait
        for a lagging foot, would take whatever host time they took (had: every notification that came before
        the close ended was recorded, `live --radio ... --speed 20 --duration 10m` against `sim --duration 11m`
        saved 11:06)."""
        if foot not in data_s or data_s[foot] < duration_s + RIDE_END_MARGIN_S:
            return False
        return data_reached.is_set() or host_s * speed >= duration_s

    def note_failure() -> None:
        if writer.error is not None and not failed_s:
            failed_s.append(max(max(data_s.values(), default=0.0), 0.0))

    def consume(kind: str, foot: str | None, host_s: float, payload: Any) -> None:
        if kind == "notification" and past_end(foot, host_s):
            came_host_s[foot] = max(came_host_s[foot], host_s)  # it still came: another foot may be stalled
            return
        if kind == "notification":
            writer.notification(foot, host_s, payload)
            note_failure()
            if on_arrival is not None:
                on_arrival(host_s * speed)
            for block in assembler.notification(foot, host_s, payload):
                if block.n_frames:
                    with_data = block.t_s[~np.isnan(block.pressure_kpa).all(axis=1)]
                    if with_data.size:  # its data again: a foot back on its link is not silent
                        sampled.add(foot)
                        back_silent.pop(foot, None)
                        last_data_s[foot] = max(last_data_s.get(foot, -math.inf), float(with_data[-1]))
                        said = said_silent.get(foot)
                        if said is not None and said[2] is None:
                            said_silent[foot] = (said[0], said[1], float(with_data[0]))
                    spaced = data_s[foot] > -math.inf  # after its previous frames
                    from_s = data_s[foot] if spaced else float(block.t_s[0])
                    data_s[foot] = max(data_s[foot], float(block.t_s[-1]))
                    if foot not in went_down:  # after a link down, its frames span the time down: no spacing
                        # when it came after the previous, or the ride its frames cover at the speed
                        spacing_host_s = (data_s[foot] - from_s) / speed
                        if spaced:
                            spacing_host_s = max(spacing_host_s, host_s - came_host_s[foot])
                        gap_host_s[foot] = max(gap_host_s[foot], spacing_host_s)
                    went_down.discard(foot)
                    came_host_s[foot] = max(came_host_s[foot], host_s)
                    if data_s[foot] > newest_frame[0]:  # the newest of any foot, and when it came
                        newest_frame[:] = [data_s[foot], host_s * speed]
                    if data_s[foot] >= duration_s:
                        check_reached(host_s * speed)
                if on_frames is not None:
                    on_frames(block)
            check_silent_back(stale_clock(host_s * speed, *newest_frame, stale_after_s))
        else:
            name = payload.get("event")
            at_s = host_s * speed  # a stale-data check and a rider's mark stand where they come in the stream
            if name == SILENT_BACK_EVENT:  # dated when the silence reached its delay (check_silent_back)
                at_s = float(payload["t_s"])
                said_silent[str(foot)] = (float(payload["back_s"]), payload.get("since_s"), None)
            elif name not in UNDATED_EVENTS:  # a link event: dated by the data, once, for every view
                cfg = link.config  # a loss no later than the foot's last frame + the link's give-up
                latest_s = (lost_latest_s(data_s.get(foot, -math.inf), cfg.lost_after_session_s,
                                          cfg.lost_after_host_min_s, speed) if name == "foot_lost" else math.inf)
                told_s = link_event_s(at_s, *newest_frame, end_s=duration_s)  # when the link told it, by the data
                at_s = link_event_s(at_s, *newest_frame, end_s=duration_s, latest_s=latest_s)  # never past the end
                payload = {**payload, "t_s": at_s}
                if name == "foot_lost":  # told after its date, or at the session's end: its note says so
                    payload = told_late(payload, told_s, duration_s, data_s.get(foot, -math.inf))
                elif name == "reconnection_failed":  # told at the end: the insole was not back by it
                    payload = failed_after_end(payload, told_s, duration_s)
                elif name == "disconnected":  # at or after the end: the ride was over, no fault
                    payload = dropped_after_end(payload, told_s, duration_s)
            writer.event(host_s, payload)
            note_failure()
            assembler.event(payload)
            if foot in info.layouts:
                losses.event(name, foot, at_s, payload.get("note", f"{foot} insole lost"),
                             last_frame_s(assembler, foot))
            if name in LOST_EVENTS and foot in info.layouts:
                out["lost"].add(foot)
                check_reached(host_s * speed)
                back_silent.pop(foot, None)
            elif name == "disconnected" and foot in info.layouts:
                out["down"].add(foot)
                went_down.add(foot)
                back_silent.pop(foot, None)
                check_reached(host_s * speed)
            elif name == "reconnected" and foot in info.layouts:
                out["lost"].discard(foot)
                out["down"].discard(foot)
                up_host_s[foot] = host_s
                back_silent[foot] = (at_s, last_data_s.get(foot))  # silent until its data come (check_silent_back)
                if host_s * speed >= duration_s:
                    out["back_late"].add(foot)
                elif data_s[foot] < duration_s:
                    data_reached.clear()  # back before the end: the ride waits for its data again
            if on_event is not None:
                # at host time x speed, as every arrival (on_arrival) and as a replay gives it: a stale-data
                # check then finds what the replay's finds (a link event's notice is at its own t_s)
                on_event(host_s * speed, payload)
        writer.tick()

    stop = stop or asyncio.Event()
    newest: dict[str, tuple[float, float]] = {}
    try:
        try:
            await link.start(consume)
        except InsoleFailed as exc:  # the session cannot go on as asked: what came is closed and kept
            raise InsoleFailed(f"{exc}; what came before is kept in {path}") from exc
        # session time 0 is the link's start, not the moment the session's folder was made: a slow disk or a
        # busy host between the two had every UTC time read as start_utc + t_s early by that long
        info = replace(info, start_utc=utc_now_iso(ago_s=link.host_s()))
        writer.write_info(info)
        # per foot: its newest frame's session time, and when it came (host s)
        newest.update({foot: (data_s[foot], link.host_s()) for foot in data_s})
        wake_by_host_s = on_time_from_host_s[0] = link.host_s()
        while not stop.is_set():
            host_now_s = link.host_s()
            if host_now_s - wake_by_host_s > LATE_WAKE_HOST_S:  # woke late: the host stalled, or was busy
                on_time_from_host_s[0] = host_now_s
            session_s = host_now_s * speed
            check_silent_back(stale_clock(session_s, *newest_frame, stale_after_s))  # the data clock
            for foot, (seen_s, _) in newest.items():
                if data_s[foot] > seen_s:
                    newest[foot] = (data_s[foot], host_now_s)
            if progress is not None:
                progress(snapshot(link, assembler, session_s, duration_s, writer, failed_s))
            # over when it is for every foot: the slower one's data reach the duration too, unless the ride
            # does not wait for it
            if session_s >= duration_s and all(
                    not waits_for(foot, session_s) or _ride_over(session_s, data_s[foot], duration_s, speed,
                                                      host_now_s - came_s)
                    for foot, (_, came_s) in newest.items()):
                break
            if session_s >= duration_s:
                # simulated insoles' data still on their way to the end: wake as they reach it, not a
                # progress interval later (at 30x, 0.2 s of host time is 6 s of ride recorded past it)
                wake_s = progress_interval_s
                if speed > 1.0 and not any(st.connected for st in link.status.values()):
                    # every insole down: given up once the simulation's clock has passed the end too, not at
                    # the link's host-time floor (200 s of ride at 40x); woken as that clock gets there
                    ahead_s = duration_s - data_clock_s(session_s, *newest_frame)
                    if ahead_s <= 0.0:
                        link.give_up_down()
                    else:
                        wake_s = min(wake_s, max(ahead_s / speed, 0.001))
                wake_by_host_s = link.host_s() + wake_s
                await _first_of(stop, data_reached, wake_s)
                continue
            wait_s = min(progress_interval_s, max((duration_s - session_s) / speed, 0.001))
            wake_by_host_s = link.host_s() + wait_s
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), wait_s)
    finally:
        ended_by = stopped_by(stop)  # as streaming ends: a signal heard in the close did not cut it short
        came = [came_s for seen_s, came_s in newest.values() if seen_s > -math.inf]
        ran_s = link.host_s() * speed
        # every foot lost: their data stopped on the link's word (gone_span); one lost while another's data
        # stopped short is not (a Moticon stream ends whole, no foot said away: recorded_span tells the two)
        all_lost = all(foot in losses.lost for foot in info.layouts)
        held_s, short = recorded_span(ran_s, max(data_s.values(), default=-math.inf),
                                      duration_s, speed, stop.is_set() or all_lost,
                                      max(came) * speed if came else None, activity_session(meta.activity))
        # a raw log stopped early (a full disk): no note names a time past its stop
        stopped = (failed_s[0], os_reason(writer.error)) if writer.error is not None and failed_s else None
        notes.extend(losses.notes(list(info.layouts), end_s=held_s, stopped=stopped))
        elapsed_s = gone_span(held_s, ran_s, duration_s, speed, all_lost)
        if short is not None:
            notes.append(short)
        if before_close is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(before_close())
        with contextlib.suppress(Exception):
            await asyncio.shield(link.close())
        notes.extend(consumer_notes(link.consumer_errors))
        notes.extend(silent_back_note(foot, *said) for foot, said in said_silent.items())  # as logged
        assembler.finish()
        elapsed_s = covering_span(elapsed_s, assembler.frame_spans())
        counters = assembler.counters()
        kept_s = ms_covering(elapsed_s)
        info = replace(info, end_utc=utc_now_iso(), duration_s=kept_s, stopped_by=ended_by,
                       ground_truth=_truth(meta, kept_s), notes=notes, stats={"counters": counters})
        failed_streaming = writer.error is not None  # the raw log stopped before the session's end (a full disk)
        # Ctrl-C stops the tables: they rebuild from the raw log
        writer.close(info, end_host_s=link.host_s(), interrupts=interrupts_here)
    if progress is not None:  # the duration saved (session.json's), to the millisecond
        progress(snapshot(link, assembler, ms_covering(elapsed_s), duration_s, writer, failed_s, final=True))
    # what is on disk: after a write error the frames received later are not in the recording
    on_disk = writer.info.stats.get("counters", counters) if writer.info is not None else counters
    spans, held_s, stopped_s = assembler.frame_spans(), ms_covering(elapsed_s), None  # session.json's duration_s
    if failed_streaming:  # the recording holds the raw log up to its last write, which the disk took
        spans = writer.frame_spans if writer.frame_spans is not None else spans
        held_s = stopped_s = min(elapsed_s, max((span[1] for span in spans.values() if span is not None),
                                                default=0.0))
    # the tables not rebuilt (a close interrupted): the live counts, the late frames in their rows as a rebuild's
    gaps, filled = late_of(assembler) if writer.gaps is None else (writer.gaps, writer.late_filled or {})
    return RecordSummary(path, elapsed_s, on_disk, gaps, notes, str(writer.error) if writer.error else None,
                         gaps_file=(path / GAPS_TABLE).is_file(), tables_interrupted=writer.interrupted,
                         absent=absent_of(assembler, held_s, spans, info.planned_duration_s),  # reached: none after it
                         speed=speed, recording_stopped_s=stopped_s,
                         transport=transport_of(info.layouts), dropped_before_data=assembler.down_before_data(),
                         sampled=frozenset(sampled), late_filled=filled, start_utc=info.start_utc,
                         # those on disk: a gap still open as the raw log stopped is not one there (its foot is
                         # silent to the end, absent_of), so none of its frames count
                         frames_link_down=link_down_frames(g for g in gaps_of(assembler)
                                                           if stopped_s is None or g.end_s <= stopped_s))


def stopped_by(stop: asyncio.Event) -> str | None:
    """session.json's ``stopped_by`` (monitor.session.info.STOPPED_BY) of a recording whose ``stop`` event
    is set: "terminate" for SIGTERM, "hangup" for SIGHUP, else "interrupt" (Ctrl-C, or a caller's stop: the
    event's ``signal``, monitor.cli.main._run_async, None); None when it is not set (the ride ran its course,
    or the link was lost)."""
    if not stop.is_set():
        return None
    sig = getattr(stop, "signal", None)
    return {signal.SIGTERM: "terminate", getattr(signal, "SIGHUP", None): "hangup"}.get(sig, "interrupt")


def _truth(meta: SessionMeta, duration_s: float | None) -> dict[str, Any] | None:
    """The ground truth of a session of ``duration_s`` seconds (None or infinite: as the caller gave it)."""
    if meta.truth_for is None or duration_s is None or not math.isfinite(duration_s):
        return meta.ground_truth
    return meta.truth_for(duration_s)


async def _first_of(a: asyncio.Event, b: asyncio.Event, timeout_s: float) -> None:
    """Wait until ``a`` or ``b`` is set, at most ``timeout_s`` host seconds."""
    waits = [asyncio.ensure_future(a.wait()), asyncio.ensure_future(b.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()
