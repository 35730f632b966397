"""A foot with no pressure sample, and a file with none at all, by one rule in every import.

`solewatch import csv` of a table whose sensor cells were all empty made a session with no pressure sample
(exit 0, "left 10 frames, 10 missing (100.0%); right ... (100.0%)"), where `import moticon` refuses such a
file ("no insole has any pressure sample"); and a foot of a CSV with no sample was kept as a 100 %-missing
foot, where the Moticon import leaves it out. Now both: a foot with no sample is no foot of the session (a
caveat says so), a file with no sample at all is refused.
"""

from __future__ import annotations

from test_malformed_files import CSV_LINES, EXAMPLE, import_csv_fails

from monitor.importers.generic_csv import read_generic_csv


def _emptied(feet: tuple[str, ...]) -> str:
    """The example CSV with every sensor cell of ``feet``'s rows empty."""
    lines = [CSV_LINES[0]]
    for line in CSV_LINES[1:]:
        cells = line.split(",")
        if cells[1] in feet:
            cells[2:] = [""] * (len(cells) - 2)
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def test_import_csv_with_no_pressure_sample_is_refused(tmp_path, capsys):
    line = import_csv_fails(capsys, tmp_path, _emptied(("left", "right")))
    assert line.endswith("walk.csv: no insole has any pressure sample (every sensor cell is empty)"), line


def test_import_csv_leaves_out_a_foot_with_no_sample_as_the_moticon_import_does(tmp_path):
    src = tmp_path / "walk.csv"
    src.write_text(_emptied(("right",)))
    rec = read_generic_csv(src, EXAMPLE / "layout.json")
    assert rec.feet == ("left",) and set(rec.layouts) == {"left"} and set(rec.devices) <= {"left"}
    assert "the right insole has no samples in the file; the session has no right foot" in rec.caveats
    assert not any(c.startswith("right: 100.0%") for c in rec.caveats)
