"""A session in memory: its metadata, frames and gaps as tables. Pure (building the tables from frame
blocks included); reading and writing session directories is monitor.session.directory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from monitor.codebook import FEET, FrameBlock, Gap, sensor_columns
from monitor.session.info import SessionInfo
from monitor.session.names import EXTRAS_TABLE

#: gaps.csv's columns, in order (docs/session-format.md).
GAP_COLUMNS = ["foot", "start_s", "end_s", "frames_missing", "packets_lost", "reason", "filled"]


def log_ends_words(end_s: float, duration_s: float | None) -> str:
    """``the raw log ends at 0:32 of the session's 1:00``: a raw log that ends at ``end_s`` session s (the later
    of its last record's time and its last frame's: monitor.session.log_end), before the session's
    ``duration_s`` ends (to the second); "" when it does not (an end at or after the session's: a record's time
    is its host time x the speed, which a busy host puts past the last frame's, or short of it where the host's
    clock runs behind the insoles'), or without a duration. The words of analyze, report and replay."""
    from monitor.util.timefmt import clock_text

    if duration_s is None or end_s >= duration_s or clock_text(end_s) == clock_text(duration_s):
        return ""
    return f"the raw log ends at {clock_text(end_s)} of the session's {clock_text(duration_s)}"


def unclosed_words(end_s: float | None) -> str:
    """``the session was not closed (...): read up to its raw log's last flush, at 1:30``: a recorded session
    whose session.json has no ``duration_s``, read to ``end_s`` session s (its last frame; None: none). The words
    of analyze and report (Session.unclosed_note) and of replay."""
    from monitor.util.timefmt import clock_text

    return ("the session was not closed (its recorder stopped without closing it, or is still recording): "
            f"read up to its raw log's last flush, at {clock_text(end_s, missing='0:00')}")


class FramesSource(Protocol):
    """Frames read one foot at a time from somewhere else than memory (monitor.session.frames_reader)."""

    def foot_chunks(self, foot: str, frames_per_block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]: ...

    def foot_arrays(self, foot: str) -> tuple[np.ndarray, np.ndarray]: ...

    def foot_times(self, foot: str) -> np.ndarray: ...

    def last_t_s(self) -> float | None: ...


@dataclass
class Session:
    """A loaded session.

    Attributes
    ----------
    path : Path
    info : SessionInfo
    frames : DataFrame, or None when ``source`` holds the frames
        One row per frame: ``t_s`` (float64, session seconds), ``foot`` ("left"/"right"), then
        ``p00_kpa`` ... one float32 column per sensor (kPa), NaN where missing. Sorted by ``t_s``.
    gaps : DataFrame
        Columns ``foot, start_s, end_s, frames_missing, packets_lost, reason, filled``: the frames missing
        between two packets (gaps.csv).
    absent : DataFrame (a property, computed from the frames each time it is read)
        Columns ``foot, start_s, end_s, frames_missing, reason``: where a foot sent nothing at the session's
        start or end, which no gap stands for (monitor.session.absent_table; ``analyze --json``'s
        ``absent_at_ends``).
    events : list of dict
        Link events from the raw log (connected, disconnected, battery, ...), each with ``t_s``.
    counters : dict
        Per-foot link counters (packets received, lost, corrupt, duplicate, late; frames).
    truncated_tail_bytes : int
        Bytes of a record cut short at the end of the raw log (a killed recorder), 0 otherwise.
    source : FramesSource or None
        Where the frames are read one foot at a time when ``frames`` is None (a session streamed from
        disk: monitor.session.directory.open_session). Code that may get such a session reads frames
        through :meth:`foot_arrays`, :meth:`foot_chunks` and :meth:`last_t_s` only.
    imu : dict foot -> ndarray, shape (n, 6)
        A foot's IMU rows, row for row with :meth:`foot_arrays`' frames: acceleration x, y, z (g), angular
        rate x, y, z (deg/s), NaN where missing. Only for a foot whose layout has an IMU and whose
        session kept its columns in ``extras.parquet`` (an import's, or a Moticon UDP recording's, or
        rebuilt from the raw log of a recording whose recorder died: monitor.session.imu).
    damaged_spans : tuple of monitor.session.rawlog.SkippedSpan
        Bytes of the raw log skipped as damaged (a disk error, flipped bytes), each with its byte offset
        and the host times around it: what they held is missing. Empty for a sound log.
    log_end_s : float or None
        Session s where the raw log ends when the frames were rebuilt from it (its tables not whole): its last
        record, or its last frame where that comes later (monitor.session.log_end); None when they were read
        from the tables.
    log_empty : bool
        True for a closed session read from whole tables whose raw log holds no record (0 bytes, or its
        header only): the tables hold the frames, but the log's events are gone and a replay has nothing.
    events_end_s : float or None
        Session s where the raw log ends (as ``log_end_s``) when the frames were read from whole tables and
        the log holds records; None otherwise. Before the session's end (a log cut short, the tables whole), the
        link events and marks after it are missing (:meth:`events_cut_s`).
    log_lost : dict foot -> int
        For a closed session rebuilt from its raw log, the feet the log holds no frame of though the close
        counted some, each with that count (monitor.session.log_counted.feet_lost): their data are missing,
        lost from the log, and :meth:`log_end_note` says so. Empty otherwise.
    setup : dict or None
        The setup a session made in memory keeps, as a recording keeps setup.json (``pedals``, ``shoes``):
        monitor.session.offline.offline_session's, its scenario's. None: none kept in memory (a session read
        from a directory keeps its setup.json there: monitor.session.kept_inputs.kept_setup).
    """

    path: Path
    info: SessionInfo
    frames: pd.DataFrame
    gaps: pd.DataFrame
    events: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, dict[str, int]] = field(default_factory=dict)
    truncated_tail_bytes: int = 0
    source: FramesSource | None = None
    imu: dict[str, np.ndarray] = field(default_factory=dict)
    damaged_spans: tuple[Any, ...] = ()
    log_end_s: float | None = None
    log_empty: bool = False
    events_end_s: float | None = None
    log_lost: dict[str, int] = field(default_factory=dict)
    setup: dict[str, Any] | None = None

    def foot_frames(self, foot: str) -> pd.DataFrame:
        """The rows of one foot, with only that insole's sensor columns (a session in memory only): ``t_s``,
        ``foot``, then ``p00_kpa`` ... its ``n_sensors`` columns; shape (frames of the foot, 2 + n_sensors).
        A foot the session has not is a KeyError naming the session and its feet."""
        if foot not in self.info.layouts:
            raise KeyError(f"{self.path}: no {foot!r} foot in this session (its feet: {', '.join(self.info.feet)})")
        n = self.info.layouts[foot].n_sensors
        rows = self.frames[self.frames["foot"] == foot]
        return rows[["t_s", "foot", *sensor_columns(n)]].reset_index(drop=True)

    def foot_arrays(self, foot: str) -> tuple[np.ndarray, np.ndarray]:
        """One foot's frames: (t_s (n,) float64 s, pressure (n, n_sensors) kPa as stored, float32 in a
        recording), from memory or from ``source``."""
        if self.frames is None:
            return self.source.foot_arrays(foot)
        rows = self.foot_frames(foot)
        return rows["t_s"].to_numpy(dtype=float), rows[sensor_columns(self.info.layouts[foot].n_sensors)].to_numpy()

    def foot_times(self, foot: str) -> np.ndarray:
        """One foot's frame times, shape (n,) float64 s (without reading its pressure from ``source``)."""
        if self.frames is None:
            return self.source.foot_times(foot)
        return self.foot_arrays(foot)[0]

    def foot_chunks(self, foot: str, frames_per_block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """One foot's frames as :meth:`foot_arrays` gives them, ``frames_per_block`` at a time (the last
        fewer); from ``source`` without reading the foot whole."""
        if self.frames is None:
            yield from self.source.foot_chunks(foot, frames_per_block)
            return
        t_s, pressure = self.foot_arrays(foot)
        for lo in range(0, t_s.shape[0], frames_per_block):
            yield t_s[lo:lo + frames_per_block], pressure[lo:lo + frames_per_block]

    def last_t_s(self) -> float | None:
        """The latest frame time (s) of either foot, None without frames."""
        if self.frames is None:
            return self.source.last_t_s()
        return float(self.frames["t_s"].max()) if len(self.frames) else None

    @property
    def absent(self) -> pd.DataFrame:
        """Where each foot sent nothing at the session's start or end (monitor.session.absent_table: columns
        ``foot, start_s, end_s, frames_missing, reason``, one row per span), at each foot's layout rate."""
        from monitor.session.absent_table import absent_table

        feet = {foot: float(self.info.layouts[foot].current_rate_hz) for foot in self.info.feet}
        return absent_table(feet, self.foot_arrays, self.info.duration_s, self.info.planned_duration_s)

    def unclosed_note(self) -> str:
        """For a recorded session that was not closed (session.json has no ``duration_s``: its recorder was
        killed, the machine stopped, or it is still recording), what a reader of its analysis should know:
        ``the session was not closed (...): read up to its raw log's last flush, at 1:30``, and the bytes of
        a record cut short at the log's end; "" for a closed or imported session."""
        if self.info.duration_s is not None or self.info.source == "import":
            return ""
        torn = (f", a record cut short at its end dropped ({self.truncated_tail_bytes} bytes)"
                if self.truncated_tail_bytes else "")
        return f"{unclosed_words(self.last_t_s())}{torn}"

    def log_end_note(self) -> str:
        """:meth:`log_ends_note`, then what the raw log rebuilt from lost of a foot (:attr:`log_lost`: ``the raw log
        holds no frame of the right foot, though session.json counts 6,000 frames received from it ...``)."""
        from monitor.session.lost_words import feet_lost_words

        return "; ".join(n for n in (self.log_ends_note(), feet_lost_words(self.log_lost)) if n)

    def log_ends_note(self) -> str:
        """What a reader of the analysis should know of where the session's data end: :meth:`unclosed_note`
        for a session not closed; for a closed one read from its raw log (its tables not whole) that ends
        before the session did, ``the raw log ends at 0:32 of the session's 1:00 and the session was read from
        it (its tables are not whole): the analysis covers that much``, and the bytes of a record cut short at
        the log's end; for a closed one whose log reaches the session's end but ends in a record cut short,
        ``the raw log ends in a record cut short (40 bytes), dropped: the session was closed and its data
        reach its end``; for a closed one read from whole tables whose raw log holds no record
        (``log_empty``), ``the raw log ends at 0:00 of the session's 2:00: it holds no record ...``; for one
        read from whole tables whose raw log ends before the session did (:attr:`events_end_s`), ``the raw log
        ends at 0:24 of the session's 2:00, so its events after that (link notices, marks) are missing ...``;
        "" otherwise."""
        unclosed = self.unclosed_note()
        if unclosed:
            return unclosed
        ends = "" if self.log_end_s is None else log_ends_words(self.log_end_s, self.info.duration_s)
        if self.log_empty and self.info.duration_s:
            from monitor.util.timefmt import clock_text

            return (f"the raw log ends at 0:00 of the session's {clock_text(self.info.duration_s)}: it holds no "
                    "record (empty, or its header only), so its events (link notices, marks) are missing and "
                    "a replay has nothing to replay; the frames were read from the tables, which are whole")
        events_ends = "" if self.events_end_s is None else log_ends_words(self.events_end_s, self.info.duration_s)
        if events_ends:
            torn = (f"; a record cut short at its end dropped ({self.truncated_tail_bytes} bytes)"
                    if self.truncated_tail_bytes else "")
            return (f"{events_ends}, so its events after that (link notices, marks) are missing and a replay "
                    f"covers that much; the frames were read from the tables, which are whole{torn}")
        if not ends:
            return (f"the raw log ends in a record cut short ({self.truncated_tail_bytes} bytes), dropped: the "
                    "session was closed and its data reach its end" if self.truncated_tail_bytes else "")
        torn = (f"; a record cut short at its end dropped ({self.truncated_tail_bytes} bytes)"
                if self.truncated_tail_bytes else "")
        return (f"{ends} and the session was read from it (its tables are not whole): the analysis covers "
                f"that much{torn}")

    def events_cut_s(self) -> float | None:
        """Session s after which the raw log's link events and marks are missing while the frames go on:
        0.0 for a closed session whose log holds no record (``log_empty``), the log's last record for one
        whose log ends before the session did (:attr:`events_end_s`, to the second); None otherwise."""
        if self.log_empty and self.info.duration_s:
            return 0.0
        if self.events_end_s is not None and log_ends_words(self.events_end_s, self.info.duration_s):
            return self.events_end_s
        return None

    def imu_missing(self) -> tuple[str, ...]:
        """The feet whose layout says the insole sends acceleration and angular rate (``has_imu``) but whose
        IMU rows are not in the session (``extras.parquet`` deleted, or without IMU rows, or every
        acceleration value NaN), in FEET order: where their activity is recognised, it is from pressure
        alone. A foot without frames is left out (its missing data is said otherwise)."""
        out = []
        for foot in self.info.feet:
            if not self.info.layouts[foot].has_imu:
                continue
            rows = self.imu.get(foot)
            if rows is None:
                if self.foot_times(foot).shape[0]:
                    out.append(foot)
            elif rows.shape[0] and np.isnan(rows[:, :3]).all():
                out.append(foot)
        return tuple(out)

    def imu_note(self) -> str:
        """What a reader of the analysis should know of IMU rows missing (:meth:`imu_missing`): ``left and
        right: session.json says the insole has an IMU, but the session holds no IMU rows (extras.parquet
        missing, or without them): where the activity is recognised (none declared), it is from
        pressure alone``; "" otherwise."""
        feet = self.imu_missing()
        if not feet:
            return ""
        who = " and ".join(feet)
        return (f"{who}: session.json says the insole has an IMU (has_imu), but the session holds no IMU rows "
                f"for {'them' if len(feet) > 1 else 'it'} ({EXTRAS_TABLE} missing, or without them): where the "
                "activity is recognised (none declared), it is from pressure alone")

    def feet_not_recorded(self) -> tuple[str, ...]:
        """The feet (FEET order) the session has no insole for: one that never connected to a recording, or
        that an imported file does not hold (a one-foot export)."""
        return tuple(f for f in FEET if f not in self.info.layouts)

    def not_recorded_note(self) -> str:
        """What a reader of the analysis should know of a foot the session has no insole for
        (:meth:`feet_not_recorded`): ``right: not recorded, no insole connected: the verdict and the advice
        are of the left foot alone``; of an import, without alarm, ``right: not in the imported file, a
        recording of the left foot alone``; "" when both feet are recorded."""
        missing = self.feet_not_recorded()
        if not missing or not self.info.layouts:
            return ""
        have = " and ".join(self.info.feet)
        if self.info.source == "import":
            return f"{' and '.join(missing)}: not in the imported file, a recording of the {have} foot alone"
        return (f"{' and '.join(missing)}: not recorded, no insole connected: the verdict and the advice are of "
                f"the {have} foot alone")

    def damage_note(self) -> str:
        """What a reader of the analysis should know of a raw log damaged before its end: ``the raw log is
        damaged: 247 bytes skipped at byte 185084 (from 1:40.1 to 1:40.6 of the session); what they held
        is missing``; "" for a sound log."""
        if not self.damaged_spans:
            return ""
        from monitor.util.timefmt import clock_text

        speed = self.info.speed
        parts = []
        for s in self.damaged_spans:
            a = "the start" if s.after_host_s is None else clock_text(s.after_host_s * speed, tenths=True)
            b = "the end" if s.before_host_s is None else clock_text(s.before_host_s * speed, tenths=True)
            parts.append(f"{s.n_bytes} bytes skipped at byte {s.offset} (from {a} to {b} of the session)")
        return f"the raw log is damaged: {'; '.join(parts)}; what they held is missing"


def frames_table(
    info: SessionInfo,
    blocks: dict[str, list[FrameBlock]],
    late: dict[str, list[FrameBlock]] | None = None,
) -> pd.DataFrame:
    """Build the frames DataFrame from per-foot blocks; late frames fill matching NaN rows.

    The rows are sorted by ``t_s``, then foot in FEET's order, a stable sort (the order of
    ``sort_values(["t_s", "foot"], kind="stable")`` over the feet's rows one after the other); each foot's
    pressure is written once, straight into its sorted rows."""
    n_cols = max(lay.n_sensors for lay in info.layouts.values())
    cols = sensor_columns(n_cols)
    feet = [(k, blocks[foot][0] if len(blocks[foot]) == 1 else FrameBlock.concat(blocks[foot]))
            for k, foot in enumerate(FEET) if blocks.get(foot)]  # one block: no copy
    if not feet:
        df = pd.DataFrame({"t_s": pd.Series(dtype=float), "foot": pd.Series(dtype=str)})
        for c in cols:
            df[c] = pd.Series(dtype=np.float32)
        df["foot"] = pd.Categorical(df["foot"], categories=list(FEET))
        return df
    t_s = np.concatenate([block.t_s for _, block in feet])
    codes = np.concatenate([np.full(block.n_frames, k, dtype=np.int8) for k, block in feet])
    # the feet are one after the other in FEET order, so a stable sort by time alone sorts by foot too; NaN
    # times last
    order = np.argsort(t_s, kind="stable")
    row_of = np.empty(order.size, dtype=np.intp)
    row_of[order] = np.arange(order.size)  # where each foot's frame lands in the sorted table
    p = np.empty((order.size, n_cols), dtype=np.float32)
    start = 0
    for k, block in feet:
        rows = row_of[start:start + block.n_frames]
        foot_p = block.pressure_kpa
        if late and late.get(FEET[k]):
            foot_p = np.array(foot_p, dtype=np.float32)
            fill_late_frames(block.t_s, foot_p, late[FEET[k]], info.layouts[FEET[k]].current_rate_hz)
        p[rows, : block.n_sensors] = foot_p
        p[rows, block.n_sensors:] = np.nan
        start += block.n_frames
    out = pd.DataFrame(p, columns=cols, copy=False)
    out.insert(0, "foot", pd.Categorical.from_codes(codes[order], categories=list(FEET)))
    out.insert(0, "t_s", t_s[order])
    return out


def fill_late_frames(t_s: np.ndarray, p: np.ndarray, late: list[FrameBlock], rate_hz: float) -> None:
    """Put each late frame (``late``) into the row of ``p`` (n, n_cols) whose time in ``t_s`` (n,) is
    within half a frame period of its own and which holds no reading yet; in place."""
    half = 0.5 / rate_hz
    for block in late:
        idx = np.searchsorted(t_s, block.t_s)
        for j, i in enumerate(idx):
            for k in (i - 1, i):
                if 0 <= k < t_s.size and abs(t_s[k] - block.t_s[j]) <= half and np.isnan(p[k]).all():
                    p[k, : block.n_sensors] = block.pressure_kpa[j]
                    break


def gaps_after_late(gaps: list[Gap], late: dict[str, list[FrameBlock]], rates_hz: dict[str, float]) -> list[Gap]:
    """``gaps`` once the late frames (``late``, per foot) fill their rows, as :func:`fill_late_frames`
    puts them: a filled gap loses the late frames within half a frame period of its ``[start_s, end_s)``
    from its missing frames and their packet from its lost packets (a reordered packet arrived: it is not
    lost); a gap left with no frame missing is no gap. Gaps not filled (their frames have no rows) stay."""
    out = list(gaps)
    for foot, blocks in late.items():
        idx = [i for i, g in enumerate(out) if g.foot == foot and g.filled]
        if not blocks or not idx:
            continue
        starts = np.array([out[i].start_s for i in idx])
        half = 0.5 / rates_hz[foot]
        for block in blocks:
            for j in set(np.searchsorted(starts, block.t_s + half, side="right") - 1) - {-1}:
                g = out[idx[j]]
                inside = int(((block.t_s >= g.start_s - half) & (block.t_s < g.end_s - half)).sum())
                if inside:
                    out[idx[j]] = replace(g, frames_missing=g.frames_missing - inside,
                                          packets_lost=max(g.packets_lost - 1, 0))
    return [g for g in out if g.frames_missing > 0]


def gaps_table(gaps: list[Gap]) -> pd.DataFrame:
    if not gaps:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            GAP_COLUMNS, [str, float, float, int, int, str, bool], strict=True)})
    return pd.DataFrame([g.__dict__ for g in gaps], columns=GAP_COLUMNS)
