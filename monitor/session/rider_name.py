"""What a rider name may be, one rule wherever a name is taken: ``live --rider``, session.json's ``rider``
and a study.json's ``rider``. A name becomes a file name (the rider's normal, riders/NAME.json) and is
printed and written into a study's sessions.csv and study.html, so it holds no control character. Pure.
"""

from __future__ import annotations

import re
import unicodedata

#: What a rider name may be: letters and digits of any script (a rider named Zoë or Jürgen), '.', '_' and
#: '-', starting with a letter or digit, at most 64 characters; compared in Unicode NFC, the form a keyboard
#: types, so a name typed either way names one file.
_NAME = re.compile(r"^[^\W_][\w.-]{0,63}$")


def rider_name(name: str | None) -> str:
    """``name`` in Unicode NFC ("" for None)."""
    return unicodedata.normalize("NFC", name or "")


def rider_name_problem(name: str | None) -> str | None:
    """``rider name 'eve\\x1b[2J': use letters, digits, '.', '_' or '-' (at most 64), starting with a letter
    or digit`` for a name that breaks the rule (its control characters spelt out by ``repr``); None for a
    good one."""
    name = rider_name(name)
    if _NAME.fullmatch(name):
        return None
    return (f"rider name {name!r}: use letters, digits, '.', '_' or '-' (at most 64), starting with a letter or "
            "digit")
