"""The pedals a rider may declare (``--pedals``, a setup.json's ``pedals``, monitor.analyze's ``pedals``):
the one list of them and how the report says each. Pure, no I/O.

The command line's choices (monitor.cli.main), the setup files' check (monitor.session.riders) and the
advice's rules and words (monitor.analysis.suggestions, monitor.analysis.setup) all take them from here.
"""

from __future__ import annotations

#: Each kind of pedals a rider may declare, and its words in the report's ``setup:`` line. Toe clips and
#: straps, or flat pedals, carry no cleat: the advice says no cleat for them (monitor.analysis.suggestions).
PEDAL_WORDS: dict[str, str] = {"clipless": "clipless pedals", "toe-clips": "toe clips and straps",
                               "flat": "flat pedals"}
#: The kinds of pedals, in the order the command line lists them.
PEDALS: tuple[str, ...] = tuple(PEDAL_WORDS)
