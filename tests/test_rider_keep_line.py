"""The line the end of `live --rider NAME` keeps a ride's normal with names the insole kind it is kept for,
as docs/detection.md and README.md quote it.

`live --rider cy` said "rider cy: this ride's normal kept in .../cy.json", no kind, while a ride judged by a
normal of a kind not known said "rider bob: kept this ride's normal for ORPHE insoles in ..." and
docs/detection.md quoted that line's words for every kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli.rider_kinds import keep_rider_normal
from monitor.session.riders import load_rider_normals, rider_baseline_path
from monitor.signal.baseline import ActivityBaseline, RiderBaseline

ROOT = Path(__file__).resolve().parents[1]


def _learnt(kind: str | None) -> RiderBaseline:
    normal = ActivityBaseline(30, ml_index=0.1, forefoot_share=0.5, focal={"mth2_3": 1.2})  # a guess: any will do
    return RiderBaseline({"left": {"cycling": normal}, "right": {"cycling": normal}}, kind)


@pytest.mark.parametrize("kind, words", [("solewatch", "Solewatch insoles"), ("orphe", "ORPHE insoles")])
def test_the_kept_line_names_the_insole_kind(tmp_path, monkeypatch, kind, words):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    line = keep_rider_normal("cy", _learnt(kind), 300.0, known=False)
    assert line == f"rider cy: kept this ride's normal for {words} in {rider_baseline_path('cy')}"
    assert load_rider_normals("cy").kinds() == [kind]
    assert keep_rider_normal("cy", _learnt(kind), 300.0, known=False, word="run").startswith(
        f"rider cy: kept this run's normal for {words} in ")


def test_the_docs_quote_the_kept_line_as_it_is_said():
    detection = " ".join((ROOT / "docs" / "detection.md").read_text(encoding="utf-8").split())
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "\"rider cy: kept this ride's normal for Solewatch insoles in ...\"" in detection
    assert "\"rider demo: kept this ride's normal for Solewatch insoles in ...\"" in readme
    assert "this ride's normal kept in" not in detection + readme
