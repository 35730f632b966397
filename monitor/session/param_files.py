"""Parameter files (``--params FILE``, a session's params.json): read, checked, over the defaults."""

from __future__ import annotations

from pathlib import Path

from monitor.errors import UsageError
from monitor.signal.params import DEFAULT_PARAMS, EXAMPLE, Params
from monitor.util.textfiles import read_json


def load_params(path: str | Path | None) -> Params:
    """Defaults overridden by a JSON params file (None: the defaults).

    Raises UsageError naming the file for one that cannot be read, is not UTF-8 JSON (with the line and
    column), or breaks a rule of :meth:`Params.override`, value ranges included (with the line of the
    offending name).
    """
    if path is None:
        return DEFAULT_PARAMS
    path = Path(path)
    # a number that is not finite is named with its parameter and line by Params.override
    obj, text = read_json(path, UsageError, example=f"e.g. {EXAMPLE}", finite=False)
    return DEFAULT_PARAMS.override(obj, where=str(path), source_text=text, check_ranges=True)
