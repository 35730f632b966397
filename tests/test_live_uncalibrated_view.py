"""The live views on a vendor's insole: what an uncalibrated insole's numbers are, and ORPHE INSOLE's one heel
sensor (docs/devices.md; README.md "Reading the live view").

The claims, each a test that fails if it is wrong:

- on ORPHE INSOLE both heel cells of the terminal and phone views show the heel sensor's number, not "-"
  (no data) all ride; the midfoot, where it has no sensor, has no number and is marked not measured
  ("n/m", not "-"), as is the forefoot share, which it cannot measure (tests/test_not_measured_live.py); on
  Ukaton Mission each heel cell shows its own sensors' number, the medial and lateral ones apart;
- the report's "What to know" says ORPHE INSOLE's heel has one sensor with no medial/lateral split, not that
  it has no sensor there, and still that it has none under the midfoot; a layout that splits the heel
  (Ukaton, the Solewatch insole) gets no such line;
- the key printed above the view and the colour key under the feet say nominal units, not kPa, for an
  uncalibrated insole (ORPHE, Ukaton), and kPa for a calibrated one.
"""

from __future__ import annotations

import io

import pytest
from live_ride import live_ride_async
from rich.console import Console
from test_console_live import _frame, _view

from monitor.cli.console_live import LiveDisplay, render_view
from monitor.codebook import ANALYSIS_REGIONS
from monitor.link import orphe, ukaton
from monitor.live.web.state import page_state
from monitor.report.quality_data import layout_caveats


async def _last_view(kind: str, tmp_path):
    views = []
    await live_ride_async(tmp_path, "healthy-ride", speed=20.0, seed=1, insole=kind, kind=kind, duration_s=20.0,
                          on_view=views.append)
    return next(v for v in reversed(views) if all(f.connected and f.region_kpa for f in v.feet.values()))


def _cells(view, width: int = 80) -> list[str]:
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(render_view(view))
    lines = console.export_text().splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.count("heel") == 4)  # the heel row's labels, both feet
    return [lines[i], lines[i + 1]]


@pytest.mark.looptime
@pytest.mark.timeout(120)
async def test_orphes_heel_sensor_shows_in_both_heel_cells_and_its_midfoot_is_not_measured(tmp_path):
    view = await _last_view("orphe", tmp_path)
    assert view.calibrated is False
    state = page_state(view)
    for foot in ("left", "right"):
        regions = state["feet"][foot]["regions"]
        heel = {r: regions[r]["kpa"] for r in ("heel_medial", "heel_lateral")}
        assert all(v is not None for v in heel.values()), (foot, regions)
        assert heel["heel_medial"] == heel["heel_lateral"]  # one sensor
        assert regions["midfoot_medial"]["kpa"] is None and regions["midfoot_lateral"]["kpa"] is None
        # no sensor there: not measured, not "no data" (had: the views said "-" all ride, data coming in)
        assert not regions["midfoot_medial"]["measured"] and not regions["midfoot_lateral"]["measured"]
        assert view.feet[foot].share_measured is False
        assert view.feet[foot].unmeasured == ("midfoot_medial", "midfoot_lateral")
    labels, numbers = _cells(view)
    assert numbers.replace("│", " ").split() == [str(state["feet"][f]["regions"]["heel_medial"]["kpa"])
                               for f in ("left", "left", "right", "right")], (labels, numbers)


@pytest.mark.looptime
@pytest.mark.timeout(120)
async def test_ukatons_heel_cells_keep_their_own_sensors(tmp_path):
    view = await _last_view("ukaton", tmp_path)
    assert view.calibrated is False
    for foot in view.feet.values():
        assert foot.share_measured is True and foot.unmeasured == ()
        assert {"heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral"} <= set(foot.region_kpa)
        assert "heel" not in foot.region_kpa and "midfoot" not in foot.region_kpa
    state = page_state(view)
    for foot in ("left", "right"):
        assert all(state["feet"][foot]["regions"][r]["kpa"] is not None for r in ANALYSIS_REGIONS)


def test_the_report_says_orphes_heel_is_one_sensor_without_a_medial_lateral_split():
    said = layout_caveats("left", orphe.layout("left"), imported=False)
    heel = [c for c in said if "heel" in c]
    assert heel == ["left: the insole has one heel sensor, with no medial/lateral split: its medial heel and "
                    "lateral heel are not told apart; the sensor counts in the total load and the footstrike, but "
                    "the region figures and tables (regions, average cycle, left and right) and summary.regions "
                    "leave the medial heel and lateral heel out (the live views show the sensor's number in both "
                    "cells)"], said
    assert any("cannot resolve the medial midfoot and lateral midfoot (no sensor there)" in c for c in said), said
    for other in (ukaton.layout("left"),):
        assert not [c for c in layout_caveats("left", other, imported=False) if "heel" in c or "split" in c]


def test_what_the_report_says_of_orphes_heel_is_what_its_analysis_leaves_out(tmp_path):
    """had: "What to know" said only that ORPHE's medial and lateral heel are not told apart, while the
    report's region figures and ``summary.regions`` had no heel at all (the live views show the heel sensor's
    number in both heel cells): a reader could not tell the heel was left out. The caveat says what is left
    out, and it is."""
    from vendor_rides import record_ride

    import monitor
    from monitor.report.data import report_data
    from monitor.report.html import render_html

    session = monitor.load_session(record_ride("orphe", "healthy-run", tmp_path, seed=1, duration_s=20.0))
    result = monitor.analyze(session)
    summary = result.to_json_dict()["summary"]
    for foot in ("left", "right"):
        assert not {"heel_medial", "heel_lateral"} & set(summary[foot]["regions"]), summary[foot]["regions"]
    html = render_html(report_data(session, result), {})
    assert "summary.regions leave the medial heel and lateral heel out" in html
    assert set(result.to_json_dict()["gait"]["feet"]["left"]["strike_pct"].values()) == {0.0, 100.0}


def test_the_key_says_each_foot_s_unit_where_the_feet_differ():
    """The key above the view is one line for the session: a kPa foot beside an uncalibrated one read "in
    nominal units" (or "in kPa") for both. Where the feet differ it names each foot's unit."""
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=400, height=40, force_terminal=True),
                     calibrated={"right": False, "left": True}):  # the link's order
        pass
    key = out.getvalue().split("NOTICE:")[0]
    assert "peak pressure in kPa on the left foot and in nominal units on the right foot (the right insole's " \
           "counts at a nominal scale, not kPa: compare them within that insole only)" in key, key
    for same, unit in ((True, "in kPa:"), (False, "in nominal units (")):  # feet alike: one unit, as before
        out = io.StringIO()
        with LiveDisplay(Console(file=out, width=400, height=40, force_terminal=True),
                         calibrated={"left": same, "right": same}):
            pass
        key = out.getvalue().split("NOTICE:")[0]
        assert f"peak pressure {unit}" in key and "left foot" not in key, key


def test_the_keys_say_nominal_units_for_an_uncalibrated_insole_and_kpa_for_a_calibrated_one():
    for calibrated, unit, not_unit in ((False, "nominal units", "in kPa"), (True, "in kPa", "nominal units")):
        out = io.StringIO()
        with LiveDisplay(Console(file=out, width=200, height=40, force_terminal=True), calibrated=calibrated):
            pass
        key = out.getvalue().split("NOTICE:")[0]
        assert unit in key and not_unit not in key, key
        legend = [ln for ln in _frame(_view(calibrated=calibrated), 80).splitlines() if "x normal" in ln]
        assert legend, "the colour key is under the feet"
        # nominal units have no unloaded band: its threshold is kPa (tests/test_live_nominal_band.py)
        assert ("<20 kPa" in legend[0]) == calibrated and ("no unloaded band" in legend[0]) != calibrated, legend
        assert "<20 units" not in legend[0], legend
