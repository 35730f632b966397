"""The residual forefoot pressure is never below 0 kPa, and a rider's normal is written only when it reads
back: where an insole reads exactly 0 in the swing, the low-pass filter's tail left the residual at
-1e-7 kPa; a normal learnt from such a walk carried it, was written, and then refused every later session
of the rider (monitor.signal.cycle_reductions, monitor.session.riders)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from test_cycle_reductions import LAYOUT, RATE_HZ
from test_declared_mismatch import WALKS

import monitor
from monitor.errors import UsageError
from monitor.session.riders import load_rider_baseline, rider_baseline_path, save_rider_baseline
from monitor.signal.baseline import ActivityBaseline, RiderBaseline
from monitor.signal.features import FeatureAccumulator
from monitor.signal.params import FeatureParams
from monitor.signal.regions import RegionReducer
from monitor.signal.types import Cycle

#: Strokes of 1 s from 1 s on: loaded in their first half, unloaded in their second.
CYCLES = [Cycle("left", "stroke", 1.0 + i, 2.0 + i) for i in range(6)]


def _residuals(unloaded_kpa: float) -> np.ndarray:
    """Each stroke's residual_kpa (6,), every sensor reading 40 kPa in a stroke's first half and
    ``unloaded_kpa`` in its second."""
    t = np.arange(800) / RATE_HZ
    p = np.where((t % 1.0 < 0.5)[:, None], 40.0, unloaded_kpa) * np.ones((1, 9))
    fa = FeatureAccumulator(LAYOUT, RATE_HZ, FeatureParams())
    batch, _ = fa.feed_arrays(t, RegionReducer(LAYOUT).reduce(p), CYCLES, "cycling")
    return batch.arrays["residual_kpa"]


def test_a_residual_below_zero_is_read_as_zero():
    """-4e-8 kPa in the unloaded phase, what the filter's tail leaves of a swing that reads exactly 0."""
    got = _residuals(-4e-8)
    assert np.array_equal(got, np.zeros(len(CYCLES))), got


def test_a_residual_above_zero_keeps_its_bits():
    got = _residuals(3.25)
    assert np.array_equal(got, np.full(len(CYCLES), 3.25)), got


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> dict:
    """The PhysioNet control subject's 121 s walk (it reads exactly 0 in each swing) as imported, and three
    times over as one CSV, long enough (363 s) for a normal to be learnt."""
    root = tmp_path_factory.mktemp("walk")
    once = monitor.import_session("physionet", WALKS["physionet"], root / "once")
    frames = root / "once.csv"
    monitor.export_frames(once, frames)
    table = pd.read_csv(frames)
    pd.concat([table.assign(t_s=table.t_s + 121.19 * k) for k in range(3)]).to_csv(frames, index=False)
    layout = json.loads((root / "once.layout.json").read_text())
    layout.pop("duration_s")
    (root / "three.layout.json").write_text(json.dumps(layout))
    three = monitor.import_session("csv", frames, root / "three", layout=root / "three.layout.json")
    return {"once": once, "three": three}


def test_a_real_walks_residual_is_zero_not_below(walk):
    residual = monitor.windows_table(monitor.analyze(walk["once"]))["residual_forefoot_kpa"].dropna()
    assert len(residual) >= 10 and (residual == 0.0).all(), residual.tolist()  # the first windows have no cycle


def test_the_normal_of_a_real_walk_is_kept_and_read_back(walk, tmp_path, monkeypatch):
    """What `live --rider walker` keeps at the end of the walk judges the next session of the rider."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    learnt = monitor.analyze(walk["three"]).baseline
    assert learnt.get("left", "walking") is not None
    save_rider_baseline("walker", learnt)
    kept = load_rider_baseline("walker")
    assert kept.get("left", "walking").residual_fraction == 0.0
    assert monitor.analyze(walk["three"], baseline=kept).kept_normal


def test_a_normal_the_reader_would_refuse_is_not_written(tmp_path, monkeypatch):
    """A measure outside its range is refused when written, naming the file and the measure, and what the
    rider had kept stays as it was."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    good = ActivityBaseline(30, residual_fraction=0.01, residual_kpa=2.0)
    path = save_rider_baseline("ana", RiderBaseline({"left": {"walking": good}}))
    before = path.read_bytes()
    bad = ActivityBaseline(30, residual_fraction=-1.7e-10, residual_kpa=-4e-8)
    with pytest.raises(UsageError, match=r"riders/ana\.json: normals\.unknown: feet\.left\.cycling: "
                                         r"residual_fraction is -1\.7e-10"):
        save_rider_baseline("ana", RiderBaseline({"left": {"cycling": bad}}))
    assert path.read_bytes() == before
    assert load_rider_baseline("ana").get("left", "walking") == good
    with pytest.raises(UsageError, match="not written"):
        save_rider_baseline("bo", RiderBaseline({"left": {"cycling": bad}}))
    assert not rider_baseline_path("bo").exists()
