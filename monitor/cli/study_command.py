"""``solewatch study``: many sessions into one table per kind and a cohort report, with a progress bar
over the sessions (rich on a terminal, a plain line per tenth elsewhere)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from monitor.cli.reader_console import READER_GONE, cli_console, reader_gone
from monitor.errors import UsageError, cut
from monitor.util.words import counted

#: The riders a note on several insoles names before "and N more" (a guess: a line a terminal shows whole).
RIDERS_NAMED = 3


class SessionProgress:
    """A bar over a study's sessions on stderr; plain lines (every tenth of the way) when not a terminal
    or with ``plain``."""

    def __init__(self, console: Console, *, plain: bool = False) -> None:
        self.console = console
        self.plain = plain or not console.is_terminal
        self._progress: Progress | None = None
        self._task = None
        self._next = 0.0

    def __enter__(self) -> SessionProgress:
        if not self.plain:
            self._progress = Progress(TextColumn("[bold]sessions[/]"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.description}"),
                                      console=self.console, transient=False)
            self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def __call__(self, done: int, total: int, source: str) -> None:
        if self._progress is not None:
            if self._task is None:
                self._task = self._progress.add_task("", total=total)
            self._progress.update(self._task, completed=done, description=Path(source).name)
            return
        frac = done / total if total else 1.0
        if frac >= self._next or done == total:
            self.console.print(f"sessions {done}/{total}", markup=False, highlight=False)
            self._next = (int(frac * 10) + 1) / 10


def study_command(paths: Sequence[str], *, out: Path, params_file: Path | None = None,
                  workers: int | None = None, scheduler: str | None = None, plain: bool = False) -> int:
    """``solewatch study PATH... -o OUTDIR [--params FILE] [--workers N] [--scheduler tcp://HOST:PORT]``:
    analyse the sessions (progress on stderr), write the tables and study.html into OUTDIR, print what was
    written and a line per failed session. Exit 0 even when some sessions failed (the errors table says
    which); UsageError when no session is found."""
    from monitor.session.param_files import load_params
    from monitor.signal.params import DEFAULT_PARAMS
    from monitor.studies.output import prepare_out_dir, write_outputs
    from monitor.studies.run import connect, local_workers, run_study, study_processes
    from monitor.studies.sources import find_sessions

    if scheduler and workers is not None:  # it was left unused without a word
        raise UsageError(f"--workers {workers} is for local worker processes; with --scheduler the cluster's "
                         "workers analyse the sessions (their number is the cluster's: dask worker --nworkers N)")
    params = load_params(params_file) if params_file is not None else DEFAULT_PARAMS
    sources = find_sessions(paths)
    prepare_out_dir(out, sources)  # never a session's own folder; one that can be written
    err = cli_console(stderr=True)  # its reader gone (`2>&1 | head -1`): the study is still written, then 141

    def plan(n_todo: int) -> None:
        """Say where the ``n_todo`` sessions to analyse (neither cached nor unreadable) run."""
        if scheduler:
            return
        n_cpus = local_workers(None)
        n_processes = study_processes(workers, n_todo)  # one session to analyse (or --workers 1): this process
        local = "in this process" if n_processes == 1 else \
            counted(n_processes, "local worker process", "local worker processes")
        # a note only where the CPUs, not the number of sessions to analyse, bring --workers down
        if workers is not None and min(workers, n_todo) > n_cpus:
            err.print(f"note: --workers {workers} is more than the {counted(n_cpus, 'CPU')} this study can use "
                      f"here; running {local}", markup=False, soft_wrap=True)
        to_analyse = f", {n_todo} to analyse" if n_todo != len(sources) else ""
        err.print(f"{counted(len(sources), 'session')}{to_analyse}; {local}", markup=False)

    client = connect(scheduler) if scheduler else None  # one that does not answer: its error alone
    if scheduler:
        err.print(f"{counted(len(sources), 'session')}; Dask scheduler {scheduler}", markup=False)
    try:
        with SessionProgress(err, plain=plain) as progress:
            tables = run_study(sources, params, client=client, workers=workers, cache_dir=out,
                               on_progress=progress, on_plan=plan)
    finally:
        if client is not None:
            client.close()
    written = write_outputs(tables, out, title=" ".join(map(str, paths)))
    for _, row in tables.errors.iterrows():
        reason = str(row["reason"])
        said = reason if reason.startswith(str(row["source"])) else f"{row['source']}: {reason}"
        print(f"failed: {said}", file=sys.stderr)
    err.print(f"{len(sources) - len(tables.errors)} analysed ({tables.cached} from the cache), "
              f"{len(tables.errors)} failed", markup=False)
    several = several_insoles_note(tables.sessions)
    if several:
        err.print(several, markup=False, highlight=False, soft_wrap=True)
    for path in written:
        print(path)
    return READER_GONE if reader_gone(err) else 0


def several_insoles_note(sessions) -> str:
    """One line naming the riders of ``sessions`` (the sessions table) whose sessions span more than one
    insole (``n_rider_insoles`` above 1, monitor.studies.rider_insoles): their count and the first
    :data:`RIDERS_NAMED` names, each cut (a long name stays one line); "" when there is none. ``2 riders rode
    more than one insole (n_rider_insoles above 1 in sessions.csv): r00000, r00003; their sessions compare the
    insoles as much as the rides"."""
    from monitor.studies.rider_insoles import riders_on_several_insoles

    riders = riders_on_several_insoles(sessions)
    if not riders:
        return ""
    named = ", ".join(cut(r) for r in riders[:RIDERS_NAMED])
    more = f" and {len(riders) - RIDERS_NAMED} more" if len(riders) > RIDERS_NAMED else ""
    return (f"note: {counted(len(riders), 'rider')} rode more than one insole (n_rider_insoles above 1 in "
            f"sessions.csv): {named}{more}; their sessions compare the insoles as much as the rides")
