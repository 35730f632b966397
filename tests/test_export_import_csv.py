"""solewatch export (frames table -> CSV/Parquet) and solewatch import csv (generic CSV + layout JSON).

The round trips run on the sample sessions in sessions/samples/ (two simulated rides recorded through the
virtual radio, and a Moticon OpenGo export: Apache-2.0, github.com/moticon-rego/moticon-opengo).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import monitor
from monitor.cli.main import main
from monitor.codebook import sensor_columns
from monitor.errors import SessionFormatError, UsageError
from monitor.importers import import_file, read_recording
from monitor.session.directory import open_session
from monitor.session.export import export_frames, export_target

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
SAMPLE_NAMES = ("sim-cleat-forward", "sim-healthy-ride", "moticon-walk")
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"
EXAMPLE_CSV = EXAMPLE / "walk.csv"
EXAMPLE_LAYOUT = EXAMPLE / "layout.json"


def layout_from_session_json(session_dir: Path) -> dict:
    """The import layout (docs/import-csv.md) written from a session.json, independently of the library."""
    info = json.loads((session_dir / "session.json").read_text())
    feet = {}
    for foot, lay in info["layouts"].items():
        feet[foot] = {"rate_hz": lay["current_rate_hz"], "x": lay["x"], "y": lay["y"],
                      "area_mm2": lay["area_mm2"], "regions": lay["regions"],
                      "positions_inferred": lay["positions_inferred"], "resolution_kpa": lay["kpa_per_count"]}
    return {"label": info["label"], "feet": feet}


def write_layout(path: Path, layout: dict) -> Path:
    path.write_text(json.dumps(layout, indent=2))
    return path


@pytest.fixture(scope="module")
def ride():
    return monitor.load_session(SAMPLES / "sim-cleat-forward")


# ---------------------------------------------------------------------------- the documented example


def test_the_documented_example_imports(tmp_path):
    s = monitor.load_session(import_file("csv", EXAMPLE_CSV, tmp_path / "walk", layout=EXAMPLE_LAYOUT))
    assert s.info.source == "import" and s.info.imported_from["format"] == "csv"
    assert s.info.imported_from["header"]["layout"] == "layout.json"
    assert s.info.label == "example-walk" and s.info.activity == "walking"
    assert s.info.start_utc == "2024-05-01T09:30:00.000Z" and s.info.end_utc == "2024-05-01T09:30:00.204Z"
    assert s.info.devices["right"].serial == "R-0001"
    assert s.info.devices["left"].model == "8-sensor FSR insole"
    lay = s.info.layouts["left"]
    assert lay.regions[3] == "mth1" and lay.current_rate_hz == 50 and lay.kpa_per_count == 0.5
    assert list(s.frames.columns) == ["t_s", "foot", *sensor_columns(8)]
    left, right = s.foot_frames("left"), s.foot_frames("right")
    assert len(left) == len(right) == 10
    np.testing.assert_allclose(right["t_s"], np.arange(10) * 0.02 + 0.004)
    assert left.loc[0, "p00_kpa"] == 190 and right.loc[9, "p04_kpa"] == 195
    p_left = left[sensor_columns(8)].to_numpy()
    assert np.isnan(p_left[5]).all() and not np.isnan(np.delete(p_left, 5, axis=0)).any()
    p_right = right[sensor_columns(8)].to_numpy()
    assert np.isnan(p_right[3, 5]) and np.isnan(p_right).sum() == 1  # one empty cell, not 0
    assert s.gaps[["foot", "frames_missing", "reason"]].values.tolist() == [["left", 1, "empty in file"]]
    assert "illustrative numbers" in s.info.imported_from["caveats"][0]


def test_the_doc_shows_the_example_layout_file():
    doc = (ROOT / "docs" / "import-csv.md").read_text()
    block = re.search(r"```json\n(.*?)```", doc, re.S).group(1)
    assert json.loads(block) == json.loads(EXAMPLE_LAYOUT.read_text())
    assert "tests/data/generic_csv/walk.csv" in doc
    first_lines = EXAMPLE_CSV.read_text().splitlines()[:5]
    assert "\n".join(first_lines) in doc


# ---------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_export_then_import_gives_the_same_frames(tmp_path, name):
    original = monitor.load_session(SAMPLES / name)
    csv_path = export_frames(original, tmp_path / "frames.csv", "csv")
    layout = write_layout(tmp_path / "layout.json", layout_from_session_json(SAMPLES / name))
    back = monitor.load_session(import_file("csv", csv_path, tmp_path / "back", layout=layout))
    pd.testing.assert_frame_equal(back.frames, original.frames)  # NaN where NaN, float32 exact
    for foot, lay in original.info.layouts.items():
        got = back.info.layouts[foot]
        assert got.regions == lay.regions and got.current_rate_hz == lay.current_rate_hz
        np.testing.assert_array_equal(got.x, lay.x)
        np.testing.assert_array_equal(got.area_mm2, lay.area_mm2)
    filled = original.gaps[original.gaps["filled"].astype(bool)] if len(original.gaps) else original.gaps
    assert back.gaps["frames_missing"].sum() == filled["frames_missing"].sum()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_command_line_export_comes_back_with_the_layout_it_writes(tmp_path, capsys, name):
    # had: export said "the sensor layouts are in SESSION/session.json (layouts)", a file `import csv --layout`
    # refuses ("field devices: unknown field"): the round trip the docs promise needed a layout made by hand
    assert main(["export", str(SAMPLES / name), "-o", str(tmp_path / "f.csv")]) == 0
    said = capsys.readouterr().out
    layout = tmp_path / "f.layout.json"
    assert f"--layout {layout}" in said, said
    assert main(["import", "csv", str(tmp_path / "f.csv"), "--layout", str(layout), "-o", str(tmp_path / "b")]) == 0
    original, back = monitor.load_session(SAMPLES / name), monitor.load_session(tmp_path / "b")
    pd.testing.assert_frame_equal(back.frames, original.frames)
    for foot, lay in original.info.layouts.items():
        got = back.info.layouts[foot]
        assert got.regions == lay.regions and got.current_rate_hz == lay.current_rate_hz
        np.testing.assert_array_equal(got.y, lay.y)
    assert (back.info.label, back.info.start_utc) == (original.info.label, original.info.start_utc)
    assert main(["export", str(SAMPLES / name), "-o", "/dev/stdout"]) == 0  # into a stream: the frames alone
    assert "layout.json" not in capsys.readouterr().err and not Path("/dev/stdout.layout.json").exists()


def test_an_export_whose_layout_file_exists_writes_nothing_unless_forced(tmp_path, capsys):
    (tmp_path / "f.layout.json").write_text("mine")
    assert main(["export", str(SAMPLES / "moticon-walk"), "-o", str(tmp_path / "f.csv")]) == 2
    assert "f.layout.json: exists" in capsys.readouterr().err and not (tmp_path / "f.csv").exists()
    assert main(["export", str(SAMPLES / "moticon-walk"), "-o", str(tmp_path / "f.csv"), "--force"]) == 0
    assert json.loads((tmp_path / "f.layout.json").read_text())["feet"]["left"]["rate_hz"] == 100


def test_round_trip_keeps_missing_frames_and_cells(tmp_path, ride):
    frames = ride.frames.copy()
    cols = sensor_columns(18)
    frames.loc[100:140, cols] = np.nan  # frames that never arrived, both feet
    frames.loc[500, "p07_kpa"] = np.nan  # one sensor with no reading
    session = replace(ride, frames=frames)
    csv_path = export_frames(session, tmp_path / "f.csv", "csv")
    text = csv_path.read_text().splitlines()
    assert text[0] == "t_s,foot," + ",".join(cols)
    assert text[101].endswith("," * 18) and "nan" not in csv_path.read_text().lower()
    layout = write_layout(tmp_path / "layout.json", layout_from_session_json(ride.path))
    back = monitor.load_session(import_file("csv", csv_path, tmp_path / "back", layout=layout))
    pd.testing.assert_frame_equal(back.frames, frames)
    assert (back.gaps["reason"] == "empty in file").all() and back.gaps["frames_missing"].sum() == 41


def test_a_recording_whose_first_frames_came_before_its_start_round_trips(tmp_path, ride):
    """A recording's first notification can hold frames sampled before the recording began (its first
    8 frames at 100 Hz dated down to -0.07 s): the session keeps them, and its export imports back whole."""
    frames = ride.frames.copy()
    frames["t_s"] = frames["t_s"] - frames["t_s"].min() - 0.063
    assert frames["t_s"].min() < 0
    session = replace(ride, frames=frames)
    csv_path = export_frames(session, tmp_path / "f.csv", "csv")
    layout = write_layout(tmp_path / "layout.json", layout_from_session_json(ride.path))
    back = monitor.load_session(import_file("csv", csv_path, tmp_path / "back", layout=layout))
    pd.testing.assert_frame_equal(back.frames, frames)


def test_parquet_export_is_the_frames_table(tmp_path, ride):
    path = export_frames(ride, tmp_path / "frames.parquet", "parquet")
    got = pd.read_parquet(path)
    pd.testing.assert_frame_equal(got, ride.frames)


def test_feet_one_after_the_other_read_the_same_as_interleaved(tmp_path):
    lines = EXAMPLE_CSV.read_text().splitlines()
    rows = lines[1:]
    blocks = [r for r in rows if ",right," in r] + [r for r in rows if ",left," in r]
    path = tmp_path / "walk.csv"
    path.write_text("\n".join([lines[0], *blocks]) + "\n")
    a = monitor.load_session(import_file("csv", path, tmp_path / "a", layout=EXAMPLE_LAYOUT)).frames
    b = monitor.load_session(import_file("csv", EXAMPLE_CSV, tmp_path / "b", layout=EXAMPLE_LAYOUT)).frames
    pd.testing.assert_frame_equal(a, b)


def test_declared_columns_per_foot_and_a_one_foot_file(tmp_path):
    layout = json.loads(EXAMPLE_LAYOUT.read_text())
    layout["feet"]["left"]["columns"] = [f"L{k}" for k in range(1, 9)]
    layout["feet"]["right"]["columns"] = [f"R{k}" for k in range(1, 6)]
    for field in ("x", "y", "area_mm2", "regions"):  # a 5-sensor right insole
        layout["feet"]["right"][field] = layout["feet"]["right"][field][:5]
    lay_path = write_layout(tmp_path / "layout.json", layout)
    header = ["t_s", "foot", *layout["feet"]["left"]["columns"], *layout["feet"]["right"]["columns"]]
    rows = [",".join(header)]
    for k in range(6):
        rows.append(f"{k * 0.02:g},left," + ",".join(str(10 * k + j) for j in range(8)) + "," * 5)
        rows.append(f"{k * 0.02 + 0.01:g},Right," + "," * 8 + ",".join(str(100 + j) for j in range(5)))
    path = tmp_path / "two.csv"
    path.write_text("\n".join(rows) + "\n")
    s = monitor.load_session(import_file("csv", path, tmp_path / "s", layout=lay_path))
    assert list(s.frames.columns) == ["t_s", "foot", *sensor_columns(8)]
    right = s.foot_frames("right")
    assert right.shape == (6, 2 + 5) and (right["p04_kpa"] == 104).all()
    assert np.isnan(s.frames[s.frames["foot"] == "right"]["p05_kpa"]).all()
    assert s.foot_frames("left").loc[5, "p07_kpa"] == 57

    path.write_text("\n".join([*rows[:3], rows[3] + "7", *rows[4:]]) + "\n")  # a value in R5 of a left row
    with pytest.raises(SessionFormatError, match=rf"^{re.escape(str(path))}: line 4: column 'R5' is not a left sensor"):
        read_recording("csv", path, layout=lay_path)

    del layout["feet"]["right"]
    one = write_layout(tmp_path / "left-only.json", layout)
    left_rows = [",".join(r.split(",")[:10]) for r in rows if ",left," in r or r.startswith("t_s")]
    path.write_text("\n".join(left_rows) + "\n")
    rec = read_recording("csv", path, layout=one)
    assert rec.feet == ("left",) and rec.foot_t_s["left"].size == 6


def test_a_skipped_stretch_of_one_foot_becomes_nan_rows(tmp_path):
    lines = EXAMPLE_CSV.read_text().splitlines()
    kept = [ln for ln in lines if not ln.startswith(("0.06,left", "0.08,left"))]
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(kept) + "\n")
    rec = read_recording("csv", path, layout=EXAMPLE_LAYOUT)
    assert rec.foot_t_s["left"].size == 10 and rec.foot_t_s["right"].size == 10
    np.testing.assert_allclose(rec.foot_t_s["left"][3:5], [0.06, 0.08])
    assert not rec.file_rows("left")[3:5].any() and rec.file_rows("right").all()
    assert any("the left foot's time axis skips 2 samples in 1 place; NaN rows stand for them" in c
               for c in rec.caveats)
    s = monitor.load_session(import_file("csv", path, tmp_path / "s", layout=EXAMPLE_LAYOUT))
    gaps = s.gaps[s.gaps["foot"] == "left"]  # the added rows and the file's empty row at 0.1 s: one run
    assert gaps[["start_s", "end_s", "frames_missing", "reason"]].values.tolist() == [
        [0.06, 0.12, 3, "time jump in file"]]


# ---------------------------------------------------------------------------- malformed input


def _csv_copy(tmp_path: Path, edit) -> Path:
    lines = EXAMPLE_CSV.read_text().splitlines()
    edit(lines)
    path = tmp_path / "walk.csv"
    path.write_text("\n".join(lines) + ("\n" if lines else ""))
    return path


def _set(lines, i, j, value):
    cells = lines[i].split(",")
    cells[j] = value
    lines[i] = ",".join(cells)


@pytest.mark.parametrize("edit, line, fragment", [
    (lambda ls: _set(ls, 6, 5, "1,5"), 7, "expected 10 cells"),
    (lambda ls: _set(ls, 6, 5, "1.5x"), 7, "column 'p03_kpa': '1.5x' is not a number"),
    (lambda ls: _set(ls, 6, 5, "inf"), 7, "column 'p03_kpa': 'inf' is not a number"),
    (lambda ls: _set(ls, 8, 1, "L"), 9, "foot 'L' is not 'left' or 'right'"),
    (lambda ls: _set(ls, 8, 1, ""), 9, "foot '' is not"),
    (lambda ls: _set(ls, 11, 0, "0.05"), 12, "t_s 0.05 s does not come after the previous left row's 0.08 s "
                                             "(line 10)"),
    (lambda ls: _set(ls, 13, 0, "0.1"), 14, "t_s 0.1 s does not come after the previous left row's 0.1 s"),
    (lambda ls: _set(ls, 4, 0, ""), 5, "column 't_s': an empty field is not a number"),
    (lambda ls: _set(ls, 0, 0, "time"), 1, "no 't_s' column"),
    (lambda ls: _set(ls, 0, 9, "p7_kpa"), 1, f"column 'p7_kpa' is no sensor column of {EXAMPLE_LAYOUT}"),
    (lambda ls: _set(ls, 0, 9, "p06_kpa"), 1, "column 'p06_kpa' appears twice"),
    (lambda ls: ls.__delitem__(slice(1, None)), 1, "a header row but no data rows"),
    (lambda ls: ls.clear(), 1, "the file is empty"),
])
def test_malformed_csv_names_the_file_and_line(tmp_path, edit, line, fragment):
    path = _csv_copy(tmp_path, edit)
    with pytest.raises(SessionFormatError) as info:
        read_recording("csv", path, layout=EXAMPLE_LAYOUT)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: line {line}: "), message
    assert fragment in message, message


def test_feet_and_layout_must_agree(tmp_path):
    layout = json.loads(EXAMPLE_LAYOUT.read_text())
    del layout["feet"]["right"]
    lay = write_layout(tmp_path / "layout.json", layout)
    said = f"{EXAMPLE_CSV}: line 3: a right row, but {lay} has no"
    with pytest.raises(SessionFormatError, match=f"^{re.escape(said)}"):
        read_recording("csv", EXAMPLE_CSV, layout=lay)

    def drop_right(lines):
        lines[:] = [ln for ln in lines if "right" not in ln]

    left_only = _csv_copy(tmp_path, drop_right)
    said = f"{left_only}: no right rows, but {EXAMPLE_LAYOUT} declares"
    with pytest.raises(SessionFormatError, match=f"^{re.escape(said)}"):
        read_recording("csv", left_only, layout=EXAMPLE_LAYOUT)


def _layout_edit(edit) -> dict:
    layout = json.loads(EXAMPLE_LAYOUT.read_text())
    edit(layout)
    return layout


@pytest.mark.parametrize("edit, fragment", [
    (lambda d: d["feet"]["left"].pop("area_mm2"), "field feet.left.area_mm2: missing"),
    (lambda d: d["feet"]["right"].pop("rate_hz"), "field feet.right.rate_hz: missing"),
    (lambda d: d.pop("feet"), "field feet: missing"),
    (lambda d: d["feet"]["right"]["regions"].__setitem__(4, "forefoot"),
     "field feet.right.regions[4]: 'forefoot' is no region label (one of unknown, heel_medial, "),
    (lambda d: d["feet"]["left"]["y"].pop(), "field feet.left.y: y has 7 values where x, area_mm2 and regions "
                                             "have 8"),
    # x cut short was said as "field feet.left.y: 8 values for 5 sensors (x has 5)": the wrong list blamed
    (lambda d: d["feet"]["left"].__setitem__("x", d["feet"]["left"]["x"][:5]),
     "field feet.left.x: x has 5 values where y, area_mm2 and regions have 8"),
    (lambda d: d["feet"]["left"]["x"].__setitem__(2, 0.7),
     "field feet.left.x[2]: 0.7 is outside -0.5 .. 0.5"),
    (lambda d: d["feet"]["left"]["area_mm2"].__setitem__(0, 0), "field feet.left.area_mm2[0]: 0 mm²; every area"),
    (lambda d: d["feet"]["left"].__setitem__("rate_hz", 100),
     "field feet.left.rate_hz: 100 Hz, but the left rows of the CSV step by 0.02 s (50 Hz)"),
    (lambda d: d["feet"]["left"].__setitem__("rate_hz", 50.5), "field feet.left.rate_hz: a whole number"),
    (lambda d: d["feet"]["left"].__setitem__("area", [1] * 8), "field feet.left.area: unknown field"),
    (lambda d: d.__setitem__("start_utc", "01.05.2024 09:30"), "field start_utc: '01.05.2024 09:30' is not"),
    (lambda d: d["feet"].__setitem__("middle", {}), "field feet.middle: a foot is 'left' or 'right'"),
    (lambda d: d["feet"]["left"]["device"].__setitem__("serial", 7),
     "field feet.left.device.serial: a string"),
])
def test_a_layout_that_breaks_a_rule_names_the_field(tmp_path, edit, fragment):
    lay = write_layout(tmp_path / "layout.json", _layout_edit(edit))
    with pytest.raises(SessionFormatError) as info:
        read_recording("csv", EXAMPLE_CSV, layout=lay)
    message = str(info.value)
    assert message.startswith(f"{lay}: ") and fragment in message, message


def test_a_session_json_given_as_the_layout_is_named_as_such(tmp_path, capsys):
    """`import csv --layout SESSION/session.json` said "field devices: unknown field (known: ...)", no hint
    that the file is a session's own: it says so, and where the layout JSON comes from."""
    walk = SAMPLES / "moticon-walk"
    assert main(["export", str(walk), "-o", str(tmp_path / "f.csv")]) == 0
    capsys.readouterr()
    given = walk / "session.json"
    assert main(["import", "csv", str(tmp_path / "f.csv"), "--layout", str(given), "-o", str(tmp_path / "b")]) == 2
    captured = capsys.readouterr()
    [line] = captured.err.strip().splitlines()
    assert f"{given}: a session's session.json, not a layout JSON" in line, line
    assert "frames.layout.json" in line and "docs/import-csv.md" in line and "unknown field" not in line, line
    assert not (tmp_path / "b").exists()


def test_a_layout_that_is_not_json_names_the_line(tmp_path):
    text = EXAMPLE_LAYOUT.read_text().splitlines()
    text[3] = text[3].rstrip(",")  # "start_utc": "..." without its comma
    lay = tmp_path / "layout.json"
    lay.write_text("\n".join(text))
    with pytest.raises(SessionFormatError, match=rf"^{re.escape(str(lay))}: line 5: Expecting ',' delimiter"):
        read_recording("csv", EXAMPLE_CSV, layout=lay)
    with pytest.raises(SessionFormatError, match=rf"^{re.escape(str(tmp_path / 'nowhere.json'))}: no such file"):
        read_recording("csv", EXAMPLE_CSV, layout=tmp_path / "nowhere.json")


def test_layout_only_for_csv():
    with pytest.raises(UsageError, match="needs a layout file"):
        read_recording("csv", EXAMPLE_CSV)
    with pytest.raises(UsageError, match="takes no layout file"):
        read_recording("moticon", EXAMPLE_CSV, layout=EXAMPLE_LAYOUT)


# ---------------------------------------------------------------------------- the CLI


def test_cli_import_csv_prints_where_and_what(tmp_path, capsys):
    out = tmp_path / "sessions" / "walk"
    assert main(["import", "csv", str(EXAMPLE_CSV), "--layout", str(EXAMPLE_LAYOUT), "-o", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert str(out) in stdout and "at 50 Hz" in stdout and "left 10 frames, 1 missing" in stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["walk"]


@pytest.mark.parametrize("bad", ["csv", "layout"])
def test_cli_import_csv_malformed_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys, bad):
    if bad == "csv":
        csv_path = _csv_copy(tmp_path, lambda ls: _set(ls, 6, 5, "abc"))
        lay = write_layout(tmp_path / "layout.json", _layout_edit(lambda d: None))
        expected = r"walk.csv: line 7: column 'p03_kpa'"
    else:
        csv_path = _csv_copy(tmp_path, lambda ls: None)
        lay = write_layout(tmp_path / "layout.json", _layout_edit(lambda d: d["feet"]["left"].pop("x")))
        expected = r"layout.json: field feet.left.x: missing"
    out = tmp_path / "out" / "session"
    assert main(["import", "csv", str(csv_path), "--layout", str(lay), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and re.search(expected, err[0]), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layout.json", "walk.csv"]


def test_cli_import_csv_never_touches_a_non_empty_directory_nor_runs_without_layout(tmp_path, capsys):
    out = tmp_path / "session"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["import", "csv", str(EXAMPLE_CSV), "--layout", str(EXAMPLE_LAYOUT), "-o", str(out)]) == 2
    assert main(["import", "csv", str(EXAMPLE_CSV), "-o", str(tmp_path / "new")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "not empty" in err[0] and "needs a layout file" in err[1]
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and (out / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session"]


def _copy_session(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_cli_export_default_path_and_no_overwrite(tmp_path, capsys):
    session = _copy_session(SAMPLES / "moticon-walk", tmp_path / "walk")
    assert main(["export", str(session)]) == 0
    out = session / "frames.csv"
    assert str(out) in capsys.readouterr().out
    first = out.read_bytes()
    assert first.startswith(b"t_s,foot,p00_kpa,") and not first.startswith(b"#")
    out.write_text("mine")
    assert main(["export", str(session)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "exists" in err[0] and "--force" in err[0]
    assert out.read_text() == "mine"
    assert main(["export", str(session), "--force"]) == 0
    assert out.read_bytes() == first
    assert not [p for p in session.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_cli_export_never_replaces_the_sessions_own_files(tmp_path, capsys):
    session = _copy_session(SAMPLES / "moticon-walk", tmp_path / "walk")
    before = {p.name: p.read_bytes() for p in session.iterdir()}
    for name in ("frames.parquet", "session.json", "gaps.csv"):
        assert main(["export", str(session), "--format", "parquet" if name.endswith("parquet") else "csv",
                     "-o", str(session / name), "--force"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all("the session's own" in e for e in err)
    assert {p.name: p.read_bytes() for p in session.iterdir()} == before


def test_cli_export_and_report_never_replace_the_riders_setup_or_study_declaration(tmp_path, capsys):
    """setup.json (the rider's declared setup, docs/session-format.md) and study.json (who rode, what
    changed; docs/study.md) are the session's own files too: `export -o SESSION/setup.json --force` used
    to write the frames CSV over the setup, and `report -o` could do the same."""
    session = _copy_session(SAMPLES / "sim-cleat-forward", tmp_path / "ride")
    (session / "setup.json").write_text('{"pedals": "toe-clips", "shoes": null}', encoding="utf-8")
    (session / "study.json").write_text('{"rider": "ana", "change": "cleats back"}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in session.iterdir()}
    for name in ("setup.json", "study.json"):
        assert main(["export", str(session), "--format", "csv", "-o", str(session / name), "--force"]) == 2
        assert main(["report", str(session), "-o", str(session / name), "--force"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and all("the session's own" in e for e in err), err
    assert {p.name: p.read_bytes() for p in session.iterdir()} == before


def test_export_and_report_with_force_write_through_a_symbolic_link(tmp_path, capsys):
    """had: `export -o link.csv --force` (and `report -o link.html --force`) renamed the new file over the
    link itself: the link became a regular file and the file it named kept the old content, unlike
    `cp` and `sort -o`, which write through a link. The link's file is replaced (atomically, in its own
    folder) and the link stays, through a chain of links too; a link that ends at a session's own file is
    refused like that file."""
    session = _copy_session(SAMPLES / "moticon-walk", tmp_path / "walk")
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "frames.csv").write_text("old")
    (tmp_path / "hop.csv").symlink_to(Path("kept") / "frames.csv")  # relative, as `ln -s` makes them
    link = tmp_path / "link.csv"
    link.symlink_to("hop.csv")
    assert main(["export", str(session), "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and (tmp_path / "hop.csv").is_symlink()
    assert (kept / "frames.csv").read_bytes().startswith(b"t_s,foot,p00_kpa,")
    assert not [p for p in (*kept.iterdir(), *tmp_path.iterdir()) if p.name.startswith(".")]  # no temporaries
    page = tmp_path / "page.html"
    (kept / "report.html").write_text("old")
    page.symlink_to(kept / "report.html")
    assert main(["report", str(session), "-o", str(page), "--force"]) == 0
    assert page.is_symlink() and "<html" in (kept / "report.html").read_text()[:2000].lower()
    capsys.readouterr()
    before = (session / "gaps.csv").read_bytes()
    into = tmp_path / "into.csv"
    into.symlink_to(session / "gaps.csv")
    assert main(["export", str(session), "-o", str(into), "--force"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "own gaps.csv" in line, line
    assert (session / "gaps.csv").read_bytes() == before and into.is_symlink()


def test_cli_export_parquet_by_suffix_and_a_conflicting_suffix(tmp_path, capsys):
    target = tmp_path / "out" / "walk.parquet"
    assert main(["export", str(SAMPLES / "moticon-walk"), "-o", str(target)]) == 0
    assert "(parquet)" in capsys.readouterr().out
    walk = SAMPLES / "moticon-walk"
    pd.testing.assert_frame_equal(pd.read_parquet(target), monitor.load_session(walk).frames)
    assert main(["export", str(walk), "--format", "csv", "-o", str(tmp_path / "x.parquet")]) == 2
    assert "say --format parquet" in capsys.readouterr().err
    assert not (tmp_path / "x.parquet").exists()
    assert export_target(tmp_path, "parquet") == (tmp_path / "frames-export.parquet", "parquet")
    assert export_target(tmp_path) == (tmp_path / "frames.csv", "csv")


def test_cli_export_refuses_a_suffix_of_no_format_it_writes(tmp_path, capsys):
    """`export -o x.xlsx` wrote CSV into a file named .xlsx without a word: a suffix of none of the formats
    export writes is one line, exit 2, nothing written, unless --format says which format to write; a name
    without a suffix and /dev/stdout still take CSV."""
    walk = SAMPLES / "moticon-walk"
    for name in ("x.xlsx", "x.csv.gz", "x.txt"):
        assert main(["export", str(walk), "-o", str(tmp_path / name)]) == 2
        captured = capsys.readouterr()
        [line] = captured.err.strip().splitlines()
        assert line.startswith("solewatch export: error: ") and f"{tmp_path / name}: export writes csv, " \
            f"parquet or fit, not {Path(name).suffix}" in line and "--format csv" in line, line
        assert not (tmp_path / name).exists() and not list(tmp_path.iterdir())
    assert main(["export", str(walk), "--format", "csv", "-o", str(tmp_path / "x.txt")]) == 0
    assert "(csv)" in capsys.readouterr().out and (tmp_path / "x.txt").read_text().startswith("t_s,")
    assert export_target(tmp_path, None, tmp_path / "frames") == (tmp_path / "frames", "csv")
    assert export_target(tmp_path, None, "/dev/stdout") == (Path("/dev/stdout"), "csv")


def test_cli_export_of_a_missing_session_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a directory" in err[0]


# ---------------------------------------------------------------------------- the sample sessions


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_loads_with_frames_for_both_feet(name):
    s = monitor.load_session(SAMPLES / name)
    assert s.info.feet == ("left", "right")
    for foot in ("left", "right"):
        p = s.foot_frames(foot)[sensor_columns(s.info.layouts[foot].n_sensors)].to_numpy()
        assert len(p) > 1000 and np.isfinite(p).any(axis=1).mean() > 0.9, foot


def test_the_samples_are_what_the_readme_says():
    assert sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()) == sorted(SAMPLE_NAMES)
    readme = (ROOT / "sessions" / "README.md").read_text()
    assert all(f"samples/{name}" in readme for name in SAMPLE_NAMES)
    size = sum(f.stat().st_size for f in SAMPLES.rglob("*") if f.is_file())
    assert size < 2.2e6, size
    for name, scenario in (("sim-cleat-forward", "cleat-forward"), ("sim-healthy-ride", "healthy-ride")):
        info = monitor.load_session(SAMPLES / name).info
        assert info.source == "sim" and info.scenario == scenario and info.radio == "local"
        assert (SAMPLES / name / "raw.swlog").exists()  # recorded through the radio, not made up


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_samples_ground_truth_lies_within_its_recording(name):
    """A simulated session's ground truth is its recorded length's (docs/session-format.md), as a recording
    writes it (tests/test_integration.py): its ``duration_s`` the session's, and every relief and condition
    starting within it. Had: the two simulated samples, 90 s and 60 s long, said 3600 s with 9 reliefs at
    360-3270 s (the scenario's default hour)."""
    info = monitor.load_session(SAMPLES / name).info
    truth = info.ground_truth
    if truth is None:  # a recording of real insoles has none
        assert info.source != "sim"
        return
    assert truth["duration_s"] == info.duration_s, (truth["duration_s"], info.duration_s)
    starts = [start_s for start_s, _ in truth["relief_s"]] + [c["start_s"] for c in truth["conditions"]]
    assert all(0.0 <= s < info.duration_s for s in starts), starts
    ends = [end_s for _, end_s in truth["relief_s"]] + [c["end_s"] for c in truth["conditions"]]
    assert all(e is None or e > 0.0 for e in ends), ends


def test_the_moticon_sample_carries_its_attribution():
    info = monitor.load_session(SAMPLES / "moticon-walk").info
    assert info.imported_from["file"] == "230927_102114.txt"
    notice = (SAMPLES / "NOTICE").read_text()
    assert "moticon-walk" in notice and "Apache License 2.0" in notice
    assert "github.com/moticon-rego/moticon-opengo" in notice
    licence = (SAMPLES / "LICENSE-moticon-opengo.txt").read_text()
    assert "Apache License" in licence and "Version 2.0" in licence


@pytest.mark.parametrize("opener", [monitor.load_session, open_session])
def test_a_one_foot_import_loads_and_analyses(tmp_path, opener):
    """A left-only CSV imports to a session that loads (read whole or streamed) and is analysed: its frames'
    foot column is written with both feet as categories, and only the used ones need a layout."""
    layout = json.loads(EXAMPLE_LAYOUT.read_text())
    del layout["feet"]["right"]
    one = write_layout(tmp_path / "left-only.json", layout)
    lines = EXAMPLE_CSV.read_text().splitlines()
    path = tmp_path / "left.csv"
    path.write_text("\n".join([lines[0], *[r for r in lines[1:] if ",left," in r]]) + "\n")
    session = opener(import_file("csv", path, tmp_path / "s", layout=one))
    assert session.info.feet == ("left",)
    assert session.foot_arrays("left")[0].size > 0
    assert set(monitor.analyze(session).to_json_dict()["summary"]) == {"left"}


def test_a_recording_above_2000_kpa_round_trips_and_more_than_it_holds_is_one_line(tmp_path, ride):
    """An uncalibrated insole's raw counts at a nominal 0.25 kPa a count (ORPHE, docs/devices.md) read up
    to 65,535 counts, 16,383.75 kPa: the recording holds it, so its export (``calibrated`` false) imports
    back with the same values (2000 kPa, the bound of a calibrated foot's kPa, refused it). A value above what the
    layout's resolution_kpa can hold is still one line naming the file, line and column."""
    frames = ride.frames.copy()
    frames.loc[10, "p00_kpa"] = 4095.75  # 16,383 counts (a 14-bit reading)
    frames.loc[11, "p03_kpa"] = 16383.75  # 65,535 counts, the most a 16-bit reading holds
    session = replace(ride, frames=frames)
    csv_path = export_frames(session, tmp_path / "f.csv", "csv")
    layout_json = layout_from_session_json(ride.path)
    assert {lay["resolution_kpa"] for lay in layout_json["feet"].values()} == {0.25}
    for foot in layout_json["feet"].values():  # raw counts at a nominal scale, as its export says
        foot["calibrated"] = False
    layout = write_layout(tmp_path / "layout.json", layout_json)
    back = monitor.load_session(import_file("csv", csv_path, tmp_path / "back", layout=layout))
    pd.testing.assert_frame_equal(back.frames, frames)

    lines = csv_path.read_text().splitlines()
    cells = lines[13].split(",")
    cells[2] = "16384"  # above 65,535 counts of 0.25 kPa
    lines[13] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(SessionFormatError) as err:
        read_recording("csv", bad, layout=layout)
    assert str(err.value) == (f"{bad}: line 14: column 'p00_kpa': 16384 kPa is above 16383.8 kPa, the most a "
                              "recording holds at the layout's resolution_kpa 0.25 (65,535 counts): is the file "
                              "in another unit (Pa?)")
