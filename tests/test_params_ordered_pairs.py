"""Parameters the docs define in an order are refused out of it, by --params (exit 2, one line naming the
file's line and both parameters) and by monitor.analyze's overrides (UsageError): relief's hysteresis
(unloaded below features.relief_enter_kpa, loaded again above relief_exit_kpa; docs/detection.md) and a
pattern's population cut-off above its extreme tier (detector.focal_ratio / focal_extreme,
ml_index_high / ml_index_extreme, and forefoot_share_high in each of its activities / forefoot_share_extreme)."""

from __future__ import annotations

import json

import pytest
from test_malformed_files import SAMPLES

import monitor
from monitor.cli.main import main
from monitor.errors import UsageError
from monitor.signal.params import DEFAULT_PARAMS

RIDE = SAMPLES / "sim-healthy-ride"


@pytest.mark.parametrize("section, values, named", [
    ("features", {"relief_enter_kpa": 20, "relief_exit_kpa": 10}, ("relief_enter_kpa (20)", "relief_exit_kpa (10)")),
    ("features", {"relief_enter_kpa": 12}, ("relief_enter_kpa (12)", "relief_exit_kpa (10.0)")),
    ("detector", {"focal_ratio": 1.7}, ("focal_ratio (1.7)", "focal_extreme (1.6)")),
    ("detector", {"ml_index_extreme": 0.01}, ("ml_index_high (0.05)", "ml_index_extreme (0.01)")),
    ("detector", {"forefoot_share_extreme": 0.8}, ("detector.forefoot_share_high.elliptical_or_stair (0.86)",
                                                   "detector.forefoot_share_extreme (0.8)")),
    ("detector", {"forefoot_share_high": {"cycling": 0.72, "running": 0.97, "walking": 0.70,
                                          "elliptical_or_stair": 0.86, "unknown": 0.86}},
     ("detector.forefoot_share_high.running (0.97)", "detector.forefoot_share_extreme (0.95)")),
])
def test_a_pair_out_of_order_in_a_params_file_is_one_line(tmp_path, capsys, section, values, named):
    params = tmp_path / "p.json"
    params.write_text(json.dumps({section: values}, indent=1))
    code = main(["analyze", str(RIDE), "--params", str(params)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert f"{params}: line" in err and all(n in err for n in named), err


def test_a_pair_out_of_order_given_to_analyze_is_a_usage_error():
    session = monitor.load_session(RIDE)
    with pytest.raises(UsageError, match=r"relief_enter_kpa \(9.9\) must not exceed .*relief_exit_kpa \(6\)"):
        monitor.analyze(session, relief_enter_kpa=9.9, relief_exit_kpa=6)


def test_the_defaults_and_equal_values_are_taken():
    f = DEFAULT_PARAMS.features
    assert f.relief_enter_kpa <= f.relief_exit_kpa
    p = DEFAULT_PARAMS.override({"features": {"relief_enter_kpa": 8, "relief_exit_kpa": 8},
                                 "detector": {"focal_ratio": 1.6, "ml_index_high": 0.4}}, check_ranges=True)
    assert p.features.relief_exit_kpa == 8 and p.detector.focal_ratio == 1.6


def test_a_sessions_own_params_json_out_of_order_still_reads(tmp_path, capsys):
    """A live session recorded by an earlier version with `--params` relief_enter_kpa 12 (above the default
    exit, 10 kPa) keeps that params.json: analyze, report and replay still read it, as that version did
    (had: every one refused the session, exit 2, "params.json: line 66: features.relief_enter_kpa (12) must
    not exceed ..."), while the same file given now as --params is refused."""
    import shutil

    session = tmp_path / "ride"
    shutil.copytree(RIDE, session)
    (session / "params.json").write_text(json.dumps({"features": {"relief_enter_kpa": 12}}, indent=1))
    assert main(["analyze", str(session)]) == 0, capsys.readouterr().err
    assert main(["replay", str(session), "--plain"]) == 0, capsys.readouterr().err
    assert main(["report", str(session), "-o", str(tmp_path / "r.html")]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["analyze", str(session), "--params", str(session / "params.json")]) == 2
    assert "must not exceed" in capsys.readouterr().err


def test_a_forefoot_share_cut_off_above_its_extreme_is_refused_at_its_activitys_line(tmp_path, capsys):
    """had: taken, so that a running share of 0.96 warned as extreme (forefoot_share_extreme 0.95) though it
    was not past the running cut-off (0.97) a notice needs."""
    params = tmp_path / "p.json"
    high = dict(DEFAULT_PARAMS.detector.forefoot_share_high, running=0.97)
    params.write_text(json.dumps({"detector": {"forefoot_share_high": high}}, indent=1))
    line = params.read_text().splitlines().index('   "running": 0.97,') + 1
    assert main(["analyze", str(RIDE), "--params", str(params)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"solewatch analyze: error: {params}: line {line}: "
                           "detector.forefoot_share_high.running (0.97) must not exceed "
                           "detector.forefoot_share_extreme (0.95)"), err
    with pytest.raises(UsageError, match=r"^parameters: detector\.forefoot_share_high\.cycling \(0\.72\) must not "
                                         r"exceed detector\.forefoot_share_extreme \(0\.6\)"):
        monitor.analyze(monitor.load_session(RIDE), forefoot_share_extreme=0.6)
    same = DEFAULT_PARAMS.override({"detector": {"forefoot_share_extreme": 0.86}}, check_ranges=True)
    assert same.detector.forefoot_share_extreme == 0.86  # equal to the highest cut-off: taken
