"""The phone view's banner title of a whole-forefoot alert names where its load is heaviest: "NOTICE left
forefoot, heaviest MTH1" (had: "NOTICE left forefoot pressure stays on", the region said nowhere in words), the
foot's caption under it saying the pattern. The title fits a 360x640 phone with the page at its most crowded
(both feet warned, the recording stopped, a 10-hour clock), said whole, the numb buttons on the first screen:
with the pattern too ("WARNING right forefoot weight far forward, heaviest MTH2-3") it took a third line and
pushed them to 657 px. Served from this process and opened in headless Chromium as
tests/test_phone_view_layout.py does; polled waits only.
"""

from __future__ import annotations

import pytest

# the browser and served fixtures are used by name, and the browser tests' marks are taken as they are
from test_phone_view_layout import WIDTH_PX, _overflowing, _publish_both_feet_warned_and_disk_full
from test_phone_view_stale import _open, _wait, browser, pytestmark, served  # noqa: F401

from monitor.analysis.alerts import Alert
from monitor.analysis.suggestions import pattern_short
from monitor.live.web.state import banner


def test_the_title_of_a_whole_forefoot_alert_says_where_its_load_is_heaviest():
    notice = Alert(60.0, "left", "alert", "notice", "mth1", "residual_unloaded")
    assert banner(notice)["title"] == "NOTICE left forefoot, heaviest MTH1", banner(notice)
    unnamed = Alert(60.0, "left", "alert", "notice", None, "residual_unloaded")
    assert banner(unnamed)["title"] == "NOTICE left forefoot pressure stays on"  # no region: none said
    focal = Alert(60.0, "right", "alert", "warning", "mth2_3", "focal_mth")
    assert banner(focal)["title"] == "WARNING right foot MTH2-3 focal peak"  # one head: said under it, as before


#: the longest whole-forefoot pattern's words (monitor.analysis.suggestions.pattern_short: "weight far
#: forward"), and the one most often raised
@pytest.mark.parametrize("pattern", ["cop_forward", "residual_unloaded"])
def test_the_title_with_its_region_fits_a_crowded_360x640_phone_whole(browser, served, pattern):
    _publish_both_feet_warned_and_disk_full(served, pattern=pattern)
    page, errors = _open(browser, served)
    _wait(page, "document.querySelectorAll('#others .other').length === 2")
    title = page.evaluate("document.getElementById('banner-title').textContent")
    assert title == "WARNING right forefoot, heaviest MTH2-3", title
    assert page.evaluate("document.getElementById('banner-title').title") == ""  # not cut: said whole
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH_PX
    assert _overflowing(page, "header, #bottom, #banner, #others > div") == []
    bottom = page.evaluate("document.getElementById('numb').getBoundingClientRect().bottom")
    assert bottom <= 640, bottom
    # the pattern in words under the foot whose load it is
    captions = page.evaluate("[...document.querySelectorAll('.foot .what')].map((e) => e.textContent)")
    assert any(pattern_short(pattern) in c for c in captions), captions
    assert errors == []
