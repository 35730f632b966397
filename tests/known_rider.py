"""The simulated rider's own normal, from a healthy ride: the simulator's problem scenarios start at the first
pedal stroke, so against the session's own first minutes they are the rider's normal (a notice at most);
against this baseline they are the change they are (docs/detection.md, "The rider's own normal")."""

from __future__ import annotations

from functools import lru_cache

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session
from monitor.signal.baseline import RiderBaseline


@lru_cache(maxsize=4)
def rider_normal(seed: int = 1) -> RiderBaseline:
    """The baseline the simulated rider of ``seed`` learns on a 9-minute healthy ride."""
    return analyze(offline_session("healthy-ride", duration_s=9 * 60, seed=seed)).baseline
