"""An import's header fields, caveats and device fields reach session.json and the terminal as plain text:
their control characters spelt out (\\x1b, \\t), as a session's label and notes are (monitor.util.plain_text),
the import still made (the file's text is not the user's argument, to be refused).

Had: a Moticon export with ESC in its header (``# Sensor insoles: Left SN1<ESC>]0;pwned<BEL>``, a start time
with ``<ESC>[2J``) printed the escape in the import's caveat (the screen cleared) and kept it raw in
session.json's imported_from.header and devices.left.serial; a layout JSON's device name or caveats alike."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from test_malformed_files import EXAMPLE, SAMPLES, edit_json, moticon_lines
from test_plain_text import ESCAPES

from monitor.cli.main import main
from monitor.importers import read_recording, write_session
from monitor.link.records import DeviceInfo
from monitor.session.directory import load_session
from monitor.util.shared_data import shared_data_dir

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # any but the line break and tab of output


def _raw_controls(session) -> list[str]:
    """Every string of session.json holding a control character."""
    found: list[str] = []

    def walk(v):
        if isinstance(v, str):
            found.extend([v] if re.search("[\x00-\x1f\x7f-\x9f]", v) else [])
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k), walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(json.loads((session / "session.json").read_text()))
    return found


def _moticon(tmp_path):
    lines = moticon_lines()
    lines[0] = "# Start time: 27.09.2023\x1b[2J 10:21:14"
    lines[1] = "# Sensor insoles: Left SN1\x1b]0;pwned\x07, Right SN2"
    lines.insert(2, "# Notes: walk\ting\x9b")
    src = tmp_path / "walk.txt"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_a_moticon_header_with_control_characters_imports_spelt_out(tmp_path, capsys):
    src = _moticon(tmp_path)
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 0  # streamed
    out, err = capsys.readouterr()
    assert not CONTROL.search(out + err), out + err
    assert "start time '27.09.2023\\x1b[2J 10:21:14' (line 1) is not in the form" in " ".join(out.split())
    s = tmp_path / "s"
    assert _raw_controls(s) == []
    info = load_session(s).info
    assert info.devices["left"].serial == "SN1\\x1b]0;pwned\\x07"
    assert info.imported_from["header"]["Notes"] == "walk\\ting\\x9b"


def test_the_whole_file_writer_spells_them_out_too(tmp_path):
    write_session(read_recording("moticon", _moticon(tmp_path)), tmp_path / "s")
    assert _raw_controls(tmp_path / "s") == []


def test_a_layout_jsons_device_and_caveats_import_spelt_out(tmp_path, capsys):
    layout = tmp_path / "layout.json"
    shutil.copy(EXAMPLE / "layout.json", layout)
    edit_json(layout, lambda d: (d["feet"]["left"].setdefault("device", {}).update(name="left " + ESCAPES,
                                                                                   model="m\tk"),
                                 d["caveats"].append("said " + ESCAPES)))
    assert main(["import", "csv", str(EXAMPLE / "walk.csv"), "--layout", str(layout),
                 "-o", str(tmp_path / "s")]) == 0
    out, err = capsys.readouterr()
    assert not CONTROL.search(out + err), out + err
    assert _raw_controls(tmp_path / "s") == []
    info = load_session(tmp_path / "s").info
    assert info.devices["left"].name == "left road\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mRED"
    assert info.devices["left"].model == "m\\tk"


def test_a_session_json_written_with_them_reads_spelt_out(tmp_path, capsys):
    """A session imported before, its session.json holding them raw, still reads; they are shown spelt out."""
    s = tmp_path / "S"
    shutil.copytree(SAMPLES / "moticon-walk", s)
    edit_json(s / "session.json", lambda d: (d["devices"]["left"].update(serial="SN\x1b[2J"),
                                             d["imported_from"]["header"].update(Notes="a\x1b]0;x\x07"),
                                             d["imported_from"]["caveats"].append("c\x1b[31m")))
    info = load_session(s).info
    assert info.devices["left"].serial == "SN\\x1b[2J"
    assert info.imported_from["header"]["Notes"] == "a\\x1b]0;x\\x07"
    assert info.imported_from["caveats"][-1] == "c\\x1b[31m"
    for argv in (["analyze", str(s)], ["report", str(s), "-o", str(tmp_path / "r.html")]):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert not CONTROL.search(out + err), (argv, out + err)
    assert "\x1b" not in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize("field", ["name", "manufacturer", "model", "serial", "firmware"])
def test_an_insoles_own_device_fields_are_spelt_out(field):
    """What an insole's Device Information service says of itself (a name it chose) is kept plain too."""
    dev = DeviceInfo(address="F0:5E:00:00:00:01", **{field: "x\x1b[2Jy\n"})
    assert getattr(dev, field) == "x\\x1b[2Jy\\n" and dev.address == "F0:5E:00:00:00:01"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0c", "\x1e"])
def test_a_line_separator_in_a_real_exports_header_is_a_character_of_its_field(tmp_path, capsys, char):
    """A copy of a real export (../shared/data) whose Notes hold a character ``str.splitlines`` breaks a line
    at (U+2028 LINE SEPARATOR, U+2029, NEL, FF, RS): a character of the field, spelt out as the header's
    others are; lines are broken at LF, CR LF and CR alone, as an editor counts them.

    Had: the header was cut at it, and the import refused the file with ``line 7: the last '#' line must name
    the columns, 'time' first, not 'Notes: Some walking'``, though line 7 of the file names no columns."""
    real = shared_data_dir() / "moticon_opengo" / "230927_102114.txt"
    text = real.read_text(encoding="utf-8")
    assert "# Notes: Some walking steps\n" in text
    src = tmp_path / "230927_102114.txt"
    src.write_text(text.replace("# Notes: Some walking steps", f"# Notes: Some walking{char}steps"),
                   encoding="utf-8", newline="")
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 0
    out, err = capsys.readouterr()
    assert not CONTROL.search(out + err), out + err
    header = load_session(tmp_path / "s").info.imported_from["header"]
    assert header["Notes"] == "Some walking" + char.encode("unicode_escape").decode("ascii") + "steps"
    assert header["Tag"] == "normal"  # the line after it: read as the header's next field
    assert _raw_controls(tmp_path / "s") == []


def test_an_error_after_a_line_separator_names_the_editors_line(tmp_path, capsys):
    """The line an error names is the line an editor shows: a U+2028 in the header is no line of its own."""
    real = shared_data_dir() / "moticon_opengo" / "230927_102114.txt"
    lines = real.read_text(encoding="utf-8").split("\n")
    lines[6] = lines[6].replace("Some walking steps", "Some walking\u2028steps")
    lines[20] = lines[20].replace("\t", "\tx", 1)  # line 21: a word in the first pressure cell
    src = tmp_path / "walk.txt"
    src.write_text("\n".join(lines), encoding="utf-8", newline="")
    assert main(["import", "moticon", str(src), "-o", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert f"{src}: line 21: " in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
