"""``solewatch export``: a session's frames table as CSV or Parquet, or the session as a FIT activity
(monitor.cli.fit_commands), then what was written and where. Into a device or a pipe (``-o /dev/stdout``)
the file is written as it is there, without ``--force``, and what is said goes to stderr, so that standard
output carries the file alone."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.cli.inputs import check_binary_target
from monitor.errors import UsageError
from monitor.util.pressure_units import unit_name
from monitor.util.words import counted, listed

if TYPE_CHECKING:
    from monitor.session.info import SessionInfo

#: The formats whose bytes are not text, and what they are called.
BINARY = {"parquet": "a Parquet file", "fit": "a FIT file"}


def export_command(session: Path, *, fmt: str | None = None, out: Path | None = None, force: bool = False,
                   params_file: Path | None = None, rider: str | None = None) -> int:
    """``solewatch export SESSION [--format csv|parquet|fit] [-o FILE] [--force] [--params FILE] [--rider
    NAME]``: write, say where and what (on stderr when the file goes into a device or a pipe, which may be
    stdout). A FIT activity is analysed first (``params_file``, else the session's own parameters), judged
    against ``rider``'s kept normal as ``analyze --rider`` judges it (None: the session's own)."""
    from monitor.session.directory import load_session
    from monitor.session.export import CLI_WORDS, export_frames, export_target, layout_beside, silent_feet
    from monitor.util.outputs import is_special, output_name

    loaded = load_session(session)
    path, fmt = export_target(loaded.path, fmt, out, words=CLI_WORDS)
    if fmt in BINARY:  # -o - into a terminal: bytes there are no file
        check_binary_target("-o", path, BINARY[fmt], f"ride.{fmt}")
    said = sys.stderr if is_special(path) else sys.stdout  # -o /dev/stdout: the file alone on stdout
    if fmt == "fit":
        from monitor.cli.fit_commands import export_fit

        return export_fit(loaded, path, force=force, params_file=params_file, said=said, rider=rider)
    for given, option in ((params_file, "--params"), (rider, "--rider")):
        if given is not None:
            raise UsageError(f"{option} is for --format fit (the frames table is written as recorded)")
    export_frames(loaded, path, fmt, force=force, layout=True, words=CLI_WORDS)
    feet = loaded.frames["foot"].value_counts()
    per_foot = ", ".join(f"{foot} {int(feet.get(foot, 0)):,}" for foot in loaded.info.feet)
    print(f"exported {counted(len(loaded.frames), 'frame')} ({per_foot}) of {loaded.path} to {output_name(path)} "
          f"({fmt})", file=said)
    silent = silent_feet(loaded.frames, loaded.info.feet, loaded.log_lost) if fmt == "csv" else []
    if silent:  # monitor.session.export.with_silent_feet
        print(f"{' and '.join(silent)}: no frame in the session; one row with no sample stands for "
              f"{'it' if len(silent) == 1 else 'each'}, so the import keeps "
              f"{'it as a foot' if len(silent) == 1 else 'them as feet'} that sent no data", file=said)
    for foot, n in loaded.log_lost.items():  # a row stands for it too, but not as a foot that sent none
        print(f"{foot}: no frame in the session: the raw log lost them (session.json counts {n:,} frames received "
              "from it), so its data are missing, not an insole that sent none"
              + ("; one row with no sample stands for it, and the layout JSON's caveats say so" if fmt == "csv"
                 else ""), file=said)
    beside = layout_beside(path)
    nominal = nominal_line(loaded.info, str(beside) if fmt == "csv" and not is_special(path) else None)
    if nominal:
        print(nominal, file=said)
    if fmt == "csv" and not is_special(path):
        print(f"the sensor layouts are in {beside} (`solewatch import csv {path} --layout {beside}` brings it "
              "back)", file=said)
    else:
        print(f"the sensor layouts are in {loaded.path / 'session.json'} (layouts)", file=said)
    return 0


def nominal_line(info: SessionInfo, layout_json: str | None) -> str:
    """What an export says of the feet whose sensor columns hold nominal units, not kPa (an uncalibrated
    insole's, ORPHE or Ukaton: its counts at a nominal scale, docs/devices.md), under the same ``p00_kpa``
    names, and where the file's reader learns it (``layout_json``: the layout JSON written beside the CSV,
    its ``calibrated`` false; None: session.json's layouts); "" where every foot is calibrated (kPa)."""
    from monitor.session.insole_kinds import kind_name

    feet = [foot for foot in info.feet if not info.layouts[foot].calibrated]
    if not feet:
        return ""
    kinds = list(dict.fromkeys(info.layouts[foot].insole for foot in feet))
    owner = "insoles'" if len(feet) > len(kinds) else "insole's"  # both feet of one kind: its two insoles'
    whose = listed([f"the {kind_name(kind)} {owner}" if kind != "solewatch" else f"the {owner}" for kind in kinds])
    where = (f'{layout_json} says "calibrated": false' if layout_json
             else "session.json's layouts say calibrated false")
    rows = f"the {feet[0]} rows" if len(feet) == 1 else "both feet's rows"
    return (f"{rows}: the sensor columns (p00_kpa ...) hold {unit_name(False)} ({whose} counts at a nominal "
            "scale), "
            f"not kPa, under the same names; {where}")
