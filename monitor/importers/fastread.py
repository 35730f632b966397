"""A clean delimited text file read through pyarrow's C parser (pyarrow.csv), in chunks. Pure reading.

One idea: the importers read a file fast only where the fast reading gives, bit for bit, what their
line-by-line reading gives (``read_text_lines`` or the csv module, then ``numeric_columns`` of
monitor.importers.text_checks); wherever it might not, these functions answer None and the importer reads the
file line by line, which also words every error with its line number. A file with an error is read line
by line too: the fast reading finds that there is one, the line reading says which and where.

What sends a file back to the line-by-line reading (:func:`scan_text`, :func:`read_table`):

* a NUL byte; a file that is not UTF-8 where Latin-1 is not allowed;
* a line break other than LF and CR LF (a lone CR, which the line reading breaks at and pyarrow not in the
  same places), or a character ``str.splitlines`` breaks at and the line reading keeps in its line (VT,
  FF, FS, GS, RS, NEL, U+2028, U+2029; text_checks.text_lines), where pyarrow may read it otherwise;
* a line longer than ``csv.field_size_limit()`` where asked (the csv module refuses such a field);
* a row pyarrow cannot split into the expected columns (unless ``skip_row`` leaves it out: a blank line
  written ``""``), a cell it cannot read as a number;
* a number cell that is ``nan`` (but a null text) or infinite (the line reading says which cell is not a
  number; :class:`UnlistedNaN` tells a NaN, whose text the importer may look up, from an infinite value);
* a column whose cells would all read as integers, one of them ``-0`` (:func:`agrees_with_to_numeric`);
* in a quoted CSV (``quote_char``), a cell that holds a line break (a quoted field run over a line end).

A CSV's quoting is pyarrow's own, which reads quotes as the csv module's default dialect does (checked on
random texts of quotes, commas, digits and line breaks: the same cells wherever pyarrow reads the rows).

Anything else pyarrow reads as the line reading does: the same correctly rounded float64 for every number
(both round correctly, checked on the cell texts of tests/test_import_identical.py), NaN for an empty cell.
A number with a leading ``+`` too: pandas' ``to_numeric``, which the line readings use, rounds some wrongly
(``+6e23`` gives 5.9999999999999995e+23), so they take the sign off first (text_checks.without_plus;
tests/test_import_plus_sign.py, tests/test_import_csv_fast_cases.py).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

#: Bytes read at a time while scanning a file (guess: large enough that the per-chunk cost vanishes,
#: small enough that a chunk is a few MB).
CHUNK_BYTES = 2 << 20
#: Bytes pyarrow parses per block. Measured on benchmarks/bench_import.py's 48-MiB export (53 columns), on
#: the loaded 2-core host: parsing alone took 0.8 s of CPU with blocks of 256 KiB to 1 MiB and 1.2-1.4 s with
#: 4 MiB, and the reader's own peak over the loaded process was 31, 41, 61 and 95 MiB for 256 KiB, 512 KiB,
#: 1 MiB and 4 MiB blocks. A row longer than a block is refused by pyarrow, so such a file is read line by
#: line.
BLOCK_BYTES = 512 << 10
_BOM = b"\xef\xbb\xbf"
_ODD_BREAK_BYTES = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
#: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR in UTF-8 (a valid UTF-8 text holds these bytes only there).
_ODD_BREAKS_UTF8 = ("\x85".encode(), "\u2028".encode(), "\u2029".encode())


@dataclass(frozen=True)
class CleanText:
    """A text file that passed :func:`scan_text`.

    Attributes
    ----------
    path : Path
    start : int
        Byte offset of the text (after a UTF-8 byte-order mark).
    encoding : str
        ``"utf-8"`` or ``"latin-1"``: how the line-by-line reading decodes it.
    n_lines : int
        Lines as the line reading counts them (text_checks.text_lines; -1: not counted).
    quoted : bool
        Whether the text holds the quote byte :func:`scan_text` was asked to look for.
    """

    path: Path
    start: int
    encoding: str
    n_lines: int
    quoted: bool = False


def scan_text(path: Path, *, latin1: bool, max_line_bytes: int | None = None, quote: bytes = b"",
              count_lines: bool = False) -> CleanText | None:
    """Scan ``path`` in chunks; None when it holds anything of the module docstring's first list or a line
    longer than ``max_line_bytes``. ``quote``: a CSV's quote byte, said in ``quoted`` when the text holds
    it. The lines are counted only when ``count_lines`` (else ``n_lines`` is -1)."""
    n_lf = n_cr = n_crlf = 0
    longest = 0
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    utf8, utf8_breaks, latin1_nel, quoted = True, False, False, False
    with open(path, "rb") as f:
        head = f.read(len(_BOM))
        start = len(_BOM) if head == _BOM else 0
        f.seek(start)
        offset, prev, tail, line_start = start, b"", b"", start
        while chunk := f.read(CHUNK_BYTES):
            if b"\x00" in chunk or any(b in chunk for b in _ODD_BREAK_BYTES):
                return None
            quoted = quoted or (bool(quote) and quote in chunk)
            if not chunk.isascii():
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                window = tail + chunk  # a UTF-8 line break may straddle two chunks
                utf8_breaks = utf8_breaks or any(b in window for b in _ODD_BREAKS_UTF8)
                latin1_nel = latin1_nel or b"\x85" in chunk
            elif utf8 and decoder.getstate()[0]:
                utf8 = False  # a multi-byte character cut short
            if count_lines:
                n_lf += chunk.count(b"\n")
            if b"\r" in chunk or prev == b"\r":
                n_cr += chunk.count(b"\r")
                n_crlf += chunk.count(b"\r\n") + (prev == b"\r" and chunk[:1] == b"\n")
            if max_line_bytes is not None:
                ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10) + offset
                if ends.size:
                    longest = max(longest, int(ends[0] - line_start), int(np.diff(ends).max(initial=0)))
                    line_start = int(ends[-1])
                if max(longest, offset + len(chunk) - line_start) > max_line_bytes:
                    return None
            prev, tail = chunk[-1:], chunk[-2:]
            offset += len(chunk)
    if n_cr != n_crlf:
        return None
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if utf8:
        if utf8_breaks:
            return None
        encoding = "utf-8"
    elif latin1 and not latin1_nel:
        encoding = "latin-1"
    else:
        return None
    size = offset - start
    n_lines = n_lf + (1 if size and prev != b"\n" else 0) if count_lines else -1
    return CleanText(path=Path(path), start=start, encoding=encoding, n_lines=n_lines, quoted=quoted)


def lines_from(text: CleanText, offset: int) -> Iterator[tuple[str, int]]:
    """The decoded lines from byte ``offset`` on, without their line break, each with the offset after it."""
    with open(text.path, "rb") as f:
        f.seek(offset)
        for raw in f:
            offset += len(raw)
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if line.endswith(b"\r"):
                line = line[:-1]
            yield line.decode(text.encoding), offset


@dataclass
class Table:
    """Columns read by :func:`read_table`: float64 (NaN where a cell is empty or a null text) or, for the
    text columns, numpy str arrays; all of ``n_rows``."""

    columns: list[np.ndarray]
    n_rows: int


class NotClean(Exception):
    """Raised by :func:`read_blocks` where pyarrow cannot read the rows as the line reading would."""


class UnlistedNaN(NotClean):
    """Raised by :func:`read_blocks` where a number cell reads as NaN though it is none of the null texts
    (no cell reads as infinite): pyarrow reads ``nan`` padded (`` nan ``), signed (``-nan``) or with a
    payload (``nan(1)``) as NaN, and such a cell's text says whether the line reading takes it as missing
    (:func:`cell_texts_with` finds those texts)."""


def read_table(text: CleanText, offset: int, *, n_columns: int, delimiter: str,
               text_columns: Sequence[int] = (), null_texts: Sequence[str] = ("",),
               quote_char: str | None = None) -> Table | None:
    """Read the rows from byte ``offset`` to the end: ``n_columns`` cells split on ``delimiter``, empty
    lines skipped; no quoting, or with ``quote_char`` the csv module's (:func:`read_blocks`). Columns not in
    ``text_columns`` are numbers; a cell equal to one of ``null_texts`` is NaN. None when pyarrow cannot
    read the rows so, or a number cell is nan or infinite."""
    texts = set(text_columns)
    parts: dict[int, list[np.ndarray]] = {j: [] for j in texts}
    # A row takes at least n_columns bytes (its delimiters and line break), so no more rows than this can
    # come; the number columns are filled in place, and the pages past the last row are never touched
    # (np.empty: the system gives them only when written), so no chunk is held twice.
    max_rows = max_rows_after(text, offset, n_columns)
    out = {j: np.empty(max_rows) for j in range(n_columns) if j not in texts}
    n_rows = 0
    try:
        for block in read_blocks(text, offset, n_columns=n_columns, delimiter=delimiter,
                                 text_columns=text_columns, null_texts=null_texts, quote_char=quote_char):
            for j, cells in block.texts.items():
                parts[j].append(cells)
            for j in out:
                out[j][n_rows:n_rows + block.n_rows] = block.numbers[j]
            n_rows += block.n_rows
    except NotClean:
        return None
    columns = [out[j][:n_rows] if j not in texts else np.concatenate(parts[j]) if parts[j]
               else np.empty(0, dtype=str) for j in range(n_columns)]
    return Table(columns=columns, n_rows=n_rows)


def max_rows_after(text: CleanText, offset: int, n_columns: int) -> int:
    """The most rows the file can hold from byte ``offset`` on: a row takes at least ``n_columns`` bytes
    (its delimiters and line break)."""
    return (text.path.stat().st_size - offset + 1) // n_columns + 1


@dataclass
class Block:
    """One block of :func:`read_blocks`: ``numbers``, float64, shape (n_columns, n_rows), a row per column
    (NaN where a cell is empty or a null text; 0 in the rows of the text columns), and ``texts``: a text
    column's index -> its cells (numpy str array, shape (n_rows,))."""

    numbers: np.ndarray
    texts: dict[int, np.ndarray]

    @property
    def n_rows(self) -> int:
        return int(self.numbers.shape[1])


def read_blocks(text: CleanText, offset: int, *, n_columns: int, delimiter: str,
                text_columns: Sequence[int] = (), null_texts: Sequence[str] = ("",),
                use_threads: bool = False, quote_char: str | None = None,
                skip_row: Callable[[str], bool] | None = None, end: int | None = None) -> Iterator[Block]:
    """:func:`read_table`'s rows a block at a time (about BLOCK_BYTES of text each). Raises NotClean where
    :func:`read_table` answers None. ``use_threads``: pyarrow parses the next blocks on its own threads
    while this one is used (the streamed import's choice, monitor.importers.moticon_stream).

    ``quote_char``: cells are quoted as the csv module's default dialect reads them (RFC 4180: a cell
    may be enclosed in ``quote_char``, a doubled one inside is one; a quote elsewhere in a cell is kept as
    text), and a cell's text is what is inside its quotes: ``""`` is an empty cell, so NaN, as a null text
    quoted is. A cell holding a line break (a quoted field run over a line end, which the line reading
    refuses) raises NotClean: pyarrow reads no number from such a text, and a text column is checked.

    ``skip_row``: a row of other than ``n_columns`` cells is left out where it says so of the row's text
    (as in the file, quotes and all; a blank line written ``""`` is one the csv module reads as blank),
    else raises NotClean. A number cell read as NaN that is no null text raises :class:`UnlistedNaN`.

    ``end``: the rows are read up to that byte offset (a line's end) only, not to the file's end."""
    names = [str(j) for j in range(n_columns)]
    texts = set(text_columns)
    types = {n: (pa.string() if j in texts else pa.float64()) for j, n in enumerate(names)}
    number_js = [j for j in range(n_columns) if j not in texts]
    pool = memory_pool()
    try:
        with pa.OSFile(str(text.path)) if end is None else _Upto(text.path, end) as f:
            f.seek(offset)
            # read_table: one thread; on the 2-core host, more did not shorten a whole-file read and its
            # peak grew by about 30 MiB (280 against 311 MiB, benchmarks/bench_import.py's file)
            reader = pacsv.open_csv(
                f, memory_pool=pool,
                read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES, use_threads=use_threads,
                                               encoding="utf8" if text.encoding == "utf-8" else text.encoding),
                # quoted: newlines_in_values, so that pyarrow splits its blocks where a quoted field ends,
                # and one with a line break inside is read whole (then refused) on every block boundary
                parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=quote_char or False,
                                                 double_quote=True, escape_char=False,
                                                 newlines_in_values=quote_char is not None,
                                                 ignore_empty_lines=True,
                                                 invalid_row_handler=None if skip_row is None else
                                                 lambda row: "skip" if skip_row(row.text) else "error"),
                convert_options=pacsv.ConvertOptions(column_types=types, null_values=list(null_texts),
                                                     strings_can_be_null=False,
                                                     quoted_strings_can_be_null=quote_char is not None))
            for batch in reader:
                numbers = np.zeros((n_columns, batch.num_rows))
                nulls = np.zeros(n_columns, dtype=np.intp)
                for j in number_js:
                    col = batch.column(j)
                    nulls[j] = put_floats(col, numbers[j])
                # a 'nan' or an infinite number: a non-finite value that is not an empty cell
                if np.any(np.count_nonzero(~np.isfinite(numbers), axis=1) != nulls):
                    raise NotClean if np.isinf(numbers).any() else UnlistedNaN
                if quote_char is not None and any(_has_line_break(batch.column(j)) for j in texts):
                    raise NotClean  # a quoted line break in a text cell
                yield Block(numbers, {j: np.asarray(batch.column(j).to_pylist(), dtype=str) for j in sorted(texts)})
                del batch
    except (pa.ArrowException, UnicodeDecodeError, ValueError):  # whatever pyarrow refuses: read by lines
        raise NotClean from None
    finally:
        # the parser's blocks go back to the system, not kept for a next read: 13-26 MiB less resident while
        # the importer converts the columns (benchmarks/bench_import.py's export, 512-KiB blocks)
        pool.release_unused()


class _Upto(io.RawIOBase):
    """A file's bytes up to byte ``end``, read as a binary file is (pyarrow reads it a block at a time)."""

    def __init__(self, path: Path, end: int) -> None:
        super().__init__()
        self._f, self._end = open(path, "rb"), end

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def readinto(self, buffer) -> int:
        n = max(min(len(buffer), self._end - self._f.tell()), 0)
        return self._f.readinto(memoryview(buffer)[:n]) if n else 0

    def close(self) -> None:
        self._f.close()
        super().close()


#: Hits of the word in a chunk above which :func:`cell_texts_with` takes the chunk's cells by a regular
#: expression rather than one by one (measured on a 10.6-MB file whose 1.6 million cells are all `` nan ``:
#: 2.7 s one by one, 0.5 s by the expression; the expression scans a chunk without the word at about
#: 18 MB/s, one ``find`` far faster, so a chunk of a few hits is taken one by one; the bound a guess).
MANY_HITS = 1000


def cell_texts_with(text: CleanText, offset: int, word: str, *, delimiter: bytes, most: int) -> set[str] | None:
    """The distinct texts of the cells from byte ``offset`` on that hold ``word`` in any case (ASCII),
    as a cell's text is read (one pair of enclosing double quotes taken off; a cell with any other quote
    is left out); None when there are more than ``most`` of them. Read a chunk of lines at a time."""
    found: set[bytes] = set()
    needle = word.lower().encode()
    any_case = b"".join(b"[" + re.escape(bytes([c])) + re.escape(bytes([c]).upper()) + b"]" for c in needle)
    outside = b"[^" + re.escape(delimiter) + b"\n]*"
    cells = re.compile(outside + any_case + outside)
    with open(text.path, "rb") as f:
        f.seek(offset)
        rest = b""
        while True:
            chunk = f.read(CHUNK_BYTES)
            data = rest + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)  # whole lines only, but at the end
            data, rest = data[:cut], data[cut:]
            lowered = data.lower()
            if lowered.count(needle) > MANY_HITS:
                found.update(cells.findall(data))
            else:
                at = lowered.find(needle)
                while at >= 0:
                    start = max(data.rfind(delimiter, 0, at), data.rfind(b"\n", 0, at)) + 1
                    ends = [e for e in (data.find(delimiter, at), data.find(b"\n", at)) if e >= 0]
                    end = min(ends) if ends else len(data)
                    found.add(data[start:end])
                    at = lowered.find(needle, end)
            if len(found) > most:
                return None
            if not chunk:
                break
    texts: set[str] = set()
    for raw in found:
        raw = raw.rstrip(b"\r")  # a CR LF line's last cell (scan_text let no other CR through)
        if raw[:1] == b'"' and raw[-1:] == b'"' and len(raw) >= 2:
            raw = raw[1:-1]
        if b'"' in raw:
            continue
        try:
            texts.add(raw.decode(text.encoding))
        except UnicodeDecodeError:
            continue
    return texts


def _has_line_break(col: pa.Array) -> bool:
    """Whether a string column holds a CR or LF in any cell."""
    import pyarrow.compute as pc  # here: loading it takes 0.05 s, and only a quoted file needs it

    return bool(pc.any(pc.match_substring_regex(col, "[\r\n]")).as_py())


def memory_pool() -> pa.MemoryPool:
    """The allocator for reading and writing an import's tables: jemalloc where pyarrow has it, else
    pyarrow's default. Measured on benchmarks/bench_import.py's export, pyarrow's streaming CSV reader
    alone grew the process by 59 MiB with mimalloc (pyarrow's default on Linux), 25 MiB with jemalloc and
    32 MiB with the system's malloc, as freed blocks were kept rather than reused."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without it
        return pa.default_memory_pool()


def put_floats(col: pa.Array, out: np.ndarray) -> int:
    """Write a float64 Arrow array into ``out`` (shape (len(col),)), NaN where null: what
    ``to_numpy(zero_copy_only=False)`` gives, from the array's buffers; return its count of nulls. Not
    ``to_numpy``: with nulls it goes through pyarrow's pandas conversion, which loads pandas (a third of
    ``solewatch import moticon``'s time)."""
    validity, data = col.buffers()[:2]
    n, offset = len(col), col.offset
    out[:] = np.frombuffer(data, dtype=np.float64, count=offset + n)[offset:]
    if col.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), count=offset + n, bitorder="little")
        out[bits[offset:] == 0] = np.nan
    return col.null_count


def agrees_with_to_numeric(values: np.ndarray) -> bool:
    """Whether pandas' ``to_numeric`` gives these values too: not for a column with no missing cell,
    only whole numbers and a negative zero, which it reads as integers (``-0`` as 0, pyarrow -0.0)."""
    neg_zero = (values == 0) & np.signbit(values)
    if not neg_zero.any():
        return True
    return bool(np.isnan(values).any()) or not bool(np.all(values == np.round(values)))


class NumericAgreement:
    """:func:`agrees_with_to_numeric` of each of ``n_columns`` number columns read block by block: per column,
    whether it holds a negative zero, and whether every value is whole (NaN is not)."""

    def __init__(self, n_columns: int) -> None:
        self.neg_zero = np.zeros(n_columns, dtype=bool)
        self.all_whole = np.ones(n_columns, dtype=bool)

    def add(self, numbers: np.ndarray) -> None:
        """``numbers``: a block's rows of the columns, C-contiguous float64, shape (n_columns, n_rows)."""
        # -0.0 is the one float64 whose bits, as an int64, are the most negative int64
        self.neg_zero |= (numbers.view(np.int64) == np.iinfo(np.int64).min).any(axis=1)
        whole = np.flatnonzero(self.all_whole)  # a column with a fraction, or NaN, stays so: not looked at again
        if whole.size:
            some = numbers[whole]
            self.all_whole[whole] = (some == np.round(some)).all(axis=1)

    def agrees(self) -> bool:
        """agrees_with_to_numeric of every column over all its blocks."""
        return not bool(np.any(self.neg_zero & self.all_whole))


def csv_line_limit() -> int:
    """The longest line whose fields the csv module surely takes (its field size limit, in characters;
    a character is at least a byte)."""
    return csv.field_size_limit()
