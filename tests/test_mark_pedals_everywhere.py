"""A numb mark on toe clips names the toe strap in every view that words it: the live terminal's line, the phone
view's state and a replay's line, as the session's analysis words it (the markers of `export --format fit`):
"Unweight the foot 20-60 s; loosen the toe strap on the left foot" (domain.md section 6, "worse with toe clips
or straps ... looser straps" [16][19] W-M).

A mark carries its own words, made by the analysis core with the declared pedals (tests/test_mark_toe_clips.py);
one that comes without them (an Alert made by other code) is worded by each view. Those views took no pedals:
the terminal's line and the phone's said "loosen the left shoe's strap or dial" on toe clips, and a replay's
line, with no activity either, "Take the weight off the foot 20-60 s; loosen the left shoe over the forefoot".
Now each takes the session's declared pedals (the live view carries them: LiveView.pedals; a replay reads
setup.json) and a replay's line its declared activity.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from live_ride import live_ride
from rich.console import Console

import monitor
import monitor.analysis.streaming as analysis_core
from firmware_sim.scenarios import SCENARIOS
from monitor.analysis.marks import RIDER_MARK_KIND, mark_alert
from monitor.cli.console_live import LiveDisplay
from monitor.cli.main import main
from monitor.live.web.state import page_state
from monitor.session.offline import simulated_setup

pytestmark = pytest.mark.timeout(300)

#: Session s of the rider's mark of the left foot: long before any warning could come (5:00 of load, domain.md).
MARK_AT_S = 8.0
TOE_STRAP = "loosen the toe strap on the left foot"


@pytest.fixture(scope="module")
def ride(tmp_path_factory):
    """A 40 s live ride on the simulated toe-clips insoles, its setup the scenario's (toe clips declared, as
    `live --sim toe-clips` keeps it in setup.json), the left foot marked numb from the terminal at 0:08, no
    warning before it: its session directory, its live summary and its last view (which holds the mark)."""
    views = []
    summary = live_ride(tmp_path_factory.mktemp("toe-clips"), "toe-clips", duration_s=40.0, speed=20.0,
                        marks=[(MARK_AT_S, "left")], on_view=views.append,
                        meta_changes={"setup": simulated_setup(SCENARIOS["toe-clips"])})
    return summary.record.path, summary, next(v for v in reversed(views) if v.marks)


def _analyzed_words(path) -> str:
    """What the session's analysis says to do at its mark (the FIT export's words of it: the foot's activity
    and the declared pedals, monitor.cli.fit_commands)."""
    result = monitor.analyze(path)
    assert not [a for a in result.alerts if a.level in ("warning", "alert")]  # marked numb with no warning
    (check,) = result.mark_checks()
    acts = result.activities()
    said = mark_alert(check.mark, acts.get(check.mark.foot), check.no_data_since_s, check.lost_frames,
                      pedals=result.setup.pedals).relief
    assert said is not None and said.startswith(f"Unweight the foot 20-60 s; {TOE_STRAP}. "), said
    return said


def _terminal_line(view, mark) -> str:
    """The live terminal's plain line of ``mark`` delivered after ``view``."""
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=400), plain=True) as display:
        display.update(view)
        display.event(mark, ["terminal"])
    return next(line for line in out.getvalue().splitlines() if "NUMB NOW" in line)


def _bare(view):
    """``view`` with its marks made without their own words (no ``relief``)."""
    return replace(view, marks=tuple(replace(m, relief=None) for m in view.marks))


def test_a_mark_s_own_words_on_toe_clips_agree_with_the_analysis_in_every_view(ride, capsys):
    """Live, the phone, the terminal and a replay say the analysis's words of the mark (each had them already:
    the mark carries them)."""
    path, summary, view = ride
    said = _analyzed_words(path)
    now, referral = said.split(". If ", 1)
    (mark,) = [d.alert for d in summary.delivered if d.alert.kind == RIDER_MARK_KIND]
    assert mark.relief == said
    state = page_state(view)
    assert state["marks"][-1]["todo"] == now and state["referral"] == f"If {referral}"
    assert f"NUMB NOW  marked by the rider. {said}" in _terminal_line(view, view.marks[-1])
    assert main(["replay", str(path), "--plain"]) == 0
    assert f"LEFT   NUMB NOW  marked by the rider. {said}" in capsys.readouterr().out


def test_the_live_view_carries_the_declared_pedals(ride):
    _, _, view = ride
    assert view.pedals == "toe-clips"


def test_a_mark_without_its_own_words_names_the_toe_strap_on_the_phone(ride):
    """Had: "Unweight the foot 20-60 s; loosen the left shoe's strap or dial" (no pedals taken)."""
    path, _, view = ride
    now, referral = _analyzed_words(path).split(". If ", 1)
    state = page_state(_bare(view))
    assert state["marks"][-1]["todo"] == now, state["marks"]
    assert state["referral"] == f"If {referral}"


def test_a_mark_without_its_own_words_names_the_toe_strap_on_the_terminal(ride):
    """Had: "NUMB NOW  marked by the rider. Unweight the foot 20-60 s; loosen the left shoe's strap or dial. ..."."""
    path, _, view = ride
    bare = _bare(view)
    line = _terminal_line(bare, bare.marks[-1])
    assert f"NUMB NOW  marked by the rider. {_analyzed_words(path)}" in line, line


def test_a_replayed_mark_without_its_own_words_names_the_toe_strap(ride, capsys, monkeypatch):
    """The replay's analysis gives its marks without their words: its line words them for the session's
    declared activity and pedals. Had: "Take the weight off the foot 20-60 s; loosen the left shoe over the
    forefoot" (neither taken)."""
    path, _, _ = ride
    said = _analyzed_words(path)
    made = analysis_core.mark_alert
    monkeypatch.setattr(analysis_core, "mark_alert", lambda *a, **k: replace(made(*a, **k), relief=None))
    assert main(["replay", str(path), "--plain"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "NUMB NOW" in line]
    assert len(lines) == 1 and f"LEFT   NUMB NOW  marked by the rider. {said}" in lines[0], lines


def test_a_replay_of_a_broken_setup_says_so_before_an_events_file_is_made(ride, tmp_path, capsys):
    """The replay reads the declared pedals before it makes the events file: a broken setup.json is one line,
    exit 2, and no events file. Had: the same line, and an empty events file left behind."""
    import shutil

    path, _, _ = ride
    session = shutil.copytree(path, tmp_path / "session")
    (session / "setup.json").write_text('{"pedals": "spd"}', encoding="utf-8")
    events = tmp_path / "events.jsonl"
    assert main(["replay", str(session), "--plain", "--events", str(events)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"solewatch replay: error: {session / 'setup.json'}: pedals 'spd' is not one of clipless, "
                   "toe-clips, flat"], err
    assert not events.exists()
