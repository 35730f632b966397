"""The activity a session or its caller declares: its class in the pipeline's vocabulary (DECLARED_ACTIVITY,
monitor.signal.activity_words), which replaces every label of the recogniser, and the word it was declared
in, which the text and the report say. The caller's word is taken as ``--activity`` takes it (in any case,
monitor.signal.activity_words.spelt_activity), one it names none of refused with the ones it may have meant.
Pure."""

from __future__ import annotations

from monitor.errors import UsageError, quote_value
from monitor.signal.activity_words import DECLARED_ACTIVITY, meant_words, spelt_activity


def _given_word(given: object) -> object:
    """The caller's word as the vocabulary spells it ("Running" is running); anything else as it is."""
    return spelt_activity(given) if isinstance(given, str) else given


def declared_activity(session_activity: str | None, given: str | None = None) -> str | None:
    """The pipeline label of a declared activity: ``given`` (the caller's, ``monitor.analyze``'s
    ``declared_activity``, in any case) or else the session's, each a session vocabulary word
    (DECLARED_ACTIVITY) or a pipeline label; None when neither declares one (``"unknown"``: recognise it).
    A ``given`` word that is neither is a UsageError naming the argument and the words it may have meant
    (``declared_activity='run': unknown activity; did you mean running? (known: ...)``)."""
    word = _given_word(given)
    if word is not None and word != "unknown" and word not in DECLARED_ACTIVITY:
        known = sorted(DECLARED_ACTIVITY)
        raise UsageError(f"declared_activity={quote_value(given)}: unknown activity{meant_words(word, known)} (known: "
                         f"{', '.join(known)}, or unknown to recognise it)")
    return DECLARED_ACTIVITY.get(word or session_activity or "")


def declared_word(session_activity: str | None, given: str | None = None) -> str | None:
    """The declared activity as declared (``given`` as the vocabulary spells it, else the session's word),
    None when none is declared (declared_activity None): what the person said, which the detector's class
    may merge with another."""
    return (_given_word(given) or session_activity) if declared_activity(session_activity, given) else None
