"""Solewatch: pressure-insole monitoring for sustained forefoot load.

Not a medical device. See README.md; the Python API for researchers is docs/api.md.

``import monitor`` stays light: every function here imports what it needs when it is first called, and
the re-exported names (tables, plots, replay, the simulator) are imported when first used.

``monitor.analyze`` is the function below. The module of the same name (``monitor/analyze.py``) is
reached with ``from monitor.analyze import ...``; importing it never replaces the function.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from monitor.errors import (
    BluetoothUnavailable,
    ConnectionLost,
    DeviceNotFound,
    ProtocolError,
    SessionFormatError,
    SolewatchError,
    UsageError,
)

try:
    __version__ = version("solewatch")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"


def load_session(path):
    """Load a recorded or imported session directory; see monitor.recording.load_session."""
    from monitor.recording import load_session as _load

    return _load(path)


def _as_session(session):
    from monitor.recording import Session

    return session if isinstance(session, Session) else load_session(session)


def make_params(params=None, **overrides: Any):
    """The Params an analysis would run with: ``params`` (None: the defaults; a Params; a dict shaped like a
    ``--params`` file; or that file's path) with ``overrides`` by name on top.

    Names: ``warn_after_s=240`` (a name in one section only), ``**{"features.window_s": 30}``, or a section
    as a dict, ``detector={"warn_after_s": 240}``. A dict-valued parameter given as a dict updates only the
    keys it names. Unknown names raise UsageError naming the close matches. See monitor.param_overrides.
    """
    from monitor.param_overrides import resolve_params

    return resolve_params(params, overrides)


def analyze(session, params=None, **overrides: Any):
    """Run the detection pipeline and the alert policy over a session.

    Parameters
    ----------
    session : Session, or a session directory (str or os.PathLike)
    params : None, Params, dict or path
        As :func:`make_params` takes it.
    **overrides
        Detection parameters by name, e.g. ``warn_after_s=240`` (see :func:`make_params`).

    Returns
    -------
    monitor.analyze.AnalysisResult
        ``alerts``, ``events``, ``summary()``, ``feet[foot]`` (the FootPipeline with ``windows_``,
        ``assessments_``, ``cycles_``, ``reliefs_``...), ``to_json_dict()``.
    """
    from monitor.analyze import analyze as _analyze

    return _analyze(_as_session(session), make_params(params, **overrides))


def export_frames(session, path, fmt: str | None = None, *, force: bool = False):
    """Write a session's frames table to ``path`` as CSV or Parquet; return the path written.

    ``session``: a Session or a session directory. ``fmt`` None takes the format from the suffix (``.csv``,
    ``.parquet``), else CSV. An existing file is replaced only with ``force``; a session's own files never.
    See monitor.export.
    """
    from monitor.export import export_frames as _export, export_target

    session = _as_session(session)
    target, fmt = export_target(session.path, fmt, path)
    return _export(session, target, fmt, force=force)


def import_session(fmt: str, path, out_dir, *, layout=None):
    """Import another insole's file (``fmt``: "moticon", "physionet" or "csv" with a ``layout`` JSON) as a
    session directory at ``out_dir``, and load it. See monitor.importers."""
    from monitor.importers import import_file

    return load_session(import_file(fmt, path, out_dir, layout=layout))


def figure_data(session, result=None):
    """What the session report's figures draw (monitor.report_data.ReportData): per-sensor pressure maps,
    cycle curves, timelines, data quality, summary, layouts. ``result``: the session's analysis (None:
    ``analyze(session)`` with the defaults). Feed its parts to the ``plot_*`` functions."""
    from monitor.report_data import report_data as _report_data

    session = _as_session(session)
    return _report_data(session, analyze(session) if result is None else result)


#: Re-exported names, imported on first use: name -> module.
_LAZY = {
    "parameter_table": "monitor.tables",
    "alerts_table": "monitor.tables",
    "assessments_table": "monitor.tables",
    "cycles_table": "monitor.tables",
    "windows_table": "monitor.tables",
    "offline_session": "monitor.simulation",
    "plot_pressure_maps": "monitor.plots.heatmap",
    "plot_region_bars": "monitor.plots.regions",
    "plot_asymmetry": "monitor.plots.regions",
    "plot_timeline": "monitor.plots.timeline",
    "plot_cycle_curves": "monitor.plots.cycles",
    "plot_cop_paths": "monitor.plots.cycles",
    "plot_data_quality": "monitor.plots.quality",
    "plot_comparison": "monitor.plots.compare",
    "write_report": "monitor.report",
    "replay_session": "monitor.replay",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'monitor' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Monitor(types.ModuleType):
    """The package's module type: ``import monitor.analyze`` binds the submodule to the package's
    ``analyze`` attribute; this keeps the function (the submodule stays in sys.modules)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "analyze" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Monitor

__all__ = [
    "BluetoothUnavailable",
    "ConnectionLost",
    "DeviceNotFound",
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
    *_LAZY,
]
