"""Frames exported from Python come back as they were, on many drawn frame tables (hypothesis, derandomized
by the ``ci`` profile of tests/conftest.py): ``monitor.export_frames`` to CSV then ``monitor.import_session``
through the layout JSON written beside it gives an equal frames table (values bit for bit, NaN where
missing and never 0, the same dtypes and RangeIndex), and the Parquet export read by pandas is the
frames table itself. Tables of one foot or two, frames wholly or partly missing, sensors never read,
pressures from 0 to the importer's 2000 kPa, session times starting up to 1 s before 0 (the earliest the
import takes) or hours in."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import monitor
from monitor.codebook import FrameBlock
from monitor.session.model import frames_table

#: A simulated session whose metadata and layouts the drawn frames take (18 sensors a foot, 100 Hz).
BASE = monitor.offline_session("tight-shoes", duration_s=0.01)
N_SENSORS = BASE.info.layouts["left"].n_sensors
RATE_HZ = BASE.info.layouts["left"].current_rate_hz

#: A pressure reading (kPa): missing, any float32 up to the 2000 kPa the generic CSV import holds
#: (docs/import-csv.md), or values whose decimal text is long or tiny.
READING = st.one_of(st.just(np.nan), st.floats(0, 2000, width=32),
                    st.sampled_from([0.0, 0.25, 1e-6, 3.4e-5, 123.456, 1999.75]))


@st.composite
def sessions(draw):
    """A Session in memory: one foot or two, each 1 to 8 frames on the 100 Hz grid from a drawn start."""
    feet = draw(st.sampled_from([("left",), ("right",), ("left", "right")]))
    blocks = {}
    for foot in feet:
        n = draw(st.integers(1, 8))
        start_s = draw(st.one_of(st.sampled_from([0.0, -0.05, 3600.0]), st.floats(-1, 1e4)))
        t_s = start_s + np.arange(n) / RATE_HZ
        pressure_kpa = draw(hnp.arrays(np.float32, (n, N_SENSORS), elements=READING))
        blocks[foot] = [FrameBlock(foot, t_s, pressure_kpa)]
    info = dataclasses.replace(BASE.info, layouts={f: BASE.info.layouts[f] for f in feet})
    return dataclasses.replace(BASE, info=info, frames=frames_table(info, blocks))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(session=sessions())
def test_exported_frames_come_back_equal_through_csv_and_parquet(tmp_path, session):
    frames_before = session.frames.copy(deep=True)
    with tempfile.TemporaryDirectory(dir=tmp_path) as d:
        out = Path(d)
        csv = monitor.export_frames(session, out / "frames.csv")
        again = monitor.import_session("csv", csv, out / "again", layout=out / "frames.layout.json")
        pd.testing.assert_frame_equal(again.frames, session.frames, check_exact=True)
        assert again.frames.equals(session.frames)
        assert again.info.feet == session.info.feet
        parquet = pd.read_parquet(monitor.export_frames(session, out / "frames.parquet"))
        pd.testing.assert_frame_equal(parquet, session.frames, check_exact=True)
        assert isinstance(parquet.index, pd.RangeIndex)
    pd.testing.assert_frame_equal(session.frames, frames_before, check_exact=True)  # not changed by export
