"""Solewatch: pressure-insole monitoring for sustained forefoot load.

Not a medical device. See README.md; the Python API for researchers is docs/api.md.

``import monitor`` stays light: every function here imports what it needs when it is first called, and
the re-exported names (tables, plots, replay, the simulator) are imported when first used.

The package is one folder per stage of the data's path (docs/architecture.md): ``codebook`` and
``util`` at the bottom, then ``signal``, ``link``, ``session``, ``importers``, ``analysis``, ``live`` and
``report``, and ``cli`` on top.
"""

from __future__ import annotations

# First, before anything of the package loads: Ctrl-C as the solewatch command starts (monitor.entry).
import _signal  # the C module under ``signal``, loaded with the interpreter: nothing to find on disk
import os as _os  # frozen into the interpreter, loaded by site: nothing to find on disk
import sys as _sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """The solewatch command's SIGINT handler from this package's first lines until monitor.entry.main takes
    Ctrl-C over: ``solewatch: interrupted`` on stderr and exit 130, as any command's Ctrl-C, where Python
    would print a traceback of the import it interrupted. Said once: a Ctrl-C after it is ignored."""
    _signal.signal(signum, _signal.SIG_IGN)
    print("solewatch: interrupted", file=_sys.stderr, flush=True)
    raise SystemExit(130)


def _starting_as_the_command() -> bool:
    """Whether this import is the solewatch command's start: pip's console script (sys.argv[0], the script
    named ``solewatch``, is the main module's file: not a worker process that runs the script again) or
    ``python -m monitor`` (sys.argv[0] is "-m" while Python finds the module; the original command line
    names it just before the arguments it passes on)."""
    argv, main = _sys.argv, _sys.modules.get("__main__")
    if not argv:
        return False
    if argv[0] == "-m":
        named = _sys.orig_argv[:len(_sys.orig_argv) - (len(argv) - 1)]
        return named[-1:] in (["monitor"], ["-mmonitor"], ["monitor.__main__"], ["-mmonitor.__main__"])
    script = argv[0].replace("\\", "/").rsplit("/", 1)[-1]
    if script not in ("solewatch", "solewatch.exe", "solewatch-script.py", "solewatch-script.pyw"):
        return False
    main_file = getattr(main, "__file__", None)  # absolute (Python 3.9 on), where argv[0] is as typed: the
    # same file by a relative path (`.venv/bin/solewatch`) is the command too
    return isinstance(main_file, str) and _os.path.realpath(main_file) == _os.path.realpath(argv[0])


def _command_takes_ctrl_c() -> None:
    """Called by monitor.entry.main within its guard: Ctrl-C is Python's KeyboardInterrupt again, which the
    command line says (``solewatch COMMAND: interrupted``) and a command stops on."""
    if _signal.getsignal(_signal.SIGINT) is _interrupted_while_starting:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)


# not when Ctrl-C is ignored (a background job) or another program's, nor in a program that imports monitor
if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler and _starting_as_the_command():
    _signal.signal(_signal.SIGINT, _interrupted_while_starting)

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from monitor.errors import (
    BluetoothUnavailable,
    ConnectionLost,
    DeviceNotFound,
    OutputError,
    ProtocolError,
    SessionFormatError,
    SolewatchError,
    UsageError,
)
from monitor.util.arguments import path_argument
from monitor.util.version import __version__

#: What a session argument names, in the words of the TypeError of another kind (docs/api.md, "Errors").
_A_SESSION_DIR = "a session directory (a str or os.PathLike)"


def load_session(path):
    """Load a recorded or imported session directory (str or os.PathLike) as a monitor.session.model.Session.

    ``frames``: one row per frame (RangeIndex), ``t_s`` float64 (session seconds), ``foot`` categorical
    (left, right), then ``p00_kpa`` ... one float32 column per sensor (kPa), NaN where a frame or a sensor
    is missing, never 0; shape (frames of both feet, 2 + the most sensors of a foot). ``gaps``: one row
    per gap (``foot, start_s, end_s, frames_missing, packets_lost, reason, filled``); ``events``: the link
    events, a list of dicts each with ``t_s``; ``info``: session.json (feet, layouts, activity...).
    Loading the same directory twice gives equal tables. A directory that is no session, or a file in it
    that is malformed, is a SessionFormatError naming the file (monitor.session.directory.load_session).
    """
    from monitor.session.directory import load_session as _load

    return _load(path_argument(path, "path", _A_SESSION_DIR))


def _as_session(session):
    from monitor.session.model import Session

    if isinstance(session, Session):
        return session
    return load_session(path_argument(session, "session", "a Session or " + _A_SESSION_DIR))


def make_params(params=None, **overrides: Any):
    """The Params an analysis would run with: ``params`` (None: the defaults; a Params; a dict shaped like a
    ``--params`` file; or that file's path) with ``overrides`` by name on top.

    Names: ``warn_after_s=240`` (a name in one section only), ``**{"features.window_s": 30}``, or a section
    as a dict, ``detector={"warn_after_s": 240}``. A dict-valued parameter given as a dict updates only the
    keys it names. Unknown names, and values outside the range a ``--params`` file allows (in a dict too; a
    Params is taken as it is), raise UsageError naming the close matches or the range. See
    monitor.analysis.param_overrides.
    """
    from monitor.analysis.param_overrides import resolve_params
    from monitor.session.param_files import params_or_file

    return resolve_params(params_or_file(params), overrides)


def analyze(session, params=None, *, baseline=None, declared_activity=None, pedals=None, shoes=None,
            **overrides: Any):
    """Run the detection pipeline and the alert policy over a session.

    Parameters
    ----------
    session : Session, or a session directory (str or os.PathLike)
    params : None, Params, dict or path
        As :func:`make_params` takes it; None: the live session's own (its params.json), else the
        defaults, as ``solewatch analyze`` (monitor.session.kept_inputs).
    baseline : RiderBaseline, optional
        The rider's normal from an earlier session (``analyze(earlier).baseline``); None: the normal the
        live session was judged against (its baseline.json), as ``solewatch analyze``, else the first
        minutes of this session are the rider's normal; either said as the normal of the rider the session
        was recorded for (session.json ``rider``, ``live --rider NAME``).
    declared_activity : str, optional
        The activity, overriding the session's (``cycling``, ``running``, ``walking``, ``elliptical``...).
    pedals, shoes : str, optional
        The rider's setup: ``clipless``, ``toe-clips`` or ``flat`` (``none``: none declared, over the session's
        own, advised as pedals not declared, which may carry a cleat; another word: UsageError), and the shoes
        in words (``""``: none, over the session's own); toe clips change the advice (``result.advice()``: the
        verdict and what to try, per foot).
        Each not given: the live session's own (its setup.json), as ``solewatch analyze``; a session of
        :func:`offline_session`, its scenario's (``Session.setup``), as ``record --sim`` keeps it.
    **overrides
        Detection parameters by name, e.g. ``warn_after_s=240`` (see :func:`make_params`).

    Returns
    -------
    monitor.analysis.batch.AnalysisResult
        ``alerts``, ``events``, ``summary()``, ``feet[foot]`` (the FootPipeline with ``windows_``,
        ``assessments_``, ``cycles_``, ``reliefs_``...), ``to_json_dict()``, ``advice()``.
    """
    from monitor.analysis.advice import given_setup
    from monitor.analysis.batch import analyze as _analyze
    from monitor.session.kept_by_ride import said_kept
    from monitor.session.kept_inputs import kept_baseline, kept_params, session_kept_setup
    from monitor.session.setup_checks import check_declared

    # as the command line: pedals as a misspelt declared_activity is, shoes printed in the setup: line
    check_declared({"pedals": pedals, "shoes": shoes})

    loaded = _as_session(session)
    if params is None:
        params = kept_params(loaded.path)  # None: the defaults
    rider, from_session = None, baseline is None  # whose a normal given here is, is not known
    if from_session:  # the live session's own, its rider's (session.json), as solewatch analyze says it
        baseline, rider = kept_baseline(loaded.path), loaded.info.rider
    setup = given_setup(session_kept_setup(loaded), pedals, shoes)  # as cli.inputs.analysis_setup, no rider
    result = _analyze(loaded, make_params(params, **overrides), activity=declared_activity,
                      baseline=baseline, setup=setup, rider=rider, normal_from_session=from_session)
    result.kept_now = said_kept(result)  # the ride that kept its rider's normal says so
    return result


def parameter_table(params=None):
    """Every detection parameter as a pandas DataFrame, one row each (monitor.analysis.tables.parameter_table):
    columns ``section, name, key`` ("section.name"), ``value`` and ``default`` (in the parameter's own unit,
    which its name says: ``_s`` seconds, ``_kpa`` kPa...; a dict per activity for the per-activity ones) and
    ``changed`` (bool). ``params`` as :func:`make_params` takes it, a ``--params`` file's path included."""
    from monitor.analysis.tables import parameter_table as _table

    return _table(make_params(params))


def export_frames(session, path, fmt: str | None = None, *, force: bool = False, layout: bool = True):
    """Write a session's frames table to ``path`` as CSV or Parquet; return the path written.

    ``session``: a Session or a session directory. ``fmt`` None takes the format from the suffix (``.csv``,
    ``.parquet``), else CSV; a ``.fit`` name or ``fmt="fit"`` is a UsageError naming the file (a FIT
    activity is ``solewatch export --format fit``). An existing file is replaced only with ``force``; a
    session's own files never.
    ``layout`` (True by default, as ``solewatch export``): a CSV into a file gets the layout JSON of
    ``import csv`` beside it, ``frames.layout.json`` beside ``frames.csv``
    (monitor.session.export.layout_beside), checked and written with it; False writes the CSV alone.
    Every error about the arguments (an unknown ``fmt``, a suffix that names another format, a file that
    exists without ``force``...) is a UsageError naming the argument. See monitor.session.export.
    """
    from os import PathLike
    from pathlib import Path

    from monitor.session.export import DEFAULT_NAMES, FORMATS, export_target, suffix_format
    from monitor.session.export import export_frames as _export

    session = _as_session(session)
    if path is not None:
        path_argument(path, "path")
    if fmt != "fit" and isinstance(path, str | PathLike) and suffix_format(path) == "fit":
        fmt = "fit"  # export_target's hint for a .fit name would be fmt="fit", which this does not write
    if fmt == "fit":  # any name: export_target's hint for a .csv one would be to rename it
        target = Path(path) if path is not None else session.path / DEFAULT_NAMES["fit"]
    else:
        target, fmt = export_target(session.path, fmt, path, formats=FORMATS)
    if fmt == "fit":  # an analysis per second, not the frames table: the command line writes it
        raise UsageError(f"{target}: export_frames writes the frames table as CSV or Parquet, not a FIT "
                         f"activity (that is `solewatch export SESSION --format fit`, docs/fit.md)")
    return _export(session, target, fmt, force=force, layout=layout)


def import_session(fmt: str, path, out_dir, *, layout=None, activity=None):
    """Import another insole's file (``fmt``: "moticon", "physionet" or "csv" with a ``layout`` JSON) as a
    session directory at ``out_dir``, and load it: the Session of :func:`load_session`, its frames at the
    file's own times (as written: a PhysioNet file's steps of 0.0099 s and 0.01 s at its 100 Hz stay so), a
    NaN row added at the expected time of each sample the time axis skips (a jump too long to fill stays a
    jump: monitor.importers.base.fill_time_jumps), empty cells NaN (never 0). See monitor.importers.

    ``activity`` declares what the recording is, written to session.json over what the file says (a CSV
    its layout's ``activity``; a Moticon or PhysioNet export says none), as ``solewatch import
    --activity``: ``"cycling"``, ``"running"``, ``"walking"``, ``"elliptical"`` or ``"stair_climber"``
    (another word: UsageError naming the argument); None: the file's own, else ``"unknown"`` (recognised
    from the pressure when analysed).

    ``out_dir`` must not exist or be empty (the session is built beside it and renamed into place). A
    file that cannot be read as ``fmt`` is a SessionFormatError naming the file (and the line where there
    is one); a ``fmt`` it does not know (``"fit"`` among them: a FIT ride is added to a session,
    monitor.importers.fit_ride.import_fit_ride), a ``layout`` where none is taken or none where one is
    needed, or an ``out_dir`` in use, a UsageError naming the argument.
    """
    from monitor.importers import import_file

    return load_session(import_file(fmt, path, out_dir, layout=layout, activity=activity))


def figure_data(session, result=None):
    """What the session report's figures draw (monitor.report.data.ReportData), per foot where it is per
    foot: ``maps`` (PressureMap: ``mean_kpa``, ``peak_kpa``, arrays (n_sensors,) in kPa), ``curves``
    (CycleCurves over a time-normalised cycle, or None), ``timelines`` (Timeline: one value per window,
    at its end ``t_s`` in seconds, as ``forefoot_peak_kpa``), ``quality`` (gaps, link events, battery),
    ``summary``, ``layouts``, and ``units``, the words its pressures are said in (kPa, or nominal units from
    an uncalibrated insole: monitor.util.pressure_units), and ``foot_units``, each foot's, which the figures take
    (``plot_*(..., units=data.foot_units)``: feet in different units each get their own axis).
    ``session``: a Session or a session directory; ``result``: its analysis (None: ``analyze(session)``
    with the defaults; one of another session is a ValueError naming both). Feed its parts to the
    ``plot_*`` functions."""
    from monitor.analysis.tables import check_result, check_result_of
    from monitor.report.data import report_data as _report_data

    session = _as_session(session)
    if result is None:
        result = analyze(session)
    check_result(result, "figure_data", "summary")
    check_result_of(session, result, "figure_data")
    return _report_data(session, result)


def study(paths, client=None, *, params=None, out_dir=None, workers: int | None = None, progress=None,
          **overrides: Any):
    """Analyse many sessions into one table per kind (docs/study.md); return a
    monitor.studies.run.StudyTables: ``sessions`` (one row per session and foot), ``alerts``, ``windows``
    and ``errors`` (one row per session that failed, with its reason), as pandas DataFrames.

    Parameters
    ----------
    paths : str, os.PathLike, or a list of them
        Session directories, folders of sessions, globs, or fsspec URLs (``s3://bucket/study``).
    client : dask.distributed.Client, optional
        Run each session as one task on its cluster; only the small tables come back. Without it,
        ``workers`` local processes (None: one per usable CPU; 1: in this process; more than the
        usable CPUs: as many as the CPUs; fewer than 1, or with ``client``: UsageError).
    params, **overrides
        The detection parameters of every session, as :func:`make_params` takes them.
    out_dir : str or os.PathLike, optional
        Write the tables (Parquet and CSV) and ``study.html`` there, and keep each session's result in
        ``out_dir/.cache`` so that a study run again, or interrupted, analyses only what is new.
        The string ``"-"`` (standard output to ``export -o`` and ``report -o``) is refused (UsageError),
        as ``study -o -`` is; ``Path("-")`` names a folder called ``-``.
    progress : callable, optional
        ``progress(done, total, source)`` after each session.

    The tables are the same, bit for bit, however the study runs.
    """
    import os as _os

    from monitor.studies.run import run_study
    from monitor.studies.sources import find_sessions

    takes = "a session directory, folder, glob or URL (a str or os.PathLike), or a list of them"
    if isinstance(paths, (str, _os.PathLike)):
        paths = [paths]
    elif isinstance(paths, bytes | bytearray):  # not a list of its byte values: "paths[0] ... not an int"
        path_argument(paths, "paths", takes)
    else:
        try:
            paths = list(paths)
        except TypeError:
            path_argument(paths, "paths", takes)  # None, a number: a TypeError naming the argument
        paths = [path_argument(p, f"paths[{i}]", takes) for i, p in enumerate(paths)]
    if out_dir is not None:
        path_argument(out_dir, "out_dir")
        from monitor.studies.output import check_out_dir

        check_out_dir(out_dir, option="out_dir")
    sources = find_sessions(paths)
    if out_dir is not None:
        from monitor.studies.output import check_apart_from_sessions

        check_apart_from_sessions(out_dir, sources, option="out_dir")  # never a session's own folder
    tables = run_study(sources, make_params(params, **overrides), client=client, workers=workers,
                       cache_dir=out_dir, on_progress=progress)
    if out_dir is not None:
        from monitor.studies.output import write_outputs

        write_outputs(tables, out_dir, title=" ".join(_os.fspath(p) for p in paths))
    return tables


#: Re-exported names, imported on first use: name -> module.
_LAZY = {
    "alerts_table": "monitor.analysis.tables",
    "assessments_table": "monitor.analysis.tables",
    "cycles_table": "monitor.analysis.tables",
    "steps_table": "monitor.analysis.tables",
    "windows_table": "monitor.analysis.tables",
    "offline_session": "monitor.session.offline",
    "read_ride": "monitor.session.ride",
    "plot_pressure_maps": "monitor.report.plots.heatmap",
    "plot_region_bars": "monitor.report.plots.regions",
    "plot_asymmetry": "monitor.report.plots.regions",
    "plot_timeline": "monitor.report.plots.timeline",
    "plot_cycle_curves": "monitor.report.plots.cycles",
    "plot_cop_paths": "monitor.report.plots.cycles",
    "plot_data_quality": "monitor.report.plots.quality",
    "plot_comparison": "monitor.report.plots.compare",
    "write_report": "monitor.report.writer",
    "write_study_report": "monitor.report.study_writer",
    "replay_session": "monitor.live.replay",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        if name.isidentifier() and not name.startswith("_") and find_spec(f"monitor.{name}") is not None:
            # a subpackage or module (monitor.importers.read_recording, docs/api.md): imported on first
            # use, as ``import monitor.importers`` would, so that ``import monitor`` stays light
            return import_module(f"monitor.{name}")
        raise AttributeError(f"module 'monitor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "BluetoothUnavailable",
    "ConnectionLost",
    "DeviceNotFound",
    "OutputError",
    "ProtocolError",
    "SessionFormatError",
    "SolewatchError",
    "UsageError",
    "__version__",
    "analyze",
    "export_frames",
    "figure_data",
    "import_session",
    "load_session",
    "make_params",
    "parameter_table",
    "study",
    *_LAZY,
]
