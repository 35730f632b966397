"""A Moticon export's header start time that is no date is said in a caveat of the import (the date fixes
nothing the import computes: start_utc comes from Start timestamp, or is left empty)."""

from __future__ import annotations

import pytest

from monitor.cli.main import main
from monitor.importers.moticon import read_moticon
from monitor.session.directory import load_session
from test_malformed_files import moticon_lines


def _export(tmp_path, *header: str):
    lines = moticon_lines()
    lines[0:1] = header
    src = tmp_path / "walk.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


@pytest.mark.parametrize("start, why", [
    ("31.02.2023 10:21:14.922", "day is out of range for month"),
    ("27.13.2023 10:21:14.922", "month must be in 1..12"),
    ("27.09.2023 25:21:14.922", "hour must be in 0..23"),
    ("00.09.2023 10:21:14", "day is out of range for month"),
])
def test_an_impossible_start_time_is_a_caveat(tmp_path, capsys, start, why):
    """had: "# Start time: 31.02.2023 ..." imported as a local start time like any other, without a word,
    and was kept so in session.json's header. Said alike by the whole-file reading (read_moticon) and the
    block-by-block import (`import moticon`, monitor.importers.moticon_stream)."""
    src = _export(tmp_path, f"# Start time: {start}")
    said = f"the export's start time '{start}' is no date ({why}); start_utc is left empty"
    assert said in read_moticon(src).caveats
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 0
    info = load_session(tmp_path / "s").info
    assert said in info.imported_from["caveats"] and info.start_utc == ""
    assert said in " ".join(capsys.readouterr().out.split())  # the caveat said, wrapped to the terminal


def test_a_start_timestamp_still_dates_the_session(tmp_path):
    src = _export(tmp_path, "# Start timestamp: 1663250316241", "# Start time: 30.02.2022 15:58:36.241")
    rec = read_moticon(src)
    assert rec.start_utc == "2022-09-15T13:58:36.241Z"
    assert ("the export's start time '30.02.2022 15:58:36.241' is no date (day is out of range for month); "
            "start_utc is taken from its Start timestamp") in rec.caveats


def test_a_start_timestamp_that_is_no_number_is_said(tmp_path):
    src = _export(tmp_path, "# Start timestamp: soon", "# Start time: 15.09.2022 15:58:36.241")
    assert ("the export's Start timestamp 'soon' is not a time in epoch milliseconds; the export gives the start "
            "as local time (15.09.2022 15:58:36.241) of an unknown time zone; start_utc is left empty"
            ) in read_moticon(src).caveats


def test_a_possible_start_time_keeps_its_caveat(tmp_path):
    src = _export(tmp_path, "# Start time: 29.02.2024 23:59:59.999")
    assert ("the export gives the start as local time (29.02.2024 23:59:59.999) of an unknown time zone; "
            "start_utc is left empty") in read_moticon(src).caveats
