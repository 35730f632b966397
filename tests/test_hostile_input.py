"""Hostile and absurd values in a session's files, a params file and an import: one stderr line, exit 2,
no traceback, nothing changed (the contract of tests/test_malformed_files.py, whose helpers these use).

Each case is a value a careless or hostile user can write that used to end in a traceback, a runaway
allocation, or bad data stored without a word (docs/reliability.md, "Bad input is one line").
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from dev_full import is_character_device, needs_dev_full
from test_malformed_files import (
    EXAMPLE,
    edit_json,
    fails,
    fails_untouched,
    import_csv_fails,
    session_copy,
    tree_hashes,
)

from monitor.cli.main import main
from monitor.session.rawlog import KIND_EVENT, encode_record

DEEP = 200_000  # levels of nesting (the probe); json's parser gives up near a thousand


def _deep(levels: int = DEEP) -> str:
    return "[" * levels + "]" * levels


# ---------------------------------------------------------------------------- JSON nested too deeply


def test_a_session_json_nested_200000_deep_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    (s / "session.json").write_text(_deep(), encoding="utf-8")
    line = fails_untouched(capsys, s, "analyze", s)
    assert "session.json: nested too deeply" in line, line


def test_a_params_file_nested_200000_deep_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    params = tmp_path / "params.json"
    params.write_text('{"filter": ' + _deep() + "}", encoding="utf-8")
    line = fails_untouched(capsys, tmp_path, "analyze", s, "--params", params)
    assert "params.json: nested too deeply" in line, line


def test_a_layout_nested_200000_deep_is_one_line(tmp_path, capsys):
    layout = tmp_path / "layout.json"
    layout.write_text('{"feet": ' + _deep() + "}", encoding="utf-8")
    line = import_csv_fails(capsys, tmp_path, (EXAMPLE / "walk.csv").read_text(), layout)
    assert "layout.json: nested too deeply" in line, line


def test_an_event_payload_nested_200000_deep_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path)
    with open(s / "raw.swlog", "ab") as fh:
        fh.write(encode_record(KIND_EVENT, None, 1.0, ('{"event": ' + _deep() + "}").encode()))
    line = fails_untouched(capsys, s, "analyze", s)
    assert "raw.swlog" in line and "not a JSON object" in line, line


# ---------------------------------------------------------------------------- session.json values


@pytest.mark.parametrize("speed", ["Infinity", "1e308", "1e400", "-Infinity", "NaN", "1001"])
def test_a_session_speed_that_no_recording_had_is_one_line(tmp_path, capsys, speed):
    s = session_copy(tmp_path)
    path = s / "session.json"
    path.write_text(re.sub(r'"speed": [0-9.]+', f'"speed": {speed}', path.read_text()), encoding="utf-8")
    line = fails_untouched(capsys, s, "analyze", s)
    assert "session.json" in line and ("speed" in line or "finite" in line), line


@pytest.mark.parametrize("command", [("analyze",), ("report", "--force"), ("export", "--format", "fit", "--force")])
def test_a_session_duration_no_recording_had_is_one_line(tmp_path, capsys, command):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.__setitem__("duration_s", 1e308))
    line = fails_untouched(capsys, s, command[0], s, *command[1:])
    assert "session.json" in line and "duration_s 1e+308" in line, line


@pytest.mark.parametrize("rate", [0, -5])
def test_a_layout_rate_of_zero_or_below_is_one_line(tmp_path, capsys, rate):
    s = session_copy(tmp_path, "moticon-walk")

    def edit(d):
        for lay in d["layouts"].values():
            lay["rates_hz"], lay["current_rate_hz"] = [rate], rate

    edit_json(s / "session.json", edit)
    line = fails_untouched(capsys, s, "analyze", s)
    assert "rates_hz must be whole numbers from 1 to 1000 Hz" in line, line


def test_a_gap_of_1e300_frames_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")
    (s / "gaps.csv").write_text("foot,start_s,end_s,frames_missing,packets_lost,reason,filled\n"
                                "left,1,2,1e300,0,lost,False\n", encoding="utf-8")
    line = fails_untouched(capsys, s, "analyze", s)
    assert "gaps.csv: line 2: frames_missing '1e300'" in line, line


@pytest.mark.parametrize(("row", "said"), [
    # a gap to 1e300 s was taken: the report's data quality counted 1e300 s of gaps
    ("left,1,1e300,1,0,lost,False", "end_s 1e+300 s is later than any recording (at most 31622400 s, 366 days)"),
    # a gap from -2000 s was taken, though no frame may come before -1 s (EARLIEST_T_S) and neither the
    # link nor an import writes a gap earlier than its frames: the report counted 2000 s of gaps
    ("left,-2000,2,1,0,lost,False", "start_s -2000 s is before -1 s, the earliest frame time (session time "
                                    "counts from the start of the recording, 0)"),
], ids=["after-any-recording", "before-any-frame"])
def test_a_gap_outside_the_frames_times_is_one_line(tmp_path, capsys, row, said):
    s = session_copy(tmp_path, "moticon-walk")
    (s / "gaps.csv").write_text(f"foot,start_s,end_s,frames_missing,packets_lost,reason,filled\n{row}\n",
                                encoding="utf-8")
    line = fails_untouched(capsys, s, "report", s, "-o", tmp_path / "report.html")
    assert line.endswith(f"gaps.csv: line 2: {said}"), line
    assert not (tmp_path / "report.html").exists()


# ---------------------------------------------------------------------------- imports


def _layout(tmp_path, edit):
    d = json.loads((EXAMPLE / "layout.json").read_text())
    edit(d)
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    return path


def test_an_import_of_1e39_kpa_is_an_error_naming_file_and_line(tmp_path, capsys):
    lines = (EXAMPLE / "walk.csv").read_text().splitlines()
    cells = lines[9].split(",")
    cells[4] = "1e39"  # float32 holds up to 3.4e38: it would be stored as inf
    lines[9] = ",".join(cells)
    line = import_csv_fails(capsys, tmp_path, "\n".join(lines) + "\n")
    assert "walk.csv: line 10: column 'p02_kpa': '1e39'" in line, line


def test_an_import_with_an_area_session_json_cannot_keep_is_refused(tmp_path, capsys):
    layout = _layout(tmp_path, lambda d: d["feet"]["left"]["area_mm2"].__setitem__(0, 1e-320))
    line = import_csv_fails(capsys, tmp_path, (EXAMPLE / "walk.csv").read_text(), layout)
    assert "layout.json" in line and "area" in line and "0.001" in line, line


@pytest.mark.parametrize("text", ["1e400", "Infinity", "NaN"])
def test_an_import_layout_number_that_is_not_finite_is_refused(tmp_path, capsys, text):
    d = json.loads((EXAMPLE / "layout.json").read_text())
    d["feet"]["left"]["area_mm2"][0] = "HERE"
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps(d).replace('"HERE"', text), encoding="utf-8")
    line = import_csv_fails(capsys, tmp_path, (EXAMPLE / "walk.csv").read_text(), layout)
    assert f"layout.json: line 1: the number {text} is not a finite number" in line, line


@pytest.mark.parametrize("start", ["9999-12-31T23:59:59.000Z", "9999-12-31T23:30:00-01:00",
                                   "0001-01-01T00:00:00+01:00"])
def test_an_import_starting_at_the_end_of_the_calendar_is_one_line(tmp_path, capsys, start):
    layout = _layout(tmp_path, lambda d: d.__setitem__("start_utc", start))
    line = import_csv_fails(capsys, tmp_path, (EXAMPLE / "walk.csv").read_text(), layout)
    assert "start_utc" in line, line


def test_session_json_is_written_as_standard_json():
    from monitor.session.info import SessionInfo

    s = json.loads((EXAMPLE.parents[2] / "sessions/samples/moticon-walk/session.json").read_text())
    info = SessionInfo.from_dict(s)
    info.stats = {"counters": {"left": {"x": float("inf")}}}
    with pytest.raises(ValueError):
        info.to_json()


def test_the_untouched_helpers_see_a_change(tmp_path):
    """tree_hashes, which every case above relies on, does see a changed byte."""
    s = session_copy(tmp_path, "moticon-walk")
    before = tree_hashes(s)
    (s / "gaps.csv").write_text("x", encoding="utf-8")
    assert tree_hashes(s) != before


# ---------------------------------------------------------------------------- params that cost too much


@pytest.mark.parametrize("params, fragment", [
    ({"filter": {"order": 10**6}}, "filter.order is 1000000; it must be from 1 to 8"),
    ({"tare": {"tare_window_s": 1e12}}, "tare.tare_window_s is 1000000000000.0; it must be above 0 and at most 60"),
    ({"features": {"step_s": 1e-9}}, "features.step_s is 1e-09; it must be from 1 to 86400"),
    ({"activity": {"step_s": 0.01}}, "activity.step_s is 0.01; it must be from 1 to 86400"),
    ({"alerts": {"quiet_s": 1e9}}, "alerts.quiet_s is 1000000000.0; it must be above 0 and at most 86400"),
    # found by tests/test_fuzz_files.py breaking the analysis
    ({"filter": {"lowpass_hz": 9.3e-150}}, "filter.lowpass_hz is 9.3e-150; it must be at least 0.5"),
    ({"features": {"window_s": 1.0}}, "features.step_s (10.0) must be at most features.window_s (1.0)"),
    ({"activity": {"step_s": 30.0}}, "activity.step_s (30.0) must be at most activity.window_s (20.0)"),
    ({"cycles": {"peak_memory": 2**63}}, "cycles.peak_memory is 9223372036854775808; it must be from 1 to 1e+06"),
    # a window final before the strokes inside it are reported: streaming would not equal batch
    ({"cycles": {"min_cadence_rpm": 10.0}}, "features.settle_s (5.0) must be longer than the 6.23 s after which"),
    ({"features": {"settle_s": 1.0}}, "features.settle_s (1.0) must be longer than the 3.23 s after which"),
    # ... or the strides: one is reported once the stance at its end is a step, up to max_stride_s + min_swing_s
    ({"cycles": {"max_stride_s": 5.0}}, "features.settle_s (5.0) must be longer than the 5.1 s after which"),
])
def test_a_parameter_that_would_cost_too_much_is_one_line(tmp_path, capsys, params, fragment):
    s = session_copy(tmp_path, "moticon-walk")
    path = tmp_path / "params.json"
    path.write_text(json.dumps(params), encoding="utf-8")
    line = fails_untouched(capsys, tmp_path, "analyze", s, "--params", path)
    assert fragment in line, line


# ---------------------------------------------------------------------------- the report


def _reports(capsys, tmp_path, s):
    code = main(["report", str(s), "-o", str(tmp_path / "r.html"), "--pdf", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    return (tmp_path / "r.html").read_text(encoding="utf-8")


def test_dollar_signs_in_a_label_or_caveat_are_text_in_the_pdf(tmp_path, capsys):
    s = session_copy(tmp_path, "moticon-walk")

    def edit(d):
        d["label"] = r"$\frac{a}{$ ride"
        d["imported_from"]["caveats"].append(r"cost $x^{ $ and $\undefined$")

    edit_json(s / "session.json", edit)
    html = _reports(capsys, tmp_path, s)
    assert r"cost $x^{ $" in html


@pytest.mark.parametrize("event", [
    {"event": "battery", "foot": "left", "level_pct": "half"},
    {"event": "battery", "foot": "left", "level_pct": [1]},
    {"event": "battery", "foot": "left", "level_pct": 40, "t_s": "soon"},
    # an event whose foot is not a foot is refused when the raw log is read, one line (tests/test_link_hostile.py)
    {"event": ["disconnected"], "foot": "left"},
    {"event": "disconnected", "foot": "left", "t_s": {"a": 1}},
])
def test_odd_event_fields_do_not_break_the_report(tmp_path, capsys, monkeypatch, event):
    import monitor.report.writer as writer

    monkeypatch.setattr(writer, "report_figures", lambda data, progress=None: {})  # the numbers broke
    s = session_copy(tmp_path)
    with open(s / "raw.swlog", "ab") as fh:
        fh.write(encode_record(KIND_EVENT, None, 1.0, json.dumps(event).encode()))
    _reports(capsys, tmp_path, s)


# ---------------------------------------------------------------------------- outputs that cannot be written


def _denied(*args, **kwargs):
    raise PermissionError(13, "Permission denied")


def _read_only_folder(monkeypatch):
    """What a read-only folder does to a writer (the suite may run as root, where chmod does not bite):
    making a file or directory in it is denied, and so is removing one."""
    import pathlib

    for name in ("write_text", "write_bytes", "mkdir", "unlink", "rmdir"):
        monkeypatch.setattr(pathlib.Path, name, _denied)
    monkeypatch.setattr("os.replace", _denied)


def test_a_report_into_a_read_only_folder_is_one_line(tmp_path, capsys, monkeypatch):
    import monitor.report.writer as writer

    monkeypatch.setattr(writer, "report_figures", lambda data, progress=None: {})
    s = session_copy(tmp_path, "moticon-walk")
    before = tree_hashes(tmp_path)
    _read_only_folder(monkeypatch)
    code = main(["report", str(s), "-o", str(tmp_path / "ro" / "r.html")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    [line] = err.strip().splitlines()  # said before the work: no progress line before it
    assert line.startswith("solewatch report: error: ") and "Permission denied" in line, line
    monkeypatch.undo()
    assert tree_hashes(tmp_path) == before


def _no_work(*args, **kwargs):
    raise AssertionError("the command's work began before its output was tried")


@pytest.mark.parametrize("argv, target, reason", [
    (["report", "{s}", "-o", "{tmp}/r.html"], "{tmp}/r.html", "cannot write (Permission denied)"),
    (["report", "{s}", "--pdf", "{tmp}/r.pdf"], "{s}/report.html", "cannot write (Permission denied)"),
    (["report", "{s}", "-o", "{tmp}/sub/r.html"], "{tmp}/sub/r.html", "cannot make the directory {tmp}/sub "
                                                                     "(Permission denied)"),
    (["export", "{s}", "--format", "fit", "-o", "{tmp}/ride.fit"], "{tmp}/ride.fit",
     "cannot write (Permission denied)"),
], ids=["report", "report-in-the-session", "report-in-a-new-folder", "fit-export"])
def test_an_output_that_cannot_be_written_is_said_before_the_work(tmp_path, capsys, monkeypatch, argv, target,
                                                                   reason):
    """The report (and a FIT export, which analyses first) tries its output before it loads, analyses and
    draws the session: one line and nothing else said, rather than every figure drawn first."""
    import monitor.analysis.batch as batch
    import monitor.report.writer as writer

    monkeypatch.setattr(batch, "analyze", _no_work)
    monkeypatch.setattr(writer, "report_data", _no_work)
    monkeypatch.setattr(writer, "report_figures", _no_work)
    s = session_copy(tmp_path)
    before = tree_hashes(tmp_path)
    _read_only_folder(monkeypatch)
    fill = {"s": s, "tmp": tmp_path}
    line = fails(capsys, *[a.format(**fill) for a in argv])
    assert line == f"solewatch {argv[0]}: error: {target.format(**fill)}: {reason.format(**fill)}", line
    monkeypatch.undo()
    assert tree_hashes(tmp_path) == before


@pytest.mark.parametrize("where", ["f.csv", "sub/f.csv"])
def test_an_export_into_a_read_only_folder_is_one_line(tmp_path, capsys, monkeypatch, where):
    import monitor.session.export as export

    s = session_copy(tmp_path, "moticon-walk")
    before = tree_hashes(tmp_path)
    _read_only_folder(monkeypatch)
    monkeypatch.setattr(export, "write_frames", _denied)
    line = fails(capsys, "export", s, "-o", tmp_path / where)
    assert "Permission denied" in line, line
    monkeypatch.undo()
    assert tree_hashes(tmp_path) == before


def _no_insoles(monkeypatch):
    """Fails the test if a command gets as far as the radio."""
    import monitor.cli.live_command as live_command
    import monitor.cli.record_command as record_command

    def open_backends(*args, **kwargs):
        raise AssertionError("the insoles were reached before the output was checked")

    for command in (record_command, live_command):
        monkeypatch.setattr(command, "open_backends", open_backends)


@pytest.mark.parametrize("command", ["record", "live"])
def test_record_out_naming_a_file_fails_before_connecting(tmp_path, capsys, monkeypatch, command):
    _no_insoles(monkeypatch)
    target = tmp_path / "afile"
    target.write_text("someone's", encoding="utf-8")
    line = fails(capsys, command, "--sim", "healthy-ride", "--duration", "2s", "--out", target)
    assert "afile" in line and "not a directory" in line, line
    assert target.read_text(encoding="utf-8") == "someone's"


@pytest.mark.parametrize("where", ["", "sub"])
def test_record_out_in_a_read_only_folder_fails_before_connecting(tmp_path, capsys, monkeypatch, where):
    _no_insoles(monkeypatch)
    import pathlib

    monkeypatch.setattr(pathlib.Path, "mkdir", _denied)
    line = fails(capsys, "record", "--sim", "healthy-ride", "--duration", "2s", "--out", tmp_path / where)
    assert "Permission denied" in line, line


def test_the_write_whole_cleanup_never_raises_in_its_own_handler(tmp_path, monkeypatch):
    """A failed write whose temporary file cannot be removed either still says the write's error."""
    import pathlib

    from monitor.errors import OutputError
    from monitor.util.outputs import write_whole

    def write(tmp):
        tmp.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "unlink", _denied)
    with pytest.raises(OutputError, match="No space left on device"):
        write_whole([(tmp_path / "out.csv", write)])


# ---------------------------------------------------------------------------- smaller problems


def test_a_session_json_that_cannot_be_written_leaves_no_tmp_file(tmp_path, monkeypatch):
    from monitor.util.outputs import write_json_atomic

    path = tmp_path / "session.json"
    path.write_text("{}", encoding="utf-8")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_json_atomic(path, '{"a": 1}')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.json"]
    assert path.read_text(encoding="utf-8") == "{}"


def test_only_a_character_device_is_taken_for_dev_full(tmp_path):
    """The full-disk tests run only against the device: a regular file named /dev/full (left by a writer
    that renamed its output over it) takes every write, and a test run against it would fail for the
    machine, not for the code."""
    regular = tmp_path / "full"
    regular.write_bytes(b"")
    (tmp_path / "link").symlink_to(regular)
    assert not is_character_device(regular)
    assert not is_character_device(tmp_path / "link")
    assert not is_character_device(tmp_path / "missing")
    assert is_character_device(Path("/dev/null"))


@needs_dev_full
def test_a_failed_events_file_is_not_exit_0(tmp_path, capsys):
    s = session_copy(tmp_path, "sim-cleat-forward")
    code = main(["replay", str(s), "--events", "/dev/full", "--plain"])
    out, err = capsys.readouterr()
    assert code == 1, (code, out[-300:])
    assert "The events file stopped: [Errno 28]" in out + err
    # said when it happened, before the first alert's line goes by without it, not only in the summary
    said = out.index("the events file stopped: No space left on device")
    assert said < out.index("The events file stopped: [Errno 28]")
    assert out.count("the events file stopped:") == 1


def test_numpy_runtime_warnings_do_not_reach_the_terminal(tmp_path, capsys, monkeypatch):
    import warnings

    import numpy as np

    import monitor.cli.commands as commands

    def analyze_command(session, **kwargs):
        np.nanmean(np.full(3, np.nan))  # "Mean of empty slice", as a foot with no reading gives
        return int(np.float64(0.0) / np.float64(0.0) != 0) - 1  # "invalid value": NaN != 0 is True: 0

    monkeypatch.setattr(commands, "analyze_command", analyze_command)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", ResourceWarning)  # an earlier test's object finalised here is not this
        assert main(["analyze", str(tmp_path)]) == 0
    assert [str(w.message) for w in seen] == []
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("sep", ["\x1e", "\u2028", "\x0b", "\x85"])
def test_a_name_holding_a_line_separator_is_still_one_line(tmp_path, capsys, sep):
    s = session_copy(tmp_path, "moticon-walk")
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"activity": {f"a{sep}b": 1}}), encoding="utf-8")
    line = fails_untouched(capsys, tmp_path, "analyze", s, "--params", path)
    assert "unknown parameter activity.a b" in line, line


# ---------------------------------------------------------------------------- FIT files (docs/fit.md)

FIT_RIDE = Path(__file__).resolve().parent / "data" / "fit" / "Edge810-Vector-2013-08-16-15-35-10.fit"


def _fit_without_records() -> bytes:
    from garmin_fit_sdk import Encoder
    from garmin_fit_sdk.profile import Profile

    enc = Encoder()
    enc.write_mesg({"mesg_num": Profile["mesg_num"]["FILE_ID"], "type": "settings", "manufacturer": "development",
                    "product": 0, "time_created": 1_000_000_000})
    return bytes(enc.close())


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


@pytest.mark.parametrize("make, fragment", [
    (lambda d: d[: len(d) // 2], "the FIT file is cut short (74,018 of the 148,037 bytes its header announces)"),
    (lambda d: d[:-1], "the FIT file is cut short"),
    (lambda d: _flip(d, len(d) - 1), "the FIT file's CRC does not match its contents"),
    (lambda d: _flip(d, 5000), "the FIT file's CRC does not match its contents"),
    (lambda d: d[:12] + b"\x34\x12" + d[14:], "the FIT file header's CRC does not match it"),
    (lambda d: b"timestamp,power\n0,200\n", "not a FIT file"),
    (lambda d: b"", "the file is empty"),
    (lambda d: d[:8] + b".GPX" + d[12:], "not a FIT file"),
    (lambda d: _fit_without_records(), "a FIT file of type settings with no timed record"),
    (lambda d: d + bytes(100), "the 100 bytes after the FIT file's end (byte 148,037) are not a FIT file"),
    (lambda d: d + _flip(d, 5000),
     "the FIT file's CRC does not match its contents (a damaged file; chained FIT file 2)"),
], ids=["half", "last-byte", "crc", "flipped-inside", "header-crc", "csv", "empty", "not-fit-tag",
        "no-records", "trailing-zeros", "chained-bad-crc"])
def test_a_bad_fit_file_is_one_line_and_writes_nothing(tmp_path, capsys, make, fragment):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", "2013-08-16T18:05:10.000Z"))
    bad = tmp_path / "ride.fit"
    bad.write_bytes(make(FIT_RIDE.read_bytes()))
    line = fails_untouched(capsys, s, "import", "fit", bad, "--into", s)
    assert f"ride.fit: {fragment}" in line, line


@pytest.mark.parametrize("start, fragment", [
    (None, "does not overlap the session "),  # the sample session as recorded (its folder, then its times)
    ("", "has no start time in UTC"),
    ("9999-12-31T23:59:59.000Z", "is not a time from 1989-12-31 to 2126-02-06"),
    ("1970-01-01T00:00:00.000Z", "is not a time from 1989-12-31"),
])
def test_a_ride_that_cannot_be_aligned_says_why_and_writes_nothing(tmp_path, capsys, start, fragment):
    s = session_copy(tmp_path)
    if start is not None:
        edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", start))
    line = fails_untouched(capsys, s, "import", "fit", FIT_RIDE, "--into", s)
    assert fragment in line, line


def test_a_fit_ride_imported_twice_needs_force(tmp_path, capsys):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", "2013-08-16T18:05:10.000Z"))
    (s / "fit_records.parquet").write_bytes(b"kept")
    line = fails_untouched(capsys, s, "import", "fit", FIT_RIDE, "--into", s)
    assert "fit_records.parquet: exists" in line and "--force" in line, line


@pytest.mark.parametrize("argv, fragment", [
    (["import", "fit", "ride.fit"], "import fit takes --into SESSION"),
    (["import", "fit", "ride.fit", "--into", "S", "-o", "x"], "import fit takes --into SESSION"),
    (["import", "csv", "f.csv", "--into", "S"], "import csv takes -o SESSION_DIR"),
    (["import", "moticon", "f.txt"], "import moticon takes -o SESSION_DIR"),
])
def test_import_fit_and_the_other_imports_take_their_own_options(tmp_path, capsys, argv, fragment):
    line = fails_untouched(capsys, tmp_path, *argv)
    assert fragment in line, line


@pytest.mark.parametrize("start", ["", "9999-12-31T23:59:59.000Z", "1980-01-01T00:00:00.000Z"])
def test_a_fit_export_of_a_session_no_fit_file_can_date_is_one_line(tmp_path, capsys, start):
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", start))
    line = fails_untouched(capsys, s, "export", s, "--format", "fit")
    assert "a FIT activity cannot be dated" in line, line


def test_a_damaged_ride_table_is_one_line_in_the_report(tmp_path, capsys):
    s = session_copy(tmp_path)
    (s / "fit_records.parquet").write_bytes(b"PAR1 not a table")
    before = tree_hashes(tmp_path)
    code = main(["report", str(s), "-o", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    line = err.strip().splitlines()[-1]  # after the progress lines, the error's one line
    assert line.startswith("solewatch report: error: ") and "fit_records.parquet: not a readable Parquet table" \
        in line, line
    assert tree_hashes(tmp_path) == before


def test_an_output_onto_a_named_pipe_is_written_into_it_never_replacing_it(tmp_path):
    """``--force`` onto a target that is not a regular file (a device such as /dev/stdout, a named pipe)
    writes into it: renaming a finished file over it used to turn /dev/full into a regular file."""
    import os
    import stat
    import threading

    from monitor.util.outputs import write_whole

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_whole([(fifo, lambda tmp: tmp.write_bytes(b"a whole report\n"))])
    reader.join(timeout=30)
    assert got == [b"a whole report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it


@pytest.mark.parametrize("where", ["", "st", "st/deeper"])
def test_a_study_into_a_read_only_folder_is_one_line_before_any_session_is_analysed(tmp_path, capsys, monkeypatch,
                                                                                     where):
    import monitor.studies.run as study_run

    s = session_copy(tmp_path, "moticon-walk")
    (tmp_path / "ro").mkdir()

    def analysed(*args, **kwargs):
        raise AssertionError("a session was analysed before the output folder was checked")

    monkeypatch.setattr(study_run, "run_study", analysed)
    before = sorted(tmp_path.rglob("*"))
    _read_only_folder(monkeypatch)
    out = tmp_path / "ro" / where
    line = fails(capsys, "study", s, "-o", out, "--workers", "1", "--plain")
    # the folder the person named, and nothing else (had: "OUT/study: cannot make the directory ...", the
    # name of a probe file in it)
    assert line == f"solewatch study: error: {out}: cannot write the study there (Permission denied)", line
    monkeypatch.undo()
    assert sorted(tmp_path.rglob("*")) == before  # nothing made, nothing left behind


def test_an_events_file_from_an_earlier_ride_is_kept_unless_forced(tmp_path, capsys, monkeypatch):
    """--events onto a file that holds something stops before connecting (live) or replaying, and keeps it;
    --force replaces it. It used to be overwritten without a word."""
    _no_insoles(monkeypatch)
    earlier = tmp_path / "events.jsonl"
    earlier.write_text('{"an earlier ride": 1}\n', encoding="utf-8")
    line = fails(capsys, "live", "--sim", "healthy-ride", "--duration", "2s", "--out", tmp_path / "s",
                 "--events", earlier)
    assert "--force replaces it" in line, line
    s = session_copy(tmp_path, "sim-cleat-forward")
    line = fails(capsys, "replay", s, "--events", earlier)
    assert "the file exists" in line, line
    assert earlier.read_text(encoding="utf-8") == '{"an earlier ride": 1}\n'
    assert main(["replay", str(s), "--events", str(earlier), "--force", "--plain"]) == 0
    assert earlier.read_text(encoding="utf-8").startswith('{"schema": "solewatch.events/1"')


def test_a_replay_of_a_folder_that_is_no_session_says_so(tmp_path, capsys):
    """Not 'use solewatch analyze for imported sessions', which fits a session without a raw log only."""
    line = fails(capsys, "replay", tmp_path)
    assert "not a session directory (no session.json, no raw.swlog)" in line, line


def test_a_bad_fault_is_named_once(tmp_path, capsys):
    line = fails(capsys, "record", "--sim", "healthy-ride", "--fault", "bogus", "--duration", "2s",
                 "--out", tmp_path)
    assert line.count("bogus") == 1 and "--fault: bad fault 'bogus'" in line, line


def test_a_fit_import_into_a_read_only_session_is_one_line_naming_its_table(tmp_path, capsys, monkeypatch):
    """``import fit --force`` into a session folder that cannot be written: one line naming the session's
    table, not pyarrow's text about the temporary file it was opening; exit 2; the ride imported before
    is left as it was."""
    import pyarrow.parquet as pq

    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", "2013-08-16T18:05:10.000Z"))
    assert main(["import", "fit", str(FIT_RIDE), "--into", str(s)]) == 0
    capsys.readouterr()
    before = tree_hashes(tmp_path)

    def read_only(table, where, *args, **kwargs):  # what pyarrow raises for a file it cannot open there
        raise OSError(13, f"Failed to open local file '{where}'. Detail: [errno 13] Permission denied")

    _read_only_folder(monkeypatch)
    monkeypatch.setattr(pq, "write_table", read_only)
    line = fails(capsys, "import", "fit", FIT_RIDE, "--into", s, "--force")
    assert line == (f"solewatch import: error: {s / 'fit_records.parquet'}: cannot write (Permission denied); "
                    "nothing was left behind"), line
    monkeypatch.undo()
    assert tree_hashes(tmp_path) == before


# ---------------------------------------------------------------------------- an input that is a device

#: A cap on the address space of a command run by the device tests (bytes): a reader that takes a device
#: that never ends (/dev/zero) for a file stops at MemoryError under it instead of filling the host's memory.
DEVICE_TEST_MEMORY_B = 3 * 1024**3


def _capped_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (DEVICE_TEST_MEMORY_B, DEVICE_TEST_MEMORY_B))


@pytest.mark.skipif(not is_character_device(Path("/dev/zero")), reason="needs /dev/zero")
@pytest.mark.parametrize("case", ["params", "import-moticon", "import-physionet", "import-csv", "csv-layout",
                                  "import-fit"])
def test_a_device_given_for_a_file_is_one_line_naming_it(tmp_path, case):
    """/dev/zero (a device whose reading never ends) given where a file belongs: one line naming it, exit 2,
    nothing made (had: read whole, a MemoryError traceback or the host's memory filled)."""
    import subprocess
    import sys

    s = session_copy(tmp_path, "sim-healthy-ride")
    out = tmp_path / "imported"
    zero = "/dev/zero"
    argv = {
        "params": ["analyze", s, "--params", zero],
        "import-moticon": ["import", "moticon", zero, "-o", out],
        "import-physionet": ["import", "physionet", zero, "-o", out],
        "import-csv": ["import", "csv", zero, "--layout", EXAMPLE / "layout.json", "-o", out],
        "csv-layout": ["import", "csv", EXAMPLE / "walk.csv", "--layout", zero, "-o", out],
        "import-fit": ["import", "fit", zero, "--into", s],
    }[case]
    before = tree_hashes(tmp_path)
    done = subprocess.run([sys.executable, "-m", "monitor.cli.main", *map(str, argv)], capture_output=True,
                          text=True, preexec_fn=_capped_memory, timeout=600)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, (done.returncode, done.stderr[-2000:])
    assert f"{zero}: a character device, not a file" in lines[0], lines[0]
    assert tree_hashes(tmp_path) == before


@pytest.mark.parametrize("fmt", ["csv", "moticon", "physionet"])
def test_an_import_from_a_pipe_is_one_line_saying_so(tmp_path, fmt):
    """``import csv <(...)``: a pipe cannot be read twice, and an import reads its file more than once (its
    opening to tell the format, then the whole): one line saying so, exit 2, nothing made (had: the second
    reading found what the first left, `/dev/fd/63: line 1: the file is empty`, or `not a Moticon export`)."""
    import os
    import subprocess
    import sys

    out = tmp_path / "imported"
    read_end, write_end = os.pipe()
    os.write(write_end, (EXAMPLE / "walk.csv").read_bytes())  # 903 bytes: within the pipe's buffer
    os.close(write_end)
    layout = ["--layout", str(EXAMPLE / "layout.json")] if fmt == "csv" else []
    try:
        done = subprocess.run([sys.executable, "-m", "monitor.cli.main", "import", fmt, f"/dev/fd/{read_end}",
                               *layout, "-o", str(out)], capture_output=True, text=True, pass_fds=(read_end,),
                              timeout=600)
    finally:
        os.close(read_end)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, (done.returncode, done.stderr[-2000:])
    assert f"/dev/fd/{read_end}: a pipe, not a file" in lines[0], lines[0]
    assert "save it to a file first" in lines[0], lines[0]
    assert not out.exists()


@pytest.mark.parametrize("setup", ['{"pedals": 5}', "{"])
def test_analyze_of_a_session_whose_setup_json_is_broken_is_the_error_line_alone(tmp_path, capsys, setup):
    """A live session's setup.json is read before analyze says what it analyses with, as report reads it (had:
    `analysing with the live session's detection parameters ...`, then the error: two lines)."""
    s = session_copy(tmp_path, "sim-healthy-ride")
    (s / "params.json").write_text("{}", encoding="utf-8")  # kept by live: analyze says it uses them
    (s / "setup.json").write_text(setup, encoding="utf-8")
    line = fails_untouched(capsys, s, "analyze", s)
    assert "setup.json" in line, line


@pytest.mark.skipif(not is_character_device(Path("/dev/null")), reason="needs /dev/null")
@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_a_device_given_for_a_session_is_said_as_one(capsys, command):
    """`analyze /dev/null` said `/dev/null: not a directory: nothing is there`: something is there."""
    line = fails(capsys, command, "/dev/null")
    assert "/dev/null: not a directory but a character device (expected a session directory)" in line, line


def test_dollar_signs_in_a_compared_session_are_text_in_the_pdf(tmp_path, capsys):
    """`--compare B --pdf`: B's name, with "$" that mathtext would take for TeX, is drawn as written on the
    PDF's Before and after pages (monitor.report.compare_pdf draws them with math off)."""
    from pdf_text import compact, pdf_text_lines

    s = session_copy(tmp_path, "sim-cleat-forward")
    b = session_copy(tmp_path, "sim-healthy-ride")
    name = r"20261126T230834Z-$\frac{a}{$-ride"
    edit_json(b / "session.json", lambda d: d.update(session_id=name))
    pdf = tmp_path / "r.pdf"
    code = main(["report", str(s), "-o", str(tmp_path / "r.html"), "--pdf", str(pdf), "--compare", str(b)])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err, err
    assert compact(f"After: {name}") in compact(" ".join(pdf_text_lines(pdf.read_bytes())))


@pytest.mark.parametrize("command", ["analyze", "report"])
def test_a_setup_json_with_a_key_it_does_not_have_is_one_line_naming_it(tmp_path, capsys, command):
    """setup.json holds pedals and shoes only; a key it does not have was dropped without a word, so a
    misspelt `{"pedal": "toe-clips"}` was read as no pedals declared and the session advised for clipless
    pedals (toe clips change the advice), as study.json refuses a key it does not have."""
    s = session_copy(tmp_path, "sim-cleat-forward")
    (s / "setup.json").write_text('{"pedal": "toe-clips", "shoes": "road shoes"}', encoding="utf-8")
    argv = [command, s] + (["-o", tmp_path / "r.html"] if command == "report" else [])
    line = fails_untouched(capsys, s, *argv)
    assert f"{s / 'setup.json'}: unknown key \"pedal\" (allowed: pedals, shoes, remembered)" in line, line


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["kept", "forced"])
def test_events_onto_a_directory_is_one_line_forced_or_not(tmp_path, capsys, monkeypatch, force):
    """had: "the file exists (an earlier ride's events?); --force replaces it" for a directory, and with
    --force "Is a directory" once the replay was under way."""
    folder = tmp_path / "events"
    (folder / "kept").mkdir(parents=True)
    session = session_copy(tmp_path, "sim-cleat-forward")
    done = subprocess.run([sys.executable, "-m", "monitor", "replay", str(session), "--speed", "max", "--events",
                           str(folder), *force], capture_output=True, text=True, timeout=600,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2 and "Traceback" not in done.stderr + done.stdout, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line == f"solewatch replay: error: --events {folder}: is a directory (expected a file for the " \
                   "events' JSON lines)", line
    _no_insoles(monkeypatch)
    line = fails(capsys, "live", "--sim", "healthy-ride", "--duration", "2s", "--out", tmp_path / "s",
                 "--events", folder, *force)
    assert line.endswith(f"--events {folder}: is a directory (expected a file for the events' JSON lines)"), line
    assert [p.name for p in folder.iterdir()] == ["kept"] and not (tmp_path / "s").exists()
