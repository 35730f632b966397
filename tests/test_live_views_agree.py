"""The terminal's live view (monitor.cli.console_live) and the phone's (monitor.live.web.state) say the same
thing for the same view: what to do now and after for a standing event, the all-clear in the words of the
activity each foot's line says, and a cell's colour from the number it shows (monitor.live.shown)."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from monitor.analysis.alerts import Alert
from monitor.cli.console_live import LiveDisplay, pressure_style, render_view
from monitor.live.view import FootView, LiveView, relative_load
from monitor.live.web.state import page_state

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
KPA = {"heel_medial": 60.0, "heel_lateral": 62.0, "midfoot_medial": 20.0, "midfoot_lateral": 30.0,
       "mth1": 60.0, "mth2_3": 150.0, "mth4_5": 60.0, "hallux": 60.0, "lesser_toes": 25.0}


def _warning(foot: str, t_s: float = 310.0) -> Alert:
    return Alert(t_s, foot, "alert", "warning", "mth2_3", "focal_mth",
                 suggestions=(f"Move the {foot} cleat back 2-10 mm", "Metatarsal pad just behind MTH2-3"),
                 suggestion_keys=("cleat_back", "met_pad"))


def _view(activity: str, *, both: bool = False) -> LiveView:
    feet = {name: FootView(name, True, region_kpa=dict(KPA), activity=activity, level="warning",
                           pattern="focal_mth", region="mth2_3", battery_pct=90) for name in ("left", "right")}
    return LiveView(320.0, 480.0, feet=feet, current_alert=_warning("left"), alerts=2,
                    others=(_warning("right", 315.0),) if both else ())


def _said(view: LiveView, width: int = 80) -> str:
    """The screen as the rider reads it: its rows joined, the banner's borders and line ends left out."""
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(render_view(view))
    return " ".join(console.export_text().replace("┃", " ").split())


@pytest.mark.parametrize("activity, now", [("cycling", "Unweight the foot 20-60 s"),
                                           ("running", "Take a 20-60 s break")])
def test_the_terminal_says_what_to_do_now_and_after_as_the_phone(activity, now):
    # had: the terminal's banner said the fix only ("> Move the left cleat back 2-10 mm"), a change made off
    # the bike, while the phone said to unweight the foot now and the fix after
    view = _view(activity, both=True)
    page = page_state(view)
    assert (page["todo"], page["banner"]["fix"]) == (now, "Move the left cleat back 2-10 mm")
    assert page["others"][0]["todo"] == now
    for width in (80, 60):
        said = _said(view, width)
        assert f"> {now}. After: Move the left cleat back 2-10 mm" in said, said
        assert f"WARNING RIGHT foot MTH2-3 > {now}" in said, said  # the line under the banner: now only


@pytest.mark.parametrize("width", [80, 60])
def test_now_and_after_keep_both_feet_on_a_24_line_terminal(width):
    """The banner's two rows of what to do and a line under it, on 24 lines with the keys' hint: the texts
    give up rows (ROW_CAPS), never the header, the banner or a foot."""
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=width, height=24, force_terminal=True)) as display:
        display.hint = "keys: l / r = left / right foot numb now"
        display.update(_view("cycling", both=True))
    screen = ANSI.sub("", out.getvalue())
    frame = screen[screen.rindex("SOLEWATCH"):].rstrip("\n").splitlines()
    assert len(frame) <= 23 and all(len(line) <= width for line in frame), "\n".join(frame)
    text = "\n".join(frame)
    for word in ("WARNING  LEFT foot", "> Unweight the foot 20-60 s", "WARNING  RIGHT foot", "╭─ LEFT", "╭─ RIGHT",
                 "heel", "keys: l / r"):
        assert word in text, (word, text)


@pytest.mark.parametrize("declared, all_clear", [("cycling_seated", "Nothing to do: ride on"),
                                                 ("elliptical", "Nothing to do: carry on")])
def test_the_first_all_clear_speaks_of_the_declared_activity_the_feet_show(declared, all_clear):
    # had: "Nothing to do" (no ": ride on") in the first states, while each foot's line already read "cycling
    # seated": the all-clear followed the detector's class, not yet recognised, the feet the declared word
    feet = {name: FootView(name, True, region_kpa=dict(KPA), activity="unknown", declared_word=declared)
            for name in ("left", "right")}
    page = page_state(LiveView(0.3, 480.0, feet=feet))
    assert page["feet"]["left"]["activity"] == declared.replace("_", " ")
    assert page["todo"] == all_clear


def test_a_cell_is_coloured_by_the_number_it_shows():
    # had: the band was chosen from the unrounded numbers: a hallux at 1.1496 times its normal read 1.15 and
    # "normal" (green), another at 1.15 "raised" (yellow); a region at 19.6 kPa read 20 and "unloaded"
    kpa = {**KPA, "mth2_3": 60.0, "hallux": 76.0}
    foot = FootView("left", True, region_kpa=kpa, focal_normal={"hallux": (76.0 / 60.0) / 1.1496})
    rel = relative_load(foot, "hallux")
    assert rel is not None and 1.1495 < rel < 1.15
    hallux = page_state(LiveView(60.0, None, feet={"left": foot}))["feet"]["left"]["regions"]["hallux"]
    assert (hallux["rel"], hallux["band"]) == (1.15, "raised")
    assert pressure_style(76.0, rel) == pressure_style(76.0, 1.15) != pressure_style(76.0, 1.14)
    # the unloaded grey is for cells that read under 20 kPa
    low = FootView("left", True, region_kpa={**KPA, "lesser_toes": 19.6, "heel_medial": 19.4})
    regions = page_state(LiveView(60.0, None, feet={"left": low}))["feet"]["left"]["regions"]
    assert (regions["lesser_toes"]["kpa"], regions["lesser_toes"]["band"]) == (20, "loaded")
    assert (regions["heel_medial"]["kpa"], regions["heel_medial"]["band"]) == (19, "unloaded")
    assert pressure_style(19.6) == pressure_style(20.0) != pressure_style(19.4)


def test_the_hallux_is_not_coloured_against_a_normal_nobody_has():
    # had: the hallux was coloured against a normal of 1.0 (no source): on a healthy ride, where pedalling
    # loads the hallux about as the metatarsal heads [8], it read 1.12-1.16 and "raised" (yellow) in a third of
    # the phone's foot views. Neither the rider's kept normal nor DetectorParams.focal_norm holds a hallux ratio.
    from monitor.signal.params import DEFAULT_PARAMS

    normal = dict(DEFAULT_PARAMS.detector.focal_norm["cycling"])
    assert "hallux" not in normal
    kpa = {**KPA, "mth1": 84.0, "mth2_3": 66.0, "mth4_5": 50.0, "hallux": 76.0}  # hallux 1.14x the others' mean
    foot = FootView("left", True, region_kpa=kpa, focal_normal=normal, activity="cycling_seated")
    assert relative_load(foot, "hallux") is None
    regions = page_state(LiveView(60.0, None, feet={"left": foot}))["feet"]["left"]["regions"]
    assert (regions["hallux"]["rel"], regions["hallux"]["band"]) == (None, "loaded")
    assert regions["mth1"]["band"] == "normal" and regions["mth1"]["rel"] is not None  # the heads keep theirs
    # the terminal draws it as the other loaded regions, as the phone does
    assert pressure_style(76.0, relative_load(foot, "hallux")) == pressure_style(76.0) == pressure_style(25.0)


def test_a_notices_fix_is_said_as_for_after_the_ride_in_both_views():
    # had: the key said "NOTICE: ... nothing urgent; its fix is for after the ride" while the banner said the
    # fix as the thing to do now: the phone's "one thing to do now" and the terminal's "> Move the left cleat
    # back 2-10 mm"
    fix = "Move the left cleat back 2-10 mm"
    notice = Alert(610.0, "left", "alert", "notice", "mth2_3", "focal_mth", suggestions=(fix,),
                   suggestion_keys=("cleat_back",))
    feet = {name: FootView(name, True, region_kpa=dict(KPA), activity="cycling", level="notice",
                           pattern="focal_mth", region="mth2_3") for name in ("left", "right")}
    view = LiveView(620.0, 3600.0, feet=feet, current_alert=notice)
    page = page_state(view)
    assert (page["todo"], page["banner"]["fix"]) == ("Nothing urgent now", fix)
    for width in (80, 60):
        said = _said(view, width)
        assert f"> Nothing urgent now. After: {fix}" in said, said
        assert f"> {fix}" not in said, said
    # under the other foot's banner, alike: the notice's fix after, not as the thing to do now
    stale = Alert(600.0, "right", "data_stale", None)
    under = LiveView(620.0, 3600.0, feet=feet, current_alert=stale, others=(notice,))
    other = page_state(under)["others"][0]
    assert (other["todo"], other["fix"]) == ("Nothing urgent now", fix)
    assert f"NOTICE LEFT foot MTH2-3 > Nothing urgent now. After: {fix}" in _said(under, 80)
