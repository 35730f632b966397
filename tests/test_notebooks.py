"""The notebooks in notebooks/ run, cell by cell, in a kernel of this interpreter, and are kept without
outputs in git.

The kernel is started from a kernelspec written in the test's temporary directory whose argv is this
interpreter (``sys.executable -m ipykernel_launcher``), so a Jupyter kernel installed elsewhere on the
machine is never picked up. Each notebook runs with ``notebooks/`` as its working directory.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is a dev dependency: pip install -e '.[dev]'")
nbclient = pytest.importorskip("nbclient", reason="nbclient is a dev dependency: pip install -e '.[dev]'")
from jupyter_client.kernelspec import KernelSpecManager  # noqa: E402  (after the importorskips)
from jupyter_client.manager import KernelManager  # noqa: E402

from monitor.tools.strip_notebooks import main as strip_main  # noqa: E402
from monitor.tools.strip_notebooks import strip, unstripped

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "solewatch-test-venv"
#: Per notebook (s); each finishes in well under 10 s on a laptop.
TIMEOUT_S = 120
HOW_TO_STRIP = "strip them before committing: `make strip` (python -m monitor.tools.strip_notebooks)"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec directory holding one kernel: this interpreter."""
    root = tmp_path_factory.mktemp("kernels")
    spec = root / KERNEL
    spec.mkdir()
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--HistoryManager.enabled=False"],  # no IPython history database written by the tests
        "display_name": "solewatch test", "language": "python"}))
    return root


def run_notebook(nb, kernel_dir: Path, env: dict[str, str] | None = None):
    """Execute ``nb`` in place with notebooks/ as working directory; return it."""
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]))
    client = nbclient.NotebookClient(nb, km=km, timeout=TIMEOUT_S, allow_errors=False,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute(**({"env": {**os.environ, **env}} if env else {}))  # passed on to the kernel's start
    return nb


def text_outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            elif "data" in out:
                parts.append(out["data"].get("text/plain", ""))
    return "\n".join(parts)


def test_there_are_four_notebooks():
    assert [p.name for p in PATHS] == ["01-replay-and-pipeline.ipynb", "02-parameter-sweep.ipynb",
                                       "03-real-recordings.ipynb", "04-study.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebooks_in_git_have_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = unstripped(nb)
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; {HOW_TO_STRIP}"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: {HOW_TO_STRIP}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_a_cell_that_feeds_a_foot_pipeline_finishes_it(path):
    """FootPipeline.finish runs the frames an uncalibrated insole's foot still holds for its first loaded level
    (docs/api.md): a cell that feeds a pipeline it makes calls it. Had: 01's ``offsets_over_time`` did not."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and "FootPipeline(" in src and ".feed(" in src:
            assert ".finish()" in src, f"{path.name}: a cell feeds a FootPipeline without finish(): {src[:200]}"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_without_errors(path, kernel_dir):
    nb = run_notebook(nbformat.read(path, as_version=4), kernel_dir)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 4, "each notebook explains itself"
    out = text_outputs(nb)
    if path.name.startswith("01"):
        assert "WARNING left foot under MTH2-3" in out and "the same as the batch analysis" in out
        assert "the replay's alerts are the batch analysis's: True" in out
    elif path.name.startswith("02"):
        assert "healthy sessions warned" in out and "first_warning_s" in out
        assert "focal_mth" in out  # the problem sessions warn: the sweep has something to show
        said_warned_where(nb, out)
    elif path.name.startswith("04"):
        assert "8 sessions written" in out and "sessions (16, " in out and "errors (0, 2)" in out
        assert "from the cache: 8 of 8" in out and "identical: True" in out and "study.html" in out
        study_says_what_it_shows(nb, out)
    else:
        assert "moticon walk" in out and "simulated walk" in out and "median_stride_s" in out


def study_says_what_it_shows(nb, out: str) -> None:
    """04's text names each rider's one insole and the riders with no dose; its printed per-session table
    (``rider start_utc session_id dose change``) and ``insoles per rider:`` line show the same. Had: each
    rider's two rides were on two layouts (18 then 16 sensors ... 8 then 4), r00002's "cleats moved" ride
    and r00003's first had no dose, and the text said nothing of either."""
    text = " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    line = next(t for t in out.splitlines() if t.startswith("insoles per rider:"))
    assert line == "insoles per rider: {'r00000': 1, 'r00001': 1, 'r00002': 1, 'r00003': 1}", line
    rows = [t.split() for t in out.splitlines() if t.startswith("r0000") and len(t.split()) >= 4]
    no_dose = {r[0] for r in rows if r[3] == "NaN"}
    changed = {r[0] for r in rows if "cleats" in r}
    assert no_dose == {"r00003"} and "r00003's 4-sensor insole has no MTH2-3 sensor" in text, no_dose
    assert changed == {"r00000", "r00002"} and "(r00000 and r00002) declare a change" in text, changed
    assert not any(r[3] == "NaN" for r in rows if r[0] in changed)  # both rides of a before/after have a dose


def said_warned_where(nb, out: str) -> None:
    """02's "Right and wrong warnings" names every region a problem session first warned of (the line
    ``first warning regions: {session: [region, ...]} ground truth: {...}`` its scoring cell prints), and
    each warned where its ground truth puts the problem: the text once said every one warned of MTH2-3,
    while the forefoot-strike run warns, as its truth says, of MTH1."""
    from monitor.codebook import region_name

    line = next(t for t in out.splitlines() if t.startswith("first warning regions:"))
    warned, truth = (ast.literal_eval(part.strip()) for part in
                     line.removeprefix("first warning regions:").split("ground truth:"))
    assert warned and all(set(regions) <= set(truth[name]) for name, regions in warned.items()), line
    text = next(c.source for c in nb.cells if c.cell_type == "markdown" and "Right and wrong warnings" in c.source)
    for name, regions in warned.items():
        for region in regions:
            assert region_name(region) in text, f"{name} warns of {region_name(region)}, which the text does not say"


def test_without_the_shared_data_in_a_kernel_of_this_interpreter(kernel_dir, tmp_path):
    """03 falls back on the Moticon sample and says so; the kernel is this interpreter, in notebooks/."""
    nb = nbformat.read(NOTEBOOKS / "03-real-recordings.ipynb", as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("import os, sys\nprint(sys.executable)\nprint(os.getcwd())"))
    absent = tmp_path / "absent"
    run_notebook(nb, kernel_dir, env={"SOLEWATCH_SHARED_DATA": str(absent)})
    executable, cwd = nb.cells[0].outputs[0]["text"].splitlines()
    assert executable == sys.executable
    assert Path(cwd).resolve() == NOTEBOOKS.resolve()
    out = text_outputs(nb)
    assert f"{absent} is not there: using sessions/samples/moticon-walk only" in out
    assert "physionet" not in out.lower() and "simulated walk" in out


def test_strip_tool(tmp_path, capsys):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("1 + 1")])
    nb.cells[1].execution_count = 3
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)]
    nb.cells[1].metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert unstripped(json.loads(path.read_text())) == [1]
    assert strip_main(["--check", str(path)]) == 1
    assert "run: make strip" in capsys.readouterr().err
    assert strip_main([str(path)]) == 0
    clean = json.loads(path.read_text())
    assert clean["cells"][1]["outputs"] == [] and clean["cells"][1]["execution_count"] is None
    assert "execution" not in clean["cells"][1]["metadata"] and "".join(clean["cells"][1]["source"]) == "1 + 1"
    assert strip_main(["--check", str(path)]) == 0
    assert strip(clean) == clean
    nbformat.validate(nbformat.reads(path.read_text(), as_version=4))
