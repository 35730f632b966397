"""`analyze` says where a foot watched long enough went silent to the end, as live, replay and the report do.

`live --sim toe-clips --insole ukaton --speed 20 --duration 7m --pedals toe-clips --fault stop:left@330s` ended
"Note: left insole silent from 5:32 to the end: 4,550 frames missing", replay alike, and the report said "no
data from 5:32 to the end of the session"; `analyze` of it said nothing of it (the left foot's line "first
warning 5:10" only, `--json` with no place for it).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from test_brief_foot_summary import QUICK_PARAMS, SPEED
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.replay import replay_session
from monitor.live.session import run_live
from monitor.live.simulated import simulated_insoles
from monitor.report.text import analysis_text

pytestmark = pytest.mark.timeout(300)

GAP_WORDS = " (not a gap: a gap lies between two packets)"


async def _ride_whose_left_insole_stops(out: Path):
    async with simulated_insoles("healthy-ride", speed=SPEED, seed=1, faults=["stop:left@100s"]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        return await run_live(link, sim.meta, duration_s=150.0, out_dir=out, params=QUICK_PARAMS)


def test_analyze_says_the_foot_silent_to_the_end_as_live_and_replay_do(tmp_path):
    live = run_on_virtual_clock(_ride_whose_left_insole_stops(tmp_path))
    said = [n.removesuffix(GAP_WORDS) for n in live.record.absent_notes()]
    silent = [n for n in said if n.startswith("left insole silent from 1:40 to the end: ")]
    assert len(silent) == 1, said
    replay = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    assert [n.removesuffix(GAP_WORDS) for n in replay.record.absent_notes()] == said
    result = analyze(load_session(live.record.path), params=QUICK_PARAMS)
    text = analysis_text(result).splitlines()
    left = next(x for x in text if x.startswith("left: "))
    assert "of data" not in left  # watched long enough: not named as watched briefly
    assert [x.removeprefix("Note: ") for x in text if x.startswith("Note: ")] == said
    assert text.index(f"Note: {silent[0]}") > text.index(left)
    absent = result.to_json_dict()["absent_at_ends"]
    assert [s["note"] for s in absent["left"]] == silent
    (span,) = absent["left"]
    assert span["from_s"] == pytest.approx(100.0, abs=0.1) and span["to_s"] == pytest.approx(150.0, abs=0.1)
    assert span["frames_missing"] == int(silent[0].split(": ")[1].split()[0].replace(",", ""))
