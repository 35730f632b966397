"""A generic CSV's layout JSON (docs/import-csv.md) read and checked. Reads one file; pure otherwise.

The layout says, per foot (``left`` and/or ``right``), where each sensor is (``x`` from -0.5 to 0.5 and
``y`` from 0 to 1 of the foot, the anatomical frame of docs/protocol.md), its area (mm², at least
codebook.MIN_AREA_MM2), its region label (docs/protocol.md's region table), the foot's sample rate (a
whole number of Hz, 1 to MAX_RATE_HZ) and, optionally, the sensors' CSV column names (p00_kpa, p01_kpa,
... when none are given), the resolution (kPa), the device, and what the numbers are (``calibrated``
false: an uncalibrated insole's counts at a nominal scale, not kPa; the ``insole`` kind; the
``sample_bits`` of its counts), the rates the insole supports (``rates_hz``) and its haptic motor
(``has_haptic``); never an IMU (the CSV has no column for one: ``has_imu`` is refused); and, for the
session, a label, an activity, a start time (ISO 8601 with a zone, kept as UTC to the millisecond), how
long the recording lasted (s from t_s 0), caveats, the session's insole kind (``insole_kind``, one these
feet can be: monitor.session.insole_kinds) and the feet whose insole sent no frame (``sent_no_frame``: an
export's, whose one stand-in row of such a foot the import reads as no frame, monitor.importers.generic_csv).
Each sensor list holds one entry per sensor, 1 to MAX_SENSORS a foot; a foot's medial sensors (MTH1,
hallux) lie medial of its lateral ones (monitor.importers.layout_frame: a left foot's ``x`` mirrored is
refused). A rule broken is a SessionFormatError naming the file and the field (``feet.left.area_mm2[3]``); a
JSON syntax error names the line.

One idea: the layout JSON's reading and checks, giving per foot a SensorLayout, the CSV's column names
and the device (the CSV is read by monitor.importers.generic_csv).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from monitor.codebook import (
    FEET,
    INSOLE_KINDS,
    MIN_AREA_MM2,
    REGION_CODES,
    LayoutError,
    SensorLayout,
    lengths_disagree,
    sensor_columns,
)
from monitor.errors import SessionFormatError, cut, quote, quote_value
from monitor.importers.layout_frame import mirrored_words
from monitor.importers.text_checks import closest_name, decode_text, fail, read_bytes
from monitor.link.records import LAYOUT_DEVICE_FIELDS
from monitor.session.info import LONGEST_SESSION_S, SESSION_ACTIVITIES, DeviceInfo
from monitor.session.insole_kinds import kinds_of
from monitor.signal.activity_words import meant_words
from monitor.util.path_errors import said_path
from monitor.util.textfiles import json_problem, parse_json

TIME_COLUMN = "t_s"
FOOT_COLUMN = "foot"
#: The most sensors one foot of an imported recording may have: a Tekscan F-Scan insole has ~960 sensels,
#: a pedar-X 99 [51] [2] (domain.md section 4). The wire format's own limit (docs/protocol.md, 64) binds
#: live insoles only.
MAX_SENSORS = 1024
#: Highest sample rate accepted (Hz), as docs/protocol.md's rates.
MAX_RATE_HZ = 1000
#: ``kpa_per_count`` of a layout that gives no ``resolution_kpa``: a placeholder, the CSV carries kPa.
DEFAULT_RESOLUTION_KPA = 0.01


_TOP_FIELDS = {"feet", "label", "activity", "start_utc", "duration_s", "caveats", "insole_kind", "sent_no_frame"}
_FOOT_REQUIRED = ("rate_hz", "x", "y", "area_mm2", "regions")
_FOOT_FIELDS = set(_FOOT_REQUIRED) | {"columns", "positions_inferred", "resolution_kpa", "device", "calibrated",
                                     "insole", "sample_bits", "rates_hz", "has_haptic", "areas_guessed"}
#: Why a foot's ``has_imu`` is no field: the CSV has no column for acceleration or angular rate.
_NO_IMU = ("no field of a layout JSON: the CSV carries no IMU columns (acceleration, angular rate), so an "
           "imported session has none (has_imu false; docs/import-csv.md)")
#: ``sample_bits`` of a layout that gives none: the most a recording holds (generic_csv_checks.most_kpa).
DEFAULT_SAMPLE_BITS = 16


class _LayoutFile:
    """What a layout JSON says, validated: per-foot SensorLayout, column names, devices; session fields."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = _load_json(path)
        if not isinstance(data, dict):
            raise self.error("", "the layout must be a JSON object")
        unknown = sorted(set(data) - _TOP_FIELDS)
        if {"layouts", "devices"} & set(unknown):  # the session's own file, given for its layouts
            raise self.error("", "a session's session.json, not a layout JSON; `solewatch export SESSION` "
                                 "writes the layout JSON beside its CSV (frames.layout.json), and "
                                 "docs/import-csv.md says its fields")
        if unknown:
            raise self.error(cut(unknown[0]), f"unknown field (known: {', '.join(sorted(_TOP_FIELDS))})")
        feet = data.get("feet")
        if not isinstance(feet, dict) or not feet:
            raise self.error("feet", "missing, or not an object with a 'left' and/or 'right' entry")
        for foot in feet:
            if foot not in FEET:
                raise self.error(f"feet.{cut(foot)}", "a foot is 'left' or 'right'")
        self.layouts: dict[str, SensorLayout] = {}
        self.columns: dict[str, list[str]] = {}
        self.devices: dict[str, DeviceInfo] = {}
        for foot in FEET:
            if foot in feet:
                self._foot(foot, feet[foot])
        self.label = self._text(data, "label")
        word = self._text(data, "activity") or "unknown"
        self.activity = word.lower()  # in any case, as --activity takes it
        if self.activity not in SESSION_ACTIVITIES:  # a misspelt one would be ignored: recognised instead
            hint = meant_words(word, SESSION_ACTIVITIES)
            raise self.error("activity", f"{quote(word)} is not an activity{hint} (one of "
                                         f"{', '.join(SESSION_ACTIVITIES)})")
        self.start_utc = _start_utc(self, data.get("start_utc", ""))
        self.duration_s = _duration_s(self, data.get("duration_s"))
        caveats = data.get("caveats", [])
        if not isinstance(caveats, list) or not all(isinstance(c, str) for c in caveats):
            raise self.error("caveats", "a list of strings")
        self.caveats = list(caveats)
        self.insole_kind = self._insole_kind(data.get("insole_kind"))
        self.sent_no_frame = self._sent_no_frame(data.get("sent_no_frame", []))

    def _sent_no_frame(self, feet: Any) -> tuple[str, ...]:
        """The feet the layout says sent no frame (``sent_no_frame``: each a foot of ``feet``, once), in
        FEET order; () where it names none."""
        if not isinstance(feet, list) or not all(isinstance(f, str) for f in feet):
            raise self.error("sent_no_frame", "a list of feet ('left', 'right')")
        for foot in feet:
            if foot not in self.layouts:
                raise self.error("sent_no_frame", f"{quote(foot)} is not a foot of this layout's feet "
                                                  f"({', '.join(self.layouts)})")
        if len(set(feet)) != len(feet):
            raise self.error("sent_no_frame", "a foot is named twice")
        return tuple(foot for foot in FEET if foot in feet)

    def _insole_kind(self, kind: Any) -> str | None:
        """The session's insole kind the layout names (an export writes its session's), None where it names
        none; one these feet cannot be (monitor.session.insole_kinds.kinds_of) is refused."""
        from monitor.importers import FORMATS

        if kind is None:
            return None
        can = kinds_of(self.layouts, FORMATS)
        if kind not in can:
            which = f"one of {', '.join(can)}" if can else "none"
            raise self.error("insole_kind", f"{quote_value(kind)} is not a kind "
                                            f"these feet's insoles can be ({which}): each foot's layout names its "
                                            f"insole (\"insole\"; none: solewatch), which insole_kind must agree with")
        return kind

    def error(self, field: str, message: str) -> SessionFormatError:
        where = f"field {field}: " if field else ""
        return SessionFormatError(f"{said_path(self.path)}: {where}{message}")

    def _text(self, data: dict[str, Any], name: str) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise self.error(name, "a string")
        return value

    def _foot(self, foot: str, d: Any) -> None:
        at = f"feet.{foot}"
        if not isinstance(d, dict):
            raise self.error(at, "an object")
        for name in _FOOT_REQUIRED:
            if name not in d:
                raise self.error(f"{at}.{name}", "missing")
        if "has_imu" in d:
            raise self.error(f"{at}.has_imu", _NO_IMU)
        unknown = sorted(set(d) - _FOOT_FIELDS)
        if unknown:
            known = ", ".join(sorted(_FOOT_FIELDS))
            raise self.error(f"{at}.{cut(unknown[0])}", f"unknown field (known: {known})")
        rate = d["rate_hz"]
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not float(rate).is_integer() \
                or not 1 <= rate <= MAX_RATE_HZ:
            raise self.error(f"{at}.rate_hz", f"a whole number of Hz from 1 to {MAX_RATE_HZ}, not {quote_value(rate)}")
        lists = {k: len(d[k]) for k in ("x", "y", "area_mm2", "regions", "columns")
                 if isinstance(d.get(k), list)}
        disagree = lengths_disagree(lists)
        if disagree:  # the list cut short (or too long) against the others, not always the others against x
            odd = min(lists, key=lambda k: list(lists.values()).count(lists[k]))
            raise self.error(f"{at}.{odd}", disagree)
        x = self._numbers(d, at, "x", -0.5, 0.5)
        n = len(x)
        if not 1 <= n <= MAX_SENSORS:
            raise self.error(f"{at}.x", f"{n} sensors; a foot has 1 to {MAX_SENSORS}")
        y = self._numbers(d, at, "y", 0.0, 1.0, n)
        area = self._numbers(d, at, "area_mm2", 0.0, math.inf, n)
        small = [i for i, a in enumerate(area) if a < MIN_AREA_MM2]
        if small:
            raise self.error(f"{at}.area_mm2[{small[0]}]", f"{d['area_mm2'][small[0]]!r} mm²; every area must be at "
                                                           f"least {MIN_AREA_MM2:g} mm² (session.json keeps three "
                                                           "decimals)")
        regions = self._regions(d, at, n)
        mirrored = mirrored_words(x, regions)
        if mirrored:
            raise self.error(f"{at}.x", mirrored)
        columns = self._strings(d, at, "columns", n) if "columns" in d else sensor_columns(n)
        first: dict[str, int] = {}
        for i, name in enumerate(columns):
            if name in (TIME_COLUMN, FOOT_COLUMN) or not name.strip():
                raise self.error(f"{at}.columns[{i}]", f"{quote(name)} cannot name a sensor column")
            if name in first:
                raise self.error(f"{at}.columns[{i}]", f"{quote(name)} is the column of sensor {first[name]} too "
                                                       "(each sensor has a column of its own)")
            first[name] = i
        inferred = d.get("positions_inferred", False)
        if not isinstance(inferred, bool):
            raise self.error(f"{at}.positions_inferred", "true or false")
        resolution = d.get("resolution_kpa", DEFAULT_RESOLUTION_KPA)
        if isinstance(resolution, bool) or not isinstance(resolution, (int, float)) or not resolution > 0:
            raise self.error(f"{at}.resolution_kpa", "a number above 0")
        calibrated = d.get("calibrated", True)
        if not isinstance(calibrated, bool):
            raise self.error(f"{at}.calibrated", "true or false")
        insole = d.get("insole", "solewatch")
        if insole not in INSOLE_KINDS:
            raise self.error(f"{at}.insole", f"{quote_value(insole)} is no insole kind "
                                             f"(one of {', '.join(INSOLE_KINDS)})")
        bits = d.get("sample_bits", DEFAULT_SAMPLE_BITS)
        if isinstance(bits, bool) or bits not in (12, 16):
            raise self.error(f"{at}.sample_bits", f"12 or 16, not {quote_value(bits)}")
        rates = self._rates(d, at, int(rate))
        haptic, guessed = d.get("has_haptic", False), d.get("areas_guessed", False)
        for name, value in (("has_haptic", haptic), ("areas_guessed", guessed)):
            if not isinstance(value, bool):
                raise self.error(f"{at}.{name}", "true or false")
        try:
            self.layouts[foot] = SensorLayout(
                side=foot, x=x, y=y, area_mm2=area, regions=regions, kpa_per_count=float(resolution),
                rates_hz=rates, current_rate_hz=int(rate), sample_bits=int(bits), positions_inferred=inferred,
                insole=insole, calibrated=calibrated, has_haptic=haptic, areas_guessed=guessed)
        except LayoutError as exc:
            raise self.error(at, str(exc)) from None
        self.columns[foot] = list(columns)
        self.devices[foot] = self._device(foot, d.get("device", {}))

    def _rates(self, d: dict, at: str, rate_hz: int) -> tuple[int, ...]:
        """The foot's ``rates_hz`` (Hz): the rates its insole supports, whole numbers from 1 to MAX_RATE_HZ,
        ascending, ``rate_hz`` among them; ``(rate_hz,)`` when not given."""
        if "rates_hz" not in d:
            return (rate_hz,)
        v = d["rates_hz"]
        if not isinstance(v, list) or not v or not all(
                isinstance(e, (int, float)) and not isinstance(e, bool) and 1 <= e <= MAX_RATE_HZ
                and float(e).is_integer() for e in v):
            raise self.error(f"{at}.rates_hz", f"a list of whole numbers of Hz from 1 to {MAX_RATE_HZ}")
        rates = tuple(int(e) for e in v)
        if list(rates) != sorted(set(rates)):
            raise self.error(f"{at}.rates_hz", "ascending, each rate once")
        if rate_hz not in rates:
            raise self.error(f"{at}.rates_hz", f"{quote_value(list(rates))} lacks rate_hz, {rate_hz} Hz")
        return rates

    def _regions(self, d: dict, at: str, n: int) -> list[str]:
        """The foot's ``regions``, one label of REGION_CODES a sensor, taken in any case (``MTH1`` is
        ``mth1``: the labels are all lower case, so no two are one label in another case). A label none is
        refused naming its sensor, with the label it is most like where one is (``halux``: ``hallux``)."""
        labels = [r.lower() for r in self._strings(d, at, "regions", n)]
        for i, label in enumerate(labels):
            if label not in REGION_CODES:
                close = closest_name(label, REGION_CODES)
                known = f"; did you mean {close!r}? (" if close else f" (one of {', '.join(REGION_CODES)}: "
                raise self.error(f"{at}.regions[{i}]", f"{quote(d['regions'][i])} is no region label{known}the "
                                                       "labels are docs/protocol.md's region table)")
        return labels

    def _numbers(self, d: dict, at: str, name: str, lo: float, hi: float,
                 n: int | None = None) -> list[float]:
        v = d[name]
        if not isinstance(v, list):
            raise self.error(f"{at}.{name}", "a list of numbers")
        for i, e in enumerate(v):
            if isinstance(e, bool) or not isinstance(e, (int, float)):
                raise self.error(f"{at}.{name}[{i}]", f"{quote_value(e)} is not a number (a list of numbers)")
        if n is not None and len(v) != n:
            raise self.error(f"{at}.{name}", f"{len(v)} values for {n} sensors (x has {n})")
        for i, e in enumerate(v):
            if not lo <= e <= hi:
                raise self.error(f"{at}.{name}[{i}]", f"{quote_value(e)} is outside {lo:g} .. {hi:g}")
        return [float(e) for e in v]

    def _strings(self, d: dict, at: str, name: str, n: int) -> list[str]:
        v = d[name]
        if not isinstance(v, list):
            raise self.error(f"{at}.{name}", "a list of strings")
        for i, e in enumerate(v):
            if not isinstance(e, str):
                raise self.error(f"{at}.{name}[{i}]", f"{quote_value(e)} is not a string (a list of strings)")
        if len(v) != n:
            raise self.error(f"{at}.{name}", f"{len(v)} values for {n} sensors (x has {n})")
        return list(v)

    def _device(self, foot: str, d: Any) -> DeviceInfo:
        at = f"feet.{foot}.device"
        if not isinstance(d, dict):
            raise self.error(at, "an object")
        unknown = sorted(set(d) - set(LAYOUT_DEVICE_FIELDS) - {"battery_pct"})
        if unknown:
            raise self.error(f"{at}.{cut(unknown[0])}", f"unknown field (known: {', '.join(LAYOUT_DEVICE_FIELDS)})")
        for name in LAYOUT_DEVICE_FIELDS:
            if not isinstance(d.get(name, ""), str):
                raise self.error(f"{at}.{name}", "a string")
        battery = d.get("battery_pct")
        if battery is not None and (isinstance(battery, bool) or not isinstance(battery, int)):
            raise self.error(f"{at}.battery_pct", "a whole number or null")
        return DeviceInfo(**{"address": "", **d})


def _load_json(path: Path) -> Any:
    text = decode_text(path, read_bytes(path), latin1=False)
    if not text.strip():
        raise fail(path, None, "empty (expected the layout JSON object of docs/import-csv.md)")
    try:
        return parse_json(text)
    except ValueError as exc:
        raise SessionFormatError(f"{said_path(path)}: {json_problem(exc)}") from None


#: Room a start time must leave before the calendar's end for the recording's end time (guess: far
#: longer than any recording an insole holds).
_LONGEST_RECORDING_DAYS = 366


def _start_utc(layout: _LayoutFile, value: Any) -> str:
    if value in ("", None):
        return ""
    if isinstance(value, str):
        try:
            t = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            t = None
        if t is not None and t.tzinfo is not None:
            try:  # a time near the calendar's ends may have no UTC, or no end time, in datetime's years 1-9999
                utc = t.astimezone(timezone.utc)
                utc + timedelta(days=_LONGEST_RECORDING_DAYS)
            except OverflowError:
                raise layout.error("start_utc", f"{quote(value)} is too close to the end of the calendar (years "
                                                "1 to 9999)") from None
            return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    raise layout.error("start_utc", f"{quote_value(value)} is not an ISO 8601 time with a zone, e.g. "
                                    "2024-05-01T09:30:00.000Z")


def _duration_s(layout: _LayoutFile, value: Any) -> float | None:
    """The layout's ``duration_s`` (s, from t_s 0): a number above 0, up to LONGEST_SESSION_S; None if
    not given."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise layout.error("duration_s", f"{quote_value(value)} is not a number of seconds above 0")
    if value > LONGEST_SESSION_S:
        raise layout.error("duration_s", f"{value:g} s is longer than any recording ({LONGEST_SESSION_S:g} s)")
    return float(value)


def read_layout(path: str | Path) -> tuple[dict[str, SensorLayout], dict[str, list[str]]]:
    """Validate a layout JSON on its own; return (layouts per foot, CSV column names per foot)."""
    lay = _LayoutFile(Path(path))
    return lay.layouts, lay.columns
