"""The session report as one self-contained HTML page: inline CSS, images as data: URIs, no script, no
request to anything outside the file (a Content-Security-Policy says so to the browser too). Pure: text
in, text out; monitor.report.writer writes the file.

Sections, in order: the verdict (what happened, where, what to try, when to see a clinician), "Before and
after" when a comparison is given, pressure under each foot, the session over time, the steps of a walk
or a run (monitor.report.steps_section), the ride's power and cadence against the forefoot load when a
ride was imported (monitor.report.ride_section), the average cycle,
left/right asymmetry, data quality. docs/report.md says where each number comes from.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping
from html import escape

from matplotlib.figure import Figure

from monitor.analysis.asymmetry import CONFIDENCE as ASYMMETRY_CONFIDENCE
from monitor.analysis.asymmetry import rule_words as asymmetry_rule_words
from monitor.analysis.sources import SOURCES
from monitor.analysis.watched import no_sample_length
from monitor.codebook import ANALYSIS_REGIONS, FEET, region_name
from monitor.report import png
from monitor.report.cop_caption import cop_caption
from monitor.report.cycle_words import counted_cycles, cycle_words, feet_activities, left_out_words, stroke_noun
from monitor.report.data import ReportData
from monitor.report.event_list import event_list_html
from monitor.report.figures import FIGURES, OPTIONAL_FIGURES
from monitor.report.number_text import number_or_dash as _num
from monitor.report.pauses import pauses_of, pauses_words
from monitor.report.phone_images import PHONE_MEDIA, PhoneImages, phone_srcset
from monitor.report.quality_data import COUNTED, DataQuality, FootQuality, battery_cell
from monitor.report.ride_section import nav_entry, ride_figure_against, ride_figure_caption, ride_section_html
from monitor.report.steps_section import steps_section_html
from monitor.report.style import REPORT_CSS
from monitor.report.text import mark_words
from monitor.report.timeline_caption import timeline_caption, timeline_title
from monitor.report.timeline_data import LEVEL_CODE
from monitor.report.verdict_data import cited as cited_verdict
from monitor.report.verdict_data import nothing_to_try
from monitor.util.pressure_units import unit_name
from monitor.util.timefmt import clock_text
from monitor.util.version import __version__
from monitor.util.words import counted, units_kept

#: Resolution of the embedded images: a 6.4-inch figure is 640 pixels wide, enough for a laptop column,
#: and quick to render. The phone drawings are made at monitor.report.phone_images.PHONE_DENSITY times it.
REPORT_DPI = 100
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
#: Each figure's alt text.
_ALT = {**FIGURES, **OPTIONAL_FIGURES}


def figure_png(fig: Figure, dpi: int = REPORT_DPI) -> bytes:
    """A Figure as PNG bytes (white background), the same bytes each time (monitor.report.png)."""
    return png.figure_png(fig, dpi)


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def clock(t_s: float | None) -> str:
    """Session time as m:ss or h:mm:ss ("-" for None)."""
    return clock_text(t_s)


def _pct(x: float | None, nd: int = 1) -> str:
    return "-" if x is None or not math.isfinite(x) else f"{100.0 * x:.{nd}f} %"


#: A word with a hyphen between letters or digits (a region's name, "MTH2-3"), which a browser may break there.
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def _regions_whole(cell: str) -> str:
    """An escaped cell with each word that holds a hyphen (a region's name: "MTH2-3") in an element that does
    not wrap (``.region``): a narrow screen breaks the cell between words, never "MTH2-" over "3"."""
    return _HYPHENATED.sub(lambda m: f'<span class="region">{m.group(0)}</span>', cell)


def _table(head: list[str], rows: list[list[str]], num_cols: tuple[int, ...] = ()) -> str:
    """An HTML table of already-escaped cells; a number and its unit stay on one line. A row with fewer
    cells than ``head`` has its last cell span the columns left, centred (a figure of both feet in a table
    of a column per foot)."""
    th = "".join(f'<th{" class=num" if i in num_cols else ""}>{h}</th>' for i, h in enumerate(head))

    def cell(i: int, c: str, span: int) -> str:
        if span > 1:
            return f'<td colspan={span} class="{"num " if i in num_cols else ""}span">{units_kept(c)}</td>'
        return f'<td{" class=num" if i in num_cols else ""}>{units_kept(c)}</td>'

    body = "".join("<tr>" + "".join(cell(i, c, len(head) - i if i == len(r) - 1 else 1) for i, c in enumerate(r))
                   + "</tr>" for r in rows)
    return f'<div class="table-wrap"><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>'


def _figure(name: str, images: Mapping[str, bytes], caption: str, alt: str | None = None) -> str:
    """A figure, with its phone drawing (``images.phone``: monitor.report.phone_images, made at
    PHONE_DENSITY times the page's dpi) for narrow screens; ``alt`` its alt text (None: _ALT's)."""
    if name not in images:
        return ""
    phone = getattr(images, "phone", {}).get(name)
    media = getattr(images, "media", {}).get(name, PHONE_MEDIA)
    source = f'<source media="{media}" srcset="{phone_srcset(png_data_uri(phone))}">' if phone else ""
    return (f'<figure id="{name}"><picture>{source}<img src="{png_data_uri(images[name])}" '
            f'alt="{escape(_ALT[name] if alt is None else alt)}"></picture><figcaption>{caption}</figcaption></figure>')


def _worst_level(data: ReportData) -> str:
    """The highest level any analysed foot's alerts reached ("none" without alerts; "unknown" when the session
    was too short to tell); a foot not analysed has no counts (Verdict.alert_counts None)."""
    reached = [lv for counts in data.verdict.alert_counts.values() if counts for lv, n in counts.items() if n]
    return max(reached, key=LEVEL_CODE.__getitem__, default="unknown" if data.verdict.too_short else "none")


def _linked_tags(evidence: str) -> str:
    """A text (escaped HTML) with its evidence tags such as "[16][17]" as links to the report's references:
    the tips' evidence and texts (the relief's "[38]"), and every verdict line that cites (the numb marks'
    [18][36])."""
    return re.sub(r"\[(\d+)\]", lambda m: f'<a href="#ref-{m.group(1)}">[{m.group(1)}]</a>'
                  if int(m.group(1)) in SOURCES else m.group(0), escape(evidence))


def _verdict_section(data: ReportData) -> str:
    v = data.verdict
    out = ['<section id="verdict"><h2>Verdict</h2>',
           f'<p class="headline level-{_worst_level(data)}">{_linked_tags(v.headline)}</p>']
    if v.judged:
        out.append(f'<p class="judged">{_linked_tags(v.judged)}</p>')
    if v.setup:
        out.append(f'<p class="setup">Declared setup: {escape(v.setup)}</p>')
    rows = []
    for foot in FEET:
        if foot not in v.alert_counts:
            continue
        c = v.alert_counts[foot]
        if c is None or foot in v.unwatched:  # no alert could come: no count, never 0 (its line below says why)
            rows.append([escape(foot), "-", "-", "-", escape(v.unwatched.get(foot, "not analysed")), "-"])
            continue
        where = ", ".join(v.where.get(foot, [])) or "-"
        rows.append([escape(foot), str(c["notice"]), str(c["warning"]), str(c["alert"]),
                     escape(clock(v.first_warning_s.get(foot))), _regions_whole(escape(where))])
    out.append("<h3>What happened under each foot</h3>")
    out.append(_table(["foot", "notices", "warnings", "alerts", "first warning", "where"], rows, (1, 2, 3)))
    if v.foot_lines:
        out.append('<ul class="feet">' + "".join(f"<li>{_linked_tags(ln)}</li>" for ln in v.foot_lines) + "</ul>")
    out.append("<h3>What to try</h3>")
    if v.suggestions:
        items = []
        for s in v.suggestions:
            src = _linked_tags(s.evidence) if s.evidence else "practitioner advice"
            items.append(f"<li>{_linked_tags(s.text)} <span class=\"badge strength-{escape(s.strength)}\">"
                         f"evidence {escape(s.strength)}</span> <span class=src>{src}</span></li>")
        out.append("<ol>" + "".join(items) + "</ol>")
        out.append('<p class="src">Sources in brackets are listed under <a href="#references">References</a>; '
                   "weak evidence is a practitioner's starting point, not a proven fix.</p>")
    else:
        said = nothing_to_try(v)
        out.append(f"<p>{_linked_tags(said[:1].upper() + said[1:])}.</p>")
    cited = cited_verdict(v)  # every tag the verdict prints, the numb marks' [18][36] too
    if cited:
        out.append('<h3 id="references">References</h3><ul class="references">'
                   + "".join(f'<li id="ref-{n}">[{n}] {escape(SOURCES[n])}</li>' for n in cited) + "</ul>")
    out.append("<h3>When to see a clinician</h3>")
    out.extend(f'<p class="referral">{_linked_tags(r)}</p>' for r in v.referrals)
    out.append(f'<p class="disclaimer">{escape(v.disclaimer)}</p>')
    out.append(event_list_html(data.alerts + data.events, data.link_events, _table))
    out.append("</section>")
    return "\n".join(out)


def _pressure_section(data: ReportData, images: Mapping[str, bytes]) -> str:
    loaded = ", ".join(f"{foot} {m.loaded_frames:,} of the {m.valid_frames:,} frames with a reading"
                       if m.load_measured else f"the {foot} foot's load not measured"
                       for foot, m in data.maps.items())
    return "\n".join([
        '<section id="pressure"><h2>Pressure under each foot</h2>',
        _figure("heatmaps", images,
                "Seen from above: the left foot on the left, the right on the right, big toes toward the "
                "middle, heels at the bottom. Top: mean pressure of each sensor over the frames in which the "
                f"foot carried load ({escape(loaded)}); bottom: the highest reading of each sensor. Dots "
                "are the sensors; colour fades out to white away from them, where nothing was measured."),
        _figure("regions", images,
                f"Per analysis region, the mean over counted {counted_cycles(data)} of the "
                "region's peak pressure, and of its pressure-time integral, as solewatch analyze reports "
                "them."),
        "</section>"])


def _timeline_section(data: ReportData, images: Mapping[str, bytes]) -> str:
    pauses = pauses_words(pauses_of({f: tl.reliefs for f, tl in data.timelines.items()}, data.quality.feet))
    return "\n".join([
        '<section id="timeline-section"><h2>The session over time</h2>',
        _figure("timeline", images,
                escape(timeline_caption(data.timelines, data.alerts, data.marks), quote=False),
                timeline_title(data.timelines, data.alerts, data.marks)),
        f"<p>{escape(pauses)}</p>" if pauses else "",
        _marks_table(data),
        "</section>"])


def _marks_table(data: ReportData) -> str:
    """The rider's "numb now" marks, each against the detector: warned before it, and how long before."""
    if not data.marks:
        return ""
    rows = [[clock_text(c.mark.t_s), escape(c.mark.foot), escape(mark_words(c))] for c in data.marks]
    warned = sum(c.warned_before for c in data.marks)
    return "\n".join([
        '<h3 id="marks">Numb-now marks</h3>',
        f"<p>A foot was marked numb {len(data.marks)} time{'s' if len(data.marks) != 1 else ''}; the "
        f"detector had warned that foot before {warned} of them.</p>",
        _table(["time", "foot", "the detector before it"], rows, num_cols=(0,))])


def _cycles_section(data: ReportData, images: Mapping[str, bytes]) -> str:
    parts = []
    for foot, c in data.curves.items():
        if c is None:
            parts.append(f"{foot}: no complete cycle without missing data")
        else:
            kind = stroke_noun(data) if c.kind == "stroke" else c.kind
            parts.append(f"{foot}: {c.n_cycles:,} of {counted(c.n_total, kind)}{left_out_words(c)}")
    counts = escape("; ".join(parts))
    return "\n".join([
        '<section id="cycles-section"><h2>The average cycle</h2>',
        _figure("cycles", images,
                f"Each region's peak pressure over a time-normalised {cycle_words(data)}. Line: mean across "
                f"cycles; band: one standard deviation ({counts}; "
                "cycles with a missing frame or cut by the start or the end of the recording are left out, "
                "at most 300 spread over the session)."),
        _figure("cop", images, escape(cop_caption(data), quote=False)) if "cop" in images else "",
        "</section>"])


def _asymmetry_section(data: ReportData, images: Mapping[str, bytes]) -> str:
    a = data.asymmetry
    if not a:
        return ('<section id="asymmetry-section"><h2>Left and right</h2><p>One foot only: no asymmetry.</p>'
                "</section>")
    rows = []
    words = {"left": "more left", "right": "more right", "even": "even (within the spread between windows)",
             None: "too short to tell"}

    def row(name: str, v: float | None, interval: list[float] | None, side: str | None) -> None:
        iv = "-" if interval is None else f"{interval[0]:+.1f} to {interval[1]:+.1f}"
        said = f"not compared (kPa and {unit_name(False)})" if name.startswith("PTI ") and a.get("pti_not_compared") \
            else "-" if v is None else words[side]
        rows.append([escape(name), _num(v, "+.1f"), escape(iv), escape(said)])

    row("forefoot share", a.get("forefoot_share_pct"), a.get("forefoot_share_interval_pct"),
        a.get("forefoot_share_side"))
    for r in ANALYSIS_REGIONS:
        if r in (a.get("pti_pct") or {}):
            row(f"PTI {region_name(r)}", a["pti_pct"][r], (a.get("pti_interval_pct") or {}).get(r),
                (a.get("pti_side") or {}).get(r))
    any_interval = a.get("forefoot_share_interval_pct") is not None or any(
        v is not None for v in (a.get("pti_interval_pct") or {}).values())  # a line is drawn only for one
    return "\n".join([
        '<section id="asymmetry-section"><h2>Left and right</h2>',
        _figure("asymmetry", images,
                "Asymmetry index 100 x (L - R) / mean(L, R) of the session's forefoot share and of each "
                "region's mean pressure-time integral (PTI) per cycle; 0 is even, positive means more on "
                "the left foot. A bar is in a foot's colour only where the rule below names that side, grey "
                "where it does not"
                + ("; the black line is the 95 % interval of the index between windows." if any_interval else ".")),
        _table(["quantity", "index (%)", f"{ASYMMETRY_CONFIDENCE * 100:.0f} % interval (%)", ""], rows, (1, 2)),
        # one foot in kPa, the other in nominal units: why the PTI rows have no index
        f"<p>{escape(a['pti_not_compared'][0].upper() + a['pti_not_compared'][1:])}.</p>"
        if a.get("pti_not_compared") else "",
        f"<p>{escape(asymmetry_rule_words(a.get('windows')))}</p>",
        "</section>"])


def _quality_rows(q: DataQuality) -> list[list[str]]:
    feet = [f for f in FEET if f in q.feet]

    def line(name: str, cells: list[str]) -> list[str]:
        return [escape(name), *cells]

    def gap_cell(g: FootQuality) -> str:  # "1 (0.05 s): 1 from datagrams lost": its reasons in the transport's words
        reasons = ", ".join(f"{n} from {q.transport.reason(r)}" for r, n in g.gaps_by_reason.items())
        return "0" if not g.gaps else f"{g.gaps:,} ({g.gap_s:.2f} s)" + (f": {reasons}" if reasons else "")

    rows = [
        line(COUNTED, [f"{q.feet[f].expected_frames:,}" for f in feet]),
        line("frames with a reading", [f"{q.feet[f].read_frames:,}" for f in feet]),
        line("frames with no reading", [f"{q.feet[f].no_reading_frames:,} of {q.feet[f].expected_frames:,} "
                                        f"({_pct(q.feet[f].missing_share, 2)})" for f in feet]),
        line("frames with some sensors missing", [f"{q.feet[f].partial_frames:,}" for f in feet]),
        line("gaps", [escape(gap_cell(q.feet[f])) for f in feet]),
    ]
    if any(q.feet[f].counters for f in feet):
        packets = f"{q.transport.packet}s"  # a BLE insole's packets, the Moticon stream's UDP datagrams
        for key, name in (("packets_received", "received"), ("packets_lost", "lost"), ("packets_corrupt", "corrupt"),
                          ("packets_duplicate", "duplicate"), ("packets_late", "late")):
            rows.append(line(f"{packets} {name}", [_num(q.feet[f].counters.get(key), ",") for f in feet]))
        if any(q.feet[f].counters.get("packets_out_of_time") for f in feet):  # decoded, dated off the stream
            rows.append(line(f"{packets} out of time", [_num(q.feet[f].counters.get("packets_out_of_time", 0), ",")
                                                        for f in feet]))
        if any(q.feet[f].counters.get("packets_log_damaged") for f in feet):  # received, lost on disk
            rows.append(line(f"{packets} unreadable in the damaged raw log",
                             [_num(q.feet[f].counters.get("packets_log_damaged", 0), ",") for f in feet]))
        if any(q.feet[f].counters.get("frames_before_start") for f in feet):  # received, not kept
            rows.append(line("frames sampled over 1 s before the recording began (not kept)",
                             [_num(q.feet[f].counters.get("frames_before_start", 0), ",") for f in feet]))
    if q.source != "import":
        cut = ("" if q.events_cut_s is None
               else f" (up to {clock(q.events_cut_s)}, where the raw log ends: later ones are missing)")
        words = q.transport  # "disconnections / reconnections", or "times out of the stream / times back"
        rows.append(line(f"{words.downs[1]} / {words.backs} / lost{cut}",
                         [f"{q.feet[f].disconnects} / {q.feet[f].reconnects} / {q.feet[f].foot_lost}"
                          for f in feet]))
        rows.append(line("battery", [escape(battery_cell(q.feet[f])) for f in feet]))
    return rows


def _quality_section(data: ReportData, images: Mapping[str, bytes]) -> str:
    q = data.quality
    feet = [f for f in FEET if f in q.feet]
    out = ['<section id="quality-section"><h2>Data quality</h2>',
           _table(["", *feet], _quality_rows(q), tuple(range(1, len(feet) + 1))),
           _figure("quality", images,
                   "Where each foot's data came in and where it is missing (gaps.csv, and a foot's absence at the "
                   "start or end of the session), link events, and the "
                   "insoles' battery level. Missing data is never filled in: the analysis skips it (a region "
                   "with no sample is estimated from its neighbours for the foot's load only: What to know).")]
    if q.caveats:
        title = "What to know about this imported session" if q.source == "import" else "What to know"
        out.append(f"<h3>{escape(title)}</h3><ul>" + "".join(f"<li>{escape(c)}</li>" for c in q.caveats)
                   + "</ul>")
    out.append("</section>")
    return "\n".join(out)


def render_html(data: ReportData, images: Mapping[str, bytes], *, compare_html: str | None = None,
                phone_images: Mapping[str, bytes] | None = None, phone_media: Mapping[str, str] | None = None) -> str:
    """The report page. ``images``: figure name (monitor.report.figures.FIGURES) -> PNG bytes; a missing
    name leaves its figure out. ``phone_images``: the same names -> PNG bytes of their phone drawings
    (monitor.report.phone_images, at PHONE_DENSITY times ``images``' dpi), shown on narrow screens: those of
    ``phone_media`` (name -> media query, monitor.report.phone_images.phone_media; PHONE_MEDIA when not given).
    ``compare_html``: an HTML fragment (monitor.report.compare_section) shown after the verdict under "Before and
    after"."""
    images = PhoneImages(images, phone_images or {}, phone_media)
    activities = feet_activities(data.summary)
    when = data.start_utc.replace("T", " ").replace("Z", " UTC") if data.start_utc else "start time unknown"
    unwatched = data.verdict.unwatched  # a foot "no data" sent no sample: a session of none such holds no data
    runs = {f: () for f in data.layouts} if all(unwatched.get(f) == "no data" for f in data.layouts) else None
    held = no_sample_length(data.quality.duration_s, runs, clock(data.quality.duration_s)) or \
        f"duration {clock(data.quality.duration_s)}"  # not "duration 0:00", nor a duration of nothing
    meta = " · ".join(x for x in (data.label, when, held, activities,
                                  f"source: {data.quality.source}") if x)
    nav = [("verdict", "Verdict"), ("compare", "Before and after"), ("pressure", "Pressure"),
           ("timeline-section", "Over time"), ("steps-section", "Steps"), ("cycles-section", "Cycle"),
           ("asymmetry-section", "Left/right"),
           ("quality-section", "Data quality")]
    if compare_html is None:
        nav = [n for n in nav if n[0] != "compare"]
    steps = steps_section_html(data, lambda name, caption: _figure(name, images, caption), _table)
    if not steps:
        nav = [n for n in nav if n[0] != "steps-section"]
    if data.ride is not None:
        nav.insert([n[0] for n in nav].index("cycles-section"), *nav_entry(data.ride))
    body = [
        f"<header><h1>Session report</h1><p class=meta>{escape(data.session_id)}</p>"
        f"<p class=meta>{escape(meta)}</p></header>",
        "<nav>" + " ".join(f'<a href="#{i}">{escape(t)}</a>' for i, t in nav) + "</nav>",
        _verdict_section(data),
    ]
    if compare_html is not None:
        body.append(f'<section id="compare"><h2>Before and after</h2>\n{compare_html}\n</section>')
    body += [_pressure_section(data, images), _timeline_section(data, images), *([steps] if steps else [])]
    if data.ride is not None:
        alt = f"forefoot share and forefoot peak pressure per second against {ride_figure_against(data.ride)}"
        figure = _figure("ride", images, ride_figure_caption(data.ride), alt) if data.ride.against else ""
        body.append(ride_section_html(data.ride, figure))  # no figure of a ride with nothing to set against
    body += [_cycles_section(data, images),
             _asymmetry_section(data, images), _quality_section(data, images),
             f"<footer><p class=disclaimer>{escape(data.verdict.disclaimer)}</p><p>Made by Solewatch "
             f"{escape(__version__)} from the session's frames and the same analysis as solewatch analyze. "
             "docs/report.md explains every section.</p></footer>"]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>Solewatch report: {escape(data.session_id)}</title>",
        f"<style>{REPORT_CSS}</style></head>",
        "<body><main>",
        *body,
        "</main></body></html>",
        "",
    ])
