"""The layout table of docs/import-csv.md says what the analysis does with a sensor's region and area, as the
code does, and docs/devices.md points the maker of an insole of another kind to the import and the
profile: the regions row named the labels without where the fine ones fold (mth2, mth3 into mth2_3) or
what an `unknown` sensor does, the area row said "above 0" alone, and devices.md named four kinds."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.codebook import _REGION_MEMBERS
from monitor.signal.hot_spot import HOT_AREA_MM2

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _row(field: str) -> str:
    text = (DOCS / "import-csv.md").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(f"| `{field}` | yes |"))


def test_the_regions_row_says_where_each_fine_label_folds_and_what_unknown_does():
    row = _row("regions")
    for region, members in _REGION_MEMBERS.items():
        fine = [m for m in members if m != region]
        if fine:
            said = " and ".join(f"`{m}`" for m in fine) + f" into `{region}`"
            assert said in row, said
    assert "`unknown` is in no region" in row
    assert "(detection.md#features-featureaccumulator)" in row


def test_the_area_row_says_how_areas_are_used_with_the_hot_spot_s_size():
    row = _row("area_mm2")
    assert f"the absolute {HOT_AREA_MM2:g} mm² of the hot spot (`HOT_AREA_MM2`, a guess" in row
    assert "weights relative to one another within a region" in row
    assert re.search(r"\[2\].*\[46\].*a guess", row)


def test_devices_md_points_an_insole_of_another_kind_to_the_import_and_the_profile():
    text = (DOCS / "devices.md").read_text(encoding="utf-8")
    intro = text[:text.index("## Where the facts come from")]
    assert "docs/import-csv.md" in intro and "docs/protocol.md" in intro and "another kind" in intro
