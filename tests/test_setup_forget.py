"""``--pedals none`` declares no pedals, as ``--shoes ""`` declares no shoes: on ``record`` and ``live`` the
session keeps none and the remembered pedals or shoes (of its kind: the rides', or those on foot) are forgotten,
the other kept, so the next session no longer takes them; on ``analyze`` and ``report`` the advice is for none
declared, over the session's own. Pedals not declared may carry a cleat, so the advice says the cleat again
where ``flat`` had said none (monitor.analysis.tips.CLEATED). Had: ``--pedals`` took clipless, toe-clips or flat
only, and nothing but deleting the remembered file forgot remembered pedals; ``--shoes ""`` took the remembered
shoes as if it were not given, yet the start line did not say they came from earlier sessions, and nothing could
forget them but editing the file. Each command's ``--pedals`` help says what none does, its ``--shoes`` help the
bound (LONGEST_SHOES_CHARS) and what "" does."""

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
from monitor.session.setup_checks import LONGEST_SHOES_CHARS

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


@pytest.mark.parametrize("command", [["record"], ["live"], ["analyze", "S"], ["report", "S"]])
def test_the_shoes_help_says_the_bound_and_what_empty_shoes_do(command):
    [shoes] = [a for a in _sub(command[0])._actions if "--shoes" in a.option_strings]
    said = " ".join(shoes.help.split())
    assert f"at most {LONGEST_SHOES_CHARS} characters" in said, said
    assert '"" declares none' in said, said


#: Per option that declares none: the option, the pedals remembered before it, the setup remembered and the
#: session's setup.json after it, the start of the next session's line of what it takes from earlier ones, and
#: the shoes of sessions on foot once the option is given on one (only ``--shoes ""`` forgets those).
FORGET = {
    "pedals none": (["--pedals", "none"], "flat", {"pedals": None, "shoes": "road shoes, 43"},
                    {"pedals": None, "shoes": "road shoes, 43", "remembered": ["shoes"]},
                    'setup from earlier sessions: shoes "road shoes, 43" (', "trainers"),
    "shoes empty": (["--shoes", ""], "toe-clips", {"pedals": "toe-clips", "shoes": None},
                    {"pedals": "toe-clips", "shoes": None, "remembered": ["pedals"]},
                    'setup from earlier sessions: pedals "toe-clips" (', None),
}


@pytest.mark.parametrize(("option", "pedals", "remembered", "kept", "said", "foot_shoes"), FORGET.values(),
                         ids=FORGET.keys())
def test_none_declared_on_a_recording_forgets_that_one_remembered_and_keeps_the_other(
        config, tmp_path, capsys, option, pedals, remembered, kept, said, foot_shoes):
    recording_setup(pedals, "road shoes, 43", None).kept(pytest.fail)
    recording_setup(None, "trainers", None, "running").kept(pytest.fail)
    out = tmp_path / "sessions"
    assert main(["record", "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
                 "--out", str(out), *option]) == 0, capsys.readouterr().err
    assert remembered_setup(None) == remembered, remembered_setup(None)
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trainers"}  # the other kind's stays
    [session] = out.iterdir()
    assert json.loads((session / "setup.json").read_text()) == kept
    # the next session takes what is still remembered, and not the one forgotten
    later = recording_setup(None, None, None)
    assert later.setup == kept, later.setup
    assert later.remembered_line().startswith(said), later.remembered_line()
    # on foot: the shoes of sessions on foot are the ones ``--shoes ""`` forgets; the rides' stay
    pedals_now, shoes_now = {"--pedals": (option[1], None), "--shoes": (None, option[1])}[option[0]]
    recording_setup(pedals_now, shoes_now, None, "running").kept(pytest.fail)
    assert remembered_setup(None, on_foot=True)["shoes"] == foot_shoes
    assert remembered_setup(None) == remembered


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


def test_empty_shoes_on_an_analysis_advise_for_no_shoes_over_the_session_s_own(tmp_path):
    session = tmp_path / "s"
    session.mkdir()
    (session / "setup.json").write_text(json.dumps({"pedals": "flat", "shoes": "trainers"}))
    assert analysis_setup(None, None, None, session).to_dict() == {"pedals": "flat", "shoes": "trainers"}
    assert analysis_setup(None, "", None, session).to_dict() == {"pedals": "flat", "shoes": None}


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
