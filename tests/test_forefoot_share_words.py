"""The forefoot share is said as what it is: a pressure-time share with fixed anatomical region weights
(docs/detection.md, features), not the share of the force the sensors measured. On PhysioNet's GaCo01 walk,
whose file gives forces, the two differ (0.42/0.47 of the summed force, 0.53/0.55 nominal); notebook 03 says
both figures and why they differ, and study.md says which the study's column is."""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np

import monitor
from monitor.signal.regions import FOREFOOT_SHARE_REGIONS, NOMINAL_WEIGHTS
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
PHYSIONET = shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"


def _notebook_words() -> str:
    nb = nbformat.read(ROOT / "notebooks" / "03-real-recordings.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_notebook_03_says_the_nominal_share_and_the_force_share_it_differs_from(tmp_path):
    session = monitor.import_session("physionet", PHYSIONET, tmp_path / "gaco")
    summary = monitor.analyze(session).summary()
    words = " ".join(_notebook_words().split())
    assert "force-time integral" not in words and "pressure-time share with fixed weights" in words
    assert f"{sum(NOMINAL_WEIGHTS[r] for r in FOREFOOT_SHARE_REGIONS):.3f} for the forefoot regions" in words
    said = {}
    for foot in ("left", "right"):
        layout = session.info.layouts[foot]
        _, p = session.foot_arrays(foot)
        force = np.nan_to_num(np.asarray(p, dtype=float)) * np.asarray(layout.area_mm2, dtype=float)
        front = [i for i, r in enumerate(layout.regions) if r in FOREFOOT_SHARE_REGIONS]
        said[foot] = f"{force[:, front].sum() / force.sum():.2f}"
    share = {foot: f"{summary[foot]['forefoot_share']:.2f}" for foot in ("left", "right")}
    assert share == {"left": "0.53", "right": "0.55"}  # 0.58 both while the heel sensor counted for nothing
    assert f"carry {said['left']} (left foot) and {said['right']} (right)" in words, said
    assert f"({share['left']} left, {share['right']} right)" in words
    assert f"PhysioNet's {share['left']}-{share['right']} is not the share of the force" in words


def test_study_md_says_the_forefoot_share_is_a_fixed_weight_pressure_time_share():
    doc = " ".join((ROOT / "docs" / "study.md").read_text(encoding="utf-8").split())
    row = doc[doc.index("| `forefoot_share` |"):]
    row = row[:row.index(" |\n") if " |\n" in row else row.index("| `cadence_per_min`")]
    assert "pressure-time share with fixed anatomical weights" in row and "share of load" not in row


def test_the_reports_timeline_and_notebook_01_say_the_share_as_docs_detection_md_does():
    """The report's timeline caption (both of its forms), docs/report.md's panel and notebook 01 called the
    share "the force-time integral"'s: it is a pressure-time share with fixed anatomical weights."""
    from monitor.report.timeline_caption import timeline_caption
    from monitor.report.timeline_data import timeline
    from monitor.session.offline import offline_session

    result = monitor.analyze(offline_session("healthy-ride", duration_s=120, seed=1))
    said = [timeline_caption({foot: timeline(result, foot) for foot in ("left", "right")}),
            timeline_caption({})]  # a session too short for a window
    report_md = " ".join((ROOT / "docs" / "report.md").read_text(encoding="utf-8").split())
    said.append(report_md[report_md.index("- **forefoot share**:"):report_md.index("- **detector level**")])
    nb = nbformat.read(ROOT / "notebooks" / "01-replay-and-pipeline.ipynb", as_version=4)
    said.append(" ".join("\n".join(c.source for c in nb.cells if c.cell_type == "markdown").split()))
    for words in said:
        assert "force-time integral" not in words, words
    for words in said[:3]:
        assert "nominal load-time integral" in words and "pressure-time share with fixed anatomical weights" \
            in words, words
    assert "pressure-time share with fixed anatomical weights" in said[3]
