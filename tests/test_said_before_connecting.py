"""What `record` and `live` cannot do with their options is said before the insoles connect: one line, exit
code 2, no traceback, nothing recorded and nothing made (not after a ride, when it can no longer be
mended)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.cli.main import main


def _fails_before_connecting(capsys, argv: list[str]) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2, (code, err)
    assert len(lines) == 1 and "Traceback" not in err + out, err
    assert "connecting" not in err, err
    return lines[0]


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255  # monitor.session.names.DEFAULT_NAME_MAX


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_label_too_long_for_a_folder_name_is_said_before_connecting(tmp_path, capsys, monkeypatch, command):
    """`--label` of 300 characters failed only once connected ("cannot make the session directory (File name
    too long)"): the name's length is checked against the folder's longest name first. A folder whose names
    are shorter than a label may be (143 characters, eCryptfs's), as one of 255 takes every label --label
    takes (tests/test_label_length.py)."""
    real_pathconf = os.pathconf
    monkeypatch.setattr(os, "pathconf", lambda path, name: 143 if name == "PC_NAME_MAX" else real_pathconf(path, name))
    out = tmp_path / "sessions"
    limit = _name_max(tmp_path)
    assert limit == 143
    label = "a" * (limit + 45)
    line = _fails_before_connecting(capsys, [command, "--sim", "healthy-ride", "--speed", "1000", "--duration",
                                             "2s", "--out", out, "--label", label])
    room = limit - len("20261205T082207Z-") - len("-999")
    assert line == (f"solewatch {command}: error: --label: a session directory named after it would be "
                    f"{len('20261205T082207Z-') + len(label) + 4} characters long, more than the {limit} a name "
                    f"in {out} may have; use a label of at most {room} characters"), line
    assert not out.exists()


def test_a_label_that_fits_is_taken(tmp_path, capsys):
    """The longest label said to fit makes a session directory of that label."""
    out = tmp_path / "sessions"
    room = _name_max(tmp_path) - len("20261205T082207Z-") - len("-999")
    assert main(["record", "--sim", "healthy-ride", "--speed", "1000", "--duration", "1s", "--out", str(out),
                 "--label", "b" * room, "--plain"]) == 0
    (made,) = out.iterdir()
    assert made.name.endswith("-" + "b" * room)


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def test_a_rider_whose_normal_cannot_be_kept_is_said_before_connecting(config, tmp_path, capsys):
    """`live --rider` with a config folder a file stands in the way of recorded the ride, then said only "could
    not keep this ride's normal": it is said before connecting, naming the folder."""
    config.write_text("not a folder\n")
    out = tmp_path / "sessions"
    line = _fails_before_connecting(capsys, ["live", "--rider", "bob", "--sim", "healthy-ride", "--speed", "1000",
                                             "--duration", "2s", "--out", out, "--no-report", "--no-sound"])
    assert line == (f"solewatch live: error: {config / 'riders'}: {config} is a file, not a directory"), line
    assert not out.exists()


def test_a_rider_folder_that_may_not_be_written_is_said_before_connecting(config, tmp_path, capsys,
                                                                           monkeypatch):
    """The same for a folder the system would not let be written (read-only, permission denied), and nothing
    is made for it. The tests run as root, whom a folder's mode does not stop: the refusal is the mkdir's."""
    config.mkdir()
    real_mkdir = os.mkdir

    def refusing_mkdir(path, *args, **kwargs):
        if str(path).startswith(str(config)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", refusing_mkdir)
    out = tmp_path / "sessions"
    line = _fails_before_connecting(capsys, ["live", "--rider", "bob", "--sim", "healthy-ride", "--speed", "1000",
                                             "--duration", "2s", "--out", out, "--no-report", "--no-sound"])
    assert line == (f"solewatch live: error: cannot keep rider bob's normal in {config / 'riders'} "
                    "(Permission denied)"), line
    assert not out.exists() and list(config.iterdir()) == []
