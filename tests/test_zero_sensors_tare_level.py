"""A frame counts as loaded for the zero-sensor caveat by the level the tare of the same analysis uses: a params
file's (``--params``), and on an uncalibrated insole that level scaled to the foot's loaded level; the import
and the analysis of the same file name the same sensors.

Had: the check held its own copy of the default level (12 N), so ``analyze --params`` with the tare's unloaded
level raised to 45 N still counted frames of 12-45 N as loaded, and an uncalibrated walk at ten times its kPa
(tare level about 96 units) counted its swing's 12-96 units as loaded too.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from test_import_pressure_caveats import DEAD, HERE, LAYOUT, RATE_HZ, _caveats, _ride, _walk

from monitor.cli.main import main
from monitor.codebook import FrameBlock
from monitor.importers.generic_csv_layout import read_layout
from monitor.signal.params import DEFAULT_PARAMS
from monitor.signal.pipeline import FootPipeline
from monitor.signal.regions import RegionReducer

#: the level the test's params file raises the tare's unloaded level to (N): above the ride's lightest frames
#: (17-40 N), below its heavier ones (up to 117 N)
RAISED_N = 45.0


def _import(tmp_path, kind: str, feet: dict[str, np.ndarray], calibrated: bool = True):
    """Import ``feet`` (foot -> (n, 8) pressures at RATE_HZ, the example layout's sensors) as a ``kind`` CSV."""
    rows = []
    for foot, p in feet.items():
        t = np.arange(p.shape[0]) / RATE_HZ
        rows += [f"{ti:.2f},{foot}," + ",".join(f"{v:g}" for v in row) for ti, row in zip(t, np.round(p, 2))]
    rows.sort(key=lambda r: float(r.split(",")[0]))
    csv = tmp_path / f"{kind}.csv"
    csv.write_text("t_s,foot," + ",".join(f"p{k:02d}_kpa" for k in range(8)) + "\n" + "\n".join(rows) + "\n")
    layout = tmp_path / "layout.json"
    feet_layout = {foot: {**LAYOUT["feet"][foot], "calibrated": calibrated} for foot in feet}
    layout.write_text(json.dumps({**LAYOUT, "activity": kind, "caveats": [], "feet": feet_layout}))
    out = tmp_path / "s"
    assert main(["import", "csv", str(csv), "--layout", str(layout), "-o", str(out)]) == 0
    return out


def _light_frames_only(seconds: float = 60.0) -> np.ndarray:
    """A ride whose p04 (MTH2-3) reads 1 kPa (above the 0.5-kPa resolution) in its frames of under 40 N of
    nominal total load only, 0 in the rest."""
    p = _ride(np.arange(int(seconds * RATE_HZ)) / RATE_HZ) + 1.0
    p[:, 4] = 0.0
    layout = read_layout(HERE / "data" / "generic_csv" / "layout.json")[0]["left"]
    total_n, _ = RegionReducer(layout).loads_by_sensor(np.ascontiguousarray(p.T))
    p[total_n < 40.0, 4] = 1.0
    return p


def _analyze_json(capsys, out, *extra: str) -> dict:
    capsys.readouterr()
    assert main(["analyze", str(out), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_analyze_params_raising_the_tare_level_counts_frames_under_it_unloaded(tmp_path, capsys):
    """p04 read above 0 in the frames of 17-40 N only: loaded at the default 12 N, so nothing is said; at a
    params file's 45 N they are unloaded, and in every loaded frame p04 read 0 (had: nothing said either)."""
    out = _import(tmp_path, "cycling", {"left": _light_frames_only()})
    assert not [c for c in _caveats(out) if DEAD in c]  # the import, at the default level
    assert "zero_sensors" not in _analyze_json(capsys, out)
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"tare": {"unloaded_total_n": RAISED_N}}))
    doc = _analyze_json(capsys, out, "--params", str(params))
    assert doc.get("zero_sensors") == {"left": ["p04"]}, doc.get("zero_sensors")
    assert doc["zero_sensor_notes"][0].startswith("left: sensor p04 (MTH2-3) read 0 " + DEAD.removeprefix("read 0 "))


def test_the_pipeline_counts_by_its_tare_level_as_it_is_given():
    """FootPipeline.zeros over the same frames: the loaded frames and the sensor named follow params.tare."""
    layout = read_layout(HERE / "data" / "generic_csv" / "layout.json")[0]["left"]
    p = _light_frames_only()
    t = np.arange(p.shape[0]) / RATE_HZ
    zeros = {}
    for level_n in (DEFAULT_PARAMS.tare.unloaded_total_n, RAISED_N):
        params = replace(DEFAULT_PARAMS, tare=replace(DEFAULT_PARAMS.tare, unloaded_total_n=level_n))
        pipe = FootPipeline("left", layout, RATE_HZ, params, activity="cycling")
        pipe.feed(FrameBlock("left", t, p))
        pipe.finish()
        zeros[level_n] = (pipe.zeros.n_loaded, pipe.zeros.zero(RATE_HZ))
    assert zeros[DEFAULT_PARAMS.tare.unloaded_total_n] == (p.shape[0], [])  # every frame is 17 N or more
    n_loaded, named = zeros[RAISED_N]
    assert named == [4] and 0 < n_loaded < p.shape[0], zeros


def _walk_lifted_p04(scale: float, seconds: float = 60.0) -> np.ndarray:
    """A walk at ``scale`` times its kPa whose p04 (MTH2-3) reads 0 in stance and its 1-kPa offset (times
    ``scale``) in swing, when every sensor reads that offset only."""
    p = _walk(np.arange(int(seconds * RATE_HZ)) / RATE_HZ)
    swing = p.sum(axis=1) == 0.0
    p = p + 1.0
    p[~swing, 4] = 0.0
    return p * scale


def test_an_uncalibrated_foot_counts_by_the_tare_level_scaled_to_it_and_the_import_agrees(tmp_path, capsys):
    """An uncalibrated walk at 10x its kPa: its tare's unloaded level is 12 N's share of its loaded level (96
    units), so its swing (every sensor at 10 units) is unloaded, and p04, 0 in every stance, is named by
    the import and by analyze alike (had: the swing counted as loaded at 12 units, p04 read 10 there, and
    neither said anything)."""
    out = _import(tmp_path, "walking", {foot: _walk_lifted_p04(10.0) for foot in ("left", "right")},
                  calibrated=False)
    imported = [c for c in _caveats(out) if DEAD in c]
    doc = _analyze_json(capsys, out)
    assert doc.get("zero_sensors") == {"left": ["p04"], "right": ["p04"]}, doc.get("zero_sensors")
    assert doc["zero_sensor_notes"] == imported and len(imported) == 2, (imported, doc.get("zero_sensor_notes"))


def _dead_then_light(seconds: float = 60.0) -> np.ndarray:
    """:func:`_light_frames_only` with p03 (MTH1) at 0 throughout too: the import (12 N) names p03 alone, an
    analysis at RAISED_N names p03 and p04."""
    p = _light_frames_only(seconds)
    p[:, 3] = 0.0
    return p


def test_analyze_params_and_the_report_say_the_analysis_s_own_caveat_once_per_foot(tmp_path, capsys):
    """Had: the report's "What to know" kept the import's caveat of the left foot (p03 alone, made at the default
    12 N) where the analysis with a params file of 45 N named p03 and p04 (as --json says): the import's stood
    for it. Now the analysis's own takes its place, one per foot, and the text output and --json say the same."""
    from monitor.analysis.batch import analyze
    from monitor.report.data import report_data
    from monitor.session.directory import load_session
    from monitor.session.param_files import load_params

    out = _import(tmp_path, "cycling", {"left": _dead_then_light()})
    imported = [c for c in _caveats(out) if DEAD in c]
    assert [c.split(" read 0")[0] for c in imported] == ["left: sensor p03 (MTH1)"], imported
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"tare": {"unloaded_total_n": RAISED_N}}))
    doc = _analyze_json(capsys, out, "--params", str(params))
    own = doc["zero_sensor_notes"]
    assert [n.split(" read 0")[0] for n in own] == ["left: sensors p03 (MTH1) and p04 (MTH2-3)"], own
    capsys.readouterr()
    assert main(["analyze", str(out), "--params", str(params)]) == 0
    text = " ".join(capsys.readouterr().out.split())  # the terminal's wrapping undone
    assert text.count(DEAD) == 1 and f"caveat: {own[0]}" in text, text
    session = load_session(out)
    said = [c for c in report_data(session, analyze(session, load_params(params))).quality.caveats if DEAD in c]
    assert said == own, said  # had: the import's p03 alone
    # at the default level the analysis says what the import said: the import's caveat, once
    said = [c for c in report_data(session, analyze(session)).quality.caveats if DEAD in c]
    assert said == imported, said


def test_an_import_s_caveat_the_analysis_does_not_find_is_left_out():
    """One caveat per foot, the analysis's: where it found none (its tare at another level), the import's of that
    foot goes; other caveats, and a foot not analysed, keep theirs."""
    from monitor.analysis.sensor_gaps import zero_caveats
    from monitor.signal.zero_sensors import zero_caveat

    layout = read_layout(HERE / "data" / "generic_csv" / "layout.json")[0]["left"]
    p = _light_frames_only()
    pipe = FootPipeline("left", layout, RATE_HZ, DEFAULT_PARAMS, activity="cycling")
    pipe.feed(FrameBlock("left", np.arange(p.shape[0]) / RATE_HZ, p))
    pipe.finish()
    left, right = zero_caveat("left", layout, [4]), zero_caveat("right", layout, [4])
    assert zero_caveats({"left": pipe}, ["an importer's own", left, right]) == ["an importer's own", right]
