"""``--shoes ""`` declares no shoes: on ``record`` and ``live`` the session keeps none and the remembered shoes
(of its kind: the rides', or those on foot) are forgotten, the pedals kept; on ``analyze`` and ``report`` the
advice is for no shoes, over the session's own. Had: ``--shoes ""`` took the remembered shoes as if it were not
given, yet the start line did not say they came from earlier sessions, and nothing could forget them but
editing the file. Each command's ``--shoes`` help says the bound (LONGEST_SHOES_CHARS) and what "" does."""

from __future__ import annotations

import json

import pytest

from monitor.cli.inputs import analysis_setup, recording_setup
from monitor.cli.main import build_parser, main
from monitor.session.rider_setup import remembered_setup
from monitor.session.setup_checks import LONGEST_SHOES_CHARS


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def test_empty_shoes_on_a_recording_forget_the_remembered_shoes_and_keep_the_pedals(config, tmp_path, capsys):
    recording_setup("toe-clips", "road shoes, 43", None).kept(pytest.fail)
    recording_setup(None, "trainers", None, "running").kept(pytest.fail)
    out = tmp_path / "sessions"
    assert main(["record", "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
                 "--out", str(out), "--shoes", ""]) == 0, capsys.readouterr().err
    assert remembered_setup(None) == {"pedals": "toe-clips", "shoes": None}, remembered_setup(None)
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trainers"}  # the other kind's stays
    [session] = out.iterdir()
    kept = json.loads((session / "setup.json").read_text())
    assert kept.get("shoes") is None and kept["pedals"] == "toe-clips" and kept["remembered"] == ["pedals"], kept
    # on foot: the shoes of sessions on foot are the ones forgotten
    recording_setup(None, "", None, "running").kept(pytest.fail)
    assert remembered_setup(None, on_foot=True)["shoes"] is None
    assert remembered_setup(None) == {"pedals": "toe-clips", "shoes": None}


def test_empty_shoes_on_an_analysis_advise_for_no_shoes_over_the_session_s_own(tmp_path):
    session = tmp_path / "s"
    session.mkdir()
    (session / "setup.json").write_text(json.dumps({"pedals": "flat", "shoes": "trainers"}))
    assert analysis_setup(None, None, None, session).to_dict() == {"pedals": "flat", "shoes": "trainers"}
    assert analysis_setup(None, "", None, session).to_dict() == {"pedals": "flat", "shoes": None}


@pytest.mark.parametrize("command", [["record"], ["live"], ["analyze", "S"], ["report", "S"]])
def test_the_shoes_help_says_the_bound_and_what_empty_shoes_do(command):
    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == command[0])[1]
    [shoes] = [a for a in sub._actions if "--shoes" in a.option_strings]
    said = " ".join(shoes.help.split())
    assert f"at most {LONGEST_SHOES_CHARS} characters" in said, said
    assert '"" declares none' in said, said
