"""The relief asked for follows the params the session is judged with: a relief asked for is a relief counted
(docs/detection.md). With ``{"features": {"relief_min_s": 90}}`` the words still said "Unweight the foot
20-60 s", worked out once from the defaults, though an unweighting of 20-89 s was no relief."""

from __future__ import annotations

import pytest
from test_warning_break_first import CLEAT_WARNING, CYCLING

from monitor.analysis.advice import advise
from monitor.analysis.alerts import AlertPolicy, relief_now
from monitor.analysis.suggestions import SUGGESTIONS, relief_words, words
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.types import Assessment


def test_the_defaults_ask_for_20_to_60_s():
    assert relief_words() == relief_words(DEFAULT_PARAMS.features.relief_min_s) == "20-60 s"


@pytest.mark.parametrize("relief_min_s, said", [(30.0, "30-60 s"), (90.0, "90 s")])
def test_the_words_follow_relief_min_s(relief_min_s, said):
    assert relief_words(relief_min_s) == said
    for activity in ("cycling", "running"):
        short, text = words(SUGGESTIONS["unweight"], activity, ("left",), relief_min_s=relief_min_s)
        assert said in short and said in text and "20-60" not in short + text, (short, text)
        assert said in relief_now(activity, relief_min_s)


def test_what_to_try_asks_for_the_relief_counted():
    tips = advise([CLEAT_WARNING], ("left", "right"), CYCLING, relief_min_s=90.0).tips
    assert tips[0].key == "unweight" and tips[0].text == \
        "Unweight the right foot for 90 s every 15-30 minutes (a guess; the sources give 15-30 s every 15-30 min, "\
        "or 1-2 min every 20-30 min, for wheelchair users [38]; 90 s is the shortest relief Solewatch counts): "\
        "stop (stopping relieved cyclists' foot pain [16]), or coast with the foot lifted off its pedal (unclipped "\
        "first if clipped in); standing on the pedals does not unweight it (pedal force is up to 3x body weight "\
        "standing, about 0.5x seated [10]).", tips[0].text


def test_an_alert_s_message_asks_for_the_relief_counted():
    policy = AlertPolicy(DEFAULT_PARAMS.alerts, relief_min_s=90.0)
    policy.start(("left",), 0.0)
    alerts = policy.feed(Assessment("left", 400.0, "warning", "residual_unloaded", "mth2_3"), "cycling")
    assert alerts and "Unweight the foot 90 s" in alerts[0].message, alerts
    assert alerts[0].relief == "Unweight the foot 90 s"

