"""What a rider name may be, one rule wherever a name is taken: ``live --rider`` and session.json's ``rider``.
A name becomes a file name (the rider's normal, riders/NAME.json) and is printed and written into a study's
sessions.csv and study.html, so it holds no control character. A study.json's ``rider`` is a researcher's
label, plain text ("Anna Smith", monitor.studies.task), not held to :func:`rider_name_problem`'s rule, but
compared in the same form (:func:`rider_name`, Unicode NFC), so that a rider named in either form is one
rider. Pure.
"""

from __future__ import annotations

import re
import unicodedata

from monitor.errors import QUOTE_CHARS, quote

#: The longest rider name (characters).
LONGEST_RIDER_NAME_CHARS = 64
#: What a rider name may be: letters and digits of any script (a rider named Zoë or Jürgen), '.', '_' and
#: '-', starting with a letter or digit, at most LONGEST_RIDER_NAME_CHARS characters; compared in Unicode
#: NFC, the form a keyboard types, so a name typed either way names one file.
_NAME = re.compile(rf"^[^\W_][\w.-]{{0,{LONGEST_RIDER_NAME_CHARS - 1}}}$")


def rider_name(name: str | None) -> str:
    """``name`` in Unicode NFC ("" for None)."""
    return unicodedata.normalize("NFC", name or "")


def rider_name_problem(name: str | None) -> str | None:
    """``rider name 'eve\\x1b[2J': use letters, digits, '.', '_' or '-' (at most 64), starting with a letter
    or digit`` for a name that breaks the rule (its control characters spelt out by ``repr``), the name quoted
    cut to its first monitor.errors.QUOTE_CHARS characters (monitor.errors.quote) and a name longer than
    LONGEST_RIDER_NAME_CHARS said so first (``rider name 'aaaa...' is 5000 characters long, more than the
    64 a rider name takes: use ...``); None for a good one. A character the rule refuses past the part quoted
    is named with its place (``rider name 'aaaa...' holds '!' at character 45: use ...``), so that what is
    wrong shows in the line."""
    name = rider_name(name)
    too_long = (f" is {len(name)} characters long, more than the {LONGEST_RIDER_NAME_CHARS} a rider name takes"
                if len(name) > LONGEST_RIDER_NAME_CHARS else "")
    if not too_long and _NAME.fullmatch(name):
        return None
    bad = _first_refused(name)
    hidden = "" if bad is None or bad < QUOTE_CHARS else f" holds {name[bad]!r} at character {bad + 1}"
    return (f"rider name {quote(name)}{too_long}{', and' if too_long and hidden else ''}{hidden}: use letters, "
            f"digits, '.', '_' or '-' (at most {LONGEST_RIDER_NAME_CHARS}), starting with a letter or digit")


#: What _NAME takes of a name's first character, and of each after it.
_FIRST, _NEXT = re.compile(r"[^\W_]"), re.compile(r"[\w.-]")


def _first_refused(name: str) -> int | None:
    """The index (from 0) of the first character of ``name`` :data:`_NAME` refuses; None where each is taken
    (a name refused only for its length, or an empty one)."""
    return next((i for i, ch in enumerate(name) if not (_NEXT if i else _FIRST).fullmatch(ch)), None)
