"""Report speed: `solewatch report`'s work for a 4-hour two-foot session (18 sensors, 100 Hz): the analysis,
then the report (pressure maps, cycle curves, timeline, quality, seven figures as PNG, the HTML page), and
the PDF on top. Target: the whole report, analysis included, in under 5 s (the goal of
docs/performance.md's goal table), in wall time: a shared host whose cores are busy with other work
reads far longer (the 1-minute load average before and after is printed with it).

The session comes from the pressure model (monitor.live.simulated.offline_session, as benchmarks/bench_analyze.py
makes it), so loading is not timed. Prints JSON lines for benchmarks/run_all.py. BENCH_REPORT_HOURS
shortens the session for a quick look.
"""

from __future__ import annotations

import this_repo  # noqa: F401  (first: the repository's own monitor, benchmarks/this_repo.py)

import json
import os
import tempfile
import time
from pathlib import Path

from monitor.analysis.batch import analyze
from monitor.report.writer import write_report
from monitor.session.offline import offline_session

HOURS = float(os.environ.get("BENCH_REPORT_HOURS", "4"))
TARGET_S = 5.0  # docs/performance.md, the goal table's report row


def main() -> None:
    load_start = os.getloadavg()[0]
    session = offline_session("swelling", duration_s=HOURS * 3600, seed=1)
    t0, cpu0 = time.perf_counter(), time.process_time()
    result = analyze(session)
    stages: dict[str, float] = {"analysis": time.perf_counter() - t0}
    last: list = [time.perf_counter(), None]  # when the current stage began, its name

    def progress(line: str) -> None:
        now = time.perf_counter()
        if last[1] is not None:
            stages[last[1]] = stages.get(last[1], 0.0) + now - last[0]
        last[:] = [now, line.split(":")[0].split(" ")[0]]  # the stage's first word

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        write_report(session, result, out, progress=progress)
        wall_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        progress("done")
        html_mb = out.stat().st_size / 1e6
        t1 = time.perf_counter()
        write_report(session, result, Path(tmp) / "again.html", pdf_path=Path(tmp) / "report.pdf")
        with_pdf_s = time.perf_counter() - t1
        pdf_mb = (Path(tmp) / "report.pdf").stat().st_size / 1e6
    report_s = wall_s - stages.get("analysis", 0.0)
    print(json.dumps({
        "name": f"report of a {HOURS:g} h two-foot session (18 sensors, 100 Hz), analysis included",
        "headline": f"{wall_s:.1f} s (target < {TARGET_S:g} s): analysis {stages.get('analysis', 0):.1f} s + "
                    f"report {report_s:.1f} s",
        "wall_s": round(wall_s, 2), "cpu_s": round(cpu_s, 2), "report_only_s": round(report_s, 2),
        "stages_s": {k: round(v, 2) for k, v in stages.items()},
        "html_mb": round(html_mb, 2), "report_with_pdf_s": round(with_pdf_s, 2), "pdf_mb": round(pdf_mb, 2),
        "frames": len(session.frames), "alerts": len(result.alerts), "met_target": wall_s < TARGET_S,
        "load_average_1min_start": round(load_start, 1), "load_average_1min": round(os.getloadavg()[0], 1),
    }))


if __name__ == "__main__":
    main()
