"""A foot that could not be analysed has no alert level in the FIT export (and the per-second table the report's
ride section reads), where the report's timeline has none (docs/fit.md): missing stays missing.

A ride whose right metatarsal-head sensors (p07-p12) had no sample throughout: `analyze` said "the right foot
was not analysed", the export gave `right alert level` 0 in every record. The same sensors empty from 200 s to
400 s of a ride with a notice standing on the right foot: level 1 at 300 s, 350 s and 405 s, while the report's
timeline had no level from 260 s to 400 s (each window there held under 5 s of data it could analyse)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
from test_dead_sensor import MTH_COLUMNS, tight_shoes
from test_fit_notice_lapses import _levels

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.fit_commands import export_fit
from monitor.report.timeline_data import NO_DATA_LEVEL, timeline


def _exported(session, tmp_path: Path, capsys) -> dict[str, list[int | None]]:
    """``session`` exported as FIT from a folder of its own: its records' levels (test_fit_notice_lapses)."""
    folder = tmp_path / "session"
    folder.mkdir()
    assert export_fit(dataclasses.replace(session, path=folder), tmp_path / "ride.fit", force=False,
                      params_file=None) == 0
    capsys.readouterr()
    return _levels(tmp_path / "ride.fit")


def test_a_foot_not_analysed_has_no_level_never_0(tmp_path, capsys):
    session = tight_shoes(*MTH_COLUMNS)
    result = analyze(session)
    assert not result.feet["right"].analysed
    levels = _exported(session, tmp_path, capsys)
    assert set(levels["right alert level"]) == {None}, levels["right alert level"]  # had: 0 in every record
    left = timeline(result, "left")  # none before the first judged assessment (the first ones: "not judged")
    first_s = float(left.level_t_s[~left.unjudged & (left.level != NO_DATA_LEVEL)][0])
    assert None not in levels["left alert level"][int(np.ceil(first_s)):]
    assert levels["alert level"] == levels["left alert level"]  # of the foot that has one


def test_a_foot_not_analysed_for_a_while_has_no_level_where_the_timeline_has_none(tmp_path, capsys):
    session = monitor.offline_session("tight-shoes", duration_s=600)
    rows = (session.frames.foot == "right") & (session.frames.t_s >= 200.0) & (session.frames.t_s < 400.0)
    for col in MTH_COLUMNS:
        session.frames.loc[rows, col] = np.nan
    result = analyze(session)
    tl = timeline(result, "right")
    unshown = tl.level_t_s[tl.level == NO_DATA_LEVEL]
    assert unshown.min() <= 270.0 and unshown.max() >= 400.0, unshown
    levels = _exported(session, tmp_path, capsys)
    right, left, both = levels["right alert level"], levels["left alert level"], levels["alert level"]
    for t_s in (300, 350, 405):  # had: 1, the notice standing from 1:10
        assert right[t_s] is None, (t_s, right[t_s])
    for t_s in range(len(right)):  # the timeline's last assessment before the second's end had no level
        i = np.searchsorted(tl.level_t_s, t_s + 1.0, side="left") - 1
        if i >= 0 and tl.level[i] == NO_DATA_LEVEL:
            assert right[t_s] is None, (t_s, right[t_s])
        if right[t_s] is None:
            assert both[t_s] == left[t_s], t_s  # the other foot's alone
    assert right[415] is None  # analysed again, with too little data for the alert policy (15 s of 60)
    assert right[150] == 1 and right[455] is not None and right[500] == 2  # analysed again: its level
