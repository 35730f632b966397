"""Every option of `solewatch import` is shown with it where the import commands are listed: README.md's
command list, docs/import-csv.md or docs/fit.md (`--activity` was in docs/api.md alone)."""

from __future__ import annotations

from test_docs_match_code import ROOT, named_options

from monitor.cli.main import build_parser

WHERE = ("README.md", "docs/import-csv.md", "docs/fit.md")


def test_every_option_of_import_is_shown_where_the_imports_are():
    shown = {opt for doc in WHERE for _, cmd, opt in named_options((ROOT / doc).read_text(encoding="utf-8"))
             if cmd == "import"}
    sub = next(a for a in build_parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    options = [tuple(a.option_strings) for a in sub.choices["import"]._actions if a.option_strings]
    assert ("--activity",) in options
    unshown = [o for o in options if "--help" not in o and not shown & set(o)]  # -o shows -o/--out
    assert not unshown, f"solewatch import options not shown in {WHERE}: {unshown}"
