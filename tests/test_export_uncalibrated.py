"""An uncalibrated insole's session (ORPHE INSOLE, Ukaton Mission: raw ADC counts at a nominal scale,
docs/devices.md) exported as CSV and imported back still says its pressures are counts, not kPa: the
layout JSON written beside the CSV carries each foot's ``calibrated`` false, its ``insole`` kind and its
``sample_bits`` (docs/import-csv.md), so the report's caveats, figure_data's and compare()'s are those of
the recording. They used to be dropped: the session imported back claimed calibrated kPa from a
"solewatch" insole, and a Ukaton's 12-bit counts became 16-bit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from vendor_rides import record_ride

import monitor
from monitor.analysis.compare import compare
from monitor.codebook import FEET
from monitor.session.insole_kinds import kind_name

SAMPLES = Path(__file__).resolve().parents[1] / "sessions" / "samples"

#: A ride long enough for a few pedal strokes a foot (s); its content does not matter here.
RIDE_S = 20.0


@pytest.fixture(scope="module")
def round_trips(tmp_path_factory):
    """Per kind, (the recorded session's directory, the one imported back from its CSV export)."""
    out = {}
    for kind in ("orphe", "ukaton"):
        tmp = tmp_path_factory.mktemp(kind)
        first = record_ride(kind, "cleat-forward", tmp, seed=7, duration_s=RIDE_S)
        csv = monitor.export_frames(first, tmp / "ex" / f"{kind}.csv")
        again = monitor.import_session("csv", csv, tmp / "again", layout=tmp / "ex" / f"{kind}.layout.json").path
        out[kind] = (first, again)
    return out


@pytest.mark.parametrize("kind", ["orphe", "ukaton"])
def test_the_session_imported_back_keeps_what_its_numbers_are(round_trips, kind):
    first, again = (monitor.load_session(p) for p in round_trips[kind])
    for foot in FEET:
        was, now = first.info.layouts[foot], again.info.layouts[foot]
        assert (now.calibrated, now.insole, now.sample_bits) == (was.calibrated, was.insole, was.sample_bits) \
            == (False, kind, 16 if kind == "orphe" else 12)
        assert now.kpa_per_count == was.kpa_per_count
    said = monitor.figure_data(again).quality.caveats
    assert said == monitor.figure_data(first).quality.caveats
    assert sum(f"the {kind_name(kind)} insole sends raw ADC counts" in c and "not kPa" in c for c in said) == 2


def test_an_uncalibrated_import_whose_layout_names_no_insole_names_none(round_trips, tmp_path):
    """A layout JSON with ``calibrated`` false and no ``insole``: the caveat said the "solewatch insole sends
    raw ADC counts and its maker publishes no calibration", which a Solewatch insole, calibrated, never does."""
    first, _ = round_trips["orphe"]
    ex = first.parent / "ex"
    layout = json.loads((ex / "orphe.layout.json").read_text(encoding="utf-8"))
    del layout["insole_kind"]  # the session's kind, orphe, which feet naming no insole cannot be
    for foot in layout["feet"].values():
        del foot["insole"]
        assert foot["calibrated"] is False
    (tmp_path / "unnamed.layout.json").write_text(json.dumps(layout), encoding="utf-8")
    again = monitor.import_session("csv", ex / "orphe.csv", tmp_path / "again",
                                   layout=tmp_path / "unnamed.layout.json").path
    said = monitor.figure_data(monitor.load_session(again)).quality.caveats
    raw = [c for c in said if "not kPa" in c and "nominal scale" in c]
    assert len(raw) == 2 and all(c.startswith(f"{foot}: the insole sends raw counts, not kPa")
                                 for foot, c in zip(FEET, raw)), said
    assert not any("solewatch" in c.lower() or "maker" in c for c in said), said
    # exported again: counts of no kind named (had: "insole": "solewatch", a kind that sends kPa), and the
    # session imported back from it says the same
    csv = monitor.export_frames(again, tmp_path / "out" / "unnamed.csv")
    feet = json.loads((tmp_path / "out" / "unnamed.layout.json").read_text(encoding="utf-8"))["feet"]
    assert all(f["calibrated"] is False and "insole" not in f for f in feet.values()), feet
    back = monitor.import_session("csv", csv, tmp_path / "back", layout=tmp_path / "out" / "unnamed.layout.json")
    assert all((lay.calibrated, lay.insole) == (False, "solewatch") for lay in back.info.layouts.values())
    assert monitor.figure_data(back).quality.caveats == said


def test_compare_still_says_the_counts_do_not_compare(round_trips):
    def raw_caveats(before, after):
        c = compare(monitor.analyze(before), monitor.analyze(after), before, after)
        return [line for line in c.caveats if "nominal units, not kPa" in line]

    first = {k: monitor.load_session(p[0]) for k, p in round_trips.items()}
    again = {k: monitor.load_session(p[1]) for k, p in round_trips.items()}
    kept = raw_caveats(first["orphe"], first["ukaton"])
    assert kept and raw_caveats(again["orphe"], again["ukaton"]) == kept


def test_the_layout_json_says_it_and_a_calibrated_session_keeps_its_bits(round_trips, tmp_path):
    first, _ = round_trips["orphe"]
    layout = json.loads((first.parent / "ex" / "orphe.layout.json").read_text(encoding="utf-8"))
    assert {k: layout["feet"]["left"][k] for k in ("calibrated", "insole", "sample_bits")} == \
        {"calibrated": False, "insole": "orphe", "sample_bits": 16}
    sim = SAMPLES / "sim-cleat-forward"  # a Solewatch insole's 12-bit counts, calibrated
    csv = monitor.export_frames(sim, tmp_path / "sim.csv")
    feet = json.loads((tmp_path / "sim.layout.json").read_text(encoding="utf-8"))["feet"]
    assert all("calibrated" not in f and "insole" not in f and f["sample_bits"] == 12 for f in feet.values())
    back = monitor.import_session("csv", csv, tmp_path / "back", layout=tmp_path / "sim.layout.json")
    lay = back.info.layouts["left"]
    assert (lay.calibrated, lay.insole, lay.sample_bits) == (True, "solewatch", 12)


@pytest.mark.parametrize(("field", "value", "said"), [
    ("calibrated", "no", "field feet.left.calibrated: true or false"),
    ("insole", "pedar", "field feet.left.insole: 'pedar' is no insole kind (one of solewatch, orphe"),
    ("sample_bits", 14, "field feet.left.sample_bits: 12 or 16, not 14"),
])
def test_a_wrong_value_names_the_field(tmp_path, field, value, said):
    from monitor.errors import SessionFormatError
    from monitor.importers.generic_csv import read_layout

    layout = json.loads((Path(__file__).parent / "data" / "generic_csv" / "layout.json").read_text(
        encoding="utf-8"))
    layout["feet"]["left"][field] = value
    (tmp_path / "layout.json").write_text(json.dumps(layout), encoding="utf-8")
    with pytest.raises(SessionFormatError, match="^" + re.escape(f"{tmp_path / 'layout.json'}: {said}")):
        read_layout(tmp_path / "layout.json")


def test_twelve_bits_hold_a_csv_to_what_twelve_bit_counts_reach(tmp_path):
    """An uncalibrated foot of ``sample_bits`` 12 at resolution_kpa 1 holds 4,095 kPa at most (what the
    imported layout's frames are held to when the session is read, SensorLayout.most_kpa); 16 bits hold
    65,535."""
    from monitor.errors import SessionFormatError

    layout = {"feet": {"left": {"rate_hz": 50, "x": [0.0], "y": [0.7], "area_mm2": [100], "regions": ["mth2_3"],
                                "resolution_kpa": 1.0, "sample_bits": 12,
                                "calibrated": False}}}
    (tmp_path / "l.json").write_text(json.dumps(layout), encoding="utf-8")
    rows = "t_s,foot,p00_kpa\n" + "".join(f"{k * 0.02:.2f},left,{4096 if k == 3 else 100}\n" for k in range(10))
    (tmp_path / "f.csv").write_text(rows, encoding="utf-8")
    with pytest.raises(SessionFormatError, match=r"line 5: column 'p00_kpa': 4096 kPa is above 4095 kPa, .*4,095 co"):
        monitor.import_session("csv", tmp_path / "f.csv", tmp_path / "s", layout=tmp_path / "l.json")
    layout["feet"]["left"]["sample_bits"] = 16
    (tmp_path / "l.json").write_text(json.dumps(layout), encoding="utf-8")
    assert monitor.import_session("csv", tmp_path / "f.csv", tmp_path / "s", layout=tmp_path / "l.json")
