"""A closed session rebuilt from a raw log that lost every frame of the right foot (session.json counts 6,000
received from it) is never said to be one whose right insole "sent no data": the verdict, the per-foot line and
the NO DATA event of analyze (text and ``--json``), the report, its comparison and a replay say that foot's data
were lost from the raw log, in one wording (monitor.session.lost_words.lost_foot_words); and a replay says
analyze's caveat line."""

from __future__ import annotations

import json
import shutil
from html import unescape

import pytest
from test_table_against_counters import GOOD, LOST_RIGHT, _without_foot

from monitor.cli.main import main

#: what every view says of the right foot where it said "the right foot sent no data"
LOST_FOOT = "the right foot's data were lost from the raw log, which kept none of the 6,000 frames received"
#: what an insole that sent nothing is said to have done, and is not of this one
UNSENT = ("sent no data", "no sample in the whole session", "no pressure sample in the session")


@pytest.fixture
def lost_right(tmp_path):
    """A closed session whose tables are gone and whose raw log kept the left foot's frames only."""
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    (session / "frames.parquet").unlink()
    (session / "gaps.csv").unlink()
    _without_foot(session / "raw.swlog", "right")
    return session


def _unsent(text: str) -> list[str]:
    return [w for w in UNSENT if w in text]


def _nested(text: str) -> list[str]:
    """The lines of ``text`` with a bracket inside a bracket ("(... (6,000 frames ...))")."""
    out = []
    for line in text.splitlines():
        depth = 0
        for ch in line:
            depth += (ch == "(") - (ch == ")")
            if depth > 1:
                out.append(line)
                break
    return out


def test_analyze_says_the_right_foot_s_data_were_lost_not_unsent(lost_right, capsys):
    assert main(["analyze", str(lost_right)]) == 0
    out = capsys.readouterr().out
    assert not _unsent(out), out
    lines = out.splitlines()
    verdict = next(line for line in lines if line.startswith("Verdict"))
    assert verdict.endswith(f"; {LOST_FOOT}."), verdict
    assert f"right: no data: {LOST_FOOT}" in lines
    assert any(line.strip() == f"0:00  NO DATA from the right insole: {LOST_FOOT}; its load is unknown"
               for line in lines), out


def test_analyze_json_says_it_too(lost_right, capsys):
    assert main(["analyze", str(lost_right), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [b["words"] for b in out["briefly_watched"]] == [LOST_FOOT]
    stale = [e for e in out["events"] if e["kind"] == "data_stale" and e["foot"] == "right"]
    assert [e["message"] for e in stale] == [f"NO DATA from the right insole: {LOST_FOOT}; its load is unknown"]
    assert not _unsent(json.dumps(out))


def test_the_report_says_it_too(lost_right, tmp_path, capsys):
    assert main(["report", str(lost_right), "-o", str(tmp_path / "r.html")]) == 0
    html = unescape((tmp_path / "r.html").read_text())
    assert html.count(LOST_FOOT) >= 3  # the verdict, the foot's line, the NO DATA event
    assert not _unsent(html)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_comparison_says_the_lost_foot_s_data_were_lost(lost_right, tmp_path, when, capsys):
    """``report --compare`` left the right foot out as one with "no pressure sample in the session", the words of
    an insole that sent nothing, on either side of the comparison; then with brackets in brackets ("(the right
    foot's data were lost from the raw log (6,000 frames received, none kept))")."""
    pair = [str(lost_right), str(GOOD)] if when == "before" else [str(GOOD), str(lost_right)]
    assert main(["report", pair[0], "--compare", pair[1], "-o", str(tmp_path / "r.html")]) == 0
    html = unescape((tmp_path / "r.html").read_text())
    assert (f"Right foot: not analysed in the {when} session ({LOST_FOOT}), so only the left foot is compared."
            in html)
    assert not _unsent(html)
    assert not _nested(html), _nested(html)


def test_a_replay_says_analyze_s_caveat_and_the_same_words(lost_right, capsys):
    """The replay said nothing of the frames lost (its check counted the notifications of both feet together)
    and that the right foot sent no data."""
    assert main(["replay", str(lost_right), "--speed", "max", "--plain"]) == 0
    out = capsys.readouterr().out
    assert f"Note: {LOST_RIGHT}." in out.splitlines()
    assert f"; {LOST_FOOT}." in out
    assert not _unsent(out), out


def test_a_replay_s_no_data_event_says_the_data_were_lost_not_to_check_the_insole(lost_right, tmp_path, capsys):
    """The replay's NO DATA line told the rider to check an insole that had sent 6,000 frames ("Check the right
    insole: its load is unknown"), and its events file said "NO DATA from the right insole for 10 s: its load is
    unknown". Both say the foot's data were lost from the raw log, in analyze's words; the event keeps its kind
    and its time, live's stale check at 0:10."""
    events = tmp_path / "events.jsonl"
    assert main(["replay", str(lost_right), "--speed", "max", "--plain", "--events", str(events)]) == 0
    out = capsys.readouterr().out
    said = [line.split("  [delivered")[0] for line in out.splitlines() if "NO DATA" in line]
    assert said == [f"   0:10  RIGHT  NO DATA  {LOST_FOOT[0].upper()}{LOST_FOOT[1:]}: its load is unknown"], said
    assert "Check the right insole" not in out
    stale = [e for e in map(json.loads, events.read_text().splitlines()) if e["kind"] == "data_stale"]
    assert [(e["t_s"], e["foot"], e["message"]) for e in stale] == [
        (10.0, "right", f"NO DATA from the right insole: {LOST_FOOT}; its load is unknown")], stale


def test_an_insole_that_sent_nothing_is_still_said_to_have_sent_no_data(tmp_path, capsys):
    """Without counters naming frames of the right foot (a close that counted none), the same log is a right
    insole that sent no data, as before."""
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    (session / "frames.parquet").unlink()
    (session / "gaps.csv").unlink()
    _without_foot(session / "raw.swlog", "right")
    info = json.loads((session / "session.json").read_text())
    info["stats"]["counters"]["right"]["frames_received"] = 0
    (session / "session.json").write_text(json.dumps(info))
    assert main(["analyze", str(session)]) == 0
    out = capsys.readouterr().out
    assert "the right foot sent no data" in out and "NO DATA from the right insole: no sample in the whole " \
        "session" in out and "lost" not in out
    assert main(["replay", str(session), "--speed", "max", "--plain"]) == 0
    out = capsys.readouterr().out
    assert "the right foot sent no data" in out and "lost from the raw log" not in out


@pytest.fixture
def lost_right_marked(lost_right):
    """:func:`lost_right` with the rider's numb mark on the right foot at 0:40 (a raw-log event, which the log
    kept)."""
    from monitor.link.records import KIND_EVENT
    from monitor.session.rawlog import encode_record, iter_raw_log

    raw = lost_right / "raw.swlog"
    data = raw.read_bytes()
    speed = json.loads((lost_right / "session.json").read_text())["speed"]
    at = next(r for r in iter_raw_log(raw) if r.host_s * speed >= 40.0)
    mark = {"event": "rider_mark", "foot": "right", "mark": "numb", "source": "terminal"}
    raw.write_bytes(data[:at.offset] + encode_record(KIND_EVENT, "right", at.host_s, json.dumps(mark).encode())
                    + data[at.offset:])
    return lost_right


def test_a_numb_mark_on_the_lost_foot_says_its_data_were_lost(lost_right_marked, tmp_path, capsys):
    """A mark on that foot was said to have come when "it had sent no data since the start": analyze's verdict
    and its line of the mark, the report's "what to try", the replay's verdict and its NUMB NOW line."""
    lost = f"{LOST_FOOT}, its load then unknown"
    assert main(["analyze", str(lost_right_marked)]) == 0
    out = capsys.readouterr().out
    assert f"the right foot was marked numb at 0:40, when {lost}: if numbness" in out
    assert f"right foot: nothing before it; {lost}" in out
    assert not _unsent(out), out
    assert main(["report", str(lost_right_marked), "-o", str(tmp_path / "r.html")]) == 0
    html = unescape((tmp_path / "r.html").read_text())
    assert f"the numb marks came when {lost}; if numbness" in html
    assert not _unsent(html)
    capsys.readouterr()
    assert main(["replay", str(lost_right_marked), "--speed", "max", "--plain"]) == 0
    out = capsys.readouterr().out
    assert f"NUMB NOW  marked by the rider; {lost}. Unweight the foot" in out
    assert f"the right foot was marked numb at 0:40, when {lost}: if numbness" in out
    assert not _unsent(out), out


def test_the_fit_export_says_the_mark_s_foot_lost_its_data(lost_right_marked, tmp_path, capsys):
    """The FIT export's marker of that mark said "the foot had sent no data since the start" beside its own
    data_stale marker saying the raw log lost the foot's frames; now the mark's words are analyze's."""
    from test_mark_without_data import fit_markers

    out = tmp_path / "ride.fit"
    assert main(["export", str(lost_right_marked), "--format", "fit", "-o", str(out)]) == 0
    capsys.readouterr()
    said = [m["alert message"] for m in fit_markers(out) if m["alert kind"] == "rider_mark"]
    assert len(said) == 1 and f"; {LOST_FOOT}" in said[0] and not _unsent(said[0]), said
