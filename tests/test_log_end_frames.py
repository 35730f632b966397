"""A raw log whole to the session's end is not said to end early because its last record's host time trails
its frames.

`record --sim healthy-ride --speed 20`, stopped with Ctrl-C at 0:25, then `analyze` said "the raw log ends
at 0:24 of the session's 0:25, so its events after that (link notices, marks) are missing" and `replay`
"The raw log ends at 0:24 of the session's 0:25": the last record's host time x the speed was 24.311 s, the
frames it carried reached 24.667 s, and the session was 24.668 s long. The log ends at the later of the two.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main
from monitor.live.replay import replay_session, replay_text
from monitor.session.directory import load_session, open_session
from monitor.session.rawlog import MAGIC, encode_record, iter_raw_log

#: The sample ride: 60.07 s recorded at 30x, its frames to 60.096 s.
GOOD = SAMPLES / "sim-healthy-ride"
#: Its records after this session s came this much earlier on the host's clock (host s): 0.66 s of session
#: time at 30x, as a host whose clock runs behind the insoles' (measured: up to 0.53 s at 20x, 1.07 s at 40x)
#: puts its last records at 0:59 of a session of 1:00, their frames still at 1:00.
BEHIND_AFTER_S = 59.45
BEHIND_HOST_S = 0.022


def _behind_at_the_end(tmp_path: Path, tables: bool = True) -> Path:
    """A copy of the sample ride whose last records' host times trail their frames (``tables`` False: without
    its gaps.csv, so it is read from its raw log)."""
    session = tmp_path / "ride"
    shutil.copytree(GOOD, session)
    speed = json.loads((GOOD / "session.json").read_text())["speed"]
    with open(session / "raw.swlog", "wb") as fh:
        fh.write(MAGIC)
        for rec in iter_raw_log(GOOD / "raw.swlog"):
            behind = rec.host_s * speed > BEHIND_AFTER_S
            fh.write(encode_record(rec.kind, rec.foot, rec.host_s - (BEHIND_HOST_S if behind else 0.0), rec.payload))
    if not tables:
        (session / "gaps.csv").unlink()
    last_host_s = max(rec.host_s for rec in iter_raw_log(session / "raw.swlog"))
    assert last_host_s * speed < 59.5, last_host_s  # the last record reads as 0:59 of the session's 1:00
    return session


@pytest.mark.parametrize("tables", [True, False], ids=["tables-whole", "read-from-raw-log"])
def test_analyze_does_not_say_a_whole_raw_log_ends_early(tmp_path, capsys, tables):
    session = _behind_at_the_end(tmp_path, tables)
    assert main(["analyze", str(session), "--json"]) == 0
    captured = capsys.readouterr()
    note = json.loads(captured.out)["log_end_note"]
    assert note == "", note
    assert "raw log ends" not in captured.err, captured.err
    for loaded in (load_session(session), open_session(session)):
        assert loaded.log_end_note() == "" and loaded.events_cut_s() is None, loaded.log_end_note()
        end_s = loaded.events_end_s if tables else loaded.log_end_s
        # its last frame (the tables' is the log's before its host times were moved: 4 ms later)
        assert end_s == pytest.approx(loaded.last_t_s(), abs=0.01), (end_s, loaded.last_t_s())


def test_replay_covers_the_whole_session_of_a_whole_raw_log(tmp_path):
    session = _behind_at_the_end(tmp_path)
    s = asyncio.run(replay_session(session))
    assert s.record.duration_s == s.session_duration_s == 60.07, s.record.duration_s
    text = replay_text(s)
    assert text.startswith("Replay: 1:00 of ride "), text.splitlines()[0]
    assert "raw log ends" not in text, text


def test_a_raw_log_cut_short_is_still_said_to_end_at_its_last_frame(tmp_path, capsys):
    """A log cut at its middle (the tables whole) ends where its frames do, its last record's host time trailing
    them or not: analyze and replay say the same second."""
    session = tmp_path / "ride"
    shutil.copytree(GOOD, session)
    raw = (session / "raw.swlog").read_bytes()
    (session / "raw.swlog").write_bytes(raw[:len(raw) // 2])
    loaded = load_session(session)
    note = loaded.log_end_note()
    assert note.startswith("the raw log ends at 0:") and "of the session's 1:00" in note, note
    s = asyncio.run(replay_session(session))
    said = note[len("the raw log ends at "):].split(" ")[0]
    assert f"The raw log ends at {said} of the session's 1:00" in replay_text(s), replay_text(s)
