"""Low-pass filtering of pressure channels.

:class:`CausalLowpass` is the live path: a Butterworth low-pass run as second-order sections with the
filter state carried between calls, so feeding a series in any chunking gives the same output as feeding
it at once. :func:`lowpass_zero_phase` is forward-backward (no delay, no phase distortion) and needs the
future: it is for report plots of a finished recording only, never for the live path or the detector.

The sections run one at a time through ``scipy.signal.lfilter`` (the same cascade and state convention as
``sosfilt``, which is about three times slower on (n, channels) blocks), along each channel's row of a
(channels, n) block: the pipeline keeps its frames sensor by sensor, where lfilter runs about 1.6 times
faster than down the columns of (n, channels), with the same numbers.

Missing samples (NaN) stay missing. A channel's filter state never sees a NaN: the NaN sample outputs
NaN, and the channel restarts at its next valid sample ``x0`` in the steady state of a constant input
``x0`` (``scipy.signal.sosfilt_zi * x0``), as if it had read ``x0`` forever. The output after a gap is
therefore a function of the samples after the gap only. So is it after a gap whose samples are absent (no
rows, not NaN rows: a time jump an import leaves unfilled, a live gap left unfilled) when the block's times are
given (:meth:`CausalLowpass.feed_by_channel` ``t_s``): a step of more than ``JUMP_PERIODS`` sample periods
restarts every channel as a missing sample would, so the two forms of one gap filter alike.
"""

from __future__ import annotations

import numpy as np

from monitor.signal.params import FilterParams

#: The highest cut-off used, as a share of the Nyquist rate. A session sampled too slowly for the configured
#: cut-off (a 25 Hz import under the 15 Hz default) is not filtered: what was sampled holds nothing above
#: its Nyquist rate, and a Butterworth cut-off close to it removes little noise but rings after each steep
#: unloading. At 25 Hz a 10 Hz filter undershot to -8..-19 kPa in the swing of the rider population's runs
#: (their forefoot residual read that far below zero; a tight running shoe's 12-30 kPa residual fell under
#: the extreme tier), and its ringing back up opened stances in the swing; at 40 Hz and above, filtered at
#: 15 Hz, the swing read 0 (tuning riders r00021, r00158, r00304; guess: 0.8).
MAX_CUTOFF_NYQUIST_SHARE = 0.8
#: A step between two samples' times of more than this many sample periods has samples absent in it: the
#: filter restarts after it as after a missing sample. 1.5, as an import fills such a step with NaN rows
#: (monitor.importers.base.fill_plan): half a period of jitter either way is no absent sample.
JUMP_PERIODS = 1.5


def effective_cutoff_hz(cutoff_hz: float, rate_hz: float) -> float | None:
    """``cutoff_hz``, or None (no filtering) when it is above MAX_CUTOFF_NYQUIST_SHARE of the Nyquist rate."""
    return None if float(cutoff_hz) > MAX_CUTOFF_NYQUIST_SHARE * float(rate_hz) / 2 else float(cutoff_hz)


def _butter_sos(order: int, cutoff_hz: float, rate_hz: float) -> np.ndarray:
    from scipy import signal  # here: commands that analyse nothing do not load scipy

    if not 0 < cutoff_hz < rate_hz / 2:
        raise ValueError(f"cut-off {cutoff_hz} Hz must lie between 0 and the Nyquist rate {rate_hz / 2} Hz")
    return signal.butter(int(order), cutoff_hz, btype="low", fs=rate_hz, output="sos")


class CausalLowpass:
    """Causal Butterworth low-pass over ``n_channels`` channels, streaming.

    Parameters
    ----------
    rate_hz : float
        Sample rate of the series fed (Hz).
    params : FilterParams
        ``lowpass_hz`` (cut-off, Hz) and ``order``.
    n_channels : int
        Number of columns of each block fed.

    Attributes
    ----------
    cutoff_hz : float or None
        The cut-off used (Hz): ``params.lowpass_hz``; None for a sample rate too slow for it
        (:func:`effective_cutoff_hz`): the samples then pass as they are.
    sos : ndarray, shape (n_sections, 6), or None when not filtering
    delay_s : float
        Group delay of the filter at 0 Hz (s): how late a slow ramp comes out (0 when not filtering). Event
        times found on the filtered series can subtract it (sharper edges are delayed somewhat less).
    """

    def __init__(self, rate_hz: float, params: FilterParams = FilterParams(), n_channels: int = 1) -> None:
        self.rate_hz = float(rate_hz)
        self.params = params
        self.n_channels = int(n_channels)
        self.cutoff_hz = effective_cutoff_hz(params.lowpass_hz, self.rate_hz)
        self._zi = np.zeros((0, self.n_channels, 2))  # per section, channel: lfilter's state
        self._fresh = np.ones(self.n_channels, dtype=bool)  # channel restarts at its next valid sample
        self._last_t_s: float | None = None  # the time of the last sample fed with its times
        self.sos: np.ndarray | None = None
        self.delay_s = 0.0
        if self.cutoff_hz is None:
            return
        from scipy import signal

        self.sos = _butter_sos(params.order, self.cutoff_hz, self.rate_hz)
        self._zi_unit = signal.sosfilt_zi(self.sos)  # (n_sections, 2): state for a constant input of 1
        self._zi = np.zeros((self.sos.shape[0], self.n_channels, 2))  # per section, channel: lfilter's state
        b, a = signal.sos2tf(self.sos)
        _, gd = signal.group_delay((b, a), w=[1e-4 * self.rate_hz], fs=self.rate_hz)
        self.delay_s = float(gd[0]) / self.rate_hz

    def reset(self) -> None:
        """Forget the state: every channel restarts at its next valid sample."""
        self._zi[:] = 0.0
        self._fresh[:] = True

    def feed(self, x: np.ndarray) -> np.ndarray:
        """Filter the next block.

        Parameters
        ----------
        x : ndarray, shape (n, n_channels)
            Samples in any unit, NaN where missing.

        Returns
        -------
        ndarray, shape (n, n_channels)
            Filtered samples in the same unit; NaN exactly where ``x`` is NaN.
        """
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.n_channels:
            raise ValueError(f"expected shape (n, {self.n_channels}), got {x.shape}")
        return self.feed_by_channel(x.T).T

    def feed_by_channel(self, xt: np.ndarray, t_s: np.ndarray | None = None) -> np.ndarray:
        """:meth:`feed` of a block laid out channel by channel: ``xt`` (n_channels, n), each channel's
        samples best contiguous (C order), NaN where missing; returns the filtered (n_channels, n). The same
        numbers as ``feed(xt.T).T``; with each channel contiguous the filter runs faster. ``t_s`` (n,): the
        samples' times (s), in order: after a step of more than JUMP_PERIODS periods from the sample before
        (this block's or the last one fed with its times) every channel restarts, as after a missing sample."""
        xt = np.asarray(xt, dtype=float)
        if xt.ndim != 2 or xt.shape[0] != self.n_channels:
            raise ValueError(f"expected shape ({self.n_channels}, n), got {xt.shape}")
        if t_s is None or not len(t_s):
            return self._feed_by_channel(xt)
        t_s = np.asarray(t_s, dtype=float)
        before = t_s[0] if self._last_t_s is None else self._last_t_s
        self._last_t_s = float(t_s[-1])
        jumps = np.flatnonzero(np.diff(t_s, prepend=before) > JUMP_PERIODS / self.rate_hz).tolist()
        if not jumps:
            return self._feed_by_channel(xt)
        parts = [self._feed_by_channel(xt[:, :jumps[0]])]
        for lo, hi in zip(jumps, jumps[1:] + [t_s.size]):
            self.reset()  # absent samples: every channel restarts at its next valid sample
            parts.append(self._feed_by_channel(xt[:, lo:hi]))
        return np.concatenate(parts, axis=1)

    def _feed_by_channel(self, xt: np.ndarray) -> np.ndarray:
        """:meth:`feed_by_channel` of ``xt`` (n_channels, n), float, without times."""
        n = xt.shape[1]
        if n == 0 or self.sos is None:
            return xt.copy()
        missing = np.isnan(xt)
        if not missing.any():
            return self._filter(xt, slice(None))
        valid = ~missing
        out = np.full_like(xt, np.nan)
        # Runs of samples with the same missing pattern: one pass per run over its valid channels.
        change = np.flatnonzero((valid[:, 1:] != valid[:, :-1]).any(axis=0)) + 1
        bounds = np.concatenate(([0], change, [n]))
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            self._fresh[~valid[:, lo]] = True
            chans = np.flatnonzero(valid[:, lo])
            if chans.size == self.n_channels:
                out[:, lo:hi] = self._filter(xt[:, lo:hi], slice(None))
            elif chans.size:
                out[chans, lo:hi] = self._filter(xt[chans, lo:hi], chans)
        return out

    def _filter(self, seg: np.ndarray, chans: slice | np.ndarray) -> np.ndarray:
        """Run the cascade over ``seg`` (len(chans), samples), all valid, carrying those channels' state."""
        zi = self._zi[:, chans].copy()
        fresh = self._fresh[chans]
        if fresh.any():
            zi[:, fresh] = self._zi_unit[:, None, :] * seg[fresh, 0][None, :, None]
        from scipy.signal import lfilter

        y = seg
        for k, section in enumerate(self.sos):  # the cascade sosfilt runs, section by section
            y, zi[k] = lfilter(section[:3], section[3:], y, axis=-1, zi=zi[k])
        self._zi[:, chans] = zi
        self._fresh[chans] = False
        return y


def lowpass_zero_phase(x: np.ndarray, rate_hz: float, cutoff_hz: float, order: int = 2) -> np.ndarray:
    """Zero-phase (forward-backward) Butterworth low-pass, FOR REPORT PLOTS ONLY: it uses future samples.

    Each NaN-free run of each channel is filtered on its own (runs too short to pad are returned as they
    are); NaN stays NaN. The effective order is twice ``order`` and there is no delay.

    Parameters
    ----------
    x : ndarray, shape (n,) or (n, n_channels)
    rate_hz, cutoff_hz : float
        Sample rate and cut-off (Hz).

    Returns
    -------
    ndarray, the shape of ``x``.
    """
    from scipy.signal import sosfiltfilt

    sos = _butter_sos(order, cutoff_hz, rate_hz)
    arr = np.asarray(x, dtype=float)
    two_d = arr.reshape(arr.shape[0], -1)
    out = np.full_like(two_d, np.nan)
    default_pad = 3 * (2 * len(sos) + 1 - min((sos[:, 2] == 0).sum(), (sos[:, 5] == 0).sum()))
    for c in range(two_d.shape[1]):
        col = two_d[:, c]
        valid = ~np.isnan(col)
        edges = np.flatnonzero(np.diff(np.concatenate(([False], valid, [False])).astype(np.int8)))
        for start, stop in zip(edges[::2], edges[1::2]):
            run = col[start:stop]
            if run.size > default_pad:
                out[start:stop, c] = sosfiltfilt(sos, run)
            else:
                out[start:stop, c] = run
    return out.reshape(arr.shape)
