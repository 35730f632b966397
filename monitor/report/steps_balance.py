"""The left/right balance of a walk's or run's steps in the Steps section's words (:func:`balance_line`): each
foot's share of the impulse per step and of the contact time, why there is none (:func:`no_contact_why`,
:func:`no_impulse_why`), and which foot's impulse is an estimate (:func:`estimated_words`). Pure: text in, text
out; monitor.analysis.steps defines every number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.codebook import FEET
from monitor.report.number_text import number_or_dash as _fmt


def estimated_words(gait: Mapping[str, Any]) -> str:
    """" The right foot's impulse is an estimate in 7 of its 7 steps with one (...)." for each foot some of
    whose steps' impulses are estimates (``gait``: AnalysisResult.gait()); "" for none."""
    out = ""
    for foot, g in gait.get("feet", {}).items():
        n = g.get("impulse_estimated_steps") or 0
        if n:
            out += (f" The {foot} foot's impulse is an estimate in {n:,} of its {g.get('impulse_steps', n):,} "
                    "steps with one (a region whose sensors had no sample, its load filled in from the rest of "
                    "its group).")
    return out


def balance_line(gait: Mapping[str, Any], impulse_unit: str = "N s") -> str:
    """The left/right balance in words (``gait``: AnalysisResult.gait(); ``impulse_unit``: the session's,
    ReportData.units.impulse), and which foot's impulse is an estimate (:func:`estimated_words`)."""
    return _balance(gait, impulse_unit) + estimated_words(gait)


def _balance(gait: Mapping[str, Any], impulse_unit: str) -> str:
    b = gait.get("balance", {})
    imp, contact = b.get("impulse_left_pct"), b.get("contact_time_left_pct")
    if imp is None and contact is None:
        if len([f for f in FEET if f in gait.get("feet", {})]) < 2:
            return "One foot only: no left/right balance."
        return f"No left/right balance: {no_contact_why(gait)}."
    if imp is None:  # both feet, no impulse share: why (:func:`no_impulse_why`)
        return (f"Left/right balance: contact time left {_fmt(contact, '.1f')} % / right "
                f"{_fmt(100 - contact, '.1f')} %; no impulse balance ({no_impulse_why(gait, impulse_unit)}).")
    return (f"Left/right balance: left {_fmt(imp, '.1f')} % / right {_fmt(None if imp is None else 100 - imp, '.1f')} "
            f"% of the impulse per step (50/50 is even); contact time left {_fmt(contact, '.1f')} % / right "
            f"{_fmt(None if contact is None else 100 - contact, '.1f')} %.")


def no_contact_why(gait: Mapping[str, Any]) -> str:
    """Why both feet's steps give no balance at all (``gait``: AnalysisResult.gait() with both feet, neither
    an impulse share nor a contact-time share): the foot, or feet, none of whose steps has a measured contact
    time, and so no impulse either (monitor.analysis.steps: NaN where a frame of the stance is missing, the
    stance is cut by its foot's data's start or end or by a gap, or no clear contact and toe-off is read)."""
    feet = gait.get("feet", {})
    gone = [f for f in FEET if f in feet and _fmt(feet[f].get("contact_s"), ".3f") == "-"]
    who = f"none of the {gone[0]} foot's steps has" if len(gone) == 1 else "no step of either foot has"
    return (f"{who} a measured contact time or impulse (each held a missing frame, was cut by the start or "
            "the end of the foot's data or by a gap, or its sensors read no clear contact and toe-off)")


def no_impulse_why(gait: Mapping[str, Any], impulse_unit: str = "N s") -> str:
    """Why both feet's steps give no impulse balance (``gait``: AnalysisResult.gait() with both feet): an
    insole without a sensor of its own in each of the nine regions ("no impulse measured on this insole", on
    both feet; "on the right insole" on one), else a foot none of whose steps has an impulse (each held a
    missing frame or a frame with a whole group of its sensors without a sample), else the mean impulses,
    none above 0 (``impulse_unit``: the session's, ReportData.units.impulse). Before all these, one foot's
    impulse in N s and the other's in nominal units s: not compared (``balance.not_compared``)."""
    feet = gait.get("feet", {})
    if gait.get("balance", {}).get("not_compared"):
        return gait["balance"]["not_compared"]
    blind = [f for f in FEET if f in feet and not feet[f].get("impulse_measurable", True)]
    if len(blind) == len([f for f in FEET if f in feet]):
        return "no impulse measured on this insole"
    if blind:
        return (f"no impulse measured on the {blind[0]} insole: it lacks a sensor of its own in one of the nine "
                "regions")
    none = [f for f in FEET if f in feet and not feet[f].get("impulse_steps")]
    if none:
        what = f"none of the {none[0]} foot's steps has" if len(none) == 1 else "no step of either foot has"
        return (f"{what} an impulse: each held a missing frame, or a frame in which a whole group of its "
                "sensors had no sample")
    return f"no foot's mean impulse is above 0 {impulse_unit}"
