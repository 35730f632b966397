"""A replay counts the gaps of the raw log once the late (reordered) frames fill their rows, as live and a
rebuild of the raw log do: a packet that came out of order leaves no gap. Had: `replay` said "Gaps in the data:
3" of `record --sim healthy-ride --fault reorder:left@10s:3`, whose end said "gaps: 0" and whose gaps.csv is
empty (6 of a Moticon stream's at 20x), counting the gaps before the late frames filled them."""

from __future__ import annotations

import re

import pytest

from monitor import load_session
from monitor.cli.main import main

pytestmark = pytest.mark.timeout(300)


@pytest.mark.parametrize("insole", ["solewatch", "moticon-udp"])
def test_a_replay_counts_the_gaps_late_frames_filled_as_none(tmp_path, capsys, insole):
    code = main(["record", "--sim", "healthy-ride", "--insole", insole, "--speed", "40", "--duration", "30s",
                 "--out", str(tmp_path), "--plain", "--fault", "reorder:left@10s:3"])
    said = capsys.readouterr()
    assert code == 0, (said.out + said.err)[-800:]
    (session_dir,) = tmp_path.iterdir()
    session = load_session(session_dir)
    assert session.counters["left"]["packets_late"] > 0  # the case at issue: late frames there are
    assert len(session.gaps) == 0 and "gaps: 0\n" in said.out + said.err
    code = main(["replay", str(session_dir)])
    said = capsys.readouterr()
    replayed = said.out + said.err
    assert code == 0, replayed[-800:]
    assert re.findall(r"Gaps in the data: \d+", replayed) == [], replayed[-1500:]  # had: 3 (moticon-udp: 6)
