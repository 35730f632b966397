"""What a live session kept of what it was judged with: its detection parameters (``params.json``), the
rider's normal (``baseline.json``) and the declared pedals and shoes (``setup.json``; toe clips change
which alerts are shown). ``solewatch analyze``, ``solewatch report``, ``solewatch replay``,
monitor.analyze and monitor.replay_session judge the session with them again unless told otherwise, so the
four give the same alerts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.signal.baseline import RiderBaseline
    from monitor.signal.params import Params


def kept_params(session_dir: str | os.PathLike[str] | None) -> Params | None:
    """The detection parameters the live session in ``session_dir`` ran with (its params.json), or None:
    a session recorded without them (record, import), or no directory (None, or a path that is none). A
    params.json that is not a valid params file is a UsageError naming it and where."""
    from monitor.session.directory import session_params

    return session_params(session_dir) if _is_dir(session_dir) else None


def kept_baseline(session_dir: str | os.PathLike[str] | None) -> RiderBaseline | None:
    """The rider's normal the live session in ``session_dir`` was judged against (its baseline.json), or
    None: the session's first minutes were its normal, or no directory."""
    from monitor.session.riders import session_baseline

    return session_baseline(session_dir) if _is_dir(session_dir) else None


def kept_setup(session_dir: str | os.PathLike[str] | None) -> dict | None:
    """The setup the live session in ``session_dir`` was recorded with (its setup.json: ``pedals``,
    ``shoes``, and ``remembered``, the keys taken from earlier sessions), or None."""
    from monitor.session.rider_setup import session_setup

    return session_setup(session_dir) if _is_dir(session_dir) else None


def session_kept_setup(session) -> dict | None:
    """The setup ``session`` (a monitor.session.model.Session) keeps, what an analysis advises for unless told
    otherwise: one made in memory its own (``Session.setup``: offline_session's scenario's, as ``record --sim``
    keeps it), one loaded from a directory its setup.json (:func:`kept_setup`); None: neither."""
    return session.setup if session.setup is not None else kept_setup(session.path)


def _is_dir(session_dir) -> bool:
    """Whether ``session_dir`` is a directory; SessionFormatError naming one of its own files that is a
    pipe or a device (monitor.session.directory.check_own_files), which reading would wait on forever."""
    if session_dir is None or not Path(session_dir).is_dir():
        return False
    from monitor.session.directory import check_own_files

    check_own_files(Path(session_dir))
    return True
