"""A process the suite starts runs this tree's code, whatever copy of the package is installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_subprocess_imports_monitor_from_this_tree(tmp_path):
    """Tests that start the CLI in a process (tests/virtual_clock.py, `python -m monitor`) took `monitor`
    from the installed copy, which in a second checkout of the repository is the first checkout's code."""
    out = subprocess.run([sys.executable, "-c", "import monitor; print(monitor.__file__)"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, check=True).stdout.strip()
    assert Path(out).resolve() == ROOT / "monitor" / "__init__.py", out


def test_the_user_s_configuration_is_not_the_host_user_s(tmp_path):
    """A setup.json the host's user kept (~/.config/solewatch/setup.json, from their own `record --pedals
    toe-clips`) reached every test: the live tests found it copied into their session folders, and advice
    followed its pedals. The suite and the processes it starts have a configuration folder of their own."""
    from monitor.session.riders import config_dir

    home = Path.home().resolve()
    for where in (config_dir(), Path(subprocess.run(
            [sys.executable, "-c", "from monitor.session.riders import config_dir; print(config_dir())"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, check=True).stdout.strip())):
        assert home not in where.resolve().parents, where
