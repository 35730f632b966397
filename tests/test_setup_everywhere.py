"""The rider's setup (a session's setup.json, ``--pedals``/``--shoes`` given now) is taken one way
(monitor.analysis.advice.given_setup) by every view: the live end summary and its replay, ``analyze``,
``report`` and monitor.analyze say the same setup and the same things to try."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import monitor
from monitor.analysis.alerts import Alert
from monitor.analysis.setup import Setup
from monitor.cli.main import main
from monitor.live.delivery import Delivered
from monitor.live.summary import LiveSummary, RecordSummary, summary_text
from monitor.live.summary_verdict import summary_setup

ROOT = Path(__file__).resolve().parents[1]
ON_VIRTUAL_CLOCK = [sys.executable, str(Path(__file__).resolve().parent / "virtual_clock.py")]
REMEMBERED = {"pedals": "clipless", "shoes": "road shoes, 43"}  # a rider's setup from earlier rides


def _tips(text: str) -> list[str]:
    """The "What to try" lines of a summary or of analyze's text."""
    lines = text.splitlines()
    at = lines.index("What to try:")
    return [ln for ln in lines[at + 1:lines.index("Sources:", at)] if ln.startswith("  - ")]


@pytest.fixture(scope="module")
def ride(tmp_path_factory):
    """A live ride with toe clips (``--pedals toe-clips`` over the clipless pedals and road shoes remembered
    from earlier rides): its setup.json holds the declared pedals and the remembered shoes."""
    tmp = tmp_path_factory.mktemp("setup")
    config = tmp / "config"
    config.mkdir()
    (config / "setup.json").write_text(json.dumps(REMEMBERED))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(config)}  # this tree's code
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "toe-clips", "--speed", "40", "--duration", "2m",
                           "--pedals", "toe-clips", "--out", str(tmp / "sessions"), "--plain", "--no-sound",
                           "--no-report"], capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    (session,) = (tmp / "sessions").iterdir()
    assert json.loads((session / "setup.json").read_text()) == {"pedals": "toe-clips", "shoes": "road shoes, 43",
                                                               "remembered": ["shoes"]}
    return session, proc.stdout, config


def _analyze_and_report(session: Path, out: Path, capsys, *given: str) -> tuple[str, str]:
    assert main(["analyze", str(session), *given]) == 0
    text = capsys.readouterr().out
    assert main(["report", str(session), "-o", str(out), *given]) == 0
    capsys.readouterr()
    return text, out.read_text(encoding="utf-8")


def test_the_live_end_analyze_report_and_python_advise_the_same_setup(ride, tmp_path, capsys, monkeypatch):
    session, live, config = ride
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(config))
    text, report = _analyze_and_report(session, tmp_path / "r.html", capsys)
    tips = _tips(live)
    assert tips and tips == _tips(text)
    assert "Toe clips and straps press" in " ".join(tips)  # declared now, not the remembered clipless
    advice = monitor.analyze(session).advice()
    assert [f"  - {t.text} (evidence {t.strength}: {t.evidence})" for t in advice.tips] == tips
    assert all(html.escape(t.text) in report for t in advice.tips)
    assert "setup: toe clips and straps; shoes: road shoes, 43" in text and \
        html.escape("setup: toe clips and straps; shoes: road shoes, 43") in report


def test_pedals_given_over_the_sessions_setup_are_taken_alike_by_analyze_report_and_python(ride, tmp_path, capsys,
                                                                                          monkeypatch):
    session, _, config = ride
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(config))
    text, report = _analyze_and_report(session, tmp_path / "r.html", capsys, "--pedals", "flat")
    result = monitor.analyze(session, pedals="flat")
    assert (result.setup.pedals, result.setup.shoes) == ("flat", "road shoes, 43")  # the session's shoes kept
    said = "setup: flat pedals; shoes: road shoes, 43"
    assert said in text and html.escape(said) in report
    tips = result.advice().tips
    assert [f"  - {t.text} (evidence {t.strength}: {t.evidence})" for t in tips] == _tips(text)
    shown = re.sub(r'<a href="#ref-\d+">(\[\d+\])</a>', r"\1", report)  # a tip's tags are links to its references
    assert all(html.escape(t.text) in shown for t in tips)
    assert not any("toe strap" in t.text for t in tips)


def test_a_live_summary_leaves_a_bikes_remembered_setup_off_a_session_found_on_foot(tmp_path):
    """had: the live and replay summaries took the session's setup.json as it was (Setup(**setup)), where
    analyze drops a bike's remembered pedals and shoes from a session found on foot (Setup.on): a run whose
    other foot's activity was not known lost the midfoot tip its analysis gave, under remembered toe clips."""
    counters = {"left": {"frames_missing": 0}, "right": {"frames_missing": 0}}
    feet = {"left": {"activity": "running"}, "right": {"activity": "unknown"}}
    sign = Delivered(Alert(70.0, "right", "alert", "notice", None, "forefoot_share_high", "x"), ("terminal",), "")

    def summary(setup):
        return LiveSummary(RecordSummary(tmp_path, 1200.0, counters, 0), [sign], feet, data_s=1200.0, setup=setup)

    bikes = {"pedals": "toe-clips", "shoes": "road shoes, 43", "remembered": ["pedals", "shoes"]}
    assert summary_setup(summary(bikes)) == Setup()
    assert summary_text(summary(bikes)) == summary_text(summary(None))
    assert "contoured insole" in " ".join(_tips(summary_text(summary(bikes))))
    # pedals declared for the session stay (said not to apply on foot by analyze's setup line)
    assert summary_setup(summary({"pedals": "toe-clips", "shoes": None})) == Setup("toe-clips")
