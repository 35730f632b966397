"""A rider name is checked by one rule wherever it is taken: ``live --rider`` and session.json's ``rider``
(monitor.session.rider_name); a study.json's ``rider`` is plain text, compared in the same Unicode form.

A hand-edited session.json with ``"rider": "eve\\u001b[2J"`` was read as it is: `analyze` printed the ESC
("(no normal kept for eve^[[2J yet)") and a study wrote it into sessions.csv and study.html; a study.json's
rider likewise. Each is now one line naming the file, the field's line and the rule, the name spelt out.
"""

from __future__ import annotations

import json

import pytest
from test_malformed_files import EXAMPLE, fails

from monitor.cli.main import main
from monitor.errors import SessionFormatError

BAD = "eve\u001b[2J"
RULE = "field rider: rider name 'eve\\x1b[2J': use letters, digits, '.', '_' or '-' (at most 64), starting with a " \
       "letter or digit"


@pytest.fixture
def session(tmp_path, capsys):
    out = tmp_path / "walk"
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(EXAMPLE / "layout.json"), "-o",
                 str(out)]) == 0
    capsys.readouterr()
    return out


def _line_of(text: str, key: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if f'"{key}"' in line)


def test_a_rider_in_session_json_is_checked_as_live_rider_checks_it(session, capsys):
    info = json.loads((session / "session.json").read_text(encoding="utf-8"))
    text = json.dumps({**info, "rider": BAD}, indent=1)
    (session / "session.json").write_text(text, encoding="utf-8")
    line = fails(capsys, "analyze", session)
    assert line.endswith(f"session.json: line {_line_of(text, 'rider')}: {RULE}"), line
    assert "\x1b" not in line


def test_a_good_rider_in_session_json_is_still_read(session, capsys):
    info = json.loads((session / "session.json").read_text(encoding="utf-8"))
    (session / "session.json").write_text(json.dumps({**info, "rider": "Zoë"}, indent=1), encoding="utf-8")
    assert main(["analyze", str(session)]) == 0, capsys.readouterr().err


def test_a_rider_in_study_json_is_plain_text(session):
    """A study's rider is a researcher's label, plain text (a space is fine: "Anna Smith"; a control character
    is not), where session.json's is the name ``live --rider`` kept."""
    from monitor.studies.task import _declared

    text = json.dumps({"change": "cleats back", "rider": BAD}, indent=1)
    (session / "study.json").write_text(text, encoding="utf-8")
    with pytest.raises(SessionFormatError) as caught:
        _declared(session)
    assert str(caught.value).endswith(f"study.json: line {_line_of(text, 'rider')}: field rider: holds a control "
                                      "character (U+001B), which a terminal acts on: plain text only"), caught.value
    (session / "study.json").write_text(json.dumps({"rider": "Anna Smith"}), encoding="utf-8")
    assert _declared(session)["rider"] == "Anna Smith"  # had, for a short while: refused by the file-name rule


def test_a_change_in_study_json_with_a_control_character_is_refused_with_its_line(session):
    """The change is written into study.html as the rider is: plain text only, as ``--shoes`` (had: the ESC
    went into the page as it was)."""
    from monitor.studies.task import _declared

    text = json.dumps({"rider": "ana", "change": "cleats\u001b[2J back"}, indent=1)
    (session / "study.json").write_text(text, encoding="utf-8")
    with pytest.raises(SessionFormatError) as caught:
        _declared(session)
    assert str(caught.value).endswith(f"study.json: line {_line_of(text, 'change')}: field change: holds a control "
                                      "character (U+001B), which a terminal acts on: plain text only"), caught.value
    (session / "study.json").write_text(json.dumps({"change": "cleats 3 mm back"}), encoding="utf-8")
    assert _declared(session)["change"] == "cleats 3 mm back"


def test_a_rider_named_in_either_unicode_form_is_one_rider(session, tmp_path):
    """Two sessions whose study.json name "Zoë", one as "Zoe" and a combining diaeresis (NFD), the other
    precomposed (NFC): one rider, in the sessions table and study.html's count (had: "2 riders"); the same for
    a session.json's rider in the other form."""
    import shutil

    from monitor.report.study_data import study_data
    from monitor.report.study_html import _riders_words
    from monitor.signal.params import DEFAULT_PARAMS
    from monitor.studies.run import run_study

    nfd, nfc = "Zoe\u0308", "Zo\u00eb"
    second, third = tmp_path / "walk2", tmp_path / "walk3"
    shutil.copytree(session, second)
    shutil.copytree(session, third)
    (session / "study.json").write_text(json.dumps({"rider": nfd, "change": "cleats back"}), encoding="utf-8")
    (second / "study.json").write_text(json.dumps({"rider": nfc}), encoding="utf-8")
    info = json.loads((third / "session.json").read_text(encoding="utf-8"))
    (third / "session.json").write_text(json.dumps({**info, "rider": nfd}, indent=1), encoding="utf-8")
    tables = run_study([str(session), str(second), str(third)], DEFAULT_PARAMS, workers=1)
    assert set(tables.sessions["rider"]) == {nfc}
    assert _riders_words(study_data(tables.sessions, tables.errors)) == "1 rider"


#: A rider name far past the 64 characters a name takes: a pasted paragraph, or a garbled session.json.
LONG = "a" * 5000
LONG_RULE = (f"rider name {'a' * 40 + '...'!r} is 5000 characters long, more than the 64 a rider name takes: use "
             "letters, digits, '.', '_' or '-' (at most 64), starting with a letter or digit")


def test_a_long_rider_in_session_json_is_quoted_cut_and_its_length_said(session, capsys):
    """The name is quoted cut to 40 characters (monitor.errors.quote) and its length said (had: a line of
    5000 characters holding the whole name)."""
    info = json.loads((session / "session.json").read_text(encoding="utf-8"))
    text = json.dumps({**info, "rider": LONG}, indent=1)
    (session / "session.json").write_text(text, encoding="utf-8")
    line = fails(capsys, "analyze", session)
    assert line.endswith(f"session.json: line {_line_of(text, 'rider')}: field rider: {LONG_RULE}"), line[:300]


@pytest.mark.parametrize("command", ["analyze", "live"])
def test_a_long_rider_on_the_command_line_is_quoted_cut_and_its_length_said(command, session, capsys, tmp_path,
                                                                            monkeypatch):
    """``--rider`` of analyze and live, refused before anything is read or connected (had: the whole name
    said back, a line of 5000 characters)."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    where = [str(session)] if command == "analyze" else ["--sim", "healthy-ride", "--duration", "1s", "--out",
                                                         str(tmp_path / "sessions")]
    line = fails(capsys, command, *where, "--rider", LONG)
    assert line == f"solewatch {command}: error: {LONG_RULE}", line[:300]


#: A name of 50 characters, within the 64 a name takes, whose one refused character, the 45th, lies past the 40
#: characters quoted.
HIDDEN = "a" * 44 + "!" + "a" * 5
HIDDEN_RULE = (f"rider name {'a' * 40 + '...'!r} holds '!' at character 45: use letters, digits, '.', '_' or '-' "
               "(at most 64), starting with a letter or digit")


@pytest.mark.parametrize("command", ["analyze", "live"])
def test_a_rider_refused_past_the_part_quoted_names_the_character_and_its_place(command, session, capsys, tmp_path,
                                                                                 monkeypatch):
    """had: ``rider name 'aaaa...': use letters, ...``, the name cut before its '!', so the line did not show
    what was wrong. The character and its place are said; the line stays one short line."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    where = [str(session)] if command == "analyze" else ["--sim", "healthy-ride", "--duration", "1s", "--out",
                                                         str(tmp_path / "sessions")]
    line = fails(capsys, command, *where, "--rider", HIDDEN)
    assert line == f"solewatch {command}: error: {HIDDEN_RULE}", line
    assert not (tmp_path / "sessions").exists()


def test_a_long_rider_refused_past_the_part_quoted_says_its_length_and_the_character(session, capsys):
    """A name both too long and holding a refused character past the 40 quoted says both."""
    line = fails(capsys, "analyze", session, "--rider", "a" * 69 + "\u001b")
    assert line.endswith(f"rider name {'a' * 40 + '...'!r} is 70 characters long, more than the 64 a rider name "
                         "takes, and holds '\\x1b' at character 70: use letters, digits, '.', '_' or '-' (at most "
                         "64), starting with a letter or digit"), line
