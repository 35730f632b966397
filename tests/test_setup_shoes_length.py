"""The shoes of a setup are a few words: ``--shoes`` longer than LONGEST_SHOES_CHARS is refused as it is
parsed (one line, exit 2, nothing recorded nor remembered), and so are such shoes given from Python; a
setup.json holding longer shoes (written before they were refused, or by hand) is read with them cut, and a
warning naming the file says so, as shoes holding a control character are read spelt out
(tests/test_plain_text.py): refused, the remembered one would stop every ``record`` and ``live``.

Had: ``record --sim healthy-ride --shoes "<5000 x's>"`` was taken, remembered in the config folder's
setup.json and printed whole on the setup: line of every later start.
"""

from __future__ import annotations

import json
import shutil
import warnings

import pytest
from test_malformed_files import SAMPLES

import monitor
from monitor.cli.main import build_parser, main
from monitor.errors import SessionCaveat, UsageError
from monitor.session.rider_setup import remember_setup, remembered_setup, rider_setup_path, session_setup

LONG = "x" * 5000
#: The bound as the tests spell it (a guess of monitor.session.setup_checks, LONGEST_SHOES_CHARS).
MOST = 100
SAID = "is 5000 characters long, more than the 100 a setup's shoes take (a guess: the shoes in a few words)"


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def _record(tmp_path, *extra: str) -> int:
    return main(["record", "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
                 "--out", str(tmp_path / "sessions"), *extra])


def test_long_shoes_on_the_command_line_are_one_line_and_nothing_is_recorded(config, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:  # argparse's exit, as the command line is parsed
        _record(tmp_path, "--shoes", LONG)
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    [line] = err.strip().splitlines()
    assert "Traceback" not in out + err and LONG not in err
    assert line.startswith(f"solewatch record: error: argument --shoes: '{'x' * 40}...' {SAID}"), line
    assert not (tmp_path / "sessions").exists() and not config.exists()  # nothing recorded nor remembered


@pytest.mark.parametrize("argv", [["analyze", "S"], ["report", "S"], ["live", "--sim", "healthy-ride"]])
def test_every_command_taking_shoes_refuses_them_as_it_parses(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args([*argv, "--shoes", LONG])
    assert stop.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert f"argument --shoes: '{'x' * 40}...' {SAID}" in line, line


def test_shoes_at_the_bound_are_taken():
    args = build_parser().parse_args(["analyze", "S", "--shoes", "y" * MOST])
    assert args.shoes == "y" * MOST


def test_python_refuses_long_shoes_as_the_command_line_does(config, tmp_path):
    s = tmp_path / "S"
    shutil.copytree(SAMPLES / "sim-healthy-ride", s)
    with pytest.raises(UsageError, match="more than the 100 a setup's shoes take"):
        monitor.analyze(s, shoes=LONG)
    remember_setup("ana", {"pedals": "flat", "shoes": "road shoes"})
    before = rider_setup_path("ana").read_text()
    for on_foot in (False, True):
        with pytest.raises(UsageError, match="more than the 100"):
            remember_setup("ana", {"pedals": None, "shoes": LONG}, on_foot=on_foot)
    with pytest.raises(ValueError, match=r"memory\['on_foot'\]\['shoes'\] 'x.*' is 5000 characters long"):
        remember_setup("ana", {"pedals": "flat", "shoes": "road"}, memory={"pedals": None, "shoes": None,
                                                                           "on_foot": {"shoes": LONG}})
    assert rider_setup_path("ana").read_text() == before  # nothing written


def _cut(n: int) -> str:
    return "x" * (MOST - 3) + "..." if n > MOST else "x" * n


def test_a_remembered_setup_json_with_long_shoes_is_read_cut_with_a_warning_naming_it(config, tmp_path, capsys):
    config.mkdir()
    path = config / "setup.json"
    path.write_text(json.dumps({"pedals": "flat", "shoes": LONG, "on_foot": {"shoes": LONG}}))
    with pytest.warns(SessionCaveat) as said:
        assert remembered_setup(None) == {"pedals": "flat", "shoes": _cut(5000)}
    assert [str(w.message) for w in said] == [
        f"{path}: {key} {SAID}: read cut to its first 97 characters and '...'" for key in ("shoes", "on_foot.shoes")]
    with pytest.warns(SessionCaveat):  # the same two
        assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": _cut(5000)}

    assert _record(tmp_path) == 0
    out, err = capsys.readouterr()
    assert LONG not in out + err
    assert err.count(f"warning: {path}: shoes {SAID}") == 1, err
    [session] = (tmp_path / "sessions").iterdir()
    assert session_setup(session)["shoes"] == _cut(5000)  # the session keeps the shoes as it took them
    assert json.loads(path.read_text())["shoes"] == LONG  # the remembered file keeps its text as it held it


def test_a_sessions_setup_json_with_long_shoes_is_read_cut_with_a_warning(config, tmp_path, capsys):
    s = tmp_path / "S"
    shutil.copytree(SAMPLES / "sim-healthy-ride", s)
    (s / "setup.json").write_text(json.dumps({"pedals": "clipless", "shoes": LONG}))
    assert main(["analyze", str(s)]) == 0
    out, err = capsys.readouterr()
    assert LONG not in out + err and _cut(5000) in out, out
    assert f"warning: {s / 'setup.json'}: shoes {SAID}" in err, err


def test_shoes_within_the_bound_read_without_a_word(config, tmp_path):
    s = tmp_path / "S"
    s.mkdir()
    (s / "setup.json").write_text(json.dumps({"pedals": "clipless", "shoes": "y" * MOST}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert session_setup(s)["shoes"] == "y" * MOST


def _said_cut(message: str, key: str) -> None:
    """``message`` quotes the text at ``key`` cut to its first 40 characters (monitor.errors.quote)."""
    assert len(message) < 300 and "x" * 41 not in message and "\x1b" not in message, len(message)
    assert message.startswith(f"{key} '{'x' * 40}...'"), message[:120]


def test_long_shoes_with_a_control_character_from_python_are_quoted_cut():
    """had: the control character checked before the length, and the shoes quoted whole (repr): a UsageError
    of 5000 characters and more, where the command line quotes 40 and says the length."""
    with pytest.raises(UsageError) as refused:
        monitor.analyze("no-session-read", shoes=LONG + "\x1b")
    _said_cut(str(refused.value), "shoes")
    assert str(refused.value).endswith("is 5001 characters long, more than the 100 a setup's shoes take (a guess: "
                                       "the shoes in a few words)")
    with pytest.raises(UsageError) as refused:  # within the bound: the character's place said
        monitor.analyze("no-session-read", shoes="x" * 90 + "\x1b[2J")
    _said_cut(str(refused.value), "shoes")
    assert "holds a control character (U+001B) at character 91, which a terminal acts on" in str(refused.value)
    with pytest.raises(UsageError) as refused:
        monitor.analyze("no-session-read", pedals=LONG)
    _said_cut(str(refused.value), "pedals")


@pytest.mark.parametrize("memory, key", [
    ({"shoes": LONG + "\x1b"}, "memory['shoes']"),
    ({"on_foot": {"shoes": LONG + "\x1b"}}, "memory['on_foot']['shoes']"),
    ({"pedals": LONG}, "memory['pedals']"),
], ids=["shoes", "on-foot-shoes", "pedals"])
def test_a_long_memory_with_a_control_character_is_quoted_cut(config, memory, key):
    with pytest.raises(ValueError) as refused:
        remember_setup("ana", {"pedals": None, "shoes": "road"}, memory=memory)
    _said_cut(str(refused.value), key)
