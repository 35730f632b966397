"""Where the rider's normal and setup are kept: the XDG Base Directory Specification's config home."""

from __future__ import annotations

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main
from monitor.errors import UsageError
from monitor.session.riders import config_dir, rider_baseline_path


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.delenv("SOLEWATCH_CONFIG_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "home"


@pytest.mark.parametrize("xdg", ["relative/config", "./config", "config", "~/config"])
def test_a_relative_xdg_config_home_is_ignored(home, monkeypatch, xdg):
    """had: XDG_CONFIG_HOME=relative/config put the rider's normal in relative/config/solewatch under the
    directory a command ran from, a different folder from each. The specification: "If an implementation
    encounters a relative path in any of these variables it should consider the path invalid and ignore
    it"."""
    monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert config_dir() == home / ".config" / "solewatch"
    assert rider_baseline_path("ana") == home / ".config" / "solewatch" / "riders" / "ana.json"


def test_an_absolute_xdg_config_home_is_taken(home, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_dir() == tmp_path / "xdg" / "solewatch"


@pytest.mark.parametrize("unset", [True, False], ids=["unset", "empty"])
def test_no_xdg_config_home_is_the_home_config(home, monkeypatch, unset):
    if unset:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert config_dir() == home / ".config" / "solewatch"


def test_solewatch_config_dir_comes_first(home, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "own"))
    assert config_dir() == tmp_path / "own"


@pytest.mark.parametrize("own", ["cfg", "./cfg", "~/cfg"])
def test_a_relative_solewatch_config_dir_is_refused(home, monkeypatch, own):
    """had: SOLEWATCH_CONFIG_DIR=cfg was read from the directory a command ran from, so `live --rider ana` run
    from two folders kept ana's normals in two places, and `analyze --rider ana` found none from a third."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", own)
    with pytest.raises(UsageError, match=r"^SOLEWATCH_CONFIG_DIR '.*' is not an absolute path: .*absolute path$"):
        config_dir()


@pytest.mark.parametrize("argv", [["live", "--sim", "healthy-ride", "--duration", "1m", "--plain", "--no-sound",
                                   "--rider", "ana"],
                                  ["analyze", str(SAMPLES / "sim-healthy-ride"), "--rider", "ana"],
                                  ["live", "--sim", "healthy-ride", "--duration", "1m", "--plain", "--no-sound",
                                   "--shoes", "road shoes"]],
                         ids=["live-rider", "analyze-rider", "live-shoes"])
def test_the_cli_says_a_relative_solewatch_config_dir_in_one_line_exit_2(home, monkeypatch, tmp_path, capsys, argv):
    """Before anything is recorded: one line, exit 2, no session made."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", "cfg")
    argv = [*argv, "--out", str(tmp_path / "sessions")] if argv[0] == "live" else argv
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.strip() == f"solewatch {argv[0]}: error: SOLEWATCH_CONFIG_DIR 'cfg' is not an absolute path: read " \
                          "from the directory a command runs from, it would keep the rider's normals and setup " \
                          "in a different folder from each; set it to an absolute path", err
    assert not (tmp_path / "sessions").exists() and not (tmp_path / "cfg").exists()


def test_a_long_relative_solewatch_config_dir_is_quoted_cut(home, monkeypatch, tmp_path, capsys):
    """A relative SOLEWATCH_CONFIG_DIR of hundreds of characters is quoted cut to 40 (monitor.errors.quote), as
    other bad values are (had: the whole value said back, a line of over 500 characters)."""
    from test_malformed_files import fails

    from monitor.errors import quote

    own = "cfg/" + "x" * 400
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", own)
    line = fails(capsys, "analyze", SAMPLES / "sim-healthy-ride", "--rider", "ana")
    assert line.startswith(f"solewatch analyze: error: SOLEWATCH_CONFIG_DIR {quote(own)} is not an absolute "
                           "path: "), line[:300]
    assert "x" * 41 not in line and len(line) < 300, len(line)
