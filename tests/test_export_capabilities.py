"""A session's insole capabilities go round a CSV export and its import (docs/import-csv.md): the layout JSON
beside the CSV carries each foot's ``rates_hz`` (the rates the insole supports, Hz) and ``has_haptic``, and
the session imported back has them. They used to be dropped: a Solewatch recording's insoles (25, 50, 100 and
200 Hz, a haptic motor) came back as a 100 Hz-only insole without one. The CSV has no IMU columns, so a
session whose insoles sent acceleration and angular rate comes back without them: its layouts say
``has_imu`` false (never an IMU the session does not hold) and a caveat says what the CSV did not carry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import monitor
from monitor.codebook import FEET
from monitor.errors import SessionFormatError
from monitor.importers.generic_csv import read_layout

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
EXAMPLE_LAYOUT = ROOT / "tests" / "data" / "generic_csv" / "layout.json"


def _round_trip(source: Path, out: Path):
    """(the layout JSON written beside the CSV export of ``source``, the session imported back from it)."""
    csv = monitor.export_frames(source, out / "frames.csv")
    layout = json.loads((out / "frames.layout.json").read_text(encoding="utf-8"))
    return layout, monitor.import_session("csv", csv, out / "back", layout=out / "frames.layout.json")


def test_the_rates_and_the_haptic_motor_come_back(tmp_path):
    first = monitor.load_session(SAMPLES / "sim-cleat-forward")
    layout, back = _round_trip(first.path, tmp_path)
    for foot in FEET:
        was, now = first.info.layouts[foot], back.info.layouts[foot]
        assert (was.rates_hz, was.current_rate_hz, was.has_haptic) == ((25, 50, 100, 200), 100, True)
        assert layout["feet"][foot]["rates_hz"] == [25, 50, 100, 200] and layout["feet"][foot]["has_haptic"] is True
        assert (now.rates_hz, now.current_rate_hz, now.has_haptic, now.has_imu) == \
            (was.rates_hz, was.current_rate_hz, was.has_haptic, was.has_imu)


def test_imu_rows_the_csv_does_not_carry_are_said_and_never_claimed(tmp_path):
    first = monitor.load_session(SAMPLES / "moticon-walk")
    assert all(first.info.layouts[f].has_imu for f in FEET) and first.imu_missing() == ()
    source = first.path
    for k in range(2):  # each round says it once
        layout, back = _round_trip(source, tmp_path / f"round{k}")
        assert not any("has_imu" in f or "rates_hz" in f or "has_haptic" in f for f in layout["feet"].values())
        assert not any(back.info.layouts[f].has_imu for f in FEET) and back.imu_missing() == ()
        said = [c for c in back.info.imported_from["caveats"] if "IMU" in c]
        assert said == ["the session this CSV was exported from had IMU rows (acceleration, angular rate) for left "
                        "and right in extras.parquet; a CSV export does not carry them, so this session has none"]
        source = back.path


def test_a_layout_without_them_is_read_as_before():
    layouts, _ = read_layout(EXAMPLE_LAYOUT)
    assert all((lay.rates_hz, lay.has_haptic, lay.has_imu) == ((50,), False, False) for lay in layouts.values())


@pytest.mark.parametrize(("field", "value", "said"), [
    ("rates_hz", [25, 100], "field feet.left.rates_hz: [25, 100] lacks rate_hz, 50 Hz"),
    ("rates_hz", [100, 50], "field feet.left.rates_hz: ascending, each rate once"),
    ("rates_hz", [50, 2000], "field feet.left.rates_hz: a list of whole numbers of Hz from 1 to 1000"),
    ("rates_hz", [], "field feet.left.rates_hz: a list of whole numbers of Hz from 1 to 1000"),
    ("has_haptic", "yes", "field feet.left.has_haptic: true or false"),
    ("has_imu", True, "field feet.left.has_imu: no field of a layout JSON: the CSV carries no IMU columns"),
])
def test_a_wrong_value_names_the_field(tmp_path, field, value, said):
    layout = json.loads(EXAMPLE_LAYOUT.read_text(encoding="utf-8"))
    layout["feet"]["left"][field] = value
    (tmp_path / "layout.json").write_text(json.dumps(layout), encoding="utf-8")
    with pytest.raises(SessionFormatError, match="^" + re.escape(f"{tmp_path / 'layout.json'}: {said}")):
        read_layout(tmp_path / "layout.json")
