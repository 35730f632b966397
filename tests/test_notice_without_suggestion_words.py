"""A notice without suggestions (an Alert a caller made, its message its own) asks for nothing now in every live
view, as a notice with one does: "Nothing urgent now", with nothing for after; never its whole message as what
to do now.

Had: now_and_after gave ("NOTICE left foot under the 2nd-3rd metatarsal heads, focal peak", None), so the live
line read "NOTICE   MTH2-3, focal peak: NOTICE left foot under the 2nd-3rd metatarsal heads, focal peak" and the
line under the banner "> NOTICE left foot under ..."; without a message, "Unload the left forefoot", which asks
for something now of an early sign.
"""

from __future__ import annotations

import pytest

from monitor.analysis.alerts import NOTICE_NOW, Alert, now_after, relief_now
from monitor.cli.console_live import format_event, other_line
from monitor.live.shown import now_and_after, todo_words

MESSAGE = "NOTICE left foot under the 2nd-3rd metatarsal heads, focal peak"


@pytest.mark.parametrize("message", [MESSAGE, ""])
def test_a_notice_without_suggestions_asks_for_nothing_now(message):
    notice = Alert(300.0, "left", "alert", "notice", "mth2_3", "focal_mth", message=message)
    assert now_and_after(notice, "cycling") == (NOTICE_NOW, None)  # had (MESSAGE, None), or "Unload the left ..."
    assert todo_words(notice, "cycling") == NOTICE_NOW
    line = format_event(notice, ["terminal"], "cycling")
    assert line.endswith(f"focal peak: {NOTICE_NOW}  [delivered: terminal]"), line
    assert other_line(notice, "cycling").endswith(f"> {NOTICE_NOW}")


def test_its_message_says_it_as_a_notice_with_a_fix_does():
    assert now_after("notice", (), (), relief_now("cycling")) == (NOTICE_NOW, None)  # had (None, None)
    assert now_after("notice", ("Move the left cleat back",), ("cleat_back",), "x") == (NOTICE_NOW,
                                                                                         "Move the left cleat back")


def test_a_warning_without_suggestions_still_asks_for_relief():
    warning = Alert(300.0, "left", "alert", "warning", "mth2_3", "focal_mth", message="WARNING ...")
    assert now_and_after(warning, "cycling") == (relief_now("cycling"), None)
