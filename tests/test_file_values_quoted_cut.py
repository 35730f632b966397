"""A value read from a file that is refused is quoted cut to monitor.errors.QUOTE_CHARS characters, as a value
typed on the command line is (tests/test_typed_values_quoted_cut.py): a corrupt or hostile file can put
megabytes in one field or key. Each case writes one kind of file with a 10,000-character bad value and runs the
command that reads it: exit code 2, one line on stderr naming the file (and the field or line), no traceback,
and the value never said whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_malformed_files import EXAMPLE, edit_json, fails, session_copy

from monitor.errors import QUOTE_CHARS, quote
from monitor.signal.params import DEFAULT_PARAMS

#: The bad value: far past anything a field holds.
LONG = "Q" * 10_000
#: The longest the error line may be, the paths it names left out (characters; a guess: a line a terminal
#: shows on three or four rows; the longest, a region label like none, lists the 19 labels, 326 characters).
AT_MOST_CHARS = 400


def _said_cut(line: str, path: Path, tmp_path: Path) -> None:
    """``line`` names the file ``path``, holds no more than QUOTE_CHARS characters of LONG, and is at most
    AT_MOST_CHARS long once the paths it names (``path``, others under ``tmp_path``) are left out."""
    assert str(path) in line, line[:300]
    assert LONG[:QUOTE_CHARS + 1] not in line, f"{len(line)} characters: {line[:300]}"
    bare = line.replace(str(path), "").replace(str(tmp_path), "")
    assert len(bare) <= AT_MOST_CHARS, f"{len(bare)} characters: {line[:300]}"


def _session_json(edit):
    """A case of session.json: ``edit`` its object, then analyze the session."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        s = session_copy(tmp_path, "moticon-walk")
        edit_json(s / "session.json", edit)
        return ["analyze", s], s / "session.json"
    return case


def _foot_counters(d):
    d["stats"]["counters"] = {"left": {LONG: -1}}


def _twice(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
    s = session_copy(tmp_path, "moticon-walk")
    path = s / "session.json"
    text = path.read_text()
    path.write_text("{" + f'"{LONG}": 1, "{LONG}": 2, ' + text.lstrip()[1:])
    return ["analyze", s], path


def _session_file(name: str, obj: dict):
    """A case of a session's own ``name`` (setup.json, baseline.json) holding ``obj``: analyze the session."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        s = session_copy(tmp_path, "sim-healthy-ride")
        (s / name).write_text(json.dumps(obj))
        return ["analyze", s], s / name
    return case


def _rider_file(name: str, obj: dict, command: str):
    """A case of the rider bo's ``name`` under the config directory holding ``obj``: ``command`` with
    --rider bo."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
        path = tmp_path / "config" / "riders" / name
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(obj))
        s = session_copy(tmp_path, "sim-healthy-ride")
        if command == "live":
            return ["live", "--sim", "healthy-ride", "--rider", "bo", "--duration", "5s", "--out", tmp_path / "s"], path
        return ["analyze", s, "--rider", "bo"], path
    return case


def _layout(edit):
    """A case of a layout JSON: ``edit`` the example's object, then import the example CSV with it."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        layout = tmp_path / "layout.json"
        d = json.loads((EXAMPLE / "layout.json").read_text())
        edit(d)
        layout.write_text(json.dumps(d))
        return ["import", "csv", EXAMPLE / "walk.csv", "--layout", layout, "-o", tmp_path / "out"], layout
    return case


def _csv(edit_lines, edit_layout=None):
    """A case of a CSV file: ``edit_lines`` the example's lines (and ``edit_layout`` its layout), then import."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        lines = (EXAMPLE / "walk.csv").read_text().splitlines()
        edit_lines(lines)
        src = tmp_path / "walk.csv"
        src.write_text("\n".join(lines) + "\n")
        layout = EXAMPLE / "layout.json"
        if edit_layout is not None:
            d = json.loads(layout.read_text())
            edit_layout(d)
            layout = tmp_path / "layout.json"
            layout.write_text(json.dumps(d))
        return ["import", "csv", src, "--layout", layout, "-o", tmp_path / "out"], src
    return case


def _set(d: dict, path: tuple, value) -> None:
    for key in path[:-1]:
        d = d[key]
    d[path[-1]] = value


def _rename(d: dict, path: tuple, new: str) -> None:
    for key in path[:-1]:
        d = d[key]
    d[new] = d.pop(path[-1])


def _long_column(lines: list[str]) -> None:
    lines[0] = lines[0].replace("p00_kpa", LONG)


def _long_column_bad_cell(lines: list[str]) -> None:
    _long_column(lines)
    cells = lines[3].split(",")
    cells[2] = "abc"
    lines[3] = ",".join(cells)


def _layout_names_long_column(d: dict) -> None:
    for foot in ("left", "right"):
        d["feet"][foot]["columns"] = [LONG] + [f"p0{i}_kpa" for i in range(1, 8)]


def _params_file(obj: dict):
    """A case of a --params FILE holding ``obj``: analyze a session with it."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        path = tmp_path / "params.json"
        path.write_text(json.dumps(obj))
        return ["analyze", session_copy(tmp_path), "--params", path], path
    return case


def _session_params(obj: dict):
    """A case of a session's own params.json holding ``obj``: analyze the session."""
    def case(tmp_path: Path, monkeypatch) -> tuple[list, Path]:
        s = session_copy(tmp_path, "sim-healthy-ride")
        (s / "params.json").write_text(json.dumps(obj))
        return ["analyze", s], s / "params.json"
    return case


#: detector.forefoot_share_high with one kind more, named LONG.
_SHARES = {**DEFAULT_PARAMS.detector.forefoot_share_high, LONG: 0.7}

_NORMAL = {"n_windows": 12, "ml_index": -0.1, "residual_fraction": 0.0}

CASES = {
    # session.json, each field (or key) that was quoted whole
    "session.json format_version": _session_json(lambda d: _set(d, ("format_version",), LONG)),
    "session.json source": _session_json(lambda d: _set(d, ("source",), LONG)),
    "session.json unknown field": _session_json(lambda d: _set(d, (LONG,), 1)),
    "session.json layouts foot": _session_json(lambda d: _rename(d, ("layouts", "left"), LONG)),
    "session.json layout side": _session_json(lambda d: _set(d, ("layouts", "left", "side"), LONG)),
    "session.json layout region": _session_json(lambda d: _set(d, ("layouts", "left", "regions", 0), LONG)),
    "session.json layout insole": _session_json(lambda d: _set(d, ("layouts", "left", "insole"), LONG)),
    "session.json layout field": _session_json(lambda d: _set(d, ("layouts", "left", LONG), 1)),
    "session.json devices foot": _session_json(lambda d: _rename(d, ("devices", "left"), LONG)),
    "session.json device field": _session_json(lambda d: _set(d, ("devices", "left", LONG), "x")),
    "session.json counter": _session_json(_foot_counters),
    "session.json key twice": _twice,
    # a session's setup.json and baseline.json
    "setup.json pedals": _session_file("setup.json", {"pedals": LONG, "shoes": None}),
    "setup.json key": _session_file("setup.json", {"pedals": None, LONG: None}),
    "baseline.json activity": _session_file("baseline.json", {"schema": "solewatch.baseline/1",
                                                              "feet": {"left": {LONG: _NORMAL}}}),
    "baseline.json measure": _session_file("baseline.json", {"schema": "solewatch.baseline/1",
                                                             "feet": {"left": {"cycling": {**_NORMAL, LONG: 1}}}}),
    # the rider's files under the config directory
    "rider setup pedals": _rider_file("bo.setup.json", {"pedals": LONG, "shoes": None}, "live"),
    "rider setup key": _rider_file("bo.setup.json", {LONG: None}, "live"),
    "rider normals kind": _rider_file("bo.json", {"schema": "solewatch.rider/1", "normals": {LONG: {}}}, "analyze"),
    "rider normals insole": _rider_file("bo.json", {"schema": "solewatch.rider/1", "normals": {"solewatch": {
        "schema": "solewatch.baseline/1", "insole": LONG, "feet": {"left": {"cycling": _NORMAL}}}}}, "analyze"),
    # a params file (--params FILE) and a session's own params.json
    "--params section": _params_file({LONG: {}}),
    "--params parameter": _params_file({"detector": {LONG: 1}}),
    "--params table key": _params_file({"detector": {"forefoot_share_high": _SHARES}}),
    "params.json section": _session_params({LONG: {}}),
    "params.json parameter": _session_params({"detector": {LONG: 1}}),
    # a layout JSON
    "layout unknown field": _layout(lambda d: _set(d, (LONG,), 1)),
    "layout foot": _layout(lambda d: _rename(d, ("feet", "left"), LONG)),
    "layout foot field": _layout(lambda d: _set(d, ("feet", "left", LONG), 1)),
    "layout device field": _layout(lambda d: _set(d, ("feet", "left", "device", LONG), "x")),
    "layout start_utc": _layout(lambda d: _set(d, ("start_utc",), LONG)),
    "layout duration_s": _layout(lambda d: _set(d, ("duration_s",), LONG)),
    "layout rate_hz": _layout(lambda d: _set(d, ("feet", "left", "rate_hz"), LONG)),
    "layout rate_hz list": _layout(lambda d: _set(d, ("feet", "left", "rate_hz"), list(range(3000)))),
    "layout sample_bits": _layout(lambda d: _set(d, ("feet", "left", "sample_bits"), LONG)),
    "layout region": _layout(lambda d: _set(d, ("feet", "left", "regions", 0), LONG)),
    "layout insole": _layout(lambda d: _set(d, ("feet", "left", "insole"), LONG)),
    "layout insole_kind": _layout(lambda d: _set(d, ("insole_kind",), [LONG])),
    "layout x not a number": _layout(lambda d: _set(d, ("feet", "left", "x", 2), LONG)),
    "layout region not a string": _layout(lambda d: _set(d, ("feet", "left", "regions", 1), [LONG])),
    # a CSV's header
    "csv column": _csv(_long_column),
    "csv column of the layout, bad cell": _csv(_long_column_bad_cell, _layout_names_long_column),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_long_value_read_from_a_file_is_quoted_cut(tmp_path, capsys, monkeypatch, case):
    """had: the whole value (or key) said back, lines of 10,000 to 17,000 characters."""
    argv, path = case(tmp_path, monkeypatch)
    line = fails(capsys, *argv)
    _said_cut(line, path, tmp_path)
    assert not (tmp_path / "out").exists() and not (tmp_path / "s").exists()


@pytest.mark.parametrize(("at", "value", "said"), [
    (("x", 2), LONG, f"field feet.left.x[2]: '{'Q' * QUOTE_CHARS}...' is not a number (a list of numbers)"),
    (("regions", 1), [LONG], f"field feet.left.regions[1]: ['{'Q' * (QUOTE_CHARS - 2)}... is not a string (a list "
                             "of strings)"),
], ids=["text for a number", "list for a string"])
def test_a_long_layout_entry_of_the_wrong_kind_is_quoted_cut_and_closed(tmp_path, capsys, monkeypatch, at, value,
                                                                         said):
    """A layout's sensor entry of the wrong kind is quoted as every value read from a file is
    (monitor.errors.quote_value): a text cut to QUOTE_CHARS characters and its quote closed, anything else its
    repr cut to QUOTE_CHARS. had: the layout's own cut, the JSON text to 37 characters and ``...`` with the
    closing quote dropped (``"QQQ...``)."""
    argv, path = _layout(lambda d: _set(d, ("feet", "left", *at), value))(tmp_path, monkeypatch)
    assert fails(capsys, *argv) == f"solewatch import: error: {path}: {said}"


def test_a_long_event_group_of_a_moticon_file_is_quoted_cut_in_its_caveat(tmp_path):
    """had: the group's name (a column header of the file) said whole in the "kept as markers" caveat, a
    10,082-character caveat."""
    from monitor import import_session
    from monitor.util.shared_data import shared_data_dir

    src = shared_data_dir() / "moticon_opengo" / "walk_data_with_events.txt"
    text = src.read_text(encoding="utf-8")
    assert "\tLeft Events label[]\tLeft Events[]" in text
    path = tmp_path / "walk.txt"
    path.write_text(text.replace("\tLeft Events label[]\tLeft Events[]", f"\t{LONG} label[]\t{LONG}[]", 1),
                    encoding="utf-8")
    session = import_session("moticon", path, tmp_path / "out").path
    caveats = json.loads((session / "session.json").read_text(encoding="utf-8"))["imported_from"]["caveats"]
    ours = [c for c in caveats if "kept as markers" in c and c.startswith(f"event group {quote(LONG)} (")]
    assert len(ours) == 1, [c[:200] for c in caveats]
    assert all(LONG[:QUOTE_CHARS + 1] not in c and len(c) <= AT_MOST_CHARS for c in caveats), \
        [f"{len(c)}: {c[:200]}" for c in caveats]
