"""The validation report's gait table (``make validate``, monitor.tools.validation) gives each foot's ground
contact time (monitor.analysis.steps' ``contact_s``, the median over the measured steps) beside Moticon's own
report's stance (its ``Stance (s)``) of the same steps, so the contact time's agreement with the real walk's
reference is in the report, not only in tests/test_gait_events_real.py. Had: initial contact and toe-off only.
On the real walk: left 796 ms against 760.5 ms, right 803 ms against 776 ms, each over the 6 steps measured
(the first step of each foot holds a dropout)."""

from __future__ import annotations

import numpy as np
import pytest

from monitor.tools.validation import render
from monitor.tools.validation_real import moticon_gait_events


@pytest.fixture(scope="module")
def checks():
    return moticon_gait_events()


def test_each_foot_has_its_contact_time_beside_moticons_stance_of_the_same_steps(checks):
    got = {c.foot: c for c in checks}
    assert [got[f].contact_steps for f in ("left", "right")] == [6, 6]
    assert got["left"].median_contact_ms == pytest.approx(795.5, abs=1.0)
    assert got["left"].median_stance_ms == pytest.approx(760.5, abs=0.5)
    assert got["right"].median_contact_ms == pytest.approx(803.0, abs=1.0)
    assert got["right"].median_stance_ms == pytest.approx(776.0, abs=0.5)
    for c in checks:  # tests/test_gait_events_real.py's bounds: the median within 5 %
        assert abs(c.median_contact_ms / c.median_stance_ms - 1) <= 0.05


def test_the_gait_table_says_the_contact_times(checks):
    text = render(checks, [], [], 0.0)
    for c in checks:
        row = next(line for line in text.splitlines() if line.startswith(f"| {c.foot} | {c.reported} |"))
        assert f"| {c.median_contact_ms:.0f} | {c.median_stance_ms:.0f} |" in row, row
    assert "contact" in text and np.isfinite([c.median_contact_ms for c in checks]).all()
