"""When to see a clinician, in the words of the session's activity: after the ride, the run or the walk."""

from __future__ import annotations

import json
import shutil
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


@pytest.mark.parametrize(("activities", "ends", "tags"), [
    (["cycling_seated", "cycling_seated"], "after the ride ends", "[18][36]"),
    (["cycling_standing", "unknown"], "after the ride ends", "[18][36]"),
    (["running", "running"], "after the run ends", "[36]"),
    (["walking"], "after the walk ends", "[36]"),
    (["running", "walking"], "after the session ends", "[36]"),
    (["elliptical_or_stair", None], "after the session ends", "[36]"),
    (["stair_climber"], "after the session ends", "[36]"),
    ([None, "unknown"], "after the session ends", "[18][36]"),  # not known: it may be a ride
    ([None, "running"], "after the run ends", "[36]"),  # the foot not known is the runner's other foot
    (["unknown", "cycling_seated"], "after the ride ends", "[18][36]"),
])
def test_the_referral_says_domain_md_s_trigger_in_the_words_of_the_activity(activities, ends, tags):
    """domain.md section 6's last row: "Numbness that persists off the bike, or any user with diabetes or
    neuropathy | refer to a clinician; the device does not diagnose | [18][36]". had: "Numbness that persists
    once footwear and cleats have been ruled out needs a clinician: a Morton's neuroma shows on ultrasound, and
    the lower spine can be the cause..." and "... needs urgent care (acute compartment syndrome)", none of
    which domain.md holds."""
    first, leg_pain = referrals(activities)
    assert f"If numbness persists {ends}, see a clinician" in first, first
    # [18] (BikeFit) is a bike's source; [36] (Bus et al. 2011, diabetic footwear) holds on foot too. Had: "[18][36]"
    # after every run, walk and stepping machine, citing a bike fitter for a run's numbness
    assert "anyone with diabetes or neuropathy" in first and first.endswith(f"Solewatch does not diagnose {tags}.")
    assert leg_pain == "Numbness with leg pain: see a clinician."
    said = " ".join((first, leg_pain)).lower()
    for unsourced in ("ruled out", "ultrasound", "spine", "neuroma", "compartment", "urgent"):
        assert unsourced not in said, unsourced


def test_the_readme_says_the_referrals_words():
    """README quotes the referral as the code says it where no activity is known, the general sentence; had:
    "If numbness persists after the ride, run or walk ends, ... ([18][36] on a bike, [36] on foot)", a sentence
    no session is told (a gym machine's ends "after the session ends"), which the test held as a literal."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    general = referrals([None])[0]
    assert "after the session ends" in general and general in readme, general
    assert "ride, run or walk ends" not in readme
    # what it says of the others is what the code says: the ride, the run, the walk; [36] alone off the bike
    assert "names the ride, the run or the walk" in readme and "it cites [36] alone" in readme
    for activity, end in [("cycling", "ride"), ("running", "run"), ("walking", "walk"), ("elliptical", "session"),
                          ("stair_climber", "session")]:
        first = referrals([activity])[0]
        assert f"after the {end} ends" in first and first.endswith("[18][36]." if end == "ride" else " [36]."), first
    assert referrals(["cycling"])[1] in readme
    for unsourced in ("ruled out", "ultrasound", "compartment", "urgent care"):
        assert unsourced not in readme, unsourced


def test_a_walk_is_referred_after_the_walk_and_a_ride_after_the_ride(capsys):
    code, out = _cli(capsys, "analyze", str(SAMPLES / "moticon-walk"), "--json", "--activity", "walking")
    assert code == 0
    walk = json.loads(out)
    assert walk["referrals"] == list(referrals(["walking"]))
    assert "after the walk ends" in walk["referrals"][0]
    code, ride = _cli(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"))
    assert code == 0
    assert referrals(["cycling"])[0] in _words(ride)  # wrapped to the terminal
    code, run = _cli(capsys, "analyze", str(SAMPLES / "sim-cleat-forward"), "--activity", "running")
    assert code == 0
    assert referrals(["running"])[0] in _words(run) and "after the ride ends" not in _words(run)


def test_a_declared_run_with_an_insole_that_sent_nothing_is_referred_after_the_run(tmp_path, capsys):
    """A foot not known beside one known on foot is the same rider's other foot: `analyze --activity running`
    of a walk whose left insole sent no sample tells its feet as [None, "running"] (AnalysisResult.activities:
    None for a foot with no data, whatever was declared), and the referral is a run's, cited [36], not a
    session's that may be a ride's [18][36] (monitor.analysis.referrals' docstring)."""
    import pandas as pd

    session = tmp_path / "one-foot"
    shutil.copytree(SAMPLES / "moticon-walk", session)
    frames = pd.read_parquet(session / "frames.parquet")
    frames.loc[frames["foot"] == "left", [c for c in frames.columns if c.endswith("_kpa")]] = float("nan")
    frames.to_parquet(session / "frames.parquet")
    code, out = _cli(capsys, "analyze", str(session), "--json", "--activity", "running")
    assert code == 0
    said = json.loads(out)["referrals"]
    assert said == list(referrals([None, "running"])) == list(referrals(["running"])), said


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
    assert len(first) > 100 and " ".join(said) == f"{first} {urgent}", said
    assert len(said) > 2 and all(len(line) <= columns for line in said), said


def test_a_live_run_is_referred_without_cleats(tmp_path):
    record = RecordSummary(tmp_path, 600.0, {}, 0)
    run = summary_text(LiveSummary(record, [], {"left": {"activity": "running"},
                                                "right": {"activity": "running"}}))
    assert referrals(["running"])[0] in run and "cleat" not in run
    ride = summary_text(LiveSummary(record, [], {"left": {"activity": "cycling_seated"}}))
    assert referrals(["cycling"])[0] in ride


@pytest.mark.parametrize("machine", ["elliptical", "stair_climber", "elliptical_or_stair"])
def test_a_live_machine_session_is_referred_after_the_session(tmp_path, machine):
    """A gym machine's live summary says the session's end, not a ride's, a run's or a walk's, and [36] alone."""
    record = RecordSummary(tmp_path, 600.0, {}, 0)
    said = summary_text(LiveSummary(record, [], {"left": {"activity": machine}, "right": {"activity": machine}}))
    assert "If numbness persists after the session ends, see a clinician; anyone with diabetes or neuropathy " \
           "should too. Solewatch does not diagnose [36]." in said, said
    for end in ("ride", "run", "walk"):
        assert f"after the {end} ends" not in said, said
