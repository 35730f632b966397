"""The two setups of a comparison (monitor.analysis.compare) and what changed between them, in words. Pure.

A rider who moved a cleat between two rides and asks "did it help?" reads the change beside the numbers: each
session's declared pedals and shoes (Setup, ``SessionFacts.setup``: its setup.json, or what was declared for
it) and, where they differ, which changed and from what to what.
"""

from __future__ import annotations

from monitor.analysis.setup import Setup
from monitor.signal.pedals import PEDAL_WORDS

#: Each part of a setup compared, its name in the words and how its value is said.
_PARTS = (("pedals", lambda v: PEDAL_WORDS.get(v, v)), ("shoes", lambda v: f'"{v}"'))

#: What a side that declared nothing, or a part declared on one side only, is said to allow.
_UNTOLD = "so no change can be told"


def setup_text(comparison) -> str:
    """The setups of ``comparison`` (a monitor.analysis.compare.Comparison) in one or more sentences, each
    said as analyze says it (Setup.words with the session's activities: pedals on foot said not to apply):
    "Setup before: clipless pedals; shoes: road shoes, cleats neutral. After: ...; shoes: road shoes, cleats
    5 mm back. Changed: the shoes, from "..." to "..."."; "Setup, the same in both sessions: ..."; "Setup: none
    declared for either session."; where one session declared nothing, "After: none declared, so no change can
    be told." (never a change: the rider may have changed nothing); a part declared on one side only, "Declared
    after only, so no change can be told: the shoes."."""
    before: Setup = comparison.before.setup
    after: Setup = comparison.after.setup
    words = (before.words(comparison.before.setup_activities), after.words(comparison.after.setup_activities))
    if not any(words):
        return "Setup: none declared for either session."
    if not all(words):
        return (f"Setup before: {words[0] or 'none declared, ' + _UNTOLD}. "
                f"After: {words[1] or 'none declared, ' + _UNTOLD}.")
    values = [(name, said, getattr(before, name), getattr(after, name)) for name, said in _PARTS]
    changed = [f"the {name}, from {said(b)} to {said(a)}" for name, said, b, a in values if b and a and b != a]
    one_side = {when: [f"the {name}" for name, _, b, a in values if (b, a)[i] and not (b, a)[1 - i]]
                for i, when in enumerate(("before", "after"))}
    if not changed and not any(one_side.values()) and words[0] == words[1]:
        return f"Setup, the same in both sessions: {words[0]}."
    text = f"Setup before: {words[0]}. After: {words[1]}."
    text += f" Changed: {'; '.join(changed)}." if changed else ""
    return text + "".join(f" Declared {when} only, {_UNTOLD}: {' and '.join(names)}."
                          for when, names in one_side.items() if names)
