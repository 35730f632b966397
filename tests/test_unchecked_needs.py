"""Every pattern a layout (or its data) cannot check is said, from what each pattern needs
(monitor.signal.pattern_needs), not from a hand list.

Had: a layout without MTH1 lost its lateral overload (the mediolateral index needs MTH1 and MTH4-5) while the
verdict named only the focal peak as unchecked; an MTH1 column empty all session said nothing unchecked; a
generic CSV import said "Insoles of csv imports cannot check ...", as if every CSV import had the limit; and a
layout whose every sensor is ``unknown`` opened with "Verdict: no sustained forefoot load found."
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import monitor
from monitor.analysis.batch import analyze
from monitor.analysis.unchecked import unchecked_patterns
from monitor.codebook import SensorLayout
from monitor.signal.patterns import WARNING_PATTERNS

DATA = Path(__file__).parent / "data" / "generic_csv"
#: The example layout's regions (tests/data/generic_csv/layout.json).
REGIONS = ["heel_medial", "heel_lateral", "midfoot_lateral", "mth1", "mth2_3", "mth4_5", "hallux", "lesser_toes"]
LATERAL = "load shifted to the outer forefoot"
FOCAL = "a focal pressure peak under the metatarsal heads"


def _layout(regions: list[str]) -> SensorLayout:
    doc = json.loads((DATA / "layout.json").read_text())["feet"]["left"]
    return SensorLayout("left", doc["x"], doc["y"], doc["area_mm2"], regions)


@pytest.mark.parametrize(("dropped", "expected"), [
    ("mth1", ("lateral_overload", "focal_mth")),
    ("mth2_3", ("focal_mth",)),
    ("mth4_5", ("lateral_overload", "focal_mth")),
    ("hallux", ("focal_mth",)),
    ("lesser_toes", ()),  # the hallux keeps the toes' group: the share and the centre of pressure are there
    ("midfoot_lateral", ("forefoot_share_high", "cop_forward")),
])
def test_each_region_dropped_in_turn_leaves_unchecked_what_needs_it(dropped, expected):
    regions = ["unknown" if r == dropped else r for r in REGIONS]
    assert unchecked_patterns(_layout(regions)) == expected


def test_a_layout_without_a_forefoot_checks_only_nothing_of_the_forefoot():
    regions = [r if r.startswith(("heel", "midfoot")) else "unknown" for r in REGIONS]
    assert unchecked_patterns(_layout(regions)) == WARNING_PATTERNS
    assert unchecked_patterns(_layout(["unknown"] * len(REGIONS))) == WARNING_PATTERNS


def _import(tmp_path: Path, regions: list[str] | None = None, blank: str | None = None, *,
            name: str = "ride.layout.json") -> monitor.Session:
    doc = json.loads((DATA / "layout.json").read_text())
    for foot in doc["feet"].values():
        foot["regions"] = regions or REGIONS
    layout = tmp_path / name
    layout.write_text(json.dumps(doc))
    csv = DATA / "walk.csv"
    if blank:  # the column left empty all session
        lines = csv.read_text().splitlines()
        col = lines[0].split(",").index(blank)
        rows = [line.split(",") for line in lines]
        for row in rows[1:]:
            row[col] = ""
        csv = tmp_path / "walk.csv"
        csv.write_text("\n".join(",".join(r) for r in rows) + "\n")
    return monitor.import_session("csv", csv, tmp_path / "s", layout=layout)


def test_a_layout_without_mth1_says_the_lateral_balance_unchecked_naming_its_file(tmp_path):
    verdict = analyze(_import(tmp_path, ["unknown" if r == "mth1" else r for r in REGIONS])).advice().verdict
    assert (f"This insole's layout (ride.layout.json) cannot check for {LATERAL} or {FOCAL} "
            "(no sensor under the MTH1).") in verdict, verdict
    assert "csv imports" not in verdict, verdict


def test_an_mth1_column_empty_all_session_says_what_it_left_unchecked(tmp_path):
    verdict = analyze(_import(tmp_path, blank="p03_kpa")).advice().verdict
    assert ("The left and right insoles sent no sample from under the MTH1 in the whole session, so this session "
            f"could not check for {LATERAL} or {FOCAL}.") in verdict, verdict


def test_an_mth1_column_empty_all_session_is_in_the_report_s_what_to_know(tmp_path):
    # the report's "What to know", per foot, as the verdict says it (had: nothing of what the column left unchecked)
    from monitor.report.data import report_data

    session = _import(tmp_path, blank="p03_kpa")
    caveats = report_data(session, analyze(session)).quality.caveats
    said = [c for c in caveats if "could not check" in c]
    assert said == [f"{foot}: the insole sent no sample from under the MTH1 in the whole session, so this session "
                    f"could not check for {LATERAL} or {FOCAL}: finding no sign of them does not rule them out"
                    for foot in ("left", "right")], caveats


def test_a_layout_of_unknown_sensors_says_nothing_could_be_checked(tmp_path):
    result = analyze(_import(tmp_path, ["unknown"] * len(REGIONS)))
    verdict = result.advice().verdict
    assert verdict == ("Verdict: nothing could be checked, nothing to judge. This insole's layout (ride.layout.json) "
                       "cannot check for any sustained forefoot load (every sensor's region is unknown)."), verdict
