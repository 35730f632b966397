"""The rider's declared setup (--pedals, --shoes): remembered per rider, kept with a session, read back."""

from __future__ import annotations

import json

import pytest

from monitor.analysis.advice import Setup
from monitor.cli.inputs import analysis_setup, recording_setup
from monitor.cli.main import build_parser
from monitor.errors import UsageError
from monitor.session.riders import remembered_setup, rider_setup_path, session_setup


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def test_a_declared_setup_is_remembered_and_given_back(config):
    assert recording_setup(None, None, None) is None  # nothing declared, ever
    assert recording_setup("toe-clips", "road shoes, 43", "ana") == {"pedals": "toe-clips",
                                                                   "shoes": "road shoes, 43"}
    assert rider_setup_path("ana") == config / "riders" / "ana.setup.json"
    assert remembered_setup("ana") == {"pedals": "toe-clips", "shoes": "road shoes, 43"}
    # the next ride without the options: the same setup; a new pair of shoes keeps the pedals
    assert recording_setup(None, None, "ana") == {"pedals": "toe-clips", "shoes": "road shoes, 43"}
    assert recording_setup(None, "wide road shoes, 44", "ana") == {"pedals": "toe-clips",
                                                                 "shoes": "wide road shoes, 44"}
    assert remembered_setup(None) == {"pedals": None, "shoes": None}  # another rider's is apart
    recording_setup("clipless", None, None)
    assert json.loads((config / "setup.json").read_text())["pedals"] == "clipless"


def test_an_analysis_takes_the_options_over_the_sessions_own_over_the_riders(config, tmp_path):
    session = tmp_path / "session"
    session.mkdir()
    recording_setup("flat", "trainers", "ana")
    assert analysis_setup(None, None, None, session) == Setup()
    assert analysis_setup(None, None, "ana", session) == Setup("flat", "trainers")
    (session / "setup.json").write_text(json.dumps({"pedals": "toe-clips", "shoes": None}))
    assert session_setup(session) == {"pedals": "toe-clips", "shoes": None}
    assert analysis_setup(None, None, "ana", session) == Setup("toe-clips", None)
    assert analysis_setup("clipless", None, None, session) == Setup("clipless", None)


def test_a_bad_setup_file_is_one_line_naming_it(config, tmp_path):
    (tmp_path / "setup.json").write_text(json.dumps({"pedals": "spd-sl"}))
    with pytest.raises(UsageError, match="setup.json: pedals 'spd-sl' is not one of clipless, toe-clips, flat"):
        session_setup(tmp_path)


@pytest.mark.parametrize("command", [["record", "--sim", "toe-clips"], ["live", "--sim", "toe-clips"],
                                     ["analyze", "S"], ["report", "S"]])
def test_the_setup_options_are_on_record_live_analyze_and_report(command):
    args = build_parser().parse_args([*command, "--pedals", "Toe-Clips", "--shoes", "road shoes"])
    assert (args.pedals, args.shoes) == ("toe-clips", "road shoes")
    with pytest.raises(SystemExit):
        build_parser().parse_args([*command, "--pedals", "spd"])


def test_the_pedals_are_the_same_words_everywhere():
    from monitor.analysis.suggestions import PEDALS as ADVICE_PEDALS
    from monitor.cli.main import PEDALS as CLI_PEDALS
    from monitor.session.riders import PEDALS as KEPT_PEDALS

    assert ADVICE_PEDALS == CLI_PEDALS == KEPT_PEDALS
