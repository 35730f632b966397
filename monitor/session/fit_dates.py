"""The times a FIT file holds as dates (FIT profile, types date_time and local_date_time), and the check that
every time the FIT export writes is one (docs/fit.md): a time past the last (an event after the session's
last record, the activity's local time) wraps round to 1989 in the file's uint32 field, or is its invalid
value, read as no time."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from monitor.errors import UsageError

#: The times a FIT file holds as dates, FIT epoch s (FIT profile, types date_time and local_date_time: uint32
#: seconds from 1989-12-31 00:00; one below 0x10000000 is a device's seconds since it was switched on, not a
#: date, and 0xFFFFFFFF is uint32's invalid value, which a reader takes for no time): 1998-07-03 21:24:16 to
#: 2126-02-06 06:28:14.
FIT_FIRST_DATE_S = 0x10000000
FIT_LAST_DATE_S = 2**32 - 2
#: The fields of the export's messages that hold a FIT time (date_time; the activity's local_timestamp is a
#: local_date_time).
TIME_FIELDS = ("timestamp", "time_created", "start_time", "local_timestamp")


def fit_utc_text(fit_time_s: int) -> str:
    """A FIT time (FIT epoch s, any integer) as ``2126-02-06 06:28:14 UTC``."""
    from garmin_fit_sdk import FIT_EPOCH_S

    return f"{pd.Timestamp(fit_time_s + FIT_EPOCH_S, unit='s', tz='UTC'):%Y-%m-%d %H:%M:%S} UTC"


def fit_dates_words() -> str:
    """The dates a FIT file holds, in words: ``1998-07-03 21:24:16 UTC to 2126-02-06 06:28:14 UTC``."""
    return f"{fit_utc_text(FIT_FIRST_DATE_S)} to {fit_utc_text(FIT_LAST_DATE_S)}"


def first_undated(messages: Sequence[Mapping[str, Any]]) -> tuple[str, str, int] | None:
    """The first time among ``messages``' TIME_FIELDS (FIT epoch s) that a FIT file cannot hold as a date
    (outside FIT_FIRST_DATE_S to FIT_LAST_DATE_S), as (its message's name in the FIT profile, the field, the
    time); None when every one can."""
    from garmin_fit_sdk.profile import Profile

    for m in messages:
        for name in TIME_FIELDS:
            value = m.get(name)
            if value is not None and not FIT_FIRST_DATE_S <= int(value) <= FIT_LAST_DATE_S:
                return Profile["messages"][m["mesg_num"]]["name"], name, int(value)
    return None


def check_fit_dates(messages: Sequence[Mapping[str, Any]], where: str | os.PathLike[str]) -> None:
    """UsageError naming ``where`` (the session) when a time the file would hold is no FIT date
    (:func:`first_undated`): an event after the last record, the end or the local time past 2126-02-06."""
    undated = first_undated(messages)
    if undated is not None:
        message, field, value = undated
        raise UsageError(f"{where}: the FIT activity would hold {fit_utc_text(value)} ({message} message, "
                         f"{field}), not a date a FIT file holds ({fit_dates_words()}); nothing written")
