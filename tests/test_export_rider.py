"""``solewatch export SESSION --format fit --rider NAME`` judges the session as ``solewatch analyze SESSION
--rider NAME`` does: the FIT file's alert events are the events analyze gives against that rider's kept normal,
and a rider with no kept normal, or a name that cannot be one, is refused alike (one line, exit 2).

Had: ``export`` had no ``--rider``, so a recorded session's FIT file carried the alerts of its own first minutes
while ``analyze --rider`` judged it against the rider's kept normal and said other alerts (the sample's right-foot
notice, the rider's normal, still in the file: its right alert level 1).
"""

from __future__ import annotations

import json

import pytest
from test_fit import EVENT_NUM, RECORD_NUM, _garmin
from test_judged_against_json import sim_normal  # noqa: F401 - the fixture
from test_report_rider import REFUSED_RIDERS, SESSION, refused_as_analyze_refuses, rider_sim  # noqa: F401 - the fixture

from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.session.offline import offline_session
from monitor.session.riders import save_rider_baseline

pytestmark = pytest.mark.timeout(600)


def fit_events(path) -> list[tuple]:
    """The FIT file's alert events (user markers): kind, foot, level (0 none, 1 notice, 2 warning) and message."""
    m = _garmin(path)
    names = {f["field_definition_number"]: f["field_name"] for f in m["field_description_mesgs"]
             if f["native_mesg_num"] == EVENT_NUM}
    got = [(e["data"], {names[k]: v for k, v in e["developer_fields"].items()})
           for e in m["event_mesgs"] if e["event"] == "user_marker"]
    return [(d["alert kind"], d["alert foot"], data, d.get("alert message")) for data, d in got]


def analyze_events(capsys, *args: str) -> list[tuple]:
    """``analyze --json``'s alerts and events in the FIT file's terms, in time order."""
    capsys.readouterr()
    assert main(["analyze", str(SESSION), "--json", *args]) == 0
    doc = json.loads(capsys.readouterr().out)
    level = {None: 0, "notice": 1, "warning": 2}
    evs = [{"kind": "alert", **a} for a in doc["alerts"]] + doc["events"]
    evs.sort(key=lambda e: e["t_s"])
    return [(e["kind"], e["foot"], level[e.get("level")], e.get("message")) for e in evs]


def export_events(tmp_path, capsys, *args: str) -> list[tuple]:
    out = tmp_path / "a.fit"
    capsys.readouterr()
    assert main(["export", str(SESSION), "--format", "fit", "-o", str(out), "--force", *args]) == 0, \
        capsys.readouterr().err
    return fit_events(out)


@pytest.fixture
def rider_one_sided(tmp_path, monkeypatch):
    """Rider "lena", whose kept normal is a one-sided ride's: her right foot's load under MTH2-3 is her
    normal, so the sample's right-foot notice is no change against it."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("lena", analyze(offline_session("one-sided", duration_s=7 * 60, seed=2)).baseline)


def right_levels(path) -> list[int]:
    """The FIT file's ``right alert level`` developer field where a second has one (a second not yet assessed
    has none: docs/fit.md)."""
    m = _garmin(path)
    number = next(f["field_definition_number"] for f in m["field_description_mesgs"]
                  if f["native_mesg_num"] == RECORD_NUM and f["field_name"] == "right alert level")
    return [r["developer_fields"][number] for r in m["record_mesgs"] if number in r["developer_fields"]]


def test_the_fit_export_with_a_rider_carries_the_events_analyze_with_that_rider_gives(tmp_path, capsys,
                                                                                         rider_one_sided):
    said = export_events(tmp_path, capsys, "--rider", "lena")
    assert said == analyze_events(capsys, "--rider", "lena")
    assert [(kind, foot, level) for kind, foot, level, _ in said] == [("alert", "left", 1)], said
    assert max(right_levels(tmp_path / "a.fit")) == 0
    # without it, the session's own first minutes, as analyze without it: the right foot's notice too
    alone = export_events(tmp_path, capsys)
    assert alone == analyze_events(capsys)
    assert [(kind, foot, level) for kind, foot, level, _ in alone] == [("alert", "left", 1), ("alert", "right", 1)]
    assert max(right_levels(tmp_path / "a.fit")) == 1


@pytest.mark.parametrize(("rider", "error"), REFUSED_RIDERS)
def test_the_fit_export_refuses_a_rider_as_analyze_does(tmp_path, capsys, rider_sim, rider, error):
    out = tmp_path / "a.fit"
    refused_as_analyze_refuses(capsys, ["export", str(SESSION), "--format", "fit", "-o", str(out)], rider, error)
    assert not out.exists()


def test_a_frames_export_refuses_a_rider(tmp_path, capsys, rider_sim):
    out = tmp_path / "f.csv"
    assert main(["export", str(SESSION), "-o", str(out), "--rider", "sim"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--rider is for --format fit" in err, err
    assert not out.exists()
