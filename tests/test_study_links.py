"""A study follows symbolic links to session folders, and a link cycle ends the search.

`mkdir coh; ln -s $PWD/S coh/S; solewatch study coh -o out` said "coh: no session directory there (none
holds session.json)" and exit 2; a folder with one real session and a link to a folder of 6 studied only the
real one, saying nothing: the search did not follow links.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.studies.sources import SESSION_JSON, find_sessions

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def _session(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / SESSION_JSON).write_text("{}")
    return path


def test_a_folder_holding_a_link_to_a_session_finds_it(tmp_path):
    s = _session(tmp_path / "S")
    (tmp_path / "coh").mkdir()
    (tmp_path / "coh" / "S").symlink_to(s, target_is_directory=True)
    assert find_sessions([tmp_path / "coh"]) == [str(s.resolve())]


def test_a_linked_folder_of_sessions_is_searched_beside_a_real_session(tmp_path):
    real = _session(tmp_path / "coh" / "real")
    six = [_session(tmp_path / "elsewhere" / f"s{i}") for i in range(6)]
    (tmp_path / "coh" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert find_sessions([tmp_path / "coh"]) == sorted(str(p.resolve()) for p in [real, *six])


def test_a_link_cycle_ends_and_each_session_is_found_once(tmp_path):
    s = _session(tmp_path / "coh" / "a" / "S")
    (tmp_path / "coh" / "a" / "up").symlink_to(tmp_path / "coh", target_is_directory=True)  # a cycle
    (tmp_path / "coh" / "again").symlink_to(tmp_path / "coh" / "a", target_is_directory=True)  # a second way in
    assert find_sessions([tmp_path / "coh"]) == [str(s.resolve())]
