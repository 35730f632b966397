"""The live view's words: a plain live stream (`live --plain`, no header) says the analysis is behind as the
lag grows, not only as it first passes the bound, and says when it caught up (had: "4:19 analysis 12 s behind"
and nothing more while the lag grew to 204 s, warnings up to 90 s late), and the key above the view says what
its colours are against. The snapshots are made up: no host, no timing."""

from __future__ import annotations

import io

from rich.console import Console

from monitor.cli.console_live import BEHIND_REPEAT_S, LiveDisplay, behind_line
from monitor.live.view import FootView, LiveView


def _view(session_s: float, behind_s: float | None) -> LiveView:
    return LiveView(session_s=session_s, duration_s=600.0, feet={"left": FootView(foot="left", connected=True)},
                    analysis_behind_s=behind_s)


def _said(plain: bool, lags: list[float | None]) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=not plain)
    with LiveDisplay(console, plain=plain) as display:
        for i, lag in enumerate(lags):
            display.update(_view(60.0 + 10.0 * i, lag))
    text = out.getvalue()
    return [text[i:].split("\n", 1)[0] for i in range(len(text)) if text.startswith("analysis ", i)
            and text[i:].split("\n", 1)[0].count("session's time")]


LAGS = [None, 12.0, 20.0, 41.0, 43.0, 75.0, 204.0, 150.0, None, 15.0]


def test_a_plain_stream_says_the_lag_again_as_it_grows_and_when_it_caught_up():
    said = _said(True, LAGS)
    assert [line.split("analysis ", 1)[1].split(" the", 1)[0] for line in said] == [
        "12 s behind", "43 s behind", "75 s behind", "204 s behind", "caught up with",
        "15 s behind"]  # had: 12, caught up, 15
    assert BEHIND_REPEAT_S == 30.0


def test_the_terminal_view_says_it_once_each_way_its_header_says_the_rest():
    said = _said(False, LAGS)
    assert [line.split(" the", 1)[0] for line in said] == [
        "analysis 12 s behind", "analysis caught up with", "analysis 15 s behind"], said


def test_the_line_never_says_a_figure_at_the_bound_beside_more_than_it():
    line = behind_line(10.3)
    assert line.startswith("analysis 10.3 s behind the session's time (more than 10 s, a guess)"), line


def test_the_view_key_says_what_the_colours_are_against():
    # a first ride, no kept normal: the colours are against the activity's usual ratio (README "Reading the live
    # view"); had "coloured as times your normal" whatever was kept
    from monitor.cli.console_live import view_key

    first = view_key()[0]
    assert "coloured as times the activity's usual ratio (no normal of your own is kept)" in first, first
    assert "your normal" not in first
    kept = view_key(kept_normal=True)[0]
    assert "coloured as times your normal kept from earlier sessions" in kept, kept
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=400, force_terminal=True), kept_normal=True):
        pass
    assert "your normal kept from earlier sessions" in out.getvalue()
