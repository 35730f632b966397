"""The cohort report (study.html) as one self-contained HTML page, in the session report's style (inline
CSS, images as data: URIs, no script, no request; monitor.report.html). Pure: numbers and PNG bytes in,
text out; every field from the tables is escaped.

Sections: across sessions and riders, each rider over time, before and after, data quality.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from html import escape
from typing import Any

from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE
from monitor.link.transport_words import transport_words
from monitor.report.html import CSP, _table, png_data_uri
from monitor.report.plots.palette import QUALITY_COLOUR_WORDS
from monitor.report.study_data import (
    KPA_METRICS,
    METRICS,
    NOMINAL_DOSE,
    Pair,
    StudyData,
    forefoot_unresolved,
    nominal_pairs,
)
from monitor.report.style import REPORT_CSS
from monitor.signal.activity_words import activity_name
from monitor.util.pressure_units import pressure_unit, unit_name
from monitor.util.version import __version__
from monitor.util.words import counted

#: Figure name -> alt text, in the order the page shows them.
STUDY_FIGURES: dict[str, str] = {
    "distributions": "histograms of each metric across sessions, with each rider's mean marked",
    "trends": "each rider's sessions in date order, one line per rider, per metric",
    "pairs": "before and after values of each declared change, per metric",
    "quality": "valid fraction of frames per session, worst foot",
}
#: Sessions listed per table (the rest are counted; the tables hold them all).
MAX_ROWS = 500
#: The metrics' column heads, short so that a rider's table of sessions fits a laptop's page column (the
#: figures' axes carry METRICS' full labels; docs/study.md says what each metric is).
METRIC_HEADS = {"first_warning_s": "first warning (s)", "forefoot_dose_kpa_s_per_h": "forefoot dose (kPa s/h)",
                "reliefs_per_h": "reliefs per hour", "forefoot_share": "forefoot share"}
#: Added to the session report's CSS: a date stays on one line (not "2026-" over "11-26").
_STUDY_CSS = """
.date { white-space: nowrap; }
"""
_FORMAT = {"first_warning_s": ".0f", "forefoot_dose_kpa_s_per_h": ",.0f", "reliefs_per_h": ".1f",
           "forefoot_share": ".2f"}


def _n(x: object, fmt: str = ".1f") -> str:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "-"
    return "-" if not math.isfinite(v) else format(v, fmt)


def _figure(name: str, images: Mapping[str, bytes], caption: str) -> str:
    if name not in images:
        return ""
    return (f'<figure id="fig-{name}"><img src="{png_data_uri(images[name])}" '
            f'alt="{escape(STUDY_FIGURES[name])}"><figcaption>{caption}</figcaption></figure>')


def _unwatched(feet: object) -> str:
    """Under a session's first warning, the feet it did not analyse ("/"-joined, StudyData.per_session's
    ``not_analysed``) as a small line, "" when none: no warning could come for them, so a missing or later
    first warning is of the other foot alone, never none on them."""
    feet = "" if feet is None or (isinstance(feet, float) and math.isnan(feet)) else str(feet)
    return f"<br><small>{escape(feet.replace('/', ', '))} not analysed</small>" if feet else ""


#: Sessions a figure's caption names as having a foot not analysed (the rest are counted).
MAX_NAMED = 12


def _unwatched_caption(named: list[str], where: str) -> str:
    """A caption's sentence naming the sessions with a foot not analysed (``named``: "<session>: <feet>" each,
    escaped here), whose values are of their other foot alone and which ``where`` marks ("" when none)."""
    if not named:
        return ""
    listed = "; ".join(escape(x) for x in named[:MAX_NAMED])
    more = f"; and {len(named) - MAX_NAMED:,} more" if len(named) > MAX_NAMED else ""
    return (f" {escape(counted(len(named), 'session'))} with a foot not analysed, whose values are of the other "
            f"foot alone ({escape(where)}): {listed}{more}.")


def _unwatched_sessions(data: StudyData) -> list[str]:
    """Each session with a foot not analysed as "<session>: <feet> not analysed", in date order."""
    per = data.per_session
    if not len(per):
        return []
    return [f"{r['session_id']}: {str(r['not_analysed']).replace('/', ', ')} not analysed"
            for _, r in per[per["not_analysed"] != ""].iterrows()]


def _metric_cells(row: Mapping[str, object]) -> list[str]:
    """A row's METRICS as cells; a session's forefoot dose from an uncalibrated insole in its nominal units
    ("1,234 units s/h": not kPa, so not in the kPa column's numbers, StudyData.per_session); under its first
    warning the feet it did not analyse."""
    cells = [escape(_n(row.get(m), _FORMAT[m])) + (_unwatched(row.get("not_analysed")) if m == "first_warning_s"
                                                   else "") for m in METRICS]
    nominal = _n(row.get(NOMINAL_DOSE), _FORMAT[KPA_METRICS[0]])
    if nominal != "-":
        i = list(METRICS).index(KPA_METRICS[0])
        dose = f"{nominal} {pressure_unit('pti_kpa_s', False)}/h"
        cells[i] = escape(dose if cells[i] == "-" else f"{cells[i]}; {dose}")
    return cells


def _nominal_note(data: StudyData) -> str:
    """That sessions of uncalibrated insoles are left out of the kPa forefoot dose ("" where there are none)."""
    per = data.per_session
    n = int(per["pressure_unit"].str.contains(pressure_unit(calibrated=False)).sum()) if len(per) else 0
    if not n:
        return ""
    return (f"<p>{escape(counted(n, 'session'))} of an uncalibrated insole (the sessions table's "
            f"<code>pressure_unit</code> <code>{pressure_unit(calibrated=False)}</code>: counts at a nominal "
            "scale, not kPa; docs/devices.md) "
            f"{'is' if n == 1 else 'are'} left out of the forefoot dose's means and figures: each "
            "rider's table and the before/after pairs give "
            f"{'its dose' if n == 1 else 'their doses'} in {unit_name(False)} ({pressure_unit('pti_kpa_s', False)}/h), "
            "never compared with kPa.</p>")


def _metric_heads() -> list[str]:
    return [escape(METRIC_HEADS[m]) for m in METRICS]


def _id(text: object) -> str:
    """A session id, path or insole kind as a table cell (escaped HTML) that breaks after a colon, slash or
    underscore as it does after a hyphen ("import:<wbr>population"), and between the date and the time of a
    recorded session's id ("20261126T<wbr>231211Z-sample-cleat-forward")."""
    text = re.sub(r"([:/\\_])", "\\1<wbr>", escape(str(text)))
    return "<span class=id>" + re.sub(r"(?<=\d{8}T)(?=\d{6}Z)", "<wbr>", text) + "</span>"


def _cohort_section(data: StudyData, images: Mapping[str, bytes]) -> str:
    rows = [[escape(r["rider"] or "(none)"), str(int(r["sessions"])), *_metric_cells(r)]
            for _, r in data.rider_means.iterrows()]
    return "\n".join([
        '<section id="cohort"><h2>Across sessions and riders</h2>',
        _figure("distributions", images,
                "Each metric's spread over the sessions (a session's feet combined: the earliest warning of "
                "either foot, the mean of the feet otherwise); the ticks on the axis are the riders' means."
                + _unwatched_caption(_unwatched_sessions(data), "not marked here; crossed in the trends")),
        "<h3>Each rider's mean over their sessions</h3>",
        _table(["rider", "sessions", *_metric_heads()], rows, tuple(range(1, 2 + len(METRICS)))),
        _nominal_note(data), "</section>"])


def _trend_section(data: StudyData, images: Mapping[str, bytes]) -> str:
    per = data.per_session
    out = ['<section id="trends"><h2>Each rider over time</h2>',
           _figure("trends", images, "Each rider's sessions in date order; a ringed point is a session that "
                   "declares the change it follows." + _unwatched_caption(_unwatched_sessions(data), "crossed"))]
    for rider in data.riders:
        g = per[per["rider"] == rider]
        rows = [[f"<span class=date>{escape(r['date'])}</span>", _id(r["session_id"]), _activity(r["activity"]),
                 _insole(r), *_metric_cells(r), escape(r["change"])] for _, r in g.head(MAX_ROWS).iterrows()]
        out.append(f"<h3>{escape(rider or '(no rider named)')}</h3>")
        out.append(_table(["date", "session", "activity", "insole", *_metric_heads(), "change"], rows,
                          tuple(range(4, 4 + len(METRICS)))))
    out.append("</section>")
    return "\n".join(out)


def _activity(activities: str) -> str:
    """A session's activity cell: each of its feet's activities (``/``-joined, StudyData.per_session) in the
    words of every view ("stair climber", "elliptical or stair climber")."""
    return escape("/".join(activity_name(a) for a in str(activities).split("/")))


def _insole(r: Mapping[str, Any]) -> str:
    """A session's insole cell: its kind and, under it, its layout (sensors and the regions it lacks), which
    tells apart sessions of one kind ("import:population") on different insoles."""
    layout = r.get("layout") or ""
    return _id(r["device_kind"]) + (f"<br><small>{escape(str(layout))}</small>" if layout else "")


def _pairs_section(data: StudyData, images: Mapping[str, bytes]) -> str:
    out = ['<section id="pairs"><h2>Before and after</h2>']
    if not data.pairs:
        out.append("<p>No session declares a change it follows (study.json's <code>change</code>), or none "
                   "has an earlier session of the same rider.</p></section>")
        return "\n".join(out)
    named = list(dict.fromkeys(f"{sid}: {feet.replace('/', ', ')} not analysed" for p in data.pairs
                               for sid, feet in zip((p.before, p.after), p.not_analysed) if feet))
    out.append(_figure("pairs", images, "Each declared change: the rider's session just before it and the "
                                        "session that follows it." + _unwatched_caption(named, "crossed")
                       + _nominal_pairs_caption(data.pairs)))
    rows = []
    for p in data.pairs:
        cells = [f"{escape(_n(b, _FORMAT[m]))} → {escape(_n(a, _FORMAT[m]))}" for m, (b, a) in p.values.items()]
        cells[list(p.values).index(KPA_METRICS[0])] = _pair_dose(p)
        cells[list(p.values).index("first_warning_s")] += "".join(
            _unwatched(f"{when} session: {feet}") for when, feet in zip(("before", "after"), p.not_analysed) if feet)
        rows.append([escape(p.rider), escape(p.change), _id(p.before), _id(p.after), *cells])
    out.append(_table(["rider", "change", "before", "after", *_metric_heads()], rows))
    for p in data.pairs:
        if p.layout_changed:
            out.append(f'<p><span class="level-warning-text">Different layouts:</span> {escape(p.rider)}, '
                       f"{escape(p.change)}: the two sessions used different layouts ({escape(p.before)}: "
                       f"{escape(p.layouts[0])}; {escape(p.after)}: {escape(p.layouts[1])}), so the change "
                       "between them is the insole's as much as the change declared. A number the one layout "
                       "resolves and the other does not is missing (-).</p>")
    out.append("</section>")
    return "\n".join(out)


def _nominal_pairs_caption(pairs: list[Pair]) -> str:
    """The pairs figure's sentence on the doses in nominal units it leaves out of its kPa dose panel
    (monitor.report.study_data.nominal_pairs), which the table gives ("" when none)."""
    n = nominal_pairs(pairs)
    if not n:
        return ""
    return (f" Its forefoot dose panel is in kPa alone: the doses in {unit_name(False)} (an uncalibrated insole) of "
            f"{escape(counted(n, 'pair'))} are not drawn there; the table gives them.")


def _dose_side(kpa: float, nominal: float) -> str:
    """One session's forefoot dose in a pair: kPa s/h from its calibrated feet, nominal units s/h from its
    uncalibrated ones ("766,019 units s/h"), both where it has both, "-" where none."""
    fmt = _FORMAT[KPA_METRICS[0]]
    said = [_n(kpa, fmt)] if math.isfinite(kpa) else []
    said += [f"{_n(nominal, fmt)} {pressure_unit('pti_kpa_s', False)}/h"] if math.isfinite(nominal) else []
    return "; ".join(said) or "-"


def _pair_dose(p: Pair) -> str:
    """A pair's forefoot dose cell (escaped HTML): each session's dose in its own unit; where one is in kPa
    and the other in nominal units alone (by its values, or by its sessions' units where one has no dose), a
    line under it says they are not compared; and a session with no dose because its layout lacks a forefoot
    region is named with the regions (monitor.report.study_data.forefoot_unresolved)."""
    m = KPA_METRICS[0]
    sides = [_dose_side(k, u) for k, u in zip(p.values[m], p.nominal_dose)]
    kpa = [math.isfinite(k) for k in p.values[m]]
    units = [math.isfinite(u) for u in p.nominal_dose]
    both = {pressure_unit(calibrated=c) for c in (True, False)}  # kPa and nominal units
    apart = (any(kpa) and any(units) and not (all(kpa) or all(units))) or set(p.units) == both
    why = [f"{sid}: its layout resolves no {', '.join(lacking)}, so no forefoot dose"
           for sid, side, layout in zip((p.before, p.after), sides, p.layouts)
           if side == "-" and (lacking := forefoot_unresolved(layout))]
    said = ([f"kPa and {unit_name(False)}: not compared"] if apart else []) + why
    note = f"<br><small>{escape('; '.join(said))}</small>" if said else ""
    return f"{escape(sides[0])} → {escape(sides[1])}{note}"


def _downs_head(device_kinds) -> str:
    """The quality table's head of ``n_disconnects``, true of the sessions' transports (their ``device_kind``s,
    each "/"-joined by foot): a BLE insole's "disconnections", the Moticon stream's "times out of the stream"
    (monitor.link.transport_words), "link losses" where the study holds both, which that column sums alike."""
    downs = {transport_words(k for foot in str(kinds).split("/") for k in foot.split(":")).downs
             for kinds in device_kinds}
    return next(iter(downs))[1] if len(downs) == 1 else "link losses"


def _quality_section(data: StudyData, images: Mapping[str, bytes]) -> str:
    per = data.per_session
    rows = [[_id(r["session_id"]), escape(r["rider"]), escape(_n(r["duration_s"], ".0f")),
             escape(_n(r["valid_fraction"], ".3f")), escape(_n(r["n_gaps"], ".0f")), escape(_n(r["gap_s"], ".1f")),
             escape(_n(r["n_disconnects"], ".0f"))] for _, r in per.head(MAX_ROWS).iterrows()]
    more = len(per) - MAX_ROWS
    out = ['<section id="quality"><h2>Data quality</h2>',
           _figure("quality", images, "The share of each session's frames that hold data, its worst foot; "
                                      f"{QUALITY_COLOUR_WORDS['no gaps']}: the session has no gaps, "
                                      f"{QUALITY_COLOUR_WORDS['gaps']}: it has gaps."),
           _table(["session", "rider", "duration (s)", "valid fraction", "gaps", "gap time (s)",
                   _downs_head(per["device_kind"])],
                  rows, (2, 3, 4, 5, 6))]
    if more > 0:
        out.append(f"<p>... and {more} more sessions (sessions.csv holds them all).</p>")
    out.append("<h3>Sessions that could not be analysed</h3>")
    if len(data.errors):
        out.append(_table(["session", "reason"], [[_id(r["source"]), escape(str(r["reason"]))]
                                                  for _, r in data.errors.iterrows()]))
    else:
        out.append("<p>None: every session was analysed.</p>")
    out.append("</section>")
    return "\n".join(out)


def _riders_words(data: StudyData) -> str:
    """How many riders the sessions name ("2 riders"), and how many sessions name none: those are not one
    rider ("no rider named", "2 riders; 3 sessions name none")."""
    named = [r for r in data.riders if r]
    unnamed = int((data.per_session["rider"] == "").sum()) if len(data.per_session) else 0
    if not unnamed:
        return counted(len(named), "rider")
    if not named:
        return "no rider named"
    return f"{counted(len(named), 'rider')}; {counted(unnamed, 'session')} {'names' if unnamed == 1 else 'name'} none"


def render_study_html(data: StudyData, images: Mapping[str, bytes], *, title: str = "") -> str:
    """The cohort report page. ``images``: figure name (STUDY_FIGURES) -> PNG bytes; a missing one is left
    out. ``title``: what the study is (the command line's paths, say)."""
    meta = (f"{counted(data.n_sessions, 'session')} · {_riders_words(data)} · "
            f"{counted(len(data.pairs), 'before/after pair')} · {len(data.errors):,} failed")
    nav = [("cohort", "Across sessions"), ("trends", "Over time"), ("pairs", "Before and after"),
           ("quality", "Data quality")]
    body = [
        f"<header><h1>Study report</h1><p class=meta>{escape(title)}</p><p class=meta>{escape(meta)}</p></header>",
        "<nav>" + " ".join(f'<a href="#{i}">{escape(t)}</a>' for i, t in nav) + "</nav>",
        _cohort_section(data, images), _trend_section(data, images), _pairs_section(data, images),
        _quality_section(data, images),
        f"<footer><p class=disclaimer>{escape(NOT_A_MEDICAL_DEVICE)}</p><p>Made by Solewatch "
        f"{escape(__version__)} from the study's tables (sessions.parquet and the others beside this file). "
        "docs/study.md explains every column.</p></footer>"]
    return "\n".join(["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
                      '<meta name="viewport" content="width=device-width, initial-scale=1">',
                      f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
                      f"<title>Solewatch study report{': ' + escape(title) if title else ''}</title>",
                      f"<style>{REPORT_CSS}{_STUDY_CSS}</style></head>", "<body><main>", *body,
                      "</main></body></html>", ""])
