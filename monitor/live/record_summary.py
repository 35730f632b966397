"""What a finished recording did (its counts, the spans a foot sent nothing at its ends, the notes), for the
end of record, live and replay to say (monitor.live.summary)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.analysis.absent_words import absent_words
from monitor.codebook import Gap
from monitor.link.assembly import LINK_DOWN, SessionAssembler
from monitor.link.transport_words import RADIO, TransportWords, transport_of
from monitor.session.absence import ABSENT_MIN_S, absent_at_ends
from monitor.session.model import gaps_after_late, gaps_table
from monitor.session.writer import late_filled
from monitor.util.words import counted

#: What a recording whose close was interrupted (Ctrl-C, SIGTERM) as it wrote its tables says of them.
TABLES_INTERRUPTED = ("frames table not written: interrupted; it is rebuilt from raw.swlog when the session "
                      "is next read")


@dataclass
class RecordSummary:
    """What a finished recording did. ``gaps_file``: whether its gaps.csv was written (not after a write
    error that stopped the tables, monitor.session.writer.SessionWriter.close); ``tables_interrupted``:
    whether Ctrl-C or SIGTERM stopped the tables as the session closed (none written, :data:`TABLES_INTERRUPTED`).
    ``absent``: per foot that sent nothing for more than ``ABSENT_MIN_S`` (1 s) after the session's start
    or before its end (``recording_stopped_s``, when there is one), ``(start_s, end_s, frames)`` of each such
    span (monitor.session.absence.absent_at_ends, the report's count, from the last frame): frames no gap counts.
    ``recording_stopped_s``: after a write error in the session (``recording_error``: a full disk), the
    session time (s) its raw log holds frames up to; what came after is not in the recording, and
    ``counters`` count what is (None: the recording holds the whole session). ``transport``: the words of
    the insoles' transport the counts are said in (a BLE radio's, the Moticon stream's UDP datagrams).
    """

    path: Path
    duration_s: float
    counters: dict[str, dict[str, int]]
    gaps: int
    notes: list[str] = field(default_factory=list)
    recording_error: str | None = None
    gaps_file: bool = True
    tables_interrupted: bool = False
    absent: dict[str, list[tuple[float, float, int]]] = field(default_factory=dict)
    #: the simulation's speed (1: real insoles): at 40x a host's start-up of 0.5 s is 20 s of session time
    speed: float = 1.0
    recording_stopped_s: float | None = None
    transport: TransportWords = RADIO
    #: per foot whose link went down before its first frame, when (session s; SessionAssembler.down_before_data):
    #: a late start for that drop is said as the drop, not the host's
    dropped_before_data: dict[str, float] = field(default_factory=dict)
    #: the feet that sent a pressure sample (a frame with some sensor's reading; None: not known)
    sampled: frozenset[str] | None = None
    #: per foot, the frames its ``frames_missing`` counter (the live stream's) counts that came late and fill
    #: their rows in the session's tables (monitor.session.writer.late_filled; none: not known)
    late_filled: dict[str, int] = field(default_factory=dict)
    #: a stopped replay's: the session time (s) it read the raw log to, its latest frame of either foot; a
    #: foot's silence is counted up to there and said to end there, not at the session's end (None: read whole)
    read_to_s: float | None = None
    #: per foot, the frames missing in its gaps the link was down in (gaps.csv reason ``link down``, or ``link
    #: down (the insole restarted)``: :func:`link_down_frames`), which the end of the session says beside the
    #: packets the insole never sent then (the ``packets_missed_link_down`` counter; {}: not known)
    frames_link_down: dict[str, int] = field(default_factory=dict)
    #: when the session started (its session.json ``start_utc``, ISO 8601 with a zone; None: not known), which
    #: tells whether a kept normal was kept by an earlier ride (monitor.analysis.normal_words.kept_when)
    start_utc: str | None = None

    def frames_kept(self, foot: str) -> int:
        """Frames of ``foot`` the session's tables hold a reading of: received, and late ones in their rows."""
        return self.counters[foot]["frames_received"] + self.late_filled.get(foot, 0)

    def frames_missing(self, foot: str) -> int:
        """Frames of ``foot`` missing: in its gaps (not the late frames that fill their rows), and where it
        sent nothing after the session's start or before its end."""
        return (self.counters[foot]["frames_missing"] - self.late_filled.get(foot, 0)
                + sum(n for _, _, n in self.absent.get(foot, ())))

    def absent_notes(self) -> list[str]:
        """One line per span without a foot's data at the session's start or end: when, and the frames missing;
        a simulation's late start says how much of the host's time it was (its speed x that is the span)."""
        return [absent_words(foot, start_s, end_s, n, self.duration_s, self.speed,
                             self.dropped_before_data.get(foot), stopped_s=self.read_to_s)
                + f" (not a gap: a gap lies between two {self.transport.packet}s)"
                for foot, spans in self.absent.items() for start_s, end_s, n in spans]


def absent_of(assembler: Any, duration_s: float | None, spans: dict[str, tuple[float, float] | None] | None = None,
              reached_s: float | None = None) -> dict[str, list[tuple[float, float, int]]]:
    """:attr:`RecordSummary.absent` of a recording or replay of ``duration_s`` session s, from its
    ``assembler`` (monitor.link.assembly.SessionAssembler: each foot's first and last frame, or ``spans``,
    per foot session s of its first and last frame, when given) at each foot's layout rate, as the report
    counts them (monitor.report.quality_data); ``reached_s``: the duration asked for (None: not known), data
    reaching which reached the end (monitor.session.absence.absent_spans)."""
    rates_hz = {foot: float(layout.current_rate_hz) for foot, layout in assembler.layouts.items()}
    return absent_at_ends(assembler.frame_spans() if spans is None else spans, rates_hz, duration_s, reached_s)


def recording_assembler(layouts: dict[str, Any], speed: float) -> SessionAssembler:
    """The assembler a recording or a replay feeds (``layouts``: per foot its SensorLayout; ``speed``: device
    s per host s): its late frames, not handed on, counted into the gaps they fill (:func:`late_of`), in
    bounded memory (``count_late``: monitor.link.late_ledger), not kept."""
    return SessionAssembler(layouts, speed=speed, count_late=True)


def gaps_of(assembler: Any) -> list[Gap]:
    """The gaps of a recording's live ``assembler`` (monitor.link.assembly.SessionAssembler, counted its late
    frames: ``count_late``, or kept them: ``keep_late``) once the late frames fill their rows, as the rebuild
    from the raw log writes them to gaps.csv (monitor.session.writer.SessionWriter.close: the same assembler,
    the same counters, gaps and late frames)."""
    if all(asm.late_ledger is not None for asm in assembler.feet.values()):  # count_late: counted as they came
        return [g for asm in assembler.feet.values() for g in asm.late_ledger.gaps_after(asm.gaps)]
    late = {foot: asm.late_blocks for foot, asm in assembler.feet.items()}
    rates_hz = {foot: float(layout.current_rate_hz) for foot, layout in assembler.layouts.items()}
    return gaps_after_late(assembler.gaps(), late, rates_hz)


def late_of(assembler: Any) -> tuple[int, dict[str, int]]:
    """The gaps and :attr:`RecordSummary.late_filled` of a recording whose tables were not rebuilt (a close
    interrupted), from its live ``assembler`` (:func:`gaps_of`): the number of gaps once the late frames fill
    their rows, and per foot the frames its ``frames_missing`` counts that came late, as the rebuild from the
    raw log gives them."""
    gaps = gaps_of(assembler)
    return len(gaps), late_filled(assembler.counters(), gaps_table(gaps))


def link_down_frames(gaps: Iterable[Gap]) -> dict[str, int]:
    """Per foot with any, the frames missing in ``gaps`` whose link was down (reason ``link down``, or ``link
    down (the insole restarted)``): what a foot's data lost while its link was down. The packets the insole
    never sent then (the ``packets_missed_link_down`` counter, its ``seq`` jump) are no measure of it: a
    packet holds 1 to 255 frames, or a slice of one (docs/protocol.md: 8 frames at MTU 247, a fifth of a frame
    at MTU 23), so 1,776 frames missed in a drop were 339 packets where the simulated insole made some at the
    default MTU as it reconnected."""
    out: dict[str, int] = {}
    for g in gaps:
        if g.reason.startswith(LINK_DOWN) and g.frames_missing:
            out[g.foot] = out.get(g.foot, 0) + int(g.frames_missing)
    return out


def replayed_record(path: Path, duration_s: float, asm: Any, notes: list[str], read_s: float,
                    speed: float, *, stopped: bool = False, start_utc: str | None = None,
                    planned_s: float | None = None) -> RecordSummary:
    """A replay's record, its assembler ``asm`` (:func:`recording_assembler`'s) having read the raw log to
    ``read_s`` s (the rest: not missing); its gaps and late-filled frames those of a rebuild (:func:`late_of`).

    ``stopped``: the replay was stopped at ``read_s``, a record's host time x the recording's speed; the host
    received the frames read before it late (at 40x, 50 ms late is 2 s of session time), so the log is taken
    as read to the latest frame of either foot (0.0 when it read no frame), and a foot is silent only up to
    there; a foot with no frame read in ABSENT_MIN_S (1 s) or less is not absent (its first frames can lie
    later in the log, as a whole session's first frame may come that late), as none is that long at an end.
    ``start_utc``: the session's start (its session.json's), RecordSummary.start_utc. ``planned_s``: the
    duration the recording was asked for (session.json ``planned_duration_s``; None: none), as its end took it
    (:func:`absent_of`'s ``reached_s``).
    """
    spans = asm.frame_spans()
    if stopped:
        read_s = min(read_s, max((span[1] for span in spans.values() if span is not None), default=0.0))
    absent = {foot: kept for foot, said in absent_of(asm, read_s, spans, planned_s).items()
              if (kept := [a for a in said if not stopped or a[1] - a[0] > ABSENT_MIN_S])}
    gaps, filled = late_of(asm)  # the late frames in their rows, as a rebuild of the raw log has them
    return RecordSummary(path, duration_s, asm.counters(), gaps, notes, absent=absent,
                         speed=speed, transport=transport_of(asm.layouts), dropped_before_data=asm.down_before_data(),
                         late_filled=filled, read_to_s=read_s if stopped else None,
                         frames_link_down=link_down_frames(gaps_of(asm)), start_utc=start_utc)


def link_trouble_words(counters: dict[str, int], words: TransportWords = RADIO, frames_down: int | None = None
                       ) -> list[str]:
    """What a foot's link lost (its ``counters``), in the end-of-session words of its transport
    (:func:`link_trouble`): "5 packets lost on the radio"; what it missed while down said in the frames of the
    link-down gaps, ``frames_down`` (:func:`link_down_frames`; None: not known), with the packets the insole
    made of them beside: "1,776 frames (339 packets) missed while the link was down"; and the packets that came
    out of order, with their frames (``frames_late``), as `record`'s table counts them late: "2 packets (16
    frames) came late, out of order (kept in the tables, too late for the alerts)"."""
    out = []
    for key, label in link_trouble(words):
        n = counters.get(key, 0)
        if key == "packets_missed_link_down" and frames_down:
            packets = f" ({counted(n, words.packet)})" if n else ""
            out.append(f"{counted(frames_down, 'frame')}{packets} missed while {words.down_while}")
        elif n:
            out.append(counted(n, *label))
    late = counters.get("packets_late", 0)
    if late:
        frames = counters.get("frames_late", 0)
        out.append(counted(late, words.packet) + (f" ({counted(frames, 'frame')})" if frames else "")
                   + " came late, out of order (kept in the tables, too late for the alerts)")
    return out


def link_trouble(words: TransportWords = RADIO) -> tuple[tuple[str, tuple[str, str]], ...]:
    """What a foot's link lost, in the end-of-session words of its transport: (counter, (one, many)), e.g.
    "packets lost on the radio" of a BLE insole, "datagrams lost on the network" of the Moticon stream."""
    return (("packets_lost", words.packets(f" lost {words.lost_where}")),
            ("packets_missed_link_down", words.packets(f" missed while {words.down_while}")),
            ("packets_corrupt", (f"corrupt {words.packet}", f"corrupt {words.packet}s")),
            ("packets_out_of_time", words.packets(" out of time")))
