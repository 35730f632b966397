"""A Ukaton insole whose firmware loop stalls for 10 ms or more can shift the phase of its stamps on the
interval grid: its loop tests the previous 10-ms tick for the interval and stamps the notification with
the new tick (ukaton-mission-firmware ``src/sensor/sensorData.cpp`` ``updateData`` and
``src/ble/bleSensorData.cpp``), so at 20 ms the stamps run ... 970, 1000, 1010, 1030 ..., one sample each.

Had: ``seq`` counted from the first stamp gave 1000 and 1010 the same interval: 100 notifications sent, 99
frames kept, one counted lost and one duplicate.
"""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.link import ukaton
from monitor.link.assembly import FootAssembler


def firmware_stamps(loop_ms: list[int], interval_ms: int = 20) -> list[tuple[int, int]]:
    """(send time, stamp) in ms of each notification the firmware sends with its loop run at ``loop_ms``:
    ``sensorData::loop`` (every 10 ms: ``updateData`` takes a sample if the tick it leaves is on the
    interval, then the tick moves to the 10 ms the time is in) and ``bleSensorData::loop`` (a new tick with
    a sample: notified, stamped with that tick); transcribed from ukaton-mission-firmware."""
    tick = sent_tick = 0
    has_sample = False
    out = []
    for t in loop_ms:
        if t >= tick + 10:
            has_sample = tick % interval_ms == 0
            tick = t - t % 10
        if tick != sent_tick and has_sample:
            out.append((t, tick))
            sent_tick = tick
    return out


def _assemble(stamps: list[tuple[int, int]], interval_ms: int = 20) -> dict:
    fa = FootAssembler("left", ukaton.layout("left", 1000 // interval_ms))
    counts = np.full(16, 400)
    for t_ms, stamp in stamps:
        fa.feed(t_ms / 1000, ukaton_fw.encode_sensor_data(stamp % 65536, counts))
    fa.flush()
    return fa.counters.as_dict()


@pytest.mark.parametrize("stall_ms", [(981, 1005), (1001, 1025)])
def test_a_phase_shift_of_the_stamps_is_neither_a_duplicate_nor_a_loss(stall_ms) -> None:
    start, end = stall_ms
    stamps = firmware_stamps(list(range(0, start)) + list(range(end, 2000)))
    assert len(stamps) == 100
    counters = _assemble(stamps)
    assert (counters["frames_received"], counters["packets_lost"], counters["packets_duplicate"]) == (100, 0, 0)


def test_the_stamps_around_a_phase_shift_get_successive_seqs() -> None:
    stamps = firmware_stamps(list(range(0, 981)) + list(range(1005, 1200)))
    assert [s for _, s in stamps if 950 <= s <= 1050] == [950, 970, 1000, 1010, 1030, 1050]
    rows = ukaton.UkatonRows(0.25, rate_hz=50)
    counts = np.zeros(16, dtype=np.uint16)
    seqs = [rows.rows(t / 1000, ukaton_fw.encode_sensor_data(s, counts)).seq for t, s in stamps]
    assert seqs == list(range(len(stamps)))


@pytest.mark.parametrize("interval_ms", [20, 10])
def test_no_stall_of_the_loop_makes_a_duplicate_or_more_losses_than_it_lasted(interval_ms) -> None:
    """Stalls of 1 to 80 ms starting anywhere in 40 ms: every notification is kept as a frame, none is a
    duplicate, and no more are counted lost than intervals the stall spans."""
    for start in range(960, 1000):
        for length in range(1, 81):
            stamps = firmware_stamps(list(range(900, start)) + list(range(start + length, start + length + 100)),
                                     interval_ms)
            counters = _assemble(stamps, interval_ms)
            where = (start, length, counters)
            assert counters["frames_received"] == len(stamps) and counters["packets_duplicate"] == 0, where
            assert counters["packets_lost"] <= -(-length // interval_ms), where


def test_intervals_round_a_half_towards_zero_and_count_any_other_stamp() -> None:
    assert [ukaton.intervals(d, 20) for d in (0, 10, 20, 30, 40, 50, 60)] == [0, 1, 1, 1, 2, 2, 3]
    assert [ukaton.intervals(-d, 20) for d in (10, 20, 30, 40)] == [-1, -1, -1, -2]


def test_a_notification_lost_across_a_phase_shift_is_one_frame_missing() -> None:
    # the stamps 930, 950, 980 (the loop stalled from 961 ms for 19): 950 lost leaves a 50-ms step, one interval
    # lost by the seq; had: the time grid's 2 frames missing (50 ms less the 20 of 930's frame, 1.5 rounded to
    # even) against 1 notification lost
    stamps = firmware_stamps(list(range(900, 961)) + list(range(980, 1200)))
    assert [s for _, s in stamps[2:5]] == [930, 950, 980]
    counters = _assemble(stamps[:3] + stamps[4:])
    assert (counters["packets_lost"], counters["frames_missing"]) == (1, 1), counters


@pytest.mark.parametrize("interval_ms", [20, 10])
def test_a_notification_lost_near_any_stall_is_as_many_frames_missing_as_packets_lost(interval_ms) -> None:
    for start in range(960, 1000, 3):
        for length in range(1, 61, 2):
            stamps = firmware_stamps(list(range(900, start)) + list(range(start + length, start + length + 100)),
                                     interval_ms)
            for lost in range(2, 7):
                counters = _assemble(stamps[:lost] + stamps[lost + 1:], interval_ms)
                where = (start, length, lost, counters)
                assert counters["frames_received"] == len(stamps) - 1, where
                assert counters["frames_missing"] == counters["packets_lost"], where
