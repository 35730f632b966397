"""Strip the outputs of notebooks before they go into git: ``python -m monitor.tools.strip_notebooks``.

Every code cell loses its outputs and execution count, and every cell the run-time metadata a kernel
adds (``execution``, ``collapsed``, ``scrolled``); the rest of the notebook is written back as it was
(JSON, one-space indent, as Jupyter writes it). With no paths, every ``notebooks/*.ipynb`` under the
current directory. ``--check`` changes nothing and exits 1 naming the notebooks that carry outputs.

Plain JSON: no Jupyter package is needed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: Cell metadata a kernel or a notebook front end adds while running.
RUNTIME_METADATA = ("execution", "collapsed", "scrolled")


def strip(nb: dict[str, Any]) -> dict[str, Any]:
    """A copy of notebook ``nb`` (nbformat 4 JSON) without outputs, execution counts and run-time metadata."""
    out = json.loads(json.dumps(nb))
    for cell in out.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        meta = cell.get("metadata", {})
        for key in RUNTIME_METADATA:
            meta.pop(key, None)
    return out


def dumps(nb: dict[str, Any]) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def unstripped(nb: dict[str, Any]) -> list[int]:
    """Indices of the cells that carry outputs, an execution count or run-time metadata."""
    clean = strip(nb)
    return [i for i, (a, b) in enumerate(zip(nb.get("cells", []), clean["cells"], strict=True)) if a != b]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m monitor.tools.strip_notebooks",
                                     description="Remove outputs and execution counts from notebooks.")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any has outputs")
    args = parser.parse_args(argv)
    paths = args.paths or sorted(Path("notebooks").glob("*.ipynb"))
    dirty = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
            nb = json.loads(text)
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{path}: cannot read ({exc})", file=sys.stderr)
            return 2
        clean = dumps(strip(nb))
        if args.check:
            if unstripped(nb):
                dirty.append(path)
        elif clean != text:
            path.write_text(clean, encoding="utf-8")
            print(f"stripped {path}")
    if dirty:
        print("outputs in: " + ", ".join(map(str, dirty)) + " (run: make strip)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
