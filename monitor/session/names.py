"""The names of a session directory's files (docs/session-format.md), and the longest label a directory's
name takes. Pure: names only.

A module of its own so that a writer that needs only the names (monitor.importers.moticon_stream) does
not load what reading a session takes (pandas).
"""

from __future__ import annotations

SESSION_JSON = "session.json"
RAW_LOG = "raw.swlog"
FRAMES_TABLE = "frames.parquet"
#: The detection parameters a live session ran with (every parameter, as a --params file holds them).
PARAMS_JSON = "params.json"
GAPS_TABLE = "gaps.csv"
#: An imported session's extra columns (COP, acceleration, ...) and the events its file carried.
EXTRAS_TABLE = "extras.parquet"
EVENTS_TABLE = "imported_events.csv"
#: The columns of EVENTS_TABLE: time (s), foot (left, right or empty), event, code, label.
EVENT_COLUMNS = ("t_s", "foot", "event", "code", "label")
#: The rider's normal a live session was judged against (monitor.session.riders).
BASELINE_JSON = "baseline.json"
#: The rider's declared setup (pedals, shoes) when the session was recorded (monitor.session.rider_setup).
SETUP_JSON = "setup.json"
#: What a session declares for studies: who rode, what changed since their previous session (docs/study.md).
STUDY_JSON = "study.json"

#: The longest file name when the system does not say its own (os.pathconf PC_NAME_MAX): NAME_MAX of Linux
#: (limits.h), the longest name of ext4, APFS and NTFS.
DEFAULT_NAME_MAX = 255
#: What monitor.session.writer.new_session_dir may add to a name already taken (``-2`` to ``-999``).
TAKEN_SUFFIX = "-999"
#: The longest label (characters): the longest a session directory's name holds where a name takes
#: DEFAULT_NAME_MAX characters, less its start (``20261126T221858Z-``) and a taken name's suffix; 234. A
#: label is printed whole (``replay``'s first line, the report), whatever its name keeps of it (a-z, 0-9).
LONGEST_LABEL_CHARS = DEFAULT_NAME_MAX - len("20261126T221858Z-") - len(TAKEN_SUFFIX)


def label_length_words(label: str) -> str | None:
    """Why ``label`` is too long, for an error line (``is 4000 characters long, more than the 234 a
    session's label takes (...)``), or None when it is LONGEST_LABEL_CHARS or fewer."""
    if len(label) <= LONGEST_LABEL_CHARS:
        return None
    return (f"is {len(label)} characters long, more than the {LONGEST_LABEL_CHARS} a session's label takes (the "
            f"longest a session directory's name holds where a name takes {DEFAULT_NAME_MAX} characters)")
