"""The rider's declared setup (--pedals, --shoes): remembered per rider, kept with a session, read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.analysis.advice import Setup
from monitor.cli.inputs import analysis_setup, recording_setup
from monitor.cli.main import build_parser
from monitor.errors import UsageError
from monitor.session.rider_setup import remembered_setup, rider_setup_path, session_setup

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def _recorded_with(pedals, shoes, rider):
    """The setup a recording that started keeps (remembering what was declared)."""
    return recording_setup(pedals, shoes, rider).kept(pytest.fail)


def test_a_declared_setup_is_remembered_and_given_back(config):
    assert _recorded_with(None, None, None) is None  # nothing declared, ever
    assert _recorded_with("toe-clips", "road shoes, 43", "ana") == {"pedals": "toe-clips",
                                                                  "shoes": "road shoes, 43"}
    assert rider_setup_path("ana") == config / "riders" / "ana.setup.json"
    assert remembered_setup("ana") == {"pedals": "toe-clips", "shoes": "road shoes, 43"}
    # the next ride without the options: the same setup; a new pair of shoes keeps the pedals (the session
    # names what it took from earlier sessions)
    assert _recorded_with(None, None, "ana") == {"pedals": "toe-clips", "shoes": "road shoes, 43",
                                                 "remembered": ["pedals", "shoes"]}
    assert _recorded_with(None, "wide road shoes, 44", "ana") == {"pedals": "toe-clips",
                                                                "shoes": "wide road shoes, 44",
                                                                "remembered": ["pedals"]}
    assert remembered_setup(None) == {"pedals": None, "shoes": None}  # another rider's is apart
    _recorded_with("clipless", None, None)
    assert json.loads((config / "setup.json").read_text())["pedals"] == "clipless"


def test_a_declared_setup_is_remembered_only_once_the_session_starts(config):
    setup = recording_setup("flat", "trainers", "ana")
    assert setup.setup == {"pedals": "flat", "shoes": "trainers"} and not config.exists()  # nothing written
    assert setup.kept(pytest.fail) == {"pedals": "flat", "shoes": "trainers"}
    assert remembered_setup("ana") == {"pedals": "flat", "shoes": "trainers"}


def test_a_setup_that_cannot_be_remembered_once_connected_is_a_warning_and_the_session_keeps_it(config):
    setup = recording_setup("clipless", None, "bo")
    config.mkdir()
    (config / "riders").write_text("")  # the folder it goes in became a file while connecting
    said = []
    assert setup.kept(said.append) == {"pedals": "clipless", "shoes": None}
    assert len(said) == 1 and said[0].startswith("warning: cannot remember the setup: "), said


def test_an_empty_shoes_declared_is_remembered_as_a_setup_and_the_next_recording_starts(config, tmp_path, capsys):
    """had: `record --shoes ""` (no setup ever declared) remembered ``null`` as the setup, and every later
    `record` or `live` stopped with "setup.json: expected a JSON object with pedals and shoes", exit 2."""
    from monitor.cli.main import main

    base = ["record", "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
            "--out", str(tmp_path / "sessions")]
    assert main([*base, "--shoes", ""]) == 0, capsys.readouterr().err
    assert remembered_setup(None) == {"pedals": None, "shoes": None}  # a setup that says nothing
    assert main(base) == 0, capsys.readouterr().err
    assert len(list((tmp_path / "sessions").iterdir())) == 2
    assert not any((d / "setup.json").exists() for d in (tmp_path / "sessions").iterdir())  # it says nothing


def test_a_session_that_takes_a_remembered_setup_says_so(config, tmp_path, capsys):
    """had: a recording without --pedals took the toe clips remembered from an earlier one, and the advice
    changed with it, without a word of it on the terminal."""
    from monitor.cli.main import main

    base = ["record", "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
            "--out", str(tmp_path / "sessions")]
    assert main([*base, "--pedals", "toe-clips"]) == 0
    assert "from earlier sessions" not in capsys.readouterr().err  # declared now: nothing to remind
    assert main(base) == 0
    said = [ln for ln in capsys.readouterr().err.splitlines() if "from earlier sessions" in ln]
    assert said == ['setup from earlier sessions: pedals "toe-clips" (--pedals and --shoes change it)'], said
    assert recording_setup(None, None, "ana").remembered_line() is None  # another rider: nothing remembered
    recording_setup(None, "road shoes, 43", "ana").kept(pytest.fail)
    assert recording_setup(None, None, "ana").remembered_line() == (
        'rider ana\'s setup from earlier sessions: shoes "road shoes, 43" (--pedals and --shoes change it)')


def test_remembered_pedals_with_no_activity_declared_are_said_to_be_a_bike_s(config):
    """had: with no activity declared the start line said "setup from earlier sessions: pedals "clipless"
    (--pedals and --shoes change it)", though a session found on foot leaves a bike's pedals and shoes out
    (Setup.on), in analyze and the report; a declared ride's line says nothing more, nor one of shoes alone."""
    recording_setup("clipless", "road shoes, 43", None).kept(pytest.fail)
    note = "(a bike's: left off if the session is found on foot; --pedals and --shoes change it)"
    for activity in (None, "unknown"):
        line = recording_setup(None, None, None, activity).remembered_line()
        assert line == f'setup from earlier sessions: pedals "clipless", shoes "road shoes, 43" {note}', line
    ride = recording_setup(None, None, None, "cycling").remembered_line()
    assert ride == 'setup from earlier sessions: pedals "clipless", shoes "road shoes, 43" (--pedals and --shoes ' \
        'change it)', ride
    assert recording_setup(None, None, None, "running").remembered_line() is None  # a run's: none remembered
    recording_setup(None, "road shoes, 43", "ana").kept(pytest.fail)  # shoes alone: Setup.on keeps them on foot
    assert recording_setup(None, None, "ana").remembered_line() == (
        'rider ana\'s setup from earlier sessions: shoes "road shoes, 43" (--pedals and --shoes change it)')


@pytest.mark.parametrize("argv", [
    ["live", "--radio", "{radio}", "--scan", "--rider", "ana", "--pedals", "toe-clips", "--no-sound"],
    ["record", "--radio", "{radio}", "--pedals", "toe-clips", "--duration", "5s"],
], ids=["live-scan-rider", "record"])
def test_a_session_that_never_connected_remembers_no_setup(config, tmp_path, capsys, argv):
    """had: `live --scan --rider ana --pedals toe-clips` wrote riders/ana.setup.json before connecting, so a
    scan that found nothing, or a radio that could not be reached, changed the rider's setup anyway."""
    import socket

    from monitor.cli.main import main

    with socket.socket() as closed:  # bound, not listening: a connection to it is refused
        closed.bind(("127.0.0.1", 0))
        radio = f"tcp-client:127.0.0.1:{closed.getsockname()[1]}"
        code = main([a.replace("{radio}", radio) for a in argv] + ["--out", str(tmp_path / "sessions")])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach the simulated radio" in err, err
    assert not rider_setup_path("ana").exists() and not rider_setup_path(None).exists()
    assert not config.exists()  # nothing made for it either


def test_an_analysis_takes_the_options_over_the_sessions_own_over_the_riders(config, tmp_path):
    session = tmp_path / "session"
    session.mkdir()
    _recorded_with("flat", "trainers", "ana")
    assert analysis_setup(None, None, None, session) == Setup()
    assert analysis_setup(None, None, "ana", session) == Setup("flat", "trainers", ("pedals", "shoes"))
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


def own_pedal_lists(root: Path) -> list[str]:
    """Where a module under ``root``/monitor other than monitor/signal/pedals.py writes the kinds of pedals
    out again: a tuple, list or set, or a dict's keys, holding two or more of them."""
    import ast

    from monitor.signal.pedals import PEDALS

    found = []
    for path in sorted((root / "monitor").glob("**/*.py")):
        if path.relative_to(root).as_posix() == "monitor/signal/pedals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None) \
                if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else None
            words = {k.value for k in items or () if isinstance(k, ast.Constant)}
            if len(words & set(PEDALS)) >= 2:
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_the_pedals_are_listed_in_one_place():
    """had: ("clipless", "toe-clips", "flat") written in monitor/session/riders.py, monitor/cli/main.py and
    monitor/analysis/suggestions.py, and their words in monitor/analysis/setup.py: a kind added to one
    would be refused by another. Each takes them from monitor.signal.pedals, the command line with the word
    that declares none (``--pedals none``) after them."""
    from monitor.analysis import setup, suggestions
    from monitor.cli import main
    from monitor.session import rider_setup
    from monitor.signal.pedals import NO_PEDALS, PEDAL_CHOICES, PEDAL_WORDS, PEDALS

    assert not own_pedal_lists(Path(__file__).resolve().parents[1])
    assert rider_setup.PEDALS is setup.PEDALS is PEDALS == tuple(PEDAL_WORDS)
    assert main.PEDAL_CHOICES is PEDAL_CHOICES == (*PEDALS, NO_PEDALS) and NO_PEDALS not in PEDAL_WORDS
    assert not hasattr(suggestions, "PEDALS")
    parser = build_parser()
    choices = {a.dest: a.choices for a in parser._subparsers._group_actions[0].choices["analyze"]._actions}
    assert tuple(choices["pedals"]) == PEDAL_CHOICES


def test_pedals_none_becomes_none_in_one_place():
    """had: "pedals NO_PEDALS -> None" written in both monitor/analysis/setup.py (given_setup) and
    monitor/session/rider_setup.py (remember_setup): each now takes monitor.signal.pedals.kept_pedals, and no
    other module compares a value with NO_PEDALS."""
    import ast

    from monitor.signal.pedals import NO_PEDALS, PEDALS, kept_pedals

    assert kept_pedals(NO_PEDALS) is None and kept_pedals(None) is None
    assert [kept_pedals(p) for p in PEDALS] == list(PEDALS)
    root = Path(__file__).resolve().parents[1]
    compared = []
    for path in sorted((root / "monitor").glob("**/*.py")):
        if path.relative_to(root).as_posix() == "monitor/signal/pedals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(isinstance(n, ast.Name) and n.id == "NO_PEDALS"
                                                     for n in (node.left, *node.comparators)):
                compared.append(f"{path.relative_to(root)}:{node.lineno}")
    assert compared == []


def test_a_pedal_list_of_its_own_is_found(tmp_path):
    (tmp_path / "monitor" / "cli").mkdir(parents=True)
    (tmp_path / "monitor" / "cli" / "x.py").write_text('P = ("flat", "clipless")\nW = {"toe-clips": 1, "flat": 2}\n')
    assert own_pedal_lists(tmp_path) == ["monitor/cli/x.py:1", "monitor/cli/x.py:2"]


def test_a_session_that_started_remembers_its_setup_and_keeps_it(config, tmp_path, monkeypatch):
    import asyncio

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    assert main(["record", "--sim", "healthy-ride", "--speed", "20", "--duration", "5s", "--plain",
                 "--pedals", "toe-clips", "--out", str(tmp_path / "sessions")]) == 0
    assert remembered_setup(None) == {"pedals": "toe-clips", "shoes": None}
    (session,) = (tmp_path / "sessions").iterdir()
    assert session_setup(session) == {"pedals": "toe-clips", "shoes": None}


# ------------------------------------------------------------------ a bike's setup stays off a run


def _analyze_text(session, capsys):
    from monitor.cli.main import main

    assert main(["analyze", str(session)]) == 0
    return capsys.readouterr().out


def test_a_bike_setup_remembered_is_not_carried_onto_a_run(config, tmp_path, capsys):
    """had: `record --sim healthy-ride --pedals toe-clips --shoes "road shoes"`, then `record --sim
    tight-running-shoes`: the run kept {"pedals": "toe-clips", "shoes": "road shoes"} and analyze said
    "setup: toe clips and straps; shoes: road shoes" under a running verdict."""
    from monitor.cli.main import main

    out = tmp_path / "sessions"
    base = ["--speed", "50", "--plain", "--out", str(out)]
    assert main(["record", "--sim", "healthy-ride", "--duration", "2s", *base, "--pedals", "toe-clips",
                 "--shoes", "road shoes"]) == 0
    capsys.readouterr()
    assert main(["record", "--sim", "tight-running-shoes", "--duration", "2s", *base]) == 0
    assert "from earlier sessions" not in capsys.readouterr().err
    (run,) = [d for d in out.iterdir() if "running" in d.name]
    assert session_setup(run) is None
    assert "setup:" not in _analyze_text(run, capsys)
    assert remembered_setup(None) == {"pedals": "toe-clips", "shoes": "road shoes"}  # the bike's stays


def test_shoes_declared_on_foot_are_remembered_for_runs_apart_from_the_bike(config):
    recording_setup("toe-clips", "road shoes", None, "cycling").kept(pytest.fail)
    assert recording_setup(None, "trail shoes", None, "running").kept(pytest.fail) == {
        "pedals": None, "shoes": "trail shoes"}
    assert remembered_setup(None) == {"pedals": "toe-clips", "shoes": "road shoes"}  # the ride's as it was
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trail shoes"}
    assert recording_setup(None, None, None, "walking").setup == {"pedals": None, "shoes": "trail shoes",
                                                                  "remembered": ["shoes"]}
    assert recording_setup(None, None, None, "cycling").setup["pedals"] == "toe-clips"


def test_a_remembered_bike_setup_is_dropped_where_the_session_proves_on_foot():
    taken = Setup("toe-clips", "road shoes", ("pedals", "shoes"))
    assert taken.on(["running", "running"]) == Setup()
    assert Setup("toe-clips", "trail shoes", ("pedals",)).on(["walking"]) == Setup(None, "trail shoes")
    assert taken.on(["cycling", "cycling"]) == taken and taken.on([None, "unknown"]) == taken
    assert Setup("toe-clips", "road shoes").on(["running"]) == Setup("toe-clips", "road shoes")  # declared


def test_an_old_sessions_setup_and_an_old_remembered_file_still_read(config, tmp_path):
    (tmp_path / "setup.json").write_text(json.dumps({"pedals": "flat", "shoes": "x"}))
    assert session_setup(tmp_path) == {"pedals": "flat", "shoes": "x"}
    config.mkdir()
    (config / "setup.json").write_text(json.dumps({"pedals": "clipless", "shoes": None}))
    assert recording_setup(None, None, None).setup == {"pedals": "clipless", "shoes": None,
                                                       "remembered": ["pedals"]}
    (tmp_path / "setup.json").write_text(json.dumps({"pedals": "flat", "remembered": ["pedal"]}))
    with pytest.raises(UsageError, match="remembered must be a list of pedals and shoes"):
        session_setup(tmp_path)


def test_a_session_whose_activity_is_not_declared_takes_and_keeps_the_rides_setup(config, tmp_path, capsys):
    """had: `record --radio ...` without --activity (the insoles' activity known only if declared) took the
    shoes remembered from a run ("setup from earlier sessions: shoes "trail shoes, 42"", "pedals": null), and
    its --shoes were remembered as the shoes of the sessions on foot."""
    import re

    from test_processes import _sim_over_tcp

    from monitor.cli.main import main

    out = tmp_path / "sessions"
    base = ["--speed", "50", "--duration", "2s", "--plain", "--out", str(out)]
    assert main(["record", "--sim", "healthy-run", "--activity", "running", "--shoes", "trail shoes, 42",
                 *base]) == 0
    assert main(["record", "--sim", "healthy-ride", "--pedals", "toe-clips", "--shoes", "road shoes, 43",
                 *base]) == 0
    capsys.readouterr()
    with _sim_over_tcp("healthy-ride", []) as line:
        radio = re.search(r"--radio (tcp-client:127\.0\.0\.1:\d+)", line)
        assert radio, line
        over_radio = ["record", "--radio", radio.group(1), "--speed", "20", "--duration", "2s", "--plain"]
        assert main([*over_radio, "--out", str(tmp_path / "first")]) == 0
        said = [ln for ln in capsys.readouterr().err.splitlines() if "from earlier sessions" in ln]
        assert said == ['setup from earlier sessions: pedals "toe-clips", shoes "road shoes, 43" (a bike\'s: left '
                        'off if the session is found on foot; --pedals and --shoes change it)'], said
        (first,) = (tmp_path / "first").iterdir()
        assert session_setup(first) == {"pedals": "toe-clips", "shoes": "road shoes, 43",
                                        "remembered": ["pedals", "shoes"]}
        assert main([*over_radio, "--shoes", "gravel shoes, 44", "--out", str(tmp_path / "second")]) == 0
    assert remembered_setup(None) == {"pedals": "toe-clips", "shoes": "gravel shoes, 44"}
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trail shoes, 42"}  # the run's stays
    # live takes its setup the same way, of the session's activity ("unknown": not declared)
    assert recording_setup(None, None, None, "unknown").setup["shoes"] == "gravel shoes, 44"


def test_pedals_declared_for_a_session_on_foot_are_said_not_to_apply():
    """had: `analyze RUN --pedals toe-clips` printed "setup: toe clips and straps" above running advice that
    ignores them; the line says they do not apply, in analyze and in the report, and a ride's stays."""
    from monitor.analysis.batch import analyze
    from monitor.report.text import analysis_text
    from monitor.report.verdict_data import verdict
    from monitor.session.offline import offline_session

    said = "setup: toe clips and straps (not applied: a session on foot); shoes: trail shoes"
    run = analyze(offline_session("healthy-run", duration_s=20.0, seed=1, rate_hz=50),
                  setup=Setup("toe-clips", "trail shoes"))
    assert said in analysis_text(run).splitlines()
    assert f"setup: {verdict(run, ['left', 'right']).setup}" == said
    ride = analyze(offline_session("healthy-ride", duration_s=20.0, seed=1, rate_hz=50), setup=Setup("toe-clips"))
    assert "setup: toe clips and straps" in analysis_text(ride).splitlines()


def test_the_readme_names_the_simulations_that_declare_no_activity():
    """README.md says the shoes of a simulation on foot are remembered for sessions on foot "but for" the
    scenarios that declare no activity (Scenario.session_activity "unknown": a session of them takes the rides'
    setup, and `live --sim walk-then-run` says a remembered bike's pedals are "left off if the session is found
    on foot"). Had: "(or a simulation of one)", as if every simulation on foot declared its activity."""
    from firmware_sim.scenarios import SCENARIOS

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    undeclared = [name for name, s in SCENARIOS.items() if s.session_activity == "unknown"]
    assert undeclared == ["walk-then-run"], undeclared
    said = "a `--sim` scenario declares its activity, but for " + ", ".join(f"`{n}`" for n in undeclared)
    assert said in readme
    assert recording_setup(None, None, None, SCENARIOS["walk-then-run"].session_activity).on_foot is False
