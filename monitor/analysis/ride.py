"""A bike computer's ride set against the insoles: forefoot load by power and by cadence, seated against
standing, and the crank sensor's cadence in place of the insoles' estimate. Pure.

``ride`` is the records table of monitor.session.ride (``t_s``, ``power_w``, ``cadence_rpm``,
``heart_rate_bpm``, ``speed_m_s``, ``altitude_m``, ``position``); ``metrics`` the per-second table of
monitor.analysis.per_second. A record belongs to the nearest second (monitor.session.ride_time.record_second:
``s`` for ``t_s`` in ``(s - 0.5, s + 0.5]``, the session second its own second overlaps most, as the FIT
export pairs them); where a second has several, the first is taken (bike computers record at most one a
second in their usual mode).

Cadence: a crank sensor's reading of 0 is coasting, not a cadence, so the means below leave zeros out
(the insoles' cadence counts pedal strokes, and there is none while coasting). A window or session with
no crank reading above 0 keeps the insoles' estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from monitor.analysis.suggestions import is_cycling
from monitor.codebook import FEET, FOREFOOT_REGIONS
from monitor.session.ride_time import first_record_per_second

#: The dtype of the per-second ``position``: a pandas Categorical of the ride's positions, those of
#: monitor.session.ride.POSITIONS (not imported: analysis does no I/O; tests/test_fit.py holds them equal),
#: the same on every pandas version, for ``groupby`` and ``value_counts`` over both.
POSITION_DTYPE = pd.CategoricalDtype(("seated", "standing"))
#: Power bands of the load-by-power table (W): below 150 easy, 150-250 endurance, 250-350 threshold,
#: 350 and up above it, for a rider near 250-300 W FTP (guess: Coggan's zones scaled to such a rider).
POWER_BANDS_W = (0.0, 150.0, 250.0, 350.0, math.inf)
#: Cadence bands of the load-by-cadence table (rpm): below 70 low, 70-90 the common 80-90 [10] M band
#: widened, 90 and up high (guess at the edges).
CADENCE_BANDS_RPM = (0.0, 70.0, 90.0, math.inf)
#: A band is shown with at least this many seconds of both ride and insole data (guess: half a minute).
MIN_BAND_S = 30


def ride_per_second(ride: pd.DataFrame, seconds: np.ndarray) -> pd.DataFrame:
    """The ride's first record that goes with each of ``seconds`` (whole session seconds; the nearest,
    monitor.session.ride_time.record_second), one row per second, NaN where the ride has none. Columns: the
    ride's, without ``utc``: the values float64, ``position`` :data:`POSITION_DTYPE` (missing where the
    ride has no record or does not say)."""
    cols = ["power_w", "cadence_rpm", "heart_rate_bpm", "speed_m_s", "altitude_m", "position"]
    first = first_record_per_second(ride, cols)
    out = first.reindex(seconds.astype(np.int64))
    for col in cols[:-1]:
        out[col] = out[col].astype("float64")
    out["position"] = pd.Categorical(out["position"].where(out["position"].notna(), None),
                                     dtype=POSITION_DTYPE)
    return out.reset_index(drop=True)


def forefoot_peak(metrics: pd.DataFrame, foot: str) -> np.ndarray:
    """Per second, the highest peak (kPa) among the foot's forefoot regions (NaN where none read)."""
    cols = [f"{foot}_{r}_peak_kpa" for r in FOREFOOT_REGIONS if f"{foot}_{r}_peak_kpa" in metrics]
    if not cols:
        return np.full(len(metrics), np.nan)
    values = metrics[cols].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        all_nan = np.isnan(values).all(axis=1)
        return np.where(all_nan, np.nan, np.nanmax(np.where(np.isnan(values), -np.inf, values), axis=1))


def joined_seconds(metrics: pd.DataFrame, ride: pd.DataFrame, feet: tuple[str, ...]) -> pd.DataFrame:
    """Per session second: ``t_s``, the ride's columns, and per foot ``<foot>_forefoot_share`` and
    ``<foot>_forefoot_peak_kpa``."""
    seconds = metrics["t_s"].to_numpy(dtype=float)
    out = ride_per_second(ride, seconds)
    out.insert(0, "t_s", seconds)
    for foot in feet:
        out[f"{foot}_forefoot_share"] = metrics[f"{foot}_forefoot_share"].to_numpy(dtype=float)
        out[f"{foot}_forefoot_peak_kpa"] = forefoot_peak(metrics, foot)
    return out


#: The ride's quantities the forefoot load is set against (the report's ride figure), column -> its words.
AGAINST = {"power_w": "power", "cadence_rpm": "crank cadence"}


def drawn_against(joined: pd.DataFrame) -> tuple[str, ...]:
    """The columns of :data:`AGAINST` that ``joined`` (:func:`joined_seconds`) has a value of to set the load
    against, in that order: ``power_w`` where some second has a power (W), ``cadence_rpm`` where some second
    has a crank cadence above 0 rpm (0 is coasting; a session not a ride has its file's cadence left out,
    monitor.report.ride_data)."""
    has = {"power_w": bool(np.isfinite(joined["power_w"].to_numpy(dtype=float)).any()),
           "cadence_rpm": bool((joined["cadence_rpm"].to_numpy(dtype=float) > 0).any())}
    return tuple(col for col in AGAINST if has[col])


def crank_cadence(ride: pd.DataFrame, start_s: float = -math.inf, end_s: float = math.inf) -> float:
    """The mean crank cadence (rpm) of the records in ``[start_s, end_s)`` while pedalling (above 0);
    NaN when there is none."""
    t = ride["t_s"].to_numpy(dtype=float)
    c = ride["cadence_rpm"].to_numpy(dtype=float)
    pick = (t >= start_s) & (t < end_s) & np.isfinite(c) & (c > 0)
    return float(c[pick].mean()) if pick.any() else math.nan


def window_cadence(windows: pd.DataFrame, ride: pd.DataFrame) -> pd.DataFrame:
    """``windows`` (monitor.analysis.tables.windows_table) with ``cadence_per_min`` the crank's mean over
    each window ``[t_s - window_s, t_s)`` where the crank has a reading there and the window is not known
    to be other than cycling (a walk's or run's FIT cadence is no crank's), and
    ``cadence_source`` ("crank sensor" or "insoles") saying which each row holds."""
    out = windows.copy()
    if out.empty:
        out["cadence_source"] = pd.Series(dtype=str)  # text, as with rows
        return out
    crank = np.array([crank_cadence(ride, t - w, t) for t, w in zip(out["t_s"], out["window_s"])])
    has = np.isfinite(crank)
    if "activity" in out:
        has &= np.array([not isinstance(a, str) or a in ("", "unknown") or is_cycling(a) for a in out["activity"]],
                        dtype=bool)
    out["cadence_per_min"] = np.where(has, crank, out["cadence_per_min"].to_numpy(dtype=float))
    out["cadence_source"] = np.where(has, "crank sensor", "insoles")
    return out


@dataclass(frozen=True)
class BandRow:
    """One band of power or cadence: its edges, the seconds in it, and per foot the mean forefoot share
    (0..1) and mean forefoot peak (kPa) over those seconds (NaN without insole data)."""

    low: float
    high: float
    seconds: int
    forefoot_share: dict[str, float] = field(default_factory=dict)
    forefoot_peak_kpa: dict[str, float] = field(default_factory=dict)


def load_by_band(joined: pd.DataFrame, column: str, edges: tuple[float, ...], feet: tuple[str, ...],
                 *, min_s: int = MIN_BAND_S, positive_only: bool = False) -> list[BandRow]:
    """Forefoot load by band of ``column`` (``power_w`` or ``cadence_rpm``): the bands with at least
    ``min_s`` seconds of both the ride's value and some insole data (:func:`insole_seconds`);
    ``positive_only`` leaves out 0 (coasting, for cadence)."""
    v = joined[column].to_numpy(dtype=float)
    insole = insole_seconds(joined, feet)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        pick = np.isfinite(v) & (v >= lo) & (v < hi) & insole
        if positive_only:
            pick &= v > 0
        n = int(pick.sum())
        if n < min_s:
            continue
        share = {f: _mean(joined[f"{f}_forefoot_share"].to_numpy(dtype=float)[pick]) for f in feet}
        peak = {f: _mean(joined[f"{f}_forefoot_peak_kpa"].to_numpy(dtype=float)[pick]) for f in feet}
        rows.append(BandRow(lo, hi, n, share, peak))
    return rows


def load_by_position(joined: pd.DataFrame, feet: tuple[str, ...]) -> dict[str, BandRow]:
    """Forefoot load seated and standing, where the ride's position says which (``{}`` when it never
    does). The BandRow's edges are NaN."""
    out = {}
    for position in ("seated", "standing"):
        pick = (joined["position"] == position).to_numpy()
        if not pick.any():
            continue
        share = {f: _mean(joined[f"{f}_forefoot_share"].to_numpy(dtype=float)[pick]) for f in feet}
        peak = {f: _mean(joined[f"{f}_forefoot_peak_kpa"].to_numpy(dtype=float)[pick]) for f in feet}
        out[position] = BandRow(math.nan, math.nan, int(pick.sum()), share, peak)
    return out


def insole_seconds(joined: pd.DataFrame, feet: tuple[str, ...]) -> np.ndarray:
    """Bool, shape (n_seconds,): the seconds of ``joined`` (:func:`joined_seconds`) with insole data, a
    forefoot share or a forefoot peak of some foot of ``feet``: an insole whose share is not measurable
    (no sensor under the midfoot, ORPHE's) has its peaks."""
    insole = np.zeros(len(joined), dtype=bool)
    for foot in feet:
        insole |= np.isfinite(joined[f"{foot}_forefoot_share"].to_numpy(dtype=float))
        insole |= np.isfinite(joined[f"{foot}_forefoot_peak_kpa"].to_numpy(dtype=float))
    return insole


def share_not_measured(joined: pd.DataFrame, feet: tuple[str, ...]) -> tuple[str, ...]:
    """The feet of ``feet`` with a forefoot peak in some second of ``joined`` but a forefoot share in none:
    their insole cannot measure the share (the report says "not measured", not a blank)."""
    def has(foot: str, col: str) -> bool:
        return bool(np.isfinite(joined[f"{foot}_{col}"].to_numpy(dtype=float)).any())
    return tuple(f for f in feet if has(f, "forefoot_peak_kpa") and not has(f, "forefoot_share"))


def _mean(x: np.ndarray) -> float:
    x = x[np.isfinite(x)]
    return float(x.mean()) if x.size else math.nan


@dataclass(frozen=True)
class RideSummary:
    """What the ride says over the session: records kept, the means of its quantities (cadence while
    pedalling), and whether it says when the rider stood."""

    records: int
    seconds_with_insoles: int
    mean_power_w: float
    mean_cadence_rpm: float
    mean_heart_rate_bpm: float
    mean_speed_m_s: float
    positions_recorded: bool


def ride_summary(ride: pd.DataFrame, joined: pd.DataFrame, feet: tuple[str, ...],
                 positions_recorded: bool) -> RideSummary:
    insole = insole_seconds(joined, feet)
    ride_values = joined[["power_w", "cadence_rpm", "heart_rate_bpm"]].to_numpy(dtype=float)
    ride_there = np.isfinite(ride_values).any(axis=1)
    return RideSummary(int(len(ride)), int((insole & ride_there).sum()),
                       _mean(ride["power_w"].to_numpy(dtype=float)), crank_cadence(ride),
                       _mean(ride["heart_rate_bpm"].to_numpy(dtype=float)),
                       _mean(ride["speed_m_s"].to_numpy(dtype=float)), positions_recorded)


def feet_of(metrics: pd.DataFrame) -> tuple[str, ...]:
    """The feet the per-second table has columns for."""
    return tuple(f for f in FEET if f"{f}_forefoot_share" in metrics)
