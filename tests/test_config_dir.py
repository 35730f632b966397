"""Where the rider's normal and setup are kept: the XDG Base Directory Specification's config home."""

from __future__ import annotations

import pytest

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
