"""Every parameter value the docs and notebooks quote next to its name is the parameter's default.

docs/detection.md, docs/report.md and the notebooks' prose write a parameter as its name in backticks
followed by its value ("`warn_after_s` 300 s", "`forefoot_share_extreme`, 0.95"). A default changed in
monitor.signal.params without its docs left such a number behind (notebooks/02 quoted 0.92 for 0.95).
Minutes are read as seconds for a parameter in seconds; a value in a range ("1.5-2.2") or a power
("10^9", a value set on purpose in an example) or a bound ("1 s to a day") is not a quotation of the
default.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from monitor.signal.params import Params

ROOT = Path(__file__).resolve().parents[1]
QUOTED = re.compile(r"`(?:\w+\.)?(\w+)`,? (\d+(?:\.\d+)?)(?![\d.^-])(?!(?: \w+)? to )( minutes?)?")


def _scalar_defaults() -> dict[str, float]:
    """Each scalar (int or float) parameter's default by its name, for names no two sections share."""
    seen: dict[str, list[float]] = {}
    params = Params()
    for section in dataclasses.fields(params):
        defaults = getattr(params, section.name)
        for f in dataclasses.fields(defaults):
            value = getattr(defaults, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                seen.setdefault(f.name, []).append(float(value))
    return {name: values[0] for name, values in seen.items() if len(set(values)) == 1}


def _texts() -> list[tuple[str, str]]:
    out = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
           for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]]
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out.append((str(nb.relative_to(ROOT)),
                    "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")))
    return out


def _quotations() -> list[tuple[str, str, float, float]]:
    defaults = _scalar_defaults()
    found = []
    for where, text in _texts():
        for m in QUOTED.finditer(text):
            name = m.group(1)
            if name not in defaults:
                continue
            value = float(m.group(2)) * (60.0 if m.group(3) and name.endswith("_s") else 1.0)
            found.append((where, name, value, defaults[name]))
    return found


def test_the_docs_quote_parameters_with_their_values():
    names = {name for _, name, _, _ in _quotations()}
    assert {"warn_after_s", "forefoot_share_extreme", "ml_index_extreme", "quiet_s"} <= names, names


@pytest.mark.parametrize("where, name, quoted, default", _quotations(),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_a_quoted_parameter_value_is_its_default(where, name, quoted, default):
    assert quoted == pytest.approx(default), f"{where}: `{name}` quoted as {quoted:g}, default {default:g}"
