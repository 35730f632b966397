"""`solewatch analyze`: JSON schema on a Moticon import and on recorded simulated sessions; text; params."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from monitor.analysis.batch import analyze
from monitor.session.offline import offline_session
from monitor.signal.params import DEFAULT_PARAMS
from monitor.util.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = shared_data_dir()
SCHEMA = json.loads((ROOT / "docs" / "analyze-json.schema.json").read_text())
SAMPLES = ROOT / "sessions" / "samples"


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    """A validator of SCHEMA, the schema itself checked first as ``jsonschema.validate`` checks it, once
    (that function checks it again at every call, most of a validation's time)."""
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def _validate(doc) -> None:
    """Raise jsonschema.ValidationError unless ``doc`` holds to SCHEMA."""
    _validator().validate(doc)


def _cli(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def _analyze_json(session_dir, *extra):
    proc = _cli("analyze", str(session_dir), "--json", *extra)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    _validate(doc)
    return doc


def test_analyze_json_on_a_moticon_import_matches_the_schema(tmp_path):
    out = tmp_path / "walk"
    proc = _cli("import", "moticon", str(DATA / "moticon_opengo" / "230927_102114.txt"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = _analyze_json(out)
    for foot in ("left", "right"):
        # Moticon's report lists 7 steps per foot; the first stance of each foot has a dropout
        assert 5 <= len(doc["steps"][foot]) <= 7
        # imported without --activity: none declared, and 17 s is too short to recognise (a 20 s window)
        assert doc["summary"][foot]["activity"] == "unknown"
        assert doc["summary"][foot]["regions"]["mth1"]["peak_kpa"] > 0
        assert doc["summary"][foot]["activity_source"] == "recognised"
    assert doc["alerts"] == []  # 17 s of normal walking


def test_a_layout_that_cannot_resolve_a_region_says_so(tmp_path):
    out = tmp_path / "gait"
    proc = _cli("import", "physionet", str(DATA / "physionet_gaitpdb" / "GaCo01_01.txt"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = _analyze_json(out)
    left = doc["summary"]["left"]
    # 8 sensors: no MTH2-3 sensor (absent, not invented); a single midline heel sensor (half in each heel region)
    assert "mth2_3" in left["unresolved_regions"] and "mth2_3" not in left["regions"]
    assert 90 <= len(doc["steps"]["left"]) <= 100


def test_analyze_json_on_a_recorded_simulated_session_matches_the_schema():
    doc = _analyze_json(SAMPLES / "sim-cleat-forward")
    for foot in ("left", "right"):
        s = doc["summary"][foot]
        assert s["activity"] == "cycling"
        assert abs(s["cadence_per_min"] - 90) < 3
        assert len(doc["strokes"][foot]) > 100  # 90 s at 90 rpm
        assert doc["steps"][foot] == []


def test_activity_source_says_declared_whenever_a_declared_activity_replaces_the_recogniser():
    # docs/detection.md: a declared activity (the session's, or analyze's --activity) replaces every label
    # of the recogniser. had: "running", "recognised" for a ride analysed with --activity running
    import dataclasses

    ride = offline_session("cleat-forward", duration_s=90, seed=1)
    undeclared = dataclasses.replace(ride, info=dataclasses.replace(ride.info, activity="unknown"))
    said = {}
    for name, session, activity in (("own", ride, None), ("given", ride, "running"), ("none", undeclared, None)):
        doc = analyze(session, activity=activity).to_json_dict()
        _validate(doc)
        said[name] = {(s["activity"], s["activity_source"]) for s in doc["summary"].values()}
    assert said == {"own": {("cycling", "declared")}, "given": {("running", "declared")},
                    "none": {("cycling", "recognised")}}


def _rider_normal():
    """The simulated rider's normal, from a healthy ride (the cleats then moved forward)."""
    return analyze(offline_session("healthy-ride", duration_s=9 * 60, seed=2)).baseline


def test_a_numbness_prone_ride_warns_naming_foot_region_and_fix():
    result = analyze(offline_session("cleat-forward", duration_s=20 * 60, seed=2), baseline=_rider_normal())
    doc = result.to_json_dict()
    _validate(doc)
    warnings = [a for a in doc["alerts"] if a["level"] in ("warning", "alert")]
    assert {a["foot"] for a in warnings} == {"left", "right"}
    first = min(warnings, key=lambda a: a["t_s"])
    assert first["t_s"] <= 12 * 60
    assert first["region"] == "mth2_3"
    assert any("cleat" in s.lower() for s in first["suggestions"])
    assert doc["summary"]["left"]["first_warning_s"] == pytest.approx(
        min(a["t_s"] for a in warnings if a["foot"] == "left"), abs=0.1)


def test_params_file_changes_the_outcome_and_a_bad_one_is_one_line(tmp_path):
    session = offline_session("tight-shoes", duration_s=15 * 60, seed=2)
    assert any(a.level == "warning" for a in analyze(session).alerts)
    late = DEFAULT_PARAMS.override({"detector": {"warn_after_s": 3600.0, "alert_after_s": 3600.0}})
    assert not any(a.level in ("warning", "alert") for a in analyze(session, late).alerts)
    bad = tmp_path / "params.json"
    bad.write_text('{"detector": {"warn_after_minutes": 3}}')
    proc = _cli("analyze", str(SAMPLES / "sim-healthy-ride"), "--params", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "detector.warn_after_minutes" in proc.stderr


def test_text_output_says_verdict_referrals_and_disclaimer():
    proc = _cli("analyze", str(SAMPLES / "sim-cleat-forward"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Verdict:")
    assert "clinician" in proc.stdout and "leg pain" in proc.stdout
    assert "not a medical device" in proc.stdout


def test_analyze_of_something_that_is_not_a_session_is_one_line(tmp_path):
    proc = _cli("analyze", str(tmp_path))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "session.json" in proc.stderr


@pytest.mark.parametrize("case", ["all read", "a frame with every sensor missing", "some sensors missing",
                                  "plus and minus infinity"])
def test_the_times_a_foot_sent_data_leave_out_exactly_the_frames_with_every_sensor_missing(case):
    import numpy as np

    from monitor.analysis.foot_frames import read_times
    from monitor.codebook import FrameBlock

    p = np.arange(40.0).reshape(10, 4)
    if case == "a frame with every sensor missing":
        p[3] = np.nan
    elif case == "some sensors missing":
        p[3, :3] = np.nan
        p[7] = np.nan
    elif case == "plus and minus infinity":
        p[2, 0], p[2, 1] = np.inf, -np.inf
    t = np.arange(10) * 0.01
    want = t[~np.isnan(p).all(axis=1)]
    assert np.array_equal(read_times(FrameBlock("left", t, p)), want)
    assert len(want) == {"all read": 10, "a frame with every sensor missing": 9, "some sensors missing": 9,
                         "plus and minus infinity": 10}[case]


def _doc_types() -> dict[str, str]:
    """docs/analyze-json.md's table: key -> its type column."""
    import re

    text = (ROOT / "docs" / "analyze-json.md").read_text()
    return {k: t.strip() for k, t in re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", text, re.M)}


def test_what_can_be_null_the_json_doc_says_can_be_null():
    """A foot that sent no pressure sample has no forefoot share: the JSON says null (and the schema allows
    it), but docs/analyze-json.md typed ``summary.FOOT.forefoot_share`` as a plain float, so a reader's
    code could take it for a number. Each summary value the JSON gives as null here, the doc says can be;
    its reliefs too, which the JSON gave as 0 (missing stays missing); the other foot's count is kept."""
    import numpy as np

    session = offline_session("cleat-forward", duration_s=90)
    sensors = [c for c in session.frames.columns if c.endswith("_kpa")]
    session.frames.loc[session.frames["foot"] == "right", sensors] = np.nan
    doc = analyze(session, DEFAULT_PARAMS).to_json_dict()
    _validate(doc)
    right = doc["summary"]["right"]
    nulls = [k for k, v in right.items() if v is None]
    assert "forefoot_share" in nulls
    # had: 0, a count of reliefs on a foot nothing was watched on, beside every other figure null
    assert right["relief_count"] is None and "relief_count" in nulls
    assert isinstance(doc["summary"]["left"]["relief_count"], int)  # a foot with data keeps its count
    wrong = {**doc, "summary": {**doc["summary"], "right": {**right, "relief_count": -1}}}
    with pytest.raises(jsonschema.ValidationError):
        _validate(wrong)
    types = _doc_types()
    for key in nulls:
        assert "null" in types[f"summary.FOOT.{key}"], key
    assert all(v == {"peak_kpa": None, "pti_kpa_s": None} for v in right["regions"].values())
    assert "null" in types["summary.FOOT.regions.REGION"]


def test_an_alert_s_pattern_is_always_one_the_detector_names():
    """The code never writes an alert without a pattern: the schema allows only the detector's pattern
    names (not null, not any text), and real output (the sample's notices) holds to it."""
    import copy

    from monitor.session.directory import load_session
    from monitor.signal.patterns import NOTICE_PATTERNS, WARNING_PATTERNS

    doc = analyze(load_session(SAMPLES / "sim-cleat-forward")).to_json_dict()
    assert doc["alerts"]
    _validate(doc)
    for bad in (None, "made_up"):
        wrong = copy.deepcopy(doc)
        wrong["alerts"][0]["pattern"] = bad
        with pytest.raises(jsonschema.ValidationError):
            _validate(wrong)
    assert set(SCHEMA["$defs"]["alert"]["properties"]["pattern"]["enum"]) == {*WARNING_PATTERNS, *NOTICE_PATTERNS}


def _relieved_then_stopped():
    """A ride in tight shoes for 400 s (a warning on each foot at 300 s), then the same ride without the
    fault (both feet back to normal), whose right insole stops sending at 700 s (data stale)."""
    import pandas as pd

    from monitor.session.model import Session

    tight = offline_session("tight-shoes", duration_s=15 * 60, seed=2)
    healthy = offline_session("healthy-ride", duration_s=15 * 60, seed=2)
    a, b = tight.frames, healthy.frames
    f = pd.concat([a[a["t_s"] < 400], b[b["t_s"] >= 400]]).reset_index(drop=True)
    keep = ~((f["foot"] == "right") & (f["t_s"] >= 700)).to_numpy()
    return Session(tight.path, tight.info, f[keep].reset_index(drop=True), tight.gaps)


def test_events_of_every_kind_match_the_schema_and_nothing_else_does():
    """The schema's event entry took any extra key, a level, a region or suggestions on an event the code
    never writes with them; it is now exactly what the code writes: the alert's keys plus ``kind``, with
    ``level``, ``region``, ``pattern``, ``cause`` null and no suggestion."""
    import copy

    import numpy as np

    from monitor.analysis.alerts import KINDS
    from monitor.session.model import Session

    doc = analyze(_relieved_then_stopped()).to_json_dict()
    silent = offline_session("cleat-forward", duration_s=90)  # the right insole sent no pressure sample
    sensors = [c for c in silent.frames.columns if c.endswith("_kpa")]
    silent.frames.loc[silent.frames["foot"] == "right", sensors] = np.nan
    no_data = analyze(silent).to_json_dict()
    ride = offline_session("healthy-ride", duration_s=90, seed=3)  # the left insole silent 30-46 s, then back
    f = ride.frames
    gone = ((f["foot"] == "left") & (f["t_s"] >= 30.0) & (f["t_s"] < 46.0)).to_numpy()
    back = analyze(Session(ride.path, ride.info, f[~gone].reset_index(drop=True), ride.gaps)).to_json_dict()
    for d in (doc, no_data, back):
        _validate(d)
    events = doc["events"] + no_data["events"] + back["events"]
    assert {e["kind"] for e in events} == {"back_to_normal", "data_stale", "data_back"} == set(KINDS) - {"alert"}
    assert ("data_stale", 0.0) in {(e["kind"], e["t_s"]) for e in no_data["events"]}
    assert set(SCHEMA["$defs"]["event"]["properties"]["kind"]["enum"]) == set(KINDS) - {"alert"}
    wrongs = [("made_up", 1), ("kind", "made_up"), ("kind", "alert"), ("level", "warning"), ("region", "mth1"),
              ("pattern", "focal_mth"), ("cause", "closure too tight"), ("suggestions", ["Loosen"]),
              ("t_s", -1.0), ("message", None)]
    for i, event in enumerate(events):
        for key, value in wrongs:
            wrong = copy.deepcopy(event)
            wrong[key] = value
            with pytest.raises(jsonschema.ValidationError):
                _validate({**doc, "events": [wrong]})
        for key in event:
            short = {k: v for k, v in event.items() if k != key}
            with pytest.raises(jsonschema.ValidationError):
                _validate({**doc, "events": [short]})
    types = _doc_types()
    for key in ("level", "region", "pattern", "cause"):
        assert types[f"events[].{key}"] == "null", key


def test_every_foot_with_stances_has_its_steps_measured_so_the_json_needs_no_fallback():
    """The steps JSON (monitor.analysis.gait_json.steps_json) had a fallback for a foot with stances but no
    measured steps (times only, every measure null): unreachable, since analyze measures the stances of every
    foot that has them. It is gone; this holds the reason: the feet in ``steps`` are exactly those with
    stances, one step each."""
    from monitor.session.directory import load_session

    for name in ("moticon-walk", "sim-cleat-forward"):
        result = analyze(load_session(SAMPLES / name))
        doc = result.to_json_dict()
        with_stances = {foot for foot, pipe in result.feet.items() if pipe.contacts_}
        assert set(result.steps) == with_stances
        assert with_stances == ({"left", "right"} if name == "moticon-walk" else set())
        for foot, pipe in result.feet.items():
            assert [s["initial_contact_s"] for s in doc["steps"][foot]] == [round(ic, 3) for ic, _ in pipe.contacts_]


def test_judged_is_a_float64_flag_of_1_or_0_and_api_md_says_so():
    """The detector's ``judged`` (whether a window was judged, docs/detection.md) is 1.0 or 0.0, a float
    among the Assessment's float metrics, and the assessments_table's float64 column; docs/api.md did not
    say so (a reader would take the column for a bool: ``~levels["judged"]`` is a TypeError). The
    study's windows table does not carry it, so its cache schema is the same."""
    import re

    import numpy as np

    from monitor.analysis.tables import assessments_table, windows_table
    from monitor.studies.rows import window_rows

    session = offline_session("healthy-ride", duration_s=9 * 60, seed=2)  # a relief at 6 min: windows not judged
    result = analyze(session)
    levels = assessments_table(result)
    assert levels["judged"].dtype == np.float64
    assert set(levels["judged"]) == {0.0, 1.0}
    assert all(type(a.metrics["judged"]) is float for pipe in result.feet.values() for a in pipe.assessments_)
    assert "judged" not in window_rows(session, {}, windows_table(result), levels).columns
    api = " ".join((ROOT / "docs" / "api.md").read_text().split())
    assert re.search(r"`judged` \(float64: 1\.0 [^)]*, 0\.0 [^)]*\)", api)


def _imported_from(tmp_path: Path, sample: str, from_s: float) -> Path:
    """The sample session's frames from ``from_s`` on, exported as CSV with times moved to start at
    EARLIEST_T_S (-1 s: the earliest an import takes), and imported back (docs/import-csv.md)."""
    import dataclasses

    import monitor
    from monitor.importers import import_file
    from monitor.importers.generic_csv_checks import EARLIEST_T_S
    from monitor.session.export import export_frames

    session = monitor.load_session(SAMPLES / sample)
    frames = session.frames[session.frames["t_s"] >= from_s].copy()
    frames["t_s"] = frames["t_s"] - frames["t_s"].min() + EARLIEST_T_S
    csv_path = export_frames(dataclasses.replace(session, frames=frames), tmp_path / f"{sample}.csv", "csv")
    feet = {foot: {"rate_hz": lay.current_rate_hz, "x": list(lay.x), "y": list(lay.y),
                   "area_mm2": list(lay.area_mm2), "regions": list(lay.regions),
                   "positions_inferred": lay.positions_inferred, "resolution_kpa": lay.kpa_per_count}
            for foot, lay in session.info.layouts.items()}
    layout = tmp_path / f"{sample}-layout.json"
    layout.write_text(json.dumps({"label": sample, "feet": feet}))
    return import_file("csv", csv_path, tmp_path / f"{sample}-imported", layout=layout)


def test_every_session_time_in_the_schema_has_the_least_the_data_can_have(tmp_path):
    """had: `steps[].initial_contact_s`, `toe_off_s`, `strokes[].t_s`, `summary.FOOT.first_warning_s`,
    the marks' `first_warning_s` / `first_sign_s` / `lead_s` and the damaged spans' `from_s` / `to_s` took any
    number, while alerts', events' and marks' t_s have minimum 0. Alert times (and so a first warning or
    sign, and a mark's lead over one at or before it) and a raw log's host times are from 0; a step or a
    stroke is where the frames put it, and an import's frames start as early as -1 s (EARLIEST_T_S), so
    an imported walk and ride have steps and strokes before 0, which the schema must take."""
    import monitor
    from monitor.importers.generic_csv_checks import EARLIEST_T_S

    walk = analyze(monitor.load_session(_imported_from(tmp_path, "moticon-walk", 3.5))).to_json_dict()
    ride = analyze(monitor.load_session(_imported_from(tmp_path, "sim-cleat-forward", 0.0))).to_json_dict()
    walk, ride = json.loads(json.dumps(walk)), json.loads(json.dumps(ride))
    _validate(walk)
    _validate(ride)
    assert min(s["initial_contact_s"] for steps in walk["steps"].values() for s in steps) < 0
    assert min(s["t_s"] for strokes in ride["strokes"].values() for s in strokes) < 0

    def refused(doc: dict, edit) -> bool:
        bad = json.loads(json.dumps(doc))
        edit(bad)
        try:
            _validate(bad)
        except jsonschema.ValidationError:
            return True
        return False

    before_any_frame = EARLIEST_T_S - 0.5
    mark = {"t_s": 80.0, "foot": "left", "mark": "numb", "source": "web", "warned_before": True,
            "first_warning_s": 75.0, "lead_s": 5.0, "first_sign_s": 70.0, "no_data_since_s": None}
    edits = {
        "steps[].initial_contact_s": lambda d: d["steps"]["left"][0].update(initial_contact_s=before_any_frame),
        "steps[].toe_off_s": lambda d: d["steps"]["left"][0].update(toe_off_s=before_any_frame),
        "strokes[].t_s": lambda d: d["strokes"]["left"][0].update(t_s=before_any_frame),
        "summary.FOOT.first_warning_s": lambda d: d["summary"]["left"].update(first_warning_s=-0.5),
        "marks[].first_warning_s": lambda d: d["marks"].append({**mark, "first_warning_s": -0.5}),
        "marks[].first_sign_s": lambda d: d["marks"].append({**mark, "first_sign_s": -0.5}),
        "marks[].lead_s": lambda d: d["marks"].append({**mark, "lead_s": -0.5}),
        "marks[].no_data_since_s": lambda d: d["marks"].append({**mark, "no_data_since_s": -0.5}),
        "damaged_spans[].from_s": lambda d: d["damaged_spans"].append(
            {"offset": 0, "n_bytes": 9, "from_s": -0.5, "to_s": 1.0}),
        "damaged_spans[].to_s": lambda d: d["damaged_spans"].append(
            {"offset": 0, "n_bytes": 9, "from_s": None, "to_s": -0.5}),
    }
    assert refused(walk, lambda d: None) is False and refused(ride, lambda d: d["marks"].append(mark)) is False
    doc_of = {name: walk if name.startswith("steps") else ride for name in edits}
    assert [name for name, edit in edits.items() if not refused(doc_of[name], edit)] == []
    assert SCHEMA["$defs"]["frame_s"]["minimum"] == EARLIEST_T_S
