"""Ctrl-C at any moment of a command, even while its modules load before the command is known, is the one
line ``interrupted`` and exit 130 (README), never a Python traceback; SIGTERM to a command that runs no
event loop (analyze, report, export ...) is the line ``terminated`` and exit 143, its output left behind
as Ctrl-C leaves it, not a process killed without a word."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_malformed_files import ROOT, SAMPLES

import monitor.cli.main as cli_main

GOOD = SAMPLES / "sim-healthy-ride"


def test_ctrl_c_while_the_parser_is_built_is_interrupted_not_a_traceback(monkeypatch, capsys):
    """The parser's build imports every command's modules (about 0.5 s): Ctrl-C then gave a traceback
    ending in KeyboardInterrupt. Here the build is interrupted where it runs, whatever the host's speed."""
    def interrupted_build():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main, "build_parser", interrupted_build)
    cli_main._parser.cache_clear()
    try:
        code = cli_main.main(["analyze", str(GOOD)])
    except KeyboardInterrupt:  # what the person saw as a traceback; not to stop the test run here
        pytest.fail("KeyboardInterrupt escaped main(): a traceback, not `interrupted`")
    finally:
        cli_main._parser.cache_clear()  # built again, unpatched, by the next main()
    assert code == 130
    assert capsys.readouterr().err == "solewatch: interrupted\n"


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)  # a hang detector, not a timing


def test_ctrl_c_while_python_m_monitor_imports_its_command_line_is_interrupted():
    """`python -m monitor`: Ctrl-C while monitor.cli.main is imported, before main() runs."""
    done = _python("""
        import runpy, sys

        class Interrupted:
            def find_spec(self, name, path=None, target=None):
                if name == "monitor.cli.main":
                    raise KeyboardInterrupt
                return None

        sys.meta_path.insert(0, Interrupted())
        sys.argv = ["solewatch", "analyze", "x"]
        runpy.run_module("monitor", run_name="__main__", alter_sys=True)
    """)
    assert "Traceback" not in done.stderr
    assert done.stderr == "solewatch: interrupted\n"
    assert done.returncode == 130


class _InterruptedImport:
    """A finder that raises KeyboardInterrupt as ``name`` is imported: Ctrl-C while that module loads,
    wherever the host's speed puts it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, name, path=None, target=None):
        if name == self.name:
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_the_solewatch_script_imports_its_command_line_is_interrupted(monkeypatch, capsys):
    """The `solewatch` console script (pyproject.toml's [project.scripts], which pip's script imports and
    calls): it imported monitor.cli.main unguarded, so Ctrl-C in those tens of ms was a traceback."""
    import importlib
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["solewatch"]
    module, function = target.split(":")
    importlib.import_module(module)
    for name in {module, "monitor.cli.main"}:  # imported afresh as the script imports them; put back after
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport("monitor.cli.main"), *sys.meta_path])
    monkeypatch.setattr(sys, "argv", ["solewatch", "analyze", str(GOOD)])
    try:  # the script's two lines: `from MODULE import FUNCTION`, `sys.exit(FUNCTION())`
        code = getattr(importlib.import_module(module), function)()
    except KeyboardInterrupt:  # what the person saw as a traceback; not to stop the test run here
        pytest.fail("KeyboardInterrupt escaped the solewatch script's function: a traceback, not `interrupted`")
    assert code == 130
    assert capsys.readouterr().err == "solewatch: interrupted\n"


def test_sigterm_to_report_says_terminated_and_leaves_nothing(tmp_path):
    """SIGTERM to `report` as it analyses: had exit 143 (killed) without a word, where Ctrl-C says
    "interrupted". The signal is sent from inside the command, at a point that does not depend on time."""
    out = tmp_path / "r.html"
    done = _python(f"""
        import os, signal
        import monitor.analysis.batch as batch
        from monitor.cli.main import main

        real = batch.analyze

        def analyze(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGTERM)
            return real(*args, **kwargs)

        batch.analyze = analyze
        before = signal.getsignal(signal.SIGTERM)
        code = main(["report", {str(GOOD)!r}, "-o", {str(out)!r}])
        assert signal.getsignal(signal.SIGTERM) == before, "SIGTERM's handler not as it was"
        raise SystemExit(code)
    """)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "solewatch report: terminated", done.stderr
    assert done.returncode == 143
    assert not out.exists() and list(tmp_path.iterdir()) == []


#: A sitecustomize that sends the process SIGINT once, as the body of the module whose file ends with
#: SOLEWATCH_TEST_SIGINT_AT starts to run (Python's "exec" audit event: its parent packages have loaded):
#: Ctrl-C at that point of the start, wherever the host's speed puts it. os.kill to itself runs the handler
#: before it returns.
_SIGINT_AT_IMPORT = """
import os, signal, sys

_AT = os.environ.get("SOLEWATCH_TEST_SIGINT_AT")


def _hook(event, args):
    global _AT
    name = getattr(args[0], "co_filename", "").replace(os.sep, "/") if event == "exec" and args else ""
    if _AT and name.endswith("/" + _AT):
        _AT = None  # once
        print("SIGINT at", name.rsplit("/", 3)[-2:], file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGINT)


sys.addaudithook(_hook)
"""

#: What pip writes as the `solewatch` console script (pip's template for [project.scripts], filled in by
#: the tests from pyproject.toml).
_CONSOLE_SCRIPT = """import re
import sys
from {module} import {function}
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit({function}())
"""


def _interrupted_at(tmp_path, at: str, argv: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """``argv`` run in ``cwd`` with SIGINT sent to it as the module of file ``at`` (``monitor/entry.py``) starts
    to run."""
    import os

    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(_SIGINT_AT_IMPORT)
    env = dict(os.environ, SOLEWATCH_TEST_SIGINT_AT=at,
               PYTHONPATH=os.pathsep.join([os.environ["PYTHONPATH"], str(hooks)]))
    return subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          preexec_fn=_ctrl_c_heard, timeout=300)  # a hang detector, not a timing


def _ctrl_c_heard() -> None:
    """In the child, before Python starts: SIGINT's default action, as a command run at a terminal has it. A
    test run started as a background job (``make test &``, a CI runner) has SIGINT ignored, which a child
    inherits and Python keeps: the command would not hear the Ctrl-C this test sends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _console_script(tmp_path, relative: bool = False) -> list[str]:
    """The command line of the `solewatch` console script written under ``tmp_path``: its absolute path, or
    (``relative``) ``bin/solewatch``, to run in ``tmp_path``, as README.md's `.venv/bin/solewatch`."""
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["solewatch"]
    module, function = target.split(":")
    script = tmp_path / "bin" / "solewatch"
    script.parent.mkdir(exist_ok=True)
    script.write_text(_CONSOLE_SCRIPT.format(module=module, function=function))
    return [sys.executable, "bin/solewatch" if relative else str(script)]


#: Where the command's start runs a module of its own: the package's first import and its last (in
#: monitor/__init__, before monitor.entry), the entry module (imported by the script, and by monitor/__main__
#: once the package has loaded), monitor/__main__ itself, the command line (within main's guard).
_START = [("console script", "monitor/errors.py"), ("console script", "monitor/util/version.py"),
          ("console script", "monitor/entry.py"), ("console script", "monitor/cli/main.py"),
          ("console script by a relative path", "monitor/errors.py"),
          ("console script by a relative path", "monitor/entry.py"),
          ("python -m monitor", "monitor/errors.py"), ("python -m monitor", "monitor/util/version.py"),
          ("python -m monitor", "monitor/__main__.py"), ("python -m monitor", "monitor/entry.py"),
          ("python -m monitor", "monitor/cli/main.py")]


@pytest.mark.parametrize(("how", "at"), _START)
def test_ctrl_c_anywhere_in_the_commands_start_is_interrupted_not_a_traceback(tmp_path, how, at):
    """Ctrl-C while `import monitor` ran (the package's __init__, before the entry point's guard: the first
    12 ms or so of `solewatch ...`) was a traceback ending in KeyboardInterrupt, and after the package, as
    the script imported monitor.entry, too. Both ways of starting the command now say `interrupted`, 130. The
    script run by a relative path (`.venv/bin/solewatch`, README.md) had no handler at all: its main module's
    file is absolute, the name it was run by is not."""
    relative = how == "console script by a relative path"
    python_m = [sys.executable, "-m", "monitor"]
    argv = _console_script(tmp_path, relative) if how.startswith("console script") else python_m
    done = _interrupted_at(tmp_path, at, [*argv, "--version"], cwd=tmp_path if relative else ROOT)
    assert done.stderr.splitlines()[:1] == [f"SIGINT at {at.split('/')[-2:]}"], done.stderr  # sent there
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[1:] == ["solewatch: interrupted"], done.stderr
    assert done.returncode == 130
    assert done.stdout == ""


def test_a_program_that_imports_monitor_keeps_pythons_ctrl_c(tmp_path):
    """The command's handler is set only when the process is the command: a program of the user's that
    imports monitor hears Ctrl-C as Python's KeyboardInterrupt, during the import and after it."""
    program = """
        import signal, sys
        try:
            import monitor
        except KeyboardInterrupt:
            print("KeyboardInterrupt in import monitor")
        import monitor
        print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    """
    done = _interrupted_at(tmp_path, "monitor/errors.py", [sys.executable, "-c", textwrap.dedent(program)])
    assert done.stdout.splitlines() == ["KeyboardInterrupt in import monitor", "True"], done.stderr
    assert done.returncode == 0
