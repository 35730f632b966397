"""``solewatch import``: a typed command function in a module of its own.

monitor.cli.commands imports the live and analysis stages (scipy among them) at its top; an import needs
none of them, and their loading took longer than reading a 50-MB export (benchmarks/bench_import.py), so
the CLI calls this module directly.
"""

from __future__ import annotations

from pathlib import Path

from monitor.errors import UsageError


def import_command(fmt: str, file: Path, *, out: Path | None, layout: Path | None = None,
                   activity: str | None = None, into: Path | None = None, force: bool = False) -> int:
    """``solewatch import FORMAT FILE -o SESSION_DIR``: parse, write, say where and what; ``activity``
    declares what the recording is (session.json), over what the file says. ``import fit FILE --into
    SESSION [--force]`` adds a ride to an existing session instead (monitor.cli.fit_commands)."""
    from dataclasses import replace

    from monitor.importers import read_recording, sample_counts, write_session

    if fmt == "fit":
        if into is None or out is not None or layout is not None or activity is not None:
            raise UsageError("import fit takes --into SESSION (an existing session), and no -o, --layout or "
                             "--activity")
        from monitor.cli.fit_commands import import_fit_command

        return import_fit_command(file, into=into, force=force)
    if out is None or into is not None or force:
        raise UsageError(f"import {fmt} takes -o SESSION_DIR (a new session directory), and no --into or "
                         "--force")

    rec = read_recording(fmt, file, layout=layout)
    if activity:
        rec = replace(rec, activity=activity)
    path = write_session(rec, out)
    counts = sample_counts(rec)
    feet = "; ".join(f"{foot} {c['frames']:,} frames, {c['missing']:,} missing "
                     f"({c['missing_fraction']:.1%})" for foot, c in counts.items())
    print(f"imported {rec.path.name} ({rec.format}) into {path}")
    added = {foot: c["added"] for foot, c in counts.items()}
    if rec.foot_t_s and any(added.values()):
        skipped = "; row(s) added where a foot's time axis skips: " + ", ".join(
            f"{foot} {n}" for foot, n in added.items())
    else:
        n_added = next(iter(added.values()))
        skipped = f"; {n_added} row(s) added where the file's time axis skips" if n_added else ""
    rates = sorted({rec.foot_rate_hz(foot) for foot in rec.feet})
    rate = "/".join(map(str, rates))
    print(f"{rec.duration_s:.2f} s at {rate} Hz: {feet}{skipped}; {len(rec.caveats)} caveat(s) in "
          "session.json")
    return 0
