"""Where a key stands in a JSON text: the line of a nested object's key, for a message that names it."""

from __future__ import annotations

import json
import re

#: A JSON string, or one of the characters that open, close or separate an object or a list.
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def key_line(text: str, at: tuple[str, ...]) -> int | None:
    """The line (1 = the first) of the key ``at`` names in the JSON ``text``: the keys of nested objects,
    outermost first (``("layouts", "left", "x")``), found at that depth only (a ``duration_s`` inside
    ``ground_truth`` is not the top-level one); the first such key where one is given twice; None where
    ``text`` has none."""
    stack: list[str | None] = []  # per open object or list: the key it is the value of (None: none)
    kinds: list[str] = []
    under: str | None = None  # the key whose value comes next
    previous = None  # the string token just before, a key when a ':' follows it
    for m in TOKEN.finditer(text):
        token = m.group()
        if token in "{[":
            stack.append(under)
            kinds.append(token)
            under = None
        elif token in "}]":
            if stack:
                stack.pop()
                kinds.pop()
        elif token == ":" and previous is not None and kinds and kinds[-1] == "{":
            under = json.loads(previous.group())
            if len(stack) == len(at) and tuple(stack[1:]) == at[:-1] and under == at[-1]:
                return text.count("\n", 0, previous.start()) + 1
        previous = m if token.startswith('"') else None
    return None
