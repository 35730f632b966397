"""The relief the advice asks for, and what it owes to its sources: domain.md's recommendation table's 15-60 s
(a guess), its lower end raised to the shortest relief counted, and what the one source with times gives.

Pure. The tips say it in their words (monitor.analysis.tips: ``{relief}``, ``{relief_note}``).
"""

from __future__ import annotations

from monitor.signal.params import FeatureParams

#: The shortest and longest relief domain.md's table asks for: 15-60 s, a guess ([16][17][38] give no such span).
RELIEF_MIN_S, RELIEF_MAX_S = 15.0, 60.0

#: What the one source with times gives (domain.md section 2, "Time to numbness", an analogy, [38] W); [16] M
#: (cyclists' pain relieved by stopping) and [17] W give none.
RELIEF_SOURCES = "15-30 s every 15-30 min, or 1-2 min every 20-30 min, for wheelchair users [38]"


def relief_words(relief_min_s: float | None = None) -> str:
    """The relief asked for: domain.md's table's 15-60 s (a guess: the row's [16][17][38] W give no such span),
    its lower end raised to ``relief_min_s`` (s, FeatureParams.relief_min_s of the params the session is judged
    with; None: the defaults'), the shortest unweighting counted as a relief, so that a relief asked for is a
    relief counted: "20-60 s"; "90 s" for a ``relief_min_s`` at or above the table's 60 s. Never lowered: a
    ``relief_min_s`` under 15 s still asks for the table's "15-60 s"."""
    lo_s = max(RELIEF_MIN_S, FeatureParams().relief_min_s if relief_min_s is None else relief_min_s)
    return f"{lo_s:.0f}-{RELIEF_MAX_S:.0f} s" if round(lo_s) < RELIEF_MAX_S else f"{lo_s:.0f} s"


def relief_source_words(relief_min_s: float | None = None, relief: str = "relief") -> str:
    """What the relief asked for (:func:`relief_words`, ``relief_min_s`` s; None: the defaults') owes to its
    sources: that it is a guess, what they give (:data:`RELIEF_SOURCES`) and, where its lower end is raised
    above 15 s, why: " (a guess; the sources give 15-30 s every 15-30 min, ... [38]; 20 s is the shortest relief
    Solewatch counts)". ``relief``: what the activity calls it ("relief" on a bike, "pause" on foot)."""
    lo_s = max(RELIEF_MIN_S, FeatureParams().relief_min_s if relief_min_s is None else relief_min_s)
    why = "" if round(lo_s) <= RELIEF_MIN_S else f"; {lo_s:.0f} s is the shortest {relief} Solewatch counts"
    return f" (a guess; the sources give {RELIEF_SOURCES}{why})"


#: The relief asked for under the default params (:func:`relief_words`).
RELIEF = relief_words()
