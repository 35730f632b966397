"""An import given no ``--activity`` declares none: a Moticon export and a PhysioNet gaitpdb file do not say what
was recorded, so session.json's ``activity`` is "unknown" and the recogniser decides, as for a recording made
without ``--activity``; a generic CSV's layout JSON may say it (its ``activity``), and is kept. A simulated
forefoot-strike run written as a Moticon export is then a run, with a runner's advice (a forefoot-cushioning
insole: a metatarsal pad alone failed in running, domain.md [2]), not a walk with a walker's (a metatarsal pad,
[21][22]); the real walks are still walks, or too short to tell, never another activity.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from vendor_rides import record_ride

from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.importers import import_file
from monitor.session.directory import load_session
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"
#: fmt, file: a clean Moticon export (written as it is read), one with dropouts (parsed whole), PhysioNet.
UNDECLARING = {"moticon-clean": ("moticon", DATA / "moticon_opengo" / "walk_data_with_events.txt"),
               "moticon-dropouts": ("moticon", DATA / "moticon_opengo" / "230927_102114.txt"),
               "physionet": ("physionet", DATA / "physionet_gaitpdb" / "GaCo01_01.txt")}
#: The simulated run: long enough for its MTH1 notice (at 1:10 of the forefoot-strike run, seed 1).
RUN_S = 90.0
N_MOTICON_SENSORS = 16


def moticon_text(session, path: Path) -> Path:
    """``session`` (a recorded session of Moticon insoles, 16 sensors a foot, both feet at 100 Hz) written as a
    Moticon OpenGo text export at ``path``: ``#`` header lines, then time (s) and each foot's 16 pressures in
    N/cm² (kPa / 10), TAB-separated. Neither the header nor the columns say what was recorded."""
    cols = [f"p{k:02d}_kpa" for k in range(N_MOTICON_SENSORS)]
    frames = session.frames
    left = frames[frames.foot == "left"][cols].to_numpy()
    right = frames[frames.foot == "right"][cols].to_numpy()
    names = [f"{foot} pressure {k}[N/cm²]" for foot in ("left", "right") for k in range(1, N_MOTICON_SENSORS + 1)]
    lines = ["# Start time: 06.12.2026 10:00:00.000", "# Sensor insoles: Left SN1, Right SN2", "# Size: 7",
             "# time\t" + "\t".join(names)]
    for i in range(min(len(left), len(right))):
        lines.append(f"{i / 100:.2f}\t" + "\t".join(f"{v / 10:.2f}" for v in np.r_[left[i], right[i]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run_export(tmp_path_factory) -> Path:
    """A simulated forefoot-strike run (170 steps/min) through Moticon insoles, as a Moticon export."""
    tmp = tmp_path_factory.mktemp("run")
    recorded = record_ride("moticon-udp", "forefoot-strike-run", tmp / "rec", seed=1, duration_s=RUN_S)
    return moticon_text(load_session(recorded), tmp / "run_moticon.txt")


@pytest.mark.parametrize("which", sorted(UNDECLARING))
def test_an_import_without_activity_declares_none(tmp_path, which):
    fmt, path = UNDECLARING[which]
    out = import_file(fmt, path, tmp_path / "s")
    assert json.loads((out / "session.json").read_text(encoding="utf-8"))["activity"] == "unknown"
    assert load_session(out).info.activity == "unknown"


def test_a_csv_layout_that_says_its_activity_keeps_it(tmp_path):
    out = import_file("csv", EXAMPLE / "walk.csv", tmp_path / "s", layout=EXAMPLE / "layout.json")
    assert load_session(out).info.activity == "walking"  # the layout's "activity"


def test_an_undeclared_moticon_run_is_recognised_as_a_run_with_a_runners_advice(run_export, tmp_path, capsys):
    out = tmp_path / "imp-run"
    assert main(["import", "moticon", str(run_export), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for foot in ("left", "right"):
        assert (doc["summary"][foot]["activity"], doc["summary"][foot]["activity_source"]) == ("running", "recognised")
    assert main(["analyze", str(out)]) == 0
    text = capsys.readouterr().out
    assert "left: running, cadence 170 steps/min" in text, text
    assert "Forefoot-cushioning insole" in text and "Metatarsal pad" not in text, text


def test_the_undeclared_run_is_analysed_as_the_same_run_declared(run_export, tmp_path):
    """Undeclared, the recogniser's "running" gives the advice a declared run gets."""
    undeclared = load_session(import_file("moticon", run_export, tmp_path / "u"))
    declared = load_session(import_file("moticon", run_export, tmp_path / "d", activity="running"))
    tips = [[t.key for t in analyze(s).advice().tips] for s in (undeclared, declared)]
    assert tips[0] == tips[1] and tips[0], tips


def test_the_real_gaitpdb_walk_imported_undeclared_is_recognised_walking(tmp_path):
    fmt, path = UNDECLARING["physionet"]
    result = analyze(load_session(import_file(fmt, path, tmp_path / "s")))
    assert result.activity_sources() == {"left": ("walking", "recognised"), "right": ("walking", "recognised")}


@pytest.mark.parametrize("which", ["moticon-clean", "moticon-dropouts"])
def test_the_real_moticon_walks_imported_undeclared_are_not_taken_for_another_activity(tmp_path, which):
    """17.5 s and 5 s: shorter than the recogniser's 20 s window (monitor.signal.params), so too short to tell
    ("unknown"), as a recording of them without --activity would be; never a run, a ride or a machine."""
    fmt, path = UNDECLARING[which]
    result = analyze(load_session(import_file(fmt, path, tmp_path / "s")))
    sources = result.activity_sources()
    assert set(sources) == {"left", "right"}
    assert all(act in ("walking", "unknown") and src == "recognised" for act, src in sources.values()), sources
