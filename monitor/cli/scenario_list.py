"""``solewatch scenarios``: the simulated scenarios as a table (with a header; each activity as ``--activity``
takes it) or as JSON (each scenario's ground truth). Loads no pandas, scipy or matplotlib."""

from __future__ import annotations

import json


def scenarios_text(*, as_json: bool = False) -> str:
    """The scenario list as text (a table) or as JSON (each scenario's ground truth)."""
    from monitor.session.offline import scenarios

    SCENARIOS = scenarios()
    if as_json:
        return json.dumps({name: sc.ground_truth() for name, sc in SCENARIOS.items()}, indent=2)
    from monitor.signal.activity_words import activity_option

    rows = [("scenario", "activity", "what it simulates")]
    rows += [(name, activity_option(sc.activity) or sc.activity, sc.description) for name, sc in SCENARIOS.items()]
    width = max(len(r[0]) for r in rows)  # the activity as --activity takes it (cycling_seated: cycling)
    return "\n".join(f"{n:<{width}}  {a:<14} {d}" for n, a, d in rows)
