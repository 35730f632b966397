"""What `solewatch import` counts missing per foot, and what its caveats count, say what each counts:
a Moticon export whose time axis skips a sample has a row added there, which the line's count takes in
(the frames expected at the rate, as the report counts them) and the caveat's share of "the file's rows"
leaves out."""

from __future__ import annotations

import json
import re

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

SKIPS = shared_data_dir() / "moticon_opengo" / "230927_102114.txt"  # skips one sample; empty fields


def test_the_missing_count_says_the_rows_added_apart_from_the_files_own(tmp_path, capsys):
    """had: "left 1,751 frames, 64 missing (3.7%)" above the caveat "left: 3.6% of the file's rows have no
    sample": one counted the row added where the time axis skips, the other not, and neither said so."""
    out = tmp_path / "s"
    assert main(["import", "moticon", str(SKIPS), "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    line = " ".join(" ".join(said[1:]).split(" caveats: ")[0].split())  # the count line, wrapped to the terminal
    caveats = json.loads((out / "session.json").read_text())["imported_from"]["caveats"]
    for foot in ("left", "right"):
        m = re.search(rf"{foot} ([\d,]+) frames, ([\d,]+) missing \(([\d.]+)%: ([\d,]+) of the file's rows with "
                      r"no sample, ([\d,]+) where its time axis skips\)", line)
        assert m, line
        frames, missing, _, in_file, added = (float(g.replace(",", "")) for g in m.groups())
        assert missing == in_file + added and added == 1
        share = next(c for c in caveats if c.startswith(f"{foot}: ") and "of the file's rows have no sample" in c)
        assert share.startswith(f"{foot}: {in_file / (frames - added):.1%} of the file's rows")  # the same rows
