"""The phone view says the unit of its regions' numbers: kPa, or "units" where an insole is uncalibrated
(ORPHE INSOLE, Ukaton Mission: nominal units, not kPa, docs/devices.md), as the terminal's key does.

What this guards against: the page drew an ORPHE insole's nominal numbers in its regions with no unit, and
docs/phone-view.md called them kPa. The state is checked as sent (monitor.live.web.state.page_state), and
what the page writes in headless Chromium, served as tests/test_phone_view_stale.py serves it.
"""

from __future__ import annotations

import pytest

# the browser and served fixtures are used by name, and the browser tests' marks are taken as they are
from test_phone_view_stale import _foot, _open, _wait, browser, pytestmark, served  # noqa: F401

from monitor.live.view import LiveView
from monitor.live.web.state import page_state


def _view(calibrated: bool) -> LiveView:
    return LiveView(session_s=30.0, duration_s=None, calibrated=calibrated,
                    feet={f: _foot(f) for f in ("left", "right")})


@pytest.mark.parametrize("calibrated, unit", [(True, "kPa"), (False, "units")])
def test_the_page_writes_the_sessions_unit_under_each_foot(browser, served, calibrated, unit):
    assert page_state(_view(calibrated))["unit"] == unit
    served.publish(_view(calibrated))
    page, errors = _open(browser, served)
    _wait(page, f"document.querySelector('#foot-right text.unit').textContent === '{unit}'")
    assert page.evaluate("document.querySelector('#foot-left text.unit').textContent") == unit
    # inside its foot's drawing, clear of its regions
    inside = page.evaluate("""() => ['left', 'right'].map((f) => {
        const svg = document.querySelector('#foot-' + f + ' svg').getBoundingClientRect();
        const u = document.querySelector('#foot-' + f + ' text.unit').getBoundingClientRect();
        const rects = [...document.querySelectorAll('#foot-' + f + ' rect.region')];
        const apart = rects.map((r) => r.getBoundingClientRect())
            .every((r) => u.right <= r.left || u.left >= r.right || u.bottom <= r.top || u.top >= r.bottom);
        return u.width > 0 && u.left >= svg.left && u.right <= svg.right && u.bottom <= svg.bottom + 1 && apart;
    })""")
    assert inside == [True, True]
    assert errors == []



def test_the_page_marks_a_region_the_insole_cannot_measure_apart_from_no_data(browser, served):
    """ORPHE INSOLE's midfoot (no sensor there) says n/m, with the line that says what it is under the foot,
    where a region without data now says "-" (had: "-" for both, the same pale cell)."""
    from monitor.live.shown import NOT_MEASURED, NOT_MEASURED_WORDS

    feet = {"left": _foot("left", unmeasured=("midfoot_medial", "midfoot_lateral"), share_measured=False),
            "right": _foot("right")}
    served.publish(LiveView(session_s=30.0, duration_s=None, calibrated=False, feet=feet))
    page, errors = _open(browser, served)
    cell = "document.querySelector('#foot-{} rect[data-region=\"{}\"]').nextSibling.textContent"
    _wait(page, f"{cell.format('left', 'midfoot_medial')} === '{NOT_MEASURED}'")
    assert page.evaluate(cell.format("left", "midfoot_lateral")) == NOT_MEASURED
    assert page.evaluate(cell.format("right", "midfoot_lateral")) == "-"  # no data now (_foot's NaN)
    stats = "document.querySelector('#foot-{} .stats').innerText"
    assert f"{NOT_MEASURED}: {NOT_MEASURED_WORDS}" in page.evaluate(stats.format("left"))
    assert NOT_MEASURED not in page.evaluate(stats.format("right"))
    kinds = page.evaluate("""() => ['left', 'right'].map((f) => document.querySelector(
        '#foot-' + f + ' rect[data-region="midfoot_lateral"]').getAttribute('class'))""")
    assert "band-unmeasured" in kinds[0] and "band-none" in kinds[1]
    assert errors == []
