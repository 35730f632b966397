"""A simulated scenario that declares the rider's pedals records them as the session's setup, as a real
rider's ``--pedals`` does: ``record --sim toe-clips`` wrote no setup.json, and ``analyze`` then gave the
tight-shoe advice, not domain.md's toe-clip row ("worse with toe clips or straps" [16][19]), which came only
with ``--pedals toe-clips``."""

from __future__ import annotations

import json
import os
import subprocess

from test_setup_everywhere import ON_VIRTUAL_CLOCK, REMEMBERED, ROOT

from firmware_sim.scenarios import SCENARIOS
from monitor.cli.inputs import scenario_setup
from monitor.signal.pedals import PEDALS

TOE_CLIPS = SCENARIOS["toe-clips"]


def test_the_toe_clip_scenario_declares_its_pedals():
    assert TOE_CLIPS.pedals == "toe-clips"
    assert all(s.pedals in (None, *PEDALS) for s in SCENARIOS.values())


def test_the_scenario_s_pedals_over_the_remembered_under_those_given_now():
    remembered = {**REMEMBERED, "remembered": ["pedals", "shoes"]}
    assert scenario_setup(None, TOE_CLIPS, (None, None)) == {"pedals": "toe-clips", "shoes": None}
    assert scenario_setup(remembered, TOE_CLIPS, (None, None)) == \
        {"pedals": "toe-clips", "shoes": "road shoes, 43", "remembered": ["shoes"]}
    given = {"pedals": "flat", "shoes": None}
    assert scenario_setup(given, TOE_CLIPS, ("flat", None)) == given  # --pedals flat given: the rider's
    assert scenario_setup(None, SCENARIOS["cleat-forward"], (None, None)) is None  # a scenario that says none
    assert scenario_setup(None, None, (None, None)) is None  # real insoles


def test_record_sim_toe_clips_keeps_its_pedals_and_analyze_reads_them(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "setup.json").write_text(json.dumps(REMEMBERED))  # clipless pedals remembered from earlier rides
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(config)}
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "record", "--sim", "toe-clips", "--speed", "40", "--duration", "30s",
                           "--out", str(tmp_path / "sessions"), "--plain"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    (session,) = (tmp_path / "sessions").iterdir()
    setup = session / "setup.json"
    assert setup.is_file(), sorted(p.name for p in session.iterdir())
    assert json.loads(setup.read_text()) == {"pedals": "toe-clips", "shoes": "road shoes, 43",
                                             "remembered": ["shoes"]}
    assert json.loads((config / "setup.json").read_text()) == REMEMBERED  # the simulation's is not the rider's
    said = subprocess.run([*ON_VIRTUAL_CLOCK, "analyze", str(session)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, env=env)
    assert "setup: toe clips and straps; shoes: road shoes, 43" in said.stdout, said.stdout
