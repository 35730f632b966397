"""How a live session's alerts reach the rider where an insole cannot buzz: said once, at its start. Pure.

An insole with no vibration motor (SensorLayout.has_haptic false: ORPHE INSOLE, docs/devices.md) takes no
haptic pulse, so its rider hears of an alert only by the terminal, the phone page (``--web``) and a sound
(none with ``--no-sound`` or with no player installed, monitor.live.delivery.find_player).
"""

from __future__ import annotations

from collections.abc import Mapping

from monitor.codebook import SensorLayout
from monitor.session.insole_kinds import KIND_WORDS


def no_motor_line(layouts: Mapping[str, SensorLayout], *, sound: bool, phone: bool, why_silent: str = "") -> str:
    """The start line of a session whose insoles (``layouts``, per foot connected) have no motor: "ORPHE
    insoles have no motor: alerts show on screen and sound."; one foot's insole named where the other has
    one. ``sound``: a sound plays with alerts; ``phone``: the phone page shows them; ``why_silent``: why no
    sound plays (said after "only"). "" where every insole has a motor."""
    without = [foot for foot, lay in layouts.items() if not lay.has_haptic]
    if not without:
        return ""
    if len(without) == len(layouts):
        kinds = {layouts[f].insole for f in without}
        who = KIND_WORDS.get(kinds.pop() or "", "These insoles") if len(kinds) == 1 else "These insoles"
        who += " have"
        where = "alerts show"
    else:
        who = f"The {without[0]} insole has"
        where = f"the {without[0]} foot's alerts show"
    shown = "on screen and on the phone page" if phone else "on screen"
    if sound:
        return f"{who} no motor: {where} {shown}{', and sound' if phone else ' and sound'}."
    return f"{who} no motor: {where} {shown} only{f' (no sound: {why_silent})' if why_silent else ''}."
