"""`solewatch import` on damaged copies of real files: each gives one line that says what is wrong.

Moticon OpenGo sample export: Apache-2.0, github.com/moticon-rego/moticon-opengo. PhysioNet gaitpdb
GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
MOTICON = DATA / "moticon_opengo" / "230927_102114.txt"
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"
EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"


def _copy(tmp_path: Path, source: Path, name: str, edit) -> Path:
    """The first 60 lines of ``source`` with ``edit`` (str -> str) applied to each, as ``tmp_path/name``."""
    lines = source.read_text(encoding="utf-8").splitlines()[:60]
    path = tmp_path / name
    path.write_text("\n".join(edit(line) for line in lines) + "\n", encoding="utf-8")
    return path


def _import(fmt: str, path: Path, tmp_path: Path) -> None:
    layout = ["--layout", str(EXAMPLE / "layout.json")] if fmt == "csv" else []
    assert main(["import", fmt, str(path), *layout, "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt, source, sep, said", [
    ("csv", EXAMPLE / "walk.csv", ";", "line 1: no 't_s' column in the header; its cells are separated by "
                                       "semicolons, not commas (docs/import-csv.md)"),
    ("csv", EXAMPLE / "walk.csv", "\t", "line 1: no 't_s' column in the header; its cells are separated by "
                                        "TABs, not commas (docs/import-csv.md)"),
    ("moticon", MOTICON, ",", "line 9: the last '#' line must name the columns, 'time' first, not "
                              "'time,left pressure 1[N/cm²],left pressur...'; its cells are separated by "
                              "commas, not TABs"),
    ("physionet", PHYSIONET, ";", "line 1: not a PhysioNet gait file (expected 19 columns, found 1); its cells "
                                  "are separated by semicolons, not spaces or TABs"),
], ids=["csv-semicolons", "csv-tabs", "moticon-commas", "physionet-semicolons"])
def test_a_file_with_the_wrong_cell_separator_says_which_it_has(tmp_path, capsys, fmt, source, sep, said):
    """A table saved with another separator (a spreadsheet's ';') was refused as having no 't_s' column,
    or 1 column of 19, without a word on why."""
    def edit(line: str) -> str:
        if fmt == "csv":
            return line.replace(",", sep)
        if fmt == "moticon":
            return line.replace("\t", sep)
        return sep.join(line.split())

    path = _copy(tmp_path, source, source.name, edit)
    _import(fmt, path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: {said}"]


@pytest.mark.parametrize("fmt, source, said", [
    ("moticon", MOTICON, "line 10: expected 53 columns, found 1; its cells are separated by commas, not TABs"),
    ("csv", EXAMPLE / "walk.csv", "line 2: expected 10 cells (as the header on line 1), found 1; its cells are "
                                  "separated by semicolons, not commas"),
], ids=["moticon", "csv"])
def test_data_rows_with_the_wrong_separator_say_which_they_have(tmp_path, capsys, fmt, source, said):
    """A header with the right separator over rows saved with another."""
    def edit(line: str) -> str:
        if fmt == "moticon":
            return line if line.startswith("#") else line.replace("\t", ",")
        return line if line.startswith("t_s") else line.replace(",", ";")

    path = _copy(tmp_path, source, source.name, edit)
    _import(fmt, path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: {said}"]


def _caveats(session: Path) -> list[str]:
    return json.loads((session / "session.json").read_text())["imported_from"]["caveats"]


def _empty_cells(line: str, sep: str, columns: list[int]) -> str:
    cells = line.split(sep)
    return sep.join("" if j in columns else c for j, c in enumerate(cells))


def test_a_csv_sensor_column_empty_in_every_row_is_a_caveat(tmp_path, capsys):
    """A sensor with no sample anywhere (a column mapped wrong, a sensor unplugged) was imported without a
    word: the session read as if that sensor had seen nothing."""
    path = _copy(tmp_path, EXAMPLE / "walk.csv", "walk.csv",
                 lambda line: line if line.startswith("t_s") else _empty_cells(line, ",", [5]))
    out = tmp_path / "out"
    assert main(["import", "csv", str(path), "--layout", str(EXAMPLE / "layout.json"), "-o", str(out)]) == 0
    said = [c for c in _caveats(out) if "no sample in the whole file" in c]
    assert said == ["left: no sample in the whole file in column 'p03_kpa' (kept as missing: a sensor that never "
                    "reported, or a column left empty)",
                    "right: no sample in the whole file in column 'p03_kpa' (kept as missing: a sensor that never "
                    "reported, or a column left empty)"]


def test_a_moticon_sensor_column_empty_in_every_row_is_a_caveat(tmp_path):
    """The same for a Moticon export (read whole, or streamed as a clean export is)."""
    left_7, left_9 = 7, 9  # the columns of left pressure 7 and 9 (time is column 0)
    path = _copy(tmp_path, MOTICON, MOTICON.name,
                 lambda line: line if line.startswith("#") else _empty_cells(line, "\t", [left_7, left_9]))
    out = tmp_path / "out"
    assert main(["import", "moticon", str(path), "-o", str(out)]) == 0
    assert [c for c in _caveats(out) if "no sample in the whole file" in c] == [
        "left: no sample in the whole file in columns 'left pressure 7[N/cm²]', 'left pressure 9[N/cm²]' (kept as "
        "missing: a sensor that never reported, or a column left empty)"]


def test_a_foot_with_every_sensor_sampled_has_no_such_caveat(tmp_path):
    out = tmp_path / "out"
    assert main(["import", "moticon", str(MOTICON), "-o", str(out)]) == 0
    assert not [c for c in _caveats(out) if "no sample in the whole file" in c]


@pytest.mark.parametrize("activity, said", [
    ("walkng", "field activity: 'walkng' is not an activity; did you mean walking? (one of unknown, cycling, "
               "cycling_seated, cycling_standing, running, walking, elliptical, stair_climber, elliptical_or_stair)"),
    ("stairs", "field activity: 'stairs' is not an activity; did you mean stair_climber? (one of unknown, cycling, "
               "cycling_seated, cycling_standing, running, walking, elliptical, stair_climber, elliptical_or_stair)"),
    ("swimming", "field activity: 'swimming' is not an activity (one of unknown, cycling, cycling_seated, "
                 "cycling_standing, running, walking, elliptical, stair_climber, elliptical_or_stair)"),
])
def test_a_layout_activity_that_is_no_activity_is_refused(tmp_path, capsys, activity, said):
    """A misspelt activity in the layout was kept as it was and then ignored: the session was recognised
    instead of declared, without a word (an unknown field is refused for the same reason)."""
    layout = json.loads((EXAMPLE / "layout.json").read_text())
    layout["activity"] = activity
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(layout))
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(path), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: {said}"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("activity, kept", [("Cycling", "cycling"), ("STAIR_CLIMBER", "stair_climber")])
def test_a_layout_activity_is_taken_in_any_case_as_the_option_takes_it(tmp_path, capsys, activity, kept):
    """The layout JSON's activity follows --activity's rule: a word in any case is the activity."""
    layout = json.loads((EXAMPLE / "layout.json").read_text())
    layout["activity"] = activity
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(layout))
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(path), "-o", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "session.json").read_text())["activity"] == kept


def test_the_session_activities_are_those_the_analysis_declares():
    from monitor.analysis.batch import DECLARED_ACTIVITY
    from monitor.session.info import SESSION_ACTIVITIES

    assert set(SESSION_ACTIVITIES) == {"unknown", *DECLARED_ACTIVITY}


@pytest.mark.parametrize("make, said", [
    (lambda p: p.mkdir(), "a directory, not a file"),
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b""), "the file is empty"),
], ids=["directory", "missing", "empty"])
def test_a_fit_file_that_cannot_be_read_is_said_as_the_other_imports_say_it(tmp_path, capsys, make, said):
    """``import fit`` said "cannot read (Is a directory)" and "cannot read (No such file or directory)"
    where the other imports say "a directory, not a file" and "no such file", and "not a FIT file (no FIT
    file header: expected '.FIT' at byte 8)" for an empty file."""
    from test_malformed_files import session_copy

    path = tmp_path / "ride.fit"
    make(path)
    s = session_copy(tmp_path)
    assert main(["import", "fit", str(path), "--into", str(s)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: {said}"]


@pytest.mark.parametrize("empty_foot, kept", [("right", "left"), ("left", "right")])
def test_a_moticon_export_with_one_insole_empty_imports_to_a_session_that_loads(tmp_path, capsys, empty_foot,
                                                                                 kept):
    """An export whose right insole has no sample imported as a left-only session ("the right insole has
    no samples in the file; the session has no right foot"), and then every command on it ended in a
    traceback (IndexError in checked_feet): frames.parquet's foot column still knows "right" as a
    category, with no row."""
    from monitor.session.directory import load_session, open_session

    columns = range(1, 26) if empty_foot == "left" else range(26, 51)  # a foot's 25 columns (time is 0)
    path = _copy(tmp_path, MOTICON, MOTICON.name,
                 lambda line: line if line.startswith("#") else _empty_cells(line, "\t", list(columns)))
    out = tmp_path / "out"
    assert main(["import", "moticon", str(path), "-o", str(out)]) == 0
    assert main(["analyze", str(out)]) == 0
    assert f"\n{kept}: " in capsys.readouterr().out
    assert set(load_session(out).frames["foot"]) == {kept}
    assert open_session(out).foot_arrays(kept)[0].size > 0


def _set_cell(line: str, sep: str, column: int, value: str) -> str:
    cells = line.split(sep) if sep != " " else line.split()
    cells[column] = value
    return (sep if sep != " " else "\t").join(cells)


# a pressure (gaitpdb: a force) cell set on one data line: (format, source, separator, data line index among
# the first 60 lines, column, value, the column's name in the message, the message's value and floor)
_NEGATIVE = {
    "moticon": ("moticon", MOTICON, "\t", 30, 39, "-5.00", "right pressure 14[N/cm²]", "-5 N/cm²", "0.25 N/cm²"),
    "csv": ("csv", EXAMPLE / "walk.csv", ",", 5, 3, "-40", "p01_kpa", "-40 kPa", "2.5 kPa"),
    "physionet": ("physionet", PHYSIONET, " ", 30, 3, "-50", "L3", "-50 N", "3.75 N"),
}


@pytest.mark.parametrize("case", list(_NEGATIVE))
def test_a_clearly_negative_pressure_is_refused_naming_file_line_and_column(tmp_path, capsys, case):
    """A pressure far below 0 (a sign flipped, a column of something else) was imported without a word,
    and read as an unloaded sensor by every analysis. An insole reads compression only: below a sensor's
    zero offset, a negative value is not a measurement."""
    fmt, source, sep, index, column, value, name, said, floor = _NEGATIVE[case]
    header_lines = 9 if fmt == "moticon" else 1 if fmt == "csv" else 0
    lines = source.read_text(encoding="utf-8").splitlines()[:60]
    lines[index] = _set_cell(lines[index], sep, column, value)
    path = tmp_path / source.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _import(fmt, path, tmp_path)
    assert index >= header_lines
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line {index + 1}: column {name!r}: {said} is below 0 by more than a "
        f"sensor's zero offset ({floor} at most)"]


@pytest.mark.parametrize("case", list(_NEGATIVE))
def test_a_slightly_negative_pressure_is_a_zero_offset_read_as_0_and_said(tmp_path, case):
    """A pressure a little below 0 is a sensor's zero that drifted (docs/session-format.md, "Imported
    sessions"): read as 0 kPa, and said in a caveat, in the whole file as in a streamed Moticon import."""
    from monitor.session.directory import load_session

    fmt, source, sep, _index, column, _value, _name, _said, _floor = _NEGATIVE[case]
    small = {"moticon": "-0.25", "csv": "-1.5", "physionet": "-2"}[fmt]
    unit = {"moticon": "N/cm²", "csv": "kPa", "physionet": "N"}[fmt]
    foot = "right" if fmt == "moticon" else "left"
    lines = source.read_text(encoding="utf-8").splitlines()
    first = 9 if fmt == "moticon" else 1 if fmt == "csv" else 0
    rows = [i for i in range(first, len(lines)) if fmt != "csv" or ",left," in lines[i]][5:8]
    for i in rows:
        lines[i] = _set_cell(lines[i], sep, column, small)
    path = tmp_path / source.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    layout = ["--layout", str(EXAMPLE / "layout.json")] if fmt == "csv" else []
    assert main(["import", fmt, str(path), *layout, "-o", str(out)]) == 0
    frames = load_session(out).frames
    sensors = frames[[c for c in frames.columns if c.endswith("_kpa")]].to_numpy()
    assert not (sensors < 0).any()
    quantity = "force" if fmt == "physionet" else "pressure"
    floor = {"moticon": "0.25 N/cm²", "csv": "2.5 kPa", "physionet": "3.75 N"}[fmt]
    assert f"{foot}: 3 {quantity} samples read below 0, down to {float(small):g} {unit} (a sensor's zero offset, " \
           f"{floor} at most): read as 0" in _caveats(out)


@pytest.mark.parametrize("stray_line, name, said", [
    (6, b"left pressure 3[N/mm\xc2\xb2]", "column 'left pressure 3[N/mm²]': pressure unit 'N/mm²' is not N/cm²"),
    (8, b"left pressure 3[N/mm\xc2\xb2]", "column 'left pressure 3[N/mm²]': pressure unit 'N/mm²' is not N/cm²"),
    (8, b"left pressure 3[N/mm\xb2 \x81]", "column 'left pressure 3[N/mm² \\x81]': pressure unit 'N/mm² \\x81' is "
                                          "not N/cm²"),
], ids=["stray-byte-in-notes", "stray-byte-in-column-line", "latin-1-name"])
def test_a_column_name_in_a_header_that_is_not_all_utf8_is_said_readably(tmp_path, capsys, stray_line, name, said):
    """A UTF-8 export with one byte of another encoding in its header (a note typed in a Latin-1 editor) was
    read as Latin-1 throughout, so the column named in the error read 'N/mmÂ²'. A header line's UTF-8 is
    read as UTF-8, any other byte as Latin-1 (a control character shown as an escape), still one line."""
    lines = MOTICON.read_bytes().split(b"\n")[:60]
    lines[8] = lines[8].replace("left pressure 3[N/cm²]".encode(), name, 1)
    lines[stray_line] += b" caf\xe9"  # Notes: ...; or after the last column name
    path = tmp_path / MOTICON.name
    path.write_bytes(b"\n".join(lines) + b"\n")
    _import("moticon", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: line 9: {said}"]


@pytest.mark.parametrize("misspelt, said", [
    ("left pr\xe9ssure 3[N/cm²]",
     "line 9: left: no column 'left pressure 3[N/cm²]' (is 'left pr\xe9ssure 3[N/cm²]' it, misspelt?); a "
     "Moticon export has pressure columns 1..16"),
    ("left presure 3[N/cm²]",
     "line 9: left: no column 'left pressure 3[N/cm²]' (is 'left presure 3[N/cm²]' it, misspelt?); a Moticon "
     "export has pressure columns 1..16"),
    ("left pressure3[N/cm²]",
     "line 9: left: no column 'left pressure 3[N/cm²]' (is 'left pressure3[N/cm²]' it, misspelt?); a Moticon "
     "export has pressure columns 1..16"),
    (None, "line 9: left: no column 'left pressure 3[N/cm²]'; a Moticon export has pressure columns 1..16"),
], ids=["accent", "letter-missing", "space-missing", "column-missing"])
def test_a_misspelt_moticon_pressure_column_is_named_with_the_close_one(tmp_path, capsys, misspelt, said):
    """A misspelt pressure column was taken as an extra column, and the error then said "expected pressure
    columns 1..16, found 15 (1, 2, 4, ...)" without naming the column: it names the missing column and
    the file's column closest to it."""
    def edit(line: str) -> str:
        if not line.startswith("# time\t"):
            return line
        names = line.split("\t")
        j = names.index("left pressure 3[N/cm²]")
        if misspelt is not None:
            names[j] = misspelt
            return "\t".join(names)
        return "\t".join(names[:j] + names[j + 1:])

    def drop_cell(line: str) -> str:  # the data rows lose the column the header lost
        if line.startswith("#") or misspelt is not None:
            return edit(line)
        cells = line.split("\t")
        return "\t".join(cells[:3] + cells[4:])

    path = _copy(tmp_path, MOTICON, MOTICON.name, drop_cell)
    _import("moticon", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: {said}"]


def test_a_moticon_pressure_column_beyond_16_is_named(tmp_path, capsys):
    def edit(line: str) -> str:
        return line.replace("left pressure 16[N/cm²]", "left pressure 17[N/cm²]") if line.startswith("#") else line

    path = _copy(tmp_path, MOTICON, MOTICON.name, edit)
    _import("moticon", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line 9: left: no column 'left pressure 16[N/cm²]' (is 'left pressure "
        "17[N/cm²]' it, misspelt?); a Moticon export has pressure columns 1..16"]


def test_a_moticon_pressure_column_past_16_with_all_16_there_is_named(tmp_path, capsys):
    def edit(line: str) -> str:
        if line.startswith("# time\t"):
            return line + "\tleft pressure 17[N/cm²]"
        return line if line.startswith("#") else line + "\t0"

    path = _copy(tmp_path, MOTICON, MOTICON.name, edit)
    _import("moticon", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line 9: left: 'left pressure 17[N/cm²]': a Moticon export has pressure "
        "columns 1..16, no more"]


@pytest.mark.parametrize("twice", ["left pressure 3[N/cm²]", "right total force[N]"], ids=["pressure", "extra"])
def test_a_moticon_column_named_twice_is_refused_naming_it(tmp_path, capsys, twice):
    """A header holding a column twice was accepted and the later one silently won: it is refused, in one
    line naming the file, the header line and the column."""
    def edit(line: str) -> str:
        if line.startswith("# time\t"):
            return line + "\t" + twice
        return line if line.startswith("#") else line + "\t0"

    path = _copy(tmp_path, MOTICON, MOTICON.name, edit)
    _import("moticon", path, tmp_path)
    names = MOTICON.read_text(encoding="utf-8").splitlines()[8].lstrip("#").split("\t")
    first, second = [n.strip() for n in names].index(twice), len(names)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line 9: column '{twice}' appears twice in the header (columns "
        f"{first + 1} and {second + 1})"]


def test_a_moticon_number_too_large_outside_a_pressure_column_is_said_as_what_it_is(tmp_path, capsys):
    """1e300 in an acceleration column was refused as beyond "the largest value a frames table (float32
    kPa) in N/cm² holds": an acceleration in g goes into no frames table, in no N/cm²."""
    lines = MOTICON.read_text(encoding="utf-8").splitlines()
    header = next(i for i, text in enumerate(lines) if text.startswith("# time"))
    names = lines[header].lstrip("# ").split("\t")
    j = names.index("left acceleration X[g]")
    cells = lines[header + 4].split("\t")
    cells[j] = "1e300"
    lines[header + 4] = "\t".join(cells)
    src = tmp_path / "walk.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["import", "moticon", str(src), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in err, err
    assert err.endswith(f"walk.txt: line {header + 5}: column 'left acceleration X[g]': '1e300' is above 3.4e+37, "
                        "the largest number read from a Moticon export"), err
    assert not (tmp_path / "out").exists()


def _retimed(shift_s: float, first_s: float | None = None, decimals: int = 4):
    """An edit of tab-separated lines with the time first: every row's time moved by ``shift_s``, and the
    first row's set to ``first_s``, written with ``decimals``; ``#`` header lines kept."""
    state = {"first": True}

    def edit(line: str) -> str:
        if line.startswith("#"):
            return line
        t, rest = line.split("\t", 1)
        t_s = float(t) + shift_s
        if state.pop("first", False) and first_s is not None:
            t_s = first_s
        return f"{t_s:.{decimals}f}\t{rest}"

    return edit


@pytest.mark.parametrize("edit, blank_first, said", [
    (_retimed(0.0, first_s=-1.0), False, "line 1: time -1 s is below 0"),
    (_retimed(-0.5), False, "line 1: time -0.5 s is below 0"),
    (_retimed(0.0, first_s=-0.01), True, "line 2: time -0.01 s is below 0"),
], ids=["first-row-at-minus-1s", "whole-walk-shifted", "after-a-blank-line"])
def test_a_physionet_time_below_0_is_refused_naming_file_and_line(tmp_path, capsys, edit, blank_first, said):
    """A gaitpdb time is seconds from the start of the walk (PhysioNet gaitpdb format.txt: "Time (in
    seconds)", 100 Hz; GaCo01_01 starts at 0). A first row at -1 s was taken, and the step from it to the
    next row's 0.01 s became a 1-s time jump filled with 100 missing rows, in a session that began at -1 s."""
    path = _copy(tmp_path, PHYSIONET, "GaCo01_01.txt", edit)
    if blank_first:
        path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _import("physionet", path, tmp_path)
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"solewatch import: error: {path}: {said}"), line
    assert "start of the walk" in line, line


def _moticon_retimed(shift_s: float, first_s: float | None = None):
    """An edit of Moticon export lines (times in hundredths): :func:`_retimed`."""
    return _retimed(shift_s, first_s, decimals=2)


@pytest.mark.parametrize("edit, said", [
    (_moticon_retimed(0.0, first_s=-1.0), "line 10: time -1 s is below 0"),
    (_moticon_retimed(-0.5), "line 10: time -0.5 s is below 0"),
    (_moticon_retimed(0.0, first_s=-0.01), "line 10: time -0.01 s is below 0"),
], ids=["first-row-at-minus-1s", "whole-export-shifted", "first-row-one-sample-early"])
def test_a_moticon_time_below_0_is_refused_naming_file_and_line(tmp_path, capsys, edit, said):
    """A Moticon export's time is seconds from the start of the recording, counting up at the sample rate
    (230927_102114.txt starts at 0.00 s, walk_data_with_events.txt at 0.01 s, both 100 Hz). A first row at
    -1 s was taken, and the step from it to the next row's 0.01 s filled as a 1-s time jump of 100 missing
    rows per foot, in a session that began at -1 s; a whole export shifted to -0.5 s began at -0.5 s."""
    path = _copy(tmp_path, MOTICON, MOTICON.name, edit)
    _import("moticon", path, tmp_path)
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"solewatch import: error: {path}: {said}"), line
    assert "start of the recording" in line, line


def _in_pa(line: str) -> str:
    """A walk.csv line with every pressure written in Pa (x 1000), as a file of another tool might be."""
    if line.startswith("t_s"):
        return line
    cells = line.split(",")
    return ",".join(cells[:2] + [f"{float(c) * 1000:g}" if c else "" for c in cells[2:]])


@pytest.mark.parametrize(("resolution_kpa", "calibrated"), [(None, True), (0.5, True), (0.5, False)],
                         ids=["default-resolution", "coarse-resolution", "coarse-uncalibrated"])
def test_a_csv_in_pa_is_refused_naming_file_line_and_column(tmp_path, capsys, resolution_kpa, calibrated):
    """A generic CSV whose pressures are in Pa (190000 for a 190-kPa heel) was imported as kPa without a
    word: every peak a thousand times what any insole reads, every threshold of the analysis crossed. An
    uncalibrated layout of coarse resolution (0.5 kPa a count) raises the bound to 65,535 counts of it, the
    most a recording holds: the file in Pa is still above it. A calibrated foot's bound is 2000 kPa, at
    any resolution."""
    path = _copy(tmp_path, EXAMPLE / "walk.csv", "walk.csv", _in_pa)
    layout = json.loads((EXAMPLE / "layout.json").read_text(encoding="utf-8"))
    for foot in layout["feet"].values():
        foot.pop("resolution_kpa")
        if resolution_kpa is not None:
            foot["resolution_kpa"] = resolution_kpa
        foot["calibrated"] = calibrated
    (tmp_path / "layout.json").write_text(json.dumps(layout), encoding="utf-8")
    assert main(["import", "csv", str(path), "--layout", str(tmp_path / "layout.json"), "-o",
                 str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    why = ("above 2000 kPa, more than any insole reads (a guess, docs/import-csv.md)" if calibrated
           else "above 32767.5 kPa, the most a recording holds at the layout's resolution_kpa 0.5 (65,535 counts)")
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line 2: column 'p00_kpa': 190000 kPa is {why}: is the file in another "
        "unit (Pa?)"]


def test_a_csv_pressure_within_the_bound_is_read_as_it_is(tmp_path):
    """1500 kPa, above every in-shoe peak domain.md gives but within the bound, is kept."""
    from monitor.importers import read_recording

    lines = (EXAMPLE / "walk.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = _set_cell(lines[1], ",", 2, "1500")
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rec = read_recording("csv", path, layout=EXAMPLE / "layout.json")
    assert float(rec.pressure_kpa["left"][0, 0]) == 1500.0


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole-file"])
def test_a_moticon_pressure_beyond_any_insole_is_refused_naming_file_line_and_column(tmp_path, capsys, streamed):
    """25000 in a Moticon pressure column (a column in Pa, or rewritten by another tool) was read as
    250000 kPa without a word. It is refused read whole (read_recording) and streamed (the CLI streams a
    clean export)."""
    from monitor.errors import SessionFormatError
    from monitor.importers import read_recording

    lines = MOTICON.read_text(encoding="utf-8").splitlines()[:60]
    lines[30] = _set_cell(lines[30], "\t", 39, "25000.00")
    path = tmp_path / MOTICON.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = (f"{path}: line 31: column 'right pressure 14[N/cm²]': 25000 N/cm² is above 200 N/cm², more than any "
            "insole reads (a guess, docs/import-csv.md): is the file in another unit (Pa?)")
    if streamed:
        _import("moticon", path, tmp_path)
        assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {said}"]
    else:
        with pytest.raises(SessionFormatError) as info:
            read_recording("moticon", path)
        assert str(info.value) == said


def _csv_retimed(shift_s: float, line_index: int | None = None):
    """An edit of walk.csv lines: every row's t_s moved by ``shift_s`` (or only line ``line_index``'s, the
    index among the file's lines)."""
    state = {"i": -1}

    def edit(line: str) -> str:
        state["i"] += 1
        if line.startswith("t_s") or (line_index is not None and state["i"] != line_index):
            return line
        t, rest = line.split(",", 1)
        return f"{float(t) + shift_s:g},{rest}"

    return edit


@pytest.mark.parametrize("edit, said", [
    (_csv_retimed(-1.5), "line 2: t_s -1.5 s is before -1 s"),
    (_csv_retimed(-1.014, line_index=2), "line 3: t_s -1.01 s is before -1 s"),
], ids=["whole-file-shifted", "one-foots-first-row"])
def test_a_csv_time_before_the_recording_is_refused_naming_file_and_line(tmp_path, capsys, edit, said):
    """A generic CSV's t_s is seconds from the start of the recording (docs/import-csv.md), as a Moticon
    export's and a gaitpdb file's time is, and those refuse a time below 0. A CSV shifted to start at -1.5 s
    was imported without a word, into a session whose analysis counts seconds from 0: a ride shifted to
    -2000 s gave none of the alerts the same ride at 0 s gave. Only a recording's first frames, up to 1 s,
    may come before 0 (test_export_import_csv.py)."""
    path = _copy(tmp_path, EXAMPLE / "walk.csv", "walk.csv", edit)
    _import("csv", path, tmp_path)
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"solewatch import: error: {path}: {said}"), line
    assert "start of the recording" in line, line


def test_a_csv_with_its_times_in_milliseconds_is_said_to_be_so(tmp_path, capsys):
    """A CSV whose t_s is in ms (0, 20, 40 for 50 Hz) was refused as a layout whose rate_hz is wrong,
    "50 Hz, but the left rows of the CSV step by 20 s (0.05 Hz)": the layout was right, the unit not."""
    def edit(line: str) -> str:
        if line.startswith("t_s"):
            return line
        t, rest = line.split(",", 1)
        return f"{float(t) * 1000:g},{rest}"

    path = _copy(tmp_path, EXAMPLE / "walk.csv", "walk.csv", edit)
    _import("csv", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {EXAMPLE / 'layout.json'}: field feet.left.rate_hz: 50 Hz, but the left rows of "
        "the CSV step by 20 s (0.05 Hz) over their span, time jumps left out; is t_s in milliseconds? (it is seconds)"]


@pytest.mark.parametrize("commas", [",", ",,"], ids=["one", "two"])
def test_a_csv_header_with_an_unnamed_column_says_where(tmp_path, capsys, commas):
    """A CSV saved with trailing commas (a spreadsheet's empty columns) was refused as "column '' is no
    sensor column of layout.json", or with two as "column '' appears twice in the header"."""
    path = _copy(tmp_path, EXAMPLE / "walk.csv", "walk.csv", lambda line: line + commas)
    _import("csv", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line 1: column 11 of the header has no name (a trailing comma?); "
        "every column is t_s, foot or a sensor column of the layout (docs/import-csv.md)"]


@pytest.mark.parametrize("unit", ["mN/cm²", "kN/cm²", "N/cm", "N/cm³", "MN/cm²"])
def test_a_pressure_unit_that_only_holds_n_per_cm_is_refused(tmp_path, capsys, unit):
    """A pressure column's unit was taken when it held "n/cm" anywhere, so 'mN/cm²' was read as N/cm², a
    thousand times too high; only N/cm² is taken, any other unit refused naming the file, column and unit."""
    lines = MOTICON.read_bytes().split(b"\n")[:60]
    lines[8] = lines[8].replace("left pressure 3[N/cm²]".encode(), f"left pressure 3[{unit}]".encode(), 1)
    path = tmp_path / MOTICON.name
    path.write_bytes(b"\n".join(lines) + b"\n")
    _import("moticon", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: line 9: column 'left pressure 3[{unit}]': pressure unit '{unit}' is not "
        "N/cm²"]


@pytest.mark.parametrize("unit", ["N/cm^2", "N/cm2", " N/cm² ", "n/cm²"])
def test_n_per_cm2_written_another_way_reads_as_n_per_cm2(tmp_path, unit):
    from monitor.session.directory import load_session

    lines = MOTICON.read_bytes().split(b"\n")[:60]
    path = tmp_path / "ref.txt"
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert main(["import", "moticon", str(path), "-o", str(tmp_path / "ref")]) == 0
    lines[8] = lines[8].replace("[N/cm²]".encode(), f"[{unit}]".encode())
    path = tmp_path / MOTICON.name
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert main(["import", "moticon", str(path), "-o", str(tmp_path / "out")]) == 0
    assert load_session(tmp_path / "out").frames.equals(load_session(tmp_path / "ref").frames)



def _written_on_while_read(tmp_path: Path, monkeypatch, more) -> Path:
    """The example walk.csv with its first row ended by a lone CR, which sends it to the line reading, as
    ``tmp_path/walk.csv``; the bytes ``more(lines)`` (``lines``: its lines) are appended once
    text_line_bound has read it, as a logger still writing would, before the csv module reads it."""
    from monitor.importers import generic_csv_lines

    lines = (EXAMPLE / "walk.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "walk.csv"
    path.write_text(lines[0] + "\n" + lines[1] + "\r" + "\n".join(lines[2:]) + "\n", encoding="utf-8", newline="")
    first_bound = generic_csv_lines.text_line_bound

    def then_written_on(p):
        bound = first_bound(p)
        with open(p, "ab") as f:
            f.write(more(lines))
        return bound

    monkeypatch.setattr(generic_csv_lines, "text_line_bound", then_written_on)
    return path


def test_a_csv_that_grows_while_the_line_reading_reads_it_is_one_line(tmp_path, capsys, monkeypatch):
    """The line reading reserves each foot's rows for the lines the file held when it was first read
    (text_line_bound); a file written on meanwhile (a logger still appending) gave more rows than that, and
    the import ended in a traceback (ValueError: could not broadcast ...). It is one line naming the file and
    the first row past the room, exit 2."""
    # each foot more rows than the file had lines
    path = _written_on_while_read(tmp_path, monkeypatch, lambda lines: ("\n".join(lines[1:]) + "\n").encode() * 3)
    _import("csv", path, tmp_path)
    [said] = capsys.readouterr().err.strip().splitlines()
    assert said.startswith(f"solewatch import: error: {path}: line ") and "changed while it was read" in said, said


def test_a_csv_that_stops_being_utf8_while_the_line_reading_reads_it_is_one_line(tmp_path, capsys, monkeypatch):
    """text_line_bound checks the file is UTF-8, then the csv module reads it again: bytes that are not UTF-8
    written in between ended the import in a traceback (UnicodeDecodeError). One line, exit 2."""
    path = _written_on_while_read(tmp_path, monkeypatch, lambda lines: lines[-1].encode() + b"\xff\xfe\n")
    _import("csv", path, tmp_path)
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: not UTF-8 any more: it changed while it was read (import it once it "
        "is written)"]
