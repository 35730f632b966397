"""No link event is dated after the session's end: insoles that both stop are given up by the link only
after ``LinkConfig.lost_after_host_min_s`` of host time (200 s of ride at 40x), and while no foot sends the
host's clock moves an event's time on (monitor.link.records.link_event_s), so the loss is never dated past
the session's end (nor past the foot's last frame + ``lost_after_session_s``: tests/test_lost_by_last_frame.py),
in the raw log, the terminal's lines, the replay and ``Session.events``; ``record`` prints the time the raw
log holds.

Had (`live --sim cleat-forward --speed 40 --duration 3m --fault stop:left@60s --fault stop:right@70s`):
"Session: 3:00" and "5:41 left insole lost", "5:51 right insole lost" (raw log t_s 341.2, 350.7), in the
replay and the report too; and `record --duration 2m --fault stop:left@40s --fault stop:right@45s` printed
"0:45 left insole lost" for an event at 320.0. The rides run on the virtual clock (tests/virtual_clock.py).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from live_ride import live_ride_async
from rich.console import Console
from virtual_clock import run_on_virtual_clock

from monitor.cli.console import ProgressView
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.link.records import KIND_EVENT, link_event_s
from monitor.live.recorder import record_session
from monitor.live.replay import replay_session
from monitor.live.simulated import simulated_insoles
from monitor.session.directory import RAW_LOG, load_session
from monitor.session.rawlog import iter_raw_log
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)

SPEED = 40.0
DURATION_S = 60.0
FAULTS = ["stop:left@30s", "stop:right@35s"]
KINDS = ("disconnected", "foot_lost", "reconnected", "reconnection_failed")


def _logged(path: Path) -> list[tuple[str, str, float]]:
    """The link events in the raw log: (event, foot, t_s)."""
    out = []
    for rec in iter_raw_log(path / RAW_LOG):
        if rec.kind == KIND_EVENT and rec.event.get("event") in KINDS:
            out.append((rec.event["event"], rec.foot, rec.event["t_s"]))
    return out


async def _live(out: Path):
    notices = []
    summary = await live_ride_async(out, "cleat-forward", speed=SPEED, seed=1, faults=FAULTS, duration_s=DURATION_S,
                                    params=DEFAULT_PARAMS, on_notice=notices.append)
    return summary, notices


async def _replay(path: Path):
    notices = []
    await replay_session(path, on_notice=notices.append)
    return notices


def _lost(notices) -> list[tuple[str, float]]:
    return [(n.foot, n.t_s) for n in notices if n.kind == "foot_lost"]


def test_insoles_that_both_stop_are_lost_no_later_than_the_sessions_end_in_every_view(tmp_path):
    summary, notices = run_on_virtual_clock(_live(tmp_path))
    path = summary.record.path
    assert summary.record.duration_s == pytest.approx(DURATION_S, abs=0.5)  # the session lasts its duration
    logged = _logged(path)
    lost = [(foot, t) for kind, foot, t in logged if kind == "foot_lost"]
    assert sorted(foot for foot, _ in lost) == ["left", "right"], logged
    assert all(t <= DURATION_S for _, _, t in logged), logged  # had: 230 s and more
    assert all(t >= 35.0 - 1.0 for _, t in lost), lost  # not before the newest frame
    assert _lost(notices) == lost  # the terminal's lines
    assert _lost(run_on_virtual_clock(_replay(path))) == lost
    session = load_session(path)
    listed = [(e["foot"], e["t_s"]) for e in session.events if e.get("event") == "foot_lost"]
    assert listed == lost


async def _record(out: Path, view: ProgressView):
    async with simulated_insoles("cleat-forward", speed=SPEED, seed=1, faults=FAULTS) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        return await record_session(link, sim.meta, duration_s=DURATION_S, out_dir=out, progress=view.update,
                                    on_event=view.link_event, on_frames=view.frames)


def test_record_prints_a_link_events_time_as_the_raw_log_holds_it(tmp_path):
    buf = io.StringIO()
    with ProgressView(Console(file=buf, width=200), plain=True) as view:
        summary = run_on_virtual_clock(_record(tmp_path, view))
    logged = [(foot, t) for kind, foot, t in _logged(summary.path) if kind == "foot_lost"]
    assert len(logged) == 2, logged
    printed = re.findall(r"^\s*(\d+:\d\d)\s+(left|right) insole lost", buf.getvalue(), re.M)
    assert printed == [(clock_text(t), foot) for foot, t in logged], (buf.getvalue(), logged)


def test_a_link_event_is_not_dated_past_the_end_nor_before_the_newest_frame():
    assert link_event_s(300.0, 70.0, 70.0, end_s=180.0) == 180.0  # no foot sending: capped at the end
    assert link_event_s(300.0, 190.0, 299.0, end_s=180.0) == 190.0  # late frames past the end: the newest
    assert link_event_s(100.0, 70.0, 70.0, end_s=180.0) == 100.0  # before the end: as before
    assert link_event_s(300.0, float("-inf"), float("-inf"), end_s=180.0) == 180.0
