"""A foot that sent no pressure sample has no activity to speak of, and a simulation whose insoles sent no
frame measured no speed of the host. Had, for an import whose sensor cells are all empty (its layout
declaring walking): the report's header "left walking, right walking", `analyze --json`'s ``activity``
"walking" with ``activity_source`` "declared", the study's ``activity`` "walking"; and, live, for insoles
linked that never sent a frame: "the simulation could not keep 40x on this host (about 0x)"."""

from __future__ import annotations

import json
import math

from test_analyze import _validate

from monitor.live.record_span import recorded_span


def _empty_walk():
    """A simulated walk (declared walking) whose every sensor cell is empty: both insoles' frames are there,
    no pressure sample (an import of such a file is refused now: tests/test_import_no_sample.py)."""
    import numpy as np

    import monitor

    session = monitor.offline_session("healthy-walk", duration_s=90)
    session.frames.loc[:, [c for c in session.frames.columns if c.endswith("_kpa")]] = np.nan
    return session


def test_a_foot_with_no_data_has_no_activity_in_the_header_json_and_study_rows():
    import monitor
    from monitor.report.data import report_data
    from monitor.report.html import render_html
    from monitor.studies.rows import session_tables

    session = _empty_walk()
    assert session.info.activity == "walking"  # declared: no foot shows it
    result = monitor.analyze(session)
    doc = json.loads(json.dumps(result.to_json_dict()))  # what analyze --json prints
    _validate(doc)  # docs/analyze-json.schema.json: activity_source null
    summary = doc["summary"]
    assert {f: (s["activity"], s["activity_source"]) for f, s in summary.items()} == {
        "left": ("unknown", None), "right": ("unknown", None)}
    page = render_html(report_data(session, result), {})
    assert " · left no data, right no data · " in page, page[:2000]
    assert "walking, right walking" not in page
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    assert list(rows["activity"]) == ["unknown", "unknown"]
    assert list(rows["declared_activity"]) == ["walking", "walking"]  # what was declared stays said


def test_a_simulation_whose_insoles_sent_no_frame_names_no_speed_of_the_host():
    held, note = recorded_span(31.0, -math.inf, 30.0, 40.0, stopped=False, word="ride")
    assert held == 0.0
    assert note == "the simulated insoles sent no frame: none of the 0:30 ride was recorded"
    assert "0x" not in note


def test_a_foot_with_no_data_has_no_activity_in_the_python_summary_either():
    """One foot with no pressure sample beside one walking, on a session declared walking (a PhysioNet
    import whose left cells are all blank): the Python summary said "walking" for it, the declared activity,
    where ``analyze --json`` and the study say "unknown". Now every view says "unknown"; the foot with data
    keeps the declared activity."""
    import numpy as np

    import monitor
    from monitor.studies.rows import session_tables

    session = monitor.offline_session("healthy-walk", duration_s=90)
    f = session.frames
    f.loc[f.foot == "left", [c for c in f.columns if c.endswith("_kpa")]] = np.nan
    result = monitor.analyze(session)
    assert result.no_data == ("left",)
    summary = result.summary()
    assert (summary["left"]["activity"], summary["right"]["activity"]) == ("unknown", "walking"), summary
    doc = result.to_json_dict()["summary"]
    assert {f: doc[f]["activity"] for f in doc} == {"left": "unknown", "right": "walking"}
    rows = session_tables(session, result, {}, "x", {}, {})["sessions"].set_index("foot")
    assert rows["activity"].to_dict() == {"left": "unknown", "right": "walking"}


def test_the_windows_of_a_foot_with_no_data_have_no_activity():
    """``monitor.windows_table`` gave every window of the foot with no pressure sample the declared activity
    ("walking") where its summary, ``analyze --json`` and the study say "unknown": one rule for the foot."""
    import numpy as np

    import monitor

    session = monitor.offline_session("healthy-walk", duration_s=90)
    f = session.frames
    f.loc[f.foot == "left", [c for c in f.columns if c.endswith("_kpa")]] = np.nan
    result = monitor.analyze(session)
    windows = monitor.windows_table(result)
    said = {foot: set(w["activity"]) for foot, w in windows.groupby("foot")}
    assert said == {"left": {"unknown"}, "right": {"walking"}}, said
    assert {foot: s["activity"] for foot, s in result.summary().items()} == {"left": "unknown", "right": "walking"}
