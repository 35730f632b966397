"""Malformed files through the command line, 300 of each format in ``make test`` and 10,000 in ``make fuzz``
(which ``make validate`` runs too); hypothesis, derandomized by the ``ci`` profile of tests/conftest.py.

Each format has one test: a valid file is broken by a drawn mutation (a value of the wrong type or out of
range, NaN and Infinity, 1e400, a key deleted or added, nesting 100,000 deep, the text cut or a byte
changed) and the command that reads it runs in-process through ``monitor.cli.main.main``: ``analyze`` for
a session's session.json and gaps.csv and a --params file, ``import csv`` for a layout. Every run must
exit 2 with exactly one stderr line and no traceback, or succeed where the mutation happens to leave a
valid file; the files that were there keep their hashes, and a failed import leaves no session behind.

The session is the 0.2-s generic CSV example imported once (tests/data/generic_csv), so an example that
reaches the analysis costs tens of milliseconds and one that fails at reading costs about one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.cli.main import main

EXAMPLE = Path(__file__).resolve().parent / "data" / "generic_csv"
#: Examples per format: 300 in ``make test`` (about 10 s a format on the loaded 2-core host); ``make fuzz``
#: sets FUZZ_EXAMPLES=10000, the number the reliability promise names (docs/reliability.md).
EXAMPLES = int(__import__("os").environ.get("FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])
#: What each test measured: examples run, how many happened to be valid, the first and last example's
#: time (printed at the end of the module).
MEASURED: dict[str, list[float]] = {}


# ---------------------------------------------------------------------------- the command and its checks


def run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


def hashes(*paths: Path) -> dict[str, str]:
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*"))) if f.is_file()]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def stats(*paths: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, size, mtime in ns) of every file: what a write would change, read without opening them."""
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*"))) if f.is_file()]
    return {str(f): (s.st_ino, s.st_size, s.st_mtime_ns) for f in files for s in [f.stat()]}


def check(name: str, argv: list[str], *watched: Path) -> int:
    """Run ``argv``: exit 0, or exit 2 with one stderr line and no traceback; the files of ``watched``
    untouched (the same inode, size and modification time: each test compares their hashes at its
    end too)."""
    before = stats(*watched)
    code, err = run(argv)
    assert "Traceback" not in err, err
    if code != 0:
        lines = err.strip().splitlines()
        assert code == 2, (code, err)
        assert len(lines) == 1, err
        assert lines[0].startswith(f"solewatch {argv[0]}: error: "), lines[0]
    assert stats(*watched) == before
    stats_ = MEASURED.setdefault(name, [0, 0, time.perf_counter(), 0.0])
    stats_[0] += 1
    stats_[1] += code == 0
    stats_[3] = time.perf_counter()
    return code


@pytest.fixture(scope="module", autouse=True)
def _say_what_was_measured():
    yield
    for name, (n, valid, first, last) in MEASURED.items():
        print(f"\n{name}: {n} examples ({valid} valid) in {last - first:.1f} s")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """The example session (imported once) and room for the files each example writes."""
    root = tmp_path_factory.mktemp("fuzz")
    code, err = run(["import", "csv", EXAMPLE / "walk.csv", "--layout", EXAMPLE / "layout.json", "-o",
                     root / "session"])
    assert code == 0, err
    (root / "pristine").mkdir()
    for name in ("session.json", "gaps.csv"):
        shutil.copy(root / "session" / name, root / "pristine" / name)
    return root


# ---------------------------------------------------------------------------- mutations

#: Values that break most fields: wrong types, out of every range, not finite, beyond float64. Drawn
#: from a fixed pool: hypothesis's own text and float strategies cost a millisecond or more a draw, more
#: than the command they feed.
POOL = [
    None, True, False,
    0, 1, -1, 2, 7, 255, 65_535, 10**6, 2**31, 2**63, -(2**63) - 1, 10**20, 10**400 // 10**300,
    0.0, -0.0, 0.5, 1.5, 3.25, 1e-9, 1e12, 1e39, 1e308, -1e308, 1e-320, 5e-324,
    float("nan"), float("inf"), float("-inf"),
    "", " ", "x", "1", "nan", "left", "right", "walking", "$x^{$", "\x00", "\x1e", "\u2028", "\udcff", "é",
    "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+01:00", "2024-05-01T09:30:00.000Z", "a" * 300,
    [], [None], [1, "a"], [float("nan")], [0.5] * 3, list(range(70)), [[]],
    {}, {"": None}, {"a": 1}, {"left": {}},
]
HOSTILE = st.sampled_from(POOL)
NAMES = st.sampled_from(["", "x", "left", "speed", "format_version", "\x1e", "\u2028", "a b", "é", "$", "0"])
_BYTES = st.sampled_from(list('{}[]",:-+.eE0\x00\xff') + ["NaN", "1e400"])
#: Extreme values of each JSON type, for a mutation that keeps the type.
EXTREME = {
    "number": st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 1e400, 1e39, 1e-320, -1,
                               0, 2**63, 10**6, 1e-9, 1e12]),
    "string": st.sampled_from(["", "$x^{$", "\x00", "\u2028", "9999-12-31T23:59:59Z", "x" * 300]),
    "list": st.sampled_from([[], [None], [float("nan")], list(range(70))]),
    "object": st.sampled_from([{}, {"": None}]),
}


def _kind(value) -> str:
    if isinstance(value, bool) or value is None:
        return "other"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "list", dict: "object"}[type(value)]


def _other_than(kind: str) -> st.SearchStrategy:
    other = HOSTILE.filter(lambda v: _kind(v) != kind)
    return st.one_of(other, other, other, EXTREME.get(kind, HOSTILE))


#: Built once: a strategy made anew for every draw costs more than the command it feeds.
_OTHER_THAN = {kind: _other_than(kind) for kind in ("number", "string", "list", "object", "other")}


def other_than(value) -> st.SearchStrategy:
    """A value of another JSON type than ``value`` (most draws), or an extreme one of its own type."""
    return _OTHER_THAN[_kind(value)]


DEEP = "[" * 100_000 + "]" * 100_000


#: The drawable paths of each document mutated (by its text).
_PATHS: dict[str, st.SearchStrategy] = {}


def paths_of(doc, at=()) -> list[tuple]:
    """Every path to a value in a JSON document (keys and list indexes), the document itself first."""
    out = [at]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += paths_of(v, (*at, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += paths_of(v, (*at, i))
    return out


def _parent(doc, path):
    for k in path[:-1]:
        doc = doc[k]
    return doc


@st.composite
def broken_json(draw, doc: dict) -> str:
    """The text of ``doc`` with one drawn mutation (most leave it invalid; a few leave it valid)."""
    key = json.dumps(doc, sort_keys=True)
    if key not in _PATHS:
        _PATHS[key] = st.sampled_from(paths_of(doc)[1:])
    paths = _PATHS[key]
    doc = json.loads(json.dumps(doc))
    how = draw(st.sampled_from(["set", "set", "set", "delete", "add", "deep", "cut", "byte"]))
    if how in ("set", "delete", "deep", "add"):
        path = draw(paths)
        parent = _parent(doc, path)
        if how == "set":
            parent[path[-1]] = draw(other_than(parent[path[-1]]))
        elif how == "delete":
            del parent[path[-1]]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(NAMES)] = draw(HOSTILE)
        elif how == "add":
            parent.insert(path[-1], draw(HOSTILE))
        elif how == "deep":
            parent[path[-1]] = "DEEP"
        text = json.dumps(doc, indent=1)  # NaN and Infinity written as JavaScript writes them
        return text.replace('"DEEP"', DEEP)
    text = json.dumps(doc, indent=1)
    i = draw(st.integers(0, len(text) - 1))
    if how == "cut":
        return text[:i]
    return text[:i] + draw(_BYTES) + text[i + 1:]


# ---------------------------------------------------------------------------- one test per format


def _fuzz_session_file(workdir, name: str, texts, errors: str) -> None:
    """Each of ``texts`` (a strategy) as the session's file ``name`` through ``analyze``: one line or
    success, the session's other files untouched; the pristine file put back after."""
    session = workdir / "session"
    others = {k: v for k, v in hashes(session).items() if not k.endswith(name)}

    @FUZZ
    @given(text=texts)
    def one(text):
        (session / name).write_bytes(text.encode("utf-8", errors))
        check(name, ["analyze", session], session)

    one()
    assert {k: v for k, v in hashes(session).items() if not k.endswith(name)} == others
    shutil.copy(workdir / "pristine" / name, session / name)


def test_fuzz_session_json(workdir):
    valid = json.loads((workdir / "pristine" / "session.json").read_text(encoding="utf-8"))
    _fuzz_session_file(workdir, "session.json", broken_json(valid), "surrogatepass")


GAP_HEADER = ["foot", "start_s", "end_s", "frames_missing", "packets_lost", "reason", "filled"]
GOOD_CELLS = {"foot": st.sampled_from(["left", "right"]), "start_s": st.sampled_from(["0.04", "0.1"]),
              "end_s": st.sampled_from(["0.08", "0.12"]), "frames_missing": st.sampled_from(["0", "2"]),
              "packets_lost": st.sampled_from(["0", "1"]), "reason": st.sampled_from(["lost", ""]),
              "filled": st.sampled_from(["True", "False"])}
BAD_CELL = st.sampled_from(
    ["", "nan", "NaN", "inf", "-inf", "1e300", "1e308", "1e309", "1e400", "-1", "-0", "1.5", "0.5", "1e-320",
     "9223372036854775807", "9223372036854775808", "x", "LEFT", "left ", "maybe", "TRUE", "1", '"', '"a,b"',
     "\x00", "\x1e", "\u2028", "0x10", "1_000", " 1 ", "١", "é", "$x^{$", "a" * 300, "3", "12", "0.04"])


_ROWS = st.sampled_from([1, 2, 3])


@st.composite
def broken_gaps(draw) -> str:
    header = list(GAP_HEADER)
    how = draw(st.sampled_from(["cell", "cell", "cell", "header", "fields", "text"]))
    rows = [[draw(GOOD_CELLS[c]) for c in GAP_HEADER] for _ in range(draw(_ROWS))]
    if how == "cell":
        rows[draw(st.integers(0, len(rows) - 1))][draw(st.integers(0, len(header) - 1))] = draw(BAD_CELL)
    elif how == "header":
        i = draw(st.integers(0, len(header) - 1))
        header[i] = draw(st.sampled_from(["", "Foot", "start_s", "extra", "foot ", "\ufefffoot", "é"]))
    elif how == "fields":
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if draw(st.booleans()):
            row.append(draw(BAD_CELL))
        else:
            row.pop()
    text = "\n".join(",".join(r) for r in [header, *rows]) + "\n"
    if how == "text":
        i = draw(st.integers(0, len(text) - 1))
        text = text[:i] + draw(st.sampled_from(list(',"\n\r\x00') + ["\ufeff", "\udcff"])) + text[i + 1:]
    return text


def test_fuzz_gaps_csv(workdir):
    _fuzz_session_file(workdir, "gaps.csv", broken_gaps(), "surrogateescape")


def _params_names() -> dict[str, list[str]]:
    from monitor.signal.params import DEFAULT_PARAMS

    return {s: list(v) for s, v in DEFAULT_PARAMS.to_dict().items()}


PARAM_NAMES = _params_names()
_SECTIONS = st.sampled_from(sorted(PARAM_NAMES) * 3 + ["", "filters", "x\x1ey", "é"])
_KEYS = {s: st.sampled_from(keys * 3 + ["", "x", "step", "\u2028"]) for s, keys in PARAM_NAMES.items()}


@st.composite
def broken_params(draw) -> str:
    section = draw(_SECTIONS)
    key = draw(_KEYS.get(section, NAMES))
    doc = {section: {key: draw(HOSTILE)}}
    return draw(broken_json(doc)) if draw(st.integers(0, 3)) == 0 else json.dumps(doc)


def test_fuzz_params(workdir):
    session = workdir / "session"
    params = workdir / "params.json"

    others = hashes(session)

    @FUZZ
    @given(text=broken_params())
    def one(text):
        params.write_bytes(text.encode("utf-8", "surrogatepass"))
        check("params", ["analyze", session, "--params", params], session, params)

    one()
    assert hashes(session) == others


def test_fuzz_layout(workdir):
    valid = json.loads((EXAMPLE / "layout.json").read_text(encoding="utf-8"))
    layout, out = workdir / "layout.json", workdir / "imported"
    csv = EXAMPLE / "walk.csv"
    kept = hashes(csv)

    @FUZZ
    @given(text=broken_json(valid))
    def one(text):
        layout.write_text(text, encoding="utf-8", errors="surrogatepass")
        code = check("layout", ["import", "csv", csv, "--layout", layout, "-o", out], layout, csv)
        if code == 0:
            shutil.rmtree(out)
        assert not out.exists()

    one()
    assert hashes(csv) == kept
