"""The key printed once above the live view says what each level means, one line each, as
docs/detection.md's table of levels has them: a newcomer met NOTICE, WARNING and ALERT in the banner with
no word of what they are (README.md gave only their order)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from monitor.cli.console_live import LiveDisplay
from monitor.signal.params import DEFAULT_PARAMS

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
README = Path(__file__).resolve().parents[1] / "README.md"
D = DEFAULT_PARAMS.detector


def _key() -> str:
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=400, height=40, force_terminal=True, color_system=None)):
        pass
    return ANSI.sub("", out.getvalue())


def test_the_key_above_the_live_view_says_each_level_in_a_line_of_its_own():
    lines = [line.strip() for line in _key().splitlines()]
    notice, warning, alert = ([line for line in lines if line.startswith(f"{level}:")]
                              for level in ("NOTICE", "WARNING", "ALERT"))
    assert len(notice) == len(warning) == len(alert) == 1, lines
    assert "early sign" in notice[0] and f"{D.notice_no_relief_s / 60:.0f} min" in notice[0]
    assert f"{D.warn_after_s / 60:.0f} min of load" in warning[0] and "unweight the foot now" in warning[0]
    assert f"{(D.warn_after_s + D.alert_after_s) / 60:.0f} min without a relief" in alert[0]


def test_the_readme_says_each_level_where_it_reads_the_live_view():
    section = README.read_text().split("### Reading the live view")[1].split("\n### ")[0]
    for level in ("NOTICE", "WARNING", "ALERT"):
        assert re.search(rf"^\s*- `{level}`: ", section, re.M), level
