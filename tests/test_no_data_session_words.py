"""A session that holds no data says so where its length is said. A simulated ride whose insoles linked and
sent no frame holds 0 s; had: "Session: 0:00 of ride (cleat-forward, simulated at 40x)." at the end of live
(and "Replay: 0:00 of ride ...", "Session recorded: 0:00 of session time"), the report's header "duration
0:00", and `analyze` said nothing of it: a ride of 0:00 under the declared activity's name, as if one had been
ridden. Now each says "no data, no insole sent a frame"."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from test_no_data_both_feet import silent_live

from monitor.analysis.watched import NO_DATA_HELD, holds_no_data
from monitor.cli.main import main


def test_only_a_session_of_no_sample_and_no_second_holds_no_data():
    assert holds_no_data(0.0, {"left": (), "right": ()})
    assert holds_no_data(0.01, {"left": (), "right": ()})  # an older export imported back: one empty frame a foot
    assert not holds_no_data(30.0, {"left": (), "right": ()})  # 0:30 of frames with no sample: a 0:30 session
    assert not holds_no_data(0.0, {"left": (), "right": ((0.0, 0.0),)})
    assert not holds_no_data(0.0, {})  # no foot known


@pytest.mark.timeout(300)
def test_a_session_whose_insoles_sent_no_frame_says_it_holds_no_data(tmp_path, capsys):
    from monitor.cli.console import print_summary
    from monitor.live.summary import summary_text

    summary = silent_live(tmp_path, "cleat-forward")  # declared cycling: had "0:00 of ride"
    assert summary.record.duration_s == 0.0
    text = summary_text(summary)
    head = text.splitlines()[0]
    assert head == f"Session: {NO_DATA_HELD} (cleat-forward, simulated at 40x).", text
    assert "0:00" not in head and "ride" not in head, head

    out = io.StringIO()
    print_summary(Console(file=out, width=200), summary.record)
    assert out.getvalue().splitlines()[0] == f"Session recorded: {NO_DATA_HELD}", out.getvalue()

    session = summary.record.path
    capsys.readouterr()
    assert main(["analyze", str(session)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[1] == f"Session: {NO_DATA_HELD}.", said

    # its CSV export comes back as a session of no data too (tests/test_import_no_sample.py)
    assert main(["export", str(session), "-o", str(tmp_path / "x.csv")]) == 0
    assert main(["import", "csv", str(tmp_path / "x.csv"), "--layout", str(tmp_path / "x.layout.json"), "-o",
                 str(tmp_path / "back")]) == 0
    capsys.readouterr()
    assert main(["analyze", str(tmp_path / "back")]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == said[:2]

    assert main(["replay", str(session)]) == 0
    replay = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Replay: "))
    assert replay.startswith(f"Replay: {NO_DATA_HELD} (cleat-forward, recorded at 40x), "), replay

    assert main(["report", str(session), "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    meta = re.search(r"cleat-forward · [^<]*", page).group(0)
    assert f" · {NO_DATA_HELD} · left no data, right no data · " in meta, meta
    assert "duration 0:00" not in page
