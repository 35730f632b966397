"""A pressure above what an insole's sensor reads (the layout's range: MOST_KPA, 2000 kPa, or the most its
counts hold where that is more) is refused naming its row and column, as a negative one is: one sensor at
1e30 kPa for 101 rows read as a session with 0 % forefoot share and no cadence, exit 0."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from test_malformed_files import SAMPLES

from monitor.cli.main import main
from monitor.errors import SessionFormatError
from monitor.session.directory import load_session, open_session

GOOD = SAMPLES / "sim-healthy-ride"


def _with(tmp_path, kpa: float):
    session = tmp_path / "S"
    shutil.copytree(GOOD, session)
    frames = pd.read_parquet(session / "frames.parquet")
    frames.loc[100:200, "p03_kpa"] = kpa
    frames.to_parquet(session / "frames.parquet", index=False)
    return session


@pytest.mark.parametrize("kpa", [1e30, 1e4])
def test_a_pressure_past_the_insoles_range_is_refused(tmp_path, capsys, kpa):
    session = _with(tmp_path, kpa)
    assert main(["analyze", str(session)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"solewatch analyze: error: {session / 'frames.parquet'}: row 100 (counting from 0): p03_kpa "
                   f"is {kpa:g} kPa, above 2000 kPa, the most an insole's sensor reads (the layout's range, or "
                   "2000 kPa: a unit mistaken or raw counts, not a measurement); raw.swlog is there: move "
                   "frames.parquet away to rebuild the tables from it"]
    with pytest.raises(SessionFormatError, match="row 100 .* p03_kpa"):  # the reader a foot at a time too
        open_session(session).source.foot_arrays("left")


def test_a_pressure_within_it_is_read(tmp_path):
    from monitor.codebook import MOST_KPA

    session = _with(tmp_path, MOST_KPA)
    assert (load_session(session).frames["p03_kpa"] == MOST_KPA).sum() == 101


def test_a_layout_whose_counts_reach_further_takes_their_range():
    import dataclasses

    from monitor.codebook import MOST_KPA

    layout = load_session(GOOD).info.layouts["left"]
    assert layout.most_kpa == MOST_KPA  # 4095 counts of 0.25 kPa: 1023.75 kPa, below the 2000 kPa floor
    wide = dataclasses.replace(layout, sample_bits=16)
    assert wide.most_kpa == 65535 * 0.25


def test_a_reading_at_the_layouts_top_stored_in_float32_reads_back():
    """A saturated reading at 65,535 x 0.06 kPa, stored in float32 as a table holds it, rounds to just above
    the exact bound: it was refused on reading ("3932.1 kPa, above 3932.1 kPa") though the import took it."""
    import numpy as np

    from monitor.session.tables import check_pressures
    top = 65535 * 0.06
    stored = np.array([np.float32(top)], dtype=np.float32).astype(np.float64)
    assert stored[0] > top  # the rounding the check must allow
    check_pressures(GOOD / "frames.parquet", stored, "p08_kpa", most_kpa=top)
    with pytest.raises(SessionFormatError, match="p08_kpa is 3933"):
        check_pressures(GOOD / "frames.parquet", np.array([3933.0]), "p08_kpa", most_kpa=top)
