"""A raw log damaged in its middle and cut short at its end, of a closed session whose tables are whole
(a copy cut short, a recorder killed after it wrote session.json): each damaged span is one RawLogDamaged
warning, however often the log is read. Where the log ends is found by decoding it once more
(monitor.session.log_end.raw_log_end_s), and a replay reads it twice (its outline, then its records): had,
with every warning shown (``warnings.simplefilter("always")``, as a notebook or a test may set), the same
span said three times by ``replay_session`` and twice by ``load_session``."""

from __future__ import annotations

import asyncio
import struct
import warnings

from test_replay import _cut_sample

from monitor import load_session
from monitor.errors import RawLogDamaged
from monitor.live.replay import replay_session


def _damaged(tmp_path):
    """The sample ride's raw log cut to its first 600 records (its first 24 s of 1:00), its 20th damaged."""
    session = _cut_sample(tmp_path, 600)
    raw = session / "raw.swlog"
    data = bytearray(raw.read_bytes())
    pos = 8
    for _ in range(19):  # records: length (uint32), payload, checksum (docs/session-format.md)
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4 + n + 4
    data[pos + 20] ^= 0xFF
    raw.write_bytes(bytes(data))
    return session, pos


def _warned(read) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read()
    return [str(w.message) for w in caught if issubclass(w.category, RawLogDamaged)]


def test_load_session_says_each_damaged_span_once(tmp_path):
    session, pos = _damaged(tmp_path)
    loaded = []
    said = _warned(lambda: loaded.append(load_session(session)))
    assert len(said) == 1 and f"byte {pos}: " in said[0], said  # had 2
    assert [span.offset for span in loaded[0].damaged_spans] == [pos]  # and the session says it


def test_a_replay_says_each_damaged_span_once(tmp_path):
    session, pos = _damaged(tmp_path)
    summaries = []
    said = _warned(lambda: summaries.append(asyncio.run(replay_session(session))))
    assert len(said) == 1 and f"byte {pos}: " in said[0], said  # had 3
    assert [span.offset for span in summaries[0].damaged_spans] == [pos]  # and the summary says it


def test_a_replay_of_a_source_built_by_hand_says_the_damage_it_reads(tmp_path):
    """A ReplaySource made with its constructor, not ``ReplaySource.open``, carries no damaged spans: the replay
    that reads the log says the span itself, once (had: no warning, and a summary with no damage)."""
    from monitor.live.replay import ReplaySource

    session, pos = _damaged(tmp_path)
    opened = []
    _warned(lambda: opened.append(ReplaySource.open(session)))
    src = opened[0]
    by_hand = ReplaySource(src.path, src.info, src.raw, src.records, src.last_host_s)
    summaries = []
    said = _warned(lambda: summaries.append(asyncio.run(replay_session(by_hand))))
    assert len(said) == 1 and f"byte {pos}: " in said[0], said  # had 0
    assert [span.offset for span in summaries[0].damaged_spans] == [pos]  # had []


def test_a_replay_of_an_opened_source_does_not_say_its_damage_again(tmp_path):
    """``ReplaySource.open`` said the damage as it read the log: the replay of it does not say it twice."""
    from monitor.live.replay import ReplaySource

    session, pos = _damaged(tmp_path)
    opened = []
    assert len(_warned(lambda: opened.append(ReplaySource.open(session)))) == 1
    summaries = []
    assert _warned(lambda: summaries.append(asyncio.run(replay_session(opened[0])))) == []
    assert [span.offset for span in summaries[0].damaged_spans] == [pos]
