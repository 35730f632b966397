"""Numbers beyond a float's range, and numpy's numbers, in params and in a session's or an import's JSON.

A whole number written in full beyond float64's range (a 1 and 400 zeros) is refused as ``1e400`` is: one
line naming the file and the line (a JSON file) or the parameter (Python), exit 2 from the command line,
no traceback. A numpy number where a parameter goes (``np.int64(3)``, ``np.float32(400)``) is the number it
holds; NaN in one is refused in words, never by the message's own crash.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import monitor
from monitor.errors import UsageError
from monitor.util.textfiles import NotFiniteNumber, json_problem, parse_json

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sessions" / "samples" / "sim-cleat-forward"
EXAMPLE = ROOT / "tests" / "data" / "generic_csv"
HUGE = 10**400  # beyond float64's largest, about 1.8e308


def one_line_error(*args: object) -> str:
    """``solewatch ARGS`` in a process of its own: exit 2, one line on stderr, no traceback."""
    done = subprocess.run([sys.executable, "-m", "monitor", *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-2000:]
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert len(lines) == 1, done.stderr
    return lines[0]


def line_holding(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# ---------------------------------------------------------------------------- the JSON reader


@pytest.mark.parametrize("number", [str(HUGE), str(-HUGE), "1" + "0" * 5000], ids=["1e400", "-1e400", "1e5000"])
def test_a_whole_number_beyond_a_float_is_refused_with_its_line(number):
    text = '{"note": "%s",\n "a": [1,\n %s]}' % (number, number)  # the same text in a string first
    with pytest.raises(NotFiniteNumber) as err:
        parse_json(text)
    said = json_problem(err.value)
    assert said.startswith("line 3: the number ") and "is not a finite number" in said, said
    assert len(said) < 160, said


def test_a_whole_number_a_float_holds_stays_exact():
    assert parse_json(f"[{10**300}, -7]") == [10**300, -7]
    assert parse_json(f"[{HUGE}]", finite=False) == [float("inf")]  # for the reader's own check, as 1e400


# ---------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("command", [("analyze",), ("replay", "--speed", "max"), ("export", "--format", "fit")])
def test_a_params_file_whole_number_beyond_a_float_is_one_line(tmp_path, command):
    params = tmp_path / "huge.json"
    params.write_text('{"detector": {\n  "warn_after_s": %d}}' % HUGE)
    extra = ("-o", tmp_path / "ride.fit") if command[0] == "export" else ()
    line = one_line_error(command[0], SAMPLE, *command[1:], *extra, "--params", params)
    assert "huge.json: line 2: detector.warn_after_s must be a finite number" in line, line


@pytest.mark.parametrize("number", [HUGE, -HUGE, 10**5000], ids=["1e400", "-1e400", "1e5000"])
def test_a_params_file_and_the_api_say_a_whole_number_beyond_a_float_in_the_same_words(tmp_path, number):
    """A 400-digit whole number in a --params file is said as the Python API says the same int, not as
    "inf" (what a file's 1e400, and the float inf given to the API, are said as)."""
    text = '{"detector": {\n  "warn_after_s": %s}}' % ("1" + "0" * 5000 if number > HUGE else number)
    params = tmp_path / "huge.json"
    params.write_text(text)
    line = one_line_error("analyze", SAMPLE, "--params", params)
    where = "below -1.8e308" if number < 0 else "beyond 1.8e308"  # had: "beyond" said of -1e400 too
    words = f"detector.warn_after_s must be a finite number, not a whole number {where}"
    assert line.endswith(f"huge.json: line 2: {words}"), line
    for call in (lambda: monitor.make_params(warn_after_s=number), lambda: monitor.make_params(params),
                 lambda: monitor.make_params({"detector": {"warn_after_s": number}})):
        with pytest.raises(UsageError) as err:
            call()
        assert str(err.value).endswith(words), err.value
    params.write_text('{"detector": {"warn_after_s": 1e400}}')  # written as a float: inf, as the API's
    assert one_line_error("analyze", SAMPLE, "--params", params).endswith("must be a finite number, not inf")
    with pytest.raises(UsageError, match=r"must be a finite number, not inf$"):
        monitor.make_params(warn_after_s=float("inf"))


def _put_huge(d: dict, where: str) -> None:
    if where == "duration_s":
        d["duration_s"] = HUGE
    else:
        d["layouts"]["left"]["x"][0] = HUGE


@pytest.mark.parametrize("where", ["duration_s", "layouts.left.x[0]"])
def test_a_session_json_whole_number_beyond_a_float_is_one_line(tmp_path, where):
    session = tmp_path / "s"
    shutil.copytree(SAMPLE, session)
    info = session / "session.json"
    d = json.loads(info.read_text())
    _put_huge(d, where)
    info.write_text(json.dumps(d, indent=2))
    line = one_line_error("analyze", session)
    assert f"session.json: line {line_holding(info, str(HUGE))}: the number 1000" in line, line
    assert "is not a finite number" in line, line


@pytest.mark.parametrize("field", ["area_mm2", "rate_hz"])
def test_an_import_layout_whole_number_beyond_a_float_is_one_line(tmp_path, field):
    d = json.loads((EXAMPLE / "layout.json").read_text())
    if field == "rate_hz":
        d["feet"]["left"]["rate_hz"] = HUGE
    else:
        d["feet"]["left"]["area_mm2"][0] = HUGE
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps(d, indent=1))
    out = tmp_path / "sessions" / "walk"
    line = one_line_error("import", "csv", EXAMPLE / "walk.csv", "--layout", layout, "-o", out)
    assert f"layout.json: line {line_holding(layout, str(HUGE))}: the number 1000" in line, line
    assert not out.exists()


# ---------------------------------------------------------------------------- Python


@pytest.mark.parametrize("value", [HUGE, -HUGE, 10**5000], ids=["1e400", "-1e400", "1e5000"])
def test_a_parameter_beyond_a_float_is_a_usage_error(value):
    with pytest.raises(UsageError, match=r"detector\.warn_after_s must be a finite number"):
        monitor.make_params(warn_after_s=value)
    with pytest.raises(UsageError, match=r"detector\.confirm_windows must be a finite number"):
        monitor.make_params({"detector": {"confirm_windows": value}})
    session = monitor.load_session(SAMPLE)
    with pytest.raises(UsageError, match=r"detector\.warn_after_s must be a finite number"):
        monitor.analyze(session, {"detector": {"warn_after_s": value}})


@pytest.mark.parametrize("given, plain", [
    ({"confirm_windows": np.int64(4)}, {"confirm_windows": 4}),
    ({"warn_after_s": np.float32(400)}, {"warn_after_s": 400.0}),
    ({"warn_after_s": np.int16(200), "clear_windows": np.uint8(2)}, {"warn_after_s": 200.0, "clear_windows": 2}),
])
def test_numpy_numbers_are_the_numbers_they_hold(given, plain):
    expected = monitor.make_params({"detector": plain})
    assert monitor.make_params({"detector": given}) == expected
    assert monitor.make_params(**given) == expected
    for name, value in plain.items():
        assert type(getattr(expected.detector, name)) is type(value)


@pytest.mark.parametrize("value, said", [(np.float32("nan"), "must be a finite number, not nan"),
                                         (np.bool_(True), "must be a number"),
                                         (object(), "must be a number")])
def test_a_numpy_nan_or_no_number_is_said_in_words(value, said):
    session = monitor.load_session(SAMPLE)
    with pytest.raises(UsageError, match=said):
        monitor.analyze(session, {"detector": {"warn_after_s": value}})
    with pytest.raises(UsageError, match=said):
        monitor.make_params(warn_after_s=value)


@pytest.mark.parametrize("field", ["n_windows", "forefoot_share"])
def test_a_kept_normal_with_a_whole_number_beyond_a_float_is_one_line(tmp_path, field):
    """A rider's baseline is read allowing null and NaN (a measure the rides never had); a whole number
    beyond a float's range is read as 1e400 is, and refused by its check."""
    kept = {"n_windows": 40, "forefoot_share": 0.5, field: HUGE}
    riders = tmp_path / "config" / "riders"
    riders.mkdir(parents=True)
    (riders / "anna.json").write_text(json.dumps({"schema": "solewatch.baseline/1",
                                                  "feet": {"left": {"cycling": kept}}}))
    done = subprocess.run([sys.executable, "-m", "monitor", "analyze", str(SAMPLE), "--rider", "anna"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "SOLEWATCH_CONFIG_DIR": str(tmp_path / "config")})
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
    [line] = done.stderr.strip().splitlines()
    assert "anna.json: feet.left.cycling: " in line and field in line, line
