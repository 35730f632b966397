"""A session as a FIT activity file (docs/fit.md), encoded with Garmin's own FIT SDK (garmin-fit-sdk's
Encoder): one ``record`` a second carrying the insole metrics as developer fields, and the alerts as
``event`` messages.

The messages follow the FIT SDK's activity-file recipe (file_id, developer data, device_info, timer
start, records and events in time order, timer stop, lap, session, activity). A record's timestamp is
the session's ``start_utc`` (to the nearest second) plus its second; the developer fields are those of
:func:`metric_fields`, taken from the columns of monitor.analysis.per_second; a NaN is left out of its
record (a field a record lacks is missing in FIT). An event is dated the whole second nearest its own
time (:func:`event_time_s`; FIT times are whole seconds). Where the session has a ride imported
(``fit_records.parquet``), each record also carries that second's power, cadence, heart rate, speed and
altitude in the standard record fields, and the lap and session their averages and maxima
(:func:`ride_summary_fields`). Every time the file holds is one FIT holds as a date
(monitor.session.fit_dates), or nothing is written.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from monitor.codebook import SensorLayout, region_name
from monitor.errors import UsageError, quote
from monitor.session.fit_dates import FIT_FIRST_DATE_S, FIT_LAST_DATE_S, check_fit_dates, fit_dates_words
from monitor.session.model import Session
from monitor.session.ride import Ride, session_start
from monitor.session.ride_time import first_record_per_second, nearest_utc_second
from monitor.util.outputs import write_whole
from monitor.util.pressure_units import layout_unit
from monitor.util.version import __version__

#: Solewatch's developer application id (a UUID made once for it; FIT SDK: developer_data_id
#: application_id is 16 bytes).
APPLICATION_ID = bytes.fromhex("297b64060000456592417105af2453a9")
#: The version written as developer_data_id application_version: the version's digits (0.1.0 -> 10).
APPLICATION_VERSION = int("".join(c for c in __version__ if c.isdigit()) or 0)
#: The longest text written into an event's developer string fields (bytes; a FIT field holds at most 255).
MAX_TEXT_BYTES = 200
#: session.json activity -> FIT (sport, sub_sport) (FIT SDK profile types ``sport`` and ``sub_sport``).
SPORTS = {"cycling_seated": ("cycling", "generic"), "cycling_standing": ("cycling", "generic"),
          "cycling": ("cycling", "generic"), "running": ("running", "generic"),
          "walking": ("walking", "generic"), "elliptical": ("fitness_equipment", "elliptical"),
          "stair_climber": ("fitness_equipment", "stair_climbing")}
#: A ride's columns -> the standard record fields (FIT SDK profile, ``record``).
RIDE_FIELDS = {"power_w": "power", "cadence_rpm": "cadence", "heart_rate_bpm": "heart_rate",
               "speed_m_s": "enhanced_speed", "altitude_m": "enhanced_altitude"}
#: Record fields -> the lap's and session's average and maximum of them (FIT SDK profile, ``lap``, ``session``).
SUMMARY_FIELDS = {"power": ("avg_power", "max_power"), "heart_rate": ("avg_heart_rate", "max_heart_rate"),
                  "cadence": ("avg_cadence", "max_cadence")}
#: A ride's columns -> what they are called in a message.
RIDE_QUANTITIES = {"power_w": "power", "cadence_rpm": "cadence", "heart_rate_bpm": "heart rate",
                   "speed_m_s": "speed", "altitude_m": "altitude"}


@dataclass(frozen=True)
class DevField:
    """One developer field: its number, the FIT name and units, its base type, and where it goes."""

    number: int
    name: str
    units: str
    base_type: str  # FIT SDK BASE_TYPE key: FLOAT32, UINT8, STRING
    message: str  # RECORD or EVENT
    column: str  # the per-second column (records) or the event key (events)
    scale: float = 1.0  # the column's value times this is written


def metric_fields(columns: Sequence[str], layouts: Mapping[str, SensorLayout] | None = None) -> list[DevField]:
    """The record developer fields for the per-second columns present: forefoot share per foot (%), each
    region's peak per foot (kPa; for a foot whose layout in ``layouts`` is uncalibrated, an ORPHE or Ukaton
    insole's, units "units": its values are nominal units, counts at a nominal scale and not kPa, the numbers
    the live view, the report and compare say, docs/devices.md),
    the alert level per foot and of both (0 none .. 3 alert)."""
    out: list[DevField] = []
    for col in columns:
        if col == "t_s":
            continue
        if col.endswith("_forefoot_share"):
            foot = col.split("_", 1)[0]
            out.append(DevField(0, f"{foot} forefoot share", "%", "FLOAT32", "RECORD", col, 100.0))
        elif col.endswith("_peak_kpa"):
            foot, region = col[: -len("_peak_kpa")].split("_", 1)
            unit = layout_unit((layouts or {}).get(foot))  # nominal units, not kPa, of an uncalibrated insole
            out.append(DevField(0, f"{foot} {region_name(region)} peak", unit, "FLOAT32", "RECORD", col))
        elif col.endswith("level"):
            name = "alert level" if col == "level" else f"{col.split('_', 1)[0]} alert level"
            out.append(DevField(0, name, "level", "UINT8", "RECORD", col))
    return out


EVENT_FIELDS = [DevField(0, "alert kind", "", "STRING", "EVENT", "kind"),
                DevField(0, "alert foot", "", "STRING", "EVENT", "foot"),
                DevField(0, "alert level", "level", "UINT8", "EVENT", "level_rank"),
                DevField(0, "alert region", "", "STRING", "EVENT", "region"),
                DevField(0, "alert message", "", "STRING", "EVENT", "message")]
_LEVEL_RANK = {"notice": 1, "warning": 2, "alert": 3}


def _text(value: Any) -> str | None:
    if not value:
        return None
    data = str(value).encode("utf-8")[:MAX_TEXT_BYTES]
    return data.decode("utf-8", errors="ignore")


def fit_start_s(session: Session) -> int:
    """The session's start to the nearest second (monitor.session.ride_time.nearest_utc_second) as seconds
    of the FIT epoch: the first record's timestamp. UsageError when it has none a FIT file can hold as a date
    (monitor.session.fit_dates: from 1998-07-03 21:24:16 to 2126-02-06 06:28:14 UTC)."""
    from garmin_fit_sdk import FIT_EPOCH_S

    start = session_start(session.info.start_utc, session.path, "a FIT activity cannot be dated")
    start_s = nearest_utc_second(start) - FIT_EPOCH_S
    if not FIT_FIRST_DATE_S <= start_s <= FIT_LAST_DATE_S:
        raise UsageError(f"{session.path}: the session's start_utc {quote(session.info.start_utc)} is not a date a FIT "
                         f"file holds ({fit_dates_words()}), so a FIT activity cannot be dated")
    return start_s


def local_offset_s(fit_time_s: int) -> int:
    """The exporting computer's time zone offset from UTC (s) at ``fit_time_s`` (FIT epoch seconds): the
    activity's local_timestamp is its timestamp plus this (FIT profile, ``activity``; the SDK's activity
    recipe takes the local zone too)."""
    from datetime import datetime, timezone

    from garmin_fit_sdk import FIT_EPOCH_S

    offset = datetime.fromtimestamp(fit_time_s + FIT_EPOCH_S, tz=timezone.utc).astimezone().utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _ride_per_second(ride: Ride | None, n: int) -> pd.DataFrame | None:
    """The ride's first record of each of the activity's records (columns RIDE_FIELDS), indexed 0..n-1:
    record ``i`` stands for session second ``i`` and carries the ride's record that goes with it
    (monitor.session.ride_time.record_second: the nearest, as the report pairs them); it is dated
    :func:`fit_start_s` ``+ i``, that record's own UTC second, so a value keeps its own time even when the
    session's start_utc has a fraction of a second."""
    if ride is None or ride.records.empty:
        return None
    per_second = first_record_per_second(ride.records, RIDE_FIELDS)
    return per_second[(per_second.index >= 0) & (per_second.index < n)]


def ride_quantities(ride: Ride | None, n: int) -> list[str]:
    """The ride's quantities (names of RIDE_QUANTITIES, in its order) that an activity of ``n`` seconds
    carries in at least one record: those with a finite value in some second, as :func:`fit_messages`
    writes them. Empty without a ride, or when none
    of its records in those seconds has a value."""
    per_second = _ride_per_second(ride, n)
    if per_second is None:
        return []
    return [name for col, name in RIDE_QUANTITIES.items()
            if np.isfinite(per_second[col].to_numpy(dtype=float)).any()]


def fit_messages(session: Session, metrics: pd.DataFrame, events: Sequence[dict[str, Any]],
                 ride: Ride | None = None) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    """The FIT messages of the activity, in file order, and the developer field descriptions keyed as
    the records' ``developer_fields`` use them. ``metrics``: monitor.analysis.per_second's table;
    ``events``: Alert.to_dict() of the analysis's alerts and events."""
    from garmin_fit_sdk.fit import BASE_TYPE, BASE_TYPE_DEFINITIONS
    from garmin_fit_sdk.profile import Profile

    def base_type_id(name: str) -> int:
        """The profile's fit_base_type value, endian flag included (float32 is 0x88, not 8): the FIT SDK's
        own decoder masks the flag off, other decoders (fitdecode) look the whole value up."""
        b = BASE_TYPE[name]
        return b | BASE_TYPE_DEFINITIONS[b]["endian_flag"]

    num = Profile["mesg_num"]
    start = fit_start_s(session)
    fields = metric_fields(list(metrics.columns), session.info.layouts) + EVENT_FIELDS
    dev_id = {"mesg_num": num["DEVELOPER_DATA_ID"], "application_id": list(APPLICATION_ID),
              "application_version": APPLICATION_VERSION, "developer_data_index": 0}
    descriptions: dict[int, dict[str, Any]] = {}
    messages: list[dict[str, Any]] = []
    header = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
               "time_created": start, "serial_number": 1},
              dev_id]
    for key, f in enumerate(fields):
        desc = {"mesg_num": num["FIELD_DESCRIPTION"], "developer_data_index": 0, "field_definition_number": key,
                "fit_base_type_id": base_type_id(f.base_type), "field_name": f.name, "native_mesg_num":
                num[f.message]}
        if f.units:
            desc["units"] = f.units
        header.append(desc)
        descriptions[key] = {"developer_data_id_mesg": dev_id, "field_description_mesg": desc}
    header.append({"mesg_num": num["DEVICE_INFO"], "device_index": "creator", "manufacturer": "development",
                   "product": 0, "product_name": "Solewatch", "serial_number": 1, "timestamp": start,
                   "software_version": float(APPLICATION_VERSION) / 100.0})
    header.append({"mesg_num": num["EVENT"], "timestamp": start, "event": "timer", "event_type": "start"})
    messages += header

    n = len(metrics)
    elapsed = session_length_s(session, n)
    ride_s = _ride_per_second(ride, n)
    start_utc = session_start(session.info.start_utc, session.path, "a FIT activity cannot be dated")
    record_keys = [(key, f) for key, f in enumerate(fields) if f.message == "RECORD"]
    values = {f.column: metrics[f.column].to_numpy(dtype=float) for _, f in record_keys}
    event_keys = {f.column: key for key, f in enumerate(fields) if f.message == "EVENT"}
    written: dict[str, list[float]] = {name: [] for name in SUMMARY_FIELDS}
    pending = sorted(events, key=lambda e: e["t_s"])
    pending_ts = [event_time_s(start_utc, e["t_s"]) for e in pending]
    j = 0
    for i, sec in enumerate(metrics["t_s"].to_numpy(dtype=float)):
        ts = start + int(sec)
        while j < len(pending) and pending_ts[j] <= ts:  # in time order: an event before its second's record
            messages.append(_event_message(num["EVENT"], pending_ts[j], pending[j], event_keys))
            j += 1
        rec: dict[str, Any] = {"mesg_num": num["RECORD"], "timestamp": ts}
        if ride_s is not None and i in ride_s.index:
            for col, name in RIDE_FIELDS.items():
                v = float(ride_s.at[i, col])
                if not math.isfinite(v):
                    continue
                if name == "cadence":  # whole rpm in cadence, the rest in fractional_cadence (profile)
                    rec["cadence"] = int(math.floor(v))
                    if v - math.floor(v) > 0:
                        rec["fractional_cadence"] = v - math.floor(v)
                else:
                    rec[name] = round(v) if name in ("power", "heart_rate") else v
                if name in written:
                    written[name].append(float(rec[name]) if name != "cadence" else v)
        dev: dict[int, Any] = {}
        for key, f in record_keys:
            v = values[f.column][i]
            if math.isfinite(v):
                dev[key] = int(v) if f.base_type == "UINT8" else float(v) * f.scale
        if dev:
            rec["developer_fields"] = dev
        messages.append(rec)
    for e, ts in zip(pending[j:], pending_ts[j:]):
        messages.append(_event_message(num["EVENT"], ts, e, event_keys))
    # a record or event past the session's length (a mark after its last frame, frames past its duration_s):
    # the lap and session last until it, so that their end is start_time + total_elapsed_time still
    elapsed = covering_length_s(elapsed, start, max((int(m["timestamp"]) for m in messages if "timestamp" in m),
                                                     default=start))
    end = end_time_s(start, elapsed)
    sport, sub_sport = SPORTS.get(session.info.activity, ("generic", "generic"))
    summary = ride_summary_fields(written)
    messages += [
        {"mesg_num": num["EVENT"], "timestamp": end, "event": "timer", "event_type": "stop_all"},
        {"mesg_num": num["LAP"], "message_index": 0, "timestamp": end, "start_time": start,
         "total_elapsed_time": elapsed, "total_timer_time": elapsed, "sport": sport, "sub_sport": sub_sport,
         **summary},
        {"mesg_num": num["SESSION"], "message_index": 0, "timestamp": end, "start_time": start,
         "total_elapsed_time": elapsed, "total_timer_time": elapsed, "sport": sport, "sub_sport": sub_sport,
         "first_lap_index": 0, "num_laps": 1, **summary},
        {"mesg_num": num["ACTIVITY"], "timestamp": end, "num_sessions": 1, "total_timer_time": elapsed,
         "local_timestamp": end + local_offset_s(end)},
    ]
    check_fit_dates(messages, session.path)  # every time the file holds: records, events, end, local time
    return messages, descriptions


def session_length_s(session: Session, n: int) -> float:
    """The lap's and session's length (s; FIT profile: total_elapsed_time, pauses included, and
    total_timer_time, pauses left out: none here) before :func:`covering_length_s`: session.json's
    ``duration_s``, not the count of its ``n`` records (481 for a 480.34-s session); for a session that was
    not closed (no ``duration_s``), its last frame's time, where its records run to the end of that second;
    ``n`` for one with neither."""
    recorded_s = session.info.duration_s
    if recorded_s is not None and math.isfinite(recorded_s) and recorded_s > 0:
        return float(recorded_s)
    last_frame_s = session.last_t_s()
    if last_frame_s is not None and math.isfinite(last_frame_s) and last_frame_s > 0:
        return float(last_frame_s)
    return float(n)


def covering_length_s(length_s: float, start: int, last: int) -> float:
    """``length_s`` (s), raised to cover ``last``, the latest timestamp (FIT epoch s) of the records and
    events, when it is later than ``start`` (FIT epoch s) plus it: a record or event past the session's
    length, which the lap and session end cannot come before (timestamps in file order)."""
    return max(length_s, float(last - start))


def end_time_s(start: int, elapsed_s: float) -> int:
    """The FIT timestamp (FIT epoch s) of the timer's stop, the lap, session and activity: ``start`` plus
    ``elapsed_s`` (their total_elapsed_time, s; :func:`covering_length_s`) to the whole second nearest (a
    half up), so that a reader's start_time + total_elapsed_time is it within half a second."""
    return start + math.floor(elapsed_s + 0.5)


def event_time_s(start: pd.Timestamp, t_s: float) -> int:
    """An event's FIT timestamp (FIT epoch s): the whole UTC second nearest its own time ``start`` +
    ``t_s`` (session s, from 0), a half rounded up, as a record is dated from the start of its second
    (monitor.session.ride_time.nearest_utc_second). FIT event times are whole seconds: the profile's
    ``event`` message has no finer time field."""
    from garmin_fit_sdk import FIT_EPOCH_S

    return nearest_utc_second(start + pd.Timedelta(seconds=max(float(t_s), 0.0))) - FIT_EPOCH_S


def ride_summary_fields(written: dict[str, list[float]]) -> dict[str, int]:
    """The lap's and session's averages and maxima (FIT profile ``lap``/``session``: ``avg_power``,
    ``max_power`` W, ``avg_heart_rate``, ``max_heart_rate`` bpm, ``avg_cadence``, ``max_cadence`` rpm) of
    the ride values the records carry (``written``: SUMMARY_FIELDS name -> the values written, one per
    record that has one); cadence while pedalling (above 0 rpm, as the report's mean). A quantity without
    a value is left out."""
    out: dict[str, int] = {}
    for name, (avg, peak) in SUMMARY_FIELDS.items():
        values = [v for v in written.get(name, []) if v > 0 or name != "cadence"]
        if values:
            out[avg] = round(sum(values) / len(values))
            out[peak] = int(math.floor(max(values)))
    return out


def _event_message(mesg_num: int, timestamp: int, e: dict[str, Any], keys: dict[str, int]) -> dict[str, Any]:
    """One alert or event as a FIT user marker dated ``timestamp`` (:func:`event_time_s`): ``data`` is
    the level (0 for back-to-normal and stale data), the developer fields say what it was."""
    rank = _LEVEL_RANK.get(e.get("level") or "", 0)
    dev: dict[int, Any] = {keys["level_rank"]: rank}
    for col in ("kind", "foot", "region", "message"):
        text = _text(region_name(e.get(col)) if col == "region" else e.get(col))
        if text:
            dev[keys[col]] = text
    return {"mesg_num": mesg_num, "timestamp": timestamp,
            "event": "user_marker", "event_type": "marker", "data": rank, "developer_fields": dev}


def encode_fit(messages: list[dict[str, Any]], descriptions: dict[int, dict[str, Any]]) -> bytes:
    """The FIT file's bytes (garmin-fit-sdk's Encoder)."""
    from garmin_fit_sdk import Encoder

    encoder = Encoder(field_descriptions=descriptions)
    for m in messages:
        encoder.write_mesg(m)
    return bytes(encoder.close())


def write_fit_activity(session: Session, metrics: pd.DataFrame, events: Sequence[dict[str, Any]],
                       path: str | os.PathLike[str], *, ride: Ride | None = None) -> Path:
    """Encode the activity and write it to ``path`` whole (a temporary file renamed into place)."""
    data = encode_fit(*fit_messages(session, metrics, events, ride))
    path = Path(path)
    write_whole([(path, lambda tmp: tmp.write_bytes(data))])
    return path
