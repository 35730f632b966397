"""A simulated vendor's insole whose device clock the link is handed at session time 0 (ORPHE INSOLE:
``OrpheSimInsole.stamp_at_start_us``) has its frames where it sampled them on a host that hears each foot's
notifications a steady time late, and its two feet in step: the simulated run puts the right foot's initial
contact half a stride after the left's (firmware_sim/model.py, ``_phase0``). Built, not loaded: the command's
event loop on the virtual clock (tests/virtual_clock.py), each foot's notifications its own steady time late
(``LAG_HOST_S``)."""

from __future__ import annotations

import asyncio
from collections import deque

import numpy as np
import pytest
from test_session_length import grain_s
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.cli.main import main
from monitor.live.simulated import RIDE_END_MARGIN_S, simulated_insoles

#: Host seconds each foot's notifications reach the link after the simulated radio sent them (guess: a loaded
#: host, as tests/test_steady_host_lag.py, one foot's notifications handled later than the other's).
LAG_HOST_S = {"left": 0.1, "right": 0.04}
#: The simulated run's right foot lands this fraction of a stride after its left (firmware_sim/model.py).
PHASE_RIGHT = 0.5
#: How far the measured phase may lie from it (guess: a threshold crossing on 10-ms frames at 2.7 strides a
#: second is 0.03 of a stride; the cadence wobbles).
PHASE_TOLERANCE = 0.05


def feet_late(monkeypatch) -> None:
    """Every notification of a foot reaches the link ``LAG_HOST_S[foot]`` of host time late, in the order sent."""
    from monitor.link.ble import PairLink

    notify = PairLink._notify
    waiting = {foot: deque() for foot in LAG_HOST_S}

    def late(self, link, data):
        waiting[link.foot].append((self, link, data))
        asyncio.get_running_loop().call_later(LAG_HOST_S[link.foot], lambda: notify(*waiting[link.foot].popleft()))

    monkeypatch.setattr(PairLink, "_notify", late)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)


def initial_contacts_s(frames) -> np.ndarray:
    """Session s of a foot's initial contacts: its summed pressure rising through 30 % of its 10th-90th
    percentile span, at least 0.25 s after the one before. ``frames``: a foot's frames table."""
    t_s = frames["t_s"].to_numpy()
    total = frames[[c for c in frames.columns if c.endswith("_kpa")]].to_numpy().sum(axis=1)
    low, high = np.nanpercentile(total, 10), np.nanpercentile(total, 90)
    on = total > low + 0.3 * (high - low)
    contacts: list[float] = []
    for i in np.flatnonzero(on[1:] & ~on[:-1]) + 1:
        if not contacts or t_s[i] - contacts[-1] > 0.25:
            contacts.append(float(t_s[i]))
    return np.array(contacts)


def right_phase(session) -> float:
    """The median, over the left foot's strides, of the right foot's next initial contact after the left's, as
    a fraction of the stride."""
    left, right = initial_contacts_s(session.foot_frames("left")), initial_contacts_s(session.foot_frames("right"))
    phases = []
    for start, end in zip(left[:-1], left[1:]):
        inside = right[(right >= start) & (right < end)]
        if len(inside):
            phases.append((inside[0] - start) / (end - start))
    return float(np.median(phases))


def test_an_orphe_run_on_a_steadily_late_host_has_its_frames_where_sampled_and_its_feet_in_step(tmp_path,
                                                                                                monkeypatch, capsys):
    # had: each foot's clock took the least lag it saw for the insole's clock offset, 0.1 s of host time on the
    # left, 0.04 s on the right (3 s and 1.2 s of run at 30x): no data from the start to 0:03, the right foot
    # landing 0.94 of a stride after the left, not 0.50
    feet_late(monkeypatch)
    speed, duration_s = 30.0, 60.0
    code = main(["record", "--sim", "healthy-run", "--insole", "orphe", "--speed", f"{speed:g}",
                 "--duration", f"{duration_s:g}s", "--out", str(tmp_path), "--plain"])
    out = capsys.readouterr()
    assert code == 0, out
    assert "from the start" not in out.out + out.err, out
    session = load_session(next(tmp_path.iterdir()))
    for foot in ("left", "right"):
        t_s = session.foot_frames(foot)["t_s"].to_numpy()
        assert t_s[0] <= 0.1, (foot, t_s[0])
        # the insoles sample RIDE_END_MARGIN_S past the length; the foot heard sooner may run into it
        assert duration_s <= t_s[-1] <= duration_s + RIDE_END_MARGIN_S + grain_s(speed), (foot, t_s[-1])
    phase = right_phase(session)
    assert abs(phase - PHASE_RIGHT) <= PHASE_TOLERANCE, phase


@pytest.mark.timeout(60)
@pytest.mark.parametrize("time_of_day_ms, known", [(43_200_000, True), (86_400_000 - 5_000, False)])
async def test_an_orphe_insole_near_its_midnight_leaves_its_clock_to_the_link(time_of_day_ms, known) -> None:
    """Its stamp at time 0 as its decoder reads it (us, mod 2**32); none within ORPHE_FIRST_FRAME_MOST_MS of its
    midnight, where its decoder's days may start after it."""
    async with simulated_insoles("healthy-run", speed=30.0, seed=1, faults=[], insole="orphe",
                                 start_time_of_day_ms=time_of_day_ms) as sim:
        stamps = sim.stamps_at_start_us()
    assert stamps == ({foot: time_of_day_ms * 1000 % 2**32 for foot in ("left", "right")} if known else {})
