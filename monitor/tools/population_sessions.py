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
from monitor.importers.generic_csv import MAX_SENSORS, read_layout
from monitor.importers.session import frames_of, session_info
from monitor.session.model import Session, gaps_table


def merged_layout_json(ride: Any) -> dict[str, Any]:
    """The two feet's layout JSON documents of ``ride`` as one (docs/import-csv.md)."""
    docs = list(ride.layout_json.values())
    out = {k: v for k, v in docs[0].items() if k != "feet"}
    out["feet"] = {foot: doc["feet"][foot] for doc in docs for foot in doc["feet"]}
    return out


def pooled(foot_doc: dict[str, Any], pressure_kpa: np.ndarray) -> tuple[dict[str, Any], np.ndarray]:
    """A foot with more sensors than the monitor holds (MAX_SENSORS, the wire format's limit) with its
    sensors paired within each region, in heel-to-toe then medial-to-lateral order: a pair's pressure is
    the area-weighted mean, its area the sum, its position the area-weighted centre. Region force and
    area-weighted region means are unchanged. A foot within the limit is returned as it is."""
    n = len(foot_doc["x"])
    if n <= MAX_SENSORS:
        return foot_doc, pressure_kpa
    x, y, a = (np.asarray(foot_doc[k], dtype=float) for k in ("x", "y", "area_mm2"))
    regions = foot_doc["regions"]
    groups = []
    for region in dict.fromkeys(regions):
        idx = sorted((i for i in range(n) if regions[i] == region), key=lambda i: (y[i], x[i]))
        groups += [idx[k:k + 2] for k in range(0, len(idx), 2)]
    w = np.zeros((n, len(groups)))
    for j, g in enumerate(groups):
        w[g, j] = a[g] / a[g].sum()
    doc = {k: v for k, v in foot_doc.items() if k not in ("x", "y", "area_mm2", "regions")}
    doc.update(x=list(x @ w), y=list(y @ w), area_mm2=[float(a[g].sum()) for g in groups],
               regions=[regions[g[0]] for g in groups])
    doc.pop("columns", None)
    return doc, (pressure_kpa @ w).astype(np.float32)


def ride_session(ride: Any, session_id: str | None = None) -> Session:
    """``ride`` (a RenderedRide) as a Session that ``monitor.analysis.batch`` accepts; its ground truth is kept in
    ``info.ground_truth``. A layout over MAX_SENSORS sensors per foot (pedar-like, 99) is read with its
    sensors pooled in pairs within regions (:func:`pooled`), said in the session's caveats."""
    doc = merged_layout_json(ride)
    pressure = {}
    for foot in list(doc["feet"]):
        doc["feet"][foot], pressure[foot] = pooled(doc["feet"][foot], np.asarray(ride.pressure_kpa[foot]))
        if len(doc["feet"][foot]["x"]) != len(ride.layout_json[foot]["feet"][foot]["x"]):
            doc["caveats"] = [*doc.get("caveats", []), f"{foot}: sensors pooled in pairs within regions "
                              f"to fit the {MAX_SENSORS}-sensor limit"]
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
