"""Running a study's sessions: one by one, on local worker processes, or as Dask tasks; then one table
per kind.

Each session is one call of monitor.studies.task.run_session, whichever way it runs, and its Outcome holds
the same bytes; the tables are put together from those bytes in the sources' order. So a study gives the
same tables, bit for bit, in one process, on a local pool and on a cluster, fresh or from the cache.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from monitor.errors import UsageError
from monitor.studies import cache
from monitor.studies.rider_insoles import with_rider_insoles
from monitor.studies.rows import empty_tables
from monitor.studies.sources import source_text
from monitor.studies.task import TABLES, Outcome, from_ipc, key_or_error, params_hash, run_session
from monitor.util.arguments import kind_of

#: The errors table's columns.
ERROR_COLUMNS = ["source", "reason"]

#: (sessions done, sessions in all, the source just done) after each session, cached ones included.
Progress = Callable[[int, int, str], None]


@dataclass
class StudyTables:
    """A study's tables (docs/study.md): ``sessions`` (one row per session and foot), ``alerts`` (one per
    alert or event), ``windows`` (one per window), ``errors`` (one per session that failed).

    ``cached``: sessions taken from the cache; ``bytes_returned``: bytes of the tables the analysed
    sessions sent back (what crosses the network on a cluster)."""

    sessions: pd.DataFrame
    alerts: pd.DataFrame
    windows: pd.DataFrame
    errors: pd.DataFrame
    cached: int = 0
    bytes_returned: int = 0

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"sessions": self.sessions, "alerts": self.alerts, "windows": self.windows, "errors": self.errors}


def assemble(outcomes: Sequence[Outcome]) -> dict[str, pd.DataFrame]:
    """One DataFrame per table from the outcomes (in their order); the sessions table gets each session's
    ``source`` as its second column and, after ``layout``, how many insoles its rider's sessions span
    (monitor.studies.rider_insoles); failed outcomes make the errors table."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
    for o in outcomes:
        if o.error:
            continue
        for name in TABLES:
            t = from_ipc(o.tables[name])
            if name == "sessions":
                t = t.add_column(1, "source", pa.array([source_text(o.source)] * t.num_rows, pa.string()))
            parts[name].append(t.replace_schema_metadata(None))
    out = {}
    for name, tables in parts.items():
        if tables:
            # a bool column keeps pandas' nullable boolean (relieved_now, missing in a window with no data;
            # Arrow's bool with nulls would come back as objects)
            out[name] = pa.concat_tables(tables, promote_options="permissive").to_pandas(
                types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
        else:  # no session analysed: the table's columns all the same
            out[name] = empty_tables()[name]
    if parts["sessions"]:  # across sessions: a rider's insoles, known only with all of them together
        out["sessions"] = with_rider_insoles(out["sessions"])
    failed = [o for o in outcomes if o.error]
    out["errors"] = pd.DataFrame({"source": pd.Series([source_text(o.source) for o in failed], dtype=str),
                                  "reason": pd.Series([source_text(o.error) for o in failed],
                                                      dtype=str)})[ERROR_COLUMNS]
    return out


def _lost(src: str, key: str, exc: BaseException) -> Outcome:
    """The Outcome of a session whose worker died under it (the process pool broke, Dask gave up)."""
    return Outcome(src, key, error=f"the worker analysing it stopped: {type(exc).__name__}: "
                                   f"{' '.join(str(exc).split())}")


#: Why a local pool's worker processes can die before running anything (docs/study.md, "Where it runs").
UNGUARDED = ("the local worker processes stopped before analysing any session ({exc}); each one imports "
             "the calling script again, so a script that calls monitor.study must do so under "
             "`if __name__ == \"__main__\":`; or pass workers=1 to analyse in this process")


def _started(pool: Any) -> None:
    """Wait until ``pool`` has run one no-op; UsageError (:data:`UNGUARDED`) when its processes die first.

    A worker process started by forkserver (or spawn) runs the calling script again, as ``__mp_main__``,
    before it takes any work; a script that calls monitor.study at its top level then starts a study in
    every worker, which multiprocessing refuses ("... before the current process has finished its
    bootstrapping phase") by ending that worker. The pool breaks before any session, and each session
    would be one row of errors blaming a worker that stopped, with empty tables written and exit 0.
    A no-op that cannot run tells that apart from a worker killed while analysing (out of memory), which
    stays that session's error (:func:`_lost`)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        pool.submit(os.getpid).result()
    except BrokenProcessPool as exc:
        raise UsageError(UNGUARDED.format(exc=type(exc).__name__)) from None


def _local_pool(todo: list[tuple[str, str]], params: Any, workers: int, done: Callable[..., None]) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: no fork of a process that runs threads (a Dask client, an event loop); the server imports
    # the analysis once (scipy.signal alone takes seconds) and every worker is forked from it
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["monitor.studies.task", "monitor.analysis.batch", "monitor.report.quality_data",
                                "monitor.studies.rows"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    try:
        _started(pool)
        futures = {pool.submit(run_session, src, params, key): (src, key) for src, key in todo}
        for f in as_completed(futures):
            try:
                done(f.result())
            except Exception as exc:  # a worker killed (out of memory, say): that session fails, uncached
                done(_lost(*futures[f], exc), keep=False)
    finally:  # interrupted: what is done is cached; nothing more is started
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(todo: list[tuple[str, str]], params: Any, client: Any, done: Callable[..., None]) -> None:
    from distributed import as_completed

    futures = {client.submit(run_session, src, params, key, key=f"solewatch-study-{key[:24]}-{i}", pure=False):
               (src, key) for i, (src, key) in enumerate(todo)}
    try:
        for f in as_completed(list(futures)):
            try:
                done(f.result())
            except Exception as exc:  # the cluster gave up on it (KilledWorker): that session fails, uncached
                done(_lost(*futures[f], exc), keep=False)
    finally:
        client.cancel(list(futures))


def connect(scheduler: str, timeout_s: float = 10.0) -> Any:
    """A dask.distributed Client of the scheduler at ``scheduler`` (``tcp://HOST:PORT``); UsageError
    (one line) when dask is not installed or the scheduler does not answer within ``timeout_s``
    (10 s, guess: a scheduler on the network answers in well under a second)."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed (pip install 'solewatch[study]')") from None
    try:
        return Client(scheduler, timeout=f"{timeout_s}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {scheduler}: cannot connect ({' '.join(str(exc).split())})") from None


def usable_cpus() -> int:
    """The CPUs this process may run on: its affinity mask where the OS keeps one (``taskset``, a
    container's cpuset), else ``os.cpu_count()``; at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity on this OS (macOS, Windows)
        return os.cpu_count() or 1


def local_workers(workers: int | None) -> int:
    """How many local worker processes a study runs on: ``workers`` (None: one per usable CPU,
    :func:`usable_cpus`), never more than the usable CPUs. A session's analysis is CPU-bound work in a
    process of its own, so more processes than CPUs only share them, each with its own memory and its own
    start-up; a study of sessions that lie elsewhere runs where they lie (a Dask cluster). UsageError (one
    line) for fewer than 1, or for what is not a whole number ("2", 1.5)."""
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, numbers.Integral)):
        raise UsageError(f"workers: {workers!r} is not a whole number of processes (None: one per usable CPU)")
    if workers is not None and workers < 1:
        raise UsageError(f"workers: {workers} is fewer than 1 (1 runs the study in this process)")
    return usable_cpus() if workers is None else min(workers, usable_cpus())


def study_processes(workers: int | None, n_sessions: int) -> int:
    """How many processes a local study of ``n_sessions`` sessions analyses them on: :func:`local_workers`,
    never more than the sessions; 1 (or 0 sessions) is the calling process itself, no pool."""
    return max(1, min(local_workers(workers), n_sessions))


def run_study(sources: Sequence[str], params: Any, *, client: Any = None, workers: int | None = None,
              cache_dir: str | os.PathLike[str] | None = None,
              on_progress: Progress | None = None,
              on_plan: Callable[[int], None] | None = None) -> StudyTables:
    """Analyse every session of ``sources`` (monitor.studies.sources.find_sessions) with ``params``.

    ``client``: a dask.distributed Client: each session not cached is one task on its cluster (with
    ``workers`` a UsageError: the cluster's workers are its own). Else ``workers`` local processes (None:
    one per usable CPU; 1: in this process; never more than the usable CPUs nor the sessions to analyse:
    :func:`study_processes`).
    ``cache_dir``: where each session's Outcome is kept and looked up (monitor.studies.cache), None for no
    cache. ``on_plan``: called once with the number of sessions to analyse (those neither cached nor
    unreadable: what the processes are counted from), before any progress and any analysis."""
    if client is not None and workers is not None:
        raise UsageError("workers is for local worker processes; a Dask client's cluster has its own")
    if client is not None and not (hasattr(client, "map") and hasattr(client, "gather")):
        raise TypeError(f"client takes a dask.distributed.Client, not {kind_of(client)}")
    if client is None:
        local_workers(workers)  # fewer than 1: said before any work
    p_hash = params_hash(params)
    if client is not None:  # hashed where the sessions lie
        keyed = client.gather(client.map(key_or_error, list(sources), p_hash=p_hash, pure=False))
    else:
        keyed = [key_or_error(src, p_hash) for src in sources]
    root = cache.cache_root(cache_dir) if cache_dir is not None else None
    outcomes: dict[int, Outcome] = {}
    total, n_done, n_cached, n_bytes = len(sources), 0, 0, 0
    todo: list[tuple[str, str]] = []
    index: dict[tuple[str, str], int] = {}
    for i, (src, (key, unreadable)) in enumerate(zip(sources, keyed, strict=True)):
        if unreadable:
            outcomes[i] = Outcome(src, key, error=unreadable)
            continue
        hit = cache.load(root, src, key) if root is not None else None
        if hit is None:
            todo.append((src, key))
            index[(src, key)] = i
            continue
        outcomes[i] = hit
        n_cached += 1
    if on_plan:
        on_plan(len(todo))
    for i in sorted(outcomes):  # the unreadable and the cached, done already
        n_done += 1
        if on_progress:
            on_progress(n_done, total, sources[i])

    def done(o: Outcome, keep: bool = True) -> None:
        nonlocal n_done, n_bytes
        outcomes[index[(o.source, o.key)]] = o
        n_done, n_bytes = n_done + 1, n_bytes + o.nbytes
        if root is not None and keep:
            cache.store(root, o)
        if on_progress:
            on_progress(n_done, total, o.source)

    if client is not None:
        _dask(todo, params, client, done)
    elif study_processes(workers, len(todo)) <= 1:
        for src, key in todo:
            done(run_session(src, params, key))
    else:
        _local_pool(todo, params, study_processes(workers, len(todo)), done)
    tables = assemble([outcomes[i] for i in range(total)])
    return StudyTables(**tables, cached=n_cached, bytes_returned=n_bytes)
