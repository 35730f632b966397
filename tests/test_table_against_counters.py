"""A frames table that contradicts the close's counters (no row of a foot whose frames session.json counts)
is a damaged table, said as the other damage is ("raw.swlog is there: move frames.parquet away to
rebuild"), exit 2: an empty table read as it stood gave "no pressure sample from either insole ...
nothing to judge", exit 0, with the data in raw.swlog."""

from __future__ import annotations

import shutil
from html import unescape

import pandas as pd
import pytest
from test_malformed_files import SAMPLES

import monitor
from monitor.cli.main import main

GOOD = SAMPLES / "sim-healthy-ride"


@pytest.fixture
def emptied(tmp_path):
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    frames = pd.read_parquet(session / "frames.parquet")
    frames.iloc[:0].to_parquet(session / "frames.parquet", index=False)
    return session


#: the output each command is given: a report is HTML (report -o refuses another suffix), an export CSV
SUFFIX = {"analyze": "", "report": "html", "export": "csv"}


@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_an_empty_table_of_a_counted_session_is_refused(emptied, tmp_path, capsys, command):
    out = tmp_path / f"out.{SUFFIX[command]}"
    argv = [command, str(emptied)] + ([] if command == "analyze" else ["-o", str(out)])
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"solewatch {command}: error: {emptied / 'frames.parquet'}: no row of the left foot, "
                             "though session.json counts ")
    assert err[0].endswith("; raw.swlog is there: move frames.parquet away to rebuild the tables from it")


def test_moved_away_it_is_rebuilt_from_the_raw_log(emptied):
    """What the line says to do works: nothing recorded is lost."""
    (emptied / "frames.parquet").rename(emptied.parent / "frames.parquet")
    assert len(monitor.load_session(emptied).frames) == len(monitor.load_session(GOOD).frames)


@pytest.fixture
def log_emptied(tmp_path):
    """A closed session whose raw log was truncated to nothing and whose tables are gone."""
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    (session / "raw.swlog").write_bytes(b"")
    (session / "frames.parquet").unlink()
    (session / "gaps.csv").unlink()
    return session


@pytest.mark.parametrize("command", ["analyze", "report", "export"])
def test_an_emptied_raw_log_of_a_closed_session_is_damage_not_no_data(log_emptied, tmp_path, capsys, command):
    """Rebuilt from a raw log that holds nothing, a closed session gave "both feet sent no data ... nothing to
    judge", exit 0, though session.json counts 6,000 frames a foot."""
    out = tmp_path / f"out.{SUFFIX[command]}"
    argv = [command, str(log_emptied)] + ([] if command == "analyze" else ["-o", str(out)])
    assert main(argv) == 2
    err = [line for line in capsys.readouterr().err.strip().splitlines() if not line.startswith("rebuilding ")]
    assert err == [f"solewatch {command}: error: {log_emptied / 'raw.swlog'}: empty (0 bytes), though session.json "
                   "counts 6,000 frames received from the left foot (stats.counters.left): a raw log that lost its "
                   "records, not a session without data"]
    assert not out.exists()


def test_a_header_cut_short_in_a_closed_session_is_named(log_emptied):
    (log_emptied / "raw.swlog").write_bytes(b"SWRAW")
    with pytest.raises(monitor.SessionFormatError, match=r"raw.swlog: cut short inside its header \(5 bytes\)"):
        monitor.load_session(log_emptied)


def test_a_session_killed_before_its_header_was_flushed_still_opens(log_emptied):
    """Not closed (no counters in session.json): a raw log shorter than its header is a recorder killed
    before the header was flushed, a session without data, as before."""
    import json

    info = json.loads((log_emptied / "session.json").read_text())
    info["stats"] = {}
    info["end_utc"] = None
    (log_emptied / "session.json").write_text(json.dumps(info))
    session = monitor.load_session(log_emptied)
    assert len(session.frames) == 0


def test_a_replay_of_an_emptied_raw_log_is_one_line_naming_it(tmp_path, capsys):
    """The tables whole, the raw log empty: replay said "Alerts: none: both feet sent no data ... nothing to
    judge", exit 0, while analyze judged the minute the tables hold."""
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    (session / "raw.swlog").write_bytes(b"")
    assert main(["replay", str(session), "--speed", "max", "--plain"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"solewatch replay: error: {session / 'raw.swlog'}: empty (0 bytes), though session.json counts "
                   "6,000 frames received from the left foot (stats.counters.left): a raw log that lost its "
                   "records, not a session without data"]


def test_a_replay_of_a_raw_log_cut_before_its_first_frame_is_one_line_naming_it(tmp_path, capsys):
    """The raw log kept its header and first events (connected, battery) but no notification: replay said
    "Replay: no data, no insole sent a frame", exit 0, counting the events as data, while analyze, report
    and export refuse the same log ("holds no frame")."""
    from monitor.link.records import KIND_NOTIFICATION
    from monitor.session.rawlog import iter_raw_log

    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    raw = session / "raw.swlog"
    first_frame = next(rec for rec in iter_raw_log(raw) if rec.kind == KIND_NOTIFICATION)
    assert first_frame.index > 0  # events before it: the log is cut after them
    raw.write_bytes(raw.read_bytes()[:first_frame.offset])
    assert main(["replay", str(session), "--speed", "max", "--plain"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"solewatch replay: error: {raw}: holds no frame, though session.json counts 6,000 frames "
                   "received from the left foot (stats.counters.left): a raw log that lost its records, not a "
                   "session without data"]
    (session / "frames.parquet").unlink()  # analyze, rebuilding from the same log, says the same
    (session / "gaps.csv").unlink()
    assert main(["analyze", str(session)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == err[0].replace("replay", "analyze", 1)


def _without_foot(raw, foot: str) -> None:
    """``raw`` (a raw log) rewritten without the notifications of ``foot``: every other record byte for byte."""
    from monitor.link.records import KIND_NOTIFICATION
    from monitor.session.rawlog import iter_raw_log

    data = raw.read_bytes()
    records = list(iter_raw_log(raw))
    ends = [r.offset for r in records[1:]] + [len(data)]
    raw.write_bytes(data[:records[0].offset] + b"".join(
        data[r.offset:end] for r, end in zip(records, ends) if not (r.kind == KIND_NOTIFICATION and r.foot == foot)))


LOST_RIGHT = ("the raw log holds no frame of the right foot, though session.json counts 6,000 frames received from it "
              "(stats.counters.right): the log lost them, so that foot's data are missing, not an insole that sent "
              "none")


def test_a_raw_log_that_lost_one_foot_is_read_for_the_other_and_says_what_it_lost(log_emptied, tmp_path, capsys):
    """Rebuilt from a raw log that kept the left foot's frames but lost every frame of the right, a closed
    session was read as one whose right insole sent no data, with no word of the 6,000 frames session.json
    counts from it: only a log that held no frame at all was held against the counters. Now the left foot is
    read as it was (nothing recorded is lost) and what the log lost is said: analyze's stderr, its JSON
    (``log_end_note``) and the report's caveats."""
    import json

    session = log_emptied
    shutil.copy(GOOD / "raw.swlog", session / "raw.swlog")
    _without_foot(session / "raw.swlog", "right")
    loaded = monitor.load_session(session)
    whole = monitor.load_session(GOOD).frames
    assert len(loaded.frames) == int((whole.foot == "left").sum())  # the left foot's frames, every one
    assert LOST_RIGHT in loaded.log_end_note(), loaded.log_end_note()
    assert loaded.log_lost == {"right": 6000}
    assert main(["analyze", str(session), "--json"]) == 0
    out = capsys.readouterr()
    assert LOST_RIGHT in out.err
    assert LOST_RIGHT in json.loads(out.out)["log_end_note"]
    assert main(["report", str(session), "-o", str(tmp_path / "r.html")]) == 0
    assert LOST_RIGHT in unescape((tmp_path / "r.html").read_text())
