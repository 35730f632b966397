"""A session whose session.json says an insole has an IMU (``has_imu``) but which holds no IMU rows for it
(extras.parquet deleted, or a foot's acceleration all NaN) is still analysed, from pressure alone, and
says so: a caveat line in ``analyze``'s text and in the report's "What to know", the foot in
``analyze --json``'s ``imu_missing`` (docs/session-format.md, docs/analyze-json.md). A session with its IMU
rows says nothing of the kind."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from monitor.cli.main import main
from monitor.importers import import_file
from monitor.session.directory import load_session
from monitor.session.names import EXTRAS_TABLE
from monitor.util.shared_data import shared_data_dir

WALK = shared_data_dir() / "moticon_opengo" / "230927_102114.txt"
SAID = "session.json says the insole has an IMU (has_imu), but the session holds no IMU rows"


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    return import_file("moticon", WALK, tmp_path_factory.mktemp("imu") / "walk")


def _copy(walk, tmp_path):
    import shutil

    return shutil.copytree(walk, tmp_path / "copy")


def _said(path, tmp_path, capsys) -> tuple[str, dict, str]:
    """analyze's text, its JSON, and the report's HTML of the session at ``path``."""
    capsys.readouterr()
    assert main(["analyze", str(path)]) == 0
    text = capsys.readouterr().out
    assert main(["analyze", "--json", str(path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    out_html = tmp_path / "report.html"
    assert main(["report", str(path), "-o", str(out_html)]) == 0
    return text, doc, out_html.read_text()


def test_a_session_that_claims_an_imu_without_its_rows_is_analysed_and_says_so(walk, tmp_path, capsys):
    path = _copy(walk, tmp_path)
    (path / EXTRAS_TABLE).unlink()
    text, doc, html = _said(path, tmp_path, capsys)  # had: analysed without a word, pressure alone
    caveats = [line for line in text.splitlines() if line.startswith("caveat:")]
    assert caveats == [f"caveat: left and right: {SAID} for them (extras.parquet missing, or without them): "
                       "where the activity is recognised (none declared), it is from pressure alone"]
    assert doc["imu_missing"] == ["left", "right"]
    assert SAID in html
    assert all(len(doc["steps"][f]) >= 5 for f in ("left", "right"))  # the frames still analyse
    session = load_session(path)
    assert session.imu == {} and session.imu_missing() == ("left", "right")


def test_one_foot_whose_acceleration_is_all_nan_is_named_alone(walk, tmp_path, capsys):
    path = _copy(walk, tmp_path)
    extras = pd.read_parquet(path / EXTRAS_TABLE)
    right = extras["foot"].astype(str) == "right"
    for axis in "xyz":
        extras.loc[right, f"acceleration_{axis}_g"] = float("nan")
    extras.to_parquet(path / EXTRAS_TABLE, index=False)
    assert load_session(path).imu_missing() == ("right",)
    text, doc, _html = _said(path, tmp_path, capsys)
    assert doc["imu_missing"] == ["right"]
    assert f"caveat: right: {SAID} for it " in text


def test_a_session_with_its_imu_rows_says_nothing_of_them(walk, tmp_path, capsys):
    text, doc, html = _said(walk, tmp_path, capsys)
    assert doc["imu_missing"] == [] and "IMU" not in text and SAID not in html
