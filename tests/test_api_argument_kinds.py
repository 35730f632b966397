"""An argument of another kind given to the Python API is a TypeError naming the argument and what it
takes (docs/api.md, "Errors"), as the table functions' is, never an AttributeError from deep inside; and
``replay_session`` takes its ``params`` as ``analyze`` does, a dict included."""

from __future__ import annotations

import asyncio
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
    with pytest.raises(TypeError, match=r"^write_report takes an analysis result .*, not a NoneType$"):
        monitor.write_report(session, None, out)
    with pytest.raises(TypeError, match=r"^write_report takes a Session .*, not a str$"):
        monitor.write_report(str(SAMPLE), None, out)
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize("result", [5, "result"])
def test_figure_data_with_a_result_of_another_kind_is_a_type_error(session, result):
    with pytest.raises(TypeError, match=r"^figure_data takes an analysis result .*, not a (int|str)$"):
        monitor.figure_data(session, result=result)


def test_a_study_client_of_another_kind_is_a_type_error():
    with pytest.raises(TypeError, match=r"^client takes a dask\.distributed\.Client, not a str$"):
        monitor.study([SAMPLE], client="x")
