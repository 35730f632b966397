"""The key printed once above the live view says what each level means, one line each, as
docs/detection.md's table of levels has them: a newcomer met NOTICE, WARNING and ALERT in the banner with
no word of what they are (README.md gave only their order). The lines ask for the relief the session's
alerts ask for, in the words of its declared activity (a break on foot or on a machine), not a ride's."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from monitor.analysis.alerts import Alert, relief_now
from monitor.cli.console_live import LiveDisplay
from monitor.live.shown import now_and_after
from monitor.signal.params import DEFAULT_PARAMS

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
README = Path(__file__).resolve().parents[1] / "README.md"
D = DEFAULT_PARAMS.detector


def _key(activity: str | None = None) -> str:
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=400, height=40, force_terminal=True, color_system=None),
                     activity=activity):
        pass
    return ANSI.sub("", out.getvalue())


def test_the_key_above_the_live_view_says_each_level_in_a_line_of_its_own():
    lines = [line.strip() for line in _key().splitlines()]
    notice, warning, alert = ([line for line in lines if line.startswith(f"{level}:")]
                              for level in ("NOTICE", "WARNING", "ALERT"))
    assert len(notice) == len(warning) == len(alert) == 1, lines
    assert "early sign" in notice[0] and f"{D.notice_no_relief_s / 60:.0f} min" in notice[0]
    assert f"{D.warn_after_s / 60:.0f} min of load" in warning[0], warning[0]
    assert "take the weight off the foot 20-60 s now" in warning[0], warning[0]
    assert f"{(D.warn_after_s + D.alert_after_s) / 60:.0f} min without a relief" in alert[0]


def test_the_readme_says_each_level_where_it_reads_the_live_view():
    section = README.read_text().split("### Reading the live view")[1].split("\n### ")[0]
    for level in ("NOTICE", "WARNING", "ALERT"):
        assert re.search(rf"^\s*- `{level}`: ", section, re.M), level
    notice = " ".join(section.split("- `NOTICE`: ")[1].split("- `WARNING`")[0].split())
    assert "unless that fix is a relief" in notice and "unweight the foot 20-60 s now" in notice, notice


def test_the_key_says_a_notice_whose_fix_is_a_relief_asks_for_it_now():
    """A no_relief notice's banner says "> Unweight the foot 20-60 s" (now_and_after: its first suggestion is
    the relief). Had, in the key: "NOTICE: ... no relief for 20 min: nothing urgent; its fix is for after the
    ride." """
    relief = relief_now("cycling")
    no_relief = Alert(1300.0, "left", "alert", "notice", None, "no_relief", suggestions=(relief,),
                      suggestion_keys=("unweight",))
    assert now_and_after(no_relief, "cycling") == (relief, None)
    [notice] = [line for line in _key("cycling").splitlines() if line.strip().startswith("NOTICE:")]
    assert "nothing urgent; its fix is for after the ride, unless that fix is a relief" in notice, notice
    assert f"no relief for {D.notice_no_relief_s / 60:.0f} min among them" in notice, notice
    assert notice.rstrip().endswith(f"then {relief[:1].lower()}{relief[1:]} now."), notice


@pytest.mark.parametrize("activity, now, after", [
    (None, "take the weight off the foot 20-60 s now", "after the session"),
    ("cycling", "unweight the foot 20-60 s now", "after the ride"),
    ("running", "take a 20-60 s break now", "after the run"),
    ("walking", "take a 20-60 s break now", "after the walk"),
    ("elliptical", "slow down, step off for 20-60 s now", "after the session"),
    ("stair_climber", "slow down, step off for 20-60 s now", "after the session"),
])
def test_the_levels_in_the_key_ask_for_the_relief_the_sessions_alerts_ask_for(activity, now, after):
    # had: "its fix is for after the ride" and "unweight the foot now" for a declared run, walk or gym machine,
    # whose alerts ask for "Take a 20-60 s break" (Alert.relief)
    relief = relief_now(activity)
    assert now == relief[:1].lower() + relief[1:] + " now"  # the alerts' own words
    notice, warning, alert = (line for line in _key(activity).splitlines()
                              if line.strip().startswith(("NOTICE:", "WARNING:", "ALERT:")))
    assert f"its fix is for {after}, unless that fix is a relief" in notice and notice.rstrip().endswith(f"{now}.")
    assert f"{now}, then the fix." in warning and alert.rstrip().endswith(f"{now}.")
    if activity not in (None, "cycling"):
        assert "unweight" not in warning + alert and "ride" not in notice


def test_live_gives_its_key_the_declared_activity(tmp_path, monkeypatch):
    """``live --sim healthy-walk`` on a terminal: its key asks for a break, as its alerts would."""
    from virtual_clock import run_on_virtual_clock

    import monitor.cli.live_command as live_command
    from monitor.cli.main import main

    out = io.StringIO()
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the command's event loop, on the virtual clock
    monkeypatch.setattr(live_command, "cli_console", lambda stderr=False: Console(
        file=out, width=400, height=40, force_terminal=True, color_system=None))
    assert main(["live", "--sim", "healthy-walk", "--speed", "20", "--duration", "5s", "--out", str(tmp_path),
                 "--no-sound", "--no-report"]) == 0
    text = ANSI.sub("", out.getvalue())
    assert "WARNING: " in text and "take a 20-60 s break now, then the fix." in text, text[:2000]
    assert "its fix is for after the walk, unless" in text


def test_the_key_follows_the_session_s_params():
    """``--params`` may move the shortest relief counted (relief_min_s) and the levels' times: the key says the
    relief the session's alerts ask for (monitor.analysis.alerts.relief_now with its relief_min_s) and its
    times. Had: "take a 20-60 s break now" (the defaults') while the alerts asked for a 30-60 s break."""
    params = DEFAULT_PARAMS.override({"features": {"relief_min_s": 30.0},
                                      "detector": {"warn_after_s": 480.0, "notice_no_relief_s": 1500.0}})
    out = io.StringIO()
    with LiveDisplay(Console(file=out, width=400, height=40, force_terminal=True, color_system=None),
                     activity="running", params=params):
        pass
    lines = [line.strip() for line in ANSI.sub("", out.getvalue()).splitlines()]
    [notice] = [line for line in lines if line.startswith("NOTICE:")]
    [warning] = [line for line in lines if line.startswith("WARNING:")]
    assert relief_now("running", 30.0) == "Take a 30-60 s break"
    assert "take a 30-60 s break now" in warning and "8 min of load" in warning, warning
    assert "no relief for 25 min" in notice and "20-60" not in notice, notice
