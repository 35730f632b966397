"""An imported session's caveats go out with its CSV export and come back with it: the layout JSON written
beside the CSV carries them (``caveats``, the field `solewatch import csv` copies into session.json), so the
session imported again says what the first said (the report's "What to know" reads them from there). They
used to be dropped: a PhysioNet walk exported and imported again had the same frames, but its report no
longer said that its pressures are forces over a guessed sensor area."""

from __future__ import annotations

import json
from pathlib import Path

import monitor
from monitor.cli.main import main
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"
GACO = shared_data_dir() / "physionet_gaitpdb" / "GaCo01_01.txt"


def _caveats(session_dir: Path) -> list[str]:
    return json.loads((session_dir / "session.json").read_text(encoding="utf-8"))["imported_from"]["caveats"]


def test_the_cli_export_of_an_imported_session_comes_back_with_its_caveats(tmp_path, capsys):
    first = tmp_path / "gaco"
    assert main(["import", "physionet", str(GACO), "-o", str(first)]) == 0
    kept = _caveats(first)
    assert any("assumed sensor area of 1500 mm²" in c for c in kept)
    assert main(["export", str(first), "-o", str(tmp_path / "x.csv")]) == 0
    layout = tmp_path / "x.layout.json"
    assert json.loads(layout.read_text(encoding="utf-8"))["caveats"] == kept
    capsys.readouterr()
    again = tmp_path / "again"
    assert main(["import", "csv", str(tmp_path / "x.csv"), "--layout", str(layout), "-o", str(again)]) == 0
    said = capsys.readouterr().out.splitlines()
    back = _caveats(again)
    assert back[:len(kept)] == kept  # the first import's, in their order, then the CSV import's own
    joined = " ".join(line.strip() for line in said)  # a caveat is wrapped to the terminal's width
    assert all(f"- {c}" in joined for c in kept), said
    assert monitor.load_session(again).frames.equals(monitor.load_session(first).frames)


def test_a_second_round_trip_says_each_caveat_once(tmp_path):
    from monitor.session.found_caveats import source_caveats

    sample = SAMPLES / "moticon-walk"
    kept = source_caveats(list(monitor.load_session(sample).info.imported_from["caveats"]))
    rounds = []
    source = sample
    for k in range(2):
        out = tmp_path / f"round{k}"
        out.mkdir()
        csv = monitor.export_frames(source, out / "frames.csv")
        source = monitor.import_session("csv", csv, out / "session", layout=out / "frames.layout.json").path
        rounds.append(_caveats(source))
    assert rounds[0][:len(kept)] == kept
    assert rounds[1] == rounds[0] and len(set(rounds[1])) == len(rounds[1])


def test_a_recorded_session_exports_no_caveats_field(tmp_path):
    csv = monitor.export_frames(SAMPLES / "sim-cleat-forward", tmp_path / "frames.csv")
    assert "caveats" not in json.loads(csv.with_name("frames.layout.json").read_text(encoding="utf-8"))


def test_round_trips_under_new_names_say_what_the_csv_shows_once(tmp_path):
    # had: a.csv then c.csv: 6 -> 10 -> 12 caveats, "left: 3.6% of the file's rows have no sample (empty
    # fields...)" beside "left: 3.7% of the file's left rows have no sample (empty cells...)", and both
    # "a.layout.json marks..." and "c.layout.json marks...": every caveat went out, those the CSV import
    # finds again from the file itself too
    sample = SAMPLES / "moticon-walk"
    first = list(monitor.load_session(sample).info.imported_from["caveats"])
    # the Moticon file's own: inferred sensor map, effective areas, a start in local time (not the CSV's)
    of_source = [c for c in first if "no sample" not in c and "time axis" not in c]
    assert len(of_source) == 3 and "local time" in of_source[2], first
    rounds = []
    source = sample
    for name in ("a", "c"):  # a new name each round, as a user would
        csv = monitor.export_frames(source, tmp_path / f"{name}.csv")
        source = monitor.import_session("csv", csv, tmp_path / f"{name}-session",
                                        layout=tmp_path / f"{name}.layout.json").path
        rounds.append(_caveats(source))
    assert rounds[1] == rounds[0], rounds
    assert rounds[0][:len(of_source)] == of_source  # the original source's, in their order
    assert sum("rows have no sample" in c for c in rounds[1]) == 2  # one per foot, the CSV's own count


def test_a_round_trip_says_the_events_a_csv_does_not_carry(tmp_path):
    """A Moticon export with user-defined event groups: the first import keeps 16 marks as markers (and says
    so); its CSV export carries no events, so the session imported back has none, and says that instead of
    the first import's "kept as markers" (had: no event and no word of them, but the carried caveat still
    said the groups were kept as markers)."""
    from monitor.importers import read_imported_events

    first = monitor.import_session("moticon", shared_data_dir() / "moticon_opengo" / "walk_data_with_events.txt",
                                   tmp_path / "first").path
    assert len(read_imported_events(first)) == 16
    assert sum("kept as markers" in c for c in _caveats(first)) == 2
    source = first
    for k in range(2):
        csv = monitor.export_frames(source, tmp_path / f"round{k}.csv")
        source = monitor.import_session("csv", csv, tmp_path / f"again{k}",
                                        layout=tmp_path / f"round{k}.layout.json").path
        assert len(read_imported_events(source)) == 0
        back = _caveats(source)
        assert not any("kept as markers" in c for c in back), back
        assert [c for c in back if "exported from had" in c and "events" in c] == [
            "the session this CSV was exported from had 16 events of its source in imported_events.csv (marker "
            "16); a CSV export does not carry them, so this session has none"], back
