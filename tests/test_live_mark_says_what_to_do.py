"""A rider who marks a foot numb in the terminal is told what to do at once, and when to see a clinician.

The terminal's line of a mark said "NUMB NOW  marked by the rider" alone, where the phone view said the
referral: now it says the relief and the loosening (domain.md section 6, "stand or unweight 15–60 s", "loosen
the forefoot strap or dial" [16][17][38] W) and the phone view's referral (its section 6's last row, [18][36]),
in the words of the foot's activity, in the live view and the plain lines alike; a replay says what the live
line said (the mark carries its relief, as an alert does).
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from test_rider_marks import _foot

from monitor.analysis.alerts import AlertPolicy, relief_now
from monitor.analysis.marks import RiderMark, mark_alert
from monitor.analysis.suggestions import referrals
from monitor.cli.console_live import LiveDisplay, format_event
from monitor.live.view import LiveView
from monitor.live.web.state import page_state
from monitor.signal.activity_words import person
from monitor.signal.params import AlertParams
from monitor.signal.types import Assessment

#: (the feet's activity, the relief now, the loosening, the phone view's referral's end)
CASES = [("cycling_seated", "Unweight the foot 20-60 s", "loosen the left shoe's strap or dial", "the ride ends"),
         ("running", "Take a 20-60 s break", "loosen the left shoe's forefoot laces", "the run ends"),
         # a gym machine: off it first, and the session's end (had: "Take a 20-60 s break", a runner's words)
         ("elliptical_or_stair", "Slow down, step off for 20-60 s", "loosen the left shoe's forefoot laces",
          "the session ends"),
         # not known, a bike's or a run's: words for either (had: "Unweight the foot 20-60 s; loosen the left
         # shoe's forefoot laces", a bike's relief beside a runner's laces)
         ("unknown", "Take the weight off the foot 20-60 s", "loosen the left shoe over the forefoot",
          "the session ends")]


def _view(activity: str, mark) -> LiveView:
    return LiveView(session_s=130.0, duration_s=600.0, current_alert=None, alerts=0,
                    feet={f: _foot(f, activity=activity, level="none", pattern=None, region=None)
                          for f in ("left", "right")}, marks=[mark])


def _said(activity: str, *, plain: bool) -> tuple[str, LiveView]:
    """What the terminal says of a left foot marked numb at 2:05 in a session of ``activity``: the plain line,
    or the line above the live view."""
    out = io.StringIO()
    console = Console(file=out, width=400, height=40, force_terminal=not plain)
    mark = mark_alert(RiderMark(125.0, "left", source="terminal"), activity)
    view = _view(activity, mark)
    with LiveDisplay(console, plain=plain) as display:
        display.update(view)
        display.event(mark, ["terminal"])
    return out.getvalue(), view


@pytest.mark.parametrize("plain", [True, False])
@pytest.mark.parametrize(("activity", "relief", "loosen", "ends"), CASES)
def test_a_numb_mark_on_the_terminal_says_what_to_do_now_and_the_referral(activity, relief, loosen, ends, plain):
    said, view = _said(activity, plain=plain)
    line = next(line for line in said.splitlines() if "NUMB NOW" in line)
    referral = page_state(view)["referral"]  # the phone view's words for the same marks
    assert referral == referrals([activity])[0] and ends in referral
    assert f"NUMB NOW  marked by the {person([activity])}. {relief}; {loosen}. {referral}" in line, line


@pytest.mark.parametrize("activity", [None, "unknown"])
def test_an_activity_not_known_says_one_relief_in_a_mark_and_an_alert(activity):
    """Where the activity is not known the mark's words are one sentence for a bike or a run, its relief the one
    a warning asks for now there (relief_now, the alert policy's). Had: "Unweight the foot 20-60 s; loosen the
    right shoe's forefoot laces"."""
    relief = "Take the weight off the foot 20-60 s"
    assert relief_now(activity) == relief
    mark = mark_alert(RiderMark(125.0, "right"), activity)
    assert mark.relief.startswith(f"{relief}; loosen the right shoe over the forefoot. "), mark.relief
    alerts = AlertPolicy(AlertParams()).feed(Assessment("right", 400.0, "warning", "focal_mth", "mth2_3"), activity)
    (warning,) = [a for a in alerts if a.kind == "alert"]
    assert warning.relief == relief and f": {relief}. After: " in warning.message, warning.message


def test_a_replayed_mark_says_what_its_live_line_said():
    """A replay's line has no view's activity: the mark's own relief and referral, from the activity the analysis
    knew (had: the referral in the view's activity, "after the session ends" in a replay of a run whose live line
    said "after the run ends")."""
    mark = mark_alert(RiderMark(125.0, "left"), "running")
    now = f"{relief_now('running')}; loosen the left shoe's forefoot laces"
    assert mark.relief == f"{now}. {referrals(['running'])[0]}"
    for activity in ("unknown", "running", "cycling_seated"):  # a replay's, the live view's, another foot's
        line = format_event(mark, ["terminal"], activity)
        assert line.endswith(f"NUMB NOW  marked by the runner. {now}. If numbness persists after the run ends, "
                             "see a clinician; anyone with diabetes or neuropathy should too. Solewatch does not "
                             "diagnose [36].  [delivered: terminal]"), line  # a run's: [18] is a bike's
