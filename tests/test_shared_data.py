"""Finding the real recordings (monitor.util.shared_data) wherever the repository was cloned."""

from __future__ import annotations

import subprocess

from monitor.util.shared_data import ENV, shared_data_dir


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True, timeout=30)


def test_beside_the_repository_or_beside_the_checkout_it_was_cloned_from(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    work = tmp_path / "work"
    (work / "shared" / "data").mkdir(parents=True)
    _git("init", "-q", str(work / "main"))
    assert shared_data_dir(work / "main") == work / "shared" / "data"
    clone = tmp_path / "elsewhere" / "clone"
    _git("clone", "-q", str(work / "main"), str(clone))
    assert shared_data_dir(clone) == (work / "shared" / "data").resolve()
    # a clone of a remote repository has nothing to fall back on: the place beside it is named
    _git("-C", str(clone), "remote", "set-url", "origin", "https://example.org/solewatch.git")
    assert shared_data_dir(clone) == clone.parent / "shared" / "data"


def test_beside_the_checkout_a_linked_worktree_shares_its_repository_with(tmp_path, monkeypatch):
    """``git worktree add /tmp/h1``: the worktree has no origin of its own; its repository is the checkout's."""
    monkeypatch.delenv(ENV, raising=False)
    work = tmp_path / "work"
    (work / "shared" / "data").mkdir(parents=True)
    _git("init", "-q", str(work / "main"))
    _git("-C", str(work / "main"), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty",
         "-m", "start")
    tree = tmp_path / "elsewhere" / "h1"
    _git("-C", str(work / "main"), "worktree", "add", "-q", str(tree))
    assert shared_data_dir(tree) == (work / "shared" / "data").resolve()


def test_the_environment_variable_wins_even_when_its_folder_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path / "nowhere"))
    assert shared_data_dir() == tmp_path / "nowhere"
