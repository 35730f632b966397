"""The live terminal view: what a person sees at 80 and 60 columns, plain event lines, and a real terminal.

Screens are rendered with rich's recording Console and read back as text; the real-terminal tests run a
small driver under tmux (at 80x24, read with ``tmux capture-pane``) and under a pty.
"""

from __future__ import annotations

import io
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from monitor.analysis.alerts import Alert
from monitor.cli.console_live import (
    LEVEL_WORDS,
    LiveDisplay,
    foot_map,
    format_event,
    pressure_style,
    relative_load,
    render_view,
)
from monitor.live.view import FootView, LiveView

ROOT = Path(__file__).resolve().parents[1]
NAN = float("nan")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

KPA_LEFT = {"heel_medial": 12.0, "heel_lateral": 15.0, "midfoot_medial": 3.0, "midfoot_lateral": 25.0,
            "mth1": 61.0, "mth2_3": 145.0, "mth4_5": 82.0, "hallux": 55.0, "lesser_toes": 19.0}
KPA_RIGHT = {"heel_medial": 10.0, "heel_lateral": 11.0, "midfoot_medial": NAN, "midfoot_lateral": 22.0,
             "mth1": 71.0, "mth2_3": 93.0, "mth4_5": 310.0, "hallux": 47.0, "lesser_toes": 18.0}
WARN = Alert(700.0, "left", "alert", "warning", "mth2_3", "focal_mth",
             suggestions=("Move the cleats back 2-10 mm", "Metatarsal pad just behind MTH2-3"))


def _foot(name: str, **kw) -> FootView:
    # an even normal of the metatarsal heads (a region is coloured only against a normal it has)
    base = dict(connected=True, region_kpa=KPA_LEFT if name == "left" else KPA_RIGHT, forefoot_share=0.72,
                focal_normal={"mth1": 1.0, "mth2_3": 1.0, "mth4_5": 1.0},
                time_since_relief_s=1234.0, activity="cycling", cadence_per_min=88.0, packets_per_s=98.7,
                packets_lost=3, gaps=1, battery_pct=76)
    base.update(kw)
    return FootView(name, **base)


def _view(**kw) -> LiveView:
    feet = kw.pop("feet", None) or {
        "left": _foot("left", level="warning", pattern="focal_mth", region="mth2_3"),
        "right": _foot("right", battery_pct=12, battery_low=True)}
    base = dict(session_s=754.0, duration_s=3600.0, feet=feet, current_alert=WARN, alerts=2)
    base.update(kw)
    return LiveView(**base)


def _screen(view: LiveView, width: int) -> str:
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(render_view(view))
    return console.export_text()


def _frame(view: LiveView, width: int, rows: int = 24) -> str:
    """The screen the live display leaves on a terminal ``width`` x ``rows`` (its last frame, no cursor line)."""
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=width, height=rows, force_terminal=True)) as display:
        display.update(view)
    screen = ANSI.sub("", out.getvalue())
    return screen[screen.rindex("SOLEWATCH" if width >= 50 else "alerts "):].rstrip("\n")


def _halves(text: str, width: int, marker: str, below: int = 0) -> tuple[str, str]:
    """The left and right halves of the first line holding ``marker`` (or of the line ``below`` it)."""
    lines = text.splitlines()
    line = lines[next(i for i, ln in enumerate(lines) if marker in ln) + below]
    return line[: width // 2], line[width // 2:]


# ------------------------------------------------------------------------------------------------ screens

@pytest.mark.parametrize("width", [80, 60])
def test_screen_shows_both_feet_levels_numbers_and_the_alert(width):
    text = _screen(_view(), width)
    lines = text.splitlines()
    assert len(lines) <= 22, text  # room left on a 24-line terminal
    assert all(len(ln) <= width for ln in lines)
    for fragment in ("LEFT", "RIGHT", "WARNING", " OK ", "MTH1", "MTH2-3", "MTH4-5", "hallux", "toes", "heel",
                     "145", "310", "61", "72%", "20:34", "12:34 / 1:00:00",
                     "> Unweight the foot 20-60 s. After: Move the cleats", "12% LOW"):
        assert fragment in text, (fragment, text)
    banner = next(ln for ln in lines if "WARNING" in ln and "foot" in ln)
    assert "LEFT foot" in banner and "MTH2-3" in banner and "focal peak" in banner
    assert "0:54 ago" in banner  # 754 s now, alert at 700 s
    left, right = _halves(text, width, "heel", below=1)
    assert "15" in left and "12" in left and "10" in right and "11" in right


#: The colour legend's keys, each to be read whole on one line
LEGEND_KEYS = ("x normal", "<0.85", "0.85+", "1.15+", "1.25+", "1.6+", "<20 kPa", "- ", "no data")


@pytest.mark.parametrize("width", [80, 64, 60, 50])
def test_the_legend_keeps_each_key_whole_down_to_the_narrowest_width_that_shows_it(width):
    # had: 65 columns wrapped as words, cutting a key in two: "no" / "data" at 60 columns, "<20" / "kPa" at
    # 50 (the narrowest that shows the legend, console_live._NARROW)
    text = _frame(_view(), width)
    lines = text.splitlines()
    assert len(lines) <= 23 and all(len(ln) <= width for ln in lines), text  # and the cursor's line: 24
    start = next(i for i, ln in enumerate(lines) if ln.startswith("x normal"))
    legend = lines[start:]
    assert len(legend) == (1 if width >= 65 else 2), legend
    assert "1.6+" in legend[0] and "<0.85" in legend[0]  # the scale on one line
    for key in LEGEND_KEYS:
        assert sum(key in ln for ln in legend) == 1, (key, legend)
    assert "x normal" not in _screen(_view(), 49)  # narrower, it goes


@pytest.mark.parametrize("width", [80, 60])
def test_medial_side_toward_the_middle(width):
    text = _screen(_view(), width)
    left, right = _halves(text, width, "MTH4-5")
    assert left.index("MTH4-5") < left.index("MTH2-3") < left.index("MTH1")
    assert right.index("MTH1") < right.index("MTH2-3") < right.index("MTH4-5")
    left, right = _halves(text, width, "hallux")
    assert left.index("toes") < left.index("hallux")
    assert right.index("hallux") < right.index("toes")
    values_left, values_right = _halves(text, width, "MTH4-5", below=1)
    assert values_left.index("82") < values_left.index("145") < values_left.index("61")
    assert values_right.index("71") < values_right.index("93") < values_right.index("310")


def test_narrow_screen_drops_details_never_the_level_or_the_alert():
    wide, narrow, tiny = (_screen(_view(), w) for w in (80, 60, 40))
    assert "cycling 88 rpm" in wide and "cycling" not in narrow
    running = _screen(_view(feet={"left": _foot("left", activity="running", cadence_per_min=170.0)}), 80)
    assert "running 170 steps/min" in running and "rpm" not in running and "relief" not in running
    assert "bad 0" in wide and "bad" not in narrow
    assert "kPa" in narrow and "kPa" not in tiny
    for text in (narrow, tiny):
        assert "WARNING" in text and "LEFT" in text and "RIGHT" in text and " OK " in text
        said = " ".join(text.replace("┃", " ").split())  # the banner's rows, their borders left out
        assert "> Unweight the foot 20-60 s. After: Move the cleats back 2-10 mm" in said, text


def test_a_cadence_before_the_activity_is_recognised_has_no_unit_to_show():
    # a 90-rpm ride's strokes counted before it is recognised as cycling: 181 a minute, of no known unit
    unknown = _screen(_view(feet={"left": _foot("left", activity="unknown", cadence_per_min=181.0)}), 80)
    assert "181" not in unknown and "steps/min" not in unknown and "rpm" not in unknown


def test_nan_and_missing_values_show_as_dash():
    empty = {r: NAN for r in KPA_LEFT}
    feet = {"left": FootView("left", True, region_kpa=empty), "right": FootView("right", True)}
    text = _screen(_view(feet=feet, current_alert=None, duration_s=None), 80)
    assert "nan" not in text.lower() and "inf" not in text.lower()
    assert "forefoot -  relief - ago" in text
    assert "battery -" in text
    left, right = _halves(text, 80, "MTH4-5", below=1)
    assert left.split() == right.split() == ["│", "-", "-", "-", "│"]  # the three MTH cells of each foot
    assert "no alert" in text and "12:34 " in text and "/" not in text.splitlines()[0]


def test_a_down_foot_keeps_its_level_a_lost_one_reads_lost():
    feet = {"left": _foot("left", connected=False, level="notice", pattern="relief_rare"),
            "right": _foot("right", connected=False, lost=True, level="warning", region="mth4_5")}
    text = _screen(_view(feet=feet, current_alert=None), 60)
    left, right = _halves(text, 60, "NOTICE")
    assert "DOWN" in left and "NOTICE" in left
    assert "LOST" in right and "WARNING" not in right and "MTH4-5" not in right  # its level from before


@pytest.mark.parametrize("how", [dict(connected=False), dict(stale=True)])
def test_a_foot_down_or_stale_shows_no_numbers_from_before_but_keeps_its_level(how):
    """A foot whose link went down, or whose data the analysis found stale, has no data now: its cadence,
    forefoot share, relief clock and region peaks are from before and read as now (had, stop:right@60s at
    20x: '91 rpm', the relief clock climbing 62 to 69 s, MTH2-3 95 kPa "high" until the foot was declared
    lost at 70.8 s). The views say "-" (the page null) as for a lost foot; the level, pattern and region of
    what stands are kept (missing data end no alert)."""
    from monitor.live.web.state import page_state

    foot = _foot("right", level="notice", pattern="focal_mth", region="mth2_3", **how)
    assert foot.lost is False and foot.level == "notice" and foot.region == "mth2_3"
    feet = {"left": _foot("left"), "right": foot}
    state = page_state(_view(feet=feet, current_alert=None))["feet"]
    right, left = state["right"], state["left"]
    assert (right["cadence"], right["relief_s"]) == (None, None)
    none = {"kpa": None, "rel": None, "band": None, "measured": True}
    assert all(r == none for r in right["regions"].values()), right["regions"]
    assert (right["level"], right["hot"]) == ("notice", "mth2_3")  # what stands is still said
    assert left["cadence"] == "88 rpm" and left["regions"]["mth2_3"]["kpa"] is not None  # the other foot's data
    text = _screen(_view(feet=feet, current_alert=None), 80)
    _, half = _halves(text, 80, "forefoot")
    assert "forefoot -  relief - ago" in half and "88" not in _halves(text, 80, "cycling")[1], text


def _column(text: str, width: int, side: str) -> str:
    """One half of the feet's panels (below the banner, above the legend), as text."""
    lines = text.splitlines()
    start = max(i for i, ln in enumerate(lines) if ln.startswith(("┗", "no alert")))
    end = max(i for i, ln in enumerate(lines) if ln.startswith("╰"))
    half = [ln[: width // 2] if side == "left" else ln[width // 2:] for ln in lines[start + 1:end + 1]]
    return "\n".join(half)


@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_lost_foot_reads_lost_with_no_numbers_from_before_the_loss(width):
    # had: " LOST  OK " in green over the lost foot's last numbers, faded but read as now
    stale = Alert(741.0, "left", "data_stale", None)
    feet = {"left": _foot("left", connected=False, lost=True, level="none"), "right": _foot("right")}
    text = _screen(_view(feet=feet, current_alert=stale), width)
    left, right = _column(text, width, "left"), _column(text, width, "right")
    assert "LOST" in left and "OK" not in left, text
    assert "OK" in right
    for before in ("145", "82", "61", "55", "25", "72%", "88 rpm", "20:34"):  # map, share, cadence, relief
        assert before not in left, (before, text)
    if width >= 60:
        assert "310" in right and "72%" in right
        assert "MTH2-3" in left and "-" in left  # the map is there, without numbers
    banner = " ".join(ln for ln in text.splitlines() if ln.startswith("┃"))
    assert "NO DATA" in banner and "LEFT foot" in banner


def test_with_a_foot_lost_and_no_event_standing_the_banner_says_no_data_not_no_alert():
    feet = {"left": _foot("left", connected=False, lost=True, level="none"), "right": _foot("right")}
    text = _screen(_view(feet=feet, current_alert=None), 80)
    banner = " ".join(ln for ln in text.splitlines() if ln.startswith("┃"))
    assert "NO DATA  LEFT foot lost" in banner and "Check the left insole" in banner, text
    assert "no alert" not in text


def test_one_foot_only_and_odd_feet():
    text = _screen(_view(feet={"right": _foot("right", level="alert", region="mth1")}), 80)
    left, right = _halves(text, 80, "RIGHT")
    assert "LEFT" in left and "ALERT" in text and "no insole" in text
    odd = _screen(_view(feet={"left": "not a foot", "third": _foot("third", level="notice")}), 80)
    assert odd.count("no insole") == 2 and "THIRD" in odd and "NOTICE" in odd


@pytest.mark.parametrize("alert, words", [
    (Alert(10.0, "right", "data_stale", None), ["NO DATA", "RIGHT foot", "load is unknown"]),
    (Alert(10.0, "left", "back_to_normal", None), ["BACK TO NORMAL", "LEFT foot", "Assessed none again"]),
    (Alert(10.0, "left", "alert", "alert", "mth1", "residual_unloaded",
           suggestions=("Unweight the foot 20-60 s",)),
     ["ALERT", "LEFT forefoot", "(heaviest under MTH1)", "pressure stays on", "Unweight the foot 20-60 s"]),
    (Alert(10.0, "left", "alert", "notice", None, "relief_rare"), ["NOTICE", "too few reliefs"]),
])
def test_banner_for_every_kind(alert, words):
    text = _screen(_view(current_alert=alert), 80)
    banner = " ".join(ln for ln in text.splitlines() if ln.startswith("┃"))
    for w in words:
        assert w in banner, (w, text)


@pytest.mark.parametrize("width", [80, 60])
def test_a_notice_under_the_other_foots_no_data_banner_is_said_under_the_banner(width):
    # had: the right foot's notice showed only as its badge; its suggestion was nowhere on the screen
    stale = Alert(741.0, "left", "data_stale", None)
    notice = Alert(750.0, "right", "alert", "notice", "mth4_5", "focal_mth",
                   suggestions=("Try a shoe with a wider toe box",))
    feet = {"left": _foot("left", connected=False, lost=True, level="none"),
            "right": _foot("right", level="notice", pattern="focal_mth", region="mth4_5")}
    text = _screen(_view(feet=feet, current_alert=stale, others=(notice,)), width)
    lines = text.splitlines()
    assert len(lines) <= 22 and all(len(ln) <= width for ln in lines)
    banner = [i for i, ln in enumerate(lines) if ln.startswith("┃")]
    assert "NO DATA" in lines[banner[0]]  # the banner's ranking stands
    panels = next(i for i, ln in enumerate(lines) if ln.startswith("╭"))
    under = " ".join(" ".join(lines[banner[-1] + 2:panels]).split())
    assert "NOTICE RIGHT foot MTH4-5 > Nothing urgent now. After: Try a shoe with a wider toe box" in under, text


def test_header_recording_states():
    assert "REC STOPPED: disk full" in _screen(_view(recording=False, recording_error="disk full"), 80)
    # when it stopped, as the phone view says it (had: no time)
    assert "REC STOPPED at 1:11: disk full" in _screen(
        _view(recording=False, recording_error="disk full", recording_stopped_s=71.0), 80)
    assert "not recording" in _screen(_view(recording=False), 80)
    assert "sim cleat-forward" in _screen(_view(label="sim cleat-forward"), 80)


def test_header_time_never_passes_the_duration():
    # a simulated ride at 100x waits on the host's clock for its last data: session time x speed ran past
    # the duration in the header ("17:20 / 1:00")
    assert "1:00 / 1:00" in _screen(_view(session_s=1040.0, duration_s=60.0), 80)
    assert "0:30 / 1:00" in _screen(_view(session_s=30.0, duration_s=60.0), 80)


#: Texts longer than any the project writes (a path of a deep folder in an error, a suggestion of a paragraph)
LONG_TODO = "Move the cleats back 2-10 mm, " + "then ride ten minutes and see whether the pressure eases, " * 6
LONG_ERROR = ("[Errno 28] No space left on device: '/media/rider/"
              + "a_very_long_folder_name/" * 10 + "frames.parquet'")


def _long_view(*, todo: str = LONG_TODO, other: str = LONG_TODO, error: str | None = LONG_ERROR) -> LiveView:
    left = Alert(70.0, "left", "alert", "warning", "mth2_3", "focal_mth", suggestions=(todo,))
    right = Alert(80.0, "right", "alert", "notice", "mth4_5", "focal_mth", suggestions=(other,))
    feet = {"left": _foot("left", level="warning", pattern="focal_mth", region="mth2_3"),
            "right": _foot("right", level="notice", pattern="focal_mth", region="mth4_5")}
    return _view(feet=feet, current_alert=left, others=(right,), recording=error is None,
                 recording_error=error, recording_stopped_s=71.0)


@pytest.mark.parametrize("texts", [
    dict(),  # all long
    dict(other="Move the right cleat back", error=None),  # a long suggestion in the banner
    dict(todo="Move the left cleat back", error=None),  # a long one under it
    dict(todo="Move the left cleat back", other="Move the right cleat back"),  # a long error
])
@pytest.mark.parametrize("hint", [True, False])
def test_long_texts_leave_the_banner_and_both_feet_on_an_80x24_terminal(texts, hint):
    # had: what to do and the other foot's line wrapped in full, so a 380-character suggestion pushed the
    # feet down and rich.live cropped the screen at 24 lines: the feet's last rows (battery, link) were gone,
    # their place taken by "..."
    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True)
    with LiveDisplay(console) as display:
        if hint:
            display.hint = "keys: l / r = left / right foot numb now"
        display.update(_long_view(**texts))
        drawn = ANSI.sub("", out.getvalue())
    frame = drawn[drawn.rindex("SOLEWATCH "):]  # the screen while live, cropped by rich.live to the terminal
    lines = frame.splitlines()
    assert len(lines) <= 23 and all(len(ln) <= 80 for ln in lines), frame
    assert "WARNING  LEFT foot  MTH2-3" in frame and "> Unweight the foot 20-60 s. After: Move the" in frame
    assert "NOTICE  RIGHT foot  MTH4-5  > Nothing urgent now. After: Move the" in frame  # a notice's fix: after
    assert "╭─ LEFT" in frame and "─ RIGHT" in frame
    bottom = next(ln for ln in lines if ln.startswith("╰"))  # both panels' last row, whole
    assert bottom.count("╰") == 2 and bottom.count("╯") == 2, frame
    assert frame.count("reconnects 0  battery 76%") == 2 and "..." not in frame, frame
    if texts.get("error", LONG_ERROR):
        assert "REC STOPPED at 1:11" in frame
    if hint:
        assert lines[-1].startswith("keys: l / r")


def test_long_texts_are_cut_to_a_few_rows_with_an_ellipsis_and_printed_whole_above_the_view():
    text = _screen(_long_view(), 80)  # a console of no known height: every text at its most rows
    lines = text.splitlines()
    assert all(len(ln) <= 80 for ln in lines)
    banner = [ln for ln in lines if ln.startswith("┃")]
    assert len(banner) == 3 and banner[2].rstrip(" ┃").endswith("…"), text  # what to do: 2 rows
    top = next(i for i, ln in enumerate(lines) if ln.startswith("┗"))
    panels = next(i for i, ln in enumerate(lines) if ln.startswith("╭"))
    under = lines[top + 1:panels]
    assert len(under) == 2 and under[0].startswith("NOTICE  RIGHT foot  MTH4-5  > Nothing urgent now. After: Move the")
    assert under[1].rstrip().endswith("…"), text
    header = lines[:lines.index(next(ln for ln in lines if ln.startswith("┏")))]
    assert len(header) == 3 and header[2].endswith("…"), text  # the header with the error: 3 rows
    assert LONG_TODO.strip() not in " ".join(text.split())
    # the lines above the view (and --plain) say them whole
    assert LONG_TODO in format_event(Alert(70.0, "left", "alert", "warning", "mth2_3", "focal_mth",
                                           suggestions=(LONG_TODO,)), ["terminal"])


@pytest.mark.parametrize("width", [80, 60])
def test_a_long_recording_error_says_its_reason_in_the_header(width):
    # had: the header was cut to one line, where at 80 columns the error had some 20 characters after
    # "REC STOPPED at 1:11: ": "[Errno 28] No space l…", not its reason
    text = " ".join(_screen(_view(recording=False, recording_error=LONG_ERROR, recording_stopped_s=71.0),
                            width).split())
    assert "REC STOPPED at 1:11: [Errno 28] No space left on device: '/media/rider/" in text, text
    assert "frames.parquet" not in text  # cut, with an ellipsis, at three rows
    lines = _screen(_view(recording=False, recording_error="disk\nfull"), width).splitlines()
    assert "REC STOPPED: disk full" in lines[0]  # a line break in an error reads as a space


def test_colours_are_relative_to_the_riders_normal_so_the_hot_spot_stands_out():
    normal = {"mth1": 1.2, "mth2_3": 0.95, "mth4_5": 0.75}  # DetectorParams.focal_norm["cycling"]
    kpa = {"mth1": 76.0, "mth2_3": 91.0, "mth4_5": 60.0, "hallux": 50.0, "heel_medial": 40.0}
    foot = _foot("right", region_kpa=kpa, focal_normal=normal)
    assert 0.85 <= relative_load(foot, "mth1") < 1.15  # 76 kPa: this foot's normal
    assert relative_load(foot, "mth2_3") >= 1.25  # 91 kPa: well above it
    assert relative_load(foot, "heel_medial") is None
    styles = {r: pressure_style(kpa[r], relative_load(foot, r)) for r in kpa}
    assert "green4" in styles["mth1"] and "dark_orange3" in styles["mth2_3"]
    assert styles["mth1"] != styles["mth2_3"]
    # the same pressures against a rider whose MTH2-3 normally carries that much: not hot
    kept = _foot("right", region_kpa=kpa, focal_normal={**normal, "mth2_3": 1.47})
    assert "green4" in pressure_style(91.0, relative_load(kept, "mth2_3"))
    assert pressure_style(10.0, 3.0) == pressure_style(5.0) != pressure_style(40.0)  # unloaded: no heat
    assert pressure_style(NAN) == pressure_style(None) != pressure_style(0.0)
    fmap = foot_map(_foot("right", region="mth4_5"), 8)
    plain = fmap.plain
    start = plain.index("310")
    covering = [str(s.style) for s in fmap.spans if s.start <= start < s.end]
    assert any("red3" in s for s in covering), covering
    label = plain.index("MTH4-5")
    assert any("underline" in str(s.style) for s in fmap.spans if s.start <= label < s.end)
    lost = foot_map(_foot("right", region="mth4_5", connected=False, lost=True), 8)  # its region is from before
    assert "310" not in lost.plain and not any("underline" in str(s.style) for s in lost.spans)


_values = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.none(), st.integers(-10, 10**6),
                    st.text(max_size=5))


@settings(max_examples=60, deadline=None)
@given(region_kpa=st.dictionaries(st.sampled_from(list(KPA_LEFT) + ["heel", "midfoot", "x"]), _values),
       share=_values, relief=_values,
       level=st.sampled_from(["none", "notice", "warning", "alert", "odd", None]),
       region=st.one_of(st.none(), st.text(max_size=8), st.sampled_from(list(KPA_LEFT))),
       battery=st.one_of(st.none(), st.integers(-5, 300)), session=_values, duration=_values,
       width=st.integers(20, 200), feet=st.sampled_from([("left",), ("right",), ("left", "right"), ()]),
       connected=st.booleans(), lost=st.booleans())
def test_odd_data_never_raises_and_never_prints_nan(region_kpa, share, relief, level, region, battery,
                                                    session, duration, width, feet, connected, lost):
    fv = {f: FootView(f, connected, lost, region_kpa=region_kpa, forefoot_share=share,
                      time_since_relief_s=relief, level=level, region=region, battery_pct=battery,
                      packets_per_s=share) for f in feet}
    alert = Alert(session if isinstance(session, float) else NAN, "left", "alert", level, region, "focal_mth")
    text = _screen(LiveView(session, duration, fv, current_alert=alert, alerts=3), width)
    low = text.lower()
    hidden = [v for v in region_kpa.values() if isinstance(v, str)] + [region or "", str(level)]
    if not any("nan" in h.lower() or "inf" in h.lower() for h in hidden):
        assert "nan" not in low and "inf" not in low
    if feet and level in LEVEL_WORDS and not lost and (connected or level != "none"):  # no OK over no data
        assert f" {LEVEL_WORDS[level]} " in text, text
    if feet and not connected and not lost:
        assert "DOWN" in text and " OK " not in text, text
    if feet and lost:
        assert "LOST" in text


# ------------------------------------------------------------------------------------------- plain lines

def test_plain_event_lines():
    # an alert without relief words of its own, in an activity not known: relief as the relief clock reads it,
    # in words for a bike or a run
    assert format_event(WARN, ["terminal", "haptic"]) == (
        "  11:40  LEFT   WARNING  MTH2-3, focal peak: Take the weight off the foot 20-60 s. After: Move the cleats "
        "back 2-10 mm  [delivered: terminal, haptic]")
    assert format_event(Alert(3725.0, "right", "data_stale", None), []) == (
        "1:02:05  RIGHT  NO DATA  Check the right insole: its load is unknown  [delivered: none]")
    assert format_event(Alert(61.0, "left", "back_to_normal", None), ["terminal", "events"]) == (
        "   1:01  LEFT   BACK TO NORMAL  Assessed none again: the left foot's pattern has ended"
        "  [delivered: terminal, events]")
    assert "nan" not in format_event(Alert(NAN, "left", "alert", "notice"), ["terminal"])


@pytest.mark.parametrize("force_terminal, plain", [(False, False), (True, True)])
def test_plain_display_writes_one_line_per_event(force_terminal, plain):
    out = io.StringIO()
    console = Console(file=out, width=60, force_terminal=force_terminal, color_system=None)
    with LiveDisplay(console, plain=plain) as display:
        assert display.plain
        display.update(_view())
        assert out.getvalue() == ""
        display.event(WARN, ["terminal", "haptic"])
        display.event(Alert(760.0, "left", "back_to_normal", None), ["terminal"])
        display.message("battery low on the right insole (12 %)")
    lines = out.getvalue().splitlines()
    assert lines == [format_event(WARN, ["terminal", "haptic"], "cycling"),  # the view's activity
                     format_event(Alert(760.0, "left", "back_to_normal", None), ["terminal"]),
                     "  12:34  battery low on the right insole (12 %)"]
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()


def test_rich_display_bell_for_warnings_only_and_the_views_banner():
    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True, color_system="standard")
    notice = Alert(750.0, "left", "alert", "notice", None, "relief_rare", suggestions=("Unweight the foot 20-60 s",))
    quiet = _view(current_alert=None, feet={"left": _foot("left"), "right": _foot("right")})
    with LiveDisplay(console, refresh_per_second=50) as display:
        assert not display.plain
        display.update(_view(current_alert=notice))  # the session's view as the event is raised
        display.event(notice, ["terminal"])
        assert "\x07" not in out.getvalue()
        assert "Unweight the foot 20-60 s" in ANSI.sub("", out.getvalue())
        display.update(_view(current_alert=WARN))
        display.event(WARN, ["terminal", "haptic"])
        assert out.getvalue().count("\x07") == 1
        assert "Move the cleats back 2-10 mm" in ANSI.sub("", out.getvalue())
        display.update(quiet)  # the next snapshot decides the banner
        display.message("recording stopped: disk full")
    final = ANSI.sub("", out.getvalue()).split("recording stopped: disk full")[-1]
    assert "no alert" in final and "Move the cleats" not in final


def _both_feet_noticed() -> LiveView:
    """Both feet under a notice, as on a first cleat-forward ride: the right one's is a line under the banner."""
    left = Alert(70.0, "left", "alert", "notice", "mth2_3", "focal_mth", suggestions=("Move the left cleat back",))
    right = Alert(80.0, "right", "alert", "notice", "mth2_3", "focal_mth", suggestions=("Move the right cleat back",))
    feet = {"left": _foot("left", level="notice", pattern="focal_mth", region="mth2_3"),
            "right": _foot("right", level="notice", pattern="focal_mth", region="mth2_3")}
    return _view(feet=feet, current_alert=left, others=(right,))


@pytest.mark.parametrize("rows, key_shown", [(50, True), (24, True), (21, False)])
def test_the_colour_key_stays_under_the_feet_where_the_terminal_has_room(rows, key_shown):
    # had: a line under the banner (both feet noticed, the usual first cleat-forward ride) took the colour key
    # away on a terminal of any height, while the key printed above the view points to "the key under the feet"
    out = io.StringIO()
    console = Console(file=out, width=120, height=rows, force_terminal=True)
    with LiveDisplay(console) as display:
        display.hint = "keys: l / r = left / right foot numb now"
        display.update(_both_feet_noticed())
    last = ANSI.sub("", out.getvalue()).split("How to read the view")[-1].split("LEFT foot")[-1]
    assert "Move the right cleat back" in last
    assert ("x normal" in last) is key_shown, last


#: The right foot's alert, which outranks the left's warning (WARN) in the banner
RIGHT_ALERT = Alert(690.0, "right", "alert", "alert", "mth4_5", "focal_mth", suggestions=("Move the right cleat back",))


@pytest.mark.parametrize("delivered, view", [
    (WARN, dict(current_alert=RIGHT_ALERT, others=(WARN,))),  # outranked: the view's banner stays
    (Alert(760.0, "left", "back_to_normal", None), dict(current_alert=None)),  # relieved: no event stands
])
def test_a_delivered_event_leaves_the_banner_to_the_view(delivered, view):
    # had: a delivered event held the banner until the next view, against the view's ranking (the live
    # session publishes a view as each event is raised, before its delivery, so the view already had it): a
    # warning outranked by the other foot's alert, or a foot back to normal, took the banner for up to a view
    # interval, and for good on the screen left after the session when it was delivered after the last view
    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True, color_system="standard")
    with LiveDisplay(console, refresh_per_second=50) as display:
        display.update(_view(**view))
        display.event(delivered, ["terminal", "haptic"])
    screen = ANSI.sub("", out.getvalue())
    frame = screen[screen.rindex("SOLEWATCH "):]  # the screen left after the delivery: the last drawn
    if view["current_alert"] is None:
        assert "no alert" in frame and "BACK TO NORMAL  LEFT" not in frame, frame
    else:  # the right foot's alert in the banner, the left foot's warning under it
        assert frame.index("ALERT  RIGHT foot") < frame.index("WARNING  LEFT foot"), frame


def test_a_piped_stdout_is_left_alone(monkeypatch):
    piped, screen = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", piped)  # as with --events -: JSON on stdout, the view on stderr
    console = Console(file=screen, width=80, height=24, force_terminal=True)
    with LiveDisplay(console) as display:
        display.update(_view())
        print('{"kind": "alert"}')
    assert piped.getvalue() == '{"kind": "alert"}\n'
    assert '"kind"' not in screen.getvalue()


def test_display_survives_a_snapshot_it_cannot_draw():
    out = io.StringIO()
    console = Console(file=out, width=80, height=24, force_terminal=True)
    with LiveDisplay(console) as display:
        display.update(LiveView(1.0, None, feet=None))  # type: ignore[arg-type]
        display.update(object())  # type: ignore[arg-type]
        display.event(WARN, ["terminal"])
    assert "Move the cleats back 2-10 mm" in ANSI.sub("", out.getvalue())


# ------------------------------------------------------------------------------------------ real terminal

DRIVER = '''
import sys, time
from pathlib import Path
from rich.console import Console
from monitor.analysis.alerts import Alert
from monitor.cli.console_live import LiveDisplay
from monitor.live.view import FootView, LiveView

KPA = {"heel_medial": 14, "heel_lateral": 16, "midfoot_medial": 4, "midfoot_lateral": 24, "mth1": 62,
       "mth2_3": 95, "mth4_5": 80, "hallux": 50, "lesser_toes": 21}

def foot(name, t, level="none", pattern=None, region=None):
    kpa = dict(KPA, mth2_3=95 + 2 * t)
    return FootView(name, True, region_kpa=kpa, forefoot_share=0.7, time_since_relief_s=60.0 + t,
                    activity="cycling", cadence_per_min=88.0, level=level, pattern=pattern, region=region,
                    packets_per_s=99.0, battery_pct=80)

marker, hold_s = Path(sys.argv[1]), float(sys.argv[2])
warn = Alert(30.0, "left", "alert", "warning", "mth2_3", "focal_mth",
             suggestions=("Move the cleats back 2-10 mm", "Metatarsal pad just behind MTH2-3"))
with LiveDisplay(Console()) as display:
    for t in range(0, 30, 3):
        display.update(LiveView(float(t), 600.0, {"left": foot("left", t), "right": foot("right", t)}))
        time.sleep(0.03)
    display.event(warn, ["terminal", "haptic"])
    for t in range(30, 40, 3):
        feet = {"left": foot("left", t, "warning", "focal_mth", "mth2_3"), "right": foot("right", t)}
        display.update(LiveView(float(t), 600.0, feet, current_alert=warn, alerts=1))
        time.sleep(0.03)
    time.sleep(0.3)
    marker.write_text("shown")
    time.sleep(hold_s)
'''


#: The longest the terminal tests wait for the driver to start, draw and say so (host seconds): a cap for a
#: loaded host, which takes seconds to start Python and import rich (had: 8 s, which a host six times slower
#: than an idle one, 1.5 s, ran past).
STARTED_CAP_S = 120.0


def _driver_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX", "NO_COLOR", "TERM")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _stable_capture(base: list[str], env: dict[str, str]) -> str:
    """The pane's text once two captures in a row agree (a capture may land in the middle of a redraw)."""
    last = None
    for _ in range(40):
        screen = subprocess.run(base + ["capture-pane", "-p"], capture_output=True, text=True, check=True,
                                env=env, timeout=10).stdout
        if screen == last:
            return screen
        last = screen
        time.sleep(0.03)
    return last or ""


def test_real_terminal_tmux_80x24(tmp_path):
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing on CI (`make test` installs it: .ci/system-tools)")
        pytest.skip("tmux not installed here; the pty test below still drives a real terminal")
    script, marker = tmp_path / "driver.py", tmp_path / "shown"
    script.write_text(DRIVER)
    sock = f"solewatch-test-{os.getpid()}"
    cmd = f"{sys.executable} {script} {marker} 30 2>{tmp_path / 'stderr'}"
    base = [tmux, "-L", sock, "-f", "/dev/null"]
    env = _driver_env()
    try:
        subprocess.run(base + ["new-session", "-d", "-x", "80", "-y", "24", "-c", str(ROOT), cmd],
                       check=True, env=env, timeout=10)
        # the driver starts Python and rich, which a loaded host takes seconds to do: a cap, not a timing
        deadline = time.monotonic() + STARTED_CAP_S
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        # tmux draws what the driver wrote when its own server gets to it: until the last snapshot shows
        while marker.exists() and "0:39 / 10:00" not in _stable_capture(base, env) and time.monotonic() < deadline:
            time.sleep(0.05)
        screen = _stable_capture(base, env)
        size = subprocess.run(base + ["display", "-p", "#{pane_width}x#{pane_height}"], capture_output=True,
                              text=True, env=env, timeout=10).stdout.strip()
        colours = subprocess.run(base + ["capture-pane", "-p", "-e"], capture_output=True, text=True,
                                 env=env, timeout=10).stdout
    finally:
        subprocess.run(base + ["kill-server"], capture_output=True, env=env, timeout=10)
    stderr = (tmp_path / "stderr").read_text() if (tmp_path / "stderr").exists() else ""
    assert marker.exists(), f"driver did not finish\n{screen}\n{stderr}"
    assert size == "80x24"
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(ln) <= 80 for ln in lines)
    assert "LEFT" in screen and "RIGHT" in screen
    left, right = _halves(screen, 80, "MTH4-5")
    assert left.index("MTH4-5") < left.index("MTH1") and right.index("MTH1") < right.index("MTH4-5")
    banner = [ln for ln in lines if ln.startswith("┃")]
    assert any("WARNING  LEFT foot  MTH2-3  focal peak" in ln for ln in banner), screen
    assert any("Move the cleats back 2-10 mm" in ln for ln in banner), screen
    assert "0:39 / 10:00" in screen and "173" in screen  # the last snapshot: t = 39 s, MTH2-3 95 + 78 kPa
    assert "\x1b[" in colours  # drawn in colour


def test_real_terminal_pty_rings_the_bell(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    script, marker = tmp_path / "driver.py", tmp_path / "shown"
    script.write_text(DRIVER)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(_driver_env(), TERM="xterm-256color")
    proc = subprocess.Popen([sys.executable, str(script), str(marker), "0"], stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    os.close(slave)
    chunks = []
    try:
        deadline = time.monotonic() + STARTED_CAP_S  # read until the driver exits; a cap, not a timing
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        proc.wait(timeout=60)  # a hang guard
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    raw = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, proc.stderr.read().decode()
    assert raw.count("\x07") == 1  # one bell, for the one warning
    assert "\x1b[?25l" in raw  # the live display hides the cursor while it redraws
    text = ANSI.sub("", raw)
    assert "WARNING  LEFT foot  MTH2-3  focal peak" in text and "Move the cleats back 2-10 mm" in text


def test_a_terminal_gets_the_key_to_the_views_words_once_and_plain_lines_do_not():
    """The live view's cryptic words (midft, pkt/s, gaps, lost, bad, relief, focal peak) are said once above
    it on a terminal; plain lines, which say their words in full, get none."""
    out = io.StringIO()
    console = Console(file=out, width=200, height=40, force_terminal=True, color_system=None)
    with LiveDisplay(console, refresh_per_second=50) as display:
        display.update(_view())
        display.update(_view())
    text = ANSI.sub("", out.getvalue())
    said = " ".join(text.split())  # the key is wrapped to the terminal's width
    for words in ("midft the inner and outer midfoot", "pkt/s packets a second", "gaps: stretches with data missing",
                  "lost: packets that never arrived", "bad: packets that failed their check", "relief: time since",
                  "focal peak: one metatarsal head", "metatarsal heads (the ball of the foot)"):
        assert said.count(words) == 1, (words, text)
    assert text.index("How to read the view") < text.index("pkt/s  gaps")  # above the view
    piped = io.StringIO()
    with LiveDisplay(Console(file=piped, width=200), plain=True) as display:
        display.update(_view())
        display.event(WARN, ["terminal"])
    assert "How to read" not in piped.getvalue() and "pkt/s" not in piped.getvalue()
