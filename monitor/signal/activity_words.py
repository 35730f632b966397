"""Who does an activity, in a word: whether it is on a bike, and the person a session's words name
(rider, runner, walker, else wearer). Pure, no I/O.

Activities are the pipeline's labels (monitor.signal.activity: "cycling", "running", "walking",
"elliptical_or_stair", "unknown") or a session's words ("cycling_seated", "elliptical", "stair_climber"...).
The detector's reasons, the advice (monitor.analysis.suggestions) and the rider's marks
(monitor.analysis.marks) all take their words from here.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Where the detector's activities (monitor.signal.activity) and the session's words fall for the advice's words:
#: a bike has cleats, straps or dials and reliefs; running, walking and the gym machines have laces and breaks.
CYCLING_ACTIVITIES = ("cycling", "cycling_seated", "cycling_standing")

#: The person a session's words name, off the bike (on a bike: the rider). The JSON names (``rider_mark``,
#: ``RiderBaseline``) stay as they are: they are an interface (docs/events-json.md).
_PERSON = {"running": "runner", "walking": "walker"}
#: The word for anyone else: a stepping machine, an activity not known, or feet whose activities differ.
NEUTRAL_PERSON = "wearer"


def is_cycling(activity: str | None) -> bool:
    """Whether the advice speaks of a bike (cleats, straps, dials, reliefs) for this activity."""
    return activity in CYCLING_ACTIVITIES


def person(activities: Iterable[str | None]) -> str:
    """The word for the person in the session's activities (pipeline labels or session words, per foot;
    None or "unknown" when not known): "rider", "runner", "walker", else :data:`NEUTRAL_PERSON`."""
    said = {"rider" if is_cycling(a) else _PERSON.get(a, NEUTRAL_PERSON) for a in activities
            if a and a != "unknown"}
    return said.pop() if len(said) == 1 else NEUTRAL_PERSON
