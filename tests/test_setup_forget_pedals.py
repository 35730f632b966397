"""``--pedals none`` declares no pedals, as ``--shoes ""`` declares no shoes: on ``record`` and ``live`` the
session keeps none and the remembered pedals (of its kind) are forgotten, the shoes kept, so the next session
no longer takes them; on ``analyze`` and ``report`` the advice is for pedals not declared, over the session's
own. Pedals not declared may carry a cleat, so the advice says the cleat again where ``flat`` had said none
(monitor.analysis.tips.CLEATED). Had: ``--pedals`` took clipless, toe-clips or flat only, and nothing but
deleting the remembered file forgot remembered pedals. Each command's ``--pedals`` help says what none does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import monitor
from monitor.cli.inputs import analysis_setup, recording_setup
from monitor.cli.main import build_parser, main
from monitor.errors import UsageError
from monitor.session.rider_setup import remember_setup, remembered_setup

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-cleat-forward"


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def _sub(command: str):
    parser = build_parser()
    return dict(parser._subparsers._group_actions[0].choices.items())[command]


@pytest.mark.parametrize("command", [["record"], ["live"], ["analyze", "S"], ["report", "S"]])
def test_every_setup_command_takes_pedals_none_and_its_help_says_what_it_does(command):
    for word in ("none", "None"):
        assert build_parser().parse_args([*command, "--pedals", word]).pedals == "none"
    [pedals] = [a for a in _sub(command[0])._actions if "--pedals" in a.option_strings]
    said = " ".join(pedals.help.split())
    assert "none declares none" in said, said


def test_pedals_none_on_a_recording_forget_the_remembered_pedals_and_keep_the_shoes(config, tmp_path, capsys):
    recording_setup("flat", "road shoes, 43", None).kept(pytest.fail)
    recording_setup(None, "trainers", None, "running").kept(pytest.fail)
    out = tmp_path / "sessions"
    assert main(["record", "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
                 "--out", str(out), "--pedals", "none"]) == 0, capsys.readouterr().err
    assert remembered_setup(None) == {"pedals": None, "shoes": "road shoes, 43"}, remembered_setup(None)
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trainers"}  # the other kind's stays
    [session] = out.iterdir()
    kept = json.loads((session / "setup.json").read_text())
    assert kept == {"pedals": None, "shoes": "road shoes, 43", "remembered": ["shoes"]}, kept
    # the next session takes the shoes remembered, and no pedals
    later = recording_setup(None, None, None)
    assert later.setup == {"pedals": None, "shoes": "road shoes, 43", "remembered": ["shoes"]}, later.setup
    assert later.remembered_line().startswith('setup from earlier sessions: shoes "road shoes, 43" ('), \
        later.remembered_line()  # no pedals "flat" before the shoes


def test_pedals_none_for_a_rider_forget_that_rider_s_pedals_only(config):
    recording_setup("toe-clips", None, "ana").kept(pytest.fail)
    recording_setup("clipless", None, "ben").kept(pytest.fail)
    setup = recording_setup("none", None, "ana")
    assert setup.declared and setup.setup == {"pedals": None, "shoes": None}, setup.setup
    assert setup.kept(pytest.fail) is None  # nothing declared: no setup.json
    assert remembered_setup("ana")["pedals"] is None
    assert remembered_setup("ben")["pedals"] == "clipless"
    assert recording_setup(None, None, "ana").remembered_line() is None  # nothing remembered to say


def test_pedals_none_on_an_analysis_advise_for_pedals_not_declared_over_the_session_s_own(tmp_path):
    session = tmp_path / "s"
    session.mkdir()
    (session / "setup.json").write_text(json.dumps({"pedals": "flat", "shoes": "trainers"}))
    assert analysis_setup(None, None, None, session).to_dict() == {"pedals": "flat", "shoes": "trainers"}
    assert analysis_setup("none", None, None, session).to_dict() == {"pedals": None, "shoes": "trainers"}


def test_remember_setup_and_monitor_analyze_take_none_as_the_command_line_does(config, tmp_path):
    remember_setup(None, {"pedals": "flat", "shoes": None})
    path = remember_setup(None, {"pedals": "none", "shoes": None})
    assert json.loads(path.read_text())["pedals"] is None  # never "none", which a reading refuses
    assert remembered_setup(None)["pedals"] is None
    with pytest.raises(UsageError, match="one of clipless, toe-clips, flat, none"):
        monitor.analyze(tmp_path / "nowhere", pedals="nothing")


def test_the_advice_follows_pedals_none_with_the_cleat_flat_pedals_had_left_out(tmp_path, capsys):
    session = tmp_path / "cleat-forward"
    shutil.copytree(SAMPLE, session)
    (session / "setup.json").write_text(json.dumps({"pedals": "flat"}))
    assert main(["analyze", str(session)]) == 0
    flat = capsys.readouterr().out
    assert "setup: flat pedals" in flat and "cleat back" not in flat, flat
    assert main(["analyze", str(session), "--pedals", "none"]) == 0
    none = capsys.readouterr().out
    assert "flat pedals" not in none and "setup:" not in none, none
    assert "Move both cleats 2-10 mm rearward" in none, none  # the advice of pedals not declared
    result = monitor.analyze(session, pedals="none")
    assert result.setup.pedals is None
    assert any("cleat" in t.text for t in result.advice().tips)
    html = tmp_path / "report.html"
    assert main(["report", str(session), "--pedals", "none", "-o", str(html)]) == 0, capsys.readouterr().err
    page = html.read_text()
    assert "Declared setup" not in page and "Move both cleats" in page
