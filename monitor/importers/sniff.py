"""Which of the importable formats a file's first bytes look like, for an error that names the right command.

One idea: a file given to the wrong importer (a Moticon export to ``solewatch import physionet``) is told
apart by its opening, so the error can say what it is and which command takes it. The tests are cheap and
strict: each looks only at the first HEAD_BYTES and answers a format only when the opening is that
format's, so a damaged file of the right format is never sent elsewhere. Reads a file's opening; writes
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from monitor.errors import SessionFormatError, worded
from monitor.util.path_errors import said_path

#: How much of a file is looked at (bytes): a Moticon export's header and column names fit in a few KB.
HEAD_BYTES = 64 * 1024
#: format -> what a file of it is called in a message.
KINDS = {
    "moticon": "a Moticon OpenGo export",
    "physionet": "a PhysioNet gait file",
    "csv": "a generic CSV (docs/import-csv.md)",
    "fit": "a FIT file",
}
#: Cell separators a table may be saved with -> what a message calls them (" ": any run of spaces or TABs).
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "TABs", "|": "bars", " ": "spaces or TABs"}
#: A PhysioNet gaitpdb row: time, 16 sensors, 2 totals (monitor.importers.physionet).
_PHYSIONET_COLUMNS = 19
#: A Moticon column-name line: ``# time``, TAB, then a foot's pressure column.
_MOTICON_NAMES = re.compile(r"^#\s*time\t.*\b(left|right) pressure \d+\s*\[", re.IGNORECASE | re.MULTILINE)


#: The byte order marks of text that is no UTF-8 (The Unicode Standard, section 23.8, "Byte Order Mark"):
#: Excel's "Unicode Text" is UTF-16 opening FF FE. UTF-32's are tried first: its little-endian mark opens
#: with UTF-16's.
WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
             (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


#: How much of a file's opening :func:`unmarked_utf16` looks at (bytes; "the first KB").
UNMARKED_HEAD_BYTES = 1024
#: The fewest characters (2-byte units) an opening must hold for :func:`unmarked_utf16` to call it UTF-16
#: (guess: a column-name line is longer; fewer say too little).
UNMARKED_LEAST_UNITS = 8
#: The share of one byte of each 2-byte unit that must be NUL, and at most of the other (guess: text of
#: Latin letters, digits and separators, as a table's opening is, has every high byte NUL and no low one;
#: a FIT file's or other binary data's NUL bytes fall on both sides).
UNMARKED_NUL_SHARE = 0.9


#: The bytes a table's text opens with: printable ASCII, tab, line feed, carriage return, and the Latin-1
#: letters from 0xA0 (a column name's "é").
_TEXT_BYTES = frozenset([9, 10, 13, *range(0x20, 0x7F), *range(0xA0, 0x100)])


def _text_share(low: bytes) -> float:
    """The share of ``low`` (the character bytes of wide text's units) that are :data:`_TEXT_BYTES`: near 1
    for text, low for a binary file's small integers (1, 2, 3 ... as 4-byte words have the NULs of UTF-32)."""
    return sum(b in _TEXT_BYTES for b in low) / len(low) if low else 0.0


def unmarked_utf16(head: bytes) -> str | None:
    """``"UTF-16LE"`` or ``"UTF-16BE"`` when ``head`` (a file's first bytes) is UTF-16 text without a byte
    order mark: of its first UNMARKED_HEAD_BYTES, at least UNMARKED_NUL_SHARE of the odd bytes (LE; even
    ones, BE) are NUL, at most 1 - UNMARKED_NUL_SHARE of the others are, and at least UNMARKED_NUL_SHARE of
    those are text (:func:`_text_share`); None otherwise."""
    data = head[:UNMARKED_HEAD_BYTES]
    data = data[: len(data) - len(data) % 2]
    units = len(data) // 2
    if units < UNMARKED_LEAST_UNITS:
        return None
    even_nul, odd_nul = data[0::2].count(0) / units, data[1::2].count(0) / units
    rest = 1.0 - UNMARKED_NUL_SHARE
    if odd_nul >= UNMARKED_NUL_SHARE and even_nul <= rest and _text_share(data[0::2]) >= UNMARKED_NUL_SHARE:
        return "UTF-16LE"
    if even_nul >= UNMARKED_NUL_SHARE and odd_nul <= rest and _text_share(data[1::2]) >= UNMARKED_NUL_SHARE:
        return "UTF-16BE"
    return None


def unmarked_utf32(head: bytes) -> str | None:
    """``"UTF-32LE"`` or ``"UTF-32BE"`` when ``head`` (a file's first bytes) is UTF-32 text without a byte
    order mark: of its first UNMARKED_HEAD_BYTES, taken as 4-byte units, at least UNMARKED_NUL_SHARE of the
    three high bytes of each unit (the last three, LE; the first three, BE) are NUL and at most
    1 - UNMARKED_NUL_SHARE of the low ones are, and at least UNMARKED_NUL_SHARE of those are text
    (:func:`_text_share`: a binary file of small integers is none); None otherwise (UTF-16 text, whose every
    other byte only is NUL, is none)."""
    data = head[:UNMARKED_HEAD_BYTES]
    data = data[: len(data) - len(data) % 4]
    units = len(data) // 4
    if units < UNMARKED_LEAST_UNITS:
        return None
    nul = [data[k::4].count(0) / units for k in range(4)]
    rest = 1.0 - UNMARKED_NUL_SHARE
    if min(nul[1:]) >= UNMARKED_NUL_SHARE and nul[0] <= rest and _text_share(data[0::4]) >= UNMARKED_NUL_SHARE:
        return "UTF-32LE"
    if min(nul[:3]) >= UNMARKED_NUL_SHARE and nul[3] <= rest and _text_share(data[3::4]) >= UNMARKED_NUL_SHARE:
        return "UTF-32BE"
    return None


def wide_text_words(head: bytes) -> str | None:
    """What a file opening with ``head`` is, when a UTF-16 or UTF-32 byte order mark (WIDE_BOMS) opens it:
    "UTF-16 text (it opens with the byte order mark FF FE, as Excel's "Unicode Text" writes), not UTF-8:
    save it as UTF-8" (its NUL bytes are no binary data); for UTF-16 without one (:func:`unmarked_utf16`)
    "UTF-16LE text without a byte order mark (every other byte of its opening is NUL), not UTF-8: save it
    as UTF-8 (iconv -f UTF-16LE -t UTF-8)", UTF-32 without one (:func:`unmarked_utf32`) alike; None for any
    other opening."""
    wide = next(((bom, name) for bom, name in WIDE_BOMS if head.startswith(bom)), None)
    if wide is None:
        unmarked = unmarked_utf32(head)
        if unmarked is not None:
            return (f"{unmarked} text without a byte order mark (three bytes of every four of its opening are "
                    f"NUL), not UTF-8: save it as UTF-8 (iconv -f {unmarked} -t UTF-8)")
        unmarked = unmarked_utf16(head)
        if unmarked is None:
            return None
        return (f"{unmarked} text without a byte order mark (every other byte of its opening is NUL), not "
                f"UTF-8: save it as UTF-8 (iconv -f {unmarked} -t UTF-8)")
    mark = " ".join(f"{b:02X}" for b in wide[0])
    excel = ", as Excel's \"Unicode Text\" writes" if wide[0] == b"\xff\xfe" else ""
    return f"{wide[1]} text (it opens with the byte order mark {mark}{excel}), not UTF-8: save it as UTF-8"


def looks_like(head: bytes) -> str | None:
    """The format (a key of KINDS) whose opening ``head`` (a file's first bytes) is, None for none."""
    if len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT":  # FIT protocol, "File Header"
        return "fit"
    text = head.decode("latin-1")
    if _MOTICON_NAMES.search(text) and text.lstrip("\ufeff\xef\xbb\xbf").startswith("#"):
        return "moticon"
    first = next((line for line in text.splitlines() if line.strip()), "")
    if {"t_s", "foot"} <= {cell.strip() for cell in first.split(",")}:
        return "csv"
    fields = first.split()
    if len(fields) == _PHYSIONET_COLUMNS and all(_is_number(f) for f in fields):
        return "physionet"
    return None


#: The opening of a ZIP archive ("local file header"), as every .xlsx (and .docx, .ods) is.
ZIP_OPENING = b"PK\x03\x04"
#: format -> what to say of a spreadsheet given to its text importer.
#: ``{takes}`` is who takes it, in the caller's words (:func:`_in_words`).
_SPREADSHEET_ADVICE = {
    "moticon": "the Moticon app's report? {takes} takes the app's text export (.txt)",
    "physionet": "{takes} takes a gaitpdb force file (.txt)",
    "csv": "{takes} takes CSV text: save the sheet as CSV (docs/import-csv.md)",
}
#: format -> what its text importer takes, said of any other ZIP archive.
_TAKES = {
    "moticon": "{takes} takes the Moticon app's text export (.txt)",
    "physionet": "{takes} takes a gaitpdb force file (.txt)",
    "csv": "{takes} takes CSV text (docs/import-csv.md)",
}
#: The first entry of an OpenDocument file, uncompressed: its media type (OASIS ODF 1.2, part 3, 3.3).
_ODF_MIMETYPE = "mimetype"
#: The most of an OpenDocument ``mimetype`` entry read (its media types are at most 56 bytes: ODF 1.2
#: part 1, appendix C).
_MIMETYPE_BYTES = 128
#: Names of a ZIP's files listed in a message, at most.
_NAMES_SAID = 3


def zip_contents(path: str | Path) -> tuple[str, list[str]]:
    """What the ZIP archive at ``path`` is, by its entries (stdlib zipfile, which reads only the archive's
    directory): ``("xlsx", names)`` for an Office Open XML spreadsheet (entries under ``xl/``), ``("ods",
    names)`` for an OpenDocument spreadsheet (its ``mimetype`` entry), ``("document", names)`` for another
    office file (a .docx, an .odt: ``[Content_Types].xml`` or a ``mimetype`` entry), ``("zip", names)`` for
    any other archive (a zipped CSV), ``("damaged", [])`` when it cannot be read as one (cut short).
    ``names``: the files it holds, folders left out."""
    import lzma
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if not n.endswith("/")]
            mimetype = ""
            if _ODF_MIMETYPE in names:  # at most a line of it: an entry is only as small as its maker says
                with z.open(_ODF_MIMETYPE) as entry:
                    mimetype = entry.read(_MIMETYPE_BYTES).decode("ascii", "replace").strip()
    # RuntimeError: encrypted; zlib.error, lzma.LZMAError: damaged compressed bytes (bz2 says OSError)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error, lzma.LZMAError):
        return "damaged", []
    if any(n.startswith("xl/") for n in names):
        return "xlsx", names
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
        return "ods", names
    if mimetype or "[Content_Types].xml" in names:
        return "document", names
    return "zip", names


def spreadsheet_error(path: str | Path, fmt: str) -> SessionFormatError | None:
    """For a file given to a text importer (``fmt``) that opens as a ZIP archive, what it is by its
    entries (:func:`zip_contents`): a spreadsheet (an .xlsx, such as the Moticon app's gait report, or an
    .ods) is ``PATH: looks like a spreadsheet (a ZIP archive, as an .xlsx is), not a text file: ...``
    saying what the importer takes; another office file, any other ZIP (unzip it first, naming what it
    holds) or one that cannot be opened is said as such. None for a file that is no ZIP archive."""
    if fmt not in _SPREADSHEET_ADVICE or not read_head(path).startswith(ZIP_OPENING):
        return None
    kind, names = zip_contents(path)
    if kind == "xlsx":
        what = "looks like a spreadsheet (a ZIP archive, as an .xlsx is)"
    elif kind == "ods":
        what = "looks like a spreadsheet (an OpenDocument .ods, a ZIP archive)"
    elif kind == "document":
        return _in_words(f"{said_path(path)}: an office document (a ZIP archive, as a .docx or an .odt is), not a text "
                         "file: ", _TAKES, fmt)
    elif kind == "damaged":
        return _in_words(f"{said_path(path)}: opens as a ZIP archive but cannot be read as one (cut short?), "
                         "not a text file: ", _TAKES, fmt)
    elif not names:
        return _in_words(f"{said_path(path)}: an empty ZIP archive, not a text file: ", _TAKES, fmt)
    else:
        more = len(names) - _NAMES_SAID
        held = ", ".join(names[:_NAMES_SAID]) + (f" and {more} more" if more > 0 else "")
        return _in_words(f"{said_path(path)}: a ZIP archive holding {held}, not a text file: unzip it first; "
                         "", _TAKES, fmt)
    return _in_words(f"{said_path(path)}: {what}, not a text file: ", _SPREADSHEET_ADVICE, fmt)


#: The opening (and end) of an Apache Parquet file, its "magic number" (Parquet format specification,
#: "File Format"), as `solewatch export --format parquet` writes.
PARQUET_OPENING = b"PAR1"


def parquet_error(path: str | Path, fmt: str) -> SessionFormatError | None:
    """For a file given to a text importer (``fmt``) that opens as a Parquet file, ``PATH: a Parquet file
    (it opens with PAR1), not a text file: ...`` saying what the importer takes and, for ``csv``, how a
    Parquet export is read or brought back (the frames table: pandas.read_parquet; an export as CSV with
    its layout JSON imports); None for any other file."""
    if fmt not in _TAKES or not read_head(path).startswith(PARQUET_OPENING):
        return None
    said = f"{said_path(path)}: a Parquet file (it opens with PAR1), not a text file: "
    advice = dict(_TAKES, csv="{takes} takes CSV text: a Parquet export is the frames table, which "
                              "pandas.read_parquet reads; to import a session, export it as CSV with its layout "
                              "JSON (docs/import-csv.md)")
    return _in_words(said, advice, fmt)


def _in_words(said: str, advice: dict[str, str], fmt: str) -> SessionFormatError:
    """``said`` then ``advice[fmt]``, its ``{takes}`` the importer of ``fmt`` in the Python API's words
    (``fmt='moticon'``), and in the command line's (``solewatch import moticon``)."""
    return worded(SessionFormatError, said + advice[fmt].format(takes=f"fmt={fmt!r}"),
                  said + advice[fmt].format(takes=f"`solewatch import {fmt}`"))


def read_head(path: str | Path) -> bytes:
    """The first HEAD_BYTES of ``path``; empty when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read(HEAD_BYTES)
    except OSError:
        return b""


def other_format(path: str | Path, fmt: str, head: bytes | None = None) -> str | None:
    """The format other than ``fmt`` that ``path`` (or its opening ``head``, when given) looks like."""
    found = looks_like(read_head(path) if head is None else head)
    return found if found != fmt else None


def wrong_format(path: str | Path, fmt: str) -> SessionFormatError | None:
    """For a file that is not of format ``fmt`` at all, the error that says so when it is recognisably
    another importable format: ``PATH: not a PhysioNet gait file; looks like a Moticon OpenGo export: use
    fmt='moticon' (monitor.import_session)``, on the command line ``... use `solewatch import moticon```.
    None when it is not: the caller says what is wrong where."""
    other = other_format(path, fmt)
    return None if other is None else other_format_error(f"{said_path(path)}: not {KINDS[fmt]}; ", other)


def other_format_error(said: str, other: str) -> SessionFormatError:
    """``said`` then :func:`use_instead` of ``other``: in the Python API's words, and the command line's."""
    return worded(SessionFormatError, said + use_instead(other), said + use_instead(other, cli=True))


def use_instead(other: str, *, cli: bool = False) -> str:
    """What to say of a file of format ``other``: ``looks like a Moticon OpenGo export: use fmt='moticon'
    (monitor.import_session)`` to a Python caller (a FIT ride: added with import_fit_ride), ``... use
    `solewatch import moticon``` on the command line (``cli``)."""
    if cli:
        return f"looks like {KINDS[other]}: use `solewatch import {other}`"
    if other == "fit":
        return (f"looks like {KINDS[other]}: add it to a session with "
                "monitor.importers.fit_ride.import_fit_ride(path, session_dir)")
    return f"looks like {KINDS[other]}: use fmt={other!r} (monitor.import_session)"


#: A cell that is a number written with a decimal comma (``132,73``, ``-0,5``), as a spreadsheet of a
#: locale that writes them saves it beside semicolons.
_DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+")


def separator_hint(line: str, expected: str, following: Iterable[str] = ()) -> str:
    """``; its cells are separated by semicolons, not commas`` when a header or row ``line`` that should be
    split on ``expected`` (a key of SEPARATORS) is split by another separator instead: that one occurs at
    least twice and more often than ``expected`` does, or, for commas expected, the line's commas are all
    decimal commas of its cells (``0,5;left;132,7``); "" when the line does not look so. Where commas are not
    expected, commas that are all decimal commas of the cells split on another separator are no separator
    (``0,5<TAB>132,7``). Its numbers are
    said to be written with decimal commas too (``..., and its numbers with decimal commas (132,7), not
    points``), whichever the separators, where ``line`` or a line of ``following`` (the file's next lines,
    for a header) shows one."""
    def count(sep: str) -> int:
        return len(line.split()) - 1 if sep == " " else line.count(sep)

    blank = (" ", "\t") if expected == " " else (" ",)  # a TAB is whitespace too
    # 0,5<TAB>132,7 (or 0,5;132,7 where TABs are due): its commas are within cells, not between them
    decimals = expected != "," and any(_decimal_comma(line, sep) for sep in SEPARATORS
                                       if sep != "," and (sep == expected or count(sep) >= 2))
    others = [sep for sep in SEPARATORS if sep != expected and sep not in blank and not (sep == "," and decimals)]
    found = max(others, key=count)
    decimal = _decimal_comma(line, found)
    if count(found) < 2 or (count(found) <= count(expected) and not (expected == "," and decimal)):
        return ""
    decimal = decimal or next(filter(None, (_decimal_comma(ln, found) for ln in following)), "")
    points = f", and its numbers with decimal commas ({decimal}), not points" if decimal else ""
    return f"; its cells are separated by {SEPARATORS[found]}, not {SEPARATORS[expected]}{points}"


#: A cell that may be the part of a number before a decimal comma that split it (``-1`` of ``-1,5``), and one
#: that may be the part after it (``5``, ``02``).
_BEFORE_COMMA, _AFTER_COMMA = re.compile(r"[-+]?\d+"), re.compile(r"\d+")


def split_decimal_hint(cells: list[str], expected: int) -> str:
    """``; are its numbers written with decimal commas (1,5 for 1.5)? A decimal comma splits a cell of a
    comma-separated file: write decimal points (or quote such cells)`` when a row split on commas into
    ``cells`` (more than the header's ``expected``) is as many as ``expected`` with its extra cells joined
    back where a decimal comma cut a number in two (an integer cell followed by a cell of digits, as many
    such pairs, none sharing a cell, as there are extra cells) and it writes no number with a decimal point
    (a file that writes decimal commas writes none); "" otherwise."""
    extra = len(cells) - expected
    stripped = [c.strip() for c in cells]
    if extra <= 0 or any(re.fullmatch(r"[-+]?\d*\.\d+(?:[eE][-+]?\d+)?", c) for c in stripped):
        return ""
    pairs, i = 0, 0
    while i < len(stripped) - 1:
        if _BEFORE_COMMA.fullmatch(stripped[i]) and _AFTER_COMMA.fullmatch(stripped[i + 1]):
            pairs += 1
            i += 2
        else:
            i += 1
    if pairs < extra:
        return ""
    return ("; are its numbers written with decimal commas (1,5 for 1.5)? A decimal comma splits a cell of a "
            "comma-separated file: write decimal points (or quote such cells)")


def decimal_comma_hint(cell: str) -> str:
    """``; its numbers are written with decimal commas (0,5), not points`` when ``cell``, one that is not a
    number, is a number written with a decimal comma; "" otherwise."""
    cell = cell.strip()
    return f"; its numbers are written with decimal commas ({cell}), not points" if _DECIMAL_COMMA.fullmatch(cell) \
        else ""


def _decimal_comma(line: str, sep: str) -> str:
    """The first cell of ``line``, split on ``sep``, that is a number with a decimal comma, when every comma
    of the line is in such a cell; "" otherwise."""
    cells = [c.strip() for c in (line.split() if sep == " " else line.split(sep))]
    with_comma = [c for c in cells if "," in c]
    if not with_comma or not all(_DECIMAL_COMMA.fullmatch(c) for c in with_comma):
        return ""
    return with_comma[0]


def head_lines(path: str | Path, n: int = 20) -> list[str]:
    """The first ``n`` lines of ``path``'s opening (read_head), as text (bytes that are not UTF-8 replaced)."""
    return read_head(path).decode("utf-8", "replace").splitlines()[:n]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
