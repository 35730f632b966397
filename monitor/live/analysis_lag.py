"""How far a live session's analysis runs behind the session's time, and how late its alerts, marks and events came.

A host too busy for the session's speed (a simulation at 30x on a loaded laptop) takes longer to receive and
judge a second of ride than the ride takes: the data wait in the radio's stack, the simulated insoles' bursts
or the link's queue, and detection runs minutes of ride behind the session's clock. The lag is measured as
each block of frames is handed to the analysis: the session time now (host s x speed, never past the session's
end: its duration, or the moment its recording ended) minus the session time of the newest frame handed on so
far, any foot's (the frames' own times, from the insoles' clocks: what the insoles have sampled by now against
what has been judged). A foot that goes silent changes nothing (it is measured as frames come). An alert, a
rider's mark or another event is late by the time from the data that raised it to its being issued to the
channels (the session time then, never past the session's end, less its own, less a window's settling for the
kinds a window raises; one issued after the end is counted as such): what the channels then take to deliver it
is theirs, given per channel apart (monitor.live.delivery.Delivered.latency_s, host s). An event is late for one
of two reasons, told apart: the host (the lag as it was issued) or a foot's missing data (what lies beyond that
lag: the data it needed, up to its window's settling, came only after a silence of its foot, or of the other
foot whose assessments it waits for, as docs/detection.md says; the end note names the silence). Pure: the
caller gives every time.
"""

from __future__ import annotations

import math

from monitor.util.timefmt import clock_text
from monitor.util.words import counted

#: The kinds of event a settled window raises (monitor.analysis.alerts.KINDS): their time is the window's,
#: which settles ``settle_s`` after it.
WINDOW_KINDS = ("alert", "back_to_normal")

#: How the end summary counts each kind of event issued late: an alert, a rider's mark, any other an event.
_LATE_WORDS = {"alert": "alert", "rider_mark": "mark"}

#: The lag (session s) beyond which the views say the analysis is behind and the end summary says how far it
#: fell (guess: a busy host's hiccup of 0.2 s is 8 s of ride at 40x; more than that is a backlog, not jitter).
BEHIND_BOUND_S = 10.0

#: A foot's data silent longer than this (session s, between a frame with data and its next) is kept as a
#: silence that may hold an event (guess: far below BEHIND_BOUND_S, beyond which the note says an event late).
SILENCE_MIN_S = 1.0


def beyond_words(s: float, bound_s: float = BEHIND_BOUND_S) -> str:
    """``s`` (s, beyond ``bound_s``) as said beside "beyond ``bound_s``": whole seconds ("87"), or tenths
    rounded up where whole seconds would read no more than the bound ("10.3", not "10")."""
    whole = f"{s:.0f}"
    return whole if float(whole) > bound_s or s <= bound_s else f"{math.ceil(s * 10.0) / 10.0:.1f}"


def late_words(late_s: float | None, after_end: bool = False, bound_s: float = BEHIND_BOUND_S) -> str:
    """What an event's line says of its issue ``late_s`` session s after the data that raised it (beyond its
    window's settling: :meth:`AnalysisLag.issued`), beyond ``bound_s``: "issued 82 s late"; one issued after the
    session's end (``after_end``: ``late_s`` counts to that end only) "issued after the session's end, at least
    82 s late", or "issued after the session's end" whatever its lateness to that end (not beyond the bound, or
    not known); "" for one before the end whose lateness is not beyond the bound, or not known (None)."""
    if late_s is None or not late_s > bound_s:
        return "issued after the session's end" if after_end else ""
    late = beyond_words(late_s, bound_s)
    return f"issued after the session's end, at least {late} s late" if after_end else f"issued {late} s late"


def behind_words(behind_s: float) -> str:
    """The views' words for an analysis ``behind_s`` session seconds behind: "analysis 87 s behind"."""
    return f"analysis {beyond_words(behind_s)} s behind"


class AnalysisLag:
    """The analysis lag of a live session (session s), its largest, and how late each event was issued.

    ``settle_s``: how long after its time a window's event (WINDOW_KINDS) comes out on a host that keeps up
    (the window it is about settles that long after its end: FeatureParams.settle_s); it is late by what its
    issue took beyond that, any other event (a mark, data stale or back) by all its issue took. ``end_s``: the
    session's end where known before it comes (its duration, session s; None: none), and :meth:`ended` the
    moment it came: "now" is never past it, so a backlog the analysis drains after the ride adds no lag (had:
    574 s behind on a ride of 2:15, the host's time after it counted as ride)."""

    def __init__(self, *, bound_s: float = BEHIND_BOUND_S, settle_s: float = 0.0,
                 end_s: float | None = None) -> None:
        self.bound_s = bound_s
        self.settle_s = settle_s
        self.end_s = end_s
        self._newest_s = -math.inf  # the newest frame handed on (session s)
        self.lag_s = 0.0  # as the newest frames were handed on
        self.largest_s = 0.0
        self.issued_s: list[tuple[str, float]] = []  # (kind, session s late) per event issued
        self.after_end: list[bool] = []  # per event issued, whether after the session's end
        #: per event issued, the foot's silence (foot, session s of its last data before, of its first after)
        #: that held it, where its lateness beyond the host's lag was the larger part; None: the host's
        self.held_by: list[tuple[str, float, float] | None] = []
        self._data_s: dict[str, float] = {}  # per foot, its newest frame with data handed on (session s)
        self.silences: list[tuple[str, float, float]] = []  # (foot, last data before, first after), session s

    def ended(self, now_s: float) -> None:
        """The session ended at ``now_s`` (session s; the recording stopped), or at ``end_s`` if that came first."""
        self.end_s = now_s if self.end_s is None else min(self.end_s, now_s)

    def _capped(self, now_s: float) -> float:
        return now_s if self.end_s is None else min(now_s, self.end_s)

    def handed(self, frame_s: float, now_s: float) -> None:
        """Frames up to ``frame_s`` are handed to the analysis at ``now_s`` (session s)."""
        self._newest_s = max(self._newest_s, frame_s)
        self.lag_s = max(self._capped(now_s) - self._newest_s, 0.0)
        if self.lag_s > self.largest_s:
            self.largest_s = self.lag_s

    def data(self, foot: str, first_s: float, last_s: float) -> None:
        """``foot``'s frames with data from ``first_s`` to ``last_s`` (session s) are handed to the analysis: a
        first frame over SILENCE_MIN_S after its newest before is kept as a silence."""
        newest_s = self._data_s.get(foot)
        if newest_s is not None and first_s - newest_s > SILENCE_MIN_S:
            self.silences.append((foot, newest_s, first_s))
        self._data_s[foot] = max(last_s, newest_s if newest_s is not None else last_s)

    def behind_s(self) -> float | None:
        """The lag now (session s) where it is beyond ``bound_s``; None while the analysis keeps up."""
        return self.lag_s if self.lag_s > self.bound_s else None

    def issued(self, kind: str, t_s: float, issued_s: float, foot: str | None = None) -> tuple[float, bool]:
        """An event of ``kind`` (an Alert's, of ``foot``; None: of none) about ``t_s`` was issued to the channels
        at ``issued_s`` (session s): how late it is (session s, to the session's end at most) and whether it came
        after that end. Its lateness beyond the lag now is the data's: where that is the larger part and a silence
        of its foot (else of another) spans the time its data reach (``t_s``, after the window's settling for a
        window's kind), that silence held it."""
        settle_s = self.settle_s if kind in WINDOW_KINDS else 0.0
        self.after_end.append(self.end_s is not None and issued_s > self.end_s)
        late_s = max(self._capped(issued_s) - t_s - settle_s, 0.0)
        self.issued_s.append((kind, late_s))
        host_s = min(self.lag_s, late_s)
        need_s = t_s + settle_s
        spans = [s for s in self.silences if s[1] < need_s < s[2]]
        spans.sort(key=lambda s: s[0] != foot)  # its own foot's first
        self.held_by.append(spans[0] if spans and late_s - host_s > host_s else None)
        return late_s, self.after_end[-1]

    def note(self, end_word: str = "session") -> str | None:
        """The end summary's note where the analysis fell behind beyond ``bound_s``, or an event was issued later
        than that: the largest lag, and per word (alert, mark, event) how many of how many were late and how
        late, those the host made late apart from those a foot's silence held (named: "the left insole's data
        missing from 5:10 to 6:22"), and how many were issued after the end of the ``end_word`` ("ride", "run",
        "session": monitor.live.summary_head.end_word); None where it kept up."""
        words = [_LATE_WORDS.get(kind, "event") for kind, _ in self.issued_s]
        late = [(w, s, after, held) for w, (_, s), after, held
                in zip(words, self.issued_s, self.after_end, self.held_by) if s > self.bound_s]
        by_host = [(w, s, after) for w, s, after, held in late if held is None]
        by_data = [(w, s, after) for w, s, after, held in late if held is not None]
        if self.largest_s <= self.bound_s and not late:
            return None
        said = []
        if self.largest_s > self.bound_s or by_host:
            host = (f"the analysis fell up to {beyond_words(self.largest_s, self.bound_s)} s behind the session's "
                    "time (the host was too busy for the session's speed)")
            if by_host:
                host += "; issued late: " + ", ".join(self._late_parts(by_host, words, end_word))
            said.append(host + f"; the views say it beyond {self.bound_s:g} s behind (a guess)")
        if by_data:
            held = sorted({held for *_, held in late if held is not None}, key=lambda h: (h[1], h[0]))
            silences = ", ".join(f"the {foot} insole's data missing from {clock_text(from_s)} to {clock_text(to_s)}"
                                 for foot, from_s, to_s in held)
            parts = self._late_parts(by_data, words, end_word)
            data = ("issued late while an insole's data were missing: " + ", ".join(parts)
                    + f", held for {silences}")
            if not said:
                most = beyond_words(self.largest_s, self.bound_s)
                behind = (f"at most {most} s" if float(most) > 0 else "less than 1 s" if self.largest_s > 0
                          else None)
                data += "; the host kept up (the analysis " + (f"{behind} behind the session's time)" if behind
                                                               else "never behind)")
            said.append(data)
        return "; ".join(said)

    def _late_parts(self, late: list[tuple[str, float, bool]], words: list[str], end_word: str) -> list[str]:
        """Per word (alert, mark, event) how many of ``late`` ((word, session s late, issued after the end)) of
        how many issued (``words``, one per event) and how late: "1 alert of 4 up to 67 s (after 5 s for its
        window to settle; 1 issued after the run's end)", the end the ``end_word``'s."""
        parts = []
        for word in ("alert", "mark", "event"):
            of_word = [s for w, s, _ in late if w == word]
            if of_word:
                ended = sum(after for w, _, after in late if w == word)
                asides = ([f"after {self.settle_s:g} s for its window to settle"] if word == "alert" else []) + \
                    ([f"{ended} issued after the {end_word}'s end"] if ended else [])
                parts.append(f"{counted(len(of_word), word)} of {words.count(word)} up to "
                             f"{beyond_words(max(of_word), self.bound_s)} s"
                             + (f" ({'; '.join(asides)})" if asides else ""))
        return parts
