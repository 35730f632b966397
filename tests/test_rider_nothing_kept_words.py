"""A first ride too short to keep a normal says what a normal takes in true words: 5:00 of judged windows of one
activity, from its first judged window, and how far this ride's judged windows reached (had: "it takes the first
5:00 of one activity, and this ride had less" right above "Session: 5:30 of ride")."""

from __future__ import annotations

import os
import re
import subprocess

from test_detector import window
from test_live import ON_VIRTUAL_CLOCK, ROOT

from monitor.cli.rider_kinds import keep_rider_normal
from monitor.signal.baseline import BaselineBuilder, RiderBaseline


def test_the_builder_says_how_far_its_judged_windows_reached():
    builder = BaselineBuilder(300.0)
    assert builder.judged_s() == 0.0
    for t_s in (40.0, 45.0, 200.0):
        builder.add("cycling", window(t_s))
    assert builder.judged_s() == 160.0
    for t_s in range(205, 400, 5):
        builder.add("cycling", window(float(t_s)))
    assert builder.judged_s() == 300.0  # the normal is learnt: all it takes


def test_nothing_kept_says_what_a_normal_takes_and_how_much_was_judged():
    line = keep_rider_normal("newbie", RiderBaseline(), 300.0, known=False, judged_s=270.0)
    assert line == ("rider newbie: nothing kept of this ride's normal (it takes 5:00 of judged windows of one "
                    "activity, from its first judged window; this ride had 4:30 of them)")
    assert keep_rider_normal("newbie", None, 300.0, known=False, judged_s=0.0).endswith("this ride had none)")


def test_a_5_30_first_ride_says_how_much_of_it_was_judged(tmp_path):
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", "5m30s",
                           "--out", str(tmp_path / "sessions"), "--plain", "--no-sound", "--no-report",
                           "--rider", "newbie"], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "SOLEWATCH_CONFIG_DIR": str(tmp_path / "config")})
    assert proc.returncode == 0, proc.stderr
    [line] = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("rider newbie: nothing kept")]
    found = re.fullmatch(r"rider newbie: nothing kept of this ride's normal \(it takes 5:00 of judged windows of "
                         r"one activity, from its first judged window; this ride had (\d):(\d\d) of them\)", line)
    assert found, line
    assert 0 < int(found[1]) * 60 + int(found[2]) < 300


def test_what_was_judged_counts_no_activity_judged_against_a_kept_normal_nor_a_normal_never_finished():
    """A kept cycling normal's 6:50 of cycling and 2:00 of walking at the end: nothing new was kept, and the
    line said "this ride had 5:00 of them" (the cycling counted); windows spanning 5:00 but too few (holes in
    the data) gave no normal and read 5:00 too."""
    builder = BaselineBuilder(300.0)
    for t_s in range(40, 450, 5):
        builder.add("cycling", window(float(t_s)), kept=True)
    for t_s in range(450, 570, 5):
        builder.add("walking", window(float(t_s), activity="walking"))
    assert builder.judged_s() == 115.0 and builder.learnt() == {}
    sparse = BaselineBuilder(300.0)
    for t_s in (40.0, 45.0, 200.0, 350.0):  # 4 windows over 5:10: under min_windows
        sparse.add("cycling", window(t_s))
    assert sparse.learnt() == {} and sparse.judged_s() < 300.0
    line = keep_rider_normal("cy", None, 300.0, known=False, judged_s=sparse.judged_s())
    assert line.endswith("this ride had 4:59 of them)"), line
