"""The end of `live` and `replay` says what a foot's sensors with no sample cost it, as `analyze` says it.

A ride whose right insole sent no sample from any sensor of its metatarsal heads: analyze's verdict said
"the right foot was not analysed: no sample from any sensor of its metatarsal heads", its caveat lines named
the sensors, and it gave no "Only the left foot" tip; the end of live and replay said "Alerts: left foot 1
warning" with no word of the right foot's sensors, and told the rider to check the left cleat against the
other side, a side nothing was measured on. The analysis core of live and replay (AnalysisCore) now carries
analyze's words (AnalysisCore.sensor_gaps) into the summary (LiveSummary.sensor_gaps).

Nothing here depends on the host's speed: the core is driven directly with the session's frames, and a
recorded sample whose right insole's metatarsal-head sensors are made to send "no reading" is replayed.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import numpy as np
import pytest
from live_ride import live_ride
from test_alerts_in_silence import feed_as_live
from test_brief_foot_summary import SPEED
from test_dead_sensor import MTH_COLUMNS, tight_shoes
from test_malformed_files import SAMPLES

import firmware_sim.firmware as fw
from monitor import load_session
from monitor.analysis.batch import analyze, declared_activity, declared_word
from monitor.analysis.sensor_gaps import GapWords
from monitor.analysis.streaming import AnalysisCore
from monitor.link import protocol
from monitor.live.config import LiveConfig
from monitor.live.delivery import Delivered
from monitor.live.replay import replay_session
from monitor.live.summary import LiveSummary, RecordSummary, replay_text, summary_text
from monitor.session.rawlog import KIND_NOTIFICATION, MAGIC, encode_record, iter_raw_log
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)



@pytest.fixture(scope="module")
def session():
    return tight_shoes(*MTH_COLUMNS)


def _summary(session, tmp_path, *, deferred: bool) -> LiveSummary:
    """The live summary of ``session`` fed to the analysis core as live (``deferred`` False) or a replay as
    fast as possible (True) feeds it: the feet's notifications in time order, then the session's end."""
    out = []
    config = LiveConfig()
    core = AnalysisCore(session.info.layouts, speed=1.0, params=DEFAULT_PARAMS,
                        max_batch_host_s=config.max_batch_host_s, max_lag_host_s=config.view_interval_s,
                        emit=lambda a, since: out.append(a), activity=declared_activity(session.info.activity),
                        deferred=deferred)
    feed_as_live(core, session)
    if deferred:
        core.run_deferred()
    core.end()
    return LiveSummary(RecordSummary(tmp_path, 420.0, {}, 0), [Delivered(a, ("terminal",), "") for a in out],
                       core.pipeline.summary(), data_s=core.data_s(), data_runs=core.data_runs(),
                       shown=core.policy.shown(), declared_word=declared_word(session.info.activity),
                       warn_after_s=DEFAULT_PARAMS.detector.warn_after_s, sensor_gaps=core.sensor_gaps())


def _said(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("Verdict", "caveat: "))]


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
def test_live_and_replay_say_the_right_foot_was_not_analysed_as_analyze_does(session, tmp_path, deferred):
    result = analyze(session)
    advice = result.advice()
    assert "; the right foot was not analysed: no sample from any sensor of its metatarsal heads" in advice.verdict
    notes = [f"caveat: {n}" for n in result.to_json_dict()["sensor_gap_notes"]]
    assert notes and all(n.startswith("caveat: right: ") for n in notes), notes
    s = _summary(session, tmp_path, deferred=deferred)
    assert any(a.foot == "left" and a.level == "warning" for a in s.alerts), s.alerts
    assert _said(summary_text(s)) == [advice.verdict, *notes]  # had: no verdict, no caveat
    assert [t.key for t in s.top_suggestions()] == [t.key for t in advice.tips]
    assert "check_side" not in [t.key for t in s.top_suggestions()]  # had: "Only the left foot: check ..."


def test_a_session_whose_sensors_all_read_says_no_caveat(tmp_path):
    s = LiveSummary(RecordSummary(tmp_path, 420.0, {}, 0), [], {"left": {}, "right": {}}, data_s=420.0)
    assert not s.sensor_gaps.notes and not s.sensor_gaps.unanalysed
    assert not [line for line in summary_text(s).splitlines() if line.startswith("caveat:")]


#: The Solewatch-18 insole's metatarsal-head sensors, by index (MTH_COLUMNS).
MTH_SENSORS = range(7, 13)


def _without_right_mth(dst: Path, feet: tuple[str, ...] = ("right",), sensors: range = MTH_SENSORS) -> Path:
    """A copy of the sim-cleat-forward sample (1:30, an early sign on the left foot) whose right insole's
    (``feet``' insoles') notifications say "no reading" for every metatarsal-head sensor (every one of
    ``sensors``, by index), without its frames table (rebuilt from the raw log, as analyze does for a session
    that has none)."""
    src = SAMPLES / "sim-cleat-forward"
    shutil.copytree(src, dst)
    (dst / "frames.parquet").unlink()
    records = [MAGIC]
    for r in iter_raw_log(src / "raw.swlog"):
        payload = r.payload
        if r.kind == KIND_NOTIFICATION and r.foot in feet:
            p = protocol.decode_pressure(payload)
            raw = np.array(p.raw)
            for j in range(raw.shape[1]):
                if p.first_sensor + j in sensors:
                    raw[:, j] = (1 << p.sample_bits) - 1  # the insole's "no reading"
            payload = fw.encode_pressure(p.seq, p.t_us, p.frame_period_us, raw, first_sensor=p.first_sensor,
                                         imu=p.imu, tared=p.tared, sample_bits=p.sample_bits)
        records.append(encode_record(r.kind, r.foot, r.host_s, payload))
    (dst / "raw.swlog").write_bytes(b"".join(records))
    return dst


@pytest.mark.parametrize("deferred", [False, True], ids=["paced-core", "deferred"])
def test_a_replay_ends_with_analyzes_verdict_and_caveats_of_a_foot_not_analysed(tmp_path, deferred):
    path = _without_right_mth(tmp_path / "no-mth")
    result = analyze(load_session(path))
    verdict = result.advice().verdict
    assert verdict.endswith("; the right foot was not analysed: no sample from any sensor of its metatarsal heads.")
    notes = [f"caveat: {n}" for n in result.to_json_dict()["sensor_gap_notes"]]
    assert notes, verdict
    replay = asyncio.run(replay_session(path, deferred=deferred))
    assert _said(replay_text(replay)) == [verdict, *notes]  # had: no verdict, no caveat


def test_the_end_of_live_says_what_its_analysis_core_found_of_the_sensors(tmp_path, monkeypatch):
    """The live session's summary carries its core's words (the simulated insoles send every sensor, so the
    core's answer is set here to what a foot with no metatarsal-head sample gives)."""
    words = GapWords(("right: sensor p07 (MTH1) had no sample for 100 % of the foot's time with data",),
                     {"right": "the right foot was not analysed: no sample from any sensor of its metatarsal heads"})
    monkeypatch.setattr(AnalysisCore, "sensor_gaps", lambda core: words)

    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, duration_s=60.0)
    assert live.sensor_gaps is words
    lines = summary_text(live).splitlines()
    assert f"caveat: {words.notes[0]}" in lines  # had: none
    alerts = next(line for line in lines if line.startswith("Alerts: "))
    assert alerts.endswith("on the left foot, too short to tell: a warning needs 5:00 of sustained forefoot load; "
                           f"{words.unanalysed['right']}."), alerts
