"""What an importer returns, and how its gaps and time jumps are filled. Pure: no files written.
The text-table checks the importers share are monitor.importers.text_checks.

An :class:`ImportedRecording` is one foreign recording parsed into Solewatch's terms (kPa, session
seconds, sensor layouts in the anatomical frame of docs/protocol.md), before anything touches the disk.

pandas is imported by the functions that make a DataFrame, not here: ``solewatch import moticon`` of a
clean export makes none (monitor.importers.moticon_stream), and loading pandas took a third of its time
(docs/performance.md, "Import").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from monitor.codebook import FEET, Gap, SensorLayout
from monitor.errors import quote
from monitor.session.info import DeviceInfo
from monitor.session.names import EVENT_COLUMNS as EVENT_TABLE_COLUMNS
from monitor.util.timefmt import clock_text
from monitor.util.words import counted

if TYPE_CHECKING:
    import pandas as pd

#: Columns of :attr:`ImportedRecording.events` (those of the session's imported_events.csv).
EVENT_COLUMNS = list(EVENT_TABLE_COLUMNS)
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
#: What an imported recording is when nothing declares it (``solewatch import`` without ``--activity``, a
#: layout JSON without ``activity``): not known, so the activity is recognised from the pressure, as for a
#: recording made without ``--activity``. A Moticon export and a PhysioNet gaitpdb file do not say what was
#: recorded. The default of ImportedRecording.activity.
DEFAULT_ACTIVITY = "unknown"


def empty_events() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({
        "t_s": pd.Series(dtype=float), "foot": pd.Series(dtype=str), "event": pd.Series(dtype=str),
        "code": pd.Series(dtype=float), "label": pd.Series(dtype=str),
    })


def session_end_s(axes: list[tuple[np.ndarray, float]]) -> float:
    """A recording's duration (s) from its rows: from ``t_s`` 0, the session's start (an import keeps the
    file's times, so rows that start late leave the time before them in the session, counted missing), to
    the end of its last row, that row's time plus one sample period. ``axes``: per foot, its times (s,
    increasing, shape (n,)) and sample rate (Hz); 0 without a row."""
    ends = [float(t_s[-1]) + 1.0 / float(rate_hz) for t_s, rate_hz in axes if len(t_s)]
    return max(ends + [0.0])


@dataclass
class ImportedRecording:
    """One imported recording, parsed and converted, not yet written.

    Attributes
    ----------
    format : str
        ``"moticon"``, ``"physionet"`` or ``"csv"``.
    path : Path
        The source file.
    t_s : ndarray, shape (n_rows,)
        The file's time axis in seconds (float64, strictly increasing), shared by both feet. With
        ``foot_t_s`` (feet sampled on their own clocks), the sorted union of the feet's times.
    pressure_kpa : dict foot -> ndarray, shape (n_rows, n_sensors), float32
        Pressure in kPa, NaN where the file has no sample (never 0). With ``foot_t_s``, each foot has
        ``len(foot_t_s[foot])`` rows; the same holds for ``extras``.
    layouts : dict foot -> SensorLayout
    rate_hz : int
        Sample rate of the time axis (with ``foot_t_s``: the highest of the feet's, each foot's own being
        its layout's ``current_rate_hz``).
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
    foot_t_s : dict foot -> ndarray, shape (n_rows_foot,)
        Per-foot time axes (s, strictly increasing) when the feet were not sampled on one shared axis
        (a generic CSV); empty when both feet share ``t_s``. Read them through :meth:`times`.
    foot_in_file : dict foot -> ndarray of bool
        ``in_file`` per foot, with ``foot_t_s``; a foot absent here has only the file's own rows.
    activity : str
        What the recording is of (session.json ``activity``).
    span_s : float or None
        How long the recording lasted (s) from ``t_s`` 0, its start, when the source says so (a layout
        JSON's ``duration_s``, which an export writes: a session's frames need not fill it, and its ``t_s``
        is session time); None: :attr:`duration_s` runs from 0 to the rows' end.
    label : str
        The session label; ``""`` takes the file's name.
    insole_kind : str or None
        The session's insole kind where the source names it (a layout JSON's ``insole_kind``, which an export
        writes), kept as session.json ``imported_from.insole_kind``; None: from the layouts and the format
        (monitor.session.insole_kinds.session_insole).
    rows_rate_hz : dict foot -> float
        The rate (Hz) a foot's rows step at where it is off its layout's ``current_rate_hz``, which the
        session keeps (a generic CSV's, more than its RATE_NOTED off: generic_csv_checks.rate_off_hz, which
        a caveat says too); a foot absent here steps at its rate, or its source measures none.
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
    foot_t_s: dict[str, np.ndarray] = field(default_factory=dict)
    foot_in_file: dict[str, np.ndarray] = field(default_factory=dict)
    activity: str = DEFAULT_ACTIVITY
    label: str = ""
    span_s: float | None = None
    insole_kind: str | None = None
    rows_rate_hz: dict[str, float] = field(default_factory=dict)

    @property
    def feet(self) -> tuple[str, ...]:
        return tuple(f for f in FEET if f in self.pressure_kpa)

    @property
    def n_rows(self) -> int:
        return int(self.t_s.shape[0])

    def times(self, foot: str) -> np.ndarray:
        """The time axis of ``foot`` (s), shape (n_rows_foot,): its own, or the shared ``t_s``."""
        return self.foot_t_s[foot] if self.foot_t_s else self.t_s

    def foot_rate_hz(self, foot: str) -> int:
        """The sample rate of ``foot``'s time axis (Hz)."""
        return self.layouts[foot].current_rate_hz if self.foot_t_s else self.rate_hz

    @property
    def duration_s(self) -> float:
        """How long the recording lasted (s): :attr:`span_s` when the source says it, else
        :func:`session_end_s` of the feet's rows: from ``t_s`` 0 to the end of the last row."""
        if self.span_s is not None:
            return self.span_s
        return session_end_s([(self.times(f), self.foot_rate_hz(f)) for f in self.feet])

    def missing_rows(self, foot: str) -> np.ndarray:
        """Boolean, shape (n_rows_foot,): rows where the file has no pressure sample at all for ``foot``."""
        return np.isnan(self.pressure_kpa[foot]).all(axis=1)

    def file_rows(self, foot: str | None = None) -> np.ndarray:
        """Boolean, shape (n_rows_foot,): the rows that are the file's own (not added for a time jump).

        ``foot`` may be left out when the feet share one time axis."""
        if self.foot_t_s:
            if foot is None:
                raise ValueError("the feet have their own time axes: say which foot")
            own = self.foot_in_file.get(foot)
            return np.ones(self.foot_t_s[foot].size, dtype=bool) if own is None else own
        return np.ones(self.n_rows, dtype=bool) if self.in_file is None else self.in_file

    def missing_fraction(self, foot: str) -> float:
        """Fraction of the file's own rows that have no sample for ``foot`` (empty fields)."""
        rows = self.file_rows(foot)
        return float(self.missing_rows(foot)[rows].mean()) if rows.any() else 0.0

    def gaps(self) -> list[Gap]:
        """Runs of missing rows per foot (``filled``: NaN rows stand for them), and the jumps in the time
        axis too long to fill (not filled: the frames table has no rows there)."""
        return sorted_gaps([g for foot in self.feet for g in foot_gaps(
            foot, self.times(foot), 1.0 / self.foot_rate_hz(foot), ~self.file_rows(foot),
            self.missing_rows(foot))])


def foot_gaps(foot: str, t_s: np.ndarray, period_s: float, added: np.ndarray, miss: np.ndarray) -> list[Gap]:
    """One foot's gaps: its runs of missing rows (``miss``, bool, shape (n_rows,); ``filled``) and the jumps
    of its time axis ``t_s`` (s, shape (n_rows,)) over 1.5 sample periods (``period_s``, s; not filled).
    ``added``: bool, shape (n_rows,), the NaN rows added for a time jump. A gap's times are its frames' times
    as they are, never rounded: the frames with ``t_s`` in ``[start_s, end_s)`` are its missing ones (a
    recording's times are not on any decimal grid)."""
    out: list[Gap] = []
    for start, stop in _runs(miss):
        end_s = t_s[stop] if stop < t_s.size else t_s[stop - 1] + period_s
        reason = GAP_REASON_TIME_JUMP if added[start:stop].any() else GAP_REASON_EMPTY
        out.append(Gap(foot, float(t_s[start]), float(end_s), stop - start, 0, reason, True))
    at, n_missing = time_jumps(t_s, period_s)
    for i, n in zip(at, n_missing, strict=True):
        start_s, end_s = float(t_s[i] + period_s), float(t_s[i + 1])
        out.append(Gap(foot, start_s, end_s, int(n), 0, GAP_REASON_TIME_JUMP, False))
    return out


def time_jumps(t_s: np.ndarray, period_s: float) -> tuple[np.ndarray, np.ndarray]:
    """The steps of a time axis ``t_s`` (s, shape (n_rows,)) over 1.5 sample periods (``period_s``, s):
    ``(at, n_missing)``, the index of the row before each step and the samples it skips (its periods less
    one), both int arrays of shape (n_jumps,). Once :func:`fill_time_jumps` has filled an axis, they are
    its jumps too long to fill: no rows stand for their samples."""
    dt = np.diff(t_s)
    at = np.flatnonzero(dt > 1.5 * period_s)
    return at, np.rint(dt[at] / period_s).astype(np.int64) - 1


def not_filled_caveat(axis: str, t_s: np.ndarray, period_s: float) -> str:
    """The caveat of the jumps of a filled time axis ``t_s`` (s, shape (n_rows,); ``period_s``, s) that
    were too long to fill (over MAX_FILLED_JUMP_S), "" when there are none: ``the left foot's time axis
    jumps 90 s at 0:20 (4,500 samples); not filled: ...``. ``axis`` names the axis."""
    at, n_missing = time_jumps(t_s, period_s)
    if at.size == 0:
        return ""
    span_s = t_s[at + 1] - t_s[at] - period_s  # from the first sample skipped to the next row

    def jump(k: int) -> str:
        return f"{float(span_s[k]):.1f}".removesuffix(".0") + f" s at {clock_text(float(t_s[at[k]] + period_s))}"

    n_skipped = counted(int(n_missing.sum()), "sample")
    said = (f"jumps {jump(0)} ({n_skipped})" if at.size == 1 else
            f"jumps {at.size} times ({n_skipped} in all), the first {jump(0)}")
    it, its = ("it", "its") if at.size == 1 else ("them", "their")
    return (f"{axis} {said}; not filled (over {MAX_FILLED_JUMP_S:g} s): the frames table has no rows there, "
            f"gaps.csv lists {it}, and {its} samples count as missing")


def sorted_gaps(gaps: list[Gap]) -> list[Gap]:
    """Gaps in the gaps table's order: by start, then foot in FEET's order (a stable sort)."""
    return sorted(gaps, key=lambda g: (g.start_s, FEET.index(g.foot)))


def fill_time_jumps(rec: ImportedRecording) -> ImportedRecording:
    """Add NaN rows where the time axis skips samples (a step over 1.5 periods, up to MAX_FILLED_JUMP_S),
    at the expected times, so the frames table is regular as a recording's is. Missing stays missing:
    pressure and extras are NaN there. Per-foot time axes (``foot_t_s``) are filled each at its own rate.
    Each axis filled says so in a caveat, and so does each with a jump too long to fill
    (:func:`not_filled_caveat`). Returns ``rec`` itself when there is nothing to fill or say."""
    if rec.foot_t_s:
        return _fill_per_foot(rec)
    plan = fill_plan(rec.t_s, 1.0 / rec.rate_hz)
    if plan is not None:
        t_new, pos, n_added, n_places = plan
        in_file = np.zeros(t_new.size, dtype=bool)
        in_file[pos] = True
        pressure = {foot: _spread(p, pos, t_new.size) for foot, p in rec.pressure_kpa.items()}
        extras = {foot: _spread_frame(df, pos, t_new.size) for foot, df in rec.extras.items()}
        rec = replace(rec, t_s=t_new, pressure_kpa=pressure, extras=extras, in_file=in_file,
                      caveats=[*rec.caveats, _fill_caveat("the file's time axis", n_added, n_places)])
    too_long = not_filled_caveat("the file's time axis", rec.t_s, 1.0 / rec.rate_hz)
    return replace(rec, caveats=[*rec.caveats, too_long]) if too_long else rec


def _fill_per_foot(rec: ImportedRecording) -> ImportedRecording:
    times, in_file = dict(rec.foot_t_s), dict(rec.foot_in_file)
    pressure, extras = dict(rec.pressure_kpa), dict(rec.extras)
    caveats = list(rec.caveats)
    changed = False
    for foot in rec.feet:
        axis, period_s = f"the {foot} foot's time axis", 1.0 / rec.foot_rate_hz(foot)
        plan = fill_plan(rec.foot_t_s[foot], period_s)
        if plan is not None:
            changed = True
            t_new, pos, n_added, n_places = plan
            own = np.zeros(t_new.size, dtype=bool)
            own[pos] = rec.file_rows(foot)
            times[foot], in_file[foot] = t_new, own
            pressure[foot] = _spread(rec.pressure_kpa[foot], pos, t_new.size)
            if foot in rec.extras:
                extras[foot] = _spread_frame(rec.extras[foot], pos, t_new.size)
            caveats.append(_fill_caveat(axis, n_added, n_places))
        too_long = not_filled_caveat(axis, times[foot], period_s)
        if too_long:  # never carried in by a layout: an export leaves it out (monitor.session.found_caveats)
            caveats.append(too_long)
    if not changed:
        return rec if caveats == rec.caveats else replace(rec, caveats=caveats)
    union = np.unique(np.concatenate([times[f] for f in rec.feet]))
    return replace(rec, t_s=union, foot_t_s=times, foot_in_file=in_file, pressure_kpa=pressure,
                   extras=extras, caveats=caveats)


def fill_plan(t_s: np.ndarray, period_s: float) -> tuple[np.ndarray, np.ndarray, int, int] | None:
    """Where NaN rows go on one time axis: (new axis, positions of the old rows in it, rows added,
    places), or None when no step is a fillable jump."""
    dt = np.diff(t_s)
    jumps = np.flatnonzero((dt > 1.5 * period_s) & (dt <= MAX_FILLED_JUMP_S))
    if jumps.size == 0:
        return None
    n_add = np.zeros(t_s.size, dtype=int)
    n_add[jumps] = np.rint(dt[jumps] / period_s).astype(int) - 1
    pos = np.arange(t_s.size) + np.concatenate([[0], np.cumsum(n_add)[:-1]])
    t_new = np.empty(t_s.size + int(n_add.sum()))
    t_new[pos] = t_s
    for i in jumps:
        t_new[pos[i] + 1: pos[i] + 1 + n_add[i]] = t_s[i] + period_s * np.arange(1, n_add[i] + 1)
    return t_new, pos, int(n_add.sum()), int(jumps.size)


def _spread(a: np.ndarray, pos: np.ndarray, n_new: int) -> np.ndarray:
    out = np.full((n_new, *a.shape[1:]), np.nan, dtype=a.dtype)
    out[pos] = a
    return out


def _spread_frame(df: pd.DataFrame, pos: np.ndarray, n_new: int) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: _spread(df[c].to_numpy(dtype=float), pos, n_new) for c in df.columns})


def _fill_caveat(axis: str, n_added: int, n_places: int) -> str:
    return f"{axis} skips {counted(n_added, 'sample')} in {counted(n_places, 'place')}; NaN rows stand for them"


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) index pairs of the True runs of a boolean array."""
    m = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def never_sampled_caveat(foot: str, values: np.ndarray, names: list[str]) -> str:
    """The caveat of a foot whose sensor columns ``names`` (``values`` shape (n_rows, n_sensors), NaN where
    missing) have samples, but one or more of them none in any row: ``left: no sample in the whole file in
    column 'p03_kpa' (kept as missing: a sensor that never reported, or a column left empty)``; "" when
    every column has one, or none has (the foot's own caveat says so)."""
    empty = np.isnan(values).all(axis=0)
    if not empty.any() or empty.all():
        return ""
    listed = ", ".join(quote(names[j]) for j in np.flatnonzero(empty))
    return (f"{foot}: no sample in the whole file in {'column' if empty.sum() == 1 else 'columns'} {listed} "
            "(kept as missing: a sensor that never reported, or a column left empty)")
