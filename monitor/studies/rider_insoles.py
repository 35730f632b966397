"""How many insoles each rider's sessions of a study were recorded on: a caveat column of the sessions table.

Insoles do not read alike (small discrete transducers read about twice what a pedar grid does), so a rider
is compared within one device (domain.md [2][3] W), and a rider's normal is kept per insole kind
(docs/detection.md). A study takes whatever sessions it is given, so each row says how many insoles its
rider's sessions span (``n_rider_insoles``, docs/study.md): above 1, comparing that rider's sessions (a
trend, a before/after pair) compares the insoles as much as the rides. Pure: a DataFrame in, a Series out.
"""

from __future__ import annotations

import pandas as pd

#: The sessions table's column this module fills, placed after ``layout``.
COLUMN = "n_rider_insoles"
#: The columns that together tell one insole from another: the kind (``import:population`` for every
#: generated layout) and the layout's words (its sensor count and the regions it cannot resolve).
INSOLE_COLUMNS = ("device_kind", "layout")


def rider_insoles(sessions: pd.DataFrame) -> pd.Series:
    """For each row of ``sessions`` (one per session and foot: ``source``, ``rider``, ``device_kind``,
    ``layout``), the number of distinct insoles (``device_kind`` and ``layout`` together) among all the rows
    of its rider, as int64 on the same index. A row with no rider (``""``) is no rider's: its insoles are its
    own session's (its ``source``) alone."""
    # "" -> the session itself; a rider's name holds no control character (docs/study.md), so none is "\0..."
    who = sessions["rider"].where(sessions["rider"] != "", "\0" + sessions["source"])
    insole = sessions[list(INSOLE_COLUMNS)].astype(str).agg("\0".join, axis=1)
    return insole.groupby(who).transform("nunique").astype("int64").rename(COLUMN)


def with_rider_insoles(sessions: pd.DataFrame) -> pd.DataFrame:
    """``sessions`` with :data:`COLUMN` inserted after ``layout`` (a copy)."""
    out = sessions.copy()
    counts = rider_insoles(out) if len(out) else pd.Series([], dtype="int64")
    out.insert(out.columns.get_loc("layout") + 1, COLUMN, counts)
    return out


def riders_on_several_insoles(sessions: pd.DataFrame) -> list[str]:
    """The riders (sorted names) of ``sessions`` (the sessions table, with :data:`COLUMN`) whose sessions span
    more than one insole: :data:`COLUMN` above 1. A row with no rider (``""``) is no rider's and names none."""
    if COLUMN not in sessions.columns or not len(sessions):
        return []
    several = sessions[(sessions[COLUMN] > 1) & (sessions["rider"] != "")]
    return sorted(several["rider"].astype(str).unique())
