"""docs/api.md runs: every ```python block, in order, in one namespace, from the repository root.

The examples' own ``assert`` lines check most of what they show; the tests below check a few printed and
returned values besides, so that an example that stops saying what the text says fails here.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import matplotlib
import pytest

import monitor

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "api.md"
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """``(first code line, code)`` of each fenced python block, in order."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


@pytest.fixture(scope="module")
def ran():
    """Runs every block; returns (namespace, [stdout of each block])."""
    import matplotlib.pyplot as plt

    ns: dict = {"__name__": "__api_doc__"}
    outputs = []
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        for line, code in python_blocks(DOC.read_text(encoding="utf-8")):
            buf = io.StringIO()
            # padded so that a traceback names the line of docs/api.md
            compiled = compile("\n" * (line - 1) + code, str(DOC), "exec")
            with contextlib.redirect_stdout(buf):
                exec(compiled, ns)
            outputs.append(buf.getvalue())
    finally:
        os.chdir(old)
        plt.close("all")
    yield ns, outputs
    if isinstance(ns.get("out"), Path) and ns["out"].name.startswith("tmp"):
        shutil.rmtree(ns["out"], ignore_errors=True)  # the examples' temporary directory


def test_the_doc_has_its_sections_and_examples():
    text = DOC.read_text(encoding="utf-8")
    blocks = python_blocks(text)
    assert len(blocks) >= 12
    for heading in ("## Load a session", "## Frames as pandas", "## Analyze", "## Parameters",
                    "## Inside a foot's pipeline", "## Results as DataFrames", "## Plots", "## Import and export",
                    "## Replay"):
        assert heading in text
    code = "\n".join(c for _, c in blocks)
    for used in ("monitor.load_session(", "monitor.analyze(s, warn_after_s=", ".foot_frames(", "s.frames",
                 ".windows_", ".assessments_", ".cycles_", ".reliefs_", ".summary()", ".to_json_dict()",
                 "monitor.plot_pressure_maps(", "monitor.plot_timeline(", "monitor.export_frames(",
                 "monitor.import_session(", "monitor.replay_session("):
        assert used in code, f"docs/api.md has no example using {used}"


def test_every_public_name_is_documented():
    text = DOC.read_text(encoding="utf-8")
    errors = {n for n in monitor.__all__ if n[0].isupper() and n.endswith(("Error", "Unavailable", "Lost",
                                                                           "NotFound"))}
    for name in set(monitor.__all__) - errors - {"__version__"}:
        assert f"monitor.{name}(" in text, f"monitor.{name} is exported but docs/api.md never shows it"


def test_every_example_runs(ran):
    ns, outputs = ran
    assert len(outputs) == len(python_blocks(DOC.read_text(encoding="utf-8")))


def test_printed_values(ran):
    ns, outputs = ran
    out = "".join(outputs)
    assert "20261126T231211Z-sample-cleat-forward ('left', 'right') cycling_seated" in out
    assert ("NOTICE left foot under MTH2-3, focal peak: Nothing urgent now. After: Move the left cleat back 2-10 mm"
            in out)
    assert "unknown parameter 'warning_after_s'; close matches: detector.warn_after_s" in out
    assert "(9000, 20)" in out
    assert "not a medical device" in out.lower()
    assert "t_s,foot,p00_kpa" in out
    assert "90 s of session replayed at " in out


def test_the_replay_example_says_what_its_speedup_is(ran):
    """`speedup` is session seconds per wall second: times real time. had: "90 s of recording replayed 848 x
    faster than recorded" of a sample recorded at 30x real time, which the replay ran about 28x faster than."""
    ns, outputs = ran
    replayed = ns["replayed"]
    out = "".join(outputs)
    said = re.search(r"(\d+) s of session replayed at (\d+)x real time \((\d+)x the pace it was recorded at, "
                     r"([\d.]+)x real time\)", out)
    assert said, [line for line in out.splitlines() if "replayed" in line]
    assert int(said[1]) == round(replayed.record.duration_s)
    assert int(said[2]) == round(replayed.speedup)
    assert float(said[4]) == replayed.speed == 30.0  # the sample's session.json
    assert int(said[3]) == round(replayed.speedup / replayed.speed)


def test_returned_values(ran):
    ns, _ = ran
    result, sooner = ns["result"], ns["sooner"]
    from monitor.analysis.batch import AnalysisResult

    assert isinstance(result, AnalysisResult)
    assert result.params.detector.warn_after_s == 300.0
    assert sooner.alerts[0].level == "warning" and sooner.alerts[0].t_s == 70.0
    assert ns["windows"]["foot"].tolist().count("left") == len(result.feet["left"].windows_)
    assert ns["mine"].path.is_dir() and not str(ns["mine"].path).startswith(str(ROOT))


def test_plots_return_figures(ran):
    from matplotlib.figure import Figure

    ns, _ = ran
    for name in ("maps", "timeline", "curves", "cop", "bars", "quality", "before_after"):
        assert isinstance(ns[name], Figure) and ns[name].axes, name
    assert len(ns["maps"].axes) >= 4  # mean and peak, left and right


def test_docs_study_md_examples_run_as_scripts(tmp_path):
    """docs/study.md's python blocks, each saved as a script and run in turn in a folder holding the sample
    sessions, as a reader would: the first (a study on local worker processes) stopped with "the local worker
    processes stopped before analysing any session (BrokenProcessPool)", its call at the script's top level
    (each worker imports the script again); the second reads the tables the first wrote."""
    import subprocess
    import sys

    doc = ROOT / "docs" / "study.md"
    shutil.copytree(ROOT / "sessions" / "samples", tmp_path / "sessions" / "samples")
    blocks = python_blocks(doc.read_text(encoding="utf-8"))
    assert len(blocks) >= 2 and "monitor.study(" in blocks[0][1]
    for k, (line, code) in enumerate(blocks):
        script = tmp_path / f"example_{k}.py"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True,
                              timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0, f"docs/study.md line {line}: {done.stderr.strip().splitlines()[-1:]}"
    assert (tmp_path / "out" / "sessions.csv").is_file()
