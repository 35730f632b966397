"""``Session.absent``: where each foot sent nothing at the session's start or end, as a table. A foot that
joined late, went silent to the end (an insole stopped, lost for good) or sent no frame at all has no rows
there and no gap in gaps.csv (a gap lies between two packets), so neither the frames table nor
``Session.gaps`` shows it; this table does, by the rule of monitor.session.absence.absent_at_ends, from the
same readings and times as ``analyze`` (its ``--json`` ``absent_at_ends``), so the two give the same frames.
Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from monitor.session.absence import absent_at_ends, data_runs

#: The table's columns, in order (docs/session-format.md, "Absent at the start or end").
ABSENT_COLUMNS = ["foot", "start_s", "end_s", "frames_missing", "reason"]

#: ``reason`` of a span from the session's start, of one to its end, and of a foot that sent no reading.
FROM_START, TO_END, NO_DATA = "absent from the start", "absent to the end", "no data"


def empty_absent_table() -> pd.DataFrame:
    """The table with no row, its columns typed as :func:`absent_table` gives them."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
        ABSENT_COLUMNS, [str, float, float, "int64", str], strict=True)})


def reason(span: tuple[float, float] | None, start_s: float, end_s: float) -> str:
    """The ``reason`` of an absent span ``[start_s, end_s)`` of a foot whose readings run over ``span``
    (first, last reading s; None: no reading)."""
    if span is None:
        return NO_DATA
    return FROM_START if start_s == 0.0 and end_s == span[0] else TO_END


def absent_table(feet: Mapping[str, float], arrays: Callable[[str], tuple[np.ndarray, np.ndarray]],
                 duration_s: float | None, planned_duration_s: float | None) -> pd.DataFrame:
    """One row per span a foot sent nothing at the session's start or end: ``foot``, ``start_s``, ``end_s``
    (session s; a span to the end starts at the foot's last reading, the time the notes say its data ended
    at), ``frames_missing`` (the frames it would have sent there at its rate, counted as
    monitor.session.absence.absent_at_ends counts them) and ``reason`` (:data:`FROM_START`, :data:`TO_END`,
    or :data:`NO_DATA` for a foot without a reading, absent all session). ``feet``: foot -> its rate (Hz);
    ``arrays(foot)``: its frames, ``(t_s (n,) s, pressure (n, n_sensors) kPa)``, a reading being a frame with
    some sensor not NaN; ``duration_s`` (None: the latest reading's time) and ``planned_duration_s`` as
    session.json holds them (monitor.session.absence.absent_spans: ``reached_s``). Rows in feet order, then
    time order."""
    spans: dict[str, tuple[float, float] | None] = {}
    last_read_s: list[float] = []
    for foot in feet:
        t_s, pressure = arrays(foot)
        runs = data_runs(t_s, read=~np.isnan(np.asarray(pressure, dtype=float)).all(axis=1))
        spans[foot] = (runs[0][0], runs[-1][1]) if runs else None
        last_read_s += [runs[-1][1]] if runs else []
    end_s = duration_s or max(last_read_s, default=None)  # as analyze takes the session's end
    rows = [(foot, start, end, frames, reason(spans[foot], start, end))
            for foot, found in absent_at_ends(spans, dict(feet), end_s, planned_duration_s).items()
            for start, end, frames in found]
    if not rows:
        return empty_absent_table()
    table = pd.DataFrame(rows, columns=ABSENT_COLUMNS)
    return table.astype({"start_s": float, "end_s": float, "frames_missing": "int64"})
