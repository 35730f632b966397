"""An imported gap's times are its frames' times exactly: a gap of filled rows starts at its first missing
frame's ``t_s`` and ends at the next frame's, so the frames with ``t_s`` in ``[start_s, end_s)`` are the missing
ones, all of them and no other.

Had: the gap times rounded to the microsecond (monitor/importers/base.py), and a recorded session's frame
times are not on a microsecond grid (a drop of 1,667 frames exported and imported back read 20.501559 to
37.088209 for 20.50155898... to 37.08820897..., and ``[start_s, end_s)`` held 1,666 of its empty rows and the
frame with data after it).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from test_export_import_csv import layout_from_session_json, write_layout

import monitor
from monitor.codebook import sensor_columns
from monitor.importers import import_file

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-cleat-forward"


def _rounds_up(t_s: float) -> bool:
    """Whether the microsecond rounding of ``t_s`` (s) lies past it."""
    return round(t_s, 6) > t_s


@pytest.fixture(scope="module")
def holed(tmp_path_factory):
    """The recorded sample ride with a stretch of the left foot's frames empty (a drop), chosen so that the
    microsecond rounding of its first missing frame's time and of the next frame's both lie past them; and
    that stretch's frame times (s)."""
    ride = monitor.load_session(SAMPLE)
    frames = ride.frames.copy()
    left = np.flatnonzero((frames["foot"] == "left").to_numpy())
    t_left = frames["t_s"].to_numpy()[left]
    first = next(i for i in range(2000, left.size) if _rounds_up(float(t_left[i])))
    after = next(i for i in range(first + 1500, left.size) if _rounds_up(float(t_left[i])))
    frames.loc[left[first:after], sensor_columns(18)] = np.nan
    tmp = tmp_path_factory.mktemp("gap")
    csv = monitor.export_frames(replace(ride, frames=frames), tmp / "f.csv", "csv", layout=False)
    layout = write_layout(tmp / "layout.json", layout_from_session_json(SAMPLE))
    back = monitor.load_session(import_file("csv", csv, tmp / "back", layout=layout))
    return back, t_left[first:after], float(t_left[after])


def test_an_imported_gap_starts_and_ends_at_its_frames_times_exactly(holed):
    back, missing_t_s, next_t_s = holed
    gaps = back.gaps[back.gaps["foot"] == "left"]
    assert len(gaps) == 1, gaps
    gap = gaps.iloc[0]
    assert (gap["start_s"], gap["end_s"]) == (float(missing_t_s[0]), next_t_s), (gap["start_s"], gap["end_s"])
    assert gap["frames_missing"] == missing_t_s.size


def test_the_frames_within_an_imported_gap_are_its_missing_frames(holed):
    back, missing_t_s, _ = holed
    gap = back.gaps[back.gaps["foot"] == "left"].iloc[0]
    f = back.frames
    inside = f[(f["foot"] == "left") & (f["t_s"] >= gap["start_s"]) & (f["t_s"] < gap["end_s"])]
    empty = inside[sensor_columns(18)].isna().all(axis=1)
    assert (int(empty.sum()), int((~empty).sum())) == (missing_t_s.size, 0)
