"""A small kinematic generator of one foot's insole IMU (and a total force to go with it) on a bike.

Independent of firmware_sim: the foot rides a pedal on a circle of the crank radius, turned by a crank
angle that follows the cadence; the accelerometer reads the pedal's acceleration plus 1 g up, in a frame
pitched by the foot's ankling and rolled by the bike's rocking when standing; the gyroscope reads those
two angles' rates. Coasting holds the crank still (pedals level). Figures are guesses in the ranges of
domain.md section 1 (cadence 60-110 rpm) and common bike fit (170-175 mm cranks, ankling about 20 deg
through a revolution); none was taken from the simulator or the population generator.

``ride(segments, rate_hz, seed)``: ``segments`` is a list of ``(kind, duration_s, rpm)`` with kind
"seated", "standing" or "coasting". Returns t_s (n,), accel_g (n, 3), gyro_dps (n, 3), total_force_n (n,).
"""

from __future__ import annotations

import numpy as np

G_M_S2 = 9.80665
#: Internal rate for the finite differences (Hz); the output is taken from it.
_FINE_HZ = 1000


def ride(segments: list[tuple[str, float, float]], rate_hz: float = 100.0, seed: int = 0, *,
         crank_m: float = 0.1725, ankling_deg: float = 10.0, accel_noise_g: float = 0.01,
         gyro_noise_dps: float = 2.0, vibration_g: float = 0.0, peak_n: float = 300.0,
         upstroke_floor: float = 0.0, force_noise_n: float = 3.0):
    """One foot on a bike through ``segments``; see the module docstring. ``upstroke_floor`` is the force
    through the upstroke as a share of the downstroke peak (0: the foot fully unweights)."""
    rng = np.random.default_rng(seed)
    rpm_fine, kind_fine = [], []
    for kind, duration_s, rpm in segments:
        n = int(round(duration_s * _FINE_HZ))
        # cadence wanders 3 % around its mean over a few seconds (guess)
        wander = 1.0 + 0.03 * np.sin(2 * np.pi * np.arange(n) / _FINE_HZ / 7.0 + rng.uniform(0, 6.3))
        rpm_fine.append(np.where(kind == "coasting", 0.0, rpm * wander))
        kind_fine.append(np.full(n, kind))
    rpm_f = np.concatenate(rpm_fine)
    # a rider starts and stops pedalling over about a second, not at once (guess)
    ramp = np.ones(_FINE_HZ) / _FINE_HZ
    rpm_f = np.convolve(np.concatenate((np.full(_FINE_HZ, rpm_f[0]), rpm_f, np.full(_FINE_HZ, rpm_f[-1]))),
                        ramp, mode="same")[_FINE_HZ:-_FINE_HZ]
    kinds = np.concatenate(kind_fine)
    dt = 1.0 / _FINE_HZ
    theta = np.pi / 2 + np.cumsum(2 * np.pi * rpm_f / 60.0) * dt  # crank angle from the top, forward
    x_m = crank_m * np.sin(theta)
    z_m = crank_m * np.cos(theta)
    ax = np.gradient(np.gradient(x_m, dt), dt) / G_M_S2
    az = np.gradient(np.gradient(z_m, dt), dt) / G_M_S2 + 1.0  # specific force: acceleration plus 1 g up
    standing = kinds == "standing"
    turning = np.minimum(rpm_f / 60.0, 1.0)  # ankling and rocking fade as the crank stops
    pitch = np.deg2rad(ankling_deg * (1.0 + standing) * turning * np.sin(theta + 0.5))
    roll = np.deg2rad(np.where(standing, 8.0, 1.0) * turning * np.sin(theta))  # the bike rocks under a standing rider
    ay = np.zeros_like(ax)
    # into the insole's frame: pitch about y, then roll about x
    sx = ax * np.cos(pitch) - az * np.sin(pitch)
    sz0 = ax * np.sin(pitch) + az * np.cos(pitch)
    sy = ay * np.cos(roll) + sz0 * np.sin(roll)
    sz = -ay * np.sin(roll) + sz0 * np.cos(roll)
    wy = np.rad2deg(np.gradient(pitch, dt))
    wx = np.rad2deg(np.gradient(roll, dt))
    step = int(round(_FINE_HZ / rate_hz))
    take = slice(0, None, step)
    t = np.arange(rpm_f.shape[0])[take] / _FINE_HZ
    accel = np.stack((sx, sy, sz), axis=1)[take] + rng.normal(0.0, accel_noise_g, (t.size, 3))
    if vibration_g:
        accel += rng.normal(0.0, vibration_g, (t.size, 3))
    gyro = np.stack((wx, wy, np.zeros_like(wx)), axis=1)[take] + rng.normal(0.0, gyro_noise_dps, (t.size, 3))
    # the downstroke loads the pedal from the top (0) to the bottom (pi), peaking at 90 deg past the top
    phase = np.mod(theta, 2 * np.pi)[take]
    down = np.clip(np.sin(phase), 0.0, None) ** 1.5
    force = peak_n * (upstroke_floor + (1.0 - upstroke_floor) * down)
    force = np.where(kinds[take] == "coasting", 0.45 * peak_n, force)  # weight on level pedals
    force = np.maximum(force + rng.normal(0.0, force_noise_n, t.size), 0.0)
    return t, accel, gyro, force
