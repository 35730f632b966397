"""A session exported as CSV and imported back keeps its insole kind (monitor.session.insole_kinds), for
every kind: the layout JSON names it (``insole_kind``) and the import keeps it (session.json
``imported_from.insole_kind``), so `analyze --rider NAME` of the session imported back judges it against the
rider's normal of that kind (docs/import-csv.md, docs/detection.md). It used to be lost where the feet do not
say it: a Solewatch session (its layouts name no ``insole``, the default) and a Moticon OpenGo import came
back as ``import:csv``, insoles no normal is kept for; an ORPHE session kept ``orphe``. A layout JSON
without the field (an older export) still reads, of the kind its feet and format give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_judged_against_json import KEPT_BEFORE
from test_kept_normal_activity import ROOT
from vendor_rides import record_ride

import monitor
from monitor.errors import SessionFormatError
from monitor.session.insole_kinds import session_insole
from monitor.session.offline import offline_session
from monitor.session.riders import save_rider_baseline
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
MOTICON = DATA / "moticon_opengo" / "230927_102114.txt"
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"


def _kind(session) -> str:
    info = monitor.load_session(session).info if not hasattr(session, "info") else session.info
    return session_insole(info.layouts, info.imported_from)


def _round_trip(session, out: Path) -> Path:
    """The session imported back from its CSV export (its directory)."""
    csv = monitor.export_frames(session, out / "ex" / "frames.csv")
    return monitor.import_session("csv", csv, out / "again", layout=out / "ex" / "frames.layout.json").path


def _source(kind: str, tmp: Path):
    if kind == "solewatch":
        return offline_session("healthy-ride", duration_s=30, seed=3)
    if kind == "orphe":
        return record_ride("orphe", "healthy-ride", tmp, seed=3, duration_s=20.0)
    fmt, path = {"moticon-udp": ("moticon", MOTICON), "import:physionet": ("physionet", PHYSIONET)}[kind]
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    return monitor.import_session(fmt, path, tmp / "imported").path


@pytest.mark.parametrize("kind", ["solewatch", "orphe", "moticon-udp", "import:physionet"])
def test_a_csv_round_trip_keeps_the_insole_kind(tmp_path, kind):
    # had: import:csv for solewatch, moticon-udp and import:physionet
    first = _source(kind, tmp_path)
    assert _kind(first) == kind
    again = _round_trip(first, tmp_path)
    assert _kind(again) == kind
    assert json.loads((tmp_path / "ex" / "frames.layout.json").read_text())["insole_kind"] == kind
    # and through a second round trip, which now starts from an import of format csv
    assert _kind(_round_trip(again, tmp_path / "twice")) == kind


def test_analyze_with_a_rider_finds_the_normal_of_the_kind_of_the_session_imported_back(tmp_path, monkeypatch):
    ride = offline_session("healthy-ride", duration_s=7 * 60, seed=2)
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("ana", monitor.analyze(ride).baseline.stamped(KEPT_BEFORE))  # by an earlier ride
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    again = _round_trip(ride, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "monitor", "analyze", str(again), "--rider", "ana"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    said = proc.stdout + proc.stderr
    # had: "Judged against this session's first minutes: ana's normal is kept for Solewatch insoles, none for
    # insoles of csv imports yet."
    assert "Judged against ana's normal kept from earlier rides." in said, said
    assert "csv imports" not in said, said


def test_an_export_without_the_kind_still_reads(tmp_path):
    """A layout JSON written before the export named the kind: of the kind its feet and format give."""
    csv = monitor.export_frames(offline_session("healthy-ride", duration_s=10, seed=3), tmp_path / "frames.csv")
    layout = tmp_path / "frames.layout.json"
    doc = json.loads(layout.read_text())
    del doc["insole_kind"]
    layout.write_text(json.dumps(doc))
    assert _kind(monitor.import_session("csv", csv, tmp_path / "old", layout=layout)) == "import:csv"


@pytest.mark.parametrize("kind", ["orphe", "bogus", 3])
def test_a_kind_the_feet_cannot_be_is_refused_naming_the_field(tmp_path, kind):
    csv = monitor.export_frames(offline_session("healthy-ride", duration_s=10, seed=3), tmp_path / "frames.csv")
    layout = tmp_path / "frames.layout.json"
    doc = json.loads(layout.read_text())
    doc["insole_kind"] = kind  # Solewatch feet, which send kPa: no ORPHE insole's
    layout.write_text(json.dumps(doc))
    with pytest.raises(SessionFormatError, match=r"frames\.layout\.json: field insole_kind: .* is not a kind these "
                                                 r"feet's insoles can be \(one of solewatch, moticon-udp, import:"):
        monitor.import_session("csv", csv, tmp_path / "bad", layout=layout)


def _layout_of(session, tmp: Path) -> tuple[Path, Path, dict]:
    csv = monitor.export_frames(session, tmp / "frames.csv")
    layout = tmp / "frames.layout.json"
    return csv, layout, json.loads(layout.read_text())


def _refused_in_one_line(csv: Path, layout: Path, tmp: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(tmp / "cfg")}
    proc = subprocess.run([sys.executable, "-m", "monitor", "import", "csv", str(csv), "--layout", str(layout),
                           "-o", str(tmp / "bad")], capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "field insole_kind" in proc.stderr and "each foot's layout names its insole" in proc.stderr
    assert not (tmp / "bad").exists()
    return proc.stderr


def test_a_kind_the_feet_cannot_be_is_refused_and_a_moticon_export_names_its_feet(tmp_path):
    """had: an insole kind was taken for feet whose layouts name no insole whatever it was. A kind other than
    the feet's is refused, but for ``moticon-udp`` over feet naming none: the layout JSON an earlier export of
    a Moticon import wrote, brought back as it was written. A Moticon session's export now names the insole
    on each foot, so its round trip keeps the kind with feet that say it."""
    csv, layout, doc = _layout_of(offline_session("healthy-ride", duration_s=10, seed=3), tmp_path)
    assert "insole" not in doc["feet"]["left"] and doc["insole_kind"] == "solewatch"
    doc["insole_kind"] = "orphe"
    layout.write_text(json.dumps(doc))
    assert "'orphe' is not a kind" in _refused_in_one_line(csv, layout, tmp_path)
    doc["insole_kind"] = "moticon-udp"  # an earlier export of a Moticon import: its feet named no insole
    layout.write_text(json.dumps(doc))
    assert _kind(monitor.import_session("csv", csv, tmp_path / "earlier", layout=layout)) == "moticon-udp"
    for foot in doc["feet"].values():
        foot["insole"] = "moticon-udp"  # feet that say it: taken
    layout.write_text(json.dumps(doc))
    assert _kind(monitor.import_session("csv", csv, tmp_path / "good", layout=layout)) == "moticon-udp"
    if not MOTICON.is_file():
        pytest.skip(f"{MOTICON} is not here")
    opengo = monitor.import_session("moticon", MOTICON, tmp_path / "opengo").path
    _, _, doc = _layout_of(opengo, tmp_path / "ex")
    assert doc["insole_kind"] == "moticon-udp"
    assert [f.get("insole") for f in doc["feet"].values()] == ["moticon-udp", "moticon-udp"]


def test_feet_one_uncalibrated_naming_no_insole_and_one_orphe_are_an_uncalibrated_import(tmp_path):
    """had: a layout with one foot uncalibrated naming no insole and the other ``orphe`` accepted no
    ``insole_kind`` at all ("can be (none)"), while the session imported without one was called
    ``solewatch+orphe``: a Solewatch insole's kind for a foot that sends no kPa, which its own export then
    could not bring back."""
    ride = record_ride("orphe", "healthy-ride", tmp_path, seed=3, duration_s=10.0)
    csv, layout, doc = _layout_of(ride, tmp_path)
    del doc["feet"]["left"]["insole"]  # uncalibrated, its insole not named
    doc["insole_kind"] = "orphe"
    layout.write_text(json.dumps(doc))
    said = _refused_in_one_line(csv, layout, tmp_path)
    assert "one of import:" in said and "import:csv:uncalibrated" in said, said
    del doc["insole_kind"]
    layout.write_text(json.dumps(doc))
    first = monitor.import_session("csv", csv, tmp_path / "first", layout=layout).path
    assert _kind(first) == "import:csv:uncalibrated"
    assert _kind(_round_trip(first, tmp_path / "again")) == "import:csv:uncalibrated"


def test_a_session_json_whose_kept_kind_is_no_kind_is_refused_naming_the_field(tmp_path):
    again = _round_trip(offline_session("healthy-ride", duration_s=10, seed=3), tmp_path)
    info = json.loads((again / "session.json").read_text())
    assert info["imported_from"]["insole_kind"] == "solewatch"
    info["imported_from"]["insole_kind"] = "solewatc"
    (again / "session.json").write_text(json.dumps(info))
    with pytest.raises(SessionFormatError, match=r"field imported_from\.insole_kind is 'solewatc', expected an "
                                                 r"insole kind \(solewatch, orphe, "):
        monitor.load_session(again)


@pytest.mark.parametrize("kind", ["solewatch", "moticon-udp"])
def test_a_kpa_insole_kind_on_uncalibrated_feet_is_refused_in_one_line(tmp_path, kind):
    """A Solewatch or Moticon insole sends kPa, so feet marked ``calibrated`` false are neither: their counts
    judged against a kPa normal of that kind would be nonsense (had: accepted, then `analyze --rider` judged
    them against the rider's normal of Solewatch insoles)."""
    csv = monitor.export_frames(offline_session("healthy-ride", duration_s=10, seed=3), tmp_path / "frames.csv")
    layout = tmp_path / "frames.layout.json"
    doc = json.loads(layout.read_text())
    doc["insole_kind"] = kind
    for foot in doc["feet"].values():
        foot["calibrated"] = False
    layout.write_text(json.dumps(doc))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.run([sys.executable, "-m", "monitor", "import", "csv", str(csv), "--layout", str(layout),
                           "-o", str(tmp_path / "bad")], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env=env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "field insole_kind" in proc.stderr and "import:csv:uncalibrated" in proc.stderr, proc.stderr
    assert not (tmp_path / "bad").exists()
    doc["insole_kind"] = "import:csv:uncalibrated"  # the kind such feet are
    layout.write_text(json.dumps(doc))
    assert _kind(monitor.import_session("csv", csv, tmp_path / "good", layout=layout)) == "import:csv:uncalibrated"
