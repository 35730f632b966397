"""The strike index is said as what it is, and its regions' centres as the code has them.

``strike_index_pct`` is the centre of the anatomical regions' loads at initial contact, each at the
region's fixed centre along the foot (monitor.analysis.strike), not the centre of pressure of the insole's
sensors; docs/analyze-json.md, docs/api.md and the docstrings of steps_table and FootSteps called it the
"centre of pressure at initial contact". And docs/report.md and monitor/analysis/strike.py put the heel's
centre at "16-17 %" (NOMINAL_CENTRE_Y's heel_lateral is 15.5 %), the midfoot's at "42-53 %" (52.5), the
metatarsal heads' at "69-76 %" (75.5), the toes' at "89-92 %" (91.5).
"""

from __future__ import annotations

import re
from pathlib import Path

import monitor.analysis.strike as strike
from monitor.analysis.steps import FootSteps
from monitor.analysis.tables import steps_table
from monitor.signal.regions import GROUPS, NOMINAL_CENTRE_Y

ROOT = Path(__file__).resolve().parents[1]
NAMES = {"heel": "the heel's", "midfoot": "the midfoot's", "metatarsal": "the metatarsal heads'", "toes": "the toes'"}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_regions_centres_are_said_as_the_code_has_them():
    spans = []
    for group, regions in GROUPS.items():
        pct = sorted(100.0 * NOMINAL_CENTRE_Y[r] for r in regions)
        spans.append(f"{NAMES[group]} at {pct[0]:g}-{pct[-1]:g} %")
    said = ", ".join(spans)
    assert said.startswith("the heel's at 15.5-17 %")
    for text in ((ROOT / "docs" / "report.md").read_text(encoding="utf-8"), strike.__doc__):
        assert said in _flat(text), said


def test_the_strike_index_is_not_called_the_centre_of_pressure():
    texts = {"docs/analyze-json.md": (ROOT / "docs" / "analyze-json.md").read_text(encoding="utf-8"),
             "docs/api.md": (ROOT / "docs" / "api.md").read_text(encoding="utf-8"),
             "steps_table": steps_table.__doc__, "FootSteps": FootSteps.__doc__}
    for name, text in texts.items():
        flat = _flat(text)
        assert "centre of pressure at initial contact" not in flat, name
        assert "the centre of the regions' loads" in flat, name
