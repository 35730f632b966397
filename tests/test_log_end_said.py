"""Where a session's data end, when that is not the session's end, is said by every output: ``analyze
--json`` carried nothing of a raw log cut short (1:05 of 2:00) while the text, the report and replay said
it; and a closed session whose raw.swlog is empty or its header only was read from its tables without a
word, while replay said "the raw log ends at 0:00"."""

from __future__ import annotations

import json
import shutil

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main

GOOD = SAMPLES / "sim-healthy-ride"
HEADER_BYTES = 8  # the raw log's header (docs/session-format.md, "raw.swlog")


def _copy(tmp_path):
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    return session


def test_analyze_json_says_a_raw_log_cut_short(tmp_path, capsys):
    session = _copy(tmp_path)
    (session / "frames.parquet").unlink()
    (session / "gaps.csv").unlink()
    raw = (session / "raw.swlog").read_bytes()
    (session / "raw.swlog").write_bytes(raw[:len(raw) // 2])
    assert main(["analyze", str(session), "--json"]) == 0
    captured = capsys.readouterr()
    note = json.loads(captured.out)["log_end_note"]
    assert note.startswith("the raw log ends at ") and "the analysis covers that much" in note, note
    assert note in captured.err  # the line the text output says


def test_analyze_json_says_nothing_of_a_whole_session(capsys):
    assert main(["analyze", str(GOOD), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["log_end_note"] == ""


@pytest.mark.parametrize("kept", [0, HEADER_BYTES], ids=["empty", "header-only"])
def test_a_closed_session_whose_raw_log_holds_no_record_says_so(tmp_path, capsys, kept):
    session = _copy(tmp_path)
    raw = (session / "raw.swlog").read_bytes()
    (session / "raw.swlog").write_bytes(raw[:kept])
    assert main(["analyze", str(session)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["the raw log ends at 0:00 of the session's 1:00: it holds no record (empty, or its header "
                   "only), so its events (link notices, marks) are missing and a replay has nothing to replay; "
                   "the frames were read from the tables, which are whole"]


def test_the_report_doc_says_what_analyze_puts_on_stderr(capsys):
    """docs/report.md said analyze puts the "What to know" notes on stderr; it says an imported session's
    caveats nowhere, and only where the data end there."""
    from pathlib import Path

    doc = " ".join((Path(__file__).resolve().parents[1] / "docs" / "report.md").read_text().split())
    item = doc[doc.index("- **What to know**"):]
    item = item[:item.index("## For researchers")]
    assert "says the same on stderr" not in item
    assert "`solewatch analyze` says where the data end on stderr (`Session.log_end_note`" in item
    walk = SAMPLES / "moticon-walk"
    assert main(["analyze", str(walk)]) == 0
    captured = capsys.readouterr()
    caveats = json.loads((walk / "session.json").read_text())["imported_from"]["caveats"]
    assert caveats and not any(c in captured.err or c in captured.out for c in caveats)


def test_a_closed_session_whose_raw_log_is_cut_short_says_its_events_end_there(tmp_path, capsys):
    """Tables whole, raw.swlog cut short (a copy that stopped part-way): the link events after the log's end
    are missing. Had: "the raw log ends in a record cut short (17 bytes), dropped: the session was closed and
    its data reach its end", and the report's disconnections 0 / 0 / 0 without a word, while replay said
    where the log ends."""
    from monitor.report.html import _quality_rows
    from monitor.report.quality_data import quality_of
    from monitor.session.directory import load_session, open_session

    session = _copy(tmp_path)
    raw = (session / "raw.swlog").read_bytes()
    (session / "raw.swlog").write_bytes(raw[:len(raw) // 2 + 7])
    assert main(["analyze", str(session)]) == 0
    err = capsys.readouterr().err
    assert "the raw log ends at 0:30 of the session's 1:00, so its events after that (link notices, marks) are " \
           "missing" in err, err
    assert "its data reach its end" not in err
    assert main(["replay", str(session), "--plain"]) == 0  # the same place
    assert "The raw log ends at 0:30 of the session's 1:00" in capsys.readouterr().out
    for loaded in (load_session(session), open_session(session)):
        assert loaded.events_cut_s() == pytest.approx(30, abs=1)
        quality = quality_of(loaded, {}, float(loaded.info.duration_s))
        assert loaded.log_end_note() in quality.caveats
        (row,) = [r for r in _quality_rows(quality) if r[0].startswith("disconnections")]
        assert "up to 0:30, where the raw log ends" in row[0], row


def test_a_whole_log_leaves_the_link_events_row_as_it_is():
    from monitor.report.html import _quality_rows
    from monitor.report.quality_data import quality_of
    from monitor.session.directory import load_session

    loaded = load_session(GOOD)
    assert loaded.events_cut_s() is None
    (row,) = [r for r in _quality_rows(quality_of(loaded, {}, 60.0)) if r[0].startswith("disconnections")]
    assert row[0] == "disconnections / reconnections / lost"


@pytest.mark.parametrize("past_s", [0.09, 0.6, 20.0])
def test_a_raw_log_whose_last_record_is_dated_past_the_end_says_nothing(past_s):
    """A record's time is its host time x the speed, which a busy host at 40x puts up to 20 s past the last
    frame's: a whole session whose log so "ends at 8:01 of the session's 8:00" lost nothing, and says so."""
    from dataclasses import replace

    from monitor.session.directory import load_session
    from monitor.session.model import log_ends_words

    s = load_session(GOOD)
    late = replace(s, events_end_s=s.info.duration_s + past_s)
    assert late.log_end_note() == "" and late.events_cut_s() is None
    early = replace(s, events_end_s=s.info.duration_s - 30.0)
    assert early.log_end_note().startswith("the raw log ends at 0:30 of the session's 1:00"), early.log_end_note()
    assert log_ends_words(480.0 + past_s, 480.0) == ""
