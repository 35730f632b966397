"""One rule for a row whose every cell is empty, in every text import (docs/import-csv.md, docs/
session-format.md): a line of separators alone (``,,,,,,,,,`` in a CSV, TABs alone in a Moticon export or
a gaitpdb file) between data rows is refused, naming its line; such rows after the last data row (as a
spreadsheet saves the rows below its table) are skipped, as blank lines (no separator, nothing else) are
anywhere. Pure.
"""

from __future__ import annotations


def empty_row_words(first: str) -> str:
    """What a row whose every cell is empty, with data rows after it, is told; ``first``: what each row gives
    (``t_s and foot``, ``a time``)."""
    return (f"an empty row (every cell empty) between data rows: each row gives {first} (empty rows after the "
            "last data row, as a spreadsheet saves them, are skipped)")


def is_empty_row(line: str, separator: str) -> bool:
    """Whether ``line`` (one line of text, without its break) holds ``separator`` (any one: TAB, ``,``, ``;``)
    and nothing else but whitespace: a row of empty cells (``,,,,`` with ``,``), not a blank line."""
    return separator in line and not line.replace(separator, "").strip()
