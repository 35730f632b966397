"""What a rider's setup may hold, declared now or remembered: the checks of monitor.session.rider_setup's
``remember_setup`` (and monitor.analyze's), each failure one error naming what was wrong. Pure: reads no
file.

A setup is ``{"pedals", "shoes"}`` (pedals one of monitor.signal.pedals.PEDALS, shoes free text; None for
either: not said; declared now, pedals may be NO_PEDALS, "none", which declares none and is kept as None);
the remembered file adds ``"on_foot": {"shoes"}``, the setup declared for sessions on foot
(docs/session-format.md).
"""

from __future__ import annotations

from monitor.errors import UsageError, quote, quote_value
from monitor.signal.pedals import NO_PEDALS, PEDAL_CHOICES, PEDALS
from monitor.util.arguments import kind_of
from monitor.util.plain_text import control_words, spelt_out

#: The setup declared for sessions on foot (``--activity`` running, walking, a stepping machine), kept apart
#: in the remembered file so that a run's shoes do not replace a bike's, nor a bike's pedals reach a run.
ON_FOOT_KEY = "on_foot"
SETUP_KEYS = ("pedals", "shoes")
#: The longest shoes a setup takes (characters; a guess): the shoes in a few words, as ``--shoes`` asks ("road
#: shoes, 43, Boa dial" is 24), with room for a make, a model, a size and a closure. The text is said on the
#: setup: line of every start, analyze and report, where a page of it would bury what they say.
LONGEST_SHOES_CHARS = 100


def shoes_length_words(text: str) -> str | None:
    """Why shoes ``text`` is too long, for an error line (``is 5000 characters long, more than the 100 a
    setup's shoes take (a guess: the shoes in a few words)``), or None when it is LONGEST_SHOES_CHARS or
    fewer."""
    if len(text) <= LONGEST_SHOES_CHARS:
        return None
    return (f"is {len(text)} characters long, more than the {LONGEST_SHOES_CHARS} a setup's shoes take (a guess: "
            "the shoes in a few words)")


def shoes_as_read(text: str | None, where: str) -> tuple[str | None, str]:
    """Shoes a setup file holds (written before ``--shoes`` refused control characters and long text, or by
    hand) as they are read, and the note of a cut ("" when none; ``where``: the file and key it names):
    control characters spelt out (``\\t``), then a text longer than LONGEST_SHOES_CHARS cut to its first
    LONGEST_SHOES_CHARS - 3 characters and ``...``, so that a session takes it as it takes shoes declared
    now. None stays None."""
    if text is None:
        return None, ""
    spelt = spelt_out(text)
    too_long = shoes_length_words(spelt)
    if not too_long:
        return spelt, ""
    kept = LONGEST_SHOES_CHARS - 3
    return spelt[:kept] + "...", f"{where} {too_long}: read cut to its first {kept} characters and '...'"


def check_declared(setup: dict[str, str | None]) -> None:
    """A setup declared now (``{"pedals", "shoes"}``), as the command line takes it: UsageError for pedals
    not one of PEDALS nor NO_PEDALS ("none": declares none, as ``--pedals none``), for shoes longer than
    LONGEST_SHOES_CHARS and for shoes holding a control character (monitor.util.plain_text: printed back, it
    would act on the terminal), TypeError for shoes that are not text; None is "not said" for either. The
    text is quoted cut (monitor.errors.quote), the control character's place said, as
    monitor.cli.argtypes.shoes_text says them."""
    if not isinstance(setup, dict):
        raise TypeError(f"setup takes a dict of pedals and shoes, not {kind_of(setup)}")
    pedals, shoes = setup.get("pedals"), setup.get("shoes")
    if pedals is not None and pedals not in PEDAL_CHOICES:
        raise UsageError(f"pedals {quote(pedals)}: one of {', '.join(PEDAL_CHOICES)} ({NO_PEDALS}: declares none; "
                         "None: not said)")
    if shoes is not None and not isinstance(shoes, str):
        raise TypeError(f"shoes takes text (e.g. 'road shoes, 43, Boa dial') or None, not {kind_of(shoes)}")
    if shoes and shoes_length_words(shoes):
        raise UsageError(f"shoes {quote(shoes)} {shoes_length_words(shoes)}")
    if shoes and control_words(shoes):
        raise UsageError(f"shoes {quote(shoes)} {control_words(shoes, place=True)}")


def check_memory(memory: object) -> None:
    """A remembered file as monitor.session.rider_setup.remembered_setups reads it, given to its ``remember_setup``
    from Python (``memory``):
    TypeError naming the key for a value of another type (``memory`` not a dict, pedals or shoes not text
    or None, ``on_foot`` not a dict), ValueError naming the key for one no reading gives (a key other than
    pedals, shoes and on_foot, pedals not one of PEDALS, shoes holding a control character or longer than
    LONGEST_SHOES_CHARS (a reading gives them cut), ``on_foot``
    holding more than shoes): what a wrong one would otherwise be is a traceback from within, or a file
    that every later reading refuses. A key is quoted cut (monitor.errors.quote_value), as a value is."""
    if not isinstance(memory, dict):
        raise TypeError(f"memory takes a dict as remembered_setups gives it (pedals, shoes, {ON_FOOT_KEY}), "
                        f"not {kind_of(memory)}")
    allowed = (*SETUP_KEYS, ON_FOOT_KEY)
    unknown = [k for k in memory if k not in allowed]
    if unknown:
        raise ValueError(f"memory: unknown key {quote_value(unknown[0])} (allowed: {', '.join(allowed)})")
    _check_remembered("memory['pedals']", memory.get("pedals"), PEDALS)
    _check_remembered("memory['shoes']", memory.get("shoes"))
    foot = memory.get(ON_FOOT_KEY)
    if foot is None:
        return
    if not isinstance(foot, dict):
        raise TypeError(f"memory[{ON_FOOT_KEY!r}] takes a dict of shoes (text or None), not {kind_of(foot)}")
    other = [k for k in foot if k != "shoes"]
    if other:
        raise ValueError(f"memory[{ON_FOOT_KEY!r}]: unknown key {quote_value(other[0])} (allowed: shoes; no pedals "
                         "on foot)")
    _check_remembered(f"memory[{ON_FOOT_KEY!r}]['shoes']", foot.get("shoes"))


def _check_remembered(key: str, value: object, choices: tuple[str, ...] = ()) -> None:
    """A remembered pedals (``choices``: PEDALS) or shoes at ``key``: text or None, one of ``choices`` when
    given, at most LONGEST_SHOES_CHARS long, without a control character (TypeError, ValueError naming
    ``key``, the text quoted cut: monitor.errors.quote)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise TypeError(f"{key} takes text or None, not {kind_of(value)}")
    if choices and value not in choices:
        raise ValueError(f"{key} {quote(value)}: one of {', '.join(choices)} (None: not said)")
    if shoes_length_words(value):
        raise ValueError(f"{key} {quote(value)} {shoes_length_words(value)}")
    if control_words(value):
        raise ValueError(f"{key} {quote(value)} {control_words(value, place=True)}")
