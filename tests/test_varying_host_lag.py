"""A host whose lag varies over the ride: one that falls further behind as the ride goes (0 to 300 ms of host time),
one that stalls 2 s then hands over the backlog at once, and one that hears one foot later than the other. Each
records a ``--duration D`` session of D in ride time (within the grain of tests/test_session_length.py; the feet
heard unevenly, within the ride's end margin, ``RIDE_END_MARGIN_S``, and that grain), calls no frame missing that it
holds, and its live events are its replay's. Built, not loaded: the command's event loop on the virtual clock
(tests/virtual_clock.py), every notification handed to the link when the lag says, each foot's in the order sent
(as tests/test_steady_host_lag.py does for a steady lag).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable

import pytest
from test_session_length import grain_s
from test_steady_host_lag import FIELDS, replayed_events
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.cli.main import main
from monitor.live.ride_end import RIDE_END_MARGIN_S

pytestmark = pytest.mark.timeout(300)

#: the speed a loaded host was seen to overrun ``--duration`` at (30-40x, docs/reliability.md)
SPEED = 40.0
DURATION_S = 300.0
RIDE_HOST_S = DURATION_S / SPEED
#: Host seconds of the greatest lag of the growing lag, at the ride's end (guess: a laptop falling behind)
GROWN_LAG_HOST_S = 0.3
#: Host seconds the stalled host hears nothing, from STALL_FROM_HOST_S on (guess: a host swapping)
STALL_HOST_S = 2.0
STALL_FROM_HOST_S = 3.0
#: Host seconds each foot's notifications are late by on the host that hears the feet unevenly (guess)
UNEVEN_LAG_HOST_S = {"left": 0.02, "right": 0.25}

#: lag (host s) of a notification of ``foot`` the radio gave at host time ``sent_host_s``
Lag = Callable[[str, float], float]


def growing(foot: str, sent_host_s: float) -> float:  # noqa: ARG001 - both feet alike
    return GROWN_LAG_HOST_S * min(max(sent_host_s / RIDE_HOST_S, 0.0), 1.0)


def stalled(foot: str, sent_host_s: float) -> float:  # noqa: ARG001 - the host stalls for both feet
    if STALL_FROM_HOST_S <= sent_host_s < STALL_FROM_HOST_S + STALL_HOST_S:
        return STALL_FROM_HOST_S + STALL_HOST_S - sent_host_s  # the backlog handed over at once
    return 0.0


def uneven(foot: str, sent_host_s: float) -> float:  # noqa: ARG001 - steady, each foot its own
    return UNEVEN_LAG_HOST_S[foot]


LAGS = {"growing": growing, "stalled": stalled, "uneven": uneven}


def _live(tmp_path, capsys, events) -> tuple[int, str]:
    code = main(["live", "--sim", "cleat-forward", "--speed", f"{SPEED:g}", "--duration", f"{DURATION_S:g}s",
                 "--out", str(tmp_path / "sessions"), "--events", str(events), "--plain", "--no-sound",
                 "--no-report"])
    out = capsys.readouterr()
    return code, out.out + out.err


def lagging_host(monkeypatch, lag: Lag) -> None:
    """Every notification reaches the link ``lag(foot, sent host s)`` of host time late, each foot's in the order
    sent (never before the one sent before it)."""
    from monitor.link.ble import PairLink

    notify = PairLink._notify
    waiting: dict[str, deque] = {}
    due_host_s: dict[str, float] = {}

    def late(self, link, data):
        loop = asyncio.get_running_loop()
        foot = link.foot
        queue = waiting.setdefault(foot, deque())
        queue.append((self, link, data))
        now = self.host_s()
        due = max(now + lag(foot, now), due_host_s.get(foot, 0.0))
        due_host_s[foot] = due
        loop.call_later(due - now, lambda: notify(*queue.popleft()))

    monkeypatch.setattr(PairLink, "_notify", late)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)


@pytest.mark.parametrize("kind", LAGS)
def test_a_host_whose_lag_varies_records_the_duration_calls_nothing_missing_and_gives_its_replays_events(
        tmp_path, monkeypatch, capsys, kind):
    lagging_host(monkeypatch, LAGS[kind])
    events = tmp_path / "live-events.jsonl"
    code, text = _live(tmp_path, capsys, events)
    assert code == 0, text
    assert "missing" not in text and "from the start" not in text, text
    session = load_session(next((tmp_path / "sessions").iterdir()))
    grain = grain_s(SPEED)
    if kind == "uneven":  # the foot heard sooner takes its frames up to the margin while the ride waits for the other
        grain += RIDE_END_MARGIN_S
    assert DURATION_S <= session.info.duration_s <= DURATION_S + grain, session.info.duration_s
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert t_s[0] <= 0.1, (foot, t_s[0])
        assert DURATION_S <= t_s[-1] <= DURATION_S + grain, (foot, t_s[-1])
        assert session.counters[foot]["frames_missing"] == 0, (foot, session.counters[foot])
    assert session.gaps.empty, session.gaps
    live = [json.loads(line) for line in events.read_text().splitlines()]
    assert live, text  # a cleat-forward ride of 5 min warns: none live and none replayed would prove nothing
    replayed = replayed_events(session.path, tmp_path / "replay-events.jsonl")
    assert [tuple(json.dumps(x.get(k)) for k in FIELDS) for x in replayed] == [
        tuple(json.dumps(x.get(k)) for k in FIELDS) for x in live]


def test_insoles_that_sample_on_past_the_end_end_together_at_the_duration_when_heard_unevenly(tmp_path, monkeypatch,
                                                                                              capsys):
    """Insoles that sample on past the ride's end (`solewatch sim` for `live --radio`, or real ones) on a host that
    hears one foot later than the other: the ride waits for the foot heard later to reach the duration, and the
    other's notifications, once its data are ``RIDE_END_MARGIN_S`` past it and the host's clock x speed is past the
    duration, are not taken (had: its frames ran on meanwhile and the session covered them, 0.23 s of host time
    between the feet at 40x a session of 309.27 s for 300 s)."""
    import monitor.live.simulated as simulated

    monkeypatch.setattr(simulated, "RIDE_END_MARGIN_S", 1e6)  # the insoles sample on (no end in reach)
    lagging_host(monkeypatch, uneven)
    code, text = _live(tmp_path, capsys, tmp_path / "live-events.jsonl")
    assert code == 0, text
    session = load_session(next((tmp_path / "sessions").iterdir()))
    end_s = DURATION_S + RIDE_END_MARGIN_S + grain_s(SPEED)
    assert DURATION_S <= session.info.duration_s <= end_s, session.info.duration_s
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert DURATION_S <= t_s[-1] <= end_s, (foot, t_s[-1])
