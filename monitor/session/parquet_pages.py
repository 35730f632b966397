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
from contextlib import AbstractContextManager, contextmanager
from typing import Any, BinaryIO

#: keyword arguments of pyarrow.parquet.write_table, ParquetWriter and pandas' DataFrame.to_parquet
WRITE_CHECKSUMS: dict[str, bool] = {"write_page_checksum": True}
#: keyword arguments of pyarrow.parquet.read_table, ParquetFile and pandas.read_parquet
VERIFY_CHECKSUMS: dict[str, bool] = {"page_checksum_verification": True}


@contextmanager
def _as_pyarrow_takes(path: str | os.PathLike[str], mode: str) -> Iterator[str | BinaryIO]:
    """``path``'s text, or, for a path pyarrow cannot take (a name that is not UTF-8, held by Python as
    surrogates: pyarrow raised "'utf-8' codec can't encode ..."), the file opened in ``mode``, closed on
    leaving."""
    text = os.fspath(path)
    try:
        text.encode()
    except UnicodeEncodeError:
        with open(text, mode) as f:
            yield f
        return
    yield text


def parquet_input(path: str | os.PathLike[str]) -> AbstractContextManager[str | BinaryIO]:
    """``path`` as pyarrow reads it: its text, or the file opened for reading where pyarrow cannot take its
    name (a folder whose name is not UTF-8). A missing file raises FileNotFoundError either way."""
    return _as_pyarrow_takes(path, "rb")


def parquet_output(path: str | os.PathLike[str]) -> AbstractContextManager[str | BinaryIO]:
    """``path`` as pyarrow writes it: its text, or the file opened for writing where pyarrow cannot take its
    name (:func:`parquet_input`)."""
    return _as_pyarrow_takes(path, "wb")


def write_parquet(frame: Any, path: str | os.PathLike[str]) -> None:
    """``frame`` (a pandas DataFrame) written to ``path`` as Parquet with page checksums, whatever its name."""
    with parquet_output(path) as target:
        frame.to_parquet(target, index=False, **WRITE_CHECKSUMS)
