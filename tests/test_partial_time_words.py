"""Words of a part of a foot's time never read as the whole or as none: a foot's own line says the time not
analysed short of its time with data (7:15 of 7:16 is "7:15", as the caveat and the verdict say it), and a foot
whose one reading came near the end is one that sent a reading, not one that "sent no data"."""

from __future__ import annotations

import numpy as np
from test_dead_sensor import MTH_COLUMNS, tight_shoes

from monitor.analysis.batch import analyze
from monitor.analysis.watched import brief_words, briefly_watched
from monitor.report.text import foot_lines


def test_a_foots_line_says_the_time_not_analysed_short_of_its_data():
    s = tight_shoes()  # 7:00 of data a foot
    rows = (s.frames.foot == "right") & (s.frames.t_s >= 0.2)
    for col in MTH_COLUMNS:
        s.frames.loc[rows, col] = np.nan
    right = next(line for line in foot_lines(analyze(s)) if line.startswith("right:"))
    assert "(not analysed for 6:59)" in right, right  # 419.8 s of 420: never "7:00", the whole


def test_a_foot_with_one_reading_near_the_end_sent_a_reading():
    brief = briefly_watched({"left": ((0.0, 300.0),), "right": ((297.0, 297.0),)}, 300.0)
    said = brief_words("right", brief["right"], 300.0)
    assert said.startswith("the right foot sent only") and "no data from 0:00 to 4:57" in said, said
    silent = briefly_watched({"left": ((0.0, 300.0),), "right": ()}, 300.0)
    assert brief_words("right", silent["right"], 300.0) == "the right foot sent no data"
