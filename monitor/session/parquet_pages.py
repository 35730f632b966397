"""Page checksums for every Parquet table a session holds (frames, extras, fit_records, an export's table,
a study's tables): written with each page, checked on reading.

A page damaged on disk (bytes zeroed or changed inside a data page) decodes without complaint: Parquet's
encodings have no redundancy, so the reader returned other numbers as good ones. Each page header can carry
a CRC-32 of the page's bytes as written (Parquet format, PageHeader ``crc``); pyarrow writes it with
``write_page_checksum`` and checks it with ``page_checksum_verification``, raising OSError on a mismatch,
which the readers say as a damaged table (monitor.session.tables.read_frames). A table written without
them (before they were written) still reads: only the pages that carry one are checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

#: keyword arguments of pyarrow.parquet.write_table, ParquetWriter and pandas' DataFrame.to_parquet
WRITE_CHECKSUMS: dict[str, bool] = {"write_page_checksum": True}
#: keyword arguments of pyarrow.parquet.read_table, ParquetFile and pandas.read_parquet
VERIFY_CHECKSUMS: dict[str, bool] = {"page_checksum_verification": True}


@contextmanager
def parquet_input(path: str | os.PathLike[str]) -> Iterator[str | BinaryIO]:
    """``path`` as pyarrow reads it: its text, or, for a path pyarrow cannot take (a folder whose name is
    not UTF-8, held by Python as surrogates: pyarrow raised "'utf-8' codec can't encode ..."), the file
    opened for reading, closed on leaving. A missing file raises FileNotFoundError either way."""
    text = os.fspath(path)
    try:
        text.encode()
    except UnicodeEncodeError:
        with open(text, "rb") as f:
            yield f
        return
    yield text


@contextmanager
def parquet_output(path: str | os.PathLike[str]) -> Iterator[str | BinaryIO]:
    """``path`` as pyarrow writes it: its text, or, for a path pyarrow cannot take (a name that is not
    UTF-8, :func:`parquet_input`), the file opened for writing, closed on leaving."""
    text = os.fspath(path)
    try:
        text.encode()
    except UnicodeEncodeError:
        with open(text, "wb") as f:
            yield f
        return
    yield text


def write_parquet(frame: Any, path: str | os.PathLike[str]) -> None:
    """``frame`` (a pandas DataFrame) written to ``path`` as Parquet with page checksums, whatever its name."""
    with parquet_output(path) as target:
        frame.to_parquet(target, index=False, **WRITE_CHECKSUMS)
