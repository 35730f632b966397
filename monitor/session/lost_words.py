"""The words of a foot's frames a rebuilt raw log lost though the session's close counted them
(monitor.session.log_counted.feet_lost): what a reader of the analysis should know of them
(:func:`feet_lost_words`), and what every view says of such a foot where it would say of an insole that sent
none "the right foot sent no data" (:func:`lost_foot_words`). Pure: the counts in, the words out."""

from __future__ import annotations

from collections.abc import Mapping


def feet_lost_words(lost: Mapping[str, int]) -> str:
    """What a reader of the analysis should know of the feet a rebuilt raw log holds no frame of though the
    close counted some (``lost``: foot -> frames counted, monitor.session.log_counted.feet_lost): ``the raw log
    holds no frame of the right foot, though session.json counts 6,000 frames received from it
    (stats.counters.right): the log lost them, so that foot's data are missing, not an insole that sent none``;
    "" for none."""
    return "; ".join(f"the raw log holds no frame of the {foot} foot, though session.json counts {n:,} frames "
                     f"received from it (stats.counters.{foot}): the log lost them, so that foot's data are "
                     "missing, not an insole that sent none" for foot, n in lost.items())


def lost_foot_words(foot: str, frames: int) -> str:
    """What every view says of a foot whose frames a rebuilt raw log lost (monitor.session.log_counted.feet_lost,
    ``frames`` the count its close counted) where it would say of an insole that sent none "the right foot sent
    no data": ``the right foot's data were lost from the raw log, which kept none of the 6,000 frames received``.
    No brackets: views put the words in theirs ("not analysed in the after session (...)")."""
    return f"the {foot} foot's data were lost from the raw log, which kept none of the {frames:,} frames received"
