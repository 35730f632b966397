"""A silence in the frames' times is NO DATA, however the host delivered them. A host that fell behind the
stream (a Moticon stream at 20x on a busy host: the OS's receive buffer drained at its own pace) delivers the
frames before a 25-s pause of the stream late, up to the frames after it, so some foot's frames arrived all
through the pause and no stale-data check found a foot silent (a foot that delivers late is not stale).
`live --sim healthy-ride --insole moticon-udp --speed 20 --fault drop:left@60s+25s` said no NO DATA and no
DATA BACK, live or in replay, where `analyze` said "1:10 NO DATA" and "1:25 DATA BACK after 25.0 s" for both
feet. The frames after the silence tell it (monitor.analysis.streaming, AnalysisCore._silent).

Nothing here depends on the host's speed: the analysis core is driven directly with the arrivals such a host
gives, and a raw log written with them is replayed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from test_streaming_hold import session_blocks

from firmware_sim.vendors import moticon as moticon_fw
from monitor import load_session
from monitor.analysis.batch import analyze, declared_activity
from monitor.analysis.foot_frames import foot_block
from monitor.analysis.streaming import AnalysisCore
from monitor.codebook import FEET
from monitor.link import moticon
from monitor.live.config import LiveConfig
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session
from monitor.session.info import SessionInfo
from monitor.session.offline import offline_session
from monitor.session.writer import SessionWriter, new_session_dir
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(300)

AFTER_S = DEFAULT_PARAMS.alerts.stale_after_s  # 10 s
SPEED = 20.0
SESSION_S = 150.0
PAUSE_S, PAUSE_END_S = 60.0, 85.0  # the stream sends nothing in between (session s)
#: session s the host is behind the stream when the pause starts: its arrivals run on past the pause's end
BEHIND_S = 26.0
#: frames a notification carries here (a Moticon datagram carries one; ten keep the test short)
NOTIFICATION_FRAMES = 10


def _arrival_s(t_s: np.ndarray) -> np.ndarray:
    """When a host that falls behind the stream at an even pace, BEHIND_S behind it at the pause, then catches
    up, gets the frames of times ``t_s`` (session s): never BEHIND_S without a frame arriving."""
    behind = t_s < PAUSE_S
    return np.where(behind, t_s * (PAUSE_S + BEHIND_S) / PAUSE_S, np.maximum(t_s, PAUSE_S + BEHIND_S) + 0.001)


def _paused(filled: bool):
    """A 150-s healthy ride whose feet send nothing from PAUSE_S to PAUSE_END_S; ``filled``: the frames of the
    pause are there with no reading (all NaN, as the link fills frames it counts lost), else not there."""
    s = offline_session("healthy-ride", duration_s=SESSION_S, seed=1)
    f = s.frames
    pause = ((f["t_s"] >= PAUSE_S) & (f["t_s"] < PAUSE_END_S)).to_numpy()
    if filled:
        f = f.copy()
        f.loc[pause, [c for c in f.columns if c.startswith("p") and c.endswith("_kpa")]] = np.nan
    else:
        f = f[~pause].reset_index(drop=True)
    return dataclasses.replace(s, frames=f)


def _core(session, deferred: bool) -> AnalysisCore:
    """The core fed ``session`` as the live monitor at SPEED on a host behind the stream: the feet's
    notifications in arrival order, a check wherever the live timer would post one, then the session's end."""
    out = []
    config = LiveConfig()
    core = AnalysisCore(session.info.layouts, speed=SPEED, params=DEFAULT_PARAMS,
                        max_batch_host_s=config.max_batch_host_s, max_lag_host_s=config.view_interval_s,
                        emit=lambda a, since: out.append(a), activity=declared_activity(session.info.activity),
                        deferred=deferred)
    core.out = out
    notes = [(float(_arrival_s(block.t_s[-1:])[0]), block.foot, block)
             for block in session_blocks(session, NOTIFICATION_FRAMES, by_last=True)]
    notes.sort(key=lambda n: (n[0], n[1]))
    gaps = np.diff([0.0] + [a for a, _, _ in notes])
    assert gaps.max() < AFTER_S  # some foot's frames arrive all through the pause: no check finds one silent
    for arrival_s, _, block in notes:
        if core.stale_due(arrival_s):  # the live timer ticks far more often than AFTER_S: at every arrival
            core.check_stale(arrival_s)
        core.arrival(arrival_s)
        core.frames(block)
    core.flush()  # the session's end (monitor.live.session.run_live)
    core.check_stale(SESSION_S)
    if deferred:
        core.run_deferred()
    core.end()
    return core


def _data_events(events) -> list[tuple]:
    return sorted((round(a.t_s, 3), a.foot, a.kind, round(a.silent_s or 0.0, 3))
                  for a in events if a.kind in ("data_stale", "data_back"))


@pytest.mark.parametrize("deferred", [False, True], ids=["live", "replay"])
@pytest.mark.parametrize("filled", [True, False], ids=["filled", "not-there"])
def test_a_pause_the_host_delivered_late_is_no_data_then_data_back_as_analyze_says(filled, deferred):
    session = _paused(filled)
    core = _core(session, deferred)
    last, back = {}, {}
    for foot in FEET:
        b = foot_block(session, foot)
        t = b.t_s[~np.isnan(b.pressure_kpa).all(axis=1)]
        last[foot], back[foot] = float(t[t < PAUSE_S][-1]), float(t[t >= PAUSE_S][0])
    want = sorted([(round(last[f] + AFTER_S, 3), f, "data_stale", 0.0) for f in FEET]
                  + [(round(back[f], 3), f, "data_back", round(back[f] - last[f], 3)) for f in FEET])
    # had: none, live and in replay
    assert _data_events(core.out) == want, core.out
    assert _data_events(analyze(session).events) == want


def _write_paused_stream(out: Path) -> Path:
    """A Moticon raw log recorded at SPEED (no checks in it: as `record` writes it): the stream paused from
    PAUSE_S to PAUSE_END_S, its datagrams received as by a host behind the stream (:func:`_arrival_s`)."""
    path = new_session_dir(out, "paused-late")
    layouts = {f: moticon.layout(f) for f in FEET}
    info = SessionInfo(session_id=path.name, start_utc="2026-12-06T10:00:00.000Z", software_version="test",
                       source="udp", layouts=layouts, speed=SPEED, label="t", activity="cycling_seated")
    writer = SessionWriter(path)
    writer.write_info(info)
    for foot in FEET:
        writer.event(0.0, {"event": "connected", "foot": foot, "address": "udp:127.0.0.1:1", "mtu": None})
    rng = np.random.default_rng(4)
    t_s = np.arange(int(SESSION_S * 100)) / 100
    t_s = t_s[(t_s < PAUSE_S) | (t_s >= PAUSE_END_S)]
    load = (np.sin(2 * np.pi * 1.5 * t_s)[:, None] + 1.2) * rng.uniform(5, 15, (t_s.size, 16))
    datagrams = moticon_fw.encode_datagrams(t_s, {f: load for f in FEET})
    for host_s, data in zip((_arrival_s(t_s) / SPEED).tolist(), datagrams):
        for foot in FEET:
            writer.notification(foot, host_s, data)
    writer.close(info)
    return path


async def _replay(path: Path, deferred: bool) -> list[dict]:
    sink_path = path.parent / f"replay-{deferred}.jsonl"
    sink = EventsSink.open(sink_path)
    await replay_session(path, events=sink, deferred=deferred)
    sink.close()
    return [json.loads(line) for line in sink_path.read_text().splitlines()]


def test_a_replay_of_a_stream_paused_and_delivered_late_says_no_data_and_data_back_as_analyze(tmp_path):
    path = _write_paused_stream(tmp_path)
    session = load_session(path)
    got = {}
    for deferred in (False, True):
        lines = asyncio.run(_replay(path, deferred))
        got[deferred] = sorted((x["t_s"], x["foot"], x["kind"]) for x in lines
                               if x["kind"] in ("data_stale", "data_back"))
    result = analyze(session)
    want = sorted((round(a.t_s, 3), a.foot, a.kind) for a in result.events
                  if a.kind in ("data_stale", "data_back"))
    assert sorted(kind for _, _, kind in want) == ["data_back"] * 2 + ["data_stale"] * 2, want
    for t_s, _, kind in want:
        assert abs(t_s - (PAUSE_S + AFTER_S if kind == "data_stale" else PAUSE_END_S)) < 0.1, want
    assert got[False] == want and got[True] == want, got  # had: none


def test_a_silence_found_in_the_frames_times_starts_at_the_foots_last_frame(monkeypatch):
    """The left-right comparison is told a silence found in the frames' times from the foot's newest frame
    before it, as analyze's and the regular check's are: it was told one from -inf, which releases the other
    foot's windows from before the silence to be judged alone where analyze pairs them."""
    from monitor.analysis.unilateral import UnilateralCheck

    told = []
    real = UnilateralCheck.absent

    def absent(self, foot, since_s=-np.inf):
        told.append((foot, since_s))
        return real(self, foot, since_s)

    monkeypatch.setattr(UnilateralCheck, "absent", absent)
    _core(_paused(filled=False), deferred=False)
    assert told and all(since_s > PAUSE_S - 1.0 and since_s < PAUSE_S for _, since_s in told), told
