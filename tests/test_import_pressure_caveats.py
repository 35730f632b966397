"""An import says when a sensor read 0 all along while its foot was loaded, and when a file's pressures are too
small for kPa; analyze and the report say the first too, of imported and recorded sessions alike.

A dead force-sensing resistor sends 0, not an empty cell: a ride whose MTH2 sensors read 0 in every frame
imported with "0 caveats", and analyze moved its verdict from a focal warning under MTH2-3 to an early sign
under MTH4-5 without a word. A file in N/cm² (a tenth of its kPa) imported as silently, and walked with a
25-kPa peak. Neither is refused, nor changes a sample: what the detector reads stays as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import monitor
from monitor.analysis.batch import analyze
from monitor.analysis.sensor_gaps import gap_words
from monitor.cli.main import main
from monitor.report.text import analysis_text
from monitor.session.found_caveats import found_again
from monitor.util.shared_data import shared_data_dir

HERE = Path(__file__).resolve().parent
LAYOUT = json.loads((HERE / "data" / "generic_csv" / "layout.json").read_text())
RATE_HZ = 50
#: the example layout's sensors: heel x2, lateral midfoot, MTH1, MTH2-3, MTH4-5, hallux, lesser toes
WALK_PEAK_KPA = np.array([215, 190, 119, 240, 253, 180, 200, 110], float)  # domain.md section 1's sizes
RIDE_KPA = np.array([10, 8, 30, 80, 90, 80, 70, 40], float)
DEAD = "read 0 in every frame while the foot was loaded"
SMALL = "pressures look about 10x too small: is the file in N/cm²?"


def _walk(t_s: np.ndarray) -> np.ndarray:
    stance = ((t_s / 1.1) % 1.0) / 0.6  # 110 steps/min, stance 60 %: above 1 the foot swings
    centres = np.array([0.12, 0.12, 0.4, 0.72, 0.75, 0.72, 0.85, 0.85])
    d = (stance[:, None] - centres) / 0.25
    return WALK_PEAK_KPA * np.where(np.abs(d) < 1, np.cos(d * np.pi / 2) ** 2, 0.0)


def _ride(t_s: np.ndarray) -> np.ndarray:
    down = 0.5 + 0.5 * np.cos(2 * np.pi * ((t_s * 85 / 60) % 1.0 - 0.25))
    return RIDE_KPA * (0.12 + 0.88 * down)[:, None]


def _session(tmp_path, kind: str, *, dead: int | None = None, scale: float = 1.0, seconds: float = 60.0):
    """Import a two-foot ``kind`` ("walking" or "cycling") CSV of the example layout, sensor ``dead`` 0
    throughout and every pressure times ``scale``; returns the session directory."""
    t = np.arange(int(seconds * RATE_HZ)) / RATE_HZ
    rows = []
    for foot, shift in (("left", 0.0), ("right", 0.5)):
        p = (_walk if kind == "walking" else _ride)(t + shift) + 1.0  # 1 kPa: a sole in a shoe is never unloaded
        if dead is not None:
            p[:, dead] = 0.0
        p = np.round(p * scale, 2)
        rows += [f"{ti:.2f},{foot}," + ",".join(f"{v:g}" for v in row) for ti, row in zip(t, p)]
    rows.sort(key=lambda r: float(r.split(",")[0]))
    csv = tmp_path / f"{kind}.csv"
    csv.write_text("t_s,foot," + ",".join(f"p{k:02d}_kpa" for k in range(8)) + "\n" + "\n".join(rows) + "\n")
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({**LAYOUT, "activity": kind, "caveats": []}))
    out = tmp_path / "s"
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(out)]) == 0
    return out


def _caveats(out) -> list[str]:
    return json.loads((out / "session.json").read_text())["imported_from"]["caveats"]


def test_a_sensor_that_read_0_all_ride_is_a_caveat_naming_foot_sensor_and_region(tmp_path, capsys):
    out = _session(tmp_path, "cycling", dead=4)
    said = capsys.readouterr().out
    kept = [c for c in _caveats(out) if DEAD in c]
    assert [c.split(" read 0")[0] for c in kept] == ["left: sensor p04 (MTH2-3)", "right: sensor p04 (MTH2-3)"]
    assert "its region reads too low" in kept[0] and "a dead sensor or a loose connector" in kept[0]
    assert "a part that bore none reads 0 too" in kept[0]  # a heel off the pedal: said as possible, not dead
    assert "2 caveats in session.json" in said and "left: sensor p04 (MTH2-3) read 0" in said


def test_analyze_and_the_report_say_it_once(tmp_path):
    from monitor.report.data import report_data

    out = _session(tmp_path, "cycling", dead=4)
    session = monitor.load_session(out)
    result = analyze(session)
    lines = [ln for ln in analysis_text(result).splitlines() if DEAD in ln]
    assert [ln.split(" read 0")[0] for ln in lines] == ["caveat: left: sensor p04 (MTH2-3)",
                                                         "caveat: right: sensor p04 (MTH2-3)"]
    known = [c for c in report_data(session, result).quality.caveats if DEAD in c]
    assert known == [c for c in _caveats(out) if DEAD in c]  # the import's, not said again by the analysis


def test_a_whole_file_without_a_dead_sensor_says_nothing(tmp_path, capsys):
    out = _session(tmp_path, "cycling")
    assert "0 caveats in session.json" in capsys.readouterr().out
    assert not [ln for ln in analysis_text(analyze(monitor.load_session(out))).splitlines() if DEAD in ln]


def test_a_recorded_ride_with_a_sensor_at_0_says_it_in_analyze_and_at_the_end_of_live():
    s = monitor.offline_session("healthy-ride", duration_s=120)
    s.frames.loc[s.frames.foot == "right", "p09_kpa"] = 0.0  # the Solewatch-18 insole's MTH2
    result = analyze(s)
    said = [ln for ln in analysis_text(result).splitlines() if DEAD in ln]
    assert [ln.split(" read 0")[0] for ln in said] == ["caveat: right: sensor p09 (MTH2)"]
    assert [n for n in gap_words(result.feet).notes if DEAD in n] == [said[0].removeprefix("caveat: ")]


def test_the_committed_samples_and_a_real_import_say_no_sensor_read_0():
    for name in ("moticon-walk", "sim-healthy-ride", "sim-cleat-forward"):
        result = analyze(monitor.load_session(HERE.parent / "sessions" / "samples" / name))
        assert not [ln for ln in analysis_text(result).splitlines() if DEAD in ln], name


@pytest.mark.parametrize(("kind", "scale", "top"), [("walking", 0.1, "25.3 kPa, under 126.5 kPa"),
                                                     ("cycling", 0.1, "9.1 kPa, under 20.5 kPa")])
def test_pressures_a_tenth_of_kpa_are_asked_about(tmp_path, capsys, kind, scale, top):
    out = _session(tmp_path, kind, scale=scale)
    kept = [c for c in _caveats(out) if SMALL in c]
    assert [c.split(":")[0] for c in kept] == ["left", "right"]
    assert f"Its highest reading in the whole file is {top}" in kept[0]
    assert "domain.md" in kept[0] and "[1] S" in kept[0] and "a guess" in kept[0]
    assert SMALL in capsys.readouterr().out


def test_newtons_per_sensor_are_asked_about_too(tmp_path):
    area_mm2 = np.array(LAYOUT["feet"]["left"]["area_mm2"], float)
    out = _session(tmp_path, "walking", scale=float(area_mm2.max()) * 1e-3 * 0.5)  # kPa x m² of a small sensor
    assert len([c for c in _caveats(out) if SMALL in c]) == 2


@pytest.mark.parametrize("kind", ["walking", "cycling"])
def test_pressures_in_kpa_are_not(tmp_path, kind):
    assert not [c for c in _caveats(_session(tmp_path, kind)) if SMALL in c or DEAD in c]


def test_a_real_physionet_import_is_not(tmp_path, capsys):
    out = tmp_path / "p"
    assert main(["import", "physionet", str(shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"),
                 "-o", str(out), "--activity", "walking"]) == 0
    assert not [c for c in _caveats(out) if SMALL in c or DEAD in c]


def test_an_export_leaves_them_to_the_import_that_finds_them_again(tmp_path):
    out = _session(tmp_path, "walking", dead=4, scale=0.1)
    kept = [c for c in _caveats(out) if SMALL in c or DEAD in c]
    assert len(kept) == 4 and all(found_again(c) for c in kept)


def test_docs_import_csv_md_quotes_both_caveats_as_the_code_words_them(tmp_path):
    """The doc's quotes of both caveats are the code's words: the dead sensor's of a left MTH2 sensor p05 at
    0.1 kPa a step, the small pressures' of this file's walk at a tenth of its kPa."""
    from dataclasses import replace

    from monitor.signal.zero_sensors import zero_caveat

    doc = " ".join((HERE.parent / "docs" / "import-csv.md").read_text(encoding="utf-8").split())
    out = _session(tmp_path, "walking", scale=0.1)
    small = next(c for c in _caveats(out) if c.startswith("left: " + SMALL))
    assert f"`{small}`" in doc
    base = monitor.load_session(out).info.layouts["left"]
    regions = list(base.regions)
    regions[5] = "mth2"
    dead = zero_caveat("left", replace(base, regions=tuple(regions), kpa_per_count=0.1), [5])
    assert f"`{dead}`" in doc


def test_analyze_json_carries_the_caveat_as_its_text_says_it(tmp_path, capsys):
    """Had: analyze's text said "caveat: left: sensor p04 (MTH2-3) read 0 ...", its --json nothing of it."""
    from test_analyze import _validate

    out = _session(tmp_path, "cycling", dead=4)
    text = [ln.removeprefix("caveat: ") for ln in analysis_text(analyze(monitor.load_session(out))).splitlines()
            if DEAD in ln]
    capsys.readouterr()
    assert main(["analyze", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    _validate(doc)  # docs/analyze-json.schema.json
    assert doc["zero_sensors"] == {"left": ["p04"], "right": ["p04"]}, doc.get("zero_sensors")
    assert doc["zero_sensor_notes"] == text and len(text) == 2, doc.get("zero_sensor_notes")
    (tmp_path / "whole").mkdir()
    whole_dir = _session(tmp_path / "whole", "cycling")
    capsys.readouterr()  # the import's lines
    assert main(["analyze", str(whole_dir), "--json"]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert "zero_sensors" not in whole and "zero_sensor_notes" not in whole  # a session without: as before
