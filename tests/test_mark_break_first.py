"""After a numb mark, what to try starts with the break or relief, as after a warning: the mark's own words asked
for it at once (monitor.analysis.marks.mark_now, "Unweight the foot 20-60 s; ..."), and a foot gone numb is at
least as urgent as a warning. Had: a notice of load that stays on and a mark on that foot listed "loosen the
closure, a roomier shoe, unweight": the break last."""

from __future__ import annotations

from monitor.analysis.advice import advise
from monitor.analysis.alerts import Alert
from monitor.analysis.marks import RiderMark, mark_alert

CYCLING = {"left": "cycling", "right": "cycling"}
#: a notice of the left foot's load that stays on, whose rule on a bike is (loosen_closure, roomier_shoe, unweight)
NOTICE = Alert(200.0, "left", "alert", "notice", "mth2_3", "residual_unloaded",
               suggestion_keys=("loosen_closure", "roomier_shoe", "unweight"))
#: a notice whose rule holds no break (a focal peak under MTH2-3 on a bike: cleat back, met pad)
CLEAT_NOTICE = Alert(200.0, "left", "alert", "notice", "mth2_3", "focal_mth", suggestion_keys=("cleat_back", "met_pad"))


def _keys(alerts) -> list[str]:
    return [t.key for t in advise(alerts, ("left", "right"), CYCLING).tips]


def test_notices_alone_keep_the_break_in_its_rule_s_place():
    assert _keys([NOTICE]) == ["loosen_closure", "roomier_shoe", "unweight", "check_side"]


def test_after_a_mark_the_break_comes_first():
    mark = mark_alert(RiderMark(260.0, "left"), "cycling")
    assert _keys([NOTICE, mark])[:1] == ["unweight"], _keys([NOTICE, mark])
    assert _keys([NOTICE, mark]) == ["unweight", "loosen_closure", "roomier_shoe", "check_side"]


def test_after_a_mark_the_break_is_first_though_the_rule_holds_none():
    mark = mark_alert(RiderMark(260.0, "left"), "cycling")
    tips = advise([CLEAT_NOTICE, mark], ("left", "right"), CYCLING).tips
    assert [t.key for t in tips][:3] == ["unweight", "cleat_back", "met_pad"], [t.key for t in tips]
    assert tips[0].feet == ("left",)
