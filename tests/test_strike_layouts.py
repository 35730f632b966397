"""A footstrike reads the same on every insole the project knows: the simulated forefoot-strike run and a
rearfoot-striking run, rendered through each layout (the simulated insole's 18 sensors, the population's
moticon16, fsr8, four and pedar99, and the vendors' ORPHE INSOLE, Ukaton Mission and Moticon), give every
step one strike type and one strike index, within a few % of foot length, on all of them.

What this guards against: the strike index was the centre of pressure of the insole's own sensors, where
they sit. ORPHE INSOLE's ball sensors lie at 62-65 % of foot length, all inside the middle third, so its
centre of pressure could never pass the forefoot third's 66.7 %: the simulated forefoot-strike run read a
strike index of 64 % and "midfoot strikes 100 %" (the report's Steps table and figure), while the other
layouts read it at 69-73 %, forefoot (monitor.analysis.strike). And a layout that cannot tell a strike type
(no sensor under the heel) says "not measured" and why, never a type.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_steps import _cell, layout4

import monitor
from firmware_sim.layout import InsoleSpec, SensorSpec
from firmware_sim.model import PressureModel
from firmware_sim.population.layouts import LAYOUTS
from firmware_sim.scenarios import get_scenario
from firmware_sim.vendors import moticon as moticon_fw
from firmware_sim.vendors import orphe as orphe_fw
from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.analysis.steps import foot_steps, steps_summary
from monitor.analysis.strike import NO_HEEL
from monitor.codebook import FrameBlock, SensorLayout
from monitor.link import moticon, orphe, ukaton
from monitor.session.info import SessionInfo, utc_now_iso
from monitor.session.model import Session, frames_table, gaps_table
from monitor.util.version import __version__

RUN_S = 30.0
#: The pressure model's most sensors at once (firmware_sim.model.PressureModel).
MODEL_SENSORS = 64
#: How far the median strike index may differ between layouts (% of foot length; guess, a tenth of a third,
#: as tests/test_steps_layouts.py's INDEX_SPREAD_PCT).
INDEX_SPREAD_PCT = 3.0
VENDORS = {"orphe": (orphe_fw, orphe), "ukaton": (ukaton_fw, ukaton), "moticon": (moticon_fw, moticon)}


def _population(name: str):
    """The population layout ``name`` as (model sensors, monitor layout) of a foot."""
    lay = LAYOUTS[name]

    def make(foot: str) -> tuple[tuple[SensorSpec, ...], SensorLayout]:
        sensors = tuple(SensorSpec(x, y, int(round(a)), r)
                        for x, y, a, r in zip(lay.x, lay.y, lay.area_mm2, lay.regions, strict=True))
        return sensors, SensorLayout(side=foot, x=list(lay.x), y=list(lay.y), area_mm2=list(lay.area_mm2),
                                     regions=list(lay.regions), kpa_per_count=0.25, rates_hz=(100,),
                                     current_rate_hz=100, sample_bits=16, has_imu=False, has_haptic=False)
    return make


def _vendor(name: str):
    fw, link = VENDORS[name]
    return lambda foot: (fw.spec(foot).sensors, link.layout(foot))


MAKERS = {**{name: _population(name) for name in LAYOUTS}, **{name: _vendor(name) for name in VENDORS}}


def scenario_session(scenario: str, make, duration_s: float = RUN_S, seed: int = 1, from_s: float = 0.0) -> Session:
    """``scenario``'s pressure model at the sensors of the layout ``make(foot)`` gives, as an in-memory
    session on a loss-free link (kPa; a layout over the model's 64 sensors made 64 at a time, one rider's
    timing shared by all); the session begins ``from_s`` (s) into the model's time."""
    sc = get_scenario(scenario)
    layouts, blocks = {}, {}
    for foot in sc.feet:
        sensors, layout = make(foot)
        rate_hz = layout.current_rate_hz
        t_s = np.arange(int(duration_s * rate_hz)) / rate_hz
        kpa = np.concatenate([
            PressureModel(sc, foot, seed=seed, spec=InsoleSpec(foot, sensors=sensors[i:i + MODEL_SENSORS]))
            .pressure_kpa(t_s + from_s) for i in range(0, len(sensors), MODEL_SENSORS)], axis=1)
        layouts[foot], blocks[foot] = layout, [FrameBlock(foot, t_s, kpa)]
    info = SessionInfo(session_id=f"strike-{scenario}", start_utc=utc_now_iso(), software_version=__version__,
                       source="sim", layouts=layouts, label=scenario, activity=sc.activity,
                       radio="none (model only)", scenario=scenario, seed=seed,
                       ground_truth=sc.ground_truth(duration_s), duration_s=duration_s)
    return Session(Path(info.session_id), info, frames_table(info, blocks), gaps_table([]))


_measured: dict[str, dict[str, tuple[float, dict]]] = {}
_analysed: dict[tuple[str, str], dict] = {}


def _steps(scenario: str, name: str) -> dict:
    """The steps per foot of ``scenario`` through layout ``name`` (analysed once per test run)."""
    if (scenario, name) not in _analysed:
        _analysed[scenario, name] = monitor.analyze(scenario_session(scenario, MAKERS[name])).steps
    return _analysed[scenario, name]


def _measure(scenario: str, name: str) -> tuple[float, dict]:
    got = _measured.setdefault(scenario, {})
    if name not in got:
        steps = _steps(scenario, name)
        strikes = {foot: dict(zip(*np.unique(s.strike, return_counts=True))) for foot, s in steps.items()}
        got[name] = (float(np.nanmedian(np.concatenate([s.strike_index_pct for s in steps.values()]))),
                     strikes)
    return got[name]


@pytest.mark.parametrize("name", list(MAKERS))
@pytest.mark.parametrize("scenario, strike", [("forefoot-strike-run", "forefoot"), ("healthy-run", "rearfoot")])
def test_every_layout_reads_the_simulated_strike(scenario, strike, name):
    """Every step whose strike is measured reads the simulated one; a step not measured ("", a stance the data
    cut: `four`'s left foot's first, begun at the data's first samples) reads none, and says why."""
    index_pct, strikes = _measure(scenario, name)
    for foot, counts in strikes.items():
        measured = {k: n for k, n in counts.items() if k != ""}
        assert set(measured) == {strike} and counts.get("", 0) <= 1, (name, foot, counts, index_pct)
    for foot, steps in _steps(scenario, name).items():
        assert (steps.not_measured[steps.strike == ""] != "").all(), (name, foot)


@pytest.mark.parametrize("scenario", ["forefoot-strike-run", "healthy-run"])
def test_the_strike_index_agrees_between_layouts(scenario):
    indices = {name: _measure(scenario, name)[0] for name in MAKERS}
    assert max(indices.values()) - min(indices.values()) <= INDEX_SPREAD_PCT, indices


def test_the_orphe_forefoot_run_reads_forefoot_in_its_report_and_json(tmp_path):
    """The reviewer's path: the simulated ORPHE INSOLE's own notifications, decoded as a recording is."""
    from vendor_rides import record_ride

    from monitor.report.data import report_data
    from monitor.report.html import render_html

    session = monitor.load_session(record_ride("orphe", "forefoot-strike-run", tmp_path, seed=1, duration_s=40.0))
    result = monitor.analyze(session)
    for foot, g in result.to_json_dict()["gait"]["feet"].items():
        assert g["strike_pct"] == {"rearfoot": 0.0, "midfoot": 0.0, "forefoot": 100.0}, (foot, g)
        assert g["strike_index_pct"] > 66.7 and g["strike_not_measured"] is None, (foot, g)
    html = render_html(report_data(session, result), {})
    shown = {kind: [float(c.split()[0]) for c in _cell(html, f"{kind} strikes")] for kind in ("midfoot", "forefoot")}
    assert shown == {"midfoot": [0.0, 0.0], "forefoot": [100.0, 100.0]}, shown


@pytest.mark.parametrize("from_s", [0.05, 0.15])
def test_an_orphe_walk_that_begins_in_midstance_has_no_forefoot_step(from_s):
    """ORPHE INSOLE has no sensor under the midfoot: its total load dips to the swing level for 60-90 ms in
    midstance, between the heel's load and the forefoot's. The simulated healthy walk (rearfoot strikes) whose
    data begin in the left foot's heel load took that dip for the swing before a first contact, and the
    forefoot half of the stance for a step: 37 left steps, one of them forefoot ("forefoot 2.7 %"). The stance
    the data begin in goes on across its dip, no step: 36 steps a foot, every one rearfoot or not measured."""
    result = monitor.analyze(scenario_session("healthy-walk", MAKERS["orphe"], 40.0, seed=2, from_s=from_s))
    for foot, g in result.to_json_dict()["gait"]["feet"].items():
        assert g["strike_pct"]["forefoot"] == 0.0 and g["steps"] == 36, (foot, g)
    for foot, steps in result.steps.items():
        assert set(steps.strike) <= {"rearfoot", ""} and len(steps.strike) == 36, (foot, list(steps.strike))


def test_a_layout_without_a_heel_sensor_says_its_strike_is_not_measured_and_why():
    from test_steps import _synthetic_steps

    from monitor.report.plots.steps import strike_unsaid

    t, p, contacts = _synthetic_steps()
    full = layout4("left")
    no_heel = SensorLayout(side="left", x=list(full.x), y=list(full.y), area_mm2=list(full.area_mm2),
                           regions=["midfoot_lateral", *full.regions[1:]], kpa_per_count=full.kpa_per_count,
                           rates_hz=full.rates_hz, current_rate_hz=full.current_rate_hz,
                           sample_bits=full.sample_bits, has_imu=False, has_haptic=False)
    s = foot_steps("left", t, p, no_heel, contacts)
    assert np.isnan(s.strike_index_pct).all() and list(s.strike) == [""] * 3
    assert s.strike_unmeasured == NO_HEEL and "no sensor under the heel" in s.strike_unmeasured_why
    g = steps_summary({"left": s})["feet"]["left"]
    assert (g["strike_unmeasured"], g["strike_unmeasured_why"]) == (NO_HEEL, s.strike_unmeasured_why)
    assert strike_unsaid(g) == "not measured: no sensor under the heel"
    assert foot_steps("left", t, p, full, contacts).strike_unmeasured_why == ""


#: The reviewer's six-sensor insole with nothing under the heel: midfoot, three metatarsal heads, the toes.
NO_HEEL_X, NO_HEEL_Y = (0.22, -0.25, -0.02, 0.24, -0.22, 0.12), (0.4, 0.7, 0.73, 0.66, 0.9, 0.87)
NO_HEEL_REGIONS = ("midfoot_lateral", "mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes")


def _no_heel(foot: str) -> tuple[tuple[SensorSpec, ...], SensorLayout]:
    x = [-v for v in NO_HEEL_X] if foot == "left" else list(NO_HEEL_X)
    sensors = tuple(SensorSpec(a, b, 150, r) for a, b, r in zip(x, NO_HEEL_Y, NO_HEEL_REGIONS, strict=True))
    return sensors, SensorLayout(side=foot, x=x, y=list(NO_HEEL_Y), area_mm2=[150.0] * 6,
                                 regions=list(NO_HEEL_REGIONS), kpa_per_count=0.25, rates_hz=(100,),
                                 current_rate_hz=100, sample_bits=16, has_imu=False, has_haptic=False)


def test_the_footstrike_panel_and_its_caption_say_a_strike_not_measured():
    """The figure's footstrike panel drew a foot whose strike is not measured as bars of 0 width, with no
    word: an empty panel, under a caption that said the footstrike reads "the same on every insole". Each
    foot's row says "not measured" and what its insole lacks, and the caption says that insole cannot."""
    from monitor.report.data import report_data
    from monitor.report.html import render_html
    from monitor.report.plots.steps import plot_steps

    session = scenario_session("healthy-run", _no_heel)
    result = monitor.analyze(session)
    data = report_data(session, result)
    ax = plot_steps(data.steps, data.gait, data.timelines).axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["not measured: no sensor under the heel"] * 2
    assert not ax.patches and ax.get_legend() is None  # no bar of 0 width, no legend of bars not drawn
    html = render_html(data, {"steps": b"png"})  # the figure's image itself is not read here
    caption = html[html.index('<figure id="steps">'):]
    caption = caption[:caption.index("</figure>")]
    assert 'Neither insole can: each row says &quot;not measured&quot; and what the insole lacks.' in caption
    assert "the same on every insole that can tell it" in caption


def test_a_measured_strike_keeps_its_bars_and_its_caption_says_nothing_unmeasured():
    from monitor.report.plots.steps import plot_steps
    from monitor.report.steps_section import strike_caption

    session = scenario_session("healthy-run", MAKERS["fsr8"])
    result = monitor.analyze(session)
    gait = result.gait()
    ax = plot_steps(result.steps, gait, {}).axes[0]
    assert len(ax.patches) == 6 and not [t for t in ax.texts if "not" in t.get_text()]
    assert "cannot" not in strike_caption(gait)
    one = {"feet": {**gait["feet"], "right": {**gait["feet"]["right"], "strike_unmeasured_why": "x"}}}
    assert strike_caption(one).endswith('The right insole cannot: its row says "not measured" and what the '
                                        "insole lacks.")
