"""Left against right where one foot's pressures are in kPa and the other's in an uncalibrated insole's nominal
units (docs/devices.md): an absolute pressure of one foot is no measure of the other's. A sample exported, its
right foot's values doubled and its layout marked ``calibrated: false``, imported back, gave regions' PTI
indexes of -59 % to -74 % in the report's "Left and right" table and figure and in ``analyze --json``: the two
scales' difference, which a longer session would name as a side. Now those indexes are not computed (null),
and the report and the JSON say why; the forefoot share, a share within each foot, is compared as ever. The
detector's left-against-right check does not judge the residual's rise in kPa across such feet either."""

from __future__ import annotations

import json
import math
from html import unescape
from pathlib import Path

import jsonschema
import pandas as pd
from test_malformed_files import SAMPLES
from test_unilateral import _first, _ride

from monitor.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "analyze-json.schema.json").read_text())
WHY = ("the regions' PTI are not compared: the left foot's in kPa and the right foot's in nominal units (an "
       "uncalibrated insole's counts at a nominal scale), so their index would be the two scales' difference, "
       "not the feet's (the forefoot share, a share within each foot, is compared)")


def _mixed(tmp_path: Path, capsys, sample: str = "sim-cleat-forward", factor: float = 2.0) -> Path:
    """The ``sample`` session with its right foot's values doubled (times ``factor``) and said to be nominal
    units, imported."""
    csv, layout = tmp_path / "x.csv", tmp_path / "x.layout.json"
    assert main(["export", str(SAMPLES / sample), "-o", str(csv)]) == 0
    frames = pd.read_csv(csv)
    cols = [c for c in frames.columns if c.startswith("p")]
    frames.loc[frames["foot"] == "right", cols] *= factor
    frames.to_csv(csv, index=False)
    doc = json.loads(layout.read_text())
    doc["feet"]["right"]["calibrated"] = False
    doc.pop("insole_kind", None)  # the import's own kind for an uncalibrated foot
    layout.write_text(json.dumps(doc))
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(tmp_path / "mixed")]) == 0
    capsys.readouterr()
    return tmp_path / "mixed"


def _asymmetry(session: Path, capsys) -> dict:
    assert main(["analyze", str(session), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, SCHEMA)
    return out["asymmetry"]


def test_feet_in_different_units_have_no_pti_index_and_say_why(tmp_path, capsys):
    mixed = _asymmetry(_mixed(tmp_path, capsys), capsys)
    same = _asymmetry(SAMPLES / "sim-cleat-forward", capsys)
    assert set(mixed["pti_pct"]) == set(same["pti_pct"]) and len(mixed["pti_pct"]) == 9
    assert all(v is None for v in mixed["pti_pct"].values()), mixed["pti_pct"]  # had: -59 % to -74 %
    assert all(v is None for v in mixed["pti_interval_pct"].values())
    assert all(v is None for v in mixed["pti_side"].values())
    assert mixed["pti_not_compared"] == WHY
    assert same["pti_not_compared"] is None and all(v is not None for v in same["pti_pct"].values())
    # a share within each foot: the nominal foot's scale cancels in it. Its value is not the all-kPa session's
    # (-2.3 against -1.4 % here): the uncalibrated foot is tared and judged against its own loaded level
    # (monitor.signal.nominal_scale), not the kPa limits
    assert mixed["forefoot_share_pct"] is not None
    assert math.isclose(mixed["forefoot_share_pct"], same["forefoot_share_pct"], abs_tol=1.5)
    for factor in (0.5, 4.0):
        scaled = tmp_path / f"x{factor}"
        scaled.mkdir()
        other = _asymmetry(_mixed(scaled, capsys, factor=factor), capsys)
        assert math.isclose(other["forefoot_share_pct"], mixed["forefoot_share_pct"], abs_tol=0.11), factor


def test_the_reports_left_and_right_section_says_why_the_pti_are_not_compared(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(_mixed(tmp_path, capsys)), "-o", str(out)]) == 0
    html = unescape(out.read_text())
    section = html[html.index('<section id="asymmetry-section">'):]
    section = section[:section.index("</section>")]
    assert WHY[0].upper() + WHY[1:] + "." in section
    assert section.count("not compared (kPa and nominal units)") == 9


def test_the_left_against_right_check_does_not_judge_a_residual_rise_across_units():
    """The residual's rise over the other foot is in kPa: across a foot in kPa and one in nominal units it
    measures the scales, so that measure is not judged; the ratios within each foot (MTH4-5 over MTH1, the
    focal ratio) are, as ever."""
    strap = ((0.18, 16.3), (0.07, 6.3))  # the left foot's upstroke kept 10 kPa over the right's
    assert _first(_ride(1.0, 1.0, residual=strap), "left", "warning") is not None
    assert all(e[2] == "none" for e in _ride(1.0, 1.0, residual=strap, units_differ=True))
    assert _first(_ride(1.40, 1.0, units_differ=True), "left", "warning") is not None
    assert _first(_ride(1.0, 1.0, focal=(1.0, 1.45), units_differ=True), "right", "warning") is not None
