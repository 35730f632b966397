"""A study advises each session for the setup it was recorded with (its setup.json), as ``solewatch analyze``
and monitor.analyze do: had, the study analysed every session as if no pedals were declared, so the alerts
table gave a toe-clip session the tight-shoe tips ("Loosen the left shoe's strap or dial") where
``analyze`` gave domain.md's toe-clip row ("Loosen the toe straps, or go clipless" [16][19])."""

from __future__ import annotations

import json

import monitor
from monitor.analysis.tables import alerts_table
from monitor.session.names import SESSION_JSON, SETUP_JSON
from monitor.session.offline import offline_session
from monitor.session.writer import write_tables
from monitor.signal.params import DEFAULT_PARAMS
from monitor.studies.run import run_study
from monitor.util.outputs import write_json_atomic

#: Past the 300 s warning of a condition present from the start (docs/detection.md), at 50 Hz as
#: tests/test_offline_setup.py makes them.
DURATION_S, RATE_HZ = 320.0, 50


def _recorded(path, scenario: str):
    """``scenario`` made offline and written as a recording of it keeps it: session.json, its tables and the
    scenario's setup.json (as ``record --sim`` writes it)."""
    session = offline_session(scenario, duration_s=DURATION_S, seed=1, rate_hz=RATE_HZ)
    path.mkdir()
    write_json_atomic(path / SESSION_JSON, session.info.to_json())
    write_tables(path, session.frames, session.gaps)
    write_json_atomic(path / SETUP_JSON, json.dumps(session.setup))
    return path


def test_a_study_advises_a_toe_clip_session_as_analyze_does(tmp_path):
    path = _recorded(tmp_path / "toe-clips", "toe-clips")
    study = run_study([str(path)], DEFAULT_PARAMS, workers=1)
    analysed = alerts_table(monitor.analyze(str(path), params=DEFAULT_PARAMS))
    said = study.alerts["suggestions"].tolist()
    assert said, study.alerts
    # had: "Loosen the left shoe's strap or dial; A wider, higher-volume shoe; Unweight the foot 20-60 s"
    assert all("Loosen the toe straps, or go clipless" in s for s in said), said
    assert said == analysed["suggestions"].tolist()
