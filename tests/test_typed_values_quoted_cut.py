"""A value typed on the command line that is refused is quoted cut to monitor.errors.QUOTE_CHARS characters
(monitor.errors.quote), so that a pasted paragraph makes one short line: exit code 2, one line on stderr, no
traceback, and the refused value never said whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.cli.main import main
from monitor.errors import QUOTE_CHARS, quote

#: Far past what any option takes: a pasted paragraph.
LONG_CHARS = 400


def fails(capsys, *argv) -> str:
    """Run the command line: it must exit 2 (as parsing refuses a value, or as the command does) with one
    line on stderr and no traceback. Returns that line."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2, (code, err[:300])
    assert len(err.strip().splitlines()) == 1, err[:600]
    assert "Traceback" not in err and "Traceback" not in out
    return err.strip()


def _quoted_cut(line: str, value: str, before: str) -> None:
    """``line`` says ``before`` and ``value`` quoted cut, and holds no longer run of the value."""
    assert f"{before}{quote(value)}" in line, line[:300]
    assert value[:QUOTE_CHARS + 1] not in line, line[:300]
    assert len(line) < 300, len(line)


@pytest.mark.parametrize("value, why", [
    ("x" * LONG_CHARS, "(use e.g. 90s, 20m, 2h or 1h30m)"),
    ("9" * LONG_CHARS, ": give a unit, e.g. 90s or 90m (or 1h30m)"),
    ("-" + "5" * LONG_CHARS + "m", ": it must be longer than zero"),
    ("0" * LONG_CHARS + "s", ": it must be longer than zero"),
    ("1" + "0" * LONG_CHARS + "h", ": longer than any session (at most 8784h, 366 days)"),
], ids=["word", "bare-number", "negative", "zero", "infinite"])
@pytest.mark.parametrize("command", ["record", "live"])
def test_a_long_duration_is_quoted_cut(capsys, tmp_path, command, value, why):
    """had: the whole duration said back (each error of parse_duration, and the longest session's), a line of
    over 450 characters; a bare number twice more in its hint."""
    line = fails(capsys, command, "--sim", "healthy-ride", "--out", tmp_path / "s", "--duration", value)
    _quoted_cut(line, value, f"solewatch {command}: error: argument --duration: invalid duration ")
    assert why in line, line[:300]
    assert not (tmp_path / "s").exists()


def test_a_long_scan_timeout_is_quoted_cut(capsys):
    value = "1" + "0" * LONG_CHARS + "s"
    line = fails(capsys, "scan", "--sim", "healthy-ride", "--timeout", value)
    _quoted_cut(line, value, "solewatch scan: error: argument --timeout: invalid duration ")
    assert ": longer than a scan may take (at most 1h)" in line, line


LONG = "x" * LONG_CHARS
SAMPLES = Path(__file__).resolve().parents[1] / "sessions" / "samples"
SESSION = str(SAMPLES / "sim-healthy-ride")


@pytest.mark.parametrize("argv, value, before", [
    (["record", "--left", LONG], LONG, "argument --left: invalid address "),
    (["live", "--sim", "healthy-ride", "--web", LONG], LONG, "argument --web: invalid address "),
    (["record", "--sim", "healthy-ride", "--speed", LONG], LONG, "argument --speed: invalid speed "),
    (["replay", SESSION, "--speed", LONG], LONG, "argument --speed: invalid speed "),
    (["record", "--sim", "healthy-ride", "--seed", LONG], LONG, "argument --seed: invalid seed "),
    (["record", "--moticon-udp", LONG], LONG, "argument --moticon-udp: invalid port "),
    (["live", "--radio", LONG], LONG, "argument --radio: invalid transport "),
    (["live", "--radio", f"tcp-client:h:{LONG}"], LONG, "argument --radio: invalid port "),
    (["sim", "--scenario", "healthy-ride", "--hci", LONG], LONG, "argument --hci: invalid transport "),
    (["study", str(SAMPLES), "-o", "OUT", "--workers", LONG], LONG, "argument --workers: invalid count "),
    (["study", str(SAMPLES), "-o", "OUT", "--scheduler", LONG], LONG,
     "argument --scheduler: invalid scheduler address "),
    (["study", str(SAMPLES), "-o", "OUT", "--scheduler", f"tcp://h:{LONG}"], LONG,
     "argument --scheduler: invalid port "),
    ([LONG], LONG, "argument COMMAND: invalid choice: "),
    (["record", "--sim", "healthy-ride", "--insole", LONG], LONG, "argument --insole: invalid choice: "),
    (["record", "--sim", "healthy-ride", "--activity", LONG], LONG, "argument --activity: invalid choice: "),
    (["record", "--sim", "healthy-ride", "--pedals", LONG], LONG, "argument --pedals: invalid choice: "),
    (["import", LONG, "walk.csv"], LONG, "argument format: invalid choice: "),
    (["export", SESSION, "--format", LONG], LONG, "argument --format: invalid choice: "),
], ids=["left", "web", "speed", "replay-speed", "seed", "moticon-udp", "radio", "radio-port", "hci", "workers",
        "scheduler", "scheduler-port", "command", "insole", "activity", "pedals", "import-format", "export-format"])
def test_a_long_value_of_an_option_is_quoted_cut(capsys, tmp_path, argv, value, before):
    """had: each said the whole value back (a port also in the whole argument it was part of: twice), lines of
    400 to 740 characters."""
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    _quoted_cut(fails(capsys, *argv), value, before)
    assert not (tmp_path / "out").exists()


def test_a_short_bad_value_is_quoted_whole_as_before(capsys):
    line = fails(capsys, "record", "--sim", "healthy-ride", "--insole", "orfe")
    assert "argument --insole: invalid choice: 'orfe'; did you mean orphe? (choose from 'solewatch', " in line, line
