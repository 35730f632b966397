"""SessionInfo: the one validated metadata object that travels with every recording."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import Any

from monitor.codebook import EARLIEST_T_S as EARLIEST_T_S  # defined with the frames (monitor.codebook)
from monitor.codebook import FEET, INSOLE_KINDS, LayoutError, SensorLayout
from monitor.errors import SessionCaveat, SessionFormatError, quote
from monitor.link.records import DeviceInfo
from monitor.session.insole_kinds import is_kind
# an activity's words are one table (monitor.signal.activity_words); these names are kept here for callers
from monitor.signal.activity_words import ACTIVITY_LABELS as ACTIVITY_LABELS
from monitor.signal.activity_words import ACTIVITY_WORDS
from monitor.signal.activity_words import DEFAULT_LABEL as DEFAULT_LABEL
from monitor.signal.activity_words import MACHINE_WORD as MACHINE_WORD
from monitor.signal.activity_words import activity_label as activity_label
from monitor.util.plain_text import spelt_out, spelt_out_all
from monitor.signal.activity_words import activity_option as activity_option
from monitor.signal.activity_words import activity_sessions as activity_sessions
from monitor.signal.activity_words import activity_word as activity_word

FORMAT_VERSION = 1
SOURCES = ("sim", "ble", "udp", "import")
#: The fastest simulation a session can have recorded: ``--speed`` takes factors up to 1000
#: (monitor.cli.argtypes.parse_speed); a larger ``speed`` is not a session Solewatch wrote.
MAX_SPEED = 1000.0


def check_replay_speed(speed: Any) -> None:
    """UsageError unless ``speed`` is None (as fast as possible) or a real number (numpy's too, not a bool)
    above 0 and up to MAX_SPEED: recorded host seconds per wall second of a replay."""
    from numbers import Real

    from monitor.errors import UsageError

    if speed is not None and not (isinstance(speed, Real) and not isinstance(speed, bool)
                                  and 0 < speed <= MAX_SPEED):  # 0 would divide by zero part-way
        raise UsageError(f"speed {speed!r}: a factor above 0 and up to {MAX_SPEED:g} (None: as fast as possible)")
#: The longest session a session.json may say it recorded (s): 366 days (guess: far longer than any
#: recording an insole holds, about 24 h on a charge [47]; the room an import's start time leaves,
#: monitor.importers.generic_csv_layout). More is not a session Solewatch wrote, and the per-second tables of
#: the analysis, the report and a FIT export would not fit in memory. A frames table's t_s is held to it too
#: (monitor.session.tables.check_times).
LONGEST_SESSION_S = 366 * 86400.0


def utc_now_iso(ago_s: float = 0.0) -> str:
    """The current UTC time, or ``ago_s`` seconds before it, as ISO 8601 with a 'Z' suffix, millisecond
    resolution."""
    at = datetime.now(timezone.utc) - timedelta(seconds=ago_s)
    return at.isoformat(timespec="milliseconds").replace("+00:00", "Z")



#: session.json ``activity`` words (docs/session-format.md): what a session declares it is, in the words
#: the analysis takes (monitor.analysis.batch.DECLARED_ACTIVITY), or "unknown" (then recognised).
SESSION_ACTIVITIES = tuple(ACTIVITY_WORDS)

@dataclass
class SessionInfo:
    """Everything about a session except its samples.

    ``layouts`` and ``devices`` are keyed by foot ("left"/"right"); a one-foot session has one key.
    ``speed`` is device seconds per host second (1 for real insoles, more for a fast simulation).
    ``ground_truth`` is the scenario's own JSON export when the session was simulated, else None.
    ``stats`` holds per-foot link counters once the session is closed. ``rider`` is the ``live --rider
    NAME`` the session was judged for and kept the normal of (None: none named), whose normal baseline.json
    holds: the commands that read the session say what it was judged against in the live session's words.
    ``normal_kept_for``: where the rider had a kept normal but none for the session's insole kind, the kinds
    it was kept for when the session started (monitor.session.insole_kinds; None: not so, or not kept), which
    every view of the session says as the live summary said it.
    """

    session_id: str
    start_utc: str
    software_version: str
    source: str
    layouts: dict[str, SensorLayout]
    devices: dict[str, DeviceInfo] = field(default_factory=dict)
    label: str = ""
    activity: str = "unknown"
    radio: str = ""
    speed: float = 1.0
    scenario: str | None = None
    seed: int | None = None
    ground_truth: dict[str, Any] | None = None
    faults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    end_utc: str | None = None
    duration_s: float | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    imported_from: dict[str, Any] | None = None
    rider: str | None = None
    normal_kept_for: list[str] | None = None
    format_version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {self.source!r}")
        if not self.layouts:
            raise ValueError("a session needs the layout of at least one foot")
        for foot, layout in self.layouts.items():
            if foot not in FEET or not isinstance(layout, SensorLayout) or layout.side != foot:
                raise ValueError(f"layouts[{foot!r}] is not a SensorLayout of that foot")
        if not 0 < self.speed <= MAX_SPEED:
            raise ValueError(f"speed {self.speed!r} is not a factor above 0 and up to {MAX_SPEED:g}")
        if self.duration_s is not None and not (math.isfinite(self.duration_s) and self.duration_s >= 0):
            raise ValueError(f"duration_s {self.duration_s!r} is not a finite number of seconds >= 0")
        if self.duration_s is not None and self.duration_s > LONGEST_SESSION_S:
            raise ValueError(f"duration_s {self.duration_s:g} is longer than any recording "
                             f"(at most {LONGEST_SESSION_S:.0f} s, 366 days)")

    @property
    def feet(self) -> tuple[str, ...]:
        return tuple(f for f in FEET if f in self.layouts)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "layouts":
                value = {foot: lay.to_dict() for foot, lay in value.items()}
            elif f.name == "devices":
                value = {foot: dev.__dict__.copy() for foot, dev in value.items()}
            elif f.name in WRITTEN_WHERE_SET and value is None:
                continue
            out[f.name] = value
        return out

    def to_json(self) -> str:
        """session.json's text: standard JSON (a number that is not finite is a ValueError, never
        ``NaN`` or ``Infinity``)."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=False, allow_nan=False)

    @classmethod
    def from_dict(cls, d: Any, *, where: str = "session.json") -> SessionInfo:
        """Validate and build; any problem raises SessionFormatError naming ``where`` and the field."""
        if not isinstance(d, dict):
            raise SessionFormatError(f"{where}: expected a JSON object, found {_json_type(d)}")
        version = d.get("format_version", None)
        if "format_version" not in d:
            raise SessionFormatError(f"{where}: no format_version (not a Solewatch session.json, or a damaged one)")
        if version != FORMAT_VERSION:
            raise SessionFormatError(f"{where}: format_version {version!r} is not {FORMAT_VERSION} (a session "
                                     "written by another Solewatch version, or not a session.json)")
        # every field: each Solewatch writes them all (to_dict), so one missing is damage, and a default
        # would change results (a 30x recording without speed replays as 2 s of ride, not 1:00)
        missing = [f.name for f in fields(cls) if f.name not in d and f.name not in _LATER_FIELDS]
        if missing:
            raise SessionFormatError(f"{where}: missing field(s) {', '.join(missing)}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise SessionFormatError(f"{where}: unknown field(s) {', '.join(unknown)}")
        for name, types in _FIELD_TYPES.items():
            if name in d and not _is(d[name], types):
                raise SessionFormatError(f"{where}: field {name} is {_json_type(d[name])}, expected "
                                         f"{_describe(types)}")
        if d["source"] not in SOURCES:
            raise SessionFormatError(f"{where}: field source {d['source']!r} is not one of {', '.join(SOURCES)}")
        for name in ("start_utc", "end_utc"):  # "" (an import that could not date it) or null (not closed)
            if d.get(name) not in ("", None) and not _is_utc_time(d[name]):
                raise SessionFormatError(f"{where}: field {name} {quote(d[name])} is not an ISO 8601 time with a "
                                         "zone, e.g. 2026-11-26T23:12:11.111Z")
        if d.get("activity", "unknown") not in SESSION_ACTIVITIES:  # a misspelt one would be recognised instead
            raise SessionFormatError(f"{where}: field activity {quote(d['activity'])} is not an activity (one of "
                                     f"{', '.join(SESSION_ACTIVITIES)})")
        for name in ("faults", "notes", "normal_kept_for"):
            if not all(isinstance(v, str) for v in d.get(name) or []):
                raise SessionFormatError(f"{where}: field {name}: expected a list of strings")
        _check_imported_from(where, d.get("imported_from"))
        kw = dict(d)
        # printed as they are (replay's first line, its Note: lines): a control character a session written
        # before --label refused one holds is spelt out (\t, \x1b), the session still read (plain_text)
        if "label" in kw:
            kw["label"] = spelt_out(kw["label"])
        if kw.get("notes"):
            kw["notes"] = [spelt_out(note) for note in kw["notes"]]
        if kw.get("imported_from"):  # an import's header and caveats as an earlier import wrote them
            kw["imported_from"] = spelt_out_all(kw["imported_from"])
        kw["layouts"] = {foot: _layout(where, foot, lay) for foot, lay in d["layouts"].items()}
        kw["devices"] = {foot: _device(where, foot, dev) for foot, dev in (d.get("devices") or {}).items()}
        counters = (d.get("stats") or {}).get("counters", {})
        if not isinstance(counters, dict) or not all(isinstance(c, dict) for c in counters.values()):
            raise SessionFormatError(f"{where}: field stats.counters: expected an object of per-foot objects")
        for foot, named in counters.items():  # counts of packets and frames (the report's data quality rows)
            for name, value in named.items():
                if not (_is(value, (int,)) and value >= 0):
                    shown = f"is {value}" if _is(value, _NUMBER) else f"is {_json_type(value)}"
                    raise SessionFormatError(f"{where}: field stats.counters.{foot}.{name} {shown}, expected a "
                                             "whole number >= 0 (a count)")
        try:
            return cls(**kw)
        except (TypeError, ValueError) as exc:
            raise SessionFormatError(f"{where}: {exc}") from None


#: The ``imported_from`` fields the commands read, each a string or a list of strings (the report lists
#: ``caveats``, a study names ``format``, a rider's normal is chosen by ``insole_kind``); ``file`` and
#: ``header`` are kept as the import wrote them.
_IMPORTED_FROM_TYPES: dict[str, type] = {"format": str, "caveats": list, "insole_kind": str}


def _check_imported_from(where: str, d: dict[str, Any] | None) -> None:
    """SessionFormatError naming the field (or list item) of ``imported_from`` (an object or null, checked
    before) whose type is not the one the import writes."""
    for name, typ in _IMPORTED_FROM_TYPES.items():
        if d is None or d.get(name) is None:  # absent or null: none (as an earlier import may have left it)
            continue
        value, at = d[name], f"{where}: field imported_from.{name}"
        if not _is(value, (typ,)):
            raise SessionFormatError(f"{at} is {_json_type(value)}, expected {_describe((typ,))}"
                                     + (" of strings" if typ is list else ""))
        if name == "insole_kind" and not is_kind(value):
            raise SessionFormatError(f"{at} is {quote(value)}, expected an insole kind ({', '.join(INSOLE_KINDS)}, "
                                     "or import:FORMAT)")
        for k, item in enumerate(value if typ is list else []):
            if not isinstance(item, str):
                raise SessionFormatError(f"{at}[{k}] is {_json_type(item)}, expected a string")


def _is_utc_time(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 time with a zone (what utc_now_iso and the importers write)."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def warn_end_before_start(info: SessionInfo, where: str) -> None:
    """A SessionCaveat naming ``where`` (its session.json) when ``info``'s end_utc is before its start_utc.
    Not a refusal: the frames are timed from the session's start (t_s), not by these two, so they are read
    as they are; the computer's clock set back during a recording (NTP, a person) writes such an end."""
    start, end = info.start_utc, info.end_utc
    if not (start and end and _is_utc_time(start) and _is_utc_time(end)):
        return
    if datetime.fromisoformat(end.replace("Z", "+00:00")) < datetime.fromisoformat(start.replace("Z", "+00:00")):
        warnings.warn(SessionCaveat(f"{where}: end_utc {end} is before start_utc {start} (a clock set back "
                                    "during the recording?); the frames, timed from the start, are read as "
                                    "they are"), stacklevel=2)


_NUMBER = (int, float)
_NONE = type(None)
#: Fields added after sessions were first written without them: absent reads as the field's default (a
#: session.json from before ``rider`` was kept named no rider).
_LATER_FIELDS = frozenset({"rider", "normal_kept_for"})
#: Fields written only where they say something (absent reads as None): every other session.json stays as it was.
WRITTEN_WHERE_SET = frozenset({"normal_kept_for"})
#: JSON types of session.json's fields (bool is never a number here).
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "session_id": (str,), "start_utc": (str,), "software_version": (str,), "source": (str,),
    "layouts": (dict,), "devices": (dict, _NONE), "label": (str,), "activity": (str,), "radio": (str,),
    "speed": _NUMBER, "scenario": (str, _NONE), "seed": (int, _NONE), "ground_truth": (dict, _NONE),
    "faults": (list,), "notes": (list,), "end_utc": (str, _NONE), "duration_s": (*_NUMBER, _NONE),
    "stats": (dict,), "imported_from": (dict, _NONE), "rider": (str, _NONE), "format_version": (int,),
    "normal_kept_for": (list, _NONE),
}
_LAYOUT_TYPES: dict[str, tuple[str, tuple[type, ...]]] = {
    "side": ("a string", (str,)), "x": ("a list of numbers", _NUMBER), "y": ("a list of numbers", _NUMBER),
    "area_mm2": ("a list of numbers", _NUMBER), "regions": ("a list of strings", (str,)),
    "kpa_per_count": ("a number", _NUMBER), "rates_hz": ("a list of whole numbers", (int,)),
    "current_rate_hz": ("a whole number", (int,)), "sample_bits": ("a whole number", (int,)),
    "has_imu": ("true or false", (bool,)), "has_haptic": ("true or false", (bool,)),
    "positions_inferred": ("true or false", (bool,)), "insole": ("a string", (str,)),
    "calibrated": ("true or false", (bool,)),
}
_DEVICE_TYPES: dict[str, tuple[type, ...]] = {
    "address": (str,), "name": (str,), "manufacturer": (str,), "model": (str,), "serial": (str,),
    "firmware": (str,), "battery_pct": (int, _NONE), "battery_level": (str, _NONE),
}


def _is(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _json_type(value: Any) -> str:
    for typ, name in ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "a string"),
                      (list, "a list"), (dict, "an object"), (_NONE, "null")):
        if isinstance(value, typ):
            return name
    return type(value).__name__


def _describe(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "a number", float: "a number", dict: "an object", list: "a list",
             bool: "true or false", _NONE: "null"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _layout(where: str, foot: Any, d: Any) -> SensorLayout:
    at = f"{where}: field layouts.{foot}"
    if foot not in FEET:
        raise SessionFormatError(f"{at}: a foot is 'left' or 'right'")
    if not isinstance(d, dict):
        raise SessionFormatError(f"{at}: is {_json_type(d)}, expected an object (docs/session-format.md)")
    # every key but a vendor insole's two (SensorLayout.to_dict has written them all from the first): a
    # default would change results (has_imu: an import's IMU rows left unread, without a word)
    missing = [k for k in _LAYOUT_TYPES if k not in ("insole", "calibrated") and k not in d]
    if missing:
        raise SessionFormatError(f"{at}: layout lacks {', '.join(missing)}")
    for name, (what, types) in _LAYOUT_TYPES.items():
        if name not in d:
            continue
        value = d[name]
        ok = (isinstance(value, list) and all(_is(v, types) for v in value)) if what.startswith("a list") \
            else _is(value, types)
        if not ok:
            raise SessionFormatError(f"{at}.{name}: expected {what}")
    try:
        layout = SensorLayout.from_dict(d)
    except (LayoutError, TypeError, ValueError) as exc:
        raise SessionFormatError(f"{at}: {exc}") from None
    if layout.side != foot:
        raise SessionFormatError(f"{at}.side: {layout.side!r}, expected {foot!r} (the key it is under)")
    return layout


def _device(where: str, foot: Any, d: Any) -> DeviceInfo:
    at = f"{where}: field devices.{foot}"
    if foot not in FEET:
        raise SessionFormatError(f"{at}: a foot is 'left' or 'right'")
    if not isinstance(d, dict):
        raise SessionFormatError(f"{at}: is {_json_type(d)}, expected an object")
    for name, value in d.items():
        if name not in _DEVICE_TYPES:
            raise SessionFormatError(f"{at}.{name}: unknown field (known: {', '.join(_DEVICE_TYPES)})")
        if not _is(value, _DEVICE_TYPES[name]):
            raise SessionFormatError(f"{at}.{name}: is {_json_type(value)}, expected "
                                     f"{_describe(_DEVICE_TYPES[name])}")
    if "address" not in d:
        raise SessionFormatError(f"{at}.address: missing")
    return DeviceInfo(**d)


@dataclass
class SessionMeta:
    """What the caller knows about the session before the insoles speak (SessionInfo fields)."""

    source: str
    label: str
    radio: str = "os"
    activity: str = "unknown"
    scenario: str | None = None
    seed: int | None = None
    ground_truth: dict[str, Any] | None = None
    #: a simulated session's ground truth for a session of that many seconds (its length, the reliefs that
    #: start in it): the recorder writes it for the length asked and again for the length recorded
    truth_for: Callable[[float], dict[str, Any]] | None = None
    faults: list[str] = field(default_factory=list)
    params: dict[str, Any] | None = None  # a live session's detection parameters, kept as params.json
    baseline: dict[str, Any] | None = None  # the rider's normal it is judged against, kept as baseline.json
    setup: dict[str, Any] | None = None  # the rider's declared pedals and shoes, kept as setup.json
    rider: str | None = None  # the live session's --rider NAME, kept in session.json
    normal_kept_for: list[str] | None = None  # the kinds the rider's normal is kept for, none the session's
