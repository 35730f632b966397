"""The pedals a rider may declare (``--pedals``, a setup.json's ``pedals``, monitor.analyze's ``pedals``):
the one list of them, how the report says each, and the word that declares none. Pure, no I/O.

The command line's choices (monitor.cli.main), the setup files' check (monitor.session.rider_setup) and the
advice's rules and words (monitor.analysis.suggestions, monitor.analysis.setup) all take them from here.
"""

from __future__ import annotations

#: Each kind of pedals a rider may declare, and its words in the report's ``setup:`` line. Toe clips and
#: straps, or flat pedals, carry no cleat: the advice says no cleat for them (monitor.analysis.suggestions).
PEDAL_WORDS: dict[str, str] = {"clipless": "clipless pedals", "toe-clips": "toe clips and straps",
                               "flat": "flat pedals"}
#: The kinds of pedals, in the order the command line lists them.
PEDALS: tuple[str, ...] = tuple(PEDAL_WORDS)
#: The word ``--pedals`` (and monitor.analyze's ``pedals``) takes to declare no pedals, as ``--shoes ""`` declares
#: no shoes: the session keeps none (setup.json's ``null``) and a recording forgets the remembered pedals of its
#: kind. It is not a kind of pedals: what is kept and advised for is pedals not declared, whose advice allows a
#: cleat (monitor.analysis.tips.CLEATED); ``flat`` or ``toe-clips`` say there is none.
NO_PEDALS = "none"
#: What ``--pedals`` takes: a kind of pedals, or NO_PEDALS.
PEDAL_CHOICES: tuple[str, ...] = (*PEDALS, NO_PEDALS)


def kept_pedals(pedals: str | None) -> str | None:
    """The pedals a session keeps for ``pedals`` as declared (``--pedals``, monitor.analyze's ``pedals``, a
    setup remembered): None (setup.json's ``null``, none declared) for NO_PEDALS, else ``pedals`` as given (one
    of PEDALS, or None: not said). The one place ``--pedals none`` becomes none, for the advice
    (monitor.analysis.setup.given_setup) and the setup remembered (monitor.session.rider_setup.remember_setup)."""
    return None if pedals == NO_PEDALS else pedals
