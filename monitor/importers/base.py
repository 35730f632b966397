"""What an importer returns, and the text-table checks the importers share. Pure: no files written.

An :class:`ImportedRecording` is one foreign recording parsed into Solewatch's terms (kPa, session
seconds, sensor layouts in the anatomical frame of docs/protocol.md), before anything touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.assembly import Gap
from monitor.errors import SessionFormatError
from monitor.frames import FEET, SensorLayout
from monitor.session_info import DeviceInfo

#: Columns of :attr:`ImportedRecording.events`.
EVENT_COLUMNS = ["t_s", "foot", "event", "code", "label"]
#: ``event`` values: gait events the export itself marks, and anything else it marks.
GAIT_EVENTS = ("initial_contact", "toe_off")
MARKER = "marker"
#: ``reason`` of a gap that is an empty stretch in the imported file, and of one where the file's time
#: axis skips rows.
GAP_REASON_EMPTY = "empty in file"
GAP_REASON_TIME_JUMP = "time jump in file"
#: A jump in the time axis up to this long is filled with NaN rows, as a recording fills a gap of lost
#: packets (docs/session-format.md); a longer one is only listed in the gaps.
MAX_FILLED_JUMP_S = 60.0


def empty_events() -> pd.DataFrame:
    return pd.DataFrame({
        "t_s": pd.Series(dtype=float), "foot": pd.Series(dtype=str), "event": pd.Series(dtype=str),
        "code": pd.Series(dtype=float), "label": pd.Series(dtype=str),
    })


@dataclass
class ImportedRecording:
    """One imported recording, parsed and converted, not yet written.

    Attributes
    ----------
    format : str
        ``"moticon"`` or ``"physionet"``.
    path : Path
        The source file.
    t_s : ndarray, shape (n_rows,)
        The file's time axis in seconds (float64, strictly increasing), shared by both feet.
    pressure_kpa : dict foot -> ndarray, shape (n_rows, n_sensors), float32
        Pressure in kPa, NaN where the file has no sample (never 0).
    layouts : dict foot -> SensorLayout
    rate_hz : int
        Sample rate of the time axis.
    devices : dict foot -> DeviceInfo
        What the file says about each insole (serial numbers); empty when it says nothing.
    start_utc : str
        ISO 8601 UTC start, ``""`` when the file does not fix it in UTC.
    header : dict str -> str
        The file's header fields as written (empty when it has none).
    extras : dict foot -> DataFrame, n_rows rows
        Other per-sample quantities the file carries for that foot (total force, centre of pressure,
        IMU...), NaN where missing; column names end in their unit.
    events : DataFrame
        ``t_s, foot, event, code, label``: gait events the file marks (``event`` "initial_contact" or
        "toe_off") and other markers (``event`` "marker"); ``foot`` is "" for a marker of no foot.
    caveats : list of str
        What the person should know about the conversion (inferred positions, guessed areas...).
    in_file : ndarray of bool, shape (n_rows,), or None
        False for the NaN rows added where the file's time axis skips samples (see
        :func:`fill_time_jumps`); None when every row is the file's.
    """

    format: str
    path: Path
    t_s: np.ndarray
    pressure_kpa: dict[str, np.ndarray]
    layouts: dict[str, SensorLayout]
    rate_hz: int
    devices: dict[str, DeviceInfo] = field(default_factory=dict)
    start_utc: str = ""
    header: dict[str, str] = field(default_factory=dict)
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)
    events: pd.DataFrame = field(default_factory=empty_events)
    caveats: list[str] = field(default_factory=list)
    in_file: np.ndarray | None = None

    @property
    def feet(self) -> tuple[str, ...]:
        return tuple(f for f in FEET if f in self.pressure_kpa)

    @property
    def n_rows(self) -> int:
        return int(self.t_s.shape[0])

    @property
    def duration_s(self) -> float:
        """Time covered by the rows: last minus first time plus one sample period (s)."""
        if self.n_rows == 0:
            return 0.0
        return float(self.t_s[-1] - self.t_s[0] + 1.0 / self.rate_hz)

    def missing_rows(self, foot: str) -> np.ndarray:
        """Boolean, shape (n_rows,): rows where the file has no pressure sample at all for ``foot``."""
        return np.isnan(self.pressure_kpa[foot]).all(axis=1)

    def file_rows(self) -> np.ndarray:
        """Boolean, shape (n_rows,): the rows that are the file's own (not added for a time jump)."""
        return np.ones(self.n_rows, dtype=bool) if self.in_file is None else self.in_file

    def missing_fraction(self, foot: str) -> float:
        """Fraction of the file's own rows that have no sample for ``foot`` (empty fields)."""
        rows = self.file_rows()
        return float(self.missing_rows(foot)[rows].mean()) if rows.any() else 0.0

    def gaps(self) -> list[Gap]:
        """Runs of missing rows per foot (``filled``: NaN rows stand for them), and the jumps in the time
        axis too long to fill (not filled: the frames table has no rows there)."""
        out: list[Gap] = []
        period_s = 1.0 / self.rate_hz
        added = ~self.file_rows()
        dt = np.diff(self.t_s)
        for foot in self.feet:
            miss = self.missing_rows(foot)
            for start, stop in _runs(miss):
                end_s = self.t_s[stop] if stop < self.n_rows else self.t_s[stop - 1] + period_s
                reason = GAP_REASON_TIME_JUMP if added[start:stop].any() else GAP_REASON_EMPTY
                out.append(Gap(foot, round(float(self.t_s[start]), 6), round(float(end_s), 6),
                               stop - start, 0, reason, True))
            for i in np.flatnonzero(dt > 1.5 * period_s):
                n_missing = int(round(dt[i] / period_s)) - 1
                start_s, end_s = float(self.t_s[i] + period_s), float(self.t_s[i + 1])
                out.append(Gap(foot, round(start_s, 6), round(end_s, 6), n_missing, 0,
                               GAP_REASON_TIME_JUMP, False))
        out.sort(key=lambda g: (g.start_s, FEET.index(g.foot)))
        return out


def fill_time_jumps(rec: ImportedRecording) -> ImportedRecording:
    """Add NaN rows where the time axis skips samples (a step over 1.5 periods, up to MAX_FILLED_JUMP_S),
    at the expected times, so the frames table is regular as a recording's is. Missing stays missing:
    pressure and extras are NaN there. Returns ``rec`` itself when there is nothing to fill."""
    period_s = 1.0 / rec.rate_hz
    dt = np.diff(rec.t_s)
    jumps = np.flatnonzero((dt > 1.5 * period_s) & (dt <= MAX_FILLED_JUMP_S))
    if jumps.size == 0:
        return rec
    n_add = np.zeros(rec.n_rows, dtype=int)
    n_add[jumps] = np.rint(dt[jumps] / period_s).astype(int) - 1
    pos = np.arange(rec.n_rows) + np.concatenate([[0], np.cumsum(n_add)[:-1]])
    n_new = rec.n_rows + int(n_add.sum())
    t_new = np.empty(n_new)
    in_file = np.zeros(n_new, dtype=bool)
    in_file[pos] = True
    t_new[pos] = rec.t_s
    for i in jumps:
        t_new[pos[i] + 1: pos[i] + 1 + n_add[i]] = rec.t_s[i] + period_s * np.arange(1, n_add[i] + 1)

    def spread(a: np.ndarray) -> np.ndarray:
        out = np.full((n_new, *a.shape[1:]), np.nan, dtype=a.dtype)
        out[pos] = a
        return out

    pressure = {foot: spread(p) for foot, p in rec.pressure_kpa.items()}
    extras = {foot: pd.DataFrame({c: spread(df[c].to_numpy(dtype=float)) for c in df.columns})
              for foot, df in rec.extras.items()}
    caveat = (f"the file's time axis skips {int(n_add.sum())} sample(s) in {jumps.size} place(s); NaN rows "
              "stand for them")
    return replace(rec, t_s=t_new, pressure_kpa=pressure, extras=extras, in_file=in_file,
                   caveats=[*rec.caveats, caveat])


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) index pairs of the True runs of a boolean array."""
    m = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


# ---------------------------------------------------------------------------- text checks


def fail(path: Path, line: int | None, message: str) -> SessionFormatError:
    """A SessionFormatError of the form ``NAME: line N: message``."""
    where = f"{Path(path).name}: line {line}: " if line is not None else f"{Path(path).name}: "
    return SessionFormatError(where + message)


def read_text_lines(path: Path) -> list[str]:
    """The file's lines (UTF-8, or Latin-1 when it is not UTF-8); an unreadable or empty file raises."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(path, None, "no such file") from None
    except OSError as exc:
        raise fail(path, None, f"cannot read ({exc.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if not text.strip():
        raise fail(path, 1, "the file is empty")
    return text.splitlines()


def numeric_columns(
    path: Path, cells: np.ndarray, line_numbers: np.ndarray, names: list[str], *, allow_empty: bool
) -> np.ndarray:
    """Convert a (n_rows, n_cols) array of text cells to float64.

    Empty cells become NaN when ``allow_empty``; otherwise, like any cell that is not a finite number,
    they raise a SessionFormatError naming the file, the line (``line_numbers[row]``) and the column.
    """
    out = np.empty(cells.shape, dtype=float)
    for j in range(cells.shape[1]):
        col = cells[:, j]
        stripped = np.char.strip(col)
        empty = stripped == ""
        values = pd.to_numeric(pd.Series(stripped), errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values) & ~(empty if allow_empty else np.zeros_like(empty))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            what = "an empty field" if empty[i] else repr(str(col[i]))
            raise fail(path, int(line_numbers[i]), f"column {names[j]!r}: {what} is not a number")
        out[:, j] = values
    return out


def check_time_axis(path: Path, t_s: np.ndarray, line_numbers: np.ndarray) -> int:
    """Check the time axis increases strictly; return its sample rate in Hz (the median step, rounded)."""
    dt = np.diff(t_s)
    back = np.flatnonzero(~(dt > 0))
    if back.size:
        i = int(back[0]) + 1
        raise fail(path, int(line_numbers[i]),
                   f"time {t_s[i]:g} s does not come after the previous row's {t_s[i - 1]:g} s")
    if t_s.size < 2:
        raise fail(path, int(line_numbers[0]), "one data row is not a recording (no sample rate)")
    rate = 1.0 / float(np.median(dt))
    rate_hz = int(round(rate))
    if rate_hz < 1:
        raise fail(path, int(line_numbers[1]), f"sample rate {rate:.3g} Hz is below 1 Hz")
    return rate_hz
