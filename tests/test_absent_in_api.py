"""A foot silent at a session's start or end is missing through the Python API too, as ``analyze --json`` says.

`live --sim cleat-forward --speed 40 --duration 7m --fault drop:left@200s+15s --fault lose:right@100s:20` on a
busy host had no left frames from 200.07 s to the end (420.55 s); docs/api.md's recipe for the share of frames
missing per foot gave the left foot 0.0 (truth about 0.52), ``s.gaps`` listed only the right foot's gap and
``counters.left.frames_missing`` was 0, while ``analyze --json``'s ``absent_at_ends`` counted 22,047 frames.
Now ``Session.absent`` lists those spans, and the recipe counts them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from live_ride import live_ride
from test_brief_foot_summary import QUICK_PARAMS, SPEED

import monitor
from monitor.cli.main import main
from monitor.session.directory import open_session
from monitor.session.model import Session

pytestmark = pytest.mark.timeout(300)

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def recipe_missing(session: Session) -> pd.Series:
    """The share of frames missing per foot by docs/api.md's own recipe ("Load a session"): its lines from
    ``feet = `` to ``missing = ``, run on ``session`` in place of its ``walk``."""
    text = API_DOC.read_text(encoding="utf-8")
    start = text.index("feet = list(walk.info.feet)")
    end = text.index("\n", text.index("missing = (", start))
    ns = {"walk": session}
    exec(text[start:end], ns)  # noqa: S102 - the documentation's own code
    return ns["missing"]


def cut(session: Session, foot: str, keep) -> Session:
    """``session`` with ``foot``'s rows kept only where ``keep(t_s)`` holds."""
    f = session.frames
    session.frames = f[(f.foot != foot) | keep(f.t_s)].reset_index(drop=True)
    return session


@pytest.mark.parametrize("keep, reasons", [
    (lambda t: t < 150.0, ["absent to the end"]),  # silent from 2:30 to the end
    (lambda t: t >= 30.0, ["absent from the start"]),  # joined at 0:30
    (lambda t: (t >= 30.0) & (t < 150.0), ["absent from the start", "absent to the end"]),
    (lambda t: t < 0, ["no data"]),  # never sent a frame
])
def test_the_recipe_counts_a_foot_silent_at_the_start_or_end_within_one_frame(keep, reasons):
    session = cut(monitor.offline_session("healthy-ride", duration_s=240), "left", keep)
    rate_hz = float(session.info.layouts["left"].current_rate_hz)
    would_have_sent = round(240 * rate_hz)  # the simulated insoles' frames: every 1/rate from 0 to the end
    share = recipe_missing(session)
    for foot in ("left", "right"):
        t = session.frames[session.frames.foot == foot]
        read = int((~t.filter(like="_kpa").isna().all(axis=1)).sum())
        truth = (would_have_sent - read) / would_have_sent
        assert abs(share[foot] - truth) * would_have_sent <= 1.0, (foot, share[foot], truth)
    assert list(session.absent["reason"]) == reasons
    assert set(session.absent["foot"]) == {"left"}
    json_spans = monitor.analyze(session).to_json_dict()["absent_at_ends"]
    assert [(s["from_s"], s["to_s"], s["frames_missing"]) for s in json_spans["left"]] == [
        (r.start_s, r.end_s, r.frames_missing) for r in session.absent.itertuples()]


def test_a_recording_whose_foot_dropped_to_the_end_has_it_in_the_api_as_analyze_json_says(tmp_path, capsys):
    live = live_ride(tmp_path, "cleat-forward", speed=SPEED, seed=1, duration_s=120.0, params=QUICK_PARAMS,
                     faults=["drop:left@60s+100s", "lose:right@30s:20"])
    session = monitor.load_session(live.record.path)
    assert set(session.gaps["foot"]) == {"right"} and session.counters["left"]["frames_missing"] == 0
    (span,) = session.absent.itertuples()
    assert (span.foot, span.reason) == ("left", "absent to the end")
    assert span.start_s == pytest.approx(60.0, abs=0.2) and span.end_s == session.info.duration_s
    streamed = open_session(live.record.path)  # its frames left on disk, read a foot at a time
    assert streamed.frames is None and streamed.absent.equals(session.absent)
    assert main(["analyze", "--json", str(live.record.path)]) == 0
    (said,) = json.loads(capsys.readouterr().out)["absent_at_ends"]["left"]
    assert said["frames_missing"] == span.frames_missing  # its times to 0.01 s (docs/analyze-json.md)
    assert [said["from_s"], said["to_s"]] == pytest.approx([span.start_s, span.end_s], abs=0.005)
    assert said["frames_missing"] == int(re.search(r": ([\d,]+) frames missing", said["note"])[1].replace(",", ""))
    share = recipe_missing(session)
    silent_share = (session.info.duration_s - 60.0) / session.info.duration_s  # the drop's, to the end
    assert share["left"] == pytest.approx(silent_share, abs=0.2 / session.info.duration_s), share  # had 0.0
    quality = monitor.figure_data(session).quality.feet
    for foot in ("left", "right"):  # as the report counts them: no frame counted twice, none left out
        frames = quality[foot].frames + quality[foot].unfilled_frames + quality[foot].absent_frames
        assert abs(share[foot] - quality[foot].missing_share) * frames <= 1.0, foot
