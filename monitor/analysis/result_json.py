"""The JSON of an analysis (``solewatch analyze --json``, ``AnalysisResult.to_json_dict``): its alerts, events,
marks, steps and strokes, each foot's summary, the asymmetry and gait figures, and what the session lacked.
docs/analyze-json.md documents every field, docs/analyze-json.schema.json checks them. Pure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.analysis.gait_json import gait_json, steps_json
from monitor.analysis.gait_json import json_number as _num
from monitor.analysis.sensor_gaps import feet_json, zero_json
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, referrals
from monitor.analysis.watched import brief_json
from monitor.util.pressure_units import layout_unit

if TYPE_CHECKING:  # the result's type only: monitor.analysis.batch imports this module
    from monitor.analysis.batch import AnalysisResult

SCHEMA = "solewatch.analyze/1"


def _regions_json(regions: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
    """A summary's ``regions`` {region: {peak_kpa, pti_kpa_s}} as JSON (kPa to 0.1, kPa s to 0.01; null)."""
    return {r: {"peak_kpa": _num(v.get("peak_kpa"), 1), "pti_kpa_s": _num(v.get("pti_kpa_s"), 2)}
            for r, v in regions.items()}


def _part_json(p: dict[str, Any]) -> dict[str, Any]:
    """One activity of a foot's session of several (AnalysisResult.summary's ``activities``) as JSON: its own
    cadence, cycles, contact time, footstrike shares, forefoot share, regions and reliefs."""
    return {"activity": p["activity"], "windows_s": _num(p["windows_s"], 1),
            "cadence_per_min": _num(p["cadence_per_min"], 1), "cycles": int(p["cycles"]),
            "contact_s": _num(p["contact_s"]), "strike_pct": {k: _num(x, 1) for k, x in p["strike_pct"].items()},
            "steps_measured": int(p["steps_measured"]), "strike_steps": int(p["strike_steps"]),
            "forefoot_share": _num(p["forefoot_share"]), "regions": _regions_json(p["regions"]),
            "relief_count": None if p["relief_count"] is None else int(p["relief_count"])}


def result_json(result: AnalysisResult) -> dict[str, Any]:
    """``result`` as ``solewatch analyze --json`` prints it (schema :data:`SCHEMA`): JSON-ready values only
    (numbers rounded, NaN as null: monitor.analysis.gait_json.json_number)."""
    steps = {foot: steps_json(result.steps.get(foot)) for foot in result.feet}
    strokes = {foot: [{"t_s": _num(t)} for t in pipe.strokes_] for foot, pipe in result.feet.items()}
    summary = {}
    sources = result.activity_sources()
    for foot, s in result.summary().items():
        activity, source = sources[foot]
        summary[foot] = {
            "activity": activity,
            "activity_source": source,
            "cadence_per_min": _num(s.get("cadence_per_min"), 1),
            # a session of several activities only (a walk then a run): each with its own figures
            **({"activities": [_part_json(p) for p in s["activities"]]} if s.get("activities") else {}),
            # a walk whose run was too brief for figures of its own: the run's time, the walk's own figures
            **({"brief_activities": [{"activity": p["activity"], "windows_s": _num(p["windows_s"], 1)}
                                     for p in s["brief_activities"]]} if s.get("brief_activities") else {}),
            **({"main_activity": _part_json(s["main_part"])} if s.get("main_part") else {}),
            "forefoot_share": _num(s.get("forefoot_share")),
            "regions": _regions_json(s.get("regions", {})),
            "relief_count": None if s.get("relief_count") is None else int(s["relief_count"]),
            "first_warning_s": _num(s.get("first_warning_s"), 1),
            # null first_warning_s: no warning on an analysed foot, not known on one not analysed (nor judged:
            # its load never measured, FootPipeline.summary)
            "analysed": bool(s["analysed"]),
            "unresolved_regions": result.feet[foot].layout.unresolved_regions(),
            "pressure_unit": layout_unit(result.feet[foot].layout),  # of peak_kpa: kPa, units (pressure_units)
        }
    advice = result.advice()  # the text output's and the report's verdict and "what to try"
    out = {
        "schema": SCHEMA,
        "session": result.session_id,
        "verdict": advice.verdict,
        "alerts": [{k: v for k, v in a.to_dict().items() if k != "kind"} for a in result.alerts],
        "events": [a.to_dict() for a in result.events],
        "marks": [c.to_dict() for c in result.mark_checks()],
        "steps": steps,
        "strokes": strokes,
        "summary": summary,
        "asymmetry": result.asymmetry(),
        "gait": gait_json(result.gait()),
        "damaged_spans": [dict(d) for d in result.damaged_spans],
        "imu_missing": list(result.imu_missing),
        "feet_not_recorded": list(result.feet_not_recorded),
        "briefly_watched": brief_json(result.data_runs or None, result.params.detector.warn_after_s, result.log_lost,
                                      result.duration_s),
        "absent_at_ends": {foot: [{"from_s": _num(a, 2), "to_s": _num(b, 2), "frames_missing": n, "note": note}
                                  for (a, b, n), note in zip(spans, result.absent_notes((foot,)))]
                           for foot, spans in result.absent_at_ends.items()},
        "not_recorded_note": result.not_recorded_note,
        "log_end_note": result.log_end_note,
        "stopped_note": result.stopped_note,
        "what_to_try": [t.to_json() for t in advice.tips],
        "referrals": list(referrals(result.session_activities())),
        "judged_against": None if (judged := result.judged()) is None else judged.to_json(),
        # sensor gaps and sensors that read 0 while loaded: only where there are any
        "disclaimer": NOT_A_MEDICAL_DEVICE, **feet_json(result.feet, result.data_runs), **zero_json(result.feet),
    }
    if result.declared_mismatch:  # only then: the output of a session without one is as before
        out["declared_mismatch"] = result.declared_mismatch.to_dict()
    return out
