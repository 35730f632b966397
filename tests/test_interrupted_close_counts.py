"""A recording whose close is interrupted (Ctrl-C as the frames table is written) says the counts its tables
will hold once rebuilt from raw.swlog, as the normal end does: the frames of a late (reordered) packet are
kept, not missing, and the gap they fill is no gap. Had: the live stream's counts, the late frames shown as
missing (`record --sim healthy-ride --speed 40 --duration 30s --fault reorder:right@8s:3`: right 2,984 frames,
24 missing, gaps: 3, where the normal end and the session read back say 3,008, 0, gaps: 0). The command runs
on the virtual clock and the signal is sent as the table starts: a point that does not depend on the host's
speed."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_live import _signal_as_it_starts

from monitor import load_session
from monitor.cli.main import main

pytestmark = pytest.mark.timeout(300)


def _row(said: str, foot: str) -> list[int]:
    """The counts of ``foot``'s row in the summary's table (frames, packets, lost, down, corrupt, duplicate,
    late, missing frames)."""
    (line,) = [ln for ln in said.splitlines() if re.match(rf"{foot}\s+[\d,]+\s", ln)]
    return [int(word.replace(",", "")) for word in line.split()[1:]]


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_close_interrupted_says_the_counts_the_rebuilt_tables_hold(tmp_path, capsys, monkeypatch, command):
    import monitor.session.frames_file as frames_file

    _signal_as_it_starts(monkeypatch, frames_file, "write_frames_file", "SIGINT")
    extra = ["--no-sound", "--no-report"] if command == "live" else []
    code = main([command, "--sim", "healthy-ride", "--speed", "40", "--duration", "30s", "--out", str(tmp_path),
                 "--plain", "--fault", "reorder:right@8s:3", *extra])
    out = capsys.readouterr()
    said = out.out + out.err
    assert code == 0, said[-800:]
    assert "frames table not written: interrupted" in said.lower(), said[-800:]  # the case at issue
    (session_dir,) = tmp_path.iterdir()
    session = load_session(session_dir)  # its tables rebuilt from the raw log
    right = session.foot_frames("right")
    kept = int((~np.isnan(right.filter(like="_kpa").to_numpy()).all(axis=1)).sum())
    assert session.counters["right"]["packets_late"] > 0  # late frames there are
    if command == "record":
        row = _row(said, "right")
        assert row[6] == session.counters["right"]["packets_late"], row
        assert (row[0], row[7]) == (kept, 0), row  # had 2,984 frames, 24 missing (the late ones)
        assert f"gaps: {len(session.gaps)}\n" in said, said[-800:]  # had gaps: 3
    else:
        assert len(session.gaps) == 0 and "Gaps in the data" not in said, said[-1500:]  # had: 3 (in raw.swlog)
