"""`analyze` says where a foot watched long enough went silent to the end, as live, replay and the report do.

`live --sim toe-clips --insole ukaton --speed 20 --duration 7m --pedals toe-clips --fault stop:left@330s` ended
"Note: left insole silent from 5:32 to the end: 4,550 frames missing", replay alike, and the report said "no
data from 5:32 to the end of the session"; `analyze` of it said nothing of it (the left foot's line "first
warning 5:10" only, `--json` with no place for it).
"""

from __future__ import annotations

import asyncio

import pytest
from live_ride import live_ride
from test_brief_foot_summary import QUICK_PARAMS, SPEED

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.live.replay import replay_session
from monitor.report.text import analysis_text

pytestmark = pytest.mark.timeout(300)

GAP_WORDS = " (not a gap: a gap lies between two packets)"


def test_analyze_says_the_foot_silent_to_the_end_as_live_and_replay_do(tmp_path):
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["stop:left@100s"], duration_s=150.0,
                     params=QUICK_PARAMS)
    said = [n.removesuffix(GAP_WORDS) for n in live.record.absent_notes()]
    silent = [n for n in said if n.startswith("left insole silent from 1:40 to the end: ")]
    assert len(silent) == 1, said
    replay = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    assert [n.removesuffix(GAP_WORDS) for n in replay.record.absent_notes()] == said
    result = analyze(load_session(live.record.path), params=QUICK_PARAMS)
    text = analysis_text(result).splitlines()
    left = next(x for x in text if x.startswith("left: "))
    assert "of data" not in left  # watched long enough: not named as watched briefly
    assert [x.removeprefix("Note: ") for x in text if x.startswith("Note: ")] == said
    assert text.index(f"Note: {silent[0]}") > text.index(left)
    absent = result.to_json_dict()["absent_at_ends"]
    assert [s["note"] for s in absent["left"]] == silent
    (span,) = absent["left"]
    assert span["from_s"] == pytest.approx(100.0, abs=0.1) and span["to_s"] == pytest.approx(150.0, abs=0.1)
    assert span["frames_missing"] == int(silent[0].split(": ")[1].split()[0].replace(",", ""))


def test_analyze_says_every_span_of_a_foot_watched_briefly_as_replay_does():
    """A foot watched too briefly to tell (its line: "no warning in its 2:28 of data") that
    also started late had its start and end spans left out of the notes: an ORPHE ride at 40x printed only the
    right insole's "no data from the start to 0:02", where replay printed the left's "no data from the start
    to 0:01 ...: 119 frames missing" and "left insole silent from 2:31 to the end: 9,034 frames missing" too,
    and ``--json``'s ``absent_at_ends`` held all three. Now the text names each span ``absent_at_ends`` holds,
    in live's and replay's words."""
    import monitor

    session = monitor.offline_session("healthy-ride", duration_s=240)
    f = session.frames
    session.frames = f[(f.foot == "right") | ((f.t_s >= 2.0) & (f.t_s <= 150.0))].reset_index(drop=True)
    result = analyze(session)
    text = analysis_text(result).splitlines()
    left = next(x for x in text if x.startswith("left: "))
    assert left.endswith("no warning in its 2:28 of data"), left  # watched briefly; its spans in the notes
    notes = [x.removeprefix("Note: ") for x in text if x.startswith("Note: ")]
    spans = result.to_json_dict()["absent_at_ends"]
    assert notes == result.absent_notes() == [s["note"] for foot in spans for s in spans[foot]], notes
    assert [n.split(":")[0] for n in notes] == ["left insole", "left insole silent from 2"], notes
    assert notes[0].startswith("left insole: no data from the start to 0:02")
    assert notes[1].startswith("left insole silent from 2:30 to the end: ")


def test_analyze_says_a_briefly_watched_foots_silence_once_as_replay_does(tmp_path):
    """An ORPHE ride at 40x whose left insole sent 2:30 of 4:00: analyze's text said the left foot's end
    silence twice, in its line ("no warning in its 2:30 of data, none after 2:31") and in the Note with the
    frames missing, where replay says the verdict and the Note only. Now the line leaves it to the Note, and
    analyze's verdict and notes are replay's."""
    live = live_ride(tmp_path, "healthy-ride", speed=SPEED, seed=1, faults=["stop:left@20s"], duration_s=150.0,
                     params=QUICK_PARAMS)
    replay = asyncio.run(replay_session(live.record.path, params=QUICK_PARAMS))
    replayed = [n.removesuffix(GAP_WORDS) for n in replay.record.absent_notes()]
    result = analyze(load_session(live.record.path), params=QUICK_PARAMS)
    text = analysis_text(result).splitlines()
    assert [x.removeprefix("Note: ") for x in text if x.startswith("Note: ")] == replayed
    (silent,) = [n for n in replayed if n.startswith("left insole silent from 0:20 to the end: ")]
    left = next(x for x in text if x.startswith("left: "))
    assert left.endswith("no warning in its 0:20 of data"), left
    assert [x for x in text if "0:20" in x and "left" in x] == [text[0], left, f"Note: {silent}"], text
    said = "the left foot sent only 0:20 of data, none after 0:20, too little to tell."
    assert text[0].endswith(said), text[0]
    from monitor.live.summary import summary_text

    assert said in summary_text(replay)  # the verdict's words in replay's summary too


def test_a_briefly_watched_foots_line_keeps_the_holes_no_note_says():
    import monitor

    session = monitor.offline_session("healthy-ride", duration_s=240)
    f = session.frames
    left = ((f.t_s >= 30.0) & (f.t_s <= 100.0)) | ((f.t_s >= 130.0) & (f.t_s <= 150.0))
    session.frames = f[(f.foot == "right") | left].reset_index(drop=True)
    result = analyze(session)
    text = analysis_text(result).splitlines()
    line = next(x for x in text if x.startswith("left: "))
    assert line.endswith("no warning in its 1:30 of data, no data from 1:40 to 2:10"), line
    notes = [x.removeprefix("Note: ") for x in text if x.startswith("Note: ")]
    assert notes == result.absent_notes(), notes
    assert [n.split(":")[0] for n in notes] == ["left insole", "left insole silent from 2"], notes
