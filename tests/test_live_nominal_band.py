"""The live views' unloaded grey on an uncalibrated insole (ORPHE INSOLE, Ukaton Mission: nominal units, not
kPa, docs/devices.md).

What this guards against: both views coloured a region "unloaded" under 20 kPa (monitor.live.shown.LOADED_KPA)
whatever its insole sent, so an ORPHE heel reading 12 nominal units was drawn unloaded by a threshold in kPa,
and the terminal's colour key said "<20 units", a threshold no one set in those units. The claims:

- a cell of an uncalibrated foot is never ``unloaded``: the forefoot keeps its bands of times the rider's
  normal (a ratio of the foot's own numbers holds in any unit), the rest is ``nominal``; a calibrated foot
  beside it keeps its unloaded grey and its kPa;
- the terminal's colour key says "units  no unloaded band" for such a foot (and "<20 kPa" for a calibrated
  one beside it); the phone page draws no cell of such a foot in the unloaded grey, writes the foot's own unit
  by its heel and says why under the foot (headless Chromium, served as tests/test_phone_view_stale.py serves it).
"""

from __future__ import annotations

import io

from rich.console import Console

# the browser and served fixtures are used by name, and the browser tests' marks are taken as they are
from test_phone_view_stale import _foot, _open, _wait, browser, served  # noqa: F401
from test_phone_view_stale import pytestmark as browser_marks

from monitor.cli import console_live
from monitor.cli.console_live import _UNLOADED_STYLE, foot_map, render_view
from monitor.live.shown import region_band
from monitor.live.view import LiveView
from monitor.live.web import state as web_state
from monitor.live.web.state import page_state

#: The line the page writes under an uncalibrated foot (monitor.live.web.state.NOMINAL_NOTE).
NOTE = "units, not kPa: no unloaded grey"

#: Low readings everywhere but the forefoot: under 20 as numbers, whatever their unit.
LOW = {"heel_medial": 12.0, "heel_lateral": 12.0, "midfoot_lateral": 5.0, "lesser_toes": 3.0,
       "mth1": 60.0, "mth2_3": 70.0, "mth4_5": 60.0, "hallux": 8.0}


def _mixed() -> LiveView:
    """The left insole calibrated (kPa), the right one not (nominal units), both reading LOW."""
    return LiveView(session_s=30.0, duration_s=None, calibrated=False,
                    feet={"left": _foot("left", region_kpa=dict(LOW), calibrated=True),
                          "right": _foot("right", region_kpa=dict(LOW), calibrated=False)})


def test_a_session_of_uncalibrated_insoles_has_no_unloaded_grey():
    # had: an ORPHE heel reading 12 (units) was "unloaded", under a threshold of 20 kPa
    view = LiveView(session_s=30.0, duration_s=None, calibrated=False,
                    feet={f: _foot(f, region_kpa=dict(LOW)) for f in ("left", "right")})
    for foot in page_state(view)["feet"].values():
        assert [r for r, v in foot["regions"].items() if v["band"] == "unloaded"] == [], foot["regions"]
        assert foot["regions"]["heel_medial"]["kpa"] == 12


def test_an_uncalibrated_foots_cells_are_never_unloaded_by_a_kpa_threshold():
    feet = page_state(_mixed())["feet"]
    left, right = feet["left"]["regions"], feet["right"]["regions"]
    assert [left[r]["band"] for r in ("heel_medial", "midfoot_lateral", "lesser_toes")] == ["unloaded"] * 3
    assert [right[r]["band"] for r in ("heel_medial", "midfoot_lateral", "lesser_toes")] == ["nominal"] * 3
    assert right["hallux"]["band"] != "unloaded" and right["mth2_3"]["band"] == left["mth2_3"]["band"]
    assert not [r for r, v in right.items() if v["band"] == "unloaded"], right
    assert (feet["left"]["unit"], feet["right"]["unit"]) == ("kPa", "units")
    assert (feet["left"]["unit_note"], feet["right"]["unit_note"]) == (None, NOTE) and web_state.NOMINAL_NOTE == NOTE
    assert region_band(12.0) == "unloaded" and region_band(12.0, calibrated=False) == "nominal"
    assert region_band(60.0, 1.0, calibrated=False) == "normal"  # the forefoot's bands hold in any unit


def test_the_terminal_draws_no_unloaded_grey_on_an_uncalibrated_foot_and_its_key_says_why():
    view = _mixed()
    left, right = (foot_map(view.feet[f], 8) for f in ("left", "right"))
    styles = {f: {str(span.style) for span in m.spans} for f, m in (("left", left), ("right", right))}
    assert _UNLOADED_STYLE in styles["left"] and _UNLOADED_STYLE not in styles["right"], styles
    nominal = console_live._NOMINAL_STYLE
    assert nominal not in styles["left"] and nominal in styles["right"]
    console = Console(record=True, width=80, file=io.StringIO())
    console.print(render_view(view))
    key = [ln for ln in console.export_text().splitlines() if "no data" in ln]
    assert key and "<20 kPa" in key[-1] and " units  no unloaded band" in key[-1], key
    assert "<20 units" not in console.export_text()


@browser_marks[0]
@browser_marks[1]
def test_the_page_draws_no_unloaded_grey_on_an_uncalibrated_foot_and_says_why(browser, served):  # noqa: F811
    served.publish(_mixed())
    page, errors = _open(browser, served)
    _wait(page, "document.querySelector('#foot-right text.unit').textContent === 'units'")
    shown = page.evaluate("""() => Object.fromEntries(['left', 'right'].map((f) => [f, {
        unit: document.querySelector('#foot-' + f + ' text.unit').textContent,
        stats: document.querySelector('#foot-' + f + ' .stats').innerText,
        heel: document.querySelector('#foot-' + f + ' rect[data-region=heel_medial]').getAttribute('class'),
        grey: [...document.querySelectorAll('#foot-' + f + ' rect.band-unloaded')].length,
        fill: getComputedStyle(document.querySelector('#foot-' + f + ' rect[data-region=heel_medial]')).fill}]))""")
    assert shown["left"]["unit"] == "kPa" and "band-unloaded" in shown["left"]["heel"]
    assert shown["right"]["grey"] == 0 and "band-nominal" in shown["right"]["heel"], shown
    assert shown["right"]["fill"] != shown["left"]["fill"], shown
    assert NOTE in shown["right"]["stats"] and NOTE not in shown["left"]["stats"], shown
    assert errors == []
