"""A session's frames table as one file for other tools: CSV or Parquet.

The file holds the frames table of docs/session-format.md exactly: ``t_s`` (session seconds), ``foot``
(``left``/``right``), then ``p00_kpa`` ... one column per sensor in kPa (nominal units under the same names in
the rows of an uncalibrated foot, its layout's ``calibrated`` false), in the layout's sensor order; NaN
where a frame or a sensor is missing, which CSV writes as an empty cell. Where the sensors are is not in
it: the session's ``session.json`` carries the layouts. The CSV is the input format of ``solewatch import
csv`` (docs/import-csv.md); ``layout=True`` writes beside it the layout JSON that command takes
(``frames.layout.json`` beside ``frames.csv``, :func:`import_layout`), so an export comes back in as it went.

Nothing is overwritten unless asked, and never one of the session's own files; the file is written under
a temporary name beside the target and renamed into place.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monitor.codebook import PAST_END_S, SensorLayout
from monitor.errors import UsageError
from monitor.link.records import LAYOUT_DEVICE_FIELDS, DeviceInfo
from monitor.session import names
from monitor.session.directory import load_session
from monitor.session.found_caveats import source_caveats
from monitor.session.info import SESSION_ACTIVITIES, SessionInfo
from monitor.session.insole_kinds import live_kind, session_insole
from monitor.session.model import Session
from monitor.session.parquet_pages import WRITE_CHECKSUMS, parquet_output
from monitor.session.ride import RIDE_TABLE
from monitor.session.tables import read_events_table
from monitor.util.outputs import is_special, replaces_a_file, resolved_output, resolved_own, write_whole
from monitor.util.path_errors import said_path
from monitor.util.words import counted

FORMATS = ("csv", "parquet")
#: Every format ``solewatch export`` writes: the frames table's, and a FIT activity (monitor.session.fit_export).
EXPORT_FORMATS = (*FORMATS, "fit")
#: File name of an export inside the session directory when no path is given. The Parquet one cannot be
#: ``frames.parquet``: that name is the session's own table.
DEFAULT_NAMES = {"csv": "frames.csv", "parquet": "frames-export.parquet", "fit": "activity.fit"}
#: The session's own files: an export, a report or an events file never replaces one of them, even when
#: forced.
SESSION_FILES = (names.SESSION_JSON, names.RAW_LOG, names.FRAMES_TABLE, names.GAPS_TABLE, names.EXTRAS_TABLE,
                 names.EVENTS_TABLE, names.PARAMS_JSON, names.BASELINE_JSON, names.SETUP_JSON, names.STUDY_JSON,
                 RIDE_TABLE)
_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".fit": "fit"}


@dataclass(frozen=True)
class Words:
    """How an export's errors name what the caller chose: the command line's options (CLI_WORDS) or the
    Python arguments of monitor.export_frames and :func:`export_frames` (PYTHON_WORDS)."""

    #: Saying a format: ``--format csv`` or ``fmt='csv'`` (a str.format pattern of the format).
    fmt: str
    #: Choosing another output: ``-o FILE`` or ``the path argument``.
    out: str
    #: Replacing an existing file: ``--force`` or ``force=True``.
    force: str
    #: An output name whose suffix names none of the formats written (str.format pattern of ``out``, the
    #: name, ``suffix``, and ``formats``, those written as :attr:`value` spells them).
    no_format: str = "{out}: export writes {formats}, not {suffix}"
    #: A format's value as the caller writes it: ``csv`` (an option's word) or ``'csv'`` (a Python str).
    value: str = "{}"


CLI_WORDS = Words(fmt="--format {}", out="-o FILE", force="--force")
PYTHON_WORDS = Words(fmt="fmt={!r}", out="the path argument", force="force=True",
                     no_format="{out}: with fmt=None the path's suffix says the format, and {suffix} names none "
                               "that export_frames writes (fmt {formats})",
                     value="{!r}")


def session_of_own_file(path: str | os.PathLike[str]) -> Path | None:
    """The session directory whose own file ``path`` is (a SESSION_FILES name beside a session.json: any
    session's, not only the one a command reads), None for any other path. No output replaces such a
    file, even when forced; nor does one through a symbolic link that ends at such a file (outputs write
    through links, monitor.util.outputs.through_links)."""
    for p in dict.fromkeys((Path(path), Path(os.path.realpath(path)))):
        if p.name in SESSION_FILES and (p.parent / names.SESSION_JSON).is_file():
            return p.parent
    return None


def suffix_format(out: str | os.PathLike[str]) -> str | None:
    """The export format ``out``'s suffix names (``.csv``, ``.parquet``, ``.fit``, any case), else None."""
    return _SUFFIXES.get(Path(out).suffix.lower())


def export_target(session_dir: str | os.PathLike[str], fmt: str | None = None,
                  out: str | os.PathLike[str] | None = None, *, words: Words = PYTHON_WORDS,
                  formats: tuple[str, ...] = EXPORT_FORMATS) -> tuple[Path, str]:
    """Where an export goes and in which format: ``(path, fmt)``.

    ``fmt`` None takes the format from ``out``'s suffix (``.csv``, ``.parquet``, ``.fit``), else CSV; ``out``
    None is ``DEFAULT_NAMES[fmt]`` inside the session directory. A suffix that names another format is an
    error, and so, with ``fmt`` None, is a suffix of none of them (``.xlsx``: CSV under a spreadsheet's
    name); a name without a suffix, a device or a pipe (``/dev/stdout``) takes CSV. An error (UsageError)
    names the caller's choices in ``words`` (the arguments by default; the command line passes CLI_WORDS);
    the error for a suffix of no format names those the caller writes, ``formats`` (monitor.export_frames:
    FORMATS, no FIT).
    """
    suffix = Path(out).suffix if out is not None else ""
    suffix_fmt = suffix_format(out) if out is not None else None
    if fmt is None and suffix and suffix_fmt is None and not is_special(Path(out)) \
            and session_of_own_file(out) is None:  # a session's own file: said so where it is written
        said = words.no_format.format(out=out, suffix=suffix, formats=_either([words.value.format(f) for f in formats]))
        raise UsageError(f"{said}; name it {_either(['.' + f for f in formats])}, or say {words.fmt.format('csv')} "
                         "to write CSV under this name")
    if fmt is None:
        fmt = suffix_fmt or "csv"
    if fmt not in EXPORT_FORMATS:  # FIT, where ``formats`` lacks it, is the caller's to refuse in its words
        known = ", ".join(words.value.format(f) for f in formats)
        raise UsageError(f"{words.fmt.format(fmt)}: unknown export format (known: {known})")
    if suffix_fmt is not None and suffix_fmt != fmt:
        raise UsageError(f"{out}: a .{Path(out).suffix.lstrip('.')} name for a {fmt} file; rename it or "
                         f"say {words.fmt.format(suffix_fmt)}")
    path = Path(out) if out is not None else Path(session_dir) / DEFAULT_NAMES[fmt]
    return path, fmt


def _either(words: list[str] | tuple[str, ...]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def layout_beside(path: str | os.PathLike[str]) -> Path:
    """Where a CSV export's layout JSON goes: ``frames.layout.json`` beside ``frames.csv``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.layout.json")


def events_caveat(events: pd.DataFrame) -> str | None:
    """What a CSV export of a session with imported events (``events``: its imported_events.csv, one row
    an event, an ``event`` column of kinds) says of them: the export does not carry them, so the session
    imported back has none. None without events."""
    if not len(events):
        return None
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in events["event"].astype(str).value_counts(sort=False).items())
    return (f"the session this CSV was exported from had {counted(len(events), 'event')} of its source in "
            f"imported_events.csv ({kinds}); a CSV export does not carry them, so this session has none")


def _imported_events(session: Session) -> pd.DataFrame:
    """The session's imported_events.csv (monitor.session.tables.read_events_table); empty without one."""
    path = session.path / names.EVENTS_TABLE
    return read_events_table(path) if path.is_file() else pd.DataFrame({"event": []})


def import_layout(info: SessionInfo, last_t_s: float | None = None,
                  said: list[str] | None = None, silent: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """The session's layouts as the layout JSON of ``solewatch import csv`` (docs/import-csv.md): label,
    activity, start time, duration (s), an imported session's caveats (``imported_from.caveats``: what to know of the
    data stays true of its export, and a re-import keeps it; but not those the import finds again from the
    CSV itself, monitor.session.found_caveats), and per foot the rate (Hz), positions, areas
    (mm²), regions, pressure step (kPa) and the bits of its counts, for the CSV's default sensor columns;
    an uncalibrated insole's foot says so (``calibrated`` false, its ``insole`` kind), so the session
    imported back says its pressures are counts at a nominal scale, not kPa, as this one does; the rates
    the insole supports (``rates_hz``, Hz) and its haptic motor (``has_haptic``) where not the defaults;
    the insole's device where the session knows it (``device``: maker, model, serial...);
    and the session's insole kind (``insole_kind``, monitor.session.insole_kinds), which the feet alone do not
    say (a Solewatch foot and a foot of a layout that named no insole read alike), so that the session
    imported back is of its kind and judged against the rider's normal of that kind; and the feet whose insole
    sent no frame (``silent``, :func:`silent_feet`) as ``sent_no_frame``, where there are some, so that the
    import reads the one row the CSV holds for each (:func:`with_silent_feet`) as no frame, not a gap.

    ``duration_s`` is written when the session has one and its frames, the last at ``last_t_s`` (s; None:
    no frame), end no more than PAST_END_S past it, as the import holds them; else the import takes the
    frames' span, as it did before the field. ``said``: what the export says of what the CSV does not carry
    (the session's imported events, :func:`events_caveat`; its IMU rows, :func:`imu_caveat`), after its
    caveats."""
    doc: dict[str, Any] = {"label": info.label}
    if info.activity in SESSION_ACTIVITIES:
        doc["activity"] = info.activity
    if info.start_utc:
        doc["start_utc"] = info.start_utc
    fits = last_t_s is None or last_t_s <= (info.duration_s or 0.0) + PAST_END_S
    if info.duration_s and fits:  # the session's own length, which its frames need not fill (docs/import-csv.md)
        doc["duration_s"] = float(info.duration_s)
    caveats = source_caveats((info.imported_from or {}).get("caveats") or []) + list(said or [])
    if caveats:
        doc["caveats"] = caveats
    doc["insole_kind"] = kind = session_insole(info.layouts, info.imported_from)  # a Solewatch foot names none
    if silent:
        doc["sent_no_frame"] = list(silent)
    doc["feet"] = {foot: {"rate_hz": int(round(float(lay.current_rate_hz))),
                          "x": [float(v) for v in lay.x], "y": [float(v) for v in lay.y],
                          "area_mm2": [float(v) for v in lay.area_mm2], "regions": list(lay.regions),
                          "positions_inferred": bool(lay.positions_inferred),
                          "resolution_kpa": float(lay.kpa_per_count), "sample_bits": int(lay.sample_bits),
                          **_what_counts_are(lay, kind), **_capabilities(lay), **_device(info.devices.get(foot))}
                   for foot, lay in info.layouts.items()}
    return doc


def _device(device: DeviceInfo | None) -> dict[str, Any]:
    """A foot's ``device`` in the layout JSON: what the session knows of its insole (maker, model, an OpenGo
    export's size in its model, serial...), the fields the layout JSON takes that are not empty; nothing
    where none is. The session imported back keeps it (session.json ``devices``), so a comparison finds
    one insole model in it as in the session exported (monitor.analysis.compare_facts.insole_difference)."""
    if device is None:
        return {}
    known = {name: getattr(device, name) for name in LAYOUT_DEVICE_FIELDS if getattr(device, name)}
    if device.battery_pct is not None:
        known["battery_pct"] = int(device.battery_pct)
    return {"device": known} if known else {}


def _what_counts_are(lay: SensorLayout, kind: str) -> dict[str, Any]:
    """A foot's ``calibrated``, ``insole`` and ``areas_guessed`` (true where its areas are a guess, else
    nothing) in the layout JSON: ``calibrated`` false for an uncalibrated
    foot (nothing for kPa, the default), and the foot's insole kind where it is not ``solewatch`` (the
    default): its layout's, or the session's ``kind`` (monitor.session.insole_kinds.session_insole) where that
    is one kind of insoles (a Moticon OpenGo import's ``moticon-udp``, whose layouts name none), so that the
    file's ``insole_kind`` agrees with what each foot says (monitor.session.insole_kinds.kinds_of). An
    uncalibrated foot of kind ``solewatch`` is one whose kind nobody named (an import's layout JSON without
    ``insole``): a Solewatch insole sends kPa, so none is written, and the session imported back names none
    either."""
    insole = kind if live_kind(kind) and "+" not in kind else lay.insole
    return ({} if lay.calibrated else {"calibrated": False}) | ({} if insole == "solewatch" else {"insole": insole}) | (
        {"areas_guessed": True} if lay.areas_guessed else {})


def _capabilities(lay: SensorLayout) -> dict[str, Any]:
    """A foot's ``rates_hz`` (Hz) and ``has_haptic`` in the layout JSON, where they are not its defaults
    (``[rate_hz]``, false). Its ``has_imu`` has no field: the CSV carries no IMU columns (:func:`imu_caveat`)."""
    rates = [int(r) for r in lay.rates_hz]
    return ({} if rates == [int(lay.current_rate_hz)] else {"rates_hz": rates}) | (
        {"has_haptic": True} if lay.has_haptic else {})


def imu_caveat(session: Session) -> str | None:
    """What a CSV export of a session whose insoles sent acceleration and angular rate says of them: the
    CSV has no IMU columns, so the session imported back has none (its layouts' ``has_imu`` false). None
    when no foot's IMU rows are in the session (no foot ``has_imu``, or those that claim one lack the rows:
    Session.imu_missing)."""
    claimed = [foot for foot in session.info.feet if session.info.layouts[foot].has_imu]
    if not claimed:
        return None
    feet = [foot for foot in claimed if foot not in session.imu_missing()]
    if not feet:
        return None
    return (f"the session this CSV was exported from had IMU rows (acceleration, angular rate) for "
            f"{' and '.join(feet)} in {names.EXTRAS_TABLE}; a CSV export does not carry them, so this session has "
            "none")


def _last_t_s(session: Session) -> float | None:
    """The session's last frame time (s), None without frames."""
    t_s = session.frames["t_s"]
    return float(t_s.max()) if len(t_s) else None


def export_frames(session: Session | str | os.PathLike[str], path: str | os.PathLike[str], fmt: str, *,
                  force: bool = False, layout: bool = True, words: Words = PYTHON_WORDS) -> Path:
    """Write the session's frames table to ``path`` as ``fmt`` ("csv" or "parquet"); return ``path``.

    ``session``: a loaded Session or a session directory. The CSV is plain (one header row, comma
    separated, ``\\n`` line ends, UTF-8), floats written to round-trip exactly, NaN as an empty cell. The
    Parquet file has the frames table's dtypes (``t_s`` float64, ``foot`` categorical, pressures float32).

    Raises UsageError when ``path`` exists (unless ``force``), is a directory, or is one of the session's
    own files (whatever ``force`` says). Missing directories above ``path`` are made; a failure while
    writing (OutputError for an OS error) leaves ``path`` as it was and removes what was made for it.
    ``layout`` (True by default, as monitor.export_frames and ``solewatch export`` write it; a CSV into a
    file, not a device or a pipe): the layout JSON goes beside it too (:func:`layout_beside`), checked and
    written alike; False writes the CSV alone. An unknown ``fmt`` is a UsageError too; the errors name the
    arguments (``words``: the command line passes CLI_WORDS).
    """
    if fmt not in FORMATS:
        raise UsageError(f"{words.fmt.format(fmt)}: unknown format of the frames table (known: "
                         f"{', '.join(words.value.format(f) for f in FORMATS)})")
    if not isinstance(session, Session):
        session = load_session(session)
    path = Path(path)
    check_target(session, path, force, words)
    beside = layout_beside(path) if layout and fmt == "csv" and not is_special(path) else None
    if beside is not None:
        check_target(session, beside, force, words)

    def write(tmp: Path) -> None:
        write_frames(session.frames if fmt != "csv" else with_silent_feet(session.frames, session.info.feet), tmp,
                     fmt)
        check_target(session, path, force, words)  # again: it may have appeared while writing

    def write_layout(tmp: Path) -> None:
        said = [c for c in (events_caveat(_imported_events(session)), imu_caveat(session),
                            log_lost_caveat(session.log_lost)) if c]
        doc = import_layout(session.info, _last_t_s(session), said,
                            silent_feet(session.frames, session.info.feet, session.log_lost))
        tmp.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        check_target(session, beside, force, words)

    write_whole([(path, write), *([(beside, write_layout)] if beside is not None else [])])
    return path


def silent_feet(frames: pd.DataFrame, feet: tuple[str, ...] | list[str], lost: Collection[str] = ()) -> list[str]:
    """The feet of ``feet`` (the session's layouts') with no row in ``frames``: insoles that linked and sent no
    frame (a simulation's ``lose:right@0s:100000``, a real insole silent from its connection); not those of
    ``lost`` (Session.log_lost: a session rebuilt from a raw log that lost the frames its close counted of a
    foot), whose insole sent frames the log did not keep, not none."""
    have = set(frames["foot"].astype(str))
    return [foot for foot in feet if foot not in have and foot not in lost]


def log_lost_caveat(lost: Mapping[str, int]) -> str | None:
    """What a CSV export of a session rebuilt from a raw log that lost every frame of a foot (``lost``: foot ->
    the frames its close counted, Session.log_lost) says of that foot, a caveat the session imported back keeps:
    its data are missing, not an insole that sent none. None where the log lost no foot."""
    if not lost:
        return None
    return "; ".join(f"the {foot} foot's frames were lost from the raw log of the session this CSV was exported "
                     f"from (its close counted {n:,} received): that foot's data are missing, not an insole that "
                     "sent none" for foot, n in lost.items())


def with_silent_feet(frames: pd.DataFrame, feet: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """``frames`` (t_s s, foot, p.._kpa), with one row at ``t_s`` 0 whose sensor cells are all NaN for each
    foot of ``feet`` that has none (:func:`silent_feet`), which the CSV writes as empty cells, so that
    ``solewatch import csv`` keeps the foot as one that sent no data (docs/import-csv.md) instead of refusing a
    layout foot without rows, or a file without rows; the layout JSON's ``sent_no_frame`` names the foot
    (:func:`import_layout`), so the import reads the row as no frame, not a frame that never arrived. The row
    goes before the first frame at 0 s or later, so the file stays in time order; ``frames`` itself is left as
    it is."""
    silent = silent_feet(frames, feet)
    if not silent:
        return frames
    empty = pd.DataFrame({c: [0.0 if c == "t_s" else foot if c == "foot" else np.nan for foot in silent]
                          for c in frames.columns}).astype({c: frames[c].dtype for c in frames.columns
                                                            if c != "foot"})
    later = np.flatnonzero(frames["t_s"].to_numpy() >= 0.0)
    at = int(later[0]) if later.size else len(frames)
    out = pd.concat([frames.iloc[:at], empty, frames.iloc[at:]], ignore_index=True)
    out["foot"] = out["foot"].astype(str)
    return out


def write_frames(frames: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write a frames table (t_s, foot, p00_kpa ...) as CSV or Parquet, nothing else."""
    if fmt == "csv":
        out = frames.copy()
        out["foot"] = out["foot"].astype(str)
        out.to_csv(path, index=False, na_rep="", lineterminator="\n", encoding="utf-8")
    else:
        with parquet_output(path) as target:
            frames.to_parquet(target, index=False, **WRITE_CHECKSUMS)


def check_target(session: Session, path: Path, force: bool, words: Words = PYTHON_WORDS) -> None:
    """UsageError when ``path`` is one of the session's own files (or another session's:
    :func:`session_of_own_file`), a directory, or a file that exists (unless ``force``; a device or a
    named pipe such as /dev/stdout is written into, monitor.util.outputs.replaces_a_file); its text names
    the caller's choices in ``words``."""
    own = {resolved_own(session.path / name) for name in SESSION_FILES}
    if resolved_output(path) in own:
        raise UsageError(f"{said_path(path)}: is the session's own {path.resolve().name}; choose another file "
                         f"name ({words.out})")
    other = session_of_own_file(path)
    if other is not None:
        raise UsageError(f"{said_path(path)}: is a session's own {path.resolve().name} (session {other}); "
                         f"choose another file name ({words.out})")
    if path.is_dir():
        raise UsageError(f"{said_path(path)}: is a directory; give a file name")
    if replaces_a_file(path) and not force:  # a device or a pipe (-o /dev/stdout) is written into
        raise UsageError(f"{said_path(path)}: exists; choose another file ({words.out}) or replace it with "
                         f"{words.force}")
