"""docs/analyze-json.md says what each alert level is as the code has it: a notice is an early sign, or a
reminder to unweight for the reminder patterns only (monitor.analysis.mark_words.REMINDERS), as
docs/events-json.md says; it read "`notice` (a reminder, e.g. to unweight)"."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.analysis.mark_words import REMINDERS
from monitor.signal.types import LEVELS

ROOT = Path(__file__).resolve().parents[1]


def _row(doc: str, key: str) -> str:
    return next(line for line in (ROOT / "docs" / doc).read_text().splitlines() if line.startswith(f"| `{key}` |"))


def test_the_levels_of_analyze_json_are_the_codes_and_a_notice_is_an_early_sign():
    row = _row("analyze-json.md", "alerts[].level").split(" | ", 2)[2]
    assert re.findall(r"(?:^|\), |, )`(\w+)`(?= \(|,)", row) == [x for x in LEVELS if x != "none"], row
    notice = row.split("`notice` (", 1)[1]
    assert notice.startswith("an early sign"), row
    reminders = re.search(r"of the patterns ((?:`\w+`(?:, | and )?)+) only, a reminder", notice)
    assert reminders and set(re.findall(r"`(\w+)`", reminders.group(1))) == {p for p in REMINDERS if p}, row
    assert "an early sign" in _row("events-json.md", "level")
