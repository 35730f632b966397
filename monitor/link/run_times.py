"""The frame times of a run of packets as arrays (monitor.link.record_feed's batch path): the same formulas on
the same values as the clock and FootAssembler give one packet at a time, so both ways agree bit for bit
(tests/test_assembly_equivalence.py). Times in seconds of the session (float64), device times in
microseconds (int64). Pure (no I/O).
"""

from __future__ import annotations

import numpy as np

from monitor.link.clock import Segments


def run_times(seg: Segments, counts: list[int], periods: list[int]) -> np.ndarray:
    """Session times of every frame of the packets in ``seg`` (``counts`` frames ``periods`` apart each),
    float64 (sum(counts),): :meth:`ClockMapper.session_s` right after each packet's arrival, the same
    formulas on the same values as :meth:`ClockMapper.frame_times_s`."""
    c = len(counts)
    if counts.count(counts[0]) == c and periods.count(periods[0]) == c:  # the usual: one geometry
        offsets = np.arange(counts[0], dtype=np.int64) * periods[0]
        shape = (c, 1)
    else:
        which = np.repeat(np.arange(c), counts)
        firsts = np.cumsum(counts) - counts
        offsets = (np.arange(len(which), dtype=np.int64) - firsts[which]) * np.asarray(periods)[which]
        shape = (c,)
    def per_frame(values: list, dtype: type = float) -> np.ndarray:
        a = np.asarray(values, dtype=dtype)
        return a.reshape(shape) if len(shape) == 2 else a[which]
    d = (per_frame(seg.t_first_us, np.int64) + offsets) * 1e-6
    split = per_frame(seg.last_frame_s)
    before = per_frame(seg.prev_session_s) + (d - per_frame(seg.prev_device_s)) * per_frame(seg.prev_rate)
    now = per_frame(seg.mapped_s) + (d - split) * per_frame(seg.rate)
    return np.where(d < split, before, now).reshape(-1)


def raise_from(t: np.ndarray, starts: np.ndarray, ends: np.ndarray, first: int, low0: float) -> None:
    """Apply the running maximum to blocks ``first``... of ``t`` in place, each from the one before's last
    time + 1e-6 (``low0`` for block 0)."""
    low = float(t[ends[first - 1] - 1]) + 1e-6 if first else low0
    for a, b in zip(starts[first:].tolist(), ends[first:].tolist()):
        for i in range(a, b):
            if t[i] > low:
                low = float(t[i])
            t[i] = low
        low += 1e-6
