"""A bike computer's FIT activity file read with Garmin's own decoder (garmin-fit-sdk): its records and
the rider-position events, in SI units with the time in UTC. Reads a file; writes nothing.

What is kept of each ``record`` message (FIT SDK profile, Profile.xlsx ``record``): ``timestamp`` (UTC),
``power`` (W), ``cadence`` (rpm, plus ``fractional_cadence``), ``heart_rate`` (bpm), ``enhanced_speed``
or ``speed`` (m/s), ``enhanced_altitude`` or ``altitude`` (m). A field the device did not write is NaN,
never 0, and so is a value past :data:`PLAUSIBLE` (with a SessionCaveat counting them); records of one
time are merged into one row. ``event`` messages of event
``rider_position_change`` (written by power meters with cycling dynamics, e.g. Garmin Vector and Rally)
give when the rider stood and sat down: their ``data`` is the profile's ``rider_position_type``
(seated, standing, transition_to_seated, transition_to_standing).

A file that is not FIT, is cut short, fails its CRC, cannot be decoded, holds no timed record, or whose
records hold none of the five quantities (Solewatch's own export of a session without a ride: its records
carry the insoles' metrics only) or only values past :data:`PLAUSIBLE` is one SessionFormatError naming the
file.
"""

from __future__ import annotations

import math
import os
import struct
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from monitor.errors import SessionCaveat, SessionFormatError
from monitor.importers.sniff import HEAD_BYTES, other_format, other_format_error
from monitor.importers.text_checks import read_bytes

#: The largest FIT file read (bytes): a day-long ride at one record a second is a few MB (guess, with a
#: margin of two orders of magnitude); a larger one is refused before it is read into memory.
MAX_FIT_BYTES = 256 * 1024 * 1024
#: The record columns of :attr:`FitRide.records` after ``utc``, each with its unit.
RECORD_COLUMNS = ("power_w", "cadence_rpm", "heart_rate_bpm", "speed_m_s", "altitude_m")
#: record field name(s) of each column, the first present taken (FIT SDK profile, ``record`` message).
_FIELDS: dict[str, tuple[str, ...]] = {
    "power_w": ("power",),
    "cadence_rpm": ("cadence",),
    "heart_rate_bpm": ("heart_rate",),
    "speed_m_s": ("enhanced_speed", "speed"),
    "altitude_m": ("enhanced_altitude", "altitude"),
}
#: The largest value of each record column taken as a measurement (the FIT profile's own invalid values,
#: e.g. 0xFFFF for power, are left missing by the decoder already); a value above it, or below the lowest,
#: is no plausible reading of a ride (a device's fault, a wrong scale) and is taken as missing, with a
#: SessionCaveat counting them:
#: - power 3,000 W: above the ~2,500 W peak of elite track sprinters (guess);
#: - cadence 220 rpm: above the ~200 rpm maximal pedalling rates of sprint tests (guess);
#: - heart rate 230 bpm: above the highest maximal heart rates, ~220 bpm in the young (guess, from the
#:   "220 - age" rule);
#: - speed 40 m/s (144 km/h): above the fastest descents of road racing, ~130 km/h (guess);
#: - altitude -500 to 9,000 m: the FIT profile's altitude offset (500 m) is its lowest, and no road lies above
#:   Everest's 8,849 m.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "power_w": (0.0, 3000.0),
    "cadence_rpm": (0.0, 220.0),
    "heart_rate_bpm": (0.0, 230.0),
    "speed_m_s": (0.0, 40.0),
    "altitude_m": (-500.0, 9000.0),
}
_SAID = {"power_w": ("power", "W"), "cadence_rpm": ("cadence", "rpm"), "heart_rate_bpm": ("heart rate", "bpm"),
         "speed_m_s": ("speed", "m/s"), "altitude_m": ("altitude", "m")}
#: rider_position_type values (FIT SDK profile) -> the position the rider is in from then on.
RIDER_POSITIONS = {"seated": "seated", "standing": "standing", "transition_to_seated": "seated",
                   "transition_to_standing": "standing"}
_HEADER_SIZES = (12, 14)  # FIT file header sizes (FIT protocol, "File Header")


@dataclass(frozen=True)
class FitRide:
    """One FIT activity's records.

    records : DataFrame, one row per record with a timestamp, in time order: ``utc``
        (datetime64[us, UTC], whatever resolution pandas infers; a FIT time is a whole second), then
        RECORD_COLUMNS (float64, NaN where the record has no value).
    positions : list of (utc datetime, "seated" | "standing"), the rider-position changes in time order;
        empty when the file has none (most files: only some power meters record it).
    device : the creating device as the file names it (manufacturer and product), "" when unnamed.
    sport : the session message's sport ("cycling", ...), "" when the file has none.
    repeated : how many record messages repeated the time of an earlier one and were merged into it
        (a chained file, a device writing a second record of a second): ``records`` has one row per time.
    implausible : per column of RECORD_COLUMNS, how many record messages held a value outside
        :data:`PLAUSIBLE`, taken as missing (NaN in ``records``); only the columns with any.
    counts : DataFrame, one row per row of ``records``: ``records``, how many of the file's record
        messages it merges (1 unless some repeated its time), and per column of RECORD_COLUMNS how many of
        them hold a value (int64); None for one made without (then each row is one record message).
    """

    path: Path
    records: pd.DataFrame
    positions: list[tuple[datetime, str]] = field(default_factory=list)
    device: str = ""
    sport: str = ""
    repeated: int = 0
    implausible: dict[str, int] = field(default_factory=dict)
    counts: pd.DataFrame | None = None

    def record_counts(self) -> pd.DataFrame:
        """:attr:`counts`, or for a ride made without them each row's own (one record message)."""
        if self.counts is not None:
            return self.counts
        cols = list(RECORD_COLUMNS)
        counts = self.records[cols].notna().astype(np.int64)
        return counts.assign(records=np.ones(len(self.records), dtype=np.int64))[["records", *cols]]


def read_fit_ride(path: str | os.PathLike[str]) -> FitRide:
    """Decode ``path`` with garmin-fit-sdk; SessionFormatError (one line naming the file) when it is not a
    whole, valid FIT file with at least one timed record and a value of RECORD_COLUMNS in one of them."""
    from garmin_fit_sdk import Decoder, Stream

    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_bytes says why it cannot be read, as every import does
    if size > MAX_FIT_BYTES:
        raise SessionFormatError(f"{name}: {size:,} bytes, more than the {MAX_FIT_BYTES:,} a FIT ride file "
                                 "is read up to")
    data = read_bytes(path)
    if not data:
        raise SessionFormatError(f"{name}: the file is empty")
    _check_header(name, data)
    _check_crc(name, data)
    try:
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        messages, errors = decoder.read(convert_datetimes_to_dates=True, convert_types_to_strings=True,
                                        expand_sub_fields=True, expand_components=True, merge_heart_rates=True)
    except Exception as exc:  # the decoder collects its errors; anything else it raises is one line too
        raise SessionFormatError(f"{name}: cannot be decoded as FIT ({type(exc).__name__}: {exc})") from None
    if errors:
        raise SessionFormatError(f"{name}: cannot be decoded as FIT ({errors[0]})")
    records = _records(messages.get("record_mesgs") or [])
    with_value = int(records[list(RECORD_COLUMNS)].notna().any(axis=1).sum())
    past = _past_words(records)
    implausible = _drop_implausible(records)
    if implausible:
        warnings.warn(SessionCaveat(implausible_words(name, implausible)), stacklevel=2)
    merged, counts = _merge_repeated(records)
    repeated, records = len(records) - len(merged), merged
    if records.empty:
        kind = _file_type(messages)
        raise SessionFormatError(f"{name}: a FIT file{kind} with no timed record: not a ride (nothing to "
                                 "import)")
    if not records[list(RECORD_COLUMNS)].notna().any(axis=None) and with_value:
        total = len(records) + repeated
        if with_value == total:
            which = ("the 1 record's values are out of range" if total == 1
                     else f"all {total:,} records' values are out of range")
        else:  # some records hold nothing: the others' values
            which = (f"the 1 record of {total:,} with a value holds no value in range" if with_value == 1
                     else f"the {with_value:,} records of {total:,} with a value hold no value in range")
        raise SessionFormatError(f"{name}: {which}: {past} (bounds no ride passes, docs/fit.md): nothing to "
                                 "import")
    if not records[list(RECORD_COLUMNS)].notna().any(axis=None):
        raise SessionFormatError(f"{name} has no power, cadence, heart rate, speed or altitude in its records: "
                                 f"nothing to import{_what_else(messages)}")
    return FitRide(path, records, _positions(messages.get("event_mesgs") or []), _device(messages),
                   str((messages.get("session_mesgs") or [{}])[0].get("sport") or ""), repeated, implausible,
                   counts)


def _drop_implausible(records: pd.DataFrame) -> dict[str, int]:
    """Set each value of ``records`` outside :data:`PLAUSIBLE` to NaN, in place; how many per column."""
    out = {}
    for col, (low, high) in PLAUSIBLE.items():
        past = (records[col] < low) | (records[col] > high)
        if past.any():
            out[col] = int(past.sum())
            records.loc[past, col] = math.nan
    return out


def _past_words(records: pd.DataFrame) -> str:
    """Each column's value furthest past its bound in :data:`PLAUSIBLE`, said with the bound: ``power 65,534
    W above 3,000 W, altitude -900 m below -500 m``; "" when none is past."""
    parts = []
    for col, (low, high) in PLAUSIBLE.items():
        quantity, unit = _SAID[col]
        top, bottom = records[col].max(), records[col].min()
        if top > high:
            parts.append(f"{quantity} {top:,g} {unit} above {high:,g} {unit}")
        elif bottom < low:
            parts.append(f"{quantity} {bottom:,g} {unit} below {low:,g} {unit}")
    return ", ".join(parts)


def implausible_words(name: str, implausible: dict[str, int]) -> str:
    """One line naming the file and, per column, how many values were past its bound and taken as missing."""
    parts = []
    for col, n in implausible.items():
        low, high = PLAUSIBLE[col]
        quantity, unit = _SAID[col]
        bound = f"{low:,g} to {high:,g} {unit}" if low < 0 else f"at most {high:,g} {unit}"
        parts.append(f"{quantity} {n:,} ({bound})")
    return (f"{name}: records with a value no ride gives, taken as missing: {', '.join(parts)}; their other "
            "values are kept")


def _check_header(name: str, data: bytes) -> None:
    """The file header's own checks, each said its own way: not FIT at all (another importable format's
    file named as such: monitor.importers.sniff), or cut short; then each chained FIT file after the
    first (FIT protocol, "Chained FIT Files"), and bytes after the last that are not one."""
    if len(data) < 12 or data[0] not in _HEADER_SIZES or data[8:12] != b".FIT":
        other = other_format(name, "fit", data[:HEAD_BYTES])
        if other is not None:
            raise other_format_error(f"{name}: not a FIT file; ", other)
        raise SessionFormatError(f"{name}: not a FIT file (no FIT file header: expected '.FIT' at byte 8)")
    at, n = 0, 1
    while at < len(data):
        if n > 1 and (len(data) - at < 12 or data[at] not in _HEADER_SIZES or data[at + 8:at + 12] != b".FIT"):
            raise SessionFormatError(f"{name}: the {len(data) - at:,} bytes after the FIT file's end (byte "
                                     f"{at:,}) are not a FIT file (a padded or damaged file)")
        whole = _whole(data, at)
        if len(data) < at + whole:
            raise SessionFormatError(f"{name}: the FIT file is cut short ({len(data) - at:,} of the {whole:,} "
                                     f"bytes its header announces{_which(n)})")
        at, n = at + whole, n + 1


def _whole(data: bytes, at: int) -> int:
    """The bytes of the FIT file starting at ``at``: header, records and file CRC (FIT protocol, "File
    Structure")."""
    return data[at] + struct.unpack_from("<I", data, at + 4)[0] + 2


def _which(n: int) -> str:
    """Which of chained FIT files the n-th is, for a message ("" for the first)."""
    return "" if n == 1 else f"; chained FIT file {n}"


def _check_crc(name: str, data: bytes) -> None:
    """Each chained FIT file's header CRC (when written: 0 means not computed, FIT protocol "File Header")
    and its CRC over header and records (FIT protocol, "CRC"), with the FIT SDK's CRC.
    Decoder.check_integrity is not used: it refuses a header CRC of 0, which devices such as the Edge 810
    write. ``data``: a whole file (:func:`_check_header`)."""
    from garmin_fit_sdk import CrcCalculator

    at, n = 0, 1
    while at < len(data):
        header_size, whole = data[at], _whole(data, at) - 2
        if header_size == 14:
            header_crc = struct.unpack_from("<H", data, at + 12)[0]
            if header_crc and header_crc != CrcCalculator.calculate_crc(data, at, at + 12):
                raise SessionFormatError(f"{name}: the FIT file header's CRC does not match it (a damaged "
                                         f"file{_which(n)})")
        if struct.unpack_from("<H", data, at + whole)[0] != CrcCalculator.calculate_crc(data, at, at + whole):
            raise SessionFormatError(f"{name}: the FIT file's CRC does not match its contents (a damaged "
                                     f"file{_which(n)})")
        at, n = at + whole + 2, n + 1


def _utc(value) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    return None


def _number(value) -> float:
    """A record field as float; NaN for what the decoder left missing or could not scale."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    value = float(value)
    return value if math.isfinite(value) else math.nan


def _records(mesgs: list[dict]) -> pd.DataFrame:
    rows = []
    for m in mesgs:
        utc = _utc(m.get("timestamp"))
        if utc is None:
            continue
        row: dict[str, object] = {"utc": utc}
        for col, names in _FIELDS.items():
            row[col] = next((v for v in (_number(m.get(n)) for n in names) if not math.isnan(v)), math.nan)
        frac = _number(m.get("fractional_cadence"))
        if not math.isnan(frac) and not math.isnan(row["cadence_rpm"]):
            row["cadence_rpm"] = row["cadence_rpm"] + frac
        rows.append(row)
    if not rows:
        return pd.DataFrame({"utc": pd.Series(dtype="datetime64[us, UTC]"),
                             **{c: pd.Series(dtype=float) for c in RECORD_COLUMNS}})
    df = pd.DataFrame(rows)
    df["utc"] = pd.to_datetime(df["utc"], utc=True).astype("datetime64[us, UTC]")
    for col in RECORD_COLUMNS:
        df[col] = df[col].astype(np.float64)
    return df.sort_values("utc", kind="stable").reset_index(drop=True)


def _merge_repeated(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per ``utc``: the records of one time merged, each column the first value any of them has
    (NaN when none has one), in time order; and :attr:`FitRide.counts` of those rows."""
    cols = list(RECORD_COLUMNS)
    if records["utc"].is_unique:
        counts = records[cols].notna().astype(np.int64)
        return records, counts.assign(records=np.ones(len(records), dtype=np.int64))[["records", *cols]]
    groups = records.groupby("utc", sort=True)
    counts = groups[cols].count().astype(np.int64)
    counts.insert(0, "records", groups.size().astype(np.int64))
    return groups[cols].first().reset_index(), counts.reset_index(drop=True)


def _positions(mesgs: list[dict]) -> list[tuple[datetime, str]]:
    out = []
    for m in mesgs:
        if m.get("event") != "rider_position_change":
            continue
        utc = _utc(m.get("timestamp"))
        position = RIDER_POSITIONS.get(str(m.get("rider_position", m.get("data"))))
        if utc is not None and position is not None:
            out.append((utc, position))
    return sorted(out, key=lambda p: p[0])


def _device(messages: dict) -> str:
    """What recorded the file, in words: file_id's manufacturer and product ("garmin edge810"). A file whose
    manufacturer is "development" (a developer-made file, with no manufacturer ID of its own) is named by its
    product name, file_id's or else its creator's device_info's (Solewatch's own export: "Solewatch",
    monitor.session.fit_export); "development" where it names none."""
    file_id = (messages.get("file_id_mesgs") or [{}])[0]
    if file_id.get("manufacturer") == "development":
        creators = [d for d in messages.get("device_info_mesgs") or [] if d.get("device_index") in ("creator", 0)]
        named = [str(m.get("product_name") or "").strip() for m in [file_id, *creators]]
        if any(named):
            return next(n for n in named if n)
    parts = [str(file_id.get(k)) for k in ("manufacturer", "garmin_product", "product_name")
             if file_id.get(k) not in (None, "")]
    return " ".join(dict.fromkeys(parts))


def _what_else(messages: dict) -> str:
    """What a file without ride values is, where it says: Solewatch's own export names itself in its
    creator's device_info (monitor.session.fit_export), its records holding the insoles' metrics."""
    names = {str(d.get("product_name")) for d in messages.get("device_info_mesgs") or []}
    if "Solewatch" in names:
        return " (a Solewatch export: its records hold the insoles' own metrics, which the session has already)"
    return ""


def _file_type(messages: dict) -> str:
    kind = (messages.get("file_id_mesgs") or [{}])[0].get("type")
    return f" of type {kind}" if kind else ""
