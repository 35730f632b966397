"""After a warning, what to try starts with its break or relief, whatever the warned pattern's rule holds.

The warning's message asks for "Unweight the foot 20-60 s" now (monitor.analysis.alerts.now_after), and
docs/report.md says its break or relief comes first in "what to try". A rule without the break (the cleat
row of a focal peak under MTH2-3 on a bike: cleat back, met pad) listed only the fixes: the one-sided ride
warned at 5:10 "... Unweight the foot 20-60 s" and what to try had no break at all."""

from __future__ import annotations

from pathlib import Path

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary

CYCLING = {"left": "cycling", "right": "cycling"}
RUNNING = {"left": "running", "right": "running"}
#: a warning of the right foot's focal peak under MTH2-3, with the keys the alert policy gives it on a bike
CLEAT_WARNING = Alert(310.0, "right", "alert", "warning", "mth2_3", "focal_mth",
                      suggestion_keys=("cleat_back", "met_pad"))


def test_a_warning_whose_rule_holds_no_break_lists_the_break_first():
    tips = advise([CLEAT_WARNING], ("left", "right"), CYCLING).tips
    assert [t.key for t in tips] == ["unweight", "cleat_back", "met_pad", "check_side"], [t.key for t in tips]
    assert tips[0].feet == ("right",)
    # had: "Stand up or unweight ... (the sources give 15-60 s; ...)": standing loads a pedal (domain.md [10]), and
    # the one source with times [38] gives 15-30 s or 1-2 min
    assert tips[0].text == "Unweight the right foot for 20-60 s every 15-30 minutes (a guess; the sources give "\
        "15-30 s every 15-30 min, or 1-2 min every 20-30 min, for wheelchair users [38]; 20 s is the shortest "\
        "relief Solewatch counts): stop (stopping relieved cyclists' foot pain [16]), or coast with the foot "\
        "lifted off its pedal (unclipped first if clipped in); standing on the pedals does not unweight it (pedal "\
        "force is up to 3x body weight standing, about 0.5x seated [10])."


def test_an_alert_without_keys_is_looked_up_and_still_gets_the_break_first():
    bare = Alert(310.0, "right", "alert", "warning", "mth2_3", "focal_mth")
    assert [t.key for t in advise([bare], ("left", "right"), CYCLING).tips][:1] == ["unweight"]


def test_on_foot_the_break_is_a_stop():
    warned = Alert(300.0, "left", "alert", "warning", "hallux", "focal_mth")  # a run's rigid-sole row: no break
    tips = advise([warned], ("left", "right"), RUNNING).tips
    assert tips[0].key == "unweight" and tips[0].short == "Take a 20-60 s break", tips[0]


def test_notices_alone_get_no_break_added():
    notice = Alert(310.0, "right", "alert", "notice", "mth2_3", "focal_mth", suggestion_keys=("cleat_back", "met_pad"))
    assert "unweight" not in [t.key for t in advise([notice], ("left", "right"), CYCLING).tips]


def test_the_live_summary_lists_the_break_first_too():
    rec = RecordSummary(Path("s"), 600.0, {"left": {}, "right": {}}, 0)
    summary = LiveSummary(rec, [Delivered(CLEAT_WARNING, ("terminal",), "2026-12-02T05:00:00Z")],
                          {f: {"activity": "cycling"} for f in ("left", "right")})
    assert [t.key for t in summary.top_suggestions()][:1] == ["unweight"]


def _warning(foot: str, t_s: float, pattern: str, region: str | None, keys: tuple[str, ...],
             level: str = "warning") -> Alert:
    return Alert(t_s, foot, "alert", level, region, pattern, suggestion_keys=keys)


def test_the_break_names_every_warned_foot_whichever_rule_holds_it():
    """Both feet warned, the left of pressure that stays on (its rule: the break), the right of a focal peak (its
    rule: no break): the break named the left foot alone, the right alone with the feet swapped."""
    for first, second in (("left", "right"), ("right", "left")):
        warnings = [_warning(first, 300.0, "continuous_forefoot_load", None, ("unweight",)),
                    _warning(second, 310.0, "focal_mth", "mth2_3", ("cleat_back",))]
        tips = advise(warnings, ("left", "right"), CYCLING).tips
        relief = next(t for t in tips if t.key == "unweight")
        assert relief.feet == ("left", "right"), (first, relief.feet)  # had: (first,)


def test_the_break_after_a_warning_does_not_name_a_foot_of_a_notice_of_another_pattern():
    """A warning on the left (a focal peak: no break in its rule) and a notice on the right of pressure that
    stays on (the break its rule's): the warning asked for the break, for the left foot."""
    tips = advise([_warning("left", 300.0, "focal_mth", "mth2_3", ("cleat_back",)),
                   _warning("right", 320.0, "continuous_forefoot_load", None, ("unweight",), "notice")],
                  ("left", "right"), CYCLING).tips
    assert [(t.key, t.feet) for t in tips][:2] == [("unweight", ("left",)), ("cleat_back", ("left",))]
