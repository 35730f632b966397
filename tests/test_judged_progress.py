"""The progress lines of ``analyze``, ``report`` and ``export`` say what the session was judged against in the
verdict's own words (monitor.analysis.judged.judged_clause of the one Judged), and nothing of judging where
nothing was judged.

Had: a session every sensor cell of which is empty, whose verdict says "both feet sent no data ...: nothing to
judge", printed "analysing with the default detection parameters (the session kept none), judging against the
session's first minutes as its normal (it kept none)" from `report` and `export --format fit`; and the progress
lines had wording of their own (monitor.cli.judged_against.baseline_words), which could say another normal than
the verdict's line.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_analyze import SAMPLES
from test_judged_against_json import sim_normal  # noqa: F401 - the fixture
from test_sensor_gaps_live import _without_right_mth
from vendor_rides import record_ride

import monitor
from monitor.cli.main import main
from monitor.session.riders import save_rider_baseline

pytestmark = pytest.mark.timeout(600)


def as_clause(line: str) -> str:
    """The verdict's line ("Judged against ....") as a progress line says it after what the session was
    analysed with: ", judged against ..."."""
    return ", " + line[:1].lower() + line[1:].removesuffix(".")


def no_data(dst: Path) -> Path:
    """A copy of the sim-cleat-forward sample whose insoles' notifications say "no reading" for every sensor:
    both feet sent frames, none with a pressure sample (its frames table rebuilt from the raw log)."""
    return _without_right_mth(dst, feet=("left", "right"), sensors=range(1 << 8))


def _progress(capsys, session: Path, tmp_path: Path, *rider: str) -> tuple[str | None, dict[str, str | None]]:
    """``analyze --json``'s ``judged_against.line`` (None: nothing judged), and the line of each of analyze
    (None where it prints none), report and export that says what the session was analysed with."""
    capsys.readouterr()
    assert main(["analyze", "--json", *rider, str(session)]) == 0
    judged = json.loads(capsys.readouterr().out)["judged_against"]
    assert main(["analyze", *rider, str(session)]) == 0
    out = capsys.readouterr()
    verdict = next((ln for ln in out.out.splitlines()[1:2] if ln.startswith("Judged")), None)
    assert verdict == (judged and judged["line"])  # the text's line is the JSON's
    said = {"analyze": next((ln for ln in out.err.splitlines() if ln.startswith("analysing with ")), None)}
    if not rider:  # report and export judge as the session's own (its baseline.json, its rider)
        assert main(["report", str(session), "-o", str(tmp_path / "r.html"), "--force"]) == 0
        said["report"] = next(ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("analysing with "))
        assert main(["export", str(session), "--format", "fit", "-o", str(tmp_path / "s.fit"), "--force"]) == 0
        said["export"] = capsys.readouterr().out.strip()
    return judged and judged["line"], said


def _says_as_judged(line: str | None, said: dict[str, str | None]) -> None:
    for command, progress in said.items():
        if progress is None:
            continue
        if line is None:  # nothing judged: nothing said of judging
            assert "judg" not in progress.lower(), (command, progress)
        else:
            assert progress.endswith(as_clause(line)) or f"{as_clause(line)}; declared setup" in progress, \
                (command, progress, line)


def test_a_session_with_no_data_says_nothing_of_judging_in_its_progress_lines(tmp_path, capsys):
    session = no_data(tmp_path / "empty")
    line, said = _progress(capsys, session, tmp_path)
    assert line is None
    assert said["report"] == "analysing with the default detection parameters (the session kept none)", said
    assert "judg" not in said["export"] and said["export"].startswith("exported "), said
    _says_as_judged(line, said)


def test_feet_not_analysed_are_said_judged_against_nothing_in_the_progress_lines(tmp_path, capsys):
    session = _without_right_mth(tmp_path / "no-mth", ("left", "right"))
    line, said = _progress(capsys, session, tmp_path)
    assert line is None
    _says_as_judged(line, said)


def test_a_session_with_no_kept_normal_says_the_verdict_s_words_in_every_progress_line(tmp_path, capsys):
    line, said = _progress(capsys, SAMPLES / "sim-cleat-forward", tmp_path)
    assert line.startswith("Judged against this session's first minutes (no kept normal")
    assert said["report"] is not None and said["export"] is not None
    _says_as_judged(line, said)


def test_a_riders_kept_normal_is_said_as_the_verdict_says_it(tmp_path, monkeypatch, capsys,
                                                             sim_normal):  # noqa: F811 - the fixture
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("sim", sim_normal)
    for sample in ("sim-cleat-forward", "moticon-walk"):  # a normal kept for its kind, for another kind only
        session = tmp_path / sample
        shutil.copytree(SAMPLES / sample, session)
        (session / "params.json").write_text("{}")  # as a live session keeps: analyze's progress line is said
        line, said = _progress(capsys, session, tmp_path, "--rider", "sim")
        assert line is not None and said["analyze"] is not None, said
        _says_as_judged(line, said)


def test_the_ride_that_kept_its_riders_normal_is_said_so_in_every_progress_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    path = record_ride("ukaton", "healthy-ride", tmp_path / "sessions", seed=2, duration_s=420.0, rider="eve")
    save_rider_baseline("eve", monitor.analyze(monitor.load_session(path)).baseline)
    line, said = _progress(capsys, path, tmp_path, "--rider", "eve")
    assert line == "Judged against eve's normal kept from this ride's first minutes, as it was judged live."
    _says_as_judged(line, said)
    line, said = _progress(capsys, path, tmp_path)  # as its own: the ride that kept eve's normal
    assert "this ride kept its first minutes as eve's normal" in line, line
    _says_as_judged(line, said)


def test_the_clause_is_the_line_and_nothing_where_nothing_was_judged():
    from monitor.analysis.judged import Judged, judged_clause

    line = "Judged per foot: left foot against the normal given (baseline=), kept from earlier rides."
    assert judged_clause(Judged(line)) == as_clause(line)
    assert judged_clause(None) == ""
