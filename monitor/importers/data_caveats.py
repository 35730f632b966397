"""Caveats an import finds in a recording's pressures themselves: a sensor that read 0 in every frame while
its foot was loaded (monitor.signal.zero_sensors). It neither refuses the file nor changes a sample: it is
said, in session.json's ``imported_from.caveats`` and so in the report's "What to know" (docs/import-csv.md,
"A sensor that reads 0 all along").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from monitor.codebook import SensorLayout
from monitor.importers.base import ImportedRecording
from monitor.signal.regions import RegionReducer
from monitor.signal.zero_sensors import ZeroSensors, zero_caveat

#: Frames read at a time (bounded memory: a 60-minute file's foot is not copied whole; a guess).
CHUNK_ROWS = 65_536


def foot_zero_caveat(foot: str, layout: SensorLayout, pressure_kpa: np.ndarray, rate_hz: float) -> str:
    """The caveat of ``foot``'s sensors that read 0 in every frame while it was loaded (``pressure_kpa``
    (n_rows, n_sensors), NaN where missing; ``rate_hz`` its sample rate, Hz), "" for none: the frames and
    words of the analysis's (monitor.signal.zero_sensors), read CHUNK_ROWS at a time."""
    zeros = ZeroSensors(layout.n_sensors, layout.kpa_per_count)
    reducer = RegionReducer(layout)
    for lo in range(0, pressure_kpa.shape[0], CHUNK_ROWS):
        pt = np.ascontiguousarray(pressure_kpa[lo:lo + CHUNK_ROWS].T, dtype=float)
        total_n, _ = reducer.loads_by_sensor(pt)
        zeros.add(pt, total_n)
    return zero_caveat(foot, layout, zeros.zero(rate_hz))


def with_data_caveats(rec: ImportedRecording) -> ImportedRecording:
    """``rec`` with each foot's :func:`foot_zero_caveat` after its own caveats; ``rec`` itself when there are
    none."""
    found = []
    for foot in rec.feet:
        if c := foot_zero_caveat(foot, rec.layouts[foot], rec.pressure_kpa[foot], rec.foot_rate_hz(foot)):
            found.append(c)
    new = [c for c in found if c not in rec.caveats]
    return replace(rec, caveats=[*rec.caveats, *new]) if new else rec
