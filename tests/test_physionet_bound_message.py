"""A PhysioNet gaitpdb number past what a frames table holds is one line that reads right for either sign
and says what the bound is of (a force; the time column's own)."""

from __future__ import annotations

import pytest
from test_malformed_files import import_fails, physionet_lines


@pytest.mark.parametrize("column, value, said", [
    (3, "1e40", "column 'L3': '1e40' is above 5.1e+38, the largest force in N whose pressure a frames table "
                "(float32 kPa) holds"),
    (3, "-1e40", "column 'L3': '-1e40' is below -5.1e+38, the lowest force in N whose pressure a frames table "
                 "(float32 kPa) holds"),
    (17, "+6e38", "column 'total left': '+6e38' is above 5.1e+38, the largest force in N whose pressure a "
                  "frames table (float32 kPa) holds"),
    (0, "1e300", "column 'time': '1e300' is above 5.1e+38, the largest number read from a PhysioNet gait file"),
], ids=["force", "negative-force", "total", "time"])
def test_a_number_past_the_bound_reads_right(tmp_path, capsys, column, value, said):
    """had: "'1e40' is beyond 5.1e+38, the largest value a frames table (float32 kPa) in N holds", said of
    the time column too."""
    lines = physionet_lines()
    fields = lines[10].split()
    fields[column] = value
    lines[10] = " ".join(fields)
    line = import_fails(capsys, tmp_path, "physionet", "GaCo01_01.txt", lines)
    assert line.endswith(f"GaCo01_01.txt: line 11: {said}"), line
