"""The report's "Before and after" section as one self-contained HTML fragment (no scripts, no external
resources: the figure is a PNG in a data: URI)."""

from __future__ import annotations

from html import escape

from monitor.analysis.compare import Comparison, MetricChange
from monitor.analysis.compare_setup import setup_text
from monitor.analysis.compare_text import (
    METRIC_NAMES,
    clock,
    format_change,
    format_pct,
    format_value,
)
from monitor.codebook import region_name
from monitor.report import png
from monitor.report.figures import plain_text
from monitor.report.html import REPORT_DPI, png_data_uri
from monitor.report.phone_images import PHONE_DENSITY, phone_media, phone_srcset
from monitor.report.plots.compare import apart_note, drawn_feet, plot_comparison, plot_comparison_phone
from monitor.signal.activity_words import activity_word
from monitor.util.pressure_units import NOMINAL_UNITS, pressure_unit, unit_name

#: How each verdict's cell looks, in the HTML table and the PDF's (monitor.report.compare_pdf): its
#: background (None: the page's), its text colour, weight and style.
VERDICT_LOOK: dict[str, dict[str, str | None]] = {
    "better": {"background": "#e6f4ea", "color": "#1a5e2a", "weight": "bold", "style": "normal"},
    "worse": {"background": "#fdecea", "color": "#8c1d18", "weight": "bold", "style": "normal"},
    "same": {"background": None, "color": "#555", "weight": "normal", "style": "normal"},
    "neutral": {"background": None, "color": "#555", "weight": "normal", "style": "italic"},
}


def _css(look: dict[str, str | None]) -> str:
    return ";".join(([f"background:{look['background']}"] if look["background"] else []) + [f"color:{look['color']}"]
                    + (["font-weight:bold"] if look["weight"] == "bold" else [])
                    + (["font-style:italic"] if look["style"] == "italic" else []))


#: Inline styles of the verdict cells, from ``VERDICT_LOOK`` (classes ``sw-better`` ... let a page restyle them).
VERDICT_STYLE = {verdict: _css(look) for verdict, look in VERDICT_LOOK.items()}
#: The comparison figure's caption (and the HTML image's alt text) where it draws every foot.
FIGURE_CAPTION = "Paired bars of each region's peak pressure per foot, before and after, better and worse marked."


def figure_caption(comparison: Comparison) -> str:
    """The caption (and alt text) of ``comparison``'s figure: :data:`FIGURE_CAPTION` where it draws every foot;
    else the feet it draws and why the others are not (monitor.report.plots.compare.apart_note), as the
    figure says it; where it draws no bar, only why."""
    why = apart_note(comparison)
    if not why:
        return FIGURE_CAPTION
    drawn = drawn_feet(comparison)
    if not drawn:
        return f"No bars: {why}."
    return (f"Paired bars of each region's peak pressure of the {' and '.join(drawn)} foot, before and after, "
            f"better and worse marked; {why}.")
_CELL = "padding:2px 8px;border-bottom:1px solid #e0e0e0;text-align:left"
TABLE_HEAD = ("foot", "metric", "region", "before", "after", "change", "change %", "verdict")
#: On a narrow screen (a phone, up to 34 rem) each row of the table is a card that wraps its cells, each
#: under its column's name, so that the change and the verdict stay in view; the inline styles are the
#: wide table's and give way here.
NARROW_CSS = """
@media (max-width: 34rem) {
  table.sw-compare-table, table.sw-compare-table tbody { display: block; width: 100%; }
  table.sw-compare-table thead { display: none; }
  table.sw-compare-table tr { display: flex; flex-wrap: wrap; gap: 0.1rem 0.9rem; padding: 0.35rem 0;
                              border-bottom: 1px solid #d0d0d0; }
  table.sw-compare-table td { display: block; padding: 0 !important; border: none !important;
                              white-space: normal !important; }
  table.sw-compare-table td::before { content: attr(data-label); display: block; font-size: 0.75em;
                                      color: #666; font-weight: normal; }
}
"""


def figure_png_data_uri(comparison: Comparison, dpi: int = 100, *, phone: bool = False) -> str:
    """The comparison figure as a ``data:image/png;base64,...`` URI at ``dpi``: the desktop drawing, or with
    ``phone`` the phone's (monitor.report.plots.compare). Saved through monitor.report.png, as the report's
    other figures: the same bytes each time."""
    return _figure_uri_and_media(comparison, dpi, phone=phone)[0]


def _figure_uri_and_media(comparison: Comparison, dpi: int = 100, *, phone: bool = False) -> tuple[str, str]:
    """:func:`figure_png_data_uri`, and the media query of the screens its phone drawing is for
    (monitor.report.phone_images.phone_media of the desktop drawing)."""
    with plain_text():
        fig = plot_comparison_phone(comparison) if phone else plot_comparison(comparison)
    return png_data_uri(png.figure_png(fig, dpi)), phone_media(fig)  # the media after the save: ticks counted


def row_cells(c: MetricChange, cadence_unit: str) -> tuple[str, ...]:
    """A row of the table as its eight cells' words, in ``TABLE_HEAD`` order (the verdict last, with its
    note): what the HTML table and the PDF's (monitor.report.compare_pdf) both show."""
    verdict = c.verdict + (f" ({c.note})" if c.note else "")
    return (c.foot, METRIC_NAMES[c.metric], region_name(c.region),
            format_value(c.metric, c.before, cadence_unit, c.calibrated[0]),
            format_value(c.metric, c.after, cadence_unit, c.calibrated[1]),
            format_change(c, cadence_unit), format_pct(c.change_pct), verdict)


def table_rows(comparison: Comparison) -> list[tuple[MetricChange, tuple[str, ...]]]:
    """Each change of ``comparison`` with its row's cells (:func:`row_cells`), in the comparison's order."""
    return [(c, row_cells(c, comparison.cadence_unit.get(c.foot, "rpm"))) for c in comparison.changes]


def _row(c: MetricChange, cells: tuple[str, ...]) -> str:
    tds = "".join(f'<td class="sw-col-{i}" data-label="{escape(TABLE_HEAD[i])}" '
                  f'style="{_CELL}{";white-space:nowrap" if i >= 3 else ""}">{escape(v)}</td>'
                  for i, v in enumerate(cells[:-1]))
    tds += (f'<td class="sw-{c.verdict}" data-label="verdict" style="{_CELL};{VERDICT_STYLE[c.verdict]}">'
            f"{escape(cells[-1])}</td>")
    return f'<tr class="sw-verdict-{c.verdict}">{tds}</tr>'


def _table(comparison: Comparison) -> str:
    head = "".join(f'<th style="{_CELL};border-bottom:2px solid #888">{escape(h)}</th>' for h in TABLE_HEAD)
    body = "\n".join(_row(c, cells) for c, cells in table_rows(comparison))
    return (f"<style>{NARROW_CSS}</style>\n"
            '<div class="sw-compare-wrap" style="overflow-x:auto">\n'
            f'<table class="sw-compare-table" style="border-collapse:collapse;font-size:0.9em">\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>")


def thresholds_text(comparison: Comparison) -> str:
    """The paragraph under the table: what counts as a change, and that the thresholds are guesses."""
    th = comparison.thresholds
    return (f"A change counts only when it is more than its threshold: peak pressure and pressure-time "
            f"integral {100 * th.relative:.0f} % of the mean of the two values and at least "
            f"{_floors(comparison)}; forefoot share "
            f"{100 * th.forefoot_share:.0f} percentage points; first warning {th.first_warning_s:g} s; "
            f"reliefs {th.reliefs_per_h:g} per hour and more than one relief of the foot's shorter time with data; "
            "any difference in the number of warnings and alerts, unless the session with fewer ended before the "
            "other's next one. These thresholds are guesses: no minimal detectable change of in-shoe plantar "
            "pressure was found to base them on (docs/compare.md). Lower forefoot peaks, PTI and forefoot "
            "share, a later or no first warning, more reliefs per hour and fewer warnings and alerts are "
            "better; cadence, heel and midfoot values are reported, not judged, and so are peaks and PTI of "
            f"two different insoles, and peaks, PTI and forefoot share from fewer than {th.min_cycles} cycles "
            "(about 30 give a stable mean).")


def _floors(comparison: Comparison) -> str:
    """The peak and PTI floors in the units of the compared sessions' pressures: "5 kPa or 1 kPa s"; "5 units or
    1 units s (nominal units: ...)" where every insole is uncalibrated; both where some are."""
    th = comparison.thresholds
    kpa, units = (f"{th.peak_kpa:g} {pressure_unit('peak_kpa', cal)} or "
                  f"{th.pti_kpa_s:g} {pressure_unit('pti_kpa_s', cal)}" for cal in (True, False))
    calibrated = {cal for c in comparison.changes if c.metric in NOMINAL_UNITS for cal in c.calibrated}
    if calibrated == {False}:
        return f"{units} ({unit_name(False)}: the insoles are uncalibrated, their pressures are not kPa)"
    if False in calibrated:
        return (f"{kpa} ({units} on an uncalibrated insole, whose {unit_name(False)} are not kPa: a peak or PTI "
                f"in kPa against one in {unit_name(False)} has no change and is not judged)")
    return kpa


def _session_line(label: str, facts) -> str:
    acts = sorted({activity_word(a) for a in facts.activity.values()}) or ["session"]  # "run", not "running"
    length = clock(facts.duration_s) if facts.duration_s else "unknown length"
    return f"{label}: {facts.session_id} ({' and '.join(acts)}, {length})"


def sessions_text(comparison: Comparison) -> str:
    """The two sessions in one line: "Before: ID (cycling, 8:00); After: ..." (no full stop)."""
    return "; ".join((_session_line("Before", comparison.before), _session_line("After", comparison.after)))


def compare_section_html(comparison: Comparison) -> str:
    """The "Before and after" section body: the two sessions, their setups and what changed between them
    (monitor.analysis.compare_setup), the findings in words as a list (caveats
    marked), the figure (drawn for a desktop and, shown on screens up to where the desktop drawing's text
    is legible (monitor.report.phone_images.phone_media), for a phone), the
    full table with verdicts styled, and the thresholds. A fragment, no heading: the page puts it under its
    own."""
    items = []
    for s in comparison.sentences():
        caveat = s.startswith("Caveat:")
        style = ' style="color:#8a5300"' if caveat else ""
        items.append(f'<li class="{"sw-caveat" if caveat else "sw-finding"}"{style}>{escape(s)}</li>')
    sessions = sessions_text(comparison)
    parts = [
        '<section class="sw-compare">',
        f'<p class="sw-compare-sessions">{escape(sessions)}.</p>',
        f'<p class="sw-compare-setup">{escape(setup_text(comparison))}</p>',
        '<ul class="sw-compare-findings">\n' + "\n".join(items) + "\n</ul>",
    ]
    if comparison.feet:
        alt = figure_caption(comparison)
        desktop, media = _figure_uri_and_media(comparison)
        parts += [
            '<figure class="sw-compare-figure" style="margin:1em 0">',
            f'<picture><source media="{media}" '
            f'srcset="{phone_srcset(figure_png_data_uri(comparison, REPORT_DPI * PHONE_DENSITY, phone=True))}">'
            f'<img src="{desktop}" alt="{escape(alt)}" style="max-width:100%"></picture>',
            f"<figcaption>{escape(alt)}</figcaption>",
            "</figure>",
            _table(comparison),
        ]
    parts += [f'<p class="sw-compare-thresholds" style="font-size:0.85em;color:#555">'
              f"{escape(thresholds_text(comparison))}</p>", "</section>"]
    return "\n".join(parts)
