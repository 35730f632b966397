"""The ride that kept its rider's normal says so under its verdict, wherever it is read: `live --sim
healthy-ride --rider rita --duration 7m` (rita's first ride: judged against its first minutes, which it
keeps as her normal) said "rider rita: kept this ride's normal for Solewatch insoles in ..." and then
"Judged against this session's first minutes (no normal kept for rita yet).", as did its report, `analyze`
of it and its replay; the first ride on ORPHE insoles of a rider whose normal was kept for Solewatch
insoles kept one for ORPHE insoles, and its replay still said "none for ORPHE insoles yet". A ride too short
to keep a normal still says none is kept yet (tests/test_session_rider.py)."""

from __future__ import annotations

import html
import os
import subprocess
from pathlib import Path

import pytest
from test_session_rider import ON_VIRTUAL_CLOCK, ROOT

import monitor
from monitor.cli.main import main
from monitor.session.offline import offline_session
from monitor.session.riders import load_rider_normals, save_rider_baseline

pytestmark = pytest.mark.timeout(900)

KEPT = ("Judged against this session's first minutes (none was kept for rita before: this ride kept its first "
        "minutes as rita's normal).")
ORPHE_KEPT = ("Judged against this session's first minutes: rita's normal is kept for Solewatch insoles, and this "
              "ride kept its first minutes as rita's normal for ORPHE insoles.")


def _live(tmp_path: Path, *extra: str) -> tuple[Path, list[str]]:
    """A 7-minute `live --rider rita` on the virtual clock (this tree's code): its session and its lines."""
    out = tmp_path / f"sessions{len(list(tmp_path.glob('sessions*')))}"
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", "7m",
                           "--out", str(out), "--plain", "--no-sound", "--rider", "rita", *extra],
                          capture_output=True, text=True, timeout=900, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(tmp_path / "cfg")})
    assert proc.returncode == 0, proc.stderr
    return next(out.iterdir()), (proc.stdout + proc.stderr).splitlines()


def _views(capsys, session: Path) -> dict[str, str]:
    """The line under the verdict of `analyze`, the replay and `monitor.analyze` (the report's words)."""
    capsys.readouterr()
    assert main(["analyze", str(session)]) == 0
    said = {"analyze": capsys.readouterr().out.splitlines()[1]}
    assert main(["replay", str(session), "--plain"]) == 0
    said["replay"] = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Judged"))
    said["monitor.analyze"] = monitor.analyze(session).judged_words()
    return said


def test_the_first_ride_that_kept_a_riders_normal_says_it_kept_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    session, lines = _live(tmp_path)
    assert any(ln.startswith("rider rita: kept this ride's normal for Solewatch insoles") for ln in lines), lines
    judged = [ln for ln in lines if ln.startswith("Judged")]
    assert judged == [KEPT], judged  # had: "(no normal kept for rita yet)" right under the line that kept it
    assert KEPT in html.unescape((session / "report.html").read_text())  # the report live wrote at its end
    assert _views(capsys, session) == dict.fromkeys(("analyze", "replay", "monitor.analyze"), KEPT)


def test_the_first_orphe_ride_of_a_rider_with_a_solewatch_normal_says_it_kept_one(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("rita", monitor.analyze(offline_session("healthy-ride", duration_s=7 * 60, seed=2)).baseline)
    session, lines = _live(tmp_path, "--insole", "orphe", "--no-report")
    assert load_rider_normals("rita").kinds() == ["orphe", "solewatch"]  # the ride kept an ORPHE normal
    judged = [ln for ln in lines if ln.startswith("Judged")]
    assert judged == [ORPHE_KEPT], judged
    # had: the replay's "... none for ORPHE insoles yet." after the ride kept one
    assert _views(capsys, session) == dict.fromkeys(("analyze", "replay", "monitor.analyze"), ORPHE_KEPT)
