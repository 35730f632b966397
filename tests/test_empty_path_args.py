"""An empty path on the command line (an unset shell variable: ``solewatch import moticon "$RIDE"``) is
refused as empty, never taken for the current directory."""

from __future__ import annotations

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main

SESSION = str(SAMPLES / "sim-healthy-ride")


@pytest.mark.parametrize("argv, argument", [
    (["analyze", ""], "SESSION"),
    (["report", SESSION, "--compare", ""], "--compare"),
    (["report", SESSION, "-o", ""], "-o/--out"),
    (["report", SESSION, "--pdf", ""], "--pdf"),
    (["export", SESSION, "-o", ""], "-o/--out"),
    (["analyze", SESSION, "--params", ""], "--params"),
    (["replay", SESSION, "--events", ""], "--events"),
    (["import", "moticon", "", "-o", "out"], "FILE"),
    (["import", "moticon", SESSION, "-o", ""], "-o/--out"),
    (["import", "csv", SESSION, "--layout", "", "-o", "out"], "--layout"),
    (["import", "fit", SESSION, "--into", ""], "--into"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_an_empty_path_is_refused_as_such(tmp_path, capsys, monkeypatch, argv, argument):
    """``solewatch import moticon ""`` said ".: a directory, not a file", ``analyze ""`` "session.json:
    missing (is . a session directory?)", and ``replay --events ""`` wrote no events without a word."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:  # said by argparse, as it reads the command line
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"solewatch {argv[0]}: error: argument {argument}: an empty path (an unset shell variable?) "
                   f"(see solewatch {argv[0]} --help)"]
    assert list(tmp_path.iterdir()) == []


def test_an_empty_study_path_is_refused_as_such(tmp_path, capsys, monkeypatch):
    """``solewatch study "" -o OUT`` analysed the whole current folder and exited 0."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as info:
        main(["study", "", "-o", str(tmp_path / "out")])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["solewatch study: error: argument PATH: an empty path (an unset shell variable?) "
                   "(see solewatch study --help)"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("paths", ["", [""], [SESSION, " "]], ids=repr)
def test_the_apis_study_refuses_an_empty_path(tmp_path, monkeypatch, paths):
    """``monitor.study("")`` analysed every session under the current folder."""
    import monitor
    from monitor.errors import UsageError

    monkeypatch.chdir(SAMPLES)  # sessions below: an empty path taken for "." would find them
    with pytest.raises(UsageError, match=r"an empty path \(an unset shell variable\?\)$"):
        monitor.study(paths, workers=1)
