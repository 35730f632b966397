"""An export's layout JSON names the feet whose insole sent no frame (``sent_no_frame``), and the import reads
the one row the CSV holds for each (at t_s 0, every cell empty) as no frame, so the session comes back as it
went: no gap, no frame and the study's valid fraction of the session exported. Had: that row came back as a
frame that never arrived, a 0.01-s gap "empty in file" the session had not, and, for a session whose insoles
both sent no frame (0 s), a valid fraction of 0.000 where the session had none ("-"). Only the layout says so:
without the field (an older export, another tool's CSV) a foot's one empty row at 0 s is a frame that never
arrived, as a real recording's may be (tests/test_api_roundtrip_property.py); and a layout that says a foot
sent no frame while the CSV holds frames of it is refused (docs/import-csv.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_import_no_sample import _frameless
from test_no_data_both_feet import silent_live

import monitor
from monitor.cli.main import main


def _moticon_without(tmp_path: Path, feet: tuple[str, ...]) -> Path:
    """The Moticon sample walk whose insoles of ``feet`` linked and sent no frame: no frame and no gap of
    those feet (tests/test_import_no_sample.py's _frameless, its gaps.csv without their rows too)."""
    session = _frameless(tmp_path, feet)
    gaps = session / "gaps.csv"
    lines = gaps.read_text(encoding="utf-8").splitlines(keepends=True)
    gaps.write_text("".join(x for x in lines if x.split(",")[0] not in feet), encoding="utf-8")
    return session


def _exported(tmp_path: Path, session: Path, capsys) -> tuple[Path, Path]:
    """``session``'s CSV export and its layout JSON, under ``tmp_path``."""
    assert main(["export", str(session), "-o", str(tmp_path / "x.csv")]) == 0
    capsys.readouterr()
    return tmp_path / "x.csv", tmp_path / "x.layout.json"


def _imported(tmp_path: Path, csv: Path, layout: Path, capsys) -> tuple[Path, str]:
    """The session ``csv`` with ``layout`` imports into, and what the import said."""
    back = tmp_path / "back"
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(back)]) == 0
    return back, capsys.readouterr().out


def _study(session: Path) -> pd.DataFrame:
    """The study's per-foot rows of ``session`` alone: valid fraction, gaps and their seconds."""
    tables = monitor.study(session, workers=1)
    assert not len(tables.errors), tables.errors
    return tables.sessions[["foot", "valid_fraction", "n_gaps", "gap_s"]].reset_index(drop=True)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("source,feet", [("moticon", ("right",)), ("moticon", ("left", "right")),
                                         ("live", ("left", "right"))])
def test_a_foot_that_sent_no_frame_comes_back_with_no_frame_and_no_gap(tmp_path, capsys, source, feet):
    session = _moticon_without(tmp_path, feet) if source == "moticon" else silent_live(tmp_path).record.path
    csv, layout = _exported(tmp_path, session, capsys)
    back, said = _imported(tmp_path, csv, layout, capsys)
    before, after = monitor.load_session(session), monitor.load_session(back)
    for foot in ("left", "right"):
        assert (after.frames["foot"] == foot).sum() == (before.frames["foot"] == foot).sum(), foot
    assert after.info.duration_s == before.info.duration_s
    spans = ["foot", "start_s", "end_s", "frames_missing"]  # a time jump comes back "empty in file" (docs)
    assert list(after.gaps[spans].itertuples(index=False)) == list(before.gaps[spans].itertuples(index=False))
    assert not after.gaps["foot"].isin(feet).any(), after.gaps  # had: a 0.01-s gap "empty in file" a foot
    pd.testing.assert_frame_equal(_study(back), _study(session))  # had: 0.000 where the session has NaN ("-")
    if before.info.duration_s:  # the import's line says the foot has no row, not rows before or after it
        for foot in feet:
            assert f"{foot} 1,751 frames, 1,751 missing (100.0%: no row, its insole sent no frame)" in \
                " ".join(said.split()), said
    assert json.loads(layout.read_text(encoding="utf-8"))["sent_no_frame"] == list(feet)


def test_without_the_field_the_row_is_a_frame_that_never_arrived(tmp_path, capsys):
    """An older export's layout JSON (no ``sent_no_frame``): its foot's one empty row at 0 s stays the missing
    frame it says, as a real recording's one empty frame at 0 s must."""
    csv, layout = _exported(tmp_path, _moticon_without(tmp_path, ("right",)), capsys)
    doc = json.loads(layout.read_text(encoding="utf-8"))
    doc.pop("sent_no_frame", None)
    layout.write_text(json.dumps(doc), encoding="utf-8")
    back, _ = _imported(tmp_path, csv, layout, capsys)
    after = monitor.load_session(back)
    right = after.frames[after.frames["foot"] == "right"]
    assert list(right["t_s"]) == [0.0] and right.filter(like="_kpa").isna().all(axis=None), right
    assert list(after.gaps.loc[after.gaps["foot"] == "right", "reason"]) == ["empty in file"]


def test_a_layout_that_says_a_foot_with_frames_sent_none_is_refused(tmp_path, capsys):
    """The layout JSON of another export, or one edited: one line naming both files, exit 2, nothing made."""
    csv, layout = _exported(tmp_path, _moticon_without(tmp_path, ()), capsys)
    doc = json.loads(layout.read_text(encoding="utf-8"))
    assert "sent_no_frame" not in doc  # an export whose feet both sent frames names none
    layout.write_text(json.dumps({**doc, "sent_no_frame": ["right"]}), encoding="utf-8")
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(tmp_path / "back")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert str(layout) in err and str(csv) in err and "field sent_no_frame" in err, err
    assert "right insole sent no frame" in err and "1,751 right frames" in err, err
    assert not (tmp_path / "back").exists()


@pytest.mark.parametrize("value,said", [(["middle"], "'middle' is not a foot of this layout's feet"),
                                        ("right", "a list of feet"), (["right", "right"], "named twice")])
def test_a_sent_no_frame_that_names_no_foot_of_the_layout_is_refused(tmp_path, capsys, value, said):
    csv, layout = _exported(tmp_path, _moticon_without(tmp_path, ("right",)), capsys)
    doc = json.loads(layout.read_text(encoding="utf-8"))
    layout.write_text(json.dumps({**doc, "sent_no_frame": value}), encoding="utf-8")
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(tmp_path / "back")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{layout}: field sent_no_frame: " in err and said in err, err


def _walk_without_right(tmp_path: Path, t_s: str) -> tuple[Path, Path]:
    """The docs' 0.2-s example walk (tests/data/generic_csv) with its right foot's rows replaced by one row at
    ``t_s`` (the CSV's text) with every cell empty, and its layout JSON (no ``duration_s``) naming the right
    foot in ``sent_no_frame``: the CSV and the layout JSON, under ``tmp_path``."""
    example = Path(__file__).resolve().parent / "data" / "generic_csv"
    lines = (example / "walk.csv").read_text(encoding="utf-8").splitlines()
    csv = tmp_path / "walk.csv"
    csv.write_text("\n".join([x for x in lines if ",right," not in x] + [f"{t_s},right" + "," * 8]) + "\n",
                   encoding="utf-8")
    layout = json.loads((example / "layout.json").read_text(encoding="utf-8"))
    layout.pop("duration_s", None)
    layout["sent_no_frame"] = ["right"]
    (tmp_path / "layout.json").write_text(json.dumps(layout), encoding="utf-8")
    return csv, tmp_path / "layout.json"


@pytest.mark.parametrize("t_s", ["0", "4.54747350886464e-13", "-9e-10"])
def test_a_short_file_s_foot_that_sent_no_frame_is_said_missing_throughout(tmp_path, capsys, t_s):
    """The docs' 0.2-s example walk with its right foot's rows replaced by the one row that stands for an
    insole that sent no frame: the import line says the right foot's frames of the 0.2 s missing, "no row,
    its insole sent no frame", as of a longer file (had: "right 0 frames, 0 missing (0.0%)", since a span
    without data of 1 s or less at a session's end is not counted as absent). A row within floating rounding
    of 0 (under ZERO_T_S) is that row too (had: refused, "the first at t_s 0.000 s, not exactly 0")."""
    csv, layout = _walk_without_right(tmp_path, t_s)
    _, said = _imported(tmp_path, csv, layout, capsys)
    said = " ".join(said.split())
    assert "0.20 s at 50 Hz:" in said and "right 10 frames, 10 missing (100.0%: no row, its insole sent no frame)" \
        in said, said


def test_a_foot_whose_frames_the_raw_log_lost_is_not_written_as_one_that_sent_none(tmp_path, capsys):
    """A session rebuilt from a raw log that lost every frame of the right foot (session.json counts 6,000 frames
    received from it; Session.log_lost) was exported with the right foot in ``sent_no_frame``, and imported back
    said "its insole sent no frame". Now the export's line says the log lost them, the layout JSON does not name
    the foot as one that sent none but says what was lost in its caveats, and the import keeps that."""
    from test_table_against_counters import GOOD, _without_foot

    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    (session / "frames.parquet").unlink()
    (session / "gaps.csv").unlink()
    _without_foot(session / "raw.swlog", "right")
    assert monitor.load_session(session).log_lost == {"right": 6000}
    assert main(["export", str(session), "-o", str(tmp_path / "x.csv")]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert ("right: no frame in the session: the raw log lost them (session.json counts 6,000 frames received "
            "from it), so its data are missing, not an insole that sent none") in said, said
    assert "that sent no data" not in said, said
    doc = json.loads((tmp_path / "x.layout.json").read_text(encoding="utf-8"))
    assert "right" not in doc.get("sent_no_frame", []), doc.get("sent_no_frame")
    lost = ("the right foot's frames were lost from the raw log of the session this CSV was exported from (its "
            "close counted 6,000 received): that foot's data are missing, not an insole that sent none")
    assert lost in doc["caveats"], doc.get("caveats")
    back, imported = _imported(tmp_path, tmp_path / "x.csv", tmp_path / "x.layout.json", capsys)
    assert "sent no frame" not in imported, imported
    assert lost in monitor.load_session(back).info.imported_from["caveats"]


@pytest.mark.parametrize("t_s,said", [
    ("0.0004", "the first at t_s 0.000 s, not exactly 0, with no sample"),
    ("0.1234567", "the first at t_s 0.123 s, with no sample"),
])
def test_the_refusal_of_a_foot_with_a_row_says_its_time_to_the_millisecond(tmp_path, capsys, t_s, said):
    """The docs' example walk whose right foot's one empty row is at ``t_s``, not the 0 an export writes:
    refused, its time said to the ms (had: "the first at t_s 4.54747e-13")."""
    csv, layout = _walk_without_right(tmp_path, t_s)
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(tmp_path / "back")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "field sent_no_frame" in err and f"1 right frame ({said})" in err, err
