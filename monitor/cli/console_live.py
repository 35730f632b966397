"""The live terminal view: both feet as pressure maps, the detector's level, link health, the current alert.

One idea: drawing the live view for a person (its length is the drawing of two insoles and a banner).

The metatarsal heads are coloured against the rider's own normal (monitor.live.view.relative_load): each
region's peak over the other forefoot regions', divided by the normal of that ratio, so a hot spot stands
out whatever the absolute pressure of the activity; the rest (the hallux has no normal) show only whether
they carry load.

Presentation only. :func:`render_view` draws one :class:`monitor.live.view.LiveView` snapshot with rich;
:class:`LiveDisplay` keeps it on a terminal (``rich.live.Live``) or, with ``plain`` or when the console is
not a terminal, writes one human line per event (:func:`format_event`) and per notice of the link
(:func:`notice_line`, which ``record`` and ``replay`` print too).

A lost foot has no data: its panel says LOST (no level: "OK" would read as all well) over "-" where its
numbers were (they are from before the loss), and with no event standing the banner says NO DATA for it, as
the phone view (monitor.live.web) does. A foot down or stale shows "-" there too, under DOWN or NO DATA and
its level, not OK. The other feet's standing events, which the banner's outranks
(``LiveView.others``: a notice under the other foot's NO DATA), are a line each under the banner, with what to
do for them (on a terminal too short for both, the legend makes room). What to do is the phone's
(monitor.live.shown.now_and_after): for a warning or an alert, relief now and the fix after it, in the
banner's rows of what to do ("> Unweight the foot 20-60 s. After: Move the left cleat back 2-10 mm"), now
first, so a cut takes the fix's end; under the banner, now only. A cell's colour is that of its number as
shown (monitor.live.shown.region_band), the phone's too. No data and data back are said in the phone's words
too ("> Check the left insole: its load is unknown"), in the banner, under it and in the plain lines.

Texts of any length fit: the banner's what to do and each line under it take at most two rows, a recording's
error at most three with the header (the phone view's cuts), each cut with an ellipsis; on a terminal too
short for those, they give up rows (ROW_CAPS) down to one each, so the header, the banner and both feet stay
on an 80x24 screen. The line printed above the view for each event (:func:`format_event`) says what to do
now and after in full, wrapped at words (plain: one line): the rider reads there what the banner cut. The
banner's first line stays one line: a narrow terminal drops its age first (:func:`banner_heads`).

The feet are drawn as seen from above, side by side, each medial side toward the middle of the screen:
the left foot's hallux on its right, the right foot's hallux on its left. Laid out for 80x24 and legible at
60 columns; narrower screens lose details (activity, corrupt packets, the banner's age; the legend takes two
lines below 65 columns and goes below 50), never a level or an alert.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.align import Align
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from monitor.analysis.alert_place import alert_place
from monitor.analysis.alert_todo import found_before_words, relief_now
from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RIDER_MARK_KIND, marked_by
from monitor.analysis.streaming import LinkNotice
from monitor.analysis.suggestions import pattern_short
from monitor.cli.wrapping import wrapped
from monitor.codebook import FEET
from monitor.link.transport_words import RADIO, TransportWords
from monitor.live.analysis_lag import BEHIND_BOUND_S, behind_words
from monitor.live.shown import (
    EVENT_WORDS,
    LEVEL_WORDS,
    LOADED_KPA,
    NOMINAL_BAND,
    NOT_MEASURED,
    NOT_MEASURED_WORDS,
    lost_data_words,
    mark_todo_words,
    no_data_words,
    now_and_after,
    region_band,
    shown_kpa,
    todo_words,
    view_pedals,
)
from monitor.live.view import RELATIVE_BANDS as VIEW_BANDS
from monitor.live.view import FootView, LiveView, activity_words, cadence_words, finite_or_none, relative_load
from monitor.live.view_clock import relief_words
from monitor.signal.activity_words import activity_word, shows_relief_clock
from monitor.signal.coarse_regions import region_value
from monitor.signal.params import DEFAULT_PARAMS, Params
from monitor.util.plain_text import one_line
from monitor.util.pressure_units import pressure_unit, unit_name
from monitor.util.timefmt import clock_text

_UNLOADED_STYLE = "white on grey35"
_LOADED_STYLE = "white on grey23"
#: A cell of an uncalibrated insole outside the forefoot's bands: neither loaded nor unloaded (no kPa threshold
#: holds for nominal units: monitor.live.shown.region_band).
_NOMINAL_STYLE = "black on grey62"
#: Colour scale of the forefoot regions, as times the rider's normal (lower bound, background, text): the
#: bands of monitor.live.view.RELATIVE_BANDS (the phone view's too), blue, green, yellow, orange, red.
_BAND_COLOURS = {"low": ("blue3", "white"), "normal": ("green4", "white"), "raised": ("yellow3", "black"),
                 "high": ("dark_orange3", "black"), "extreme": ("red3", "white")}
RELATIVE_BANDS: tuple[tuple[float, str, str], ...] = tuple((low, *_BAND_COLOURS[name])
                                                           for low, name in VIEW_BANDS)
_NO_DATA_STYLE = "grey50 on grey15"
#: A number the foot's insole cannot measure (no sensor there): NOT_MEASURED, apart from no data's "-".
_NOT_MEASURED_STYLE = "grey70 on grey3"

_LEVEL_STYLES = {"none": "bold black on green3", "notice": "bold black on yellow",
                 "warning": "bold black on dark_orange", "alert": "bold white on red3"}
_LEVEL_BORDERS = {"none": "green3", "notice": "yellow", "warning": "dark_orange", "alert": "red3"}
_BANNER_STYLES = {"notice": "bold black on yellow", "warning": "bold black on dark_orange",
                  "alert": "bold white on red3", "data_stale": "bold white on magenta",
                  "back_to_normal": "bold black on green3", "data_back": "bold black on green3"}
#: A lost foot: no data, in the no-data banner's colour (the phone view's too).
_LOST_STYLE = "bold white on magenta"
_LOST_BORDER = "magenta"
#: A foot with no data now (link down, data stale): its word's badge.
_AWAY_STYLE = "bold black on grey70"
_BELL_LEVELS = ("warning", "alert")

#: Short labels of the map cells (at most 6 characters, the narrowest cell).
REGION_SHORT = {"heel_medial": "heel", "heel_lateral": "heel", "midfoot_medial": "arch",
                "midfoot_lateral": "midft", "mth1": "MTH1", "mth2_3": "MTH2-3", "mth4_5": "MTH4-5",
                "hallux": "hallux", "lesser_toes": "toes"}

def level_key(activity: str | None = None, params: Params = DEFAULT_PARAMS) -> tuple[str, str, str]:
    """The levels, one line each, as docs/detection.md's table of levels has them ("Exposure, the relief clock,
    and levels"), with the times of the session's ``params`` (DetectorParams, the defaults': notice_no_relief_s
    1200 s, warn_after_s 300 s, warn_after_s + alert_after_s 900 s; ``--params`` may move them), in the words of
    the session's declared ``activity`` (a session's word or a detector label; None: not declared): the relief
    its alerts ask for (monitor.analysis.alert_todo.relief_now, an alert's ``relief``, its time from the params'
    FeatureParams.relief_min_s: "unweight the foot 20-60 s" on a bike, "take the weight off the foot 20-60 s"
    not known, "take a 20-60 s break" on foot, "slow down, step off for 20-60 s" on a gym machine) and what the fix
    waits for (the ride, the run, the walk, else the session), but for a notice whose fix is a relief, which the
    banner asks for now (monitor.live.shown.now_and_after). README.md "Reading the live view" says the same."""
    d = params.detector
    relief = relief_now(activity, params.features.relief_min_s)
    relief = relief[:1].lower() + relief[1:]
    after = activity_word(activity, as_declared=False)  # ride, run, walk or session
    return (
        f"NOTICE: an early sign, a pressure pattern showing or no relief for {d.notice_no_relief_s / 60:.0f} min: "
        f"nothing urgent; its fix is for after the {after}, unless that fix is a relief (no relief for "
        f"{d.notice_no_relief_s / 60:.0f} min among them): then {relief} now.",
        "WARNING: a pattern far outside the healthy spread, or beyond your own normal, has held for "
        f"{d.warn_after_s / 60:.0f} min of load: {relief} now, then the fix.",
        f"ALERT: the same has gone on {(d.warn_after_s + d.alert_after_s) / 60:.0f} min without a relief: "
        f"{relief} now.",
    )


def _key_unit(calibrated: bool | Mapping[str, bool]) -> str:
    """The unit the key says the cells are in (monitor.util.pressure_units.unit_name): one for every foot
    where they are alike, else each foot's ("in kPa on the left foot and in nominal units on the right foot
    (the right insole's counts ...)"); ``calibrated``: one flag, or each foot's (foot -> SensorLayout.calibrated)."""
    by_foot = dict(sorted(calibrated.items(), key=lambda kv: FEET.index(kv[0]) if kv[0] in FEET else len(FEET))
                   ) if isinstance(calibrated, Mapping) else {}
    alike = set(by_foot.values()) if by_foot else {bool(calibrated)}
    if len(alike) == 1:
        if alike == {True}:
            return f"in {unit_name()}"
        return (f"in {unit_name(False)} (an uncalibrated insole's counts at a nominal scale, not {unit_name()}: "
                "compare them within one insole only)")
    nominal = [foot for foot, cal in by_foot.items() if not cal]
    return (" and ".join(f"in {unit_name(cal)} on the {foot} foot" for foot, cal in by_foot.items())
            + f" (the {' and '.join(nominal)} insole's counts at a nominal scale, not {unit_name()}: compare them "
            "within that insole only)")


def view_key(calibrated: bool | Mapping[str, bool] = True, words: TransportWords = RADIO,
             activity: str | None = None, params: Params = DEFAULT_PARAMS,
             kept_normal: bool = False) -> tuple[str, ...]:
    """What the live view's words and numbers mean, printed once above it (a person meets them there first;
    README.md "Reading the live view" says the same); ``calibrated`` False: an insole's numbers are nominal
    units, not kPa (SensorLayout.calibrated), or each foot's flag (foot -> bool), whose units the key says
    foot by foot where they differ; ``words``: the insoles' transport's (a BLE radio's packets, the Moticon
    stream's UDP datagrams: monitor.link.transport_words); ``activity``: the session's declared one, whose
    words the levels' lines say, with the times of the session's ``params`` (:func:`level_key`); ``kept_normal``:
    the rider's normal from earlier sessions judges this one (``live --rider``), which the metatarsal heads'
    colours are then against, else against the activity's usual ratio (README.md "Reading the live view")."""
    many = words.packets()[1]
    against = ("your normal kept from earlier sessions (the activity's usual ratio where none is kept for it)"
               if kept_normal else "the activity's usual ratio (no normal of your own is kept)")
    unit = _key_unit(calibrated)
    return (
        f"How to read the view: each foot is seen from above; each cell is a region's recent peak pressure {unit}: "
        "MTH1, MTH2-3 and MTH4-5 are the metatarsal heads (the ball of the foot), arch and midft the inner and "
        "outer midfoot; an insole with one heel sensor shows it in both heel cells. The metatarsal heads "
        f"are coloured as times {against}: the key under the feet.",
        "forefoot: its share of the foot's load; relief: time since the forefoot was last relieved "
        "(unloaded long enough to count: docs/detection.md); "
        "focal peak: one metatarsal head loaded well above the rest of the forefoot.",
        f"link: {words.rate_unit} {words.rate_means}; gaps: stretches with data missing; lost: {many} that "
        f"never arrived ({many} lost {words.lost_where}); bad: {many} that failed their check or were "
        "dated off the stream's time (dropped); "
        f"{words.back_count}: {words.back_means}.",
        *level_key(activity, params),
    )


_WIDE = 76  # from this width on, the session label in the header
_NARROW = 50  # below this width, no legend and no name in the header

#: The most rows a text of any length takes on the screen, as (what to do in the banner, each line under the
#: banner, the header with a recording's error): the phone view's cuts (monitor/live/web/static/style.css:
#: what to do 2 lines, the other foot's line 2, the error 3). Then, until the screen fits the terminal, rows go
#: in this order: the error's third, the lines under the banner's second, what to do's second, the error's
#: second (on its first row, after "REC STOPPED at M:SS", an error has room for some 20 characters at 80
#: columns: too few for its reason).
ROW_CAPS: tuple[tuple[int, int, int], ...] = ((2, 2, 3), (2, 2, 2), (2, 1, 2), (1, 1, 2), (1, 1, 1))


# --------------------------------------------------------------------------------------------- helpers

def fmt_clock(seconds: Any) -> str:
    """``m:ss`` or ``h:mm:ss``; "-" for a missing or non-finite time."""
    return clock_text(finite_or_none(seconds))


def fmt_kpa(kpa: Any) -> str:
    """A map number: whole kPa, negatives (tare residue) as 0, "-" where there is no data
    (monitor.live.shown.shown_kpa, the phone's number)."""
    v = shown_kpa(kpa)
    return "-" if v is None else str(v)


def _int(v: Any) -> str:
    f = finite_or_none(v)
    return "-" if f is None else f"{f:.0f}"


def pressure_style(kpa: Any, relative: float | None = None, calibrated: bool = True) -> str:
    """The cell style (text on background): no data; unloaded (under LOADED_KPA); a forefoot region on the
    scale of times its normal (RELATIVE_BANDS); another region loaded. The band is that of the numbers as
    shown (monitor.live.shown.region_band, the phone's colour too): a cell that reads 20 is loaded. An
    uncalibrated foot's (``calibrated`` False: nominal units) is never unloaded: _NOMINAL_STYLE instead."""
    band = region_band(kpa, relative, calibrated)
    if band is None:
        return _NO_DATA_STYLE
    if band == NOMINAL_BAND:
        return _NOMINAL_STYLE
    if band == "unloaded":
        return _UNLOADED_STYLE
    if band == "loaded":
        return _LOADED_STYLE
    background, text = _BAND_COLOURS[band]
    return f"{text} on {background}"


class Rows:
    """``text`` wrapped to the width it is drawn at, at most ``rows`` rows: the last row kept ends in an
    ellipsis where text was cut (a whole text is in the lines printed above the view). Line breaks in the text
    read as spaces, as on the phone view."""

    def __init__(self, text: Text, rows: int) -> None:
        self.text, self.rows = text.copy(), max(int(rows), 1)
        self.text.plain = self.text.plain.replace("\r", " ").replace("\n", " ")  # same length: styles stay

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = self.text.wrap(console, width, overflow="fold")
        if len(lines) > self.rows:
            kept = list(lines[: self.rows])
            # wrapped rows keep the spaces they were broken at: joined, they are the text again
            rest = Text("").join([kept[-1], *lines[self.rows:]])
            rest.truncate(max(width - 1, 1))  # room for the ellipsis, which says text was cut
            rest.rstrip()
            rest.append("…", style=self.text.style)
            kept[-1] = rest
            lines = kept
        yield Text("\n").join(lines)


def level_badge(level: Any) -> Text:
    """The detector's level as a coloured word (none shows as OK)."""
    key = str(level) if level is not None else "none"
    return Text(f" {LEVEL_WORDS.get(key, key.upper())} ", style=_LEVEL_STYLES.get(key, "bold reverse"))


# ---------------------------------------------------------------------------------------------- the foot

def _region_kpa(foot: FootView, region: str) -> Any:
    """A region's recent peak, else that of the one sensor an insole has for its heel or midfoot (both
    cells show it: monitor.signal.coarse_regions); NaN ("-") without data (a lost foot's view holds none,
    FootView)."""
    return region_value(foot.region_kpa if isinstance(foot.region_kpa, dict) else {}, region)


def _map_rows(cell: int) -> list[list[tuple[str | None, int]]]:
    """The foot's cells from toes to heel, each row lateral -> medial as (region or None, width)."""
    half = (cell + 1) // 2
    total = 3 * cell + 2
    heel = [(None, half), ("heel_lateral", cell), (None, 1), ("heel_medial", cell)]
    heel.append((None, total - sum(w for _, w in heel)))
    return [
        [("lesser_toes", 2 * cell + 1), (None, 1), ("hallux", cell)],
        [("mth4_5", cell), (None, 1), ("mth2_3", cell), (None, 1), ("mth1", cell)],
        [("midfoot_lateral", cell), (None, 1), ("midfoot_medial", cell), (None, cell + 1)],
        heel,
    ]


def _unmeasured(foot: FootView) -> tuple[str, ...]:
    """The regions ``foot``'s insole has no sensor for (FootView.unmeasured)."""
    return tuple(foot.unmeasured) if isinstance(foot.unmeasured, (tuple, list, frozenset, set)) else ()


def measures_all(view: LiveView) -> bool:
    """Whether every foot's insole measures every number the view shows (no NOT_MEASURED mark in it)."""
    feet = view.feet if isinstance(view.feet, dict) else {}
    return all(f.share_measured is not False and not _unmeasured(f) for f in feet.values()
               if isinstance(f, FootView))


def foot_map(foot: FootView, cell: int) -> Text:
    """A foot-shaped grid of its regions, two lines per row (label, kPa), medial side toward the middle; a
    region its insole has no sensor for says NOT_MEASURED, not "-" (no data).

    ``cell`` is the width of one region cell in characters; the map is ``3 * cell + 2`` wide, 8 lines high.
    """
    medial_on_right = foot.foot != "right"  # rows are lateral -> medial, as the left foot is drawn
    lines: list[Text] = []
    for row in _map_rows(cell):
        if not medial_on_right:
            row = row[::-1]
        top, bottom = Text(), Text()
        for region, width in row:
            if region is None:
                top.append(" " * width)
                bottom.append(" " * width)
                continue
            kpa = _region_kpa(foot, region)
            unmeasured = region in _unmeasured(foot)  # no sensor there: not "-", no data
            style = _NOT_MEASURED_STYLE if unmeasured else pressure_style(
                kpa, relative_load(foot, region), getattr(foot, "calibrated", True) is not False)
            hot = region == foot.region
            label_style = style + (" bold underline" if hot else "")
            top.append(REGION_SHORT[region][:width].center(width), style=label_style)
            shown = NOT_MEASURED if unmeasured else fmt_kpa(kpa)
            bottom.append(shown[:width].center(width), style=style)
        lines += [top, bottom]
    return Text("\n").join(lines)


def _status_line(foot: FootView, inner: int, words: TransportWords = RADIO) -> Text:
    """LOST alone for a lost foot (it has no data: its level, from before the loss, is not now, and "OK"
    there would read as all well); a foot with no data now says so first, its link down in the words of the
    insoles' transport (``link_down``: DOWN of a BLE insole, NO DATA of the Moticon stream), else NO DATA where
    its data are stale, and then only a level that stands (no "OK", for the same reason); then the level badge
    (wrapped, never cut), and the pattern and region where they fit."""
    line = Text()
    if foot.lost:
        line.append(" LOST ", style=_LOST_STYLE)
        return line
    # the banner's word for data stopped; a foot down has none either, and its link's word says so
    away = words.link_down.upper() if not foot.connected else EVENT_WORDS["data_stale"] if foot.stale else ""
    if away:
        line.append(f" {away} ", style=_AWAY_STYLE)
        if foot.level in (None, "none"):
            return line
        line.append(" ")
    line.append_text(level_badge(foot.level))
    if foot.level not in (None, "none") and (foot.pattern or foot.region):
        place, what = alert_place(foot.pattern, foot.region), pattern_short(foot.pattern)
        where = place.region
        # a whole-forefoot pattern's region is only where its load is heaviest: its pattern before it
        shorter = (f" {where or what}",) if place.part == "foot" else (f" {what or where}", f" {where}")
        for detail in (f" {what} {where}".rstrip(), *shorter):
            if line.cell_len + len(detail) <= inner:
                line.append(detail)
                break
    return line


def _stats(foot: FootView, inner: int, words: TransportWords = RADIO) -> list[Text]:
    """Forefoot share, relief clock, activity and cadence ("-" and none for a lost foot, whose view holds
    none: FootView; the share NOT_MEASURED where the insole cannot measure it), then link health, in the words
    of the insoles' transport, and battery."""
    share = finite_or_none(foot.forefoot_share)
    share_s = NOT_MEASURED if foot.share_measured is False else "-" if share is None else f"{100 * share:.0f}%"
    # "relief 4:54 ago", or "4:54 of data since relief" where the clock left a hole in the data out
    relief = relief_words(fmt_clock(foot.time_since_relief_s), getattr(foot, "relief_hole_s", 0.0))
    bat = (f"{_int(foot.battery_pct)}%" if foot.battery_pct is not None
           else foot.battery_level or "-")  # a level where the insole reports no percentage
    bat_style = "bold white on red3" if foot.battery_low else ""
    rate = _int(foot.packets_per_s)
    wide = inner >= 32
    # running and walking unload the foot every swing: a relief clock says nothing there
    on_bike = shows_relief_clock(foot.activity)
    out = []
    if wide:
        out.append(Text(f"forefoot {share_s}" + (f"  {relief}" if on_bike else "")))
        cadence = cadence_words(foot.declared_word or foot.activity, foot.cadence_per_min)
        act = activity_words(foot) or "unknown"  # as declared: "elliptical", not its class
        out.append(Text(f"{act}" + (f" {cadence}" if cadence is not None else ""), style="dim"))
        out.append(Text(f"{rate} {words.rate_unit}  gaps {_int(foot.gaps)}  lost {_int(foot.packets_lost)}  "
                        f"bad {_int(foot.packets_corrupt + foot.packets_out_of_time)}"))
        last = Text(f"{words.back_count} {_int(foot.reconnects)}  battery ")
    else:
        out.append(Text(f"fore {share_s}" + (f" {relief}" if on_bike else "")))
        out.append(Text(f"{rate}/s gap {_int(foot.gaps)} lost {_int(foot.packets_lost)}"))
        last = Text(f"{words.back_short} {_int(foot.reconnects)} bat ")
    last.append(bat + (" LOW" if foot.battery_low and bat != "low" else ""), style=bat_style)
    out.append(last)
    for t in out:
        t.truncate(inner, overflow="ellipsis")
    return out


def _foot_panel(foot: FootView, width: int, words: TransportWords = RADIO) -> Panel:
    inner = max(width - 4, 8)
    cell = min(10, (inner - 2) // 3)
    level = str(foot.level) if foot.level is not None else "none"
    away = foot.stale or not foot.connected  # no data now
    border = _LOST_BORDER if foot.lost else "grey50" if away else _LEVEL_BORDERS.get(level, "white")
    parts: list[RenderableType] = [_status_line(foot, inner, words)]
    if cell >= 4:  # a narrower map would not read; the level and the lines below still do
        fmap = foot_map(foot, cell)
        if foot.lost or away:
            fmap.stylize("dim")
        parts.append(Align.center(fmap))
    title = Text(str(foot.foot).upper(), style="bold")
    return Panel(Group(*parts, *_stats(foot, inner, words)), title=title, title_align="left", border_style=border,
                 box=box.ROUNDED, padding=(0, 1), width=width)


def _absent_panel(name: str, width: int) -> Panel:
    return Panel(Text("no insole", style="dim"), title=Text(name.upper(), style="bold dim"),
                 title_align="left", border_style="grey50", padding=(0, 1), width=width)


# ------------------------------------------------------------------------------------------- the screen

def _header(view: LiveView, width: int, rows: int = 1) -> RenderableType:
    """The header line; with a recording's error, at most ``rows`` rows (the error wraps under it)."""
    line = Text()
    if width >= _NARROW:
        line.append("SOLEWATCH ", style="bold")
    dur = finite_or_none(view.duration_s)
    session_s = finite_or_none(view.session_s)
    elapsed = fmt_clock(min(session_s, dur) if dur and session_s is not None else session_s)  # never past it
    line.append(elapsed + (f" / {fmt_clock(dur)}" if dur else ""), style="bold")
    line.append(f"  alerts {_int(view.alerts)}  ")
    if view.recording_error:
        stopped_s = finite_or_none(view.recording_stopped_s)
        at = f" at {fmt_clock(stopped_s)}" if stopped_s is not None else ""
        error = one_line(str(view.recording_error))  # a line break reads as a space
        line.append(f"REC STOPPED{at}: {error}", style="bold white on red3")
    elif view.recording:
        line.append("REC", style="bold red")
    else:
        line.append("not recording", style="dim")
    behind_s = finite_or_none(getattr(view, "analysis_behind_s", None))
    if behind_s is not None:  # alerts come late; the relief clocks count to the analysed data
        line.append(f"  {behind_words(behind_s).upper()}", style="bold black on yellow")
    if view.label and width >= _WIDE:
        line.append(f"  {view.label}", style="dim")
    if view.recording_error and rows > 1:
        return Rows(line, rows)
    line.truncate(width, overflow="ellipsis")
    return line


def banner_heads(alert: Alert, now_s: Any = None) -> tuple[str, ...]:
    """The banner's first line for an event, what and where, longest first: with its age ("WARNING  LEFT
    foot  MTH2-3  focal peak  (0:54 ago)"; a whole-forefoot pattern's "LEFT forefoot  (heaviest under MTH1)",
    monitor.analysis.alert_place), in single spaces, without the age, then without "foot" too. The banner
    draws the first that fits its width: a narrow terminal gives up the age before anything else (the level,
    the foot, the region and the pattern stay). A whole-forefoot pattern keeps "forefoot", and gives up its
    region next (only where its load is heaviest), then "forefoot" itself: its pattern stays."""
    foot = str(alert.foot).upper()
    age = ""
    now = finite_or_none(now_s)
    t = finite_or_none(alert.t_s)
    if now is not None and t is not None and now >= t:
        age = f"({fmt_clock(now - t)} ago)"
    word = EVENT_WORDS.get(alert.kind) or str(alert.level or "alert").upper()
    place = alert_place(alert.pattern, alert.region) if alert.kind == "alert" else None
    where = (place.region, pattern_short(alert.pattern)) if place else ()
    part = place.part if place else "foot"
    parts = [word, f"{foot} {part}", *(w for w in where if w)]
    heads = ["  ".join([*parts, age]) if age else "", " ".join([*parts, age]) if age else "", "  ".join(parts),
             " ".join([word, foot, *parts[2:]]) if part == "foot" else " ".join(parts)]
    if part == "forefoot":  # its region is only where its load is heaviest: dropped before the forefoot
        heads += [" ".join(s for s in (word, parts[1], where[1]) if s),
                  " ".join(s for s in (word, foot, where[1]) if s)]
    return tuple(h for h in heads if h)


def banner_lines(alert: Alert, now_s: Any = None, activity: Any = "unknown") -> tuple[str, str]:
    """The banner's two lines for an event: what and where (with its age: :func:`banner_heads`), then what to
    do: now, and for a warning or an alert the fix after ("> Unweight the foot 20-60 s. After: Move the left
    cleat back 2-10 mm"), the phone's words (monitor.live.shown.todo_words: the alert's own relief words,
    the foot's ``activity`` only for an alert without them); back to normal and data back say what happened,
    with no ">"."""
    todo = todo_words(alert, str(activity))
    act = alert.kind not in ("back_to_normal", "data_back")
    return banner_heads(alert, now_s)[0], f"> {todo}" if act else todo


class Fitted:
    """The first of ``texts`` that fits the width it is drawn at, on one row; the last cut with an ellipsis
    where none fits."""

    def __init__(self, texts: Sequence[str], style: str = "") -> None:
        self.texts, self.style = tuple(texts) or ("",), style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        text = next((t for t in self.texts if Text(t).cell_len <= width), None)
        line = Text(text if text is not None else self.texts[-1], style=self.style)
        line.truncate(width, overflow="ellipsis")
        yield line


def _activity(view: LiveView, foot: Any) -> str:
    """The detector's activity of ``foot`` in the view ("unknown" where it has none)."""
    feet = view.feet if isinstance(view.feet, dict) else {}
    f = feet.get(foot)
    return str(f.activity) if isinstance(f, FootView) and f.activity else "unknown"


def _lost_feet(view: LiveView) -> list[str]:
    feet = view.feet if isinstance(view.feet, dict) else {}
    return [str(name) for name, f in feet.items() if isinstance(f, FootView) and f.lost]


def _banner(alert: Alert | None, view: LiveView, todo_rows: int = ROW_CAPS[0][0]) -> RenderableType:
    """The event standing now: what and where, then what to do in at most ``todo_rows`` rows."""
    if alert is None:
        lost = _lost_feet(view)
        if lost:  # "no alert" would read as all well while a foot sends nothing
            feet = " and ".join(f.upper() for f in lost)
            style = _BANNER_STYLES["data_stale"]
            body = Group(Fitted([f"NO DATA  {feet} foot lost"], style),
                         Rows(Text(f"> {no_data_words(lost)}", style=style), todo_rows))
            return Panel(body, box=box.HEAVY, style=style, padding=(0, 1))
        return Text(f"no alert  (alerts so far: {_int(view.alerts)})", style="dim")
    key = alert.kind if alert.kind != "alert" else str(alert.level)
    style = _BANNER_STYLES.get(key, "bold white on red3")
    _, todo = banner_lines(alert, view.session_s, _activity(view, alert.foot))
    body = Group(Fitted(banner_heads(alert, view.session_s), style), Rows(Text(todo, style=style), todo_rows))
    return Panel(body, box=box.HEAVY, style=style, padding=(0, 1))


def other_line(alert: Alert, activity: Any = "unknown") -> str:
    """A standing event under the banner, in one short line: level, foot, region, what to do now; a notice,
    which asks for nothing now, with its fix after ("Nothing urgent now. After: ...", monitor.live.shown.todo_words)
    (the phone's line under its banner)."""
    foot = str(alert.foot).upper()
    now = todo_words(alert, str(activity)) if alert.level == "notice" else now_and_after(alert, str(activity))[0]
    if alert.kind == "data_stale":
        return f"NO DATA  {foot} foot  > {now}"
    if alert.kind == "back_to_normal":
        return f"BACK TO NORMAL  {foot} foot"
    if alert.kind == "data_back":
        return f"DATA BACK  {foot} foot  {now}"
    place = alert_place(alert.pattern, alert.region)
    where = place.region or pattern_short(alert.pattern)
    parts = (str(alert.level or "alert").upper(), f"{foot} {place.part}", where, f"> {now}")
    return "  ".join(p for p in parts if p)


def _others(view: LiveView, alert: Alert | None, rows: int = ROW_CAPS[0][1]) -> list[Rows]:
    """The other standing events, under the banner (view.others, and the view's own banner event when
    render_view's ``alert`` takes the banner): one line each in the event's colour, at most ``rows`` rows."""
    standing = (view.current_alert, *(view.others if isinstance(view.others, tuple) else ()))
    out = []
    for other in standing:
        if not isinstance(other, Alert) or other is alert or other == alert:
            continue
        key = other.kind if other.kind != "alert" else str(other.level)
        line = other_line(other, _activity(view, other.foot))
        out.append(Rows(Text(line, style=_BANNER_STYLES.get(key, "bold white on red3")), rows))
    return out


def _legend(width: int, calibrated: bool = True, nominal: bool = False, all_measured: bool = True) -> Text:
    """The colour key under the feet: the forefoot's bands as times the rider's normal, then unloaded (under
    LOADED_KPA kPa) where a foot is calibrated (``calibrated``), the grey of nominal units where one is not
    (``nominal``: "units: no unloaded band", whose threshold is kPa: monitor.live.shown.region_band), and no
    data, then, only where ``all_measured`` is False (an insole cannot measure a number the view shows),
    NOT_MEASURED: not measured with this insole. Where one line would be wider than ``width`` columns (65
    wide: from _NARROW, 50, to 64; 100 with the last) it is two or three, broken between the bands, the rest
    and the last, so no key is cut in two."""
    scale = Text("x normal ", style="dim")
    for low, bg, fg in RELATIVE_BANDS:
        scale.append(f" {'<' + format(RELATIVE_BANDS[1][0], 'g') if low == 0 else f'{low:g}+'} ",
                     style=f"{fg} on {bg}")
    rest = Text()
    if calibrated:
        rest.append(f" <{LOADED_KPA:.0f} {pressure_unit()} ", style=_UNLOADED_STYLE)
        rest.append(" ")
    if nominal or not calibrated:
        rest.append(f" {pressure_unit(calibrated=False)} ", style=_NOMINAL_STYLE)
        rest.append(" no unloaded band ", style="dim")
    rest.append(" - ", style=_NO_DATA_STYLE)
    rest.append(" no data", style="dim")
    keys = [scale, rest]
    if not all_measured:
        keys.append(Text.assemble((f" {NOT_MEASURED} ", _NOT_MEASURED_STYLE), (f" {NOT_MEASURED_WORDS}", "dim")))
    lines = [keys[0]]
    for key in keys[1:]:
        if lines[-1].cell_len + 1 + key.cell_len <= width:
            lines[-1] = Text.assemble(lines[-1], " ", key)
        else:
            lines.append(key)
    return Text("\n").join(lines)


def _calibrations(view: LiveView) -> tuple[bool, bool]:
    """``(calibrated, nominal)`` for the colour key (:func:`_legend`): whether a foot drawn sends kPa, whether
    one sends nominal units (FootView.calibrated; without feet, the view's ``calibrated``)."""
    feet = [f for _, f in _feet_in_order(view) if isinstance(f, FootView)]
    if not feet:
        cal = getattr(view, "calibrated", True) is not False
        return cal, not cal
    flags = [getattr(f, "calibrated", True) is not False for f in feet]
    return any(flags), not all(flags)


def _feet_in_order(view: LiveView) -> list[tuple[str, FootView | None]]:
    feet = view.feet if isinstance(view.feet, dict) else {}
    names = ["left", "right"] + sorted(str(k) for k in feet if k not in ("left", "right"))
    return [(n, feet.get(n)) for n in names if n in ("left", "right") or n in feet]


def _screen(view: LiveView, width: int, alert: Alert | None, *, room: int | None = None,
            console: Console | None = None, options: ConsoleOptions | None = None) -> Group:
    """The screen, ``width`` columns wide. Texts of any length take at most ROW_CAPS[0] rows; where ``room``
    (the terminal's lines left for the screen, measured on ``console``) is known, they give up rows
    (ROW_CAPS, in order) until the screen fits it. The colour key goes under the feet when the rest leaves
    it room: always without lines under the banner when ``room`` is unknown, else only when ``room`` holds
    it; on 24 lines those lines take the key's line."""
    width = max(int(width), 20)
    feet = _feet_in_order(view)
    per = max(width // 2, 12)
    words = getattr(view, "transport", RADIO)  # the link in the words of the insoles' transport
    words = words if isinstance(words, TransportWords) else RADIO
    grid = Table.grid(padding=0)
    panels = []
    for name, foot in feet[:2]:
        grid.add_column(width=per)
        panels.append(_foot_panel(foot, per, words) if isinstance(foot, FootView) else _absent_panel(name, per))
    grid.add_row(*panels)
    more = [_foot_panel(foot, per, words) if isinstance(foot, FootView) else _absent_panel(name, per)
            for name, foot in feet[2:]]
    legend = [_legend(width, *_calibrations(view), measures_all(view))] if width >= _NARROW else []
    parts: list[RenderableType] = []
    for todo_rows, other_rows, header_rows in ROW_CAPS:
        others = _others(view, alert, other_rows)
        parts = [_header(view, width, header_rows), _banner(alert, view, todo_rows), *others, grid, *more]
        if room is None:  # a line under the banner leaves the legend room only on a tall enough terminal
            return Group(*parts, *([] if others else legend))
        if legend and _fits(Group(*parts, *legend), room, console, options):
            return Group(*parts, *legend)
        if _fits(Group(*parts), room, console, options):  # the texts' rows before the legend
            break
    return Group(*parts)


def _fits(body: Group, room: int | None, console: Console | None, options: ConsoleOptions | None) -> bool:
    """Whether ``body`` fits in ``room`` lines (unknown room: no)."""
    if room is None or console is None or options is None:
        return False
    return len(console.render_lines(body, options.update(height=None), pad=False)) <= room


class _ViewRenderable:
    """Lays the view out for the width it is given at render time (a resized terminal re-flows)."""

    def __init__(self, view: LiveView, width: int | None, alert: Alert | None) -> None:
        self.view, self.width, self.alert = view, width, alert

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(self.width or options.max_width, options.max_width)
        yield _screen(self.view, width, self.alert, room=options.height,
                      console=console, options=options.update_width(width))


def render_view(view: LiveView, *, width: int | None = None, alert: Alert | None = None) -> RenderableType:
    """The whole live screen for one snapshot, as a rich renderable.

    ``width`` fixes the layout width in columns (default: the width of the console it is printed on).
    ``alert`` overrides ``view.current_alert`` for the banner.
    """
    return _ViewRenderable(view, width, alert if alert is not None else view.current_alert)


# -------------------------------------------------------------------------------------------- plain lines

def format_event(alert: Alert, delivered: Sequence[str], activity: Any = "unknown",
                 lost: Mapping[str, int] | None = None, late: str = "", pedals: str | None = None) -> str:
    """One human line for an event: time, foot, level, region, pattern, what to do now and after as the
    banner says it, in the activity the alert was judged in ("Unweight the foot 20-60 s. After: Move the
    left cleat back 2-10 mm" on a bike, "Take a 20-60 s break. After: ..." on foot;
    monitor.live.shown.todo_words; ``activity``, a detector label, only for an alert without its own relief
    words), channels; a rider's numb mark, who marked it, what to do at once and when to see a clinician, the
    phone view's referral (monitor.live.shown.mark_todo_words, its referral in ``activity``'s words, a mark
    without its own words for the declared ``pedals``, None: not declared); an alert
    dated in its foot's silence says the data it was found in (monitor.analysis.alert_todo.found_before_words); a
    replay's no data of a foot whose frames the raw log lost (``lost``: ReplaySource.lost) says so, not to
    check the insole (monitor.live.shown.lost_data_words); one issued late, dated at its data long before the
    time it is read, says how late after its words (``late``: monitor.live.analysis_lag.late_words, "issued
    82 s late"). One line: line breaks in the texts read as spaces."""
    head = f"{fmt_clock(alert.t_s):>7}  {str(alert.foot).upper():<5}"
    lost = lost or {}
    if alert.kind == RIDER_MARK_KIND:
        body = f"NUMB NOW  {marked_by(alert)}. {mark_todo_words(alert, str(activity or 'unknown'), pedals)}"
    elif alert.kind == "data_stale" and lost.get(alert.foot):
        body = f"{EVENT_WORDS[alert.kind]}  {lost_data_words(str(alert.foot), lost[alert.foot])}"
    elif alert.kind in EVENT_WORDS:
        body = f"{EVENT_WORDS[alert.kind]}  {todo_words(alert)}"
    else:
        where = alert_place(alert.pattern, alert.region).alone()
        what = ", ".join(s for s in (where, pattern_short(alert.pattern)) if s)
        body = f"{str(alert.level or 'alert').upper():<7}  {what or 'forefoot load'}: "
        body += todo_words(alert, str(activity or "unknown"))
        if alert.data_until_s is not None:  # dated in the foot's silence, told after it (its message says it)
            body += f" ({found_before_words(str(alert.foot), alert.data_until_s)})"
    body = " ".join(body.splitlines()) + (f" ({late})" if late else "")
    channels = ", ".join(str(c) for c in delivered) if delivered else "none"
    return f"{head}  {body}  [delivered: {channels}]"


def notice_line(notice: LinkNotice) -> str:
    """One human line for a notice (a foot down, back or lost, a low battery, a recording stopped): its
    session time, then what happened. ``live``, ``replay`` and ``record`` say a notice alike."""
    return f"{fmt_clock(notice.t_s):>7}  {notice.text}"


# ---------------------------------------------------------------------------------------------- display

class LiveRegion:
    """A display that keeps a rich ``Live`` on the terminal while it is entered: its ``__enter__`` calls
    :meth:`_start` with the Live (a plain display starts none), ``__exit__`` stops it."""

    _live: Live | None = None

    def _start(self, live: Live) -> None:
        self._live = live
        live.__enter__()

    def __exit__(self, *exc: object) -> None:
        live, self._live = self._live, None
        if live is not None:
            live.__exit__(None, None, None)


class LiveDisplay(LiveRegion):
    """Keeps the live view on a terminal, or writes plain lines (``plain=True`` or not a terminal).

    Use as a context manager; :meth:`update` with each snapshot, :meth:`event` with each alert and the
    channels that delivered it, :meth:`notice` with each notice, :meth:`message` for one-off notes.
    ``calibrated`` False: an insole is uncalibrated, and the key printed above the view says its numbers
    are nominal units, not kPa; or each foot's flag (foot -> bool), and the key says each foot's unit where
    they differ (:func:`view_key`; the colour key under the feet follows the snapshot's);
    ``words``: the insoles' transport's, the key's words for the link (the feet's follow the snapshot's);
    ``activity``: the session's declared one (a session's word; None: not declared), the key's words for the
    levels, and ``params`` the session's, their times (:func:`level_key`); ``kept_normal``: the rider's normal
    from earlier sessions judges this one, and the key says the colours are against it (:func:`view_key`).

    The banner is the latest snapshot's (its ranking of the standing events, as the phone view's): the live
    session publishes a snapshot as each event is raised, before its delivery
    (monitor.live.session.LiveMonitor._emit), so a delivered event is already in it, in the banner or under
    it, or gone (relieved, outranked).
    """

    def __init__(self, console: Console, *, plain: bool = False, refresh_per_second: float = 4.0,
                 calibrated: bool | Mapping[str, bool] = True, words: TransportWords = RADIO,
                 activity: str | None = None, params: Params = DEFAULT_PARAMS, kept_normal: bool = False) -> None:
        self.console = console
        self.kept_normal = kept_normal  # the colours are against the rider's kept normal (view_key)
        self.params = params  # the levels' times in the key, and the relief's (level_key)
        self.calibrated = calibrated  # False: an insole's numbers are nominal units, not kPa (view_key)
        self.words = words  # the link's words in the key (a BLE radio's packets, the Moticon stream's datagrams)
        self.activity = activity  # the levels' words in the key: the relief the session's alerts ask for
        self.plain = plain or not console.is_terminal
        self.refresh_per_second = refresh_per_second
        self._live: Live | None = None
        self._view: LiveView | None = None
        #: the last event delivered since the snapshot, said as text should the snapshot not draw
        self._delivered: Alert | None = None
        #: a line under the view (the keys it takes, monitor.cli.live_keys), or None
        self.hint: str | None = None
        #: the lag last said (session s) where the analysis was said behind the session's time, not yet caught up
        self._said_behind_s: float | None = None

    def __enter__(self) -> LiveDisplay:
        if not self.plain:
            # once, above the view (plain lines say their words in full)
            for line in view_key(self.calibrated, self.words, self.activity, self.params, self.kept_normal):
                self.console.print(line, markup=False, highlight=False, style="dim")
            # stray writes to the terminal would tear the view: they go above it; a piped stream (the
            # JSON events of ``--events -``) is left alone
            self._start(Live(console=self.console, refresh_per_second=self.refresh_per_second,
                             screen=False, transient=False, redirect_stdout=_is_tty(sys.stdout),
                             redirect_stderr=_is_tty(sys.stderr), get_renderable=self._renderable))
        return self

    def _renderable(self) -> RenderableType:
        if self._view is None:
            return Text("waiting for the insoles...", style="dim")
        return _SafeRenderable(self._view, self._delivered, self.hint)

    def update(self, view: LiveView) -> None:
        """A new snapshot; its events are the banner and the lines under it. The analysis falling behind
        the session's time, and catching up, is said once each way; a plain stream, which has no header, says
        it again each time the lag grows by ``BEHIND_REPEAT_S`` more than it last said."""
        behind_s = finite_or_none(getattr(view, "analysis_behind_s", None))
        said_s = self._said_behind_s
        if (behind_s is None) != (said_s is None) or (
                self.plain and behind_s is not None and said_s is not None and behind_s >= said_s + BEHIND_REPEAT_S):
            self._said_behind_s = behind_s
            self._view = view  # the line's time
            self.message(behind_line(behind_s))
        self._view = view
        self._delivered = None
        if self._live is not None:
            self._live.refresh()

    def event(self, alert: Alert, delivered: Sequence[str], late: str = "") -> None:
        """An alert, back-to-normal, data-stale or data-back event and the channels that took it: a line above the view
        saying what to do in full, in the words of the foot's activity in the latest snapshot, and how late it was
        issued (``late``: :func:`format_event`'s) (and the bell for a warning, an alert or missing data); the
        banner stays the snapshot's. A numb mark without its own words is worded for the session's declared
        pedals the snapshot carries (monitor.live.shown.view_pedals), as the phone's."""
        # what to do in full, in the words of the foot's activity in the view: the banner may cut it
        activity = _safe(_activity, self._view, alert.foot) if self._view is not None else None
        line = _safe(format_event, alert, delivered, activity or "unknown", None, late,
                     _safe(view_pedals, self._view)) or f"event: {alert!r}"
        if self._live is None:
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return
        if alert.kind != RIDER_MARK_KIND:  # the rider's own mark is not the detector's
            self._delivered = alert
        self._above(line)  # here a text the banner cuts is read whole
        if alert.kind == "data_stale" or (alert.kind == "alert" and alert.level in _BELL_LEVELS):
            self.console.bell()
        self._live.refresh()

    def notice(self, notice: LinkNotice) -> None:
        """A notice (foot down, back or lost, battery low, recording stopped) at its own session time."""
        self._say(notice_line(notice))

    def message(self, text: str) -> None:
        """A one-off note that has no time of its own (the events file stopped), prefixed with the session
        time of the view."""
        when = fmt_clock(self._view.session_s) if self._view is not None else "-"
        self._say(f"{when:>7}  {text}")

    def keys_off(self, text: str) -> None:
        """The keys went off (the terminal hung up, monitor.cli.live_keys): their hint goes, ``text`` is said
        once."""
        self.hint = None
        self.message(text)

    def _say(self, line: str) -> None:
        if self._live is None:
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self._above(line)
            self._live.refresh()

    def _above(self, line: str) -> None:
        """``line`` (an event's or a notice's: its session time, then its words) above the view, wrapped at
        words to the terminal's width, never cut: continuation lines start under the words, a number stays
        with its unit ("2-10 mm", monitor.cli.wrapping), a word longer than a line stays whole."""
        console = self._live.console if self._live is not None else self.console
        time_column = len(line) - len(line.lstrip(" ")) + len(line.lstrip(" ").split("  ", 1)[0]) + 2
        indent = " " * time_column if time_column <= console.width // 2 else ""
        text = wrapped(line, max(console.width, 1), indent)
        console.print(text, markup=False, highlight=False, soft_wrap=True, style="bold")


#: How much further (session s) the analysis falls behind before a plain stream says it again (guess: a warning
#: later by another half minute is worth a line; more often would bury the alerts' lines).
BEHIND_REPEAT_S = 30.0


def behind_line(behind_s: float | None) -> str:
    """What the terminal says as the analysis falls ``behind_s`` session s behind the session's time (None:
    as it catches up)."""
    if behind_s is None:
        return "analysis caught up with the session's time"
    return (f"{behind_words(behind_s)} the session's time (more than {BEHIND_BOUND_S:g} s, a guess): the host is "
            "too busy for the speed; alerts come late, relief clocks count to the analysed data")


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _safe(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001 - the rider's display must outlive a malformed snapshot
        return None


class _SafeRenderable:
    """The screen, but a snapshot it cannot draw still shows an alert as text instead of stopping Live: the
    event ``delivered`` since it came, else its own."""

    def __init__(self, view: LiveView, delivered: Alert | None, hint: str | None = None) -> None:
        self.view, self.delivered, self.hint = view, delivered, hint

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        alert = getattr(self.view, "current_alert", None)
        try:
            # a line is the cursor's under rich.live, one the hint's
            room = options.size.height - 1 - (1 if self.hint else 0)
            screen = _screen(self.view, options.max_width, alert, room=room, console=console, options=options)
        except Exception as exc:  # noqa: BLE001 - see _safe
            yield Text(f"(view unavailable: {type(exc).__name__})", style="dim")
            alert = self.delivered if self.delivered is not None else alert
            activity = _safe(_activity, self.view, getattr(alert, "foot", None)) or "unknown"
            line = _safe(format_event, alert, (), activity, None, "", _safe(view_pedals, self.view)) \
                if isinstance(alert, Alert) else None
            if line:
                yield Text(line, style="bold")
            return
        yield screen
        if self.hint:
            yield Text(self.hint, style="dim", no_wrap=True, overflow="ellipsis")
