"""The frames a foot's table has no row for: where it sent nothing at a session's start or end (before its
first frame, or after its last one: an insole lost for good, or one that joined late; no gap of gaps.csv
stands for these spans, since a gap ends only when a packet comes again), the gaps of gaps.csv that no
NaN rows fill, and, the other way round, the time a foot has data: its readings less than ABSENT_MIN_S
apart."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

#: A foot that sent nothing for longer than this (s) before its first frame or after its last was absent
#: there. A guess: above a packet's frames and a link's start (the simulated recordings' first frames come
#: within 0.6 s, their last within 0.1 s of the end), below the 10 s after which a foot is lost.
ABSENT_MIN_S = 1.0


def absent_spans(t_s: Sequence[float], rate_hz: float, duration_s: float | None,
                 reached_s: float | None = None) -> list[tuple[float, float]]:
    """``(start_s, end_s)`` from 0 to the foot's first frame and from its last frame's end to the session's
    ``duration_s``, each when longer than ABSENT_MIN_S; all of ``[0, duration_s)`` for a foot without a
    frame, however short the session (ABSENT_MIN_S spares a foot's data a slow start or end, and one without
    data had neither). ``t_s``: the foot's frame times in order. None or 0 for the duration: unknown, no span.
    ``reached_s``: the session time that data reaching is the session's end (a recording's planned duration,
    session.json ``planned_duration_s``; None: ``duration_s``): a foot whose last frame is at or past it has no
    span at the end, though another foot's frames run on later: a simulation's insoles sample up to
    monitor.live.ride_end.RIDE_END_MARGIN_S past it, each foot's frames are put in session time by its own
    arrivals (host s x speed, monitor.link.clock), seconds apart on a busy host at 100x, and the session
    covers the latest frame (monitor.live.record_span.covering_span)."""
    if duration_s is None or not math.isfinite(duration_s) or duration_s <= 0:
        return []
    if not len(t_s):
        return [(0.0, float(duration_s))]
    first, after_last = float(t_s[0]), float(t_s[-1]) + 1.0 / float(rate_hz)
    spans = [(0.0, first)] if first > ABSENT_MIN_S else []
    if reached_s is not None and float(t_s[-1]) >= reached_s:  # its data reached the end
        return spans
    return spans + ([(after_last, float(duration_s))] if duration_s - after_last > ABSENT_MIN_S else [])


def silent_spans(runs: Sequence[tuple[float, float]], rate_hz: float, duration_s: float | None,
                 reached_s: float | None = None) -> list[tuple[float, float]]:
    """``(start_s, end_s)`` in time order where a foot sent no data: its :func:`absent_spans` at the
    session's start and end, and each hole between two of its :func:`data_runs` ``runs``, from the end of the
    first run's last frame (its time + one frame at ``rate_hz``) to the next run's first; ``duration_s`` and
    ``reached_s`` as :func:`absent_spans` takes them."""
    ends = absent_spans((runs[0][0], runs[-1][1]) if runs else (), rate_hz, duration_s, reached_s)
    period_s = 1.0 / float(rate_hz)
    return sorted(ends + [(last + period_s, first) for (_, last), (first, _) in zip(runs, runs[1:])])


def absent_at_ends(frame_spans: dict[str, tuple[float, float] | None], rates_hz: dict[str, float],
                   duration_s: float | None,
                   reached_s: float | None = None) -> dict[str, list[tuple[float, float, int]]]:
    """Per foot, its :func:`absent_spans` as ``(start_s, end_s, frames)``, from ``frame_spans`` (foot ->
    session s of its first and last frame, None for a foot without one) at ``rates_hz`` (foot -> Hz) over a
    session of ``duration_s`` (``reached_s`` as :func:`absent_spans` takes it): what a recording's end says of
    them, counted as the report counts them. The
    span after a foot's last frame starts at that frame's time, the time every line says a foot's data
    ended at ("silent from 0:11", "none after 0:11", "its data ended at 0:11"); its frames are counted from
    after it, as the report counts them."""
    out: dict[str, list[tuple[float, float, int]]] = {}
    for foot, span in frame_spans.items():
        rate_hz = rates_hz[foot]
        spans = absent_spans(() if span is None else span, rate_hz, duration_s, reached_s)
        if spans:
            last_s = float(span[1]) if span is not None else math.nan
            after_last_s = last_s + 1.0 / float(rate_hz)  # absent_spans' start of the span after the last frame
            out[foot] = [(last_s if start == after_last_s else start, end, absent_frames([(start, end)], rate_hz))
                         for start, end in spans]
    return out


class DataRuns(tuple):
    """A foot's runs of readings, as :func:`data_runs` gives them: a tuple of ``(first_s, last_s)`` (session
    s of each run's first and last reading), compared and iterated as that tuple; with ``counts`` (the
    readings in each run) and ``period_s`` (s, one sample at the foot's rate: what each reading counts for,
    :func:`data_time_s`; NaN where not known)."""

    counts: tuple[int, ...]
    period_s: float

    def __new__(cls, runs: Sequence[tuple[float, float]] = (), counts: Sequence[int] = (),
                period_s: float = math.nan) -> DataRuns:
        self = super().__new__(cls, runs)
        self.counts = tuple(int(n) for n in counts)
        self.period_s = float(period_s)
        return self

    def __reduce__(self):
        return (DataRuns, (tuple(self), self.counts, self.period_s))


def data_runs(t_s: Sequence[float], period_s: float = math.nan, read: np.ndarray | None = None) -> DataRuns:
    """``(first_s, last_s)`` of each run of readings no more than ABSENT_MIN_S apart, in time order, from a
    foot's frame times ``t_s`` (s, in order) and which of them hold a reading, ``read`` ((n,) bool; None:
    all): a longer pause between two readings is a hole, time the foot has no data for; with each run's
    frames counted (its first reading to its last, frames without a reading between them included: a
    pause within the run is data) and the foot's sample period ``period_s`` (s; NaN: not known). Empty
    without a reading."""
    t = np.asarray(t_s, dtype=float)
    rows = np.arange(t.size) if read is None else np.flatnonzero(read)  # the frames with a reading
    if not rows.size:
        return DataRuns((), (), period_s)
    cut = np.flatnonzero(np.diff(t[rows]) > ABSENT_MIN_S)  # the last reading before each hole
    starts = rows[np.concatenate(([0], cut + 1))]
    ends = rows[np.concatenate((cut, [rows.size - 1]))]
    return DataRuns(tuple((float(t[a]), float(t[b])) for a, b in zip(starts.tolist(), ends.tolist())),
                    (ends - starts + 1).tolist(), period_s)


def no_data_since_s(runs: Sequence[tuple[float, float]], t_s: float, late_s: float = 0.0) -> float | None:
    """The session time (s) from which a foot with :func:`data_runs` ``runs`` had sent no data up to ``t_s``:
    its last reading before ``t_s`` (the time "silent from 4:00" says), 0.0 with none before it; None where it
    had data at ``t_s`` (within ABSENT_MIN_S of one of its runs), or its newest reading lies less than
    ABSENT_MIN_S + ``late_s`` (s) before ``t_s``: ``runs`` are the data received so far, and the frames after
    that reading may still be on their way (monitor.analysis.marks.delivery_allowance_s)."""
    if any(first - ABSENT_MIN_S <= t_s <= last + ABSENT_MIN_S for first, last in runs):
        return None
    if runs and runs[-1][1] < t_s <= runs[-1][1] + ABSENT_MIN_S + late_s:
        return None
    return max((last for _, last in runs if last < t_s), default=0.0)


def data_time_s(runs: Sequence[tuple[float, float]], after_s: float | None = None) -> float:
    """The time with data (s) of :func:`data_runs`' ``runs``, from ``after_s`` on when given; a hole adds
    nothing. A run lasts from its first reading to the end of its last, one sample period after it (a pause
    under ABSENT_MIN_S within it is data, lost packets' frames too), or its n frames at the insole's rate,
    n periods, where the session's clock put them closer together than the insole sampled them (30,000
    frames at 100 Hz are 5:00 of data, though the host read their span as 299.5 s), whichever is longer. A
    run holding ``after_s`` counts in the share of its span after it. Runs that do not know their frames or
    period (a plain tuple): their spans, last reading minus first, summed."""
    lo = -math.inf if after_s is None else after_s
    period_s = getattr(runs, "period_s", math.nan)
    counts = getattr(runs, "counts", ())
    if not math.isfinite(period_s) or len(counts) != len(runs):
        return sum((last - max(first, lo) for first, last in runs if last > lo), 0.0)
    total = 0.0
    for (first, last), n in zip(runs, counts):
        end = last + period_s
        if end > lo:
            run_s = max(end - first, n * period_s)
            total += run_s * (1.0 if lo <= first else (end - lo) / (end - first))
    return total


class DataRunsSoFar:
    """:func:`data_runs` of one foot's readings given a block at a time, in time order, as a live session or
    a replay receives them: the same runs as :func:`data_runs` of every reading at once, a run held as its
    first and last reading time (s) only. A reading is a frame with some sensor's value (not every one NaN,
    as monitor.analysis.batch counts them)."""

    def __init__(self, period_s: float = math.nan) -> None:
        self._runs: list[tuple[float, float]] = []
        self._counts: list[int] = []
        self._period_s = float(period_s)  # the foot's sample period (s), NaN: not known
        self._after = 0  # frames given since the last reading, none with a reading: the run's if one follows

    @property
    def runs(self) -> DataRuns:
        """``(first_s, last_s)`` of each run so far, in time order, with their frames counted; empty before a
        reading."""
        return DataRuns(self._runs, self._counts, self._period_s)

    def add(self, t_s: np.ndarray, pressure_kpa: np.ndarray) -> None:
        """A block of frames: ``t_s`` (n,) session s after every frame given before, ``pressure_kpa``
        (n, n_sensors) kPa, NaN where missing."""
        if not len(t_s) or not pressure_kpa.size:
            return
        runs, counts = self._runs, self._counts
        first_s, last_s = float(t_s[0]), float(t_s[-1])
        # most blocks: a reading first and last, no more than ABSENT_MIN_S apart and after the last run's
        # end (so no pause inside it or before it is a hole): the last run goes on to the block's end
        if (runs and last_s - first_s <= ABSENT_MIN_S and first_s - runs[-1][1] <= ABSENT_MIN_S
                and pressure_kpa[0, 0] == pressure_kpa[0, 0] and pressure_kpa[-1, 0] == pressure_kpa[-1, 0]):
            runs[-1] = (runs[-1][0], last_s)
            counts[-1] += self._after + len(t_s)
            self._after = 0
            return
        read = ~np.isnan(pressure_kpa).all(axis=1)
        rows = np.flatnonzero(read)
        if not rows.size:
            self._after += len(t_s)
            return
        got = data_runs(np.asarray(t_s, dtype=float), read=read)
        new, n_new = list(got), list(got.counts)
        if runs and new[0][0] - runs[-1][1] <= ABSENT_MIN_S:  # no hole between them: one run
            new[0] = (runs.pop()[0], new[0][1])
            n_new[0] += counts.pop() + self._after + int(rows[0])
        runs.extend(new)
        counts.extend(n_new)
        self._after = len(t_s) - 1 - int(rows[-1])


def longest_data_time_s(runs: Mapping[str, Sequence[tuple[float, float]]]) -> float:
    """The longest foot's :func:`data_time_s` of ``runs`` (foot -> its :func:`data_runs`); 0 without a
    reading."""
    return max((data_time_s(r) for r in runs.values() if r), default=0.0)


def absent_frames(spans: Sequence[tuple[float, float]], rate_hz: float) -> int:
    """The frames a foot sending at ``rate_hz`` would have sent over ``spans``."""
    return sum(int(round((end - start) * rate_hz)) for start, end in spans)


def unfilled_gap_frames(gaps: Any, foot: str) -> int:
    """The frames of ``foot``'s gaps (a gaps.csv table, monitor.session.model.GAP_COLUMNS) that no NaN rows
    stand for (``filled`` false, read as a bool or as its text)."""
    if not len(gaps):
        return 0
    mine = gaps[gaps["foot"].astype(str) == foot]
    not_filled = ~mine["filled"].astype(str).str.lower().isin(("true", "1"))
    return int(mine.loc[not_filled, "frames_missing"].sum())


def down_before_data(events: Sequence[Mapping[str, Any]],
                     runs: Mapping[str, Sequence[tuple[float, float]]]) -> dict[str, float]:
    """Per foot whose link went down (its first ``disconnected`` event, ``events`` as Session.events) at or
    before its first data (``runs``: per foot its data runs, session s), when: its data start late for that
    drop, not for the host's start (as monitor.link.assembly.SessionAssembler.down_before_data finds it)."""
    out: dict[str, float] = {}
    for event in events:
        foot, t_s = event.get("foot"), event.get("t_s")
        if (event.get("event") != "disconnected" or foot not in runs or foot in out
                or not isinstance(t_s, int | float)):
            continue
        first_s = runs[foot][0][0] if len(runs[foot]) else math.inf
        if t_s <= first_s:
            out[foot] = float(t_s)
    return out
