"""``solewatch analyze [--rider NAME]``, ``solewatch report [--rider NAME]`` and ``solewatch export --format fit
[--rider NAME]`` over a recorded session: the analysis said as the rider's, and the ride whose first minutes made
the rider's kept normal judged as its live run judged it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.session.model import Session


def rider_analysis(loaded: Session, session_dir: Path, rider: str | None, **given):
    """``analyze(loaded, **given)`` (monitor.analysis.batch) for ``solewatch analyze [--rider NAME]``: said as
    ``rider``'s (None: the session's own, session.json ``rider``). Where ``rider`` is the one the session
    was recorded for, the feet whose kept normal that session made (its live run had no normal of their
    activity: its baseline.json holds none; monitor.analysis.normal_words.own_feet, and the kept normal is
    what its own first minutes give: normal_words.kept_from) are said to be judged against this ride's own
    first minutes, not against a normal "kept from earlier rides", and are judged as live judged them: their
    normal learnt on those first minutes (so what the first minutes showed is said as live said it, the
    alerts live gave), not the normal they gave from the first window on. Where another ride made it (this
    one too short to keep one), they are judged against that normal, "kept from other rides"; so are the feet
    of any session whose rider's normal a ride kept after it started, or one kept with no time (not known to be
    earlier: monitor.analysis.normal_words.kept_when), the session's own baseline.json (``rider`` None) alike:
    one stamped at or after its start is "kept from other rides", as the end of its live run and replay say."""
    from monitor.analysis.batch import analyze
    from monitor.analysis.normal_words import kept_from, kept_when, own_feet
    from monitor.session.kept_by_ride import said_kept
    from monitor.session.kept_inputs import kept_baseline
    from monitor.signal.baseline import RiderBaseline, normal_key

    result = analyze(loaded, rider=rider or loaded.info.rider, **given)  # else whose the baseline.json is
    result.kept_now = said_kept(result)  # the ride that kept its rider's normal says so
    if rider is not None and given.get("baseline") is None:  # the rider's normal is of other insoles only
        from monitor.session.riders import load_rider_normals

        normals = load_rider_normals(rider)  # None: a rider not seen before
        result.normal_elsewhere = tuple(normals.kinds()) if normals else ()
    if result.rider is not None and result.normal is not None:  # the session's baseline.json's too: as live says it
        result.kept_from = kept_when(result.kept_feet, result.normal, result.activities(), loaded.info.start_utc,
                                     result.declared_word, kept_baseline(session_dir))  # later, or not known
    if rider is not None and rider == loaded.info.rider and result.kept_feet and result.normal is not None:
        live = kept_baseline(session_dir)  # the normal the live run judged against; None: its first minutes
        acts, machine = result.activities(), result.declared_word
        feet = own_feet(result.kept_feet, live and live.kept_feet(acts, machine))
        own = RiderBaseline({foot: pipe.detector.own_baseline_ for foot, pipe in result.feet.items()})
        result.kept_from = {**result.kept_from, **kept_from(feet, result.normal, own, acts, machine)}
        this = {f: normal_key(acts.get(f) or "unknown", machine) for f, made in result.kept_from.items()
                if made == "this"}
        if this:  # judged again as live judged it: those feet's normal learnt on their first minutes
            again = analyze(loaded, **{**given, "rider": rider, "baseline": result.normal.without(this)})
            again.normal, again.kept_feet, again.kept_from = result.normal, result.kept_feet, result.kept_from
            again.normal_elsewhere, again.kept_now = result.normal_elsewhere, result.kept_now
            return again
    return result


def kind_caveat(rider: str | None, session_dir: Path, activity: str | None) -> str | None:
    """The line ``analyze``, ``report`` and ``export --format fit`` with ``--rider`` say where ``rider``'s normal
    judging the session at ``session_dir`` (of its declared ``activity`` word, None: any) was kept before its
    insole kind was (monitor.cli.rider_kinds.unknown_kind_line); None where not, or without a rider."""
    if rider is None:
        return None
    from monitor.cli.rider_kinds import session_kind, unknown_kind_line
    from monitor.session.riders import load_rider_normals

    return unknown_kind_line(rider, load_rider_normals(rider), session_kind(session_dir), activity)
