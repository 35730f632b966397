"""The import's count line, wrapped to the terminal, keeps each count on one line with its noun (had, at
some widths: "...; 0" then "  caveats in session.json"); its words unchanged (monitor.cli.wrapping)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.cli.wrapping import wrapped

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"
#: a line's end that is a number, the next line's start that is a word: a count parted from its noun
_PARTED = re.compile(r"\d\n *[^\W\d_]")


@pytest.mark.parametrize("columns", range(40, 121))
def test_a_count_is_not_parted_from_its_noun(tmp_path, capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = tmp_path / "walk"
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(EXAMPLE / "layout.json"),
                 "-o", str(out)]) == 0
    said = capsys.readouterr().out
    count_lines = said.split("\n", 1)[1].split("caveats: ")[0]  # after the line naming the session
    assert not _PARTED.search(count_lines), count_lines
    assert all(len(line) <= columns for line in count_lines.splitlines()), count_lines


def test_wrapping_keeps_the_words():
    text = "60.00 s at 100 Hz: left 6,000 frames, 0 missing; right 6,000 frames, 0 missing; 0 caveats in session.json"
    lines = wrapped(text, 43)
    assert "\n  0 caveats in session.json" in lines, lines  # had: "missing; 0" / "  caveats in session.json"
    assert " ".join(lines.split()) == text
