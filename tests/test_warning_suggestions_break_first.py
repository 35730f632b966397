"""A warning's (or an alert's) own suggestions in ``analyze --json`` put its break or relief first whether its
pattern's rule holds one or not, as its message asks for it now and as "what to try", the report and the live
summary list it after a warning (monitor.analysis.advice).

Had, of the one-sided ride's focal-peak warning on the right foot (whose rule holds no break):
``suggestions`` ["Move the right cleat back 2-10 mm", "Metatarsal pad just behind MTH2-3"] beside a message
"Unweight the foot 20-60 s. After: Move the right cleat back 2-10 mm" and a "what to try" opening with
"Unweight the foot 20-60 s".
"""

from __future__ import annotations

import pytest

import monitor
from monitor.analysis.alerts import RELIEF_KEY
from monitor.analysis.batch import analyze


@pytest.fixture(scope="module")
def one_sided():
    return analyze(monitor.offline_session("one-sided", duration_s=420))


def _warning(result):
    return next(a for a in result.alerts if a.level in ("warning", "alert"))


def test_a_warning_whose_rule_has_no_break_still_lists_it_first(one_sided):
    a = _warning(one_sided)
    assert (a.foot, a.pattern) == ("right", "focal_mth")
    assert a.suggestion_keys == (RELIEF_KEY, "cleat_back", "met_pad"), a.suggestion_keys  # had no "unweight"
    assert a.suggestions[0] == a.relief == "Unweight the foot 20-60 s", a.suggestions
    # the message is as it was: relief now, the first fix after
    assert a.message.endswith(": Unweight the foot 20-60 s. After: Move the right cleat back 2-10 mm"), a.message


def test_the_json_list_agrees_with_what_to_try(one_sided):
    doc = one_sided.to_json_dict()
    warned = next(x for x in doc["alerts"] if x["level"] == "warning")
    tips = [t.key for t in one_sided.advice().tips]
    assert tips[0] == RELIEF_KEY and warned["suggestions"][0] == "Unweight the foot 20-60 s", warned["suggestions"]
    assert warned["suggestions"] == ["Unweight the foot 20-60 s", "Move the right cleat back 2-10 mm",
                                     "Metatarsal pad just behind MTH2-3"]


def test_a_notice_keeps_its_rules_list(one_sided):
    """An early sign asks for nothing now: its list is its rule's, with no break added."""
    notices = [a for a in analyze(monitor.offline_session("cleat-forward", duration_s=420)).alerts
               if a.level == "notice"]
    assert notices and all(RELIEF_KEY not in a.suggestion_keys for a in notices), [a.suggestion_keys for a in notices]
