"""A small table written as CSV text the way pandas' ``DataFrame.to_csv(index=False)`` writes it, without
pandas. Does I/O: one file written.

One idea: gaps.csv and imported_events.csv of a streamed import (monitor.importers.moticon_stream) are
byte for byte those of the whole-file writer, which uses pandas (tests/test_import_stream.py holds the two
equal). A float64 column is written as pandas writes it, numpy's shortest round-trip text of each value
(``astype(str)``) and an empty field for NaN; a bool as ``True``/``False``; text as it is, quoted where the
csv module's minimal quoting quotes it; lines end in LF.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def cells(values: Sequence | np.ndarray) -> list[str]:
    """One column's cells as pandas' to_csv writes them: float64 values (shape (n,)) as numpy's shortest
    text, NaN as ""; bools as True/False; ints and text as ``str`` gives them."""
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        arr = arr.astype(np.float64)
        out = arr.astype(str)
        out[np.isnan(arr)] = ""
        return out.tolist()
    return [str(v) for v in arr.tolist()]


def write_csv(path: Path, names: Sequence[str], columns: Sequence[Sequence | np.ndarray]) -> None:
    """Write ``columns`` (each of the same length, in ``names``' order) under a header line of ``names``."""
    texts = [cells(c) for c in columns]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(zip(*texts, strict=True))
