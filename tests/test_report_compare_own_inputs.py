"""``solewatch report SESSION --compare B`` judges B exactly as ``solewatch analyze B`` judges it: with B's own
detection parameters (its params.json, else the defaults), as it already took B's own activity and
baseline.json; a ``--params FILE`` given is used for both, as ``analyze B --params FILE`` would use it. B's
declared setup (its setup.json) is read as ``analyze B`` reads it: the report advises for SESSION alone, and says
B's setup beside SESSION's (tests/test_compare_setup.py).

Had: B was analysed with SESSION's params.json and no setup at all, so a B whose live run confirmed a sign
over 10 windows (its params.json) was compared with the notices that the defaults' 3 windows give, notices
``analyze B`` never gives.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_analyze import SAMPLES

import monitor
from monitor.cli.main import main

pytestmark = pytest.mark.timeout(600)

SESSION = SAMPLES / "sim-cleat-forward"
#: A live run's params.json that confirms a sign over 10 windows, not the defaults' 3: no notice in the
#: sample's 1:30 (a made-up setting for the test, not a recommended one).
SLOW_CONFIRM = {"detector": {"confirm_windows": 10}}


def _judged(result) -> list:
    """What a comparison takes of an analysis: its verdict, its alerts, its parameters and setup."""
    return [result.advice().verdict, [(a.foot, a.level, a.t_s) for a in result.alerts], result.params, result.setup]


def _compared(tmp_path, monkeypatch, *args: str) -> list:
    """``report`` run with ``args``: the (before, after) analyses it compared, as :func:`_judged` says them."""
    from monitor.analysis import compare as compare_module

    seen = []
    real = compare_module.compare

    def compare(before, after, *rest, **kwargs):
        seen.append((_judged(before), _judged(after)))
        return real(before, after, *rest, **kwargs)

    monkeypatch.setattr(compare_module, "compare", compare)
    assert main(["report", *args, "-o", str(tmp_path / "r.html")]) == 0
    assert len(seen) == 1
    return list(seen[0])


@pytest.mark.parametrize("kept", ["b", "session"])
def test_compare_judges_b_with_its_own_params_json(tmp_path, monkeypatch, kept):
    """Whichever of the two kept a params.json, each side is what ``analyze`` of it says."""
    other = tmp_path / "other"
    shutil.copytree(SESSION, other)
    (other / "params.json").write_text(json.dumps(SLOW_CONFIRM) + "\n", encoding="utf-8")
    a, b = (SESSION, other) if kept == "b" else (other, SESSION)
    own = {path: _judged(monitor.analyze(path)) for path in (a, b)}  # as `analyze A` and `analyze B` judge them
    assert own[a] != own[b]  # the params.json changes the verdict
    assert _compared(tmp_path, monkeypatch, str(a), "--compare", str(b)) == [own[a], own[b]]


def test_a_broken_b_setup_json_is_said_as_a_broken_sessions_is(tmp_path, capsys):
    """B's setup.json is said in "Before and after" (its setup beside SESSION's), so it is read: a broken one is
    a one-line error naming it, exit 2, as SESSION's own broken setup.json is."""
    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "setup.json").write_text('{"pedals": "toe-cl\n', encoding="utf-8")
    assert main(["report", str(SESSION), "--compare", str(b), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("solewatch report: error: ") and "setup.json: line 1: " in err and "\n" not in err, err


def test_a_params_file_given_judges_both_sessions(tmp_path, monkeypatch):
    """``--params FILE`` is the person's choice for the report, over either session's params.json."""
    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "params.json").write_text(json.dumps(SLOW_CONFIRM) + "\n", encoding="utf-8")
    given = tmp_path / "given.json"
    given.write_text(json.dumps({"detector": {"baseline_s": 120.0}}) + "\n", encoding="utf-8")
    before, after = _compared(tmp_path, monkeypatch, str(SESSION), "--compare", str(b), "--params", str(given))
    assert before == _judged(monitor.analyze(SESSION, params=given))
    assert after == _judged(monitor.analyze(b, params=given))
    assert after[2].detector.baseline_s == 120.0 and after[2].detector.confirm_windows == 3


def test_pedals_and_shoes_set_session_alone_as_help_and_docs_say(tmp_path, monkeypatch):
    """``--pedals`` and ``--shoes`` are SESSION's: B keeps its own setup.json, and ``--help`` and docs/report.md
    say which side they set (had: "default: the setup the session was recorded with", no word of B)."""
    from monitor.cli.main import build_parser

    b = tmp_path / "b"
    shutil.copytree(SESSION, b)
    (b / "setup.json").write_text('{"pedals": "toe-clips", "shoes": null}', encoding="utf-8")
    before, after = _compared(tmp_path, monkeypatch, str(SESSION), "--compare", str(b), "--pedals", "flat",
                              "--shoes", "road shoes")
    assert (before[3].pedals, before[3].shoes) == ("flat", "road shoes")
    assert (after[3].pedals, after[3].shoes) == ("toe-clips", None)  # B's own, said beside SESSION's
    report = build_parser()._subparsers._group_actions[0].choices["report"]
    for option in ("--pedals", "--shoes"):
        said = " ".join(report._option_string_actions[option].help.split())
        assert "SESSION's alone" in said and "--compare B keeps its own (its setup.json)" in said, said
    docs = " ".join((Path(__file__).parents[1] / "docs" / "report.md").read_text(encoding="utf-8").split())
    assert "`--pedals` and `--shoes` declare SESSION's setup alone" in docs
    assert "B keeps its own setup (its `setup.json`" in docs
