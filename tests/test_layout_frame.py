"""A layout JSON's ``x`` is the anatomical frame (docs/import-csv.md): a foot whose medial sensors (MTH1, hallux)
lie lateral of its lateral ones (MTH4-5, lesser toes) is refused, one line naming the file and the field.

Had: a layout whose left foot's ``x`` was mirrored (a geometric frame) imported, and the report drew MTH1 and
the hallux on the outer edge. Every layout Solewatch ships passes the check.
"""

from __future__ import annotations

import json
from pathlib import Path

from monitor.cli.main import main
from monitor.codebook import SensorLayout
from monitor.importers.layout_frame import mirrored_words

DATA = Path(__file__).parent / "data" / "generic_csv"


def test_a_mirrored_left_foot_is_refused_naming_the_file_and_field(tmp_path, capsys):
    doc = json.loads((DATA / "layout.json").read_text())
    doc["feet"]["left"]["x"] = [-v for v in doc["feet"]["left"]["x"]]
    layout = tmp_path / "mirrored.json"
    layout.write_text(json.dumps(doc))
    assert main(["import", "csv", str(DATA / "walk.csv"), "--layout", str(layout), "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert f"{layout}: field feet.left.x: the medial sensors (MTH1, hallux) lie at mean x +0.23" in err, err
    assert "-0.5 the medial (big-toe) edge and +0.5 the lateral edge on both feet" in err, err
    assert not (tmp_path / "s").exists()


def _shipped() -> list[tuple[str, list[float], list[str]]]:
    """Every layout Solewatch ships: the simulated insoles', the vendor links', the importers' fixed ones."""
    from firmware_sim import layout as solewatch_sim
    from firmware_sim.vendors import moticon as sim_moticon
    from firmware_sim.vendors import orphe as sim_orphe
    from firmware_sim.vendors import ukaton as sim_ukaton
    from monitor.importers import physionet
    from monitor.importers.moticon import moticon_layout
    from monitor.link import moticon, orphe, ukaton

    out = [(f"firmware_sim {m.__name__}", [s.x for s in m.SENSORS], [s.region for s in m.SENSORS])
           for m in (solewatch_sim, sim_moticon, sim_orphe, sim_ukaton)]
    for side in ("left", "right"):
        lays = [(m.__name__, m.layout(side)) for m in (moticon, orphe, ukaton)]
        lays.append(("moticon import", moticon_layout(side, moticon.layout(side).area_mm2, 100, {})))
        lays.append(("physionet import", SensorLayout(side, physionet.sensor_x(), physionet.sensor_y(),
                                                      [physionet.SENSOR_AREA_MM2] * physionet.N_SENSORS,
                                                      physionet.SENSOR_REGIONS)))
        out += [(f"{name} {side}", list(lay.x), list(lay.regions)) for name, lay in lays]
    return out


def test_every_shipped_layout_has_its_medial_sensors_medial():
    shipped = _shipped()
    assert len(shipped) == 14
    assert {name: mirrored_words(x, regions) for name, x, regions in shipped} == {n: None for n, _x, _r in shipped}
    assert mirrored_words([-v for v in shipped[0][1]], shipped[0][2]) is not None  # the check can fail


def test_every_population_layout_and_the_docs_example_import(tmp_path):
    from firmware_sim.population.layouts import LAYOUTS, layout_json
    from monitor.importers.generic_csv_layout import read_layout

    read_layout(DATA / "layout.json")  # docs/import-csv.md's example
    for name in LAYOUTS:
        for side in ("left", "right"):
            path = tmp_path / f"{name}-{side}.json"
            path.write_text(json.dumps(layout_json(name, side, 100)))
            assert set(read_layout(path)[0]) == {side}
