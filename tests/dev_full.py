"""/dev/full, the character device on which every write fails with "No space left on device": the tests of
an output that fills up write there, and only when it is that device. A regular file of that name (a
writer that once renamed its output over it left one) takes every write and fails none, so a test run
against it would fail for the machine, not for the code."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

DEV_FULL = Path("/dev/full")


def is_character_device(path: Path) -> bool:
    """Whether ``path`` exists and is a character device (not a regular file, a link to one, or missing)."""
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


#: Skips a test unless /dev/full is the full device.
needs_dev_full = pytest.mark.skipif(not is_character_device(DEV_FULL),
                                    reason="needs /dev/full as the character device whose writes all fail")
