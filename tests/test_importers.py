"""Importers on real recordings (../shared/data, see its README for attribution) and on broken copies.

Moticon OpenGo sample exports: Apache-2.0, github.com/moticon-rego/moticon-opengo. PhysioNet gaitpdb
GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest

import monitor
from monitor.cli.main import main
from monitor.codebook import sensor_columns
from monitor.errors import SessionFormatError, UsageError
from monitor.importers import (
    import_file,
    read_extras,
    read_imported_events,
    read_moticon,
    read_physionet,
    read_recording,
)
from monitor.signal.regions import RegionReducer
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
MOTICON = DATA / "moticon_opengo" / "230927_102114.txt"
MOTICON_EVENTS = DATA / "moticon_opengo" / "walk_data_with_events.txt"
GAIT_REPORT = DATA / "moticon_opengo" / "gait_report_230927_10_21_14.xlsx"
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"


def _pressure_columns(path: Path) -> tuple[list[str], list[list[str]]]:
    """An independent reading of a Moticon export: column names and the raw cells of each data row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    names = [ln for ln in lines if ln.startswith("#")][-1].lstrip("# ").split("\t")
    return names, [ln.split("\t") for ln in lines if not ln.startswith("#")]


def _report_steps(sheet_name: str) -> pd.DataFrame:
    """A sheet of Moticon's gait report (.xlsx read with the standard library)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(GAIT_REPORT) as z:
        shared = [("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
                  for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml"))]
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(f"{{{ns['r']}}}id") for s in book.iter(f"{{{ns['m']}}}sheet")
                   if s.get("name") == sheet_name)
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        sheet = ElementTree.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/")))
    rows = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = []
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            text = "" if v is None else v.text
            cells.append(shared[int(text)] if c.get("t") == "s" else text)
        rows.append(cells)
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.fixture(scope="module")
def moticon():
    return read_moticon(MOTICON)


@pytest.fixture(scope="module")
def physionet():
    return read_physionet(PHYSIONET)


@pytest.fixture(scope="module")
def moticon_session(tmp_path_factory):
    return monitor.load_session(import_file("moticon", MOTICON, tmp_path_factory.mktemp("m") / "walk"))


@pytest.fixture(scope="module")
def physionet_session(tmp_path_factory):
    return monitor.load_session(import_file("physionet", PHYSIONET, tmp_path_factory.mktemp("p") / "GaCo01"))


def test_the_shared_data_is_beside_the_repo():
    assert MOTICON.is_file() and MOTICON_EVENTS.is_file() and PHYSIONET.is_file(), DATA


# ---------------------------------------------------------------------------- Moticon


def test_moticon_session_loads_with_the_recording_format(moticon_session):
    s = moticon_session
    assert s.info.source == "import" and s.info.activity == "unknown" and s.info.speed == 1.0  # none declared
    assert s.info.imported_from["format"] == "moticon"
    assert s.info.imported_from["file"] == MOTICON.name
    assert any("inferred" in c for c in s.info.imported_from["caveats"])
    assert {f: d.serial for f, d in s.info.devices.items()} == {"left": "SN5968", "right": "SN9171"}
    assert s.info.start_utc == ""  # the old header gives local time only ...
    assert s.info.imported_from["header"]["Start time"] == "27.09.2023 10:21:14.922"  # ... kept here
    assert list(s.frames.columns) == ["t_s", "foot", *sensor_columns(16)]
    assert all(s.frames[c].dtype == np.float32 for c in sensor_columns(16))
    for foot in ("left", "right"):
        lay = s.info.layouts[foot]
        assert lay.positions_inferred and lay.current_rate_hz == 100 and lay.n_sensors == 16
    assert not (s.path / "raw.swlog").exists()
    assert s.events == [] and s.truncated_tail_bytes == 0


def test_moticon_left_insole_is_missing_for_the_first_half_second(moticon_session):
    left = moticon_session.foot_frames("left")
    p = left[sensor_columns(16)].to_numpy()
    early = left["t_s"].to_numpy() < 0.495
    assert early.sum() == 50 and np.isnan(p[early]).all()
    assert not np.isnan(p[np.flatnonzero(~early)[0]]).any()  # 0.50 s has a sample
    assert moticon_session.gaps.iloc[0].to_dict() == {
        "foot": "left", "start_s": 0.0, "end_s": 0.5, "frames_missing": 50, "packets_lost": 0,
        "reason": "empty in file", "filled": True}


def test_moticon_dropouts_match_the_data_readme(moticon):
    names, rows = _pressure_columns(MOTICON)
    for foot, readme_pct in (("left", 3.6), ("right", 0.7)):
        idx = [names.index(f"{foot} pressure {k}[N/cm²]") for k in range(1, 17)]
        empty_rows = sum(all(r[j] == "" for j in idx) for r in rows)
        assert moticon.missing_rows(foot)[moticon.file_rows()].sum() == empty_rows
        assert round(100 * moticon.missing_fraction(foot), 1) == readme_pct
    assert moticon.file_rows().sum() == len(rows) == 1750


def test_moticon_pressures_are_ten_times_the_export_and_empty_is_nan(moticon_session):
    names, rows = _pressure_columns(MOTICON)
    for foot in ("left", "right"):
        idx = [names.index(f"{foot} pressure {k}[N/cm²]") for k in range(1, 17)]
        raw = np.array([[np.nan if r[j] == "" else float(r[j]) for j in idx] for r in rows])
        frames = moticon_session.foot_frames(foot)
        t_file = np.array([float(r[0]) for r in rows])
        at = np.searchsorted(frames["t_s"].to_numpy(), t_file - 1e-6)
        got = frames[sensor_columns(16)].to_numpy()[at]
        expect = (raw * 10).astype(np.float32)
        np.testing.assert_array_equal(got, expect)  # exact, NaN where the export is empty
        assert np.isnan(expect).any() and (expect == 0).any()  # both kinds really occur


def test_moticon_time_axis_skip_becomes_a_nan_row(moticon_session):
    """The export jumps from 16.43 s to 16.45 s: a NaN row stands for 16.44 s on both feet."""
    f = moticon_session.frames
    row = f[np.isclose(f["t_s"], 16.44)]
    assert len(row) == 2 and np.isnan(row[sensor_columns(16)].to_numpy()).all()
    assert (moticon_session.gaps["reason"] == "time jump in file").sum() == 2
    assert np.allclose(np.diff(moticon_session.foot_frames("right")["t_s"]), 0.01)


def test_moticon_step_events_match_moticons_own_gait_report(moticon, moticon_session):
    ev = moticon.events
    assert ev.equals(read_imported_events(moticon_session.path))
    for foot, sheet in (("left", "Left Steps"), ("right", "Right Steps")):
        report = _report_steps(sheet).astype(float)
        ic = ev[(ev.foot == foot) & (ev.event == "initial_contact")]["t_s"].to_numpy()
        to = ev[(ev.foot == foot) & (ev.event == "toe_off")]["t_s"].to_numpy()
        assert len(ic) == len(to) == len(report) == 7  # 7 steps per foot in 17.5 s (the rest is standing)
        np.testing.assert_allclose(ic, report["Initial contact (s)"], atol=0.011)
        np.testing.assert_allclose(to, report["Toe off (s)"], atol=0.011)


def test_moticon_layout_reproduces_the_exports_centre_of_pressure_and_total_force(moticon):
    """The inferred geometry is what the export itself uses: its COP and total force come back."""
    for foot in ("left", "right"):
        lay = moticon.layouts[foot]
        series = RegionReducer(lay).reduce(moticon.pressure_kpa[foot])
        series_total, _ = RegionReducer(lay).sensed_force_n(moticon.pressure_kpa[foot])
        extras = moticon.extras[foot]
        loaded = extras["total_force_n"].to_numpy() > 100
        np.testing.assert_allclose(series_total[loaded], extras["total_force_n"][loaded], atol=1.5)
        np.testing.assert_allclose(series.cop_y[loaded], extras["cop_x"][loaded] + 0.5, atol=0.005)
        np.testing.assert_allclose(series.cop_x[loaded], -extras["cop_y"][loaded], atol=0.005)


def test_moticon_regions_follow_the_data_readme(moticon):
    lay = moticon.layouts["left"]
    assert lay.regions[8:13] == ("mth1", "mth2", "mth3", "mth4", "mth5")
    assert lay.regions[13] == "hallux" and lay.regions[14:16] == ("lesser_toes", "lesser_toes")
    assert lay.regions[6] == "midfoot_medial" and lay.regions[5] == lay.regions[7] == "midfoot_lateral"
    assert all(r.startswith("heel") for r in lay.regions[:4])
    assert np.all(np.diff(lay.x[8:13]) > 0)  # the MTH row runs medial (negative) to lateral
    assert lay.y[:4].max() < lay.y[4:8].min() and lay.y[4:8].max() < lay.y[8:13].min() < lay.y[13:].min()
    assert lay.unresolved_regions() == []


def test_moticon_newer_header_with_event_label_columns(tmp_path):
    rec = read_moticon(MOTICON_EVENTS)
    assert rec.start_utc == "2022-09-15T13:58:36.241Z"  # Start timestamp 1663250316241 ms
    assert rec.devices["right"].serial == "SN6181" and rec.devices["left"].model == "OpenGo insole size 3"
    assert "cop_velocity" in rec.extras["left"].columns
    assert (rec.events["event"] == "marker").sum() == 16 and not rec.events["event"].isin(
        ["initial_contact", "toe_off"]).any()  # user-defined groups are not read as gait events
    first = rec.events.iloc[0]
    assert (first.t_s, first.foot, first.code, first.label) == (0.21, "left", 1.0, "Left Events: Event")
    s = monitor.load_session(import_file("moticon", MOTICON_EVENTS, tmp_path / "s"))
    # from t_s 0 to its last row's end, 4.99 s + one 100-Hz period (the header's "Duration: 00:04.990" is its
    # last row's time)
    assert s.info.end_utc == "2022-09-15T13:58:41.241Z"
    extras = read_extras(s.path)
    assert len(extras) == len(s.frames) and list(extras["foot"][:2]) == ["left", "right"]


# ---------------------------------------------------------------------------- PhysioNet


def test_physionet_imports_121_s_at_100_hz(physionet_session):
    s = physionet_session
    left = s.foot_frames("left")
    assert len(left) == 12119 and s.info.layouts["left"].current_rate_hz == 100
    assert s.info.duration_s == pytest.approx(121.2, abs=0.05)
    assert s.info.imported_from["format"] == "physionet" and s.info.start_utc == ""
    assert any("guess" in c for c in s.info.imported_from["caveats"])
    assert not left[sensor_columns(8)].isna().any().any()


def test_physionet_forces_come_back_exactly(physionet):
    raw = np.loadtxt(PHYSIONET)
    for k, foot in enumerate(("left", "right")):
        total, _ = RegionReducer(physionet.layouts[foot]).sensed_force_n(physionet.pressure_kpa[foot])
        np.testing.assert_allclose(total, raw[:, 17 + k], rtol=1e-6, atol=1e-3)


def test_physionet_forefoot_carries_42_to_47_percent_of_stance_impulse(physionet_session):
    s = physionet_session
    for foot in ("left", "right"):
        p = s.foot_frames(foot)[sensor_columns(8)].to_numpy()
        total, regions = RegionReducer(s.info.layouts[foot]).sensed_force_n(p)
        forefoot = regions["mth4_5"] + regions["mth1"] + regions["hallux"]  # sensors 6-8 of the file
        stance = total > 20.0
        share = forefoot[stance].sum() / total[stance].sum()
        assert 0.42 <= share <= 0.47, (foot, share)


def test_physionet_layout_is_anatomical_and_invents_no_region(physionet):
    for foot in ("left", "right"):
        lay = physionet.layouts[foot]
        assert lay.positions_inferred
        assert lay.regions == ("heel", "heel_lateral", "heel_medial", "midfoot_lateral", "midfoot_medial",
                               "mth4_5", "mth1", "hallux")
        assert lay.x[6] < 0 < lay.x[5]  # medial negative on both feet
        assert "mth2_3" in lay.unresolved_regions()
    np.testing.assert_array_equal(physionet.layouts["left"].x, physionet.layouts["right"].x)


def test_physionet_total_that_is_not_the_sum_is_a_caveat(tmp_path):
    lines = PHYSIONET.read_text().splitlines()[:200]
    fields = lines[99].split()
    fields[17] = f"{float(fields[17]) + 5:.2f}"
    lines[99] = "\t".join(fields)
    path = tmp_path / "GaCo01_01.txt"
    path.write_text("\n".join(lines) + "\n")
    rec = read_physionet(path)
    warning = [c for c in rec.caveats if c.startswith("warning")]
    assert len(warning) == 1 and "left" in warning[0] and "line 100" in warning[0]


# ---------------------------------------------------------------------------- malformed input


def _physionet_copy(tmp_path: Path, edit) -> Path:
    lines = PHYSIONET.read_text().splitlines()[:40]
    edit(lines)
    path = tmp_path / "GaCo01_01.txt"
    path.write_text("\n".join(lines) + ("\n" if lines else ""))
    return path


def _moticon_copy(tmp_path: Path, edit) -> Path:
    lines = MOTICON.read_text(encoding="utf-8").splitlines()[:80]
    edit(lines)
    path = tmp_path / "230927_102114.txt"
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return path


def _set_cell(lines, i, j, value, sep):
    fields = lines[i].split(sep) if sep else lines[i].split()
    fields[j] = value
    lines[i] = (sep or "\t").join(fields)


@pytest.mark.parametrize("fmt, source", [("physionet", PHYSIONET), ("moticon", MOTICON)])
def test_a_file_cut_off_mid_line_says_its_last_line_is_cut_short(tmp_path, capsys, fmt, source):
    # had: "line 115: expected 53 columns, found 49" and no word that the copy stopped mid-line
    text = source.read_bytes()[:30_000]
    cut = tmp_path / source.name
    cut.write_bytes(text)
    last = text.decode("utf-8", errors="replace").count("\n") + 1
    assert main(["import", fmt, str(cut), "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and f"{cut.name}: line {last}: expected" in err, err
    assert "the file's last line, cut short" in err, err
    assert not (tmp_path / "s").exists()
    whole_but_one = text[: text.rindex(b"\n")].splitlines()  # a short row inside the file is no cut
    whole_but_one[-2] = b" ".join(whole_but_one[-2].split()[:3])
    cut.write_bytes(b"\n".join(whole_but_one) + b"\n")
    assert main(["import", fmt, str(cut), "-o", str(tmp_path / "s")]) == 2
    assert "cut short" not in capsys.readouterr().err


@pytest.mark.parametrize("fmt, edit, line, fragment", [
    ("physionet", lambda ls: _set_cell(ls, 16, 2, "12.3x", None), 17, "'L2': '12.3x' is not a number"),
    ("physionet", lambda ls: ls.__setitem__(16, " ".join(ls[16].split()[:12])), 17,
     "expected 19 columns, found 12"),
    ("physionet", lambda ls: ls.clear(), 1, "empty"),
    ("physionet", lambda ls: _set_cell(ls, 19, 0, "0.1000", None), 20, "does not come after"),
    ("moticon", lambda ls: _set_cell(ls, 69, 29, "1,25", "\t"), 70, "'right pressure 4[N/cm²]': '1,25'"),
    ("moticon", lambda ls: ls.__setitem__(69, "\t".join(ls[69].split("\t")[:40])), 70,
     "expected 53 columns, found 40"),
    ("moticon", lambda ls: ls.__delitem__(slice(9, None)), 9, "no data rows"),
    ("moticon", lambda ls: ls.clear(), 1, "empty"),
    ("moticon", lambda ls: _set_cell(ls, 60, 0, "0.20", "\t"), 61, "does not come after"),
    ("moticon", lambda ls: _set_cell(ls, 60, 0, "", "\t"), 61, "'time': an empty field"),
    ("moticon", lambda ls: ls.__setitem__(8, ls[8].replace("pressure 3[N/cm²]", "pressure 3[kPa]")), 9,
     "not N/cm²"),
])
def test_malformed_files_name_the_file_and_line(tmp_path, fmt, edit, line, fragment):
    path = (_physionet_copy if fmt == "physionet" else _moticon_copy)(tmp_path, edit)
    with pytest.raises(SessionFormatError) as info:
        read_recording(fmt, path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: line {line}: "), message
    assert fragment in message, message


EXAMPLE_CSV = Path(__file__).resolve().parent / "data" / "generic_csv" / "walk.csv"
EXAMPLE_LAYOUT = EXAMPLE_CSV.with_name("layout.json")
FIT_RIDE = Path(__file__).resolve().parent / "data" / "fit" / "Edge810-Vector-2013-08-16-15-35-10.fit"


@pytest.mark.parametrize("fmt, path, said", [
    ("physionet", MOTICON_EVENTS, "not a PhysioNet gait file; looks like a Moticon OpenGo export: use "
                                  "`solewatch import moticon`"),
    ("physionet", MOTICON, "not a PhysioNet gait file; looks like a Moticon OpenGo export: use "
                           "`solewatch import moticon`"),
    ("physionet", EXAMPLE_CSV, "not a PhysioNet gait file; looks like a generic CSV (docs/import-csv.md): use "
                               "`solewatch import csv`"),
    ("moticon", PHYSIONET, "not a Moticon OpenGo export; looks like a PhysioNet gait file: use "
                           "`solewatch import physionet`"),
    ("moticon", EXAMPLE_CSV, "not a Moticon OpenGo export; looks like a generic CSV (docs/import-csv.md): use "
                             "`solewatch import csv`"),
    ("csv", MOTICON_EVENTS, "not a generic CSV (docs/import-csv.md); looks like a Moticon OpenGo export: use "
                            "`solewatch import moticon`"),
    ("csv", PHYSIONET, "not a generic CSV (docs/import-csv.md); looks like a PhysioNet gait file: use "
                       "`solewatch import physionet`"),
    ("fit", MOTICON_EVENTS, "not a FIT file; looks like a Moticon OpenGo export: use `solewatch import moticon`"),
    ("fit", EXAMPLE_CSV, "not a FIT file; looks like a generic CSV (docs/import-csv.md): use `solewatch import csv`"),
    ("physionet", FIT_RIDE, "line 1: a NUL byte at byte 7: binary data, not a text file; looks like a FIT file: "
                            "use `solewatch import fit`"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 10 else None)
def test_a_file_of_another_format_names_the_command_that_takes_it(tmp_path, capsys, fmt, path, said):
    from test_malformed_files import edit_json, session_copy

    if fmt == "fit":
        s = session_copy(tmp_path)
        edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", "2013-08-16T18:05:10.000Z"))
        where = ["--into", str(s)]
    else:
        where = (["--layout", str(EXAMPLE_LAYOUT)] if fmt == "csv" else []) + ["-o", str(tmp_path / "out")]
    assert main(["import", fmt, str(path), *where]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {path}: {said}"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt, said", [
    ("moticon", "the Moticon app's report? `solewatch import moticon` takes the app's text export (.txt)"),
    ("physionet", "`solewatch import physionet` takes a gaitpdb force file (.txt)"),
    ("csv", "`solewatch import csv` takes CSV text: save the sheet as CSV (docs/import-csv.md)"),
])
def test_a_spreadsheet_given_to_a_text_importer_is_named_as_one(tmp_path, capsys, fmt, said):
    """Moticon's gait report (.xlsx, a ZIP archive) given to `import moticon` was "line 1: a NUL byte at
    byte 5: binary data, not a text file": it is named as a spreadsheet, with what the importer takes."""
    import zipfile

    report = tmp_path / "gait_report.xlsx"
    with zipfile.ZipFile(report, "w") as z:  # the opening of every .xlsx
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    real = DATA / "moticon_opengo" / "gait_report_230927_10_21_14.xlsx"
    for path in [report] + ([real] if fmt == "moticon" and real.is_file() else []):
        where = (["--layout", str(EXAMPLE_LAYOUT)] if fmt == "csv" else []) + ["-o", str(tmp_path / "out")]
        assert main(["import", fmt, str(path), *where]) == 2
        assert capsys.readouterr().err.strip().splitlines() == [
            f"solewatch import: error: {path}: looks like a spreadsheet (a ZIP archive, as an .xlsx is), not a "
            f"text file: {said}"]
        assert not (tmp_path / "out").exists()


def _zip(path: Path, entries: dict[str, str], *, cut_to: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    if cut_to is not None:  # a download cut short: the archive's directory, at its end, is missing
        path.write_bytes(path.read_bytes()[:cut_to])
    return path


@pytest.mark.parametrize("name, entries, cut_to, said", [
    ("walk.csv.zip", {"walk.csv": "t_s,foot\n0,left\n"}, None,
     "a ZIP archive holding walk.csv, not a text file: unzip it first; {takes}"),
    ("rides.zip", {f"rides/r{i}.csv": "t_s,foot\n" for i in range(5)}, None,
     "a ZIP archive holding rides/r0.csv, rides/r1.csv, rides/r2.csv and 2 more, not a text file: unzip it "
     "first; {takes}"),
    ("notes.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}, None,
     "an office document (a ZIP archive, as a .docx or an .odt is), not a text file: {takes}"),
    ("ride.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}, None,
     "looks like a spreadsheet (an OpenDocument .ods, a ZIP archive), not a text file: {sheet}"),
    ("report.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}, 40,
     "opens as a ZIP archive but cannot be read as one (cut short?), not a text file: {takes}"),
], ids=["zipped-csv", "many-files", "docx", "ods", "cut-short"])
@pytest.mark.parametrize("fmt, takes, sheet", [
    ("csv", "`solewatch import csv` takes CSV text (docs/import-csv.md)",
     "`solewatch import csv` takes CSV text: save the sheet as CSV (docs/import-csv.md)"),
    ("moticon", "`solewatch import moticon` takes the Moticon app's text export (.txt)",
     "the Moticon app's report? `solewatch import moticon` takes the app's text export (.txt)"),
])
def test_a_zip_archive_given_to_a_text_importer_is_said_as_what_it_holds(tmp_path, capsys, name, entries, cut_to,
                                                                        said, fmt, takes, sheet):
    """Every ZIP archive (a zipped CSV, a .docx) given to a text importer was "looks like a spreadsheet (a ZIP
    archive, as an .xlsx is)": only its first four bytes were looked at. Its entries say what it is (an .xlsx
    is still a spreadsheet: test_a_spreadsheet_given_to_a_text_importer_is_named_as_one)."""
    path = _zip(tmp_path / name, entries, cut_to=cut_to)
    where = (["--layout", str(EXAMPLE_LAYOUT)] if fmt == "csv" else []) + ["-o", str(tmp_path / "out")]
    assert main(["import", fmt, str(path), *where]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch import: error: {path}: " + said.format(takes=takes, sheet=sheet)]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA],
                         ids=["deflate", "bzip2", "lzma"])
@pytest.mark.parametrize("fmt", ["csv", "moticon"])
def test_a_zip_archive_with_a_damaged_compressed_entry_is_one_line(tmp_path, capsys, fmt, compression):
    """An archive whose ``mimetype`` entry is compressed and its bytes damaged: reading the entry raises
    zlib.error or lzma.LZMAError, which went out as a traceback. It is an archive that cannot be read, one
    line, exit 2."""
    path = tmp_path / "ride.ods"
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet" * 4)
        z.writestr("content.xml", "<x/>")
    data = bytearray(path.read_bytes())
    # the entry's compressed bytes follow its local header and name; damaged past an LZMA entry's 4-byte
    # header (else its properties are refused as BadZipFile), a deflated one's from its first byte (its CRC
    # would be the first to tell, as BadZipFile, and zlib.error never raised)
    start = 30 + len("mimetype") + (4 if compression == zipfile.ZIP_LZMA else 0)
    data[start:start + 10] = bytes(b ^ 0xFF for b in data[start:start + 10])
    path.write_bytes(bytes(data))
    where = (["--layout", str(EXAMPLE_LAYOUT)] if fmt == "csv" else []) + ["-o", str(tmp_path / "out")]
    assert main(["import", fmt, str(path), *where]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "opens as a ZIP archive but cannot be read as one" in err[0], err
    assert not (tmp_path / "out").exists()


def test_another_formats_file_given_to_import_csv_is_refused_before_any_parsing(monkeypatch):
    """A Moticon export (tens of MB in a long ride) given to ``import csv`` is told from its opening, not
    after parsing every line."""
    import monitor.importers.generic_csv as generic_csv

    def parsed(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(generic_csv, "_parse_fast", parsed)
    monkeypatch.setattr(generic_csv, "_parse_lines", parsed)
    with pytest.raises(SessionFormatError, match=r"looks like a Moticon OpenGo export: use fmt=.moticon. \(monitor"):
        generic_csv.read_generic_csv(MOTICON, EXAMPLE_LAYOUT)


def test_a_file_of_no_importable_format_is_refused_at_line_1(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("\nwalked to the shop and back\n")
    with pytest.raises(SessionFormatError, match=rf"^{re.escape(str(text))}: line 1: not a Moticon export "
                                                 r"\(no '#' header lines\)$"):
        read_moticon(text)
    with pytest.raises(SessionFormatError, match=rf"^{re.escape(str(text))}: line 2: not a PhysioNet gait file "
                                                 r"\(expected 19 columns, found 6\)$"):
        read_physionet(text)
    with pytest.raises(UsageError, match="fmt='pedar': unknown import format"):
        read_recording("pedar", MOTICON)


def test_moticon_partly_empty_row_keeps_the_fields_it_has(tmp_path):
    def edit(lines):
        _set_cell(lines, 70, 26, "", "\t")  # right pressure 1 only
    rec = read_moticon(_moticon_copy(tmp_path, edit))
    row = rec.pressure_kpa["right"][70 - 9]
    assert np.isnan(row[0]) and not np.isnan(row[1:]).any()
    assert not rec.missing_rows("right")[70 - 9]


# ---------------------------------------------------------------------------- writing and the CLI


def test_cli_import_prints_where_and_a_summary(tmp_path, capsys):
    out = tmp_path / "sessions" / "GaCo01"
    assert main(["import", "physionet", str(PHYSIONET), "-o", str(out)]) == 0
    stdout = capsys.readouterr().out
    assert str(out) in stdout and "12,119 frames" in stdout
    assert monitor.load_session(out).info.source == "import"
    assert sorted(p.name for p in out.parent.iterdir()) == ["GaCo01"]  # no temporary left behind


def test_cli_malformed_file_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys):
    bad = _physionet_copy(tmp_path, lambda ls: _set_cell(ls, 16, 3, "abc", None))
    out = tmp_path / "out" / "session"
    assert main(["import", "physionet", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and re.search(r"GaCo01_01.txt: line 17: ", err[0]), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["GaCo01_01.txt"]


@pytest.mark.parametrize("argv, said", [
    (["physionet", "rides/week1/GaCo01_01.txt", "-o", "out"],
     "rides/week1/GaCo01_01.txt: line 17: column 'L3': 'abc' is not a number"),
    (["csv", "rides/week1/walk.csv", "--layout", "rides/week1/layout.json", "-o", "out"],
     "rides/week1/walk.csv: line 1: no column 'p07_kpa' (left sensor 7 in rides/week1/layout.json)"),
    (["fit", "rides/week1/ride.fit", "--into", "sim-healthy-ride"],
     "rides/week1/ride.fit: not a FIT file (no FIT file header: expected '.FIT' at byte 8)"),
], ids=["physionet", "csv", "fit"])
def test_cli_import_errors_name_the_file_as_it_was_given(tmp_path, capsys, monkeypatch, argv, said):
    from test_malformed_files import EXAMPLE, edit_json, session_copy

    folder = tmp_path / "rides" / "week1"
    folder.mkdir(parents=True)
    _physionet_copy(folder, lambda ls: _set_cell(ls, 16, 3, "abc", None))
    csv_lines = (EXAMPLE / "walk.csv").read_text().splitlines()
    (folder / "walk.csv").write_text("\n".join([csv_lines[0].replace(",p07_kpa", ""), *csv_lines[1:]]) + "\n")
    (folder / "layout.json").write_text((EXAMPLE / "layout.json").read_text())
    (folder / "ride.fit").write_text("timestamp,power\n0,200\n")
    s = session_copy(tmp_path)
    edit_json(s / "session.json", lambda d: d.__setitem__("start_utc", "2013-08-16T18:05:10.000Z"))
    monkeypatch.chdir(tmp_path)
    assert main(["import", *argv]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [f"solewatch import: error: {said}"]
    assert not (tmp_path / "out").exists()


def test_existing_non_empty_directory_is_left_untouched(tmp_path, capsys):
    out = tmp_path / "session"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        import_file("moticon", MOTICON_EVENTS, out)
    assert main(["import", "moticon", str(MOTICON_EVENTS), "-o", str(out)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and (out / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session"]


def test_an_existing_empty_directory_is_used(tmp_path):
    out = tmp_path / "session"
    out.mkdir()
    assert import_file("moticon", MOTICON_EVENTS, out) == out
    assert (out / "frames.parquet").exists() and (out / "session.json").exists()


@pytest.mark.parametrize("writer, name", [
    ("monitor.importers.session", "write_tables"),  # the whole-file writer
    ("monitor.importers.moticon_stream", "write_csv"),  # the streamed import, its tables written already
])
def test_a_failure_while_writing_leaves_nothing(tmp_path, monkeypatch, writer, name):
    import importlib

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importlib.import_module(writer), name, broken)
    if writer.endswith("session"):  # the clean file would be streamed: this writer takes the others
        monkeypatch.setattr(importlib.import_module("monitor.importers.moticon_stream"), "stream_moticon",
                            lambda *a, **k: None)
    with pytest.raises(OSError):
        import_file("moticon", MOTICON_EVENTS, tmp_path / "deeper" / "session")
    assert list(tmp_path.iterdir()) == []
