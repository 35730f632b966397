"""Every source tag the tool can print ("[14]") is in SOURCES, so that the "Sources:" block beside it lists it.
Had: the strike-pattern tips cite "(evidence moderate: [2][13][14])" while SOURCES had no 14 and
``cited_sources`` dropped the unknown number silently, so the block listed [2][13] and left [14] unexplained.
Scanned: every string constant of monitor/ that is not a docstring (tips, likely causes, referrals, the
verdict's words), and the tips' and rules' evidence as the advice says them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import monitor
from monitor.analysis.referrals import referrals
from monitor.analysis.sources import SOURCES, known_tags
from monitor.analysis.suggestions import RULES
from monitor.analysis.tips import SUGGESTIONS

TAG = re.compile(r"\[(\d+)\]")
PACKAGE = Path(monitor.__file__).parent


def _printed_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings: (line, text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def test_every_tag_in_the_tools_strings_is_a_listed_source():
    unknown = [f"{p.relative_to(PACKAGE.parent)}:{line}: [{n}]" for p in sorted(PACKAGE.rglob("*.py"))
               for line, text in _printed_strings(p) for n in TAG.findall(text) if int(n) not in SOURCES]
    assert not unknown, unknown  # had: monitor/analysis/tips.py:171: [14], monitor/analysis/tips.py:176: [14]


def test_the_advice_and_referrals_cite_listed_sources_only():
    said = [s.evidence for s in SUGGESTIONS.values()] + [r.evidence for r in RULES]
    said += [own[1] for s in SUGGESTIONS.values() if (own := s.own_sources)]
    said += [line for act in (None, "cycling", "running", "walking", "elliptical_or_stair")
             for line in referrals([act])]
    assert {int(n) for text in said for n in TAG.findall(text)} <= set(SOURCES)
    assert SOURCES[14] == "PMC6231350 (strike pattern study)."  # domain.md, Sources


def test_an_unknown_tag_is_an_error_naming_it():
    assert known_tags("[2][13] M") == "[2][13] M"
    with pytest.raises(ValueError, match=r"\[99\]"):
        known_tags("[2][99] M")
