"""A Moticon export's start as its header gives it: ``Start timestamp`` (epoch milliseconds) as an ISO UTC
time, and ``Start time`` (``dd.mm.YYYY HH:MM:SS.fff``, local time of an unknown zone) checked for being a
date at all; what fixes no instant, or might be misread, is said in a caveat, never read past."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from monitor.errors import quote

#: The instants a ``Start timestamp`` may give (UTC): from 2001-01-01, where epoch milliseconds have 13
#: digits and epoch seconds 10 (a 10-digit stamp read as milliseconds is a date in January 1970), to
#: 2100 (guess: Moticon's OpenGo exports are from the 2010s on).
EARLIEST_START = datetime(2001, 1, 1, tzinfo=timezone.utc)
LATEST_START = datetime(2100, 1, 1, tzinfo=timezone.utc)

_LOCAL_START = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{1,4})\s+(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d*)?")


def start_utc_of(header: dict[str, str]) -> tuple[str, str]:
    """ISO UTC start from ``Start timestamp`` (epoch ms); ``Start time`` alone is local time of an unknown
    zone, so it fixes no UTC instant. Returns ``(start_utc, caveat)``: the caveat (empty for none) says a
    start left empty, a ``Start timestamp`` that is no epoch milliseconds (not a whole number, or one whose
    instant lies outside ``EARLIEST_START``..``LATEST_START``), one read as epoch seconds (10 digits: as
    milliseconds, January 1970; had: 1970-01-20 without a word for ``1695802874``), and a ``Start time`` in
    the export's ``dd.mm.YYYY HH:MM:SS`` form that is no date (31.02., month 13, 25:00): the header is kept
    in session.json as written, so what is wrong in it is said, not read past."""
    stamp = header.get("Start timestamp", "").strip()
    local = header.get("Start time", "")
    wrong = impossible_start_time(local)
    no_date = f"the export's start time {quote(local)} is no date ({wrong})" if wrong else ""
    said = [no_date] if no_date else []
    taken_ms, taken_s = _instant(stamp, 1000.0), _instant(stamp, 1.0)
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
    m = _LOCAL_START.fullmatch(local.strip())
    if not m:
        return ""
    day, month, year, hour, minute, second = (int(g) for g in m.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        return str(exc)
    return ""
