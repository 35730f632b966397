"""The Python API of ``import monitor``: parameters by name, analyze on a path or a Session, the tables,
lazy imports, and ``monitor.analyze`` a plain function beside the stage packages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from known_rider import rider_normal

import monitor
from monitor.analysis.param_overrides import (
    nested_overrides,
    parameter_names,
)
from monitor.signal.param_checks import value_range
from monitor.signal.params import DEFAULT_PARAMS, Params

ROOT = Path(__file__).resolve().parents[1]
CLEAT = ROOT / "sessions" / "samples" / "sim-cleat-forward"
WALK = ROOT / "sessions" / "samples" / "moticon-walk"


def test_import_monitor_is_light_and_analyze_stays_a_function():
    code = ("import sys, types, monitor\n"
            "heavy = [m for m in ('numpy', 'pandas', 'scipy', 'matplotlib') if m in sys.modules]\n"
            "import monitor.analysis.batch\n"
            "from monitor.analysis.batch import AnalysisResult\n"
            "print(heavy, callable(monitor.analyze), type(monitor.analyze).__name__,\n"
            "      type(monitor) is types.ModuleType,\n"
            "      sys.modules['monitor.analysis.batch'].AnalysisResult is AnalysisResult)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["[]", "True", "function", "True", "True"]


def test_every_exported_name_resolves():
    for name in monitor.__all__:
        assert getattr(monitor, name) is not None, name
    assert set(monitor.__all__) <= set(dir(monitor))
    with pytest.raises(AttributeError, match="no attribute 'plot_nothing'"):
        monitor.plot_nothing  # noqa: B018


def test_flat_dotted_and_section_names():
    assert nested_overrides({"warn_after_s": 240}) == {"detector": {"warn_after_s": 240}}
    assert nested_overrides({"features.window_s": 30, "alerts": {"quiet_s": 60}}) == {
        "features": {"window_s": 30}, "alerts": {"quiet_s": 60}}
    p = monitor.make_params(warn_after_s=240, **{"features.window_s": 30.0}, tare={"offset_tau_s": 5})
    assert (p.detector.warn_after_s, p.features.window_s, p.tare.offset_tau_s) == (240, 30.0, 5)
    assert p.activity.window_s == DEFAULT_PARAMS.activity.window_s
    assert monitor.make_params() is DEFAULT_PARAMS


def test_dict_parameter_updates_only_the_keys_given():
    p = monitor.make_params(forefoot_share_high={"cycling": 0.8}, focal_norm={"running": {"mth1": 1.0}})
    d = DEFAULT_PARAMS.detector
    assert p.detector.forefoot_share_high == {**d.forefoot_share_high, "cycling": 0.8}
    assert p.detector.focal_norm["running"] == {**d.focal_norm["running"], "mth1": 1.0}
    assert p.detector.focal_norm["cycling"] == d.focal_norm["cycling"]
    assert DEFAULT_PARAMS.detector.forefoot_share_high["cycling"] == 0.72  # the defaults untouched


@pytest.mark.parametrize(("overrides", "message"), [
    ({"warning_after_s": 240}, r"unknown parameter 'warning_after_s'; close matches: detector\.warn_after_s"),
    ({"detector.warn_after": 1}, r"close matches: detector\.warn_after_s"),
    ({"detectr.warn_after_s": 1}, r"unknown parameter 'detectr\.warn_after_s'; close matches: detector\.warn_"),
    ({"window_s": 30}, r"'window_s' is in several sections \(activity\.window_s, features\.window_s\)"),
    ({"min_valid_fraction": 0.5}, r"activity\.min_valid_fraction, detector\.min_valid_fraction"),
    ({"forefoot_share_high": {"cyclng": 0.8}}, r"unknown key 'cyclng' in parameter detector\.forefoot_share_"
                                               r"high; close matches: cycling"),
    ({"warn_after_s": "5 min"}, r"detector\.warn_after_s must be a number"),
    ({"warn_after_s": True}, r"must be a number"),
    ({"confirm_windows": 2.5}, r"confirm_windows must be a whole number"),
    ({"forefoot_share_high": 0.8}, r"forefoot_share_high must be a dict"),
    ({"detector": 3}, r"section 'detector' takes a dict"),
    ({"warn_after_s": 1, "detector.warn_after_s": 2}, r"detector\.warn_after_s given twice"),
    ({"qqqqqq": 1}, r"unknown parameter 'qqqqqq' \(monitor\.parameter_table\(\) lists them all\)"),
])
def test_bad_names_and_values_are_usage_errors(overrides, message):
    with pytest.raises(monitor.UsageError, match=message):
        monitor.make_params(**overrides)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"warn_after_s": -5}, "detector.warn_after_s is -5; it must be above 0 and at most 86400 (default 300.0)"),
    ({"filter": {"order": 10}}, "filter.order is 10; it must be from 1 to 8 (default 2)"),
    ({"features.step_s": 1e-9}, "features.step_s is 1e-09; it must be from 1 to 86400 (default 10.0)"),
    ({"forefoot_share_high": {"cycling": 1.5}}, "detector.forefoot_share_high.cycling is 1.5; it must be from 0 "
                                                "to 1 (default 0.72)"),
    ({"min_cadence_rpm": 200}, "cycles.min_cadence_rpm (200) must be below cycles.max_cadence_rpm (130.0)"),
    ({"features.settle_s": 1.0}, "features.settle_s (1.0) must be longer than the 3.23 s after which a cycle is "
                                 "reported"),
])
def test_out_of_range_overrides_are_refused_as_a_params_file_refuses_them(tmp_path, overrides, message):
    # had: monitor.analyze(s, warn_after_s=-5) and make_params(...) ran with any value, while the same value in
    # a --params file (or a dict shaped like one) is refused: a typo in a sweep gave nonsense silently
    nested = nested_overrides(overrides)
    as_file = {s: {n: ({**getattr(getattr(DEFAULT_PARAMS, s), n), **v} if isinstance(v, dict) else v)
                   for n, v in values.items()} for s, values in nested.items()}
    f = tmp_path / "p.json"
    f.write_text(json.dumps(as_file))
    with pytest.raises(monitor.UsageError) as from_file:
        monitor.make_params(f)
    said = re.sub(r"^.*?: (line \d+: )?", "", str(from_file.value), count=1)  # the file's words, no file or line
    assert said.startswith(message)
    for where, refused in (("parameters", lambda: monitor.make_params(**overrides)),
                           ("params", lambda: monitor.make_params(as_file)),
                           ("parameters", lambda: monitor.analyze(WALK, **overrides))):
        with pytest.raises(monitor.UsageError) as exc:
            refused()
        assert str(exc.value) == f"{where}: {said}"


def test_a_params_given_whole_is_not_range_checked():
    # tools and tests build a Params with dataclasses.replace or Params.override (unchecked) on purpose; it is
    # taken as it is, and in-range overrides on top of it are still applied
    wide = DEFAULT_PARAMS.override({"features": {"step_s": 0.5}})
    assert monitor.make_params(wide, warn_after_s=30).features.step_s == 0.5


def test_analyze_with_activity_as_a_word_points_to_declared_activity():
    # had: analyze(s, activity="running") (the CLI's --activity) said only "section 'activity' takes a dict of
    # its parameters, not 'running'", with no word of how to say what the session is
    with pytest.raises(monitor.UsageError, match=r"declared_activity='running'"):
        monitor.analyze(WALK, activity="running")


@pytest.mark.parametrize(("word", "said"), [("running", "running"), ("Running", "running"), ("run", "running")])
def test_activity_as_a_word_is_one_line_that_leads_with_declared_activity(word, said):
    """``activity`` is the section of the recogniser's parameters, so a word there is refused, in one line that
    starts with the way to declare it (had: "section 'activity' takes a dict of its parameters, not 'Running'
    (to say what the session is: monitor.analyze(..., declared_activity='Running'))", a word that analyze then
    refused too); the word as the vocabulary spells it, or the one it may have meant."""
    with pytest.raises(monitor.UsageError) as err:
        monitor.analyze(WALK, activity=word)
    line = str(err.value)
    assert line.startswith(f"activity={word!r}: to declare what the session is, give monitor.analyze "
                           f"declared_activity={said!r} "), line
    assert "\n" not in line and "takes a dict of its parameters" not in line, line
    with pytest.raises(monitor.UsageError, match="section 'activity' takes a dict of its parameters, not 3"):
        monitor.make_params(activity=3)  # no word: the section's own error


def test_params_as_dict_file_or_params(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"detector": {"warn_after_s": 100}}))
    for given in ({"detector": {"warn_after_s": 100}}, f, str(f),
                  DEFAULT_PARAMS.override({"detector": {"warn_after_s": 100}})):
        p = monitor.make_params(given, alert_after_s=200)
        assert isinstance(p, Params)
        assert (p.detector.warn_after_s, p.detector.alert_after_s) == (100, 200)
    with pytest.raises(monitor.UsageError, match="unknown section 'detectr'"):
        monitor.make_params({"detectr": {}})
    with pytest.raises(monitor.UsageError, match="params must be"):
        monitor.make_params(42)


def test_every_parameter_is_reachable_by_its_dotted_name():
    from monitor.signal.param_checks import _ORDERED

    names = parameter_names()
    assert len(names) == len(set(names)) > 50
    table = monitor.parameter_table()
    assert table["key"].tolist() == names and not table["changed"].any()
    for key in names:
        section, name = key.split(".")
        value = getattr(getattr(DEFAULT_PARAMS, section), name)
        if isinstance(value, (int, float)):
            lo, hi, _ = value_range(name, value)
            upper = any(name == up for pairs in _ORDERED.values() for _, up in pairs)
            # a share stays within 0 .. 1: the upper of a pair kept in its order moves up, any other down
            other = value + 1 if value + 1 <= hi else (value + hi) / 2 if upper else (lo + value) / 2
            if any(name == lower for pairs in _ORDERED.values() for lower, _ in pairs):
                other = (lo + value) / 2  # the lower of a pair kept in its order (param_checks._ORDERED)
            p = monitor.make_params(**{key: other})
            assert getattr(getattr(p, section), name) == other
            assert monitor.parameter_table(p).set_index("key")["changed"].sum() == 1


def test_analyze_a_path_or_a_session_and_overrides_change_the_alerts():
    base = monitor.analyze(CLEAT, baseline=rider_normal(1))
    assert [a.level for a in base.alerts] == ["notice", "notice"]
    s = monitor.load_session(CLEAT)
    alone = monitor.analyze(s, warn_after_s=30, alert_after_s=45)  # its own first minute is its normal
    assert {a.level for a in alone.alerts} == {"notice"}
    sooner = monitor.analyze(s, warn_after_s=30, alert_after_s=45, baseline=rider_normal(1))
    assert sooner.params.detector.warn_after_s == 30
    assert [(a.foot, a.level, a.t_s) for a in sooner.alerts] == [
        ("left", "warning", 70.0), ("right", "warning", 70.0), ("left", "alert", 80.0), ("right", "alert", 80.0)]
    with pytest.raises(monitor.SessionFormatError, match="not a directory"):
        monitor.analyze(ROOT / "no-such-session")


def test_tables():
    r = monitor.analyze(CLEAT, warn_after_s=30, baseline=rider_normal(1))
    alerts = monitor.alerts_table(r)
    assert list(alerts["level"]) == ["warning", "warning"] and list(alerts["foot"]) == ["left", "right"]
    # a warning's break first, its rule's fix after (tests/test_warning_suggestions_break_first.py)
    assert [s.split("; ")[:2] for s in alerts["suggestions"]] == [
        ["Unweight the foot 20-60 s", "Move the left cleat back 2-10 mm"],
        ["Unweight the foot 20-60 s", "Move the right cleat back 2-10 mm"]]
    w = monitor.windows_table(r)
    assert len(w) == sum(len(p.windows_) for p in r.feet.values()) == 16
    assert {"mth2_3_peak_kpa", "mth2_3_share", "mth2_3_pti_kpa_s_per_min", "forefoot_share"} <= set(w.columns)
    assert w["t_s"].is_monotonic_increasing
    left = w[w["foot"] == "left"].iloc[-1]
    lw = r.feet["left"].windows_[-1]
    assert left["mth2_3_peak_kpa"] == pytest.approx(lw.peak_kpa["mth2_3"])
    a = monitor.assessments_table(r)
    assert a["level_rank"].max() == 2 and set(a["level"]) <= {"none", "notice", "warning"}
    c = monitor.cycles_table(r)
    assert len(c) == sum(len(p.cycles_) for p in r.feet.values()) and set(c["kind"]) == {"stroke"}
    assert (c["duration_s"] > 0.5).all()
    walk = monitor.cycles_table(monitor.analyze(WALK))
    assert set(walk["kind"]) == {"stride"} and walk["toe_off_s"].notna().all()


def test_empty_tables_have_their_columns():
    r = monitor.analyze(ROOT / "sessions" / "samples" / "sim-healthy-ride")
    t = monitor.alerts_table(r)
    assert t.empty and "level" in t.columns


def test_export_and_import(tmp_path):
    out = monitor.export_frames(WALK, tmp_path / "walk.parquet")
    assert out == tmp_path / "walk.parquet"
    back = pd.read_parquet(out)
    assert len(back) == len(monitor.load_session(WALK).frames)
    with pytest.raises(monitor.UsageError, match="exists"):
        monitor.export_frames(WALK, out)
    csv = monitor.export_frames(WALK, tmp_path / "walk.csv")
    assert csv.read_text().startswith("t_s,foot,p00_kpa,")
    example = ROOT / "tests" / "data" / "generic_csv"
    s = monitor.import_session("csv", example / "walk.csv", tmp_path / "imported", layout=example / "layout.json")
    assert s.path == tmp_path / "imported" and set(s.info.feet) == {"left", "right"} and len(s.frames) > 0
    with pytest.raises(monitor.UsageError, match="fmt='nope': unknown import format"):
        monitor.import_session("nope", csv, tmp_path / "x")


@pytest.mark.parametrize("sample", [WALK, CLEAT], ids=["moticon-walk", "sim-cleat-forward"])
def test_a_python_csv_export_comes_back_through_the_layout_it_writes_beside_it(tmp_path, sample):
    # had: monitor.export_frames wrote the CSV alone while `solewatch export` wrote frames.layout.json beside
    # it, so re-importing a Python export needed a layout made by hand
    csv = monitor.export_frames(sample, tmp_path / "frames.csv")
    layout = tmp_path / "frames.layout.json"
    assert layout.is_file()
    back = monitor.import_session("csv", csv, tmp_path / "back", layout=layout)
    original = monitor.load_session(sample)
    pd.testing.assert_frame_equal(back.frames, original.frames)  # NaN where NaN, float32 exact
    assert (back.info.label, back.info.start_utc) == (original.info.label, original.info.start_utc)
    for foot, lay in original.info.layouts.items():
        assert back.info.layouts[foot].regions == lay.regions
    alone = monitor.export_frames(sample, tmp_path / "alone.csv", layout=False)
    assert alone.read_bytes() == csv.read_bytes() and not (tmp_path / "alone.layout.json").exists()
    monitor.export_frames(sample, tmp_path / "f.parquet")
    assert not (tmp_path / "f.layout.json").exists()  # Parquet carries no layout file


def test_the_internal_csv_export_writes_the_layout_beside_as_the_public_one_does(tmp_path):
    """had: monitor.session.export.export_frames wrote the CSV alone unless asked, while monitor.export_frames
    and `solewatch export` write frames.layout.json beside it: one default for both, the layout."""
    import inspect

    from monitor.session.export import export_frames as internal

    csv = internal(WALK, tmp_path / "frames.csv", "csv")
    assert (tmp_path / "frames.layout.json").is_file()
    public = monitor.export_frames(WALK, tmp_path / "public.csv")
    assert public.read_bytes() == csv.read_bytes()
    assert (tmp_path / "public.layout.json").read_bytes() == (tmp_path / "frames.layout.json").read_bytes()
    defaults = [inspect.signature(f).parameters["layout"].default for f in (internal, monitor.export_frames)]
    assert defaults == [True, True]


def test_a_misspelt_declared_activity_is_a_usage_error():
    """``monitor.analyze(..., declared_activity="runing")`` used to be ignored without a word (the ride was
    recognised as cycling); an activity that is no session word nor pipeline label is a UsageError naming
    it and the known ones, as a misspelt parameter name is. ``"unknown"`` asks for recognition."""
    with pytest.raises(monitor.UsageError, match=r"declared_activity='runing': unknown activity; did you mean "
                                                 r"running\? \(known: .*running"):
        monitor.analyze(CLEAT, declared_activity="runing")
    assert monitor.analyze(CLEAT, declared_activity="unknown").summary()["left"]["activity"] == "cycling"


def test_declared_activity_takes_words_as_the_command_line_does(capsys, tmp_path):
    """``declared_activity`` is taken by ``--activity``'s rule (monitor.signal.activity_words.spelt_activity,
    meant_words): in any case (had: ``'Running'`` refused, ``unknown activity 'Running' (known: ...)``, which
    ``import_session(activity=)`` and ``analyze --activity`` take), and a word it names none of gets the one
    it may have meant, in the command line's words (had: ``'run'`` no "did you mean")."""
    from monitor.cli.main import main

    result = monitor.analyze(CLEAT, declared_activity="Running")
    assert result.summary()["left"]["activity"] == "running" and result.declared_word == "running"
    with pytest.raises(monitor.UsageError) as err:
        monitor.analyze(CLEAT, declared_activity="run")
    assert "; did you mean running? (known: " in str(err.value), str(err.value)
    with pytest.raises(SystemExit):
        main(["analyze", str(CLEAT), "--activity", "run"])
    assert "'run'; did you mean running? (choose from " in capsys.readouterr().err
    with pytest.raises(monitor.UsageError, match=r"activity='Run': unknown activity; did you mean running\?"):
        monitor.import_session("csv", ROOT / "tests/data/generic_csv/walk.csv", tmp_path / "s",
                               layout=ROOT / "tests/data/generic_csv/layout.json", activity="Run")


def test_the_alerts_tables_columns_are_in_one_order_with_rows_or_without():
    """alerts_table's columns are those its docstring lists, in that order, whether the session has
    alerts or none; with alerts, ``suggestions`` used to come after ``message``."""
    columns = ["t_s", "foot", "kind", "level", "region", "pattern", "cause", "suggestions", "message"]
    with_rows = monitor.alerts_table(monitor.analyze(CLEAT))
    without = monitor.alerts_table(monitor.analyze(ROOT / "sessions" / "samples" / "sim-healthy-ride"))
    assert len(with_rows) > 0 and without.empty
    assert list(with_rows.columns) == list(without.columns) == columns


def test_time_columns_of_the_tables_are_floats_with_nan_for_none():
    """A time a row does not have (a stroke's ``toe_off_s``, a stride's ``peak_s``, an assessment's
    ``since_s`` with no pattern) used to be None in an object column when no row had one, so that
    ``cycles["toe_off_s"].median()`` or arithmetic on it failed; each is float64, NaN where missing, and so
    is ``t_s`` of a table without rows."""
    cleat, walk = monitor.analyze(CLEAT), monitor.analyze(WALK)
    strokes, strides = monitor.cycles_table(cleat), monitor.cycles_table(walk)
    for table in (strokes, strides):
        for col in ("start_s", "end_s", "duration_s", "toe_off_s", "peak_s"):
            assert table[col].dtype == "float64", col
    assert strokes["toe_off_s"].isna().all() and strides["peak_s"].isna().all()
    levels = monitor.assessments_table(walk)
    assert levels["since_s"].dtype == "float64" and levels["since_s"].isna().all()
    none = monitor.alerts_table(monitor.analyze(ROOT / "sessions" / "samples" / "sim-healthy-ride"))
    assert none.empty and none["t_s"].dtype == "float64"


def test_a_table_without_rows_keeps_its_numeric_dtypes():
    """A ride has no steps and a session shorter than a window no assessment: their tables used to have
    every column but the time as dtype object, so concatenating them with a walk's (``pd.concat``
    across sessions) turned the walk's numbers into objects too. Empty or not, the numbers are float64
    (the level's rank among them: NaN in a window with no data)."""
    ride = monitor.steps_table(monitor.analyze(CLEAT))
    walk = monitor.steps_table(monitor.analyze(WALK))
    assert ride.empty and len(walk) > 0
    numeric = ["initial_contact_s", "toe_off_s", "contact_start_s", "contact_end_s", "contact_s",
               "strike_index_pct", "impulse_n_s"]
    for table in (ride, walk, pd.concat([walk, ride], ignore_index=True)):
        assert [str(table[c].dtype) for c in numeric] == ["float64"] * len(numeric)
    short = monitor.assessments_table(monitor.analyze(monitor.offline_session("cleat-forward", duration_s=5)))
    assert short.empty and short["level_rank"].dtype == "float64" and short["since_s"].dtype == "float64"


def test_every_table_has_a_range_index_and_the_api_doc_says_so():
    """The tables' index was nowhere said: a reader could not know whether ``t_s`` was the index or a
    column. Each table has the default RangeIndex, times in columns, and docs/api.md says so."""
    r = monitor.analyze(CLEAT)
    walk = monitor.load_session(WALK)
    tables = [walk.frames, walk.gaps, walk.foot_frames("left"), monitor.windows_table(r),
              monitor.assessments_table(r), monitor.cycles_table(r), monitor.alerts_table(r),
              monitor.steps_table(monitor.analyze(walk)), monitor.parameter_table()]
    for t in tables:
        assert isinstance(t.index, pd.RangeIndex) and list(t.index) == list(range(len(t)))
    section = (ROOT / "docs" / "api.md").read_text().split("## Results as DataFrames", 1)[1].split("\n## ")[0]
    assert "RangeIndex" in section and "set_index" in section


@pytest.mark.parametrize("table", ["windows_table", "assessments_table", "cycles_table", "alerts_table",
                                   "steps_table"])
def test_a_table_given_a_session_instead_of_its_analysis_is_a_type_error_that_says_so(table):
    study = monitor.study([WALK], workers=1)  # has .alerts, as an analysis result has
    for given, kind in ((monitor.load_session(WALK), "Session"), (str(WALK), "str"), (study, "StudyTables")):
        with pytest.raises(TypeError, match=rf"^{table} takes an analysis result \(result = monitor.analyze"
                                            rf"\(session\)\), not a {kind}$"):
            getattr(monitor, table)(given)


@pytest.mark.parametrize(("name", "fmt"), [("walk.fit", None), ("walk.fit", "fit"), ("walk.bin", "fit"),
                                           ("walk.fit", "csv"), ("walk.FIT", "parquet")])
def test_export_frames_to_fit_is_a_usage_error_naming_the_file_and_writes_nothing(tmp_path, name, fmt):
    with pytest.raises(monitor.UsageError, match=rf"^{tmp_path / name}: export_frames writes the frames table "
                                                 r"as CSV or Parquet, not a FIT activity \(that is `solewatch "
                                                 r"export SESSION --format fit`"):
        monitor.export_frames(WALK, tmp_path / name, fmt=fmt)
    assert list(tmp_path.iterdir()) == []


def test_a_hidden_file_named_fit_is_no_fit_name(tmp_path):
    """A file named `.fit` has no suffix: `solewatch export -o .fit` writes the CSV there, and so does
    export_frames (the .fit check read the name's end)."""
    monitor.export_frames(WALK, tmp_path / ".fit", layout=False)
    assert (tmp_path / ".fit").read_text().startswith("t_s,foot,")


def test_foot_frames_of_a_foot_the_session_has_not_is_a_key_error_naming_the_session_and_its_feet():
    session = monitor.load_session(WALK)
    session.info.layouts.pop("right")  # a one-foot session, as a left-only import gives it
    for foot in ("right", "middle"):
        with pytest.raises(KeyError, match=rf"{WALK}: no '{foot}' foot in this session \(its feet: left\)"):
            session.foot_frames(foot)
    assert session.foot_frames("left").shape == (1751, 18)


def test_read_ride_of_a_path_that_is_no_session_directory_is_an_error_naming_it(tmp_path):
    fit_file = tmp_path / "ride.fit"
    fit_file.write_bytes(b"\x0e\x10")
    for path, what in ((tmp_path / "mistyped", "nothing is there"), (fit_file, "not a directory but a file")):
        with pytest.raises(monitor.SessionFormatError, match=rf"^{path}: {what} \(read_ride takes a session "
                                                             r"directory"):
            monitor.read_ride(path)
    assert monitor.read_ride(WALK) is None  # a session without a ride imported


@pytest.mark.parametrize("speed", [0, -1, float("nan"), float("inf"), 1e6, "2", True])
def test_replay_at_a_speed_it_cannot_pace_is_a_usage_error_before_anything_is_replayed(speed):
    import asyncio

    delivered = []
    with pytest.raises(monitor.UsageError, match=rf"^speed {speed!r}: a factor above 0 and up to 1000"):
        asyncio.run(monitor.replay_session(CLEAT, speed=speed, on_delivered=delivered.append))
    assert delivered == []


@pytest.mark.parametrize("workers", ["2", 1.5, True])
def test_a_study_on_workers_that_are_no_whole_number_is_a_usage_error_naming_them(workers):
    with pytest.raises(monitor.UsageError, match=rf"^workers: {workers!r} is not a whole number of processes"):
        monitor.study(WALK, workers=workers)


def test_a_misspelt_pedals_word_is_a_usage_error_as_a_misspelt_activity_is():
    said = r"^pedals 'spd': one of clipless, toe-clips, flat, none \(none: declares none; None: not said\)$"
    with pytest.raises(monitor.UsageError, match=said):
        monitor.analyze(WALK, pedals="spd")


@pytest.mark.parametrize("speed", [np.int64(1000), np.float32(1000)])
def test_replay_takes_a_numpy_speed(speed):
    """A speed check of Python's own int and float refused numpy's numbers, which replayed before it."""
    import asyncio

    assert asyncio.run(monitor.replay_session(CLEAT, speed=speed)).record.duration_s > 50


def test_the_output_error_is_one_of_monitor_s_names():
    """monitor.export_frames, monitor.study(out_dir=...) and write_report raise it; `monitor` did not name it."""
    assert issubclass(monitor.OutputError, monitor.SolewatchError) and issubclass(monitor.OutputError, OSError)
    assert "OutputError" in monitor.__all__
