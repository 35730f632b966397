"""A numb mark on a foot that sent no data at the time is said as such: "when it had sent no data since 1:40
(its load then unknown)", not "with no pressure cause in the data", which hold nothing of that time; the
referral to a clinician stays (domain.md section 6's last row). Live, replay, analyze's text, its numb-now
lines and ``--json`` (``marks[].no_data_since_s``) agree.

`live --sim one-sided --speed 30 --duration 12m --fault stop:left@240s` with a left mark at 7:00 said "yet the
left foot was marked numb at 7:00, with no pressure cause in the data: ... see a clinician" in its summary,
analyze's text and verdict, and ``--json`` had only ``first_sign_s: null``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jsonschema
import pytest
from test_brief_foot_summary import QUICK_PARAMS, SPEED
from virtual_clock import run_on_virtual_clock

from monitor import load_session
from monitor.analysis.alerts import Alert
from monitor.analysis.batch import analyze
from monitor.analysis.mark_words import unexplained_marks
from monitor.analysis.marks import RiderMark, mark_alert
from monitor.cli.console_live import format_event
from monitor.link.ble import LinkConfig
from monitor.link.pairing import open_pair
from monitor.live.replay import replay_session
from monitor.live.session import mark_numb, run_live
from monitor.live.simulated import simulated_insoles
from monitor.live.summary import summary_text
from monitor.report.text import analysis_text
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())
#: the referral after a mark no sign explains, in the words of a ride (monitor.analysis.referrals.see_a_clinician)
CLINICIAN = "if numbness persists after the ride ends, see a clinician [18][36]"
#: the same where no activity is given
ANY_CLINICIAN = "if numbness persists after the session ends, see a clinician [18][36]"
MARK_S = 170.0


async def _left_marked_after_its_insole_stopped(out: Path):
    async with simulated_insoles("one-sided", speed=SPEED, seed=1, faults=["stop:left@100s"]) as sim:
        link = await open_pair(sim.backends, LinkConfig(speed=SPEED))
        marked: list[float] = []

        def on_view(view) -> None:
            if not marked and view.session_s >= MARK_S:
                marked.append(view.session_s)
                mark_numb(link, "left", "terminal")

        return await run_live(link, sim.meta, duration_s=200.0, out_dir=out, params=QUICK_PARAMS,
                              on_view=on_view)


def test_a_mark_on_a_foot_without_data_is_said_to_have_no_data_not_no_cause(tmp_path):
    live = run_on_virtual_clock(_left_marked_after_its_insole_stopped(tmp_path))
    result = analyze(load_session(live.record.path), params=QUICK_PARAMS)
    (at,) = [clock_text(m.t_s) for m in result.marks]  # the view's time at or after MARK_S: 2:50 or a little on
    said = f"the left foot was marked numb at {at}, when it had sent no data since 1:40 (its load then unknown): "
    live_text = summary_text(live)
    assert f"{said}{CLINICIAN}." in live_text and "no pressure cause" not in live_text, live_text
    replay_text = summary_text(asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS)))
    assert f"{said}{CLINICIAN}." in replay_text and "no pressure cause" not in replay_text, replay_text
    assert result.advice().verdict.endswith(f"; yet {said}{CLINICIAN}."), result.advice().verdict
    text = analysis_text(result)
    assert "no pressure cause" not in text
    assert f"  {at:>8}  left foot: nothing before it; the foot had sent no data since 1:40 (its load then unknown)" \
        in text.splitlines(), text
    out = result.to_json_dict()
    jsonschema.validate(json.loads(json.dumps(out)), SCHEMA)
    (mark,) = out["marks"]
    assert mark["first_sign_s"] is None and mark["no_data_since_s"] == pytest.approx(100.0, abs=0.1)


def test_the_live_numb_now_line_says_the_foot_had_sent_no_data(tmp_path):
    """The live line of a mark on a foot that sent no data then said "NUMB NOW  marked by the rider" alone,
    while the summary, analyze and the report said "the foot had sent no data since 1:40 (its load then
    unknown)"; now it says that too, live and in the replay, and a mark on a foot with data says nothing more."""
    live = run_on_virtual_clock(_left_marked_after_its_insole_stopped(tmp_path))
    replayed = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    for summary in (live, replayed):
        (mark,) = [a for a in summary.alerts if a.kind == "rider_mark"]
        line = format_event(mark, ["terminal"])
        assert "NUMB NOW  marked by the rider; the foot had sent no data since 1:40 (its load then unknown). " \
               f"{mark.relief}  [delivered: terminal]" in line and line.endswith("  [delivered: terminal]"), line
    watched = mark_alert(RiderMark(50.0, "left"), "cycling", None)
    assert f"NUMB NOW  marked by the rider. {watched.relief}  " in format_event(watched, ["terminal"])


def test_marks_with_data_and_without_are_each_said_and_the_referral_once():
    marks = [mark_alert(RiderMark(50.0, "left")), mark_alert(RiderMark(420.0, "left")),
             mark_alert(RiderMark(130.0, "right"))]
    runs = {"left": ((0.0, 240.0),), "right": ((0.0, 720.0),)}
    assert unexplained_marks(marks, runs) == (
        "the left foot was marked numb at 0:50 and the right at 2:10, with no pressure cause in the data, and the "
        "left foot was marked numb at 7:00, when it had sent no data since 4:00 (its load then unknown): "
        f"{ANY_CLINICIAN}")
    # a foot that joined late: no data from the start; runs not known: the marks' words as they were
    assert unexplained_marks(marks[2:], {"left": ((0.0, 720.0),), "right": ((200.0, 720.0),)}) == (
        f"the right foot was marked numb at 2:10, when it had sent no data since the start (its load then unknown): "
        f"{ANY_CLINICIAN}")
    assert unexplained_marks(marks, None) == unexplained_marks(marks, {}) == (
        f"the left foot was marked numb at 0:50 and 7:00 and the right at 2:10, with no pressure cause in the data: "
        f"{ANY_CLINICIAN}")


def test_the_report_says_a_mark_without_data_came_with_the_load_unknown():
    """With nothing to try, the report's "what to try" said "the numb marks had no pressure cause in the data"
    of a mark made after the foot's insole stopped."""
    from monitor.analysis.marks import RIDER_MARK_EVENT
    from monitor.report.data import report_data
    from monitor.report.pdf import report_text_lines
    from monitor.session.offline import offline_session

    session = offline_session("healthy-ride", duration_s=240)
    f = session.frames
    session.frames = f[(f.foot == "right") | (f.t_s <= 100.0)].reset_index(drop=True)
    session.events = [*session.events, {"t_s": 170.0, "event": RIDER_MARK_EVENT, "foot": "left", "mark": "numb",
                                        "source": "web"}]
    result = analyze(session)
    assert not result.advice().tips
    lines = report_text_lines(report_data(session, result))
    said = [ln for ln in lines if "the numb marks" in ln]
    assert said and all("no pressure cause" not in ln for ln in said), lines
    assert any("the numb marks came while their foot sent no data (its load then unknown); if numbness "
               "persists after the ride ends" in ln for ln in said), said


def test_a_sign_before_the_data_stopped_does_not_explain_a_mark_made_without_data():
    """A right foot warned at 5:10 whose insole stopped at 6:00 and was marked numb at 10:00 had its mark counted
    as explained by the warning: the verdict said nothing of it, though nothing was known of the foot's load
    then. Now the verdict says the mark came without data, when, and the sign before the data stopped, and
    keeps the referral to a clinician; a mark while the foot sent data stays explained by its sign."""
    warned = Alert(310.0, "right", "alert", "warning", region="mth2_3", pattern="focal_mth")
    late, early = mark_alert(RiderMark(600.0, "right")), mark_alert(RiderMark(330.0, "right"))
    runs = {"left": ((0.0, 720.0),), "right": ((0.0, 360.0),)}
    assert unexplained_marks([warned, late], runs) == (
        "the right foot was marked numb at 10:00, when it had sent no data since 6:00 (its load then unknown; its "
        f"data's last sign: a warning at 5:10): {ANY_CLINICIAN}")
    assert unexplained_marks([warned, early], runs) == ""  # with data at the mark: the warning explains it
    assert unexplained_marks([warned, late], None) == ""  # the runs not known: as it was


def test_the_verdict_says_a_mark_after_the_warned_foots_data_stopped():
    """The same through analyze: the one-sided ride's right foot warned, its frames cut from 6:00, a mark at
    10:00. The verdict ends with the mark's words; the marked foot is one whose mark no sign explains."""
    from monitor.analysis.marks import RIDER_MARK_EVENT
    from monitor.report.verdict_data import verdict
    from monitor.session.offline import offline_session

    session = offline_session("one-sided", duration_s=660)
    f = session.frames
    session.frames = f[(f.foot == "left") | (f.t_s <= 360.0)].reset_index(drop=True)
    session.events = [*session.events, {"t_s": 600.0, "event": RIDER_MARK_EVENT, "foot": "right", "mark": "numb",
                                        "source": "web"}]
    result = analyze(session)
    (first,) = {a.t_s for a in result.alerts if a.foot == "right" and a.level == "warning"}
    advice = result.advice()
    assert advice.verdict.endswith(
        f"; yet the right foot was marked numb at 10:00, when it had sent no data since 6:00 (its load then unknown; "
        f"its data's last sign: a warning at {clock_text(first)}): {CLINICIAN}."), advice.verdict
    assert advice.marked_without_cause == ("right",) and advice.tips  # the warning's suggestions stay
    assert verdict(result, tuple(result.feet)).marked_unwatched == (True,)


def test_the_fit_export_says_the_mark_came_when_its_foot_sent_no_data(tmp_path, capsys):
    """The FIT export's marker of a mark on a foot that sent no data then said "NUMB NOW left foot: marked by
    the rider" alone, while live, the events file, replay and analyze said since when the foot had sent none."""
    from monitor.cli.main import main

    live = run_on_virtual_clock(_left_marked_after_its_insole_stopped(tmp_path))
    out = tmp_path / "ride.fit"
    assert main(["export", str(live.record.path), "--format", "fit", "-o", str(out)]) == 0
    assert "1 numb mark" in capsys.readouterr().out
    markers = fit_markers(out)
    said = [m["alert message"] for m in markers if m["alert kind"] == "rider_mark"]
    assert said == ["NUMB NOW left foot: marked by the rider; the foot had sent no data since 1:40 "
                    "(its load then unknown)"], markers


def fit_markers(path) -> list[dict]:
    """The user markers of the FIT file at ``path`` (decoded by garmin-fit-sdk, without errors), each as its
    developer fields by name ("alert kind", "alert message", ...)."""
    from garmin_fit_sdk import Decoder, Stream
    from garmin_fit_sdk.profile import Profile

    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    names = {f["field_definition_number"]: f["field_name"] for f in messages["field_description_mesgs"]
             if f["native_mesg_num"] == Profile["mesg_num"]["EVENT"]}
    return [{names[k]: v for k, v in e["developer_fields"].items()}
            for e in messages["event_mesgs"] if e["event"] == "user_marker"]
