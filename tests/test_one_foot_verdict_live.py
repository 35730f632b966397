"""A session whose right insole never connected says its verdict is of the left foot alone at the end of
`live` and in `replay`, as `analyze` and the report say it ("Verdict (left foot only; the right foot was not
recorded): ...")."""

from __future__ import annotations

import asyncio

from live_ride import live_ride
from test_brief_foot_summary import SPEED

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.live.replay import replay_session
from monitor.live.summary import replay_text, summary_text

PREFIX = "Verdict (left foot only; the right foot was not recorded): "


def _verdicts(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Verdict")]


def test_live_and_replay_end_with_the_one_foot_verdict_analyze_gives(tmp_path):
    live = live_ride(tmp_path, "cleat-forward", speed=SPEED, seed=1, faults=["stop:right@0s"], duration_s=240.0)
    verdict = analyze(load_session(live.record.path)).advice().verdict
    assert verdict.startswith(PREFIX), verdict
    replay = asyncio.run(replay_session(live.record.path))
    assert _verdicts(summary_text(live)) == [verdict]
    assert _verdicts(replay_text(replay)) == [verdict]
