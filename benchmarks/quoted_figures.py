"""The figures docs/performance.md's written sections quote from its measured table, held to the table's source,
benchmarks/results.json.

The sections above the table's marker are written by hand; run_all.py rewrites only the table. Each
:data:`QUOTES` entry is a pattern in those sections (matched with their runs of whitespace made one space,
so a line break does not matter) whose groups are the figures it quotes, and the figures the rows of
results.json give there, formatted as the text writes them. :func:`stale_quotes` says which no longer
read so: run_all.py prints them after a run, tests/test_performance_figures.py fails on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

#: the marker line below which run_all.py rewrites docs/performance.md
MARKER = "<!-- measured: everything below is rewritten by benchmarks/run_all.py -->"

Row = dict[str, Any]
#: ``(script, the start of a row's name)`` -> that row of results.json
Table = Callable[[str, str], Row]


@dataclass(frozen=True)
class Quote:
    """Where the text quotes the table: ``pattern``'s groups, each match's, must read ``expected(table)``."""

    what: str
    pattern: str
    expected: Callable[[Table], tuple[str, ...]]


def _k(value: float) -> str:
    """Thousands of a per-second count, as the table's headlines write them: 790626 -> "791"."""
    return f"{value / 1000:.0f}"


def _per_s(row: Row) -> str:
    """A study row's sessions per second to a tenth: "32.21 sessions/s" -> "32.2"."""
    return f"{float(row['headline'].split()[0]):.1f}"


def _headline_percent(row: Row) -> str:
    """The share of a core a monitor CPU row's headline gives: "2.5 % of one core (...)" -> "2.5"."""
    return row["headline"].split(" %", 1)[0]


REPLAY = ("bench_replay.py", "replay a 1 h")
LIVE_MEMORY = ("bench_live.py", "live 4 h simulated ride")
LATENCY = ("bench_live.py", "live alert latency")
IMPORT = ("bench_import.py", "import a 50-min")
ANALYZE = ("bench_analyze.py", "analyze a 4 h")
REPORT = ("bench_report.py", "report of a 4 h")
LIVE_CPU = ("bench_monitor_cpu.py", "monitor CPU share, 2 x 100 Hz, real time (two processes, TCP HCI): "
                                    "solewatch live")
ANALYZE_MEMORY = ("bench_analyze_memory.py", "analyze memory, a 1 h")


def _goal(goal: str, figure: str) -> str:
    """The first figure of the "now" column of the goal table's row for ``goal``."""
    return rf"\| {re.escape(goal)} \| [^|]* \| {figure}"


QUOTES: tuple[Quote, ...] = (
    Quote("the replay's speed in the replay's paragraph", r"issue 12's 2,000x; it reaches ([\d,]+)[-\d,]*x",
          lambda t: (f"{t(*REPLAY)['speedup']:,}",)),
    Quote("the replay's hour and its run in the replay's paragraph",
          r"an hour's ride in ([\d.]+) s; `bench_replay.py` (?:alone|in the whole `make bench`) at [0-9a-f]+, "
          r"(\d{4}-\d\d-\d\d \d\d:\d\d) UTC",
          lambda t: (f"{t(*REPLAY)['wall_s']:.2f}", t(*REPLAY)["measured_utc"])),
    Quote("the live batches' replay speed", r"against ([\d,]+)[-\d,]*x in the live session's batches",
          lambda t: (f"{t(*REPLAY)['batch_by_batch_speedup']:,}",)),
    Quote("the replay's reading and assembling per notification, and the live path's",
          r"Reading and assembling cost (?:about )?([\d.]+) us per notification(?: \([^)]*\))?; the live "
          r"path(?:'s assembler over the same log| itself), one notification at a time, (?:about )?([\d.]+)",
          lambda t: (f"{t(*REPLAY)['assemble_us_per_notification']:g}",
                     f"{t(*REPLAY)['live_path_assemble_us_per_notification']:g}")),
    Quote("the replay's hour split into reading and assembling, pipeline and policy",
          r"The replay's hour now splits into reading and assembling \(([\d.]+) s\) and the pipeline and alert "
          r"policy \(([\d.]+) s\)",
          lambda t: (f"{t(*REPLAY)['read_and_assemble_s']:.2f}", f"{t(*REPLAY)['pipeline_policy_s']:.2f}")),
    Quote("the 4-hour ride's events", r"`alerts=(\d+), events_by_kind=(\{[^}]*\})`",
          lambda t: (str(t(*LIVE_MEMORY)["alerts"]), str(t(*LIVE_MEMORY)["events_by_kind"]))),
    Quote("the study's rows",
          r"Studies, in the later whole `make bench` \([0-9a-f]+, (\d{4}-\d\d-\d\d \d\d:\d\d) UTC[^)]*\): ([\d.]+) "
          r"sessions/s in one process, ([\d.]+) on 2 local worker processes \(([\d.]+)x\) and ([\d.]+) on a "
          r"2-worker Dask LocalCluster \(([\d.]+)x\), the same tables all three ways; a bare load and analysis "
          r"([\d.]+) ms a session, the study's own cost (\d+) ms more",
          lambda t: (t("bench_study.py", "study, 1 process")["measured_utc"],
                     _per_s(t("bench_study.py", "study, 1 process")),
                     _per_s(t("bench_study.py", "study, 2 local")),
                     f"{t('bench_study.py', 'study, 2 local')['speed_up']:.2f}",
                     _per_s(t("bench_study.py", "study, 2 Dask")),
                     f"{t('bench_study.py', 'study, 2 Dask')['speed_up']:.2f}",
                     f"{t('bench_study.py', 'study, per-session')['bare_load_and_analyse_ms']:g}",
                     t("bench_study.py", "study, per-session")["headline"].split()[0])),
    # its analysis and replay figures are that run's, no longer the table's (re-run alone since): not held
    Quote("the whole `make bench` at 5a59634",
          r"5a59634 \(04:14-04:30 UTC, 16 min, a quiet host\): import ([\d.]+)x moticon-opengo's speed and "
          r"([\d.]+)x pyarrow's read, analysis [\d.]+ s, report [\d.]+ s, the end of the 4-h ride (\d+) MB, "
          r"replay [\d,]+x, analysis memory ([\d.]+)x the frames",
          lambda t: (f"{t(*IMPORT)['speedup_over_peer']:g}", f"{t(*IMPORT)['import_over_floor']:.1f}",
                     f"{t(*LIVE_MEMORY)['peak_rss_mb']:.0f}", f"{t(*ANALYZE_MEMORY)['ratio']:.2f}")),
    Quote("the goal table: import against moticon-opengo", _goal("import vs moticon-opengo, same file, same run",
                                                                 r"([\d.]+)x"),
          lambda t: (f"{t(*IMPORT)['speedup_over_peer']:g}",)),
    Quote("the goal table: import against pyarrow's read", _goal("import vs pyarrow's read (the floor)",
                                                                 r"([\d.]+)x"),
          lambda t: (f"{t(*IMPORT)['import_over_floor']:.1f}",)),
    Quote("the goal table: import peak memory", _goal("import peak memory", r"([\d,]+) MiB, ([\d.]+)x the file"),
          lambda t: (f"{t(*IMPORT)['import_peak_mib']:,}", f"{t(*IMPORT)['import_peak_over_file']:.1f}")),
    Quote("the goal table: analysis", _goal("analysis of a 4-h session, one core", r"([\d.]+)[-\d.]* s"),
          lambda t: (f"{t(*ANALYZE)['wall_s']:.2f}",)),
    Quote("the goal table: live CPU", _goal("`solewatch live` CPU at 2 x 100 Hz", r"([\d.]+) %"),
          lambda t: (_headline_percent(t(*LIVE_CPU)),)),
    Quote("the goal table: end of the ride", _goal("end of a 4-h live ride, peak resident", r"([\d,]+) MB"),
          lambda t: (f"{t(*LIVE_MEMORY)['peak_rss_mb']:.0f}",)),
    Quote("the goal table: report", _goal("report of a 4-h session", r"([\d.]+)[-\d.]* s"),
          lambda t: (f"{t(*REPORT)['wall_s']:.1f}",)),
    Quote("the goal table: replay", _goal("replay as fast as possible", r"([\d,]+)x"),
          lambda t: (f"{t(*REPLAY)['speedup']:,}",)),
    Quote("the alert latency's row",
          r"the table's row, `make bench` at 5a59634 \((\d{4}-\d\d-\d\d \d\d:\d\d) UTC\): (\d+) alerts, "
          r"p99 ([\d.]+) ms, median ([\d.]+) ms",
          lambda t: (t(*LATENCY)["measured_utc"], str(t(*LATENCY)["alerts"]), f"{t(*LATENCY)['p99_ms']:.1f}",
                     f"{t(*LATENCY)['p50_ms']:.1f}")),
    Quote("the import's row", r"the row below now is `make bench` at 5a59634 \((\d{4}-\d\d-\d\d \d\d:\d\d) UTC\): "
          r"([\d.]+) s, ([\d.]+)x faster than moticon-opengo, ([\d.]+)x the floor's wall, (\d+) MiB",
          lambda t: (t(*IMPORT)["measured_utc"], f"{t(*IMPORT)['import_wall_s']:.2f}",
                     f"{t(*IMPORT)['speedup_over_peer']:g}", f"{t(*IMPORT)['import_over_floor']:.2f}",
                     str(t(*IMPORT)["import_peak_mib"]))),
    Quote("the raw log's rows", r"\| after \| (\d+) k records/s \| (\d+) k records/s \| ([\d.]+)x \|",
          lambda t: (_k(t("bench_rawlog.py", "rawlog_read_fixed")["records_per_s"]),
                     _k(t("bench_rawlog.py", "rawlog_read_varying")["records_per_s"]),
                     f"{t('bench_rawlog.py', 'rawlog_read_varying')['ratio_to_fixed']:.1f}")),
    Quote("the device clock's rows, dated by the benchmark's own run (its rows' ran_utc, benchmarks/run_stamp.py)",
          r"the table's rows, `bench_clock.py` alone, (\d{4}-\d\d-\d\d \d\d:\d\d-[\d: -]+) UTC: (\d+) k, (\d+) k "
          r"and (\d+) k arrivals/s",
          lambda t: (t("bench_clock.py", "clock_map_jitter")["ran_utc"],
                     _k(t("bench_clock.py", "clock_map_jitter")["arrivals_per_s"]),
                     _k(t("bench_clock.py", "clock_map_one_latency")["arrivals_per_s"]),
                     _k(t("bench_clock.py", "clock_map_one_latency_drift")["arrivals_per_s"]))),
)


def table_of(by_script: dict[str, list[Row]]) -> Table:
    """results.json's rows (script -> rows) as a lookup by script and a row's name, or the start of one."""
    def row(script: str, name_start: str) -> Row:
        rows = by_script.get(script, [])
        found = [r for r in rows if r["name"] == name_start] or [r for r in rows if r["name"].startswith(name_start)]
        if len(found) != 1:
            raise LookupError(f"results.json has {len(found)} rows of {script} named {name_start!r}...")
        return found[0]
    return row


def stale_quotes(doc_text: str, by_script: dict[str, list[Row]]) -> list[str]:
    """One line per quote of :data:`QUOTES` that docs/performance.md's written sections (``doc_text`` above
    :data:`MARKER`) no longer hold, or hold with other figures than results.json's rows (``by_script``)."""
    head = " ".join(doc_text.split(MARKER)[0].split())
    table = table_of(by_script)
    stale = []
    for quote in QUOTES:
        try:
            want = quote.expected(table)
        except LookupError as e:
            stale.append(f"{quote.what}: {e}")
            continue
        found = [m.groups() for m in re.finditer(quote.pattern, head)]
        if not found:
            stale.append(f"{quote.what}: not found in the text (pattern {quote.pattern!r})")
        stale += [f"{quote.what}: the text reads {', '.join(map(str, got))}, the table {', '.join(want)}"
                  for got in found if got != want]
    return stale
