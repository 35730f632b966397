"""A clean Moticon export written as a session directory block by block, as pyarrow reads it.

One idea: ``solewatch import moticon`` without the file's whole table in memory and without pandas. The
rows are read through pyarrow's C parser in blocks (monitor.importers.fastread.read_blocks); each block's
pressure (float32 kPa) and extras go into frames.parquet and extras.parquet as row groups while the next
block is read. What needs the whole file is kept small: the time axis, each foot's missing rows, the
rows the sensor-area fit takes, the step and event columns. At the end come session.json, gaps.csv and
imported_events.csv.

The session is the one ``write_session(read_moticon(path))`` writes, its tables equal value for value
and its CSV files byte for byte (tests/test_import_stream.py). Where it might not be, ``stream_moticon``
answers None and keeps nothing, and the caller parses the file whole, which also words every error with
its line: a file the fast reading would not take (monitor.importers.fastread), a time below 0, a time
axis that does not increase or that skips samples (rows would be added, or a jump too long to fill said
in a caveat), a pressure below 0 (refused, or a zero offset read as 0 with a caveat), a foot without any
sample or without extras, any error.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from monitor.codebook import FEET, Gap, SensorLayout, sensor_columns
from monitor.errors import SessionFormatError, UsageError
from monitor.importers.base import DEFAULT_ACTIVITY, EVENT_COLUMNS, foot_gaps, session_end_s, sorted_gaps, time_jumps
from monitor.importers.csv_table import write_csv
from monitor.importers.fastread import NotClean, NumericAgreement, max_rows_after, memory_pool, read_blocks
from monitor.importers.moticon import (
    FIT_MIN_FORCE_N,
    LARGEST_NCM2,
    MOST_NCM2,
    CleanStart,
    areas_mm2,
    clean_start,
    devices_of,
    event_rows,
    header_field_lines,
    header_fields,
    label_columns,
    moticon_layout,
    pressure_columns,
    recording_caveats,
)
from monitor.importers.moticon_start import start_utc_of
from monitor.importers.session_info import session_info
from monitor.importers.target_dir import write_new_dir
from monitor.importers.text_checks import check_time_axis
from monitor.link.moticon import KPA_PER_N_CM2
from monitor.session.absence import absent_frames, absent_spans
from monitor.session.info import LONGEST_SESSION_S, DeviceInfo
from monitor.session.names import EVENTS_TABLE, EXTRAS_TABLE, FRAMES_TABLE, GAPS_TABLE, SESSION_JSON
from monitor.session.parquet_pages import WRITE_CHECKSUMS, parquet_output
from monitor.util.outputs import write_json_atomic
from monitor.util.textfiles import is_pipe

#: Frame rows per Parquet row group (both feet; the extras table's row groups are the same rows). Measured
#: on benchmarks/bench_import.py's export (medians of 5 runs, the loaded 2-core host): the import's peak
#: was 185 MiB with 65,536 rows and 173 MiB with 16,384, for the same CPU time; 8,192 cost a fifth more CPU.
ROW_GROUP_ROWS = 16_384
#: gaps.csv's columns: the Gap fields, in their order (monitor.session.model.GAP_COLUMNS)
_GAP_COLUMNS = [f.name for f in fields(Gap)]


@dataclass(frozen=True)
class StreamedImport:
    """What a streamed import wrote, for the command's summary.

    Attributes
    ----------
    path : Path
        The session directory.
    format, file_name : str
    duration_s : float
        Time the rows cover (s).
    rate_hz : int
    frames : dict foot -> int
        Rows of the frames table per foot (the file's rows: none are added).
    missing : dict foot -> int
        Rows without a sample per foot.
    partial : dict foot -> int
        Rows with some sensors' samples and not others', per foot.
    absent : dict foot -> int
        Samples before the foot's first row from the session's start or after its last to its end, for
        which the file has no rows (monitor.session.absence.absent_spans, as sample_counts counts them for
        the whole-file import, and ``analyze``).
    caveats : tuple of str
        session.json's ``imported_from.caveats``, in its order.
    """

    path: Path
    format: str
    file_name: str
    duration_s: float
    rate_hz: int
    frames: dict[str, int]
    missing: dict[str, int]
    caveats: tuple[str, ...]
    partial: dict[str, int] = field(default_factory=dict)
    absent: dict[str, int] = field(default_factory=dict)


@dataclass
class _Head:
    """session.json's part of the recording (monitor.importers.session_info.ImportedHead)."""

    path: Path
    layouts: dict[str, SensorLayout]
    devices: dict[str, DeviceInfo]
    start_utc: str
    header: dict[str, str]
    caveats: list[str]
    duration_s: float
    activity: str = DEFAULT_ACTIVITY
    label: str = ""
    format: str = "moticon"


class _NotStreamed(Exception):
    """The file is one to parse whole (module docstring)."""


def stream_moticon(path: Path, out_dir: Path, *, activity: str | None = None) -> StreamedImport | None:
    """Write the Moticon export ``path`` as a session directory at ``out_dir``, block by block; ``activity``
    overrides the recording's (session.json). None, with nothing written, for a file to parse whole
    (module docstring) or a target directory that cannot take it (the whole-file writer says why)."""
    path = Path(path)
    if is_pipe(path):  # read once here would leave the whole-file reading nothing: it says why
        return None
    try:
        start = _start(path)
    except (_NotStreamed, SessionFormatError, OSError):
        return None
    if start is None:
        return None
    try:
        out, result = write_new_dir(out_dir, lambda tmp: _write(path, tmp, Path(out_dir).name, start, activity))
    except (SessionFormatError, UsageError):
        # a time axis with an error, a target directory that cannot take the session: the whole-file
        # reading says which, and where, after the file's own errors
        return None
    return None if result is None else replace(result, path=out)


def _start(path: Path) -> CleanStart | None:
    """The header and column plan of a clean export (monitor.importers.moticon.clean_start), None also
    for a foot without extras (the whole-file writer's extras table is another shape then)."""
    start = clean_start(path)
    if start is None:
        return None
    plan = start.plan
    if any(not plan["extras"][f] for f in FEET if f in plan["pressure"]):
        return None
    return start


@dataclass
class _Foot:
    """One foot's running state: its columns, missing rows, and the rows the area fit takes (``fit_p``,
    N/cm², float32 while every value is a float32 exactly, as the exports' 0.25-N/cm² steps are: half the
    memory; float64 from the first value that is not)."""

    p_idx: list[int]
    extras: dict[str, int]
    total_j: int | None
    missing: np.ndarray
    fit_p: np.ndarray
    fit_total: np.ndarray
    n_fit: int = 0
    #: rows with some sensors missing and not all
    n_partial: int = 0
    #: per sensor, whether any row had a sample from it (a column empty throughout is a caveat: the
    #: whole-file reading words it)
    sensor_seen: np.ndarray = field(default_factory=lambda: np.zeros(16, dtype=bool))

    def fit_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The fit's rows: pressure (N/cm², float64, shape (n, 16)) and total force (N, shape (n,))."""
        return self.fit_p[:self.n_fit].astype(np.float64), self.fit_total[:self.n_fit]


@dataclass
class _Tables:
    """The two Parquet writers and the rows waiting for a row group. A row group is written on a thread of
    its own while the next blocks are read (pyarrow lets go of the GIL for both): at most one is being
    written while the next one gathers. A plain thread, not concurrent.futures: its loading was 7 ms of
    the command's start-up."""

    frames: pq.ParquetWriter
    extras: pq.ParquetWriter
    frame_batches: list[pa.RecordBatch] = field(default_factory=list)
    extra_batches: list[pa.RecordBatch] = field(default_factory=list)
    n_waiting: int = 0
    writing: threading.Thread | None = None
    error: BaseException | None = None

    def add(self, frames: pa.RecordBatch, extras: pa.RecordBatch) -> None:
        """Queue a block's rows; write them as a row group once ROW_GROUP_ROWS or more wait."""
        self.frame_batches.append(frames)
        self.extra_batches.append(extras)
        self.n_waiting += frames.num_rows
        if self.n_waiting >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        """Start writing the waiting rows, once the row group before them is written (its error raised)."""
        self._wait()
        if self.n_waiting:
            self.writing = threading.Thread(target=self._write_group, daemon=True,
                                            args=(self.frame_batches, self.extra_batches, self.n_waiting))
            self.writing.start()
        self.frame_batches, self.extra_batches, self.n_waiting = [], [], 0

    def _write_group(self, frames: list[pa.RecordBatch], extras: list[pa.RecordBatch], n_rows: int) -> None:
        try:
            self.frames.write_table(pa.Table.from_batches(frames), row_group_size=n_rows)
            self.extras.write_table(pa.Table.from_batches(extras), row_group_size=n_rows)
        except BaseException as exc:  # raised in the reading thread by _wait
            self.error = exc

    def _wait(self) -> None:
        if self.writing is not None:
            self.writing.join()
            self.writing = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def close(self) -> None:
        """Write what waits, then close both files (each is whole only then)."""
        try:
            self.flush()
            self._wait()
        finally:
            if self.writing is not None:
                self.writing.join()
            self.frames.close()
            self.extras.close()


def _write(path: Path, tmp: Path, session_id: str, start: CleanStart, activity: str | None) -> StreamedImport | None:
    """Read the rows block by block into ``tmp``'s tables, then write its other files; None for a file
    to parse whole."""
    plan, names = start.plan, start.names
    feet = [f for f in FEET if f in plan["pressure"]]
    label_js = label_columns(plan)
    keep_js = sorted(set(plan["steps"].values()) | {j for _, j in plan["groups"].values() if j is not None})
    max_rows = max_rows_after(start.text, start.offset, len(names))
    t_s = np.empty(max_rows)
    kept = {j: np.empty(max_rows) for j in keep_js}  # the step and event-code columns, whole
    label_parts: dict[int, list[np.ndarray]] = {j: [] for j in label_js}
    state = {}
    for foot in feet:
        extras = plan["extras"][foot]
        state[foot] = _Foot(p_idx=plan["pressure"][foot], extras=extras, total_j=extras.get("total_force_n"),
                            missing=np.empty(max_rows, dtype=bool), fit_p=np.empty((max_rows, 16), dtype=np.float32),
                            fit_total=np.empty(max_rows))
    extra_names = list(dict.fromkeys(n for f in feet for n in plan["extras"][f]))
    agree = NumericAgreement(len(names))  # the text columns' rows are zeros: they agree
    foot_dict = _arrow_strings(list(FEET))
    frame_schema = pa.schema([("t_s", pa.float64()), ("foot", pa.dictionary(pa.int8(), pa.string()))]
                             + [(c, pa.float32()) for c in sensor_columns(16)])
    extra_schema = pa.schema([("t_s", pa.float64()), ("foot", pa.dictionary(pa.int8(), pa.string()))]
                             + [(n, pa.float64()) for n in extra_names])
    # snappy, as the whole-file writer's pandas writes: on benchmarks/bench_import.py's export it costs
    # little CPU over none and makes both tables 27 MiB instead of 43. Dictionary pages for the foot only,
    # as the whole-file writer does for the extras: a dictionary-encoded column is held whole until its
    # row group ends, and dictionary pages for the pressures put the import's peak 16 MiB higher (189
    # against 173 MiB, medians of 5 runs) to make frames.parquet 4.3 MiB instead of 7.0.
    pool = memory_pool()
    opened = ExitStack()  # the files, where pyarrow cannot take their paths (parquet_pages.parquet_output)
    tables = _Tables(frames=pq.ParquetWriter(opened.enter_context(parquet_output(tmp / FRAMES_TABLE)), frame_schema,
                                             compression="snappy", use_dictionary=["foot"], memory_pool=pool,
                                             **WRITE_CHECKSUMS),
                     extras=pq.ParquetWriter(opened.enter_context(parquet_output(tmp / EXTRAS_TABLE)), extra_schema,
                                             compression="snappy", use_dictionary=["foot"], memory_pool=pool,
                                             **WRITE_CHECKSUMS))
    n_feet = len(feet)
    codes_one = np.array([FEET.index(f) for f in feet], dtype=np.int8)
    pressure_js = sorted(pressure_columns(plan))
    n_rows = 0
    try:
        try:
            numeric = set(plan["numeric"])
            blocks = read_blocks(start.text, start.offset, n_columns=len(names), delimiter="\t",
                                 text_columns=[j for j in range(1, len(names)) if j not in numeric],
                                 use_threads=True)
            for block in blocks:
                numbers, n = block.numbers, block.n_rows
                _check_block(numbers, agree, pressure_js)
                rows = slice(n_rows, n_rows + n)
                t_s[rows] = numbers[0]
                for j in keep_js:
                    kept[j][rows] = numbers[j]
                for j in label_js:
                    label_parts[j].append(block.texts[j])
                # the frames and extras rows in their order: at each time, the feet in FEET's order
                sensors = np.empty((16, n * n_feet), dtype=np.float32)
                extras = np.full((len(extra_names), n * n_feet), np.nan)
                for k, foot in enumerate(feet):
                    st = state[foot]
                    p_ncm2 = numbers[st.p_idx]  # shape (16, n)
                    _add_foot(st, p_ncm2, None if st.total_j is None else numbers[st.total_j], rows)
                    # kPa as monitor.importers.moticon.kpa_of gives it: the float64 product rounded to float32
                    np.multiply(p_ncm2, KPA_PER_N_CM2, out=sensors[:, k::n_feet], casting="same_kind")
                    for e, name in enumerate(extra_names):
                        if name in st.extras:
                            extras[e, k::n_feet] = numbers[st.extras[name]]
                t_arr = _arrow(np.repeat(numbers[0], n_feet))
                foot_col = pa.DictionaryArray.from_arrays(_arrow(np.tile(codes_one, n)), foot_dict)
                tables.add(pa.RecordBatch.from_arrays([t_arr, foot_col, *_arrow_rows(sensors)], schema=frame_schema),
                           pa.RecordBatch.from_arrays([t_arr, foot_col, *_arrow_rows(extras)], schema=extra_schema))
                n_rows += n
        finally:
            tables.close()
            opened.close()
    except (NotClean, _NotStreamed):
        return None
    if n_rows < 2 or not agree.agrees() or not all(state[f].sensor_seen.all() for f in feet):
        return None
    t_s = t_s[:n_rows]
    if t_s[0] < 0 or t_s.max() > LONGEST_SESSION_S:
        return None  # a time below 0 or past any recording: an error the whole-file reading words
    rate_hz = check_time_axis(path, t_s, np.zeros(n_rows, dtype=int))  # an error: the lines word it
    if time_jumps(t_s, 1.0 / rate_hz)[0].size:
        return None  # the whole-file reading adds rows where the time axis skips, and says each jump
    return _finish(path, tmp, session_id, start, activity, t_s, rate_hz, state, feet,
                   {j: v[:n_rows] for j, v in kept.items()},
                   {j: np.concatenate(p) if p else np.empty(0, dtype=str) for j, p in label_parts.items()})


def _arrow(values: np.ndarray) -> pa.Array:
    """A contiguous numpy column (float32, float64 or int8, shape (n,)) as an Arrow array without a copy,
    NaN as null as pandas' to_parquet writes it. Not ``pa.array``: for a numpy array it asks pandas whether
    it is one of its own, which loads pandas (a third of the import's time)."""
    kind = {np.dtype(np.float32): pa.float32(), np.dtype(np.float64): pa.float64(), np.dtype(np.int8): pa.int8()}
    validity, n_null = None, 0
    if values.dtype.kind == "f":
        missing = np.isnan(values)
        n_null = int(np.count_nonzero(missing))
        if n_null:
            validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(kind[values.dtype], values.size, [validity, pa.py_buffer(values)], null_count=n_null)


def _arrow_strings(texts: list[str]) -> pa.Array:
    """A list of str as an Arrow string array, built from its buffers (``pa.array`` loads pandas)."""
    data = [t.encode() for t in texts]
    offsets = np.concatenate([[0], np.cumsum([len(d) for d in data])]).astype(np.int32)
    return pa.Array.from_buffers(pa.string(), len(texts), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])


def _arrow_rows(matrix: np.ndarray) -> list[pa.Array]:
    """Each row of a C-contiguous float matrix (shape (n_columns, n)) as an Arrow array without a copy,
    NaN as null (:func:`_arrow`), the masks made for all rows at once."""
    missing = np.isnan(matrix)
    n_null = np.count_nonzero(missing, axis=1)
    validity = np.packbits(~missing, axis=1, bitorder="little")
    kind = pa.float32() if matrix.dtype == np.float32 else pa.float64()
    return [pa.Array.from_buffers(kind, matrix.shape[1],
                                  [pa.py_buffer(validity[r]) if n_null[r] else None, pa.py_buffer(matrix[r])],
                                  null_count=int(n_null[r])) for r in range(matrix.shape[0])]


def _check_block(numbers: np.ndarray, agree: NumericAgreement, pressure_js: list[int]) -> None:
    """What monitor.importers.moticon's fast reading refuses in a block: a time without a value, a value
    beyond what a float32 frames table holds; a pressure below 0 (an error, or a zero offset the whole-file
    reading reads as 0 and says) or above any insole's (an error the whole-file reading words); and gather what
    agrees_with_to_numeric needs. ``numbers``: the block's columns, shape (n_columns, n_rows), the time first, zeros in
    a text column's row; ``pressure_js``: the pressure columns' indices."""
    if (np.isnan(numbers[0]).any() or np.any(np.abs(numbers) > LARGEST_NCM2)
            or np.any(numbers[pressure_js] < 0) or np.any(numbers[pressure_js] > MOST_NCM2)):
        raise _NotStreamed
    agree.add(numbers)


def _add_foot(st: _Foot, p_ncm2: np.ndarray, total_n: np.ndarray | None, rows: slice) -> None:
    """Keep a block's missing rows and the rows the area fit takes (monitor.importers.moticon.areas_mm2):
    ``p_ncm2`` shape (16, n) N/cm², ``total_n`` shape (n,) N."""
    nan = np.isnan(p_ncm2)
    missing = nan.all(axis=0)
    st.missing[rows] = missing
    st.n_partial += int(np.count_nonzero(nan.any(axis=0) & ~missing))
    st.sensor_seen |= ~nan.all(axis=1)
    if total_n is None:
        return
    ok = ~nan.any(axis=0) & (total_n >= FIT_MIN_FORCE_N)
    m = int(np.count_nonzero(ok))
    rows_ncm2 = p_ncm2[:, ok].T
    if st.fit_p.dtype == np.float32 and not np.array_equal(rows_ncm2.astype(np.float32), rows_ncm2):
        wide = np.empty(st.fit_p.shape)  # pages past the rows written are never touched
        wide[:st.n_fit] = st.fit_p[:st.n_fit]
        st.fit_p = wide
    st.fit_p[st.n_fit:st.n_fit + m] = rows_ncm2
    st.fit_total[st.n_fit:st.n_fit + m] = total_n[ok]
    st.n_fit += m


def _finish(path: Path, tmp: Path, session_id: str, start: CleanStart, activity: str | None, t_s: np.ndarray,
            rate_hz: int, state: dict[str, _Foot], feet: list[str], kept: dict[int, np.ndarray],
            labels: dict[int, np.ndarray]) -> StreamedImport:
    """session.json, gaps.csv and imported_events.csv, once the tables are written."""
    n_rows = t_s.size
    foot_notes: list[str] = []
    layouts: dict[str, SensorLayout] = {}
    for foot in feet:
        st = state[foot]
        # the fit's rows only: those of the whole-file fit, in the file's order; let go of once fitted
        area_mm2, how = _fit_areas(None if st.total_j is None else st.fit_rows())
        st.fit_p = st.fit_total = np.empty(0)
        if how:
            foot_notes.append(f"{foot}: {how}")
        layouts[foot] = moticon_layout(foot, area_mm2, rate_hz, st.extras)
    rows, event_caveats = event_rows(labels, kept, start.plan, t_s)
    header = header_fields(start.head[:-1])
    start_utc, start_caveat = start_utc_of(header, header_field_lines(start.head[:-1]))
    missing = {foot: state[foot].missing[:n_rows] for foot in feet}
    caveats = recording_caveats(foot_notes, event_caveats, start_caveat,
                                {foot: float(m.mean()) for foot, m in missing.items()})
    head = _Head(path=path, layouts=layouts, devices=devices_of(header, tuple(feet)), start_utc=start_utc,
                 header=header, caveats=caveats, duration_s=session_end_s([(t_s, rate_hz)]))
    info = session_info(head, session_id, activity=activity)
    write_json_atomic(tmp / SESSION_JSON, info.to_json())
    no_rows_added = np.zeros(n_rows, dtype=bool)
    gaps = sorted_gaps([g for foot in feet for g in foot_gaps(foot, t_s, 1.0 / rate_hz, no_rows_added,
                                                              missing[foot])])
    write_csv(tmp / GAPS_TABLE, _GAP_COLUMNS, [[getattr(g, c) for g in gaps] for c in _GAP_COLUMNS]
              if gaps else [[] for _ in _GAP_COLUMNS])
    rows = sorted(rows, key=lambda r: (r["t_s"], r["foot"]))  # pandas' stable sort by t_s, then foot
    write_csv(tmp / EVENTS_TABLE, EVENT_COLUMNS, [np.array([r[c] for r in rows], dtype=float)
                                                  if c in ("t_s", "code") else [r[c] for r in rows]
                                                  for c in EVENT_COLUMNS])
    return StreamedImport(path=Path(tmp), format="moticon", file_name=path.name, duration_s=head.duration_s,
                          rate_hz=rate_hz, frames={f: n_rows for f in feet},
                          missing={f: int(np.count_nonzero(m)) for f, m in missing.items()},
                          caveats=tuple(caveats), partial={f: state[f].n_partial for f in feet},
                          absent={f: absent_frames(absent_spans(t_s, rate_hz, head.duration_s), rate_hz)
                                  for f in feet})  # the feet share one time axis


def _fit_areas(fit: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, str]:
    """monitor.importers.moticon.areas_mm2 over the rows it would take (``fit``: (pressure N/cm² shape
    (n, 16), total force N shape (n,)), None without a total-force column)."""
    if fit is None:
        return areas_mm2(np.empty((0, 16)), None)
    p_ncm2, total_n = fit
    return areas_mm2(p_ncm2, total_n)
