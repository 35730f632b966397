"""The report's "The ride" section: an imported FIT file's power and cadence (``solewatch import fit``: a bike
computer's, a watch's, a trainer's...) against the forefoot load, as one HTML fragment. Pure: text in, text
out."""

from __future__ import annotations

import math
from html import escape

from monitor.analysis.ride import AGAINST, BandRow
from monitor.report.ride_data import RideReport
from monitor.util.plain_text import one_line
from monitor.util.timefmt import clock_text
from monitor.util.words import with_article

#: The section's id in the page (its nav link).
SECTION_ID = "ride-section"
_MS_TO_KMH = 3.6  # m/s -> km/h


def _num(x: float, fmt: str = ".0f", unit: str = "") -> str:
    return "-" if x is None or not math.isfinite(x) else f"{x:{fmt}}{unit}"


def _a(word: str) -> str:
    """The word escaped, after its article: "a walk", "an elliptical or stair climber"."""
    return with_article(escape(word))


def _band(row: BandRow, unit: str) -> str:
    if math.isinf(row.high):
        return f"{row.low:.0f} {unit} and up"
    if row.low == 0:
        return f"below {row.high:.0f} {unit}"
    return f"{row.low:.0f}-{row.high:.0f} {unit}"


#: A share cell of a foot whose insole cannot measure the forefoot share (RideReport.share_not_measured).
NOT_MEASURED = "not measured"


def _table(first: str, rows: list[tuple[str, BandRow]], feet: tuple[str, ...], units: dict[str, str],
           unmeasured: tuple[str, ...] = ()) -> str:
    """A table of ``rows`` by band, each foot's forefoot peak in its unit (``units``: foot -> "kPa" or "units",
    RideReport.peak_units; kPa where not said); the share of a foot of ``unmeasured`` is :data:`NOT_MEASURED`."""
    head = [first, "seconds"] + [h for f in feet for h in (f"{f} forefoot share", f"{f} forefoot peak")]
    body = []
    for name, r in rows:
        cells = [escape(name), f"{r.seconds:,}"]
        for f in feet:
            cells += [NOT_MEASURED if f in unmeasured else _num(100 * r.forefoot_share.get(f, math.nan), ".1f", " %"),
                      _num(r.forefoot_peak_kpa.get(f, math.nan), ".0f", f" {units.get(f, 'kPa')}")]
        body.append("<tr>" + "".join(f"<td{' class=num' if i else ''}>{c}</td>" for i, c in enumerate(cells))
                    + "</tr>")
    th = "".join(f"<th{' class=num' if i else ''}>{escape(h)}</th>" for i, h in enumerate(head))
    return (f'<div class="table-wrap"><table><thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody>'
            "</table></div>")


def ride_section_html(ride: RideReport, figure_html: str) -> str:
    """The section; ``figure_html``: the ride figure's ``<figure>`` element ("" leaves it out)."""
    s, meta = ride.summary, ride.meta
    source = escape(str(meta.get("file") or "the ride file"))
    device = f" ({escape(str(meta['device']))})" if meta.get("device") else ""
    insoles = ", ".join(f"{f} {_num(v)}" for f, v in ride.cadence_insoles.items())
    if ride.has_cadence:
        cadence = (f"cadence from the crank sensor {_num(s.mean_cadence_rpm, '.0f', ' rpm')} while pedalling"
                   + (f" (the insoles' own estimate, strokes per minute: {escape(insoles)}; the report and "
                      "tables use the crank's)" if insoles else ""))
    elif ride.cadence_not_crank:
        cadence = (f"the file's cadence is not a crank's on "  # whichever device recorded it
                   f"{_a(ride.cadence_not_crank)} session: left out, the report uses the insoles' own "
                   "estimate" + (f" (per minute: {escape(insoles)})" if insoles else ""))
    else:
        cadence = ("no crank cadence in the ride, so the report uses the insoles' own estimate"
                   + (f" (strokes per minute: {escape(insoles)})" if insoles else ""))
    covered = ""
    if ride.covered is not None:
        covered = (f" The ride covers only {clock_text(ride.covered[0])} to {clock_text(ride.covered[1])} of "
                   f"the session's {clock_text(ride.covered[2])}: its means and tables are of that part.")
    parts = [f"{s.records:,} records of {source}{device} fall within the session, "
             f"{s.seconds_with_insoles:,} seconds of them with insole data.{covered}",
             f"Mean power {_num(s.mean_power_w, '.0f', ' W')}; {cadence}"
             f"; heart rate {_num(s.mean_heart_rate_bpm, '.0f', ' bpm')}; "
             f"speed {_num(s.mean_speed_m_s * _MS_TO_KMH, '.1f', ' km/h')}."]
    out = [f'<section id="{SECTION_ID}"><h2>The ride: power and cadence</h2>',
           "<p>" + " ".join(parts) + "</p>", figure_html]
    if ride.by_power:
        out.append("<h3>Forefoot load by power</h3>")
        out.append(_table("power", [(_band(r, "W"), r) for r in ride.by_power], ride.feet, ride.peak_units,
                          ride.share_not_measured))
    elif not ride.has_power:
        out.append("<p>The ride has no power reading, so no table by power.</p>")
    else:
        out.append("<p>Too little power data with insole data beside it for a table by power.</p>")
    if ride.by_cadence:
        out.append("<h3>Forefoot load by cadence</h3>")
        out.append(_table("cadence (crank)", [(_band(r, "rpm"), r) for r in ride.by_cadence], ride.feet,
                          ride.peak_units, ride.share_not_measured))
    elif ride.cadence_not_crank:
        out.append(f"<p>No table by cadence: {_a(ride.cadence_not_crank)} session has no crank.</p>")
    elif not ride.joined["cadence_rpm"].gt(0).any():
        out.append("<p>The ride has no crank cadence, so no table by cadence.</p>")
    else:
        out.append("<p>Too little crank cadence with insole data beside it for a table by cadence.</p>")
    if ride.by_position:
        out.append("<h3>Seated and standing</h3>")
        out.append(_table("position", list(ride.by_position.items()), ride.feet, ride.peak_units,
                          ride.share_not_measured))
    elif not ride.cadence_not_crank:  # on foot there is no saddle to stand up from: nothing said of it
        out.append("<h3>Seated and standing</h3>")
        out.append("<p>The ride file does not say when the rider stood: only power meters with cycling "
                   "dynamics (rider-position events) record it, so seated and standing are not told "
                   "apart.</p>")
    out.append('<p class="src">One value per second: forefoot share of the load and the highest forefoot '
               "sensor reading over that second, against the ride file's record of the same second "
               "(docs/fit.md). Bands with under 30 seconds of data are left out."
               + (f" {escape(_share_words(ride.share_not_measured, ride.feet))}" if ride.share_not_measured else "")
               + "</p>")
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _share_words(unmeasured: tuple[str, ...], feet: tuple[str, ...]) -> str:
    """Why a foot's forefoot share is "not measured" (plain text): its insole's sensors cannot tell it."""
    whose = "Forefoot share" if len(unmeasured) == len(feet) else f"The {' and '.join(unmeasured)} foot's share"
    return f"{whose} not measured: not measurable with this insole's sensors; the tables give the peaks."


def nav_entry(ride: RideReport | None) -> list[tuple[str, str]]:
    return [] if ride is None else [(SECTION_ID, "Ride")]


def ride_source_words(meta: dict) -> str:
    """Who recorded the ride, as its FIT file says (monitor.importers.fit_read: the file_id's manufacturer and
    product, the session message's sport), in words (plain text) to follow what is said of it:
    ", recorded by garmin edge810; sport: cycling", ", sport: running"; "" where the file says neither."""
    device, sport = (one_line(str(meta.get(k) or "")) for k in ("device", "sport"))
    said = ([f"recorded by {device}"] if device else []) + ([f"sport: {sport.replace('_', ' ')}"] if sport else [])
    return ", " + "; ".join(said) if said else ""


def _quantities(ride: RideReport) -> str:
    return "the ride file's " + " and ".join(AGAINST[c] for c in ride.against)


def ride_figure_against(ride: RideReport) -> str:
    """What the ride figure sets the load against, in words (plain text, its alt text's): the ride file's
    power and crank cadence, those the figure draws (RideReport.against), and who recorded it where the file
    says (:func:`ride_source_words`): "the ride file's power, recorded by garmin fr945; sport: running". No
    device is named that the file does not name: a watch's file on a run is no bike computer's."""
    return _quantities(ride) + ride_source_words(ride.meta)


def ride_figure_caption(ride: RideReport) -> str:
    """The ride figure's caption (HTML): what it draws, and why a cadence column is not there."""
    drawn = ride.against
    text = ("One dot per second and foot: the forefoot's share of the load and the highest forefoot reading "
            f"against {escape(_quantities(ride), quote=False)}"
            + (" (coasting left out)" if "cadence_rpm" in drawn else "")
            + escape(ride_source_words(ride.meta), quote=False) + ".")
    if ride.cadence_not_crank:
        text += (f" No panel by cadence: the file's cadence is not a crank's on "
                 f"{_a(ride.cadence_not_crank)} session.")
    elif "cadence_rpm" not in drawn:
        text += " No panel by cadence: the ride has no crank cadence."
    if "power_w" not in drawn:
        text += " No panel by power: the ride has no power reading."
    return text
