"""A rendered population ride (firmware_sim.population.render.RenderedRide) as an in-memory Session.

The ride's layout JSON is read by the generic CSV importer's own reader (docs/import-csv.md), its arrays
become an ImportedRecording with per-foot time axes, and the session is built as an import writes one
(monitor.importers.session), without CSV text and without writing the session. For validation work.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from monitor.importers.base import ImportedRecording, fill_time_jumps
from monitor.importers.generic_csv_layout import read_layout
from monitor.importers.session import frames_of, session_info
from monitor.session.model import Session, gaps_table


def merged_layout_json(ride: Any) -> dict[str, Any]:
    """The two feet's layout JSON documents of ``ride`` as one (docs/import-csv.md)."""
    docs = list(ride.layout_json.values())
    out = {k: v for k, v in docs[0].items() if k != "feet"}
    out["feet"] = {foot: doc["feet"][foot] for doc in docs for foot in doc["feet"]}
    return out


def ride_session(ride: Any, session_id: str | None = None) -> Session:
    """``ride`` (a RenderedRide) as a Session that ``monitor.analysis.batch`` accepts; its ground truth is kept in
    ``info.ground_truth``; every sensor is kept (a pedar-like grid's 99 as well: imports hold up to
    monitor.importers.generic_csv_layout.MAX_SENSORS per foot)."""
    doc = merged_layout_json(ride)
    pressure = {}
    for foot in list(doc["feet"]):
        pressure[foot] = np.asarray(ride.pressure_kpa[foot])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layout.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        layouts, _ = read_layout(path)
    label = f"{ride.truth['rider_id']}-{ride.layout_name}"
    times = {foot: np.asarray(ride.t_s[foot], dtype=float) for foot in layouts}
    rec = fill_time_jumps(ImportedRecording(
        format="population", path=Path(f"{label}.population"),
        t_s=np.unique(np.concatenate(list(times.values()))),
        pressure_kpa={foot: np.asarray(pressure[foot], dtype=np.float32) for foot in layouts},
        layouts=layouts, rate_hz=int(ride.rate_hz), foot_t_s=times,
        activity=doc.get("activity", "unknown"), label=label, caveats=list(doc.get("caveats", []))))
    info = replace(session_info(rec, session_id or label), ground_truth=dict(ride.truth))
    return Session(Path(info.session_id), info, frames_of(rec, info), gaps_table(rec.gaps()))
