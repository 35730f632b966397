"""`solewatch import` says the file's own caveats, one a line, as session.json keeps them: a Moticon
export's (sensor positions inferred, effective areas, its event groups) are not a PhysioNet file's
(an assumed sensor area, no start time). It used to print the same example kinds ("sensor positions
inferred, a start time without a zone, rows missing...") after every import whatever the file had."""

from __future__ import annotations

import json

from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

DATA = shared_data_dir()
FILES = {"moticon": DATA / "moticon_opengo" / "walk_data_with_events.txt",  # streamed (a clean export)
         "physionet": DATA / "physionet_gaitpdb" / "GaCo01_01.txt"}


def _import(fmt, tmp_path, capsys):
    out = tmp_path / fmt
    assert main(["import", fmt, str(FILES[fmt]), "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    kept = json.loads((out / "session.json").read_text())["imported_from"]["caveats"]
    return said, kept


def test_each_import_says_its_own_caveats(tmp_path, capsys):
    listed = {}
    for fmt in FILES:
        said, kept = _import(fmt, tmp_path, capsys)
        assert len(kept) >= 2 and said[1].endswith(f"; {len(kept)} caveats in session.json"), said
        assert said[2].startswith("caveats: what to know about the data") and "imported_from.caveats" in said[2]
        assert said[3:] == [f"  - {c}" for c in kept], (fmt, said)
        assert "a start time without a zone" not in "\n".join(said)  # neither file has one
        listed[fmt] = said[3:]
    assert not set(listed["moticon"]) & set(listed["physionet"])
    assert any("Moticon publishes no sensor map" in line for line in listed["moticon"])
    assert any("no start time" in line for line in listed["physionet"])
