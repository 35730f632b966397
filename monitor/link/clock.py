"""Device clock -> session time, per foot. Pure (no I/O, no wall clock).

Each insole stamps frames with its own wrapping microsecond counter (docs/protocol.md: uint32, wraps every
2**32 us). The monitor knows, for every notification, when it arrived on the host. This module turns the
two into one session timeline shared by both feet:

* **Unwrapping.** The device counter is unwrapped against the previous packet. When the link was down
  long enough for the counter to wrap (more than 71.6 min), or the host heard nothing of the foot while
  its seq or this counter could wrap (monitor.link.assembly), the host arrival times disambiguate the
  number of wraps.
* **Offset.** A notification cannot arrive before its last frame was sampled and transport delay only
  adds, so the lower envelope of ``arrival - device time`` is the device clock's offset from the host.
  It is tracked as the minimum per one-second bucket of device time over the last ``window_s``. Arrivals
  known to be held back (a buffer kept them through a pause of the host: monitor.link.assembly) are not
  fed: they say nothing of the device's clock.
* **Drift.** A crystal is off by tens of ppm; over hours the feet would part. The slope of the bucket
  minima over the window is the drift of the device clock against the host.
* **Slewing.** The mapping is continuous and monotonic: it runs at the device's rate corrected by the
  drift, and steers towards the envelope by at most ``max_slew`` (a fraction of a second per second), so
  frame spacing stays within that fraction of the device's and nothing ever jumps or runs backwards.
* **Known start.** A clock whose reading at session time 0 is known (a simulated insole in this process) maps
  by it, at the device's rate (:meth:`ClockMapper.know_start`): on a host late all along by L, the envelope
  would put every frame L x speed late (4 s at 40x for 0.1 s; docs/reliability.md).
* **Settling.** A mapper that ``settles`` (a stream whose first datagrams may be a backlog the OS kept while
  the host was busy: the Moticon stream, monitor.link.moticon) is :attr:`ClockMapper.settling` from its first
  arrival while the arrivals catch up on the stream (a backlog drained, each arrival less late than those
  before): meanwhile the mapping stands on the envelope at each arrival, and the frames wait
  (monitor.link.assembly), so the stream's first frames lie where they were sent, not a burst late. It has
  settled once ``SETTLE_QUIET_S`` of device time went by without an arrival lowering the envelope by more
  than ``HELD_BURST_HOST_S`` (x speed), or ``SETTLE_MOST_S`` from the first; from there it slews as above.

``speed`` is the number of device seconds per host second: 1 for real insoles; the simulated insoles run
faster than real time and say so.

One idea: a foot's device clock as session time; the parts above share the mapper's state.

Per notification the work is scalar (plain floats): the envelope's minimum is taken over the few buckets
that can hold it (:meth:`ClockMapper._candidates`), not below another (clock_ahead.envelope_front), and
whose key can be the least within its rounding (clock_ahead.Front.reach), and
:meth:`ClockMapper.session_s` maps a float without numpy; :meth:`ClockMapper.observe_run` takes a run of
contiguous packets in one call. The same bits as the plain formulas over every bucket and numpy arrays.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from monitor.link.clock_ahead import Ahead, buckets_ahead, envelope, envelope_front

WRAP_US = 1 << 32
#: Host seconds within which a buffer that kept notifications through a pause of the host hands them over,
#: one after the other (guess: a buffer drained by the event loop, 0.38 ms apart measured in a 30x simulated
#: ride): after one held back, the next is held back too when it arrives sooner than this or than its frames
#: took at the stream's pace, whichever is longer (monitor.link.assembly, monitor.link.ukaton). At a high
#: --speed the stream's pace is less than that: 0.33 ms a 10-ms frame at 30x, 10 us at 1000x.
HELD_BURST_HOST_S = 0.002
#: Device seconds of arrivals none of which lowered the envelope by more than HELD_BURST_HOST_S (x speed) after
#: which a settling mapper has settled: the backlog is drained, arrivals come at the stream's pace (guess: twelve
#: times the longest pause, 40 ms, of a real drain: `live --moticon-udp` fed the walk of ../shared/data in real
#: time read a 0.53-s backlog over 0.14 s, in clumps).
SETTLE_QUIET_S = 0.5
#: Device seconds from a settling mapper's first arrival after which it settles whatever the arrivals (guess:
#: longer than a host busy as a session starts; the frames wait no longer).
SETTLE_MOST_S = 10.0


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
    settles : bool
        The mapping's start waits for a burst of first arrivals to end (the module docstring, "Settling").
    start_device_us : int or None
        The device counter (us, mod 2**32) at session time 0, where it is known (:meth:`know_start`); None:
        the mapping follows the arrivals.
    """

    speed: float = 1.0
    window_s: float = 60.0
    slew_s: float = 2.0
    max_slew: float = 0.005
    max_drift_ppm: float = 500.0
    settles: bool = False
    start_device_us: int | None = None
    _start_offset_s: float = field(default=0.0, repr=False)  # session s - device s, from start_device_us
    _settling: bool = field(default=False, repr=False)
    _first_device_s: float = field(default=0.0, repr=False)  # device s of the first arrival (settling)
    _quiet_since_s: float = field(default=0.0, repr=False)  # device s of the last arrival to lower the envelope
    _quiet_low: float = field(default=0.0, repr=False)  # its sample, host s x speed - device s
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
    _lows: list | None = field(default=None, repr=False)  # envelope_front of _cands; None: not made yet

    def copy(self) -> ClockMapper:
        """An independent copy, state included."""
        return replace(self, _buckets=deque(self._buckets),
                       _cands=None if self._cands is None else list(self._cands), _lows=None)

    # ------------------------------------------------------------------ unwrapping
    @property
    def last_host_s(self) -> float:  # host arrival (s) of the last packet unwrapped (0 before the first)
        return self._last_host_s

    def unwrap_us(self, t_us: int, host_s: float, may_wrap: bool = True, since_host_s: float | None = None) -> int:
        """Unwrap a packet's first-frame timestamp (0 <= t_us < 2**32) against the previous packet.

        ``host_s`` is the packet's arrival time in host seconds. Returns microseconds on a monotonic
        device scale whose origin is the first packet's counter value. ``may_wrap`` False: the counter
        cannot have wrapped unseen since the previous packet (the link stayed up), so the host times add
        no wraps. A host time that is not finite adds none either and is not kept. ``since_host_s``: the
        host time (s) the previous packet's device time stands for, when it is earlier than its arrival
        (packets held in a buffer through a pause of the host, delivered after it): the wraps are counted
        from it.
        """
        if self._last_wrapped_us is None:
            self._last_wrapped_us = t_us
            self._last_unwrapped_us = t_us
            self._last_host_s = host_s if math.isfinite(host_s) else 0.0
            return t_us
        last_host_s = self._last_host_s if since_host_s is None else min(self._last_host_s, since_host_s)
        delta = _unwrap_delta(t_us, host_s if may_wrap else None, self._last_wrapped_us, last_host_s, self.speed)
        unwrapped = self._last_unwrapped_us + delta
        if delta >= 0:
            self._last_wrapped_us = t_us
            self._last_unwrapped_us = unwrapped
            if math.isfinite(host_s):
                self._last_host_s = host_s
        return unwrapped

    def restarted_us(self, t_us: int, host_s: float, late_host_s: float, down_fraction: float,
                     since_host_s: float | None = None) -> int | None:
        """After a link down: if ``t_us`` lies further from where the host's clock puts it than ``late_host_s``
        x speed plus ``down_fraction`` of the time down (the counter restarted: the insole powered up
        again), carry the unwrapped scale on from it at that place, host seconds x speed past the previous
        packet, and return it; else None, nothing changed. ``since_host_s`` as for :meth:`unwrap_us`."""
        if self._last_wrapped_us is None or not math.isfinite(host_s):
            return None
        last_host_s = self._last_host_s if since_host_s is None else min(self._last_host_s, since_host_s)
        expected_us = (host_s - last_host_s) * self.speed * 1e6
        delta = _unwrap_delta(t_us, host_s, self._last_wrapped_us, last_host_s, self.speed)
        if abs(delta - expected_us) <= late_host_s * self.speed * 1e6 + down_fraction * abs(expected_us):
            return None
        self._last_unwrapped_us += max(round(expected_us), 0)
        self._last_wrapped_us, self._last_host_s = t_us, host_s
        return self._last_unwrapped_us

    def unwrap_behind_us(self, t_us: int) -> int:
        """Unwrap a timestamp from a late packet (one behind the stream) without moving the state."""
        if self._last_wrapped_us is None:
            return t_us
        delta = (t_us - self._last_wrapped_us) % WRAP_US
        if delta >= WRAP_US // 2:
            delta -= WRAP_US
        return self._last_unwrapped_us + delta

    # ------------------------------------------------------------------ mapping
    def know_start(self, device_us: int) -> None:
        """The device counter read ``device_us`` (us, mod 2**32) at session time 0 (module docstring, "Known
        start"): from the first arrival on, device time ``d`` maps to ``d`` less that reading (the wraps nearest
        the arrival's host time x speed), at rate 1. Only before the first arrival: a mapping under way is never
        moved."""
        if not self._started:
            self.start_device_us = int(device_us) % WRAP_US

    def _known_start(self, d: float, host_s: float) -> float:
        """Session s - device s for a mapper that knows its start, from the first arrival's device time ``d``
        (s, unwrapped, whose microseconds are the counter's modulo 2**32) and host time ``host_s`` (s): ``d`` lies
        the whole wraps past session time 0's reading nearest the arrival's host time x speed (a foot first heard
        after a late reconnection, more than half a wrap, 35.8 min, into the session), or, where ``host_s`` is no
        time, within half a wrap of that reading."""
        d_us = round(d * 1e6)
        since_us = (d_us - self.start_device_us) % WRAP_US  # type: ignore[operator]
        if math.isfinite(host_s):
            since_us += round((host_s * self.speed * 1e6 - since_us) / WRAP_US) * WRAP_US
        elif since_us >= WRAP_US // 2:
            since_us -= WRAP_US
        return -(d_us - since_us) * 1e-6

    def observe(self, last_frame_device_s: float, host_s: float) -> None:
        """Feed one arrival: the device time (s, unwrapped) of the packet's last frame, host arrival (s)."""
        self._observe_many((float(last_frame_device_s),), (host_s,))

    def observe_run(self, t_us: Sequence[int], host_s: Sequence[float], frame_counts: Sequence[int],
                    periods_us: Sequence[int], start_us: int) -> Segments:
        """:meth:`unwrap_us` (``may_wrap`` False: a run is of a link that stayed up) then :meth:`observe` for packets
        (first-frame timestamp ``t_us``, arrival ``host_s``, ``frame_counts`` frames ``periods_us`` apart), for as long
        as each packet starts where the one before it ended, the first at ``start_us`` (unwrapped): the ordinary stream,
        contiguous.

        Returns the :class:`Segments` of the packets taken (maybe none; none before the first
        arrival). The state is exactly that of the per-packet calls for those packets.
        """
        if not self._started or self._last_wrapped_us is None or self._settling:
            return Segments([], [], [], [], [], [], [])
        wrapped, unwrapped, last_host = self._last_wrapped_us, self._last_unwrapped_us, self._last_host_s
        firsts: list[int] = []
        lasts: list[float] = []
        half = WRAP_US // 2
        for tw, h, k, period in zip(t_us, host_s, frame_counts, periods_us):
            delta = (tw - wrapped) % WRAP_US  # _unwrap_delta without host times, inline
            if delta >= half:
                delta -= WRAP_US
            if delta < 0 or unwrapped + delta != start_us:
                break
            wrapped, unwrapped = tw, start_us
            if math.isfinite(h):
                last_host = h
            firsts.append(start_us)
            lasts.append((start_us + (k - 1) * period) * 1e-6)
            start_us += k * period
        if not firsts:
            return Segments([], [], [], [], [], [], [])
        self._last_wrapped_us, self._last_unwrapped_us, self._last_host_s = wrapped, unwrapped, last_host
        return Segments(firsts, lasts, *self._observe_many(lasts, host_s[:len(lasts)]))

    def _observe_many(self, device_s: Sequence[float], host_s: Sequence[float]) -> tuple[list, ...]:
        """:meth:`observe` of each arrival in turn; the segment in force before each (device s, session
        s, rate), and its mapped session time and new rate, as five lists."""
        speed, slew_s, max_slew = self.speed, self.slew_s, self.max_slew
        buckets = self._buckets
        ahead = iter(self._ahead(device_s, host_s))  # what each bucket these arrivals start sets
        anchor_d, anchor_s, rate, prev = self._anchor_device_s, self._anchor_session_s, self._rate, self._prev
        p_devs: list[float] = []
        p_sess: list[float] = []
        p_rates: list[float] = []
        mappeds: list[float] = []
        rates: list[float] = []
        known = self.start_device_us is not None
        for d, h in zip(device_s, host_s):
            if known:  # the mapping is the known start's, whatever the arrivals (module docstring, "Known start")
                if not self._started:
                    self._started = True
                    self._start_offset_s = self._known_start(d, h)
                    anchor_d, anchor_s = d, d + self._start_offset_s
                p_devs.append(anchor_d)
                p_sess.append(anchor_s)
                p_rates.append(rate)
                prev = (anchor_d, anchor_s, rate)
                anchor_d, anchor_s, rate = d, d + self._start_offset_s, 1.0
                mappeds.append(anchor_s)
                rates.append(rate)
                continue
            sample = h * speed - d
            if not math.isfinite(sample):  # a host time that is no time: the mapping goes on unchanged
                p_devs.append(anchor_d)
                p_sess.append(anchor_s)
                p_rates.append(rate)
                mappeds.append(anchor_s + (d - anchor_d) * rate if self._started else d)
                rates.append(rate)
                continue
            settling = self._settling  # this arrival's frames wait for the burst to end, and map on the envelope
            if not self._started:
                self._started = True
                anchor_d, anchor_s = d, d + sample
                self._settling = settling = self.settles
                self._first_device_s = self._quiet_since_s = d
                self._quiet_low = sample
            elif settling:  # settled once the arrivals, for SETTLE_QUIET_S, no longer catch up
                if sample < self._quiet_low - HELD_BURST_HOST_S * speed:
                    self._quiet_since_s, self._quiet_low = d, sample
                self._settling = d - self._quiet_since_s < SETTLE_QUIET_S and d - self._first_device_s < SETTLE_MOST_S
            # the sample joins its one-second bucket of device time, or starts a new one
            if buckets and d - buckets[-1][0] < 1.0:
                start, low = buckets[-1]
                if sample < low:
                    buckets[-1] = (start, sample)
                    if self._cands is not None:
                        self._lowered(start, sample)
            else:
                self._new_bucket(d, sample, ahead)
            # the lower envelope carried forward to d (see _candidates)
            drift = self._drift
            cands = self._cands if self._cands is not None else self._candidates()
            if len(cands) == 1:
                start, low, _ = cands[0]
                target = d + (low + drift * (d - start))
            else:
                if self._lows is None:
                    self._lows = envelope_front(cands, drift)
                target = envelope(d, drift, self._lows, cands)
            if prev is not None and d < anchor_d:
                mapped = prev[1] + (d - prev[0]) * prev[2]
            else:
                mapped = anchor_s + (d - anchor_d) * rate
            if settling:  # no frame mapped yet: the mapping stands on the envelope
                mapped = target
            correction = (target - mapped) / slew_s + drift
            if correction > max_slew:
                correction = max_slew
            elif correction < -max_slew:
                correction = -max_slew
            # the new rate applies from d on; frames up to d (this packet's) keep the segment they were in
            prev = None if settling else (anchor_d, anchor_s, rate)
            p_devs.append(anchor_d)
            p_sess.append(anchor_s)
            p_rates.append(rate)
            anchor_d, anchor_s, rate = d, mapped, 1.0 + correction
            mappeds.append(mapped)
            rates.append(rate)
        self._anchor_device_s, self._anchor_session_s, self._rate, self._prev = anchor_d, anchor_s, rate, prev
        return p_devs, p_sess, p_rates, mappeds, rates

    def _new_bucket(self, d: float, sample: float, ahead: Iterator[Ahead]) -> None:
        """Start a bucket at ``d``; drop those older than the window; the drift fitted again and the
        envelope's candidates found anew (the next of ``ahead``, :meth:`_ahead`)."""
        buckets = self._buckets
        buckets.append((d, sample))
        while buckets and d - buckets[0][0] > self.window_s:
            buckets.popleft()
        (self._drift, self._cands, self._key_min, self._key_tol), self._lows = next(ahead), None

    def _ahead(self, device_s: Sequence[float], host_s: Sequence[float]) -> list[Ahead]:
        """What each new bucket of these arrivals sets, in order (monitor.link.clock_ahead)."""
        return buckets_ahead(self._buckets, device_s, host_s, speed=self.speed, window_s=self.window_s,
                             drift=self._drift, max_drift_ppm=self.max_drift_ppm)

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
        self._cands, self._lows = [(start, low, key) for (start, low), key in zip(buckets, keys) if key <= limit], None
        return self._cands

    def _lowered(self, start: float, low: float) -> None:
        """The newest bucket's minimum went down to ``low``: keep the candidates right."""
        cands, self._lows = self._cands, None
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
                out = [p_ses + ((t_first_us + i * period_us) * 1e-6 - p_dev) * p_rate
                       for i in range(n_before)]
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

    @property
    def settling(self) -> bool:
        """A mapper that ``settles`` before the end of its first burst of arrivals (the module docstring): the
        frames observed so far have no time yet that would stand."""
        return self._settling

    def settle(self) -> None:
        """End the settling now (the link went down: a burst ends with it)."""
        self._settling = False

    @property
    def last_arrival(self) -> tuple[float, float] | None:
        """(device s, host s) of the last arrival observed (None before the first): the device time the
        mapping's segment starts at, and the last host time kept."""
        return (self._anchor_device_s, self._last_host_s) if self._started else None


class Segments(NamedTuple):
    """Packets taken by :meth:`ClockMapper.observe_run`, one entry per packet in each list.

    ``t_first_us``: unwrapped first-frame time; ``last_frame_s``: device time of the last frame (where the
    new segment starts); ``prev_device_s``, ``prev_session_s``, ``prev_rate``: the segment the frames
    before it map on; ``mapped_s``, ``rate``: the new segment (session time at ``last_frame_s``, rate).
    A frame at device time ``d`` of that packet maps to ``prev_session_s + (d - prev_device_s) *
    prev_rate`` if ``d < last_frame_s``, else ``mapped_s + (d - last_frame_s) * rate``
    (:meth:`ClockMapper.session_s` right after the packet's arrival).
    """

    t_first_us: list[int]
    last_frame_s: list[float]
    prev_device_s: list[float]
    prev_session_s: list[float]
    prev_rate: list[float]
    mapped_s: list[float]
    rate: list[float]


def _unwrap_delta(t_us: int, host_s: float | None, last_wrapped_us: int, last_host_s: float,
                  speed: float) -> int:
    """Microseconds from the previous packet's timestamp to ``t_us`` (both wrapped), negative for a
    packet from before it; extra wraps added when the host times say the counter wrapped meanwhile
    (``host_s`` None: it cannot have; a host time that is not finite says nothing)."""
    delta = (t_us - last_wrapped_us) % WRAP_US
    if delta >= WRAP_US // 2:
        delta -= WRAP_US  # a packet from before the previous one (late, duplicate)
    if host_s is None or not math.isfinite(host_s):
        return delta
    expected_us = (host_s - last_host_s) * speed * 1e6
    extra_wraps = round((expected_us - delta) / WRAP_US)
    if extra_wraps > 0:
        delta += extra_wraps * WRAP_US
    return delta
