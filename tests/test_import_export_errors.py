"""The edges of import and export say the right thing to their caller: from Python an error names the
argument (``fmt=``, ``layout=``, ``force=True``), from the command line the option (``--format``,
``--layout``, ``-o``, ``--force``); an unknown format is a UsageError either way (docs/api.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import monitor
from monitor.cli.main import main
from monitor.importers import read_recording
from monitor.session.export import export_frames as session_export_frames

ROOT = Path(__file__).resolve().parents[1]
WALK = ROOT / "sessions" / "samples" / "moticon-walk"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"
CLI_WORDS = re.compile(r"--format|--force|--layout|-o FILE")


def _python_error(call) -> str:
    with pytest.raises(monitor.UsageError) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text and not CLI_WORDS.search(text), text
    return text


@pytest.mark.parametrize("fmt", ["nope", "fit"])
def test_an_unknown_import_format_is_a_usage_error_naming_the_argument(tmp_path, fmt):
    for call in (lambda: monitor.import_session(fmt, EXAMPLE / "walk.csv", tmp_path / "s"),
                 lambda: read_recording(fmt, EXAMPLE / "walk.csv")):
        text = _python_error(call)
        assert text.startswith(f"fmt={fmt!r}: "), text
        if fmt == "fit":  # no session import: a ride is added to a recorded session
            assert "import_fit_ride" in text and "unknown" not in text, text
        else:
            assert "unknown import format (known: moticon, physionet, csv)" in text, text
    assert not (tmp_path / "s").exists()


def test_an_import_layout_error_names_the_argument_in_python_and_the_option_on_the_command_line(tmp_path, capsys):
    assert "layout=LAYOUT.json" in _python_error(lambda: read_recording("csv", EXAMPLE / "walk.csv"))
    assert "layout=None" in _python_error(
        lambda: read_recording("moticon", EXAMPLE / "walk.csv", layout=EXAMPLE / "layout.json"))
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "-o", str(tmp_path / "a")]) == 2
    assert main(["import", "moticon", str(EXAMPLE / "walk.csv"), "--layout", str(EXAMPLE / "layout.json"),
                 "-o", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "(--layout LAYOUT.json" in err[0] and "drop --layout" in err[1], err
    assert not list(tmp_path.iterdir())


def test_export_errors_from_python_name_the_arguments(tmp_path):
    exists = tmp_path / "walk.csv"
    exists.write_text("mine")
    text = _python_error(lambda: monitor.export_frames(WALK, tmp_path / "x.csv", "nope"))
    assert text == "fmt='nope': unknown export format (known: 'csv', 'parquet')", text  # no FIT from Python
    text = _python_error(lambda: session_export_frames(WALK, tmp_path / "x.csv", "nope"))
    assert text.startswith("fmt='nope': unknown format of the frames table"), text
    text = _python_error(lambda: monitor.export_frames(WALK, tmp_path / "x.xlsx"))
    assert "fmt='csv'" in text and "name it .csv or .parquet," in text, text  # not .fit: export_frames refuses it
    assert "fit" not in text, text
    # had: "x.xlsx: export writes csv or parquet, not .xlsx", the command's words: export_frames names its
    # argument and the values it takes
    assert text.startswith(f"{tmp_path / 'x.xlsx'}: with fmt=None the path's suffix says the format, and .xlsx "
                           "names none that export_frames writes (fmt 'csv' or 'parquet'); "), text
    assert "export writes" not in text, text
    with pytest.raises(monitor.UsageError, match="export_frames writes the frames table as CSV or Parquet, not "
                                                 "a FIT activity"):  # had: "rename it or say fmt='csv'"
        monitor.export_frames(WALK, tmp_path / "x.csv", "fit")
    assert "fmt='parquet'" in _python_error(lambda: monitor.export_frames(WALK, tmp_path / "x.parquet", "csv"))
    text = _python_error(lambda: monitor.export_frames(WALK, exists))
    assert "force=True" in text, text
    assert "the path argument" in _python_error(lambda: monitor.export_frames(WALK, WALK / "gaps.csv", "csv"))
    assert exists.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["walk.csv"]


def test_export_errors_on_the_command_line_name_the_options(tmp_path, capsys):
    exists = tmp_path / "walk.csv"
    exists.write_text("mine")
    assert main(["export", str(WALK), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert main(["export", str(WALK), "--format", "csv", "-o", str(tmp_path / "x.parquet")]) == 2
    assert main(["export", str(WALK), "-o", str(exists)]) == 2
    with pytest.raises(SystemExit) as bad_option:  # argparse's: one line, exit 2
        main(["export", str(WALK), "--format", "nope"])
    assert bad_option.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4, err
    assert "say --format csv" in err[0] and "say --format parquet" in err[1], err
    assert "(-o FILE) or replace it with --force" in err[2], err
    assert "--format" in err[3] and "'nope'" in err[3], err
    assert not any("fmt=" in line or "force=True" in line for line in err), err
    assert exists.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["walk.csv"]


def test_a_round_trip_keeps_a_gaps_times_not_its_reason(tmp_path):
    """docs/import-csv.md, "Going out": the export carries the frames table, not the gaps' reasons, so NaN
    rows added for a time jump come back as "empty in file", at the same times."""
    lines = (EXAMPLE / "walk.csv").read_text().splitlines()
    left = [i for i, line in enumerate(lines) if ",left," in line]
    (tmp_path / "w.csv").write_text("\n".join(ln for i, ln in enumerate(lines) if i not in left[4:6]) + "\n")
    first = monitor.import_session("csv", tmp_path / "w.csv", tmp_path / "a", layout=EXAMPLE / "layout.json")
    csv = monitor.export_frames(first, tmp_path / "a.csv")
    again = monitor.import_session("csv", csv, tmp_path / "b", layout=tmp_path / "a.layout.json")
    assert list(first.gaps["reason"]) == ["time jump in file"]
    assert list(again.gaps["reason"]) == ["empty in file"]
    columns = ["foot", "start_s", "end_s", "frames_missing", "filled"]
    assert first.gaps[columns].equals(again.gaps[columns])
    assert again.frames.equals(first.frames)


def test_a_fit_ride_import_and_a_report_name_the_arguments_from_python_the_options_on_the_command_line(
        tmp_path, capsys):
    """had: import_fit_ride told a Python caller "(--into names one)" and "replace it with --force", and
    check_report_targets "replace it with --force", options it has none of."""
    import shutil
    from datetime import datetime, timezone

    from test_fit import _ride_of, set_session_time

    from monitor.importers.fit_ride import import_fit_ride
    from monitor.report.writer import check_report_targets

    session = tmp_path / "walk"
    shutil.copytree(WALK, session)
    (session / "fit_records.parquet").write_text("a ride imported before")
    start = datetime(2026, 5, 1, 8, 0, 0, tzinfo=timezone.utc)
    set_session_time(session, start)  # a ride that would import: only the one before is in the way
    ride = _ride_of(tmp_path / "ride.fit", start, {"power": 200})
    missing, report = tmp_path / "missing", tmp_path / "report.html"
    report.write_text("mine")
    assert "(the session_dir argument names one)" in _python_error(lambda: import_fit_ride(ride, missing))
    assert "replace it with force=True" in _python_error(lambda: import_fit_ride(ride, session))
    text = _python_error(lambda: check_report_targets([report], [session], force=False))
    assert text.endswith("choose another file or replace it with force=True"), text
    assert main(["import", "fit", str(ride), "--into", str(missing)]) == 2
    assert main(["import", "fit", str(ride), "--into", str(session)]) == 2
    assert main(["report", str(session), "-o", str(report)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3, err
    assert "(--into names one)" in err[0] and "replace it with --force" in err[1], err
    assert err[2].endswith("choose another file or replace it with --force"), err
    assert (session / "fit_records.parquet").read_text() == "a ride imported before" and report.read_text() == "mine"
