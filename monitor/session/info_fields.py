"""session.json read field by field: each problem one SessionFormatError naming the file, the line of the
field (where the text is given and the field is in it) and the field, e.g. ``.../session.json: line 221:
field speed is a string, expected a number``.

:func:`session_fields` checks the JSON object of a session.json (docs/session-format.md) and gives the keyword
arguments of monitor.session.info.SessionInfo; a field missing has no line to name (the file is named).
"""

from __future__ import annotations

import warnings
from dataclasses import fields
from typing import Any

from monitor.codebook import FEET, INSOLE_KINDS, MOST_KPA_PER_COUNT, LayoutError, SensorLayout
from monitor.errors import SessionCaveat, SessionFormatError, cut, quote, quote_value
from monitor.link.records import DeviceInfo
from monitor.session import info as _info
from monitor.session.insole_kinds import is_kind
from monitor.session.names import LONGEST_LABEL_CHARS, label_length_words
from monitor.session.rider_name import rider_name_problem
from monitor.signal.activity_words import meant_words
from monitor.util.json_keys import key_line
from monitor.util.plain_text import spelt_out, spelt_out_all
from monitor.util.words import close_names


class Located:
    """Where a session.json was read from (``where``, its path as said) and its text (None: not known), to
    name the line of a field in a message."""

    def __init__(self, where: str, text: str | None) -> None:
        self.where = where
        self.text = text

    def error(self, at: tuple[str, ...], message: str) -> SessionFormatError:
        """``{where}: line N: {message}``, N the line of the key ``at`` names (outermost first); without
        the line where the text is not known or has no such key."""
        line = key_line(self.text, at) if self.text and at else None
        return SessionFormatError(f"{self.where}: {'' if line is None else f'line {line}: '}{message}")


def session_fields(d: Any, loc: Located) -> dict[str, Any]:
    """The keyword arguments of SessionInfo from ``d``, session.json's JSON value, checked field by field;
    SessionFormatError (:meth:`Located.error`) for the first problem."""
    SessionInfo = _info.SessionInfo
    if not isinstance(d, dict):
        raise loc.error((), f"expected a JSON object, found {json_type(d)}")
    version = d.get("format_version", None)
    if "format_version" not in d:
        raise loc.error((), "no format_version (not a Solewatch session.json, or a damaged one)")
    if version != _info.FORMAT_VERSION:
        raise loc.error(("format_version",), f"format_version {quote_value(version)} is not {_info.FORMAT_VERSION} (a "
                                             "session written by another Solewatch version, or not a session.json)")
    # every field: each Solewatch writes them all (to_dict), so one missing is damage, and a default
    # would change results (a 30x recording without speed replays as 2 s of ride, not 1:00)
    missing = [f.name for f in fields(SessionInfo) if f.name not in d and f.name not in _info._LATER_FIELDS]
    if missing:
        raise loc.error((), f"missing field(s) {', '.join(missing)}")
    known = [f.name for f in fields(SessionInfo)]
    unknown = sorted(set(d) - set(known))
    if unknown:
        raise loc.error((unknown[0],), f"unknown field(s) {', '.join(map(cut, unknown))}{_meant(unknown[0], known)}")
    for name, types in _FIELD_TYPES.items():
        if name in d and not _is(d[name], types):
            raise loc.error((name,), f"field {name} is {json_type(d[name])}, expected {_describe(types)}")
    _check_values(d, loc)
    _check_imported_from(loc, d.get("imported_from"))
    kw = dict(d)
    if "activity" in kw:  # "Cycling" is cycling
        kw["activity"] = kw["activity"].lower()
    # printed as they are (replay's first line, its Note: lines): a control character a session written
    # before --label refused one holds is spelt out (\t, \x1b), the session still read (plain_text)
    if "label" in kw:
        kw["label"] = _label_as_read(kw["label"], loc)
    if kw.get("notes"):
        kw["notes"] = [spelt_out(note) for note in kw["notes"]]
    if kw.get("imported_from"):  # an import's header and caveats as an earlier import wrote them
        kw["imported_from"] = spelt_out_all(kw["imported_from"])
    if not d["layouts"]:
        raise loc.error(("layouts",), "field layouts: a session needs the layout of at least one foot")
    kw["layouts"] = {foot: _layout(loc, foot, lay) for foot, lay in d["layouts"].items()}
    for foot, layout in kw["layouts"].items():  # a recording's counts are decoded with it (raw.swlog)
        if not kw.get("imported_from") and layout.kpa_per_count > MOST_KPA_PER_COUNT:
            raise loc.error(("layouts", foot, "kpa_per_count"), f"field layouts.{foot}: kpa_per_count "
                            f"{layout.kpa_per_count:g} must be at most {MOST_KPA_PER_COUNT:g} (kPa per count: the "
                            "coarsest insole steps 2.5)")
    kw["devices"] = {foot: _device(loc, foot, dev) for foot, dev in (d.get("devices") or {}).items()}
    counters = _counters(d, loc)
    if counters:
        kw["stats"] = {**kw["stats"], "counters": counters}
    return kw


def _label_as_read(label: str, loc: Located) -> str:
    """session.json's ``label`` as it is read: control characters spelt out, then a label longer than
    LONGEST_LABEL_CHARS (one written before ``--label`` had that bound, or by hand) cut to its first
    LONGEST_LABEL_CHARS - 3 characters and ``...`` with a SessionCaveat naming the file, as a setup's long
    shoes are read (monitor.session.setup_checks.shoes_as_read): printed whole, it buries what replay, analyze
    and the report say."""
    spelt = spelt_out(label)
    too_long = label_length_words(spelt)
    if not too_long:
        return spelt
    kept = LONGEST_LABEL_CHARS - 3
    warnings.warn(SessionCaveat(f"{loc.where}: label {too_long}: read cut to its first {kept} characters and '...'"),
                  stacklevel=2)
    return spelt[:kept] + "..."


def _check_values(d: dict[str, Any], loc: Located) -> None:
    """The values of the top-level fields whose type is right: source, the times, activity (in any case; one
    that is none gets the ones it may have meant, monitor.signal.activity_words.meant_words, the rule of
    ``--activity``), the lists of strings, speed, duration_s and rider (monitor.session.rider_name)."""
    if d["source"] not in _info.SOURCES:
        raise loc.error(("source",), f"field source {quote(d['source'])} is not one of {', '.join(_info.SOURCES)}")
    for name in ("start_utc", "end_utc"):  # "" (an import that could not date it) or null (not closed)
        if d.get(name) not in ("", None) and not _info._is_utc_time(d[name]):
            raise loc.error((name,), f"field {name} {quote(d[name])} is not an ISO 8601 time with a zone, e.g. "
                                     "2026-11-26T23:12:11.111Z")
    word = d.get("activity", "unknown")  # in any case, as --activity and the layout JSON's take it
    if word.lower() not in _info.SESSION_ACTIVITIES:  # a misspelt one would be recognised instead
        hint = meant_words(word, _info.SESSION_ACTIVITIES)
        raise loc.error(("activity",), f"field activity {quote(word)} is not an activity{hint} (one of "
                                       f"{', '.join(_info.SESSION_ACTIVITIES)})")
    for name in ("faults", "notes", "normal_kept_for"):
        if not all(isinstance(v, str) for v in d.get(name) or []):
            raise loc.error((name,), f"field {name}: expected a list of strings")
    for name in ("speed", "duration_s", "planned_duration_s"):
        problem = _info.value_problem(name, d.get(name))
        if problem:
            raise loc.error((name,), f"field {problem}")
    if d.get("stopped_by") not in (None, *_info.STOPPED_BY):
        raise loc.error(("stopped_by",), f"field stopped_by {quote(d['stopped_by'])} is not one of "
                                         f"{', '.join(_info.STOPPED_BY)} (or null: the recording ran its course)")
    if d.get("rider"):  # live --rider's rule (a name printed, and written into a study's tables)
        problem = rider_name_problem(d["rider"])
        if problem:
            raise loc.error(("rider",), f"field rider: {problem}")


def _counters(d: dict[str, Any], loc: Located) -> dict[str, dict[str, int]]:
    """``stats.counters`` of ``d`` (per foot, per counter, a count), each a whole number by value: a JSON number
    with no fraction (``6000``, ``6e+3``, ``6000.0``), at least 0 and below 2**63 (int64), read as an int;
    SessionFormatError naming the field of any other."""
    counters = (d.get("stats") or {}).get("counters", {})
    if not isinstance(counters, dict) or not all(isinstance(c, dict) for c in counters.values()):
        raise loc.error(("stats", "counters"), "field stats.counters: expected an object of per-foot objects")
    out: dict[str, dict[str, int]] = {}
    for foot, named in counters.items():  # counts of packets and frames (the report's data quality rows)
        out[foot] = {}
        for name, value in named.items():
            whole = _is(value, (int,)) or (_is(value, (float,)) and value.is_integer())
            if not (whole and 0 <= value < _info.COUNT_LIMIT):
                shown = f"is {value}" if _is(value, _NUMBER) else f"is {json_type(value)}"
                below = ", below 2**63: the counts are int64" if whole and value > 0 else ""
                at = f"field stats.counters.{cut(foot)}.{cut(name)}"
                raise loc.error(("stats", "counters", foot, name), f"{at} {shown}, "
                                                                   f"expected a whole number >= 0 (a count){below}")
            out[foot][name] = int(value)
    return out


#: The ``imported_from`` fields the commands read, each a string or a list of strings (the report lists
#: ``caveats``, a study names ``format``, a rider's normal is chosen by ``insole_kind``); ``file`` and
#: ``header`` are kept as the import wrote them.
_IMPORTED_FROM_TYPES: dict[str, type] = {"format": str, "caveats": list, "insole_kind": str}


def _check_imported_from(loc: Located, d: dict[str, Any] | None) -> None:
    """SessionFormatError naming the field (or list item) of ``imported_from`` (an object or null, checked
    before) whose type is not the one the import writes."""
    for name, typ in _IMPORTED_FROM_TYPES.items():
        if d is None or d.get(name) is None:  # absent or null: none (as an earlier import may have left it)
            continue
        value, at, key = d[name], f"field imported_from.{name}", ("imported_from", name)
        if not _is(value, (typ,)):
            raise loc.error(key, f"{at} is {json_type(value)}, expected {_describe((typ,))}"
                                 + (" of strings" if typ is list else ""))
        if name == "insole_kind" and not is_kind(value):
            raise loc.error(key, f"{at} is {quote(value)}, expected an insole kind ({', '.join(INSOLE_KINDS)}, "
                                 "or import:FORMAT)")
        for k, item in enumerate(value if typ is list else []):
            if not isinstance(item, str):
                raise loc.error(key, f"{at}[{k}] is {json_type(item)}, expected a string")


_NUMBER = (int, float)
_NONE = type(None)
#: JSON types of session.json's fields (bool is never a number here).
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "session_id": (str,), "start_utc": (str,), "software_version": (str,), "source": (str,),
    "layouts": (dict,), "devices": (dict, _NONE), "label": (str,), "activity": (str,), "radio": (str,),
    "speed": _NUMBER, "scenario": (str, _NONE), "seed": (int, _NONE), "ground_truth": (dict, _NONE),
    "faults": (list,), "notes": (list,), "end_utc": (str, _NONE), "duration_s": (*_NUMBER, _NONE),
    "planned_duration_s": (*_NUMBER, _NONE), "stopped_by": (str, _NONE),
    "stats": (dict,), "imported_from": (dict, _NONE), "rider": (str, _NONE), "format_version": (int,),
    "normal_kept_for": (list, _NONE),
}
#: A layout's fields (SensorLayout.to_dict): every one Solewatch has written (the set has only grown:
#: ``area_mm2``, then a vendor insole's ``insole`` and ``calibrated``, then ``areas_guessed``); any other is refused.
_LAYOUT_TYPES: dict[str, tuple[str, tuple[type, ...]]] = {
    "side": ("a string", (str,)), "x": ("a list of numbers", _NUMBER), "y": ("a list of numbers", _NUMBER),
    "area_mm2": ("a list of numbers", _NUMBER), "regions": ("a list of strings", (str,)),
    "kpa_per_count": ("a number", _NUMBER), "rates_hz": ("a list of whole numbers", (int,)),
    "current_rate_hz": ("a whole number", (int,)), "sample_bits": ("a whole number", (int,)),
    "has_imu": ("true or false", (bool,)), "has_haptic": ("true or false", (bool,)),
    "positions_inferred": ("true or false", (bool,)), "insole": ("a string", (str,)),
    "calibrated": ("true or false", (bool,)), "areas_guessed": ("true or false", (bool,)),
}
_DEVICE_TYPES: dict[str, tuple[type, ...]] = {
    "address": (str,), "name": (str,), "manufacturer": (str,), "model": (str,), "serial": (str,),
    "firmware": (str,), "battery_pct": (int, _NONE), "battery_level": (str, _NONE),
}


def _meant(word: str, names: list[str]) -> str:
    """`` (did you mean rates_hz or current_rate_hz?)`` for the names ``word`` may have meant; "" for none."""
    close = close_names(word, names)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _is(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def json_type(value: Any) -> str:
    """What ``value`` read from JSON is, in JSON's words: ``null``, ``true/false``, ``a number``, ``a string``,
    ``a list``, ``an object`` (never a Python type's name, ``NoneType``)."""
    for typ, name in ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "a string"),
                      (list, "a list"), (dict, "an object"), (_NONE, "null")):
        if isinstance(value, typ):
            return name
    return type(value).__name__


def _describe(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "a number", float: "a number", dict: "an object", list: "a list",
             bool: "true or false", _NONE: "null"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _foot_entry(loc: Located, field: str, foot: Any, d: Any, see: str = "") -> tuple[str, tuple[str, Any]]:
    """The words (``field layouts.left``) and key path of one foot's entry ``d`` of session.json's per-foot
    ``field`` (layouts, devices), once its key is a foot and it is an object (else the error, ``see``
    after its "expected an object")."""
    at, key = f"field {field}.{cut(str(foot))}", (field, foot)
    if foot not in FEET:
        raise loc.error(key, f"{at}: a foot is 'left' or 'right'")
    if not isinstance(d, dict):
        raise loc.error(key, f"{at}: is {json_type(d)}, expected an object{see}")
    return at, key


def _layout(loc: Located, foot: Any, d: Any) -> SensorLayout:
    at, key = _foot_entry(loc, "layouts", foot, d, " (docs/session-format.md)")
    # every key but a vendor insole's two (SensorLayout.to_dict has written them all from the first): a
    # default would change results (has_imu: an import's IMU rows left unread, without a word)
    missing = [k for k in _LAYOUT_TYPES if k not in ("insole", "calibrated", "areas_guessed") and k not in d]
    if missing:
        raise loc.error(key, f"{at}: layout lacks {', '.join(missing)}")
    unknown = [k for k in d if k not in _LAYOUT_TYPES]  # a misspelt one would be read as its default
    if unknown:
        raise loc.error((*key, unknown[0]), f"{at}.{cut(unknown[0])}: unknown field"
                        + (_meant(unknown[0], list(_LAYOUT_TYPES)) or f" (known: {', '.join(_LAYOUT_TYPES)})"))
    for name, (what, types) in _LAYOUT_TYPES.items():
        if name not in d:
            continue
        value = d[name]
        ok = (isinstance(value, list) and all(_is(v, types) for v in value)) if what.startswith("a list") \
            else _is(value, types)
        if not ok:
            raise loc.error((*key, name), f"{at}.{name}: expected {what}")
    try:
        layout = SensorLayout.from_dict(d)
    except (LayoutError, TypeError, ValueError) as exc:
        first = str(exc).split(" ", 1)[0]  # "kpa_per_count 25 must be ...": the line of that field
        raise loc.error((*key, first) if first in d else key, f"{at}: {exc}") from None
    if layout.side != foot:
        raise loc.error((*key, "side"), f"{at}.side: {quote(layout.side)}, expected {foot!r} (the key it is under)")
    return layout


def _device(loc: Located, foot: Any, d: Any) -> DeviceInfo:
    at, key = _foot_entry(loc, "devices", foot, d)
    for name, value in d.items():
        if name not in _DEVICE_TYPES:
            raise loc.error((*key, name), f"{at}.{cut(name)}: unknown field (known: {', '.join(_DEVICE_TYPES)})")
        if not _is(value, _DEVICE_TYPES[name]):
            raise loc.error((*key, name), f"{at}.{name}: is {json_type(value)}, expected "
                                          f"{_describe(_DEVICE_TYPES[name])}")
    if "address" not in d:
        raise loc.error(key, f"{at}.address: missing")
    return DeviceInfo(**d)
