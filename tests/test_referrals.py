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
    assert referrals(["cycling"])[0] in _words(ride)  # wrapped to the terminal
    code, run = _cli(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"), "--activity", "running")
    assert code == 0
    assert referrals(["running"])[0] in _words(run) and "cleats have been ruled out" not in _words(run)


def _words(text: str) -> str:
    """``text`` with its line breaks and runs of spaces as one space: the words a wrapped text says."""
    return " ".join(text.split())


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_the_referrals_wrap_to_the_terminal_as_the_import_s_caveats_do(capsys, monkeypatch, columns):
    """had: analyze printed the first referral as one line of 229 characters at any terminal width. Each
    now wraps to the terminal (monitor.cli.wrapping, as the import's caveats), its words unchanged and in
    lines of their own between the sources and the disclaimer."""
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out = _cli(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"))
    assert code == 0
    lines = out.splitlines()
    end = lines.index("Solewatch is not a medical device and does not diagnose.")
    start = max(i for i, line in enumerate(lines[:end]) if not line)  # the blank line before them
    said = lines[start + 1:end]
    first, urgent = referrals(["cycling"])
    assert len(first) > 200 and " ".join(said) == f"{first} {urgent}", said
    assert len(said) > 2 and all(len(line) <= columns for line in said), said


def test_a_live_run_is_referred_without_cleats(tmp_path):
    record = RecordSummary(tmp_path, 600.0, {}, 0)
    run = summary_text(LiveSummary(record, [], {"left": {"activity": "running"},
                                                "right": {"activity": "running"}}))
    assert referrals(["running"])[0] in run and "cleat" not in run
    ride = summary_text(LiveSummary(record, [], {"left": {"activity": "cycling_seated"}}))
    assert referrals(["cycling"])[0] in ride
