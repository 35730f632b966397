"""`analyze --json`'s ``briefly_watched`` times are frame times, from -1 s, as its schema says.

A recording's first frames may lie up to 1 s before 0 (EARLIEST_T_S): a right insole whose only frames came
in its first notification, sampled before the recording began, gave ``"stopped_s": -0.2``, and one whose
first frames came then and the rest 1.4 s later a hole ``[-0.5, 0.9]``; the schema gave both a minimum of 0,
so the output failed the schema it is documented by.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())


def _briefly_watched(right_kept, shift_s: float) -> list[dict]:
    """``briefly_watched`` of a 6-minute run whose right foot keeps the frames ``right_kept`` picks (from
    its times), moved by ``shift_s``; the output is checked against the schema."""
    session = offline_session("healthy-run", duration_s=360.0, seed=1, rate_hz=50)
    f = session.frames
    right = f["foot"].astype(str) == "right"
    f = f[~right | right_kept(f["t_s"])].copy()
    f.loc[f["foot"].astype(str) == "right", "t_s"] += shift_s
    session.frames = f.sort_values(["foot", "t_s"], kind="stable").reset_index(drop=True)
    out = json.loads(json.dumps(analyze(session).to_json_dict()))
    jsonschema.validate(out, SCHEMA)
    return out["briefly_watched"]


def test_a_foot_that_stopped_before_0_validates():
    (right,) = _briefly_watched(lambda t: t <= 0.7, -0.9)  # frames at -0.9 to -0.2 s
    assert right["foot"] == "right" and right["stopped_s"] == -0.2, right


def test_a_hole_from_before_0_validates():
    (right,) = _briefly_watched(lambda t: (t <= 0.4) | ((t >= 1.8) & (t <= 60.9)), -0.9)
    assert right["holes"][0] == [-0.5, 0.9] and right["stopped_s"] == 60.0, right
