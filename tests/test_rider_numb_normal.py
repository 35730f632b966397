"""A session in which the rider marked a foot numb keeps its normal with a caution, as one that warned does.

A `live --rider gym` session with the left foot marked numb (the terminal's key, the phone view's button)
ended "...; yet the left foot was marked numb at 1:39 ..." and then "rider gym: kept this session's normal"
with no word that the normal may hold the problem, and the rider file kept that normal with no ``caution``,
while a session that warned, or showed an early sign in its first minutes, is kept with one
(monitor.cli.rider_kinds.early_signs looked at the detector's alerts only). A numb mark is the strongest sign
there is: it is treated at least as a warning is.

The claims, each a test that fails if it is wrong:

- the end of such a live session keeps the normal (as after a warning) and says, on the line after, that the
  left foot was marked numb, so the normal kept may hold the problem, naming the file to delete; the rider
  file holds ``"caution": "numb"`` on the marked foot only;
- a later session judged against it says so, as it starts and under its verdict (``--json`` too, in the
  schema), and a comparison says it short.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from live_ride import live_ride

from monitor import load_session
from monitor.analysis.batch import analyze
from monitor.analysis.compare import compare
from monitor.cli.judged_against import rider_start_line
from monitor.cli.rider_kinds import normals_kept, numb_feet
from monitor.session.riders import load_rider_baseline, rider_baseline_path
from monitor.signal.params import DEFAULT_PARAMS

pytestmark = pytest.mark.timeout(600)

#: a normal kept from the first minute of judged windows, so a 3-minute ride keeps one (a test's value: the
#: default's 5 minutes would only make the ride longer)
PARAMS = DEFAULT_PARAMS.override({"detector": {"baseline_s": 60.0}})
BASELINE_S = PARAMS.detector.baseline_s
SPEED = 40.0
MARK_S = 99.0
FEET = ("left", "right")
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())
SAID = (" The normal kept may hold the problem, as the ride that kept it had the left foot marked numb: a problem "
        "already in it is no change from it, and once it is fixed a healthy ride may warn against it, the other "
        "heads' loads changed by the fix (docs/detection.md, \"The rider's own normal\", says what to do).")


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """gym's first ride, healthy, its left foot marked numb at 1:39, and what the end of `live --rider gym`
    keeps of it: (the config folder, the live summary, the lines it said)."""
    tmp = tmp_path_factory.mktemp("numb")
    summary = live_ride(tmp / "s", "healthy-ride", duration_s=180.0, speed=SPEED, params=PARAMS,
                        marks=[(MARK_S, "left")], meta_changes={"rider": "gym"})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOLEWATCH_CONFIG_DIR", str(tmp / "cfg"))
        lines = normals_kept("gym", summary, None, None, "solewatch", BASELINE_S, "cycling", "ride")
    return tmp / "cfg", summary, lines


def test_a_ride_marked_numb_keeps_its_normal_with_a_caution_and_says_so(marked, monkeypatch):
    cfg, summary, lines = marked
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(cfg))
    assert [(a.foot, round(a.t_s)) for a in summary.alerts if a.kind == "rider_mark"] == [("left", MARK_S)]
    assert not [a for a in summary.alerts if a.kind == "alert"]  # healthy: nothing but the mark
    assert numb_feet(summary.alerts) == ["left"]
    (said,) = lines
    kept, caveat = said.splitlines()  # had: the first line alone
    assert kept == f"rider gym: kept this ride's normal for Solewatch insoles in {rider_baseline_path('gym')}"
    assert caveat.startswith("rider gym: this ride had the left foot marked numb, so the normal kept may hold the "
                             "problem and later rides would take it as normal"), caveat
    assert f"delete {rider_baseline_path('gym')}" in caveat and "docs/detection.md" in caveat
    normal = load_rider_baseline("gym", "solewatch")
    # had: (None, None), the file holding no caution
    assert (normal.caution("left", "cycling"), normal.caution("right", "cycling")) == ("numb", None)


def test_a_later_ride_judged_against_it_says_the_mark(marked, monkeypatch):
    cfg, summary, _ = marked
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(cfg))
    normal = load_rider_baseline("gym", "solewatch")
    assert rider_start_line("gym", normal, "cycling", FEET) == "rider gym: its normal from earlier rides." + SAID
    assert rider_start_line("gym", normal, None, FEET).endswith(SAID)  # not declared: any activity's caution
    session = load_session(summary.record.path)
    result = analyze(session, params=PARAMS, baseline=normal, rider="gym")
    judged = result.judged()
    assert judged.line == "Judged against gym's normal kept from earlier rides." + SAID, judged.line
    out = json.loads(json.dumps(result.to_json_dict()))
    jsonschema.validate(out, SCHEMA)
    assert {f: v["caution"] for f, v in out["judged_against"]["feet"].items()} == {"left": "numb", "right": None}
    said = compare(analyze(session, params=PARAMS), result, session, session).sentences()
    assert any("After: Judged against gym's normal kept from earlier rides, kept with a numb mark on the left foot. "
               in s for s in said), said
