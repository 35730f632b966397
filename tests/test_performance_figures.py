"""docs/performance.md's written sections quote its measured table with the figures of the table's source,
benchmarks/results.json (benchmarks/quoted_figures.py lists the quotes): a `make bench` that rewrites the
table leaves no section saying the figures of an older run as the table's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "performance.md"
RESULTS = ROOT / "benchmarks" / "results.json"


def quoted_figures():
    spec = importlib.util.spec_from_file_location("quoted_figures", ROOT / "benchmarks" / "quoted_figures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def test_the_sections_quote_the_tables_figures():
    """had: the replay's paragraph said 2,292-2,450x (12-02) and the goal table 2,870x where the table's row
    is 2,694x; reading and assembling "about 14 us per notification ... 5.9 us now" (6.3 us); the end of
    the 4-h ride 456 MB (449 MB); the import 11.0x moticon-opengo's speed (13.2x)."""
    stale = quoted_figures().stale_quotes(DOC.read_text(encoding="utf-8"),
                                          json.loads(RESULTS.read_text(encoding="utf-8")))
    assert not stale, "\n".join(stale)


def test_a_figure_other_than_the_tables_is_found():
    """The check reads the figures: the replay's speed changed in the text is a stale quote."""
    figures = quoted_figures()
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    text = DOC.read_text(encoding="utf-8")
    speedup = f"{next(r for r in results['bench_replay.py'] if 'speedup' in r)['speedup']:,}x"
    assert speedup in text
    stale = figures.stale_quotes(text.replace(speedup, "1,000x"), results)
    assert any("1,000" in s for s in stale), stale


def run_all(monkeypatch):
    """benchmarks/run_all.py as a module (its imports find benchmarks/; the PYTHONPATH it sets is undone)."""
    import os

    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "benchmarks" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: What the table's header says of rows that carry no `measured_utc`.
UNDATED_WORDS = "rows without it predate that field"


def test_the_table_says_rows_lack_measured_utc_only_where_one_does():
    """had: the header said "rows without it predate that field" where every row of the table and of
    benchmarks/results.json carries `measured_utc`."""
    table = DOC.read_text(encoding="utf-8").split(quoted_figures().MARKER)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| benchmark |")]
    undated = [line for line in rows if "measured_utc=" not in line]
    assert rows
    assert (UNDATED_WORDS in table) == bool(undated), undated


def test_the_rewritten_table_says_rows_lack_measured_utc_only_where_one_does(monkeypatch):
    render = run_all(monkeypatch).render
    dated = {"name": "a", "headline": "1 x", "measured_utc": "2026-12-05 14:41", "x": 1}
    assert UNDATED_WORDS not in render([dated])
    assert UNDATED_WORDS in render([dated, {"name": "b", "headline": "2 x", "x": 2}])


def test_the_device_clock_benchmark_dates_its_own_run(tmp_path):
    """had: bench_clock.py's rows said nothing of when they ran; the section dated its runs by the table's
    `measured_utc`, when run_all.py started the script or the mtime of a file of its output."""
    import os
    import subprocess
    from datetime import datetime, timezone

    before = datetime.now(timezone.utc).replace(second=0, microsecond=0, tzinfo=None)
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_clock.py")], cwd=tmp_path,
                         env={**os.environ, "BENCH_CLOCK_S": "4", "BENCH_CLOCK_ROUNDS": "1"},
                         capture_output=True, text=True, timeout=300)
    after = datetime.now(timezone.utc).replace(tzinfo=None)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert [r["name"] for r in rows] == ["clock_map_jitter", "clock_map_one_latency", "clock_map_one_latency_drift"]
    for row in rows:
        start, end = row["ran_utc"][:16], row["ran_utc"][:11] + row["ran_utc"][17:]  # "YYYY-MM-DD HH:MM-HH:MM"
        assert before <= datetime.strptime(start, "%Y-%m-%d %H:%M") <= datetime.strptime(end, "%Y-%m-%d %H:%M") \
            <= after, row["ran_utc"]
        assert row["load_average_1min_start"] >= 0 and row["load_average_1min"] >= 0


def test_the_device_clock_section_says_when_its_rows_ran():
    """The section quotes the rows' own `ran_utc`, results.json's, not the table's `measured_utc`."""
    results = json.loads(RESULTS.read_text(encoding="utf-8"))
    ran = {row["ran_utc"] for row in results["bench_clock.py"]}
    assert len(ran) == 1
    text = " ".join(DOC.read_text(encoding="utf-8").split(quoted_figures().MARKER)[0].split())
    assert f"`bench_clock.py` alone, {ran.pop()} UTC:" in text
