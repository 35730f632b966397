"""A ReplaySource made with its constructor, not ReplaySource.open, is checked field by field: a value its raw
log cannot hold is a ValueError naming the field, not a replay of a made-up span.

Had: every value was taken as given: ``last_host_s`` or ``end_s`` NaN replayed the sample session as NaN s long
(``record.duration_s`` nan, of 90.056 s), ``records=-5`` said -5 records read, ``lost={"left": -3}`` passed on.
That the values are the log's is not checked (it would take reading the log again): an ``end_s`` before the last
record's time is not refused, as the replay ends at the later of the two (monitor.session.log_end).
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from pathlib import Path

import pytest

from monitor.live.replay import ReplaySource, replay_session
from monitor.session.rawlog import SkippedSpan

SAMPLE = Path(__file__).resolve().parents[1] / "sessions" / "samples" / "sim-cleat-forward"


@pytest.fixture(scope="module")
def source():
    return ReplaySource.open(SAMPLE)


@pytest.mark.parametrize("name, value", [
    ("records", -5), ("records", 2.5), ("records", True), ("records", "2253"),
    ("last_host_s", math.nan), ("last_host_s", -100.0), ("last_host_s", math.inf), ("last_host_s", 1e12),
    ("last_host_s", None),
    ("end_s", math.nan), ("end_s", -5.0), ("end_s", math.inf),
    ("skipped", [SkippedSpan(8, 10, None, None)]), ("skipped", ("damaged",)),
    ("lost", {"left": -3}), ("lost", {"left": 0}), ("lost", {"middle": 3}), ("lost", {"right": 2.0}),
    # had: taken, and the replay raised a bare AttributeError ('NoneType' object has no attribute ...)
    ("path", None), ("path", str(SAMPLE)), ("info", None), ("info", {"speed": 1.0}), ("raw", None),
    ("raw", str(SAMPLE / "raw.jsonl")),
])
def test_a_field_the_raw_log_cannot_hold_is_a_value_error_naming_it(source, name, value):
    with pytest.raises(ValueError, match=rf"^ReplaySource\.{name} ") as err:
        dataclasses.replace(source, **{name: value})
    assert "\n" not in str(err.value)


def test_none_for_info_is_refused_before_any_replay(source):
    """Had: ``dataclasses.replace(src, info=None)`` was taken, and replay_session raised a bare AttributeError."""
    with pytest.raises(ValueError, match=r"^ReplaySource\.info is the session's SessionInfo, not None$"):
        asyncio.run(replay_session(dataclasses.replace(source, info=None)))


def test_a_last_host_time_without_a_record_is_refused(source):
    with pytest.raises(ValueError, match=r"^ReplaySource\.last_host_s is 0 for a raw log of no record"):
        dataclasses.replace(source, records=0)
    assert dataclasses.replace(source, records=0, last_host_s=0.0).records == 0


def test_what_the_log_can_hold_is_taken_and_replayed_as_open_gives_it(source):
    by_hand = ReplaySource(source.path, source.info, source.raw, source.records, source.last_host_s,
                           source.skipped, dict(source.lost), source.end_s)
    assert by_hand == source
    # an end before the last record's time (session s) is no error: the replay ends at the later of the two
    early = dataclasses.replace(source, end_s=1.0, lost={"right": 3}, skipped=(SkippedSpan(8, 10, None, 0.5),))
    assert early.end_s == 1.0 and early.end_s < source.last_host_s * source.info.speed
    replayed = asyncio.run(replay_session(dataclasses.replace(source, end_s=1.0)))
    assert replayed.record.duration_s == pytest.approx(source.info.duration_s)
