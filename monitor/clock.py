"""Device clock -> session time, per foot. Pure (no I/O, no wall clock).

Each insole stamps frames with its own wrapping microsecond counter (docs/protocol.md: uint32, wraps every
2**32 us). The monitor knows, for every notification, when it arrived on the host. This module turns the
two into one session timeline shared by both feet:

* **Unwrapping.** The device counter is unwrapped against the previous packet. When the link was down
  long enough for the counter to wrap (more than 71.6 min), the host arrival times disambiguate the number
  of wraps.
* **Offset.** A notification cannot arrive before its last frame was sampled and transport delay only
  adds, so the lower envelope of ``arrival - device time`` is the device clock's offset from the host.
  It is tracked as the minimum per one-second bucket of device time over the last ``window_s``.
* **Drift.** A crystal is off by tens of ppm; over hours the feet would part. The slope of the bucket
  minima over the window is the drift of the device clock against the host.
* **Slewing.** The mapping is continuous and monotonic: it runs at the device's rate corrected by the
  drift, and steers towards the envelope by at most ``max_slew`` (a fraction of a second per second), so
  frame spacing stays within that fraction of the device's and nothing ever jumps or runs backwards.

``speed`` is the number of device seconds per host second: 1 for real insoles; the simulated insoles run
faster than real time and say so.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

WRAP_US = 1 << 32


@dataclass
class ClockMapper:
    """Maps one foot's wrapped device timestamps to session seconds.

    Parameters
    ----------
    speed : float
        Device seconds per host second (1.0 for real insoles).
    window_s : float
        Device seconds of arrivals that make the lower envelope (guess: long enough to hold several
        low-latency arrivals, short enough to follow drift).
    slew_s : float
        The mapping removes its distance to the envelope over about this many device seconds (guess).
    max_slew : float
        Largest correction of the mapping's rate (drift and steering together), as a fraction
        (0.005 = frame spacing within 0.5 % of the device's) (guess).
    max_drift_ppm : float
        Drift estimates are clamped to this magnitude; watch crystals are specified to +-20..50 ppm,
        500 allows for a poor one (guess).
    """

    speed: float = 1.0
    window_s: float = 60.0
    slew_s: float = 2.0
    max_slew: float = 0.005
    max_drift_ppm: float = 500.0
    _last_wrapped_us: int | None = field(default=None, repr=False)
    _last_unwrapped_us: int = field(default=0, repr=False)
    _last_host_s: float = field(default=0.0, repr=False)
    _started: bool = field(default=False, repr=False)
    _anchor_device_s: float = field(default=0.0, repr=False)
    _anchor_session_s: float = field(default=0.0, repr=False)
    _rate: float = field(default=1.0, repr=False)
    _drift: float = field(default=0.0, repr=False)
    _prev: tuple[float, float, float] | None = field(default=None, repr=False)  # previous segment
    _buckets: deque = field(default_factory=deque, repr=False)  # (bucket start device_s, min sample)

    # ------------------------------------------------------------------ unwrapping
    def unwrap_us(self, t_us: int, host_s: float) -> int:
        """Unwrap a packet's first-frame timestamp (0 <= t_us < 2**32) against the previous packet.

        ``host_s`` is the packet's arrival time in host seconds. Returns microseconds on a monotonic
        device scale whose origin is the first packet's counter value.
        """
        if self._last_wrapped_us is None:
            self._last_wrapped_us = t_us
            self._last_unwrapped_us = t_us
            self._last_host_s = host_s
            return t_us
        delta = (t_us - self._last_wrapped_us) % WRAP_US
        if delta >= WRAP_US // 2:
            delta -= WRAP_US  # a packet from before the previous one (late, duplicate)
        expected_us = (host_s - self._last_host_s) * self.speed * 1e6
        extra_wraps = round((expected_us - delta) / WRAP_US)
        if extra_wraps > 0:
            delta += extra_wraps * WRAP_US
        unwrapped = self._last_unwrapped_us + delta
        if delta >= 0:
            self._last_wrapped_us = t_us
            self._last_unwrapped_us = unwrapped
            self._last_host_s = host_s
        return unwrapped

    def unwrap_behind_us(self, t_us: int) -> int:
        """Unwrap a timestamp from a late packet (one behind the stream) without moving the state."""
        if self._last_wrapped_us is None:
            return t_us
        delta = (t_us - self._last_wrapped_us) % WRAP_US
        if delta >= WRAP_US // 2:
            delta -= WRAP_US
        return self._last_unwrapped_us + delta

    # ------------------------------------------------------------------ mapping
    def observe(self, last_frame_device_s: float, host_s: float) -> None:
        """Feed one arrival: the device time (s, unwrapped) of the packet's last frame, host arrival (s)."""
        d = last_frame_device_s
        sample = host_s * self.speed - d
        if not self._started:
            self._started = True
            self._anchor_device_s, self._anchor_session_s = d, d + sample
        self._add_sample(d, sample)
        target = d + self._envelope(d)
        mapped = float(self.session_s(d))
        correction = (target - mapped) / self.slew_s + self._drift
        correction = min(max(correction, -self.max_slew), self.max_slew)
        # the new rate applies from d on; frames up to d (this packet's) keep the segment they were in
        self._prev = (self._anchor_device_s, self._anchor_session_s, self._rate)
        self._anchor_device_s, self._anchor_session_s = d, mapped
        self._rate = 1.0 + correction

    def _add_sample(self, d: float, sample: float) -> None:
        buckets = self._buckets
        if buckets and d - buckets[-1][0] < 1.0:
            start, low = buckets[-1]
            if sample < low:
                buckets[-1] = (start, sample)
        else:
            buckets.append((d, sample))
            while buckets and d - buckets[0][0] > self.window_s:
                buckets.popleft()
            if len(buckets) >= 10:
                t = np.array([b[0] for b in buckets])
                v = np.array([b[1] for b in buckets])
                slope = float(np.polyfit(t - t[0], v, 1)[0])
                limit = self.max_drift_ppm * 1e-6
                self._drift = min(max(slope, -limit), limit)

    def _envelope(self, d: float) -> float:
        """The lower envelope of the offset samples, carried forward to device time ``d``."""
        return min(low + self._drift * (d - start) for start, low in self._buckets)

    def session_s(self, device_s: float | np.ndarray) -> float | np.ndarray:
        """Host-aligned time (host seconds x speed) of device times in seconds (unwrapped).

        Device times before the latest arrival's map on the segment that led up to it, so the frames
        of a packet are mapped at the rate in force when they were sampled.
        """
        d = np.asarray(device_s, dtype=float)
        now = self._anchor_session_s + (d - self._anchor_device_s) * self._rate
        if self._prev is None:
            return now
        p_dev, p_ses, p_rate = self._prev
        before = p_ses + (d - p_dev) * p_rate
        return np.where(d < self._anchor_device_s, before, now)

    @property
    def drift_ppm(self) -> float:
        """Current drift estimate of the device clock against the host, in ppm."""
        return self._drift * 1e6

    @property
    def started(self) -> bool:
        return self._started
