"""JSON monitor reads (monitor.util.textfiles.read_json: a --params file, session.json, ...) refuses a key
given twice in one object, which json.loads would take silently (the last wins), with one line naming the
file, the line and the key, exit 2; the same key in two different objects is no duplicate. A UTF-8 byte
order mark at a file's start (as editors on Windows write one) is dropped, as the CSV importers do."""

from __future__ import annotations

import json

import pytest

from monitor.cli.main import main
from monitor.errors import SessionFormatError, UsageError
from monitor.session.directory import read_info
from monitor.session.param_files import load_params
from test_malformed_files import session_copy


def _fails(capsys, *argv: str) -> str:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_a_key_twice_in_a_params_file_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path)
    params = tmp_path / "dup.json"
    params.write_text('{"detector": {"warn_after_s": 480},\n "features": {"window_s": 60},\n'
                      ' "detector": {"warn_after_s": 100}}\n')
    err = _fails(capsys, "analyze", str(s), "--params", str(params))
    assert f'{params}: line 3: the key "detector" is given twice in one object' in err, err
    with pytest.raises(UsageError, match='line 3: the key "detector" is given twice'):
        load_params(params)


def test_a_key_twice_inside_a_section_is_named_too(tmp_path):
    params = tmp_path / "dup.json"
    params.write_text('{"detector": {\n  "warn_after_s": 480,\n  "alert_after_s": 900,\n  "warn_after_s": 60\n}}')
    with pytest.raises(UsageError, match='line 4: the key "warn_after_s" is given twice'):
        load_params(params)


def test_a_key_twice_in_session_json_is_one_line(tmp_path, capsys):
    s = session_copy(tmp_path)
    path = s / "session.json"
    text = path.read_text()
    assert '  "source": "sim",\n' in text
    path.write_text(text.replace('  "source": "sim",\n', '  "source": "sim",\n  "source": "ble",\n', 1))
    line = path.read_text().splitlines().index('  "source": "ble",') + 1
    err = _fails(capsys, "analyze", str(s))
    assert f'{path}: line {line}: the key "source" is given twice in one object' in err, err
    with pytest.raises(SessionFormatError, match='the key "source" is given twice'):
        read_info(s)


def test_the_same_key_in_two_objects_is_no_duplicate(tmp_path):
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"features": {"step_s": 10.0}, "activity": {"step_s": 10.0}}))
    p = load_params(params)
    assert p.features.step_s == p.activity.step_s == 10.0


@pytest.mark.parametrize("name", ["session.json", "params"])
def test_a_byte_order_mark_is_dropped(tmp_path, capsys, name):
    s = session_copy(tmp_path)
    argv = ["analyze", str(s)]
    if name == "session.json":
        path = s / "session.json"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    else:
        path = tmp_path / "p.json"
        path.write_bytes(b"\xef\xbb\xbf" + b'{"detector": {"warn_after_s": 480}}')
        argv += ["--params", str(path)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Verdict:"), out
