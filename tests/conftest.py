"""Hypothesis settings for the whole suite.

``make test`` runs the ``ci`` profile: derandomized (the same examples on every machine and every run,
so a failure is a failure of the code, not of the draw), no per-example deadline (a loaded host is slow,
not wrong), and a failing example printed with its reproduction blob. ``make test-random`` selects the
``random`` profile through ``HYPOTHESIS_PROFILE``: a fresh random search with more examples where a test
does not fix its own number, to look for inputs the fixed draw never makes.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("random", derandomize=False, deadline=None, print_blob=True, max_examples=1000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: This tree's root, first on the path of every process the suite starts (the CLI through
#: tests/virtual_clock.py, `python -m monitor`, study workers): an installed copy of the package made from
#: another checkout of the repository must not be what a subprocess test checks.
TREE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [TREE_ROOT, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != TREE_ROOT]])

#: The user's configuration (remembered setup, riders' normals: monitor.session.riders.config_dir) is a
#: folder of this run's own, for the suite and every process it starts: what the user of the host declared
#: (a setup.json kept from their own `record --pedals ...`) must not reach the tests, nor the tests it.
os.environ["SOLEWATCH_CONFIG_DIR"] = tempfile.mkdtemp(prefix="solewatch-config-")
atexit.register(shutil.rmtree, os.environ["SOLEWATCH_CONFIG_DIR"], True)


import pytest  # noqa: E402

#: The generated study of tests/test_study*.py: 40 sessions of 8 riders, 40 s each at 25 Hz (seconds to make).
STUDY_SESSIONS = 40


@pytest.fixture(scope="session")
def generated_study(tmp_path_factory):
    """A generated 40-session study (monitor.tools.study_sessions.write_study) and its tables from one
    process: ``(folder, sources, StudyTables)``. Made once per test session."""
    from monitor.signal.params import DEFAULT_PARAMS
    from monitor.studies.run import run_study
    from monitor.studies.sources import find_sessions
    from monitor.tools.study_sessions import write_study

    root = tmp_path_factory.mktemp("study") / "sessions"
    write_study(root, STUDY_SESSIONS, duration_s=40.0)
    sources = find_sessions([root])
    return root, sources, run_study(sources, DEFAULT_PARAMS, workers=1)


def module_caches(module) -> list:
    """The functools caches of the functions ``module`` defines at its top level (not those it imports)."""
    return [f for f in vars(module).values()
            if callable(getattr(f, "cache_clear", None)) and getattr(f, "__module__", None) == module.__name__]


def empty_caches_after(item, nextitem) -> None:
    """After a test module's last test (``nextitem`` None or of another module), empties the caches of its
    functions (analysed sessions, simulated rides: up to tens of MB a module): a test module stays imported
    to the end of the run, and so would everything its caches hold."""
    module = getattr(item, "module", None)
    if module is not None and getattr(nextitem, "module", None) is not module:
        for cached in module_caches(module):
            cached.cache_clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    empty_caches_after(item, nextitem)
