"""The words of a PDF that matplotlib wrote (monitor.report.pdf), for tests, with the standard library alone:
each Flate stream is inflated and each text object's strings are joined into one line. Glyphs that
matplotlib writes with codes of its own (DejaVu's ligatures fi, fl, ff as control characters) or draws as
shapes (signs beyond Latin-1) are not the text's letters: compare with :func:`compact`, which drops them and all white
space."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)")
_LIGATURES = re.compile(r"ffi|ffl|ff|fi|fl")


def pdf_text_lines(data: bytes) -> list[str]:
    """Each text object (one ``Figure.text`` call) of the PDF ``data`` as a line, in the order drawn."""
    lines = []
    for m in _STREAM.finditer(data):
        try:
            raw = zlib.decompress(m.group(1))
        except zlib.error:  # an image or a font, not a page's content
            continue
        for block in re.findall(rb"BT(.*?)ET", raw, re.S):
            text = b"".join(_STRING.findall(block)).decode("latin-1")
            lines.append(re.sub(r"\\(.)", r"\1", text))
    return lines


def compact(text: str) -> str:
    """``text`` without white space and ligature letters: wrapped lines joined compare equal."""
    return re.sub(r"[\s\x00-\x1f]+", "", _LIGATURES.sub("", text))


def pdf_images(data: bytes) -> int:
    """How many images the PDF holds (each drawn figure is one)."""
    return len(re.findall(rb"/Subtype\s*/Image", data))
