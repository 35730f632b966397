"""A value typed on the command line that is refused is quoted cut to monitor.errors.QUOTE_CHARS characters
(monitor.errors.quote), so that a pasted paragraph makes one short line: exit code 2, one line on stderr, no
traceback, and the refused value never said whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from firmware_sim.faults import GRAMMAR
from firmware_sim.scenarios import SCENARIOS
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


def _quoted_cut(line: str, value: str, before: str, at_most: int = 300) -> None:
    """``line`` says ``before`` and ``value`` quoted cut, holds no longer run of the value, and is at most
    ``at_most`` characters long."""
    assert f"{before}{quote(value)}" in line, line[:300]
    assert value[:QUOTE_CHARS + 1] not in line, line[:300]
    assert len(line) <= at_most, len(line)


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


#: The scenarios known, said after an unknown one (firmware_sim.scenarios.SCENARIOS).
SCENARIO_NAMES_CHARS = len(", ".join(SCENARIOS))


@pytest.mark.parametrize("argv, value, before", [
    (["record", "--sim", LONG, "--duration", "1m", "--out", "OUT"], LONG, "unknown scenario "),
    (["live", "--sim", LONG, "--out", "OUT"], LONG, "unknown scenario "),
    (["sim", "--scenario", LONG, "--hci", "tcp-server:127.0.0.1:0"], LONG, "unknown scenario "),
    (["record", "--sim", " " * LONG_CHARS, "--duration", "1m", "--out", "OUT"], " " * LONG_CHARS, "--sim "),
], ids=["record", "live", "sim", "blank"])
def test_a_long_scenario_is_quoted_cut(capsys, tmp_path, argv, value, before):
    """had: the whole name said back before the scenarios known, a line of over 600 characters."""
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    _quoted_cut(fails(capsys, *argv), value, before, at_most=300 + SCENARIO_NAMES_CHARS)
    assert not (tmp_path / "out").exists()


#: The fault grammar said after each refused fault (firmware_sim.faults.GRAMMAR).
GRAMMAR_CHARS = len(GRAMMAR)


@pytest.mark.parametrize("fault, part", [
    (LONG, ""),
    (f"{LONG}:left@1s", "kind "),
    (f"drop:{LONG}@1s", "foot "),
    (f"drop:left@{LONG}", "time "),
    (f"drop:left@1s+{LONG}", "down time "),
    (f"lose:left@1s:{LONG}", "count "),
    (f"battery:left@1s={LONG}", "battery level "),
], ids=["whole", "kind", "foot", "time", "down", "count", "value"])
def test_a_long_fault_and_its_bad_part_are_quoted_cut(capsys, tmp_path, fault, part):
    """``--fault``'s text and the part of it refused (firmware_sim.faults.parse_fault) are each quoted cut
    (had: both said whole, a line of over 1,000 characters); the part refused still shows."""
    line = fails(capsys, "record", "--sim", "healthy-ride", "--duration", "1m", "--out", tmp_path / "out",
                 "--fault", fault)
    assert line.startswith(f"solewatch record: error: --fault: bad fault {quote(fault)}: {part}"), line[:300]
    if part:
        assert f"{part}{quote(LONG)} " in line, line[:300]
    assert LONG[:QUOTE_CHARS + 1] not in line and len(line) < 300 + GRAMMAR_CHARS, len(line)
    assert not (tmp_path / "out").exists()


def test_the_fault_parser_cuts_as_monitor_errors_quote_cuts():
    """firmware_sim imports nothing from monitor, so it keeps its own QUOTE_CHARS: held equal here."""
    from firmware_sim import faults

    assert faults.QUOTE_CHARS == QUOTE_CHARS
    assert repr(faults._cut(LONG)) == quote(LONG)
