"""A stepping machine that declares no machine is told, where it matters, that its normal is one for both.

A rider on an elliptical and a stair climber without `--activity` keeps both machines' normal under the
detector's class, `elliptical_or_stair` (docs/detection.md, "The rider's own normal": which machine is not
known, so neither machine's own can be used), and a healthy stair-climber session was warned against the
elliptical's normal with no word of why. The decision stays; the lines say it and how to keep them apart,
as the other lines of a rider's normal do ("rider ana: its normal from earlier ...").

The claims, each a test that fails if it is wrong:

- `live --rider` starts with the line where the rider's kept normal holds the class's and no activity is
  declared; never for a declared machine, bike, or a normal of a declared machine only;
- the end of a live session that declared no machine and keeps the class's normal says so after the line
  that kept it;
- `analyze --rider` and `report --rider` of a session recognised as a machine, declared as none, judged
  against that normal say so on stderr, and of the session that kept it that it kept it; declared as a
  machine, they say nothing of it.
"""

from __future__ import annotations

import pytest
from live_ride import live_ride

from monitor.cli.machine_normal import machine_judging_line
from monitor.cli.main import main
from monitor.cli.rider_kinds import normals_kept
from monitor.session.riders import load_rider_baseline, rider_baseline_path
from monitor.signal.baseline import ActivityBaseline, RiderBaseline
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(600)

FEET = ("left", "right")
#: a normal kept from the first minute of judged windows, so a 3-minute session keeps one (a test's value: the
#: default's 5 minutes would only make the sessions longer)
PARAMS = DEFAULT_PARAMS.override({"detector": {"baseline_s": 60.0}})
SPEED = 40.0
DECLARE = "declare --activity elliptical or stair_climber: each machine then keeps its own normal"
SHARED = ("its normal of elliptical or stair climber sessions, one for both machines (one machine's normal reads "
          "the other's healthy load as a change)")
JUDGED = f"rider gym: this session, a stepping machine not declared, was judged against {SHARED}: {DECLARE}"
KEPT = f"rider gym: this session, a stepping machine not declared, kept {SHARED}: {DECLARE}"


def _kept(activity: str) -> RiderBaseline:
    """A kept normal of ``activity`` alone, on both feet (its values a guess: the rule reads only which
    activities it holds)."""
    return RiderBaseline({foot: {activity: ActivityBaseline(30, ml_index=0.0, forefoot_share=0.5)} for foot in FEET},
                         "solewatch")


def test_live_starts_saying_the_class_normal_judges_either_machine_not_declared():
    line = machine_judging_line("gym", _kept("elliptical_or_stair"), None, FEET)
    # had: only "rider gym: its normal from earlier elliptical or stair climber sessions; another activity's is ..."
    assert line == f"rider gym: a stepping machine not declared is judged against {SHARED}: {DECLARE}"
    assert machine_judging_line("gym", _kept("elliptical_or_stair"), "unknown", FEET) == line
    assert machine_judging_line("gym", _kept("elliptical_or_stair"), "stair_climber", FEET) is None  # its own
    assert machine_judging_line("gym", _kept("elliptical_or_stair"), "cycling", FEET) is None  # never used
    assert machine_judging_line("gym", _kept("elliptical"), None, FEET) is None  # a declared machine's only
    assert machine_judging_line("gym", None, None, FEET) is None
    assert machine_judging_line("gym", _kept("elliptical_or_stair"), None, ()) is None  # no foot it holds


@pytest.fixture(scope="module")
def gym(tmp_path_factory):
    """gym's elliptical session declaring no activity, kept as the end of `live --rider gym` keeps it, then a
    stair-climber session declaring none: (config folder, the lines the first said at its end, the first
    session, the second)."""
    tmp = tmp_path_factory.mktemp("gym")
    first = live_ride(tmp / "s", "healthy-elliptical", duration_s=180.0, speed=SPEED, params=PARAMS,
                      meta_changes={"activity": "unknown", "rider": "gym"})
    assert {p.get("activity") for p in first.pipeline.values()} == {"elliptical_or_stair"}  # recognised only
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOLEWATCH_CONFIG_DIR", str(tmp / "cfg"))
        said = normals_kept("gym", first, None, None, "solewatch", PARAMS.detector.baseline_s, "unknown", "session")
    second = live_ride(tmp / "s", "stair-climber", duration_s=120.0, speed=SPEED, params=PARAMS,
                       meta_changes={"activity": "unknown"})
    return tmp / "cfg", said, first.record.path, second.record.path


def test_the_end_of_live_says_the_session_kept_the_class_normal(gym, monkeypatch):
    cfg, said, _, _ = gym
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(cfg))
    assert load_rider_baseline("gym", "solewatch").activities() == ["elliptical_or_stair"]  # the decision stays
    (lines,) = said
    # had: the first line alone
    assert lines.splitlines() == [f"rider gym: kept this session's normal for Solewatch insoles in "
                                  f"{rider_baseline_path('gym')}", KEPT], lines


def _stderr(capsys, args) -> list[str]:
    assert main(args) == 0
    return [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("rider gym:")]


def test_analyze_and_report_say_the_class_normal_judged_or_was_kept(gym, monkeypatch, capsys, tmp_path):
    cfg, _, first, second = gym
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(cfg))
    assert _stderr(capsys, ["analyze", str(second), "--rider", "gym"]) == [JUDGED]  # had: []
    assert _stderr(capsys, ["report", str(second), "--rider", "gym", "--plain", "-o", str(tmp_path / "r.html")]) \
        == [JUDGED]
    assert _stderr(capsys, ["analyze", str(first), "--rider", "gym"]) == [KEPT]
    assert _stderr(capsys, ["analyze", str(first)]) == [KEPT]  # recorded for gym, whose normal it kept
    # declared, the machine has its own normal: none of gym's judges it, and nothing is said of the class
    assert _stderr(capsys, ["analyze", str(second), "--rider", "gym", "--activity", "stair_climber"]) == []
