"""The rider's declared kit (``--pedals``, ``--shoes``, a session's setup.json): what the advice is for, and
how it is said. Pedals are a bike's: a session found on foot drops a bike's remembered ones, and says
declared ones do not apply. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from monitor.analysis.suggestions import is_cycling
from monitor.signal.pedals import PEDAL_WORDS, PEDALS, kept_pedals


def _on_foot(activities: Iterable[str | None]) -> bool:
    """Whether a session of ``activities`` (per foot; None or "unknown": not known) is found on foot: an
    activity known, none on a bike."""
    known = [a for a in activities if a and a != "unknown"]
    return bool(known) and not any(is_cycling(a) for a in known)


@dataclass(frozen=True)
class Setup:
    """What the rider declared about their kit: ``pedals`` one of PEDALS (None: not said), ``shoes`` free
    text (e.g. "road shoes, 43, Boa dial")."""

    pedals: str | None = None
    shoes: str | None = None
    #: which of ``pedals`` and ``shoes`` came from the setup remembered from earlier sessions (setup.json's
    #: "remembered"), not declared for this session
    remembered: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pedals is not None and self.pedals not in PEDALS:
            raise ValueError(f"pedals must be one of {', '.join(PEDALS)}, not {self.pedals!r}")
        object.__setattr__(self, "remembered", tuple(self.remembered))

    def on(self, activities: Iterable[str | None]) -> Setup:
        """The setup for a session of ``activities`` (per foot; None or "unknown": not known). Pedals are a
        bike's: in a session found on foot (an activity known, none on a bike) remembered pedals are
        dropped, and with them the shoes remembered beside them (a bike's shoes); what was declared for the
        session stays. Anywhere else, the setup as it is."""
        if not _on_foot(activities) or "pedals" not in self.remembered or not self.pedals:
            return self
        declared = [k for k in ("pedals", "shoes") if k not in self.remembered]
        return Setup(**{k: getattr(self, k) for k in declared})

    def to_dict(self) -> dict[str, str | None]:
        return {"pedals": self.pedals, "shoes": self.shoes}

    def words(self, activities: Iterable[str | None] = ()) -> str:
        """The setup as the report says it ("" when nothing was declared); a part taken from the setup
        remembered from earlier sessions (``remembered``) says so, "(remembered from earlier sessions)", as it
        was not declared for this one (the remembered file keeps no date or session of its own); in a session of
        ``activities`` (per foot) found on foot (:meth:`on`), pedals declared for it are said not to apply: the
        advice leaves them out."""
        def said(key: str, text: str, *notes: str) -> str:
            notes = (*(("remembered from earlier sessions",) if key in self.remembered else ()), *notes)
            return f"{text} ({'; '.join(notes)})" if text and notes else text

        pedals = PEDAL_WORDS.get(self.pedals or "", "")
        parts = [said("pedals", pedals, *(("not applied: a session on foot",) if _on_foot(activities) else ())),
                 said("shoes", f"shoes: {self.shoes}" if self.shoes else "")]
        return "; ".join(p for p in parts if p)


def given_setup(own: Mapping[str, Any] | None, pedals: str | None = None, shoes: str | None = None,
                activities: Iterable[str | None] | None = None) -> Setup:
    """The setup the advice is for, the one way every view takes it (monitor.analyze, ``analyze``, ``report``,
    the live and replay summaries, a recording's setup.json): ``pedals`` and ``shoes`` given now over ``own``
    (setup.json's keys, or what a rider declared before, with its ``remembered`` list; None: nothing); a key
    given now is no longer remembered, ``shoes`` given as "" declares none (``--shoes ""``: no shoes, over
    ``own``'s) and ``pedals`` given as NO_PEDALS ("none") likewise (``--pedals none``: pedals not declared, over
    ``own``'s, monitor.signal.pedals.kept_pedals; the advice then allows a cleat, as for any pedals not
    declared). With the session's ``activities`` (per foot; None: not known yet, as before an analysis, which
    takes :meth:`Setup.on` once it knows them), a bike's remembered pedals and shoes are dropped from a session
    found on foot (:meth:`Setup.on`)."""
    own = own or {}
    now = {"pedals": pedals, "shoes": shoes}
    setup = Setup(own.get("pedals") if pedals is None else kept_pedals(pedals),
                  own.get("shoes") if shoes is None else shoes or None,
                  tuple(k for k in own.get("remembered", ()) if now[k] is None))
    return setup if activities is None else setup.on(activities)
