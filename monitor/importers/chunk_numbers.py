"""A column of text cells read to float64 a chunk at a time, each value what pandas' ``to_numeric`` gives
when it reads the whole column at once. Pure.

``pd.to_numeric(..., errors="coerce")`` reads a column whose every cell is a whole number (none empty, none
with a fraction, an exponent or text) as integers, and only then as float64; any other column it reads as
float64 throughout. The two differ for a cell: ``-0`` reads 0 among integers and -0.0 among floats (and a
whole number beyond 2**53 may round differently). So a cell's value depends on its whole column, which a
reading a chunk at a time has seen only at the end. Each chunk's cells are read as in a column of floats;
where a chunk reads as integers, its cells whose integer reading differs (a ``-0``, seldom another) are
kept aside, and put back at the end if the whole column turned out to read as integers.

One exception to ``to_numeric``: a ``+`` before a number is taken off before pandas reads it, as pandas
rounds a ``+``-signed number wrongly (monitor.importers.text_checks.without_plus says more).
"""

from __future__ import annotations

import numpy as np

from monitor.importers.text_checks import without_plus


class WholeColumn:
    """One column's ``to_numeric`` reading, gathered chunk by chunk (:meth:`read`), put right at the end
    (:meth:`put`)."""

    def __init__(self) -> None:
        self.floats = False  # a chunk read as floats: so does the whole column
        self.unsigned = False  # a chunk read as uint64 (a whole number above int64's largest)
        self.negative = False  # a whole number below 0: with an unsigned one, the column reads as floats
        self.kept: list[tuple[np.ndarray, np.ndarray]] = []  # (positions, their integer reading)

    def read(self, stripped: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The float64 values of ``stripped`` (the cells' texts, whitespace stripped, shape (n,); NaN where
        not a number) as a column of floats reads them; ``at``: the cells' positions (shape (n,), int), as
        :meth:`put` is given them back."""
        import pandas as pd

        stripped = without_plus(stripped)
        values = pd.to_numeric(pd.Series(stripped), errors="coerce")
        kind = values.dtype.kind
        if kind == "f":
            self.floats = True
            return values.to_numpy(dtype=float)
        ints = values.to_numpy(dtype=float)
        self.unsigned |= kind == "u"
        self.negative |= bool(np.any(ints < 0))
        # one empty cell more makes pandas read the chunk as floats, as in a column that holds one
        floats = pd.to_numeric(pd.Series(np.append(stripped, "")), errors="coerce").to_numpy(dtype=float)[:-1]
        differ = floats.view(np.int64) != ints.view(np.int64)
        if differ.any():
            self.kept.append((np.asarray(at)[differ], ints[differ]))
        return floats

    def reads_as_integers(self) -> bool:
        """Whether ``to_numeric`` of the whole column (every chunk :meth:`read`) gives integers."""
        return not self.floats and not (self.unsigned and self.negative)

    def kept_values(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The (positions, values) to put in place of :meth:`read`'s: none unless the whole column reads as
        integers."""
        return self.kept if self.reads_as_integers() else []

    def put(self, out: np.ndarray) -> None:
        """Put the integer readings into ``out`` (indexed by the positions :meth:`read` was given; any float
        dtype) where the whole column reads as integers."""
        for at, values in self.kept_values():
            out[at] = values

