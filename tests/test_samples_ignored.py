"""What the commands write into a session by default stays out of git under sessions/samples/.

The README invites trying `solewatch export`, `report` and `import fit --into` on the sample sessions; their
default outputs land inside the sample's folder, which git otherwise tracks. The repository's .gitignore is
checked in a scratch repository of its own, so the test needs git but not this checkout's history.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from monitor.session.export import DEFAULT_NAMES, layout_beside
from monitor.session.ride import RIDE_TABLE

ROOT = Path(__file__).resolve().parents[1]


def test_default_outputs_in_a_sample_session_are_ignored(tmp_path):
    # had: `solewatch export sessions/samples/sim-cleat-forward` left frames.csv untracked in the sample
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, capture_output=True, timeout=30)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    csv_layout = layout_beside(DEFAULT_NAMES["csv"]).name
    names = sorted({*DEFAULT_NAMES.values(), csv_layout, RIDE_TABLE, "report.html"})
    paths = [f"sessions/samples/sim-cleat-forward/{name}" for name in names]
    done = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "--no-index", *paths],
                          capture_output=True, text=True, timeout=30)
    assert sorted(done.stdout.split()) == sorted(paths)
    kept = "sessions/samples/sim-cleat-forward/session.json"
    assert subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "--no-index", kept],
                          capture_output=True, timeout=30).returncode == 1  # the sample itself stays tracked
