"""What a foot's sensors with no sample cost its analysis, in words and for ``--json``.

A sensor with no sample (a live insole's "no reading", an empty column of an import) is left out of its
region; where it is the region's only sensor, the region is filled in from the rest of its group
(monitor.signal.region_fill) and its own peak and PTI are left out; where a whole group has no sample
nothing can fill it, and those frames are not analysed (monitor.signal.sensor_coverage counts them), nor
is a region said estimated in them (a foot never analysed has none estimated). Each
is said, so that a foot's "no warning" never stands for time no warning could come in. Nothing is said for
a foot whose every sensor read in every frame with data (the output of such a session is unchanged). The end
of live and replay says the same words (:class:`GapWords`, monitor.analysis.streaming.AnalysisCore.sensor_gaps).

A foot's time with data has one definition everywhere it is said: its runs of readings, a pause of up to
ABSENT_MIN_S inside a run counted as data (monitor.session.absence.data_runs), as the verdict's "sent only
0:05 of data" counts it. The time it was not analysed is that time's share of its frames with data that were
not (:func:`not_analysed_s`), so that "analysed for only 0:20 of its 7:00 of data" never stands beside "7:00
of data" with a different 7:00 where packets were lost. Without the runs (a caller that has none), the
frames with data at the foot's rate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from monitor.analysis.watched import BRIEF_MARGIN_S
from monitor.codebook import SensorLayout, region_name
from monitor.session.absence import data_time_s
from monitor.session.lost_words import lost_foot_words
from monitor.signal.sensor_coverage import SensorCoverage
from monitor.signal.zero_sensors import is_zero_caveat, zero_caveat
from monitor.util.timefmt import UNDER_A_SECOND, clock_text, span_words  # noqa: F401 - said here too
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


def pct_json(count: int, n: int) -> float:
    """``count`` of ``n`` as a percentage for ``--json``: to 0.1, with as many more decimals as it takes for a
    share above none not to read 0 nor one below all 100 (1 frame of 42,000: 0.002; 41,999 of them: 99.998)."""
    pct = 100.0 * count / n
    for decimals in range(1, 16):
        shown = round(pct, decimals)
        if (shown > 0 or count <= 0) and (shown < 100 or count >= n):
            return shown
    return pct


def sensor_name(i: int) -> str:
    """A sensor as its frames column names it (monitor.codebook.sensor_columns): 4 -> "p04"."""
    return f"p{i:02d}"


#: A foot's runs of readings: ``(first_s, last_s)`` each (monitor.session.absence.data_runs).
Runs = Sequence[tuple[float, float]]


def data_s(cov: SensorCoverage, rate_hz: float, runs: Runs | None = None) -> float:
    """The foot's time with data (s): its ``runs``' (monitor.session.absence.data_time_s, the one definition,
    module docstring); without them, its frames with data at ``rate_hz``."""
    return data_time_s(runs) if runs else cov.n_read / float(rate_hz)


def not_analysed_s(cov: SensorCoverage, rate_hz: float, runs: Runs | None = None) -> float:
    """The foot's time (s) with data in which it was not analysed (a whole group with no sample): the share
    of its frames with data that were not analysed, of its :func:`data_s`."""
    if not cov.n_read:
        return 0.0
    return data_s(cov, rate_hz, runs) * (cov.n_not_analysed / cov.n_read)


def groups_missing(cov: SensorCoverage) -> list[str]:
    """The groups, in words, that had no sample at all in some frame with data."""
    return [GROUP_WORDS.get(g, g) for g, n in cov.group_missing.items() if n]


def not_analysed_why(pipe: Any, lost: Mapping[str, int] | None = None) -> str:
    """Why a foot none of whose frames was analysed (a FootPipeline whose ``analysed`` is False) was not:
    where the raw log its session was rebuilt from lost its frames (``lost``: Session.log_lost, foot -> frames
    its close counted), that they were (monitor.session.lost_words.lost_foot_words); else "no pressure sample
    in the session" (no frame with data), else "no sample from any sensor of its metatarsal heads" (the groups
    with none)."""
    if not pipe.coverage.n_read:
        frames = (lost or {}).get(pipe.foot)
        return lost_foot_words(pipe.foot, frames) if frames else "no pressure sample in the session"
    return f"no sample from any sensor of its {listed(groups_missing(pipe.coverage))}"


def unwatched_why(pipe: Any, lost: Mapping[str, int] | None = None) -> str:
    """Why a foot could not be watched, "" for one that could: :func:`not_analysed_why` of one none of whose
    frames was analysed (FootPipeline.analysed False); "its load was never measured: its forefoot read no load"
    of an uncalibrated insole's foot whose loaded level was never known, "its load was never measured: its
    insole read 0 on every sensor" of a calibrated insole's that read nothing (FootPipeline.load_measured False,
    FootPipeline.read_nothing): no relief could start nor a warning come on it."""
    if not pipe.analysed:
        return not_analysed_why(pipe, lost)
    if not pipe.load_measured:
        said = "its insole read 0 on every sensor" if pipe.read_nothing else "its forefoot read no load"
        return f"its load was never measured: {said}"
    return ""


def sensor_notes(foot: str, layout: SensorLayout, cov: SensorCoverage, rate_hz: float,
                 runs: Runs | None = None) -> list[str]:
    """One line per sensor with no sample in some of the foot's frames with data (the longest missing first,
    at most MAX_SENSORS_SAID, the rest counted), and one for the time not analysed, of its :func:`data_s`
    (``runs``: its runs of readings); [] when none."""
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
        lines.append(f"{foot}: 1 more sensor had no sample for {pct_words(most)} of the foot's time with data"
                     if rest == 1 else f"{foot}: {rest} more sensors had no sample, the longest for "
                     f"{pct_words(most)} of the foot's time with data")
    if cov.n_not_analysed:
        had_s = data_s(cov, rate_hz, runs)
        lines.append(f"{foot}: not analysed for {span_words(not_analysed_s(cov, rate_hz, runs), short_of=had_s)} "
                     f"of its {clock_text(had_s)} of data: no sample from any sensor of its "
                     f"{listed(groups_missing(cov))} (nothing can stand in for a whole group), so nothing was "
                     "found or measured then")
    return lines


def sensor_gaps_json(layout: SensorLayout, cov: SensorCoverage, rate_hz: float,
                     runs: Runs | None = None) -> dict[str, Any] | None:
    """The foot's sensors with no sample for ``--json`` (docs/analyze-json.md), None when none had a gap:
    its time with data (s, :func:`data_s`), each such sensor's share of it (%, :func:`pct_json`: never 0 of a
    sensor that missed some, nor 100 of one that read some), each region's filled in from its group (% alike),
    and the time not analysed (s)."""
    if not cov.n_read or not cov.any_missing:
        return None
    n = cov.n_read
    return {
        "data_s": round(data_s(cov, rate_hz, runs), 3),
        "sensors_missing_pct": {sensor_name(i): pct_json(int(k), n)
                                for i, k in enumerate(cov.sensor_missing.tolist()) if k},
        "regions_estimated_pct": {r: pct_json(int(k), n) for r, k in cov.region_estimated.items() if k},
        "not_analysed_s": round(not_analysed_s(cov, rate_hz, runs), 3),
        "groups_missing": [g for g, k in cov.group_missing.items() if k],
    }


def feet_notes(feet: dict[str, Any], data_runs: Mapping[str, Runs] | None = None) -> list[str]:
    """:func:`sensor_notes` of each foot's pipeline (monitor.signal.pipeline.FootPipeline: its ``layout``,
    ``coverage`` and ``rate_hz``), in the feet's order; ``data_runs``: foot -> its runs of readings
    (AnalysisResult.data_runs, AnalysisCore.data_runs)."""
    runs = data_runs or {}
    return [line for foot, pipe in feet.items()
            for line in sensor_notes(foot, pipe.layout, pipe.coverage, pipe.rate_hz, runs.get(foot))]


def zero_notes(feet: dict[str, Any]) -> list[str]:
    """Per foot whose pipeline found sensors that read 0 in every frame while the foot was loaded
    (FootPipeline.zeros), the caveat that names them (monitor.signal.zero_sensors.zero_caveat), in the feet's
    order."""
    return [note for foot, pipe in feet.items() if (note := _zero_note(foot, pipe))]


def _zero_note(foot: str, pipe: Any) -> str:
    return zero_caveat(foot, pipe.layout, pipe.zeros.zero(pipe.rate_hz))


def zero_caveats(feet: dict[str, Any], caveats: Sequence[str]) -> list[str]:
    """``caveats`` (a session's, an import's first) with one zero-sensor caveat per foot, the analysis's own
    (:func:`zero_notes`, at its tare's level, as ``--json``'s ``zero_sensor_notes``): an import's caveat of an
    analysed foot (made at the default params' level) that says the same is kept where it stands, said once; one
    that differs (``analyze --params`` of another tare level) gives its place to the analysis's, or is left out
    where the analysis found none; the analysis's of a foot no caveat said comes after them. A foot not
    analysed (not in ``feet``) keeps the import's."""
    own = {foot: _zero_note(foot, pipe) for foot, pipe in feet.items()}
    out: list[str] = []
    for caveat in caveats:
        foot = next((f for f in own if is_zero_caveat(caveat, f)), None)
        if foot is None:
            out.append(caveat)
        elif own[foot] and own[foot] not in out:
            out.append(own[foot])
    return out + [note for note in own.values() if note and note not in out]


def zero_json(feet: dict[str, Any]) -> dict[str, Any]:
    """``{"zero_sensors": {foot: ["p04", ...]}, "zero_sensor_notes": [...]}`` of the feet whose sensors read 0 in
    every frame while the foot was loaded (FootPipeline.zeros: each by its frames column, in sensor order), the
    notes in :func:`zero_notes`' words (the text output's ``caveat:`` lines); {} when no foot had one (the JSON
    of such a session is unchanged)."""
    zeros = {foot: [f"p{i:02d}" for i in z] for foot, pipe in feet.items() if (z := pipe.zeros.zero(pipe.rate_hz))}
    return {"zero_sensors": zeros, "zero_sensor_notes": zero_notes(feet)} if zeros else {}


def feet_json(feet: dict[str, Any], data_runs: Mapping[str, Runs] | None = None) -> dict[str, Any]:
    """``{"sensor_gaps": {foot: sensor_gaps_json(...)}}`` for the feet with a sensor gap, and the notes as
    ``"sensor_gap_notes"``; {} when no foot had one (the JSON of such a session is unchanged).
    ``data_runs``: as :func:`feet_notes` takes them."""
    runs = data_runs or {}
    gaps = {foot: g for foot, pipe in feet.items()
            if (g := sensor_gaps_json(pipe.layout, pipe.coverage, pipe.rate_hz, runs.get(foot))) is not None}
    return {"sensor_gaps": gaps, "sensor_gap_notes": feet_notes(feet, data_runs)} if gaps else {}


def unanalysed_words(feet: dict[str, Any], warn_after_s: float | None = None,
                     data_runs: Mapping[str, Runs] | None = None) -> dict[str, str]:
    """Per foot the verdict cannot speak for because too little of its data could be analysed
    (monitor.analysis.advice ``unanalysed``), what the verdict says of it: one none of whose frames could be
    (FootPipeline.analysed False), "the right foot was not analysed: no sample from any sensor of its metatarsal
    heads"; with ``warn_after_s`` (s, DetectorParams.warn_after_s) also one analysed for less than that and at
    least BRIEF_MARGIN_S less than its time with data (the rule of a foot watched too briefly,
    monitor.analysis.watched), "the right foot was analysed for only 0:20 of its 7:00 of data (no sample from
    any sensor of its metatarsal heads in the rest), too little to tell" ("analysed for less than a second of
    ..." where it is under a second); and an uncalibrated insole's foot whose loaded level was never known
    (FootPipeline.load_measured False: its reliefs and residual were never judged), "the left foot's load was
    never measured: its forefoot read nothing above the insole's noise in its 11:00 of data, too low to judge"; a
    calibrated insole's foot that read exactly 0 on every sensor (FootPipeline.read_nothing), "the right foot's
    load was never measured: its insole read 0 on every sensor in its 7:00 of data, a dead or absent insole". Its
    times are :func:`data_s` and what :func:`not_analysed_s` leaves of it (``data_runs``: as :func:`feet_notes`
    takes them)."""
    runs = data_runs or {}
    out = {}
    for foot, pipe in feet.items():
        cov = pipe.coverage
        if not cov.n_read:
            continue
        if not pipe.analysed:
            out[foot] = f"the {foot} foot was not analysed: {not_analysed_why(pipe)}"
            continue
        if not pipe.load_measured:  # an uncalibrated insole's foot whose loaded level was never known
            had = clock_text(data_s(cov, pipe.rate_hz, runs.get(foot)))
            out[foot] = (f"the {foot} foot's load was never measured: its insole read 0 on every sensor in its {had} "
                         "of data, a dead or absent insole" if pipe.read_nothing else _noise_words(foot, had))
            continue
        groups = listed(groups_missing(cov))
        had_s = data_s(cov, pipe.rate_hz, runs.get(foot))
        done_s = had_s - not_analysed_s(cov, pipe.rate_hz, runs.get(foot))
        if warn_after_s is not None and done_s < warn_after_s and had_s - done_s >= BRIEF_MARGIN_S:
            done = span_words(done_s, short_of=warn_after_s)  # "only less than a second" is said without "only"
            out[foot] = (f"the {foot} foot was analysed for {'' if done == UNDER_A_SECOND else 'only '}{done} of "
                         f"its {clock_text(had_s)} of data (no sample from any sensor of its {groups} in the "
                         "rest), too little to tell")
    return out


def _noise_words(foot: str, had: str) -> str:
    """An uncalibrated insole's foot whose forefoot read nothing above its noise in ``had`` ("11:00") of data."""
    return (f"the {foot} foot's load was never measured: its forefoot read nothing above the insole's noise in its "
            f"{had} of data, too low to judge")


def unmeasured_words(feet: dict[str, Any], data_runs: Mapping[str, Runs] | None = None) -> str:
    """One clause for a session none of whose feet measured any load (FootPipeline.load_measured False for every
    foot, each with data and analysed), in place of a verdict of nothing found (no load was measured to find
    anything in): of two or more insoles that read exactly 0 on every sensor in all their data
    (FootPipeline.read_nothing, calibrated insoles: dead or absent), "neither insole measured any load: both read
    0 on every sensor in their 11:00 of data, dead or absent insoles" ("... in all their data (the left 11:00, the
    right 7:00), ..." where their times differ; "no insole" for three or more); else a clause per foot, "the
    left insole measured no load: it read 0 on every sensor in its 1:00 of data, a dead or absent insole" of one
    such insole, "the left foot's load was never measured: its forefoot read nothing above the insole's noise in
    its 11:00 of data, too low to judge" of an uncalibrated insole's foot whose loaded level was never known; ""
    for any other session. Times: :func:`data_s` (``data_runs``: as :func:`feet_notes` takes them)."""
    if not feet or any(pipe.load_measured or not pipe.coverage.n_read or not pipe.analysed for pipe in feet.values()):
        return ""
    runs = data_runs or {}
    had = {foot: clock_text(data_s(pipe.coverage, pipe.rate_hz, runs.get(foot))) for foot, pipe in feet.items()}
    if len(feet) >= 2 and all(pipe.read_nothing for pipe in feet.values()):
        times = set(had.values())
        said = (f"in their {times.pop()} of data" if len(times) == 1 else
                "in all their data (" + ", ".join(f"the {foot} {t}" for foot, t in had.items()) + ")")
        who = "neither insole" if len(feet) == 2 else "no insole"
        return (f"{who} measured any load: {'both' if len(feet) == 2 else 'all'} read 0 on every sensor {said}, "
                "dead or absent insoles")
    return "; ".join(f"the {foot} insole measured no load: it read 0 on every sensor in its {had[foot]} of data, "
                     "a dead or absent insole" if pipe.read_nothing else _noise_words(foot, had[foot])
                     for foot, pipe in feet.items())


@dataclass(frozen=True)
class GapWords:
    """What solewatch analyze says of a session's sensors with no sample, for the end of live and replay to say
    alike: its ``caveat:`` lines (:func:`feet_notes`, then :func:`zero_notes`: sensors that read 0 while
    loaded) and, per foot the verdict cannot speak for because too
    little of its data could be analysed, the verdict's words (:func:`unanalysed_words`), and where every insole
    measured no load, the one clause that says so (:func:`unmeasured_words`, "" otherwise); empty for a
    session whose every sensor read."""

    notes: tuple[str, ...] = ()
    unanalysed: dict[str, str] = field(default_factory=dict)
    unmeasured: str = ""


def gap_words(feet: dict[str, Any], warn_after_s: float | None = None,
              data_runs: Mapping[str, Runs] | None = None) -> GapWords:
    """:class:`GapWords` of the feet's pipelines and their runs of readings (as :func:`feet_notes` takes
    them); ``warn_after_s``: as :func:`unanalysed_words`'."""
    notes = (*feet_notes(feet, data_runs), *zero_notes(feet))  # sensors with no sample, then those that read 0
    return GapWords(notes, unanalysed_words(feet, warn_after_s, data_runs), unmeasured_words(feet, data_runs))
