"""A host that hears every notification of the simulated insoles a steady time late (busy: each arrives 0.1 s of
host time after it was sent) still records a ``--duration D`` session of D, its frames where the insoles sampled
them, and says no frame missing that it holds. Built, not loaded: the command's event loop on the virtual clock
(tests/virtual_clock.py), every notification handed to the link ``LAG_HOST_S`` after the radio gave it."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from pathlib import Path

from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.cli.main import main
from monitor.live.delivery import EventsSink
from monitor.live.replay import replay_session

#: Host seconds each notification reaches the link after the simulated radio sent it (guess: a loaded host,
#: 60-100 ms late all along, `live --sim ... --speed 40` on a laptop with busy loops on both cores).
LAG_HOST_S = 0.1


def late_host(monkeypatch) -> None:
    """Every notification reaches the link ``LAG_HOST_S`` of host time late, in the order sent."""
    from monitor.link.ble import PairLink

    notify = PairLink._notify
    waiting: deque = deque()

    def hand_oldest() -> None:
        notify(*waiting.popleft())

    def late(self, link, data):
        waiting.append((self, link, data))
        asyncio.get_running_loop().call_later(LAG_HOST_S, hand_oldest)

    monkeypatch.setattr(PairLink, "_notify", late)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)


def test_a_steadily_late_host_records_the_duration_with_frames_where_they_were_sampled(tmp_path, monkeypatch,
                                                                                        capsys):
    # had: each foot's clock took the least lag it saw (0.1 s of host time, 4 s of ride at 40x) for the insole's
    # clock offset: every frame lay 4 s late, "no data from the start to 0:04", and the session ran past D
    late_host(monkeypatch)
    speed, duration_s = 40.0, 60.0
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", f"{duration_s:g}s",
                 "--out", str(tmp_path), "--plain"])
    out = capsys.readouterr()
    assert code == 0, out
    text = out.out + out.err
    session = load_session(next(tmp_path.iterdir()))
    grain = grain_s(speed)
    assert "from the start" not in text, text
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert t_s[0] <= 0.1, (foot, t_s[0])
        assert duration_s <= t_s[-1] <= duration_s + grain, (foot, t_s[-1])
    assert duration_s <= session.info.duration_s <= duration_s + grain


def replayed_events(session_path: Path, events_path: Path) -> list[dict]:
    """The events the replay of the session at ``session_path`` issues (one dict per line of its events file,
    written to ``events_path``), replayed on the virtual clock."""

    async def replay() -> list[dict]:
        sink = EventsSink.open(events_path)
        await replay_session(session_path, events=sink)
        sink.close()
        return [json.loads(line) for line in events_path.read_text().splitlines()]

    return run_on_virtual_clock(replay())


#: every field of an event line that does not depend on the wall clock or the channels
FIELDS = ("t_s", "foot", "kind", "level", "region", "pattern", "cause", "message")


def test_a_live_session_on_a_steadily_late_host_gives_the_events_of_its_replay(tmp_path, monkeypatch, capsys):
    # had: the frames 4 s late live and in the replay alike, so the alerts 4 s late and the ride's last 4 s
    # unrecorded; the live session and its replay read the insole's clock from the same `connected` event
    late_host(monkeypatch)
    speed, duration_s = 40.0, 100.0
    events = tmp_path / "live-events.jsonl"
    code = main(["live", "--sim", "cleat-forward", "--speed", f"{speed:g}", "--duration", f"{duration_s:g}s",
                 "--out", str(tmp_path / "sessions"), "--events", str(events), "--plain", "--no-sound",
                 "--no-report"])
    out = capsys.readouterr()
    assert code == 0, out
    assert "from the start" not in out.out + out.err, out
    session = load_session(next((tmp_path / "sessions").iterdir()))
    assert duration_s <= session.info.duration_s <= duration_s + grain_s(speed)
    for foot in ("left", "right"):
        assert session.foot_frames(foot)["t_s"].iloc[0] <= 0.1, foot
    live = [json.loads(line) for line in events.read_text().splitlines()]
    assert {(x["foot"], x["level"]) for x in live} == {("left", "notice"), ("right", "notice")}, live

    replayed = replayed_events(session.path, tmp_path / "replay-events.jsonl")
    assert [tuple(json.dumps(x.get(k)) for k in FIELDS) for x in replayed] == [
        tuple(json.dumps(x.get(k)) for k in FIELDS) for x in live]
