"""The rider's declared setup (``--pedals``, ``--shoes``) kept between sessions: remembered per rider under the
user's config directory, beside the rider's normal (monitor.session.riders), and the one a session was recorded
with, kept in its session directory.

One idea: where a rider's declared setup is remembered and kept, and how it reads back.

Per rider: ``riders/NAME.setup.json`` (``setup.json`` in the config directory for a rider not named), as
``{"pedals": "clipless" | "toe-clips" | "flat" | null, "shoes": TEXT | null}``, with ``"on_foot": {"shoes":
TEXT | null}`` for the setup declared for sessions declared on foot; a recorded session keeps the setup it
was recorded with as ``setup.json`` beside ``session.json``, with ``"remembered": ["pedals", "shoes"]``
naming the keys taken from earlier sessions (monitor.analysis.advice.Setup.on drops a bike's on foot).
Shoes a file holds with a control character (written before ``--shoes`` refused them) are read spelt out
(``\t``), and shoes longer than setup_checks.LONGEST_SHOES_CHARS cut to it, with a SessionCaveat naming the
file (setup_checks.shoes_as_read); a session that takes them keeps them so, and the remembered file,
rewritten, keeps them as it held them.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

from monitor.errors import SessionCaveat, UsageError, cut, quote_value
from monitor.session.names import SETUP_JSON
from monitor.session.riders import config_dir, rider_baseline_path
from monitor.session.setup_checks import ON_FOOT_KEY, SETUP_KEYS, check_declared, check_memory, shoes_as_read
from monitor.signal.pedals import PEDALS, kept_pedals
from monitor.util.outputs import through_links, write_json_atomic
from monitor.util.path_errors import said_path
from monitor.util.textfiles import read_json, there


def rider_setup_path(name: str | None) -> Path:
    """Where rider ``name``'s declared setup is remembered (None: the rider not named)."""
    if name is None:
        return config_dir() / SETUP_JSON
    return rider_baseline_path(name).with_suffix(".setup.json")


#: Which of a setup's keys came from the setup remembered from earlier sessions, not declared for this one
#: (a session's setup.json, when any did): a bike's setup remembered is not carried onto a run.
REMEMBERED_KEY = "remembered"


def _read_setup(path: Path, extra: str | None = None, *, stored: bool = False) -> dict:
    """``{"pedals", "shoes"}`` of a setup file, and ``extra`` (REMEMBERED_KEY of a session's setup.json, a
    list of setup keys; ON_FOOT_KEY of the remembered file, a ``{"shoes"}`` object) where it is there. The
    shoes are spelt out (:func:`_plain`) unless ``stored``: then as the file holds them."""
    def plain(text: str | None, key: str) -> str | None:
        shown, note = (text, "") if stored else shoes_as_read(text, f"{said_path(path)}: {key}")
        if note:
            warnings.warn(SessionCaveat(note), stacklevel=3)
        return shown

    obj, _ = read_json(path, UsageError, example='{"pedals": "clipless", "shoes": "road shoes, 43"}')
    if not isinstance(obj, dict):
        raise UsageError(f"{said_path(path)}: expected a JSON object with pedals and shoes")
    allowed = (*SETUP_KEYS, *((extra,) if extra else ()))
    unknown = [k for k in obj if k not in allowed]
    if unknown:  # a misspelt "pedal" would be read as no pedals declared, and advised for clipless
        raise UsageError(f"{said_path(path)}: unknown key {json.dumps(cut(unknown[0]))} (allowed: "
                         f"{', '.join(allowed)})")
    pedals, shoes = obj.get("pedals"), obj.get("shoes")
    if pedals is not None and pedals not in PEDALS:
        raise UsageError(f"{said_path(path)}: pedals {quote_value(pedals)} is not one of {', '.join(PEDALS)}")
    if shoes is not None and not isinstance(shoes, str):
        raise UsageError(f"{said_path(path)}: shoes must be text")
    out = {"pedals": pedals, "shoes": plain(shoes, "shoes")}
    if extra == REMEMBERED_KEY and extra in obj:
        keys = obj[extra]
        if not isinstance(keys, list) or any(k not in SETUP_KEYS for k in keys):
            raise UsageError(f"{said_path(path)}: {extra} must be a list of {' and '.join(SETUP_KEYS)}")
        out[extra] = list(keys)
    elif extra == ON_FOOT_KEY and extra in obj:
        foot = obj[extra]
        if not isinstance(foot, dict) or any(k != "shoes" for k in foot) or \
                not isinstance(foot.get("shoes"), (str, type(None))):
            raise UsageError(f"{said_path(path)}: {extra} must be an object with shoes (text or null)")
        out[extra] = {"shoes": plain(foot.get("shoes"), f"{extra}.shoes")}
    return out


def _plain(text: str | None) -> str | None:
    """``text`` as a setup file's shoes are read (setup_checks.shoes_as_read): its control characters spelt
    out (``\\t``, ``\\x1b``: printed in the ``setup:`` line, they would act on the terminal), cut to
    LONGEST_SHOES_CHARS. A file written before ``--shoes`` refused either still reads."""
    return shoes_as_read(text, "")[0]


def remembered_setup(name: str | None, *, on_foot: bool = False) -> dict[str, str | None]:
    """The setup rider ``name`` declared before (pedals and shoes None when never declared): the one for
    sessions not declared on foot (a ride, or an activity not declared), or with ``on_foot`` the one declared
    for sessions on foot (no pedals)."""
    memory = remembered_setups(name)
    return {"pedals": None, **memory.get(ON_FOOT_KEY, {"shoes": None})} if on_foot else \
        {k: memory[k] for k in SETUP_KEYS}


def remembered_setups(name: str | None) -> dict:
    """The whole remembered file: ``{"pedals", "shoes"}`` (not on foot) and, when declared, ``on_foot``."""
    path = rider_setup_path(name)
    return _read_setup(path, ON_FOOT_KEY) if there(path) else {"pedals": None, "shoes": None}


def remember_setup(name: str | None, setup: dict[str, str | None], *, on_foot: bool = False,
                   memory: dict | None = None) -> Path:
    """Remember ``setup`` for rider ``name`` (``on_foot``: as the setup of sessions on foot, its shoes only),
    keeping the other kind's from ``memory`` (the file as read, :func:`remembered_setups`); returns the file.
    Written through a symbolic link, as monitor.session.riders.save_rider_baseline writes. ``setup`` is
    refused, before anything is written, as ``--pedals`` and ``--shoes`` and monitor.analyze refuse them
    (:func:`check_declared`), and ``memory``, when given, unless it is such a file's (:func:`check_memory`).
    Pedals NO_PEDALS ("none", ``--pedals none``) are remembered as none (``null``, monitor.signal.pedals
    .kept_pedals), as ``--shoes ""`` is."""
    check_declared(setup)
    if "pedals" in setup:
        setup = {**setup, "pedals": kept_pedals(setup["pedals"])}
    if memory is not None:
        check_memory(memory)
    path = rider_setup_path(name)
    if memory is None:
        try:
            memory = remembered_setups(name)
        except UsageError:  # a file that cannot be read is replaced by the setup declared now
            memory = {}
    ride = memory if on_foot else setup  # the setup not on foot: the one remembered, or the one declared now
    kept: dict = {k: ride.get(k) for k in SETUP_KEYS}
    foot = {"shoes": setup.get("shoes")} if on_foot else memory.get(ON_FOOT_KEY)
    if foot is not None:
        kept[ON_FOOT_KEY] = foot
    kept = _as_stored(kept, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(through_links(path), json.dumps(kept, indent=1) + "\n")
    return path


def _as_stored(kept: dict, path: Path) -> dict:
    """``kept`` (the setup :func:`remember_setup` writes) with each shoes that is the spelt-out form of the
    shoes ``path`` holds (a file written before ``--shoes`` refused control characters, read spelt out) put
    back as the file holds it: rewriting the file leaves its text as it was, rather than turning a tab into
    the two characters ``\t`` (which a later reading would show as the same ``\t``, so nothing said it
    changed). Any other shoes are new, and came in refusing control characters (``--shoes``,
    monitor.analyze)."""
    try:
        stored = _read_setup(path, ON_FOOT_KEY, stored=True) if there(path) else {}
    except UsageError:  # a file that cannot be read is replaced by the setup declared now
        return kept

    def kept_text(now: str | None, was: object) -> str | None:
        return was if isinstance(was, str) and now == _plain(was) else now

    out = dict(kept, shoes=kept_text(kept.get("shoes"), stored.get("shoes")))
    if isinstance(kept.get(ON_FOOT_KEY), dict):
        foot = kept[ON_FOOT_KEY]
        out[ON_FOOT_KEY] = dict(foot, shoes=kept_text(foot.get("shoes"), (stored.get(ON_FOOT_KEY) or {}).get("shoes")))
    return out


def session_setup(session_dir: str | os.PathLike[str]) -> dict | None:
    """The setup a session was recorded with (``setup.json``: pedals, shoes, and ``remembered``, the keys
    taken from earlier sessions, where any were), or None."""
    path = Path(session_dir) / SETUP_JSON
    return _read_setup(path, REMEMBERED_KEY) if there(path) else None
