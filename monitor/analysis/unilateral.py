"""Left against right: a lateral overload, a focal MTH2-3 peak or pressure kept through the upstroke of one
foot, judged against the other foot. Pure, streaming.

A rider's feet stand for each other's normal. A forefoot varus, a cleat or a shoe problem on one side
loads that foot's MTH4-5 over its MTH1, or its MTH2-3 over the rest of its forefoot, more than the other
foot does (domain.md section 6, "Unilateral pattern"). On one foot alone a first ride cannot tell such a
problem present from the first pedal stroke from the rider's own balance: the healthy spread between
people covers it (docs/detection.md, the extreme tier). Against the other foot it can. The same holds for a
toe strap or a shoe pressing one foot through the upstroke: a clipped-in upstroke keeps a floor (domain.md
section 1, no figure), 3-15 % of the peak in the rider population (docs/population.md, a guess), so 10-15 kPa
kept by a strap is within the spread between riders, but not within the other foot's.

Three measures are compared (MEASURES), at each judging step where both feet have a judged pedalling
window: the ratio ``r = MTH4-5 / MTH1`` of pressure-time (from the window's mediolateral index ``ml``,
``r = (1 + ml) / (1 - ml)``), and MTH2-3's peak over the mean peak of MTH1, MTH4-5 and the hallux (the
detector's focal ratio, on layouts that resolve all four). Each foot's is divided by the other foot's.
With a normal kept from earlier rides (RiderBaseline), that quotient is taken over the kept feet's own:
a rider whose feet always differ is judged on a change. A foot whose quotient reaches
``DetectorParams.unilateral_ratio`` shows the pattern. The third measure is the residual forefoot pressure
of the unloaded phase as a share of the loaded peak (the detector's ``residual_fraction``): its quotient
must reach the same ratio, and the foot's residual must also stand ``residual_rise_fraction`` of the peak
and ``residual_rise_kpa`` above the other foot's (net of the kept feet's difference): the rise that marks a
change against a kept normal, the other foot standing for that normal. On two uncalibrated feet that rise is
in their units, times the mean of the feet's ``Assessment.units_per_kpa`` (monitor.signal.nominal_scale: the
same share of their loaded level that it is of 100 kPa), so their gain changes no verdict; none while either
foot's level is unknown. A pattern starts, clears, and
gathers loaded exposure as the detector's patterns do (monitor.signal.patterns), its evidence starting no
earlier than the later foot's first data (monitor.signal.patterns.first_data_s), and is a
``lateral_overload`` under MTH4-5, a ``focal_mth`` under MTH2-3 or a ``residual_unloaded`` of the whole
forefoot (no region named): a notice while it starts, a warning once it has held for ``warn_after_s`` of
loaded time, an alert when it has also gone on ``warn_after_s + alert_after_s`` without relief. Only the
foot with the higher quotient can show it, so the other foot is never warned by it.

Streaming: :class:`UnilateralCheck` sits between the feet's pipelines and the alert policy, in ``analyze``
and in the live and replay analysis core alike. It holds a foot's assessment until the other foot's
assessment of the same time has come, or the other foot has gone past that time without one (a gap), or
the session ends; so the assessments it hands on are the same, in the same order, however the feet's
frames were batched.

A foot's stale silence (its data missing for ``stale_after_s`` or more) is decided by the data's times, not
by when the windows come: a window ending at ``t`` is judged alone, on both feet, when ``t + settle_s``
falls after the silent foot's newest data before the silence and at or before its first data after it
(``since_s < t + settle_s <= back_s``). Such a window of the silent foot becomes final (monitor.signal.features:
a sample at or after its end plus ``settle_s``) only from frames the silence holds, which a live link
delivers once the foot is back, long after the other foot's window of that time went out; windows whose
``t + settle_s`` the foot's data reach before the silence are paired as ever. ``analyze`` knows the silences
before the windows come (:meth:`UnilateralCheck.silent`), live and replay at the data-stale event
(:meth:`UnilateralCheck.absent`) and when the foot's first frame with data after it is received
(:meth:`UnilateralCheck.back`, before that frame's batch gives the data-back event): the silent foot's
windows of the silence come only after it, so both judge the same pairs, unless the silent foot's first
frames back are received after the other foot's frames that make a window final (docs/detection.md).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import replace

from monitor.analysis.alerts import RANK
from monitor.codebook import FEET
from monitor.signal.baseline import ActivityBaseline, RiderBaseline
from monitor.signal.params import Params
from monitor.signal.patterns import JudgedClock, PatternState, enough_data, first_data_s
from monitor.signal.types import LEVELS, Assessment

#: The activity the comparison is made in: pedalling (guess: gait loads each foot's forefoot through a
#: roll-off whose left-right differences were not studied here).
ACTIVITY = "cycling"
#: (pattern, region, the Assessment metric it reads, what the text calls the balance), the first winning a tie.
MEASURES = (("lateral_overload", "mth4_5", "ml_index", "MTH4-5 over MTH1"),
            ("focal_mth", "mth2_3", "focal_mth2_3", "MTH2-3 over the rest of the forefoot"),
            ("residual_unloaded", None, "residual_fraction", "the pressure kept through the upstroke"))
#: The measure that also needs an absolute rise over the other foot (module docstring).
RESIDUAL = "residual_unloaded"

Held = tuple[Assessment, "str | None"]


class UnilateralCheck:
    """Both feet's assessments in, the same assessments out, a foot's raised where its lateral balance or
    MTH2-3 focal ratio stands beyond the other foot's (module docstring).

    Parameters
    ----------
    feet : the session's feet; with fewer than both, assessments pass through unchanged.
    params : the detection parameters (``detector``: the ratio, confirmation, exposure; ``features``: the
        window length).
    baseline : the rider's normal kept from earlier rides, or None.
    units_differ : one foot's pressures are in kPa, the other's in an uncalibrated insole's nominal units
        (monitor.util.pressure_units): the residual's rise in kPa over the other foot is not judged, nor so
        its measure (the other two are ratios within each foot).
    """

    def __init__(self, feet: Iterable[str], params: Params, baseline: RiderBaseline | None = None,
                 units_differ: bool = False) -> None:
        self.params = params
        self.units_differ = units_differ
        present = set(feet)
        self.active = all(f in present for f in FEET)
        self._held: dict[str, deque[Held]] = {f: deque() for f in FEET}
        self._last_t: dict[str, float] = {f: -math.inf for f in FEET}
        #: per foot, where its data began (session s, from its first assessment with data, as the detector reads
        #: it: monitor.signal.patterns.first_data_s); absent before then
        self._first_data_s: dict[str, float] = {}
        #: per foot, its stale silences [since_s, back_s] (session s; back_s inf while it lasts)
        self._silences: dict[str, list[list[float]]] = {f: [] for f in FEET}
        self._state = {(f, m[0]): PatternState() for f in FEET for m in MEASURES}
        self._clock = JudgedClock()  # the loaded time and the hole in the data before each judged pair
        kept = [None if baseline is None else baseline.get(f, ACTIVITY) for f in FEET]
        self._kept_log_q = {m[0]: 0.0 for m in MEASURES}  # log of the kept left-over-right quotient
        self._kept_residual_diff = (0.0, 0.0)  # the kept left-minus-right residual: (share of peak, kPa)
        if all(k is not None for k in kept):
            for name, _, metric, _ in MEASURES:
                q = _kept_log(kept[0], metric) - _kept_log(kept[1], metric)
                self._kept_log_q[name] = q if math.isfinite(q) else 0.0
            diff = (kept[0].residual_fraction - kept[1].residual_fraction,
                    kept[0].residual_kpa - kept[1].residual_kpa)
            self._kept_residual_diff = (0.0 if math.isnan(diff[0]) else diff[0],
                                        0.0 if math.isnan(diff[1]) else diff[1])

    def feed(self, a: Assessment, activity: str | None = None) -> list[Held]:
        """One foot's next assessment (each foot's in time order) with its window's activity; returns the
        assessments (with their activities) ready for the alert policy, in order."""
        if not self.active or a.foot not in self._held:
            return [(a, activity)]
        self._last_t[a.foot] = a.t_s
        if a.foot not in self._first_data_s:  # one without a valid_fraction (built by hand): a full window
            start_s = first_data_s(a.t_s, self.params.features.window_s, a.metrics.get("valid_fraction", 1.0))
            if start_s is not None:  # its first assessment with data, as the detector's
                self._first_data_s[a.foot] = start_s
        self._held[a.foot].append((a, activity))
        return self._release()

    def silent(self, foot: str, since_s: float, back_s: float = math.inf) -> list[Held]:
        """``foot``'s stale silence: its newest data before it at ``since_s``, its first after it at ``back_s``
        (session s; -inf: none before, inf: none after); the assessments it no longer leaves waiting."""
        if not self.active or foot not in self._held:
            return []
        self._silences[foot].append([since_s, back_s])
        return self._release()

    def absent(self, foot: str, since_s: float = -math.inf) -> list[Held]:
        """``foot`` sends no data (stale) after its newest data at ``since_s`` (session s; -inf: none at all):
        a silence whose end is not known yet (:meth:`back`)."""
        silences = self._silences.get(foot)
        if silences and silences[-1][1] == math.inf:
            return []  # known already
        return self.silent(foot, since_s)

    def back(self, foot: str, t_s: float) -> None:
        """``foot``'s data are back after its stale silence, its first frame with data at ``t_s`` (session s)."""
        silences = self._silences.get(foot)
        if silences and silences[-1][1] == math.inf:
            silences[-1][1] = t_s

    def flush(self) -> list[Held]:
        """The end of the session: every assessment still held, in time order (left first on a tie)."""
        rest = sorted([h for f in FEET for h in self._held[f]], key=lambda h: (h[0].t_s, FEET.index(h[0].foot)))
        for f in FEET:
            self._held[f].clear()
        return rest

    # ------------------------------------------------------------------------------------------------
    def _release(self) -> list[Held]:
        """The held assessments whose partner is decided, earliest first (left first on a tie): judged
        together with the other foot's of the same time, or alone where the other foot has none (it went
        past that time without one, or a silence holds it: module docstring)."""
        out: list[Held] = []
        while True:
            heads = {f: self._held[f][0][0].t_s for f in FEET if self._held[f]}
            if not heads:
                return out
            me = min(heads, key=lambda f: (heads[f], FEET.index(f)))
            t, other = heads[me], _other(me)
            if self._apart(t):
                out.append(self._held[me].popleft())
            elif heads.get(other) == t:
                pair = {me: self._held[me].popleft(), other: self._held[other].popleft()}
                out += self._judge(pair["left"], pair["right"])
            elif other in heads or self._last_t[other] > t:  # the other foot has no window at this time
                out.append(self._held[me].popleft())
            else:
                return out

    def _apart(self, t_s: float) -> bool:
        """Whether the windows ending at ``t_s`` (session s) are judged alone: a foot's window there becomes
        final only from frames within its stale silence (module docstring)."""
        final_s = t_s + self.params.features.settle_s
        return any(since_s < final_s <= back_s for f in FEET for since_s, back_s in self._silences[f])

    def _judge(self, left: Held, right: Held) -> list[Held]:
        (la, lact), (ra, ract) = left, right
        p = self.params.detector
        t = la.t_s
        pair_judged = (lact == ACTIVITY and ract == ACTIVITY and la.metrics.get("judged") == 1.0
                       and ra.metrics.get("judged") == 1.0)
        quotient: dict[tuple[str, str], float] = {}
        if pair_judged:
            window_s = self.params.features.window_s
            step_s, hole_s = self._clock.judged(t, window_s)
            limit = math.log(p.unilateral_ratio)
            evidence_from_s = max(t - window_s, *self._first_data_s.values())  # both feet's data, as the detector
            for name, _, metric, _ in MEASURES:
                if name == RESIDUAL and self.units_differ:
                    continue  # its rise is in kPa: one foot's kPa against the other's units is no rise
                q = (_log_ratio(la.metrics.get(metric, math.nan), metric)
                     - _log_ratio(ra.metrics.get(metric, math.nan), metric) - self._kept_log_q[name])
                if math.isnan(q):
                    continue  # not judged on this balance: its states stand
                risen = self._residual_risen(la, ra) if name == RESIDUAL else {"left": True, "right": True}
                for foot, value in (("left", q), ("right", -q)):
                    quotient[(foot, name)] = math.exp(value)
                    shown = value >= limit and risen[foot]
                    self._state[(foot, name)].update(1 if shown else -1, evidence_from_s, t,
                                                     p.confirm_windows, p.clear_windows, step_s, hole_s)
        else:  # a relief, or not both pedalling: no hole in the data
            self._clock.skipped(t, all(enough_data(x.metrics.get("valid_fraction", 0.0), p.min_valid_fraction)
                                       for x in (la, ra)))
        return [(self._raised(la, quotient), lact), (self._raised(ra, quotient), ract)]

    def _residual_risen(self, la: Assessment, ra: Assessment) -> dict[str, bool]:
        """Per foot: whether its residual stands the detector's rise (share of the peak and kPa) above the
        other foot's, net of the kept feet's difference (False where a measure is missing). The rise in kPa
        is in the feet's units: times the mean of their ``units_per_kpa`` (1.0 calibrated; an uncalibrated
        insole's from its loaded level, monitor.signal.nominal_scale: False while a level is unknown)."""
        p = self.params.detector
        kept_frac, kept_kpa = self._kept_residual_diff
        lm, rm = la.metrics, ra.metrics
        d_frac = lm.get("residual_fraction", math.nan) - rm.get("residual_fraction", math.nan) - kept_frac
        d_kpa = lm.get("residual_forefoot_kpa", math.nan) - rm.get("residual_forefoot_kpa", math.nan) - kept_kpa
        rise = p.residual_rise_kpa * (la.units_per_kpa + ra.units_per_kpa) / 2.0
        return {foot: sign * d_frac >= p.residual_rise_fraction and sign * d_kpa >= rise
                for foot, sign in (("left", 1.0), ("right", -1.0))}

    def _raised(self, a: Assessment, quotient: dict[tuple[str, str], float]) -> Assessment:
        """``a``, or the strongest pattern against the other foot where that stands higher; either way with
        the patterns active against the other foot among those it gathers loaded time on (``gathering``: they
        are of the change tier, module docstring) and among those it shows (``shown``, each at its level, where
        the foot's own assessment does not show it already: under a relief reminder, say, which shows none)."""
        p = self.params.detector
        best: tuple[int, str, str, str, PatternState] | None = None
        gathering, shown = a.gathering, a.shown
        for name, region, _, words in MEASURES:
            st = self._state[(a.foot, name)]
            if not st.active:
                continue
            if st.tier >= 1 and name not in gathering:
                gathering = (*gathering, name)
            since_relief_s = a.metrics.get("time_since_relief_s", math.inf)  # NaN before a first reading
            unrelieved_s = min(since_relief_s if since_relief_s == since_relief_s else math.inf, a.t_s - st.since_s)
            level = st.level(unrelieved_s, p.warn_after_s, p.alert_after_s)
            if all(s[0] != name for s in shown):  # no region: a notice, as the detector shows one
                shown = (*shown, (name, level if region is not None else "notice", region))
            if best is None or RANK[level] > best[0]:
                best = (RANK[level], name, region, words, st)
        if best is None or best[0] <= RANK[a.level]:
            return a if (gathering, shown) == (a.gathering, a.shown) else replace(a, gathering=gathering, shown=shown)
        rank, name, region, words, st = best
        kept = " over the kept one" if self._kept_log_q[name] else ""
        q = quotient.get((a.foot, name), math.nan)
        now = f"{q:.2f} x" if math.isfinite(q) else "beyond"
        reason = (f"{name} (against the other foot): {words} {now} the {_other(a.foot)} foot's{kept} "
                  f"(limit {p.unilateral_ratio:.2f}); {st.exposure_s:.0f} s under load")
        shown = ((name, LEVELS[rank], region), *(s for s in shown if s[0] != name))
        return Assessment(a.foot, a.t_s, LEVELS[rank], name, region, st.since_s, (reason, *a.reasons), a.metrics,
                          shown, a.with_data, a.units_per_kpa, gathering)


def _other(foot: str) -> str:
    return "right" if foot == "left" else "left"


def _log_ratio(value: float, metric: str) -> float:
    """The log of a balance: of MTH4-5 / MTH1 from the mediolateral index (MTH4-5 - MTH1) / (MTH4-5 +
    MTH1), or of a focal ratio or a residual's share of the peak; NaN when it is missing or a side reads
    nothing, -inf for a residual of 0 (beyond any other foot's)."""
    if metric == "residual_fraction" and value == 0.0:
        return -math.inf
    if metric == "ml_index":
        if not -1.0 < value < 1.0:  # NaN included
            return math.nan
        return math.log((1.0 + value) / (1.0 - value))
    return math.log(value) if value > 0 and math.isfinite(value) else math.nan


def _kept_log(kept: ActivityBaseline, metric: str) -> float:
    """A kept normal's balance (log), as :func:`_log_ratio` reads a window's."""
    if metric == "residual_fraction":
        value = kept.residual_fraction
    else:
        value = kept.ml_index if metric == "ml_index" else kept.focal.get("mth2_3", math.nan)
    return _log_ratio(value, metric)
