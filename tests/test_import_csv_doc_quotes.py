"""docs/import-csv.md quotes the caveat `solewatch import csv` gives its example file
(tests/data/generic_csv/walk.csv) for the rows with no sample: the quote is what the command prints."""

from __future__ import annotations

import re
from pathlib import Path

from monitor.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "import-csv.md"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"
#: a quoted caveat of the rows with no sample: `left: 10.0% of the file's left rows have no sample`
NO_SAMPLE_QUOTE = re.compile(r"`((?:left|right): [\d.]+% of the file's [^`]*rows have no sample[^`]*)`")


def test_the_docs_no_sample_caveat_is_what_the_import_of_walk_csv_prints(tmp_path, capsys):
    """had: the doc quoted `left: 3.6% of the file's rows have no sample` (a Moticon export's caveat, its
    words and its share), where `import csv walk.csv` prints `left: 10.0% of the file's left rows have no
    sample (empty cells: kept as missing)`."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    quotes = NO_SAMPLE_QUOTE.findall(text)
    assert quotes, "docs/import-csv.md no longer quotes the caveat of the rows with no sample"
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(EXAMPLE / "layout.json"),
                 "-o", str(tmp_path / "s")]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    for quote in quotes:
        assert quote in printed, f"docs/import-csv.md quotes {quote!r}; the import printed: {printed}"
