"""`solewatch import fit FILE --into SESSION` into a session with a ride imported before names what is wrong
with FILE first (docs/fit.md): --force would not mend a missing or broken file, so it is asked for only of
a file that would import."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from test_fit import RIDE, _ride_of, run
from test_malformed_files import session_copy, tree_hashes

from monitor.cli.main import main
from monitor.session.ride import RIDE_TABLE


def _cut(tmp_path):
    cut = tmp_path / "cut.fit"
    cut.write_bytes(RIDE.read_bytes()[:3000])
    return cut


@pytest.mark.parametrize("fit_file, said", [
    (lambda tmp_path: tmp_path / "nonexistent.fit", "nonexistent.fit: no such file"),
    (_cut, "cut.fit: the FIT file is cut short (3,000 of the"),
], ids=["no-such-file", "cut-short"])
def test_an_import_over_a_ride_names_the_file_s_fault_before_suggesting_force(tmp_path, capsys, fit_file, said):
    """had: `import fit /nonexistent.fit --into S` into a session with a ride imported said "S/
    fit_records.parquet: exists (a ride imported before); replace it with --force", and only with --force
    "no such file": the file's own fault is said first, --force would not mend it."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    run(capsys, "import", "fit", _ride_of(tmp_path / "before.fit", start.replace(microsecond=0), {"power": 150}),
        "--into", s)
    before = tree_hashes(s)
    code = main(["import", "fit", str(fit_file(tmp_path)), "--into", str(s)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert said in err and "--force" not in err and RIDE_TABLE not in err, err
    assert tree_hashes(s) == before


def test_an_import_over_a_ride_still_asks_for_force_when_the_file_is_good(tmp_path, capsys):
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    ride = _ride_of(tmp_path / "ride.fit", start.replace(microsecond=0), {"power": 150})
    run(capsys, "import", "fit", ride, "--into", s)
    before = tree_hashes(s)
    assert main(["import", "fit", str(ride), "--into", str(s)]) == 2
    err = capsys.readouterr().err
    assert f"{RIDE_TABLE}: exists (a ride imported before); replace it with --force" in err, err
    assert tree_hashes(s) == before
