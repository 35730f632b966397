"""Words for what a command says: a count and its noun in the right number (``1 record``, ``4,700
records``), a word after its article (``an elliptical``), a list as a sentence says it (``power, cadence
and heart rate``), a number kept with its unit, the names close to a misspelt one ("did you mean")."""

from __future__ import annotations

import re

#: A number and the unit after it ("796 ms", "(3.66 %)"), which a narrow table cell must not break apart.
_NUMBER_UNIT = re.compile(r"(\d) (%|s\b|ms\b|kPa\b)")


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with thousands separated, then ``singular`` when ``n`` is 1, else ``plural`` (by default
    ``singular`` with an ``s``): ``counted(1, "record")`` is ``1 record``, ``counted(2, "packet lost",
    "packets lost")`` is ``2 packets lost``."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def with_article(word: str) -> str:
    """``word`` after its indefinite article, by its first letter: ``a running``, ``an elliptical``."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def listed(items: list[str], last: str = "and") -> str:
    """``items`` as a sentence lists them: ``power``, ``power and cadence``, ``power, cadence and speed``
    (``last``: the word before the last item, e.g. ``or``)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def units_kept(text: str) -> str:
    """``text`` with a no-break space between each number and its unit (%, s, ms, kPa): ``796 ms`` stays
    on one line."""
    return _NUMBER_UNIT.sub("\\1\u00a0\\2", text)


def close_names(word: str, names: list[str], *, shared_ending: str = "") -> list[str]:
    """Up to three of ``names`` that ``word`` may have meant, closest first: those difflib finds close
    (ratio 0.6, its default, a guess that catches one or two letters wrong in a word of eight), else
    those that hold ``word`` ("toe" -> toe-clips); [] for none. ``shared_ending``: an ending most of
    ``names`` have, left out of the likeness of ``word`` and a name that both end in it, which alone would
    make them close ("ing": "rowing" and "walking" are 0.62 alike, "row" and "walk" 0.29)."""
    import difflib

    if not shared_ending:
        close = difflib.get_close_matches(word, names, n=3, cutoff=0.6)
    else:
        def stem(name: str) -> str:
            both = word.endswith(shared_ending) and name.endswith(shared_ending)
            return name[:-len(shared_ending)] if both else name

        alike = difflib.SequenceMatcher()
        alike.set_seq2(stem(word))
        scored = []
        for name in names:
            alike.set_seq1(stem(name))
            scored.append((alike.ratio(), name))
        close = [name for ratio, name in sorted(scored, key=lambda s: -s[0]) if ratio >= 0.6][:3]
    return close or [n for n in names if word and word in n][:3]
