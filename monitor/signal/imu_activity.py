"""Gait or continuous contact, from one foot's inertial sensor over one window. Pure.

An insole's IMU measures the specific force (acceleration minus gravity, in g) and the angular rate
(deg/s) of the foot. Two physical facts tell stepping from pedalling, whatever the pressures read:

- **A stepping foot rests once a stride.** Between initial contact and heel-off the foot lies flat on the
  ground: its specific force is 1 g and it hardly turns (the "zero-velocity" stance phase that
  foot-mounted navigation relies on: Skog et al. 2010, IEEE Trans Biomed Eng 57:2657). On the real Moticon
  walk (../shared/data/moticon_opengo) the foot-flats last 0.3-0.5 s at 0.98-1.00 g and 2-10 deg/s, and
  each is followed by a swing at 170-430 deg/s. A window with ``imu_min_strides`` such rests, each
  followed by a swing, at a stride rate, is gait.
- **A pedalling foot never rests at cadence.** The pedal carries it on a circle of the crank's radius r
  (165-175 mm) at the crank rate f, so its acceleration has the size (2 pi f)^2 r whatever the load: 0.7 g
  at 60 rpm, 1.6 g at 90, 2.3 g at 110 (r = 0.1725 m), pointing at the spindle and turning once a
  revolution. The specific force is 1 g only where that vector and gravity happen to combine to it: at 60
  rpm |a|^2 = A^2 + 1 - 2 A cos(theta) crosses 1 g at about 0.65 g per radian, so it stays within 0.1 g of
  1 g for under 50 ms, twice a revolution, never the ``imu_rest_min_s`` a rest needs. And the signal is
  a smooth near-sinusoid at f: its RMS jerk is about 2 pi f times its RMS acceleration (the ratio is 1 for
  a sinusoid at f, 2 at 2 f), and the radius its size implies, RMS |a - mean| / (2 pi f)^2, is a crank's.

Labels: "gait" (rests and swings at a stride rate), "contact" (moving throughout, smooth, crank-sized),
"still" (the foot mostly at rest: standing, sitting, coasting; the IMU says nothing of the activity), and
"unknown" (too little valid data, or neither pattern: e.g. a run whose mid-stance rest is too short to
see, a rough road's vibration). Only "gait" and "contact" are verdicts; monitor.signal.activity combines
them with the force classifier's label (``combine``).

Missing samples stay missing: a row with any acceleration axis NaN is not used; a gyroscope column of NaN
is read as "no gyroscope" (rest and swing from acceleration alone). Every threshold is in
``ActivityParams`` (``imu_*``), each with its source or marked as a guess.
"""

from __future__ import annotations

import math

import numpy as np

from monitor.signal.params import ActivityParams
from monitor.signal.patterns import enough_data
from monitor.signal.runs import period_samples, valid_runs

IMU_LABELS = ("gait", "contact", "still", "unknown")
#: Standard gravity (m/s^2), for a radius from an acceleration in g.
STANDARD_GRAVITY_M_S2 = 9.80665

_EVIDENCE = ("imu_valid_fraction", "imu_moving_fraction", "imu_strides", "imu_rests",
             "imu_cycles_per_min", "imu_jerk_ratio", "imu_radius_m")


def _smooth(x: np.ndarray, valid: np.ndarray, width: int) -> np.ndarray:
    """Centred moving mean over ``width`` samples of the valid rows of ``x`` (m, k); NaN where invalid."""
    if width <= 1:
        return np.where(valid[:, None], x, np.nan)
    xz = np.where(valid[:, None], x, 0.0)
    c = np.concatenate((np.zeros((1, x.shape[1])), np.cumsum(xz, axis=0)))
    n = np.concatenate(([0], np.cumsum(valid)))
    m = x.shape[0]
    lo = np.clip(np.arange(m) - width // 2, 0, m)
    hi = np.clip(lo + width, 0, m)
    count = (n[hi] - n[lo]).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (c[hi] - c[lo]) / count[:, None]
    return np.where(valid[:, None], out, np.nan)


def classify_imu_window(accel_g: np.ndarray, gyro_dps: np.ndarray | None, rate_hz: float,
                        params: ActivityParams = ActivityParams()) -> tuple[str, dict[str, float]]:
    """Gait, continuous contact, still or unknown for one foot over one window.

    Parameters
    ----------
    accel_g : ndarray, shape (m, 3)
        Specific force (g) along the insole's three axes; NaN where missing.
    gyro_dps : ndarray, shape (m, 3), or None
        Angular rate (deg/s); None or all NaN when the insole has no gyroscope.
    rate_hz : float
        Sample rate (Hz); the window is expected to hold ``window_s * rate_hz`` samples.

    Returns
    -------
    label : one of IMU_LABELS
    evidence : dict
        imu_valid_fraction, imu_moving_fraction, imu_strides (rests followed by a swing), imu_rests,
        imu_cycles_per_min (one foot), imu_jerk_ratio, imu_radius_m (NaN where not computed).
    """
    p = params
    a = np.asarray(accel_g, dtype=float).reshape(-1, 3)
    m = a.shape[0]
    g = None if gyro_dps is None else np.asarray(gyro_dps, dtype=float).reshape(m, 3)
    if g is not None and np.isnan(g).all():
        g = None
    ev = dict.fromkeys(_EVIDENCE, math.nan)
    valid = ~np.isnan(a).any(axis=1)
    ev["imu_valid_fraction"] = float(valid.sum()) / max(1.0, p.window_s * rate_hz)
    if not enough_data(ev["imu_valid_fraction"], p.min_valid_fraction):  # none is unknown, a minimum of 0 too
        return "unknown", ev
    with np.errstate(invalid="ignore"):
        mag_g = np.sqrt((a * a).sum(axis=1))
        rate_dps = None if g is None else np.sqrt((g * g).sum(axis=1))
        calm = valid & (np.abs(mag_g - 1.0) <= p.imu_rest_accel_tol_g)
        if rate_dps is not None:
            calm &= ~(rate_dps > p.imu_rest_gyro_dps)  # a sample without its gyro reading: accel decides
    min_rest = int(math.ceil(p.imu_rest_min_s * rate_hz)) + 1  # samples that span imu_rest_min_s
    rests = [(lo, hi) for lo, hi in valid_runs(calm) if hi - lo >= min_rest]
    resting = np.zeros(m, dtype=bool)
    for lo, hi in rests:
        resting[lo:hi] = True
    moving = valid & ~resting
    ev["imu_rests"] = float(len(rests))
    ev["imu_moving_fraction"] = float(moving.sum()) / float(valid.sum())
    if ev["imu_moving_fraction"] < p.imu_min_moving_fraction:
        return "still", ev

    # gait: foot-flats (rests no longer than a stance), each followed by a swing before the next rest
    with np.errstate(invalid="ignore"):
        if rate_dps is not None:
            swinging = rate_dps >= p.imu_swing_min_dps
        else:
            swinging = np.abs(mag_g - 1.0) >= p.imu_swing_min_accel_g
    flat_max = p.imu_foot_flat_max_s * rate_hz
    starts = []
    for j, (lo, hi) in enumerate(rests):
        nxt = rests[j + 1][0] if j + 1 < len(rests) else m
        if hi - lo <= flat_max and nxt > hi and swinging[hi:nxt].any() and nxt - hi <= p.max_period_s * rate_hz:
            starts.append(lo)
    ev["imu_strides"] = float(len(starts))
    if len(starts) >= p.imu_min_strides:
        period_s = float(np.median(np.diff(starts))) / rate_hz
        if p.min_period_s <= period_s <= p.max_period_s:
            ev["imu_cycles_per_min"] = 60.0 / period_s
            return "gait", ev
    if starts:
        return "unknown", ev  # some strides, not enough to call it gait: no verdict

    # continuous contact: periodic, smooth, crank-sized motion of the moving samples
    s = _smooth(a, valid, int(round(p.imu_smooth_s * rate_hz)))
    ac = s - np.nanmean(np.where(moving[:, None], s, np.nan), axis=0)
    ac_mag = np.where(moving, np.sqrt((ac * ac).sum(axis=1)), np.nan)
    # the size of a pedalling foot's specific force turns once a revolution (|a|^2 = A^2 + 1 - 2 A cos theta)
    s_mag = np.sqrt((s * s).sum(axis=1))
    centred = np.where(moving, s_mag - np.nanmean(np.where(moving, s_mag, np.nan)), 0.0)
    lag, corr = period_samples(centred, max(1, int(p.min_period_s * rate_hz)), int(p.max_period_s * rate_hz))
    if lag == 0 or corr < p.min_periodicity:
        return "unknown", ev
    f_hz = rate_hz / lag
    ev["imu_cycles_per_min"] = 60.0 * f_hz
    both = moving[1:] & moving[:-1]
    if both.sum() < 2:
        return "unknown", ev
    jerk_g_s = (ac[1:] - ac[:-1])[both] * rate_hz
    rms_jerk = math.sqrt(float((jerk_g_s * jerk_g_s).sum(axis=1).mean()))
    rms_acc_g = math.sqrt(float(np.nanmean(ac_mag * ac_mag)))
    omega = 2.0 * math.pi * f_hz
    if rms_acc_g <= 0.0:
        return "unknown", ev
    ev["imu_jerk_ratio"] = rms_jerk / (omega * rms_acc_g)
    ev["imu_radius_m"] = rms_acc_g * STANDARD_GRAVITY_M_S2 / omega ** 2
    if (ev["imu_jerk_ratio"] <= p.imu_max_jerk_ratio
            and p.imu_min_radius_m <= ev["imu_radius_m"] <= p.imu_max_radius_m):
        return "contact", ev
    return "unknown", ev


def combine(force_label: str, imu_label: str, imu_evidence: dict[str, float],
            params: ActivityParams = ActivityParams()) -> str:
    """The activity of a window from the force classifier's label and the IMU's.

    The IMU decides gait against continuous contact where it has a verdict; the force classifier keeps
    what the IMU cannot tell (walking from running, cycling from an elliptical) where the two agree:

    - IMU "still", "unknown" (or no IMU): the force label;
    - IMU "gait": the force label if it is walking or running, else walking or running by the IMU's step
      rate (``running_min_steps_per_min``, both feet);
    - IMU "contact": the force label if it is cycling or elliptical_or_stair, else cycling, or
      elliptical_or_stair below ``cycling_min_rpm`` (a stepper's rate).
    """
    if imu_label == "gait":
        if force_label in ("walking", "running"):
            return force_label
        steps_per_min = 2.0 * imu_evidence["imu_cycles_per_min"]
        return "running" if steps_per_min >= params.running_min_steps_per_min else "walking"
    if imu_label == "contact":
        if force_label in ("cycling", "elliptical_or_stair"):
            return force_label
        return "cycling" if imu_evidence["imu_cycles_per_min"] >= params.cycling_min_rpm else "elliptical_or_stair"
    return force_label
