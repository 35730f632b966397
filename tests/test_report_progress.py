"""`solewatch report`'s progress on stderr (monitor.cli.console.StageLine): on a terminal one line that
each stage replaces and that is gone at the end, leaving only the lines that stay; with ``--plain`` or when
stderr is not a terminal, a line per stage."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

import monitor.cli.report_command as report_command
from monitor.cli.main import main

SAMPLES = Path(__file__).resolve().parents[1] / "sessions" / "samples"
STAGES = ("drawing the pressure maps", "drawing the data's quality", "rendering images")


@pytest.fixture
def sample(tmp_path):
    dst = tmp_path / "ride"
    shutil.copytree(SAMPLES / "sim-cleat-forward", dst)
    return dst


def _screen(written: str) -> tuple[list[str], set[str]]:
    """What a terminal shows after ``written``: the lines left, and every line that was ever drawn. Knows
    what rich writes for a transient line: CR, LF, erase line (ESC[2K), cursor up (ESC[nA), cursor show/hide."""
    lines, row, col, drawn = [""], 0, 0, set()
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+", written):
        if token == "\r":
            col = 0
        elif token == "\n":
            row += 1
            col = 0
            lines += [""] * (row + 1 - len(lines))
        elif token.startswith("\x1b["):
            if token.endswith("K"):
                lines[row] = ""
            elif token.endswith("A"):
                row = max(row - int(token[2:-1] or 1), 0)
        else:
            lines[row] = lines[row][:col] + token
            col += len(token)
            drawn.add(lines[row])
    return lines, drawn


def _terminal(monkeypatch) -> StringIO:
    buf = StringIO()
    monkeypatch.setattr(report_command, "cli_console", lambda stderr=False: Console(
        file=buf, force_terminal=True, width=100, highlight=False) if stderr else Console(highlight=False))
    return buf


def test_on_a_terminal_the_stages_are_one_line_that_is_gone_at_the_end(sample, tmp_path, monkeypatch, capsys):
    buf = _terminal(monkeypatch)
    out = tmp_path / "r.html"
    assert main(["report", str(sample), "-o", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(out)]
    left, drawn = _screen(buf.getvalue())
    for stage in STAGES:  # each stage was shown...
        assert stage in drawn, (stage, sorted(drawn))
    # ... in the one line, which is gone: what stays is what the report was judged with
    assert [ln for ln in left if ln.strip()] == [next(ln for ln in drawn if ln.startswith("analysing with"))]
    assert buf.getvalue().count("\n") <= 3  # had: a line per stage, 14 of them


def test_plain_on_a_terminal_and_a_pipe_get_a_line_per_stage(sample, tmp_path, monkeypatch, capsys):
    buf = _terminal(monkeypatch)
    assert main(["report", str(sample), "-o", str(tmp_path / "a.html"), "--plain"]) == 0
    lines = buf.getvalue().splitlines()
    assert all(stage in lines for stage in STAGES), lines
    assert "\r" not in buf.getvalue()
    monkeypatch.undo()
    capsys.readouterr()
    assert main(["report", str(sample), "-o", str(tmp_path / "b.html")]) == 0  # stderr is captured: no terminal
    err = capsys.readouterr().err
    assert all(stage in err.splitlines() for stage in STAGES) and "\r" not in err and "\x1b" not in err
    first, then = err.splitlines()[:2]  # the session, then what it was analysed with and judged against
    assert first == f"analysing {sample}" and then.startswith("analysing with"), err


def test_every_figure_is_named_in_a_persons_words_while_it_is_drawn():
    from monitor.report.figures import DRAWING, FIGURES, OPTIONAL_FIGURES

    assert set(DRAWING) == set(FIGURES) | set(OPTIONAL_FIGURES)


@pytest.mark.parametrize("scenario, said", [("healthy-run", "drawing the average stance"),
                                            ("healthy-ride", "drawing the average pedal stroke"),
                                            ("healthy-elliptical", "drawing the average stroke")])
def test_the_cycle_figure_says_the_cycle_it_draws(scenario, said):
    """Had: "drawing the average stroke or stance" for a run, a ride and a machine alike."""
    import monitor
    from monitor.report.data import report_data
    from monitor.report.figures import report_figures

    session = monitor.offline_session(scenario, duration_s=60, seed=1)
    lines: list[str] = []
    report_figures(report_data(session, monitor.analyze(session)), only=("cycles",), progress=lines.append)
    assert lines == [said]
