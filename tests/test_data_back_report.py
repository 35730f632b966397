"""A foot silent for longer than ``stale_after_s`` mid-ride and then back: the analysis of the recording
gives the data-stale event and then the data-back one, as the live session told the rider, and the report's
event list, ``solewatch analyze``'s text and JSON and the exported FIT file's events all say the data came
back, so none reads as if the foot never did.

The session is the simulated healthy ride built offline (deterministic, no clock), with the left insole's
frames removed over a span of session time.
"""

from __future__ import annotations

from pathlib import Path

from garmin_fit_sdk import Decoder, Stream

from monitor.analysis.batch import analyze
from monitor.cli.fit_commands import export_fit
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.report.text import analysis_text
from monitor.session.directory import Session
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS

GAP_S = (30.0, 46.0)  # the left insole sends nothing over this span of session s (a guess at a radio fade)


def _silent_left_then_back(where: Path) -> Session:
    """The ride, as a session in the empty folder ``where`` (the export reads the session's folder)."""
    s = offline_session("healthy-ride", duration_s=180, seed=3)
    f = s.frames
    gone = ((f["foot"] == "left") & (f["t_s"] >= GAP_S[0]) & (f["t_s"] < GAP_S[1])).to_numpy()
    where.mkdir()
    return Session(where, s.info, f[~gone].reset_index(drop=True), s.gaps)


def test_a_silent_foot_then_back_gives_data_stale_then_data_back_in_the_analysis_report_and_fit(tmp_path):
    assert GAP_S[1] - GAP_S[0] > DEFAULT_PARAMS.alerts.stale_after_s
    session = _silent_left_then_back(tmp_path / "session")
    result = analyze(session)
    left = [(e.kind, e.t_s, e.message) for e in sorted(result.events, key=lambda e: e.t_s) if e.foot == "left"]
    kinds = [k for k, _, _ in left]
    assert kinds == ["data_stale", "data_back"], left
    stale_s, back_s = left[0][1], left[1][1]
    assert GAP_S[0] + DEFAULT_PARAMS.alerts.stale_after_s - 1.0 <= stale_s < GAP_S[1] <= back_s < GAP_S[1] + 1.0
    assert "DATA BACK from the left insole after 1" in left[1][2]  # silent about 16 s
    assert not [e for e in result.events if e.foot == "right"]
    doc = result.to_json_dict()
    assert [e["kind"] for e in doc["events"] if e["foot"] == "left"] == ["data_stale", "data_back"]
    assert "DATA BACK from the left insole" in analysis_text(result)
    # the report's list of every alert and event
    html = render_html(report_data(session, result), {})
    assert "data back" in html and "DATA BACK from the left insole after 1" in html
    assert html.index("data stale") < html.index("data back")
    # the exported FIT file's events, read back with Garmin's SDK
    out = tmp_path / "a.fit"
    with (tmp_path / "said.txt").open("w") as said:
        assert export_fit(session, out, force=False, params_file=None, said=said) == 0
    messages, errors = Decoder(Stream.from_file(str(out))).read()
    assert errors == []
    names = {f["field_definition_number"]: f["field_name"] for f in messages["field_description_mesgs"]}
    got = [{names[k]: v for k, v in e.get("developer_fields", {}).items()} for e in messages["event_mesgs"]
           if e["event"] == "user_marker"]
    said_left = [(g["alert kind"], g["alert message"]) for g in got if g.get("alert foot") == "left"]
    assert [k for k, _ in said_left if k.startswith("data")] == ["data_stale", "data_back"], said_left
