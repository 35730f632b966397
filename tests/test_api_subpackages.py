"""The docs name functions through ``monitor``'s subpackages (``monitor.importers.read_recording(fmt,
path)`` in docs/api.md, ``monitor.importers.read_extras(DIR)`` and ``read_imported_events`` in
docs/session-format.md, ``monitor.importers.import_file`` in docs/import-csv.md): after a plain ``import
monitor`` each was an AttributeError unless something had imported the subpackage before. ``monitor``'s
subpackages are imported on first use, and ``import monitor`` stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.strip()


def test_the_subpackages_the_docs_name_are_reached_from_a_plain_import_monitor():
    code = ("import sys, monitor\n"
            "heavy = [m for m in ('numpy', 'pandas', 'scipy', 'matplotlib') if m in sys.modules]\n"
            "fns = [monitor.importers.read_recording, monitor.importers.read_extras,\n"
            "       monitor.importers.read_imported_events, monitor.importers.import_file]\n"
            "mods = [monitor.analysis, monitor.session, monitor.studies, monitor.report, monitor.tools]\n"
            "print(heavy, all(callable(f) for f in fns), [m.__name__ for m in mods])\n")
    assert _run(code) == ("[] True ['monitor.analysis', 'monitor.session', 'monitor.studies', 'monitor.report', "
                          "'monitor.tools']")


def test_a_name_that_is_no_subpackage_is_still_an_attribute_error():
    code = ("import monitor\n"
            "for name in ('nope', '__main__', 'analyse', 'importers.sniff', 'nope.x', ''):\n"
            "    try:\n"
            "        getattr(monitor, name)\n"
            "    except AttributeError as exc:\n"
            "        print(exc)\n")
    out = _run(code).splitlines()  # a dotted name is no attribute (had: a module, or ModuleNotFoundError)
    assert out == [f"module 'monitor' has no attribute '{name}'"
                   for name in ("nope", "__main__", "analyse", "importers.sniff", "nope.x", "")]
