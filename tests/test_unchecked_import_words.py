"""What an import's insoles cannot check is said of the session's insoles in the words its normal is said in
(monitor.session.insole_kinds.insole_words), not of Solewatch insoles: an import's layout names no insole of
its own (SensorLayout.insole is "solewatch" by default).

Had: a PhysioNet gaitpdb import's verdict said "Solewatch insoles cannot check for a focal pressure peak under
the metatarsal heads (no sensor under the MTH2-3)." beside "never for insoles of physionet imports", and a
generic CSV whose layout JSON names no insole said "Solewatch insoles" too; it says its own layout file's name
("This insole's layout (pn.layout.json) cannot check ..."), not "Insoles of csv imports", as if every CSV import
had the limit.
"""

from __future__ import annotations

import json

import pytest
from test_gait_events_real import PHYSIONET

import monitor
from monitor.analysis.batch import analyze
from monitor.session.directory import load_session

CANNOT = "cannot check for a focal pressure peak under the metatarsal heads (no sensor under the MTH2-3)."


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    from monitor.importers.physionet import read_physionet
    from monitor.importers.session import write_session

    return write_session(read_physionet(PHYSIONET), tmp_path_factory.mktemp("pn") / "walk")


def test_a_physionet_import_says_its_own_insoles_cannot_check(walk):
    verdict = analyze(load_session(walk)).advice().verdict
    assert f"Insoles of physionet imports {CANNOT}" in verdict, verdict
    assert "Solewatch" not in verdict, verdict


def test_a_generic_csv_without_an_insole_says_its_own_insoles_cannot_check(walk, tmp_path):
    csv = monitor.export_frames(load_session(walk), tmp_path / "pn.csv")
    layout = tmp_path / "pn.layout.json"
    doc = json.loads(layout.read_text())
    doc.pop("insole_kind", None)
    for foot in doc["feet"].values():
        foot.pop("insole", None)
    layout.write_text(json.dumps(doc))
    back = monitor.import_session("csv", csv, tmp_path / "back", layout=layout)
    assert all(lay.insole == "solewatch" for lay in back.info.layouts.values())  # the default: named none
    verdict = analyze(back).advice().verdict
    # its own file's layout, not every csv import's (had: "Insoles of csv imports cannot check ...")
    assert f"This insole's layout (pn.layout.json) {CANNOT}" in verdict, verdict
    assert "Solewatch" not in verdict and "csv imports cannot" not in verdict, verdict
