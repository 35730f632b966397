"""One word for an uncalibrated insole's numbers (ORPHE INSOLE, Ukaton Mission: raw ADC counts at a nominal
0.25 kPa a count, docs/devices.md) wherever a person reads them: nominal units ("93 units"),
never kPa, and no more "uncalibrated counts" in one place, "counts" in another and "units" in a third.

The claims, each a test that fails if it is wrong:

- the report's and ``import``'s caveat, compare's caveat and its reason the insoles differ, and the FIT
  export's peaks (units and numbers) say nominal units, as the live view's key and colour key do;
- docs/devices.md names the term and the docs say no other one for these numbers.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from rich.console import Console

from monitor.analysis.compare import Thresholds
from monitor.analysis.compare_caveats import comparison_caveats
from monitor.analysis.compare_facts import SessionFacts, insole_difference
from monitor.cli.console_live import _legend, view_key
from monitor.link import orphe
from monitor.report.quality_data import uncalibrated_caveats
from monitor.session.fit_export import metric_fields

ROOT = Path(__file__).resolve().parents[1]
#: another word for the same numbers than nominal units
OTHER_WORD = re.compile(r"uncalibrated counts|counts x|pressures are counts|units `counts`|\bor counts\b")


def _facts(calibrated: bool) -> SessionFacts:
    lay = dataclasses.replace(orphe.layout("left"), calibrated=calibrated)
    return SessionFacts("s", {"left": "cycling"}, 600.0, {"left": 0.0}, {"left": lay}, {"left": 100})


def test_the_report_and_import_caveat_says_nominal_units():
    (said,) = uncalibrated_caveats("left", orphe.layout("left"))
    assert "pressures are in nominal units" in said and "not kPa" in said, said
    assert not OTHER_WORD.search(said), said


def test_compare_says_nominal_units():
    assert insole_difference(_facts(True), _facts(False), "left") == "one sends kPa, the other nominal units"
    raw = _facts(False)
    other = dataclasses.replace(raw, layouts={"left": dataclasses.replace(raw.layouts["left"], area_mm2=(
        raw.layouts["left"].area_mm2 * 2))})
    said = comparison_caveats(_facts(True), other, ("left",), [], Thresholds())
    said = [s for s in said if "not kPa" in s]
    assert said and all("nominal units, not kPa" in s and not OTHER_WORD.search(s) for s in said), said


def test_the_fit_exports_peaks_are_nominal_units_the_numbers_the_views_say():
    (field,) = metric_fields(["t_s", "left_mth2_3_peak_kpa"], {"left": orphe.layout("left")})
    assert (field.units, field.scale) == ("units", 1.0)  # the per-second table's nominal units, not counts


def test_the_live_view_says_nominal_units():
    key = view_key(False)[0]
    assert "in nominal units" in key and not OTHER_WORD.search(key), key
    console = Console(record=True, width=80, file=io.StringIO())
    console.print(_legend(80, calibrated=False))
    assert " units  no unloaded band" in console.export_text()  # no "<20 units": that threshold is kPa


def test_the_docs_name_nominal_units_and_no_other_word():
    devices = " ".join((ROOT / "docs/devices.md").read_text(encoding="utf-8").split())
    assert "the values are then nominal units, the one term every view says them in" in devices
    for doc in (*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"):
        text = " ".join(doc.read_text(encoding="utf-8").split())
        assert not OTHER_WORD.search(text), (doc.name, OTHER_WORD.search(text))
