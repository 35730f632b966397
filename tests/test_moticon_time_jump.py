"""A Moticon stream datagram whose time jumps away from the stream's (a bad time: 100 s ahead, 1e12 s, back to
0) is out of time for each foot (``packets_out_of_time``, not corrupt) and moves neither the stream's sequence
nor its clock: the datagrams after it are read as ever, nothing is lost or late (monitor.link.moticon.MoticonRows).
A jump that the datagrams after it
continue from is the app's time really jumping: a pause the host's clock saw pass is a gap outright; one it
did not see is a gap once the next datagram confirms it (the first after the jump out of time); the app's
time restarting (back to 0, then on from there) goes on from where the host's clock puts it.

Had: one datagram dated 100 s ahead made a 25-s live session 1:44 long, counted 7,982 datagrams lost, and threw
away the 20 s of good data after it as late; one dated 1e12 s made the left insole silent to the end.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from test_host_time_jump import _writer

from firmware_sim.vendors import moticon as moticon_fw
from monitor.codebook import FEET
from monitor.link import moticon
from monitor.link.assembly import SessionAssembler
from monitor.session.directory import load_session
from monitor.session.writer import new_session_dir

RATE_HZ = 100
#: Host seconds a datagram arrives after its time.
LATENCY_S = 0.001


def _datagram(t_s: float) -> bytes:
    rng = np.random.default_rng(int(abs(t_s) * 1000) % (1 << 32))
    return moticon_fw.encode_datagrams(np.array([t_s]), {f: rng.uniform(1, 30, (1, 16)) for f in FEET})[0]


def _stream(seconds: float, extra: dict[int, list[float]] | None = None, t0_s: float = 0.0,
            host0_s: float = 0.0) -> list[tuple[float, bytes]]:
    """(host s, datagram) of a 100-Hz stream from time ``t0_s`` arriving from ``host0_s``; ``extra``: after
    the good datagram ``i``, datagrams of these times, arriving with it."""
    out = []
    for i in range(int(round(seconds * RATE_HZ))):
        t = t0_s + i / RATE_HZ
        host = host0_s + i / RATE_HZ + LATENCY_S
        out.append((host, _datagram(t)))
        for bad_t in (extra or {}).get(i, []):
            out.append((host, _datagram(bad_t)))
    return out


def _assemble(datagrams):
    asm = SessionAssembler({f: moticon.layout(f) for f in FEET}, keep_late=True)
    t = {f: [] for f in FEET}
    for host, data in datagrams:
        for foot in FEET:
            for block in asm.notification(foot, host, data):
                if not np.isnan(block.pressure_kpa).all():
                    t[foot].extend(block.t_s.tolist())
    return asm, {f: np.array(v) for f, v in t.items()}


@pytest.mark.parametrize("bad_t", [105.0, 1e12, 1e300 / 1e290, 0.0, -50.0, 3.5, 6.5])
def test_one_datagram_out_of_time_is_corrupt_and_the_stream_goes_on(bad_t):
    """At 5 s of a 20-s stream, one extra datagram of an ordinary frame dated ``bad_t`` s (the stream is at
    5 s): out of time for each foot; every good frame is kept at its time, no gap, nothing lost or late."""
    asm, t = _assemble(_stream(20.0, {500: [bad_t]}))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_lost, c.packets_late, c.frames_late,
                c.frames_missing) == (1, 0, 0, 0, 0, 0)
        assert c.frames_received == 2000
        assert t[foot].size == 2000 and np.diff(t[foot]).max() < 0.015 and t[foot][-1] == pytest.approx(19.99, abs=0.01)
    assert asm.gaps() == []


def test_a_run_of_datagrams_out_of_time_each_unlike_the_last_are_all_out_of_time():
    asm, t = _assemble(_stream(20.0, {500: [105.0, 0.0, 1e12], 800: [300.0], 801: [2.0]}))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_lost, c.packets_late) == (5, 0, 0, 0)
        assert t[foot].size == 2000
    assert asm.gaps() == []


def test_a_pause_the_host_saw_pass_is_a_gap_not_corrupt():
    """The app pauses for 30 s and resumes with times 30 s on: a gap of the datagrams it never sent."""
    asm, t = _assemble(_stream(10.0) + _stream(10.0, t0_s=40.0, host0_s=40.0))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late) == (0, 0, 0)
        assert c.packets_lost == c.frames_missing == 3000
        assert t[foot].size == 2000 and t[foot][-1] == pytest.approx(49.99 + LATENCY_S, abs=0.01)
    assert [g.reason for g in asm.gaps()] == ["packets lost"] * 2


def test_a_jump_ahead_the_next_datagrams_continue_from_is_a_gap():
    """The app's time jumps 100 s ahead in a moment of the host's and goes on from there: the first datagram
    of the jump is out of time until the next confirms it; then the stream goes on at the new times, a gap."""
    asm, t = _assemble(_stream(10.0) + _stream(10.0, t0_s=110.0, host0_s=10.0))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late, c.frames_late) == (1, 0, 0, 0)
        assert c.frames_received == 1999 and t[foot].size == 1999
        assert c.frames_missing == 10_001 and c.packets_lost == 10_000
        assert np.diff(t[foot]).max() > 99.0
    assert [g.reason for g in asm.gaps()] == ["packets lost"] * 2


def test_the_apps_time_restarting_goes_on_where_the_hosts_clock_puts_it():
    """The app's time goes back to 0 and on from there (its recording restarted): after the first datagram
    (out of time until the next confirms the jump), every frame is kept, 10 ms apart, none late."""
    asm, t = _assemble(_stream(10.0, t0_s=50.0) + _stream(10.0, host0_s=10.0))
    for foot in FEET:
        c = asm.feet[foot].counters
        assert (c.packets_out_of_time, c.packets_corrupt, c.packets_late, c.frames_late) == (1, 0, 0, 0)
        assert c.frames_received == 1999 and t[foot].size == 1999
        assert np.diff(t[foot]).min() > 0.005 and np.diff(t[foot]).max() < 0.025
        assert t[foot][-1] == pytest.approx(19.99, abs=0.02)


def recorded_session(folder, name: str, datagrams):
    """``datagrams`` ((host s, bytes) pairs) written to both feet's raw log of a new session ``name`` under
    ``folder``, and the session read back from it (the reader's rebuild), with no warning allowed."""
    path = new_session_dir(folder, name)
    writer, info = _writer(path, {f: moticon.layout(f) for f in FEET})
    for host, data in datagrams:
        for foot in FEET:
            writer.notification(foot, host, data)
    writer.close(info)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return load_session(path)


def test_a_recorded_session_with_a_datagram_out_of_time_reads_whole(tmp_path):
    """Through the raw log (the reader's rebuild, many records at once): the same counts and frames."""
    s = recorded_session(tmp_path, "moticon-jump", _stream(20.0, {500: [105.0], 900: [1e12]}))
    assert len(s.gaps) == 0
    for foot in FEET:
        c = s.counters[foot]
        assert (c["packets_out_of_time"], c["packets_corrupt"], c["packets_lost"], c["packets_late"]) == (2, 0, 0, 0)
        frames = s.foot_frames(foot)
        assert len(frames) == 2000 and frames["t_s"].max() < 20.1
