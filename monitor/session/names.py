"""The names of a session directory's files (docs/session-format.md). Pure: names only.

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
#: The rider's declared setup (pedals, shoes) when the session was recorded (monitor.session.riders).
SETUP_JSON = "setup.json"
#: What a session declares for studies: who rode, what changed since their previous session (docs/study.md).
STUDY_JSON = "study.json"
