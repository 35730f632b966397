"""The feet a recording lost and got back, kept from its link events in order (session s), and the notes
it ends with about them (:func:`monitor.live.record_notes.lost_notes`). The recorder keeps one as it records;
a replay stopped before its log's end keeps one of the events it read, so that its notes say only what it
replayed (had: "right insole lost; the session goes on with the left", lost at 1:50, said by a replay stopped
at 0:12)."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.codebook import FrameBlock
from monitor.link.records import recorded_event_s
from monitor.live.record_notes import connected_notes, lost_notes, of_the_whole, whole_recording_words
from monitor.util.plain_text import spelt_out

#: The link events that declare a foot lost: a reconnection that failed keeps the time the foot was lost at.
LOST_EVENTS = ("foot_lost", "reconnection_failed")


@dataclass
class LossBook:
    """Feet lost and back. ``lost``: foot -> (session s, the event's note) of its loss; ``silent``: foot lost
    -> session s of its last frame as it was lost (None: it had none); ``back``: foot lost that came back ->
    (session s of its last frame before, session s lost, session s back)."""

    lost: dict[str, tuple[float, str]] = field(default_factory=dict)
    silent: dict[str, float | None] = field(default_factory=dict)
    back: dict[str, tuple[float | None, float, float]] = field(default_factory=dict)
    #: a replay's: per foot, session s of its latest frame read (:meth:`frames`)
    latest_s: dict[str, float] = field(default_factory=dict)

    def event(self, name: str | None, foot: str, at_s: float, note: str, last_frame_s: float | None) -> None:
        """The link event ``name`` of ``foot`` dated ``at_s`` (session s) with its ``note``, the foot's latest
        frame before it at ``last_frame_s`` (session s; None: none): a foot first lost was silent from there."""
        if name in LOST_EVENTS:
            lost_s = self.lost[foot][0] if name == "reconnection_failed" and foot in self.lost else at_s
            if foot not in self.lost:  # its data stopped at its last frame, seconds before it is declared lost
                self.silent[foot] = last_frame_s
            self.lost[foot] = (lost_s, note)
            self.back.pop(foot, None)
        elif name == "reconnected" and foot in self.lost:
            self.back[foot] = (self.silent.pop(foot, None), self.lost.pop(foot)[0], at_s)

    def frames(self, block: FrameBlock) -> None:
        """A replay's frames, in the order of its log's records: each foot's latest, for :meth:`read`."""
        if len(block.t_s):
            self.latest_s[block.foot] = max(self.latest_s.get(block.foot, -math.inf), float(block.t_s[-1]))

    def read(self, event: Mapping[str, Any] | None, feet: Collection[str], at_s: float) -> None:
        """A raw log's ``event`` (its JSON; None: not one) read at ``at_s`` (session s: its record's host time x
        the speed, where it holds no date of its own), as the recorder kept it (:meth:`event`), of a foot of
        ``feet`` (those recorded), after the frames of the records before it (:meth:`frames`)."""
        foot = (event or {}).get("foot")
        if event is None or foot not in feet:
            return
        note = event.get("note", f"{foot} insole lost")
        dated_s = recorded_event_s(event)  # the analysis's own date of it: a t_s not a finite number is none
        self.event(event.get("event"), foot, at_s if dated_s is None else dated_s, spelt_out(str(note)),
                   self.latest_s.get(foot))

    def notes(self, feet: list[str], end_s: float, stopped: tuple[float, str] | None = None) -> list[str]:
        """The notes of the feet lost and back among ``feet`` (those recorded), their data said to end no later
        than ``end_s`` (session s the data reach), none past ``stopped`` (session s, why) of a recording that
        stopped early (record_notes.lost_notes)."""
        return lost_notes(self.lost, feet, self.back, end_s=end_s, ended=self.silent, stopped=stopped)


def last_frame_s(assembler: Any, foot: str) -> float | None:
    """The session s of ``foot``'s latest frame the ``assembler`` (a SessionAssembler) holds; None: none."""
    span = assembler.frame_spans().get(foot)
    return None if span is None else span[1]


def stopped_notes(feet: Collection[str], losses: LossBook, read_s: float, recorded: Collection[str] = ()) -> list[str]:
    """The notes of a replay stopped at ``read_s`` (session s read) of a recording of ``feet``: the one the
    recording starts with (one insole connected), those of the feet lost and back in the events read
    (``losses``), their data no later than ``read_s``, then those of ``recorded`` (the notes its close wrote,
    SessionInfo.notes) that speak of the recording as a whole (monitor.live.record_notes.of_the_whole: records
    its consumer could not handle in full, a simulation's host that could not keep its speed), which hold for
    any part of it. Not its other notes: a foot lost after the stop, or insoles that sent nothing after some
    time, speak of what the replay may not have reached (had: the notes of the whole left out too). Records not
    handled in full are said of the whole recording (record_notes.whole_recording_words): they may lie after
    the stop."""
    whole = [whole_recording_words(n) for n in recorded if of_the_whole(n)]
    return connected_notes(feet) + losses.notes(list(feet), read_s) + whole
