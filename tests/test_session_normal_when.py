"""Plain ``solewatch analyze SESSION`` (judged against the session's own baseline.json, the normal its live run
judged against) says where that normal was kept from as the end of live and replay and ``analyze --rider`` say
it: "other rides" of a normal stamped at or after the session's start (a clock that was ahead), "earlier rides"
of one stamped before it or with no time; and a live start line whose two feet's normals were kept at different
times says each foot's word, as analyze's per-foot line does.

Had: plain analyze said "Judged against sim's normal kept from earlier rides." (``kept_by`` earlier_sessions)
of a baseline.json stamped 2099, where live and replay said "other rides"; and ``rider_start_line`` said
"rider cy: its normal from other rides" of a left normal kept before the session and a right one after it,
where analyze said "Judged per foot: left foot against cy's normal kept from earlier rides; right foot against
cy's normal kept from other rides."
"""

from __future__ import annotations

import json
import shutil
from html import unescape

import pytest
from test_judged_against_json import sim_normal  # noqa: F401 - the fixture
from test_kept_normal_when import FEET, SESSION, START, _normal

from monitor.analysis.judged import judged_against
from monitor.analysis.normal_words import kept_when
from monitor.cli.judged_against import rider_start_line
from monitor.cli.main import main
from monitor.session.riders import write_session_baseline
from monitor.signal.baseline import RiderBaseline

pytestmark = pytest.mark.timeout(600)


def _session_with_normal(tmp_path, normal):
    """A copy of the sim-cleat-forward sample recorded for rider "sim" whose live run judged against ``normal``
    (its baseline.json)."""
    dst = tmp_path / "s"
    shutil.copytree(SESSION, dst)
    info = json.loads((dst / "session.json").read_text())
    (dst / "session.json").write_text(json.dumps({**info, "rider": "sim"}, indent=2))
    write_session_baseline(dst, normal)
    return dst


@pytest.mark.parametrize("kept_utc, words, kept_by", [
    ("2099-01-01T00:00:00Z", "other rides", "other_rides"),  # stamped after the session started
    ("2026-11-26T23:00:00Z", "earlier rides", "earlier_sessions"),  # before it (it started 23:12:11)
    (None, "earlier rides", "earlier_sessions"),  # no time: the normal its live run judged against, kept before
])
def test_plain_analyze_says_it_as_live_and_analyze_rider_do(tmp_path, monkeypatch, capsys, sim_normal,  # noqa: F811
                                                            kept_utc, words, kept_by):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    session = _session_with_normal(tmp_path, sim_normal.stamped(kept_utc))
    capsys.readouterr()
    assert main(["analyze", str(session), "--json"]) == 0
    judged = json.loads(capsys.readouterr().out)["judged_against"]
    # 2099: had "Judged against sim's normal kept from earlier rides." and kept_by earlier_sessions
    assert judged["line"] == f"Judged against sim's normal kept from {words}.", judged["line"]
    assert {v["kept_by"] for v in judged["feet"].values()} == {kept_by}, judged["feet"]


def _two_times() -> RiderBaseline:
    """The left foot's normal kept before the session (START), the right foot's after it."""
    early, late = _normal("2026-12-06T23:01:00Z"), _normal("2026-12-06T23:16:33.100Z")
    return RiderBaseline({"left": early.feet["left"], "right": late.feet["right"]}, insole="solewatch")


def test_a_start_line_of_two_feet_kept_at_different_times_says_each_foots_word():
    normal = _two_times()
    kept = normal.kept_feet(FEET)
    after = judged_against(dict.fromkeys(FEET, True), kept, normal, "cy", FEET,
                           own=kept_when(kept, normal, FEET, START, live=normal))
    assert after.line == ("Judged per foot: left foot against cy's normal kept from earlier rides; right foot "
                          "against cy's normal kept from other rides."), after.line
    line = rider_start_line("cy", normal, "cycling", tuple(FEET), START)
    # had: "rider cy: its normal from other rides"
    assert line == "rider cy: its normal from earlier rides on the left foot, from other rides on the right foot", line


def test_a_start_line_of_two_feet_kept_alike_names_no_foot():
    normal = _normal("2026-12-06T23:16:33.100Z")
    assert rider_start_line("cy", normal, "cycling", tuple(FEET), START) == "rider cy: its normal from other rides"


def test_the_report_a_live_session_writes_at_its_end_says_it_too(tmp_path, monkeypatch, sim_normal):  # noqa: F811
    from monitor.report.writer import write_session_report

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    session = _session_with_normal(tmp_path, sim_normal.stamped("2099-01-01T00:00:00Z"))
    said = [ln for ln in unescape(write_session_report(session).read_text()).splitlines() if "Judged against" in ln]
    # had: "Judged against sim's normal kept from earlier rides."
    assert said and all("Judged against sim's normal kept from other rides." in ln for ln in said), said
