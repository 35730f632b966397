"""A Moticon export's start as its header gives it: ``Start timestamp`` (epoch milliseconds) as an ISO UTC
time, and ``Start time`` (``dd.mm.YYYY HH:MM:SS.fff``, local time of an unknown zone) checked for being in
that form, for being a date at all, and against the Start timestamp (the two differ by a time zone's offset,
nothing more); what fixes no instant, or might be misread, is said in a caveat, never read past."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from monitor.errors import quote

#: The instants a ``Start timestamp`` may give (UTC): from 2001-01-01, where epoch milliseconds have 13
#: digits and epoch seconds 10 (a 10-digit stamp read as milliseconds is a date in January 1970), to
#: 2100 (guess: Moticon's OpenGo exports are from the 2010s on).
EARLIEST_START = datetime(2001, 1, 1, tzinfo=timezone.utc)
LATEST_START = datetime(2100, 1, 1, tzinfo=timezone.utc)

_LOCAL_START = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d*))?")
#: The form of a ``Start time`` an OpenGo export writes (both sample exports, ../shared/data/README.md).
LOCAL_FORM = "dd.mm.YYYY HH:MM:SS[.fff]"
#: A local time differs from UTC by a whole number of quarter hours, from -12:00 to +14:00: every offset in
#: use since 2001 (the IANA time zone database; +05:45 Nepal, +08:45 Eucla, +12:45 Chatham the finest).
ZONE_STEP_S = 900
ZONE_OFFSETS_S = (-12 * 3600, 14 * 3600)
#: How far a Start time may lie from its Start timestamp beyond a zone's offset (s): both are written from
#: one clock to the millisecond, and a stamp read as epoch seconds has lost up to one (guess).
START_AGREE_S = 2.0


def start_utc_of(header: dict[str, str], lines: dict[str, int] | None = None) -> tuple[str, str]:
    """ISO UTC start from ``Start timestamp`` (epoch ms); ``Start time`` alone is local time of an unknown
    zone, so it fixes no UTC instant. Returns ``(start_utc, caveat)``: the caveat (empty for none) says a
    start left empty, a ``Start timestamp`` that is no epoch milliseconds (not a whole number, or one whose
    instant lies outside ``EARLIEST_START``..``LATEST_START``), one read as epoch seconds (10 digits: as
    milliseconds, January 1970; had: 1970-01-20 without a word for ``1695802874``), and a ``Start time`` in
    the export's ``dd.mm.YYYY HH:MM:SS`` form that is no date (31.02., month 13, 25:00), one in another form
    (not read: ``LOCAL_FORM``, naming its header line from ``lines``, a header key -> its 1-based line), and a
    Start time that lies from the Start timestamp by more than a time zone's offset (:func:`disagreement`):
    the header is kept in session.json as written, so what is wrong in it is said, not read past."""
    stamp = header.get("Start timestamp", "").strip()
    local = header.get("Start time", "")
    line = (lines or {}).get("Start time")
    wrong = impossible_start_time(local)
    no_date = f"the export's start time {quote(local)} is no date ({wrong})" if wrong else ""
    if local and _LOCAL_START.fullmatch(local.strip()) is None:
        no_date = (f"the export's start time {quote(local)}{'' if line is None else f' (line {line})'} is not in "
                   f"the form {LOCAL_FORM} an OpenGo export writes: not read")
    said = [no_date] if no_date else []
    taken_ms, taken_s = _instant(stamp, 1000.0), _instant(stamp, 1.0)
    apart = disagreement(local, taken_ms if taken_ms is not None else taken_s) if not no_date else ""
    if apart:
        said.append(f"the export's start time {quote(local)} lies {apart} from its Start timestamp "
                    f"{quote(stamp)}, which no time zone's offset is (a whole number of quarter hours from "
                    f"-12:00 to +14:00, give or take {START_AGREE_S:g} s): one of them is wrong")
    if taken_ms is not None:
        return _iso(taken_ms), "; ".join([*said, "start_utc is taken from its Start timestamp"] if said else [])
    if taken_s is not None:
        return _iso(taken_s), "; ".join([*said, f"the export's Start timestamp {quote(stamp)} is read as epoch "
                                         f"seconds (a guess: as epoch milliseconds it would be {_as_ms(stamp)}); "
                                         "start_utc is taken from it"])
    if stamp:
        why = _as_ms(stamp)
        said.insert(0, f"the export's Start timestamp {quote(stamp)} is not a time in epoch milliseconds"
                    + (f" (it would be {why})" if why else ""))
    if local and not no_date:
        said.append(f"the export gives the start as local time ({local}) of an unknown time zone")
    elif not said:
        said.append("the export gives no start time")
    return "", "; ".join(said) + "; start_utc is left empty"


def _instant(stamp: str, per_s: float) -> datetime | None:
    """``stamp`` (text) as a whole number of ``1 / per_s`` s since 1970 UTC, if it is one and gives an instant
    from ``EARLIEST_START`` up to ``LATEST_START``; else None."""
    if not re.fullmatch(r"\d{1,20}", stamp):
        return None
    t = int(stamp) / per_s
    if not EARLIEST_START.timestamp() <= t < LATEST_START.timestamp():
        return None
    return datetime.fromtimestamp(t, tz=timezone.utc)


def _as_ms(stamp: str) -> str:
    """Why a whole-number ``stamp`` is no start as epoch milliseconds: the date it would give, outside
    ``EARLIEST_START``..``LATEST_START`` ("1970-01-20, before 2001"); "" for a stamp that is no whole number."""
    if not re.fullmatch(r"\d{1,20}", stamp):
        return ""
    ms = int(stamp)
    if ms < EARLIEST_START.timestamp() * 1000.0:
        when = datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc).date().isoformat()
        return f"{when}, before {EARLIEST_START.year}"
    return f"after {LATEST_START.year}"


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def impossible_start_time(local: str) -> str:
    """Why a ``Start time`` in the export's ``dd.mm.YYYY HH:MM:SS[.fff]`` form is no date and time (e.g.
    "day is out of range for month"); empty for a possible one and for text in another form (not read)."""
    try:
        _local_time(local)
    except ValueError as exc:
        return str(exc)
    return ""


def _local_time(local: str) -> datetime | None:
    """A ``Start time`` in the export's form as a naive datetime (to the microsecond); None for text in
    another form, ValueError for one that is no date."""
    m = _LOCAL_START.fullmatch(local.strip())
    if not m:
        return None
    day, month, year, hour, minute, second = (int(g) for g in m.groups()[:6])
    micro = int(((m.group(7) or "") + "000000")[:6])
    return datetime(year, month, day, hour, minute, second, micro)


def disagreement(local: str, utc: datetime | None) -> str:
    """How far ``local`` (a ``Start time``) lies from ``utc`` (its Start timestamp's instant), local minus UTC,
    as ``+2:07:03.500``, when that is no time zone's offset: more than ``START_AGREE_S`` from a whole number of
    ``ZONE_STEP_S`` within ``ZONE_OFFSETS_S``; "" when it is one, or when either is missing or no date."""
    try:
        when = _local_time(local)
    except ValueError:
        return ""
    if when is None or utc is None:
        return ""
    diff_s = (when - utc.replace(tzinfo=None)).total_seconds()
    zone_s = min(max(round(diff_s / ZONE_STEP_S) * ZONE_STEP_S, ZONE_OFFSETS_S[0]), ZONE_OFFSETS_S[1])
    if abs(diff_s - zone_s) <= START_AGREE_S:
        return ""
    sign, whole = ("-" if diff_s < 0 else "+"), abs(diff_s)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{int(hours)}:{int(minutes):02d}:{seconds:06.3f}"
