"""A synthetic Moticon OpenGo text export of any length, in the format of the real ones (../shared/data).

Used by benchmarks/bench_import.py. The layout copies 230927_102114.txt (OpenGo Software export, both
feet): 9 ``#`` header lines, the last naming 53 TAB-separated columns (time; per side 16 pressures in
N/cm², acceleration X/Y/Z in g, angular rate X/Y/Z in dps, total force in N, centre of pressure X/Y;
then ``right steps[]`` and ``left steps[]``); the number formats are that file's (time and pressures two
decimals, IMU and centre of pressure six, force two). The signal is a walk: each foot loads in stance
(60 % of a 1.1 s stride, a guess near the sample file's 1.2 s) with a heel-to-toe roll, pressure
quantised to the export's 0.25 N/cm² step. Missing samples are empty fields, as in the sample file: the
left insole starts 0.5 s late and both drop out for 1-6 samples at a time (3.6 % of left rows, 0.7 % of
right rows, the sample file's shares). Step markers 11/15 (left) and 21/25 (right) mark each stance's
heel strike and toe off. Not a measurement: only the file's shape and size matter here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

N_SENSORS = 16
SIDES = ("left", "right")
EXTRA_COLUMNS = ("acceleration X[g]", "acceleration Y[g]", "acceleration Z[g]", "angular X[dps]",
                 "angular Y[dps]", "angular Z[dps]", "total force[N]", "center of pressure X[-0.5...+0.5]",
                 "center of pressure Y[-0.5...+0.5]")
EXTRA_FORMATS = ("%.6f",) * 6 + ("%.2f", "%.6f", "%.6f")
STRIDE_S = 1.1  # guess, near the sample file's
STANCE_FRACTION = 0.6  # guess (walking: about 60 % stance)
PRESSURE_STEP_NCM2 = 0.25  # the sample file's resolution
#: Share of rows with no sample, per side (the data README's figures for 230927_102114.txt).
MISSING_SHARE = {"left": 0.036, "right": 0.007}
LATE_START_S = {"left": 0.5, "right": 0.0}
#: Peak pressure (N/cm²) of sensors 1..16 and the stance phase (0..1) of each peak: heel first, then
#: midfoot, metatarsal heads, toes (a guess in the range of the sample file).
PEAK_NCM2 = np.array([18, 16, 14, 12, 5, 6, 1, 6, 16, 14, 12, 10, 8, 20, 7, 5], dtype=float)
PEAK_PHASE = np.array([.1, .1, .15, .15, .35, .35, .4, .4, .65, .65, .65, .6, .6, .8, .8, .8])
STEP_CODES = {"left": (11, 15), "right": (21, 25)}


def header_lines(duration_s: float) -> list[str]:
    names = ["time"]
    for side in SIDES:
        names += [f"{side} pressure {k}[N/cm²]" for k in range(1, N_SENSORS + 1)]
        names += [f"{side} {c}" for c in EXTRA_COLUMNS]
    names += ["right steps[]", "left steps[]"]
    minutes, seconds = divmod(duration_s, 60.0)
    return ["# Start time: 02.12.2026 09:30:00.000", f"# Duration: {int(minutes):02d}:{seconds:06.3f}",
            "# Sensor insoles: Left SN1001, Right SN1002", "# Size: 7", "# Recording type: normal",
            "# Name: benchmark walk", "# Notes: synthetic", "# Tag: normal", "# " + "\t".join(names)]


def _side_columns(t_s: np.ndarray, side: str, rng: np.random.Generator) -> tuple[list[np.ndarray], np.ndarray]:
    """The side's 25 columns as text arrays (empty where missing) and its step-marker codes (0: none)."""
    n = t_s.size
    offset = 0.0 if side == "left" else STRIDE_S / 2
    phase = ((t_s + offset) % STRIDE_S) / (STRIDE_S * STANCE_FRACTION)  # 0..1 in stance, >1 in swing
    stance = phase <= 1.0
    shape = np.exp(-((phase[:, None] - PEAK_PHASE[None, :]) / 0.18) ** 2) * stance[:, None]
    p = PEAK_NCM2 * shape * rng.uniform(0.85, 1.15, size=(n, 1))
    p = np.maximum(0.0, p + rng.normal(0.0, 0.2, size=p.shape))
    p = np.round(p / PRESSURE_STEP_NCM2) * PRESSURE_STEP_NCM2
    acc = rng.normal([-0.2, 0.05, 0.97], 0.05, size=(n, 3))
    gyro = rng.normal(0.0, 30.0, size=(n, 3))
    force = p @ np.full(N_SENSORS, 13.0)  # ~13 cm² per sensor (guess: 205 cm² of sole / 16)
    cop = rng.uniform(-0.3, 0.3, size=(n, 2))
    missing = t_s < LATE_START_S[side]
    n_drops = int(MISSING_SHARE[side] * n / 3.5)  # 3.5 samples per dropout on average
    for start, length in zip(rng.integers(0, n, n_drops), rng.integers(1, 7, n_drops)):
        missing[start:start + length] = True
    cols = [_text(p[:, k], "%.2f", missing) for k in range(N_SENSORS)]
    extra = np.column_stack([acc, gyro, force, cop])
    cols += [_text(extra[:, k], fmt, missing) for k, fmt in enumerate(EXTRA_FORMATS)]
    codes = np.zeros(n, dtype=int)
    edges = np.flatnonzero(np.diff(stance.astype(np.int8)))
    for i in edges:
        codes[i + 1] = STEP_CODES[side][0] if stance[i + 1] else STEP_CODES[side][1]
    codes[missing] = 0
    return cols, codes


def _text(values: np.ndarray, fmt: str, missing: np.ndarray) -> np.ndarray:
    out = np.char.mod(fmt, values).astype(object)
    out[missing] = ""
    return out


def write_export(path: Path, *, minutes: float = 50.0, rate_hz: int = 50, seed: int = 1) -> Path:
    """Write a two-foot export of ``minutes`` at ``rate_hz`` to ``path``; return ``path``."""
    rng = np.random.default_rng(seed)
    n = int(round(minutes * 60 * rate_hz))
    t_s = np.arange(n) / rate_hz
    cols = [_text(t_s, "%.2f", np.zeros(n, dtype=bool))]
    codes = {}
    for side in SIDES:
        side_cols, codes[side] = _side_columns(t_s, side, rng)
        cols += side_cols
    for side in ("right", "left"):
        cols.append(np.where(codes[side] > 0, np.char.mod("%.2f", codes[side].astype(float)), "").astype(object))
    table = np.column_stack(cols)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header_lines(n / rate_hz)) + "\n")
        for start in range(0, n, 20_000):
            f.write("\n".join("\t".join(row) for row in table[start:start + 20_000].tolist()) + "\n")
    return path
