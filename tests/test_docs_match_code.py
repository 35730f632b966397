"""The docs name what the code has: every option a doc gives a command exists in that command's parser,
every parameter default a doc quotes is the default in monitor/signal/params.py, the tables of
docs/session-format.md name the fields and columns a session is written with, and every dotted name of the
code a doc cites (`monitor.live.record_notes.came_back_note`) is there.

README.md and docs/*.md are read as a user reads them; docs/validation.md and docs/performance.md are
generated and left out.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from test_architecture import contract

ROOT = Path(__file__).resolve().parents[1]
GENERATED = {"validation.md", "performance.md"}
SAMPLES = ROOT / "sessions" / "samples"


def doc_files() -> list[Path]:
    return [ROOT / "README.md", ROOT / "sessions" / "README.md"] + [
        p for p in sorted((ROOT / "docs").glob("*.md")) if p.name not in GENERATED]


# ---------------------------------------------------------------------------- command-line options

#: A command line in a doc: `solewatch CMD ...` (CMD may be `record|live`), up to a comment or the span's end.
COMMAND = re.compile(r"solewatch ((?:[a-z]+\|)*[a-z]+)((?: +(?!#)\S+)*)")
#: An option token: `--name` or `-o`, not the hyphen inside a word (`tcp-server`, `toe-clips`).
OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def command_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, text)`` of each place a command line can stand: code spans, indented code lines
    and the lines of fenced blocks."""
    found: list[tuple[int, str]] = []
    fenced = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            found.append((n, line.strip()))
        else:
            found += [(n, span) for span in re.findall(r"`([^`]+)`", line)]
    return found


def named_options(text: str) -> list[tuple[int, str, str]]:
    """``(line, command, option)`` for every option a doc writes after `solewatch COMMAND`."""
    out = []
    for n, span in command_lines(text):
        for m in COMMAND.finditer(span):
            for cmd in m.group(1).split("|"):
                out += [(n, cmd, opt) for opt in OPTION.findall(m.group(2))]
    return out


def parser_options() -> dict[str, set[str]]:
    from monitor.cli.main import build_parser

    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    return {name: {s for a in p._actions for s in a.option_strings} for name, p in sub.choices.items()}


def test_the_option_reader_finds_options_and_only_options():
    text = ("    solewatch record --sim healthy-ride --fault drop:left@30s+2s -o x   # not --this\n"
            "`solewatch record|live --moticon-udp PORT` and `solewatch scan [--insole KIND]`\n"
            "```\nsolewatch live --scan --web 127.0.0.1:0\n```\n"
            "`solewatch analyze latest [--pedals clipless|toe-clips|flat]`, never `--seed` alone\n")
    assert named_options(text) == [(1, "record", "--sim"), (1, "record", "--fault"), (1, "record", "-o"),
                                   (2, "record", "--moticon-udp"), (2, "live", "--moticon-udp"),
                                   (2, "scan", "--insole"), (4, "live", "--scan"), (4, "live", "--web"),
                                   (6, "analyze", "--pedals")]


def test_every_option_a_doc_gives_a_command_is_one_of_that_commands_options():
    """`solewatch report SESSION --compre B` in a doc is a line that fails as the reader types it: each
    option written after `solewatch COMMAND` is one `solewatch COMMAND --help` lists."""
    options = parser_options()
    wrong, seen = [], 0
    for path in doc_files():
        for n, cmd, opt in named_options(path.read_text(encoding="utf-8")):
            seen += 1
            if cmd not in options:
                wrong.append(f"{path.relative_to(ROOT)}:{n}: no command `solewatch {cmd}`")
            elif opt not in options[cmd]:
                wrong.append(f"{path.relative_to(ROOT)}:{n}: `solewatch {cmd}` has no option {opt}")
    assert seen > 100  # the reader still finds the docs' command lines
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------- parameter defaults

#: `name` = 10 s, `name` 1200 s, `name`, 0.95, `name` (10 s, guess): a parameter and the value a doc gives it (not a
#: range: `1-8`, `1 s to a day`; not a power: `10^9`; not a quotient or a product: `60 / name = 3 s`,
#: `rate` x `name` (0.3 s)).
QUOTED = re.compile(r"(?<![/x] )`([a-z_][a-z0-9_.]*)`(?: =|,)? \(?(-?\d+(?:\.\d+)?)(?![\d^-]| ?(?:s|%) to\b)"
                    r"(?: ?(ms|minutes?|min|s|%)(?![\w]))?")
SCALE = {None: 1.0, "s": 1.0, "ms": 1e-3, "min": 60.0, "minute": 60.0, "minutes": 60.0, "%": 0.01}


def parameter_defaults() -> dict[str, list[float]]:
    """Each numeric default by its name and by `section.name`; a name two sections share has both values."""
    from monitor.signal.params import DEFAULT_PARAMS

    values: dict[str, list[float]] = {}
    for section in dataclasses.fields(DEFAULT_PARAMS):
        part = getattr(DEFAULT_PARAMS, section.name)
        for f in dataclasses.fields(part):
            v = getattr(part, f.name)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                values.setdefault(f.name, []).append(float(v))
                values[f"{section.name}.{f.name}"] = [float(v)]
    return values


def quoted_defaults(text: str, known: dict[str, list[float]]) -> list[tuple[int, str, float, str | None]]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        for m in QUOTED.finditer(line):
            if m.group(1) in known:
                out.append((n, m.group(1), float(m.group(2)), m.group(3)))
    return out


def test_the_default_reader_takes_values_not_ranges():
    known = {"relief_min_s": [20.0], "step_s": [10.0], "order": [2.0], "imu_min_moving_fraction": [0.25],
             "min_cadence_rpm": [20.0]}
    text = ("`relief_min_s` = 20 s, `step_s` 1 s to a day, `order` 1-8, `imu_min_moving_fraction` = 25 %\n"
            "60 / `min_cadence_rpm` = 3 s, `order` 10^9, `unknown_s` = 4 s, `step_s` 10 s steps\n"
            "`relief_min_s` (20 s, guess), `order` (5 minutes), 2 x `step_s` (20 s)\n")
    assert quoted_defaults(text, known) == [(1, "relief_min_s", 20.0, "s"),
                                            (1, "imu_min_moving_fraction", 25.0, "%"), (2, "step_s", 10.0, "s"),
                                            (3, "relief_min_s", 20.0, "s"), (3, "order", 5.0, "minutes")]


def notebook_prose() -> list[tuple[Path, str]]:
    """Each notebook and its markdown cells' text (line numbers count within that text)."""
    out = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out.append((nb, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")))
    return out


def test_every_parameter_default_a_doc_quotes_is_the_default():
    """docs/detection.md explains each default with its evidence (`relief_min_s` = 20 s, `creep_window_s`
    300 s ...): a default changed in monitor/signal/params.py and not in the doc leaves the doc explaining
    a value the code no longer has. The notebooks' prose too (notebooks/02 quoted `forefoot_share_extreme`,
    0.92 for the default 0.95)."""
    known = parameter_defaults()
    wrong, seen = [], 0
    for path, text in [(p, p.read_text(encoding="utf-8")) for p in doc_files()] + notebook_prose():
        for n, name, value, unit in quoted_defaults(text, known):
            seen += 1
            if not any(abs(value * SCALE[unit] - v) <= 1e-9 * max(1.0, abs(v)) for v in known[name]):
                wrong.append(f"{path.relative_to(ROOT)}:{n}: `{name}` {value:g}{unit or ''}, "
                             f"but its default is {' or '.join(f'{v:g}' for v in known[name])}")
    assert seen > 30
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------- docs/session-format.md

def section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else len(text)]


def first_column_names(table_text: str) -> list[str]:
    """The `names` in the first cell of each row of the first table in ``table_text``, in order."""
    names = []
    for line in table_text.splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([^`]+)`", line.split("|")[1])
    return names


def test_the_session_json_table_names_every_field_written():
    from monitor.session.directory import load_session

    doc = (ROOT / "docs" / "session-format.md").read_text(encoding="utf-8")
    documented = first_column_names(section(doc, "## session.json"))
    from monitor.session.info import _LATER_FIELDS, WRITTEN_WHERE_SET

    written = set(load_session(SAMPLES / "sim-cleat-forward").info.to_dict())
    # the sample was recorded before the later fields were kept: each reads as its default
    sample = set(json.loads((SAMPLES / "sim-cleat-forward" / "session.json").read_text()))
    assert written == sample | (_LATER_FIELDS - WRITTEN_WHERE_SET)
    assert set(documented) == written | WRITTEN_WHERE_SET


def test_the_gaps_table_and_the_counters_are_those_written():
    from monitor.link.assembly import LinkCounters
    from monitor.session.model import GAP_COLUMNS

    doc = (ROOT / "docs" / "session-format.md").read_text(encoding="utf-8")
    gaps = [n for name in first_column_names(section(doc, "## gaps.csv")) for n in name.split(", ")]
    assert gaps == GAP_COLUMNS
    assert (SAMPLES / "moticon-walk" / "gaps.csv").read_text().splitlines()[0].split(",") == GAP_COLUMNS
    counters = re.findall(r"`((?:packets|frames)_\w+)`",
                          section(doc, "## Counters (`Session.counters`, `session.json` `stats.counters`)"))
    assert sorted(counters) == sorted(LinkCounters().as_dict())  # each once, and all of them


# ---------------------------------------------------------------------------- docs/architecture.md

def test_the_architecture_names_every_module():
    """README.md calls docs/architecture.md's table "every module in one line": each module of monitor/ and
    firmware_sim/ is named in it, by its path, after a path of its folder in the same cell, or by its
    folder's own row."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named: set[str] = set()
    for line in doc.splitlines():
        if line.startswith("| `"):
            folder = ""
            for name in re.findall(r"`([^`]+)`", line.split("|")[1]):
                name = name.removeprefix("monitor/")
                if "/" in name:  # `signal/filters.py`, or a folder's own row, `importers/`
                    name = name.rstrip("/")
                    folder = name.rsplit("/", 1)[0] if name.endswith(".py") else name
                    named.add(name)
                else:
                    named.add(f"{folder}/{name}" if folder else name)
    modules = [p.relative_to(ROOT / "monitor") for p in sorted((ROOT / "monitor").rglob("*.py"))
               if p.name not in ("__init__.py", "__main__.py")]
    modules += [p.relative_to(ROOT) for p in sorted((ROOT / "firmware_sim").rglob("*.py"))
                if p.name not in ("__init__.py", "__main__.py")]
    unnamed = [str(m) for m in modules
               if str(m) not in named and not any(str(folder) in named for folder in m.parents)]
    assert not unnamed, f"docs/architecture.md has no line for {unnamed}"


def test_the_arrow_from_analysis_to_session_names_the_modules_the_contract_allows():
    """docs/architecture.md's diagram labels the arrow from analysis to session with the session modules
    analysis may import, and the contract analysis-into-session (pyproject.toml) lets it import those and
    no others."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    label = re.search(r'analysis -- "session/([^"]+) only" --> session', doc).group(1)
    named = set(re.split(r", | and ", label))
    allowed = {i.split(" -> ")[1].removeprefix("monitor.session.")
               for i in contract("analysis-into-session")["ignore_imports"]}
    assert named == allowed


# ---------------------------------------------------------------------------- docs/report.md

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def test_the_strides_a_cadence_needs_are_those_the_code_needs():
    """The steps table gives a cadence from one foot alone when the other has too few strides for one: a
    foot's cadence is NaN below ``MIN_CADENCE_CYCLES`` strides (monitor/signal/cycles.py), and the doc
    says how many."""
    from monitor.signal.cycles import MIN_CADENCE_CYCLES

    doc = " ".join((ROOT / "docs" / "report.md").read_text(encoding="utf-8").split())
    said = re.search(r"or fewer than (\w+) strides", doc)
    assert said, "docs/report.md no longer says how many strides a foot's cadence needs"
    assert WORDS.get(said.group(1), said.group(1)) == MIN_CADENCE_CYCLES


def test_the_wait_for_an_uncalibrated_foots_level_is_said_as_long_as_the_code_holds_it():
    """docs/detection.md and docs/api.md say how long an uncalibrated insole's foot can wait for its first
    loaded level: ``HOLD_STEPS`` steps of ``features.step_s`` (monitor/signal/nominal_scale.py). Had: "by up
    to one 10-s step", where a forefoot reading no load for its first 30 s waited 3 steps and one for 90 s 6."""
    from monitor.signal.nominal_scale import HOLD_STEPS
    from monitor.signal.params import DEFAULT_PARAMS

    for name in ("detection.md", "api.md"):
        doc = " ".join((ROOT / "docs" / name).read_text(encoding="utf-8").split())
        said = re.search(r"delay (?:the foot's|its) first windows.{0,60}? by up to (\w+) steps? of (\d+) s "
                         r"\(`HOLD_STEPS`\)", doc)
        assert said, f"docs/{name} no longer says how long an uncalibrated foot's first windows can wait"
        assert int(WORDS.get(said.group(1), said.group(1))) == HOLD_STEPS, (name, said.group(0))
        assert float(said.group(2)) == DEFAULT_PARAMS.features.step_s, (name, said.group(0))



def test_the_unjudged_end_of_a_session_is_said_as_the_code_leaves_it():
    """A window is judged once ``features.settle_s`` of data follow its end, windows end every
    ``features.step_s`` and ``FootPipeline.finish`` returns none still waiting: the last settle_s to
    settle_s + step_s of a session are never judged (the 121.2-s PhysioNet walk's windows end at 110 s).
    docs/detection.md, docs/api.md and docs/report.md say so in figures taken from those defaults."""
    import monitor
    from monitor.signal.params import DEFAULT_PARAMS

    settle_s, step_s = DEFAULT_PARAMS.features.settle_s, DEFAULT_PARAMS.features.step_s
    for name in ("detection.md", "api.md", "report.md"):
        doc = " ".join((ROOT / "docs" / name).read_text(encoding="utf-8").split())
        said = re.search(r"the last (\d+)-(\d+) s of a session are not judged: a window is judged once (\d+) s of "
                         r"data follow its end", doc)
        assert said, f"docs/{name} no longer says how much of a session's end is not judged"
        assert [float(x) for x in said.groups()] == [settle_s, settle_s + step_s, settle_s], (name, said.group(0))
    session = monitor.load_session(SAMPLES / "sim-healthy-ride")
    for foot, pipe in monitor.analyze(session).feet.items():
        after_s = float(session.foot_frames(foot)["t_s"].max()) - pipe.windows_[-1].t_s
        assert settle_s <= after_s < settle_s + step_s, (foot, after_s)


# ---------------------------------------------------------------------------- docs/study.md

def listed(text: str, *, region_major: bool = False) -> list[str]:
    """The `names` of a comma-separated list in prose, `<region>_x` spelt out over the analysis regions
    (``region_major``: `<region>_a`, `<region>_b` as a_r1, b_r1, a_r2..., as one table cell lists them)."""
    from monitor.codebook import ANALYSIS_REGIONS

    names = [part for name in re.findall(r"`([^`]+)`", text) for part in (p.strip() for p in name.split(","))
             if part and re.fullmatch(r"[<>a-z_0-9]+", part)]
    per_region = [n for n in names if "<region>" in n]
    if region_major and per_region:
        return [n for n in names if "<region>" not in n] + [
            n.replace("<region>", r) for r in ANALYSIS_REGIONS for n in per_region]
    return [x for n in names for x in ([n.replace("<region>", r) for r in ANALYSIS_REGIONS]
                                       if "<region>" in n else [n])]


def test_the_study_tables_have_the_columns_docs_study_md_lists():
    """docs/study.md lists every column of the study's tables, for a researcher reading them in pandas: the
    sessions table's rows name each column once, in order; the alerts and windows tables are listed in
    prose after the keys of the session."""
    import monitor

    study = monitor.study(str(SAMPLES), workers=1)
    doc = (ROOT / "docs" / "study.md").read_text(encoding="utf-8")
    rows = doc[doc.index("### sessions"):doc.index("### alerts")]
    sessions = [n for line in rows.splitlines() if line.startswith("| `")
                for n in listed(line.split("|")[1], region_major=True)]
    assert sessions == list(study.sessions.columns)
    alerts = doc[doc.index("### alerts"):doc.index("### windows")].split("(docs/api.md)")
    assert listed(alerts[0]) + listed(alerts[1].split("\n\n")[0]) == list(study.alerts.columns)
    windows = doc[doc.index("### windows"):doc.index("### errors")].split("Units as in")[0]
    assert listed(windows.replace("`monitor.windows_table`", "")) == list(study.windows.columns)
    errors = doc[doc.index("### errors"):].split("\n\n")[1]  # "`source` (path or URL) and `reason`: one..."
    assert listed(errors.split(":")[0]) == list(study.errors.columns)


# ---------------------------------------------------------------------------- docs/fit.md, docs/analyze-json.md

def test_the_ride_table_of_docs_fit_md_is_the_one_written():
    from monitor.session.ride import RIDE_COLUMNS

    doc = (ROOT / "docs" / "fit.md").read_text(encoding="utf-8")
    table = doc[doc.index("| column | unit | from the FIT `record` message |"):].split("\n\n")[0]
    assert first_column_names(table) == list(RIDE_COLUMNS)


def schema_fields(schema: dict, node: dict | None = None, path: str = "") -> set[str]:
    """Every object key the analyze schema allows, as `path.key` with `[]` for array items and `FOOT` for a
    per-foot object (`alerts[].t_s`, `summary.FOOT.regions`, `gait.feet.FOOT.strike_pct.rearfoot`)."""
    node = schema if node is None else node
    if "$ref" in node:
        return schema_fields(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[1]], path)
    out: set[str] = set()
    for key, sub in node.get("properties", {}).items():
        out.add(f"{path}{key}")
        out |= schema_fields(schema, sub, f"{path}{key}.")
    if "items" in node:
        out |= schema_fields(schema, node["items"], path[:-1] + "[].")
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and any(a.get("$ref") == "#/$defs/per_foot" for a in node.get("allOf", [])):
        out |= {f"{path}FOOT"} | schema_fields(schema, extra, f"{path}FOOT.")
    return out


def test_every_field_of_the_analyze_json_is_named_in_docs_analyze_json_md():
    """Each key `analyze --json` may write (docs/analyze-json.schema.json, which real output is validated
    against in tests/test_analyze.py) is named in the doc's table: in a row of its own, or, for the keys of
    a list's items or a per-foot object, in its parent's row."""
    schema = json.loads((ROOT / "docs" / "analyze-json.schema.json").read_text())
    doc = (ROOT / "docs" / "analyze-json.md").read_text(encoding="utf-8")
    rows: dict[str, str] = {}
    for line in doc.splitlines():
        if line.startswith("| `"):
            for key in re.findall(r"`([^`]+)`", line.split("|")[1]):
                rows[key] = line
    unnamed = []
    for field in sorted(schema_fields(schema)):
        key = field.rpartition(".")[2]
        below = [k for k in rows if k.startswith((f"{field}.", f"{field}[]"))]  # `summary`: its keys' rows
        above = [row for k, row in rows.items() if field.startswith((f"{k}.", f"{k.removesuffix('[]')}[]."))]
        if field not in rows and f"{field}[]" not in rows and not below and not any(f"`{key}`" in r for r in above):
            unnamed.append(field)
    assert not unnamed, f"docs/analyze-json.md does not name {unnamed}"
    fields = schema_fields(schema)
    unknown = [k for k in rows if k.removesuffix("[]").removesuffix(".REGION") not in fields]
    assert not unknown, f"docs/analyze-json.md names keys analyze --json never writes: {unknown}"


# ---------------------------------------------------------------------------- docs/api.md

def test_docs_api_md_names_every_public_name_of_monitor():
    """docs/api.md is the Python API's page: each name ``import monitor`` exports (``monitor.__all__``: the
    functions, the re-exported tables and plots, the errors, ``__version__``) is named there as
    `monitor.NAME`, so that a reader of the page knows of all of them and no export goes unlisted."""
    import monitor

    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    unnamed = [name for name in monitor.__all__ if not re.search(rf"\bmonitor\.{re.escape(name)}\b", doc)]
    assert not unnamed, f"docs/api.md does not name {unnamed}"


#: Error classes that never reach the caller, each with where it is caught: the others are listed in docs/api.md.
ERRORS_NOT_RAISED_TO_THE_CALLER = {
    # a notification out of its stream's time is counted (packets_out_of_time), not raised
    "OutOfTime": "monitor/link/record_feed.py",
    # a layout read from a file or the wire is refused as SessionFormatError or ProtocolError naming it; the
    # built-in insoles' layouts are constants
    "LayoutError": "monitor/importers/generic_csv_layout.py, monitor/session/info_fields.py, monitor/link/protocol.py",
}


def solewatch_errors() -> set[str]:
    """The names of the classes under monitor/ that derive from SolewatchError, directly or not (read from the
    source: no module is imported)."""
    import ast

    bases: dict[str, set[str]] = {}
    for path in (ROOT / "monitor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                bases.setdefault(node.name, set()).update(names)
    found = {"SolewatchError"}
    while grown := {c for c, b in bases.items() if b & found} - found:
        found |= grown
    return found


def test_docs_api_md_lists_every_error_solewatch_raises_to_the_caller():
    """docs/api.md's errors section lists the kinds of SolewatchError a caller can catch; InsoleFailed (an
    insole's start failing on an error no connection attempt expects, which ends `record` and `live`) was not
    among them while the others were. Every class under monitor/ deriving from SolewatchError is named there
    (`monitor.NAME` or `monitor.errors.NAME`), but for those caught where they are raised."""
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Errors and the version"):].split("\n## ")[0]
    errors = solewatch_errors()
    assert {"SolewatchError", "ConnectionLost", "InsoleFailed", "OutOfTime"} <= errors, errors
    unlisted = sorted(e for e in errors - set(ERRORS_NOT_RAISED_TO_THE_CALLER)
                      if not re.search(rf"`monitor\.(?:errors\.)?{e}`", section))
    assert not unlisted, f"docs/api.md's errors section does not list {unlisted}"


#: A dotted name of the code a doc cites: `monitor.live.record_notes.came_back_note`, `monitor.study`; not
#: `monitor.plot_*`, the family of names.
CODE_NAME = re.compile(r"\bmonitor(?:\.[A-Za-z_]\w*)+(?![\w*])")


def resolves(name: str) -> bool:
    """Whether ``name`` (monitor.a.b.c) is a module, or an attribute of the longest module it begins with."""
    import importlib

    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_every_name_of_the_code_a_doc_cites_is_there():
    """docs/reliability.md cited `monitor.live.recorder.came_back_note` after the function moved to
    monitor/live/record_notes.py: no test read the dotted names the docs cite. Every one is a module of
    monitor or a name in one."""
    missing = sorted({(doc.name, name) for doc in doc_files()
                      for name in CODE_NAME.findall(doc.read_text(encoding="utf-8")) if not resolves(name)})
    assert not missing, f"names the docs cite that the code does not have: {missing}"


@pytest.mark.parametrize("scenario, said", [
    ("healthy-ride", "on a bike (`cycling`) a pedal stroke"), ("healthy-elliptical", "on an `elliptical` a"),
    ("stair-climber", "on a `stair climber` a step up"), ("healthy-run", "empty while the foot walks or runs"),
])
def test_the_strokes_docs_analyze_json_md_describes_are_those_of_each_activity(scenario, said):
    """had: `strokes` was "pedal strokes (each downstroke force peak)", while a declared elliptical's and a
    stair climber's cycles are listed there too; a walk's or a run's are not (its strides are `steps`)."""
    from monitor.analysis.batch import analyze
    from monitor.session.offline import offline_session

    strokes = analyze(offline_session(scenario, duration_s=60.0, seed=1)).to_json_dict()["strokes"]
    text = (Path(__file__).resolve().parents[1] / "docs" / "analyze-json.md").read_text()
    row = next(ln for ln in text.splitlines() if ln.startswith("| `strokes.FOOT[]` |"))
    assert said in row, row
    has = [bool(strokes[foot]) for foot in ("left", "right")]
    assert has == ([False, False] if said.startswith("empty") else [True, True]), (scenario, strokes)


#: Where a doc says a cadence's unit, the places it names, each with an activity of its table
#: (monitor.signal.activity_words.cadence_unit), in the order a doc says them.
CADENCE_PLACES = (("a bike", "cycling"), ("foot", "walking"), ("a stair climber", "stair_climber"),
                  ("an elliptical", "elliptical"), ("a machine not declared", "elliptical_or_stair"))
#: The start of a doc's words of a cadence's unit: "rpm on a bike", "steps/min on foot", ...
CADENCE_SAID = re.compile(r"\b(?:rpm|[a-z]+s/min) on (?:" + "|".join(p for p, _ in CADENCE_PLACES) + ")")


def cadence_units_words() -> str:
    """A cadence's units as every doc says them, from cadence_unit's table: each unit then the places it is
    said on, "rpm on a bike, steps/min on foot and on a stair climber, strokes/min on ..."."""
    from monitor.signal.activity_words import cadence_unit

    assert cadence_unit("running") == cadence_unit("walking")  # "on foot" is both
    by_unit: dict[str, list[str]] = {}
    for place, activity in CADENCE_PLACES:
        by_unit.setdefault(cadence_unit(activity), []).append(place)
    return ", ".join(f"{unit} " + " and ".join(f"on {p}" for p in places) for unit, places in by_unit.items())


def test_every_doc_says_a_cadences_units_as_cadence_unit_gives_them():
    """README.md, docs/phone-view.md and docs/report.md said "rpm on a bike and steps/min on foot" after the
    views said an elliptical's cadence in strokes/min: no test read a doc's units against the code's. Every
    place a doc says a cadence's unit gives them all, in the words of cadence_unit's table."""
    said = cadence_units_words()
    assert "strokes/min on an elliptical" in said  # the table's own: monitor.signal.activity_words
    found, wrong = [], []
    for doc in doc_files():
        text = " ".join(doc.read_text(encoding="utf-8").split())
        said_to = 0  # the end of the words last read: a unit inside them is theirs
        for m in CADENCE_SAID.finditer(text):
            if m.start() < said_to:
                continue
            found.append(doc.name)
            right = text.startswith(said, m.start())
            wrong += [] if right else [(doc.name, text[m.start():m.start() + len(said) + 20])]
            said_to = m.start() + len(said) if right else m.end()
    assert not wrong, f"cadence units other than {said!r}: {wrong}"
    assert {"README.md", "phone-view.md", "report.md", "analyze-json.md"} <= set(found), found


# ---------------------------------------------------------------------------- the relief's sources

#: Where docs/phone-view.md gives the relief's sources: from "sources" up to the domain reference it names.
RELIEF_SOURCES_SAID = re.compile(r"sources ((?:(?!of the shared domain reference).)*) of the shared domain reference")


def test_the_phone_view_gives_the_reliefs_sources_as_the_tips_cite_them():
    """docs/phone-view.md said "sources [16][38]" of the relief line in every activity while on a bike the
    unweight tip cites [10][16][38] (its words say standing loads the pedal: `Suggestion.bike_evidence`). The
    tag groups it gives are those evidence_for gives the unweight tip in each activity, a bike's before
    "on a bike"."""
    from monitor.analysis.tips import SUGGESTIONS, evidence_for

    unweight = SUGGESTIONS["unweight"]
    cited = {evidence_for(unweight, a) for a in ("cycling", "running", "walking", "elliptical", "stair_climber", None)}
    text = " ".join((ROOT / "docs" / "phone-view.md").read_text(encoding="utf-8").split())
    said = RELIEF_SOURCES_SAID.search(text)
    assert said, "docs/phone-view.md gives no relief sources"
    groups = set(re.findall(r"(?:\[\d+\])+", said.group(1)))
    assert groups == cited, (said.group(1), cited)
    assert f"{evidence_for(unweight, 'cycling')} on a bike" in said.group(1), said.group(1)
