"""Activity from the insole's IMU (monitor/signal/imu_activity.py) where a foot has one.

Real data: both Moticon OpenGo walks in ../shared/data (Apache-2.0, github.com/moticon-rego/moticon-opengo)
carry acceleration and angular rate per foot; from the IMU alone each foot is gait, at the stride rate the
recordings have (about 47 and 54 strides/min), with or without the gyroscope, and the imported walk goes
through the pipeline as walking with its IMU columns. Synthetic pedalling comes from a small kinematic
generator (tests/imu_kinematics.py), independent of the simulator: a foot that fully unweights through the
upstroke looks like stepping to the force classifier, and is cycling with its IMU; standing bouts and
coasting never become gait; an IMU of NaN changes nothing; streaming equals batch.
"""

from __future__ import annotations

import numpy as np
import pytest
from imu_kinematics import ride

from monitor.analysis.batch import analyze
from monitor.codebook import IMU_COLUMNS, FrameBlock
from monitor.importers import import_file
from monitor.importers.moticon import read_moticon
from monitor.link.moticon import layout as moticon_layout
from monitor.session.directory import open_session
from monitor.signal.activity import ActivityRecognizer
from monitor.signal.imu_activity import classify_imu_window, combine
from monitor.signal.params import DEFAULT_PARAMS, ActivityParams, Params
from monitor.util.shared_data import shared_data_dir

RATE_HZ = 100.0
MOTICON = shared_data_dir() / "moticon_opengo"
WALKS = {"230927_102114.txt": (44.0, 50.0), "walk_data_with_events.txt": (51.0, 58.0)}  # strides/min


def _real_imu(name: str, foot: str) -> tuple[np.ndarray, np.ndarray]:
    extras = read_moticon(MOTICON / name).extras[foot]
    return extras[list(IMU_COLUMNS[:3])].to_numpy(), extras[list(IMU_COLUMNS[3:])].to_numpy()


@pytest.mark.parametrize("gyro", [True, False], ids=["with-gyro", "accel-only"])
@pytest.mark.parametrize("foot", ["left", "right"])
@pytest.mark.parametrize("name", sorted(WALKS))
def test_each_real_moticon_walk_is_gait_from_its_imu_alone(name, foot, gyro):
    accel, rate = _real_imu(name, foot)
    params = ActivityParams(window_s=accel.shape[0] / RATE_HZ)  # the whole recording as one window
    label, ev = classify_imu_window(accel, rate if gyro else None, RATE_HZ, params)
    assert label == "gait", ev
    lo, hi = WALKS[name]
    assert lo <= ev["imu_cycles_per_min"] <= hi, ev
    assert ev["imu_strides"] >= 4


@pytest.mark.parametrize("rate_hz", [25.0, 50.0])
def test_the_real_walks_stay_gait_sampled_at_25_and_50_hz(rate_hz):
    step = int(RATE_HZ / rate_hz)
    for name in WALKS:
        for foot in ("left", "right"):
            accel, rate = _real_imu(name, foot)
            params = ActivityParams(window_s=accel.shape[0] / RATE_HZ)
            for gyro in (rate[::step], None):
                label, ev = classify_imu_window(accel[::step], gyro, rate_hz, params)
                assert label == "gait", (name, foot, gyro is None, ev)


@pytest.mark.parametrize("rate_hz", [25.0, 50.0, 200.0])
def test_pedalling_is_contact_at_25_to_200_hz_with_or_without_a_gyroscope(rate_hz):
    for rpm in (60.0, 90.0, 110.0):
        t, accel, gyro, _ = ride([("seated", 20.0, rpm)], rate_hz, seed=int(rpm))
        for g in (gyro, None):
            label, ev = classify_imu_window(accel, g, rate_hz)
            assert label == "contact", (rpm, g is None, ev)


def test_the_imported_real_walk_is_walking_through_the_pipeline_with_its_imu(tmp_path):
    session = open_session(import_file("moticon", MOTICON / "230927_102114.txt", tmp_path / "walk"))
    assert set(session.imu) == {"left", "right"}
    assert np.isnan(session.imu["left"][:40]).all()  # the left insole's first 0.5 s is missing: kept so
    # the recording is 17.5 s: windows of 10 s every 5 s, and no declared activity (the import declares
    # walking), so each label comes from the recogniser; the first window holds under half its samples
    params = Params(activity=ActivityParams(window_s=10.0, step_s=5.0))
    result = analyze(session, params, activity="unknown")
    for foot, pipe in result.feet.items():
        assert pipe.activity_ in ([(5.0, "unknown"), (10.0, "walking")], [(5.0, "walking")]), (foot, pipe.activity_)
        assert pipe.recognizer.evidence["imu_strides"] >= 3, pipe.recognizer.evidence


def _recognise(t, force, accel=None, gyro=None, chunks=None, params=ActivityParams()):
    imu = None if accel is None else np.hstack((accel, np.full_like(accel, np.nan) if gyro is None else gyro))
    rec = ActivityRecognizer(RATE_HZ, params)
    bounds = [0, t.size] if chunks is None else chunks
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        out += rec.feed(t[lo:hi], force[lo:hi], None, None if imu is None else imu[lo:hi])
    return out


@pytest.mark.parametrize("rpm", [60.0, 75.0, 90.0, 110.0])
def test_a_foot_that_unweights_through_the_upstroke_is_cycling_with_its_imu(rpm):
    t, accel, gyro, force = ride([("seated", 90.0, rpm)], RATE_HZ, seed=int(rpm), upstroke_floor=0.0)
    force_only = {a for _, a in _recognise(t, force)}
    assert "cycling" not in force_only  # at its floor for half a revolution: force alone says stepping
    labels = [a for _, a in _recognise(t, force, accel, gyro)]
    assert len(labels) >= 8 and set(labels) == {"cycling"}
    assert {a for _, a in _recognise(t, force, accel, None)} == {"cycling"}  # no gyroscope: the same


def test_the_imu_recovers_the_crank_radius_and_the_cadence():
    for rpm, crank_m in ((65.0, 0.165), (95.0, 0.175)):
        t, accel, gyro, _ = ride([("seated", 20.0, rpm)], RATE_HZ, seed=5, crank_m=crank_m)
        label, ev = classify_imu_window(accel, gyro, RATE_HZ)
        assert label == "contact"
        assert abs(ev["imu_cycles_per_min"] - rpm) <= 0.05 * rpm
        assert abs(ev["imu_radius_m"] - crank_m) <= 0.2 * crank_m  # ankling and noise add a little
        assert ev["imu_jerk_ratio"] < 1.2  # a near-sinusoid


def test_standing_bouts_and_coasting_with_imu_stay_cycling():
    segments = [("seated", 40.0, 90.0), ("standing", 30.0, 65.0), ("coasting", 25.0, 0.0),
                ("seated", 30.0, 85.0), ("coasting", 8.0, 0.0), ("standing", 20.0, 70.0), ("seated", 30.0, 95.0)]
    t, accel, gyro, force = ride(segments, RATE_HZ, seed=7, upstroke_floor=0.05)
    labels = [a for _, a in _recognise(t, force, accel, gyro)]
    assert not {"walking", "running"} & set(labels), labels
    assert labels.count("cycling") >= 0.75 * len(labels), labels
    # coasting alone: the foot rests on the pedal; the IMU says "still" and no gait
    t, accel, gyro, force = ride([("coasting", 25.0, 0.0)], RATE_HZ, seed=8)
    assert classify_imu_window(accel[:2000], gyro[:2000], RATE_HZ)[0] == "still"


def test_an_imu_of_nan_falls_back_to_force_only():
    t, accel, gyro, force = ride([("seated", 60.0, 80.0)], RATE_HZ, seed=9, upstroke_floor=0.0)
    force_only = _recognise(t, force)
    nan = np.full_like(accel, np.nan)
    assert _recognise(t, force, nan, nan) == force_only
    # IMU missing for the first 35 s only: the windows that end by then are the force's, the later ones
    # the IMU's (a window needs half its samples valid)
    gap = accel.copy()
    gap[t < 35.0] = np.nan
    mixed = dict(_recognise(t, force, gap, gyro))
    for g, label in force_only:
        assert mixed[g] == (label if g <= 40.0 else "cycling"), (g, mixed[g])


def test_the_gyroscope_alone_missing_reads_as_no_gyroscope():
    accel, rate = _real_imu("230927_102114.txt", "right")
    params = ActivityParams(window_s=accel.shape[0] / RATE_HZ)
    assert classify_imu_window(accel, np.full_like(rate, np.nan), RATE_HZ, params) == \
        classify_imu_window(accel, None, RATE_HZ, params)


@pytest.mark.parametrize("chunks", ["7", "random"])
def test_imu_recognition_streamed_equals_batch(chunks):
    segments = [("seated", 30.0, 88.0), ("coasting", 10.0, 0.0), ("standing", 25.0, 68.0)]
    t, accel, gyro, force = ride(segments, RATE_HZ, seed=11, upstroke_floor=0.0)
    accel[1000:1040] = np.nan  # a dropout
    whole = _recognise(t, force, accel, gyro)
    if chunks == "7":
        bounds = list(range(0, t.size, 7)) + [t.size]
    else:
        cuts = np.random.default_rng(3).integers(1, t.size, 40)
        bounds = [0, *sorted(set(cuts.tolist())), t.size]
    assert _recognise(t, force, accel, gyro, bounds) == whole
    assert {a for _, a in whole} == {"cycling"}


def test_the_pipeline_uses_the_blocks_imu_and_streams_it_equal_to_batch():
    from monitor.signal.pipeline import FootPipeline

    t, accel, gyro, force = ride([("seated", 70.0, 90.0)], RATE_HZ, seed=12, upstroke_floor=0.0)
    lay = moticon_layout("left")
    # the load on the forefoot sensors (9-16), a little on the midfoot, the heel unloaded (kPa per N)
    per_n = np.array([0.0] * 4 + [0.1] * 4 + [0.5] * 8)
    pressure = force[:, None] * per_n[None, :]
    imu = np.hstack((accel, gyro))

    def run(bounds, with_imu=True):
        pipe = FootPipeline("left", lay, RATE_HZ, DEFAULT_PARAMS)
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            pipe.feed(FrameBlock("left", t[lo:hi], pressure[lo:hi], imu[lo:hi] if with_imu else None))
        return pipe

    whole = run([0, t.size])
    assert [a for _, a in whole.activity_] == ["cycling"]
    assert "cycling" not in {a for _, a in run([0, t.size], with_imu=False).activity_}
    chunked = run(list(range(0, t.size, 613)) + [t.size])
    assert chunked.activity_ == whole.activity_
    assert chunked.assessments_ == whole.assessments_


@pytest.mark.parametrize(("force", "imu", "cpm", "expected"), [
    ("cycling", "gait", 50.0, "walking"),
    ("elliptical_or_stair", "gait", 80.0, "running"),  # 160 steps/min
    ("unknown", "gait", 45.0, "walking"),
    ("running", "gait", 45.0, "running"),  # the force tells walking from running where both say gait
    ("running", "contact", 90.0, "cycling"),
    ("walking", "contact", 30.0, "elliptical_or_stair"),  # slower than cyclists pedal
    ("elliptical_or_stair", "contact", 90.0, "elliptical_or_stair"),
    ("walking", "still", float("nan"), "walking"),
    ("cycling", "unknown", float("nan"), "cycling"),
])
def test_combine_lets_the_imu_decide_gait_against_contact(force, imu, cpm, expected):
    assert combine(force, imu, {"imu_cycles_per_min": cpm}) == expected


def _cut_short(path):
    path.write_bytes(path.read_bytes()[:300])


def _bad_foot(path):
    import pandas as pd

    table = pd.read_parquet(path)
    table["foot"] = table["foot"].astype(str)
    table.loc[5, "foot"] = "middle"
    table.to_parquet(path, index=False)


def _time_back(path):
    import pandas as pd

    table = pd.read_parquet(path)
    table.loc[5, "t_s"] = table.loc[4, "t_s"] - 1.0
    table.to_parquet(path, index=False)


@pytest.mark.parametrize(("damage", "said"), [
    (_cut_short, "extras.parquet: cannot read"),
    (_bad_foot, "extras.parquet: row 5 (counting from 0): foot 'middle' is not 'left' or 'right'"),
    (_time_back, "extras.parquet: row 5 (counting from 0): t_s "),
])
def test_a_damaged_extras_table_is_one_line_naming_it_and_exit_2(tmp_path, capsys, damage, said):
    """An extras table that cannot be read, or whose rows break the checks (had: without the hint, though
    the remedy is the same), is one line naming it, exit 2, saying how to analyse the frames without it."""
    from monitor.cli.main import main

    out = import_file("moticon", MOTICON / "walk_data_with_events.txt", tmp_path / "walk")
    damage(out / "extras.parquet")
    assert main(["analyze", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and said in err and "Traceback" not in err, err
    assert err.endswith("; move it away to analyse the frames without the IMU"), err


def test_run_pipeline_gives_the_sessions_imu_as_analyze_does(tmp_path):
    from monitor.session.directory import load_session
    from monitor.signal.pipeline import run_pipeline

    session = load_session(import_file("moticon", MOTICON / "230927_102114.txt", tmp_path / "walk"))
    params = Params(activity=ActivityParams(window_s=10.0, step_s=5.0))
    pipe = run_pipeline(session, params)
    result = analyze(session, params, activity="unknown")
    for foot in ("left", "right"):
        assert pipe.feet[foot].activity_ == result.feet[foot].activity_
        np.testing.assert_equal(pipe.feet[foot].recognizer.evidence, result.feet[foot].recognizer.evidence)
        assert pipe.feet[foot].recognizer.evidence["imu_strides"] >= 3


def test_blocks_without_imu_between_blocks_with_it_read_as_nan_rows():
    t, accel, gyro, force = ride([("seated", 45.0, 85.0)], RATE_HZ, seed=13, upstroke_floor=0.0)
    imu = np.hstack((accel, gyro))
    bounds = [0, 500, 1800, 2600, t.size]  # the first and third blocks come without IMU
    rec = ActivityRecognizer(RATE_HZ)
    chunked = []
    for j, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
        chunked += rec.feed(t[lo:hi], force[lo:hi], None, None if j in (0, 2) else imu[lo:hi])
    holes = imu.copy()
    holes[0:500] = np.nan
    holes[1800:2600] = np.nan
    assert chunked == ActivityRecognizer(RATE_HZ).feed(t, force, None, holes)
    assert "cycling" in {a for _, a in chunked}
