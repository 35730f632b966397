"""A first ride with ``--rider`` keeps its normal for the rider; what is said of it afterwards.

`live --sim one-sided --duration 6m --rider rita` (rita's first ride, which warns the right foot at 5:10)
ended "rider rita: kept this ride's normal for ... insoles" with no word that the ride had warned, though
the normal kept may then hold the problem (docs/detection.md, "The rider's own normal", says what to do);
and plain `analyze` of that ride said it judged "against the session's first minutes as its normal (it kept
none)", though the ride had kept its normal for rita.

The claims, each a test that fails if it is wrong:

- the end of that ride keeps rita's normal and says, on the line after, that the ride warned on the right
  foot, so the normal kept may hold the problem, naming the file to delete once it is fixed; a ride that
  did not warn says no such thing;
- plain `analyze` of that ride says, in its verdict's words, it was judged on its first minutes, rita having no
  normal before it, which this ride kept, never "no kept normal"; a session recorded for no rider still says it
  kept none.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_judged_progress import as_clause
from test_rider_keep_line import _learnt
from test_session_rider import ON_VIRTUAL_CLOCK, ROOT

from monitor.cli.main import main
from monitor.cli.rider_kinds import keep_rider_normal
from monitor.session.riders import rider_baseline_path

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def first_ride(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """rita's first ride, which warns: (its session, the config folder, the lines it printed)."""
    tmp_path = tmp_path_factory.mktemp("first_ride")
    cfg = tmp_path / "cfg"
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "one-sided", "--speed", "40", "--duration", "6m",
                           "--out", str(tmp_path / "s"), "--plain", "--no-sound", "--no-report", "--rider", "rita"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(cfg)})
    assert proc.returncode == 0, proc.stderr
    return next((tmp_path / "s").iterdir()), cfg, proc.stdout.splitlines()


def test_a_first_ride_that_warned_keeps_its_normal_and_says_it_may_hold_the_problem(first_ride):
    _, cfg, lines = first_ride
    path = cfg / "riders" / "rita.json"
    assert path.is_file()  # kept all the same
    kept = next(i for i, ln in enumerate(lines) if ln.startswith("rider rita: kept this ride's normal"))
    assert any("WARNING" in ln and "RIGHT" in ln for ln in lines[:kept]), lines
    caveat = lines[kept + 1]
    assert caveat.startswith("rider rita: this ride warned on the right foot, so the normal kept may hold the "
                             "problem"), lines
    assert f"delete {path}" in caveat and "docs/detection.md" in caveat


def test_analyze_of_a_first_ride_that_kept_its_normal_does_not_say_it_kept_none(first_ride, monkeypatch, capsys):
    session, cfg, _ = first_ride
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(cfg))
    assert main(["analyze", str(session)]) == 0
    out = capsys.readouterr()
    judging = next(ln for ln in out.err.splitlines() if ln.startswith("analysing with "))
    assert "no kept normal" not in judging, judging
    said = "Judged against this session's first minutes (none was kept for rita before: this ride kept its first " \
        "minutes as rita's normal)."
    assert out.out.splitlines()[1] == said and judging.endswith(as_clause(said)), judging  # the verdict's words


def test_a_ride_that_did_not_warn_keeps_its_normal_without_a_caveat(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    line = keep_rider_normal("cy", _learnt("solewatch"), 300.0, known=False, warned=[])
    assert line == f"rider cy: kept this ride's normal for Solewatch insoles in {rider_baseline_path('cy')}"
    warned = keep_rider_normal("cy", _learnt("solewatch"), 300.0, known=False, warned=["left", "right"], word="run")
    assert warned.splitlines()[1].startswith("rider cy: this run warned on the left and right foot, so ")


def test_a_session_recorded_for_no_rider_still_says_it_kept_none():
    from monitor.analysis.judged import judged_against, judged_clause

    assert judged_clause(judged_against({"left": True}, {}, None, None, {"left": "cycling"})) == \
        ", judged against this session's first minutes (no kept normal; record with `live --rider NAME` to keep " \
        "your normal)"


def test_a_first_ride_with_an_early_sign_in_its_first_minutes_says_the_normal_may_hold_it(tmp_path, monkeypatch):
    """A cleat-forward first ride gives notices at 1:10 and no warning: the sign showed in the first minutes
    its normal was learnt from, so that normal holds it and the next ride would take it as normal
    (docs/detection.md, "The rider's own normal"); its end says so, as after a ride that warned."""
    from types import SimpleNamespace as Alert

    from monitor.cli.rider_kinds import early_signs

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    alerts = [Alert(kind="alert", level="notice", foot="left", t_s=70.0),
              Alert(kind="alert", level="notice", foot="right", t_s=70.0),
              Alert(kind="alert", level="notice", foot="left", t_s=700.0),
              Alert(kind="back_to_normal", level="none", foot="right", t_s=80.0)]
    assert early_signs(alerts, 300.0) == ([], ["left", "right"])
    assert early_signs(alerts[2:], 300.0) == ([], [])  # a notice after the first minutes: judged against them
    assert early_signs([*alerts, Alert(kind="alert", level="warning", foot="left", t_s=310.0)], 300.0) == (
        ["left"], ["right"])
    line = keep_rider_normal("cy", _learnt("solewatch"), 300.0, known=False, warned=[], signs=["left", "right"])
    assert line.splitlines()[1].startswith("rider cy: this ride showed an early sign on the left and right foot "
                                           "in the first minutes its normal was learnt from, so the normal kept "
                                           "may hold the problem"), line
    # after the fix a healthy ride may warn against it: delete it before that ride, not once a ride has warned
    assert "or, once it is fixed, warn against it (the other heads' loads changed by the fix): before the first " \
        f"ride after the fix, delete {rider_baseline_path('cy')} " in line, line
