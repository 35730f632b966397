"""A file given to the wrong importer from Python is told what to pass in Python's words (docs/api.md:
errors from Python name the argument, ``fmt=...``); the command line keeps its own (`solewatch import
...`, tests/test_importers.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import monitor
from monitor import errors
from monitor.errors import SessionFormatError
from monitor.importers.fit_ride import import_fit_ride
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"
MOTICON = DATA / "moticon_opengo" / "walk_data_with_events.txt"
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CSV = ROOT / "tests" / "data" / "generic_csv" / "walk.csv"
FIT_RIDE = ROOT / "tests" / "data" / "fit" / "Edge810-Vector-2013-08-16-15-35-10.fit"


@pytest.mark.parametrize("fmt, path, said", [
    ("moticon", PHYSIONET, "not a Moticon OpenGo export; looks like a PhysioNet gait file: use fmt='physionet' "
                           "(monitor.import_session)"),
    ("physionet", MOTICON, "not a PhysioNet gait file; looks like a Moticon OpenGo export: use fmt='moticon' "
                           "(monitor.import_session)"),
    ("moticon", EXAMPLE_CSV, "not a Moticon OpenGo export; looks like a generic CSV (docs/import-csv.md): use "
                             "fmt='csv' (monitor.import_session)"),
    ("physionet", FIT_RIDE, "line 1: a NUL byte at byte 7: binary data, not a text file; looks like a FIT file: "
                            "add it to a session with monitor.importers.fit_ride.import_fit_ride(path, session_dir)"),
], ids=["physionet-as-moticon", "moticon-as-physionet", "csv-as-moticon", "fit-as-physionet"])
def test_a_file_of_another_format_says_the_fmt_to_pass(tmp_path, fmt, path, said):
    """had: monitor.import_session("moticon", <a gaitpdb file>, ...) said "use `solewatch import physionet`"."""
    with pytest.raises(SessionFormatError) as e:
        monitor.import_session(fmt, path, tmp_path / "out")
    assert str(e.value) == f"{path}: {said}"
    assert "solewatch" not in str(e.value)
    assert "`solewatch import " in errors.cli_message(e.value)  # the command line's words are kept for it
    assert not (tmp_path / "out").exists()


def test_a_spreadsheet_from_python_names_the_fmt_that_takes_text(tmp_path):
    report = tmp_path / "gait_report.xlsx"
    with zipfile.ZipFile(report, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SessionFormatError) as e:
        monitor.import_session("moticon", report, tmp_path / "out")
    assert str(e.value) == (f"{report}: looks like a spreadsheet (a ZIP archive, as an .xlsx is), not a text "
                            "file: the Moticon app's report? fmt='moticon' takes the app's text export (.txt)")


def test_a_text_file_given_as_a_fit_ride_from_python_says_the_fmt_to_pass(tmp_path):
    s = tmp_path / "s"
    monitor.import_session("csv", EXAMPLE_CSV, s, layout=EXAMPLE_CSV.with_name("layout.json"))
    with pytest.raises(SessionFormatError, match=r"not a FIT file; looks like a Moticon OpenGo export: use "
                                                 r"fmt='moticon' \(monitor.import_session\)$"):
        import_fit_ride(MOTICON, s)
