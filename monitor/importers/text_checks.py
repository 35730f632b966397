"""The text-table checks the importers share: reading a file's bytes and text, numeric columns and the time
axis, each failure one line naming the file and the line (``PATH: line N: message``). Pure: no files
written. One idea: what every text importer checks of a file's text before its own format's reading.
"""

from __future__ import annotations

import codecs
import difflib
import errno
import math
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from monitor.codebook import MOST_KPA as CODEBOOK_MOST_KPA
from monitor.errors import SessionFormatError, quote
from monitor.importers.sniff import HEAD_BYTES, decimal_comma_hint, looks_like, other_format_error, wide_text_words
from monitor.session.info import LONGEST_SESSION_S
from monitor.util.path_errors import said_path, too_long_words
from monitor.util.textfiles import device_words, is_pipe

#: How alike (difflib's ratio, 0..1) a column's name must be to a column a file lacks to be named as that
#: column misspelt (guess: 'left presure 3[N/cm²]' is 0.98 alike 'left pressure 3[N/cm²]', 'left total
#: force[N]' 0.56; a generic CSV's 'p3_kpa' is 0.92 alike 'p03_kpa').
CLOSE_NAME_RATIO = 0.75


def closest_name(name: str, names: Iterable[str]) -> str | None:
    """The one of ``names`` most like ``name``, its letters compared without case (``P00_KPA`` is
    ``p00_kpa``), when it is at least CLOSE_NAME_RATIO alike (difflib), else None: the column a misspelt
    column of a file was meant to be, the Moticon and generic CSV imports alike."""
    folded: dict[str, str] = {}
    for n in names:
        folded.setdefault(n.casefold(), n)
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=CLOSE_NAME_RATIO)
    return folded[close[0]] if close else None


def fail(path: Path, line: int | None, message: str) -> SessionFormatError:
    """A SessionFormatError of the form ``PATH: line N: message``, ``PATH`` the file as it was given (cut
    where it is long: monitor.util.path_errors.said_path)."""
    where = f"{said_path(path)}: line {line}: " if line is not None else f"{said_path(path)}: "
    return SessionFormatError(where + message)


def decode_text(path: Path, data: bytes, *, latin1: bool) -> str:
    """A file's bytes as text: UTF-8 (a BOM dropped), else Latin-1 when ``latin1``. Raises ``PATH: line N:
    ...`` for a file that is not UTF-8 (when Latin-1 is not allowed) or holds a NUL byte (binary data; a
    FIT file is said to be one)."""
    return decode_text_as(path, data, latin1=latin1)[0]


def decode_text_as(path: Path, data: bytes, *, latin1: bool) -> tuple[str, str]:
    """:func:`decode_text`, and how it decoded: ``"utf-8"`` or ``"latin-1"``. Text opening with a UTF-16 or
    UTF-32 byte order mark is ``PATH: line 1: UTF-16 text ...: save it as UTF-8`` (sniff.wide_text_words)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    wide = wide_text_words(data)
    if wide is not None:
        raise fail(path, 1, wide)
    nul = data.find(b"\x00")
    if nul >= 0:
        said = fail(path, data[:nul].count(b"\n") + 1, f"a NUL byte at byte {nul}: binary data, not a text file")
        if looks_like(data[:HEAD_BYTES]) == "fit":
            raise other_format_error(f"{said}; ", "fit")
        raise said
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if latin1:
            return data.decode("latin-1"), "latin-1"
        raise fail(path, data[: exc.start].count(b"\n") + 1, "not UTF-8 text") from None


def utf8_where_it_is(line: str) -> str:
    """A line of a file read as Latin-1 (one that is not UTF-8 throughout) as its writer most likely meant
    it: the bytes that are UTF-8 read as UTF-8, each other byte as Latin-1. A UTF-8 export with one byte of
    another encoding (a note typed in a Latin-1 editor) keeps its ``N/cm²``, which Latin-1 throughout reads
    ``N/cmÂ²``; a Latin-1 line reads as Latin-1 (its bytes above 0x7F are seldom UTF-8)."""
    raw = line.encode("latin-1")
    if raw.isascii():
        return line
    # surrogateescape keeps each byte that is not UTF-8 as U+DC80..U+DCFF: that byte's Latin-1 character
    return _ESCAPED_BYTE.sub(lambda m: chr(ord(m.group()) - 0xDC00), raw.decode("utf-8", "surrogateescape"))


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file (a directory...) or a device (/dev/zero, whose reading
    never ends: monitor.util.textfiles.device_words) raises ``PATH: ...``."""
    path = Path(path)
    device = device_words(path)
    if device is not None:
        raise fail(path, None, f"{device}, not a file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _cannot_read(path, exc) from None


def _cannot_read(path: Path, exc: OSError) -> SessionFormatError:
    if isinstance(exc, FileNotFoundError):
        return fail(path, None, "no such file")
    if isinstance(exc, IsADirectoryError):
        return fail(path, None, "a directory, not a file")
    too_long = exc.errno == errno.ENAMETOOLONG
    return fail(path, None, f"cannot read ({too_long_words(str(path)) if too_long else exc.strerror or exc})")


#: Bytes :func:`text_line_bound` reads at a time (guess: large enough that the per-chunk cost vanishes,
#: small enough that a chunk is a few MB).
TEXT_CHUNK_BYTES = 2 << 20


def text_line_bound(path: Path) -> int:
    """Check a file as ``decode_text(path, read_bytes(path), latin1=False)`` and an empty-file check would,
    a chunk at a time, so that a large file is not held whole; return the most lines its text can have
    (its LF and CR bytes, plus one). Raises as those do: ``PATH: ...`` for a file that cannot be read,
    ``PATH: line N: ...`` for a NUL byte or text that is not UTF-8 (the file is then read whole, for the
    line), ``PATH: line 1: the file is empty`` for a file of whitespace alone."""
    path = Path(path)
    device = device_words(path)
    if device is not None:
        raise fail(path, None, f"{device}, not a file")
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")  # a BOM dropped, as decode_text does
    bound, blank, clean = 1, True, True
    try:
        with open(path, "rb") as f:
            while chunk := f.read(TEXT_CHUNK_BYTES):
                if b"\x00" in chunk:
                    clean = False
                    break
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError:
                    clean = False
                    break
                blank = blank and not text.strip()
                bound += chunk.count(b"\n") + chunk.count(b"\r")
            else:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    clean = False
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    if not clean:  # decode_text words it, with its line: the file is read whole only for the error
        text = decode_text(path, read_bytes(path), latin1=False)
        blank, bound = not text.strip(), text.count("\n") + text.count("\r") + 1
    if blank:
        raise fail(path, 1, "the file is empty")
    return bound


def check_not_pipe(path: Path) -> None:
    """An import file is read more than once (its opening to tell the format, then the whole), which a pipe
    cannot give: ``PATH: a pipe, not a file ...`` for one, before anything reads it."""
    if is_pipe(path):
        raise fail(path, None, "a pipe, not a file (an import reads its file more than once: save it to a "
                               "file first)")


#: The line breaks of a text file: LF, CR LF and a lone CR, those the csv module and an editor break lines at.
#: ``str.splitlines`` breaks at more (VT, FF, FS, GS, RS, NEL, U+2028, U+2029), which are characters within
#: a line: a line number counted with them is not the editor's, and a header field holding one would be cut
#: in two.
_LINE_BREAK = re.compile("\r\n|\r|\n")


def text_lines(text: str) -> list[str]:
    """``text``'s lines without their breaks (:data:`_LINE_BREAK`); a break at the end starts no line."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_text_lines(path: Path) -> list[str]:
    """The file's lines (UTF-8, or Latin-1 when it is not UTF-8; :func:`text_lines`); an unreadable or empty
    file raises."""
    return read_text_lines_as(path)[0]


def read_text_lines_as(path: Path) -> tuple[list[str], str]:
    """:func:`read_text_lines`, and how the file was decoded: ``"utf-8"`` or ``"latin-1"``."""
    path = Path(path)
    text, encoding = decode_text_as(path, read_bytes(path), latin1=True)
    if not text.strip():
        raise fail(path, 1, "the file is empty")
    return text_lines(text), encoding


def cut_short_hint(lines: list[str], index: int, found: int, expected: int) -> str:
    """``; it is the file's last line, cut short (a copy that stopped mid-line?)`` when ``lines[index]``
    (0-based), which has ``found`` cells where ``expected`` were due, is the last line that holds anything;
    "" otherwise."""
    if found >= expected or any(line.strip() for line in lines[index + 1:]):
        return ""
    return "; it is the file's last line, cut short (a copy that stopped mid-line?)"


#: The largest pressure a frames table holds: its sensor columns are float32 (docs/session-format.md),
#: whose largest finite value is 3.4e38; more would be stored as inf.
FLOAT32_LARGEST_KPA = float(np.finfo(np.float32).max)


def numeric_columns(
    path: Path, cells: np.ndarray, line_numbers: np.ndarray, names: list[str], *, allow_empty: bool,
    largest: float = math.inf, stored_as: str | list[str] = "",
) -> np.ndarray:
    """Convert a (n_rows, n_cols) array of text cells to float64.

    Empty cells become NaN when ``allow_empty``; otherwise, like any cell that is not a finite number,
    they raise a SessionFormatError naming the file, the line (``line_numbers[row]``) and the column. So
    does a value whose magnitude is above ``largest`` (what ``stored_as`` can hold: a pressure stored as
    float32 would otherwise become inf, :data:`FLOAT32_LARGEST_KPA`; a list: one per column, for columns
    of different kinds).
    """
    out = np.empty(cells.shape, dtype=float)
    for j in range(cells.shape[1]):
        what = stored_as[j] if isinstance(stored_as, list) else f"the largest value {stored_as} holds"
        values, not_number, beyond = column_numbers(path, cells[:, j], line_numbers, names[j],
                                                    allow_empty=allow_empty, largest=largest, beyond_what=what)
        if not_number is not None:
            raise not_number
        if beyond is not None:
            raise beyond
        out[:, j] = values
    return out


#: The texts other tools write for a missing value, in lower case: pandas' read_csv reads these as NaN by
#: default (``na_values``, pandas 3.1: R's ``write.csv`` writes ``NA``, spreadsheets ``#N/A``). An import reads
#: none of them as missing (a generic CSV's missing is an empty cell or ``nan``: docs/import-csv.md): a column
#: holding them is refused, the error saying how a missing value is written (:func:`missing_hint`).
MISSING_ELSEWHERE = frozenset({"#n/a", "#n/a n/a", "#na", "-1.#ind", "-1.#qnan", "-nan", "1.#ind", "1.#qnan", "<na>",
                               "n/a", "na", "null", "nan", "none"})


def missing_hint(cell: str, allow_empty: bool) -> str:
    """``; write a missing value as an empty cell`` when ``cell`` (one that is not a number) is how another
    tool writes a missing value (MISSING_ELSEWHERE) in a column where an empty cell is missing
    (``allow_empty``), with R's way of writing it so for R's ``NA``; "" otherwise."""
    said = cell.strip()
    if not allow_empty or said.lower() not in MISSING_ELSEWHERE:
        return ""
    return "; write a missing value as an empty cell" + (' (R: write.csv(..., na = ""))' if said == "NA" else "")


def column_numbers(
    path: Path, col: np.ndarray, line_numbers: np.ndarray, name: str, *, allow_empty: bool,
    largest: float = math.inf, beyond_what: str = "", to_float=None,
) -> tuple[np.ndarray, SessionFormatError | None, SessionFormatError | None]:
    """One column of :func:`numeric_columns` (text cells, shape (n,)): its float64 values, the error of its
    first cell that is not a number (None when none is; a number with a decimal comma, ``0,5``, is said to
    be one: sniff.decimal_comma_hint; another tool's missing value, ``NA``, says how one is written where an
    empty cell is missing: :func:`missing_hint`), and that of its first value beyond ``largest``
    (``beyond_what``: what cannot hold it). ``to_float``: reads the stripped texts (shape (n,)) to float64
    as ``pd.to_numeric(..., errors="coerce")`` does, a ``+`` before a number taken off first
    (:func:`without_plus`; monitor.importers.chunk_numbers reads a column a chunk at a time so); that
    function when not given."""
    stripped = np.char.strip(col)
    empty = stripped == ""
    if to_float is None:
        import pandas as pd

        values = pd.to_numeric(pd.Series(without_plus(stripped)), errors="coerce").to_numpy(dtype=float)
    else:
        values = to_float(stripped)
    not_number = beyond = None
    bad = ~np.isfinite(values) & ~(empty if allow_empty else np.zeros_like(empty))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        what = "an empty field" if empty[i] else quote(col[i])
        hint = decimal_comma_hint(col[i]) + missing_hint(col[i], allow_empty)
        not_number = fail(path, int(line_numbers[i]), f"column {quote(name)}: {what} is not a number{hint}")
    big = np.flatnonzero(np.abs(values) > largest)
    if big.size:
        i = int(big[0])
        if values[i] < 0:  # the bound on the other side: "below -3.4e+38, the lowest value ..." ("above" else)
            bound, what = f"below {-largest:.3g}", beyond_what.replace("the largest", "the lowest", 1)
        else:
            bound, what = f"above {largest:.3g}", beyond_what
        beyond = fail(path, int(line_numbers[i]), f"column {quote(name)}: {quote(col[i])} is {bound}, {what}")
    return values, not_number, beyond


def without_plus(stripped: np.ndarray) -> np.ndarray:
    """``stripped`` (cell texts, whitespace stripped, shape (n,)) with a leading ``+`` taken off where a digit
    or ``.`` follows it; the same array when no cell has one.

    pandas' ``to_numeric``, which the line readings use, rounds a ``+``-signed number wrongly now and then
    (``+6e23`` reads 5.9999999999999995e+23, ``+0.0209605756670338491636`` 0.020960575667033847, 1 ulp off;
    of 20,000 random numbers in 0..200, none written with 4 or 8 decimals, about a fifth with 17 or 22:
    measured with pandas 3.1); without the sign it reads them correctly rounded, as ``float`` and pyarrow
    (the fast readings, monitor.importers.fastread) do. So every reading gives a ``+``-signed number the
    value ``float`` gives it (tests/test_import_plus_sign.py). A ``+`` followed by anything else stays
    (``+-5``, ``+nan``, ``+ 5``: none a number either way, or NaN either way)."""
    signed = np.char.startswith(stripped, "+")
    if not signed.any():
        return stripped
    signed &= np.isin(stripped.astype("U2"), _SIGNED_STARTS)  # a str cast to U2 keeps its first 2 characters
    out = stripped.copy()
    out[signed] = np.char.lstrip(stripped[signed], "+")  # one '+' only: a second character is none
    return out


#: How a number :func:`without_plus` takes the sign off begins.
_SIGNED_STARTS = [f"+{c}" for c in "0123456789."]


#: How far below 0 a pressure may read and still be a sensor's zero offset (kPa): one step of the coarsest
#: insole read here, Moticon's 0.25 N/cm² = 2.5 kPa [46] (guess: an unloaded sensor whose zero drifted by a
#: step). An insole reads compression only, so a value further below 0 is not a measurement but bad input
#: (a sign flipped, a column of something else); a value within it is read as 0 and said in a caveat.
ZERO_OFFSET_KPA = 2.5


def refuse_negative(path: Path, values: np.ndarray, line_numbers: np.ndarray, names: list[str], *, floor: float,
                    unit: str) -> None:
    """Raise ``PATH: line N: column 'NAME': ...`` for the first line of ``values`` (shape (n_rows, n_cols),
    in the file's ``unit``; NaN where empty) with a cell below ``floor`` (< 0: the zero offset allowed, in
    that unit)."""
    below = values < floor
    if below.any():
        i, j = (int(k[0]) for k in np.nonzero(below))
        raise fail(path, int(line_numbers[i]), f"column {quote(names[j])}: {values[i, j]:g} {unit} is below 0 by more "
                                               f"than a sensor's zero offset ({-floor:g} {unit} at most)")


#: The highest pressure read as a measurement (kPa; monitor.codebook.MOST_KPA, where its source is said):
#: a cell above it is an error naming the line and column.
MOST_KPA = CODEBOOK_MOST_KPA


def refuse_beyond_insole(path: Path, values: np.ndarray, line_numbers: np.ndarray, names: list[str], *,
                         ceiling: float, unit: str, why: str = "", other_unit: str = "Pa") -> None:
    """Raise ``PATH: line N: column 'NAME': ...`` for the first line of ``values`` (shape (n_rows, n_cols),
    in the file's ``unit``; NaN where empty) with a cell above ``ceiling`` (:data:`MOST_KPA` in that
    unit, unless ``why`` says what else it is), asking whether the file is in ``other_unit`` (the unit a
    thousand times too small: Pa for a pressure, mN for a force)."""
    above = values > ceiling
    if above.any():
        i, j = (int(k[0]) for k in np.nonzero(above))
        why = why or "more than any insole reads (a guess, docs/import-csv.md)"
        raise fail(path, int(line_numbers[i]), f"column {quote(names[j])}: {values[i, j]:g} {unit} is above "
                                               f"{ceiling:g} {unit}, {why}: is the file in another unit "
                                               f"({other_unit}?)")


def zero_offsets(values: np.ndarray, foot: str, *, floor: float, unit: str, quantity: str = "pressure") -> str:
    """Read the cells of ``values`` (any shape, the file's ``unit``, none below ``floor``: see
    :func:`refuse_negative`) that are below 0 as 0, in place; return the caveat that says so ("" when none
    is). NaN and -0.0 stay as they are."""
    below = values < 0
    n = int(np.count_nonzero(below))
    if not n:
        return ""
    lowest = float(values[below].min())
    values[below] = 0
    return (f"{foot}: {n} {quantity} sample{'s' if n != 1 else ''} read below 0, down to {lowest:g} {unit} (a "
            f"sensor's zero offset, {-floor:g} {unit} at most): read as 0")


def median_of(values: np.ndarray) -> float:
    """``np.median`` of a 1-D float array without NaN (shape (n,), n >= 1), the same value: the middle
    value, or the two middle values' sum halved. Not ``np.median``: its NaN check loads numpy.ma, 10 ms of
    ``solewatch import moticon``'s start-up."""
    n = values.size
    if n % 2:
        return float(np.partition(values, n // 2)[n // 2])
    part = np.partition(values, [n // 2 - 1, n // 2])
    return float((part[n // 2 - 1] + part[n // 2]) / 2.0)


def refuse_time_before_start(path: Path, t_s: np.ndarray, line_numbers: np.ndarray, why: str) -> None:
    """Raise ``PATH: line N: time T s is below 0 (WHY)`` when the first time of ``t_s`` (s, shape (n,), n >= 1)
    is below 0: for a format whose time is seconds from the start of its recording (``why`` says so). The
    first row's only: a later one below 0 goes backwards, which :func:`check_time_axis` words."""
    if t_s[0] < 0:
        raise fail(path, int(line_numbers[0]), f"time {t_s[0]:g} s is below 0 ({why})")


def refuse_time_past_end(path: Path, t_s: np.ndarray, line_numbers: np.ndarray, name: str = "time") -> None:
    """Raise ``PATH: line N: NAME T s is later than any recording (at most 31622400 s, 366 days)`` for the
    first row of ``t_s`` (s, shape (n,)) later than LONGEST_SESSION_S: an imported time is a session time,
    which no session.json (its duration) nor frames table (monitor.session.tables.check_times) holds past
    it. Before :func:`check_time_axis`: a stray late time, the rows after it going back, is said as what it
    is."""
    late = np.flatnonzero(t_s > LONGEST_SESSION_S)
    if late.size:
        i = int(late[0])
        raise fail(path, int(line_numbers[i]), f"{name} {t_s[i]:g} s is later than any recording (at most "
                                               f"{LONGEST_SESSION_S:.0f} s, 366 days)")


def check_time_axis(path: Path, t_s: np.ndarray, line_numbers: np.ndarray) -> int:
    """Check the time axis increases strictly; return its sample rate in Hz (the median step, rounded). A
    rate below 1 Hz that would be one of 1 Hz or more were the times milliseconds asks whether they are."""
    dt = np.diff(t_s)
    back = np.flatnonzero(~(dt > 0))
    if back.size:
        i = int(back[0]) + 1
        raise fail(path, int(line_numbers[i]),
                   f"time {t_s[i]:g} s does not come after the previous row's {t_s[i - 1]:g} s")
    if t_s.size < 2:
        raise fail(path, int(line_numbers[0]), "one data row is not a recording (no sample rate)")
    rate = 1.0 / median_of(dt)
    rate_hz = int(round(rate))
    if rate_hz < 1:
        ms = (f"; is the time in milliseconds? (it is read as seconds; in milliseconds the rate is "
              f"{rate * 1000.0:.3g} Hz)") if rate * 1000.0 >= 1.0 else ""
        raise fail(path, int(line_numbers[1]), f"sample rate {rate:.3g} Hz is below 1 Hz{ms}")
    return rate_hz
