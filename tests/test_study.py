"""Studies (docs/study.md): many sessions into one table per kind, the same bit for bit in one process,
on local worker processes and on a Dask cluster, resumed from the cache, a bad session one row of the
errors table. The generated 40-session study is tests/conftest.py's ``generated_study``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import monitor
from monitor.cli.main import main
from monitor.errors import QUOTE_CHARS, UsageError, quote
from monitor.report.study_data import study_data
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import LEVELS
from monitor.studies import run as study_run
from monitor.studies.run import run_study
from monitor.studies.sources import find_sessions
from monitor.studies.task import STUDY_JSON

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"


def _same(a, b) -> None:
    for name, df in a.tables().items():
        pd.testing.assert_frame_equal(df, b.tables()[name], check_exact=True, obj=name)


def test_the_generated_study_spans_riders_layouts_and_conditions(generated_study):
    _, sources, t = generated_study
    assert len(sources) == 40
    s = t.sessions
    assert len(s) == 80 and set(s["foot"]) == {"left", "right"}  # one row per session and foot
    assert s["rider"].nunique() == 8 and s["n_sensors"].nunique() >= 3
    assert t.errors.empty
    assert s["params_hash"].nunique() == 1
    assert (s["valid_fraction"] == 1.0).all()
    assert s["change"].astype(bool).sum() == 2 * 4  # riders 0, 2, 4, 6 declare one change, both feet
    # 40-s sessions: every window reaches back before the start, and none is judged: no time at any level
    # (tests/test_unjudged_level_missing.py), never time at none; missing, not 0 s measured at every level
    times = s[[f"time_{lv}_s" for lv in ("none", "notice", "warning", "alert")]]
    assert times.isna().all().all(), times.describe()  # had 0.0 in every cell
    # and so no alert could come: no count, nor a highest level, never 0 and "none"
    counts = s[["n_alerts", "n_warnings", "max_level_rank"]]
    assert counts.isna().all().all(), counts.describe()  # had 0.0 in every cell
    # analysed: the cohort report does not call them not analysed
    assert np.isfinite(s["reliefs_per_h"]).all() and (study_data(s).per_session["not_analysed"] == "").all()
    # the dose on every layout that resolves the four forefoot regions, none on the 4-sensor one (no MTH2-3)
    resolves = ~s["layout"].str.contains("MTH|hallux")
    dose = s["forefoot_dose_kpa_s_per_h"]
    assert resolves.any() and (~resolves).any() and set(s.loc[~resolves, "n_sensors"]) == {4}
    assert np.isfinite(dose[resolves]).all() and (dose[resolves] > 0).all() and dose[~resolves].isna().all()
    assert len(t.windows) and set(t.windows["session_id"]) == set(s["session_id"])
    assert {"level", "level_rank", "t_s", "foot"} <= set(t.windows)


@pytest.mark.slow
def test_one_process_the_local_pool_and_a_dask_cluster_give_identical_tables(generated_study, tmp_path, capsys):
    from distributed import Client, LocalCluster

    _, sources, serial = generated_study
    pooled = run_study(sources, DEFAULT_PARAMS, workers=2)
    _same(serial, pooled)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        on_cluster = run_study(sources, DEFAULT_PARAMS, client=client)
        # the command line reaches the same scheduler by its address
        assert main(["study", *sources[:2], "-o", str(tmp_path / "out"), "--scheduler",
                     cluster.scheduler_address, "--plain"]) == 0
    _same(serial, on_cluster)
    assert on_cluster.bytes_returned == serial.bytes_returned > 0
    assert "2 analysed (0 from the cache), 0 failed" in capsys.readouterr().err
    from_cli = pd.read_parquet(tmp_path / "out" / "sessions.parquet")
    pd.testing.assert_frame_equal(from_cli, serial.sessions[serial.sessions["source"].isin(sources[:2])]
                                  .reset_index(drop=True), check_exact=True)


def test_an_interrupted_study_resumes_from_the_cache(generated_study, tmp_path, monkeypatch):
    _, sources, _ = generated_study
    some = sources[:5]
    fresh = run_study(some, DEFAULT_PARAMS, workers=1)
    run_study(some[:3], DEFAULT_PARAMS, workers=1, cache_dir=tmp_path)  # stopped after three sessions
    ran = []
    real = study_run.run_session
    monkeypatch.setattr(study_run, "run_session", lambda *a: ran.append(a[0]) or real(*a))
    seen = []
    resumed = run_study(some, DEFAULT_PARAMS, workers=1, cache_dir=tmp_path,
                        on_progress=lambda done, total, src: seen.append((done, total, src)))
    assert ran == some[3:] and resumed.cached == 3
    assert seen == [(i + 1, 5, src) for i, src in enumerate(some)]  # the progress bar's steps
    _same(fresh, resumed)


def test_other_parameters_are_other_keys(generated_study, tmp_path):
    _, sources, _ = generated_study
    run_study(sources[:1], DEFAULT_PARAMS, workers=1, cache_dir=tmp_path)
    other = monitor.make_params(warn_after_s=DEFAULT_PARAMS.detector.warn_after_s + 60)
    t = run_study(sources[:1], other, workers=1, cache_dir=tmp_path)
    assert t.cached == 0 and t.sessions["params_hash"].iloc[0] != \
        run_study(sources[:1], DEFAULT_PARAMS, workers=1, cache_dir=tmp_path).sessions["params_hash"].iloc[0]


def test_a_bad_session_is_one_row_of_errors_and_the_others_go_on(generated_study, tmp_path):
    _, sources, _ = generated_study
    good = tmp_path / "good"
    shutil.copytree(sources[0], good)
    bad = tmp_path / "bad"
    shutil.copytree(sources[1], bad)
    (bad / "frames.parquet").write_bytes(b"not parquet")
    odd = tmp_path / "odd"
    shutil.copytree(sources[2], odd)
    (odd / STUDY_JSON).write_text(json.dumps({"rider": 7}), encoding="utf-8")
    gone = tmp_path / "gone"
    shutil.copytree(sources[3], gone)
    found = find_sessions([tmp_path])
    shutil.rmtree(gone)  # found, then gone before its files are read
    t = run_study(found, DEFAULT_PARAMS, workers=1)
    assert list(t.errors["source"]) == [str(bad), str(gone), str(odd)]
    assert "nothing is there" in t.errors["reason"].iloc[1]
    t.errors = t.errors.drop(index=1).reset_index(drop=True)
    assert all("\n" not in r and r for r in t.errors["reason"])
    assert "frames.parquet" in t.errors["reason"].iloc[0] and "rider" in t.errors["reason"].iloc[1]
    assert set(t.sessions["source"]) == {str(good)}


def test_a_misspelt_key_in_study_json_is_one_line_naming_the_file_the_key_and_the_allowed_ones(tmp_path, capsys):
    # had: {"chnage": ...} accepted without a word, the session's change "" in every table
    ride = tmp_path / "rides" / "ride"
    shutil.copytree(SAMPLES / "sim-healthy-ride", ride)
    (ride / STUDY_JSON).write_text(json.dumps({"rider": "anna", "chnage": "cleats 3 mm back"}), encoding="utf-8")
    assert main(["study", str(tmp_path / "rides"), "-o", str(tmp_path / "out"), "--workers", "1", "--plain"]) == 0
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed: ")]
    assert failed == [f"failed: {ride / STUDY_JSON}: unknown key 'chnage'; did you mean change? "
                      "(allowed: rider, change)"]
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert list(errors["source"]) == [str(ride)] and "chnage" in errors["reason"].iloc[0]


def test_a_url_is_read_where_it_lies_with_the_same_tables(generated_study):
    _, sources, serial = generated_study
    url = f"file://{sources[0]}"
    t = run_study(find_sessions([url]), DEFAULT_PARAMS, workers=1)
    local = run_study(sources[:1], DEFAULT_PARAMS, workers=1)
    assert list(t.sessions["source"]) == [url, url]
    _same(local, type(t)(t.sessions.assign(source=str(sources[0])), t.alerts, t.windows, t.errors))


def test_paths_that_name_no_session_are_one_line_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="matches nothing"):
        find_sessions([str(tmp_path / "nothing*")])
    with pytest.raises(UsageError, match="no session directory"):
        find_sessions([tmp_path])
    with pytest.raises(UsageError, match="at least one PATH"):
        find_sessions([])


def test_a_glob_and_a_folder_find_the_same_sessions_once(generated_study):
    root, sources, _ = generated_study
    assert find_sessions([root, f"{root}/r0000*-*", sources[0]]) == sources


def test_a_scheduler_that_does_not_answer_is_a_one_line_usage_error():
    import socket

    from monitor.studies.run import connect

    with socket.socket() as s:  # a port on 127.0.0.1 that nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(UsageError, match=rf"--scheduler tcp://127.0.0.1:{port}: cannot connect") as err:
        connect(f"tcp://127.0.0.1:{port}", timeout_s=1.0)
    assert "\n" not in str(err.value)


def check_time_in_levels(sessions: pd.DataFrame, windows: pd.DataFrame, step_s: float) -> int:
    """Asserts that each foot's time at the four levels (s) adds up to its windows with a ``level`` x ``step_s``
    (s), and is NaN at every level for a foot none of whose windows has one: a sum of NaN is no 0 s. Returns how
    many feet had a level (the rows checked against a number)."""
    times = sessions.set_index(["session_id", "foot"])[[f"time_{lv}_s" for lv in LEVELS]]
    per_foot = windows[windows["level"].notna()].groupby(["session_id", "foot"]).size().reindex(times.index)
    judged = per_foot.notna().to_numpy()
    assert times[judged].notna().all().all(), times[judged]  # a number where a window has a level
    assert times[~judged].isna().all().all(), times[~judged]  # never 0 s where none has
    total = times.sum(axis=1, min_count=1)  # NaN, not 0, where every level is NaN
    assert (total[judged] == per_foot[judged] * step_s).all(), pd.concat([total, per_foot * step_s], axis=1)
    return int(judged.sum())


@pytest.fixture(scope="module")
def judged_ride():
    """The 150-s cleat-forward ride, offline: the study's tables of a session whose feet have judged windows
    (the generated study's 40-s sessions have none)."""
    from monitor.analysis.batch import analyze
    from monitor.session.offline import offline_session
    from monitor.studies.rows import session_tables

    session = offline_session("cleat-forward", duration_s=150, rate_hz=25)
    result = analyze(session)
    return result, session_tables(session, result, {}, "x", {}, {})


def test_time_in_levels_adds_up_to_the_judged_windows(judged_ride):
    result, tables = judged_ride
    assert check_time_in_levels(tables["sessions"], tables["windows"], result.params.features.step_s) == 2


def test_time_in_levels_adds_up_to_the_windows_and_the_dose_needs_every_forefoot_region(generated_study):
    from monitor.studies.rows import forefoot_dose_per_h

    _, _, t = generated_study
    assert check_time_in_levels(t.sessions, t.windows, DEFAULT_PARAMS.features.step_s) == 0  # none judged: NaN
    w = pd.DataFrame({"mth1_pti_kpa_s_per_min": [60.0, 10.0, np.nan, np.nan],
                      "mth2_3_pti_kpa_s_per_min": [40.0, 20.0, 50.0, np.nan],
                      "mth4_5_pti_kpa_s_per_min": [20.0, 30.0, 50.0, np.nan],
                      "hallux_pti_kpa_s_per_min": [30.0, 40.0, 120.0, np.nan]})
    # a window without one region's value (or any) is left out, not summed over the others
    assert forefoot_dose_per_h(w) == 60.0 * (150.0 + 100.0) / 2
    assert np.isnan(forefoot_dose_per_h(w.iloc[2:]))
    # an insole without MTH2-3 has no dose: a sum over the others would read low
    assert np.isnan(forefoot_dose_per_h(w.drop(columns="mth2_3_pti_kpa_s_per_min")))


@pytest.mark.parametrize("source, kind, model, expect", [
    ("sim", "solewatch", None, "sim"),
    ("sim", "orphe", None, "sim:orphe"),
    ("sim", "moticon-udp", None, "sim:moticon-udp"),
    ("ble", "solewatch", "Solewatch SIM", "ble:Solewatch SIM"),
    ("ble", "solewatch", "", "ble"),
    ("ble", "ukaton", "Mission", "ukaton:Mission"),
    ("udp", "moticon-udp", "OpenGo (UDP stream)", "moticon-udp:OpenGo (UDP stream)"),
])
def test_the_device_kind_names_the_insole_kind(source, kind, model, expect):
    """A study tells the insole kinds apart (docs/devices.md), simulated or not."""
    from monitor.link import moticon, orphe, ukaton
    from monitor.link.records import DeviceInfo
    from monitor.session.info import SessionInfo
    from monitor.studies.rows import device_kind

    layouts = {"orphe": orphe.layout, "ukaton": ukaton.layout, "moticon-udp": moticon.layout}
    layout = layouts[kind]("left") if kind in layouts else None
    if layout is None:
        from firmware_sim.firmware import encode_layout
        from firmware_sim.layout import InsoleSpec
        from monitor.link.protocol import decode_layout
        layout = decode_layout(encode_layout(InsoleSpec("left")))
    devices = {} if model is None else {"left": DeviceInfo(address="AA", name="x", manufacturer="m", model=model)}
    info = SessionInfo(session_id="s", start_utc="2026-12-02T08:00:00Z", software_version="0", source=source,
                       layouts={"left": layout}, devices=devices)
    assert device_kind(info, "left") == expect


@pytest.mark.parametrize("imported_from, insole, model, expect", [
    ({"format": "csv", "insole_kind": "orphe"}, "orphe", "ORPHE INSOLE", "orphe:ORPHE INSOLE"),
    # a Solewatch-profile insole is ``ble`` however its session arrived, as a recorded one is (had: solewatch:SW-18)
    ({"format": "csv", "insole_kind": "solewatch"}, "solewatch", "SW-18", "ble:SW-18"),
    ({"format": "csv", "insole_kind": "solewatch"}, "solewatch", None, "ble"),
    ({"format": "csv", "insole_kind": "import:physionet"}, "solewatch", None, "import:physionet"),
    ({"format": "csv"}, "orphe", None, "orphe"),  # an older export: its feet name the insole
    ({"format": "csv"}, "solewatch", None, "import:csv"),  # nothing names one
    ({"format": "moticon"}, "solewatch", "OpenGo insole size 7", "moticon-udp:OpenGo insole size 7"),
    ({"format": "physionet"}, "solewatch", None, "import:physionet"),
])
def test_an_imports_device_kind_names_the_insoles_its_file_says(imported_from, insole, model, expect):
    """had: ``import:csv`` for every CSV import, a session recorded by ORPHE insoles exported and imported
    back among them, where the layout JSON says the insoles (``insole_kind``, each foot's ``insole``)."""
    from monitor.link import orphe
    from monitor.link.records import DeviceInfo
    from monitor.session.info import SessionInfo
    from monitor.session.offline import offline_session
    from monitor.studies.rows import device_kind

    layout = orphe.layout("left") if insole == "orphe" else offline_session("healthy-ride", duration_s=2).info.layouts[
        "left"]
    devices = {} if model is None else {"left": DeviceInfo(address="", name="x", manufacturer="m", model=model)}
    info = SessionInfo(session_id="s", start_utc="2026-12-02T08:00:00Z", software_version="0", source="import",
                       layouts={"left": layout}, devices=devices, imported_from=imported_from)
    assert device_kind(info, "left") == expect


def test_the_riders_numb_marks_are_counted_per_foot_against_the_warnings(generated_study):
    """The sessions table carries the rider's "numb now" marks: how many, the first, and how many came
    at or after a warning on that foot."""
    from monitor.analysis.alerts import Alert
    from monitor.analysis.marks import RiderMark
    from monitor.studies.rows import session_tables

    _, sources, t = generated_study
    assert (t.sessions["n_numb_marks"] == 0).all() and t.sessions["first_numb_mark_s"].isna().all()
    session = monitor.load_session(sources[0])
    result = monitor.analyze(session)
    result.alerts = [Alert(20.0, "left", "alert", "warning", "mth2_3", "focal_mth")]
    result.marks = [RiderMark(10.0, "left"), RiderMark(30.0, "left")]
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    assert tuple(rows.loc["left", ["n_numb_marks", "first_numb_mark_s", "numb_marks_warned_before"]]) == \
        (2.0, 10.0, 1.0)
    assert rows.loc["right", "n_numb_marks"] == 0 and np.isnan(rows.loc["right", "first_numb_mark_s"])


def test_a_walks_cadence_is_steps_of_both_feet_per_minute_as_the_doc_says(tmp_path):
    # the Moticon sample walk: about 7 steps per foot in 9 s, so steps of both feet ~ 90/min, strides ~ 45
    import json
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sample = root / "sessions" / "samples" / "moticon-walk"
    # undeclared, its 17.5 s are recognised as no activity: no cadence, in the study as in analyze (missing stays
    # missing); declared a walk, steps of both feet a minute
    undeclared = run_study(find_sessions([str(sample)]), DEFAULT_PARAMS, workers=1, cache_dir=tmp_path / "c0")
    assert undeclared.sessions["cadence_per_min"].isna().all()
    walked = tmp_path / "moticon-walk"
    shutil.copytree(sample, walked)
    info = json.loads((walked / "session.json").read_text())
    (walked / "session.json").write_text(json.dumps({**info, "activity": "walking"}))
    t = run_study(find_sessions([str(walked)]), DEFAULT_PARAMS, workers=1, cache_dir=tmp_path / "c1")
    result = monitor.analyze(walked, params=DEFAULT_PARAMS)
    walk = t.sessions.set_index("foot")["cadence_per_min"]
    for foot in ("left", "right"):
        assert walk[foot] == pytest.approx(result.summary()[foot]["cadence_per_min"])
        assert 80 < walk[foot] < 120
    doc = (root / "docs" / "study.md").read_text()
    row = next(ln for ln in doc.splitlines() if ln.startswith("| `cadence_per_min` |"))
    assert "steps of both feet" in row and "strides" not in row
    windows = doc[doc.index("### windows"):doc.index("### errors")]
    assert "`cadence_per_min` strides" not in windows


def test_the_study_doc_reads_the_csv_tables_back_as_the_parquet_ones(tmp_path, monkeypatch):
    """A CSV cell is empty for a missing number and for an empty text alike, and pandas reads both as NaN:
    read plainly, sessions.csv gives a session without study.json a rider of NaN, which groupby("rider")
    drops. docs/study.md says so and gives the reading that gives back the Parquet table; it runs here."""
    import re

    tables = monitor.study(str(SAMPLES), out_dir=tmp_path / "out", workers=1)
    assert (tables.sessions["rider"] == "").all()
    plain = pd.read_csv(tmp_path / "out" / "sessions.csv")
    assert plain["rider"].isna().all() and plain.groupby("rider").size().empty  # the pitfall
    doc = (SAMPLES.parents[1] / "docs" / "study.md").read_text()
    code = next(c for c in re.findall(r"```python\n(.*?)```", doc, re.S) if "sessions.csv" in c)
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(code, scope)
    pd.testing.assert_frame_equal(scope["sessions"], pd.read_parquet(tmp_path / "out" / "sessions.parquet"))
    pd.testing.assert_frame_equal(scope["sessions"], tables.sessions)


def test_more_workers_than_cpus_run_on_the_cpus_with_a_one_line_note(tmp_path, capsys, monkeypatch):
    """had: `study --workers 1000` started a process per session (up to 1000), however few CPUs the host
    has: analyses are CPU-bound, so the extra processes only shared the CPUs, each with its own memory."""
    pools = []

    def pool(todo, params, workers, done):  # the local pool, counted, its sessions analysed here
        pools.append(workers)
        for src, key in todo:
            done(study_run.run_session(src, params, key))

    monkeypatch.setattr(study_run, "_local_pool", pool)
    monkeypatch.setattr(study_run, "usable_cpus", lambda: 2, raising=False)
    assert main(["study", str(SAMPLES), "-o", str(tmp_path / "out"), "--workers", "1000", "--plain"]) == 0
    assert pools == [2]
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("note: ")]
    assert notes == ["note: --workers 1000 is more than the 2 CPUs this study can use here; running 2 local "
                     "worker processes"]
    assert study_run.local_workers(None) == 2 and study_run.local_workers(1) == 1
    with pytest.raises(UsageError, match="fewer than 1"):
        run_study([], DEFAULT_PARAMS, workers=0)


def test_one_session_with_many_workers_runs_here_without_a_cpu_note(tmp_path, capsys, monkeypatch):
    """had: `study ONE_SESSION --workers 1000` printed "note: --workers 1000 is more than the 2 CPUs ...;
    running 2 local worker processes" though one session is analysed in the command's own process; the
    note is for where the CPUs bring --workers down, and the line says where the sessions run."""
    pools = []
    monkeypatch.setattr(study_run, "_local_pool", lambda todo, *a: pools.append(len(todo)))
    monkeypatch.setattr(study_run, "usable_cpus", lambda: 2, raising=False)
    one = SAMPLES / "sim-healthy-ride"
    assert main(["study", str(one), "-o", str(tmp_path / "out"), "--workers", "1000", "--plain"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert pools == [] and not [line for line in err if line.startswith("note: ")], err
    assert "1 session; in this process" in err, err
    assert study_run.study_processes(1000, 1) == 1 and study_run.study_processes(1000, 5) == 2
    assert study_run.study_processes(None, 0) == 1 and study_run.study_processes(3, 2) == 2


def test_the_cpu_note_counts_the_sessions_still_to_analyse_not_those_cached(tmp_path, capsys, monkeypatch):
    """had: the processes and the CPU note were counted from every session found: `study SAMPLES --workers
    1000` on 2 CPUs, one of its 3 sessions in the cache, said "note: --workers 1000 is more than the 2 CPUs
    ...; running 2 local worker processes", and said it again with all 3 cached, where none is analysed.
    Only the sessions to analyse are counted now, and the line says how many those are."""
    pools = []

    def pool(todo, params, workers, done):  # the local pool, counted, its sessions analysed here
        pools.append((len(todo), workers))
        for src, key in todo:
            done(study_run.run_session(src, params, key))

    monkeypatch.setattr(study_run, "_local_pool", pool)
    monkeypatch.setattr(study_run, "usable_cpus", lambda: 2, raising=False)
    out = tmp_path / "out"
    assert main(["study", str(SAMPLES / "sim-healthy-ride"), "-o", str(out), "--workers", "1", "--plain"]) == 0
    capsys.readouterr()
    said = []
    for _ in range(2):  # 2 of the 3 to analyse, then none
        assert main(["study", str(SAMPLES), "-o", str(out), "--workers", "1000", "--plain"]) == 0
        said.append([line for line in capsys.readouterr().err.splitlines()
                     if line.startswith(("note: ", "3 sessions"))])
    assert pools == [(2, 2)]
    assert said == [["3 sessions, 2 to analyse; 2 local worker processes"],
                    ["3 sessions, 0 to analyse; in this process"]]


@pytest.mark.parametrize("out", ["{s}", "{s}/study", "file://{s}"], ids=["the-session", "inside", "url"])
def test_a_study_is_never_written_into_a_session_directory(tmp_path, capsys, out):
    """had: `study S -o S` wrote sessions.csv, study.html and .cache/ among the session's own files (and
    they changed its cache key, the hash of all its files, so every run analysed it again)."""
    session = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-healthy-ride", session)
    before = sorted(p.relative_to(session) for p in session.rglob("*"))
    paths = [out.format(s=session)] if out.startswith("file") else [str(session)]
    target = out.format(s=session).removeprefix("file://")
    assert main(["study", *paths, "-o", target, "--workers", "1", "--plain"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"solewatch study: error: -o {target}: is ") and "session directory" in line, line
    assert sorted(p.relative_to(session) for p in session.rglob("*")) == before
    with pytest.raises(UsageError, match="session directory"):
        monitor.study(paths, out_dir=target, workers=1)
    assert sorted(p.relative_to(session) for p in session.rglob("*")) == before


def test_a_scheduler_that_does_not_answer_is_its_error_alone(tmp_path, capsys, monkeypatch):
    """had: "N sessions; Dask scheduler tcp://..." on stderr, then the error (after its 10-s wait): the line
    that says where the study runs comes once the scheduler answered. The scheduler's answer is stood in for
    here (no connection is made)."""
    def unanswered(scheduler, timeout_s=10.0):
        raise UsageError(f"--scheduler {scheduler}: cannot connect (timed out)")

    monkeypatch.setattr(study_run, "connect", unanswered)
    assert main(["study", str(SAMPLES), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == "solewatch study: error: --scheduler tcp://127.0.0.1:1: cannot connect (timed out)", line


def test_workers_with_a_scheduler_is_one_line_not_left_unused(tmp_path, capsys):
    """had: `study --scheduler tcp://... --workers 8` ran on the cluster's workers, --workers unused without a
    word (the cluster's number is `dask worker --nworkers N`)."""
    out = tmp_path / "out"
    assert main(["study", str(SAMPLES), "-o", str(out), "--scheduler", "tcp://127.0.0.1:1", "--workers", "8"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("solewatch study: error: --workers 8 is for local worker processes; with --scheduler"), line
    assert not out.exists()
    with pytest.raises(UsageError, match="workers is for local worker processes"):
        run_study([], DEFAULT_PARAMS, client=object(), workers=2)


def test_a_study_out_named_dash_is_refused_not_made_a_folder(tmp_path, capsys, monkeypatch):
    """had: `study S -o -` made a folder named "-" in the current folder, where `export -o -` and `report -o -`
    write standard output. A study is a folder of files, which one stream cannot hold: `-o -` is one line
    naming the option, exit 2, nothing made; `-o ./-` still names a folder called "-". And `-o /dev/stdout`
    said "is a file" of a pipe: it says what it is."""
    import os
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:  # an argument's error, as argparse ends it
        main(["study", str(SAMPLES / "sim-healthy-ride"), "-o", "-", "--workers", "1", "--plain"])
    assert exited.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("solewatch study: error: argument -o/--out: - is standard output, which cannot hold "
                           "a folder of files"), line
    assert list(tmp_path.iterdir()) == []
    done = subprocess.run([sys.executable, "-m", "monitor", "study", str(SAMPLES / "sim-healthy-ride"), "-o",
                           "/dev/stdout", "--workers", "1", "--plain"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(SAMPLES.parents[1])})
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.strip() == ("solewatch study: error: /dev/stdout: is a named pipe; -o names the study's "
                                   "folder (made if missing)"), done.stderr
    assert list(tmp_path.iterdir()) == []


def test_monitor_study_refuses_out_dir_dash_as_the_cli_does(tmp_path, monkeypatch):
    """had: `monitor.study(paths, out_dir="-")` made a folder named "-" in the current folder, where
    `study -o -` is refused: both refuse the string "-" with the one check (monitor.util.outputs
    .check_folder_not_dash) before any session is analysed; `Path("-")` still names a folder called "-"."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="^- is standard output, which cannot hold a folder of files"):
        monitor.study([str(SAMPLES / "sim-healthy-ride")], out_dir="-", workers=1)
    assert list(tmp_path.iterdir()) == []
    tables = monitor.study([str(SAMPLES / "sim-healthy-ride")], out_dir=Path("-"), workers=1)
    assert len(tables.sessions) > 0 and (tmp_path / "-" / "study.html").is_file()


def test_monitor_study_names_its_argument_not_the_cli_option(tmp_path, capsys):
    """had: `monitor.study(s, out_dir=s)` said "-o S: is the session directory ...", and `out_dir="-"` "name a
    folder, e.g. -o study": the command line's option, where docs/api.md says a Python error names the argument.
    The command line keeps its "-o"."""
    session = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-healthy-ride", session)
    with pytest.raises(UsageError) as err:
        monitor.study([str(session)], out_dir=str(session), workers=1)
    assert str(err.value).startswith(f'out_dir="{session}": is the session directory'), err.value
    assert f'(e.g. out_dir="{tmp_path / "study"}")' in str(err.value) and "-o " not in str(err.value), err.value
    with pytest.raises(UsageError, match='name a folder, e.g. out_dir="study"$'):
        monitor.study([str(session)], out_dir="-", workers=1)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(UsageError, match="; out_dir names the study's folder"):
        monitor.study([str(session)], out_dir=str(tmp_path / "a-file"), workers=1)
    capsys.readouterr()
    assert main(["study", str(session), "-o", str(session), "--workers", "1", "--plain"]) == 2
    assert f"-o {session}: is the session directory" in capsys.readouterr().err


def _url_fails(monkeypatch, exc: Exception) -> str:
    import fsspec.core

    def url_to_fs(url, **kwargs):
        raise exc

    monkeypatch.setattr(fsspec.core, "url_to_fs", url_to_fs)
    with pytest.raises(UsageError) as err:
        find_sessions(["s3://nobucket/x"])
    return str(err.value)


def test_a_url_whose_filesystem_module_is_missing_names_that_module(monkeypatch):
    """had: every ImportError said "reading URLs needs fsspec" while fsspec was there and s3fs was not."""
    missing = ImportError("Install s3fs to access S3")  # fsspec's, raised from the ModuleNotFoundError
    missing.__cause__ = ModuleNotFoundError("No module named 's3fs'", name="s3fs")
    said = _url_fails(monkeypatch, missing)
    assert said == ("s3://nobucket/x: reading s3:// URLs needs the module s3fs, which is not installed "
                    "(pip install s3fs)"), said
    no_fsspec = ModuleNotFoundError("No module named 'fsspec'", name="fsspec")
    assert "needs fsspec (pip install 'solewatch[study]')" in _url_fails(monkeypatch, no_fsspec)


def test_a_url_that_cannot_be_listed_is_one_line(monkeypatch):
    """had: an OSError of many lines (hdfs's: one per place it looked for a JVM) made a line of thousands of
    characters; its first line says what."""
    said = _url_fails(monkeypatch, OSError("Unable to load libjvm\ndlopen(/usr/lib/jvm/libjvm.so) failed"))
    assert said == "s3://nobucket/x: cannot list (Unable to load libjvm)", said


@pytest.mark.skipif(find_spec("s3fs") is not None, reason="needs s3fs not installed")
def test_study_of_an_s3_url_without_s3fs_says_so_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "monitor", "study", "s3://nobucket/x", "-o", str(tmp_path / "out"),
                           "--workers", "1"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.endswith("s3://nobucket/x: reading s3:// URLs needs the module s3fs, which is not installed "
                         "(pip install s3fs)"), line
    assert not (tmp_path / "out").exists()


def test_a_long_unknown_key_in_study_json_is_quoted_cut_with_its_closing_quote(tmp_path, capsys):
    # had: json.dumps(key)[:60], the key's first 59 characters with no closing quote
    ride = tmp_path / "rides" / "ride"
    shutil.copytree(SAMPLES / "sim-healthy-ride", ride)
    (ride / STUDY_JSON).write_text(json.dumps({"Q" * 10_000: "x"}), encoding="utf-8")
    assert main(["study", str(tmp_path / "rides"), "-o", str(tmp_path / "out"), "--workers", "1", "--plain"]) == 0
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed: ")]
    assert failed == [f"failed: {ride / STUDY_JSON}: unknown key {quote('Q' * 10_000)} (allowed: rider, change)"]
    assert f"'{'Q' * QUOTE_CHARS}...'" in failed[0]
