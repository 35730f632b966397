"""What a session was judged against, once for every view: the line under the verdict (analyze's text, the
report, the end of live and replay: monitor.analysis.normal_words.judged_words) and ``analyze --json``'s
``judged_against`` come from one :class:`Judged`, so they cannot say different things, and so do the progress
lines of ``analyze``, ``report`` and ``export`` (:func:`judged_clause`); and one rule of when nothing was judged
(:func:`judged_any`: no foot analysed), where all of them are left out. Pure."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from monitor.analysis.normal_words import caution_words, judged_words
from monitor.codebook import FEET
from monitor.signal.activity_words import activity_session
from monitor.signal.baseline import RiderBaseline, normal_key


def judged_any(analysed: Mapping[str, bool | None]) -> bool:
    """Whether anything was judged: per foot, whether some of its frames were analysed (FootPipeline.summary's
    ``analysed``: False for a foot with no frame with data, for one a whole group of whose sensors had no sample
    and for one whose load was never measured; None:
    not known, taken as judged). False where no foot was analysed (or there is no foot): nothing was judged
    against any normal, and no view says what it was judged against."""
    return any(done is not False for done in analysed.values())


@dataclass(frozen=True)
class Judged:
    """What a session was judged against. ``line``: the words under the verdict; ``feet``: per foot analysed,
    ``{"normal": "kept" | "first_minutes", "kept_by": ..., "caution": ...}``: judged against a kept normal
    (the rider's, the live session's baseline.json or one the caller gave: ``source``) or learnt on this
    session's own first minutes; ``kept_by`` where that kept normal was made: "this_ride" (this session's
    own first minutes, judged as live judged it), "other_rides" (another session, after this one),
    "other_sessions" (sessions not known to have started before this one: a rider's normal kept with no time,
    monitor.analysis.normal_words.kept_when), "earlier_sessions" (none known to be this one or a later one),
    None for a foot judged on its first minutes; ``caution`` where that kept normal may hold the problem, kept with it
    by the session that kept it (monitor.signal.baseline.CAUTIONS: "numb" where the rider marked that foot numb,
    "warned" on that foot, "early_sign" there in its first minutes; None: none known, or a foot judged on its first
    minutes), which the line says after it (monitor.analysis.normal_words.caution_words). ``source``: "rider" (a named
    rider's kept normal), "baseline_json" (the normal the live session ran with), "given" (the caller's ``baseline=``),
    None where no normal was given; ``rider``: whose (None: not named); ``insole``: the session's insole kind, the only
    kind a normal judges (monitor.session.insole_kinds; None: not known); ``kept_for``: the kinds the rider's (or the
    given) normal is kept for where none is of the session's kind; ``kept_now``: this session's first minutes are now
    kept as ``rider``'s normal (monitor.session.kept_by_ride)."""

    line: str
    feet: dict[str, dict[str, str | None]] = field(default_factory=dict)
    source: str | None = None
    rider: str | None = None
    insole: str | None = None
    kept_for: tuple[str, ...] = ()
    kept_now: bool = False

    @property
    def normal(self) -> str:
        """Every foot's kind of normal where they agree ("kept", "first_minutes"), else "per_foot"."""
        kinds = {f["normal"] for f in self.feet.values()}
        return kinds.pop() if len(kinds) == 1 else "per_foot" if kinds else "first_minutes"

    def to_json(self) -> dict[str, Any]:
        """``analyze --json``'s ``judged_against`` (docs/analyze-json.md)."""
        return {"normal": self.normal, "source": self.source, "rider": self.rider, "insole": self.insole,
                "kept_for": list(self.kept_for), "kept_now": self.kept_now,
                "feet": {foot: dict(v) for foot, v in self.feet.items()}, "line": self.line}


def judged_against(analysed: Mapping[str, bool | None], kept: Mapping[str, bool], normal: RiderBaseline | None,
                   rider: str | None, activities: Mapping[str, str | None], declared_word: str | None = None,
                   own: Mapping[str, str] | None = None,
                   elsewhere: tuple[Collection[str], str | None] = ((), None), from_session: bool = False,
                   kept_now: bool = False) -> Judged | None:
    """:class:`Judged` of a session whose feet were ``analysed`` (per foot, :func:`judged_any`'s), None where
    nothing was judged. The rest as :func:`monitor.analysis.normal_words.judged_words` takes them (``kept``:
    per foot whose activity is known, whether the normal held it; ``own``: per foot, "this" or "other" ride
    made its kept normal, or "unknown" ones; ``elsewhere``: (kinds a normal is kept for, the session's kind)):
    a normal is the live session's baseline.json where ``from_session``, else a named ``rider``'s, else the
    caller's."""
    if not judged_any(analysed):
        return None
    kept = {foot: held for foot, held in kept.items() if analysed.get(foot) is not False}
    own = {foot: made for foot, made in (own or {}).items() if analysed.get(foot) is not False}
    made = {"this": "this_ride", "other": "other_rides", "unknown": "other_sessions"}  # a foot not analysed
    # was judged against nothing, nor said to be
    feet = {foot: {"normal": "kept", "kept_by": made.get(own.get(foot, ""), "earlier_sessions"),
                   "caution": normal.caution(foot, normal_key(activities.get(foot) or "unknown", declared_word))}
            if normal is not None and kept.get(foot) else {"normal": "first_minutes", "kept_by": None, "caution": None}
            for foot in FEET if foot in analysed and analysed[foot] is not False}
    cautions = {foot: v["caution"] for foot, v in feet.items() if v["caution"]}
    ride = activity_session(declared_word or next((a for a in activities.values() if a and a != "unknown"), None))
    source = None if normal is None else "baseline_json" if from_session else "rider" if rider else "given"
    kinds, insole = elsewhere
    insole = insole or (normal.insole if normal is not None else None)
    return Judged(judged_words(kept, normal, rider, activities, declared_word, own, elsewhere,
                               from_session=from_session, kept_now=kept_now) + caution_words(cautions, ride),
                  feet, source, rider, insole, tuple(kinds) if normal is None else (), bool(rider and kept_now))


def judged_clause(judged: Judged | None) -> str:
    """What a progress line says after what a session was analysed with ("analysing with the default detection
    parameters"): ", " and ``judged``'s line as a clause (", judged against this session's first minutes (no kept
    normal; ...)"), the same words as under the verdict; "" where nothing was judged (``judged`` None)."""
    if judged is None:
        return ""
    line = judged.line.removesuffix(".")
    return f", {line[:1].lower()}{line[1:]}"
