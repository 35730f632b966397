"""Benchmarks measure the repository they live in.

A script run as ``python benchmarks/bench_x.py`` has only benchmarks/ on its path, so ``import monitor``
found whatever checkout the virtual environment's editable install points to: from a second checkout (a
git worktree) the figures were of another tree's code. Imported before monitor or firmware_sim, this puts
the repository's root first on ``sys.path``, and first on ``PYTHONPATH`` for the processes a benchmark
starts (``solewatch``, ``python -c``, ``python -m monitor``, workers), which inherit it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def put_first() -> None:
    """The repository's root first on ``sys.path`` and on ``PYTHONPATH`` (once)."""
    root = str(ROOT)
    if not sys.path or sys.path[0] != root:
        sys.path.insert(0, root)
    paths = os.environ.get("PYTHONPATH", "")
    if paths.split(os.pathsep)[0] != root:
        os.environ["PYTHONPATH"] = root + (os.pathsep + paths if paths else "")


put_first()
