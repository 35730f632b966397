"""A back-to-normal says what happened: the foot is assessed "none" again, its pattern ended
(docs/detection.md, docs/analyze-json.md), not that its forefoot was relieved: a relief alone does not end a
warning, and a pattern can end without one."""

from __future__ import annotations

from test_alerts import A, _run

from monitor.analysis.alerts import AlertPolicy
from monitor.live.shown import now_and_after


def test_the_back_to_normal_message_says_the_foot_is_assessed_none_again():
    # had: "BACK TO NORMAL left foot: the forefoot is relieved", the terminal "The forefoot is relieved"
    back = [x for x in _run(AlertPolicy(), [A(0, "warning"), A(10, "warning"), A(20, "none")])
            if x.kind == "back_to_normal"]
    assert [x.message for x in back] == ["BACK TO NORMAL left foot: assessed none again, its pattern has ended"]
    assert now_and_after(back[0]) == ("Assessed none again: the left foot's pattern has ended", None)
    assert "relieved" not in back[0].message
