"""What both live views say alike, decided once: the terminal's (monitor.cli.console_live) and the phone's
(monitor.live.web.state).

* :func:`now_and_after`: for an event, the one thing to do now and the fix to make afterwards (a warning
  or an alert asks for relief now, in the words it carries (``Alert.relief``), its first suggestion is for
  once off the bike or the run; a notice asks for nothing now, its first suggestion for after); for no data
  and data back, what happened to the insole (:func:`no_data_words`, :func:`silence_words`; a replay's foot
  whose frames the raw log lost, :func:`lost_data_words`). The terminal's banner, its lines under the banner and its
  one-line events say these words, as the phone's banner does;
* :func:`mark_todo_words`, :func:`mark_words`: after a rider's numb mark, what to do at once and when to see a
  clinician, one rule for the terminal's line of the mark and the phone's (its mark's ``todo`` and its
  ``referral``): the mark's own words, from the activity the analysis knew for its foot; a mark without its
  own is worded for the session's declared pedals the view carries (:func:`view_pedals`);
* ``LEVEL_WORDS``, ``EVENT_WORDS``: the words of a level and of the other events in both views' titles
  ("WARNING left foot ...", "NO DATA left foot");
* ``NOT_MEASURED``, ``NOT_MEASURED_WORDS``: the mark and the words of a number the insole cannot measure
  (no sensor there), unlike "-", no data;
* :func:`region_band`: the colour band of a region's cell, chosen from the numbers as shown (whole kPa,
  times the normal to two decimals), so a cell never reads 1.15 in two colours. An uncalibrated insole's
  cells (nominal units, not kPa: monitor.util.pressure_units) have no ``unloaded`` band: its threshold is
  in kPa, and a count at a nominal scale compared with it says nothing true; they are ``nominal`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from monitor.analysis.alert_todo import now_after, relief_now, todo_text
from monitor.analysis.alerts import Alert
from monitor.analysis.marks import mark_says
from monitor.analysis.referrals import REFERRAL_HEAD, referrals
from monitor.live.view import finite_or_none, relative_band
from monitor.session.lost_words import lost_foot_words

#: Below this a region carries no load worth a colour: an unweighted or clipped-in upstroke foot reads 2-8
#: kPa on the simulator (guesses: ~2 kPa at rest, an 8 kPa upstroke floor, firmware_sim/model.py; domain.md
#: section 1 says only that a clipped-in forefoot is never fully unloaded); 20 kPa (guess) is clear of it.
LOADED_KPA = 20.0
#: Decimals of a load times the rider's normal as the views give it (the phone's state: 1.15).
RELATIVE_DECIMALS = 2
#: A level's word in both views' badges and titles.
LEVEL_WORDS = {"none": "OK", "notice": "NOTICE", "warning": "WARNING", "alert": "ALERT"}
#: The title word of each event kind that is not an alert, in both views ("NO DATA left foot").
EVENT_WORDS = {"data_stale": "NO DATA", "back_to_normal": "BACK TO NORMAL", "data_back": "DATA BACK"}
#: Both views' mark where a foot's insole cannot measure a number whatever the data (no sensor there:
#: monitor.live.view.FootView ``share_measured``, ``unmeasured``), unlike "-", no data now; and its key's words.
NOT_MEASURED = "n/m"
NOT_MEASURED_WORDS = "not measured with this insole"


def no_data_words(feet: Sequence[str]) -> str:
    """What to do for feet whose insoles send nothing: "Check the left insole: its load is unknown" (two
    feet: "Check the left and right insoles: their load is unknown")."""
    named = " and ".join(str(f) for f in feet)
    names = f"{named} " if named else ""  # none named: "Check the insoles"
    if len(feet) != 1:
        return f"Check the {names}insoles: their load is unknown"
    return f"Check the {names}insole: its load is unknown"


def lost_data_words(foot: str, frames: int) -> str:
    """What a replay says for a foot whose frames its raw log lost (``frames``: those its close counted,
    ReplaySource.lost) where it would say to check the insole: "The right foot's data were lost from the raw
    log, which kept none of the 6,000 frames received: its load is unknown" (the insole sent them)."""
    words = lost_foot_words(foot, frames)
    return f"{words[:1].upper()}{words[1:]}: its load is unknown"


def silence_words(alert: Alert) -> str:
    """How long a data-back event's foot was silent, from its last frame before to its first after (not its
    link's time down, which the link's notice says): "after 15.0 s without data"."""
    silent = finite_or_none(alert.silent_s)
    return f"after {silent:.1f} s without data" if silent is not None else "after a silence"


def now_and_after(alert: Alert, activity: str = "unknown") -> tuple[str, str | None]:
    """``(now, after)`` for an event of ``alert.foot``.

    A warning or an alert asks for relief now: its own ``relief``, worded by the alert policy in the activity it
    judged the alert in ("Unweight the foot 20-60 s" on a bike, "Take the weight off the foot 20-60 s" not known,
    "Take a 20-60 s break" on foot, "Slow down, step off for 20-60 s" on a gym machine:
    monitor.analysis.alert_todo.relief_now), so live, its replay and
    the phone say it alike whatever activity each knows; only an alert without one (made elsewhere) is worded for
    ``activity``, alike. After is its first suggestion that is no relief (monitor.analysis.alert_todo.first_fix;
    None without one). A notice is an early sign: nothing is urgent (monitor.analysis.alert_todo.NOTICE_NOW), and
    its first suggestion is for after, as the views' key says ("its fix is for after the ride"); a notice whose
    first suggestion is relief (no relief for a long time) asks for it now. The alert's message says them alike
    (monitor.analysis.alert_todo.now_after). The other events have nothing for after: no data says to check the
    insole (:func:`no_data_words`), back to normal that the foot is assessed none again ("Assessed none again: the
    left foot's pattern has ended"), data back how long it was silent ("The left insole sends again after 15.0 s
    without data: its load is watched again")."""
    foot = str(alert.foot)
    if alert.kind == "data_stale":
        return no_data_words((foot,)), None
    if alert.kind == "back_to_normal":
        return f"Assessed none again: the {foot} foot's pattern has ended", None
    if alert.kind == "data_back":
        return f"The {foot} insole sends again {silence_words(alert)}: its load is watched again", None
    now, after = now_after(alert.level, alert.suggestions, alert.suggestion_keys,
                           alert.relief or relief_now(activity))  # as the alert's message says them
    return now or alert.message or f"Unload the {foot} forefoot", after


def todo_words(alert: Alert, activity: str = "unknown") -> str:
    """Now and after in one line, as the terminal says them: "Unweight the foot 20-60 s. After: Move the left
    cleat back 2-10 mm" (:func:`now_and_after`)."""
    return todo_text(*now_and_after(alert, activity))


def mark_todo_words(alert: Alert, activity: str = "unknown", pedals: str | None = None) -> str:
    """What a rider who marked a foot numb (kind ``rider_mark``) does now, then when to see a clinician, as the
    terminal says them: the mark's own ``relief`` (monitor.analysis.marks.mark_says: the relief and the referral
    the phone view gives after a mark, domain.md section 6's last row [18][36], in the activity the analysis
    knew, so a replay says what live said); for a mark made without one, in ``activity``'s words and for the
    declared ``pedals`` (None: not declared), as a mark's own are: "Unweight the foot 20-60 s; loosen the left
    shoe's strap or dial. If numbness persists after the ride ends, see a clinician; ...", on toe clips "...;
    loosen the toe strap on the left foot. ..."."""
    return alert.relief or mark_says(str(alert.foot), activity, pedals=pedals)


def view_pedals(view: Any) -> str | None:
    """The session's declared pedals a view carries (LiveView.pedals), which the words of a mark without its own
    follow in both views (:func:`mark_words`); None: not declared, or a view that carries none."""
    pedals = getattr(view, "pedals", None)
    return pedals if isinstance(pedals, str) else None


def mark_words(alert: Alert, activity: str = "unknown", pedals: str | None = None) -> tuple[str, str]:
    """``(now, referral)`` of a rider's numb mark: :func:`mark_todo_words` told apart at its referral, so the
    phone says what the terminal's line says, by the same rule ("Take a 20-60 s break; loosen the left shoe's
    forefoot laces", "If numbness persists after the run ends, see a clinician; ..."); ``pedals``: the declared
    pedals of a mark made without its own words (:func:`mark_todo_words`)."""
    said = mark_todo_words(alert, activity, pedals)
    now, sep, referral = said.partition(f". {REFERRAL_HEAD}")
    if not sep:  # words made elsewhere, without the referral: the referral in ``activity``'s words
        return said.rstrip("."), referrals([activity])[0]
    return now, f"{REFERRAL_HEAD}{referral}"


def shown_kpa(kpa: Any) -> int | None:
    """A region's peak as the views show it: whole kPa, a negative (tare residue) as 0; None without data."""
    v = finite_or_none(kpa)
    return None if v is None else max(round(v), 0)


def shown_relative(relative: Any) -> float | None:
    """A load times the normal as the views give it, to RELATIVE_DECIMALS; None without one."""
    v = finite_or_none(relative)
    return None if v is None else round(v, RELATIVE_DECIMALS)


#: The band of a cell of an uncalibrated insole that has no band of times its normal: its number is nominal
#: units, which LOADED_KPA (kPa) cannot call loaded or unloaded.
NOMINAL_BAND = "nominal"


def region_band(kpa: Any, relative: Any = None, calibrated: bool = True) -> str | None:
    """A cell's band from its numbers as shown: None without data; ``unloaded`` under LOADED_KPA; a forefoot
    region's band of times its normal (monitor.live.view.RELATIVE_BANDS); ``loaded`` for another region.
    ``calibrated`` False (the foot's insole sends nominal units, not kPa): no ``unloaded`` band, and
    NOMINAL_BAND where the band of times its normal is none (a ratio of its own numbers holds in any unit)."""
    shown = shown_kpa(kpa)
    if shown is None:
        return None
    if not calibrated:
        return relative_band(shown_relative(relative)) or NOMINAL_BAND
    if shown < LOADED_KPA:
        return "unloaded"
    return relative_band(shown_relative(relative)) or "loaded"
