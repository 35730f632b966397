"""A session of a second or more none of whose insoles sent a pressure sample says its length with that, in
one wording everywhere: "0:30 with no data, no insole sent a pressure sample" (monitor.analysis.watched
.no_sample_length). Had: "Session: 0:30 of ride (cleat-forward, simulated at 40x)." above "Alerts: none: both
feet sent no data ...", "Session recorded: 0:30 of session time", "Replay: 1:30 of ride (...)", the report's
"duration 1:30", and ``analyze`` said no length: a ride under the declared activity's name with nothing in it.
A session of less than a second says "no data, no insole sent a frame" (tests/test_no_data_session_words.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from test_judged_progress import no_data
from test_sub_second_session_length import first_lines, simulated_live

from monitor.analysis.watched import NO_DATA_HELD, NO_SAMPLE_HELD, no_sample_length
from monitor.cli.main import main
from monitor.util.timefmt import clock_text

pytestmark = pytest.mark.timeout(300)


def test_the_length_of_a_session_without_a_sample_keeps_its_duration():
    none = {"left": (), "right": ()}
    assert no_sample_length(30.0, none, "0:30") == "0:30 with no data, no insole sent a pressure sample"
    assert no_sample_length(1.0, none, "0:01") == f"0:01 {NO_SAMPLE_HELD}"
    assert no_sample_length(0.5, none, "0:00") == no_sample_length(None, none, "0:00") == NO_DATA_HELD
    assert no_sample_length(30.0, {"left": (), "right": ((0.0, 30.0),)}, "0:30") is None  # one foot sent some
    assert no_sample_length(30.0, None, "0:30") is None and no_sample_length(30.0, {}, "0:30") is None  # unknown


def _empty_frames_live(tmp_path, monkeypatch):
    """The LiveSummary of a 0:30 live session at 40x whose simulated insoles sent frames, every sensor of
    every one "no reading"."""
    from firmware_sim.peripheral import SimInsole

    encode = SimInsole._encode

    def no_reading(self, kpa, tared, period, group):
        return encode(self, np.full_like(kpa, np.nan), tared, period, group)

    with monkeypatch.context() as patched:
        patched.setattr(SimInsole, "_encode", no_reading)
        return simulated_live(tmp_path, "cleat-forward", 30.0)


def test_a_live_session_of_frames_without_a_sample_says_its_length_so_not_of_ride(tmp_path, capsys, monkeypatch):
    from monitor.live.summary import summary_text

    summary = _empty_frames_live(tmp_path, monkeypatch)
    rec = summary.record
    assert summary.data_runs == {"left": (), "right": ()} and rec.duration_s >= 1.0
    assert all(c["frames_received"] for c in rec.counters.values())  # frames came, none with a sample
    length = clock_text(rec.duration_s)
    assert "of ride" not in summary_text(summary), summary_text(summary)
    head, recorded, replay = first_lines(summary, capsys)
    assert head == f"Session: {length} {NO_SAMPLE_HELD} (cleat-forward, simulated at 40x).", head
    assert recorded == f"Session recorded: {length} {NO_SAMPLE_HELD}", recorded
    assert replay.startswith(f"Replay: {length} {NO_SAMPLE_HELD} (cleat-forward, recorded at 40x), "), replay


def test_analyze_replay_and_the_report_say_the_length_of_a_session_without_a_sample(tmp_path, capsys):
    session = no_data(tmp_path / "no-sample")  # 1:30 of frames of both insoles, every one "no reading"
    said = f"1:30 {NO_SAMPLE_HELD}"
    capsys.readouterr()
    assert main(["analyze", str(session)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Verdict: both feet sent no data") and lines[1] == f"Session: {said}.", lines
    assert main(["replay", str(session), "--speed", "1000", "--plain"]) == 0
    replay = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Replay: "))
    assert replay.startswith(f"Replay: {said} (sample-cleat-forward, recorded at 30x), "), replay
    assert main(["report", str(session), "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    meta = re.search(r"cleat-forward · [^<]*", page).group(0)
    assert f" · {said} · left no data, right no data · " in meta and "duration 1:30" not in page, meta
