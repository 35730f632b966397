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
