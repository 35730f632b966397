"""Numb marks of the wearer that no sign of forefoot load explains, in the verdict's words.

Pure: from an analysis's alerts (monitor.analysis.alerts; a mark is kind ``rider_mark``, monitor.analysis.marks).
"""

from __future__ import annotations

from collections.abc import Sequence

from monitor.analysis.alerts import Alert
from monitor.codebook import FEET
from monitor.util.timefmt import clock_text

#: Reminders (to unweight) are not a sign of a fit problem.
REMINDERS = (None, "no_relief", "relief_rare")


#: What the verdict says of numb marks that no sign of forefoot load explains: domain.md section 6's last row
#: (numbness that persists off the bike: refer to a clinician; the device does not diagnose [18][36]).
NO_PRESSURE_CAUSE = "with no pressure cause in the data: if the numbness persists after the session, see a clinician " \
                    "[18][36]"


def signed_feet(alerts: Sequence[Alert]) -> set[str]:
    """The feet with a sign of forefoot load among ``alerts``: an alert of a pattern other than a reminder to
    unweight, at any level."""
    return {a.foot for a in alerts if a.kind == "alert" and a.level is not None and a.pattern not in REMINDERS}


def unexplained_marks(alerts: Sequence[Alert]) -> str:
    """The numb marks among ``alerts`` (kind ``rider_mark``, monitor.analysis.marks) on feet without a sign of
    forefoot load (:func:`signed_feet`: a sign on the right foot explains no numbness of the left) in words:
    "the left foot was marked numb at 0:50 and the right at 2:10, with no pressure cause found: ..." (""
    when there is no such mark)."""
    signed = signed_feet(alerts)
    at: dict[str, list[float]] = {}
    for a in sorted((a for a in alerts if a.kind == "rider_mark" and a.foot not in signed), key=lambda a: a.t_s):
        at.setdefault(a.foot, []).append(a.t_s)
    if not at:
        return ""
    feet = [f for f in FEET if f in at] + [f for f in at if f not in FEET]
    times = {f: " and ".join(clock_text(t) for t in at[f]) for f in feet}
    said = [f"the {feet[0]} foot was marked numb at {times[feet[0]]}", *(f"the {f} at {times[f]}" for f in feet[1:])]
    return f"{' and '.join(said)}, {NO_PRESSURE_CAUSE}"


def with_marks(verdict: str, marked: str) -> str:
    """``verdict`` (ending in a full stop), and after it the marks that no sign explains (:func:`unexplained_marks`)."""
    return verdict if not marked else f"{verdict[:-1]}; yet {marked}."
