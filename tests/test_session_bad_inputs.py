"""Commands over a damaged session (analyze, report, export, replay): one line, exit 2, nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_malformed_files import edit_json, fails, fails_untouched, session_copy, tree_hashes

from monitor.cli.main import main
from monitor.errors import SessionFormatError
from monitor.session.directory import open_session

#: How a time check's line ends where the session's raw log is beside its tables (the samples have one).
REBUILD = "; raw.swlog is there: move frames.parquet away to rebuild the tables from it"


def _infinite_pressure(s, row: int = 300, column: str = "p01_kpa") -> None:
    df = pd.read_parquet(s / "frames.parquet")
    df[column] = df[column].where(df.index != row, np.inf)
    df.to_parquet(s / "frames.parquet", index=False)


#: The commands that read a whole frames table and write beside it: a FIT export, and an analysis.
FIT_EXPORT_AND_ANALYZE = pytest.mark.parametrize("argv", [
    ["export", "{s}", "--format", "fit", "-o", "{tmp}/ride.fit"],
    ["analyze", "{s}"],
], ids=["export-fit", "analyze"])


def refused_untouched(capsys, s: Path, tmp_path: Path, argv: list[str]) -> str:
    """The one error line of ``argv`` ("{s}" the session, "{tmp}" tmp_path) on session ``s``: nothing
    written in it (fails_untouched), nor beside it."""
    line = fails_untouched(capsys, s, *[a.format(s=s, tmp=tmp_path) for a in argv])
    assert sorted(p.name for p in tmp_path.iterdir()) == [s.name]
    return line


@pytest.mark.parametrize("argv", [
    ["export", "{s}", "--format", "fit", "-o", "{tmp}/ride.fit"],
    ["export", "{s}", "-o", "{tmp}/frames.csv"],
    ["analyze", "{s}"],
], ids=["export-fit", "export-csv", "analyze"])
def test_an_infinite_pressure_in_the_frames_table_is_one_line(tmp_path, capsys, argv):
    """An inf in frames.parquet (a table written by another tool) went through the analysis as a peak of
    1.8e308 kPa, and `export --format fit` ended in a traceback (OverflowError: float too large to pack
    with f format, from the FIT encoder)."""
    s = session_copy(tmp_path)
    _infinite_pressure(s)
    line = refused_untouched(capsys, s, tmp_path, argv)
    assert line.endswith(f"{s / 'frames.parquet'}: row 300 (counting from 0): p01_kpa is inf, expected a finite "
                         f"pressure in kPa (NaN where missing){REBUILD}"), line


def test_an_infinite_pressure_in_the_frames_table_stops_the_report(tmp_path, capsys):
    s = session_copy(tmp_path)
    _infinite_pressure(s)
    before = tree_hashes(s)
    assert main(["report", str(s), "-o", str(tmp_path / "report.html")]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    assert err.strip().splitlines()[-1] == (  # progress lines may come before it, nothing after
        f"solewatch report: error: {s / 'frames.parquet'}: row 300 (counting from 0): p01_kpa is inf, expected a "
        f"finite pressure in kPa (NaN where missing){REBUILD}")
    assert tree_hashes(s) == before and not (tmp_path / "report.html").exists()


def test_an_infinite_pressure_is_refused_by_the_frames_read_from_disk(tmp_path):
    """The same check where a closed session's frames are streamed from disk (the end-of-ride report)."""
    s = session_copy(tmp_path)
    _infinite_pressure(s, row=301, column="p02_kpa")
    session = open_session(s)
    foot = "left" if session.source.foot_code[301] == 0 else "right"
    with pytest.raises(SessionFormatError, match=r"row 301 \(counting from 0\): p02_kpa is inf"):
        session.foot_arrays(foot)


def _frames_without(s, feet: tuple[str, ...]) -> None:
    """No frame of ``feet`` in the table, nor in the close's counters (a table that lost rows the
    counters count is damage: tests/test_table_against_counters.py)."""
    df = pd.read_parquet(s / "frames.parquet")
    df[~df["foot"].isin(feet)].to_parquet(s / "frames.parquet", index=False)
    info = json.loads((s / "session.json").read_text())
    for foot in feet:
        info["stats"]["counters"][foot]["frames_received"] = 0
    (s / "session.json").write_text(json.dumps(info))


def test_a_foot_with_no_sample_in_the_session_is_said_to_have_no_data(tmp_path, capsys):
    """A session whose right insole has a layout but not one frame (an import whose right columns are
    empty throughout, a table another tool wrote) read "right: cycling, 0 reliefs, no warning", as if that
    foot had been watched and found well."""
    s = session_copy(tmp_path)
    _frames_without(s, ("right",))
    assert main(["analyze", str(s)]) == 0
    out = capsys.readouterr().out
    assert "0:00  NO DATA from the right insole: no sample in the whole session; its load is unknown" in out, out
    assert "\nright: no data (no pressure sample in the session)\n" in out, out
    assert main(["analyze", str(s), "--json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert [(e["kind"], e["foot"], e["t_s"]) for e in events if e["kind"] == "data_stale"] == [
        ("data_stale", "right", 0.0)]


def test_a_session_with_no_sample_at_all_gives_no_all_clear(tmp_path, capsys):
    """With no frame from either foot the verdict was "no sustained forefoot load found"."""
    s = session_copy(tmp_path)
    _frames_without(s, ("left", "right"))
    assert main(["analyze", str(s)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Verdict: both feet sent no data (no pressure sample from either insole in the session): "
                          "nothing to judge."), out
    assert "no sustained forefoot load found" not in out


def _killed(tmp_path):
    """A recorded session whose recorder was killed between two flushes: session.json as written when
    streaming started (no end, no duration), the raw log whole up to its last flush, no tables."""
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.update(end_utc=None, duration_s=None, stats={}))
    (s / "frames.parquet").unlink()
    (s / "gaps.csv").unlink()
    return s


def test_analyze_of_a_session_never_closed_says_so(tmp_path, capsys):
    """A recording whose recorder was killed analysed as if it had ended there, without a word: the
    person could not tell a 1-minute ride from the first minute of a longer one."""
    s = _killed(tmp_path)
    before = tree_hashes(s)
    assert main(["analyze", str(s)]) == 0
    err = capsys.readouterr().err
    assert ("the session was not closed (its recorder stopped without closing it, or is still recording): read "
            "up to its raw log's last flush, at 1:00") in err, err
    assert tree_hashes(s) == before


def test_the_report_of_a_session_never_closed_says_so(tmp_path):
    from monitor.report.quality_data import quality_of
    from monitor.session.directory import load_session

    closed = quality_of(load_session(session_copy(tmp_path / "closed")), {}, 90.0)
    assert not [c for c in closed.caveats if "was not closed" in c]
    caveats = quality_of(load_session(_killed(tmp_path)), {}, 90.0).caveats
    assert [c for c in caveats if "was not closed" in c] == [
        "the session was not closed (its recorder stopped without closing it, or is still recording): read up to "
        "its raw log's last flush, at 1:00"]


@pytest.mark.parametrize("target", ["raw.swlog", "session.json", "frames.parquet", "OTHER/raw.swlog",
                                    "OTHER/setup.json"])
def test_replay_events_never_replace_a_sessions_own_file(tmp_path, capsys, target):
    """``replay SESSION --events SESSION/raw.swlog --force`` emptied the raw log, the session's source of
    truth, as the events file was opened (and session.json likewise): a mistyped path lost the ride."""
    s = session_copy(tmp_path)
    other = session_copy(tmp_path / "o", "sim-cleat-forward")
    (other / "setup.json").write_text('{"pedals": "flat", "shoes": null}')
    path = other / target.split("/")[1] if target.startswith("OTHER/") else s / target
    before = tree_hashes(tmp_path)
    line = fails(capsys, "replay", s, "--events", path, "--force", "--plain")
    assert line == (f"solewatch replay: error: --events {path}: is a session's own {path.name} (session "
                    f"{path.parent}); choose another file name")
    assert tree_hashes(tmp_path) == before


@pytest.mark.parametrize("argv", [["report", "{s}", "-o", "{s}/setup.json", "--force"],
                                  ["export", "{s}", "-o", "{s}/setup.json", "--force"],
                                  ["export", "{s}", "-o", "{s}/study.json", "--force"]],
                         ids=["report", "export-setup", "export-study"])
def test_an_output_never_replaces_the_sessions_setup_or_study_file(tmp_path, capsys, argv):
    """setup.json (the rider's declared pedals and shoes) and study.json were not among the session's own
    files that report and export refuse to replace: ``report S -o S/setup.json --force`` overwrote it."""
    s = session_copy(tmp_path)
    (s / "setup.json").write_text('{"pedals": "flat", "shoes": null}')
    (s / "study.json").write_text('{"rider": "ana"}')
    before = tree_hashes(s)
    assert main([a.format(s=s) for a in argv]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.strip().splitlines()[-1].startswith(f"solewatch {argv[0]}: error: {s}/"), err
    assert "is the session's own" in err, err
    assert tree_hashes(s) == before


@pytest.mark.parametrize("argv, name", [
    (["export", "{s}", "-o", "{o}/raw.swlog", "--force"], "raw.swlog"),
    (["export", "{s}", "--format", "parquet", "-o", "{o}/frames.parquet", "--force"], "frames.parquet"),
    (["report", "{s}", "-o", "{o}/session.json", "--force"], "session.json"),
    (["report", "{s}", "--pdf", "{o}/gaps.csv", "--force"], "gaps.csv"),
], ids=["export-raw", "export-frames", "report-html", "report-pdf"])
def test_an_output_never_replaces_another_sessions_own_file(tmp_path, capsys, argv, name):
    """Report and export refused only the files of the sessions they read: ``export A -o B/raw.swlog
    --force`` replaced B's raw log with A's frames as CSV."""
    s = session_copy(tmp_path)
    other = session_copy(tmp_path / "o", "sim-cleat-forward")
    before = tree_hashes(other)
    assert main([a.format(s=s, o=other) for a in argv]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert f"{other / name}: is " in err.strip().splitlines()[-1] and f"(session {other})" in err, err
    assert tree_hashes(other) == before


@pytest.mark.parametrize("content, said", [
    (b"garbage\x00,,\n1,2\n", "line 1: a NUL byte: binary data, not CSV text"),
    (b"garbage\xff,,\n1,2\n", "line 1: not UTF-8 text (expected the CSV of docs/session-format.md)"),
    (b"t_s,foot,event,code,label\n3.0,left,initial_contact,11.0,left steps\nabc,left,toe_off,15.0,x\n",
     "line 3: t_s 'abc' is not a number of seconds"),
    (b"t_s,foot,event,code,label\n3.0,left,initial_contact,11.0,left steps\n3.8,right,toe_off\n",
     "line 3: 3 fields, expected 5 (t_s, foot, event, code, label)"),
    (b"t_s,foot,event,code,label\n3.0,middle,initial_contact,11.0,left steps\n",
     "line 2: foot 'middle' is not 'left', 'right' or empty"),
    (b"t_s,foot,event,code,label\n3.0,left,initial_contact,eleven,left steps\n",
     "line 2: code 'eleven' is not a number (or empty)"),
    (b"time,foot,event\n3.0,left,initial_contact\n",
     "line 1: no column(s) t_s, code, label (expected the header t_s,foot,event,code,label)"),
    (b"t_s,foot,event,code,label\n1e300,left,initial_contact,11.0,left steps\n",
     "line 2: t_s 1e+300 s is later than any recording (at most 31622400 s, 366 days)"),
    (b"t_s,foot,event,code,label\n3.0,left,initial_contact,11.0,left steps\n-2000,left,toe_off,15.0,x\n",
     "line 3: t_s -2000 s is before -1 s, the earliest frame time (session time counts from the start of the "
     "recording, 0)"),
], ids=["binary", "latin1", "time", "fields", "foot", "code", "header", "time-too-late", "time-too-early"])
@pytest.mark.parametrize("command", ["report", "analyze"])
def test_a_garbage_imported_events_table_is_one_line_naming_file_and_line(tmp_path, capsys, content, said,
                                                                          command):
    """An imported session's imported_events.csv that is not the table docs/session-format.md describes
    was ignored by `report` and `analyze` (exit 0, nothing said): it is bad input, as a damaged gaps.csv
    is, one line naming the file and line, exit 2, nothing written."""
    s = session_copy(tmp_path, "moticon-walk")
    (s / "imported_events.csv").write_bytes(content)
    argv = ["report", s, "-o", tmp_path / "report.html"] if command == "report" else ["analyze", s]
    line = fails_untouched(capsys, s, *argv)
    assert line == f"solewatch {command}: error: {s / 'imported_events.csv'}: {said}", line
    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize("sample, name, argv", [
    ("sim-healthy-ride", "params.json", ["analyze", "{s}"]),
    ("sim-healthy-ride", "baseline.json", ["replay", "{s}", "--plain"]),
    ("sim-healthy-ride", "setup.json", ["analyze", "{s}"]),
    ("sim-healthy-ride", "fit_records.parquet", ["export", "{s}", "--format", "fit", "-o", "{tmp}/ride.fit"]),
    ("moticon-walk", "extras.parquet", ["analyze", "{s}"]),
    ("moticon-walk", "imported_events.csv", ["analyze", "{s}"]),
])
def test_a_directory_in_place_of_a_sessions_own_file_is_one_line(tmp_path, capsys, sample, name, argv):
    """A directory where a session keeps an optional file (params.json, baseline.json, ...) was taken for
    no file at all: the session was analysed with the defaults, saying "the session kept none". It is a
    file that cannot be read, one line naming it."""
    s = session_copy(tmp_path, sample)
    target = s / name
    if target.exists():
        target.unlink()
    target.mkdir()
    line = refused_untouched(capsys, s, tmp_path, argv)
    assert f"{target}: " in line and ("not a file" in line or "Is a directory" in line), line


@FIT_EXPORT_AND_ANALYZE
def test_a_frame_time_later_than_any_recording_is_one_line(tmp_path, capsys, argv):
    """A last frame at t_s 1e12 s (a table written by another tool, milliseconds taken for seconds twice)
    was taken: `export --format fit` ended in a traceback allocating 7 TiB for its seconds. A time past
    the longest session (session.json's duration_s bound) is one line naming the row."""
    s = session_copy(tmp_path)
    df = pd.read_parquet(s / "frames.parquet")
    last = len(df) - 1
    df["t_s"] = np.where(df.index == last, 1e12, df["t_s"])
    df.to_parquet(s / "frames.parquet", index=False)
    line = refused_untouched(capsys, s, tmp_path, argv)
    assert line.endswith(f"{s / 'frames.parquet'}: row {last} (counting from 0): t_s 1e+12 s is later than any "
                         "recording (at most 31622400 s, 366 days)" + REBUILD), line


@FIT_EXPORT_AND_ANALYZE
def test_a_pressure_below_0_in_the_frames_table_is_one_line(tmp_path, capsys, argv):
    """-1e6 kPa in frames.parquet (a table written by another tool) went through the analysis without a
    word, where every import refuses it: an insole reads compression only, and no Solewatch writer stores a
    pressure below 0 (the recorder's counts are unsigned, an import reads a zero offset as 0)."""
    s = session_copy(tmp_path)
    df = pd.read_parquet(s / "frames.parquet")
    df["p01_kpa"] = df["p01_kpa"].where(df.index != 300, np.float32(-1e6))
    df.to_parquet(s / "frames.parquet", index=False)
    line = refused_untouched(capsys, s, tmp_path, argv)
    assert line.endswith(f"{s / 'frames.parquet'}: row 300 (counting from 0): p01_kpa is -1e+06, expected a "
                         "pressure of 0 kPa or more (an insole reads compression only; NaN where "
                         f"missing){REBUILD}"), line


@pytest.mark.parametrize("argv", [
    ["export", "{s}", "-o", "{tmp}/frames.csv"],
    ["analyze", "{s}"],
], ids=["export-csv", "analyze"])
def test_a_frame_given_twice_in_the_frames_table_is_one_line(tmp_path, capsys, argv):
    """A foot's frame at the same time twice (a row duplicated by another tool) was taken, and counted
    twice, where an import refuses a time that does not come after the foot's previous one."""
    s = session_copy(tmp_path)
    df = pd.read_parquet(s / "frames.parquet")
    foot = str(df["foot"].iloc[500])
    df = pd.concat([df.iloc[:501], df.iloc[500:501], df.iloc[501:]], ignore_index=True)
    df.to_parquet(s / "frames.parquet", index=False)
    line = refused_untouched(capsys, s, tmp_path, argv)
    assert line.endswith(f"{s / 'frames.parquet'}: row 501 (counting from 0): t_s {df['t_s'].iloc[500]:g} s does "
                         f"not come after the previous {foot} frame's (row 500): one frame per foot and time"
                         + REBUILD), line


def _extras(s, edit) -> None:
    df = pd.read_parquet(s / "extras.parquet")
    edit(df)
    df.to_parquet(s / "extras.parquet", index=False)


@pytest.mark.parametrize("edit, said", [
    (lambda df: df.__setitem__("acceleration_x_g", df["acceleration_x_g"].where(df.index != 10, np.inf)),
     "row 10 (counting from 0): acceleration_x_g is inf, expected a finite number (NaN where missing)"),
    (lambda df: df.__setitem__("t_s", df["t_s"].where(df.index != 10, np.nan)),
     "row 10 (counting from 0): t_s is nan, expected a finite time in seconds"),
    (lambda df: df.__setitem__("t_s", df["t_s"].to_numpy()[::-1].copy()),
     "row 2 (counting from 0): t_s 17.49 s comes before the previous row's 17.5 s"),
    (lambda df: df.__setitem__("foot", df["foot"].astype(str).where(df.index != 3, "middle")),
     "row 3 (counting from 0): foot 'middle' is not 'left' or 'right'"),
    (lambda df: df.__setitem__("acceleration_x_g", df["acceleration_x_g"].astype(str)),
     "column acceleration_x_g holds "),
    (lambda df: df.__delitem__("t_s"), "missing column(s) t_s (expected t_s, foot and the IMU"),
    (lambda df: df.__delitem__("foot"), "missing column(s) foot (expected t_s, foot and the IMU"),
], ids=["inf", "time-nan", "time-back", "foot", "text", "no-time-column", "no-foot-column"])
def test_a_damaged_extras_table_is_one_line_naming_the_row(tmp_path, capsys, edit, said):
    """An imported session's extras.parquet (its IMU) with an infinite acceleration, a time that is not one
    or goes back, a foot that is none, or text for numbers was taken without a word: its rows matched to
    no frame, or wrong ones, or an inf went into the activity's recognition. One whose t_s or foot column
    is gone was taken for a table without IMU rows, and said so in a caveat ("extras.parquet missing, or
    without them") while its IMU columns were all there."""
    s = session_copy(tmp_path, "moticon-walk")
    _extras(s, edit)
    line = fails_untouched(capsys, s, "analyze", s)
    assert f"{s / 'extras.parquet'}: {said}" in line, line
    assert line.endswith("; move it away to analyse the frames without the IMU"), line  # as an unreadable one


def test_a_scenario_or_fault_this_solewatch_does_not_know_is_read_as_written(tmp_path, capsys):
    """session.json's ``scenario`` and ``faults`` say how a simulated session was made (to record it again,
    docs/session-format.md); nothing that reads a session looks them up: analyze, report and replay work
    from the frames, the raw log and ``ground_truth``. So a name this Solewatch does not know (a newer
    one's scenario, a hand edit) changes no result and is not refused: the analysis is the same, without a
    word on stderr."""
    plain, odd = session_copy(tmp_path / "a", "sim-cleat-forward"), session_copy(tmp_path / "b", "sim-cleat-forward")

    def unknown(d: dict) -> None:
        d["scenario"], d["faults"] = "a-scenario-from-a-newer-solewatch", ["storm:left@1s", "%% not a fault"]

    edit_json(odd / "session.json", unknown)
    out = []
    for s in (plain, odd):
        assert main(["analyze", str(s), "--json"]) == 0
        captured = capsys.readouterr()
        assert captured.err == "", captured.err
        out.append(json.loads(captured.out))
    assert out[0] == out[1]
    assert open_session(odd).info.scenario == "a-scenario-from-a-newer-solewatch"


@pytest.mark.parametrize("caveats, said", [
    (-1, "field imported_from.caveats is a number, expected a list of strings"),
    ("positions inferred", "field imported_from.caveats is a string, expected a list of strings"),
    (["positions inferred", 7], "field imported_from.caveats[1] is a number, expected a string"),
], ids=["number", "string", "number-in-list"])
def test_an_import_caveat_list_of_another_type_is_one_line_naming_the_field(tmp_path, capsys, caveats, said):
    """session.json ``imported_from.caveats`` (the import's sentences the report lists in "What to know") of
    another JSON type was taken unchecked: a number ended the report in a traceback (``TypeError: 'int'
    object is not iterable``), a string was listed one character a caveat."""
    s = session_copy(tmp_path, "moticon-walk")
    edit_json(s / "session.json", lambda d: d["imported_from"].update(caveats=caveats))
    line = fails_untouched(capsys, s, "report", str(s), "-o", str(tmp_path / "r.html"))
    assert re.search(rf"{re.escape(str(s / 'session.json'))}: line \d+: {re.escape(said)}", line), line  # its line
    assert not (tmp_path / "r.html").exists()
