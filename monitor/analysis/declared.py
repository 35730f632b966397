"""The activity a session or its caller declares: its class in the pipeline's vocabulary (DECLARED_ACTIVITY,
monitor.signal.activity_words), which replaces every label of the recogniser, and the word it was declared
in, which the text and the report say. Pure."""

from __future__ import annotations

from monitor.errors import UsageError
from monitor.signal.activity_words import DECLARED_ACTIVITY


def declared_activity(session_activity: str | None, given: str | None = None) -> str | None:
    """The pipeline label of a declared activity: ``given`` (the caller's) or else the session's, each a
    session vocabulary word (DECLARED_ACTIVITY) or a pipeline label; None when neither declares one
    (``"unknown"``: recognise it). A ``given`` word that is neither is a UsageError naming it."""
    if given is not None and given != "unknown" and given not in DECLARED_ACTIVITY:
        raise UsageError(f"unknown activity {given!r} (known: {', '.join(sorted(DECLARED_ACTIVITY))}, "
                         "or unknown to recognise it)")
    return DECLARED_ACTIVITY.get(given or session_activity or "")


def declared_word(session_activity: str | None, given: str | None = None) -> str | None:
    """The declared activity as declared (``given``, else the session's word), None when none is declared
    (declared_activity None): what the person said, which the detector's class may merge with another."""
    return (given or session_activity) if declared_activity(session_activity, given) else None
