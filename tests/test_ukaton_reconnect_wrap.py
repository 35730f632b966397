"""The first Ukaton stamp after the link went down takes the wrap count (of the 16-bit ms stamp, 65.536 s)
whose device time is nearest the host's elapsed time x speed (monitor.link.ukaton.UkatonRows): right while
the two differ by less than half a wrap (32.768 s), a real insole at 1x and a simulation at 20x on a busy
host whose clock lags the device's alike.

Had: at 20x, a drop over which the device's time moved 45.08 s (a link down 15 s and 30 s to find and
connect the insole again) while the host's elapsed time x speed said 28.6 s read every stamp as one wrap
behind (delta >= half a wrap and no silence of 32.8 s) until the host's time crossed 32.8 s: 120 samples
late, placed before the drop over rows that held data, and discarded.
"""

from __future__ import annotations

import numpy as np
import pytest

from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.link import ukaton
from monitor.link.assembly import FootAssembler

INTERVAL_MS = 20
#: Samples before the drop, and after it.
BEFORE, AFTER = 500, 200
#: The device's time over the drop in the run this reproduces: 15 s down, then 30.08 s to reconnect (ms).
DROP_DEVICE_MS = 45_080
COUNTS = np.full(16, 400)


def _ride(speed: float, host_lag_ms: float, drop_ms: int = DROP_DEVICE_MS, stamp0_ms: int = 1000,
          late_before_ms: float = 0.0):
    """(decoder rows, assembler) of a 50-Hz stream: ``BEFORE`` samples from ``stamp0_ms``, the link down
    (a ``disconnected`` event) while the device's time moves ``drop_ms``, then ``AFTER`` samples; the host
    hears the first after the drop ``host_lag_ms`` (device ms) sooner than the device's time says (negative:
    later), each at the stream's pace x ``speed``. ``late_before_ms``: the host, busy, hears the last 100
    samples before the drop later and later, the last that late (device ms), and the first after it on time."""
    dec = ukaton.UkatonRows(0.25, rate_hz=1000 // INTERVAL_MS, speed=speed)
    fa = FootAssembler("left", ukaton.layout("left", 1000 // INTERVAL_MS), speed=speed, keep_late=True)
    out = []
    stamps = [stamp0_ms + i * INTERVAL_MS for i in range(BEFORE)]
    hosts = [(i * INTERVAL_MS + 2) / 1000 / speed for i in range(BEFORE)]
    after0_s = hosts[-1] + (drop_ms - host_lag_ms) / 1000 / speed
    for k in range(100):
        hosts[BEFORE - 100 + k] += late_before_ms * (k + 1) / 100 / 1000 / speed
    stamps += [stamps[-1] + drop_ms + i * INTERVAL_MS for i in range(AFTER)]
    hosts += [after0_s + i * INTERVAL_MS / 1000 / speed for i in range(AFTER)]
    for i, (stamp, host_s) in enumerate(zip(stamps, hosts)):
        if i == BEFORE:
            dec.note_link_down()
            fa.note_link_down(host_s)
        payload = ukaton_fw.encode_sensor_data(stamp % 65536, COUNTS)
        out.append(dec.rows(host_s, payload))
        fa.feed_rows(host_s, out[-1])
    fa.flush()
    return out, fa


@pytest.mark.parametrize("speed, host_lag_ms", [
    (20, 16_500),  # the run's figure: 28.6 s of host time x 20 for 45.08 s of device time
    (20, 12_500),  # host 32.58 s, just under half a wrap
    (20, 30_000),
    (20, 0),
    (20, -12_000),
    (1, 300),
    (1, -300),
])
def test_the_first_stamp_after_a_drop_takes_the_wraps_nearest_the_host_time(speed, host_lag_ms):
    rows, fa = _ride(speed, host_lag_ms)
    t_ms = np.array([r.t_us / 1000 for r in rows])
    want_ms = np.r_[1000 + np.arange(BEFORE) * INTERVAL_MS,
                    1000 + (BEFORE - 1) * INTERVAL_MS + DROP_DEVICE_MS + np.arange(AFTER) * INTERVAL_MS]
    assert t_ms[BEFORE] - t_ms[BEFORE - 1] == DROP_DEVICE_MS
    np.testing.assert_array_equal(t_ms, want_ms)
    seq = np.array([r.seq for r in rows])
    assert seq[BEFORE] - seq[BEFORE - 1] == round(DROP_DEVICE_MS / INTERVAL_MS)
    c = fa.counters
    assert (c.packets_late, c.packets_out_of_time, c.frames_received) == (0, 0, BEFORE + AFTER)
    assert c.frames_missing == round(DROP_DEVICE_MS / INTERVAL_MS) - 1


@pytest.mark.parametrize("host_lag_ms", [32_000, -32_000])
def test_within_half_a_wrap_of_the_host_time_the_drop_is_placed_right(host_lag_ms):
    """The tolerance: the host's elapsed time x speed within +-32.768 s of the device's."""
    rows, _ = _ride(20, host_lag_ms)
    assert rows[BEFORE].t_us - rows[BEFORE - 1].t_us == DROP_DEVICE_MS * 1000


def test_a_stamp_behind_the_last_after_a_drop_is_late():
    """After the link went down, a stamp the host's time puts behind the last (a sample of before the drop
    heard after it) moves nothing; the next one, on from the last, is read as such."""
    dec = ukaton.UkatonRows(0.25, rate_hz=1000 // INTERVAL_MS, speed=1)
    for i in range(10):
        dec.rows(i * 0.02, ukaton_fw.encode_sensor_data(1000 + i * INTERVAL_MS, COUNTS))
    dec.note_link_down()
    behind = dec.rows(0.2, ukaton_fw.encode_sensor_data(1160, COUNTS))
    on = dec.rows(0.21, ukaton_fw.encode_sensor_data(1200, COUNTS))
    assert (behind.t_us, behind.seq) == (1_160_000, 8)
    assert (on.t_us, on.seq) == (1_200_000, 10)


@pytest.mark.parametrize("speed, late_before_ms", [
    (20, 40_000),  # had: the first stamp after the drop read one wrap behind, the 200 samples after it late
    (20, 16_500),
    (1, 12_000),  # had: the drop read as the insole restarting: 1,653 frames missing, the device's 2,253
    (1, 6_000),
])
def test_a_host_late_before_the_drop_places_it_by_the_stream_pace(speed, late_before_ms):
    """A host that heard the samples before the drop late (busy) and the first after it on time: the wraps of
    the first stamp after the drop are those nearest where the stream's pace (its least late arrivals, before
    the drop) puts its arrival, and the restart check measures the host's time from where the last frame lies
    (the clock's lower envelope), not from its late arrival: the device's 45.08 s, every sample in time."""
    rows, fa = _ride(speed, 0, late_before_ms=late_before_ms)
    assert rows[BEFORE].t_us - rows[BEFORE - 1].t_us == DROP_DEVICE_MS * 1000
    c = fa.counters
    assert (c.packets_late, c.packets_out_of_time, c.frames_received) == (0, 0, BEFORE + AFTER)
    assert c.frames_missing == round(DROP_DEVICE_MS / INTERVAL_MS) - 1, c.frames_missing
    assert [g.reason for g in fa.gaps] == ["link down"]
