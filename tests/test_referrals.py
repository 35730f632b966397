"""When to see a clinician, in the words of the session's activity: cleats on a bike, shoes on foot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.analysis.suggestions import referrals
from monitor.cli.main import main
from monitor.live.summary import LiveSummary, RecordSummary, summary_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sessions" / "samples"


def _cli(capsys, *args) -> tuple[int, str]:
    """``solewatch *args`` in this process (the command's own code, without a new interpreter's start):
    its exit code and standard output."""
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("activities", "gear", "not_said"), [
    (["cycling_seated", "cycling_seated"], "footwear and cleats", "lacing"),
    (["cycling_standing", "unknown"], "footwear and cleats", "lacing"),
    (["running", "running"], "shoes, lacing and insoles", "cleat"),
    (["elliptical_or_stair", None], "shoes, lacing and insoles", "cleat"),
    (["walking"], "shoes, lacing and insoles", "cleat"),
    ([None, "unknown"], "footwear (and cleats, on a bike)", "lacing"),
])
def test_the_referral_names_the_gear_of_the_activity(activities, gear, not_said):
    first, urgent = referrals(activities)
    assert f"persists once {gear}" in first and not_said not in first
    assert "clinician" in first and "ultrasound" in first and "spine" in first and "diabetes" in first
    assert "urgent care" in urgent and "compartment" in urgent


def test_a_walk_is_referred_without_cleats_and_a_ride_with_them(capsys):
    code, out = _cli(capsys, "analyze", str(SAMPLES / "moticon-walk"), "--json")
    assert code == 0
    walk = json.loads(out)
    assert walk["referrals"] == list(referrals(["walking"]))
    assert "cleat" not in " ".join(walk["referrals"])
    code, ride = _cli(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"))
    assert code == 0
    assert referrals(["cycling"])[0] in ride
    code, run = _cli(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"), "--activity", "running")
    assert code == 0
    assert referrals(["running"])[0] in run and "cleats have been ruled out" not in run


def test_a_live_run_is_referred_without_cleats(tmp_path):
    record = RecordSummary(tmp_path, 600.0, {}, 0)
    run = summary_text(LiveSummary(record, [], {"left": {"activity": "running"},
                                                "right": {"activity": "running"}}))
    assert referrals(["running"])[0] in run and "cleat" not in run
    ride = summary_text(LiveSummary(record, [], {"left": {"activity": "cycling_seated"}}))
    assert referrals(["cycling"])[0] in ride
