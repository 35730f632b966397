"""A closed session's ``frames.parquet`` read from disk one foot and one chunk at a time.

``FramesOnDisk`` checks the file as monitor.session.tables.read_frames does (columns, feet, times, sensor
counts, with the same messages) and keeps in memory only the times and feet of the rows (9 bytes a row);
the pressure columns are read in Parquet batches when a foot's frames are asked for. It is the frames source
of a session loaded with monitor.session.directory.open_session: the report at the end of a live ride
streams the session from disk, holding at most one foot's frames (float32), never the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from monitor.codebook import FEET
from monitor.errors import SessionFormatError
from monitor.session.info import SessionInfo
from monitor.session.parquet_pages import VERIFY_CHECKSUMS, parquet_input
from monitor.session.tables import (
    check_frames_schema,
    check_pressures,
    check_rows_counted,
    check_times,
    checked_feet,
    unreadable_frames,
)
from monitor.util.path_errors import said_path

#: Parquet rows decoded at once: 65,536 rows of 20 columns are about 6 MB (guess: the batch size that
#: keeps the read at pyarrow's speed with bounded memory).
BATCH_ROWS = 65_536


class FramesOnDisk:
    """The frames of ``path`` (frames.parquet), checked against ``info``.

    Raises SessionFormatError as read_frames does: for a damaged file, missing or unexpected columns, a
    foot without a layout, a time that is not finite or goes back (on opening), an infinite pressure or a
    value past a foot's sensors (when that foot's frames are read).
    """

    def __init__(self, path: Path, info: SessionInfo, *, hint: str = "") -> None:
        self.path = Path(path)
        self.info = info
        self.hint = hint
        self.columns = check_frames_schema(self.path, info, hint=hint)
        try:  # the times and feet batch by batch into their arrays (no whole Arrow table beside them)
            with parquet_input(self.path) as source:
                n = pq.ParquetFile(source).metadata.num_rows
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise self._damaged(exc) from None
        #: every row's time (s), shape (n,) float64; FEET index of every row, shape (n,) int8
        self.t_s = np.empty(n)
        self.foot_code = np.empty(n, dtype=np.int8)
        for lo, batch in self._read_batches(["t_s", "foot"]):
            hi = lo + batch.num_rows
            feet = checked_feet(self.path, batch.column("foot").to_pandas(), info, first_row=lo, hint=hint)
            self.foot_code[lo:hi] = feet.cat.codes.to_numpy()
            self.t_s[lo:hi] = _floats(batch.column("t_s"), np.float64)
        check_times(self.path, self.t_s, self.foot_code, hint=hint)
        check_rows_counted(self.path, self.foot_code, info, hint=hint)

    def _damaged(self, exc: BaseException) -> SessionFormatError:
        return unreadable_frames(self.path, exc, self.hint)

    def n_frames(self, foot: str) -> int:
        return int(np.count_nonzero(self.foot_code == FEET.index(foot)))

    def foot_times(self, foot: str) -> np.ndarray:
        """One foot's frame times, shape (n,) float64 s, in file order."""
        return self.t_s[self.foot_code == FEET.index(foot)]

    def last_t_s(self) -> float | None:
        """The last frame's time (s), None for an empty table."""
        return float(self.t_s[-1]) if self.t_s.size else None

    def foot_chunks(self, foot: str, frames_per_block: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """One foot's frames in file order as (t_s (k,) float64 s, pressure (k, n_sensors) float32 kPa),
        ``frames_per_block`` frames each (the last shorter): the blocks of the table read whole."""
        n = self.info.layouts[foot].n_sensors
        cols = self.columns[2:]
        code = FEET.index(foot)
        pending: list[tuple[np.ndarray, np.ndarray]] = []
        held = 0
        for t, p in self._batches(foot, code, n, cols):
            pending.append((t, p))
            held += t.size
            while held >= frames_per_block:
                t_all = np.concatenate([x[0] for x in pending])
                p_all = np.concatenate([x[1] for x in pending])
                yield t_all[:frames_per_block], p_all[:frames_per_block]
                pending = [(t_all[frames_per_block:], p_all[frames_per_block:])]
                held -= frames_per_block
        if held:
            yield np.concatenate([x[0] for x in pending]), np.concatenate([x[1] for x in pending])

    def foot_arrays(self, foot: str) -> tuple[np.ndarray, np.ndarray]:
        """One foot's frames whole: (t_s (n,) float64 s, pressure (n, n_sensors) float32 kPa)."""
        n = self.info.layouts[foot].n_sensors
        rows = self.n_frames(foot)
        t_s = np.empty(rows)
        p = np.empty((rows, n), dtype=np.float32)
        at = 0
        for t, chunk in self._batches(foot, FEET.index(foot), n, self.columns[2:]):
            t_s[at:at + t.size] = t
            p[at:at + t.size] = chunk
            at += t.size
        return t_s, p

    def _read_batches(self, cols: list[str]) -> Iterator[tuple[int, pa.RecordBatch]]:
        """``(first row, batch)`` of ``cols``, BATCH_ROWS at a time; a damaged file is a SessionFormatError."""
        with ExitStack() as opened:  # the file, where pyarrow cannot take its path, open while batches are read
            try:  # pre_buffer=False: with it, the reader keeps every column chunk it has read until it is closed
                # (+65 MB of resident memory for a 4-h session's report; the same speed either way)
                # page checksums checked where the file has them (monitor.session.parquet_pages)
                source = opened.enter_context(parquet_input(self.path))
                parquet = pq.ParquetFile(source, pre_buffer=False, **VERIFY_CHECKSUMS)
                batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=cols)
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise self._damaged(exc) from None
            lo = 0
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    return
                except Exception as exc:
                    raise self._damaged(exc) from None
                yield lo, batch
                lo += batch.num_rows

    def _batches(self, foot: str, code: int, n: int, cols: list[str]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for lo, batch in self._read_batches(cols):
            hi = lo + batch.num_rows
            mine = self.foot_code[lo:hi] == code
            if mine.any():
                rows = np.flatnonzero(mine)
                p = np.empty((rows.size, n), dtype=np.float32)
                for j, name in enumerate(cols):
                    values = _floats(batch.column(name))
                    if j < n:
                        p[:, j] = values[rows]
                        check_pressures(self.path, p[:, j], name, lo + rows,
                                        most_kpa=self.info.layouts[foot].most_kpa, hint=self.hint)
                    elif not np.isnan(values[rows]).all():
                        r = int(rows[np.flatnonzero(~np.isnan(values[rows]))[0]])
                        raise SessionFormatError(
                            f"{said_path(self.path)}: row {lo + r} (counting from 0): {foot} has a value in "
                            f"{name}, but session.json's {foot} layout has {n} sensors (p00_kpa .. {cols[n - 1]}): "
                            f"sensor count mismatch{self.hint}")
                yield self.t_s[lo:hi][rows], p


def _floats(column: pa.Array, dtype=np.float32) -> np.ndarray:
    """A numeric column as ``dtype`` (float32 or float64), nulls as NaN (how pandas reads them)."""
    if column.null_count:
        column = pc.fill_null(column.cast(pa.float64()), np.nan)
    return column.to_numpy(zero_copy_only=False).astype(dtype, copy=False)

