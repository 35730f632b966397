"""`analyze --rider NAME` of the ride whose data made NAME's kept normal says so.

`live --sim healthy-ride --speed 40 --duration 8m --rider alice` (alice's first ride: it is judged against its
first minutes and keeps them as alice's normal), then `analyze --rider alice` of it said "Judged against
alice's normal kept from earlier rides." though there was no earlier ride: the normal came from this one.
Plain `analyze` of it says this ride kept them as alice's normal, as the live summary does. But a first ride too
short to keep a normal, whose normal a later ride kept, was said "kept from this ride's first minutes" too:
it was judged against another ride's normal, "kept from other rides".
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_judged_progress import as_clause
from test_session_rider import ON_VIRTUAL_CLOCK, ROOT

from monitor.analysis.normal_words import judged_words, own_feet
from monitor.cli.main import main
from monitor.signal.baseline import ActivityBaseline, RiderBaseline

pytestmark = pytest.mark.timeout(600)

OWN = "Judged against alice's normal kept from this ride's first minutes, as it was judged live."
EARLIER = "Judged against alice's normal kept from earlier rides."
OTHER = "Judged against alice's normal kept from other rides."


def _live(tmp_path: Path, out: str, duration: str) -> Path:
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", duration,
                           "--out", str(tmp_path / out), "--plain", "--no-sound", "--no-report", "--rider", "alice"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(tmp_path / "cfg")})
    assert proc.returncode == 0, proc.stderr
    return next((tmp_path / out).iterdir())


def _judged(capsys, *args: str) -> str:
    return _said(capsys, *args)[0]


def _said(capsys, *args: str) -> tuple[str, str]:
    """The line under analyze's verdict, and its progress line ("analysing with ..., judged against ...")."""
    assert main(["analyze", *args]) == 0
    out = capsys.readouterr()
    return out.out.splitlines()[1], next(ln for ln in out.err.splitlines() if ln.startswith("analysing with "))


def test_analyze_rider_of_the_first_ride_says_its_normal_is_this_rides(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    first = _live(tmp_path, "first", "8m")
    assert (tmp_path / "cfg" / "riders" / "alice.json").is_file()  # the ride kept alice's normal
    judged, progress = _said(capsys, "--rider", "alice", str(first))
    # had: "judging against rider alice's kept normal" above a verdict judged on the ride's first minutes
    assert judged == OWN and progress.endswith(as_clause(OWN)), progress
    assert _judged(capsys, str(first)) == ("Judged against this session's first minutes (none was kept for alice "
                                           "before: this ride kept its first minutes as alice's normal).")
    # a later ride was judged live against that normal (its baseline.json): kept from earlier rides
    second = _live(tmp_path, "second", "1m")
    assert (second / "baseline.json").is_file()
    judged, progress = _said(capsys, "--rider", "alice", str(second))
    assert judged == EARLIER and progress.endswith(as_clause(EARLIER)), progress
    assert _judged(capsys, "--rider", "alice", str(first)) == OWN  # the first ride's still is its own


def test_analyze_rider_of_a_ride_too_short_to_keep_a_normal_says_another_ride_kept_it(tmp_path, monkeypatch,
                                                                                       capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    short = _live(tmp_path, "short", "1m")
    assert not (tmp_path / "cfg" / "riders" / "alice.json").exists()  # too short: nothing kept
    later = _live(tmp_path, "later", "8m")  # judged against its first minutes, which it keeps
    assert not (short / "baseline.json").exists() and not (later / "baseline.json").exists()
    assert _judged(capsys, "--rider", "alice", str(later)) == OWN
    judged, progress = _said(capsys, "--rider", "alice", str(short))
    assert judged == OTHER and progress.endswith(as_clause(OTHER)), progress  # another ride's normal: kept


def test_own_feet_are_said_per_foot_where_only_one_is():
    normal = RiderBaseline()
    kept = {"left": True, "right": True}
    assert own_feet(kept, None) == ("left", "right")
    assert own_feet(kept, {"left": True, "right": False}) == ("right",)
    assert own_feet(kept, kept) == ()
    cycling = {"left": "cycling", "right": "cycling"}
    assert judged_words(kept, normal, "alice", cycling, own={"right": "this"}) == (
        "Judged per foot: left foot against alice's normal kept from earlier rides; right foot against alice's "
        "normal kept from this ride's first minutes.")
    assert judged_words(kept, normal, "alice", cycling) == EARLIER
    assert judged_words(kept, normal, "alice", cycling, own={"left": "this", "right": "this"}) == OWN
    assert judged_words(kept, normal, "alice", cycling, own={"left": "other", "right": "other"}) == OTHER
    assert judged_words(kept, normal, "alice", cycling, own={"left": "other", "right": "this"}) == (
        "Judged per foot: left foot against alice's normal kept from other rides; right foot against alice's "
        "normal kept from this ride's first minutes.")


def test_same_normal_allows_rounding_only():
    from monitor.signal.baseline import same_normal

    a = ActivityBaseline(30, ml_index=0.1, forefoot_share=0.5, focal={"mth1": 1.2})
    assert same_normal(a, ActivityBaseline(30, ml_index=0.1 * (1 + 1e-9), forefoot_share=0.5, focal={"mth1": 1.2}))
    assert not same_normal(a, ActivityBaseline(30, ml_index=0.11, forefoot_share=0.5, focal={"mth1": 1.2}))
    assert not same_normal(a, ActivityBaseline(31, ml_index=0.1, forefoot_share=0.5, focal={"mth1": 1.2}))
    assert not same_normal(a, None)

