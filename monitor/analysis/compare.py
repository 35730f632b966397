"""Before and after: two analysed sessions side by side, per foot and metric, with a verdict. Pure.

``compare(before, after)`` takes two AnalysisResults (monitor.analysis.batch) of the same person, say before and
after moving the cleats, and puts each foot present and analysed in both side by side (a foot not analysed in
one of them, FootPipeline.analysed, is left out and said so, never read as 0 cycles, 0 reliefs, no warning):

* per analysis region: peak pressure (kPa) and pressure-time integral (kPa s), the means per counted
  cycle of ``AnalysisResult.summary()``;
* forefoot share (forefoot FTI / total FTI), time to the first warning, reliefs (count and per hour),
  cadence, and the alerts raised per level.

Each row gets a verdict: "same" when the change is within its threshold (monitor.analysis.compare_rules:
``Thresholds``), otherwise "better" or "worse" by the metric's direction (``DIRECTION``), or "neutral" for a
metric that is reported but not judged (cadence, heel and midfoot values, the relief count, notices) or a
change the two sessions cannot tell (another activity, another insole, too few cycles, a session too short
to show it; the row's ``note`` says which). docs/compare.md lists the directions and thresholds with their sources.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from monitor.analysis.batch import AnalysisResult
from monitor.analysis.compare_caveats import (
    NORMAL_BOUND,
    comparison_caveats,
    normals_caveat,
    params_caveat,
    same_normals,
)
from monitor.analysis.compare_facts import (
    SessionFacts,
    foot_activity,
    foot_data_time_s,
    foot_end_s,
    same_insole,
    session_facts,
)
from monitor.analysis.compare_rules import DEFAULT_THRESHOLDS, Thresholds, verdict
from monitor.analysis.compare_text import NORMALS_NOTE, RELIEF_NOTE, clock, comparison_sentences
from monitor.analysis.sensor_gaps import unwatched_why
from monitor.codebook import ANALYSIS_REGIONS, FEET
from monitor.session.model import Session
from monitor.signal.activity_words import cadence_unit
from monitor.util.pressure_units import pressure_unit, unit_name

VERDICTS = ("better", "worse", "same", "neutral")
LEVEL_METRICS = {"notice": "notice_count", "warning": "warning_count", "alert": "alert_count"}
TABLE_COLUMNS = ["foot", "metric", "region", "before", "after", "change", "change_pct", "verdict", "note",
                 "before_unit", "after_unit"]
#: The unit of each metric's values in Comparison.table() (``before_unit``, ``after_unit``), but for peak and
#: PTI (compare_text.pressure_unit: "kPa", "kPa s", or "units", "units s" from an uncalibrated insole) and
#: cadence ("rpm", "steps/min" or "strokes/min", Comparison.cadence_unit: the one unit of both sessions).
VALUE_UNITS = {"forefoot_share": "fraction of 1", "first_warning_s": "s", "reliefs_per_h": "1/h",
               "relief_count": "count", "notice_count": "count", "warning_count": "count", "alert_count": "count"}

#: Metrics that follow the activity itself (a run loads the forefoot several times more than a ride, and
#: reliefs are a ride's): between sessions of different activities they are reported, not judged.
ACTIVITY_BOUND = frozenset({"peak_kpa", "pti_kpa_s", "forefoot_share", "reliefs_per_h"})
#: Metrics read in one insole's pressure scale: small discrete sensors read about twice pedar's peaks
#: (domain.md section 0, [2][3] W: "compare within device"), and an uncalibrated insole sends counts, not
#: kPa. Between two different insoles (sensor layouts) they are reported, not judged.
INSOLE_BOUND = frozenset({"peak_kpa", "pti_kpa_s"})
#: The note of a peak or PTI row whose sessions' insoles are one calibrated, one not (MetricChange.mixed_units).
MIXED_UNITS_NOTE = f"different insoles: kPa against {unit_name(False)}"
#: Means per cycle: from fewer than ``Thresholds.min_cycles`` cycles in either session they are reported,
#: not judged.
CYCLE_BOUND = frozenset({"peak_kpa", "pti_kpa_s", "forefoot_share"})


@dataclass(frozen=True)
class MetricChange:
    """One row of a comparison: a metric of one foot (and region), before and after.

    ``before``/``after`` are in the metric's unit (kPa, kPa s, a fraction of 1, s, per hour, per minute,
    counts); for ``first_warning_s`` None means there was no warning. ``note`` says why a verdict is
    "neutral" when that is not simply the metric's nature. ``calibrated``: whether the before and the after
    insole send kPa; a peak or PTI of an uncalibrated one is in nominal units (its counts at a nominal scale,
    docs/devices.md), not kPa.
    """

    foot: str
    metric: str
    region: str | None
    before: float | None
    after: float | None
    verdict: str
    note: str = ""
    calibrated: tuple[bool, bool] = (True, True)

    @property
    def mixed_units(self) -> bool:
        """A peak or PTI in kPa in one session and in nominal units in the other: no change between them."""
        return self.metric in INSOLE_BOUND and self.calibrated[0] != self.calibrated[1]

    @property
    def change(self) -> float | None:
        """``after - before``; None where one is missing, or where they are in different units."""
        if self.before is None or self.after is None or self.mixed_units:
            return None
        return self.after - self.before

    @property
    def change_pct(self) -> float | None:
        """Change as a percentage of the before value (None when that is 0 or missing)."""
        if self.change is None or not self.before:
            return None
        return 100.0 * self.change / abs(self.before)


@dataclass
class Comparison:
    """The result of :func:`compare`: rows (``changes``), feet compared, the feet left out (in one session
    only, or not analysed in one), and caveats."""

    before: SessionFacts
    after: SessionFacts
    feet: tuple[str, ...]
    only_before: tuple[str, ...]
    only_after: tuple[str, ...]
    changes: list[MetricChange] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    #: per foot compared, the unit of its cadence row (monitor.signal.activity_words.cadence_unit), which a row
    #: has only where both sessions have that unit
    cadence_unit: dict[str, str] = field(default_factory=dict)
    #: the feet in both sessions left out because one or both did not analyse them: foot -> {"before" and/or
    #: "after": why, in words (monitor.analysis.sensor_gaps.unwatched_why)}
    not_analysed: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the feet in both sessions, analysed in both, left out because one or both watched them too briefly to
    #: tell (monitor.analysis.watched.briefly_watched: less than a warning needs): foot -> {"before" and/or
    #: "after": what it sent, in words ("it sent only 0:02 of data, none after 0:02")}
    watched_briefly: dict[str, dict[str, str]] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """One row per MetricChange: columns foot, metric, region (None for whole-foot metrics), before,
        after, change, change_pct (float, NaN where there is none: for first_warning_s NaN in before or
        after means no warning), verdict (one of VERDICTS), note (MetricChange.note: why a neutral verdict is
        neutral, "" where the metric is simply not judged, or the verdict is not neutral), before_unit,
        after_unit (the unit of ``before`` and ``after``: a ``peak_kpa`` is "kPa", or "units" from an
        uncalibrated insole, a ``pti_kpa_s`` "kPa s" or "units s"; VALUE_UNITS and cadence's otherwise)."""
        rows = [{"foot": c.foot, "metric": c.metric, "region": c.region, "before": _nan(c.before),
                 "after": _nan(c.after), "change": _nan(c.change), "change_pct": _nan(c.change_pct),
                 "verdict": c.verdict, "note": c.note,
                 **{f"{when}_unit": self.value_unit(c, i) for i, when in enumerate(("before", "after"))}}
                for c in self.changes]
        df = pd.DataFrame(rows, columns=TABLE_COLUMNS)
        for col in ("before", "after", "change", "change_pct"):
            df[col] = df[col].astype(float)
        df["region"] = pd.Series([c.region for c in self.changes], dtype=object)
        return df

    def value_unit(self, c: MetricChange, side: int) -> str:
        """The unit of ``c``'s before (``side`` 0) or after (1) value, as table() names it."""
        if c.metric in INSOLE_BOUND:
            return pressure_unit(c.metric, c.calibrated[side])
        if c.metric == "cadence_per_min":
            return self.cadence_unit.get(c.foot, "rpm")
        return VALUE_UNITS[c.metric]

    def counts(self) -> dict[str, int]:
        """How many rows have each verdict."""
        return {v: sum(c.verdict == v for c in self.changes) for v in VERDICTS}

    def sentences(self) -> list[str]:
        """What improved and what got worse, in words, the most important first; then the caveats."""
        return comparison_sentences(self)


def _nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


def _finite(x: Any) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _first_warning(foot: str, b: float | None, a: float | None, dur_b: float | None, dur_a: float | None,
                   th: Thresholds) -> MetricChange:
    """No warning beats any time, unless that session ended before the other's first warning. ``dur_b``,
    ``dur_a``: session time (s) at which the foot's data ended in each (compare_facts.foot_end_s)."""
    if b is None and a is None:
        return MetricChange(foot, "first_warning_s", None, None, None, "same")
    if b is not None and a is not None:
        return MetricChange(foot, "first_warning_s", None, b, a, verdict(b, a, "first_warning_s", None, th))
    warned, quiet_dur = (b, dur_a) if a is None else (a, dur_b)
    if quiet_dur is not None and quiet_dur <= warned:
        return MetricChange(foot, "first_warning_s", None, b, a, "neutral",
                            note="the session without a warning ended before the other's first warning")
    return MetricChange(foot, "first_warning_s", None, b, a, "better" if a is None else "worse")


def _alert_times(result: AnalysisResult, foot: str) -> dict[str, list[float]]:
    """Session times (s) of the foot's alerts per level, ascending."""
    out: dict[str, list[float]] = {level: [] for level in LEVEL_METRICS}
    for a in result.alerts:
        if a.foot == foot and a.kind == "alert" and a.level in out:
            out[a.level].append(float(a.t_s))
    return {level: sorted(times) for level, times in out.items()}


def _count_change(foot: str, metric: str, level: str, tb: list[float], ta: list[float], dur_b: float | None,
                  dur_a: float | None, th: Thresholds) -> MetricChange:
    """A count of alerts at one level. Like the first warning: when the session with fewer ended before the
    other's next one (the one it lacks), it cannot show it had fewer ("neutral"). ``dur_b``, ``dur_a``: as
    :func:`_first_warning`'s, when the foot's data ended."""
    nb, na = len(tb), len(ta)
    v = verdict(float(nb), float(na), metric, None, th)
    if v in ("better", "worse"):
        (fewer, fewer_dur), more = ((nb, dur_b), ta) if nb < na else ((na, dur_a), tb)
        if fewer_dur is not None and fewer_dur <= more[fewer]:
            return MetricChange(foot, metric, None, float(nb), float(na), "neutral",
                                note=f"the session with fewer ended before the other's {level} at "
                                     f"{clock(more[fewer])}")
    return MetricChange(foot, metric, None, float(nb), float(na), v)


def _per_hour(count: int | None, duration_s: float | None) -> float | None:
    return None if count is None or not duration_s else count * 3600.0 / duration_s


def _foot_changes(before: AnalysisResult, after: AnalysisResult, foot: str, sb: Session | None,
                  sa: Session | None, th: Thresholds, same: bool) -> list[MetricChange]:
    """The changes of ``foot``'s metrics; ``same``: its insole is one model in both (same_insole)."""
    b, a = before.summary()[foot], after.summary()[foot]
    out: list[MetricChange] = []
    # what makes a judged change say nothing of a fit: reported, not judged (the caveats say why)
    unjudged: list[tuple[frozenset[str], str]] = []
    acts = (foot_activity(before, foot), foot_activity(after, foot))
    if acts[0] != acts[1]:  # a run's forefoot peaks against a ride's, or against an activity never recognised
        unjudged.append((ACTIVITY_BOUND, "an activity not recognised" if "unknown" in acts else "another activity"))
    if not same:  # compare_facts.same_insole
        unjudged.append((INSOLE_BOUND, "different insoles"))
    counted = (b["cycles"], a["cycles"])  # analysed in both (compare); None: its load never measured, no count
    if None in counted or min(int(n) for n in counted) < th.min_cycles:
        unjudged.append((CYCLE_BOUND, f"fewer than {th.min_cycles} cycles in a session"))

    calibrated = (before.feet[foot].layout.calibrated, after.feet[foot].layout.calibrated)

    def add(metric: str, region: str | None, vb: Any, va: Any) -> MetricChange | None:
        vb, va = _finite(vb), _finite(va)
        if vb is None or va is None:
            return None  # not measured in one of them: nothing to compare, nothing invented
        row = MetricChange(foot, metric, region, vb, va, "same", "", calibrated)
        if row.mixed_units:  # kPa against nominal units: neither a change nor the same
            out.append(dataclasses.replace(row, verdict="neutral", note=MIXED_UNITS_NOTE))
            return out[-1]
        v, note = verdict(vb, va, metric, region, th), ""
        if v in ("better", "worse"):
            note = next((why for metrics, why in unjudged if metric in metrics), "")
            v = "neutral" if note else v
        out.append(dataclasses.replace(row, verdict=v, note=note))
        return out[-1]

    rb, ra = b.get("regions", {}), a.get("regions", {})
    for metric in ("peak_kpa", "pti_kpa_s"):
        for region in ANALYSIS_REGIONS:
            if region in rb and region in ra:
                add(metric, region, rb[region].get(metric), ra[region].get(metric))
    add("forefoot_share", None, b.get("forefoot_share"), a.get("forefoot_share"))
    # "ended before the other's warning": when the foot's last frame ended, not how long it lasted
    end_b, end_a = foot_end_s(before, foot, sb), foot_end_s(after, foot, sa)
    out.append(_first_warning(foot, _finite(b.get("first_warning_s")), _finite(a.get("first_warning_s")),
                              end_b, end_a, th))
    nb, na = b.get("relief_count"), a.get("relief_count")  # None: not counted, no row (never 0)
    add("relief_count", None, nb, na)
    # per hour of the foot's time with data, as the study counts them: a hole relieves nothing
    data_b, data_a = foot_data_time_s(before, foot, sb), foot_data_time_s(after, foot, sa)
    rate = add("reliefs_per_h", None, _per_hour(nb, data_b), _per_hour(na, data_a))
    if rate is not None and rate.verdict in ("better", "worse") and data_b and data_a:
        one_relief_per_h = 3600.0 / min(data_b, data_a)
        if abs(rate.change or 0.0) <= one_relief_per_h:  # one relief more or fewer: counting, not a change
            out[-1] = dataclasses.replace(rate, verdict="neutral", note=(
                f"{RELIEF_NOTE} of the foot's shorter time with data, {one_relief_per_h:.1f} per hour"))
    if cadence_unit(acts[0]) == cadence_unit(acts[1]):
        # rpm on a bike, steps/min on foot, strokes/min on an elliptical: one against another says nothing
        add("cadence_per_min", None, b.get("cadence_per_min"), a.get("cadence_per_min"))
    tb, ta = _alert_times(before, foot), _alert_times(after, foot)
    for level, metric in LEVEL_METRICS.items():
        out.append(_count_change(foot, metric, level, tb[level], ta[level], end_b, end_a, th))
    return out


def _cadence_unit(facts: SessionFacts, foot: str) -> str:
    return cadence_unit(facts.activity.get(foot))  # "strokes/min" on an elliptical, as its count says


def compare(before: AnalysisResult, after: AnalysisResult, before_session: Session | None = None,
            after_session: Session | None = None, *, thresholds: Thresholds = DEFAULT_THRESHOLDS
            ) -> Comparison:
    """Compare two analysed sessions foot by foot (only the feet present in both and analysed in both: a foot
    one of them did not analyse, FootPipeline.analysed, or never measured the load of, FootPipeline.load_measured,
    is left out, ``Comparison.not_analysed`` says why).

    The sessions, when given, are the ones the results were computed from; they make the duration (for
    the caveats) and the missing data exact. Without them both come from the pipeline's windows. Reliefs
    per hour are per hour of each foot's time with data (``AnalysisResult.data_runs``, as the study's).
    """
    fb, fa = session_facts(before, before_session), session_facts(after, after_session)
    common = tuple(f for f in FEET if f in before.feet and f in after.feet)
    # a foot not analysed or whose load was never measured: nothing watched (one the raw log lost: said so)
    not_analysed = {f: {when: why for when, r in (("before", before), ("after", after))
                        if (why := unwatched_why(r.feet[f], r.log_lost))}
                    for f in common}
    not_analysed = {f: why for f, why in not_analysed.items() if why}
    brief = {when: _briefly_watched(r) for when, r in (("before", before), ("after", after))}
    watched_briefly = {f: {when: said[f] for when, said in brief.items() if f in said}
                       for f in common if f not in not_analysed}
    watched_briefly = {f: said for f, said in watched_briefly.items() if said}
    feet = tuple(f for f in common if f not in not_analysed and f not in watched_briefly)
    only_before = tuple(f for f in FEET if f in before.feet and f not in after.feet)
    only_after = tuple(f for f in FEET if f in after.feet and f not in before.feet)
    changes: list[MetricChange] = []
    for foot in feet:
        changes += _foot_changes(before, after, foot, before_session, after_session, thresholds,
                                 same_insole(fb, fa, foot))
    if not same_normals(before, after, feet):  # a warning is a change from its own normal: not like for like
        changes = [dataclasses.replace(c, verdict="neutral", note=NORMALS_NOTE)
                   if c.metric in NORMAL_BOUND and c.verdict in ("better", "worse") else c for c in changes]
    caveats = (comparison_caveats(fb, fa, feet, changes, thresholds) + params_caveat(before.params, after.params)
               + normals_caveat(before, after, feet))
    return Comparison(fb, fa, feet, only_before, only_after, changes, caveats, thresholds,
                      {f: _cadence_unit(fb, f) for f in feet}, not_analysed, watched_briefly)


def _briefly_watched(result: AnalysisResult) -> dict[str, str]:
    """Per foot ``result`` watched too briefly to tell (monitor.analysis.watched.briefly_watched: less time with
    data than a warning needs, well short of the other foot's or a small share of the session's), what it
    sent: "it sent only 0:02 of data, none after 0:02" (analyze's words, less its "too little to tell"); its 0
    warnings would read as the same."""
    from monitor.analysis.watched import brief_words, briefly_watched

    warn_after_s = result.params.detector.warn_after_s
    return {foot: brief_words(foot, b, warn_after_s).replace(f"the {foot} foot", "it", 1)
            .removesuffix(", too little to tell")
            for foot, b in briefly_watched(result.data_runs, warn_after_s, result.duration_s).items()}

