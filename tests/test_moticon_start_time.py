"""A Moticon export's header start time that is no date is said in a caveat of the import (the date fixes
nothing the import computes: start_utc comes from Start timestamp, or is left empty)."""

from __future__ import annotations

import pytest
from test_malformed_files import moticon_lines

from monitor.cli.main import main
from monitor.importers.moticon import read_moticon
from monitor.session.directory import load_session
from monitor.util.shared_data import shared_data_dir


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


def test_a_start_timestamp_that_is_no_number_and_no_start_time_are_said_once_each(tmp_path, capsys):
    """had: "the export's Start timestamp 'abc' is not a time in epoch milliseconds; the export gives no start
    time; ...": a start time given, and said not given, in one caveat. Said alike by both readings."""
    src = _export(tmp_path, "# Start timestamp: abc")
    said = "the export's Start timestamp 'abc' is not a time in epoch milliseconds; start_utc is left empty"
    assert said in read_moticon(src).caveats
    assert not any("gives no start time" in c for c in read_moticon(src).caveats)
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 0
    info = load_session(tmp_path / "s").info
    assert said in info.imported_from["caveats"] and info.start_utc == ""


def test_a_start_timestamp_in_epoch_seconds_is_not_read_as_milliseconds_of_1970(tmp_path):
    """had: "# Start timestamp: 1695802874" (10 digits, epoch seconds) imported as start_utc
    1970-01-20T15:03:22.874Z without a word. Read as seconds, and said to be a guess."""
    src = _export(tmp_path, "# Start timestamp: 1695802874", "# Start time: 27.09.2023 10:21:14.000")
    rec = read_moticon(src)
    assert rec.start_utc == "2023-09-27T08:21:14.000Z"
    assert ("the export's Start timestamp '1695802874' is read as epoch seconds (a guess: as epoch milliseconds "
            "it would be 1970-01-20, before 2001); start_utc is taken from it") in rec.caveats
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 0
    assert load_session(tmp_path / "s").info.start_utc == rec.start_utc  # the block-by-block import alike


@pytest.mark.parametrize("stamp, why", [
    ("978307199999", "2000-12-31, before 2001"),  # 12 digits: milliseconds, a date before 2001
    ("123456789", "1970-01-02, before 2001"),  # nor is it epoch seconds (1973)
    ("4102444800000", "after 2100"),
])
def test_a_start_timestamp_that_gives_no_sane_date_leaves_the_start_empty(tmp_path, stamp, why):
    src = _export(tmp_path, f"# Start timestamp: {stamp}")
    rec = read_moticon(src)
    assert rec.start_utc == ""
    assert (f"the export's Start timestamp '{stamp}' is not a time in epoch milliseconds (it would be {why}); "
            "start_utc is left empty") in rec.caveats


# ---------------------------------------------------------------------------- the real exports, edited

REAL = shared_data_dir() / "moticon_opengo"


def _real(tmp_path, name: str, old: str, new: str):
    """A copy of the real export ``name`` with its header line ``old`` made ``new``."""
    text = (REAL / name).read_text(encoding="utf-8")
    assert old in text
    src = tmp_path / name
    src.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
    return src


@pytest.mark.parametrize("name, line, start, stamped", [
    ("walk_data_with_events.txt", 2, "2022-09-15 15:58:36.241", True),
    ("walk_data_with_events.txt", 2, "15/09/2022 15:58:36", True),
    ("walk_data_with_events.txt", 2, "15.09.22 15:58:36.241", True),  # had: year 22, 'lies -17531638:00:00'
    ("230927_102114.txt", 1, "27.09.023 10:21:14", False),
    ("230927_102114.txt", 1, "09/27/2023 10:21:14 AM", False),
    ("230927_102114.txt", 1, "27.09.2023", False),
])
def test_a_start_time_in_another_form_is_said_naming_its_line(tmp_path, capsys, name, line, start, stamped):
    """had: a start time the importer cannot read was said as 'local time (...) of an unknown time zone', or,
    beside a Start timestamp, not said at all; either way kept in session.json as if it had been read.
    Said alike by the whole-file reading and the block-by-block import."""
    old = "15.09.2022 15:58:36.241" if stamped else "27.09.2023 10:21:14.922"
    src = _real(tmp_path, name, f"# Start time: {old}", f"# Start time: {start}")
    said = (f"the export's start time '{start}' (line {line}) is not in the form dd.mm.YYYY HH:MM:SS[.fff] an "
            "OpenGo export writes: not read; start_utc is "
            + ("taken from its Start timestamp" if stamped else "left empty"))
    rec = read_moticon(src)
    assert said in rec.caveats, rec.caveats
    assert rec.start_utc == ("2022-09-15T13:58:36.241Z" if stamped else "")
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 0
    info = load_session(tmp_path / "s").info
    assert said in info.imported_from["caveats"] and info.start_utc == rec.start_utc
    assert said in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("start, apart", [
    ("15.09.2022 15:58:39.241", "+2:00:03.000"),  # 3 s: no zone's offset
    ("15.09.2022 16:05:36.241", "+2:07:00.000"),
    ("16.09.2022 15:58:36.241", "+26:00:00.000"),  # a day off: past +14:00
    ("15.09.2022 13:57:36.241", "-0:01:00.000"),
])
def test_a_start_time_that_disagrees_with_its_start_timestamp_is_said(tmp_path, start, apart):
    """had: taken without a word, start_utc from the stamp and the header's other start kept beside it."""
    src = _real(tmp_path, "walk_data_with_events.txt", "# Start time: 15.09.2022 15:58:36.241",
                f"# Start time: {start}")
    rec = read_moticon(src)
    assert rec.start_utc == "2022-09-15T13:58:36.241Z"
    assert (f"the export's start time '{start}' lies {apart} from its Start timestamp '1663250316241', which no "
            "time zone's offset is (a whole number of quarter hours from -12:00 to +14:00, give or take 2 s): one "
            "of them is wrong; start_utc is taken from its Start timestamp") in rec.caveats, rec.caveats


@pytest.mark.parametrize("start", ["15.09.2022 15:58:36.241",  # the real export: +02:00
                                   "15.09.2022 15:58:37.5",  # 1.26 s off: within a second or two
                                   "15.09.2022 19:43:36.241",  # +05:45 (Nepal)
                                   "15.09.2022 01:58:36.241",  # -12:00
                                   "16.09.2022 03:58:36",  # +14:00, its milliseconds left out
                                   ])
def test_a_start_time_a_zones_offset_from_its_start_timestamp_says_nothing(tmp_path, start):
    src = _real(tmp_path, "walk_data_with_events.txt", "# Start time: 15.09.2022 15:58:36.241",
                f"# Start time: {start}")
    rec = read_moticon(src)
    assert rec.start_utc == "2022-09-15T13:58:36.241Z"
    assert not any("start" in c.lower() for c in rec.caveats), rec.caveats
