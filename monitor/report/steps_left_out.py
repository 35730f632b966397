"""Why a walk's or run's steps are left out of the Steps section's measures, in its words: the steps found but
not measured, counted per reason (:func:`left_out_line`), and what a gap in a foot's data does to its steps
(:func:`gap_line`). Pure: text in, text out; monitor.analysis.steps says which step is not measured and why."""

from __future__ import annotations

from typing import Any

import numpy as np

from monitor.analysis.steps import CONTACT_KPA, CONTACT_PEAK_FRACTION, measured
from monitor.codebook import FEET
from monitor.signal.stage_params import CycleParams
from monitor.util.pressure_units import pressure_unit
from monitor.util.words import counted

#: Why a step found is not measured (monitor.analysis.steps.NOT_MEASURED), after "N steps": the line under
#: the table of every step says each that applies, with its count; "no_contact" of a calibrated insole's foot
#: (NOMINAL_NO_CONTACT_WORDS of an uncalibrated one's).
NOT_MEASURED_WORDS = {
    "cut": f"cut by the start or the end of the foot's data, or by a gap longer than {CycleParams.max_gap_s:g} s "
           "just before or after it",
    "gap": "holding a short gap",
    "no_contact": f"with no sensor loaded {CONTACT_KPA:g} {pressure_unit()} above its unloaded level",
    "loaded": "with the foot still loaded 0.05 s before its initial contact or after its toe-off",
    "no_sample": "with a sensor that had no sample where the contact's ends or the strike index are read (it may "
                 "have been loaded where the others were not)",
}
#: "no_contact" of an uncalibrated insole's foot, whose contact level is a share of the step's own peak: no
#: sensor rises above its unloaded level in the stance at all.
NOMINAL_NO_CONTACT_WORDS = (f"on an uncalibrated insole with no sensor loaded above its unloaded level (its "
                            f"contact level is {100 * CONTACT_PEAK_FRACTION:g} % of the step's own peak)")
#: ... and of a foot whose pressures were made with a guessed sensor area (SensorLayout.areas_guessed), whose
#: contact level is that share of the step's own peak too.
GUESSED_AREA_NO_CONTACT_WORDS = (f"with pressures from a guessed sensor area and no sensor loaded above its "
                                 f"unloaded level (its contact level is {100 * CONTACT_PEAK_FRACTION:g} % of "
                                 "the step's own peak)")


def left_out_line(data: Any) -> str:
    """The steps found but not measured, counted per reason, only the reasons that apply ("Left out, found
    but not measured: 1 step with the foot still loaded ..."); "" when every step is measured. ``data``: its
    ``steps`` and, where it has them, ``layouts`` (a scale-free foot has its own "no_contact",
    monitor.analysis.steps.scale_free)."""
    words: dict[str, str] = {}
    for code, said in NOT_MEASURED_WORDS.items():  # a scale-free foot's "no_contact" after the other's
        words |= {code: said, **({"no_contact_nominal": NOMINAL_NO_CONTACT_WORDS,
                                  "no_contact_guessed": GUESSED_AREA_NO_CONTACT_WORDS} if code == "no_contact" else {})}
    counts = dict.fromkeys(words, 0)
    untold = 0
    layouts = getattr(data, "layouts", None) or {}
    for foot, s in data.steps.items():
        lay = layouts.get(foot)
        nominal = "_nominal" if not getattr(lay, "calibrated", True) else (
            "_guessed" if getattr(lay, "areas_guessed", False) else "")
        gone = ~measured(s)
        why = getattr(s, "not_measured", np.empty(0))
        if why.shape != gone.shape:
            untold += int(gone.sum())
            continue
        for code in why[gone].tolist():
            code = code + nominal if code == "no_contact" else code
            if code in counts:
                counts[code] += 1
            else:
                untold += 1
    parts = [f"{counted(n, 'step')} {words[code]}" for code, n in counts.items() if n]
    if untold:
        parts.append(f"{counted(untold, 'step')} the data does not hold whole or that no clear contact bounds")
    return f"Left out, found but not measured: {'; '.join(parts)}." if parts else ""


def gap_line(data: Any) -> str:
    """What a gap does to the steps, "" when no foot with steps has one (missing frames or a gap in
    gaps.csv, monitor.report.quality_data.FootQuality): the gait detector bridges a short gap inside a
    stance (``CycleParams.max_gap_s``), and that step is found but not measured; it places no initial contact
    or toe-off inside a gap, so a stance that began or ended in one is not found and is counted nowhere; one
    that begins or ends just after or before a longer gap is found, and cut by it (NOT_MEASURED_WORDS)."""
    feet = [f for f in FEET if f in data.gait.get("feet", {}) and f in data.quality.feet
            and (data.quality.feet[f].gaps or data.quality.feet[f].missing_frames)]
    if not feet:
        return ""
    whose = f"the {feet[0]} foot's" if len(feet) == 1 else "both feet's"
    return (f"Gaps in {whose} data: a stance that began or ended in a gap is not found, and is not counted "
            "among the steps; one with a short gap inside it is found but not measured, as is one that begins "
            "or ends too close to a longer gap to be measured.")
