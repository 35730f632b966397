"""monitor.import_session and monitor.importers.import_file take ``activity=`` as ``solewatch import
--activity`` does: a Moticon cycling export imported from Python is a ride, declared, not left to the recogniser
(docs/api.md, "Import and export")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import monitor
from monitor.cli.main import main
from monitor.errors import UsageError
from monitor.importers import import_file
from monitor.signal.activity_words import ACTIVITY_LABELS
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"
#: fmt, file, layout: a clean Moticon export (written as it is read), one with dropouts (parsed whole),
#: PhysioNet, a generic CSV whose layout says walking.
FILES = {"moticon-clean": ("moticon", DATA / "moticon_opengo" / "walk_data_with_events.txt", None),
         "moticon-dropouts": ("moticon", DATA / "moticon_opengo" / "230927_102114.txt", None),
         "physionet": ("physionet", DATA / "physionet_gaitpdb" / "GaCo01_01.txt", None),
         "csv": ("csv", EXAMPLE / "walk.csv", EXAMPLE / "layout.json")}


@pytest.mark.parametrize("which", sorted(FILES))
def test_a_walk_imported_from_python_as_a_ride_is_a_ride(tmp_path, which):
    fmt, path, layout = FILES[which]
    session = monitor.import_session(fmt, path, tmp_path / "s", layout=layout, activity="cycling")
    assert session.info.activity == "cycling"
    assert json.loads((tmp_path / "s" / "session.json").read_text())["activity"] == "cycling"
    assert import_file(fmt, path, tmp_path / "t", layout=layout, activity="Running") == tmp_path / "t"
    assert monitor.load_session(tmp_path / "t").info.activity == "running"  # in any case, as --activity


def test_without_activity_the_files_own_is_kept(tmp_path):
    """A CSV's layout says its activity; a Moticon export says none: "unknown", recognised when analysed."""
    fmt, path, layout = FILES["csv"]
    assert monitor.import_session(fmt, path, tmp_path / "c", layout=layout).info.activity == "walking"
    fmt, path, layout = FILES["moticon-clean"]
    assert monitor.import_session(fmt, path, tmp_path / "s", layout=layout).info.activity == "unknown"


@pytest.mark.parametrize("word", sorted(ACTIVITY_LABELS))
def test_python_takes_every_word_the_command_line_takes(tmp_path, word):
    fmt, path, layout = FILES["csv"]
    assert monitor.import_session(fmt, path, tmp_path / "s", layout=layout, activity=word).info.activity == word


def test_an_unknown_activity_is_refused_naming_the_argument_and_nothing_is_written(tmp_path, capsys):
    fmt, path, layout = FILES["physionet"]
    with pytest.raises(UsageError) as e:
        monitor.import_session(fmt, path, tmp_path / "s", activity="swimming")
    assert str(e.value) == ("activity='swimming': unknown activity (known: cycling, running, walking, elliptical, "
                            "stair_climber; None: the file's own)")
    with pytest.raises(TypeError, match="activity takes a word"):
        monitor.import_session(fmt, path, tmp_path / "s", activity=1)
    assert not (tmp_path / "s").exists()
    with pytest.raises(SystemExit) as cli:  # the command line's choices are the same words
        main(["import", fmt, str(path), "-o", str(tmp_path / "s"), "--activity", "swimming"])
    assert cli.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'swimming'" in err and all(word in err for word in ACTIVITY_LABELS)
