"""The rider's own normal: a baseline of one foot's window features, per activity. Pure.

A baseline holds, for each activity, the median over the first ``DetectorParams.baseline_s`` of judged
windows (loaded, not in or next to a relief, enough data) of the measures the detector compares against
(docs/detection.md, "The rider's own normal"): monitor.signal.baseline_measures names them and keeps one
foot's normal in one activity (:class:`ActivityBaseline`), and monitor.signal.baseline_builder learns it
from a session's first minutes (:class:`BaselineBuilder`); their names are importable from here too.

Every measure is a ratio of pressures or a pressure in kPa, but insoles do not read alike: small discrete
transducers read about twice what a pedar grid does (domain.md [2][3] W: "compare
within device"), and an uncalibrated insole's values are counts at a nominal scale. So a baseline holds the
insole kind it was learnt on (:attr:`RiderBaseline.insole`, monitor.session.insole_kinds) and judges
sessions of that kind only. A :class:`RiderBaseline` holds both feet's and can be saved and read back as
JSON (monitor.session.riders keeps them per rider and insole kind), so a known rider is judged against
their own normal from the first minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from monitor.errors import cut, quote
from monitor.signal.activity_words import ACTIVITY_WORDS
from monitor.signal.baseline_builder import BaselineBuilder, summarise  # noqa: F401
from monitor.signal.baseline_measures import (  # noqa: F401
    CAUTIONS,
    FOREFOOT_PTI_REGIONS,
    MTH_REGIONS,
    RANGES,
    SCALARS,
    ActivityBaseline,
    focal_ratios,
    forefoot_pti_rate,
    residual_fraction,
    same_normal,
    utc_time,
    window_measures,
)
from monitor.util.arguments import kind_of

#: The detector's one class of the stepping machines, which the pressure does not tell apart.
MACHINE_CLASS = "elliptical_or_stair"
#: The stepping machines a session may declare: each keeps its own normal, under its own word, though the
#: detector's rules (its cut-offs) are the class's. A normal under MACHINE_CLASS itself is an undeclared
#: machine session's (which machine is not known), or one kept before the machines were kept apart.
MACHINES = ("elliptical", "stair_climber")


def normal_key(activity: str, machine: str | None = None) -> str:
    """The key a normal of pipeline label ``activity`` is kept and looked up under: the declared ``machine``
    (one of MACHINES, a session's word) for the machine class, else the label itself. A declared elliptical
    is judged against earlier elliptical sessions only, never a stair climber's nor an undeclared machine
    session's (docs/detection.md, "The rider's own normal")."""
    return machine if activity == MACHINE_CLASS and machine in MACHINES else activity


@dataclass(frozen=True)
class RiderBaseline:
    """Both feet's normal: ``feet[foot][activity]`` -> :class:`ActivityBaseline` (pipeline activity labels,
    but a declared stepping machine's word, MACHINES, in place of the machine class: :func:`normal_key`).
    ``insole``: the insole kind it was learnt on (monitor.session.insole_kinds.session_insole), None where
    not known (a normal kept before the kind was kept with it, or made by hand)."""

    feet: dict[str, dict[str, ActivityBaseline]] = field(default_factory=dict)
    insole: str | None = None

    @staticmethod
    def checked(baseline: Any) -> RiderBaseline | None:
        """``baseline`` when it is None or a RiderBaseline; else a TypeError naming the argument (a path or a
        dict given where an analysis's ``result.baseline`` goes)."""
        if baseline is None or isinstance(baseline, RiderBaseline):
            return baseline
        raise TypeError("baseline takes a RiderBaseline (an earlier analysis's result.baseline), "
                        f"not {kind_of(baseline)}")

    def get(self, foot: str, activity: str) -> ActivityBaseline | None:
        return self.feet.get(foot, {}).get(activity)

    def kept_feet(self, activities: dict[str, str | None], machine: str | None = None) -> dict[str, bool]:
        """Per foot whose activity is known, whether this normal keeps it (``activities``: foot -> pipeline
        label; None or "unknown": not known, left out; ``machine``: the session's declared word, which
        machine the machine class is, :func:`normal_key`): True where that foot is judged against this
        normal from its first window, False where its normal is learnt from the session's first minutes.
        Each foot is looked up alone (the detector's ``get(foot, activity)``): a normal kept for one foot
        holds that foot only."""
        return {foot: self.get(foot, normal_key(act, machine)) is not None
                for foot, act in activities.items() if act and act != "unknown"}

    def activities(self) -> list[str]:
        """The activities (pipeline labels) kept for either foot, sorted."""
        return sorted({act for acts in self.feet.values() for act in acts})

    def kept_with_session(self, machine: str | None) -> RiderBaseline:
        """This normal as a session declared ``machine`` keeps it (its baseline.json): without the machine
        class's normal when ``machine`` is one of MACHINES, which such a session never judges against
        (:func:`normal_key`). A session's baseline.json holding the class's normal and not the machine's is
        then one kept before the machines were kept apart (:meth:`as_judged_live`)."""
        if machine not in MACHINES:
            return self
        return RiderBaseline({foot: {a: b for a, b in acts.items() if a != MACHINE_CLASS}
                              for foot, acts in self.feet.items()}, self.insole)

    def as_judged_live(self, machine: str | None) -> RiderBaseline:
        """A session's own baseline.json as its live run judged against it. Kept before the two machines
        kept a normal each, it holds the class's normal only (MACHINE_CLASS), and a session declared
        ``machine`` (one of MACHINES) was judged against that: per foot holding the class's normal and not
        the machine's, the class's normal is given under the machine's word too. Only for a session's own
        baseline.json: a rider's kept normal keeps :func:`normal_key`'s rule (docs/detection.md, "The
        rider's own normal")."""
        if machine not in MACHINES:
            return self
        feet = {foot: ({**acts, machine: acts[MACHINE_CLASS]} if MACHINE_CLASS in acts and machine not in acts
                       else dict(acts)) for foot, acts in self.feet.items()}
        return RiderBaseline(feet, self.insole)

    def without(self, keys: dict[str, str]) -> RiderBaseline:
        """This normal without each foot's normal of one activity (``keys``: foot -> :func:`normal_key`),
        the foot's other activities kept (and the insole kind)."""
        return RiderBaseline({foot: {a: b for a, b in acts.items() if keys.get(foot) != a}
                              for foot, acts in self.feet.items()}, self.insole)

    def cautioned(self, cautions: dict[str, str]) -> RiderBaseline:
        """This normal with each foot of ``cautions`` (foot -> one of CAUTIONS) marked so in every activity it
        holds: the session keeping it had that foot marked numb, warned on it or showed an early sign there in
        its first minutes."""
        return RiderBaseline({foot: {a: replace(b, caution=cautions[foot]) if foot in cautions else b
                                     for a, b in acts.items()} for foot, acts in self.feet.items()}, self.insole)

    def stamped(self, kept_utc: str | None) -> RiderBaseline:
        """This normal with every activity of every foot marked as kept by the session started at ``kept_utc``
        (its session.json ``start_utc``; None: left as it is)."""
        if kept_utc is None:
            return self
        return RiderBaseline({foot: {a: replace(b, kept_utc=kept_utc) for a, b in acts.items()}
                              for foot, acts in self.feet.items()}, self.insole)

    def caution(self, foot: str, activity: str) -> str | None:
        """The caution (one of CAUTIONS, or None) of ``foot``'s normal of ``activity`` (a normal_key)."""
        kept = self.get(foot, activity)
        return None if kept is None else kept.caution

    def merged(self, other: RiderBaseline) -> RiderBaseline:
        """This baseline with ``other``'s activities added or replacing this one's (the insole kind: this
        one's, else ``other``'s): a foot's normal of an activity replaced takes its caution with it."""
        feet = {foot: dict(acts) for foot, acts in self.feet.items()}
        for foot, acts in other.feet.items():
            feet.setdefault(foot, {}).update(acts)
        return RiderBaseline(feet, self.insole or other.insole)

    def to_dict(self) -> dict[str, Any]:
        kind = {} if self.insole is None else {"insole": self.insole}
        return {"schema": "solewatch.baseline/1", **kind,
                "feet": {foot: {act: b.to_dict() for act, b in acts.items()} for foot, acts in self.feet.items()}}

    @classmethod
    def from_dict(cls, d: Any, where: str = "baseline") -> RiderBaseline:
        if not isinstance(d, dict) or d.get("schema") != "solewatch.baseline/1":
            raise ValueError(f"{where}: not a Solewatch baseline (schema solewatch.baseline/1)")
        insole = d.get("insole")
        if insole is not None and (not isinstance(insole, str) or not insole):
            raise ValueError(f"{where}: insole must be an insole kind (text) or left out")
        feet = d.get("feet")
        if not isinstance(feet, dict) or any(f not in ("left", "right") for f in feet):
            raise ValueError(f"{where}: feet must be an object with left and/or right")
        out: dict[str, dict[str, ActivityBaseline]] = {}
        for foot, acts in feet.items():
            if not isinstance(acts, dict):
                raise ValueError(f"{where}: feet.{foot} must be an object of activities")
            unknown = [a for a in acts if a not in ACTIVITY_WORDS]
            if unknown:  # a normal kept for no activity the analysis knows would never be used, silently
                raise ValueError(f"{where}: feet.{foot}: unknown activity {quote(unknown[0])} (known: "
                                 f"{', '.join(a for a in ACTIVITY_WORDS if a != 'unknown')})")
            out[foot] = {str(a): ActivityBaseline.from_dict(b, f"{where}: feet.{foot}.{cut(str(a))}")
                         for a, b in acts.items()}
        return cls(out, insole)
