"""Which insoles a session was recorded with, as the kind a rider's normal is kept under, and its words.

A rider's normal holds absolute values (a residual in kPa, a pressure-time integral in kPa s/min) and
insoles do not read alike: small discrete transducers read about twice what a pedar grid does, so a
rider is compared within one device (domain.md [2][3] W), and an uncalibrated insole's values are counts
at a nominal scale. A normal is therefore kept per insole kind (monitor.session.riders) and judges
sessions of its kind only (docs/detection.md, "The rider's own normal").

A kind is a string: the insole kind of the session's layouts (monitor.codebook.INSOLE_KINDS:
``solewatch``, ``orphe``, ``ukaton``, ``moticon-udp``; both feet's when they differ, joined by ``+``); an
imported session's is its device's where that is known (a Moticon OpenGo export: ``moticon-udp``, the kind
of the stream of the same insoles; a generic CSV whose layout names an ``insole`` other than ``solewatch``:
that kind), else ``import:FORMAT`` (its ``imported_from.format``: ``physionet``, ``csv``), with
``:uncalibrated`` where a foot's values are not kPa (its layout ``calibrated`` false).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from monitor.codebook import FEET, SensorLayout

#: The words of each kind of insole the link talks to.
KIND_WORDS = {"solewatch": "Solewatch insoles", "orphe": "ORPHE insoles", "ukaton": "Ukaton insoles",
              "moticon-udp": "Moticon insoles (OpenGo stream)"}


#: Import formats of insoles a live session can be recorded with: an OpenGo export comes from the insoles
#: whose stream `live --moticon-udp` reads, so it is of that kind (a normal kept live judges it, and back).
DEVICE_FORMATS = {"moticon": "moticon-udp"}


def live_kind(kind: str) -> bool:
    """Whether a live session can be of ``kind`` (:func:`session_insole`): not an ``import:FORMAT``, which
    only imports have and no `live --rider` keeps a normal for."""
    return not kind.startswith("import:")


def session_insole(layouts: Mapping[str, SensorLayout], imported_from: Mapping[str, Any] | None = None) -> str:
    """The kind of insoles of a session whose feet have ``layouts`` (foot -> SensorLayout), imported as
    ``imported_from`` says (session.json's, None: recorded by Solewatch)."""
    lays = [layouts[f] for f in FEET if f in layouts]
    named = [lay.insole for lay in lays if lay.insole != "solewatch"]  # a generic CSV's layout names its kind
    if imported_from and imported_from.get("format") in DEVICE_FORMATS:
        return DEVICE_FORMATS[imported_from["format"]]
    if imported_from and named:
        return "+".join(dict.fromkeys(lay.insole for lay in lays))
    if imported_from:
        uncalibrated = ":uncalibrated" if any(not lay.calibrated for lay in lays) else ""
        return f"import:{imported_from.get('format') or 'unknown'}{uncalibrated}"
    return "+".join(dict.fromkeys(lay.insole for lay in lays)) or "solewatch"


def insole_words(kind: str) -> str:
    """``kind`` (:func:`session_insole`) in words: "Solewatch insoles", "insoles of csv imports"."""
    if kind.startswith("import:"):
        fmt, _, rest = kind[len("import:"):].partition(":")
        return f"{'uncalibrated ' if rest else ''}insoles of {fmt} imports"
    return " with ".join(KIND_WORDS.get(k, f"{k} insoles") for k in kind.split("+"))


def kinds_words(kinds: Iterable[str]) -> str:
    """Several kinds in words, joined by "and"."""
    return " and ".join(insole_words(k) for k in kinds)


def other_kinds(info, rider: str | None, normal) -> tuple[str, ...]:
    """The insole kinds ``rider``'s normal was kept for when the session of ``info`` (SessionInfo) started,
    none of them its kind (session.json ``normal_kept_for``): what a session judged against its own first
    minutes (``normal`` None) for the rider it was recorded for was judged against, as the live summary said
    it; () for another rider, or with a normal."""
    return tuple(info.normal_kept_for or ()) if normal is None and rider is not None and rider == info.rider else ()


def kinds_elsewhere(info, rider: str | None, normal) -> tuple[tuple[str, ...], str]:
    """(:func:`other_kinds`, the session's kind) of the session of ``info`` (SessionInfo): a summary's
    ``elsewhere`` (monitor.analysis.normal_words.judged_words)."""
    return other_kinds(info, rider, normal), session_insole(info.layouts, info.imported_from)
