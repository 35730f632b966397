"""The detector's windows are FeatureParams.window_s long (60 s), one every step_s (10 s): the README, the
docs and the notebooks do not call them step_s long ("one row per foot and 10-s window")."""

from __future__ import annotations

import json
import re
from pathlib import Path

from monitor.signal.params import FeatureParams

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> dict[str, str]:
    """The prose of README.md, docs/*.md and the notebooks' cells, by file; text in double quotes left out
    (a caption quoted as it once was)."""
    texts = {p: p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]}
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts[nb] = "\n".join("".join(c["source"]) for c in cells)
    return {str(p.relative_to(ROOT)): re.sub(r'"[^"\n]*"', '""', t) for p, t in texts.items()}


def test_no_window_is_called_as_long_as_the_step_between_windows():
    p = FeatureParams()
    assert (p.window_s, p.step_s) == (60.0, 10.0)  # what the words below are checked against
    step = re.compile(rf"\b{p.step_s:g}[- ]?s windows?\b(?![- ]steps?)")
    wrong = [f"{name}:{text[:m.start()].count(chr(10)) + 1}: {m.group()}"
             for name, text in _texts().items() for m in step.finditer(text)]
    assert not wrong, wrong
