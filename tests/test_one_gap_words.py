"""A foot's drop read with two figures: the link notice "left insole back after 23.2 s" (the link down, from
its disconnection to its reconnection) and "DATA BACK  The left insole sends again after 23.4 s" (its data
missing, from its last frame before to its first after), one gap and two lengths with nothing to tell them
apart. Each line now says what it measures: the link down, the data missing.
"""

from __future__ import annotations

import pytest
from live_ride import live_ride

from monitor.analysis.alerts import Alert
from monitor.analysis.streaming import notice_for
from monitor.link.transport_words import NETWORK, RADIO
from monitor.live.shown import now_and_after

pytestmark = pytest.mark.timeout(600)

SPEED = 30.0


def test_the_link_notice_says_the_link_was_down_and_data_back_says_the_data_missing():
    back = {"event": "reconnected", "foot": "left", "down_session_s": 23.2}
    assert notice_for(63.0, back, RADIO).text == ("left insole reconnected (the link was down 23.2 s); "
                                                  "the gap is recorded once its data resume")
    assert notice_for(63.0, back, NETWORK).text == ("left insole: data back in the stream (the insole was away "
                                                    "23.2 s); the gap is recorded")
    data_back = Alert(63.2, "left", "data_back", None, silent_s=23.4)
    assert now_and_after(data_back)[0] == "The left insole sends again after 23.4 s without data: its load is " \
                                          "watched again"


def test_a_live_drop_reads_link_down_and_data_missing_apart(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["drop:left@40s+20s"], duration_s=90.0)
    backs = [n.text for n in live.notices if n.kind == "reconnected"]
    assert len(backs) == 1 and backs[0].startswith("left insole reconnected (the link was down "), backs
    data_back = [a for a in live.alerts if a.kind == "data_back"]
    assert len(data_back) == 1, live.alerts
    assert " s without data: its load is watched again" in now_and_after(data_back[0])[0]
