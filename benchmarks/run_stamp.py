"""When a benchmark ran, said by the benchmark itself: the rows it prints carry the UTC minutes its own
measurement started and ended (``ran_utc``) and the host's 1-minute load then, so that a section of
docs/performance.md dates its runs by them, whether the runner (run_all.py) ran the script, a file of its
output was given to ``--from-file``, or the script ran alone on the code before and after a change.
run_all.py's ``measured_utc`` says when the runner started the script, or when that file was written."""

from __future__ import annotations

import os
from datetime import datetime, timezone


def now_utc() -> datetime:
    """The time now, in UTC."""
    return datetime.now(timezone.utc)


def ran_utc(start: datetime, end: datetime) -> str:
    """``start`` to ``end`` (UTC) to the minute: "2026-12-04 23:52-23:53", the end's date too where it is
    another day's ("2026-12-04 23:59-2026-12-05 00:01")."""
    same_day = start.date() == end.date()
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}" if same_day else f"{start:%Y-%m-%d %H:%M}-{end:%Y-%m-%d %H:%M}"


def run_fields(start: datetime, load_start: float) -> dict:
    """The fields a benchmark's rows carry of its run, begun at ``start`` (UTC) at a 1-minute load of
    ``load_start``: ``ran_utc`` (:func:`ran_utc`, to now), ``load_average_1min_start`` and
    ``load_average_1min`` (now, at its end), as bench_import_csv.py names them."""
    return {"ran_utc": ran_utc(start, now_utc()), "load_average_1min_start": round(load_start, 1),
            "load_average_1min": round(os.getloadavg()[0], 1)}
