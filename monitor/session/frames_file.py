"""A session's frames table written in sorted chunks, never whole in memory: a recorded session's as its
raw log is decoded, an imported recording's from its feet's arrays.

``decode_raw_log`` runs a raw log through the live path's assembler and hands each frame block on as it
comes, and each late frame's block (``on_late``), not kept: the gaps they fill are counted as they come
(monitor.link.late_ledger), so its memory does not grow with them; ``FrameSpill`` keeps each foot's frames
on disk (float32 rows, one file per foot) while only their times (float64, 8 bytes a frame) stay in memory,
its late frames on disk too (times and rows, read back a chunk at a time to fill the rows they match);
``write_frames_file`` then writes ``frames.parquet`` in
chunks of ``CHUNK_FRAMES`` rows, in the order of monitor.session.model.frames_table (by ``t_s``, then
foot, stable), late frames filled in as it fills them. The table read back is the one ``frames_table``
builds from the same blocks, row for row and bit for bit (tests/test_frames_file.py).

A 4-hour two-foot ride at 100 Hz with 18 sensors is 2.88 million frames: 207 MB of float32 pressure, of
which this keeps at most one chunk in memory (with the times of every frame and their sorted order, 9 and 8
bytes a frame), against several whole copies in float64 when the table is built whole.

``write_frames_arrays`` writes an imported recording's frames the same way from each foot's float32
pressures in memory (monitor.importers.session): the table of ``frames_table``, without the table or the
float64 copy of each foot's pressures that building it makes (docs/performance.md, "Import of a generic
CSV: memory").
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from monitor.codebook import FEET, FrameBlock, sensor_columns
from monitor.link.assembly import SessionAssembler
from monitor.link.records import SESSION_END_EVENT, session_end_s, timed_event
from monitor.session.info import SessionInfo
from monitor.session.model import fill_late_frames, gaps_table
from monitor.session.parquet_pages import WRITE_CHECKSUMS, parquet_output
from monitor.session.rawlog import KIND_EVENT, KIND_NOTIFICATION, iter_raw_log, record_event

#: Rows of frames.parquet built and written at once (each a row group). Measured on a 4-hour two-foot ride
#: (2.84 million frames): the write's peak over the spilled state is 78 MB with 16,384 rows, 118 MB with
#: 32,768 and 178 MB with 131,072 (pandas, Arrow and the Parquet encoder's buffers grow with the chunk),
#: for the same 79 MB file.
CHUNK_FRAMES = 16_384

#: The name of the temporary directory beside the frames table that holds the spilled frames while it is
#: written (then a random suffix).
SPILL_PREFIX = ".frames-spill-"


def decode_raw_log(raw_path: Path, info: SessionInfo, on_block: Callable[[FrameBlock], None],
                   on_late: Callable[[FrameBlock], None] | None = None, *, warn: bool = True
                   ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Decode a raw log through the live path's assembler, many records at once (the same frames, counters
    and gaps as one at a time), giving each frame block to ``on_block`` in the order the assembler makes
    them, and each late packet's frames (a block of the foot's layout width) to ``on_late``, in the order
    they came, none kept: the gaps they fill are counted as they come (``count_late``,
    monitor.link.late_ledger, the gaps monitor.session.model.gaps_after_late gives of them kept whole).
    Returns (gaps table, extra: ``events``, ``counters``,
    ``truncated_tail_bytes``, ``skipped``: the raw log's damaged spans, monitor.session.rawlog.SkippedSpan;
    ``last_host_s``: host s of its last notification or event, 0 without one; ``frame_spans``: per foot, session s
    of its first and last frame, None without one, monitor.link.assembly.SessionAssembler.frame_spans; ``end_s``:
    the session's end its ``session_end`` record says, None without one, monitor.link.records.session_end_s,
    a record ``events`` leaves out).
    Each foot's packets missing across bytes the log skipped as damaged (read with ``marks``: the sequence
    jump of its first packet after them) are a gap with the reason "raw log damaged", counted in
    ``packets_log_damaged``, not ``packets_lost``; a jump after that packet is the radio's again.
    ``warn`` False: no RawLogDamaged warning for the damaged spans (a log its caller has read and said once)."""
    asm = SessionAssembler(info.layouts, speed=info.speed, keep_late=on_late is not None, count_late=True)
    events: list[dict[str, Any]] = []
    st: dict[str, Any] = {}
    feed = asm.feed_records(iter_raw_log(raw_path, st, marks=True, warn=warn),
                            event_of=lambda rec: record_event(raw_path, rec))
    last_host_s, end_s = 0.0, None
    for rec, new, ev in feed:
        if rec.kind == KIND_NOTIFICATION:
            last_host_s = rec.host_s
            for block in new:
                on_block(block)
            if on_late is not None:
                _hand_late(asm, on_late)
        elif rec.kind == KIND_EVENT:
            last_host_s = rec.host_s
            if (said_s := session_end_s(ev)) is not None:
                end_s = said_s
            elif ev.get("event") != SESSION_END_EVENT:
                events.append(timed_event(rec.host_s * info.speed, ev))
    for block in asm.finish():
        on_block(block)
    if on_late is not None:
        _hand_late(asm, on_late)
    extra = {"events": events, "counters": asm.counters(), "truncated_tail_bytes": st["truncated_tail_bytes"],
             "skipped": list(st["skipped"]), "last_host_s": last_host_s, "frame_spans": asm.frame_spans(),
             "end_s": end_s}
    return gaps_table([g for fa in asm.feet.values() for g in fa.late_ledger.gaps_after(fa.gaps)]), extra


def _hand_late(asm: SessionAssembler, on_late: Callable[[FrameBlock], None]) -> None:
    """Each foot's late blocks so far to ``on_late``, in order, then dropped (a feed fills them a chunk of
    records at a time, so at most a chunk's are held)."""
    for fa in asm.feet.values():
        if fa.late_blocks:
            for block in fa.late_blocks:
                on_late(block)
            fa.late_blocks.clear()


class FrameSpill:
    """Each foot's frames on disk as they come: ``n_cols`` float32 values a frame (the largest layout's
    sensors, NaN beyond the foot's own, as in the frames table), in one file per foot under ``directory``;
    the frames' times in memory. Its late frames (:meth:`add_late`) on disk too, rows and times (float64),
    only their count in memory. An OSError while writing is kept in :attr:`error` and ends the spilling
    (what was decoded still counts)."""

    def __init__(self, info: SessionInfo, directory: Path) -> None:
        self.info = info
        self.n_cols = max(lay.n_sensors for lay in info.layouts.values())
        self.directory = Path(directory)
        self.times: dict[str, list[np.ndarray]] = {foot: [] for foot in FEET}
        self.late_frames: dict[str, int] = {foot: 0 for foot in FEET}  # late frames spilled per foot
        self.files: dict[str, Any] = {}
        self.error: OSError | None = None

    def path(self, foot: str) -> Path:
        return self.directory / f"{foot}.f32"

    def late_path(self, foot: str) -> Path:
        """The foot's late frames' rows (float32, ``n_cols`` a frame); their times are beside it (.t_s)."""
        return self.directory / f"{foot}-late.f32"

    def add(self, block: FrameBlock) -> None:
        if block.n_frames and self._append(block.foot, self.path(block.foot), self._rows(block)):
            self.times[block.foot].append(block.t_s)

    def add_late(self, block: FrameBlock) -> None:
        """A late packet's frames (decode_raw_log's ``on_late``), for :meth:`fill_late`."""
        foot, rows = block.foot, self.late_path(block.foot)
        if (block.n_frames and self._append(f"{foot}-late", rows, self._rows(block))
                and self._append(f"{foot}-late-t_s", rows.with_suffix(".t_s"),
                                 np.asarray(block.t_s, dtype=np.float64).tobytes())):
            self.late_frames[foot] += block.n_frames

    def _rows(self, block: FrameBlock) -> bytes:
        """``block``'s rows as the files hold them: float32, ``n_cols`` a frame, NaN beyond its sensors."""
        p = np.full((block.n_frames, self.n_cols), np.nan, dtype=np.float32)
        p[:, : block.n_sensors] = block.pressure_kpa
        return p.tobytes()

    def _append(self, key: str, path: Path, data: bytes) -> bool:
        """``data`` at the end of the file ``path`` (``key`` names it among :attr:`files`); False after an
        OSError (kept in :attr:`error`), now or before."""
        if self.error is not None:
            return False
        try:
            f = self.files.get(key)
            if f is None:
                f = self.files[key] = open(path, "wb")  # noqa: SIM115 (closed in close)
            f.write(data)
        except OSError as exc:
            self.error = exc
            return False
        return True

    def close(self) -> None:
        for f in self.files.values():
            try:
                f.close()
            except OSError as exc:
                self.error = self.error or exc

    def feet(self) -> list[str]:
        """The feet with frames, in FEET order (the frames table's order before sorting)."""
        return [foot for foot in FEET if self.times[foot]]

    def fill_late(self, chunk_frames: int = CHUNK_FRAMES) -> None:
        """The late frames spilled (:meth:`add_late`) into the NaN rows they match, in the files, in the
        order they came, ``chunk_frames`` of them read at a time (monitor.session.model.fill_late_frames)."""
        for foot in self.feet():
            n_late = self.late_frames[foot]
            if not n_late:
                continue
            t_s = np.concatenate(self.times[foot])
            p = np.memmap(self.path(foot), dtype=np.float32, mode="r+", shape=(t_s.size, self.n_cols))
            rows = self.late_path(foot)
            for a in range(0, n_late, chunk_frames):
                n = min(chunk_frames, n_late - a)
                late_t_s = np.fromfile(rows.with_suffix(".t_s"), dtype=np.float64, count=n, offset=a * 8)
                late_p = np.fromfile(rows, dtype=np.float32, count=n * self.n_cols,
                                     offset=a * self.n_cols * 4).reshape(n, self.n_cols)
                fill_late_frames(t_s, p, [FrameBlock(foot, late_t_s, late_p)],
                                 self.info.layouts[foot].current_rate_hz)
            p.flush()
            del p


def _chunk_frame(t_s: np.ndarray, foot_code: np.ndarray, p: np.ndarray, cols: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(p, columns=cols)
    df.insert(0, "foot", pd.Categorical.from_codes(foot_code, categories=list(FEET)))
    df.insert(0, "t_s", t_s)
    return df


def write_frames_file(spill: FrameSpill, out: Path, *, chunk_frames: int = CHUNK_FRAMES) -> None:
    """Write the spilled frames to ``out`` as the frames table (Parquet), ``chunk_frames`` rows at a time,
    sorted as monitor.session.model.frames_table sorts them. A session without frames gets the empty
    table."""
    feet = spill.feet()
    row_bytes = spill.n_cols * 4

    def rows(k: int, a: int, b: int) -> np.ndarray:
        return np.fromfile(spill.path(feet[k]), dtype=np.float32, count=(b - a) * spill.n_cols,
                           offset=a * row_bytes).reshape(b - a, spill.n_cols)

    _write_sorted(spill.info, out, feet, [np.concatenate(spill.times[foot]) for foot in feet], rows, spill.n_cols,
                  chunk_frames)


def write_frames_arrays(info: SessionInfo, t_s: dict[str, np.ndarray], pressure_kpa: dict[str, np.ndarray],
                        out: Path, *, chunk_frames: int = CHUNK_FRAMES) -> None:
    """Write each foot's frames (``t_s``: foot -> times, s, shape (n,); ``pressure_kpa``: foot -> kPa,
    float32, shape (n, n_sensors), NaN where missing) to ``out`` as the frames table (Parquet),
    ``chunk_frames`` rows at a time: the table ``frames_table(info, {foot: [FrameBlock(foot, t_s[foot],
    pressure_kpa[foot])]})`` builds, row for row and bit for bit, without it or a float64 copy of the
    pressures in memory (an imported recording's, monitor.importers.session)."""
    feet = [foot for foot in FEET if foot in pressure_kpa and t_s[foot].size]
    n_cols = max(lay.n_sensors for lay in info.layouts.values())

    def rows(k: int, a: int, b: int) -> np.ndarray:
        return pressure_kpa[feet[k]][a:b]

    _write_sorted(info, out, feet, [t_s[foot] for foot in feet], rows, n_cols, chunk_frames)


def _write_sorted(info: SessionInfo, out: Path, feet: list[str], times: list[np.ndarray],
                  rows: Callable[[int, int, int], np.ndarray], n_cols: int, chunk_frames: int) -> None:
    """The frames table of ``feet`` (in FEET order, each with frames; ``times[k]``: foot k's times, s) to
    ``out``, ``chunk_frames`` rows at a time; ``rows(k, a, b)``: foot k's frames a to b (float32 kPa, shape
    (b - a, n_sensors), up to ``n_cols`` sensors: NaN beyond its own)."""
    from monitor.session.model import frames_table

    cols = sensor_columns(n_cols)
    if not feet:
        with parquet_output(out) as target:
            frames_table(info, {}).to_parquet(target, index=False, **WRITE_CHECKSUMS)
        return
    t_all = np.concatenate(times)
    code_all = np.concatenate([np.full(t.size, FEET.index(foot), dtype=np.int8) for foot, t in zip(feet, times)])
    first = np.cumsum([0] + [t.size for t in times])  # row of each foot's first frame in t_all
    order = np.lexsort((code_all, t_all))  # stable: by t_s, then foot, then as built (frames_table's sort)
    writer = None
    opened = ExitStack()
    try:
        for lo in range(0, order.size, chunk_frames):
            idx = order[lo:lo + chunk_frames]
            p = np.empty((idx.size, n_cols), dtype=np.float32)
            for k in range(len(feet)):
                mine = (idx >= first[k]) & (idx < first[k + 1])
                if not mine.any():
                    continue
                src = idx[mine] - first[k]
                a, b = int(src.min()), int(src.max()) + 1
                foot_rows = rows(k, a, b)
                width = foot_rows.shape[1]
                p[mine, :width] = foot_rows[src - a]
                p[mine, width:] = np.nan
            table = pa.Table.from_pandas(_chunk_frame(t_all[idx], code_all[idx], p, cols), preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(opened.enter_context(parquet_output(out)), table.schema,
                                          **WRITE_CHECKSUMS)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
        opened.close()  # the file, where pyarrow could not take the path (parquet_pages.parquet_output)


def rebuild_frames_file(raw_path: Path, info: SessionInfo, out: Path | None, *,
                        chunk_frames: int = CHUNK_FRAMES, on_block: Callable[[FrameBlock], None] | None = None
                        ) -> tuple[pd.DataFrame, dict[str, Any], OSError | None]:
    """Decode ``raw_path`` and, when ``out`` is given, write its frames table there without holding it
    whole (the spill files live in a temporary directory beside ``out``, removed at the end; ``chunk_frames``
    rows written at a time, and late frames read back as many at a time). Returns
    (gaps table, extra as decode_raw_log gives it, the OSError that stopped the spilling or writing, if
    any: then ``out`` may hold part of a table and the caller must not use it). ``on_block`` also gets
    each frame block, in order (the recording's IMU rows: monitor.session.imu)."""
    also = on_block or (lambda _block: None)
    if out is None:
        gaps, extra = decode_raw_log(raw_path, info, also)
        return gaps, extra, None
    where = Path(out).parent
    try:
        tmp = tempfile.TemporaryDirectory(prefix=SPILL_PREFIX, dir=where)
    except OSError as exc:
        gaps, extra = decode_raw_log(raw_path, info, also)
        return gaps, extra, exc
    with tmp as spill_dir:
        spill = FrameSpill(info, Path(spill_dir))

        def add(block: FrameBlock) -> None:
            spill.add(block)
            also(block)

        try:
            gaps, extra = decode_raw_log(raw_path, info, add if on_block else spill.add, spill.add_late)
        finally:
            spill.close()
        if spill.error is not None:
            return gaps, extra, spill.error
        try:
            spill.fill_late(chunk_frames)
            write_frames_file(spill, Path(out), chunk_frames=chunk_frames)
        except OSError as exc:
            return gaps, extra, exc
    return gaps, extra, None
