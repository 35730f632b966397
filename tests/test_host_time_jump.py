"""A raw log whose host time jumps ahead by minutes to hours between two records (a laptop suspended
mid-ride, a recorder stopped with Ctrl-Z and resumed, a paused virtual machine) is a real pause of the host,
not damage: the records are sound (their CRC-32 matches), so the log is read whole, nothing is skipped or
warned about, and the time the host heard nothing is a gap in gaps.csv with the frames after it at their
times (docs/session-format.md, "Host time that jumps ahead"). The insole's 16-bit seq and 32-bit microsecond counter
wrap in such a pause; after a silence of the host long enough for the seq to wrap, the device clock, unwrapped
by the host's, says where the packet lies (monitor.link.assembly.FootAssembler._accept)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from firmware_sim.firmware import Packetiser, encode_layout, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from firmware_sim.vendors import moticon as moticon_fw
from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.codebook import FEET
from monitor.link import moticon, ukaton
from monitor.link.assembly import SessionAssembler
from monitor.link.protocol import decode_layout
from monitor.link.records import RawRecord
from monitor.session.directory import load_session, read_info
from monitor.session.info import SessionInfo
from monitor.session.rawlog import KIND_NOTIFICATION, iter_raw_log
from monitor.session.writer import SessionWriter, new_session_dir

PERIOD_US = 10_000
#: Frames per foot before the pause and after it (100 Hz: 10 s each).
N_FRAMES = 1000


def _writer(path, layouts):
    info = SessionInfo(session_id=path.name, start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="sim", layouts=layouts, speed=1.0, label="t")
    writer = SessionWriter(path)
    writer.write_info(info)
    for foot in FEET:
        writer.event(0.0, {"event": "connected", "foot": foot, "address": f"sim:{foot}", "mtu": 247})
    return writer, info


def _solewatch_packets(writer, seed: int):
    """Both feet's 18-sensor packets of 8 frames at 100 Hz into ``writer``: (the packetisers by foot, which a
    caller may replace to move a foot's seq on; ``send(i, host_s, device_shift_s)``, the packet of frames
    ``i`` to ``i + 7`` arriving at ``host_s``, its device time shifted by ``device_shift_s``)."""
    rng = np.random.default_rng(seed)
    pk = {foot: Packetiser(18) for foot in FEET}

    def send(i, host_s, device_shift_s):
        for foot in FEET:
            kpa = np.round(rng.uniform(0, 300, size=(8, 18)) * 4) / 4
            t_us = (1_000_000 + i * PERIOD_US + int(device_shift_s * 1e6)) % (1 << 32)
            (data,) = pk[foot].packetise(t_us, PERIOD_US, kpa_to_raw(kpa, 250, 12), payload_limit=244)
            writer.notification(foot, host_s, data)

    return pk, send


def _solewatch_ride(out, pause_s: float, *, link_events: bool, device_pauses: bool = True):
    """An 18-sensor ride, 8 frames a packet: 10 s, a host pause of ``pause_s`` (the insoles' clocks ran on
    when ``device_pauses``, else the next packets are the very next ones, held back), 10 s.
    ``link_events``: the link dropped in the pause (disconnected, reconnected), and the insoles sent nothing
    while it was down (their seq carries on); else the link stayed up and they streamed on unheard (their
    seq advanced by the packets sent)."""
    path = new_session_dir(out, "pause")
    writer, info = _writer(path, {f: decode_layout(encode_layout(InsoleSpec(f))) for f in FEET})
    pk, send_at = _solewatch_packets(writer, seed=1)

    def send(i, host_shift_s, device_shift_s):  # arriving 1 ms after the end of its packet, shifted
        send_at(i, (i + 8) * 0.01 + 0.001 + host_shift_s, device_shift_s)

    for i in range(0, N_FRAMES, 8):
        send(i, 0.0, 0.0)
    if device_pauses and not link_events:
        for foot in FEET:  # the packets the insole sent while the host heard nothing
            pk[foot] = Packetiser(18, start_seq=pk[foot].next_seq + int(pause_s * 100 / 8))
    if link_events:
        for foot in FEET:
            writer.event(10.0 + pause_s, {"event": "disconnected", "foot": foot})
            writer.event(10.5 + pause_s, {"event": "reconnected", "foot": foot, "attempts": 1,
                                          "down_session_s": 0.5})
    for i in range(N_FRAMES, 2 * N_FRAMES, 8):
        send(i, pause_s, pause_s if device_pauses else 0.0)
    writer.close(info)
    return path


def _moticon_ride(out, pause_s: float, *, link_events: bool, held_back: int = 0):
    """A Moticon UDP stream (a datagram per 10-ms frame, its seq counted from its time mod 65536): 10 s, a
    host pause of ``pause_s`` while the app streams on unheard, 10 s. ``link_events``: the stream's silence
    check said the feet's halves stopped and came back (it runs on the host's clock, which may not have run
    in the pause: then no event). ``held_back``: the datagrams the OS's receive buffer kept from the start
    of the pause, delivered first when the host runs again (10 us apart), before the stream of then."""
    path = new_session_dir(out, "pause-moticon")
    writer, info = _writer(path, {f: moticon.layout(f) for f in FEET})
    rng = np.random.default_rng(2)

    def send(t_s, host_s):
        datagrams = moticon_fw.encode_datagrams(t_s, {f: rng.uniform(0, 30, (t_s.size, 16)) for f in FEET})
        for h, data in zip(host_s.tolist(), datagrams):
            for foot in FEET:
                writer.notification(foot, h, data)

    for t0 in (0.0, 10.0 + pause_s):
        if t0 and link_events:
            for foot in FEET:
                writer.event(t0, {"event": "disconnected", "foot": foot})
                writer.event(t0, {"event": "reconnected", "foot": foot, "attempts": 0, "down_session_s": 0.0})
        if t0 and held_back:
            send(10.0 + np.arange(held_back) * 0.01, t0 + np.arange(held_back) * 1e-5)
        t_s = t0 + np.arange(N_FRAMES) * 0.01
        send(t_s, t_s + 0.001 + (0.001 if t0 and held_back else 0.0))
    writer.close(info)
    return path


def _ukaton_ride(out, pause_s: float, *, link_events: bool = True, held_back: int = 0):
    """A Ukaton Mission ride at 50 Hz (a notification per 20-ms sample, its 16-bit ms timestamp the only
    counter; the decoder's seq counts sample intervals of it): 20 s, a host pause of ``pause_s`` (the
    insole's clock ran on), 20 s. ``link_events``: the link dropped in the pause and came back; else it
    stayed up and no event was logged. ``held_back``: the samples a buffer kept from the start of the
    pause, delivered first when the host runs again (10 us apart), before the stream of then."""
    path = new_session_dir(out, "pause-ukaton")
    writer, info = _writer(path, {f: ukaton.layout(f) for f in FEET})
    rng = np.random.default_rng(3)

    def send(t_s, host_s):
        for foot in FEET:
            counts = ukaton_fw.kpa_to_counts(rng.uniform(0, 300, 16))
            writer.notification(foot, host_s, ukaton_fw.encode_sensor_data(round(t_s * 1000), counts))

    for t0 in (0.0, 20.0 + pause_s):
        if t0 and link_events:
            for foot in FEET:
                writer.event(t0, {"event": "disconnected", "foot": foot})
                writer.event(t0, {"event": "reconnected", "foot": foot, "attempts": 1, "down_session_s": 0.5})
        for j in range(held_back if t0 else 0):
            send(20.0 + j * 0.02, t0 + j * 1e-5)
        for i in range(N_FRAMES):
            t_s = t0 + i * 0.02
            send(t_s, t_s + 0.001 + (0.001 if t0 and held_back else 0.0))
    writer.close(info)
    return path


def _load(path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RawLogDamaged warning fails the test
        return load_session(path)


def _assert_one_gap_per_foot(s, pause_s, reason, sent_unheard, period_s=0.01):
    assert s.damaged_spans == ()
    assert sorted(s.gaps["foot"].astype(str)) == ["left", "right"], s.gaps
    for foot in FEET:
        frames = s.foot_frames(foot)
        received = frames[~np.isnan(frames.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]
        assert len(received) == 2 * N_FRAMES  # every frame recorded is in the table
        t = received["t_s"].to_numpy()
        step = np.diff(t)
        big = np.flatnonzero(step > 1.0)
        assert big.tolist() == [N_FRAMES - 1]  # one jump, at the pause
        assert step[big[0]] == pytest.approx(pause_s + period_s, abs=0.05)
        (gap,) = s.gaps[s.gaps["foot"].astype(str) == foot].itertuples()
        assert gap.reason == reason and not gap.filled
        assert gap.start_s == pytest.approx(t[N_FRAMES - 1] + period_s, abs=0.02)
        assert gap.end_s == pytest.approx(t[N_FRAMES], abs=0.02)
        assert gap.frames_missing == pytest.approx(pause_s / period_s, abs=2)
        c = s.counters[foot]
        lost = c["packets_missed_link_down"] if reason == "link down" else c["packets_lost"]
        if sent_unheard is not None:
            assert lost == pytest.approx(sent_unheard, abs=1)
        assert c["frames_late"] == 0 and c["packets_late"] == 0


# 2400 s: past half the device clock's range (35.8 min), short of half the seq's (43.7 min)
@pytest.mark.parametrize("pause_s", [600.0, 2400.0, 3600.0, 3 * 3600.0])
@pytest.mark.parametrize("link_events", [True, False], ids=["link-dropped", "link-up"])
def test_a_host_paused_mid_ride_is_a_gap_not_damage(tmp_path, pause_s, link_events):
    """Every packet after the pause is at its time. Before, after a pause of 40 min with the link up, the
    seq said how many packets were missed but the device clock, 40 min on, read as 31.6 min behind: every
    frame after the pause was dropped as late."""
    s = _load(_solewatch_ride(tmp_path, pause_s, link_events=link_events))
    if link_events:  # the insoles sent nothing while the link was down
        _assert_one_gap_per_foot(s, pause_s, "link down", 0)
    else:
        _assert_one_gap_per_foot(s, pause_s, "packets lost", pause_s * 100 / 8)


@pytest.mark.parametrize("pause_s", [400.0, 3600.0])  # the seq reads 40,000 behind after 400 s (mod 65536)
@pytest.mark.parametrize("link_events", [True, False], ids=["link-dropped", "link-up"])
def test_a_host_paused_mid_moticon_stream_is_a_gap_not_damage(tmp_path, pause_s, link_events):
    """The datagrams the app sent in the pause are counted in full, the link down or up: the stream's seq
    counts time and ran on, so after a silence in which it could wrap they are counted from the device
    time (an hour's 360,000 were counted mod 65536, 32,320, with the link down)."""
    s = _load(_moticon_ride(tmp_path, pause_s, link_events=link_events))
    _assert_one_gap_per_foot(s, pause_s, "link down" if link_events else "packets lost", pause_s * 100)


@pytest.mark.parametrize("pause_s", [1800.0, 3600.0])  # 90,000 intervals read as 24,464 (mod 65536)
def test_a_host_paused_mid_ukaton_ride_with_the_link_down_counts_every_sample_missed(tmp_path, pause_s):
    """The Ukaton insole has no packet counter: its seq counts 20-ms intervals of its clock, which ran on
    with the link down, so after a silence in which that seq could wrap (10.9 min) the samples missed are
    counted from the device time, as the Moticon stream's (half an hour's 90,000 were counted mod 65536,
    24,464)."""
    s = _load(_ukaton_ride(tmp_path, pause_s))
    _assert_one_gap_per_foot(s, pause_s, "link down", pause_s * 50, period_s=0.02)


@pytest.mark.parametrize("held", [0, 100])
@pytest.mark.parametrize("pause_s", [100.0, 1800.0])
def test_a_host_paused_mid_ukaton_ride_with_the_link_up_places_the_samples_after_it_by_time(tmp_path, pause_s, held):
    """A Ukaton foot after a host pause with the link up (no link event: a recorder stopped with Ctrl-Z):
    its 16-bit millisecond timestamp (65.5 s) wrapped unseen in the pause, and the host's clock says how
    often, as it does after a link drop; the samples a buffer held back from the pause's start, delivered
    first (the next timestamp each), continue the stream, and the wraps of the sample after them are
    counted from where their frames lie. Every sample is at its time, none dropped as late, and the gap
    counts the samples never heard. Before, the decoder added no wraps with the link up: after 100 s every
    sample after the pause read as behind and was dropped as late; after 30 min the gap was 30.5 s and the
    frames after it 29 min early."""
    s = _load(_ukaton_ride(tmp_path, pause_s, link_events=False, held_back=held))
    assert s.damaged_spans == ()
    for foot in FEET:
        frames = s.foot_frames(foot)
        t = frames[~np.isnan(frames.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]["t_s"].to_numpy()
        assert len(t) == 2 * N_FRAMES + held  # every sample recorded is in the table
        want = np.concatenate([np.arange(N_FRAMES + held) * 0.02 + 0.001,
                               20.0 + pause_s + np.arange(N_FRAMES) * 0.02 + 0.001 + (0.001 if held else 0.0)])
        assert np.abs(t - want).max() < 0.002
        (gap,) = s.gaps[s.gaps["foot"].astype(str) == foot].itertuples()
        assert (gap.reason, gap.filled) == ("packets lost", False)
        assert gap.frames_missing == gap.packets_lost == pause_s * 50 - held
        c = s.counters[foot]
        assert c["packets_lost"] == pause_s * 50 - held and c["packets_missed_link_down"] == 0
        assert c["frames_late"] == c["packets_late"] == c["packets_duplicate"] == 0


@pytest.mark.parametrize("pause_s", [5 * 65.536, 10 * 65.536])
def test_a_ukaton_sample_that_only_reads_as_held_back_costs_that_sample(tmp_path, pause_s):
    """A pause of a whole number of 327.68-s turns (5 wraps of the 65.5-s stamp, 16,384 intervals of
    20 ms), no sample held back: the first sample after it carries the very next stamp, and the stamp alone
    cannot tell it from one held back; it is placed on from the stream as one. The next arrives at the
    stream's pace, not as a buffer delivers: the stream of then, its wraps counted from the host's clock.
    One sample is misplaced (20 ms after the last before the pause), every other at its time. Before,
    the stream after the pause continued the one before it, the whole pause gone from the timeline."""
    s = _load(_ukaton_ride(tmp_path, pause_s, link_events=False))
    for foot in FEET:
        frames = s.foot_frames(foot)
        t = frames[~np.isnan(frames.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]["t_s"].to_numpy()
        want = np.concatenate([np.arange(N_FRAMES + 1) * 0.02 + 0.001,
                               20.0 + pause_s + np.arange(1, N_FRAMES) * 0.02 + 0.001])
        assert len(t) == 2 * N_FRAMES and np.abs(t - want).max() < 0.002
        (gap,) = s.gaps[s.gaps["foot"].astype(str) == foot].itertuples()
        assert gap.frames_missing == round(pause_s * 50)
        assert s.counters[foot]["frames_late"] == 0


@pytest.mark.parametrize("pause_s", [100.0, 1800.0])
def test_ukaton_samples_held_back_through_a_link_drop_continue_the_stream(tmp_path, pause_s):
    """As above, the link dropped in the pause and logged before the held-back samples: they continue the
    stream (the next timestamp, not wraps the host's clock could add), and the gap after them is the
    link's."""
    held = 100
    s = _load(_ukaton_ride(tmp_path, pause_s, held_back=held))
    for foot in FEET:
        frames = s.foot_frames(foot)
        t = frames[~np.isnan(frames.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]["t_s"].to_numpy()
        want = np.concatenate([np.arange(N_FRAMES + held) * 0.02 + 0.001,
                               20.0 + pause_s + np.arange(N_FRAMES) * 0.02 + 0.002])
        assert len(t) == len(want) and np.abs(t - want).max() < 0.002
        (gap,) = s.gaps[s.gaps["foot"].astype(str) == foot].itertuples()
        assert gap.reason == "link down" and gap.frames_missing == pause_s * 50 - held
        c = s.counters[foot]
        assert c["packets_missed_link_down"] == pause_s * 50 - held and c["packets_lost"] == 0
        assert c["frames_late"] == c["packets_late"] == 0


@pytest.mark.parametrize("pause_s", [400.0, 3600.0])
@pytest.mark.parametrize("link_events", [True, False], ids=["link-dropped", "link-up"])
def test_moticon_datagrams_held_back_through_a_host_pause_continue_the_stream(tmp_path, pause_s, link_events):
    """The OS kept the first 200 datagrams of the pause and delivered them first when the host ran again,
    then the stream of then, its seq wrapped. The held-back ones continue the stream (not an app that
    restarted: they arrived an hour late but carry on its seq and time), and the silence the host had is
    measured to the newest frame's time, not to their arrival: the datagrams after them are placed by
    device time, none dropped as late, and the gap between counts the frames and datagrams never heard,
    the link's where it dropped in the pause. Before, every datagram after them was dropped as late (seq
    read as behind, or, link events before them, the held-back ones taken for a restarted app, the frames
    an hour off); then, the held-back ones used up the link down, and the gap after them read "packets
    lost". Their arrivals, an hour late, say nothing of the app's clock and stay out of the clock's fit:
    the frames after the pause lie at their time (the first datagram's latency, 2 ms, is the session's
    offset from then on), where they lay 0.24 s (400 s) or 2.13 s (an hour) late, the late arrivals taken
    for drift, steered back at 0.5 %."""
    held = 200
    s = _load(_moticon_ride(tmp_path, pause_s, link_events=link_events, held_back=held))
    assert s.damaged_spans == ()
    for foot in FEET:
        frames = s.foot_frames(foot)
        received = frames[~np.isnan(frames.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]
        assert len(received) == 2 * N_FRAMES + held  # every datagram recorded is in the table
        t = received["t_s"].to_numpy()
        step = np.diff(t)
        assert np.flatnonzero(step > 1.0).tolist() == [N_FRAMES + held - 1]  # one jump, after the held-back
        # each frame at its device time plus the arrivals' least latency: 1 ms before the pause, 2 ms after
        want = np.concatenate([np.arange(N_FRAMES + held) * 0.01 + 0.001,
                               10.0 + pause_s + np.arange(N_FRAMES) * 0.01 + 0.002])
        assert np.abs(t - want).max() < 0.002
        (gap,) = s.gaps[s.gaps["foot"].astype(str) == foot].itertuples()
        reason = "link down" if link_events else "packets lost"
        assert (gap.reason, gap.filled) == (reason, False)
        assert gap.start_s == pytest.approx(t[N_FRAMES + held - 1] + 0.01, abs=0.02)
        assert gap.frames_missing == gap.packets_lost == pause_s * 100 - held
        c = s.counters[foot]
        lost, other = ("packets_missed_link_down", "packets_lost")[::1 if link_events else -1]
        assert c[lost] == pause_s * 100 - held and c[other] == 0
        assert c["frames_late"] == c["packets_late"] == c["packets_duplicate"] == 0


@pytest.mark.parametrize("speed", [30.0, 100.0])
def test_moticon_datagrams_a_buffer_drains_slower_than_their_pace_at_speed_stay_held_back(speed):
    """At a high --speed a buffer hands over what it kept through an hour's host pause slower than the
    stream's own pace (0.38 ms apart, measured at 30x, where a 10-ms frame takes 0.33 ms): the held-back
    datagrams stay held back, out of the clock's fit (monitor.link.clock HELD_BURST_HOST_S), and the frames
    after the pause lie at their device time plus the arrivals' latency (1 ms of host time: 30 ms at 30x),
    live and rebuilt alike. Before, the burst broke at its second datagram and the other 198, an hour late,
    entered the fit as drift: the frames after the pause lay 2.2 s late."""
    rng = np.random.default_rng(5)
    records, n, held, pause_s, latency_host_s, drain_host_s = [], 3000, 200, 3600.0, 0.001, 0.00038

    def send(t_s, host_s):
        datagrams = moticon_fw.encode_datagrams(t_s, {f: rng.uniform(0, 30, (t_s.size, 16)) for f in FEET})
        for h, data in zip(host_s.tolist(), datagrams):
            records.extend(RawRecord(KIND_NOTIFICATION, foot, h, data) for foot in FEET)

    t_s = np.arange(n) * 0.01
    send(t_s, t_s / speed + latency_host_s)
    resume_s = (n * 0.01 + pause_s) / speed + latency_host_s  # the host runs again
    send(n * 0.01 + np.arange(held) * 0.01, resume_s + np.arange(held) * drain_host_s)
    t_s = n * 0.01 + pause_s + np.arange(n) * 0.01
    send(t_s, np.maximum(t_s / speed + latency_host_s, resume_s + held * drain_host_s))
    layouts = {f: moticon.layout(f) for f in FEET}
    live = SessionAssembler(layouts, speed=speed)
    blocks = [b for r in records for b in live.notification(r.foot, r.host_s, r.payload)]
    rebuilt = SessionAssembler(layouts, speed=speed)
    assert [b.t_s.tobytes() for _, got, _ in rebuilt.feed_records(records, chunk=500) for b in got] == \
        [b.t_s.tobytes() for b in blocks]
    for foot in FEET:
        t = np.concatenate([b.t_s for b in blocks if b.foot == foot])
        want = np.concatenate([np.arange(n + held), n + pause_s * 100 + np.arange(n)]) * 0.01
        off = t - want - latency_host_s * speed
        assert np.abs(off).max() < 0.05, (off[:n + held].max(), off[n + held:].min(), off[n + held:].max())
        c = live.counters()[foot]
        assert c["packets_lost"] == pause_s * 100 - held and c["frames_late"] == 0


@pytest.mark.parametrize("ride", [_moticon_ride, _ukaton_ride], ids=["moticon", "ukaton"])
@pytest.mark.parametrize("link_events", [True, False], ids=["link-dropped", "link-up"])
def test_datagrams_held_back_give_the_same_bits_live_and_rebuilt(tmp_path, link_events, ride):
    """The live path (a record at a time) and a rebuild (records many at once, in chunks of any size) tell
    the held-back datagrams (Moticon) or samples (Ukaton, whose decoder places them) alike: the same frame
    times to the bit, counters and gaps."""
    path = ride(tmp_path, 3600.0, link_events=link_events, held_back=200)
    layouts = read_info(path).layouts
    records = list(iter_raw_log(path / "raw.swlog"))

    def live():
        asm = SessionAssembler(layouts)
        blocks = []
        for rec in records:
            if rec.kind == KIND_NOTIFICATION:
                blocks.extend(asm.notification(rec.foot, rec.host_s, rec.payload))
            else:
                asm.event(rec.event)
        return asm, blocks + asm.finish()

    def rebuilt(chunk):
        asm = SessionAssembler(layouts)
        blocks = [b for _, got, _ in asm.feed_records(records, chunk=chunk) for b in got]
        return asm, blocks + asm.finish()

    want_asm, want = live()
    assert {g.reason for g in want_asm.gaps()} == {"link down" if link_events else "packets lost"}
    for chunk in (7, 200, 2048):
        asm, got = rebuilt(chunk)
        assert [(b.foot, b.t_s.tobytes()) for b in got] == [(b.foot, b.t_s.tobytes()) for b in want]
        assert asm.counters() == want_asm.counters() and asm.gaps() == want_asm.gaps()
        assert {f: a.clock.drift_ppm for f, a in asm.feet.items()} == \
            {f: a.clock.drift_ppm for f, a in want_asm.feet.items()}


@pytest.mark.parametrize("pause_s", [600.0, 5000.0])  # 5000 s: past the device clock's wrap (71.6 min)
def test_packets_held_back_before_a_link_drop_do_not_make_the_insole_look_restarted(tmp_path, pause_s):
    """A Solewatch insole's first 25 packets of a host pause, held in a buffer, delivered when the host runs
    again, before the link drop is logged; then the stream after the reconnect (nothing sent while down:
    its seq carries on, its clock ran on). Where the stream is, is where the held-back packets' frames lie,
    not their arrival: the packets after the drop are placed by device time, a "link down" gap of the
    pause, its wraps counted from there. Before, measured from the held-back arrival, their device time lay
    the whole pause ahead of where the host's clock put it: taken for an insole that restarted, its frames
    placed on at their arrival, 2 s after the held-back ones, no pause in the timeline."""
    held = 25
    path = new_session_dir(tmp_path, "held-sw")
    writer, info = _writer(path, {f: decode_layout(encode_layout(InsoleSpec(f))) for f in FEET})
    _, send = _solewatch_packets(writer, seed=4)

    for i in range(0, N_FRAMES, 8):
        send(i, (i + 8) * 0.01 + 0.001, 0.0)
    for j in range(held):
        send(N_FRAMES + 8 * j, 10.0 + pause_s + j * 1e-5, 0.0)
    for foot in FEET:
        writer.event(10.0 + pause_s, {"event": "disconnected", "foot": foot})
        writer.event(10.5 + pause_s, {"event": "reconnected", "foot": foot, "attempts": 1, "down_session_s": 0.5})
    after = N_FRAMES + 8 * held
    for i in range(after, after + N_FRAMES, 8):
        send(i, (i + 8) * 0.01 + 0.001 + pause_s, pause_s)
    writer.close(info)
    s = _load(path)
    for foot in FEET:
        frames = s.foot_frames(foot)
        t = frames[~np.isnan(frames.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]["t_s"].to_numpy()
        assert len(t) == after + N_FRAMES
        want = np.concatenate([np.arange(after) * 0.01, pause_s + np.arange(after, after + N_FRAMES) * 0.01])
        assert np.abs(t - 0.011 - want).max() < 0.002  # arrivals 1 ms after the end of their packet
        (gap,) = s.gaps[s.gaps["foot"].astype(str) == foot].itertuples()
        assert gap.reason == "link down" and gap.frames_missing == pytest.approx(pause_s * 100, abs=1)
        c = s.counters[foot]
        assert c["packets_missed_link_down"] == c["packets_lost"] == c["frames_late"] == 0


def test_packets_held_back_through_a_host_pause_are_contiguous(tmp_path):
    """The host's clock jumped but the insole's did not (its next packets, delivered after the pause): nothing
    is missing, no gap; the frames carry on at the device's spacing."""
    s = _load(_solewatch_ride(tmp_path, 3 * 3600.0, link_events=False, device_pauses=False))
    assert s.damaged_spans == () and s.gaps.empty
    for foot in FEET:
        t = s.foot_frames(foot)["t_s"].to_numpy()
        assert len(t) == 2 * N_FRAMES and np.diff(t).max() < 0.02
