"""The elliptical and the stair climber keep a normal each: the detector's one class of stepping machines
(elliptical_or_stair, whose cut-offs they share) does not mix a rider's normals of the two machines
(monitor.signal.baseline.normal_key, docs/detection.md "The rider's own normal")."""

from __future__ import annotations

import json

import pytest

import monitor
from monitor.cli.judged_against import rider_start_line
from monitor.session.offline import offline_session
from monitor.session.riders import load_rider_baseline, save_rider_baseline
from monitor.signal.baseline import RiderBaseline

FEET = ("left", "right")


def _warnings(result) -> list[tuple[str, str]]:
    return sorted({(a.foot, a.region) for a in result.alerts if a.level in ("warning", "alert")})


@pytest.fixture(scope="module")
def elliptical():
    return offline_session("healthy-elliptical", duration_s=7 * 60, seed=2)


@pytest.fixture(scope="module")
def stairs():
    return offline_session("stair-climber", duration_s=7 * 60, seed=2)


@pytest.fixture(scope="module")
def learnt(elliptical, stairs):
    """What each healthy machine session learnt alone."""
    return monitor.analyze(elliptical).baseline, monitor.analyze(stairs).baseline


def test_each_declared_machine_keeps_its_normal_under_its_own_word(learnt):
    from monitor.signal.baseline import normal_key

    from_elliptical, from_stairs = learnt
    assert from_elliptical.activities() == ["elliptical"]
    assert from_stairs.activities() == ["stair_climber"]
    assert normal_key("cycling", "elliptical") == "cycling"  # every other activity keeps its label


def test_a_stair_climber_is_not_judged_against_an_elliptical_normal(learnt, stairs):
    """The healthy stair climber alone warns of nothing; against the rider's elliptical normal (the
    elliptical's lower forefoot share read as its normal) it was warned of MTH2-3 on both feet."""
    from_elliptical, _ = learnt
    alone = monitor.analyze(stairs)
    assert not _warnings(alone)
    known = monitor.analyze(stairs, baseline=from_elliptical)
    assert known.kept_feet == {"left": False, "right": False}
    assert not _warnings(known)
    assert "none of stair climber sessions" in known.judged_words()
    assert known.baseline.activities() == ["stair_climber"]  # it learns its own, to keep beside the other


def test_an_elliptical_is_not_judged_against_a_stair_climber_normal(learnt, elliptical):
    _, from_stairs = learnt
    known = monitor.analyze(elliptical, baseline=from_stairs)
    assert known.kept_feet == {"left": False, "right": False}
    assert "none of elliptical sessions" in known.judged_words()


def test_the_same_machine_is_judged_against_its_own_kept_normal(learnt, elliptical):
    both = learnt[0].merged(learnt[1])
    assert both.activities() == ["elliptical", "stair_climber"]  # neither replaced the other
    known = monitor.analyze(elliptical, baseline=both)
    assert known.kept_feet == {"left": True, "right": True}
    assert "kept from earlier elliptical sessions" in known.judged_words()
    assert not _warnings(known)


def _as_class(baseline: RiderBaseline) -> RiderBaseline:
    """``baseline`` keyed by the detector's class, as baseline.json files were kept before the machines
    were kept apart."""
    return RiderBaseline({foot: {"elliptical_or_stair": b for b in acts.values()}
                          for foot, acts in baseline.feet.items()})


def test_an_older_class_keyed_normal_loads_and_serves_undeclared_machine_sessions_only(
        learnt, stairs, tmp_path, monkeypatch):
    """A normal kept under "elliptical_or_stair" (which machine not known) still loads; a declared machine
    session does not use it (it may be the other machine's), an undeclared one (recognised as the
    class) does, as before."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    (tmp_path / "riders").mkdir()
    (tmp_path / "riders" / "ana.json").write_text(json.dumps(_as_class(learnt[0]).to_dict()))
    old = load_rider_baseline("ana")
    assert old.activities() == ["elliptical_or_stair"]
    declared = monitor.analyze(stairs, baseline=old)
    assert declared.kept_feet == {"left": False, "right": False}
    undeclared = monitor.analyze(stairs, declared_activity="unknown", baseline=old)
    assert {a for a in undeclared.activities().values()} == {"elliptical_or_stair"}
    assert undeclared.kept_feet == {"left": True, "right": True}
    # what an undeclared machine session learns stays under the class: no declared machine's normal
    fresh = monitor.analyze(stairs, declared_activity="unknown")
    assert fresh.baseline.activities() == ["elliptical_or_stair"]
    # the declared session's own normal is kept beside the older one
    save_rider_baseline("ana", declared.baseline)
    assert load_rider_baseline("ana").activities() == ["elliptical_or_stair", "stair_climber"]


def test_the_live_start_line_names_only_sessions_that_happened(learnt):
    """ana did one elliptical session: a stair climber is told none is kept for it."""
    line = rider_start_line("ana", learnt[0], "stair_climber", FEET)
    assert "from earlier stair climber sessions" not in line
    assert "no earlier stair climber sessions (its kept normal is of elliptical sessions)" in line
    same = rider_start_line("ana", learnt[0], "elliptical", FEET)
    assert same == "rider ana: its normal from earlier elliptical sessions"


def test_the_live_start_line_of_an_undeclared_session_says_a_machines_normal_needs_its_word(learnt):
    """Not declared, a machine is recognised as the class: neither machine's normal judges it."""
    line = rider_start_line("ana", learnt[0].merged(learnt[1]), None, FEET)
    assert line == ("rider ana: its normal of the activity it is recognised as, from earlier elliptical sessions or "
                    "stair climber sessions (an elliptical's or a stair climber's for a session declared as one "
                    "only); another activity's is learnt from its first minutes")
