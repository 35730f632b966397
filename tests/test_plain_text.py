"""Free text that reaches the terminal holds no control character: a setup's shoes (a session's setup.json,
the remembered setup, ``--shoes``), a session's label and notes (session.json, ``--label``).

Had: ``{"pedals": "clipless", "shoes": "road\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mRED"}`` in a session's
setup.json made ``solewatch analyze`` print the escapes (the screen cleared, the window's title set, the text
red); ``--shoes $'a\\nb'`` split the setup: line in two; a label or note with ESC in session.json reached the
terminal in ``replay``'s first line and its Note: lines."""

from __future__ import annotations

import json
import shutil

import pytest

import monitor
from monitor.cli.main import build_parser, main
from monitor.errors import UsageError
from test_malformed_files import SAMPLES

ESCAPES = "road\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED"
PLAIN = "plain text only"


@pytest.fixture
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    s = tmp_path / "S"
    shutil.copytree(SAMPLES / "sim-healthy-ride", s)
    return s


def _one_line(capsys) -> str:
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "Traceback" not in out + err
    [line] = err.strip().splitlines()
    return line


@pytest.mark.parametrize("command", ["analyze", "replay"])
def test_a_setup_json_with_control_characters_is_one_line_naming_file_and_field(session, capsys, command):
    (session / "setup.json").write_text(json.dumps({"pedals": "clipless", "shoes": ESCAPES}))
    assert main([command, str(session)]) == 2
    assert _one_line(capsys) == (f"solewatch {command}: error: {session / 'setup.json'}: field shoes holds a "
                                 f"control character (U+001B), which a terminal acts on: {PLAIN}")


def test_a_remembered_setup_with_control_characters_is_one_line_naming_file_and_field(session, tmp_path, capsys):
    remembered = tmp_path / "config" / "setup.json"
    remembered.parent.mkdir(parents=True)
    remembered.write_text(json.dumps({"pedals": None, "shoes": None, "on_foot": {"shoes": "trail\nshoes"}}))
    assert main(["record", "--sim", "healthy-ride", "--speed", "100", "--duration", "5s", "--out",
                 str(tmp_path / "out"), "--plain"]) == 2
    assert _one_line(capsys).endswith(f"{remembered}: field on_foot.shoes holds a control character (U+000A), "
                                      f"which a terminal acts on: {PLAIN}")


@pytest.mark.parametrize("argv", [["analyze", "S", "--shoes", "a\nb"], ["report", "S", "--shoes", ESCAPES],
                                  ["record", "--sim", "healthy-ride", "--shoes", "a\tb"],
                                  ["record", "--sim", "healthy-ride", "--label", ESCAPES],
                                  ["live", "--sim", "healthy-ride", "--label", "a\u2028b"]])
def test_an_argument_with_control_characters_is_refused_as_it_is_parsed(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(argv)  # parsed only: nothing recorded where it is taken
    assert stop.value.code == 2
    line = _one_line(capsys)
    assert f"error: argument {'--shoes' if '--shoes' in argv else '--label'}: " in line and PLAIN in line, line


@pytest.mark.parametrize("field, value", [("label", ESCAPES), ("notes", ["fine", "bad\u009b2J"])])
def test_a_session_json_label_or_note_with_control_characters_is_one_line(session, capsys, field, value):
    info = json.loads((session / "session.json").read_text())
    info[field] = value
    (session / "session.json").write_text(json.dumps(info))
    assert main(["replay", str(session)]) == 2
    name = "label" if field == "label" else "notes[1]"
    code = "U+001B" if field == "label" else "U+009B"
    assert _one_line(capsys).endswith(f"session.json: field {name} holds a control character ({code}), which a "
                                      f"terminal acts on: {PLAIN}")


def test_the_python_api_refuses_such_shoes(session):
    with pytest.raises(UsageError, match=PLAIN):
        monitor.analyze(session, shoes=ESCAPES)


def test_an_imported_file_named_with_control_characters_is_spelt_out(tmp_path, capsys):
    """A file name Solewatch did not choose becomes the label and a note: spelt out, so the session reads."""
    source = SAMPLES.parents[1] / "tests" / "data" / "generic_csv"
    csv = tmp_path / "walk\x1b[2J.csv"
    shutil.copy(source / "walk.csv", csv)
    layout = json.loads((source / "layout.json").read_text())
    layout.pop("label", None)
    (tmp_path / "layout.json").write_text(json.dumps(layout))
    s = monitor.import_session("csv", csv, tmp_path / "out", layout=tmp_path / "layout.json")
    assert s.info.label == "walk\\x1b[2J"
    assert main(["analyze", str(tmp_path / "out")]) == 0
    assert "\x1b" not in "".join(capsys.readouterr())
