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

    def said(sc) -> str:  # the activity as --activity takes it (cycling_seated: cycling); each, where it changes
        return " then ".join(activity_option(s.activity) or s.activity for s in (sc, sc.then) if s is not None)

    rows = [("scenario", "activity", "what it simulates")]
    rows += [(name, said(sc), sc.description) for name, sc in SCENARIOS.items()]
    width, act_width = (max(len(r[i]) for r in rows) for i in (0, 1))
    return "\n".join(f"{n:<{width}}  {a:<{act_width}}  {d}" for n, a, d in rows)
