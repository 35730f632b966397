"""A session's steps and gait figures as analyze's JSON has them (docs/analyze-json.md ``steps``, ``gait``):
numbers rounded, NaN and infinity as null. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from monitor.analysis.steps import FootSteps


def json_number(x: float | None, nd: int = 3) -> float | None:
    """``x`` rounded to ``nd`` decimals for JSON; None for None, NaN or infinity (missing stays missing)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return None
    return round(float(x), nd)


def steps_json(s: FootSteps | None) -> list[dict[str, Any]]:
    """A foot's measured steps (times in s, strike index in %, impulse in N s; ``not_measured``: why a step
    has no measurement, a FootSteps.not_measured code, None where it has one), JSON-ready; [] for a foot
    without stances (None: analyze measures the stances of every foot that has them)."""
    if s is None:
        return []
    num = json_number
    return [{"initial_contact_s": num(ic), "toe_off_s": num(to), "contact_s": num(c),
             "strike_index_pct": num(si, 1), "strike": k or None, "impulse_n_s": num(imp, 2),
             "impulse_estimated": bool(est), "not_measured": why or None}
            for ic, to, c, si, k, imp, est, why in zip(s.initial_contact_s.tolist(), s.toe_off_s.tolist(),
                                                       s.contact_s.tolist(), s.strike_index_pct.tolist(),
                                                       s.strike.tolist(), s.impulse_n_s.tolist(),
                                                       s.impulse_estimated.tolist(), _why(s))]


def _why(s: FootSteps) -> list[str]:
    """Each step's ``not_measured`` code ("" where measured); "" each where the steps do not tell it."""
    why = s.not_measured
    return why.tolist() if why.shape == s.contact_s.shape else [""] * len(s)


def gait_json(g: Mapping[str, Any]) -> dict[str, Any]:
    """The per-foot step figures and left/right balance of ``g`` (monitor.analysis.steps.steps_summary),
    JSON-ready."""
    num = json_number
    feet = {foot: {"steps": v["steps"], "steps_measured": v["steps_measured"], "contact_s": num(v["contact_s"]),
                   "contact_s_mean": num(v["contact_s_mean"]),
                   "strike_index_pct": num(v["strike_index_pct"], 1),
                   "strike_pct": {k: num(x, 1) for k, x in v["strike_pct"].items()},
                   "strike_steps": v["strike_steps"],
                   "strike_not_measured": v.get("strike_unmeasured_why") or None,
                   "impulse_n_s": num(v["impulse_n_s"], 2)} for foot, v in g["feet"].items()}
    balance = {k: (v or None) if k == "not_compared" else num(v, 1) for k, v in g["balance"].items()}
    return {"feet": feet, "balance": balance}
