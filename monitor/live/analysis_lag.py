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
is theirs, given per channel apart (monitor.live.delivery.Delivered.latency_s, host s). Pure: the caller gives
every time.
"""

from __future__ import annotations

import math

from monitor.util.words import counted

#: The kinds of event a settled window raises (monitor.analysis.alerts.KINDS): their time is the window's,
#: which settles ``settle_s`` after it.
WINDOW_KINDS = ("alert", "back_to_normal")

#: How the end summary counts each kind of event issued late: an alert, a rider's mark, any other an event.
_LATE_WORDS = {"alert": "alert", "rider_mark": "mark"}

#: The lag (session s) beyond which the views say the analysis is behind and the end summary says how far it
#: fell (guess: a busy host's hiccup of 0.2 s is 8 s of ride at 40x; more than that is a backlog, not jitter).
BEHIND_BOUND_S = 10.0


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

    def behind_s(self) -> float | None:
        """The lag now (session s) where it is beyond ``bound_s``; None while the analysis keeps up."""
        return self.lag_s if self.lag_s > self.bound_s else None

    def issued(self, kind: str, t_s: float, issued_s: float) -> tuple[float, bool]:
        """An event of ``kind`` (an Alert's) about ``t_s`` was issued to the channels at ``issued_s`` (session s):
        how late it is (session s, to the session's end at most) and whether it came after that end."""
        settle_s = self.settle_s if kind in WINDOW_KINDS else 0.0
        self.after_end.append(self.end_s is not None and issued_s > self.end_s)
        self.issued_s.append((kind, max(self._capped(issued_s) - t_s - settle_s, 0.0)))
        return self.issued_s[-1][1], self.after_end[-1]

    def note(self) -> str | None:
        """The end summary's note where the analysis fell behind beyond ``bound_s``, or an event was issued later
        than that: the largest lag, and per word (alert, mark, event) how many of how many were late and how
        late; None where it kept up."""
        words = [_LATE_WORDS.get(kind, "event") for kind, _ in self.issued_s]
        late = [(w, s, after) for w, (_, s), after in zip(words, self.issued_s, self.after_end) if s > self.bound_s]
        if self.largest_s <= self.bound_s and not late:
            return None
        said = (f"the analysis fell up to {beyond_words(self.largest_s, self.bound_s)} s behind the session's time "
                "(the host was too busy for the session's speed)")
        parts = []
        for word in ("alert", "mark", "event"):
            of_word = [s for w, s, _ in late if w == word]
            if of_word:
                ended = sum(after for w, _, after in late if w == word)
                asides = ([f"after {self.settle_s:g} s for its window to settle"] if word == "alert" else []) + \
                    ([f"{ended} issued after the ride's end"] if ended else [])
                parts.append(f"{counted(len(of_word), word)} of {words.count(word)} up to "
                             f"{beyond_words(max(of_word), self.bound_s)} s"
                             + (f" ({'; '.join(asides)})" if asides else ""))
        if parts:
            said += "; issued late: " + ", ".join(parts)
        return said + f"; the views say it beyond {self.bound_s:g} s behind (a guess)"
