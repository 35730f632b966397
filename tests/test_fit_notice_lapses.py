"""A FIT export's per-second alert level (docs/fit.md) returns to 0 where the report's timeline returns to
none: at the first assessment "none" after the alert. A notice has no back-to-normal event (only a warning
or an alert has one, monitor.analysis.alerts), and its level stood at 1 to the session's end in the export
while the report's timeline showed none from the assessment at which it lapsed.

The session: the simulated ride with cleats too far forward for its first 100 s (a notice on both feet at
1:10), then the healthy ride (the notice lapses at 3:00), made from the pressure model (no radio)."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
from garmin_fit_sdk import Decoder, Stream
from garmin_fit_sdk.profile import Profile

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.fit_commands import export_fit
from monitor.report.timeline_data import LEVEL_CODE, timeline
from monitor.signal.params import DEFAULT_PARAMS

RECORD_NUM = Profile["mesg_num"]["RECORD"]
DURATION_S, FIXED_S = 240.0, 100.0


def _notice_that_lapses(folder: Path):
    """The session described above, in memory, ``folder`` (empty) as its directory."""
    forward = monitor.offline_session("cleat-forward", duration_s=DURATION_S)
    healthy = monitor.offline_session("healthy-ride", duration_s=DURATION_S)
    a, b = forward.frames, healthy.frames
    frames = pd.concat([a[a["t_s"] < FIXED_S], b[b["t_s"] >= FIXED_S]]).sort_values("t_s", kind="stable")
    folder.mkdir()
    return dataclasses.replace(forward, frames=frames.reset_index(drop=True), path=folder)


def _levels(path: Path) -> dict[str, list[int | None]]:
    """Per record field ("left alert level", ...): its value in each record, read back by garmin-fit-sdk."""
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    names = {f["field_name"]: f["field_definition_number"] for f in messages["field_description_mesgs"]
             if f["native_mesg_num"] == RECORD_NUM}
    return {name: [r.get("developer_fields", {}).get(names[name]) for r in messages["record_mesgs"]]
            for name in ("left alert level", "right alert level", "alert level")}


def test_a_notice_that_lapses_falls_to_0_in_the_fit_export_where_the_reports_timeline_does(tmp_path, capsys):
    session = _notice_that_lapses(tmp_path / "session")
    result = analyze(session, DEFAULT_PARAMS)
    notices = [a for a in result.alerts if a.level == "notice"]
    assert sorted(a.foot for a in notices) == ["left", "right"], result.alerts
    assert not [e for e in result.events if e.kind == "back_to_normal"]  # a notice has none
    assert export_fit(session, tmp_path / "ride.fit", force=False, params_file=None) == 0
    capsys.readouterr()
    levels = _levels(tmp_path / "ride.fit")
    assert len(levels["alert level"]) == math.ceil(DURATION_S)
    for notice in notices:
        tl = timeline(result, notice.foot)  # the report's: the detector's level per assessment
        none_s = min(float(t) for t, code in zip(tl.level_t_s, tl.level, strict=True)
                     if t > notice.t_s and code == LEVEL_CODE["none"])
        assert notice.t_s + 60.0 < none_s < DURATION_S - 30.0, none_s  # it lapses, well within the ride
        level = levels[f"{notice.foot} alert level"]
        raised = int(notice.t_s)  # the level standing at each second's end: raised at the notice
        lapsed = int(none_s)  # none from the second the assessment ends in (had: 1 to the end)
        assert set(level[raised:lapsed]) == {1}, level
        assert set(level[lapsed:]) == {0}, level
    assert set(levels["alert level"][lapsed:]) == {0}
