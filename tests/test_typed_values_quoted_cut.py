"""A value typed on the command line that is refused is quoted cut to monitor.errors.QUOTE_CHARS characters
(monitor.errors.quote), so that a pasted paragraph makes one short line: exit code 2, one line on stderr, no
traceback, and the refused value never said whole."""

from __future__ import annotations

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
