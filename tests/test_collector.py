"""The garbage collector around analysis, report and replay: objects made before are left out of
collections while the work runs, and everything goes back as it was (monitor.util.collector)."""

import gc

import pytest

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session
from monitor.util.collector import YOUNG_THRESHOLD, fewer_young_collections, objects_before_frozen


def test_objects_made_before_are_frozen_while_the_block_runs_and_go_back_after():
    assert gc.get_freeze_count() == 0
    with objects_before_frozen():
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the program's modules and objects
        made_inside = [[] for _ in range(100)]
        assert gc.get_freeze_count() == frozen  # what is made inside is collected as ever
        assert gc.is_tracked(made_inside)
    assert gc.get_freeze_count() == 0


def test_an_error_inside_still_unfreezes():
    with pytest.raises(ValueError), objects_before_frozen():
        raise ValueError("inside")
    assert gc.get_freeze_count() == 0


def test_inside_another_block_nothing_changes():
    with objects_before_frozen():
        outer = gc.get_freeze_count()
        with objects_before_frozen():
            assert gc.get_freeze_count() == outer
        assert gc.get_freeze_count() == outer  # the inner block did not unfreeze the outer one's objects
    assert gc.get_freeze_count() == 0


def test_off_changes_nothing():
    with objects_before_frozen(freeze=False):
        assert gc.get_freeze_count() == 0


def test_analyze_leaves_the_collector_as_it_found_it():
    session = offline_session("healthy-ride", duration_s=60, seed=1)
    analyze(session)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_as_a_decorator_it_holds_for_each_call():
    @objects_before_frozen()
    def frozen_inside() -> int:
        return gc.get_freeze_count()

    assert frozen_inside() > 1000
    assert gc.get_freeze_count() == 0
    assert frozen_inside() > 1000


def test_young_collections_are_fewer_while_the_block_runs_and_the_thresholds_go_back_after():
    before = gc.get_threshold()
    assert before[0] < YOUNG_THRESHOLD
    with pytest.raises(ValueError), fewer_young_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        with fewer_young_collections():  # inside another block nothing changes
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        raise ValueError("inside")
    assert gc.get_threshold() == before
    with fewer_young_collections(apply=False):
        assert gc.get_threshold() == before
