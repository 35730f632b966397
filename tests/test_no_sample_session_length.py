"""A session of a second or more none of whose insoles sent a pressure sample says its length with that, in
one wording everywhere: "0:30 with no data, no insole sent a pressure sample" (monitor.analysis.watched
.no_sample_length). Had: "Session: 0:30 of ride (cleat-forward, simulated at 40x)." above "Alerts: none: both
feet sent no data ...", "Session recorded: 0:30 of session time", "Replay: 1:30 of ride (...)", the report's
"duration 1:30", and ``analyze`` said no length: a ride under the declared activity's name with nothing in it.
A session of less than a second says "no data, no insole sent a frame" (tests/test_no_data_session_words.py)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from rich.console import Console
from test_judged_progress import no_data
from virtual_clock import run_on_virtual_clock

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


def _empty_frames_live(tmp_path):
    """The LiveSummary of a 0:30 live session at 40x whose simulated insoles sent frames, every sensor of
    every one "no reading"."""
    from firmware_sim.peripheral import SimInsole

    from monitor.link.ble import LinkConfig
    from monitor.link.pairing import open_pair
    from monitor.live.session import run_live
    from monitor.live.simulated import simulated_insoles

    async def ride():
        encode = SimInsole._encode

        def no_reading(self, kpa, tared, period, group):
            return encode(self, np.full_like(kpa, np.nan), tared, period, group)

        SimInsole._encode = no_reading
        try:
            async with simulated_insoles("cleat-forward", speed=40.0, seed=1, faults=[]) as sim:
                link = await open_pair(sim.backends, LinkConfig(speed=40.0))
                return await run_live(link, sim.meta, duration_s=30.0, out_dir=tmp_path)
        finally:
            SimInsole._encode = encode

    return run_on_virtual_clock(ride())


def test_a_live_session_of_frames_without_a_sample_says_its_length_so_not_of_ride(tmp_path, capsys):
    from monitor.cli.console import print_summary
    from monitor.live.summary import summary_text

    summary = _empty_frames_live(tmp_path)
    rec = summary.record
    assert summary.data_runs == {"left": (), "right": ()} and rec.duration_s >= 1.0
    assert all(c["frames_received"] for c in rec.counters.values())  # frames came, none with a sample
    length = clock_text(rec.duration_s)
    text = summary_text(summary)
    assert text.splitlines()[0] == f"Session: {length} {NO_SAMPLE_HELD} (cleat-forward, simulated at 40x).", text
    assert "of ride" not in text, text
    out = io.StringIO()
    print_summary(Console(file=out, width=200), rec)  # record's end
    assert out.getvalue().splitlines()[0] == f"Session recorded: {length} {NO_SAMPLE_HELD}", out.getvalue()

    capsys.readouterr()
    assert main(["replay", str(rec.path), "--speed", "1000", "--plain"]) == 0
    replay = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Replay: "))
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
