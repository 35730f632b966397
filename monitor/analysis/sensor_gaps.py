"""What a foot's sensors with no sample cost its analysis, in words and for ``--json``.

A sensor with no sample (a live insole's "no reading", an empty column of an import) is left out of its
region; where it is the region's only sensor, the region is filled in from the rest of its group
(monitor.signal.region_fill) and its own peak and PTI are left out; where a whole group has no sample
nothing can fill it, and those frames are not analysed (monitor.signal.sensor_coverage counts them). Each
is said, so that a foot's "no warning" never stands for time no warning could come in. Nothing is said for
a foot whose every sensor read in every frame with data (the output of such a session is unchanged). The end
of live and replay says the same words (:class:`GapWords`, monitor.analysis.streaming.AnalysisCore.sensor_gaps).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from monitor.analysis.watched import BRIEF_MARGIN_S
from monitor.codebook import SensorLayout, region_name
from monitor.signal.sensor_coverage import SensorCoverage
from monitor.util.timefmt import clock_text
from monitor.util.words import listed

#: At most this many sensors are named per foot, those missing longest (a guess: a line is read); the rest
#: are counted.
MAX_SENSORS_SAID = 4
#: The groups in words.
GROUP_WORDS = {"heel": "heel", "midfoot": "midfoot", "metatarsal": "metatarsal heads", "toes": "toes"}


def pct_words(share: float) -> str:
    """A share 0..1 of a foot's time with data as a person reads it: "100 %", "3 %", "under 1 %", "over 99 %":
    never "0 %" of a sensor that missed some, nor "100 %" of one that read some."""
    pct = 100.0 * share
    if 0 < pct < 1:
        return "under 1 %"
    return "over 99 %" if 99 < pct < 100 else f"{pct:.0f} %"


def span_words(t_s: float) -> str:
    """A time (s) not analysed as m:ss, "under 0:01" where it rounds to 0:00 (never "not analysed for 0:00")."""
    return "under 0:01" if 0 < t_s < 0.5 else clock_text(t_s)


def sensor_name(i: int) -> str:
    """A sensor as its frames column names it (monitor.codebook.sensor_columns): 4 -> "p04"."""
    return f"p{i:02d}"


def not_analysed_s(cov: SensorCoverage, rate_hz: float) -> float:
    """The foot's time (s) with data in which it was not analysed (a whole group with no sample)."""
    return cov.n_not_analysed / float(rate_hz)


def groups_missing(cov: SensorCoverage) -> list[str]:
    """The groups, in words, that had no sample at all in some frame with data."""
    return [GROUP_WORDS.get(g, g) for g, n in cov.group_missing.items() if n]


def not_analysed_why(pipe: Any) -> str:
    """Why a foot none of whose frames was analysed (a FootPipeline whose ``analysed`` is False) was not:
    "no pressure sample in the session" (no frame with data), else "no sample from any sensor of its
    metatarsal heads" (the groups with none)."""
    if not pipe.coverage.n_read:
        return "no pressure sample in the session"
    return f"no sample from any sensor of its {listed(groups_missing(pipe.coverage))}"


def sensor_notes(foot: str, layout: SensorLayout, cov: SensorCoverage, rate_hz: float) -> list[str]:
    """One line per sensor with no sample in some of the foot's frames with data (the longest missing first,
    at most MAX_SENSORS_SAID, the rest counted), and one for the time not analysed; [] when none."""
    if not cov.n_read or not cov.any_missing:
        return []
    masks = layout.region_masks()
    region_of = {int(i): r for r, m in masks.items() for i in m.nonzero()[0].tolist()}
    order = sorted((i for i in range(layout.n_sensors) if cov.sensor_missing[i]),
                   key=lambda i: (-int(cov.sensor_missing[i]), i))
    lines = []
    for i in order[:MAX_SENSORS_SAID]:
        share = cov.sensor_missing[i] / cov.n_read
        region = region_of.get(i)
        where = region_name(region or layout.regions[i])
        text = (f"{foot}: sensor {sensor_name(i)} ({where}) had no sample for {pct_words(share)} of the foot's "
                "time with data")
        gone = cov.region_estimated.get(region, 0) if region else 0
        if gone:
            when = "then" if gone == cov.sensor_missing[i] else \
                f"for {pct_words(gone / cov.sensor_missing[i])} of it"  # of the sensor's time without a sample
            text += (f"; its region is estimated from its neighbours {when}, its own peak and PTI left out "
                     "(never invented)")
        elif region and not cov.region_missing.get(region, 0):
            text += "; its region reads its other sensors then"
        lines.append(text)
    rest = len(order) - MAX_SENSORS_SAID
    if rest > 0:
        most = cov.sensor_missing[order[MAX_SENSORS_SAID]] / cov.n_read  # the longest missing of the rest
        lines.append(f"{foot}: {rest} more sensor{'' if rest == 1 else 's'} had no sample for "
                     f"{'up to ' if rest > 1 else ''}{pct_words(most)} of the foot's time with data")
    if cov.n_not_analysed:
        lines.append(f"{foot}: not analysed for {span_words(not_analysed_s(cov, rate_hz))} of its "
                     f"{clock_text(cov.n_read / float(rate_hz))} of data: no sample from any sensor of its "
                     f"{listed(groups_missing(cov))} (nothing can stand in for a whole group), so nothing was "
                     "found or measured then")
    return lines


def sensor_gaps_json(layout: SensorLayout, cov: SensorCoverage, rate_hz: float) -> dict[str, Any] | None:
    """The foot's sensors with no sample for ``--json`` (docs/analyze-json.md), None when none had a gap:
    each such sensor's share of the foot's time with data (%), each region's filled in from its group (%),
    and the time not analysed (s)."""
    if not cov.n_read or not cov.any_missing:
        return None
    n = cov.n_read
    return {
        "data_s": round(n / float(rate_hz), 3),
        "sensors_missing_pct": {sensor_name(i): round(100.0 * int(k) / n, 1)
                                for i, k in enumerate(cov.sensor_missing.tolist()) if k},
        "regions_estimated_pct": {r: round(100.0 * k / n, 1) for r, k in cov.region_estimated.items() if k},
        "not_analysed_s": round(not_analysed_s(cov, rate_hz), 3),
        "groups_missing": [g for g, k in cov.group_missing.items() if k],
    }


def feet_notes(feet: dict[str, Any]) -> list[str]:
    """:func:`sensor_notes` of each foot's pipeline (monitor.signal.pipeline.FootPipeline: its ``layout``,
    ``coverage`` and ``rate_hz``), in the feet's order."""
    return [line for foot, pipe in feet.items()
            for line in sensor_notes(foot, pipe.layout, pipe.coverage, pipe.rate_hz)]


def feet_json(feet: dict[str, Any]) -> dict[str, Any]:
    """``{"sensor_gaps": {foot: sensor_gaps_json(...)}}`` for the feet with a sensor gap, and the notes as
    ``"sensor_gap_notes"``; {} when no foot had one (the JSON of such a session is unchanged)."""
    gaps = {foot: g for foot, pipe in feet.items()
            if (g := sensor_gaps_json(pipe.layout, pipe.coverage, pipe.rate_hz)) is not None}
    return {"sensor_gaps": gaps, "sensor_gap_notes": feet_notes(feet)} if gaps else {}


def unanalysed_words(feet: dict[str, Any], warn_after_s: float | None = None) -> dict[str, str]:
    """Per foot the verdict cannot speak for because too little of its data could be analysed
    (monitor.analysis.advice ``unanalysed``), what the verdict says of it: one none of whose frames could be
    (FootPipeline.analysed False), "the right foot was not analysed: no sample from any sensor of its metatarsal
    heads"; with ``warn_after_s`` (s, DetectorParams.warn_after_s) also one analysed for less than that and at
    least BRIEF_MARGIN_S less than its time with data (the rule of a foot watched too briefly,
    monitor.analysis.watched), "the right foot was analysed for only 0:20 of its 7:00 of data (no sample from
    any sensor of its metatarsal heads in the rest), too little to tell"."""
    out = {}
    for foot, pipe in feet.items():
        cov = pipe.coverage
        if not cov.n_read:
            continue
        if not pipe.analysed:
            out[foot] = f"the {foot} foot was not analysed: {not_analysed_why(pipe)}"
            continue
        groups = listed(groups_missing(cov))
        rate_hz = float(pipe.rate_hz)
        done_s, data_s = (cov.n_read - cov.n_not_analysed) / rate_hz, cov.n_read / rate_hz
        if warn_after_s is not None and done_s < warn_after_s and data_s - done_s >= BRIEF_MARGIN_S:
            out[foot] = (f"the {foot} foot was analysed for only {clock_text(done_s, short_of=warn_after_s)} of "
                         f"its {clock_text(data_s)} of data (no sample from any sensor of its {groups} in the "
                         "rest), too little to tell")
    return out


@dataclass(frozen=True)
class GapWords:
    """What solewatch analyze says of a session's sensors with no sample, for the end of live and replay to say
    alike: its ``caveat:`` lines (:func:`feet_notes`) and, per foot the verdict cannot speak for because too
    little of its data could be analysed, the verdict's words (:func:`unanalysed_words`); empty for a session
    whose every sensor read."""

    notes: tuple[str, ...] = ()
    unanalysed: dict[str, str] = field(default_factory=dict)


def gap_words(feet: dict[str, Any], warn_after_s: float | None = None) -> GapWords:
    """:class:`GapWords` of the feet's pipelines (as :func:`feet_notes` takes them); ``warn_after_s``: as
    :func:`unanalysed_words`'."""
    return GapWords(tuple(feet_notes(feet)), unanalysed_words(feet, warn_after_s))
