"""Which session second a bike computer's record goes with (docs/fit.md), the one rule the report
(monitor.analysis.ride) and the FIT export (monitor.session.fit_export) share. Pure.

A FIT record's timestamp is a whole UTC second and stands for that second (RECORD_SECOND_S); a session
second ``[s, s + 1)`` starts at ``start_utc`` plus ``s``, which may have a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

#: The span a FIT record's timestamp stands for (s): FIT date_time is whole seconds (FIT protocol).
RECORD_SECOND_S = 1.0


def record_second(t_s: Any) -> np.ndarray:
    """The session second ``[s, s + 1)`` each record goes with, shape of ``t_s`` (session s), int64: the
    nearest whole second, ``s`` for ``t_s`` in ``(s - 0.5, s + 0.5]``, the session second that the
    record's own second ``[t_s, t_s + 1)`` (RECORD_SECOND_S) overlaps most (a tie goes to the earlier).
    The FIT export dates a session second's record :func:`nearest_utc_second` plus ``s``: the ride
    record of that UTC second is the one that goes with it."""
    return np.ceil(np.asarray(t_s, dtype=float) - 0.5).astype(np.int64)


def nearest_utc_second(start: pd.Timestamp) -> int:
    """The whole UTC second (Unix s) a session second's record is dated from: ``start`` to the nearest
    second, a half rounded up, so that the ride record of UTC second ``nearest_utc_second(start) + s``
    has :func:`record_second` ``s``."""
    whole = start.floor("s")
    return int(whole.value // 10**9) + (1 if start.value - whole.value >= 5 * 10**8 else 0)


def first_record_per_second(records: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The first of ``records`` (a ride's records table, column ``t_s`` session s) that goes with each
    session second (:func:`record_second`), indexed by that second in order: ``columns`` of it (bike
    computers record at most one a second in their usual mode)."""
    return records.assign(second=record_second(records["t_s"])).groupby("second", sort=True)[list(columns)].first()
