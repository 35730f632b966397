"""An analysis in plain words, for a terminal: what happened under each foot and what to try."""

from __future__ import annotations

from monitor.analysis.batch import AnalysisResult
from monitor.analysis.suggestions import (
    NOT_A_MEDICAL_DEVICE,
    REFERRALS,
    SUGGESTIONS,
    pattern_words,
)
from monitor.codebook import region_name
from monitor.util.timefmt import clock_text


def _region(region: str | None) -> str:
    return region_name(region) if region else "the forefoot"


def analysis_text(result: AnalysisResult, cadence_per_min: dict[str, float] | None = None) -> str:
    """Several short paragraphs: the verdict, per-foot summary, alerts, suggestions, referrals.
    ``cadence_per_min``: a cadence per foot that replaces the insoles' estimate (a crank sensor's, from
    an imported ride: docs/fit.md), said as such."""
    lines: list[str] = []
    warnings = [a for a in result.alerts if a.level in ("warning", "alert")]
    if warnings:
        first = warnings[0]
        lines.append(f"Verdict: sustained forefoot load on the {first.foot} foot under {_region(first.region)} "
                     f"({pattern_words(first.pattern)}), first warned at {clock_text(first.t_s)}.")
    elif any(a.pattern not in (None, "no_relief", "relief_rare") for a in result.alerts):
        early = next(a for a in result.alerts if a.pattern not in (None, "no_relief", "relief_rare"))
        lines.append(f"Verdict: no warning, but an early sign on the {early.foot} foot under "
                     f"{_region(early.region)} ({pattern_words(early.pattern)}) at "
                     f"{clock_text(early.t_s)}; a longer session would tell.")
    elif result.alerts:
        lines.append("Verdict: no sustained forefoot overload; reminders to unweight the foot.")
    else:
        lines.append("Verdict: no sustained forefoot load found.")
    lines.append("")
    for foot, s in result.summary().items():
        parts = [s.get("activity") or "unknown"]
        crank = (cadence_per_min or {}).get(foot)
        if crank is not None and crank == crank:  # not NaN
            parts.append(f"cadence {crank:.0f}/min (crank sensor)")
        elif s.get("cadence_per_min"):
            parts.append(f"cadence {s['cadence_per_min']:.0f}/min")
        if s.get("forefoot_share") is not None:
            parts.append(f"forefoot share {s['forefoot_share']:.0%}")
        parts.append(f"{s.get('relief_count') or 0} reliefs")
        parts.append(f"first warning {clock_text(s.get('first_warning_s'))}")
        lines.append(f"{foot}: " + ", ".join(parts))
    if result.alerts or result.events:
        lines.append("")
        lines.append("Alerts:")
        for a in sorted(result.alerts + result.events, key=lambda a: a.t_s):
            lines.append(f"  {clock_text(a.t_s):>8}  {a.message}")
    keys: list[str] = []
    for a in warnings or result.alerts:
        keys.extend(k for k in a.suggestion_keys if k not in keys)
    if keys:
        lines.append("")
        lines.append("What to try:")
        for k in keys[:4]:
            s = SUGGESTIONS[k]
            lines.append(f"  - {s.text} (evidence {s.strength}: {s.evidence or 'practitioner advice'})")
    lines.append("")
    lines.extend(REFERRALS)
    lines.append(NOT_A_MEDICAL_DEVICE)
    return "\n".join(lines)
