"""Footstrike shares of fewer steps than were measured say of how many. A measured step whose strike index was
not read is left out of the shares (its load missing in a frame of the contact, a whole group of sensors with no
sample there, so the load the strike moment is found on is not whole; had, for PhysioNet's coarse heel sensor,
a strike weight of 0), and the shares were printed as if of every step: "left steps: 95 ..., footstrike
rearfoot 77 %" on the PhysioNet walk GaCo01_01 when its strike was read on 13 of them. ``analyze --json``
gives the count (``gait.feet.FOOT.strike_steps``, and each activity's ``strike_steps`` beside its
``steps_measured``), and the text and the report's table and figure say it.
"""

from __future__ import annotations

from html import unescape
from types import SimpleNamespace

import numpy as np
from report_sessions import layout4

from monitor.analysis.activity_contacts import with_contacts
from monitor.analysis.gait_json import gait_json
from monitor.analysis.steps import foot_steps, measured, steps_summary
from monitor.report.plots.steps import plot_steps
from monitor.report.steps_section import _summary_rows, counts_line, foot_lines

#: The stances' initial contacts (s); those at an odd place lose their toes' sensor for two frames mid-stance.
LANDINGS_S = (0.4, 1.6, 2.8, 4.0, 5.2, 6.4)


def _walk():
    """The four-sensor foot (heel, midfoot, MTH2, hallux: one sensor a group) at 100 Hz, 3 kPa unloaded offsets,
    six 0.6 s stances landing on the heel; in every other one the hallux sensor has no sample for 20 ms halfway
    through, inside the contact: the toes' group is missing there, so the step's contact time is measured and its
    strike index is not (monitor.analysis.steps)."""
    t = np.arange(0.0, 7.4, 0.01)
    p = np.full((t.size, 4), 3.0)
    contacts = []
    for k, ic in enumerate(LANDINGS_S):
        u = (t - ic) / 0.6
        on = (u >= 0) & (u <= 1)
        p[on, 0] += 200.0 * np.sin(np.pi * np.clip(u[on] / 0.5, 0, 1))  # the heel: the first half
        p[on, 2] += 250.0 * np.sin(np.pi * u[on]) ** 2  # MTH2 later
        p[on, 3] += 80.0 * np.sin(np.pi * u[on]) ** 2  # the hallux with it
        if k % 2:
            p[(u >= 0.5) & (u < 0.53), 3] = np.nan
        contacts.append((ic + 0.005, ic + 0.59))
    return foot_steps("left", t, p, layout4("left"), contacts)


def _data(steps, summary=None):
    return SimpleNamespace(gait=steps_summary({"left": steps}), summary=summary or {}, steps={"left": steps},
                           units=SimpleNamespace(impulse="N s"))


def test_the_synthetic_walk_has_every_step_measured_and_half_its_strikes_read():
    s = _walk()
    assert measured(s).all(), s.not_measured
    assert list(s.strike) == ["rearfoot", "", "rearfoot", "", "rearfoot", ""], s.strike_index_pct


def test_the_json_counts_the_steps_the_shares_are_of():
    """Had: no count; the shares' 100 % rearfoot read as of the 6 steps measured."""
    g = steps_summary({"left": _walk()})
    feet = gait_json(g)["feet"]
    assert (feet["left"]["steps_measured"], feet["left"]["strike_steps"]) == (6, 3)
    assert feet["left"]["strike_pct"] == {"rearfoot": 100.0, "midfoot": 0.0, "forefoot": 0.0}


def test_the_text_says_of_how_many_steps_its_shares_are():
    """Had: "left steps: 6, ground contact ... footstrike rearfoot 100 %, midfoot 0 %, forefoot 0 %"; then
    "... forefoot 0 % of 3 steps read", the count worded otherwise than the table's "3 of 6 steps". The text
    (monitor.report.text) and the report's line per foot say it as the table does."""
    data = _data(_walk())
    line = counts_line(data, "left")
    assert line.startswith("left steps: 6, "), line
    assert line.endswith("footstrike rearfoot 100 %, midfoot 0 %, forefoot 0 %, read on 3 of 6 steps"), line
    assert foot_lines(data)[0].endswith("footstrike rearfoot 100 %, midfoot 0 %, forefoot 0 %, read on 3 of 6 "
                                        "steps"), foot_lines(data)
    table = {r[0]: [unescape(c) for c in r[1:]] for r in _summary_rows(data)}["footstrike read on"]
    assert line.endswith(f"read on {table[0]}"), (line, table)


def test_the_report_table_and_figure_say_it():
    """Had: no row, and the figure's row named the foot alone."""
    data = _data(_walk())
    rows = {r[0]: [unescape(c) for c in r[1:]] for r in _summary_rows(data)}
    assert rows["footstrike read on"] == ["3 of 6 steps"], rows
    fig = plot_steps(data.steps, data.gait, {})
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["left\n3 of 6 steps read"]


def test_each_activity_s_shares_say_of_how_many_of_its_steps():
    """A walk then a run: each activity's shares over its own steps, and of how many of them."""
    s = _walk()
    parts = with_contacts([{"activity": "walking"}, {"activity": "running"}], s,
                          lambda ts: ["walking" if t < 3.0 else "running" for t in ts])
    assert [(p["steps_measured"], p["strike_steps"]) for p in parts] == [(3, 2), (3, 1)]
    data = _data(s, {"left": {"activities": parts}})
    line = counts_line(data, "left")
    assert line.endswith("footstrike rearfoot 100 %, midfoot 0 %, forefoot 0 %, read on 3 of 6 steps (walking "
                         "rearfoot 100 %, midfoot 0 %, forefoot 0 %, read on 2 of 3 steps; running rearfoot 100 %, "
                         "midfoot 0 %, forefoot 0 %, read on 1 of 3 steps)"), line
    rows = {r[0]: [unescape(c) for c in r[1:]] for r in _summary_rows(data)}
    assert rows["footstrike read on, walking"] == ["2 of 3 steps"], rows
    assert rows["footstrike read on, running"] == ["1 of 3 steps"], rows


def test_shares_of_every_measured_step_say_nothing_more():
    """Every measured step's strike read: the words and the table as before."""
    s = _walk()
    keep = np.flatnonzero(s.strike != "")
    heel_only = type(s)(**{k: (v[keep] if isinstance(v, np.ndarray) and v.shape[:1] == s.strike.shape else v)
                           for k, v in vars(s).items()})
    data = _data(heel_only)
    assert counts_line(data, "left").endswith("footstrike rearfoot 100 %, midfoot 0 %, forefoot 0 %")
    assert not [r for r in _summary_rows(data) if r[0].startswith("footstrike read on")]
