"""Hypothesis settings for the whole suite.

``make test`` runs the ``ci`` profile: derandomized (the same examples on every machine and every run,
so a failure is a failure of the code, not of the draw), no per-example deadline (a loaded host is slow,
not wrong), and a failing example printed with its reproduction blob. ``make test-random`` selects the
``random`` profile through ``HYPOTHESIS_PROFILE``: a fresh random search with more examples where a test
does not fix its own number, to look for inputs the fixed draw never makes.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("random", derandomize=False, deadline=None, print_blob=True, max_examples=1000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
