"""A whole session (not stopped) of less than a second says its length as "less than a second", as every time
under a second is said (monitor.util.timefmt.span_words): the end of live, ``record``'s end and a replay's
headline. Had: "Session: 0:01 of ride", "Session recorded: 0:01 of session time" and "Replay: 0:01 of ride"
of a 0.6-s session."""

from __future__ import annotations

import io

import pytest
from live_ride import live_ride
from rich.console import Console

from monitor.cli.main import main
from monitor.util.timefmt import UNDER_A_SECOND

pytestmark = pytest.mark.timeout(300)

DURATION_S = 0.6  # a guess: between half a second (which rounds to 0:01) and a second


def simulated_live(tmp_path, scenario: str, duration_s: float):
    """The LiveSummary of a live session of the simulated ``scenario`` at 40x, ``duration_s`` (seconds of
    session time) long, on the virtual clock; its session directory under ``tmp_path``."""
    return live_ride(tmp_path, scenario, speed=40.0, seed=1, duration_s=duration_s)


def first_lines(summary, capsys) -> tuple[str, str, str]:
    """The first line each end says of the live session ``summary`` recorded: the end of live
    (summary_text), ``record``'s end (print_summary) and its replay's headline (``solewatch replay --plain``)."""
    from monitor.cli.console import print_summary
    from monitor.live.summary import summary_text

    out = io.StringIO()
    print_summary(Console(file=out, width=200), summary.record)
    capsys.readouterr()
    assert main(["replay", str(summary.record.path), "--speed", "1000", "--plain"]) == 0
    replay = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Replay: "))
    return summary_text(summary).splitlines()[0], out.getvalue().splitlines()[0], replay


def test_a_whole_session_under_a_second_says_less_than_a_second_not_0_01(tmp_path, capsys):
    summary = simulated_live(tmp_path, "healthy-ride", DURATION_S)
    rec = summary.record
    assert 0.5 <= rec.duration_s < 1.0 and any(summary.data_runs.values()), (rec.duration_s, summary.data_runs)
    head, recorded, replay = first_lines(summary, capsys)
    assert head.startswith(f"Session: {UNDER_A_SECOND} of ride"), head
    assert recorded == f"Session recorded: {UNDER_A_SECOND} of session time", recorded
    assert replay.startswith(f"Replay: {UNDER_A_SECOND} of ride"), replay
