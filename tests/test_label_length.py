"""A session's label has a bound: ``--label`` longer than LONGEST_LABEL_CHARS (the longest a session
directory's name holds where a name takes DEFAULT_NAME_MAX characters, monitor.session.names) is refused as
it is parsed (one line quoting its start cut, exit 2, nothing recorded), whatever characters it holds; a
longer label already in a session.json is read cut, with a warning naming the file and key.

Had: a label whose name is short (``--label "<4000 é's>"``: the folder's name keeps a-z and 0-9 only, so it
was ``...-session``) was taken, kept in session.json and printed whole on ``replay``'s first line; one of
4000 x's was refused only as a folder name too long.
"""

from __future__ import annotations

import pytest

from monitor.cli.main import build_parser, main

#: The bound as the tests spell it: 255 (a name's longest, monitor.session.names.DEFAULT_NAME_MAX) less
#: the start's ``20261205T082207Z-`` and a taken name's ``-999``.
MOST = 255 - len("20261205T082207Z-") - len("-999")
LONG = "é" * 4000
SAID = (f"is 4000 characters long, more than the {MOST} a session's label takes (the longest a session "
        "directory's name holds where a name takes 255 characters)")


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_long_label_is_one_line_and_nothing_is_recorded(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    with pytest.raises(SystemExit) as stop:  # argparse's exit, as the command line is parsed
        main([command, "--sim", "healthy-ride", "--duration", "2s", "--speed", "50", "--plain",
              "--out", str(tmp_path / "sessions"), "--label", LONG])
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    [line] = err.strip().splitlines()
    assert "Traceback" not in out + err and LONG not in err
    assert line.startswith(f"solewatch {command}: error: argument --label: '{'é' * 40}...' {SAID}"), line
    assert not (tmp_path / "sessions").exists()


@pytest.mark.parametrize("label", ["x" * 4000, "!" * 4000, " " * 4000])
def test_any_long_label_is_refused_by_its_length(capsys, label):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["record", "--sim", "healthy-ride", "--label", label])
    assert stop.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert f"argument --label: {label[:40]!r}"[:-1] + "...'" in line and SAID in line, line


def test_a_label_at_the_bound_is_taken():
    args = build_parser().parse_args(["live", "--sim", "healthy-ride", "--label", "é" * MOST])
    assert args.label == "é" * MOST


def _with_label(tmp_path, monkeypatch, label: str):
    """A copy of the healthy-ride sample whose session.json holds ``label`` (written by hand, or by a
    version before --label had a bound)."""
    import json
    import shutil

    from test_malformed_files import SAMPLES

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    s = tmp_path / "S"
    shutil.copytree(SAMPLES / "sim-healthy-ride", s)
    info = json.loads((s / "session.json").read_text())
    (s / "session.json").write_text(json.dumps({**info, "label": label}, indent=2))
    return s


#: A label longer than the bound, read from a file, as it is said cut (the first MOST - 3 and "...").
CUT = "x" * (MOST - 3) + "..."


@pytest.mark.parametrize("command", ["replay", "analyze", "report"])
def test_a_long_label_in_session_json_is_read_cut_with_a_warning_naming_it(tmp_path, capsys, monkeypatch, command):
    """had: a session.json label of 5000 characters (a version before --label had a bound took any) was read
    whole and printed whole on replay's first line, analyze's and report's."""
    s = _with_label(tmp_path, monkeypatch, "x" * 5000)
    html = tmp_path / "report.html"
    assert main([command, str(s)] + (["-o", str(html)] if command == "report" else [])) == 0
    out, err = capsys.readouterr()
    if command == "report":
        out += html.read_text()
        assert CUT in out
    assert "x" * (MOST + 1) not in out + err, len(out + err)
    said = (f"warning: {s / 'session.json'}: label is 5000 characters long, more than the {MOST} a session's label "
            f"takes (the longest a session directory's name holds where a name takes 255 characters): read cut to "
            f"its first {MOST - 3} characters and '...'")
    assert err.count(said) == 1, err[:600]


def test_a_long_label_read_from_python_is_cut_and_one_at_the_bound_whole(tmp_path, monkeypatch):
    import warnings

    import monitor
    from monitor.errors import SessionCaveat

    s = _with_label(tmp_path, monkeypatch, "x" * 5000)
    with pytest.warns(SessionCaveat, match=f"{s / 'session.json'}: label is 5000 characters long"):
        assert monitor.load_session(s).info.label == CUT
    s = _with_label(tmp_path / "at", monkeypatch, "é" * MOST)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert monitor.load_session(s).info.label == "é" * MOST
