"""The rider's own normal: learnt from a session, kept per rider, read back, and used to judge the next
session from its first minute (monitor.signal.baseline, monitor.session.riders, --rider, --activity)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

import monitor
from monitor.cli.main import main
from monitor.errors import UsageError
from monitor.session.offline import offline_session
from monitor.session.riders import (
    load_rider_baseline,
    rider_baseline_path,
    save_rider_baseline,
    session_baseline,
)
from monitor.signal.baseline import ActivityBaseline, RiderBaseline

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"


@pytest.fixture(scope="module")
def healthy():
    """The simulated rider's healthy ride: its first minutes are this rider's normal."""
    return monitor.analyze(offline_session("healthy-ride", duration_s=9 * 60, seed=2))


def test_a_session_learns_each_foots_normal(healthy):
    base = healthy.baseline
    assert set(base.feet) == {"left", "right"}
    for foot in ("left", "right"):
        b = base.get(foot, "cycling")
        assert b is not None and b.n_windows >= 20
        assert -0.5 < b.ml_index < 0.2 and 0.0 < b.residual_fraction < 0.2
        assert set(b.focal) == {"mth1", "mth2_3", "mth4_5"}


def test_a_known_rider_whose_cleats_moved_is_warned_from_the_first_minutes(healthy):
    """Cleats too far forward from the first pedal stroke: against the session's own first minutes it is
    this rider's normal (a notice at most); against their normal from the healthy ride it is a focal
    MTH2-3 change, warned within 8 minutes on both feet."""
    cleat = offline_session("cleat-forward", duration_s=12 * 60, seed=2)
    alone = monitor.analyze(cleat)
    assert not [a for a in alone.alerts if a.level in ("warning", "alert")]
    known = monitor.analyze(cleat, baseline=healthy.baseline)
    warnings = [a for a in known.alerts if a.level in ("warning", "alert")]
    assert {a.foot for a in warnings} == {"left", "right"}
    assert all(a.region == "mth2_3" for a in warnings)
    assert min(a.t_s for a in warnings) <= 8 * 60


def test_the_healthy_ride_against_its_own_normal_is_quiet(healthy):
    again = monitor.analyze(offline_session("healthy-ride", duration_s=12 * 60, seed=2), baseline=healthy.baseline)
    assert not [a for a in again.alerts if a.level in ("warning", "alert")]


def test_kept_per_rider_merged_and_read_back(tmp_path, monkeypatch, healthy):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    assert load_rider_baseline("ana") is None
    path = save_rider_baseline("ana", healthy.baseline)
    assert path == tmp_path / "riders" / "ana.json" == rider_baseline_path("ana")
    back = load_rider_baseline("ana")
    assert back.get("left", "cycling") == healthy.baseline.get("left", "cycling")
    run = RiderBaseline({"left": {"running": ActivityBaseline(12, ml_index=-0.1, residual_fraction=0.0)}})
    save_rider_baseline("ana", run)
    both = load_rider_baseline("ana")
    assert both.get("left", "running").n_windows == 12 and both.get("left", "cycling") is not None


@pytest.mark.parametrize("text,what", [
    ("{", "line 1"),
    ('{"schema": "other"}', "not a Solewatch rider file .schema solewatch.rider/1, or an older file's "
                            "solewatch.baseline/1; found schema 'other'."),
    ('{"schema": "solewatch.baseline/1", "feet": {"middle": {}}}', "left and/or right"),
    ('{"schema": "solewatch.baseline/1", "feet": {"left": {"cycling": {"n_windows": 0}}}}', "n_windows"),
    ('{"schema": "solewatch.baseline/1", "feet": {"left": {"cycling": {"n_windows": 3, "ml_index": "x"}}}}',
     "ml_index"),
    ('{"schema": "solewatch.baseline/1", "feet": {"left": {"cycling": {"n_windows": 3, "focal": {"mth9": 1}}}}}',
     "focal"),
])
def test_a_bad_baseline_file_is_one_line_naming_it(tmp_path, monkeypatch, text, what):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    f = rider_baseline_path("bo")
    f.parent.mkdir(parents=True)
    f.write_text(text)
    with pytest.raises(UsageError, match=what) as exc:
        load_rider_baseline("bo")
    assert str(f) in str(exc.value) and "\n" not in str(exc.value)


def test_a_kept_normal_that_is_no_file_is_one_line_naming_it(tmp_path, monkeypatch):
    """A directory where the rider's normal is kept was taken for a rider never seen: `live --rider` rode
    on from the first minutes and lost what the ride learnt when it could not be kept at the end."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    f = rider_baseline_path("bo")
    f.mkdir(parents=True)
    with pytest.raises(UsageError) as exc:
        load_rider_baseline("bo")
    assert str(exc.value).startswith(f"{f}: ") and "Is a directory" in str(exc.value)


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "x" * 65, "_x", "a b", "a\nb", "ä/x", "x$"])
def test_a_rider_name_that_cannot_be_a_file_name_is_refused(name):
    with pytest.raises(UsageError, match="rider name"):
        rider_baseline_path(name)


def test_a_rider_name_in_any_script_is_a_name(tmp_path, monkeypatch):
    """The refusal says "use letters": Zoë, Jürgen or 小林 are letters (had: refused, ASCII only). A name
    typed decomposed (o + combining diaeresis) names the same file as one typed composed."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    for name in ("Zoë", "Jürgen-2", "小林", "ä"):
        assert rider_baseline_path(name) == tmp_path / "riders" / f"{name}.json"
    assert rider_baseline_path("Zoe\u0308") == rider_baseline_path("Zo\u00eb")


def test_nan_survives_the_round_trip_as_null():
    b = RiderBaseline({"right": {"walking": ActivityBaseline(8, ml_index=math.nan, forefoot_share=0.5)}})
    d = json.loads(json.dumps(b.to_dict()))
    assert d["feet"]["right"]["walking"]["ml_index"] is None
    back = RiderBaseline.from_dict(d)
    assert math.isnan(back.get("right", "walking").ml_index) and back.get("right", "walking").forefoot_share == 0.5


def _cli(*args, env=None):
    import os
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_cli_analyze_with_an_unknown_rider_is_one_line_and_exit_2(tmp_path):
    proc = _cli("analyze", str(SAMPLES / "sim-healthy-ride"), "--rider", "nobody",
                env={"SOLEWATCH_CONFIG_DIR": str(tmp_path)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "no normal kept for rider nobody" in proc.stderr


def _main(capsys, *args) -> tuple[int, str]:
    """``solewatch *args`` in this process (the command's own code, without a new interpreter's start):
    its exit code and standard output."""
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cli_analyze_with_a_kept_rider_and_a_declared_activity(tmp_path, healthy, monkeypatch, capsys):
    """The 90-s sample ride is too short for a warning; judged against the rider's kept normal its focal
    MTH2-3 load is a change (without it, the same notice is a population cut-off)."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    (tmp_path / "riders").mkdir()
    (tmp_path / "riders" / "sim.json").write_text(json.dumps(healthy.baseline.to_dict()))
    code, out = _main(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"), "--rider", "sim", "--json")
    assert code == 0
    doc = json.loads(out)
    focal = [a for a in doc["alerts"] if a["pattern"] == "focal_mth"]
    assert focal and all(a["region"] == "mth2_3" for a in focal)
    known = monitor.analyze(SAMPLES / "sim-cleat-forward", baseline=healthy.baseline)
    alone = monitor.analyze(SAMPLES / "sim-cleat-forward")
    reasons = [r for a in known.feet["left"].assessments_ for r in a.reasons if r.startswith("focal_mth")]
    assert reasons and all("(change)" in r for r in reasons)
    reasons = [r for a in alone.feet["left"].assessments_ for r in a.reasons if r.startswith("focal_mth")]
    assert reasons and all("(population)" in r for r in reasons)
    code, walk = _main(capsys, "analyze", str(SAMPLES / "sim-healthy-ride"), "--activity", "walking", "--json")
    assert code == 0
    assert {f["activity"] for f in json.loads(walk)["summary"].values()} == {"walking"}


def test_a_session_without_a_kept_baseline_has_none():
    assert session_baseline(SAMPLES / "sim-healthy-ride") is None


def test_a_kept_normal_and_setup_that_are_symbolic_links_are_written_through(tmp_path, monkeypatch, healthy):
    """had: a rider's baseline or setup file kept as a symbolic link (a configuration in a dotfiles folder,
    linked into ~/.config/solewatch) was replaced by a regular file at the next save: the link was gone and
    the file it named kept the old content. Saved now as write_whole saves an -o through a link: the file
    it names is replaced, in its own folder, and the link stays."""
    from monitor.session.rider_setup import remember_setup, remembered_setup, rider_setup_path
    from monitor.session.riders import RiderNormals

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    run = RiderBaseline({"left": {"running": ActivityBaseline(12, ml_index=-0.1, residual_fraction=0.0)}})
    (dotfiles / "ana.json").write_text(json.dumps(run.to_dict()))
    (dotfiles / "setup.json").write_text('{"pedals": "flat", "shoes": null}')
    link, setup_link = rider_baseline_path("ana"), rider_setup_path(None)
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles / "ana.json")
    setup_link.symlink_to(dotfiles / "setup.json")

    assert save_rider_baseline("ana", healthy.baseline) == link
    remember_setup(None, {"pedals": "clipless", "shoes": "road shoes, 43"})
    assert link.is_symlink() and setup_link.is_symlink()
    kept = RiderNormals.from_dict(json.loads((dotfiles / "ana.json").read_text()), "ana.json").for_insole("solewatch")
    assert kept.get("left", "running").n_windows == 12 and kept.get("left", "cycling") is not None
    assert json.loads((dotfiles / "setup.json").read_text()) == {"pedals": "clipless", "shoes": "road shoes, 43"}
    assert remembered_setup(None) == {"pedals": "clipless", "shoes": "road shoes, 43"}
    assert sorted(p.name for p in dotfiles.iterdir()) == ["ana.json", "setup.json"]  # no temporary file left
