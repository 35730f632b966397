"""`analyze --rider NAME` of the ride whose first minutes made NAME's kept normal gives the alerts live gave.

`live --sim cleat-forward --speed 40 --duration 6m --rider eve` (eve's first ride) noticed MTH2-3 on both feet
at 1:10, as replay, the report and plain `analyze` do; `analyze --rider eve` of it said "Judged against eve's
normal kept from this ride's first minutes, as it was judged live." over "Verdict: no sustained forefoot load
found." and no alert: the normal those first minutes gave judged them from the first window, where live learnt
it on them. The same through a vendor's insoles (a Ukaton toe-clips ride warned both feet live, `analyze
--rider` the left only).
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from test_session_rider import ON_VIRTUAL_CLOCK, ROOT
from vendor_rides import record_ride

import monitor
from monitor.cli.main import main
from monitor.session.riders import save_rider_baseline

pytestmark = pytest.mark.timeout(600)

OWN = "Judged against eve's normal kept from this ride's first minutes, as it was judged live."
FIELDS = ("t_s", "foot", "level", "region", "pattern")


def _said(alerts: list[dict]) -> list[tuple]:
    return [tuple(a[k] for k in FIELDS) for a in alerts]


def _analyze_json(capsys, *args: str) -> dict:
    assert main(["analyze", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _analyze_text(capsys, *args: str) -> list[str]:
    assert main(["analyze", *args]) == 0
    return capsys.readouterr().out.splitlines()


def test_analyze_rider_of_the_first_ride_gives_the_live_alerts(tmp_path, monkeypatch, capsys):
    config, events = tmp_path / "cfg", tmp_path / "events.jsonl"
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(config))
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "cleat-forward", "--speed", "40", "--duration", "6m",
                           "--out", str(tmp_path / "s"), "--plain", "--no-sound", "--no-report", "--rider", "eve",
                           "--events", str(events)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(config)})
    assert proc.returncode == 0, proc.stderr
    session = next((tmp_path / "s").iterdir())
    assert (config / "riders" / "eve.json").is_file()  # the ride kept eve's normal, and said so with its kind
    assert f"rider eve: kept this ride's normal for Solewatch insoles in {config / 'riders' / 'eve.json'}" in \
        proc.stdout.splitlines(), proc.stdout
    live = _said([x for x in map(json.loads, events.read_text().splitlines()) if x.get("kind") == "alert"])
    assert {(t, foot) for t, foot, *_ in live} == {(70.0, "left"), (70.0, "right")}, live  # the 1:10 notices
    assert _said(_analyze_json(capsys, "--rider", "eve", str(session))["alerts"]) == live
    text = _analyze_text(capsys, "--rider", "eve", str(session))
    plain = _analyze_text(capsys, str(session))
    # the ride whose early signs were kept as eve's normal says so (the kept normal's caution)
    assert text[1].startswith(OWN + " The normal kept may hold the problem, as the ride that kept it showed an "
                              "early sign on the left and right foot"), text[1]
    assert text[0] == plain[0] and text[0] != "Verdict: no sustained forefoot load found."  # live's verdict


@pytest.mark.parametrize("kind", ["ukaton"])
def test_analyze_rider_of_a_vendor_first_ride_gives_its_alerts(tmp_path, monkeypatch, capsys, kind):
    # the ride is recorded for eve, and keeps what its first minutes give, as `live --rider eve` does
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = record_ride(kind, "toe-clips", tmp_path / "sessions", seed=2, duration_s=420.0)
    info = json.loads((path / "session.json").read_text())
    (path / "session.json").write_text(json.dumps({**info, "rider": "eve"}, indent=1))
    save_rider_baseline("eve", monitor.analyze(monitor.load_session(path)).baseline)
    plain = _analyze_json(capsys, "--pedals", "toe-clips", str(path))["alerts"]
    assert {a["foot"] for a in plain} == {"left", "right"}, plain  # as live warned
    assert _said(_analyze_json(capsys, "--pedals", "toe-clips", "--rider", "eve", str(path))["alerts"]) == \
        _said(plain)
    assert _analyze_text(capsys, "--pedals", "toe-clips", "--rider", "eve", str(path))[1] == OWN
