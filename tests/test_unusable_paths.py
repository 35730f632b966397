"""A path the system cannot use, given to any command that takes one, is one line naming the path (cut where
it is long, monitor.util.path_errors.said_path) and what was wrong, exit code 2, no traceback: a name over
255 bytes, a whole path over 4,096, a path through a file or a named pipe (``file/child``: what root meets
where a folder denies it), a NUL character, a symbolic link to nothing. Had (164 cases): 34 tracebacks of
``OSError: [Errno 36] File name too long`` (``analyze`` of a 300-character path from Path.is_dir, and 16
arguments more: ``record --out``, ``live --events``, SOLEWATCH_CONFIG_DIR...), 19 of ``ValueError:
embedded null byte``; 32 more a long path said whole, a NUL said raw, or ``record --out`` a link to nothing
said after connecting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.errors import QUOTE_CHARS, quote
from monitor.util.path_errors import LONGEST_PATH_SAID_CHARS, said_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "sessions" / "samples" / "sim-healthy-ride")
CSV = str(ROOT / "tests" / "data" / "generic_csv" / "walk.csv")
LAYOUT = str(ROOT / "tests" / "data" / "generic_csv" / "layout.json")
SIM = ["--sim", "healthy-ride", "--duration", "1s", "--speed", "30", "--plain"]
LIVE = ["live", *SIM, "--no-sound", "--no-report"]

#: Each command's argument that takes a path, {p} where the bad path goes ({t}: the test's folder).
#: ``$NAME``: the path is the environment variable NAME's value instead.
ARGUMENTS = {
    "analyze SESSION": ["analyze", "{p}"],
    "analyze --params": ["analyze", SAMPLE, "--params", "{p}"],
    "analyze $SOLEWATCH_CONFIG_DIR": ["$SOLEWATCH_CONFIG_DIR", "analyze", SAMPLE, "--rider", "ann"],
    "analyze $XDG_CONFIG_HOME": ["$XDG_CONFIG_HOME", "analyze", SAMPLE, "--rider", "ann"],
    "report SESSION": ["report", "{p}"],
    "report -o": ["report", SAMPLE, "-o", "{p}"],
    "report --pdf": ["report", SAMPLE, "-o", "{t}/r.html", "--pdf", "{p}"],
    "report --compare": ["report", SAMPLE, "-o", "{t}/r.html", "--compare", "{p}"],
    "report --params": ["report", SAMPLE, "-o", "{t}/r.html", "--params", "{p}"],
    "replay SESSION": ["replay", "{p}", "--plain"],
    "replay --params": ["replay", SAMPLE, "--plain", "--params", "{p}"],
    "replay --events": ["replay", SAMPLE, "--plain", "--events", "{p}"],
    "import moticon FILE": ["import", "moticon", "{p}", "-o", "{t}/imported"],
    "import physionet FILE": ["import", "physionet", "{p}", "-o", "{t}/imported"],
    "import csv FILE": ["import", "csv", "{p}", "--layout", LAYOUT, "-o", "{t}/imported"],
    "import csv --layout": ["import", "csv", CSV, "--layout", "{p}", "-o", "{t}/imported"],
    "import csv -o": ["import", "csv", CSV, "--layout", LAYOUT, "-o", "{p}"],
    "import fit FILE": ["import", "fit", "{p}", "--into", SAMPLE],
    "import fit --into": ["import", "fit", CSV, "--into", "{p}"],
    "export SESSION": ["export", "{p}", "-o", "{t}/frames.csv"],
    "export -o": ["export", SAMPLE, "-o", "{p}"],
    "export --params": ["export", SAMPLE, "--format", "fit", "-o", "{t}/a.fit", "--params", "{p}"],
    "study PATH": ["study", "{p}", "-o", "{t}/study"],
    "study -o": ["study", SAMPLE, "-o", "{p}", "--workers", "1"],
    "record --out": ["record", *SIM, "--out", "{p}"],
    "live --out": [*LIVE, "--out", "{p}"],
    "live --params": [*LIVE, "--out", "{t}/sessions", "--params", "{p}"],
    "live --events": [*LIVE, "--out", "{t}/sessions", "--events", "{p}"],
    "live $SOLEWATCH_CONFIG_DIR": ["$SOLEWATCH_CONFIG_DIR", *LIVE, "--out", "{t}/sessions", "--rider", "ann"],
}

#: The bad paths, under the test's folder {t}, which holds a file ``file``, a named pipe ``fifo`` and a
#: symbolic link to nothing ``dangling``.
PATHS = {
    "a name over 255 bytes": "{t}/" + "a" * 300,
    "a path over 4096 bytes": "{t}/" + "/".join(["b" * 200] * 21),
    "through a file": "{t}/file/child",
    "through a named pipe": "{t}/fifo/child",
    "a NUL character": "{t}/a\0b",
    "a link to nothing": "{t}/dangling",
}

#: Where a bad path is no error: an output named by a link to nothing is written through it, as ``cp``
#: writes (monitor.util.outputs.through_links); a configuration folder that is one is found out only when
#: the rider's normal is kept, said then as a line of the summary (monitor.cli.rider_kinds), the session
#: recorded. An environment variable cannot hold a NUL character.
NOT_ERRORS = {(argument, "a link to nothing") for argument in ("report -o", "report --pdf", "replay --events",
                                                                "export -o", "study -o", "live --events",
                                                                "live $SOLEWATCH_CONFIG_DIR")}


def _cases():
    for argument in ARGUMENTS:
        for kind in PATHS:
            if (argument, kind) in NOT_ERRORS or ("$" in argument and "NUL" in kind):
                continue
            yield pytest.param(argument, kind, id=f"{argument}: {kind}")


@pytest.mark.parametrize("argument, kind", list(_cases()))
def test_an_unusable_path_is_one_line_naming_it(tmp_path, capsys, monkeypatch, argument, kind):
    (tmp_path / "file").write_text("x")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    path = PATHS[kind].format(t=tmp_path)
    argv = [word.format(p=path, t=tmp_path) if "{" in word else word for word in ARGUMENTS[argument]]
    if argv[0].startswith("$"):
        monkeypatch.delenv("SOLEWATCH_CONFIG_DIR")
        monkeypatch.setenv(argv.pop(0)[1:], path)
    try:
        code = main(argv)
    except SystemExit as exc:  # said by argparse, as it reads the command line
        code = exc.code
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith(f"solewatch {argv[0]}: error: "), err[-2000:]
    said = quote(path) if "\0" in path else said_path(path)
    # a configuration folder is named by the file under it the command reached (its riders/ann.json): said
    # cut, its start is the folder's
    under = "$" in argument and len(path) > LONGEST_PATH_SAID_CHARS and f"'{path[:QUOTE_CHARS]}..." in lines[0]
    assert said in lines[0] or under, lines[0]
    assert len(lines[0]) < 400, lines[0]  # the path cut, not thousands of characters
    assert not (tmp_path / "sessions").exists() or not any((tmp_path / "sessions").iterdir())


def test_an_os_error_that_names_no_path_is_left_as_it_is():
    """Only an OSError naming a path is said as a path's fault: one naming none (a socket's) is a bug's, left
    to its traceback rather than said as a line about nothing."""
    import errno

    from monitor.util.path_errors import path_error_line

    assert path_error_line(OSError(errno.EIO, "Input/output error")) is None
    assert path_error_line(OSError(errno.EIO, "Input/output error", "/x/y")) == "/x/y: input/output error"


def test_a_path_through_a_file_names_the_file_in_the_way(tmp_path):
    import errno

    from monitor.util.path_errors import path_error_line

    (tmp_path / "file").write_text("x")
    line = path_error_line(OSError(errno.ENOTDIR, "Not a directory", str(tmp_path / "file" / "child")))
    assert line == f"{tmp_path / 'file' / 'child'}: not a folder: {tmp_path / 'file'} in it is not a directory"


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_label_whose_session_paths_would_be_too_long_is_said_before_connecting(tmp_path, capsys, monkeypatch,
                                                                                 command):
    """Had: ``connecting to the simulated insoles...``, then ``PATH: cannot make the session directory (File
    name too long)``, the path said whole (4,000 characters)."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "config"))
    deep = tmp_path / "sessions"
    while len(os.fsencode(deep)) < 4000:
        deep = deep / ("c" * min(200, 4000 - len(os.fsencode(deep))))
    deep.mkdir(parents=True)
    argv = [*(["record", *SIM] if command == "record" else LIVE), "--out", str(deep), "--label", "L" * 100]
    from monitor.session.names import TAKEN_SUFFIX
    from monitor.session.writer import OWN_FILE_BYTES

    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    # its path: the folder, a slash, the timestamp's 17 characters, the label, a taken name's suffix, its files
    whole = len(os.fsencode(deep)) + 1 + len("20261126T221858Z-") + 100 + len(TAKEN_SUFFIX) + OWN_FILE_BYTES
    assert lines == [f"solewatch {command}: error: --out {said_path(deep)}: a session directory there named after "
                     f"--label would have paths {whole:,} bytes long, more than the 4,096 "
                     "the system takes; use a shorter --out or --label"], lines
    assert list(deep.iterdir()) == []


def _long_folder(tmp_path: Path) -> Path:
    """A folder under ``tmp_path`` whose path is over LONGEST_PATH_SAID_CHARS long (two names of 200)."""
    folder = tmp_path / ("d" * 200) / ("e" * 200)
    folder.mkdir(parents=True)
    return folder


def _cut_line(line: str, path: Path) -> None:
    """``line`` says ``path`` cut (said_path: its start and its name), never whole: short, one line."""
    assert str(path.parent) not in line and said_path(path) in line and f"...{os.sep}{path.name}'" in line, line[:300]
    assert "\n" not in line and len(line) < 400, f"{len(line)} characters: {line[:300]}"


@pytest.mark.parametrize("damage", ["extras.parquet not Parquet", "raw.swlog a folder"])
def test_a_long_path_that_cannot_be_read_is_said_cut(tmp_path, capsys, damage):
    """had: ``PATH: cannot read (...)`` with the path whole, 600 characters and more (monitor.session.imu,
    monitor.session.rawlog)."""
    import shutil

    from test_malformed_files import fails

    folder = _long_folder(tmp_path)
    if damage == "raw.swlog a folder":
        session = Path(shutil.copytree(Path(SAMPLE), folder / "ride"))
        (session / "raw.swlog").unlink()
        (session / "raw.swlog").mkdir()
    else:
        session = Path(shutil.copytree(Path(SAMPLE).parent / "moticon-walk", folder / "ride"))
        (session / "extras.parquet").write_bytes(b"not parquet")
    line = fails(capsys, "analyze", session)
    assert "cannot read" in line, line[:300]
    _cut_line(line, session / ("raw.swlog" if damage == "raw.swlog a folder" else "extras.parquet"))


def test_an_extras_table_that_cannot_be_read_is_said_cut(tmp_path):
    """had: monitor.importers.read_extras said the path whole."""
    from monitor.errors import SessionFormatError
    from monitor.importers import read_extras

    folder = _long_folder(tmp_path)
    (folder / "extras.parquet").write_bytes(b"not parquet")
    with pytest.raises(SessionFormatError) as caught:
        read_extras(folder)
    _cut_line(str(caught.value), folder / "extras.parquet")


def test_a_raw_log_or_text_file_whose_read_fails_is_said_cut(tmp_path, monkeypatch):
    """had: monitor.session.rawlog_format.read and seek, and monitor.util.textfiles.read_text, said the path
    whole on an OSError mid-read (a disk's EIO)."""
    import errno
    import io

    from monitor.errors import SessionFormatError
    from monitor.session import rawlog_format
    from monitor.util.textfiles import read_text

    folder = _long_folder(tmp_path)
    path = folder / "raw.swlog"

    class Failing(io.BytesIO):
        def read(self, n=-1):
            raise OSError(errno.EIO, "Input/output error")

        def seek(self, offset, whence=0):
            raise OSError(errno.EIO, "Input/output error")

    for call in (lambda: rawlog_format.read(path, Failing(), 4), lambda: rawlog_format.seek(path, Failing(), 4)):
        with pytest.raises(SessionFormatError) as caught:
            call()
        _cut_line(str(caught.value), path)
    text = folder / "params.json"
    text.write_text("{}")
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(SessionFormatError) as caught:
        read_text(text, SessionFormatError, "JSON")
    _cut_line(str(caught.value), text)


def test_a_long_path_is_said_with_its_start_and_its_name():
    """A path over LONGEST_PATH_SAID_CHARS is said as its first 40 characters, ``...`` and its last name, the
    part the reader most needs; a shorter one whole. Had: its first 40 characters alone, the name dropped."""
    path = "/srv/rides/" + "d" * 269 + "/walk-2026-11-26.csv"
    assert len(path) == 300
    said = said_path(path)
    assert said == "'/srv/rides/" + "d" * 29 + ".../walk-2026-11-26.csv'", said
    assert said_path(Path(path)) == said
    assert said_path(path + "/") == said[:-1] + "/'"  # a folder's trailing separator kept
    long_name = "/srv/rides/" + "d" * 100 + "/" + "n" * 200  # the name itself long: cut too
    assert said_path(long_name) == "'/srv/rides/" + "d" * 29 + ".../" + "n" * 40 + "...'"
    assert said_path("/srv/" + "a" * 300) == "'/srv/" + "a" * 35 + "...'"  # one long name: said once
    for short in ("/srv/rides/walk.csv", "/srv/" + "e" * 250):
        assert said_path(short) == short


def test_a_long_path_the_system_refuses_is_said_with_its_name(tmp_path, capsys):
    """Had: ``solewatch import: error: '/tmp/pytest-of-root/pytest-7/test_a_l...': cannot read (name too
    long (...))``, walk.csv nowhere in the line."""
    path = tmp_path / ("d" * 300) / "walk.csv"
    assert main(["import", "csv", str(path), "--layout", LAYOUT, "-o", str(tmp_path / "imported")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("solewatch import: error: "), lines
    assert f"...{os.sep}walk.csv': " in lines[0] and "name too long (a name in it is 300 bytes" in lines[0], lines[0]
    assert len(lines[0]) < 200 and "Traceback" not in lines[0], lines[0]


#: A file the reader refuses, at a long path: how it is made (``path``, written or linked) and what is said.
REFUSED_FILES = {
    "a device": (lambda p: p.symlink_to(os.devnull), "a character device, not a file"),
    "not UTF-8": (lambda p: p.write_bytes(b"{\n\xff}"), "line 2: not UTF-8 text"),
    "empty": (lambda p: p.write_text(" \n"), "empty (expected a JSON object"),
    "not JSON": (lambda p: p.write_text("{\n  x\n}"), "line 2: "),
}


@pytest.mark.parametrize("kind", list(REFUSED_FILES))
def test_a_long_params_path_refused_is_said_cut_with_its_name(tmp_path, capsys, kind):
    """A text file refused (monitor.util.textfiles.read_text, read_json) at a path over 255 characters is
    said cut, its name kept. Had: the path whole, 459 characters and more (a device: ``/dev/null`` linked
    as ``--params``)."""
    from test_malformed_files import fails

    make, words = REFUSED_FILES[kind]
    path = _long_folder(tmp_path) / "params.json"
    make(path)
    line = fails(capsys, "analyze", SAMPLE, "--params", path)
    assert words in line, line[:300]
    _cut_line(line, path)


#: A session's own file that is not a file, in a session at a long path: the sample, the file, what it is made
#: (a folder, a named pipe), the command and the words said (monitor.session.directory.check_own_files,
#: monitor.util.textfiles.optional_file, monitor.session.tables, monitor.live.replay_source).
NOT_FILES = {
    "extras.parquet a named pipe": ("moticon-walk", "extras.parquet", os.mkfifo, "analyze",
                                    ": a named pipe, not a file (expected the session's extras.parquet"),
    "extras.parquet a folder": ("moticon-walk", "extras.parquet", os.mkdir, "analyze", ": not a file"),
    "frames.parquet a folder": ("moticon-walk", "frames.parquet", os.mkdir, "analyze", ": not a file"),
    "raw.swlog a folder": ("sim-healthy-ride", "raw.swlog", os.mkdir, "replay", ": not a file"),
    "session.json missing": ("moticon-walk", "session.json", None, "analyze", ": missing (is '"),
}


@pytest.mark.parametrize("kind", list(NOT_FILES))
def test_a_session_file_that_is_not_a_file_at_a_long_path_is_said_cut(tmp_path, capsys, kind):
    """``PATH: not a file`` (a folder, a named pipe where a session keeps a file) and ``PATH: missing (is
    FOLDER a session directory?)``, in a session at a path over 255 characters: the paths said cut, the
    file's name kept. Had: the path whole, 530 characters and more."""
    import shutil

    from test_malformed_files import fails

    sample, name, make, command, words = NOT_FILES[kind]
    session = Path(shutil.copytree(Path(SAMPLE).parent / sample, _long_folder(tmp_path) / "walk"))
    (session / name).unlink()
    if make is not None:
        make(session / name)
    line = fails(capsys, command, session, *(["--plain"] if command == "replay" else []))
    assert words in line, line[:300]
    _cut_line(line, session / name)


def test_an_optional_file_not_a_file_is_said_cut(tmp_path):
    """monitor.util.textfiles.optional_file's ``PATH: not a file`` says the path cut (had: whole)."""
    from monitor.errors import SessionFormatError
    from monitor.util.textfiles import optional_file

    path = _long_folder(tmp_path) / "fit_records.parquet"
    os.mkfifo(path)
    with pytest.raises(SessionFormatError) as caught:
        optional_file(path, SessionFormatError)
    assert str(caught.value).endswith(": not a file"), str(caught.value)[:300]
    _cut_line(str(caught.value), path)


def test_a_missing_text_file_at_a_long_path_is_said_cut(tmp_path):
    """read_text's ``missing`` message says the path cut, its name kept (had: whole)."""
    from monitor.errors import SessionFormatError
    from monitor.util.textfiles import read_text

    path = _long_folder(tmp_path) / "session.json"
    with pytest.raises(SessionFormatError) as caught:
        read_text(path, SessionFormatError, "JSON", missing="missing")
    assert str(caught.value).endswith(": missing"), str(caught.value)[:300]
    _cut_line(str(caught.value), path)
