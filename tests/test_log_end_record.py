"""A recorder that closes a session writes one last raw-log record, ``session_end`` at the session's end, so a
whole log whose insoles went silent long before the end is not said cut short: `analyze` says nothing of its
log's end, and `replay` covers the whole session and counts each silent foot's missing frames as live did.
A log cut before that record (a copy that stopped half-way) is still said cut short.

Had (`live --sim healthy-run --insole moticon-udp --speed 20 --duration 2m --fault stop:left@30s --fault
stop:right@40s`): live "left insole silent from 0:30 to the end: 9,000 frames missing", `analyze` "the raw log
ends at 0:52 of the session's 2:00, so its events after that ... are missing", `replay` "Replay: 0:52" and
2,200 frames missing: the log legitimately ends at its last datagram or stale check. The rides run on the
virtual clock (tests/virtual_clock.py): host speed changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import shutil

import pytest
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.cli.main import main
from monitor.link.records import SESSION_END_EVENT
from monitor.session.rawlog import encode_record, iter_raw_log, raw_log_outline

pytestmark = pytest.mark.timeout(300)

CASES = {"30-40": ["stop:left@30s", "stop:right@40s"], "both-at-20": ["stop:left@20s", "stop:right@20s"]}
SILENT = re.compile(r"^Note: (left|right) insole silent from \S+ to the end: ([\d,]+) frames missing", re.M)


def _silent_frames(out: str) -> dict[str, int]:
    """Each silent foot's missing frames, as the summary's note says them."""
    return {foot: int(n.replace(",", "")) for foot, n in SILENT.findall(out)}


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def ride(request, tmp_path_factory):
    """A live Moticon ride of 2:00 whose insoles stop (CASES): its session directory and live's output."""
    out = tmp_path_factory.mktemp(request.param)
    mp = pytest.MonkeyPatch()
    mp.setattr(asyncio, "run", run_on_virtual_clock)
    mp.setenv("SOLEWATCH_CONFIG_DIR", str(out / "config"))
    faults = [arg for fault in CASES[request.param] for arg in ("--fault", fault)]
    buf = io.StringIO()  # capsys is a test's alone: the ride is the module's
    try:
        with contextlib.redirect_stdout(buf):
            code = main(["live", "--sim", "healthy-run", "--insole", "moticon-udp", "--speed", "20", "--duration",
                         "2m", *faults, "--out", str(out / "s"), "--plain", "--no-sound", "--no-report"])
    finally:
        mp.undo()
    assert code == 0, buf.getvalue()
    return next((out / "s").iterdir()), buf.getvalue()


def test_the_log_ends_with_a_session_end_record_at_the_session_end(ride):
    path, _ = ride
    session = load_session(path)
    records = list(iter_raw_log(path / "raw.swlog"))
    last = records[-1].event if records[-1].kind == 2 else {}
    assert last.get("event") == SESSION_END_EVENT, last
    assert last["t_s"] == session.info.duration_s == pytest.approx(120.0, abs=0.5)
    assert raw_log_outline(path / "raw.swlog").records == len(records)  # the reader takes it as any record
    assert not any(e.get("event") == SESSION_END_EVENT for e in session.events)  # no event of the ride


def test_analyze_says_nothing_of_a_whole_log(ride, capsys):
    assert main(["analyze", str(ride[0])]) == 0
    err = capsys.readouterr().err
    assert "raw log ends" not in err, err  # had: "the raw log ends at 0:52 of the session's 2:00, ..."


def test_replay_covers_the_session_and_counts_live_missing_frames(ride, capsys):
    path, live_out = ride
    live = _silent_frames(live_out)
    assert set(live) == {"left", "right"}, live_out
    assert main(["replay", str(path), "--plain"]) == 0
    out = capsys.readouterr().out
    assert "The raw log ends" not in out and "Replay: 2:00 of run" in out, out
    assert _silent_frames(out) == live, out  # had: 2,200 / 1,200 of live's 9,000 / 8,000


def test_a_session_rebuilt_from_a_whole_log_is_not_said_cut(ride, tmp_path, capsys):
    copy = tmp_path / "ride"
    shutil.copytree(ride[0], copy)
    (copy / "frames.parquet").unlink()
    assert main(["analyze", str(copy)]) == 0
    err = capsys.readouterr().err
    assert "raw log ends" not in err, err


def test_a_log_cut_before_its_end_record_is_still_said_cut(ride, tmp_path, capsys):
    copy = tmp_path / "ride"
    shutil.copytree(ride[0], copy)
    raw = copy / "raw.swlog"
    end = list(iter_raw_log(raw))[-1]
    os.truncate(raw, end.offset)  # every record but the end's: the log as an earlier recorder wrote it
    assert main(["analyze", str(copy)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"the raw log ends at 0:\d\d of the session's 2:00, so its events after that", err), err
    assert main(["replay", str(copy), "--plain"]) == 0
    assert re.search(r"The raw log ends at 0:\d\d of the session's 2:00: the replay covers that much",
                     capsys.readouterr().out)
    (copy / "frames.parquet").unlink()  # read from the log: its frames end at the last datagram
    assert main(["analyze", str(copy)]) == 0
    assert "and the session was read from it" in capsys.readouterr().err


def test_a_session_end_record_with_no_time_is_taken_as_none(ride, tmp_path, capsys):
    copy = tmp_path / "ride"
    shutil.copytree(ride[0], copy)
    raw = copy / "raw.swlog"
    *_, before, end = iter_raw_log(raw)
    os.truncate(raw, end.offset)
    with raw.open("ab") as f:  # at the host time of the record before it: a record that says no more than that
        f.write(encode_record(2, None, before.host_s, json.dumps({"event": SESSION_END_EVENT, "t_s": "2:00"}).encode()))
    assert main(["analyze", str(copy)]) == 0
    assert "the raw log ends at 0:" in capsys.readouterr().err
