"""The rider's normal kept between sessions: a baseline per rider under the user's config directory, and
the one a live session ran with, kept in its session directory.

Per rider: ``$XDG_CONFIG_HOME/solewatch/riders/NAME.json`` (``~/.config/solewatch/riders/NAME.json``
without XDG_CONFIG_HOME), or under ``SOLEWATCH_CONFIG_DIR`` when it is set. Per session:
``baseline.json`` beside ``session.json``, so a replay judges against the baseline the live session used.
The JSON is monitor.signal.baseline.RiderBaseline.to_dict().
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from monitor.errors import UsageError
from monitor.session.directory import BASELINE_JSON, write_json_atomic
from monitor.signal.baseline import RiderBaseline
from monitor.util.textfiles import read_json

#: What a rider name may be: it becomes a file name.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def config_dir() -> Path:
    """Solewatch's directory of the user's configuration."""
    own = os.environ.get("SOLEWATCH_CONFIG_DIR")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "solewatch"


def rider_baseline_path(name: str) -> Path:
    """Where rider ``name``'s baseline is kept; UsageError for a name that cannot be a file name."""
    if not _NAME.match(name or ""):
        raise UsageError(f"rider name {name!r}: use letters, digits, '.', '_' or '-' (at most 64), "
                         "starting with a letter or digit")
    return config_dir() / "riders" / f"{name}.json"


def _read(path: Path) -> RiderBaseline:
    obj, _ = read_json(path, UsageError, example="a baseline written by solewatch (--rider)",
                       finite=False)  # NaN: a measure the rides never had
    try:
        return RiderBaseline.from_dict(obj, where=str(path))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def load_rider_baseline(name: str) -> RiderBaseline | None:
    """Rider ``name``'s baseline, or None for a rider not seen before."""
    path = rider_baseline_path(name)
    return _read(path) if path.is_file() else None


def save_rider_baseline(name: str, baseline: RiderBaseline) -> Path:
    """Keep ``baseline`` for rider ``name`` (merged over what was kept: activities learnt now replace the
    same activities of before, the others stay); returns the file."""
    path = rider_baseline_path(name)
    old = _read(path) if path.is_file() else RiderBaseline()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(path, json.dumps(old.merged(baseline).to_dict(), indent=1) + "\n")
    return path


def session_baseline(session_dir: str | os.PathLike[str]) -> RiderBaseline | None:
    """The baseline a live session ran with (``baseline.json``), or None."""
    path = Path(session_dir) / BASELINE_JSON
    return _read(path) if path.is_file() else None


def write_session_baseline(session_dir: Path, baseline: RiderBaseline) -> None:
    write_json_atomic(Path(session_dir) / BASELINE_JSON, json.dumps(baseline.to_dict(), indent=1) + "\n")
