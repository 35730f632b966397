"""Small synthetic sessions for the report's tests (tests/test_report.py, tests/test_plots.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from monitor.codebook import FrameBlock, SensorLayout
from monitor.session.info import SessionInfo
from monitor.session.model import GAP_COLUMNS, Session, frames_table, gaps_table

#: Four sensors: heel, lateral midfoot, MTH2, hallux (x medial -0.5 .. lateral +0.5, y heel 0 .. toe 1).
X4, Y4 = [-0.1, 0.2, 0.0, -0.2], [0.1, 0.4, 0.7, 0.9]
AREA4_MM2 = [100.0, 100.0, 100.0, 50.0]
REGIONS4 = ("heel_medial", "midfoot_lateral", "mth2", "hallux")


def layout4(side: str) -> SensorLayout:
    return SensorLayout(side, X4, Y4, AREA4_MM2, REGIONS4)


def session_from_arrays(frames: dict[str, tuple[np.ndarray, np.ndarray]], layouts: dict[str, SensorLayout], *,
                        gaps: list[dict] | None = None, events: list[dict] | None = None,
                        counters: dict | None = None, imported_from: dict | None = None,
                        activity: str = "cycling_seated", session_id: str = "synthetic") -> Session:
    """An in-memory Session from per-foot (t_s (n,), pressure_kpa (n, n_sensors)) arrays."""
    info = SessionInfo(session_id=session_id, start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="import" if imported_from else "sim", layouts=layouts, label=session_id,
                       activity=activity, imported_from=imported_from,
                       duration_s=max(float(t[-1]) for t, _ in frames.values()))
    blocks = {foot: [FrameBlock(foot, t, p)] for foot, (t, p) in frames.items()}
    gaps_df = pd.DataFrame(gaps, columns=GAP_COLUMNS) if gaps else gaps_table([])
    return Session(Path(session_id), info, frames_table(info, blocks), gaps_df, events or [], counters or {})
