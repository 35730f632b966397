"""What the person sees of a recording: a progress display, a line per notice of the link (a foot down,
back or lost, a low battery: monitor.analysis.streaming.notice_for, in the words of ``live``) and the
end-of-session summary; and the stage line of a longer job (the report: :class:`StageLine`).

Presentation only: takes the recorder's snapshots, link events and summary, writes to a rich Console.
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from monitor.analysis.streaming import notice_for
from monitor.analysis.watched import no_sample_length
from monitor.cli.console_live import LiveRegion, notice_line
from monitor.codebook import FrameBlock
from monitor.link.records import recorded_event_s
from monitor.link.transport_words import RADIO, TransportWords
from monitor.live.record_progress import RecordProgress
from monitor.live.record_summary import TABLES_INTERRUPTED, RecordSummary
from monitor.live.summary_head import recorded_words, stopped_early
from monitor.util.plain_text import one_line
from monitor.util.timefmt import clock_text


class ProgressView:
    """A live progress bar on a terminal; a plain line every ``plain_step`` of the way elsewhere, and one for
    the recording's last snapshot (``RecordProgress.final``: the session's duration as saved) where the last
    line said another time, so the last progress agrees with the summary. The notices of the link's events
    (:meth:`link_event`) are lines of their own in either case."""

    def __init__(self, console: Console, *, plain: bool = False, plain_step: float = 0.1,
                 words: TransportWords = RADIO) -> None:
        self.console = console
        self.words = words  # a foot down or back in the words of the insoles' transport
        self.plain = plain or not console.is_terminal
        self.plain_step = plain_step
        self._next_plain = 0.0
        self._progress: Progress | None = None
        self._task = None
        self._data_s: float | None = None  # the newest frame's session time received, of any foot
        self._framed: set[str] = set()  # the feet that sent a frame so far
        self._error_said = False  # whether the recording's write error (a full disk) has been said
        self._said: str | None = None  # the session time of the last plain line

    def __enter__(self) -> ProgressView:
        if not self.plain:
            self._progress = Progress(
                TextColumn("[bold]recording[/]"), BarColumn(), TextColumn("{task.description}"),
                TimeElapsedColumn(), console=self.console, transient=False,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("", total=1.0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def frames(self, block: FrameBlock) -> None:
        """A block of frames the recording received (its ``on_frames``): how far the data have reached."""
        if len(block.t_s):
            self._framed.add(block.foot)
            last_s = float(block.t_s[-1])
            self._data_s = last_s if self._data_s is None else max(self._data_s, last_s)

    def update(self, p: RecordProgress) -> None:
        frac = min(p.session_s / p.duration_s, 1.0) if p.duration_s else 1.0
        feet = "  ".join(
            f"{foot[0].upper()} {p.frames.get(foot, 0):,} fr"
            + ("" if p.connected.get(foot, True) else " [red](down)[/]" if not self.plain else " (down)")
            for foot in p.frames
        )
        # never past the duration: a simulated ride waits on the host's clock for data still to come (or,
        # its insoles gone, SIM_STALL_HOST_S of it), which x speed would read as minutes of ride; the last
        # snapshot says the session's duration as saved, which the summary says
        shown_s = min(p.session_s, p.duration_s) if p.duration_s and not p.final else p.session_s
        shown = clock_text(shown_s)
        text = f"{shown} / {clock_text(p.duration_s)}  {feet}"
        if p.recording_error:
            self._recording_stopped(p)
            text += "  NOT RECORDING"
        if self._progress is not None:
            self._progress.update(self._task, completed=frac, description=text)
        elif frac >= self._next_plain or (p.final and shown != self._said):  # the last line: the saved duration
            self._said = shown
            self.console.print(f"recording {frac:4.0%}  {text}", markup=False, highlight=False)
            # the next step, never past 100 %, which is printed once: a ride that waits at its end for data
            # still to come adds no more lines
            # in whole steps, rounded: 3 x 0.1 is 0.30000000000000004, which 30 % never reached
            k = int(round(frac / self.plain_step, 9)) + 1
            self._next_plain = math.inf if frac >= 1.0 else min(round(k * self.plain_step, 9), 1.0)

    def _recording_stopped(self, p: RecordProgress) -> None:
        """The recording's write error (a full disk), said once, as the snapshot that first carries it
        comes, as ``live`` says it: when it was noticed (the newest frame received as the write failed), which
        is not how far the recording goes: the raw log on disk ends at its last flush, before it (the summary
        says that time)."""
        if self._error_said:
            return
        self._error_said = True
        at_s = p.session_s if p.recording_stopped_s is None else min(p.session_s, p.recording_stopped_s)
        error = one_line(str(p.recording_error))  # a line break reads as a space
        self.console.print(f"recording failed (noticed at {clock_text(at_s)}): {error}; what came after the raw "
                           "log's last flush is not in the recording", style="bold red", markup=False,
                           highlight=False, soft_wrap=True)

    def link_event(self, session_s: float, event: dict[str, Any]) -> None:
        """A link event at ``session_s`` (the recorder's ``on_event``, host time x speed): its notice, if it
        gives one, as a line of its own, as ``live`` prints it, at the time the recorder dated the event
        (its ``t_s``, monitor.link.records.link_event_s), which the raw log, the replay and the report say
        (had: the newest frame received, "0:45 left insole lost" for an event at 2:00). An event without a
        ``t_s`` stands no later than the newest frame received."""
        dated_s = recorded_event_s(event)
        if dated_s is None:
            dated_s = session_s if self._data_s is None else min(session_s, self._data_s)
        notice = notice_for(dated_s, event, self.words, self._framed)
        if notice is not None:
            self.console.print(notice_line(notice), markup=False, highlight=False, soft_wrap=True)


class StageLine(LiveRegion):
    """The stage a longer job is at (``report``: analysing, each figure, rendering, writing), on ``console``
    (stderr): on a terminal one line that each stage replaces and that goes at the end, so the job leaves
    only what it says for good (:meth:`say`) and its result; with ``plain`` or when the console is not a
    terminal, a line per stage, as before, for a log. Use as a context manager; call it with each stage."""

    def __init__(self, console: Console, *, plain: bool = False) -> None:
        self.console = console
        self.plain = plain or not console.is_terminal
        self._live: Live | None = None

    def __enter__(self) -> StageLine:
        if not self.plain:
            # refreshed on each stage only: every stage is drawn, and no thread redraws between them; standard
            # output (the report's path, for a pipe) is left alone
            self._start(Live(Text(""), console=self.console, transient=True, auto_refresh=False,
                             redirect_stdout=False))
        return self

    def __call__(self, stage: str) -> None:
        if self._live is None:
            self.say(stage)
        else:
            self._live.update(Text(stage, no_wrap=True, overflow="ellipsis"), refresh=True)

    def say(self, line: str) -> None:
        """A line that stays (what the job is judged with, a table rebuilt), above the stage line."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)


def record_key(words: TransportWords = RADIO, out_of_time: bool = False) -> str:
    """What the summary's columns mean, under its table, in the words of the insoles' transport
    (docs/session-format.md "Counters" in full); ``out_of_time``: the table has that column."""
    return (f"{words.packet}s: {words.packets_are}; {words.lost_column}: {words.lost_means}; link down: "
            f"{words.down_means}; corrupt: failed their check, skipped; "
            + ("out of time: dated off the stream's time, skipped; " if out_of_time else "")
            + "duplicate: came twice, dropped; late: came "
            "out of order (kept in the tables, too late for live alerts); missing frames: no data (in gaps, and "
            "over 1 s before a foot's first frame or after its last, as the report counts them), left empty, never "
            f"made up; gaps: stretches of missing frames between two {words.packet}s")


def print_summary(console: Console, summary: RecordSummary, *, asked_s: float | None = None,
                  stopped: bool = False) -> None:
    """The end-of-session summary: duration, per-foot counts, gaps, notes, where the session is.
    ``asked_s``: the duration asked for (``--duration``, s; None or inf: none); ``stopped``: whether Ctrl-C or
    SIGTERM ended the session, before it "stopped at 4:28 of 8:00" (monitor.live.summary_head.stopped_early). A
    write error's "stopped at 1:55 of 4:00" is said of the duration asked for too, not of how long the session
    ran, which a fast simulation on a loaded host can take past it ("of 4:01" read as if more was asked)."""
    stopped_of_s = stopped_early(stopped, summary.duration_s, asked_s)
    if summary.recording_stopped_s is not None:  # a write error in the session: the recording holds less
        of_s = stopped_of_s if stopped_of_s is not None else asked_s if asked_s is not None and \
            math.isfinite(asked_s) else summary.duration_s
        console.print(f"Session recorded: {recorded_words(summary.recording_stopped_s, of_s)} of session time "
                      "(a write error stopped the recording; what came after is not in it)", markup=False,
                      soft_wrap=True)
    else:  # a session without a sample: not "0:00 of session time", nor a length of nothing
        length = recorded_words(summary.duration_s, stopped_of_s)
        runs = {foot: () for foot in summary.counters} if summary.sampled == frozenset() or \
            not any(c.get("frames_received") for c in summary.counters.values()) else None
        said = no_sample_length(summary.duration_s, runs, length) or f"{length} of session time"
        console.print(f"Session recorded: {said}", soft_wrap=True)
    console.print(_counters_table(console, summary))
    console.print(f"gaps: {summary.gaps}")
    # one line in a log (a terminal wraps it at its width): a log is read, grepped, cut, never re-flowed; so is
    # every line under it, a terminal wrapping it (had: a note cut into 80-column lines in a log, ending in a space)
    console.print(record_key(summary.transport, _out_of_time(summary)), style="dim", markup=False, highlight=False,
                  soft_wrap=not console.is_terminal)
    for note in summary.notes + summary.absent_notes():
        console.print(f"note: {note}", markup=False, soft_wrap=True)
    if summary.tables_interrupted:
        console.print(f"note: {TABLES_INTERRUPTED}", markup=False, highlight=False, soft_wrap=True)
    if summary.recording_error:
        console.print(f"recording stopped early: {summary.recording_error}", style="bold red", markup=False,
                      soft_wrap=True)
    console.print(f"session: {summary.path}", markup=False, highlight=False, soft_wrap=True)


def _out_of_time(summary: RecordSummary) -> bool:
    """Whether any foot's link counted packets out of the stream's time (the table's column then)."""
    return any(c.get("packets_out_of_time") for c in summary.counters.values())


def _counters_table(console: Console, summary: RecordSummary) -> Table:
    """The summary's counts, no word of a heading ever cut ("ra… lo…", "datagra…"): a column a counter and a
    row a foot where that fits the console's width, a heading of two words on one line or, narrower, wrapped
    ("radio / lost"); where even the headings' longest words and the counts do not fit side by side (about 70
    columns, or under 64 at the least: nine columns and their padding) a row a counter and a column a foot."""
    # packets whose records the raw log lost to damage (a disk error): a column only when there are some
    damaged = any(c.get("packets_log_damaged") for c in summary.counters.values())
    # packets that decoded, dated off their stream's time (the Moticon stream, Ukaton): a column only when some
    out_of_time = _out_of_time(summary)
    words = summary.transport  # a BLE radio's packets, or the Moticon stream's UDP datagrams
    headings = ("foot", "frames", f"{words.packet}s", words.lost_column, "link down", "corrupt") \
        + (("out of time",) if out_of_time else ()) + ("duplicate", "late", "missing frames") \
        + (("log damaged",) if damaged else ())
    rows = []
    for foot, c in summary.counters.items():
        rows.append([foot, f"{summary.frames_kept(foot):,}", f"{c['packets_received']:,}", f"{c['packets_lost']:,}",
                     f"{c.get('packets_missed_link_down', 0):,}", f"{c['packets_corrupt']:,}"]
                    + ([f"{c.get('packets_out_of_time', 0):,}"] if out_of_time else [])
                    + [f"{c['packets_duplicate']:,}", f"{c['packets_late']:,}", f"{summary.frames_missing(foot):,}"]
                    + ([f"{c.get('packets_log_damaged', 0):,}"] if damaged else []))
    wide = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for heading in headings:  # a heading's longest word is the least its column takes: never cut to "datagra…"
        wide.add_column(heading, justify="right" if heading != "foot" else "left", no_wrap=" " not in heading,
                        min_width=max(len(word) for word in heading.split()))
    for row in rows:
        wide.add_row(*row)
    unbounded = console.options.update_width(10 ** 6)  # what it takes, not clamped to the console's width
    least, most = Measurement.get(console, unbounded, wide)
    if most <= console.options.max_width:
        return wide  # each heading on one line
    if least <= console.options.max_width:  # each two-word heading wrapped to its longest word or count
        for i, column in enumerate(wide.columns):  # (rich's own narrowing can cut one while others have room)
            if " " in headings[i]:
                column.width = max([len(word) for word in headings[i].split()] + [len(row[i]) for row in rows])
        return wide
    tall = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    tall.add_column(headings[0], no_wrap=True)
    for row in rows:
        tall.add_column(row[0], justify="right", no_wrap=True)
    for i, heading in enumerate(headings[1:], start=1):
        tall.add_row(heading, *(row[i] for row in rows))
    return tall
