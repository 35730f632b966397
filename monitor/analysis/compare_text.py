"""A before/after comparison in words: labels, formatted values, and sentences ordered by importance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.codebook import FEET, region_name
from monitor.signal.regions import MTH_REGIONS
from monitor.util.pressure_units import pressure_unit
from monitor.util.timefmt import clock_text
from monitor.util.words import counted

if TYPE_CHECKING:  # the comparison's types only: monitor.analysis.compare imports this module
    from monitor.analysis.compare import Comparison, MetricChange

METRIC_NAMES = {
    "peak_kpa": "peak pressure", "pti_kpa_s": "pressure-time integral", "forefoot_share": "forefoot share",
    "first_warning_s": "first warning", "relief_count": "reliefs", "reliefs_per_h": "reliefs per hour",
    "cadence_per_min": "cadence", "notice_count": "notices", "warning_count": "warnings",
    "alert_count": "alerts",
}


def clock(t_s: float | None) -> str:
    """``m:ss`` or ``h:mm:ss``; "none" for None."""
    return clock_text(t_s, missing="none")


def format_value(metric: str, value: float | None, cadence_unit: str = "rpm", calibrated: bool = True) -> str:
    """A value of ``metric`` for people: "93 kPa", "26.6 kPa s", "81 %", "5:00" ("none" for no warning);
    ``calibrated`` False: a peak or PTI of an uncalibrated insole, in nominal units ("93 units")."""
    if metric == "first_warning_s":
        return clock(value)
    if value is None:
        return "-"
    if metric == "peak_kpa":
        unit = pressure_unit(metric, calibrated)
        return f"{value:.0f} {unit}" if abs(value) >= 20 else f"{value:.1f} {unit}"
    if metric == "pti_kpa_s":
        return f"{value:.1f} {pressure_unit(metric, calibrated)}"
    if metric == "forefoot_share":
        return f"{100 * value:.0f} %"
    if metric == "reliefs_per_h":
        return f"{value:.1f} per hour"
    if metric == "cadence_per_min":
        return f"{value:.0f} {cadence_unit}"
    return f"{value:.0f}"


def format_change(c: MetricChange, cadence_unit: str = "rpm") -> str:
    """The change of a row for people: "-28 kPa", "-9 points", "+4:30"; "" when there is none (and between
    kPa and nominal units: MetricChange.change)."""
    d = c.change
    if d is None:
        return ""
    if c.metric == "first_warning_s":
        return ("+" if d >= 0 else "-") + clock(abs(d))
    if c.metric == "forefoot_share":
        points = _share_points(c)
        return _signed(f"{points:+d} percentage point{'' if abs(points) == 1 else 's'}")
    text = format_value(c.metric, d, cadence_unit, c.calibrated[1])
    if c.before is not None and c.after is not None:  # the difference of the values shown, at their precision
        shown, places = _shown_change(c.metric, c.before, c.after, cadence_unit, c.calibrated[1])
        text = f"{shown:.{places}f}" + text[len(text.split(" ", 1)[0]):]
    return _signed(text if text.startswith("-") else "+" + text)


def _places(shown: str) -> int:
    """The decimal places of a shown value's number ("23 kPa": 0, "26.6 kPa s": 1)."""
    number = shown.split(" ", 1)[0]
    return len(number.split(".", 1)[1]) if "." in number else 0


def _shown_change(metric: str, before: float, after: float, cadence_unit: str,
                  calibrated: bool = True) -> tuple[float, int]:
    """The difference of the two values as shown, each rounded to the coarser of their precisions, and those
    decimal places: "23 kPa" and "35 kPa" differ by 12 (the exact change, 11.9, read finer than either).
    Where that is 0 but the values shown differ ("19.6 kPa" and "20 kPa": a rise of 4 % read "0 kPa"), the
    difference of the two as shown, at the finer precision (+0.4)."""
    shown = [format_value(metric, v, cadence_unit, calibrated).split(" ", 1)[0] for v in (before, after)]
    places = min(_places(v) for v in shown)
    change = float(f"{after:.{places}f}") - float(f"{before:.{places}f}")
    if change == 0 and shown[0] != shown[1]:
        places = max(_places(v) for v in shown)
        change = float(shown[1]) - float(shown[0])
    return change, places


def _share_points(c: MetricChange) -> int:
    """A forefoot share's change in whole percentage points, as the difference of the two values shown
    (:func:`format_value`'s whole per cent): 0.761 -> 0.775, shown "76 %" and "78 %", is +2 (the exact
    change rounded read +1); 100 x the change rounded when either value is missing."""
    if c.before is None or c.after is None:
        return int(f"{100 * (c.change or 0.0):.0f}")
    return int(f"{100 * c.after:.0f}") - int(f"{100 * c.before:.0f}")


def _signed(text: str) -> str:
    """``text`` without its sign when its number rounds to zero ("-0 %" -> "0 %")."""
    number = text.split(" ", 1)[0].lstrip("+-")
    return text.lstrip("+-") if number and not number.strip("0.:") else text


def format_pct(pct: float | None) -> str:
    """"-23 %", "+4 %", "0 %"; "" for None."""
    return "" if pct is None else _signed(f"{pct:+.0f} %")


def _pct(c: MetricChange) -> str:
    p = format_pct(c.change_pct)
    return f" ({p})" if p else ""


#: How the note of a reliefs-per-hour row within one relief of the foot's shorter time with data starts
#: (monitor.analysis.compare): counting, not a change; the note says why itself, no caveat does.
RELIEF_NOTE = "within one relief"
#: The note of a warning, alert or first-warning row whose sessions were judged against different normals
#: (monitor.analysis.compare_caveats.normals_caveat): a warning is a change from its own normal.
NORMALS_NOTE = "judged against different normals"


def _body(c: MetricChange, cadence_unit: str) -> str:
    """The sentence of one row after "Left foot: ", ending with its verdict."""
    verdict = c.verdict
    if c.metric == "first_warning_s" and c.note == NORMALS_NOTE:
        before, after = ("none" if t is None else f"at {clock(t)}" for t in (c.before, c.after))
        return f"first warning {before} before, {after} after, {NORMALS_NOTE}: not judged."
    if c.metric == "first_warning_s":
        if c.before is not None and c.after is not None:
            when = "later" if c.after > c.before else "earlier"
            return (f"first warning came {when}, at {clock(c.before)} before and {clock(c.after)} after: "
                    f"{verdict}.")
        if c.verdict == "neutral":
            quiet = "after" if c.after is None else "before"
            return (f"no warning {quiet}, but that session ended before the other's first warning "
                    f"(at {clock(c.before if c.after is None else c.after)}): cannot tell.")
        if c.after is None:
            return f"first warning at {clock(c.before)} before, none after: {verdict}."
        return f"no warning before, first warning at {clock(c.after)} after: {verdict}."
    verb = "rose" if (c.change or 0) > 0 else "fell"
    name = METRIC_NAMES[c.metric]
    if c.region:
        name = f"{region_name(c.region)} {name}"
    if c.metric == "forefoot_share":
        return (f"{name} of the load {verb} from {format_value(c.metric, c.before)} to "
                f"{format_value(c.metric, c.after)} ({format_change(c)}): {verdict}.")
    if c.metric in ("peak_kpa", "pti_kpa_s"):
        unit = pressure_unit(c.metric, c.calibrated[1])
        nd = 0 if c.metric == "peak_kpa" and min(abs(c.before), abs(c.after)) >= 20 else 1
        before = f"{c.before:.{nd}f}"
        if c.calibrated[0] != c.calibrated[1]:  # each value in its own session's unit
            before += " " + pressure_unit(c.metric, c.calibrated[0])
        return f"{name} {verb} from {before} to {c.after:.{nd}f} {unit}{_pct(c)}: {verdict}."
    if c.metric == "reliefs_per_h":
        return f"reliefs {verb} from {c.before:.1f} to {c.after:.1f} per hour{_pct(c)}: {verdict}."
    if c.metric == "cadence_per_min":
        return f"cadence {verb} from {c.before:.0f} to {c.after:.0f} {cadence_unit}{_pct(c)}: {verdict}."
    return f"{name} {verb} from {c.before:.0f} to {c.after:.0f}: {verdict}."


def _priority(c: MetricChange) -> int:
    """How much a row matters to a person with numb feet (0 first): the first warning, then warnings and
    alerts, then the metatarsal-head peaks, the forefoot share, the metatarsal-head PTI, the toes, reliefs."""
    if c.metric == "first_warning_s":
        return 0
    if c.metric in ("alert_count", "warning_count"):
        return 1
    if c.metric == "peak_kpa":
        return 2 if c.region in MTH_REGIONS else 5
    if c.metric == "forefoot_share":
        return 3
    if c.metric == "pti_kpa_s":
        return 4 if c.region in MTH_REGIONS else 5
    return 6


def _told(c: MetricChange) -> bool:
    """Rows said in words: changes judged better or worse, and a first warning that cannot be judged."""
    return c.verdict in ("better", "worse") or (c.metric == "first_warning_s" and c.verdict == "neutral")


def _findings(comparison: Comparison) -> list[str]:
    told = [c for c in comparison.changes if _told(c)]
    size: dict[tuple, float] = {}  # the largest change of a metric and region over the feet
    for c in told:
        key = (c.metric, c.region)
        size[key] = max(size.get(key, 0.0), abs(c.change_pct or 0.0))
    rows = sorted(told, key=lambda c: (_priority(c), -size[(c.metric, c.region)], str(c.metric),
                                       str(c.region), FEET.index(c.foot)))
    bodies = [(c, _body(c, comparison.cadence_unit.get(c.foot, "rpm"))) for c in rows]
    feet_of: dict[tuple, list[str]] = {}
    for c, body in bodies:
        feet_of.setdefault((c.metric, c.region, body), []).append(c.foot)
    out, said = [], set()
    for c, body in bodies:
        key = (c.metric, c.region, body)
        if key in said:
            continue
        said.add(key)
        who = "Both feet" if len(feet_of[key]) == 2 else f"{c.foot.capitalize()} foot"
        out.append(f"{who}: {body}")
    return out


def _headline(comparison: Comparison) -> str:
    n = comparison.counts()
    ids = f"{comparison.before.session_id} before, {comparison.after.session_id} after"
    if not n["better"] and not n["worse"]:
        # with a change: a row of kPa against nominal units has none, and says why in its note
        unjudged = [c for c in comparison.changes if c.verdict == "neutral" and c.note and c.change is not None]
        if unjudged:  # changes beyond their thresholds that say nothing of a fit: reported, not judged
            notes = list(dict.fromkeys(c.note for c in unjudged))
            # a relief within one says why itself; the others a caveat explains
            caveated = "; the caveats say why" if any(not n.startswith(RELIEF_NOTE) for n in notes) else ""
            # the sessions first, so that the reason, in brackets, ends the sentence alone
            return (f"Nothing judged better or worse in {ids}: {counted(len(unjudged), 'change')} beyond "
                    f"{'its threshold was' if len(unjudged) == 1 else 'their thresholds were'} reported, not "
                    f"judged ({'; '.join(notes)}{caveated}).")
        return f"No judged measure changed by more than its threshold ({ids})."
    return (f"{n['better']} measure{'s' * (n['better'] != 1)} better, {n['worse']} worse, {n['same']} the "
            f"same within their thresholds ({ids}).")


def _not_analysed(foot: str, why: dict[str, str]) -> str:
    """A foot left out as not analysed in one session or both, and why: "Right foot: not analysed in the after
    session (no sample from any sensor of its metatarsal heads)" (no full stop)."""
    if len(set(why.values())) == 1:
        when = "either session" if len(why) == 2 else f"the {next(iter(why))} session"
        return f"{foot.capitalize()} foot: not analysed in {when} ({next(iter(why.values()))})"
    return f"{foot.capitalize()} foot: not analysed in " + " nor in ".join(
        f"the {when} session ({w})" for when, w in why.items())


def _watched_briefly(foot: str, said: dict[str, str]) -> str:
    """A foot left out as watched too briefly to tell in one session or both: "Right foot: watched too briefly
    to tell in the after session (it sent only 0:02 of data, none after 0:02)" (no full stop)."""
    return f"{foot.capitalize()} foot: watched too briefly to tell in " + " nor in ".join(
        f"the {when} session ({w})" for when, w in said.items())


def _feet_note(comparison: Comparison) -> list[str]:
    if not comparison.feet:
        if comparison.not_analysed or comparison.watched_briefly:  # in both, but nothing to set against the other
            what = "watched long enough" if comparison.watched_briefly else "analysed"
            return [f"No foot was {what} in both sessions: there is nothing to compare.",
                    *(_not_analysed(f, why) + "." for f, why in comparison.not_analysed.items()),
                    *(_watched_briefly(f, said) + "." for f, said in comparison.watched_briefly.items())]
        return ["No foot is in both sessions: there is nothing to compare."]
    out = []
    common = " and ".join(comparison.feet)
    for foot, why in comparison.not_analysed.items():  # its numbers would read as none: 0 reliefs, no warning
        out.append(f"{_not_analysed(foot, why)}, so only the {common} foot is compared.")
    for foot, said in comparison.watched_briefly.items():  # its 0 warnings would read as the same
        out.append(f"{_watched_briefly(foot, said)}, so only the {common} foot is compared.")
    for foot in comparison.only_before:
        out.append(f"{foot.capitalize()} foot: only in the before session, so only the {common} foot is "
                   "compared.")
    for foot in comparison.only_after:
        out.append(f"{foot.capitalize()} foot: only in the after session, so only the {common} foot is "
                   "compared.")
    return out


def comparison_sentences(comparison: Comparison) -> list[str]:
    """The headline, which feet are compared when one is missing or not analysed, what got better and worse
    (most important first), then the caveats."""
    if not comparison.feet:
        return _feet_note(comparison) + list(comparison.caveats)
    return [_headline(comparison), *_feet_note(comparison), *_findings(comparison), *comparison.caveats]
