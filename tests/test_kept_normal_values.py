"""A kept normal (riders/NAME.json) holding an activity the analysis does not know, or a measure outside
its physical range, is refused in one line naming the file and the key, as an unknown field is: a normal
kept under "swimming" was silently never used ("none kept for it"), and a forefoot share of 50 was taken
for one."""

from __future__ import annotations

import json

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main
from monitor.signal.activity_words import ACTIVITY_WORDS
from monitor.signal.baseline import RiderBaseline

GOOD = SAMPLES / "sim-healthy-ride"
MEASURES = {"n_windows": 30, "ml_index": -0.16, "forefoot_share": 0.63, "residual_fraction": 0.11,
            "residual_kpa": 8.9, "pti_rate": 8333.3, "cop_y": 0.61,
            "focal": {"mth1": 1.21, "mth2_3": 0.94, "mth4_5": 0.72}}


def _kept(tmp_path, monkeypatch, activity="cycling", **changed):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    (tmp_path / "riders").mkdir(exist_ok=True)
    path = tmp_path / "riders" / "ann.json"
    path.write_text(json.dumps({"schema": "solewatch.baseline/1",
                                "feet": {"left": {activity: {**MEASURES, **changed}}}}))
    return path


def test_an_unknown_activity_is_refused(tmp_path, monkeypatch, capsys):
    path = _kept(tmp_path, monkeypatch, "swimming")
    assert main(["analyze", str(GOOD), "--rider", "ann"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"solewatch analyze: error: {path}: feet.left: unknown activity 'swimming' (known: "
                             "cycling, cycling_seated, ")


@pytest.mark.parametrize("activity", list(ACTIVITY_WORDS))
def test_every_activity_the_table_knows_is_taken(activity):
    d = {"schema": "solewatch.baseline/1", "feet": {"left": {activity: MEASURES}}}
    assert RiderBaseline.from_dict(d).activities() == [activity]


@pytest.mark.parametrize("name, value", [("forefoot_share", -5), ("forefoot_share", 50), ("residual_kpa", 1e308),
                                         ("residual_fraction", -1), ("ml_index", 99), ("pti_rate", -1e300),
                                         ("cop_y", 2)])
def test_a_measure_outside_its_range_is_refused(tmp_path, monkeypatch, capsys, name, value):
    path = _kept(tmp_path, monkeypatch, **{name: value})
    assert main(["analyze", str(GOOD), "--rider", "ann"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"solewatch analyze: error: {path}: feet.left.cycling: {name} is {value:g}, outside "
                             "its range ("), err
