"""A UTF-16 text file (Excel's "Unicode Text") given to an import is said to be UTF-16, not binary data.

`solewatch import csv u16.csv` of a table saved as Excel's "Unicode Text" (UTF-16 opening FF FE) said
"u16.csv: line 1: a NUL byte at byte 3: binary data, not a text file", and `import moticon` likewise: the
file is text, in an encoding the importers do not read, and saving it as UTF-8 is what to do.
"""

from __future__ import annotations

import pytest
from test_importers import MOTICON
from test_malformed_files import CSV_LINES, EXAMPLE, fails

ENCODINGS = [("utf-16", "FF FE, as Excel's \"Unicode Text\" writes", "UTF-16"),
             ("utf-16-be", "FE FF", "UTF-16"), ("utf-32", "FF FE 00 00", "UTF-32")]


def _wide(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, opening with its byte order mark (Python's utf-16-be writes none)."""
    return (b"\xfe\xff" if encoding == "utf-16-be" else b"") + text.encode(encoding)


@pytest.mark.parametrize("encoding, mark, name", ENCODINGS)
def test_import_csv_of_utf16_text_says_save_it_as_utf8(tmp_path, capsys, encoding, mark, name):
    src = tmp_path / "u16.csv"
    src.write_bytes(_wide("\n".join(CSV_LINES) + "\n", encoding))
    line = fails(capsys, "import", "csv", src, "--layout", EXAMPLE / "layout.json", "-o", tmp_path / "s")
    assert line.endswith(f"u16.csv: line 1: {name} text (it opens with the byte order mark {mark}), not UTF-8: "
                         "save it as UTF-8"), line
    assert not (tmp_path / "s").exists()


def test_import_moticon_of_utf16_text_says_save_it_as_utf8(tmp_path, capsys):
    src = tmp_path / "walk.txt"
    src.write_bytes(_wide(MOTICON.read_text(encoding="utf-8"), "utf-16"))
    line = fails(capsys, "import", "moticon", src, "-o", tmp_path / "s")
    assert line.endswith("walk.txt: line 1: UTF-16 text (it opens with the byte order mark FF FE, as Excel's "
                         "\"Unicode Text\" writes), not UTF-8: save it as UTF-8"), line


UNMARKED = [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")]


@pytest.mark.parametrize("encoding, name", UNMARKED)
@pytest.mark.parametrize("fmt", ["csv", "moticon", "physionet"])
def test_utf16_text_without_a_byte_order_mark_is_named_not_called_binary(tmp_path, capsys, encoding, name, fmt):
    """UTF-16 saved without a byte order mark was "line 1: a NUL byte at byte 1: binary data, not a text
    file": it is named, with how to convert it, for every text import."""
    from test_importers import PHYSIONET

    source = {"csv": EXAMPLE / "walk.csv", "moticon": MOTICON, "physionet": PHYSIONET}[fmt]
    src = tmp_path / "u16.txt"
    src.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    layout = ["--layout", EXAMPLE / "layout.json"] if fmt == "csv" else []
    line = fails(capsys, "import", fmt, src, *layout, "-o", tmp_path / "s")
    assert line.endswith(f"u16.txt: line 1: {name} text without a byte order mark (every other byte of its opening "
                         f"is NUL), not UTF-8: save it as UTF-8 (iconv -f {name} -t UTF-8)"), line
    assert not (tmp_path / "s").exists()


def test_binary_data_with_many_nul_bytes_is_not_called_utf16():
    """A FIT file's opening has NUL bytes on both sides of its 2-byte units: not UTF-16 without a mark."""
    from test_importers import FIT_RIDE

    from monitor.importers.sniff import unmarked_utf16

    assert unmarked_utf16(FIT_RIDE.read_bytes()[:1024]) is None
    assert unmarked_utf16("time,p\n".encode("utf-16-le")) is None  # too short to tell
    assert unmarked_utf16(("t_s,foot\n" * 20).encode("utf-16-le")) == "UTF-16LE"


UNMARKED_32 = [("utf-32-le", "UTF-32LE"), ("utf-32-be", "UTF-32BE")]


@pytest.mark.parametrize("encoding, name", UNMARKED_32)
@pytest.mark.parametrize("fmt", ["csv", "moticon", "physionet"])
def test_utf32_text_without_a_byte_order_mark_is_named_not_called_binary(tmp_path, capsys, encoding, name, fmt):
    """UTF-32 saved without a byte order mark was "line 1: a NUL byte at byte 1: binary data, not a text
    file", as UTF-16 was: it is named, with how to convert it, for every text import."""
    from test_importers import PHYSIONET

    source = {"csv": EXAMPLE / "walk.csv", "moticon": MOTICON, "physionet": PHYSIONET}[fmt]
    src = tmp_path / "u32.txt"
    src.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    layout = ["--layout", EXAMPLE / "layout.json"] if fmt == "csv" else []
    line = fails(capsys, "import", fmt, src, *layout, "-o", tmp_path / "s")
    assert line.endswith(f"u32.txt: line 1: {name} text without a byte order mark (three bytes of every four of its "
                         f"opening are NUL), not UTF-8: save it as UTF-8 (iconv -f {name} -t UTF-8)"), line
    assert not (tmp_path / "s").exists()


def test_utf16_and_binary_data_are_not_called_utf32():
    from test_importers import FIT_RIDE

    from monitor.importers.sniff import unmarked_utf32

    assert unmarked_utf32(FIT_RIDE.read_bytes()[:1024]) is None
    assert unmarked_utf32(("t_s,foot\n" * 20).encode("utf-16-le")) is None
    assert unmarked_utf32(("t_s,foot\n" * 20).encode("utf-32-be")) == "UTF-32BE"


@pytest.mark.parametrize("order", ["<", ">"])
def test_a_binary_file_of_small_integers_is_binary_not_wide_text(tmp_path, capsys, order):
    """Sensor counts dumped as 4-byte or 2-byte integers (1, 2, 3 ...) have the NUL bytes of UTF-32 or UTF-16
    text, but their low bytes are no text: called binary data (had: "UTF-32LE text without a byte order mark
    ... iconv -f UTF-32LE")."""
    import struct

    from monitor.importers.sniff import unmarked_utf16, unmarked_utf32

    ints32 = b"".join(struct.pack(f"{order}i", i % 200) for i in range(1, 3000))
    ints16 = b"".join(struct.pack(f"{order}h", i % 200) for i in range(1, 3000))
    assert unmarked_utf32(ints32) is None and unmarked_utf16(ints16) is None
    (tmp_path / "ints.csv").write_bytes(ints32)
    line = fails(capsys, "import", "csv", tmp_path / "ints.csv", "--layout", EXAMPLE / "layout.json", "-o",
                 tmp_path / "s")
    assert "binary data, not a text file" in line and "UTF-32" not in line, line
