"""A session whose right insole never connected says its verdict is of the left foot alone at the end of
`live` and in `replay`, as `analyze` and the report say it ("Verdict (left foot only; the right foot was not
recorded): ...")."""

from __future__ import annotations

import asyncio
from pathlib import Path

from test_brief_foot_summary import SPEED
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.replay import replay_session
from monitor.live.session import run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import replay_text, summary_text

PREFIX = "Verdict (left foot only; the right foot was not recorded): "


async def _ride_without_a_right_insole(out: Path):
    async with simulated_insoles("cleat-forward", speed=SPEED, seed=1, faults=["stop:right@0s"]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        return await run_live(link, sim.meta, duration_s=240.0, out_dir=out)


def _verdicts(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Verdict")]


def test_live_and_replay_end_with_the_one_foot_verdict_analyze_gives(tmp_path):
    live = run_on_virtual_clock(_ride_without_a_right_insole(tmp_path))
    verdict = analyze(load_session(live.record.path)).advice().verdict
    assert verdict.startswith(PREFIX), verdict
    replay = asyncio.run(replay_session(live.record.path))
    assert _verdicts(summary_text(live)) == [verdict]
    assert _verdicts(replay_text(replay)) == [verdict]
