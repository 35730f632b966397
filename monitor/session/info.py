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
from monitor.codebook import FEET, SensorLayout
from monitor.errors import SessionCaveat, SessionFormatError
from monitor.link.records import DeviceInfo

# an activity's words are one table (monitor.signal.activity_words); these names are kept here for callers
from monitor.signal.activity_words import ACTIVITY_LABELS as ACTIVITY_LABELS
from monitor.signal.activity_words import ACTIVITY_WORDS
from monitor.signal.activity_words import DEFAULT_LABEL as DEFAULT_LABEL
from monitor.signal.activity_words import MACHINE_WORD as MACHINE_WORD
from monitor.signal.activity_words import activity_label as activity_label
from monitor.signal.activity_words import activity_option as activity_option
from monitor.signal.activity_words import activity_sessions as activity_sessions
from monitor.signal.activity_words import activity_word as activity_word
from monitor.util.interrupts import HANGUP_WORDS

FORMAT_VERSION = 1
SOURCES = ("sim", "ble", "udp", "import")
#: session.json ``stopped_by``: the signal that ended a recording before its planned duration, and the words
#: said of it: Ctrl-C (SIGINT), SIGTERM, a closed terminal (SIGHUP). Absent (null): it ran its course.
STOPPED_BY = {"interrupt": "Ctrl-C", "terminate": "SIGTERM", "hangup": HANGUP_WORDS}
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
#: A count of session.json's counters or gaps.csv is below this: the tables that hold them (gaps.csv's,
#: the study's, the report's data quality) are int64 (2**63 packets, at 100 a second, are billions of years).
COUNT_LIMIT = 2**63


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
    planned_duration_s: float | None = None
    stopped_by: str | None = None
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
        for name in ("speed", "duration_s", "planned_duration_s"):
            problem = value_problem(name, getattr(self, name))
            if problem:
                raise ValueError(problem)
        if self.stopped_by not in (None, *STOPPED_BY):
            raise ValueError(f"stopped_by {self.stopped_by!r} is not one of {', '.join(STOPPED_BY)} or null")

    @property
    def feet(self) -> tuple[str, ...]:
        return tuple(f for f in FEET if f in self.layouts)

    def stopped_note(self) -> str:
        """``the recording was stopped at 8:27 of 20:00 (Ctrl-C)`` (``stopped less than a second into 20:00``:
        monitor.util.timefmt.stopped_words), the live summary's words, for a recording
        a signal (``stopped_by``) ended before the ``planned_duration_s`` asked for; "" for one that ran its
        course, had none to run (``live`` until Ctrl-C), or was written before these fields were kept."""
        from monitor.util.timefmt import clock_text, stopped_words

        planned, recorded = self.planned_duration_s, self.duration_s
        if self.stopped_by is None or planned is None or recorded is None:
            return ""
        # said only for a recording that ended before its planned duration, to the second the words show:
        # one that ended within half a second of it (a frame or a notification's grain) reads as its
        # planned duration, and one that went on past it (a signal in the close, after its last frame) ran
        # its course
        if not recorded < planned or clock_text(recorded) == clock_text(planned):
            return ""
        return f"the recording was {stopped_words(recorded, planned)} ({STOPPED_BY[self.stopped_by]})"

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
    def from_dict(cls, d: Any, *, where: str = "session.json", text: str | None = None) -> SessionInfo:
        """Validate and build; any problem raises SessionFormatError naming ``where``, the field and, given
        ``text`` (the file's text ``d`` was read from), its line (monitor.session.info_fields)."""
        from monitor.session.info_fields import Located, session_fields

        kw = session_fields(d, Located(where, text))
        try:
            return cls(**kw)
        except (TypeError, ValueError) as exc:
            raise SessionFormatError(f"{where}: {exc}") from None


def _is_utc_time(text: str) -> bool:
    """Whether ``text`` is an ISO 8601 time with a zone (what utc_now_iso and the importers write)."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


def value_problem(name: str, value: Any) -> str | None:
    """What is wrong with a number a SessionInfo holds, ``speed`` (a factor) or ``duration_s`` (s, or
    None), in words (``duration_s -90 is not a finite number of seconds >= 0``); None when nothing is."""
    if name == "speed" and not 0 < value <= MAX_SPEED:
        return f"speed {value!r} is not a factor above 0 and up to {MAX_SPEED:g}"
    if name in ("duration_s", "planned_duration_s") and value is not None:
        if not (math.isfinite(value) and value >= 0):
            return f"{name} {value!r} is not a finite number of seconds >= 0"
        if value > LONGEST_SESSION_S:
            return f"{name} {value:g} is longer than any recording (at most {LONGEST_SESSION_S:.0f} s, 366 days)"
    return None


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


#: Fields added after sessions were first written without them: absent reads as the field's default (a
#: session.json from before ``rider`` was kept named no rider).
_LATER_FIELDS = frozenset({"rider", "normal_kept_for", "planned_duration_s", "stopped_by"})
#: Fields written only where they say something (absent reads as None): every other session.json stays as it was.
WRITTEN_WHERE_SET = frozenset({"normal_kept_for", "planned_duration_s", "stopped_by"})


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
