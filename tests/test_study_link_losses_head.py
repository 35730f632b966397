"""study.html's data-quality table heads its ``n_disconnects`` column in words true of what it counts: a BLE
insole's link disconnections, the Moticon stream's times a foot went out of the stream (docs/study.md), and
"link losses" where a study holds both, whose column sums the two alike.

What this guards against: a study of Moticon stream sessions headed that column "disconnects", though the
stream has no connection to lose (monitor.link.transport_words).
"""

from __future__ import annotations

import re

import pandas as pd

from monitor.report.study_data import study_data
from monitor.report.study_html import render_study_html


def _sessions(*kinds: str) -> pd.DataFrame:
    """One row per foot of a session per ``kinds`` (its device_kind), each with one link loss."""
    rows = [{"session_id": f"s{i}", "rider": "ana", "start_utc": f"2026-03-0{i + 1}T07:00:00.000Z",
             "date": f"2026-03-0{i + 1}", "activity": "cycling", "device_kind": kind, "layout": "", "change": "",
             "foot": foot, "duration_s": 60.0, "n_disconnects": 1.0, "n_warnings": 0.0}
            for i, kind in enumerate(kinds) for foot in ("left", "right")]
    return pd.DataFrame(rows)


def _quality_head(html: str) -> list[str]:
    section = html[html.index('<section id="quality">'):]
    head = section[:section.index("</tr>")]
    return re.findall(r"<th[^>]*>(.*?)</th>", head)


def test_the_quality_tables_head_says_what_its_count_is_in_the_transports_words():
    for kinds, said in ((("ble:SW-1", "sim"), "disconnections"),
                        (("moticon-udp:OpenGo", "sim:moticon-udp"), "times out of the stream"),
                        (("ble:SW-1", "moticon-udp:OpenGo"), "link losses")):
        heads = _quality_head(render_study_html(study_data(_sessions(*kinds)), {}))
        assert heads[-1] == said and "disconnects" not in heads, (kinds, heads)
