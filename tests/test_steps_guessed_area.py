"""A PhysioNet gaitpdb import's pressures are forces over a guessed sensor area (1500 mm², no sensor size given):
its layout says its areas are a guess (``SensorLayout.areas_guessed``), and its steps are measured as an
uncalibrated insole's are, scale-free (the contact level a share of the step's own peak, CONTACT_PEAK_FRACTION;
the strike's sensor floor STRIKE_SENSOR_PEAK_FRACTION), so the contact time does not depend on the guess. Had:
the 20 kPa contact level read GaCo01_01's left median contact time 0.718 s at 3000 mm², 0.740 s at the
import's 1500 mm², 0.772 s at 500 mm²."""

from __future__ import annotations

import numpy as np
import pytest
from test_gait_events_real import PHYSIONET

from monitor.analysis.batch import analyze
from monitor.codebook import SensorLayout


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    from monitor.importers.physionet import read_physionet
    from monitor.importers.session import write_session

    return write_session(read_physionet(PHYSIONET), tmp_path_factory.mktemp("pn") / "walk")


def _contact(walk, factor: float) -> dict[str, float]:
    """Each foot's median contact time (s) with the pressures ``factor`` times the import's: the sensor area
    guessed ``factor`` times smaller."""
    from monitor.session.directory import load_session

    s = load_session(walk)
    cols = [c for c in s.frames.columns if c.endswith("_kpa")]
    s.frames[cols] = (s.frames[cols] * factor).astype("float32")
    g = analyze(s).gait()["feet"]
    return {foot: g[foot]["contact_s"] for foot in ("left", "right")}


def test_the_physionet_layout_says_its_areas_are_a_guess(walk):
    from monitor.session.directory import load_session

    layouts = load_session(walk).info.layouts
    assert all(getattr(lay, "areas_guessed", False) for lay in layouts.values())
    # a layout without the flag (every other importer's, an insole's) keeps its areas as given
    assert not getattr(SensorLayout(side="left", x=[0.0], y=[0.5], area_mm2=[100.0], regions=["mth1"]),
                       "areas_guessed", False)


def test_the_contact_time_does_not_depend_on_the_guessed_area(walk):
    at = {f: _contact(walk, f) for f in (0.5, 1.0, 3.0)}  # 3000, 1500 (the import's) and 500 mm²
    for foot in ("left", "right"):
        times = [at[f][foot] for f in at]
        assert np.isfinite(times).all()
        assert max(times) - min(times) < 0.002, (foot, times)  # had: left 0.718, 0.740, 0.772 s


def test_a_csv_export_imported_back_keeps_the_areas_a_guess(walk, tmp_path):
    import monitor
    from monitor.session.directory import load_session

    csv = monitor.export_frames(load_session(walk), tmp_path / "pn.csv")
    back = monitor.import_session("csv", csv, tmp_path / "back", layout=tmp_path / "pn.layout.json")
    assert all(lay.areas_guessed for lay in back.info.layouts.values())


def test_the_guessed_area_moves_the_times_found_at_pressure_levels_slightly_and_the_caveat_says_so(walk):
    """Relief is found where the forefoot's pressure crosses 6-10 kPa, so the guess moves it a little (the
    windows' median time since relief 0.23, 0.27, 0.28 s with 4 times, 1 and a quarter of the guessed area);
    the import's caveat said only that pressure values scale with it."""
    import monitor
    from monitor.session.directory import load_session

    median_s = {}
    for factor in (0.25, 1.0, 4.0):
        s = load_session(walk)
        cols = [c for c in s.frames.columns if c.endswith("_kpa")]
        s.frames[cols] = (s.frames[cols] * factor).astype("float32")
        median_s[factor] = float(monitor.windows_table(analyze(s))["time_since_relief_s"].median())
    assert median_s[0.25] < median_s[1.0] < median_s[4.0], median_s
    assert median_s[4.0] - median_s[0.25] < 0.1, median_s
    caveats = load_session(walk).info.imported_from["caveats"]
    assert any("times found at fixed pressure levels (relief) move slightly" in c for c in caveats), caveats
