"""A pattern whose measure an insole cannot give is said unchecked, not cleared: the high arch on a flat insole
shows as a high forefoot share and the centre of pressure far forward on the Solewatch insole; ORPHE INSOLE's
six sensors (none under the midfoot) measure neither, and its verdict said "no sustained forefoot load
found." and the report "nothing to change on this evidence" with no word of what went unchecked."""

from __future__ import annotations

import pytest

from monitor import analyze, load_session
from monitor.link import orphe
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.recorder import record_session
from monitor.live.simulated import simulated_insoles
from monitor.report.frames_data import foot_frames
from monitor.report.quality_data import data_quality

CANNOT = "cannot check for a high share of the load on the forefoot or the centre of pressure far forward"


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
