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


def _change(name: str, before: str | None, after: str | None, said) -> str:
    """One part that changed: "the pedals, from toe clips and straps to clipless pedals"."""
    if before and after:
        return f"the {name}, from {said(before)} to {said(after)}"
    return f"the {name}, declared {'after' if after else 'before'} only"


def setup_text(comparison) -> str:
    """The setups of ``comparison`` (a monitor.analysis.compare.Comparison) in one or more sentences: "Setup
    before: clipless pedals; shoes: road shoes, cleats neutral. After: ...; shoes: road shoes, cleats 5 mm back.
    Changed: the shoes, from "..." to "..."."; "Setup, the same in both sessions: ..."; "Setup: none declared for
    either session."."""
    before: Setup = comparison.before.setup
    after: Setup = comparison.after.setup
    words = (before.words(), after.words())
    if not any(words):
        return "Setup: none declared for either session."
    changed = [_change(name, getattr(before, name), getattr(after, name), said) for name, said in _PARTS
               if getattr(before, name) != getattr(after, name)]
    if not changed:
        return f"Setup, the same in both sessions: {words[0]}."
    return (f"Setup before: {words[0] or 'none declared'}. After: {words[1] or 'none declared'}. "
            f"Changed: {'; '.join(changed)}.")
