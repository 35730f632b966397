"""Free text that reaches the terminal holds no control character. Pure.

A setup's shoes, a session's label and notes are printed as they are (``analyze``'s ``setup:`` line,
``replay``'s first line and ``Note:`` lines). A control character in them acts on the terminal instead of
being read: ESC starts a sequence that clears the screen or sets the window's title, a line break splits
the line. So such text is refused where it comes in new (an argument), and what Solewatch reads from a file
(one written before arguments were refused) or writes from a name it did not choose (an imported file's) has
them spelt out (:func:`spelt_out`): so are an import's header fields and caveats and an insole's device
fields (what its radio or a file says of it), which reach session.json and the terminal
(:func:`spelt_out_all`), and an imported event's label (imported_events.csv, one line per event: written
and read back so, monitor.importers.session.plain_events, monitor.session.tables.read_events_table).

Control characters: C0 (U+0000..U+001F, the tab and line breaks among them), DEL (U+007F), C1
(U+0080..U+009F: U+009B is a one-character CSI on some terminals) and the Unicode line and paragraph
separators (U+2028, U+2029), which break a line too.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def first_control(text: str) -> str | None:
    """The first control character of ``text`` as ``U+001B``, or None when it holds none."""
    m = _CONTROL.search(text)
    return None if m is None else f"U+{ord(m.group()):04X}"


def control_words(text: str, *, place: bool = False) -> str | None:
    """Why ``text`` is refused, for an error line (``holds a control character (U+001B), which a terminal
    acts on: plain text only``), or None when it holds none. ``place``: with where the character is, counted
    from 1 (``(U+001B) at character 230``), for a message that quotes the text cut."""
    m = _CONTROL.search(text)
    if m is None:
        return None
    at = f" at character {m.start() + 1}" if place else ""
    return f"holds a control character (U+{ord(m.group()):04X}){at}, which a terminal acts on: plain text only"


def spelt_out(text: str) -> str:
    """``text`` with each control character written as Python writes it in a string (``\\x1b``,
    ``\\n``, ``\\u2028``): the same text, readable, acting on nothing."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """``text`` on one line: each run of white space (line breaks, tabs, the line and paragraph separators
    among them) one space, none at either end, any other control character :func:`spelt_out`. For a text
    Solewatch did not write, such as an exception's message, quoted in a line the person reads."""
    return spelt_out(" ".join(text.split()))


def error_line(exc: BaseException) -> str:
    """An exception Solewatch did not raise, quoted in a line the person reads: its type and message,
    :func:`one_line` ("RuntimeError: backend fault at step 3"), whatever line breaks its message holds."""
    return one_line(f"{type(exc).__name__}: {exc}")


def spelt_out_all(value: Any) -> Any:
    """``value`` with every string in it :func:`spelt_out`: a str, and the keys and items of a dict, list or
    tuple, nested; anything else (a number, None) as it is."""
    if isinstance(value, str):
        return spelt_out(value)
    if isinstance(value, dict):
        return {spelt_out_all(k): spelt_out_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(spelt_out_all(v) for v in value)
    return value
