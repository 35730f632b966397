"""Free text that reaches the terminal holds no control character: a setup's shoes (a session's setup.json,
the remembered setup, ``--shoes``), a session's label and notes (session.json, ``--label``).

Had: ``{"pedals": "clipless", "shoes": "road\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31mRED"}`` in a session's
setup.json made ``solewatch analyze`` print the escapes (the screen cleared, the window's title set, the text
red); ``--shoes $'a\\nb'`` split the setup: line in two; a label or note with ESC in session.json reached the
terminal in ``replay``'s first line and its Note: lines. Then, refusing them in files too: a session recorded
with ``--label $'morning\\tride'`` or a remembered ``--shoes $'road\\tshoes'`` (accepted before) no longer
read, and the remembered one stopped every ``record`` and ``live``; files are read with them spelt out."""

from __future__ import annotations

import json
import shutil

import pytest
from test_malformed_files import SAMPLES

import monitor
from monitor.cli.main import build_parser, main
from monitor.errors import UsageError
from monitor.session.info import SessionInfo
from monitor.session.rider_setup import remembered_setup

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


def _no_control(capsys) -> str:
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert not any(c in out + err for c in "\x1b\t\x07\x9b"), (out + err)[:400]
    return out


@pytest.mark.parametrize("command", ["analyze", "replay"])
def test_a_setup_json_with_control_characters_reads_spelt_out(session, capsys, command):
    """A session written before --shoes refused them (an old ``--shoes $'road\\tshoes'``) still reads."""
    (session / "setup.json").write_text(json.dumps({"pedals": "clipless", "shoes": "road\tshoes " + ESCAPES}))
    assert main([command, str(session)]) == 0
    out = _no_control(capsys)
    if command == "analyze":
        assert "road\\tshoes road\\x1b]0;pwned\\x07" in out, out


def test_a_remembered_setup_with_control_characters_reads_spelt_out(tmp_path, monkeypatch):
    """An old ``record --shoes $'road\\tshoes'`` left a tab in the remembered setup: record and live read it."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    remembered = tmp_path / "config" / "setup.json"
    remembered.parent.mkdir(parents=True)
    remembered.write_text(json.dumps({"pedals": "clipless", "shoes": "road\tshoes",
                                      "on_foot": {"shoes": "trail\nshoes"}}))
    assert remembered_setup(None) == {"pedals": "clipless", "shoes": "road\\tshoes"}
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trail\\nshoes"}
    assert main(["record", "--sim", "healthy-ride", "--speed", "100", "--duration", "5s", "--out",
                 str(tmp_path / "out"), "--plain", "--shoes", "road shoes", "--pedals", "clipless"]) == 0
    assert remembered_setup(None, on_foot=True) == {"pedals": None, "shoes": "trail\\nshoes"}
    # rewritten by record, the file keeps the text it held (had: the two characters \n in place of the break)
    assert json.loads(remembered.read_text())["on_foot"] == {"shoes": "trail\nshoes"}


def test_a_remembered_setup_rewritten_keeps_the_text_it_held(tmp_path, monkeypatch):
    """A remembered setup read with its control characters spelt out, then written back by a recording that
    declares other pedals (or a run's shoes): had "road\\tshoes" (a backslash and a t) in place of the tab, the
    text changed by a rewrite nobody asked for and shown as before. Now the file keeps what it held, round
    after round; the session's own setup.json, a file written new, holds the shoes as shown, no control
    character; new shoes replace them as declared."""
    from monitor.cli.inputs import recording_setup
    from monitor.session.rider_setup import session_setup

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    remembered = tmp_path / "config" / "setup.json"
    remembered.parent.mkdir(parents=True)
    remembered.write_text(json.dumps({"pedals": "clipless", "shoes": "road\tshoes",
                                      "on_foot": {"shoes": "trail\nshoes"}}))
    for pedals in ("flat", "toe-clips", "toe-clips"):
        kept = recording_setup(pedals, None, None).kept(pytest.fail)
        assert kept == {"pedals": pedals, "shoes": "road\\tshoes", "remembered": ["shoes"]}  # as shown
        assert json.loads(remembered.read_text()) == {"pedals": pedals, "shoes": "road\tshoes",
                                                      "on_foot": {"shoes": "trail\nshoes"}}
    (tmp_path / "S").mkdir()
    (tmp_path / "S" / "setup.json").write_text(json.dumps(kept))  # as record keeps it with the session
    assert session_setup(tmp_path / "S")["shoes"] == "road\\tshoes"
    recording_setup(None, "trail shoes, 44", None, "running").kept(pytest.fail)  # a run's shoes, declared
    assert json.loads(remembered.read_text()) == {"pedals": "toe-clips", "shoes": "road\tshoes",
                                                  "on_foot": {"shoes": "trail shoes, 44"}}
    recording_setup(None, "road shoes", None).kept(pytest.fail)
    assert json.loads(remembered.read_text())["shoes"] == "road shoes"


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


def test_a_session_json_label_and_notes_with_control_characters_read_spelt_out(session, capsys):
    """A session recorded with ``--label $'morning\\tride'`` before --label refused it still reads."""
    info = json.loads((session / "session.json").read_text())
    info["label"] = "morning\tride\x1b[2J"
    info["notes"] = ["fine", "bad\t\x1b]0;pwned\x07"]
    (session / "session.json").write_text(json.dumps(info))
    read = SessionInfo.from_dict(info)
    assert read.label == "morning\\tride\\x1b[2J"
    assert read.notes == ["fine", "bad\\t\\x1b]0;pwned\\x07"]
    assert main(["analyze", str(session)]) == 0
    _no_control(capsys)
    assert main(["replay", str(session)]) == 0
    out = _no_control(capsys)
    assert "morning\\tride" in out and "bad\\t\\x1b]0;pwned\\x07" in out, out


def test_the_python_api_refuses_such_shoes(session):
    with pytest.raises(UsageError, match=PLAIN):
        monitor.analyze(session, shoes=ESCAPES)


@pytest.mark.parametrize("setup, error, words", [
    ({"pedals": "clipless", "shoes": ESCAPES}, UsageError, PLAIN),
    ({"pedals": None, "shoes": "a\u2028b"}, UsageError, PLAIN),
    ({"pedals": "clip\x1b[2Jless", "shoes": None}, UsageError, "one of clipless, toe-clips, flat"),
    ({"pedals": "clipless", "shoes": 43}, TypeError, "shoes takes text"),
], ids=["escapes", "line-separator", "pedals", "shoes-number"])
@pytest.mark.parametrize("on_foot", [False, True], ids=["ride", "on-foot"])
def test_remember_setup_from_python_refuses_what_the_command_line_refuses(tmp_path, monkeypatch, setup, error,
                                                                          words, on_foot):
    """had: monitor.session.rider_setup.remember_setup wrote shoes with ESC in them (printed raw by every later
    setup: line read from elsewhere) and pedals no reading takes (every later record and live refused)."""
    from monitor.session.rider_setup import remember_setup, rider_setup_path

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    remember_setup("ana", {"pedals": "flat", "shoes": "road shoes"})
    before = rider_setup_path("ana").read_text()
    with pytest.raises(error, match=words) as refused:
        remember_setup("ana", setup, on_foot=on_foot)
    assert len(str(refused.value).splitlines()) == 1 and "\x1b" not in str(refused.value)
    assert rider_setup_path("ana").read_text() == before  # nothing written
    assert remembered_setup("ana") == {"pedals": "flat", "shoes": "road shoes"}


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


@pytest.mark.parametrize("memory, error, words", [
    ("pedals: flat", TypeError, r"^memory takes a dict as remembered_setups gives it .*, not a str$"),
    (["pedals"], TypeError, r"^memory takes a dict .*, not a list$"),
    ({"pedal": "flat"}, ValueError, r"^memory: unknown key 'pedal' \(allowed: pedals, shoes, on_foot\)$"),
    ({"pedals": 3}, TypeError, r"^memory\['pedals'\] takes text or None, not an int$"),
    ({"pedals": "spd"}, ValueError, r"^memory\['pedals'\] 'spd': one of clipless, toe-clips, flat"),
    ({"shoes": 43}, TypeError, r"^memory\['shoes'\] takes text or None, not an int$"),
    ({"shoes": "a\x1b[2Jb"}, ValueError,
     r"^memory\['shoes'\] 'a\\x1b\[2Jb' holds a control character \(U\+001B\) at character 2, "),
    ({"on_foot": "trail shoes"}, TypeError, r"^memory\['on_foot'\] takes a dict of shoes .*, not a str$"),
    ({"on_foot": {"pedals": "flat"}}, ValueError, r"^memory\['on_foot'\]: unknown key 'pedals'"),
    ({"on_foot": {"shoes": 4}}, TypeError, r"^memory\['on_foot'\]\['shoes'\] takes text or None, not an int$"),
    ({"k" * 5000: "flat"}, ValueError, r"^memory: unknown key 'k{40}\.\.\.' \(allowed: pedals, shoes, on_foot\)$"),
    ({"on_foot": {"k" * 5000: "x"}}, ValueError, r"^memory\['on_foot'\]: unknown key 'k{40}\.\.\.' \(allowed: shoes;"),
    ({3: "flat"}, ValueError, r"^memory: unknown key 3 \(allowed: pedals, shoes, on_foot\)$"),
], ids=["str", "list", "unknown-key", "pedals-int", "pedals-unknown", "shoes-int", "shoes-escape",
        "on-foot-str", "on-foot-pedals", "on-foot-shoes-int", "long-key", "on-foot-long-key", "int-key"])
@pytest.mark.parametrize("on_foot", [False, True], ids=["ride", "on-foot"])
def test_remember_setup_refuses_a_memory_of_the_wrong_shape_naming_the_key(tmp_path, monkeypatch, memory, error,
                                                                            words, on_foot):
    """had: a ``memory`` that is no dict was "AttributeError: 'str' object has no attribute 'get'" from
    within remember_setup, and one of a wrong value was written into the remembered file (pedals 3, shoes
    with ESC), which every later reading then refused or printed raw; an unknown key of 5,000 characters was
    quoted whole (a line of 5,056 characters; now 99)."""
    from monitor.session.rider_setup import remember_setup, rider_setup_path

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    remember_setup("ana", {"pedals": "flat", "shoes": "road shoes"})
    before = rider_setup_path("ana").read_text()
    with pytest.raises(error, match=words) as refused:
        remember_setup("ana", {"pedals": None, "shoes": "trail shoes"}, on_foot=on_foot, memory=memory)
    assert len(str(refused.value).splitlines()) == 1 and "\x1b" not in str(refused.value)
    assert len(str(refused.value)) < 200, len(str(refused.value))
    assert rider_setup_path("ana").read_text() == before  # nothing written


def test_remember_setup_takes_the_memory_remembered_setups_gives(tmp_path, monkeypatch):
    from monitor.session.rider_setup import remember_setup, remembered_setups

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    remember_setup("ana", {"pedals": "clipless", "shoes": "road shoes"})
    remember_setup("ana", {"pedals": None, "shoes": "trail shoes"}, on_foot=True, memory=remembered_setups("ana"))
    remember_setup("ana", {"pedals": "flat", "shoes": None}, memory=remembered_setups("ana"))
    assert remembered_setups("ana") == {"pedals": "flat", "shoes": None, "on_foot": {"shoes": "trail shoes"}}
    assert remember_setup("bo", {"pedals": "flat", "shoes": None}, memory={}).is_file()


@pytest.mark.parametrize("option, most", [("--label", 234), ("--shoes", 100)])
def test_a_long_argument_with_a_control_character_is_quoted_cut_with_its_place(capsys, option, most):
    """had: the whole text quoted in the error (repr), a line as long as the argument, the control character
    shown as far along as it was typed; now its first 40 characters and the character's place."""
    text = "a" * (most - 5) + "\x1b[2J"
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["record", "--sim", "healthy-ride", option, text])
    assert stop.value.code == 2
    line = _one_line(capsys)
    assert f"argument {option}: '{'a' * 40}...' holds a control character (U+001B) at character {most - 4}, " \
           f"which a terminal acts on: {PLAIN}" in line, line


def test_plain_text_quotes_a_short_text_whole():
    from argparse import ArgumentTypeError

    from monitor.cli.argtypes import plain_text

    with pytest.raises(ArgumentTypeError) as refused:
        plain_text("a\tb")
    assert str(refused.value) == f"'a\\tb' holds a control character (U+0009) at character 2, which a terminal " \
                                 f"acts on: {PLAIN}"
