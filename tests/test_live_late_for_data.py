"""An alert a foot's missing data held is said apart from one a busy host made late
(monitor.live.analysis_lag.AnalysisLag.note).

A window's alert is issued once its foot's data reach past the window's settling (docs/detection.md: a
foot's window becomes final only on its own frames): `live --sim tight-shoes --speed 10 --duration 7m
--fault drop:left@310s+60s` warned the left foot of 5:10 at 6:22, when its link was back, 67 s beyond the
window's settling, and the end note blamed the host ("The analysis fell up to 1 s behind the session's time
(the host was too busy for the session's speed); issued late: 1 alert of 4 up to 67 s"). The note now names
the silence that held it and says the host kept up. On the virtual clock the left's warning comes at 5:00, so
the drop here starts at 5:02, before its window settles.

The ride runs on the simulated radio on a virtual clock (tests/virtual_clock.py), so the host's load changes
neither the drop's length nor the analysis lag (none: the virtual clock waits for the analysis).
"""

from __future__ import annotations

import re

import pytest
from live_ride import live_ride

from monitor.live.analysis_lag import AnalysisLag
from monitor.live.summary import summary_text

pytestmark = pytest.mark.timeout(600)

SPEED = 10.0


def test_an_alert_a_foot_s_silence_held_is_not_said_as_the_host_s():
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0)
    lag.data("left", 0.0, 310.0)
    lag.data("right", 0.0, 380.0)
    lag.handed(380.0, 381.0)  # the host 1 s behind
    lag.data("left", 382.0, 383.0)  # the left's data back after 72 s
    lag.handed(383.0, 384.0)
    lag.issued("alert", 310.0, 384.0, "left")  # 69 s beyond its window's settling, 1 s of it the host's
    lag.issued("alert", 300.0, 306.0, "right")  # on time
    assert lag.silences == [("left", 310.0, 382.0)]
    assert lag.note() == ("issued late while an insole's data were missing: 1 alert of 2 up to 69 s (after 5 s "
                          "for its window to settle), held for the left insole's data missing from 5:10 to 6:22; "
                          "the host kept up (the analysis at most 1 s behind the session's time)")


def test_a_host_under_a_second_behind_is_not_said_never_behind():
    """A host 0.4 s behind read "the analysis never behind" (its lag in whole seconds, 0)."""
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0)
    lag.data("left", 0.0, 310.0)
    lag.data("right", 0.0, 380.0)
    lag.handed(380.0, 380.4)  # the host 0.4 s behind
    lag.data("left", 382.0, 383.0)
    lag.handed(383.0, 383.0)
    lag.issued("alert", 310.0, 384.0, "left")
    assert lag.note().endswith("; the host kept up (the analysis less than 1 s behind the session's time)"), \
        lag.note()
    never = AnalysisLag(bound_s=10.0, settle_s=5.0)
    never.data("left", 0.0, 310.0)
    never.data("left", 382.0, 383.0)
    never.handed(383.0, 383.0)
    never.issued("alert", 310.0, 384.0, "left")
    assert never.note().endswith("; the host kept up (the analysis never behind)"), never.note()


def test_a_busy_host_and_a_silence_are_said_apart():
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0)
    lag.data("left", 0.0, 100.0)
    lag.data("left", 200.0, 210.0)
    lag.handed(210.0, 212.0)
    lag.issued("alert", 98.0, 212.0, "left")  # held by the left's silence from 1:40 to 3:20
    lag.handed(300.0, 350.0)  # the host 50 s behind
    lag.issued("alert", 300.0, 350.0, "right")  # 45 s late: the host's
    assert lag.note() == ("the analysis fell up to 50 s behind the session's time (the host was too busy for the "
                          "session's speed); issued late: 1 alert of 2 up to 45 s (after 5 s for its window to "
                          "settle); the views say it beyond 10 s behind (a guess); issued late while an insole's "
                          "data were missing: 1 alert of 2 up to 109 s (after 5 s for its window to settle), held "
                          "for the left insole's data missing from 1:40 to 3:20")


def test_lateness_beyond_the_host_s_lag_without_a_silence_is_the_host_s():
    lag = AnalysisLag(bound_s=10.0, settle_s=5.0)
    lag.data("left", 0.0, 100.0)
    lag.handed(100.0, 102.0)
    lag.issued("alert", 80.0, 102.0, "left")  # 17 s late, no silence to hold it
    assert lag.held_by == [None]
    assert lag.note().startswith("the analysis fell up to 2 s behind the session's time (the host was too busy"), \
        lag.note()


def test_the_end_note_names_the_gap_that_held_a_warning_not_the_host(tmp_path):
    live = live_ride(tmp_path, "tight-shoes", speed=SPEED, seed=1, faults=["drop:left@302s+60s"], duration_s=420.0)
    text = summary_text(live)
    left = [a for a in live.alerts if a.foot == "left" and a.kind == "alert" and a.level == "warning"]
    assert left and left[0].t_s == 300.0, live.alerts  # the left's warning of 5:00, told when back
    note = next((line for line in text.splitlines() if "issued late" in line.lower()), None)
    assert note is not None, text
    assert "the host was too busy" not in note, note  # had: "... (the host was too busy ...); issued late: 1 alert"
    said = re.search(r"held for the left insole's data missing from 5:0\d to 6:\d\d", note)
    assert said and "the host kept up" in note, note
