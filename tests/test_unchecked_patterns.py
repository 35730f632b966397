"""A pattern whose measure an insole cannot give is said unchecked, not cleared: the high arch on a flat insole
shows as a high forefoot share and the centre of pressure far forward on the Solewatch insole; ORPHE INSOLE's
six sensors (none under the midfoot) measure neither, and its verdict said "no sustained forefoot load
found." and the report "nothing to change on this evidence" with no word of what went unchecked.

The end of ``live`` and ``replay`` says it as ``analyze`` does (had: "Alerts: none in 1:00 of data, too short
to tell ..." with no word of it), once, whether its verdict is said or not. Insoles that can check nothing
(every sensor's region ``unknown``) end as analyze's verdict does, "nothing could be checked, nothing to judge",
live, replayed and on the phone's ended page (had: "Alerts: none in 1:00 of data, too short to tell: ...", and
of a longer session "Alerts: none; no sustained forefoot load was found.")."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from live_ride import live_ride_async

from monitor import analyze, load_session
from monitor.analysis.alerts import Alert
from monitor.link import orphe
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.delivery import Delivered
from monitor.live.recorder import record_session
from monitor.live.replay import replay_session
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import LiveSummary, RecordSummary, replay_text, summary_text
from monitor.live.web.state import ended_fields
from monitor.report.frames_data import foot_frames
from monitor.report.quality_data import data_quality

CANNOT = "cannot check for a high share of the load on the forefoot or the centre of pressure far forward"
SAMPLE = Path(__file__).resolve().parent.parent / "sessions" / "samples" / "sim-healthy-ride"
NOTHING = "nothing could be checked, nothing to judge."
UNKNOWN = "cannot check for any sustained forefoot load (every sensor's region is unknown)."


def test_orphe_s_layout_cannot_check_the_share_nor_the_centre_of_pressure():
    from monitor.analysis.unchecked import unchecked_patterns

    assert unchecked_patterns(orphe.layout("left")) == ("forefoot_share_high", "cop_forward")


@pytest.mark.looptime
@pytest.mark.timeout(300)
async def test_a_flat_insole_under_orphe_is_said_unchecked_not_cleared(tmp_path) -> None:
    speed = 30.0
    async with simulated_insoles("high-arch-flat-insole", speed=speed, seed=1, faults=[], insole="orphe") as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=speed), kind="orphe")
        summary = await record_session(link, sim.meta, duration_s=360.0, out_dir=tmp_path)
    session = load_session(summary.path)
    result = analyze(session)
    verdict = result.advice().verdict
    assert verdict.startswith("Verdict: no sustained forefoot load found"), verdict
    assert f"ORPHE insoles {CANNOT} (no sensor under the midfoot)." in verdict, verdict
    caveats = data_quality(session, {f: foot_frames(session, f) for f in session.info.feet}).caveats
    assert any(CANNOT in c for c in caveats), caveats


@pytest.mark.looptime
@pytest.mark.timeout(300)
async def test_the_end_of_live_and_replay_says_what_orphe_cannot_check_as_analyze_does(tmp_path) -> None:
    speed = 30.0
    live = await live_ride_async(tmp_path, "high-arch-flat-insole", speed=speed, seed=1, insole="orphe", kind="orphe",
                                 duration_s=60.0)
    said = f"ORPHE insoles {CANNOT} (no sensor under the midfoot)."
    verdict = analyze(load_session(live.record.path)).advice().verdict
    assert verdict.endswith(f"too short to tell: a warning needs 5:00 of sustained forefoot load. {said}"), verdict
    assert summary_text(live).count(CANNOT) == 1, summary_text(live)
    assert said in summary_text(live).splitlines(), summary_text(live)
    replayed = replay_text(await replay_session(live.record.path))
    assert replayed.count(CANNOT) == 1 and said in replayed.splitlines(), replayed


def test_a_verdict_said_at_the_end_says_it_once(tmp_path):
    """Where the summary says analyze's verdict (an early sign without a warning), the verdict ends with it."""
    said = f"ORPHE insoles {CANNOT} (no sensor under the midfoot)."
    sign = Alert(30.0, "left", "alert", "notice", region="mth2_3", pattern="focal_mth")
    s = LiveSummary(RecordSummary(tmp_path, 420.0, {}, 0), [Delivered(sign, ("terminal",), "")],
                    {"left": {"activity": "cycling"}, "right": {"activity": "cycling"}}, data_s=420.0, unchecked=said)
    lines = summary_text(s).splitlines()
    verdict = next(line for line in lines if line.startswith("Verdict"))
    assert verdict.endswith(said) and sum(CANNOT in line for line in lines) == 1, lines



def _unknown_layout(tmp_path: Path) -> Path:
    """The committed healthy-ride sample with every sensor's region ``unknown`` in its session.json."""
    out = tmp_path / "s"
    shutil.copytree(SAMPLE, out)
    doc = json.loads((out / "session.json").read_text())
    for layout in doc["layouts"].values():
        layout["regions"] = ["unknown"] * len(layout["regions"])
    (out / "session.json").write_text(json.dumps(doc))
    return out


def test_the_end_of_a_replay_says_nothing_could_be_checked_as_analyze_does(tmp_path):
    path = _unknown_layout(tmp_path)
    verdict = analyze(load_session(path)).advice().verdict
    assert verdict.startswith(f"Verdict: {NOTHING}") and UNKNOWN in verdict, verdict
    replayed = asyncio.run(replay_session(path))
    assert replayed.checks_nothing
    text = replay_text(replayed)
    assert f"Alerts: none: {NOTHING}" in text.splitlines(), text
    assert "too short to tell" not in text and "no sustained forefoot load" not in text, text
    assert text.count(UNKNOWN) == 1, text


def test_a_long_session_that_checked_nothing_is_not_cleared_live_nor_on_the_phone(tmp_path):
    said = f"These insoles {UNKNOWN}"
    s = LiveSummary(RecordSummary(tmp_path, 600.0, {}, 0), [],
                    {"left": {"activity": "cycling"}, "right": {"activity": "cycling"}}, data_s=600.0,
                    unchecked=said, checks_nothing=True)
    lines = summary_text(s).splitlines()
    assert f"Alerts: none: {NOTHING}" in lines and said in lines, lines
    assert not any("no sustained forefoot load" in line for line in lines), lines
    found = ended_fields(s)["found"]
    assert found[0] == f"Alerts: none: {NOTHING}", found
