"""No cap a caller gives "what to try" cuts the break or relief: top_suggestions(n) of analyze's report and of
the live summary keep it at any n of 1 or more, first after a warning, else in the last place kept, as the
advice's own cap (MAX_TIPS) keeps it.

Had, after notices alone of three patterns on an elliptical (the break fifth, the cap's last place):
top_suggestions(n=1) ['varus_wedge', 'check_side'], n=2 and n=3 likewise without 'unweight'.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from test_relief_tip_kept import ELLIPTICAL, NOTICES, WARNED, _summary

from monitor.analysis.advice import MAX_TIPS, advise
from monitor.report.verdict_data import top_suggestions


def _result(alerts):
    """What top_suggestions reads of an AnalysisResult: its advice."""
    return SimpleNamespace(advice=lambda: advise(alerts, ("left", "right"), ELLIPTICAL))


@pytest.mark.parametrize("n", range(1, MAX_TIPS + 1))
@pytest.mark.parametrize("alerts", [WARNED, NOTICES], ids=["warned", "notices"])
def test_the_break_survives_any_cap(alerts, n):
    for tips in (top_suggestions(_result(alerts), n), _summary(alerts).top_suggestions(n)):
        keys = [t.key for t in tips if t.key != "check_side"]
        assert len(keys) == n and "unweight" in keys, (n, keys)  # notices, n < 4: had no "unweight"
        where = 0 if alerts is WARNED else n - 1  # first after a warning, else the last place kept
        assert keys[where] == "unweight", keys
        assert tips[-1].key == "check_side"  # the check of one side is never cut


def test_a_cap_keeps_the_fixes_in_their_order():
    whole = [t.key for t in _result(NOTICES).advice().tips]
    fixes = [k for k in whole if k not in ("unweight", "check_side")]
    keys = [t.key for t in top_suggestions(_result(NOTICES), 3)]
    assert len(fixes) >= 2 and "check_side" in whole, whole  # the case needs two fixes and a side to check
    assert keys == fixes[:2] + ["unweight", "check_side"], (keys, whole)
