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

Per notification the work is scalar (plain floats): the envelope's minimum is taken over the few buckets
that can hold it (:meth:`ClockMapper._envelope`), and :meth:`ClockMapper.session_s` maps a float without
numpy. The results are the same bits as the plain formulas over every bucket and numpy arrays.

``speed`` is the number of device seconds per host second: 1 for real insoles; the simulated insoles run
faster than real time and say so.
"""

from __future__ import annotations

import math
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
    # the buckets that can hold the envelope's minimum, (start, low, key), in bucket order; None: stale
    _cands: list | None = field(default=None, repr=False)
    _key_min: float = field(default=0.0, repr=False)
    _key_tol: float = field(default=0.0, repr=False)

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
        d = float(last_frame_device_s)
        sample = host_s * self.speed - d
        if not self._started:
            self._started = True
            self._anchor_device_s, self._anchor_session_s = d, d + sample
        self._add_sample(d, sample)
        target = d + self._envelope(d)
        anchor_d, anchor_s, rate = self._anchor_device_s, self._anchor_session_s, self._rate
        prev = self._prev
        if prev is not None and d < anchor_d:
            mapped = prev[1] + (d - prev[0]) * prev[2]
        else:
            mapped = anchor_s + (d - anchor_d) * rate
        correction = (target - mapped) / self.slew_s + self._drift
        if correction > self.max_slew:
            correction = self.max_slew
        elif correction < -self.max_slew:
            correction = -self.max_slew
        # the new rate applies from d on; frames up to d (this packet's) keep the segment they were in
        self._prev = (anchor_d, anchor_s, rate)
        self._anchor_device_s, self._anchor_session_s = d, mapped
        self._rate = 1.0 + correction

    def _add_sample(self, d: float, sample: float) -> None:
        buckets = self._buckets
        if buckets and d - buckets[-1][0] < 1.0:
            start, low = buckets[-1]
            if sample < low:
                buckets[-1] = (start, sample)
                if self._cands is not None:
                    self._lowered(start, sample)
        else:
            self._cands = None
            buckets.append((d, sample))
            while buckets and d - buckets[0][0] > self.window_s:
                buckets.popleft()
            if len(buckets) >= 10:
                slope = _slope(buckets)
                limit = self.max_drift_ppm * 1e-6
                self._drift = min(max(slope, -limit), limit)

    # The envelope at d is min over buckets of ``low + drift * (d - start)``. Exactly, that is
    # ``key + drift * d`` with ``key = low - drift * start``, so the bucket holding the minimum is the one
    # of least key whatever d. In floating point each term is off by a few units in the last place of
    # its magnitude, so the minimum is taken, with the very same formula, over every bucket whose key is
    # within ``_key_tol`` of the least: a thousand times those rounding errors, a handful of nanoseconds
    # at ordinary magnitudes, usually one bucket. The candidates change only when a bucket is lowered
    # (handled here), added or dropped, or the drift changes (both once a device second: rebuilt).

    def _candidates(self) -> list:
        drift, buckets = self._drift, self._buckets
        keys = [low - drift * start for start, low in buckets]
        key_min = min(keys)
        # a bucket within tolerance has |low| <= |key| + |drift * start| <= scale
        scale = abs(key_min) + 2.0 * abs(drift) * max(abs(buckets[0][0]), abs(buckets[-1][0])) + 1.0
        self._key_min, self._key_tol = key_min, scale * 1e-12
        limit = key_min + self._key_tol
        self._cands = [(start, low, key) for (start, low), key in zip(buckets, keys) if key <= limit]
        return self._cands

    def _lowered(self, start: float, low: float) -> None:
        """The newest bucket's minimum went down to ``low``: keep the candidates right."""
        cands = self._cands
        key = low - self._drift * start
        self._key_tol = max(self._key_tol, (abs(low) + abs(self._drift * start) + abs(key) + 1.0) * 1e-12)
        if cands and cands[-1][0] == start:
            cands.pop()
        if key < self._key_min:
            self._key_min = key
            limit = key + self._key_tol
            cands[:] = [r for r in cands if r[2] <= limit]
        if key <= self._key_min + self._key_tol:
            cands.append((start, low, key))

    def _envelope(self, d: float) -> float:
        """The lower envelope of the offset samples, carried forward to device time ``d``."""
        drift = self._drift
        cands = self._cands if self._cands is not None else self._candidates()
        if len(cands) == 1:
            start, low, _ = cands[0]
            return low + drift * (d - start)
        return min(low + drift * (d - start) for start, low, _ in cands)

    def session_s(self, device_s: float | np.ndarray) -> float | np.ndarray:
        """Host-aligned time (host seconds x speed) of device times in seconds (unwrapped).

        Device times before the latest arrival's map on the segment that led up to it, so the frames
        of a packet are mapped at the rate in force when they were sampled. A float gives a float.
        """
        if type(device_s) is float:
            prev = self._prev
            if prev is not None and device_s < self._anchor_device_s:
                return prev[1] + (device_s - prev[0]) * prev[2]
            return self._anchor_session_s + (device_s - self._anchor_device_s) * self._rate
        d = np.asarray(device_s, dtype=float)
        now = self._anchor_session_s + (d - self._anchor_device_s) * self._rate
        if self._prev is None:
            return now
        p_dev, p_ses, p_rate = self._prev
        before = p_ses + (d - p_dev) * p_rate
        return np.where(d < self._anchor_device_s, before, now)

    def frame_times_s(self, t_first_us: int, count: int, period_us: int,
                      floor_s: float | None = None) -> list[float]:
        """:meth:`session_s` of the device times ``(t_first_us + i * period_us) * 1e-6``, ``i < count``
        (microseconds, unwrapped), as a list of floats.

        With ``floor_s``, each time is raised to at least ``floor_s`` and to at least the one before it
        (a running maximum from ``floor_s``), so a block of frames never starts before ``floor_s`` nor
        runs backwards.
        """
        anchor_d, anchor_s, rate = self._anchor_device_s, self._anchor_session_s, self._rate
        prev = self._prev
        if prev is None:  # no earlier segment: every time maps on the current one
            split, (p_dev, p_ses, p_rate) = -math.inf, (anchor_d, anchor_s, rate)
        else:
            split, (p_dev, p_ses, p_rate) = anchor_d, prev
        # Usually the frames before the latest arrival's map on the earlier segment and the rest (the
        # arrival's own last frame) on the current one: each part is non-decreasing (times increase,
        # both rates are positive), and if the two meet in order and the first time is above the floor,
        # the running maximum changes nothing.
        if count and p_rate > 0 and rate > 0:
            if (t_first_us + (count - 1) * period_us) * 1e-6 < split:
                n_before = count
            elif t_first_us * 1e-6 >= split:
                n_before = 0
            elif (t_first_us + (count - 2) * period_us) * 1e-6 < split:
                n_before = count - 1
            else:
                n_before = -1
            if n_before >= 0:
                out = [p_ses + ((t_first_us + i * period_us) * 1e-6 - p_dev) * p_rate for i in range(n_before)]
                if n_before < count:
                    out += [anchor_s + ((t_first_us + i * period_us) * 1e-6 - anchor_d) * rate
                            for i in range(n_before, count)]
                if ((n_before == 0 or n_before == count or out[n_before - 1] <= out[n_before])
                        and (floor_s is None or out[0] > floor_s)):
                    return out
        out = []
        if floor_s is None:
            for i in range(count):
                d = (t_first_us + i * period_us) * 1e-6
                out.append(p_ses + (d - p_dev) * p_rate if d < split else anchor_s + (d - anchor_d) * rate)
            return out
        low = floor_s
        for i in range(count):
            d = (t_first_us + i * period_us) * 1e-6
            t = p_ses + (d - p_dev) * p_rate if d < split else anchor_s + (d - anchor_d) * rate
            if t > low:
                low = t
            out.append(low)
        return out

    @property
    def drift_ppm(self) -> float:
        """Current drift estimate of the device clock against the host, in ppm."""
        return self._drift * 1e6

    @property
    def started(self) -> bool:
        return self._started


_EPS = float(np.finfo(float).eps)


def _slope(buckets: deque) -> float:
    """Slope of the least-squares line through the buckets (start s, low s), exactly as
    ``np.polyfit(t - t[0], v, 1)[0]`` computes it (the same operations on the same arrays: its scaled
    Vandermonde matrix and ``lstsq``), without its argument checks."""
    a = np.array(buckets)  # (n, 2): start, low
    x = (a[:, 0] - a[0, 0]) + 0.0
    y = a[:, 1] + 0.0
    n = x.shape[0]
    lhs = np.empty((n, 2))
    lhs[:, 0] = x
    lhs[:, 1] = 1
    scale = np.sqrt((lhs * lhs).sum(axis=0))
    lhs /= scale
    c = np.linalg.lstsq(lhs, y, n * _EPS)[0]
    return float(c[0] / scale[0])
