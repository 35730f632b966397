"""An ended phone view never says OK, found in the session, of a foot that sent no data.

Had: `live --sim healthy-ride --speed 40 --duration 90s --fault lose:left@0s:100000 --web ...` ended with the
left foot's badge a green "OK", marked found in the session (data-found 1, title "found in the session"), under
"Found in the session: ...; the left foot sent no data": the state's ``found_levels`` gave ``none`` to a foot
not analysed, and left out a foot given no event at all (the right), so the page took its own ``none``.

The summaries are built by hand (monitor.live.summary.LiveSummary, as tests/test_brief_foot_summary.py); the
page is headless Chromium on a phone view served in this process (tests/test_phone_view_stale.py's fixtures).
"""

from __future__ import annotations

import pytest
from test_phone_view_stale import _foot, _open, _wait, browser, served  # noqa: F401 - fixtures

from monitor.analysis.alerts import Alert
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary
from monitor.live.view import LiveView
from monitor.live.web.state import NO_DATA, ended_fields

pytestmark = pytest.mark.timeout(300)

COUNTERS = {"left": {"frames_missing": 9476}, "right": {"frames_missing": 0}}


def _summary(tmp_path, *, left_runs=(), left_analysed=False, alerts=()) -> LiveSummary:
    """A 1:35 ride whose right foot sent data throughout, and whose left foot sent ``left_runs`` (none: no
    data at all), analysed or not; ``alerts`` delivered."""
    pipeline = {"left": {"activity": "unknown", "analysed": left_analysed},
                "right": {"activity": "cycling", "analysed": True}}
    delivered = [Delivered(a, ("terminal", "phone"), "") for a in alerts]
    return LiveSummary(RecordSummary(tmp_path, 95.0, COUNTERS, 0), delivered, pipeline, data_s=86.0,
                       data_runs={"left": tuple(left_runs), "right": ((9.0, 95.0),)})


def test_every_foot_has_a_found_level_and_one_not_analysed_has_no_data(tmp_path):
    stale = Alert(10.0, "left", "data_stale", None)
    got = ended_fields(_summary(tmp_path, alerts=(stale,)))
    assert got["found_levels"] == {"left": NO_DATA, "right": "none"}
    assert "the left foot sent no data" in " ".join(got["found"])
    # a foot that sent data without being analysed (a whole group of its sensors with none) found nothing either
    got = ended_fields(_summary(tmp_path, left_runs=((9.0, 95.0),), left_analysed=False))
    assert got["found_levels"] == {"left": NO_DATA, "right": "none"}
    # an analysed foot given nothing is "none"; one warned, its highest level
    warning = Alert(80.0, "right", "alert", "warning", "mth2_3", "focal_mth")
    got = ended_fields(_summary(tmp_path, left_runs=((9.0, 95.0),), left_analysed=True, alerts=(warning,)))
    assert got["found_levels"] == {"left": "none", "right": "warning"}


def test_the_ended_page_says_no_data_not_ok_for_a_foot_that_sent_none(tmp_path, browser, served):
    # the left insole linked all session (its link "ok"), every packet of it lost
    served.publish(LiveView(session_s=95.0, duration_s=90.0, current_alert=Alert(10.0, "left", "data_stale", None),
                            feet={f: _foot(f) for f in ("left", "right")}))
    page, errors = _open(browser, served)
    end = ended_fields(_summary(tmp_path, alerts=(Alert(10.0, "left", "data_stale", None),)))
    served.call(served.phone.aclose(end))
    _wait(page, "document.body.dataset.ended === '1'")
    badges = page.evaluate("""[...document.querySelectorAll('.foot-level')].map((b) => ({
        text: b.textContent, level: b.dataset.level, found: b.dataset.found, title: b.title,
        colour: getComputedStyle(b).backgroundColor}))""")
    left, right = badges
    assert left["text"] == "NO DATA" and left["level"] == "nodata", left
    assert left["found"] == "0" and "found in the session" not in left["title"], left
    assert left["colour"] != right["colour"]  # not the green of OK
    assert right["text"] == "OK" and right["found"] == "1", right
    assert not errors
