"""Lines a command prints wrapped to the terminal's width: the import's count line, its caveats and what
they are, and analyze's referrals (when to see a clinician), so that none runs past a narrow terminal."""

from __future__ import annotations

import re
import shutil
import textwrap

#: The width the lines wrap to where stdout is no terminal and COLUMNS is not set (a guess: what reads
#: whole in a wide terminal or an editor; shutil's own fallback, 80, breaks lines that fit most screens).
FALLBACK_COLUMNS = 100
#: The narrowest width the lines wrap to, however narrow the terminal (a guess: a bullet keeps a few
#: words a line).
MIN_COLUMNS = 40


def terminal_width() -> int:
    """The width to wrap to, in characters: COLUMNS, else the terminal's, else FALLBACK_COLUMNS; at least
    MIN_COLUMNS."""
    return max(shutil.get_terminal_size((FALLBACK_COLUMNS, 24)).columns, MIN_COLUMNS)


#: Stands for a space the lines are not broken at while they are wrapped (one character, as the space it
#: stands for; textwrap breaks at ASCII whitespace only), a private-use character no text holds.
_JOIN = "\ue000"
#: A number and the word after it: a count and its noun (monitor.util.words.counted: "0 caveats",
#: "1,200 frames"), a value and its unit ("100 Hz").
_NUMBER_WORD = re.compile(r"(?<=\d) (?=[^\W\d_])")


def _fill(text: str, width: int, **kwargs) -> str:
    """textwrap.fill with a number kept on one line with the word after it (had: "...; 0⏎  caveats in
    session.json"), the text unchanged."""
    kept = _NUMBER_WORD.sub(_JOIN, text)
    return textwrap.fill(kept, width, break_long_words=False, break_on_hyphens=False, **kwargs).replace(_JOIN, " ")


def wrapped(text: str, width: int, indent: str = "  ") -> str:
    """``text`` as lines of at most ``width`` characters, continuation lines indented by ``indent``; a word
    longer than that (a path, a URL) stays whole on a line of its own, a number stays with the word after
    it ("0 caveats"), and the words are unchanged."""
    return _fill(text, width, subsequent_indent=indent)


def paragraph_to_terminal(text: str) -> str:
    """``text`` (a paragraph: a referral of analyze's) wrapped to :func:`terminal_width`, unindented."""
    return wrapped(text, terminal_width(), "")


def caveat_lines(caveat: str, width: int) -> str:
    """One caveat as a bullet of lines at most ``width`` characters (a word longer than that, a path or a
    URL, stays whole on a line of its own, a number with the word after it), continuation lines indented under
    its first word; the text itself, session.json's, is unchanged."""
    return _fill(caveat, width, initial_indent="  - ", subsequent_indent="    ")
