"""What to try keeps the break: after a warning it comes first, after notices alone it takes the last place
the cap keeps, so no cap on the list cuts it.

"What to try" holds at most MAX_TIPS suggestions (analyze, the report, the live summary). On an elliptical
whose foot was warned of load shifted to the outer forefoot, a focal peak under the hallux and a high
forefoot share, the list ran "Varus wedge, wider toe box, less rigid sole, shift toward the heels" and the
break the forefoot-share row gives (domain.md's elliptical row: "shift weight toward the heels; take
breaks" [1]) was the one cut, though a break is the one thing the wearer can do now."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis.advice import MAX_TIPS, advise
from monitor.analysis.alerts import Alert
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, summary_text

ELLIPTICAL = {"left": "elliptical", "right": "elliptical"}
#: four warnings of the left foot, in time order: four suggestions before the break (off the bike the outer
#: forefoot gets no varus wedge: tests/test_advice_domain_words.py; a focal peak under MTH2-3 adds a pad)
WARNED = [Alert(300.0, "left", "alert", "warning", "mth4_5", "lateral_overload"),
          Alert(320.0, "left", "alert", "warning", "hallux", "focal_mth"),
          Alert(330.0, "left", "alert", "warning", "mth2_3", "focal_mth"),
          Alert(340.0, "left", "alert", "warning", "mth2_3", "forefoot_share_high")]


def test_an_elliptical_warned_of_many_patterns_keeps_the_break_first():
    tips = advise(WARNED, ("left", "right"), ELLIPTICAL).tips
    keys = [t.key for t in tips if t.key != "check_side"]
    assert len(keys) == MAX_TIPS  # the cap is met
    assert keys[0] == "unweight", keys
    assert tips[0].text.startswith("Step off the machine (or slow and stop it) first, then rest for 20-60 s every "
                                   "15-30 minutes (a guess; the sources give 15-30 s"), tips[0].text  # an elliptical's
    # the rest in the order the warnings came, as far as the cap goes
    assert keys[1:] == ["wider_toe_box", "compliant_sole", "met_pad"], keys


#: the same patterns as notices alone
NOTICES = [Alert(a.t_s, a.foot, a.kind, "notice", a.region, a.pattern) for a in WARNED]


def _summary(alerts: list[Alert]) -> LiveSummary:
    rec = RecordSummary(Path("s"), 600.0, {"left": {}, "right": {}}, 0)
    delivered = [Delivered(a, ("terminal",), "2026-12-02T05:00:00Z") for a in alerts]
    return LiveSummary(rec, delivered, {f: {"activity": "elliptical"} for f in ("left", "right")})


def test_the_live_summary_s_tips_keep_the_break_too():
    assert "unweight" in [t.key for t in _summary(WARNED).top_suggestions()]


def test_without_a_warning_the_break_takes_the_last_place_the_cap_keeps():
    """Notices of several patterns: the fixes keep their order, and the break the cap would cut (the fifth,
    after the heels) takes the last place kept (had: "wider_toe_box, compliant_sole, met_pad, heels_back", no
    break)."""
    keys = [t.key for t in advise(NOTICES, ("left", "right"), ELLIPTICAL).tips if t.key != "check_side"]
    assert keys == ["wider_toe_box", "compliant_sole", "met_pad", "unweight"], keys


def test_without_a_warning_a_list_the_cap_does_not_cut_keeps_its_order():
    keys = [t.key for t in advise(NOTICES[3:], ("left", "right"), ELLIPTICAL).tips if t.key != "check_side"]
    assert keys == ["heels_back", "unweight"], keys  # the forefoot-share row's own order


@pytest.mark.parametrize("alerts", [WARNED, NOTICES], ids=["warned", "notices"])
def test_the_live_summary_lists_what_analyze_lists(alerts):
    """The live summary's "what to try" is analyze's, as long (had: its first three, the fourth cut)."""
    told = advise(alerts, ("left", "right"), ELLIPTICAL).tips
    summary = _summary(alerts)
    assert [t.key for t in summary.top_suggestions()] == [t.key for t in told]
    lines = summary_text(summary).splitlines()
    listed = [ln for ln in lines[lines.index("What to try:") + 1:] if ln.startswith("  - ")]
    assert [ln.split(" (evidence ")[0] for ln in listed] == [f"  - {t.text}" for t in told], listed
