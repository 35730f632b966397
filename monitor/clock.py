"""Device clock -> session time, per foot. Pure (no I/O, no wall clock).

Each insole stamps frames with its own wrapping microsecond counter (docs/protocol.md: uint32, wraps every
2**32 us). The monitor knows, for every notification, when it arrived on the host. This module turns the
two into one session timeline shared by both feet:

* **Unwrapping.** The device counter is unwrapped against the previous packet. When the link was down
  long enough for the counter to wrap (more than 71.6 min), the host arrival times disambiguate the number
  of wraps.
* **Offset.** Session time of a frame = device time + offset. The offset is taken from the earliest
  arrivals: a notification cannot arrive before its last frame was sampled, so the smallest
  ``arrival - device time`` seen is the best estimate (transport delay is positive and jitters upwards).
  The estimate only moves forward in time, never makes a foot's timeline run backwards, and is frozen
  after ``settle_s`` of device time so that frame spacing stays exactly the device's.
* **Drift.** A crystal is off by tens of ppm; over hours the feet would part. After ``settle_s`` the
  drift of each device clock against the host is estimated from the lower envelope of
  ``arrival - device time`` (the minimum per window, then a least-squares slope) and applied from then
  on, continuously (no jump in the timeline): the mapping slews towards the envelope, removing the error
  accumulated before the estimate was ready within one window.

``speed`` is the number of device seconds per host second: 1 for real insoles; the simulated insoles run
faster than real time and say so.
"""

from __future__ import annotations

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
    settle_s : float
        Device seconds during which the offset estimate may still improve (guess: 2 s covers the
        connection's start-up jitter).
    drift_window_s : float
        Device seconds per lower-envelope window for the drift estimate (guess).
    max_drift_ppm : float
        Drift estimates are clamped to this magnitude; watch crystals are specified to +-20..50 ppm,
        500 allows for a poor one (guess).
    """

    speed: float = 1.0
    settle_s: float = 2.0
    drift_window_s: float = 30.0
    max_drift_ppm: float = 500.0
    _last_wrapped_us: int | None = field(default=None, repr=False)
    _last_unwrapped_us: int = field(default=0, repr=False)
    _last_host_s: float = field(default=0.0, repr=False)
    _first_device_s: float | None = field(default=None, repr=False)
    _offset_s: float = field(default=0.0, repr=False)
    _anchor_device_s: float = field(default=0.0, repr=False)
    _anchor_session_s: float = field(default=0.0, repr=False)
    _drift: float = field(default=0.0, repr=False)  # applied rate correction (drift + slew)
    _drift_est: float = field(default=0.0, repr=False)  # the envelope's slope alone
    _win_start_s: float | None = field(default=None, repr=False)
    _win_min: float = field(default=np.inf, repr=False)
    _env_t: list = field(default_factory=list, repr=False)
    _env_v: list = field(default_factory=list, repr=False)

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

    def observe(self, last_frame_device_s: float, host_s: float) -> None:
        """Feed one arrival: the device time of the packet's last frame and its host arrival time (s)."""
        arrival_session_s = host_s * self.speed
        sample = arrival_session_s - last_frame_device_s
        if self._first_device_s is None:
            self._first_device_s = last_frame_device_s
            self._offset_s = sample
            self._anchor_device_s = last_frame_device_s
            self._anchor_session_s = last_frame_device_s + sample
        elapsed = last_frame_device_s - self._first_device_s
        if elapsed <= self.settle_s and sample < self._offset_s:
            self._offset_s = sample
            self._anchor_device_s = last_frame_device_s
            self._anchor_session_s = last_frame_device_s + sample
        self._update_drift(last_frame_device_s, sample)

    def _update_drift(self, device_s: float, sample: float) -> None:
        if self._win_start_s is None:
            self._win_start_s = device_s
        if device_s - self._win_start_s >= self.drift_window_s:
            self._env_t.append(self._win_start_s)
            self._env_v.append(self._win_min)
            self._win_start_s = device_s
            self._win_min = np.inf
            if len(self._env_t) >= 3:
                t = np.asarray(self._env_t[-20:])
                v = np.asarray(self._env_v[-20:])
                slope, intercept = np.polyfit(t - t[0], v, 1)
                # slew: follow the envelope's slope and remove the error left so far within one window
                target = device_s + intercept + slope * (device_s - t[0])
                error_s = target - float(self.session_s(device_s))
                rate = float(slope) + error_s / self.drift_window_s
                limit = 2 * self.max_drift_ppm * 1e-6
                self._anchor_session_s = float(self.session_s(device_s))
                self._anchor_device_s = device_s
                self._drift = min(max(rate, -limit), limit)
                self._drift_est = min(max(float(slope), -limit / 2), limit / 2)
        self._win_min = min(self._win_min, sample)

    def session_s(self, device_s: float | np.ndarray) -> float | np.ndarray:
        """Host-aligned time (host seconds x speed) of device times in seconds (unwrapped)."""
        return self._anchor_session_s + (np.asarray(device_s) - self._anchor_device_s) * (1.0 + self._drift)

    @property
    def drift_ppm(self) -> float:
        """Current drift estimate of the device clock against the host, in ppm."""
        return self._drift_est * 1e6

    @property
    def started(self) -> bool:
        return self._first_device_s is not None
