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
``:uncalibrated`` where a foot's values are not kPa (its layout ``calibrated`` false). A CSV export's layout
JSON names the session's kind (``insole_kind``), and the session imported back keeps it
(``imported_from.insole_kind``), so that a round trip through CSV leaves the kind as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from monitor.codebook import FEET, INSOLE_KINDS, SensorLayout

#: The name of each kind of insole the link talks to, as its maker spells it.
KIND_NAMES = {"solewatch": "Solewatch", "orphe": "ORPHE", "ukaton": "Ukaton", "moticon-udp": "Moticon"}
#: The words of each kind of insole the link talks to.
KIND_WORDS = {**{kind: f"{name} insoles" for kind, name in KIND_NAMES.items()},
              "moticon-udp": "Moticon insoles (OpenGo stream)"}


def kind_name(kind: str) -> str:
    """An insole kind (SensorLayout.insole) by its maker's name, as every view says it: "orphe" -> "ORPHE" (the
    kind itself where it has none), for the words of one insole or its counts ("the ORPHE insole's counts")."""
    return KIND_NAMES.get(kind, kind)


#: The kinds whose insoles send kPa (docs/devices.md): a foot of one of them is never uncalibrated, so a
#: session with an uncalibrated foot is none of them (nor of a device format's, DEVICE_FORMATS).
KPA_KINDS = ("solewatch", "moticon-udp")


#: Import formats of insoles a live session can be recorded with: an OpenGo export comes from the insoles
#: whose stream `live --moticon-udp` reads, so it is of that kind (a normal kept live judges it, and back).
DEVICE_FORMATS = {"moticon": "moticon-udp"}


#: An import's kind: ``import:FORMAT``, ``:uncalibrated`` after it where a foot's values are not kPa.
_IMPORT_KIND = re.compile(r"import:[a-z0-9_-]+(:uncalibrated)?")


def is_kind(text: object) -> bool:
    """Whether ``text`` is an insole kind :func:`session_insole` can give: kinds of INSOLE_KINDS joined by
    ``+``, or ``import:FORMAT[:uncalibrated]``."""
    if not isinstance(text, str):
        return False
    return bool(_IMPORT_KIND.fullmatch(text)) or all(k in INSOLE_KINDS for k in text.split("+"))


def feet_kind(layouts: Mapping[str, SensorLayout]) -> str | None:
    """The kind the feet's layouts say: each foot's ``insole`` (a foot naming none: ``solewatch``, the
    default), joined by ``+`` where the feet differ; None where a foot is uncalibrated (``calibrated`` false)
    under a kind that sends kPa (KPA_KINDS: a foot naming none among them), so its layout does not say what
    insole it is, or where there is no foot."""
    lays = [layouts[f] for f in FEET if f in layouts]
    if not lays or any(not lay.calibrated and lay.insole in KPA_KINDS for lay in lays):
        return None
    return "+".join(dict.fromkeys(lay.insole for lay in lays))


def kinds_of(layouts: Mapping[str, SensorLayout], formats: Iterable[str]) -> tuple[str, ...]:
    """The kinds a layout JSON's ``insole_kind`` may name for feet of ``layouts`` (:func:`session_insole`):
    the kind each foot's layout says (:func:`feet_kind`), and, where no foot names an insole or a foot's
    layout does not say its kind, an import's of one of ``formats`` not of a device (``import:FORMAT``, with
    ``:uncalibrated`` where a foot is uncalibrated). A device's format (DEVICE_FORMATS: a Moticon export's
    ``moticon-udp``) is that kind where the feet name it, and where no foot names an insole and every foot
    sends kPa: the export of a Moticon import wrote its feet so until its layout JSON named their insole, and
    such a file is brought back as it was written (its feet read as that device's)."""
    lays = [layouts[f] for f in FEET if f in layouts]
    said = feet_kind(layouts)
    uncalibrated = ":uncalibrated" if any(not lay.calibrated for lay in lays) else ""
    imports = [f"import:{fmt}{uncalibrated}" for fmt in formats if fmt not in DEVICE_FORMATS]
    named = any(lay.insole != "solewatch" for lay in lays)
    devices = [] if named or uncalibrated else [DEVICE_FORMATS[fmt] for fmt in formats if fmt in DEVICE_FORMATS]
    out = ([said] if said else []) + devices + (imports if said is None or not named else [])
    return tuple(dict.fromkeys(out))


def live_kind(kind: str) -> bool:
    """Whether a live session can be of ``kind`` (:func:`session_insole`): not an ``import:FORMAT``, which
    only imports have and no `live --rider` keeps a normal for."""
    return not kind.startswith("import:")


def session_insole(layouts: Mapping[str, SensorLayout], imported_from: Mapping[str, Any] | None = None) -> str:
    """The kind of insoles of a session whose feet have ``layouts`` (foot -> SensorLayout), imported as
    ``imported_from`` says (session.json's, None: recorded by Solewatch): its ``insole_kind`` where it
    names one (an export's layout JSON named it, monitor.session.export.import_layout)."""
    if imported_from and is_kind(imported_from.get("insole_kind")):
        return imported_from["insole_kind"]
    lays = [layouts[f] for f in FEET if f in layouts]
    named = [lay.insole for lay in lays if lay.insole != "solewatch"]  # a generic CSV's layout names its kind
    if imported_from and imported_from.get("format") in DEVICE_FORMATS:
        return DEVICE_FORMATS[imported_from["format"]]
    if imported_from and named and feet_kind(layouts):
        return feet_kind(layouts)
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
