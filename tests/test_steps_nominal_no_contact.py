"""What "no contact" means on an uncalibrated insole (nominal units, not kPa), and how the report says it.

There the contact level is a share of the step's own peak (monitor.analysis.steps.CONTACT_PEAK_FRACTION), so
a stance has no contact when no sensor rises above its unloaded level in it at all. Had: such a stance, flat
at its unloaded level, took a contact level of 0 and was said to be "loaded" at the ends of the frames
around it; and the Steps section said of every "no_contact" step "with no sensor loaded 20 kPa above its
unloaded level", a rule that does not hold on nominal units. The CoP caption said the strike index counts
"the sensors at least 10 units" above their level, where it counts those 4 % of the step's peak above it."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
from test_gait_nominal_scale import orphe_walk, steps_of

from monitor.analysis.steps import foot_steps
from monitor.link import orphe
from monitor.report.cop_caption import sensor_floor_words
from monitor.report.steps_section import left_out_line


def test_a_nominal_stance_with_no_sensor_above_its_unloaded_level_has_no_contact():
    t, p, layout = orphe_walk(100)
    contacts = steps_of(t, p, layout)[0]
    ic, to = contacts[5]
    flat = (t >= ic - 0.1) & (t <= to + 0.05)
    p = p.copy()
    p[flat] = p[np.flatnonzero(flat)[0] - 1]  # the foot's swing reading, held through the stance
    steps = foot_steps("left", t, p, layout, contacts)
    assert steps.not_measured[5] == "no_contact"  # had: "loaded"
    assert (steps.not_measured[6:] == "").all()


def _steps(*codes: str) -> SimpleNamespace:
    nan = np.full(len(codes), np.nan)
    return SimpleNamespace(contact_s=nan, strike_index_pct=nan, impulse_n_s=nan, not_measured=np.array(codes))


def test_the_report_says_the_no_contact_rule_of_each_foots_insole():
    nominal = orphe.layout("right")
    kpa = dataclasses.replace(orphe.layout("left"), calibrated=True)
    data = SimpleNamespace(steps={"left": _steps("no_contact"), "right": _steps("no_contact", "no_contact", "cut")},
                           layouts={"left": kpa, "right": nominal})
    said = left_out_line(data)
    assert said == ("Left out, found but not measured: 1 step cut by the start or the end of the foot's data, or by "
                    "a gap longer than 0.1 s just before or after it; 1 step with no sensor loaded 20 kPa above its "
                    "unloaded level; 2 steps on an uncalibrated insole with no sensor loaded above its unloaded "
                    "level (its contact level is 8 % of the step's own peak)."), said
    # had: "3 steps with no sensor loaded 20 kPa above its unloaded level"


def test_the_cop_caption_says_the_strike_index_sensor_floor_of_each_insole():
    nominal, kpa = orphe.layout("right"), dataclasses.replace(orphe.layout("left"), calibrated=True)
    assert sensor_floor_words({"left": kpa, "right": kpa}) == "10 kPa"
    assert sensor_floor_words({"left": nominal}) == "4 % of the step's peak"
    assert sensor_floor_words({"left": kpa, "right": nominal}) == "10 kPa (4 % of the step's peak on the " \
                                                                  "uncalibrated right insole)"
