"""An argument of another kind given to the Python API is a TypeError naming the argument and what it
takes (docs/api.md, "Errors"), as the table functions' is, never an AttributeError from deep inside; and
``replay_session`` takes its ``params`` as ``analyze`` does, a dict included."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

import monitor

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sessions" / "samples" / "sim-cleat-forward"


@pytest.fixture(scope="module")
def session():
    return monitor.load_session(SAMPLE)


@pytest.mark.parametrize("baseline", [str(SAMPLE / "baseline.json"), SAMPLE / "baseline.json", {"left": {}}],
                         ids=["str", "path", "dict"])
def test_analyze_with_a_baseline_of_another_kind_is_a_type_error(session, baseline):
    with pytest.raises(TypeError, match=r"^baseline takes a RiderBaseline .*, not a (str|PosixPath|dict)$"):
        monitor.analyze(session, baseline=baseline)


def test_replay_with_a_baseline_of_another_kind_is_a_type_error():
    with pytest.raises(TypeError, match=r"^baseline takes a RiderBaseline .*, not a str$"):
        asyncio.run(monitor.replay_session(SAMPLE, baseline="baseline.json"))


def test_replay_takes_params_as_analyze_does(tmp_path):
    given = {"detector": {"warn_after_s": 120.0}}
    as_dict = asyncio.run(monitor.replay_session(SAMPLE, params=given))
    as_params = asyncio.run(monitor.replay_session(SAMPLE, params=monitor.make_params(given)))
    assert [a.to_dict() for a in as_dict.alerts] == [a.to_dict() for a in as_params.alerts]
    with pytest.raises(monitor.UsageError, match=r"detector\.warn_after_s is -5"):
        asyncio.run(monitor.replay_session(SAMPLE, params={"detector": {"warn_after_s": -5}}))


def test_write_report_without_an_analysis_is_a_type_error(session, tmp_path):
    out = tmp_path / "x.html"
    with pytest.raises(TypeError, match=r"^write_report takes an analysis result .*, not None$"):
        monitor.write_report(session, None, out)
    with pytest.raises(TypeError, match=r"^write_report takes a Session .*, not a str$"):
        monitor.write_report(str(SAMPLE), None, out)
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("result", [5, "result"])
def test_figure_data_with_a_result_of_another_kind_is_a_type_error(session, result):
    with pytest.raises(TypeError, match=r"^figure_data takes an analysis result .*, not (an int|a str)$"):
        monitor.figure_data(session, result=result)


def test_a_study_client_of_another_kind_is_a_type_error():
    with pytest.raises(TypeError, match=r"^client takes a dask\.distributed\.Client, not a str$"):
        monitor.study([SAMPLE], client="x")


SESSION_DIR = "a session directory (a str or os.PathLike)"
#: How a TypeError names a value of each kind after "not" (had: "not a int", "not a NoneType").
_KIND = {type(None): "None", int: "an int", list: "a list", bytes: "bytes"}
#: An API call, the argument it is given of another kind, and the words its TypeError names it by.
PATH_CALLS = {
    "load_session": (lambda v: monitor.load_session(v), "path", SESSION_DIR),
    "analyze": (lambda v: monitor.analyze(v), "session", "a Session or " + SESSION_DIR),
    "figure_data": (lambda v: monitor.figure_data(v), "session", "a Session or " + SESSION_DIR),
    "export_frames": (lambda v: monitor.export_frames(v, "x.csv"), "session", "a Session or " + SESSION_DIR),
    "import_session path": (lambda v: monitor.import_session("physionet", v, "out"), "path",
                            "a str or os.PathLike"),
    "import_session out_dir": (lambda v: monitor.import_session("physionet", "x.txt", v), "out_dir",
                               "a str or os.PathLike"),
    "read_recording": (lambda v: monitor.importers.read_recording("physionet", v), "path",
                       "a str or os.PathLike"),
    "replay_session": (lambda v: asyncio.run(monitor.replay_session(v)), "path",
                       SESSION_DIR + " or a ReplaySource"),
    "study": (lambda v: monitor.study(v, workers=1), "paths", None),
    "read_ride": (lambda v: monitor.read_ride(v), "session_dir", SESSION_DIR),
}


@pytest.mark.parametrize("value", [None, 3], ids=["None", "int"])
@pytest.mark.parametrize("call", PATH_CALLS, ids=list(PATH_CALLS))
def test_a_path_argument_of_another_kind_is_a_type_error_naming_it(call, value, tmp_path, monkeypatch):
    """None or a number where a path goes: a TypeError naming the argument and what it takes, not
    pathlib's "expected str, bytes or os.PathLike object" from deep inside; nothing written."""
    monkeypatch.chdir(tmp_path)
    fn, name, takes = PATH_CALLS[call]
    with pytest.raises(TypeError) as caught:
        fn(value)
    said = str(caught.value)
    assert said.startswith(f"{name} takes "), said
    assert said.endswith(f", not {_KIND[type(value)]}"), said
    if takes is not None:
        assert said == f"{name} takes {takes}, not {_KIND[type(value)]}"
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("call, name", [
    (lambda v: monitor.study([SAMPLE, v], workers=1), "paths[1]"),
    (lambda v: monitor.study(SAMPLE, out_dir=v, workers=1), "out_dir"),
    (lambda v: monitor.import_session("csv", "x.csv", "out", layout=v), "layout"),
    (lambda v: monitor.export_frames(SAMPLE, v), "path"),  # None: the session's frames.csv
], ids=["study-paths-item", "study-out_dir", "import-layout", "export-path"])
@pytest.mark.parametrize("value", [3, ["a"]], ids=["int", "list"])
def test_a_path_within_or_beside_of_another_kind_is_a_type_error_naming_it(call, name, value, tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match=rf"^{re.escape(name)} takes .*, not {_KIND[type(value)]}$"):
        call(value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("value", [None, 3], ids=["None", "int"])
def test_a_report_path_of_another_kind_is_a_type_error_naming_it(session, value, tmp_path):
    result = monitor.analyze(session)
    with pytest.raises(TypeError, match=rf"^out_html takes a str or os\.PathLike, not {_KIND[type(value)]}$"):
        monitor.write_report(session, result, value)
    with pytest.raises(TypeError, match=r"^pdf_path takes a str or os\.PathLike, not a list$"):
        monitor.write_report(session, result, tmp_path / "r.html", pdf_path=["r.pdf"])
    with pytest.raises(TypeError, match=rf"^out_html takes a str or os\.PathLike, not {_KIND[type(value)]}$"):
        monitor.write_study_report(monitor.study(SAMPLE, workers=1).sessions, None, value)
    assert not list(tmp_path.iterdir())


def test_a_study_of_bytes_is_refused_whole():
    """Bytes are not iterated as a list of paths (had: "paths[0] takes ..., not a int")."""
    with pytest.raises(TypeError, match=r"^paths takes .*, not bytes$"):
        monitor.study(b"/tmp", workers=1)


def test_windows_tables_ride_of_another_kind(session):
    """It said "'int' object is not subscriptable"."""
    result = monitor.analyze(session)
    with pytest.raises(TypeError, match=r"^windows_table's ride takes a DataFrame of ride records .*, not an int$"):
        monitor.windows_table(result, ride=5)


def test_shoes_of_another_kind_is_refused_as_setup_json_refuses_it(session):
    """analyze(s, shoes=5) was taken, while setup.json's "shoes": 5 is refused."""
    with pytest.raises(TypeError, match=r"^shoes takes text .* or None, not an int$"):
        monitor.analyze(session, shoes=5)


@pytest.fixture(scope="module")
def figures(session):
    result = monitor.analyze(session)
    return result, monitor.figure_data(session, result)


#: A plot function given what it does not take: (call, the argument named, what its error says to pass,
#: the kind it names). Each was an AttributeError or TypeError from deep inside the drawing, or (a str) an
#: empty figure drawn without a word.
PLOTS_GIVEN_OTHER_KINDS = {
    "cycle_curves ReportData": (lambda r, d: monitor.plot_cycle_curves(d), "curves",
                                "figure_data(session, result).curves", "a ReportData"),
    "cycle_curves maps": (lambda r, d: monitor.plot_cycle_curves(d.maps), "curves",
                          "figure_data(session, result).curves", "a dict of PressureMap"),
    "cop_paths layouts int": (lambda r, d: monitor.plot_cop_paths(d.curves, 5), "layouts",
                              "figure_data(session, result).layouts", "an int"),
    "asymmetry result": (lambda r, d: monitor.plot_asymmetry(r), "asymmetry", "result.asymmetry()",
                         "an AnalysisResult"),
    "data_quality ReportData": (lambda r, d: monitor.plot_data_quality(d), "quality",
                                "figure_data(session, result).quality", "a ReportData"),
    "timeline ReportData": (lambda r, d: monitor.plot_timeline(d), "timelines",
                            "figure_data(session, result).timelines", "a ReportData"),
    "timeline str": (lambda r, d: monitor.plot_timeline("x"), "timelines",
                     "figure_data(session, result).timelines", "a str"),
    "timeline alerts int": (lambda r, d: monitor.plot_timeline(d.timelines, 5), "alerts", "result.alerts",
                            "an int"),
    "pressure_maps layouts int": (lambda r, d: monitor.plot_pressure_maps(d.maps, 5), "layouts",
                                  "figure_data(session, result).layouts", "an int"),
    "pressure_maps ReportData": (lambda r, d: monitor.plot_pressure_maps(d, d.layouts), "maps",
                                 "figure_data(session, result).maps", "a ReportData"),
    "region_bars str": (lambda r, d: monitor.plot_region_bars("x"), "summary",
                        "figure_data(session, result).summary", "a str"),
    "region_bars keyed otherwise": (lambda r, d: monitor.plot_region_bars({"x": {}}), "summary",
                                    "figure_data(session, result).summary", "a dict keyed 'x'"),
    "region_bars result": (lambda r, d: monitor.plot_region_bars(r), "summary",
                           "figure_data(session, result).summary", "an AnalysisResult"),
    "comparison result": (lambda r, d: monitor.plot_comparison(r), "comparison",
                          "monitor.analysis.compare.compare(", "an AnalysisResult"),
}


@pytest.mark.parametrize("call, name, where, kind", PLOTS_GIVEN_OTHER_KINDS.values(), ids=PLOTS_GIVEN_OTHER_KINDS)
def test_a_plot_given_an_argument_of_another_kind_is_a_type_error_naming_it(figures, call, name, where, kind):
    with pytest.raises(TypeError) as caught:
        call(*figures)
    said = str(caught.value)
    assert said.startswith(f"{name} takes ") and f"(pass {where}" in said and said.endswith(f", not {kind}"), said
    assert "\n" not in said


def test_the_plots_take_what_figure_data_gives_them(figures):
    result, data = figures
    for fig in (monitor.plot_cycle_curves(data.curves), monitor.plot_cop_paths(data.curves, data.layouts),
                monitor.plot_asymmetry(result.asymmetry()), monitor.plot_asymmetry(data.asymmetry),
                monitor.plot_data_quality(data.quality), monitor.plot_timeline(data.timelines, result.alerts),
                monitor.plot_pressure_maps(data.maps, data.layouts), monitor.plot_region_bars(data.summary),
                monitor.plot_region_bars(result.summary())):
        assert fig.axes and any(ax.has_data() for ax in fig.axes)
