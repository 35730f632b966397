"""A FIT ride's values that no ride gives (power 65000 W, heart rate 250 bpm, cadence 254 rpm, speed 65 m/s:
within the FIT types' ranges, so the SDK keeps them) are taken as missing, NaN and never 0, with one
``warning:`` line (a SessionCaveat from Python) naming the file and counting them per quantity
(monitor.importers.fit_read.PLAUSIBLE, docs/fit.md); the record's other values, and plausible values, are
kept."""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timedelta

import numpy as np
import pytest
from test_fit import _ride_of
from test_malformed_files import session_copy

from monitor.cli.main import main
from monitor.errors import SessionCaveat
from monitor.importers.fit_read import read_fit_ride
from monitor.session.ride import read_ride

IMPOSSIBLE = {"power": 65000, "heart_rate": 250, "cadence": 254, "speed": 65}


def _start(session) -> datetime:
    start = json.loads((session / "session.json").read_text())["start_utc"].replace("Z", "+00:00")
    return datetime.fromisoformat(start).replace(microsecond=0) + timedelta(seconds=1)


def test_impossible_values_are_missing_with_a_warning_counting_them(tmp_path, capsys):
    s = session_copy(tmp_path)
    ride = _ride_of(tmp_path / "bad.fit", _start(s), {**IMPOSSIBLE, "altitude": 100})
    code = main(["import", "fit", str(ride), "--into", str(s)])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "warning:" in lines[0] and str(ride) in lines[0], err
    for said in ("power 90 (at most 3,000 W)", "cadence 90 (at most 220 rpm)", "heart rate 90 (at most 230 bpm)",
                 "speed 90 (at most 40 m/s)"):
        assert said in lines[0], err
    assert "records with a value: altitude 60;" in out, out
    records = read_ride(s).records
    for col in ("power_w", "cadence_rpm", "heart_rate_bpm", "speed_m_s"):
        assert records[col].isna().all(), records[col]
    assert (records["altitude_m"] == 100).all()


def test_plausible_values_are_kept_without_a_warning(tmp_path):
    start = datetime(2024, 5, 1, 10, 0, 0)
    ride = _ride_of(tmp_path / "ok.fit", start, {"power": 2900, "heart_rate": 200, "cadence": 200, "speed": 30})
    with warnings.catch_warnings():
        warnings.simplefilter("error", SessionCaveat)
        got = read_fit_ride(ride)
    assert got.implausible == {}
    first = got.records.iloc[0]
    assert (first["power_w"], first["heart_rate_bpm"], first["cadence_rpm"], first["speed_m_s"]) == (2900, 200, 200, 30)


def test_the_python_reader_counts_them_in_a_caveat(tmp_path):
    ride = _ride_of(tmp_path / "bad.fit", datetime(2024, 5, 1, 10, 0, 0), {"power": 65000, "heart_rate": 120},
                    from_s=80)
    with pytest.warns(SessionCaveat, match=r"bad\.fit: .*power 10 \(at most 3,000 W\)"):
        got = read_fit_ride(ride)
    assert got.implausible == {"power_w": 10}
    assert np.isnan(got.records["power_w"]).all() and (got.records["heart_rate_bpm"].dropna() == 120).all()
    from monitor.importers.fit_read import PLAUSIBLE

    assert set(PLAUSIBLE) == {"power_w", "cadence_rpm", "heart_rate_bpm", "speed_m_s", "altitude_m"}


@pytest.mark.parametrize("from_s, which", [(0, "all 90 records' values are out of range"),
                                           (30, "the 60 records of 90 with a value hold no value in range"),
                                           (89, "the 1 record of 90 with a value holds no value in range")],
                         ids=["every-record", "some-records-empty", "one-record-of-many"])
def test_a_ride_whose_every_value_is_out_of_range_says_so(tmp_path, capsys, from_s, which):
    """Records that hold values, every one past its bound, are not "no power, cadence, heart rate, speed or
    altitude": the line says the values are out of range, each quantity's furthest with its bound (had, of one
    record with a value among 90: "the 1 records with a value hold only values are out of range")."""
    from test_malformed_files import fails_untouched

    s = session_copy(tmp_path)
    ride = _ride_of(tmp_path / "big.fit", _start(s), {"power": 65534, "cadence": 254, "heart_rate": 254},
                    from_s=from_s)
    line = fails_untouched(capsys, s, "import", "fit", ride, "--into", s)
    assert line.endswith(f"big.fit: {which}: power 65,534 W above 3,000 W, cadence "
                         "254 rpm above 220 rpm, heart rate 254 bpm above 230 bpm (bounds no ride passes, "
                         "docs/fit.md): nothing to import"), line
