"""The report's data quality, computed: per foot, missing and absent frames, gaps, link events, battery and
counters; for the session, the caveats (an importer's, inferred positions, uncalibrated insoles, a log cut
short). Pure: no drawing, no files.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np

from monitor.analysis.unchecked import unchecked_caveat
from monitor.codebook import SensorLayout, region_name
from monitor.link.records import event_number
from monitor.link.transport_words import RADIO, TransportWords, transport_of
from monitor.report.event_list import LINK_KINDS
from monitor.report.frames_data import CHUNK_FRAMES, FootFrames
from monitor.report.pauses import empty_row_spans
from monitor.session.absence import absent_frames, unfilled_gap_frames
from monitor.session.absence import absent_spans as find_absent_spans
from monitor.session.insole_kinds import kind_name
from monitor.session.model import Session
from monitor.session.ride_over import session_faults
from monitor.signal.coarse_regions import coarse_stand_ins
from monitor.util.pressure_units import unit_name
from monitor.util.timefmt import clock_text
from monitor.util.words import listed


@dataclass(frozen=True)
class FootQuality:
    """How complete one foot's data is.

    frames : rows in the frames table; missing_frames : rows with no reading at all; partial_frames :
    rows with some sensors missing; unfilled_frames : frames of gaps too long to be filled with NaN rows
    (gaps.csv ``filled`` false); absent_frames : frames the foot did not send before its first frame or
    after its last, within the session's duration (a foot lost for good, or one that joined late: no gap
    stands for them; monitor.session.absence); absent_spans : their (start_s, end_s); missing_share :
    (missing + unfilled + absent) / (frames + unfilled + absent).
    gaps : number of gaps; gap_s : their total length (s); gaps_by_reason : reason -> count.
    disconnects, reconnects : link events; foot_lost : times the foot was lost (:func:`times_lost`).
    battery : (t_s, level_pct) readings (the device's level at connection when the log has none).
    battery_low : low-battery events. counters : the link counters. gap_spans : list of (start_s,
    end_s). link_events : (t_s, event) of the disconnected, reconnected, foot_lost, reconnection_failed,
    reconnection_refused and battery_low events.
    """

    foot: str
    frames: int
    missing_frames: int
    partial_frames: int
    unfilled_frames: int
    missing_share: float
    gaps: int
    gap_s: float
    gaps_by_reason: dict[str, int]
    gap_spans: list[tuple[float, float]]
    disconnects: int
    reconnects: int
    foot_lost: int
    battery: list[tuple[float, float]]
    battery_low: int
    counters: dict[str, int]
    link_events: list[tuple[float, str]] = field(default_factory=list)
    absent_frames: int = 0
    absent_spans: list[tuple[float, float]] = field(default_factory=list)
    #: (t_s, level word) readings of an insole that reports its battery as a level and no percentage
    #: (ORPHE INSOLE: "low", "normal", "high"; the device's level at connection when the log has none)
    battery_levels: list[tuple[float, str]] = field(default_factory=list)
    #: the foot's sample rate (Hz, its layout's current_rate_hz); NaN when not known
    rate_hz: float = math.nan
    #: (start_s, end_s) where the foot's rows came with no reading at all: it sent no data there
    #: (monitor.report.pauses.empty_row_spans)
    empty_spans: list[tuple[float, float]] = field(default_factory=list)

    @property
    def no_reading_frames(self) -> int:
        """The frames of ``missing_share``: rows with no reading, unfilled gaps' frames and absent frames."""
        return self.missing_frames + self.unfilled_frames + self.absent_frames

    @property
    def read_frames(self) -> int:
        """Rows with at least one sensor read (the heatmaps' "frames with a reading", PressureMap.valid_frames)."""
        return self.frames - self.missing_frames

    @property
    def expected_frames(self) -> int:
        """The frames received or missing at the sample rate (COUNTED), which ``missing_share`` is a share of:
        the rows, unfilled gaps' frames and absent frames (= read_frames + no_reading_frames). Not the
        session's duration times the rate: a recording's rows are the frames the insole sampled, by its own
        clock, and its missing frames are counted in session time (:func:`count_notes`)."""
        return self.frames + self.unfilled_frames + self.absent_frames

#: What :attr:`FootQuality.expected_frames` counts, in the report's words (its table's row, the PDF's line).
COUNTED = "frames received or missing at the sample rate"

#: The link events the data-quality panel marks (and the list of every alert and event holds).
LINK_EVENTS = LINK_KINDS


def times_lost(kinds: list[str | None]) -> int:
    """How often a foot was lost, from its link events in order: each ``foot_lost``, and each
    ``reconnection_failed`` of a drop no ``foot_lost`` said already (docs/session-format.md)."""
    n, said = 0, False  # said: this drop's loss is counted
    for kind in kinds:
        if kind == "disconnected":
            said = False
        elif kind == "foot_lost" or (kind == "reconnection_failed" and not said):
            n, said = n + 1, True
    return n


@dataclass(frozen=True)
class DataQuality:
    """Per-foot FootQuality and what to know about the session as a whole.

    caveats : the importer's caveats (session.json imported_from.caveats) and notes of our own (a foot not
    recorded, inferred sensor positions, a log cut short, regions a layout cannot resolve). transport : the
    words of the insoles' transport the link counters are said in (a BLE radio's packets, the Moticon
    stream's UDP datagrams). events_cut_s : session s after which the raw log's link events are missing
    while the frames go on (monitor.session.model.Session.events_cut_s), None when they are all there.
    """

    feet: dict[str, FootQuality]
    caveats: list[str]
    source: str
    duration_s: float
    transport: TransportWords = RADIO
    events_cut_s: float | None = None


def foot_quality(session: Session, frames: FootFrames) -> FootQuality:
    foot = frames.foot
    n_missing = n_partial = 0
    empty_rows = []
    for chunk in frames.chunks(CHUNK_FRAMES):
        missing = np.isnan(chunk)
        all_missing = missing.all(axis=1)
        empty_rows.append(all_missing)
        n_missing += int(all_missing.sum())
        n_partial += int((missing.any(axis=1) & ~all_missing).sum())
    g = session.gaps[session.gaps["foot"].astype(str) == foot] if len(session.gaps) else session.gaps
    unfilled = unfilled_gap_frames(session.gaps, foot)
    n = frames.n_frames
    rate = float(session.info.layouts[foot].current_rate_hz)
    absent_spans = find_absent_spans(frames.t_s, rate, event_number(session.info.duration_s),
                                     event_number(session.info.planned_duration_s))
    absent = absent_frames(absent_spans, rate)
    total = n + unfilled + absent
    share = (n_missing + unfilled + absent) / total if total else math.nan
    by_reason = {str(k): int(v) for k, v in g["reason"].value_counts().items()} if len(g) else {}
    spans = [(float(s), float(e)) for s, e in zip(g["start_s"], g["end_s"])] if len(g) else []
    events = [e for e in session_faults(session.events) if e.get("foot") == foot]  # a drop past the end is none
    kinds = [e.get("event") for e in events]
    events = [e for e in events if event_number(e.get("t_s")) is not None]  # a time the panel can place
    battery = [(float(e["t_s"]), level) for e in events
               if e.get("event") == "battery" and (level := event_number(e.get("level_pct"))) is not None]
    dev = session.info.devices.get(foot)
    if not battery and dev is not None and dev.battery_pct is not None:
        battery = [(0.0, float(dev.battery_pct))]
    levels = [(float(e["t_s"]), e["level"]) for e in events
              if e.get("event") == "battery" and isinstance(e.get("level"), str)]
    if not levels and dev is not None and dev.battery_level:
        levels = [(0.0, str(dev.battery_level))]
    counters = {k: int(v) for k, v in (session.counters.get(foot) or {}).items()
                if event_number(v) is not None and abs(v) < 2**63}
    return FootQuality(foot, n, n_missing, n_partial, unfilled, share, len(g),
                       float(sum(e - s for s, e in spans)), by_reason, spans,
                       kinds.count("disconnected"), kinds.count("reconnected"), times_lost(kinds),
                       battery, kinds.count("battery_low"), counters,
                       [(float(e["t_s"]), e["event"]) for e in events if e.get("event") in LINK_EVENTS],
                       absent, absent_spans, levels, rate,
                       empty_row_spans(frames.t_s, np.concatenate([np.zeros(0, dtype=bool), *empty_rows]),
                                       event_number(session.info.duration_s)))


#: The battery level words, lowest first (ORPHE INSOLE's, monitor.link.orphe.BATTERY_LEVELS).
LEVEL_ORDER = ("low", "normal", "high")


def battery_cell(q: FootQuality) -> str:
    """The Data quality table's battery cell of one foot (plain text): the level at the start, at the end
    and its lowest ("80 %", "90 % → 70 % (lowest 70 %)"), or the level word of an insole that reports one
    ("high", "high → low (lowest low)"), with ", low-battery warning" where the insole reported a low
    battery (a "low" level is one); "-" when the level is not known."""
    b = [lv for _, lv in q.battery]
    if b:
        text = f"{b[0]:.0f} %" if min(b) == max(b) else f"{b[0]:.0f} % → {b[-1]:.0f} % (lowest {min(b):.0f} %)"
        low = bool(q.battery_low)
    elif q.battery_levels:
        words = [w for _, w in q.battery_levels]
        lowest = min(words, key=lambda w: LEVEL_ORDER.index(w) if w in LEVEL_ORDER else len(LEVEL_ORDER))
        text = words[0] if len(set(words)) == 1 else f"{words[0]} → {words[-1]} (lowest {lowest})"
        low = bool(q.battery_low) or "low" in words
    else:
        return "-"
    return text + (", low-battery warning" if low else "")


def uncalibrated_words(insole: str) -> str:
    """What an uncalibrated foot's ``insole`` kind sends, in words. A Solewatch-profile insole sends kPa, so
    an uncalibrated foot of kind ``solewatch``, the default, is one whose kind nobody named (an imported CSV
    whose layout JSON gives no ``insole``, docs/import-csv.md): its words name no kind; another is named as every
    view names it ("the ORPHE insole", monitor.session.insole_kinds.kind_name)."""
    if insole == "solewatch":
        return "the insole sends raw counts, not kPa, with no published calibration"
    return f"the {kind_name(insole)} insole sends raw ADC counts and its maker publishes no calibration"


def uncalibrated_caveats(foot: str, layout: SensorLayout) -> list[str]:
    """That ``foot``'s pressures are in nominal units (its counts at a nominal scale), not kPa, where its layout
    is uncalibrated
    (``calibrated`` false); [] where it is calibrated. The report's "What to know" says it, and `solewatch
    import` counts and says it with the importer's caveats."""
    if layout.calibrated:
        return []
    return [f"{foot}: {uncalibrated_words(layout.insole)}: pressures are in {unit_name(False)} "
            f"({layout.kpa_per_count:g} a count, a nominal scale), not kPa; compare them only within one insole "
            "(docs/devices.md)"]


def layout_caveats(foot: str, layout: SensorLayout, *, imported: bool, silent: Collection[str] = ()) -> list[str]:
    """What a reader should know of ``foot``'s sensor layout: positions inferred (of a recording: an
    importer says its own), counts not kPa from an uncalibrated insole, one sensor with no medial/lateral split
    (monitor.signal.coarse_regions: counted in the loads, left out of the per-region figures), regions it cannot
    resolve, and the detector's patterns it therefore cannot check (monitor.analysis.unchecked), or its regions
    ``silent`` (whose sensors sent no sample in the whole session) leave unchecked."""
    out = []
    if layout.positions_inferred and not imported:
        out.append(f"{foot}: sensor positions are inferred, not published by the maker")
    out += uncalibrated_caveats(foot, layout)
    stand_ins = coarse_stand_ins(layout)
    for label, regions in stand_ins.items():
        names = listed([region_name(r) for r in regions])
        out.append(f"{foot}: the insole has one {label} sensor, with no medial/lateral split: its {names} are "
                   f"not told apart; the sensor counts in the total load and the footstrike, "
                   f"but the region figures and tables (regions, average cycle, left and right) and "
                   f"summary.regions leave the {names} out (the live views show the sensor's number in both "
                   f"cells)")
    covered = {r for regions in stand_ins.values() for r in regions}
    unresolved = [r for r in layout.unresolved_regions() if r not in covered]
    if unresolved:
        names = listed([region_name(r) for r in unresolved])
        out.append(f"{foot}: the insole cannot resolve the {names} (no sensor there); those regions are "
                   "left out, never invented")
    return out + unchecked_caveat(foot, layout, silent)


def count_notes(feet: dict[str, FootQuality], duration_s: float | None) -> list[str]:
    """Per foot of a recording whose frames received or missing (:attr:`FootQuality.expected_frames`) are a
    second's frames or more (a guess: under that is a first frame placed a moment after the start) apart
    from what the session's ``duration_s`` holds at its rate, why: the insole's frames are counted by its
    clock, those missing by the session's, which places the insole's frames as they arrive
    (monitor.link.clock): a first packet late by 1.3 s at a simulation's 40x leaves 1.3 s "missing" at the
    start while the insole's own frames span the whole session. [] without a duration."""
    out = []
    for foot, q in feet.items():
        if not duration_s or not math.isfinite(q.rate_hz) or q.rate_hz <= 0:
            continue
        held = round(float(duration_s) * q.rate_hz)
        apart = q.expected_frames - held
        if abs(apart) >= q.rate_hz:
            out.append(f"{foot}: {q.expected_frames:,} frames received or missing, {abs(apart):,} "
                       f"{'more' if apart > 0 else 'fewer'} than the session's {clock_text(duration_s)} holds at "
                       f"{q.rate_hz:g} Hz ({held:,}): the frames received are counted by the insole's clock, "
                       "those missing by the session's, which places the insole's frames as they arrive, a "
                       "little apart from the insole's own time")
    return out


def data_quality(session: Session, frames: dict[str, FootFrames]) -> DataQuality:
    """Per-foot data quality and the session's caveats."""
    feet = {foot: foot_quality(session, frames[foot]) for foot in session.info.feet}
    t_end = max((float(f.t_s[-1]) for f in frames.values() if f.n_frames), default=0.0)
    return quality_of(session, feet, t_end)


def quality_of(session: Session, feet: dict[str, FootQuality], t_end: float,
               silent: Mapping[str, Collection[str]] | None = None) -> DataQuality:
    """The session's data quality from each foot's (:func:`foot_quality`) and its last frame's time
    ``t_end`` (s): what :func:`data_quality` gives, for a caller that holds one foot's frames at a time.
    ``silent``: per foot, its regions whose sensors sent no sample in the whole session
    (monitor.analysis.unchecked.feet_reads), whose unchecked patterns "What to know" says; None: not known."""
    caveats = list((session.info.imported_from or {}).get("caveats") or [])
    missing = session.not_recorded_note()  # a foot without an insole: no column below says it
    if missing and not any(f"the session has no {foot} foot" in c  # an importer's own words (moticon)
                           for foot in session.feet_not_recorded() for c in caveats):
        caveats.append(missing)  # after the importer's caveats, before any note of our own
    for foot in session.info.feet:
        caveats += layout_caveats(foot, session.info.layouts[foot], imported=bool(session.info.imported_from),
                                  silent=(silent or {}).get(foot, ()))
    for foot, q in feet.items():
        for start, end in q.absent_spans:
            where = (f"from {clock_text(start)} to the end of the session" if start > 0
                     else f"from the start of the session to {clock_text(end)}")
            caveats.append(f"{foot}: no data {where} ({clock_text(end - start)} of "
                           f"{clock_text(session.info.duration_s)}): counted as missing")
    if not session.info.imported_from:
        caveats += count_notes(feet, session.info.duration_s)
    if session.info.stopped_note():  # the live summary's "stopped at 8:27 of 20:00"
        caveats.append(session.info.stopped_note())
    if session.log_end_note():
        caveats.append(session.log_end_note())
    if session.damaged_spans:
        caveats.append(session.damage_note())
    if session.imu_note():
        caveats.append(session.imu_note())
    duration = float(session.info.duration_s) if session.info.duration_s else t_end
    return DataQuality(feet, caveats, session.info.source, duration, transport_of(session.info.layouts),
                       session.events_cut_s())
