"""Whether a session's ride kept its rider's normal: the rider's normal kept now, of the session's insole
kind, is what the session learnt, so the line under its verdict says this ride kept it, not that none is
kept yet (monitor.analysis.normal_words.judged_words' ``kept_now``): the end of `live --rider`, the report it
writes, `analyze`, `replay` and ``monitor.analyze`` of it alike."""

from __future__ import annotations

from collections.abc import Mapping

from monitor.errors import SolewatchError
from monitor.session.riders import load_rider_normals
from monitor.signal.baseline import RiderBaseline, normal_key, same_normal


def kept_here(normal_now: RiderBaseline | None, learnt: RiderBaseline | None,
              activities: Mapping[str, str | None], machine: str | None = None) -> bool:
    """Whether ``normal_now``, the rider's kept normal of the session's insole kind (None: none), holds for a
    foot of a known activity (``activities``: each foot's pipeline label; ``machine``: the declared word,
    baseline.normal_key) what the session learnt (``learnt``, per foot and activity), within float rounding
    (baseline.same_normal)."""
    if normal_now is None or learnt is None:
        return False
    keys = {f: normal_key(a, machine) for f, a in activities.items() if a and a != "unknown"}
    return any(same_normal(normal_now.get(f, k), learnt.get(f, k)) for f, k in keys.items())


def kept_by_session(rider: str | None, learnt: RiderBaseline | None, activities: Mapping[str, str | None],
                    machine: str | None = None) -> bool:
    """:func:`kept_here` of ``rider``'s normal kept now for the insole kind of ``learnt`` (what the session
    learnt of its rider's normal). False without a rider, or where their normals cannot be read (the analysis
    goes on: the words say no more than they know)."""
    if rider is None or learnt is None:
        return False
    try:
        normals = load_rider_normals(rider)
    except (OSError, SolewatchError):
        return False
    return kept_here(normals.for_insole(learnt.insole) if normals else None, learnt, activities, machine)


def said_kept(result) -> bool:
    """:func:`kept_by_session` of an analysis ``result`` (monitor.analysis.batch.AnalysisResult): its rider,
    what its first minutes give (ForefootDetector.own_baseline_: what it learnt, or would have learnt had it
    been judged against no kept normal; so the same whether or not the rider's normal was given), its
    activities and declared word."""
    from monitor.signal.baseline import RiderBaseline

    own = RiderBaseline({foot: pipe.detector.own_baseline_ for foot, pipe in result.feet.items()}, result.insole)
    return kept_by_session(result.rider, own, result.activities(), result.declared_word)
