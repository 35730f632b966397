"""A whole session (not stopped) of less than a second says its length as "less than a second", as every time
under a second is said (monitor.util.timefmt.span_words): the end of live, ``record``'s end and a replay's
headline. Had: "Session: 0:01 of ride", "Session recorded: 0:01 of session time" and "Replay: 0:01 of ride"
of a 0.6-s session."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from virtual_clock import run_on_virtual_clock

from monitor.cli.main import main
from monitor.util.timefmt import UNDER_A_SECOND

pytestmark = pytest.mark.timeout(300)

DURATION_S = 0.6  # a guess: between half a second (which rounds to 0:01) and a second


def _short_live(tmp_path):
    """The LiveSummary of a 0.6-s live session of the simulated healthy ride at 40x."""
    from monitor.link.ble import LinkConfig
    from monitor.link.pairing import open_pair
    from monitor.live.session import run_live
    from monitor.live.simulated import simulated_insoles

    async def ride():
        async with simulated_insoles("healthy-ride", speed=40.0, seed=1, faults=[]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=40.0))
            return await run_live(link, sim.meta, duration_s=DURATION_S, out_dir=tmp_path)

    return run_on_virtual_clock(ride())


def test_a_whole_session_under_a_second_says_less_than_a_second_not_0_01(tmp_path, capsys):
    from monitor.cli.console import print_summary
    from monitor.live.summary import summary_text

    summary = _short_live(tmp_path)
    rec = summary.record
    assert 0.5 <= rec.duration_s < 1.0 and any(summary.data_runs.values()), (rec.duration_s, summary.data_runs)
    head = summary_text(summary).splitlines()[0]
    assert head.startswith(f"Session: {UNDER_A_SECOND} of ride"), head
    out = io.StringIO()
    print_summary(Console(file=out, width=200), rec)  # record's end
    assert out.getvalue().splitlines()[0] == f"Session recorded: {UNDER_A_SECOND} of session time", out.getvalue()
    capsys.readouterr()
    assert main(["replay", str(rec.path), "--speed", "1000", "--plain"]) == 0
    replay = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Replay: "))
    assert replay.startswith(f"Replay: {UNDER_A_SECOND} of ride"), replay
