"""Why the Steps section leaves a step out. A stance the gait detector found is not measured when the data
does not hold it whole (cut by the recording's start or end, or holding a short gap), when no sensor is
loaded in it, or when the foot is still loaded at either end of the frames around it
(monitor.analysis.steps). The line under the table of every step gave the first two reasons for every such
step: the PhysioNet walk GaCo01_01, imported with no missing frame and no gap, was said to have a step cut
by the recording or holding a gap (its left stance at 26.6-27.6 s, still loaded at an end). It now counts
the steps per reason, saying only the reasons that apply, in the HTML and the PDF. That stance was left out
only while the walk's heel sensor counted for nothing: the file's own total shows the left foot never
unloads from 26.6 s to 28.6 s (at least 116 N, 76 N or more of it on the heel sensor), and with the heel sensor counted
(monitor.signal.coarse_share) it is one measured contact, and no step is left out."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from test_gait_events_real import PHYSIONET
from test_steps_gap_words import _said

from monitor.analysis.batch import analyze
from monitor.analysis.steps import NOT_MEASURED
from monitor.importers.physionet import read_physionet
from monitor.importers.session import write_session
from monitor.report.data import report_data
from monitor.report.steps_section import NOT_MEASURED_WORDS, left_out_line
from monitor.session.directory import load_session


def test_the_physionet_walk_leaves_no_step_out_and_says_no_reason(tmp_path):
    session = load_session(write_session(read_physionet(PHYSIONET), tmp_path / "walk"))
    data = report_data(session, analyze(session))
    left = data.steps["left"]
    assert np.isfinite(left.contact_s).all() and (left.not_measured == "").all()
    assert len(data.steps["right"]) and (data.steps["right"].not_measured == "").all()
    at = np.flatnonzero(np.abs(left.initial_contact_s - 26.6) < 0.05)  # the stance that never unloads
    assert at.size == 1 and left.contact_s[at[0]] > 1.9, left.contact_s[at]  # one contact, measured
    html, pdf = _said(data)
    assert "Left out, found but not measured" not in html and "Left out, found but not measured" not in pdf
    for wrong in ("cut by the start", "short gap", "does not hold"):
        assert wrong not in html


def test_each_reason_is_counted_and_only_those_that_apply_are_said():
    assert set(NOT_MEASURED_WORDS) == set(NOT_MEASURED)
    n = 5
    nan = np.full(n, np.nan)
    base = SimpleNamespace(contact_s=nan, strike_index_pct=nan, impulse_n_s=nan)

    def steps(codes):
        return SimpleNamespace(**vars(base), not_measured=np.array(codes))

    data = SimpleNamespace(steps={"left": steps(["cut", "loaded", "cut", "gap", "cut"]),
                                  "right": steps(["loaded", "loaded", "cut", "cut", "cut"])})
    said = left_out_line(data)
    assert said == ("Left out, found but not measured: 6 steps " + NOT_MEASURED_WORDS["cut"] + "; 1 step "
                    + NOT_MEASURED_WORDS["gap"] + "; 3 steps " + NOT_MEASURED_WORDS["loaded"] + ".")
    assert NOT_MEASURED_WORDS["no_contact"] not in said
    measured = SimpleNamespace(contact_s=np.ones(n), strike_index_pct=nan, impulse_n_s=nan,
                               not_measured=np.array([""] * n))
    assert left_out_line(SimpleNamespace(steps={"left": measured})) == ""
