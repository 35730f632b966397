"""Per-cycle features of monitor.signal.features, computed for many cycles at once (segment reductions
over the per-sample table). Pure functions of the table's rows.
"""

from __future__ import annotations

import numpy as np

from monitor.signal.feature_tables import reduce_segments
from monitor.signal.types import Cycle

# Fixed columns of the per-sample table; region forces, region peaks (0 where missing) and whether each
# peak is present (1, 0) follow. The columns from _VALID on are the ones summed over bins and cycles.
_T, _FFPEAK, _UNLOAD_T, _RELIEF, _ACT, _VALID, _TOTAL, _FF, _COPW, _COPWY = range(10)
_NFIXED = 10
#: Samples handled at once inside feed() (two and a half minutes at 100 Hz, the pipeline's slice): bounds
#: the per-sample table (about 5 MB) for blocks of any size.
_PIECE = 15000


class CycleReductions:
    """Mixed into FeatureAccumulator: needs ``_live()``, ``regions``, ``rate_hz``, ``_dt_s``, ``params``,
    ``_peak_cols``, ``_has_peak_cols``."""

    # -- cycles --------------------------------------------------------------------------------------
    def _cycle_arrays(self, cycles: list[Cycle]) -> dict[str, np.ndarray]:
        """Features of cycles whose samples are in the table, computed together (segment reductions).

        Returns arrays with one row per cycle: end_s, duration_s, peak_kpa, pti_kpa_s, fti_n_s (each
        (nc, n_regions), NaN where the region had no reading), total_fti_n_s, forefoot_share, cop_y_mean,
        ml_index, residual_kpa, valid_fraction (each (nc,)).
        """
        live = self._live()
        nc = len(cycles)
        start_s = np.array([c.start_s for c in cycles])
        end_s = np.array([c.end_s for c in cycles])
        lo = np.searchsorted(live[:, _T], start_s, side="left")
        hi = np.searchsorted(live[:, _T], end_s, side="left")
        full = np.flatnonzero(hi > lo)  # cycles with samples; hi is non-decreasing (cycles by end)
        rows = live[lo[full].min():hi[full].max()] if full.size else live[:0]
        lo, hi = lo - (lo[full].min() if full.size else 0), hi - (lo[full].min() if full.size else 0)

        def seg(ufunc: np.ufunc, x: np.ndarray, empty: float) -> np.ndarray:
            out = np.full((nc, *x.shape[1:]), empty)
            if full.size:
                out[full] = reduce_segments(ufunc, x, lo[full], hi[full])
            return out

        n_reg = len(self.regions)
        dt = self._dt_s
        # every sum in one segment reduction (each column is reduced on its own, in the same order):
        # n_valid, total, forefoot, cop weight, cop weight * y, region forces, peak sums, peak counts
        sums = seg(np.add, rows[:, _VALID:], 0.0)
        n_valid = sums[:, 0]
        forces = sums[:, 5:5 + n_reg] * dt
        pti = sums[:, 5 + n_reg:5 + 2 * n_reg] * dt
        peak_n = sums[:, 5 + 2 * n_reg:]
        if np.array_equal(peak_n, np.broadcast_to(np.maximum(hi - lo, 0)[:, None], peak_n.shape)):
            # every region read in every sample of every cycle: nothing to mask (a segment maximum is
            # the same whatever the rows' memory layout)
            peak_max = seg(np.maximum, rows[:, self._peak_cols], -np.inf)
        else:
            present = rows[:, self._has_peak_cols] > 0
            peak_max = seg(np.maximum, np.where(present, rows[:, self._peak_cols], -np.inf), -np.inf)
        has = n_valid > 0
        total_fti = np.where(has, sums[:, 1] * dt, np.nan)
        ff_fti = sums[:, 2] * dt
        fti = np.where(has[:, None], forces, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(has & (total_fti > 0) & ~np.isnan(ff_fti) & self.complete, ff_fti / total_fti, np.nan)
            cop = np.where(sums[:, 3] > 0, sums[:, 4] / sums[:, 3], np.nan)
            mth1, mth4_5 = (pti[:, self.regions.index(r)] if r in self.regions else np.full(nc, np.nan)
                            for r in ("mth1", "mth4_5"))
            both = mth1 + mth4_5
            ml = np.where(both > 0, (mth4_5 - mth1) / both, np.nan)
        duration_s = end_s - start_s
        expected = np.maximum(1, np.rint(duration_s * self.rate_hz))
        return {
            "end_s": end_s, "duration_s": duration_s,
            "peak_kpa": np.where(peak_n > 0, peak_max, np.nan),
            "pti_kpa_s": np.where(peak_n > 0, pti, np.nan),
            "fti_n_s": fti, "total_fti_n_s": total_fti, "forefoot_share": share, "cop_y_mean": cop,
            "ml_index": ml, "residual_kpa": self._residuals(cycles, rows, lo, hi, seg),
            "valid_fraction": np.minimum(1.0, n_valid / expected),
        }

    def _residuals(self, cycles: list[Cycle], rows: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                   seg) -> np.ndarray:
        """The ``residual_quantile`` of the forefoot peak pressure over each cycle's unloaded phase (NaN
        when it has no such sample), linear interpolation as numpy.quantile, at least 0 kPa. Cycle i has the samples
        ``rows[lo[i]:hi[i]]``.
        """
        nc = len(cycles)
        lens = np.maximum(hi - lo, 0)
        out = np.full(nc, np.nan)
        width = int(lens.max())
        if not width:
            return out
        valid = rows[:, _VALID] > 0
        all_valid = bool(valid.all())
        # each cycle's samples in a row of its own: cycle i's j-th sample in column j (j < lens[i])
        offset = np.arange(width)
        at = np.minimum(np.maximum(lo, 0)[:, None] + offset, rows.shape[0] - 1)
        stride = np.array([c.kind == "stride" for c in cycles])
        with np.errstate(invalid="ignore"):
            if stride.all():
                unloaded = self._after_toe_off(cycles, rows, at)
            else:
                unloaded = rows[:, _TOTAL][at] < self._half_load(rows[:, _TOTAL], valid, all_valid, seg)[:, None]
                if stride.any():
                    unloaded = np.where(stride[:, None], self._after_toe_off(cycles, rows, at), unloaded)
        ffpeak = rows[:, _FFPEAK][at]
        use = unloaded & (offset < lens[:, None]) & ~np.isnan(ffpeak)
        if not all_valid:
            use &= valid[at]
        k = np.count_nonzero(use, axis=1)
        ok = k > 0
        if not ok.any():
            return out
        table = np.where(use, ffpeak, np.inf)  # unused places +inf, then sorted
        table.sort(axis=1)
        which = np.flatnonzero(ok)
        pos = self.params.residual_quantile * (k[ok] - 1)
        f = np.floor(pos).astype(int)
        below = table[which, f]
        above = table[which, np.minimum(f + 1, k[ok] - 1)]
        # A pressure is never negative: a residual below 0 kPa is the low-pass filter's tail after the
        # unloading (monitor.signal.filters), not a reading. Where the insole reads exactly 0 in the swing
        # the tail decays around 0 and its quantile came out as -1e-7 kPa, which a kept normal then carried
        # (monitor.signal.baseline.RANGES refuses it). Clipped here, so every residual is >= 0; one that
        # was >= 0 keeps its bits.
        out[ok] = np.maximum(below + (pos - f) * (above - below), 0.0)
        return out

    @staticmethod
    def _after_toe_off(cycles: list[Cycle], rows: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Whether the samples ``rows[at]`` (nc, width) are at or after their cycle's toe-off (False for a
        cycle without one)."""
        toe_off = np.array([c.toe_off_s if c.toe_off_s is not None else np.nan for c in cycles])
        return rows[:, _T][at] >= toe_off[:, None]

    @staticmethod
    def _half_load(total: np.ndarray, valid: np.ndarray, all_valid: bool, seg) -> np.ndarray:
        """The half-way total force between each cycle's lowest and highest valid sample (nc,): the
        unloaded phase of a pedal stroke is below it."""
        if all_valid:  # nothing to mask (only the half-way load reads these, and the sign of a zero
            # extreme, which the memory layout may change, cannot move it)
            low, high = seg(np.minimum, total, np.inf), seg(np.maximum, total, -np.inf)
        else:
            low = seg(np.minimum, np.where(valid, total, np.inf), np.inf)
            high = seg(np.maximum, np.where(valid, total, -np.inf), -np.inf)
        return 0.5 * (low + high)
