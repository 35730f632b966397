"""What the phone view shows, as the JSON its page draws: a :class:`monitor.live.view.LiveView` made plain.

Pure (no I/O, no web stack): the server (monitor.live.web.server) sends :func:`page_state` of every view
to each page; tests call it on views built by hand. Numbers are rounded for the screen, but for the session
times the page says as clocks (the page rounds them to the second, as the terminal does); a value not known is
``null`` (NaN never reaches the page as a number).

The message (docs/phone-view.md, "The page's messages"), ``{"type": "state", ...}``:

* ``session_s``, ``duration_s``, ``label``, ``alerts`` (alerts so far), ``recording``, ``recording_error``
  and ``recording_stopped_s`` (the session time the recording was seen stopped, null while it runs);
* ``banner``: the standing event (the banner of the terminal view, for the same event), or null:
  ``kind``, ``level``, ``foot``, ``t_s``, ``title`` ("WARNING left foot MTH2-3 focal peak"), ``todo``
  (the one thing to do now, in plain words: relief for a warning or an alert, nothing urgent for a notice)
  and ``fix`` (what to change afterwards, the alert's first suggestion; null for the other events), and
  ``late``: how late it was issued, where the terminal's line of it says so ("issued 82 s late",
  monitor.live.analysis_lag.late_words; LiveView.late), else null;
* ``others``: the other feet's standing events, ranked under the banner's (monitor.live.view.LiveView.others),
  each as ``banner`` gives it, so what to do for them is said too (the page shows them under the banner);
* ``level``: the highest level of the two feet and the banner (``none`` ... ``alert``); ``todo``: the one
  thing to do now (the banner's, else an all-clear in the activity's words);
* ``feet``: per foot ``connected``, ``lost``, ``level``, ``what`` (pattern and region in words), ``hot``
  (the region the level is about, else null), ``activity`` (as declared: "elliptical", not the detector's
  "elliptical or stair climber": monitor.live.view.activity_words), ``cadence`` (in its activity's unit,
  monitor.live.view.cadence_words: "88 rpm", "172 steps/min", "140 strokes/min" on an elliptical, or null),
  ``relief_s`` (since the last relief, on a bike, a machine or not known: null on a run or a walk; time with
  data), ``relief_data_only`` (true where that clock left out a hole in the data since the relief,
  FootView.relief_hole_s beyond monitor.live.view_clock.RELIEF_HOLE_S: the page says "4:54 of data since
  relief", not "relief 4:54 ago"),
  ``battery_pct``, ``battery_level`` (an insole that reports a level, no percentage: "low", "normal", "high";
  else null), ``battery_low``, ``link``
  (``ok``; ``down`` while its link is down, or its data are away from the Moticon stream; ``lost`` once declared
  lost), ``link_text`` (the page's line of it in the words of the insoles' transport,
  monitor.link.transport_words: "link DOWN, 3 lost" of a BLE insole, "stream: no data, 3 lost on the network" of
  the Moticon stream), ``packets_per_s``, ``lost_packets``, ``gaps``, ``reconnects``, and ``regions``: per
  analysis region ``kpa`` (recent peak; both heel or midfoot regions that of an insole's one sensor there:
  monitor.signal.coarse_regions; nominal units, not kPa, from an uncalibrated insole: docs/devices.md), ``rel``
  (times the rider's normal to two decimals, the metatarsal heads only: null for the hallux, which has no
  normal), ``band`` (of the ``kpa`` and ``rel`` sent,
  monitor.live.shown.region_band: monitor.live.view.RELATIVE_BANDS for the forefoot regions; ``loaded`` for
  the others; ``unloaded`` under 20 kPa; ``nominal`` in place of ``unloaded`` and ``loaded`` on an
  uncalibrated insole, FootView.calibrated false, whose nominal units no kPa threshold can call unloaded;
  null without data, and for a foot down, stale or lost, whose last
  numbers are from before: its ``cadence`` and ``relief_s`` are null too, and a lost foot's ``what`` and
  ``hot`` empty; monitor.live.view.FootView) and ``measured`` (false where the insole has no sensor for the
  region, nor one standing in: ORPHE INSOLE's midfoot; the page marks it ``n/m``, not "-", no data);
  ``unit``, the foot's own unit of its ``kpa`` numbers (``kPa``, or ``units``), and ``unit_note``, the line
  the page writes under an uncalibrated foot (NOMINAL_NOTE; else null); and ``not_measured``: the line the
  page writes under a foot with such a region ("n/m: not measured with this insole", the terminal's key
  line: monitor.live.shown.NOT_MEASURED), else null; the page shows a lost foot's
  badge as LOST, not its level, and the page's level as NO DATA, not OK, while a foot has no data;
* ``marks``: the rider's latest "numb now" marks, ``[{"foot", "t_s", "todo", "no_data", "late"}]``: ``todo``
  what to do at once (the relief and the loosening, domain.md section 6 [16][17][38]), ``no_data`` where the
  foot had sent no data then, the words the terminal's line of the mark says of it ("the foot had sent no data
  since the start (its load then unknown)": monitor.analysis.marks.mark_no_data; else null), ``late`` as a
  banner's; ``referral``:
  once there is one, when numbness needs a clinician (domain.md section 6's last row [18][36], the first of
  monitor.analysis.suggestions.referrals), the latest mark's, else null. Both are the words the terminal's
  line of the mark says, by one rule (monitor.live.shown.mark_words: the mark's own, in the activity the
  analysis knew for its foot, else the view's for it and the session's declared pedals, LiveView.pedals);
* ``disclaimer``: that Solewatch is not a medical device (monitor.analysis.suggestions.NOT_A_MEDICAL_DEVICE,
  analyze's last line; the static page holds the same words before the first state);
* ``unit``: the unit of the regions' ``kpa`` numbers where a foot says none: ``kPa``, or ``units`` where an
  insole is uncalibrated (LiveView.calibrated false: nominal units, not kPa); the page writes each foot's own;
* ``behind``: null while the analysis keeps up with the session's time; else its line, "analysis 87 s
  behind: relief clocks count to the analysed data", and ``behind_s`` how far (s; LiveView.analysis_behind_s,
  beyond monitor.live.analysis_lag.BEHIND_BOUND_S, a guess; null while it keeps up): the page's badge that
  says "live" says "87 s behind" instead; each foot's ``relief_s`` counts to its analysed data, not to
  ``session_s``, behind or not.

Once the recording has ended, while the session is being finished, every state carries ``"ending": true`` and
``"recording": false``. The server adds ``"ended": true`` (and ``"recording": false``) to the last state it
sends, when the session ends, and what its summary says (:func:`ended_fields`): ``recorded_s`` (the session's
saved duration, session.json's ``duration_s``, the summary's "Session: 12:01"), ``found`` (the summary's lines of
what was found: monitor.live.summary.found_lines), ``referrals`` (the summary's lines of when to see a
clinician: monitor.live.summary.summary_referrals) and
``found_levels`` (every foot of the session, the highest level of the alerts it was given over it: ``none``
... ``alert``; ``no_data`` for a foot not analysed, which sent no data or none of a whole group of its sensors,
where nothing could be found: the page's badge says NO DATA).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from monitor.analysis.alert_place import alert_place
from monitor.analysis.alerts import Alert
from monitor.analysis.declared import declared_activity
from monitor.analysis.marks import mark_no_data
from monitor.analysis.suggestions import NOT_A_MEDICAL_DEVICE, pattern_short
from monitor.codebook import ANALYSIS_REGIONS, FEET
from monitor.link.transport_words import RADIO, TransportWords
from monitor.live.analysis_lag import behind_words
from monitor.live.shown import (
    EVENT_WORDS,
    LEVEL_WORDS,
    NOT_MEASURED,
    NOT_MEASURED_WORDS,
    mark_words,
    now_and_after,
    region_band,
    shown_kpa,
    shown_relative,
    view_pedals,
)
from monitor.live.summary import LiveSummary, found_lines, summary_referrals
from monitor.live.summary_verdict import feet_analysed
from monitor.live.view import FootView, LiveView, activity_words, cadence_words, finite_or_none, relative_load
from monitor.live.view_clock import left_hole_out
from monitor.signal.activity_words import all_clear_words, shows_relief_clock
from monitor.signal.coarse_regions import region_value
from monitor.util.pressure_units import pressure_unit

LEVELS = ("none", "notice", "warning", "alert")
#: An ended page's found level of a foot not analysed (it sent no data, or a whole group of its sensors had
#: none): nothing could be found on it, so the page's badge says NO DATA, not OK (:func:`found_levels`).
NO_DATA = "no_data"
#: The line under a foot whose insole is uncalibrated: why none of its cells is the unloaded grey (the
#: threshold is kPa; its numbers are nominal units: monitor.live.shown.region_band).
NOMINAL_NOTE = f"{pressure_unit(calibrated=False)}, not kPa: no unloaded grey"


def _num(v: Any, digits: int = 0) -> float | int | None:
    f = finite_or_none(v)
    if f is None:
        return None
    return round(f) if digits == 0 else round(f, digits)


def _time(v: Any) -> float | None:
    """A session time the page says as a clock (s), unrounded: the page rounds it to the second as the
    terminal's fmt_clock rounds the same time, and a time rounded here first (11.46 to 11.5) could be said a
    second off there."""
    return finite_or_none(v)


def _region(foot: FootView, region: str) -> dict[str, Any]:
    """A region's recent peak (else that of the one sensor an insole has for its heel or midfoot:
    monitor.signal.coarse_regions), times the normal and band; none without data (a lost foot's view holds none:
    monitor.live.view.FootView). The band is the numbers' as sent (monitor.live.shown.region_band), the
    terminal's colour too. ``measured`` False: the insole has no sensor there (FootView.unmeasured)."""
    kpa = finite_or_none(region_value(foot.region_kpa, region)) if isinstance(foot.region_kpa, dict) else None
    rel = relative_load(foot, region) if kpa is not None else None
    return {"kpa": shown_kpa(kpa), "rel": shown_relative(rel), "band": region_band(kpa, rel, _calibrated(foot)),
            "measured": region not in foot.unmeasured}


def _calibrated(foot: FootView) -> bool:
    """Whether the foot's insole sends kPa (FootView.calibrated; False: nominal units)."""
    return getattr(foot, "calibrated", True) is not False


def _link(foot: FootView) -> str:
    if foot.lost:
        return "lost"
    return "ok" if foot.connected else "down"


def foot_state(foot: FootView, words: TransportWords = RADIO) -> dict[str, Any]:
    """One foot for the page, its link in ``words`` (the insoles' transport's); a lost foot's view holds no
    region, pattern or cadence (FootView), and the page says LOST for it."""
    level = foot.level if foot.level in LEVELS else "none"
    what = ""
    if level != "none":
        # a whole-forefoot pattern's region, only where its load is heaviest, is drawn hot in the foot: the
        # words, a phone's column wide, name its pattern alone
        what = " ".join(s for s in (alert_place(foot.pattern, foot.region).head(), pattern_short(foot.pattern)) if s)
    # a run or walk unloads the foot every step: a relief clock says nothing there
    on_bike = shows_relief_clock(foot.activity)
    return {
        "connected": bool(foot.connected), "lost": bool(foot.lost), "level": level, "what": what,
        "hot": foot.region if level != "none" else None,
        "activity": activity_words(foot),  # as declared ("elliptical"), else the detector's class
        "cadence": cadence_words(foot.declared_word or foot.activity, foot.cadence_per_min),
        "relief_s": _num(foot.time_since_relief_s) if on_bike else None,
        # the clock left a hole in the data out: "4:54 of data since relief", not "relief 4:54 ago"
        "relief_data_only": on_bike and left_hole_out(getattr(foot, "relief_hole_s", 0.0)),
        "battery_pct": foot.battery_pct, "battery_level": foot.battery_level, "battery_low": bool(foot.battery_low),
        "link": _link(foot), "link_text": words.link_line(_link(foot), int(foot.packets_lost)),
        "packets_per_s": _num(foot.packets_per_s),
        "lost_packets": int(foot.packets_lost), "gaps": int(foot.gaps), "reconnects": int(foot.reconnects),
        "regions": {r: _region(foot, r) for r in ANALYSIS_REGIONS},
        "unit": pressure_unit(calibrated=_calibrated(foot)),
        "unit_note": None if _calibrated(foot) else NOMINAL_NOTE,
        # the terminal's key line for it, under the foot where its insole has no sensor in some region
        "not_measured": f"{NOT_MEASURED}: {NOT_MEASURED_WORDS}" if foot.unmeasured else None,
    }


def banner(alert: Alert, activity: str = "unknown", late: str | None = None) -> dict[str, Any]:
    """The standing event as the page's banner: its words, the one thing to do now (``todo``) and, for a
    warning, an alert or a notice, the fix to make once off the bike or the run (``fix``, else null); how late
    it was issued (``late``: LiveView.late's words, else null).

    Now and after are the terminal's too (monitor.live.shown.now_and_after): a warning or an alert asks for
    relief now (the suggestion table's ``unweight``, in the activity's words); a notice is an early sign:
    nothing urgent now, its first suggestion for after."""
    foot = str(alert.foot)
    todo, fix = now_and_after(alert, activity)
    if alert.kind in EVENT_WORDS:
        title = f"{EVENT_WORDS[alert.kind]} {foot} foot"
    else:
        place = alert_place(alert.pattern, alert.region)
        # a whole-forefoot pattern's region is only where its load is heaviest: the title says the forefoot
        # and that region ("NOTICE left forefoot, heaviest MTH1"), the foot's caption its pattern (a 360x640
        # phone's banner holds no more: monitor.analysis.alert_place.Place.phone_title)
        where = place.phone_title(pattern_short(alert.pattern))
        title = f"{LEVEL_WORDS.get(alert.level or 'alert', 'ALERT')} {foot} {where}"
    return {"kind": alert.kind, "level": alert.level, "foot": foot, "t_s": _time(alert.t_s),
            "title": title, "todo": todo, "fix": fix, "late": late or None}


def _all_clear(view: LiveView) -> str:
    """"Nothing to do" in the words of the activity each foot's line says (activity_words: the declared one
    from the first state, before the detector has recognised any)."""
    acts = {declared_activity(f.declared_word) or f.activity for f in view.feet.values() if isinstance(f, FootView)}
    return all_clear_words(acts)  # on foot or on a machine: the same all-clear, "carry on"


def page_state(view: LiveView) -> dict[str, Any]:
    """The page's ``state`` message for one view."""
    words = view.transport if isinstance(getattr(view, "transport", None), TransportWords) else RADIO
    feet = {name: foot_state(f, words) for name, f in view.feet.items()
            if isinstance(f, FootView)}
    # a lost foot's level is from before the loss: the page says LOST (and NO DATA on top) for it
    top = max((f["level"] for f in feet.values() if not f["lost"]), key=LEVELS.index, default="none")
    standing = view.current_alert
    shown = None
    if standing is not None:
        shown = banner(standing, _activity(view, standing), view.late.get(standing))
    if shown is not None and standing.kind == "alert" and LEVELS.index(standing.level or "none") > LEVELS.index(top):
        top = standing.level or top
    others = []
    for other in view.others:
        others.append(banner(other, _activity(view, other), view.late.get(other)))
    return {
        "type": "state", "session_s": _time(view.session_s), "duration_s": _time(view.duration_s),
        "label": view.label, "alerts": int(view.alerts), "recording": bool(view.recording),
        "recording_error": view.recording_error,
        "recording_stopped_s": _time(view.recording_stopped_s) if view.recording_error else None,
        "level": top, "banner": shown, "others": others,
        "todo": shown["todo"] if shown is not None else _all_clear(view), "feet": feet,
        "marks": [{"foot": m.foot, "t_s": _time(m.t_s), "todo": mark_words(m, _activity(view, m), view_pedals(view))[0],
                   "no_data": mark_no_data(m), "late": view.late.get(m)} for m in view.marks],
        "referral": _referral(view) if view.marks else None, "disclaimer": NOT_A_MEDICAL_DEVICE,
        "unit": pressure_unit(calibrated=getattr(view, "calibrated", True)),
        "behind": _behind(view), "behind_s": _num(getattr(view, "analysis_behind_s", None)),
    }


def _referral(view: LiveView) -> str:
    """When a numbness marked needs a clinician: the first referral (persisting numbness, diabetes or
    neuropathy [18][36]) as the terminal's line of the latest mark says it (monitor.live.shown.mark_words)."""
    latest = view.marks[-1]
    return mark_words(latest, _activity(view, latest), view_pedals(view))[1]


def _activity(view: LiveView, alert: Alert) -> str:
    """The activity of the event's foot in the view (the detector's label; "unknown" for a foot not in it)."""
    foot = view.feet.get(alert.foot)
    return foot.activity if isinstance(foot, FootView) else "unknown"


def _behind(view: LiveView) -> str | None:
    """The page's line of an analysis behind the session's time (LiveView.analysis_behind_s), else None."""
    behind_s = finite_or_none(getattr(view, "analysis_behind_s", None))
    return None if behind_s is None else f"{behind_words(behind_s)}: relief clocks count to the analysed data"


def ended_fields(summary: LiveSummary, *, rider: str | None = None) -> dict[str, Any]:
    """What an ended page says of the session, from its summary (``rider``: the ``--rider`` it was judged for, as
    the summary's text takes it): ``recorded_s``, ``found``, ``found_levels`` and ``referrals`` (the module's
    docstring, :func:`found_levels`)."""
    if rider is not None:
        summary = replace(summary, rider=rider)
    return {"recorded_s": _time(summary.record.duration_s), "found": found_lines(summary),
            "found_levels": found_levels(summary), "referrals": list(summary_referrals(summary))}


def found_levels(summary: LiveSummary) -> dict[str, str]:
    """Per foot of the session (its pipeline's, its runs of readings', its events' and its link's), in FEET
    order: the highest level of the alerts it was given (``notice`` ... ``alert``); else :data:`NO_DATA` for a
    foot not analysed (it sent no data, or a whole group of its sensors had none: summary_verdict.feet_analysed),
    which no alert could come on; else ``none``."""
    counts = summary.counts()
    analysed = feet_analysed(summary)
    feet = {*summary.pipeline, *(summary.data_runs or {}), *counts, *summary.record.counters}
    out = {}
    for foot in sorted(feet, key=lambda f: FEET.index(f) if f in FEET else len(FEET)):
        c = counts.get(foot, {})
        given = next((lv for lv in reversed(LEVELS[1:]) if c.get(lv)), None)
        out[foot] = given or (NO_DATA if analysed.get(foot) is False else "none")
    return out
