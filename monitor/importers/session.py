"""Write an ImportedRecording as a session directory (docs/session-format.md, "Imported sessions").

The directory gets ``session.json``, ``frames.parquet`` and ``gaps.csv`` as a recorded session does (no
``raw.swlog``: there are no notifications to log), plus ``extras.parquet`` (the file's other per-sample
quantities) and ``imported_events.csv`` (its gait events and markers). Everything is written into a
temporary directory beside the target, renamed into place at the end: a failure leaves nothing behind,
and an existing non-empty directory is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.codebook import FEET, FrameBlock
from monitor.errors import SessionFormatError
from monitor.importers.base import ImportedRecording, empty_events, time_jumps
from monitor.importers.session_info import session_info  # noqa: F401  (re-exported: its old home)
from monitor.importers.target_dir import write_new_dir
from monitor.session.absence import absent_frames, absent_spans
from monitor.session.frames_file import write_frames_arrays
from monitor.session.info import SessionInfo
from monitor.session.model import frames_table, gaps_table
from monitor.session.names import EVENTS_TABLE, EXTRAS_TABLE, SESSION_JSON
from monitor.session.parquet_pages import VERIFY_CHECKSUMS, WRITE_CHECKSUMS, parquet_input, parquet_output
from monitor.session.tables import read_events_table
from monitor.session.writer import write_tables
from monitor.util.outputs import write_json_atomic
from monitor.util.path_errors import error_words, said_path
from monitor.util.plain_text import spelt_out
from monitor.util.textfiles import optional_file


def frames_of(rec: ImportedRecording, info: SessionInfo) -> pd.DataFrame:
    """The frames table (t_s, foot, p00_kpa...; NaN where missing), the same columns as a recording's."""
    blocks = {foot: [FrameBlock(foot, rec.times(foot), rec.pressure_kpa[foot])] for foot in rec.feet}
    return frames_table(info, blocks)


def extras_of(rec: ImportedRecording) -> pd.DataFrame:
    """Per-sample extras in frames-table order: ``t_s, foot`` then the union of the feet's extra columns
    (in the order they first come, NaN for a foot without one)."""
    frames = [rec.extras.get(foot, pd.DataFrame(index=range(rec.times(foot).size))) for foot in rec.feet]
    if not all(all(dtype == np.float64 for dtype in df.dtypes) for df in frames):
        return _extras_by_concat(rec)
    t_s = np.concatenate([rec.times(foot) for foot in rec.feet])
    codes = np.concatenate([np.full(rec.times(foot).size, FEET.index(foot), dtype=np.int8) for foot in rec.feet])
    # the feet come in FEET order, so a stable sort by time alone sorts by foot too (pandas'
    # sort_values(["t_s", "foot"], kind="stable") of the feet's rows one after the other)
    order = np.argsort(t_s, kind="stable")
    names = list(dict.fromkeys(c for df in frames for c in df.columns))
    out = {"t_s": t_s[order], "foot": pd.Categorical.from_codes(codes[order], categories=list(FEET))}
    for name in names:  # one column at a time: a column's copies are all that is held beside the table
        out[name] = np.concatenate([df[name].to_numpy() if name in df.columns else np.full(len(df), np.nan)
                                    for df in frames])[order]
    return pd.DataFrame(out, copy=False)


def _extras_by_concat(rec: ImportedRecording) -> pd.DataFrame:
    """:func:`extras_of` through pandas, for extras that are not all float64."""
    parts = []
    for foot in rec.feet:
        t_s = rec.times(foot)
        df = rec.extras.get(foot, pd.DataFrame(index=range(t_s.size))).reset_index(drop=True).copy()
        codes = np.full(t_s.size, FEET.index(foot), dtype=np.int8)
        df.insert(0, "foot", pd.Categorical.from_codes(codes, categories=list(FEET)))
        df.insert(0, "t_s", t_s)
        parts.append(df)
    # FEET's order is the names' order, so sorting the codes sorts the names
    out = pd.concat(parts, ignore_index=True).sort_values(["t_s", "foot"], kind="stable")
    return out.reset_index(drop=True)


def write_session(rec: ImportedRecording, out_dir: str | os.PathLike[str]) -> Path:
    """Write ``rec`` as a session directory at ``out_dir`` and return its path.

    ``out_dir`` must not exist or be an empty directory (UsageError otherwise: nothing is overwritten);
    missing directories above it are made. A failure while writing (OutputError for an OS error) leaves
    nothing behind, the directories made for it included (monitor.importers.target_dir).
    """
    def fill(tmp: Path) -> bool:
        info = session_info(rec, Path(out_dir).name)
        write_json_atomic(tmp / SESSION_JSON, info.to_json())
        # in chunks, from the feet's float32 pressures: frames_of's table, without it and its float64 copies
        write_tables(tmp, lambda p: write_frames_arrays(info, {foot: rec.times(foot) for foot in rec.feet},
                                                        rec.pressure_kpa, p), gaps_table(rec.gaps()))
        # no dictionary pages for the float columns: measured values hardly repeat, and trying them cost
        # 0.5 s of the 0.55 s it took to write a 50-min export's extras (benchmarks/bench_import.py)
        with parquet_output(tmp / EXTRAS_TABLE) as target:
            extras_of(rec).to_parquet(target, index=False, use_dictionary=["foot"], **WRITE_CHECKSUMS)
        plain_events(rec.events).to_csv(tmp / EVENTS_TABLE, index=False)
        return True

    return write_new_dir(out_dir, fill)[0]


#: The columns that place an extras table's rows: each row's time and foot (docs/session-format.md).
EXTRAS_KEYS = ("t_s", "foot")

#: The events table's text columns: plain text, a control character spelt out (monitor.util.plain_text).
EVENT_TEXT_COLUMNS = ("event", "label")


def plain_events(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (EVENT_COLUMNS) with each control character of its text columns (a TAB, a line break, an
    ESC) spelt out (``\\t``, ``\\n``, ``\\x1b``): one line per event in imported_events.csv and on a
    terminal, whatever a Python caller put in :attr:`ImportedRecording.events`. A copy; a cell that is no
    str (NaN) as it is."""
    out = events.copy()
    for name in EVENT_TEXT_COLUMNS:
        if name in out.columns:
            out[name] = out[name].map(lambda v: spelt_out(v) if isinstance(v, str) else v)
    return out


def read_extras(session_dir: str | os.PathLike[str]) -> pd.DataFrame | None:
    """The ``extras.parquet`` of an imported session: ``t_s``, ``foot`` (categorical, left and right) and the
    file's other per-sample quantities, one row per frames row (None when it has none). SessionFormatError
    naming the file for one that is not a file (a folder, a named pipe: monitor.util.textfiles.optional_file),
    that cannot be read as Parquet, or that lacks ``t_s`` or ``foot`` (rows nothing places)."""
    path = Path(session_dir) / EXTRAS_TABLE
    if not optional_file(path, SessionFormatError):
        return None
    try:
        with parquet_input(path) as source:
            df = pd.read_parquet(source, **VERIFY_CHECKSUMS)
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise SessionFormatError(f"{said_path(path)}: cannot read ({error_words(exc, path)})") from None
    lacking = [c for c in EXTRAS_KEYS if c not in df.columns]
    if lacking:
        raise SessionFormatError(f"{said_path(path)}: missing column(s) {', '.join(lacking)} (expected "
                                 f"{', '.join(EXTRAS_KEYS)} and the file's other per-sample quantities, "
                                 "docs/session-format.md)")
    df["foot"] = pd.Categorical(df["foot"], categories=list(FEET))
    return df


def read_imported_events(session_dir: str | os.PathLike[str]) -> pd.DataFrame:
    """The ``imported_events.csv`` of an imported session (t_s, foot, event, code, label); empty if none.
    SessionFormatError naming the file and line for one that is not that table
    (monitor.session.tables.read_events_table)."""
    path = Path(session_dir) / EVENTS_TABLE
    if not path.exists():
        return empty_events()
    return read_events_table(path)


def sample_counts(rec: ImportedRecording) -> dict[str, dict[str, float]]:
    """Per foot: ``frames`` (the frames expected at the foot's sample rate: the frames table's rows plus the
    samples of the time jumps too long to fill, which have no rows; as the report's data-quality table
    counts them), ``missing`` (those without a sample: rows without one, and the jumps' samples),
    ``missing_fraction``, ``empty_in_file`` (the file's own rows with empty fields), ``added`` (NaN rows
    standing for samples the file's time axis skips) and ``not_filled`` (the samples of the jumps too long
    to fill, monitor.importers.base.time_jumps), ``partial`` (rows with some sensors missing and not all:
    what the report's data-quality table counts as "frames with some sensors missing") and ``absent`` (the
    samples before the foot's first row from the session's start, or after its last to its end, each span when
    longer than ABSENT_MIN_S, which have no rows: monitor.session.absence.absent_spans, as ``analyze`` and the
    report count them, "left insole: no data from the start to 0:02: 224 frames missing"; a foot without a row,
    the whole session, however short), in ``frames`` and ``missing`` too."""
    out = {}
    for foot in rec.feet:
        file_rows = rec.file_rows(foot)
        miss = rec.missing_rows(foot)
        partial = int(np.count_nonzero(np.isnan(rec.pressure_kpa[foot]).any(axis=1) & ~miss))
        not_filled = int(time_jumps(rec.times(foot), 1.0 / rec.foot_rate_hz(foot))[1].sum())
        times = rec.times(foot)
        absent = absent_frames(absent_spans(times, rec.foot_rate_hz(foot), rec.duration_s), rec.foot_rate_hz(foot))
        n_miss, n_frames = int(np.count_nonzero(miss)) + not_filled + absent, int(miss.size) + not_filled + absent
        out[foot] = {"frames": n_frames, "missing": n_miss, "missing_fraction": n_miss / max(n_frames, 1),
                     "empty_in_file": int(np.count_nonzero(miss & file_rows)),
                     "added": int(np.count_nonzero(~file_rows)), "not_filled": not_filled,
                     "partial": partial, "absent": absent}
    return out
