"""Every simulated scenario, scenario by scenario: the report's verdict and "what to try" name the right foot or
feet and give the advice of the domain reference's recommendation table (domain.md section 6).

Each scenario is analysed once (module cache) at 50 Hz, just long enough for its warnings (5 minutes of
loaded time, docs/detection.md), the cycling ones against the simulated rider's normal (tests/known_rider.py)
so that the conditions present from the first stroke warn.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import pytest
from known_rider import rider_normal

from firmware_sim.scenarios import SCENARIOS
from monitor.analysis.advice import Setup, advise
from monitor.analysis.batch import analyze
from monitor.report.verdict_data import verdict
from monitor.session.offline import offline_session

#: Session length per scenario (s): past the 300 s warning of a problem present from the start; swelling
#: starts at minute 10 and warns about 27 minutes in (seed 1); healthy sessions need no warning time.
DURATION_S = {"swelling": 1680.0}
PROBLEM_S, HEALTHY_S = 320.0, 60.0
SETUPS = {"toe-clips": Setup("toe-clips", "road shoes")}

#: Per problem scenario: the level the verdict speaks of, and phrases of domain.md section 6's "Suggest"
#: column that "what to try" must hold (each a regular expression, case-insensitive).
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    # Focal MTH2-3 peak: cleat back 2-10 mm (re-set saddle height); met pad just proximal to MTH2-3
    "cleat-forward": ("warned", (r"move both cleats 2-10 mm rearward", r"saddle", r"metatarsal pad")),
    # closure too tight: loosen the strap or dial; a roomier shoe (domain.md gives no length)
    "tight-shoes": ("warned", (r"loosen the forefoot strap or dial of both shoes", r"higher-volume shoe",
                               r"wider toe box")),
    # Forefoot PTI creeping up: swelling; loosen; thinner socks; stand or unweight 15-60 s every 15-30 min,
    # asked as 20-60 s: a relief is counted after relief_min_s = 20 s
    "swelling": ("warned", (r"swell", r"loosen progressively", r"thinner socks",
                            r"unweight both feet for 20-60 s every 15-30 minutes \(a guess; the sources give "
                            r"15-30 s every 15-30 min, or 1-2 min every 20-30 min, for wheelchair users \[38\]; "
                            r"20 s is the shortest relief Solewatch counts\)")),
    # MTH4-5: varus cleat or in-shoe wedge; wider toe box; check cleat rotation
    "lateral-overload": ("warned", (r"varus wedge under both cleats", r"wider or taller toe box",
                                    r"cleat rotation")),
    # High forefoot fraction, little midfoot contact: contoured arch support; rearward or midfoot cleat
    "high-arch-flat-insole": ("sign", (r"contoured insole in both shoes", r"midfoot position for both cleats")),
    # Worse with toe clips or straps: clipless pedals or looser straps; higher-volume shoe
    "toe-clips": ("warned", (r"loosen the straps on both feet", r"clipless pedals", r"higher-volume")),
    # Unilateral: check that side's cleat, wedge or shim; and the right cleat back
    "one-sided": ("warned", (r"move the right cleat 2-10 mm rearward", r"only the right foot: check the "
                             r"position, wedge and shim of the right cleat")),
    # Forefoot-striking runner: forefoot-cushioning insole; step rate +5-10 % only under the optimum of ~170
    # steps/min [12], which this run keeps (tests/test_step_rate_tip.py has one under it)
    "forefoot-strike-run": ("sign", (r"forefoot-cushioning insole in both shoes",)),
    # tight running shoes: the laces, and a roomier shoe
    "tight-running-shoes": ("warned", (r"loosen the laces of both shoes", r"higher-volume shoe")),
    # Elliptical with continuous forefoot load: shift weight toward the heels; take breaks (off the machine, said
    # once: tests/test_advice_off_the_bike.py)
    "elliptical-leaning": ("sign", (r"shift weight toward the heels",
                                    r"step off the machine .* rest for 20-60 s every 15-30 minutes \(a guess; .*\)")),
}
GAIT = ("running", "walking", "elliptical", "stair_climber")
#: Words of a bike that running and the gym machines must not be told.
BIKE_WORDS = r"\b(cleats?|dials?|straps?|reliefs?|saddle|ride|pedal)\b"


def _expected_feet(name: str) -> tuple[str, ...]:
    feet = {f for c in SCENARIOS[name].conditions for f in (("left", "right") if c.foot == "both" else (c.foot,))}
    return tuple(f for f in ("left", "right") if f in feet)


@lru_cache(maxsize=None)
def _analysed(name: str):
    sc = SCENARIOS[name]
    duration = DURATION_S.get(name, PROBLEM_S if sc.conditions else HEALTHY_S)
    session = offline_session(name, duration_s=duration, seed=1, rate_hz=50)
    baseline = rider_normal(1) if sc.activity.startswith("cycling") else None
    result = analyze(session, baseline=baseline, setup=SETUPS.get(name))
    return session, result, verdict(result, session.info.feet)


def _what_to_try(v) -> str:
    return " ".join(t.text for t in v.suggestions)


def test_every_problem_scenario_has_its_expected_advice():
    assert set(EXPECTED) == {n for n, s in SCENARIOS.items() if s.conditions}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_verdict_and_what_to_try_name_the_feet_and_the_advice(name):
    _, result, v = _analysed(name)
    level, phrases = EXPECTED[name]
    feet = _expected_feet(name)
    head = v.headline
    assert head.startswith("Verdict: sustained forefoot load" if level == "warned"
                           else "Verdict: no warning, but an early sign"), head
    if feet == ("left", "right"):
        assert "on both feet" in head, head
        assert all(t.feet == ("left", "right") for t in v.suggestions if t.key != "check_side")
    else:
        (foot,) = feet
        other = ({"left", "right"} - {foot}).pop()
        assert f"on the {foot} foot only" in head and other not in head, head
        assert all(t.feet == feet for t in v.suggestions)
        assert v.suggestions[-1].key == "check_side"
    text = _what_to_try(v)
    for phrase in phrases:
        assert re.search(phrase, text, re.IGNORECASE), (phrase, text)
    if SCENARIOS[name].activity in GAIT:
        assert not re.search(BIKE_WORDS, head + " " + text + " " + " ".join(v.foot_lines), re.IGNORECASE), \
            (head, text, v.foot_lines)
    assert "_" not in head and not re.search(r"focal mth|residual unloaded|\bcop\b", head.lower()), head


def test_swelling_reaches_the_rider_by_name():
    _, _, v = _analysed("swelling")
    assert "swelling" in v.headline and "swell" in _what_to_try(v).lower()
    assert not re.search(r"stops short of the toes", _what_to_try(v))


def test_toe_clips_advice_needs_the_declared_pedals():
    session, result, v = _analysed("toe-clips")
    assert v.setup == "toe clips and straps; shoes: road shoes"
    # the warning's break first (tests/test_warning_break_first.py), then the toe-clip row's fix
    assert [t.key for t in v.suggestions][:2] == ["unweight", "no_toe_clips"]
    warned = [a for a in result.alerts if a.level == "warning"]
    assert {a.foot for a in warned} == {"left", "right"}
    assert all(a.suggestion_keys[:2] == ("unweight", "no_toe_clips") and "toe clips" in a.cause for a in warned)
    # the same alerts from a rider who did not declare toe clips: the tight-shoe advice
    plain = [replace(a, cause=None, suggestion_keys=()) for a in result.alerts]
    undeclared = advise(plain, session.info.feet, result.activities(), Setup())
    # the warned pattern's relief first (tests/test_relief_tip_kept.py), then the tight shoe's fixes
    assert [t.key for t in undeclared.tips] == ["unweight", "loosen_closure", "roomier_shoe"]


@pytest.mark.parametrize("name", sorted(n for n, s in SCENARIOS.items() if not s.conditions))
def test_a_healthy_session_has_nothing_to_try(name):
    _, result, v = _analysed(name)
    # a minute of data is shorter than the 5 minutes of load a warning needs: nothing found, and it says why
    assert v.headline == ("Verdict: nothing found in 1:00 of data, too short to tell: a warning needs 5:00 of "
                          "sustained forefoot load."), v.headline
    assert v.suggestions == []
    if SCENARIOS[name].activity in GAIT:
        assert not re.search(BIKE_WORDS, " ".join(v.foot_lines), re.IGNORECASE), v.foot_lines
