"""Parameter files (``--params FILE``, a session's params.json): read, checked, over the defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from monitor.errors import UsageError
from monitor.signal.params import DEFAULT_PARAMS, EXAMPLE, Params
from monitor.util.textfiles import read_json


def load_params(path: str | Path | None, check_order: bool = True) -> Params:
    """Defaults overridden by a JSON params file (None: the defaults); ``check_order`` False for a session's
    own params.json (monitor.signal.param_checks.override_params).

    Raises UsageError naming the file for one that cannot be read, is not UTF-8 JSON (with the line and
    column), or breaks a rule of :meth:`Params.override`, value ranges included (with the line of the
    offending name).
    """
    if path is None:
        return DEFAULT_PARAMS
    path = Path(path)
    # a number that is not finite is named with its parameter and line by Params.override
    obj, text = read_json(path, UsageError, example=f"e.g. {EXAMPLE}", finite=False)
    return DEFAULT_PARAMS.override(obj, where=str(path), source_text=text, check_ranges=True,
                                   check_order=check_order)


def params_or_file(params: Any) -> Any:
    """``params`` as the Python API takes it (monitor.make_params, monitor.replay_session): a ``--params``
    file's path (a str or an os.PathLike) read by :func:`load_params`, anything else (None, a Params, a dict)
    as it is, for monitor.analysis.param_overrides.resolve_params to check."""
    return load_params(params) if isinstance(params, str | os.PathLike) else params
