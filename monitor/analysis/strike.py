"""The strike index and footstrike type of a step, read the same on every insole.

The strike index of Cavanagh & Lafortune (1980, J Biomech 13:397) is the centre of pressure at initial
contact along the foot, there measured on a force plate as a share of shoe length, 0 heel .. 100 toe; its
thirds are the footstrike types: rearfoot below 33.3 %, midfoot from 33.3 % to 66.7 %, forefoot above.
An insole does not see a continuous centre of pressure but that of its sensors, where they sit: ORPHE
INSOLE's ball sensors lie at 62-65 % of foot length (docs/devices.md), inside the middle third, so a
centre of pressure of its sensors could never read a landing on the ball as a forefoot strike.

So the strike index here is the centre of the anatomical regions' loads (:func:`strike_weights`): each
region's mean pressure above its unloaded level (the area-weighted mean of its sensors', each counted
only at ``STRIKE_SENSOR_KPA`` above its own) times its fixed share of the sole
(monitor.signal.regions.NOMINAL_WEIGHTS), placed at the region's fixed centre along the foot
(NOMINAL_CENTRE_Y: the heel's at 15.5-17 %, the midfoot's at 42-52.5 %, the metatarsal heads' at 69-75.5 %,
the toes' at 89-91.5 %): a load the heel alone takes reads rearfoot, a load the ball or toes alone take reads
forefoot, heel and ball together read midfoot, on every layout, however many sensors it has and wherever
they sit. A region's mean pressure is the one its load is made of (monitor.signal.regions): a coarse sensor
(labelled only ``heel`` or ``midfoot``) beside regions of its group the layout resolves counts in each of them,
an equal part of its area in each (monitor.signal.coarse_share: PhysioNet gaitpdb's heel sensor 1 half in each
heel region, Moticon's midfoot sensor 5 half in each midfoot region), so a landing it alone has taken yet reads
as its group's. A region the layout has no sensor of its own for takes the mean of its group's sensors (ORPHE's
one heel sensor stands for both heel halves; ``four``'s MTH1 and MTH4-5 for MTH2-3); a group without a
sensor (the midfoot of ``four`` and ORPHE) counts nothing, so a midfoot landing reads as the heel and the
ball loaded together. A layout without a sensor under the heel, or none under the metatarsal heads or the
toes, cannot tell a rearfoot strike from a forefoot one: its strike is not measured
(:func:`strike_unmeasurable`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import numpy as np

from monitor.codebook import SensorLayout
from monitor.signal.coarse_regions import coarse_masks
from monitor.signal.regions import GROUPS, NOMINAL_CENTRE_Y, NOMINAL_WEIGHTS, coarse_share_of

#: Footstrike types, from the heel forwards.
STRIKES = ("rearfoot", "midfoot", "forefoot")
#: The dtype of FootSteps.strike: numpy text as wide as the longest strike type.
STRIKE_DTYPE = np.dtype(f"<U{max(map(len, STRIKES))}")
#: Their strike-index bounds (% of foot length): Cavanagh & Lafortune 1980's thirds.
STRIKE_BOUNDS_PCT = (100.0 / 3.0, 200.0 / 3.0)
#: A sensor counts towards the strike index only at this much above its unloaded level (kPa): over 3 SD of
#: the 3 kPa sensor noise the detection is asked to bear (docs/detection.md), so that the noise of the
#: unloaded sensors, clipped at zero and summed over a grid's many sensels, does not pull the index to the
#: middle of the foot (guess; at 0 kPa a pedar-like grid with 3 kPa of noise read a heel strike at 23 % of
#: foot length against 12 % without noise, on the centre of its sensors' forces).
STRIKE_SENSOR_KPA = 10.0
#: The groups a strike needs a sensor in: the heel, and the metatarsal heads or the toes.
_NEEDED = (("heel",), ("metatarsal", "toes"))


def strike_type(strike_index_pct: float) -> str:
    """"rearfoot", "midfoot" or "forefoot" for a strike index (% of foot length); "" for NaN."""
    if not math.isfinite(strike_index_pct):
        return ""
    if strike_index_pct < STRIKE_BOUNDS_PCT[0]:
        return "rearfoot"
    return "midfoot" if strike_index_pct <= STRIKE_BOUNDS_PCT[1] else "forefoot"


def _group_masks(layout: SensorLayout) -> dict[str, np.ndarray]:
    """Boolean sensor mask (n_sensors,) of each group (GROUPS) ``layout`` has a sensor in, a coarse
    sensor (``heel``, ``midfoot``) counted in its group."""
    own, coarse = layout.region_masks(), coarse_masks(layout)
    out = {}
    for group, regions in GROUPS.items():
        mask = np.zeros(len(layout.regions), dtype=bool)
        for m in [own[r] for r in regions if r in own] + ([coarse[group]] if group in coarse else []):
            mask |= m
        if mask.any():
            out[group] = mask
    return out


#: Why a layout cannot tell a footstrike type, as a code: it has no sensor under the heel, or none under the
#: metatarsal heads or the toes ("" where it can tell one).
NO_HEEL, NO_BALL = "no_heel", "no_ball"
#: Per code: what the insole lacks, in short (the report's footstrike panel says it), and what that leaves
#: untold.
_LACKS = {NO_HEEL: "no sensor under the heel", NO_BALL: "no sensor under the ball or the toes"}
_UNTOLD = {NO_HEEL: "a rearfoot strike cannot be told from another", NO_BALL: "a forefoot strike cannot be told"}


def strike_unmeasurable(layout: SensorLayout) -> str:
    """Why ``layout`` cannot tell a footstrike type, as a code (NO_HEEL, NO_BALL; "" where it can): it needs a
    sensor under the heel and one under the metatarsal heads or the toes."""
    groups = _group_masks(layout)
    if "heel" not in groups:
        return NO_HEEL
    if not any(g in groups for g in _NEEDED[1]):
        return NO_BALL
    return ""


def strike_unmeasured_why(code: str) -> str:
    """Why the strike is not measured, in a sentence's words ("the insole has no sensor under the heel, so a
    rearfoot strike cannot be told from another"), for a :func:`strike_unmeasurable` code; "" for ""."""
    return f"the insole has {_LACKS[code]}, so {_UNTOLD[code]}" if code else ""


def strike_unmeasured_short(code: str) -> str:
    """What the insole lacks, in short ("no sensor under the heel"), for a :func:`strike_unmeasurable` code;
    "" for ""."""
    return _LACKS[code] if code else ""


def strike_weights(layout: SensorLayout) -> tuple[np.ndarray, np.ndarray]:
    """Per sensor, shape (n_sensors,) each: the load weight ``w`` and the moment weight ``m`` (% of foot
    length) such that, for pressures above the unloaded level ``q`` (kPa, those under STRIKE_SENSOR_KPA set
    to 0), the strike index is ``(q @ m) / (q @ w)`` (module docstring): each region's area-weighted mean
    pressure times NOMINAL_WEIGHTS, at 100 x NOMINAL_CENTRE_Y; a region's sensors are those it reads in the
    region reducer, a coarse sensor's part of its area counted in each region of its group the layout resolves
    (monitor.signal.regions.coarse_share_of); a region without its own sensor takes its group's sensors'
    area-weighted mean. Both all 0 on a layout that cannot tell a strike (:func:`strike_unmeasurable`)."""
    n = len(layout.regions)
    w, m = np.zeros(n), np.zeros(n)
    if strike_unmeasurable(layout):
        return w, m
    area = np.asarray(layout.area_mm2, dtype=float)
    own, groups = coarse_share_of(layout), _group_masks(layout)
    for group, regions in GROUPS.items():
        if group not in groups:
            continue
        for region in regions:
            if region in own.index:  # its sensors' area-weighted mean, a coarse sensor's part of it counted
                share = own.mean_weights(region)
            else:  # its group's sensors'
                mask = groups[group]
                share = np.where(mask, area, 0.0) / float(area[mask].sum())
            w += NOMINAL_WEIGHTS[region] * share
            m += NOMINAL_WEIGHTS[region] * 100.0 * NOMINAL_CENTRE_Y[region] * share
    return w, m


#: The footstrike types of the "forefoot-striking runner" of domain.md's recommendation table: the
#: non-rearfoot strikers, whose MTH1 peak and pressure-time integral are the higher ([13][14] M).
NON_REARFOOT = ("midfoot", "forefoot")


def foot_strike(strike: np.ndarray) -> str | None:
    """A foot's footstrike over its steps, from each step's type (FootSteps.strike, shape (n,); "" where not
    known): "rearfoot" where at least half its steps with a known strike are rearfoot strikes, else the more
    common of "midfoot" and "forefoot" (midfoot on a tie); None where no step has a known strike (not
    measured: no step, or an insole that cannot tell one, :func:`strike_unmeasurable`)."""
    strike = np.asarray(strike)
    return strike_of_counts({k: int(np.count_nonzero(strike == k)) for k in STRIKES})


def strike_of_counts(n: Mapping[str, int]) -> str | None:
    """:func:`foot_strike` of steps counted per type (``n``: type -> number of steps; other keys ignored)."""
    known = sum(n.get(k, 0) for k in STRIKES)
    if not known:
        return None
    if 2 * n.get("rearfoot", 0) >= known:
        return "rearfoot"
    return "forefoot" if n.get("forefoot", 0) > n.get("midfoot", 0) else "midfoot"


#: The activity whose steps' footstrike the strike-pattern advice reads (monitor.analysis.suggestions).
RUNNING = "running"


class StrikesSoFar:
    """Per foot, its measured steps' footstrike types as they come (a live session's, its replay's and a batch
    analysis's alike), counted per activity of the window their landing falls in: a step belongs to the first
    of the foot's windows (:meth:`window`, in time order) whose time is after its initial contact: the window
    whose last ``step_s`` holds the contact the footstrike is read at (its activity is the one in effect at
    the end of that span, monitor.signal.features), though its toe-off may fall in the next; a step that
    comes after that window's to the next one fed. A window of no known activity counts its steps as the last
    known one's, and those before the first known one as that one's (once it comes), as the session's
    summary tells each step's and stride's activity (monitor.signal.pipeline.FootPipeline.known_activities).
    An alert of a window is told the footstrike of the steps of the window's activity up to it (:meth:`at`): a
    run's, the steps taken while running, not those of a walk before it, nor of steps after it. Memory: a
    count per (activity, type) and the steps no window has reached yet (compact arrays, about a window's
    steps), so bounded over hours."""

    def __init__(self) -> None:
        self._contact_s: dict[str, np.ndarray] = {}  # (n,) s: initial contacts of steps no window reached yet
        self._strike: dict[str, np.ndarray] = {}  # (n,) STRIKE_DTYPE: their types
        self._n: dict[str, Counter[tuple[str | None, str]]] = {}  # (activity, type) -> steps
        self._known: dict[str, str] = {}  # the last known activity of the foot's windows

    def add(self, foot: str, initial_contact_s: np.ndarray, strike: np.ndarray) -> None:
        """``foot``'s steps, each its detector's initial contact (session s) and its type (FootSteps.strike;
        "" where not known), shape (n,) each."""
        self._contact_s[foot] = np.concatenate((self._contact_s.get(foot, np.empty(0)),
                                                np.asarray(initial_contact_s, dtype=float)))
        self._strike[foot] = np.concatenate((self._strike.get(foot, np.empty(0, dtype=STRIKE_DTYPE)),
                                             np.asarray(strike, dtype=STRIKE_DTYPE)))

    def window(self, foot: str, t_s: float, activity: str | None) -> None:
        """``foot``'s next window, at ``t_s`` (session s), of ``activity`` (None: not known): the steps given
        so far with an initial contact before ``t_s`` (the window's span ends there, open) are counted as its
        activity's; with ``activity`` None or "unknown", as the last known one's, and before any, kept as not
        known until the first known one takes them."""
        if activity not in (None, "unknown"):
            if foot not in self._known and foot in self._n:  # the steps before the first label are its
                before = self._n[foot]
                self._n[foot] = Counter()
                for (_, kind), c in before.items():  # None's and "unknown"'s alike
                    self._n[foot][(activity, kind)] += c
            self._known[foot] = activity
        activity = self._known.get(foot, activity)
        t, k = self._contact_s.get(foot), self._strike.get(foot)
        if t is None or not t.size:
            return
        mine = t < t_s
        if mine.any():
            n = self._n.setdefault(foot, Counter())
            kinds, counts = np.unique(k[mine], return_counts=True)
            n.update({(activity, str(kind)): int(c) for kind, c in zip(kinds, counts)})
            self._contact_s[foot], self._strike[foot] = t[~mine], k[~mine]

    def counts(self, foot: str) -> dict[tuple[str | None, str], int]:
        """``foot``'s steps counted so far, per (activity, type)."""
        return dict(self._n.get(foot, {}))

    def at(self, foot: str, activity: str | None) -> str | None:
        """:func:`strike_of_counts` of ``foot``'s steps counted as ``activity``'s so far (:meth:`window`)."""
        return strike_of_counts({k: c for (a, k), c in self._n.get(foot, {}).items() if a == activity})

    def whole(self) -> dict[str, str | None]:
        """Per foot with steps, the footstrike the strike-pattern advice of the session reads: of its steps
        taken while running where it has any, else of all of them (those no window reached included)."""
        out = {}
        for foot in sorted(set(self._n) | {f for f, t in self._contact_s.items() if t.size}):
            n = self._n.get(foot, Counter())
            run = {k: c for (a, k), c in n.items() if a == RUNNING}
            if not run:
                run = Counter({k: c for (_, k), c in n.items()})
                run.update(self._strike.get(foot, np.empty(0, dtype=STRIKE_DTYPE)).tolist())
            out[foot] = strike_of_counts(run)
        return out
