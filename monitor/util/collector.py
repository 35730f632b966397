"""Python's garbage collector around the long pure computations (analysis, report, replay)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def objects_before_frozen(freeze: bool = True) -> Iterator[None]:
    """While the block runs, the objects made before it are left out of Python's garbage collections
    (``gc.freeze``). An analysis, a report or a replay makes many objects, and each full collection
    would otherwise walk every object of the program again: its modules, numpy, scipy, pandas, and an
    analysis's result when the report draws it (about 100,000 and 270,000 objects; a 4-hour session's
    report spent 0.13 s in collections, a replay of an hour 4-5 full collections of about 0.1 s each).
    Nothing is collected differently: the frozen objects go back at the end (``gc.unfreeze``). Inside
    another such block (objects already frozen) nothing changes. As a decorator
    (``@objects_before_frozen()``) it holds for each call of the function."""
    if not freeze or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


#: Net allocations of tracked objects between two young-generation collections while
#: :func:`fewer_young_collections` holds (Python's default is 700). Guess, measured on bench_replay.py's
#: hour: at 50,000 a replay's own churn (records, blocks) is freed by reference counting before a
#: collection is due, and the 51 middle-generation collections of 1.8 ms each (0.09 s) are gone.
YOUNG_THRESHOLD = 50_000


@contextlib.contextmanager
def fewer_young_collections(apply: bool = True) -> Iterator[None]:
    """While the block runs, the young generation is collected after ``YOUNG_THRESHOLD`` net allocations
    instead of Python's threshold (``gc.set_threshold``), so the objects a long computation keeps for a
    while (a replay's chunk of records, the blocks waiting for the pipeline) are not walked again and again.
    Nothing is collected differently in kind, only less often; cyclic garbage waits at most that many
    allocations. The thresholds go back at the end; inside another such block nothing changes."""
    thresholds = gc.get_threshold()
    if not apply or thresholds[0] >= YOUNG_THRESHOLD:
        yield
        return
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
