"""The importers give the same sessions and the same errors, bit for bit, as the reference below.

tests/data/import_reference.json holds what the importers gave before they read through a C parser:
for every case, either the error message (with its line number) or digests of the session it makes
(session.json, the frames and extras tables value by value, gaps.csv, imported_events.csv). The cases
are the files the tests use (tests/data, the real Moticon and PhysioNet recordings of ../shared/data) and
edits of them: line endings, encodings, blank lines, odd numbers, broken rows. A case whose outcome
changes fails here; a change of output that is meant rewrites the reference with
``python tests/test_import_identical.py --write`` and says why in its commit.

Moticon OpenGo sample exports: Apache-2.0, github.com/moticon-rego/moticon-opengo. PhysioNet gaitpdb
GaCo01_01: ODC-By 1.0, Goldberger et al. 2000 (PhysioNet), Yogev et al. 2005.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from monitor.errors import SessionFormatError, UsageError
from monitor.importers import import_file, read_recording
from monitor.importers.session import extras_of, frames_of, session_info
from monitor.session.model import gaps_table
from monitor.util.shared_data import shared_data_dir

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "data" / "import_reference.json"
EXAMPLE = HERE / "data" / "generic_csv"
DATA = shared_data_dir()
MOTICON = DATA / "moticon_opengo" / "230927_102114.txt"
MOTICON_EVENTS = DATA / "moticon_opengo" / "walk_data_with_events.txt"
PHYSIONET = DATA / "physionet_gaitpdb" / "GaCo01_01.txt"

#: Whole files imported through `import_file` (written, then read back).
WHOLE = {
    "moticon-230927": ("moticon", MOTICON, None),
    "moticon-events": ("moticon", MOTICON_EVENTS, None),
    "physionet-GaCo01_01": ("physionet", PHYSIONET, None),
    "csv-example": ("csv", EXAMPLE / "walk.csv", EXAMPLE / "layout.json"),
}

# ---------------------------------------------------------------------------- digests


def _hash(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()[:20]


def frame_digest(df: pd.DataFrame) -> str:
    """Column names, dtypes and every value's bits (NaN payloads included)."""
    parts: list[bytes] = [str(len(df)).encode()]
    for name in df.columns:
        col = df[name]
        parts += [str(name).encode(), str(col.dtype).encode()]
        if isinstance(col.dtype, pd.CategoricalDtype):
            parts += [col.cat.codes.to_numpy().tobytes(), json.dumps(list(map(str, col.cat.categories))).encode()]
        elif col.dtype.kind in "fiub":
            parts.append(np.ascontiguousarray(col.to_numpy()).tobytes())
        else:
            parts.append(json.dumps([None if v is None or v != v else str(v) for v in col.tolist()]).encode())
    return _hash(*parts)


def json_digest(obj: dict) -> str:
    obj = {k: v for k, v in obj.items() if k != "software_version"}
    return _hash(json.dumps(obj, sort_keys=True, allow_nan=True).encode())


def session_dir_digest(path: Path) -> dict[str, str]:
    """Digests of a written session directory, its tables read back."""
    return {
        "session.json": json_digest(json.loads((path / "session.json").read_text(encoding="utf-8"))),
        "frames": frame_digest(pd.read_parquet(path / "frames.parquet")),
        "extras": frame_digest(pd.read_parquet(path / "extras.parquet")),
        "gaps.csv": _hash((path / "gaps.csv").read_bytes()),
        "imported_events.csv": _hash((path / "imported_events.csv").read_bytes()),
    }


def recording_digest(fmt: str, path: Path, layout: Path | None) -> dict[str, str]:
    """What write_session would write, without writing it; or the error, the files it names written
    relative to their folders (an error names each file as it was given: here, in a temporary folder)."""
    try:
        rec = read_recording(fmt, path, layout=layout)
        info = session_info(rec, "s")
        return {
            "session.json": json_digest(json.loads(info.to_json())),
            "frames": frame_digest(frames_of(rec, info)),
            "extras": frame_digest(extras_of(rec)),
            "gaps": frame_digest(gaps_table(rec.gaps())),
            "events": frame_digest(rec.events),
        }
    except (SessionFormatError, UsageError) as exc:
        text = str(exc)
        for given in (path, layout):
            if given is not None:
                text = text.replace(str(given), given.name)
        return {"error": f"{type(exc).__name__}: {text}"}


# ---------------------------------------------------------------------------- the edited files


def _moticon_base(n_rows: int = 150) -> tuple[list[str], list[list[str]]]:
    """The header lines and the first ``n_rows`` data rows (cells) of 230927_102114.txt."""
    lines = MOTICON.read_text(encoding="utf-8").splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines[len(head):len(head) + n_rows]]
    return head, rows


def _join(head: list[str], rows: list[list[str]] | list[str], nl: str = "\n") -> str:
    body = [r if isinstance(r, str) else "\t".join(r) for r in rows]
    return nl.join(head + body) + nl


def _set(rows: list[list[str]], i: int, j: int, value: str) -> list[list[str]]:
    rows = [list(r) for r in rows]
    rows[i][j] = value
    return rows


def _moticon_cases() -> dict[str, bytes]:
    head, rows = _moticon_base()
    text = _join(head, rows)
    cases: dict[str, bytes] = {
        "plain": text.encode(),
        "crlf": _join(head, rows, "\r\n").encode(),
        "cr": _join(head, rows, "\r").encode(),
        "bom": b"\xef\xbb\xbf" + text.encode(),
        "no-final-newline": text.rstrip("\n").encode(),
        "latin1-header": _join([*head[:6], "# Notes: caf\u00e9 r\u00e9sum\u00e9", *head[7:]], rows).encode("latin-1"),
        "utf8-note": _join([*head[:6], "# Notes: caf\u00e9 \u2014 \u65e5\u672c", *head[7:]], rows).encode(),
        "blank-lines": _join(head, [*rows[:10], "", *rows[10:40], "   ", "", *rows[40:]]).encode(),
        "tab-only-line": _join(head, [*rows[:10], "\t\t\t", *rows[10:]]).encode(),
        "all-empty-row": _join(head, [*rows[:10], "\t" * (len(rows[0]) - 1), *rows[10:]]).encode(),
        "form-feed": _join(head, [*rows[:10], "\f", *rows[10:]]).encode(),
        "form-feed-in-row": _join(head, [*rows[:10], "\t".join(rows[10][:5]) + "\f" + "\t".join(rows[10][5:]),
                                         *rows[11:]]).encode(),
        "u2028-in-row": _join(head, [*rows[:10], "\t".join(rows[10][:5]) + "\u2028" + "\t".join(rows[10][5:]),
                                     *rows[11:]]).encode(),
        "nel-latin1": (_join(head, rows[:20]).encode("utf-8") + b"\x85" + _join([], rows[20:]).encode()),
        "gap-5-rows": _join(head, [*rows[:60], *rows[65:]]).encode(),
        "gap-long": _join(head, [*rows[:60], *[_set([r], 0, 0, f"{float(r[0]) + 100:.2f}")[0]
                                               for r in rows[60:]]]).encode(),
        "spaces-around": _join(head, _set(_set(rows, 70, 5, " 12.5 "), 71, 30, "  ")).encode(),
        "vtab-in-cell": _join(head, _set(rows, 71, 30, "\v")).encode(),
        "tab-in-cell": _join(head, _set(rows, 71, 30, "\t")).encode(),
        "spaces-in-time": _join(head, _set(rows, 70, 0, " " + rows[70][0])).encode(),
        "exponent": _join(head, _set(_set(_set(rows, 70, 5, "1.25E1"), 71, 6, "+3.5"), 72, 7, ".5")).encode(),
        "trailing-dot": _join(head, _set(rows, 70, 5, "5.")).encode(),
        "many-digits": _join(head, _set(rows, 70, 5, "12.345678901234567890123")).encode(),
        "tiny": _join(head, _set(rows, 70, 5, "1e-320")).encode(),
        "quoted-cell": _join(head, _set(rows, 70, 5, '"12.5"')).encode(),
        "left-all-empty": _join(head, [[r[0], *[""] * 25, *r[26:]] for r in rows]).encode(),
        "nan-text": _join(head, _set(rows, 70, 5, "nan")).encode(),
        "NaN-text": _join(head, _set(rows, 70, 40, "NaN")).encode(),
        "inf-text": _join(head, _set(rows, 70, 5, "inf")).encode(),
        "huge": _join(head, _set(rows, 70, 5, "1e38")).encode(),
        "huge-extra": _join(head, _set(rows, 70, 17, "1e300")).encode(),
        "overflow": _join(head, _set(rows, 70, 17, "1e400")).encode(),
        "hex": _join(head, _set(rows, 70, 5, "0x10")).encode(),
        "underscore": _join(head, _set(rows, 70, 5, "1_0")).encode(),
        "comma-decimal": _join(head, _set(rows, 70, 5, "1,5")).encode(),
        "arabic-digit": _join(head, _set(rows, 70, 5, "\u0661\u0662")).encode(),
        "word": _join(head, _set(rows, 70, 5, "abc")).encode(),
        "word-later-column": _join(head, _set(_set(rows, 20, 40, "x"), 90, 5, "y")).encode(),
        "latin1-cell": _join(head, _set(rows, 70, 5, "\u00e9")).encode("latin-1"),
        "empty-time": _join(head, _set(rows, 70, 0, "")).encode(),
        "time-backwards": _join(head, _set(rows, 70, 0, "0.10")).encode(),
        "time-repeated": _join(head, _set(rows, 70, 0, rows[69][0])).encode(),
        "time-word": _join(head, _set(rows, 70, 0, "t")).encode(),
        "short-row": _join(head, [*rows[:70], rows[70][:-1], *rows[71:]]).encode(),
        "long-row": _join(head, [*rows[:70], [*rows[70], "1"], *rows[71:]]).encode(),
        "hash-line": _join(head, [*rows[:70], "# note", *rows[70:]]).encode(),
        "nul": text.encode().replace(b"\t", b"\x00", 5000)[:-1] + b"\n",
        "one-row": _join(head, rows[:1]).encode(),
        "no-rows": _join(head, []).encode(),
        "no-header": _join([], rows).encode(),
        "empty": b"",
        "whitespace": b" \n\t\n",
        "empty-lines": _join(head, [*rows[:10], "", "", *rows[10:40], "", *rows[40:]]).encode(),
        "exponent-plus": _join(head, _set(_set(rows, 70, 5, "1.25e+01"), 71, 17, "-1.5E+00")).encode(),
        "leading-plus-big": _join(head, _set(rows, 70, 17, "+6e23")).encode(),
        "int-column-negative-zero": _join(head, [[*r[:26], "-0" if i == 5 else "1", *r[27:]]
                                                 for i, r in enumerate(rows)]).encode(),
        "int-column-negative-zero-and-empty": _join(head, [[*r[:26], "-0" if i == 5 else "" if i == 9 else "1",
                                                            *r[27:]] for i, r in enumerate(rows)]).encode(),
        "negative-zero": _join(head, _set(rows, 70, 17, "-0.000000")).encode(),
        "trailing-unnamed-column": _join([*head[:-1], head[-1] + "\t"], [[*r, "note"] for r in rows]).encode(),
        "plus-in-header-only": _join([*head[:6], "# Notes: +1 +2", *head[7:]], rows).encode(),
        "errors-in-two-places": _join(head, _set([*rows[:30], rows[30][:-2], *rows[31:]], 80, 3, "x")).encode(),
        "error-and-backwards": _join(head, _set(_set(rows, 50, 0, "0.01"), 90, 3, "x")).encode(),
    }
    return cases


def _event_cases() -> dict[str, bytes]:
    lines = MOTICON_EVENTS.read_text(encoding="utf-8").splitlines()
    head = [ln for ln in lines if ln.startswith("#")]
    rows = [ln.split("\t") for ln in lines[len(head):]]
    names = head[-1].lstrip("#").split("\t")
    label = next(j for j, n in enumerate(names) if "label" in n.lower())
    marked = next(i for i, r in enumerate(rows) if r[label].strip())
    return {
        "plain": _join(head, rows).encode(),
        "label-spaces": _join(head, _set(rows, 3, label, "   ")).encode(),
        "label-unicode": _join(head, _set(rows, marked, label, " Ferse \u00fc ")).encode(),
        "label-latin1": _join(head, _set(rows, marked, label, "Ferse \u00fc")).encode("latin-1"),
        "label-number": _join(head, _set(rows, marked, label, "12")).encode(),
        "label-quote": _join(head, _set(rows, marked, label, '"a, b"')).encode(),
        "label-plus": _join(head, _set(rows, marked, label, "a+b")).encode(),
        "label-nel": _join(head, _set(rows, marked, label, "a\u0085b")).encode(),
        "code-word": _join(head, _set(rows, marked, label + 1, "one")).encode(),
    }


def _physionet_cases() -> dict[str, bytes]:
    lines = PHYSIONET.read_text(encoding="utf-8").splitlines()[:150]
    rows = [ln.split() for ln in lines]
    total = _set(rows, 100, 17, f"{float(rows[100][17]) + 1:.2f}")
    return {
        "plain": ("\n".join(lines) + "\n").encode(),
        "spaces": ("\n".join("  ".join(r) for r in rows) + "\n").encode(),
        "mixed-blanks": ("\n".join((" \t " if i % 3 else "\t").join(r) + (" " if i % 2 else "")
                                   for i, r in enumerate(rows)) + "\n").encode(),
        "leading-space": ("\n".join(" " + "\t".join(r) for r in rows) + "\n").encode(),
        "crlf": ("\r\n".join(lines) + "\r\n").encode(),
        "blank-lines": ("\n".join([*lines[:5], "", "  ", *lines[5:60], "", *lines[60:]]) + "\n").encode(),
        "total-off-after-blanks": ("\n".join(["", *map("\t".join, total[:50]), "", *map("\t".join, total[50:])])
                                   + "\n").encode(),
        "gap": ("\n".join([*lines[:40], *lines[43:]]) + "\n").encode(),
        "short-row": ("\n".join(map("\t".join, [*rows[:40], rows[40][:-1], *rows[41:]])) + "\n").encode(),
        "word": ("\n".join(map("\t".join, _set(rows, 40, 3, "x"))) + "\n").encode(),
        "empty-cell": ("\n".join(map("\t".join, _set(rows, 40, 3, ""))) + "\n").encode(),
        "nan-cell": ("\n".join(map("\t".join, _set(rows, 40, 3, "nan"))) + "\n").encode(),
        "huge": ("\n".join(map("\t".join, _set(rows, 40, 3, "1e300"))) + "\n").encode(),
        "backwards": ("\n".join(map("\t".join, _set(rows, 40, 0, "0.05"))) + "\n").encode(),
        "latin1": ("\n".join(map("\t".join, _set(rows, 40, 3, "\u00e9"))) + "\n").encode("latin-1"),
        "form-feed": ("\n".join([*lines[:5], "\f", *lines[5:]]) + "\n").encode(),
        "trailing-tab": ("\n".join(ln + "\t" for ln in lines) + "\n").encode(),
        "negative-zero": ("\n".join(map("\t".join, _set(rows, 40, 3, "-0"))) + "\n").encode(),
        "no-final-newline": "\n".join(lines).encode(),
        "bom": b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode(),
        "empty": b"",
        "one-row": (lines[0] + "\n").encode(),
    }


def _csv_cases() -> dict[str, bytes]:
    lines = (EXAMPLE / "walk.csv").read_text(encoding="utf-8").splitlines()
    cells = [ln.split(",") for ln in lines]

    def csv(rows: list[list[str]] | list[str], nl: str = "\n") -> bytes:
        return (nl.join(r if isinstance(r, str) else ",".join(r) for r in rows) + nl).encode()

    lefts = [r for r in cells[1:] if r[1] == "left"]
    rights = [r for r in cells[1:] if r[1] == "right"]
    return {
        "plain": csv(cells),
        "crlf": csv(cells, "\r\n"),
        "bom": b"\xef\xbb\xbf" + csv(cells),
        "feet-in-turn": csv([cells[0], *lefts, *rights]),
        "blank-lines": csv([cells[0], "", *cells[1:5], "", "", *cells[5:]]),
        "quoted": csv(_set(_set(cells, 3, 4, '"18.5"'), 0, 2, '"p00_kpa"')),
        "quoted-comma": csv(_set(cells, 3, 4, '"18,5"')),
        "foot-case": csv(_set(_set(cells, 2, 1, " Right "), 3, 1, "LEFT")),
        "nan-texts": csv(_set(_set(_set(cells, 3, 4, "NaN"), 4, 5, " nan "), 5, 2, "")),
        "spaces": csv(_set(cells, 3, 4, " 18.5 ")),
        "exponent": csv(_set(cells, 3, 4, "1.85e1")),
        "gap": csv([cells[0], *cells[1:5], *cells[7:]]),
        "inf": csv(_set(cells, 3, 4, "inf")),
        "word": csv(_set(cells, 3, 4, "x")),
        "huge": csv(_set(cells, 3, 4, "1e39")),
        "bad-foot": csv(_set(cells, 3, 1, "middle")),
        "empty-time": csv(_set(cells, 3, 0, "")),
        "time-backwards": csv(_set(cells, 5, 0, "0")),
        "short-row": csv([*cells[:4], cells[4][:-1], *cells[5:]]),
        "open-quote": csv(_set(cells, 4, 3, '"5')),
        "latin1": csv(_set(cells, 3, 4, "\u00e9")).decode().encode("latin-1"),
        "nul": csv(cells).replace(b"0.02", b"0\x002", 1),
        "header-only": csv(cells[:1]),
        "empty": b"",
        "semicolons": csv([";".join(r) for r in cells]),
        "integer-times": csv([cells[0], *[[str(int(float(r[0]) * 1000)), *r[1:]] for r in cells[1:]]]),
        "negative-zero-ints": csv(_set([cells[0], *[[r[0], r[1], *[v.split(".")[0] for v in r[2:]]]
                                                    for r in cells[1:]]], 3, 5, "-0")),
        "blank-first-lines": csv(["", "  ", *cells]),
        "comma-only-line": csv([*cells[:5], ",,,,,,,,,", *cells[5:]]),
        "padded-foot-unicode": csv(_set(cells, 3, 1, "\u3000left\u3000")),
        "long-line": csv([*cells[:5], ",".join([*cells[5][:2], "1" + "0" * 140_000, *cells[5][3:]]), *cells[6:]]),
        # quoting as spreadsheets write it, and quotes that are errors or odd (the csv module's reading)
        "quoted-all": csv([[f'"{c}"' for c in r] for r in cells], "\r\n"),
        "quoted-empty-cells": csv(_set(_set(cells, 3, 4, '""'), 11, 2, '""')),
        "quoted-padded": csv(_set(_set(cells, 3, 4, '" 18.5 "'), 4, 5, '"17.5" ')),
        "quoted-nan": csv(_set(_set(cells, 3, 4, '"NaN"'), 4, 5, '" nan "')),
        "quoted-foot": csv(_set(_set(cells, 2, 1, '"right"'), 3, 1, '" LEFT "')),
        "quoted-time": csv(_set(cells, 3, 0, '"0.02"')),
        "quoted-empty-time": csv(_set(cells, 3, 0, '""')),
        "quoted-negative-zero-ints": csv(_set([cells[0], *[[r[0], r[1], *[v.split(".")[0] for v in r[2:]]]
                                                           for r in cells[1:]]], 3, 5, '"-0"')),
        "quoted-sign": csv(_set(cells, 3, 4, '"+18.5"')),
        "quoted-then-digit": csv(_set(cells, 3, 4, '"18"5')),
        "quote-inside-cell": csv(_set(cells, 3, 4, '18"5')),
        "quote-after-space": csv(_set(cells, 3, 4, ' "18.5"')),
        "doubled-quote": csv(_set(cells, 3, 4, '"1""8"')),
        "quoted-word": csv(_set(cells, 3, 4, '"x"')),
        "quoted-inf": csv(_set(cells, 3, 4, '"inf"')),
        "quoted-pressure": csv(_set(cells, 5, 2, '"1"')),
        "quoted-newline-in-cell": csv(_set(cells, 3, 4, '"18\n5"')),
        "quoted-newline-in-foot": csv(_set(cells, 3, 1, '"left\n"')),
        "quoted-crlf-in-foot": csv(_set(cells, 3, 1, '"left\r\n"'), "\r\n"),
        "quoted-newline-closing-cell": csv([*cells[:3], ",".join(cells[3][:4]) + ',"18.5',
                                            '",' + ",".join(cells[3][5:]), *cells[4:]]),
        "quoted-header-newline": csv([",".join(cells[0][:2]) + ',"p00', '_kpa",' + ",".join(cells[0][3:]), *cells[1:]]),
        "quoted-header-names": csv([[f'"{c}"' for c in cells[0]], *cells[1:]]),
        "quoted-header-padded": csv([[f'" {c} "' for c in cells[0]], *cells[1:]]),
        "quoted-blank-line": csv([cells[0], '""', *cells[1:]]),
        "quoted-blank-first-line": csv(['""', *cells]),
        "quoted-comma-in-header": csv([[*cells[0][:-1], '"p07,kpa"'], *cells[1:]]),
        "quoted-extra-cell": csv([*cells[:4], [*cells[4], '""'], *cells[5:]]),
        "quoted-cell-semicolons": csv([";".join(f'"{c}"' for c in r) for r in cells]),
    }


def edited_cases() -> dict[str, tuple[str, str, bytes]]:
    """case name -> (format, file name, file bytes)."""
    out: dict[str, tuple[str, str, bytes]] = {}
    for fmt, prefix, name, make in [("moticon", "moticon", "walk.txt", _moticon_cases),
                                    ("moticon", "events", "events.txt", _event_cases),
                                    ("physionet", "physionet", "GaCo01_01.txt", _physionet_cases),
                                    ("csv", "csv", "walk.csv", _csv_cases)]:
        for case, data in make().items():
            out[f"{prefix}-{case}"] = (fmt, name, data)
    return out


def edited_outcome(tmp: Path, case: str, fmt: str, name: str, data: bytes) -> dict[str, str]:
    d = tmp / case
    d.mkdir()
    path = d / name
    path.write_bytes(data)
    return recording_digest(fmt, path, EXAMPLE / "layout.json" if fmt == "csv" else None)


def whole_outcome(tmp: Path, case: str) -> dict[str, str]:
    fmt, path, layout = WHOLE[case]
    out = tmp / f"whole-{case}" / "s"
    return session_dir_digest(import_file(fmt, path, out, layout=layout))


def compute_reference(tmp: Path) -> dict[str, dict[str, dict[str, str]]]:
    return {"whole": {case: whole_outcome(tmp, case) for case in WHOLE},
            "edited": {case: edited_outcome(tmp, case, *v) for case, v in edited_cases().items()}}


# ---------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def test_the_reference_covers_every_case(reference):
    assert sorted(reference["whole"]) == sorted(WHOLE)
    assert sorted(reference["edited"]) == sorted(edited_cases())


@pytest.mark.parametrize("case", sorted(WHOLE))
def test_a_whole_file_imports_to_the_reference_session(case, reference, tmp_path):
    assert whole_outcome(tmp_path, case) == reference["whole"][case]


def test_every_edited_file_gives_the_reference_session_or_error(reference, tmp_path):
    changed = {}
    for case, (fmt, name, data) in edited_cases().items():
        got = edited_outcome(tmp_path, case, fmt, name, data)
        if got != reference["edited"][case]:
            changed[case] = {"now": got, "reference": reference["edited"][case]}
    assert not changed, json.dumps(changed, indent=1)


def test_the_real_files_are_read_through_the_c_parser():
    """The reference holds for the fast reading, not only for the line-by-line one it falls back to."""
    from monitor.importers import generic_csv, moticon, physionet

    assert moticon._parse_fast(MOTICON) is not None
    assert moticon._parse_fast(MOTICON_EVENTS) is not None
    assert physionet._values_fast(PHYSIONET) is not None
    layout = generic_csv._LayoutFile(EXAMPLE / "layout.json")
    assert generic_csv._parse_fast(EXAMPLE / "walk.csv", layout) is not None


def _random_cell(rng: np.random.Generator) -> str:
    """A cell text: mostly a number in one of the ways a tool may write one, sometimes junk or empty."""
    x = float(rng.choice([0.0, 1.0, 10.0, 1e3, 1e22, 1e25])) * rng.random() * rng.choice([-1, 1])
    kind = int(rng.integers(0, 9))
    if kind == 0:
        return f"{x:.{int(rng.integers(0, 8))}f}"
    if kind == 1:
        return f"{x:.{int(rng.integers(0, 17))}e}"
    if kind == 2:
        return f"+{rng.random() * 10.0 ** int(rng.integers(18, 30)):.{int(rng.integers(10, 17))}e}"
    if kind == 3:
        return str(int(x)) if rng.random() < 0.8 else "-0"
    if kind == 4:
        return repr(x)
    if kind == 5:
        return "".join(rng.choice(list("0123456789.eE+- nNaAiIfF"), size=int(rng.integers(1, 7))))
    if kind == 6:
        return ""
    if kind == 7:
        return f" {x:.2f} "
    return f"{x:.2f}"


def _recording_outcome(read) -> dict[str, str]:
    try:
        rec = read()
    except SessionFormatError as exc:
        return {"error": str(exc)}
    info = session_info(rec, "s")
    return {"session.json": json_digest(json.loads(info.to_json())), "frames": frame_digest(frames_of(rec, info)),
            "extras": frame_digest(extras_of(rec)), "events": frame_digest(rec.events)}


def test_the_fast_reading_agrees_with_the_line_reading_on_random_cells(tmp_path):
    """Random number texts in a Moticon export: read_moticon (fast where it can) and the line-by-line
    reading give the same recording, or the same error. Seeded: the same cells every run."""
    from monitor.importers import moticon

    rng = np.random.default_rng(20261202)
    head, rows = _moticon_base(40)
    n_fast = 0
    for k in range(60):  # a random pressure below 0 is an error, left to the line reading: few are read fast
        edited = [list(r) for r in rows]
        for _ in range(int(rng.integers(1, 9))):
            edited[int(rng.integers(0, len(rows)))][int(rng.integers(1, len(rows[0])))] = _random_cell(rng)
        path = tmp_path / f"random-{k}.txt"
        path.write_bytes(_join(head, edited).encode())
        fast = _recording_outcome(lambda: moticon.read_moticon(path))
        lines = _recording_outcome(lambda: moticon._recording(path, moticon._parse_lines(path)))
        assert fast == lines, f"random file {k}"
        n_fast += moticon._parse_fast(path) is not None if "error" not in fast else 0
    assert n_fast >= 8  # the fast reading was taken often enough for the test to mean something


def _write_reference(tmp: Path) -> None:
    ref = compute_reference(tmp)
    REFERENCE.write_text(json.dumps(ref, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    n_err = sum("error" in v for v in ref["edited"].values())
    print(f"wrote {REFERENCE}: {len(ref['whole'])} whole files, {len(ref['edited'])} edited files "
          f"({n_err} errors)")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        _write_reference(Path(tmp))
