"""A closed session whose frames table is gone and whose raw log was cut short (a copy that stopped half-way)
is read from the log up to where it ends: analyze says so, as report and replay do, in the same words
(monitor.session.model.log_ends_words), not only "nothing found in 0:30 of data"."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from monitor.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
ENDS = "the raw log ends at 0:30 of the session's 1:00"


def _cut_short(tmp_path: Path) -> Path:
    session = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", session)  # 1:00, closed
    (session / "frames.parquet").unlink()
    raw = session / "raw.swlog"
    os.truncate(raw, raw.stat().st_size // 2)
    return session


def test_analyze_says_the_raw_log_ends_before_the_session_did(tmp_path, capsys):
    # had: "Verdict: nothing found in 0:30 of data, ..." and not a word of the log's end on stderr
    session = _cut_short(tmp_path)
    assert main(["analyze", str(session)]) == 0
    out, err = capsys.readouterr()
    assert "nothing found in 0:30 of data" in out, out
    assert f"{ENDS} and the session was read from it (its tables are not whole): the analysis covers that " \
           "much; a record cut short at its end dropped (" in err, err
    assert main(["analyze", "--json", str(session)]) == 0  # stdout stays the JSON alone
    out, err = capsys.readouterr()
    assert json.loads(out)["schema"] == "solewatch.analyze/1" and ENDS in err
    assert main(["replay", str(session), "--plain"]) == 0  # the same words
    assert f"{ENDS[0].upper()}{ENDS[1:]}: the replay covers that much." in capsys.readouterr().out


def test_a_session_read_whole_says_nothing_of_its_log(tmp_path, capsys):
    session = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", session)
    (session / "frames.parquet").unlink()  # rebuilt from a whole log: it ends where the session did
    assert main(["analyze", str(session)]) == 0
    err = capsys.readouterr().err
    assert "raw log ends" not in err, err


def test_a_closed_session_whose_log_ends_in_a_torn_record_is_not_said_unclosed(tmp_path, capsys):
    # had: the report said "the raw log ends in a record cut short (40 bytes): the recorder stopped without
    # closing the session" of a closed session whose log reaches its end, and analyze said nothing of the bytes
    from monitor.report.quality_data import quality_of
    from monitor.session.directory import load_session

    session = tmp_path / "tail"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-cleat-forward", session)  # closed
    (session / "frames.parquet").unlink()
    (session / "gaps.csv").unlink()
    raw = session / "raw.swlog"
    with raw.open("ab") as f:  # 40 bytes of a record: a torn tail
        f.write(raw.read_bytes()[260:300])
    torn = "the raw log ends in a record cut short (40 bytes), dropped: the session was closed and its data " \
           "reach its end"
    assert main(["analyze", str(session)]) == 0
    assert torn in capsys.readouterr().err
    loaded = load_session(session)
    caveats = quality_of(loaded, {}, float(loaded.info.duration_s)).caveats
    assert torn in caveats, caveats
    assert not any("without closing" in c or "not closed" in c for c in caveats), caveats
