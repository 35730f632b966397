"""``solewatch import``: a typed command function in a module of its own.

monitor.cli.commands imports the radio and the live session's inputs at its top; an import needs none of
them, and loading the live and analysis stages once took longer than reading a 50-MB export
(benchmarks/bench_import.py), so the CLI calls this module directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from monitor.cli.wrapping import caveat_lines, terminal_width, wrapped
from monitor.errors import UsageError
from monitor.util.plain_text import spelt_out
from monitor.util.words import counted


def import_command(fmt: str, file: Path, *, out: Path | None, layout: Path | None = None,
                   activity: str | None = None, into: Path | None = None, force: bool = False) -> int:
    """``solewatch import FORMAT FILE -o SESSION_DIR``: parse, write, say where and what; ``activity``
    declares what the recording is (session.json), over what the file says. ``import fit FILE --into
    SESSION [--force]`` adds a ride to an existing session instead (monitor.cli.fit_commands)."""
    from dataclasses import replace

    if fmt == "fit":
        if into is None or out is not None or layout is not None or activity is not None:
            raise UsageError("import fit takes --into SESSION (an existing session), and no -o, --layout or "
                             "--activity")
        from monitor.cli.fit_commands import import_fit_command

        return import_fit_command(file, into=into, force=force)
    if out is None or into is not None or force:
        raise UsageError(f"import {fmt} takes -o SESSION_DIR (a new session directory), and no --into or "
                         "--force")
    from monitor.importers import check_layout

    check_layout(fmt, layout, str(file), give="--layout LAYOUT.json", drop="drop --layout")  # the CLI's words

    if fmt == "moticon" and layout is None:
        from monitor.importers.moticon_stream import stream_moticon

        streamed = stream_moticon(Path(file), Path(out), activity=activity)
        if streamed is not None:  # a clean export, written as it was read (no pandas loaded)
            # no row added: all missing are the file's, or before its first row or after its last (absent)
            counts = {foot: (n + absent, streamed.missing[foot] + absent, streamed.missing[foot],
                             streamed.partial.get(foot, 0), absent)
                      for foot, n in streamed.frames.items() for absent in [streamed.absent.get(foot, 0)]}
            _say(streamed.file_name, streamed.format, streamed.path, streamed.duration_s, [streamed.rate_hz],
                 counts, "", streamed.caveats)
            return 0
    from monitor.importers import read_recording, sample_counts, write_session
    from monitor.importers.data_caveats import with_data_caveats

    rec = read_recording(fmt, file, layout=layout)
    if activity:
        rec = replace(rec, activity=activity)
    rec = with_data_caveats(rec)  # at the activity declared: a sensor that read 0, pressures too small
    path = write_session(rec, out)
    counts = sample_counts(rec)
    added = {foot: c["added"] for foot, c in counts.items()}
    if rec.foot_t_s and any(added.values()):
        skipped = "; rows added where a foot's time axis skips: " + ", ".join(
            f"{foot} {n}" for foot, n in added.items())
    else:
        n_added = next(iter(added.values()))
        skipped = f"; {counted(n_added, 'row')} added where the file's time axis skips" if n_added else ""
    rates = sorted({rec.foot_rate_hz(foot) for foot in rec.feet})
    from monitor.report.quality_data import uncalibrated_caveats

    said = [*rec.caveats, *(c for foot in rec.feet for c in uncalibrated_caveats(foot, rec.layouts[foot]))]
    _say(rec.path.name, rec.format, path, rec.duration_s, rates,
         {foot: (c["frames"], c["missing"], c["empty_in_file"], c["partial"], c["absent"])
          for foot, c in counts.items()}, skipped,
         said, rec.rows_rate_hz)  # an uncalibrated layout's counts, not kPa, as the report's "What to know" says them
    return 0


def missing_words(frames: int, missing: int, in_file: int, absent: int = 0) -> str:
    """``N missing (P%)`` of a foot's ``frames`` expected, and, when not all ``missing`` are the file's own
    rows with no sample (``in_file``: what the caveat ``FOOT: P% of the file's rows have no sample`` counts),
    what the others are: those before the foot's first row or after its last (``absent``, as ``analyze``
    counts them: sample_counts), and rows added where the time axis skips, or samples of a jump too long to
    fill (which sample_counts counts as missing too). A foot whose every frame is ``absent`` has no row: its
    insole sent no frame (a CSV export's foot the layout JSON names in ``sent_no_frame``, docs/import-csv.md)."""
    said = f"{missing:,} missing ({missing / max(frames, 1):.1%}"
    if missing == in_file:
        return said + ")"
    if absent == missing == frames:  # no row of the foot: its insole sent no frame
        return said + ": no row, its insole sent no frame)"
    skips = missing - in_file - absent
    parts = [f"{in_file:,} of the file's rows with no sample" if in_file or not absent else "",
             f"{absent:,} before its first row or after its last" if absent else "",
             f"{skips:,} where its time axis skips" if skips or not absent else ""]
    return said + ": " + ", ".join(p for p in parts if p) + ")"


def partial_words(frames: int, missing: int, partial: int) -> str:
    """``, N frames with some sensors missing (P% of those with a reading)``, as the report's data-quality
    table counts them (``partial`` of the ``frames - missing`` with a reading); "" for none."""
    if not partial:
        return ""
    return (f", {counted(partial, 'frame')} with some sensors missing ({partial / max(frames - missing, 1):.1%} "
            "of those with a reading)")


def rows_rate_words(rows_rate_hz: Mapping[str, float]) -> str:
    """`` (the layout's rate_hz; the left rows step at 60 Hz)`` after the count line's rate, for the feet
    whose rows step at a rate (Hz) off the one the session keeps (ImportedRecording.rows_rate_hz), so that
    the line's length, rate and frames agree (60 s of rows at 60 Hz are 3,600 frames, not 62 Hz's 3,720);
    "" for none."""
    if not rows_rate_hz:
        return ""
    said = [f"the {foot} rows" + (" step" if k == 0 else "") + f" at {hz:.4g} Hz"
            for k, (foot, hz) in enumerate(rows_rate_hz.items())]
    return f" (the layout's rate_hz; {', '.join(said)})"


def _say(file_name: str, fmt: str, path: Path, duration_s: float, rates_hz: list[int],
         counts: dict[str, tuple[int, int, int, int, int]], skipped: str, caveats: Sequence[str],
         rows_rate_hz: Mapping[str, float] | None = None) -> None:
    """The command's lines: where the session went, then its length, rate (and, :func:`rows_rate_words`,
    the rate of the feet's rows where it is not the one kept, ``rows_rate_hz``, Hz), frames and missing rows
    per foot (``counts``: foot -> (frames, missing, the file's own rows with no sample, rows with some sensors
    missing, those before its first row or after its last), :func:`missing_words`, :func:`partial_words`),
    rows added (``skipped``) and the caveats' count, then, when there are some, what a caveat is and where to
    read them, and the file's ``caveats``, a bullet each; every line wrapped to the terminal's width
    (monitor.cli.wrapping.terminal_width)."""
    feet = "; ".join(f"{foot} {counted(frames, 'frame')}, {missing_words(frames, missing, in_file, absent)}"
                     f"{partial_words(frames, missing, partial)}"
                     for foot, (frames, missing, in_file, partial, absent) in counts.items())
    width = terminal_width()
    print(f"imported {file_name} ({fmt}) into {path}")  # whole: it names the session, for a script to take
    rate = "/".join(map(str, rates_hz))
    rate += " Hz" + rows_rate_words(rows_rate_hz or {})
    print(wrapped(f"{duration_s:.2f} s at {rate}: {feet}{skipped}; {counted(len(caveats), 'caveat')} in "
                  "session.json", width))
    if caveats:
        print(wrapped("caveats: what to know about the data (session.json's imported_from.caveats and its "
                      "layouts' calibrated flag, and the report's \"What to know\"):", width))
        for caveat in caveats:  # a caveat quoting the file's header: its control characters spelt out
            print(caveat_lines(spelt_out(caveat), width))
