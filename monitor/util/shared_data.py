"""Where the real recordings are: the workplace's ``shared/data`` folder (its README gives their provenance
and licences), read by the validation report, the tests on real data and notebook 03.

It is found, in this order: the ``SOLEWATCH_SHARED_DATA`` environment variable (taken as given, even when
it names a missing folder); ``../shared/data`` beside the repository; for a clone of a local checkout (``git
clone /work/main /tmp/x``), ``shared/data`` beside the checkout it was cloned from; for a linked worktree
(``git worktree add /tmp/x``), ``shared/data`` beside the checkout whose repository it shares.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = "SOLEWATCH_SHARED_DATA"


def shared_data_dir(root: Path = ROOT) -> Path:
    """The shared data folder for the repository at ``root`` (the first candidate that exists, else
    ``../shared/data`` beside it, so that messages name where it was expected)."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    candidates = [root.parent / "shared" / "data"]
    for checkout in (_local_origin(root), _main_worktree(root)):
        if checkout is not None:
            candidates.append(checkout.parent / "shared" / "data")
    return next((c for c in candidates if c.is_dir()), candidates[0])


def _local_origin(root: Path) -> Path | None:
    """The checkout the repository at ``root`` was cloned from, when that is a folder on this machine."""
    try:
        url = subprocess.run(["git", "-C", str(root), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if url.startswith("file://"):
        url = url[len("file://"):]
    if not url or "://" in url or (":" in url and not url.startswith("/")):
        return None  # a remote repository (https://, ssh://, git@host:path)
    origin = (root / url).resolve()
    return origin if origin.is_dir() else None


def _main_worktree(root: Path) -> Path | None:
    """The checkout whose repository a linked worktree at ``root`` shares (the folder holding git's common
    directory, ``.git``), None where ``root`` is no worktree of a checkout on this machine."""
    try:
        common = subprocess.run(["git", "-C", str(root), "rev-parse", "--path-format=absolute",
                                 "--git-common-dir"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not common:
        return None
    common_dir = Path(common)
    return common_dir.parent if common_dir.name == ".git" and common_dir.parent.is_dir() else None
