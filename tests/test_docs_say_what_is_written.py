"""The docs say what the code writes and does: `analyze --json`'s `session` is session.json's `session_id`, every
column a doc gives the study's windows table is one of its columns, the haptic pulse trains a doc quotes are those
of monitor/live/delivery.py and said to be a guess, README shows a `--params` file that loads, and every option
of `live` is named in README.

README.md and docs/*.md are read as a user reads them (test_docs_match_code.doc_files).
"""

from __future__ import annotations

import json
import re

import pytest
from test_docs_match_code import ROOT, SAMPLES, doc_files, listed

# ---------------------------------------------------------------------------- analyze --json's `session`


def test_the_analyze_json_session_is_the_session_id_as_its_doc_says(capsys):
    """The sample's folder was renamed after it was recorded, so its name and its id differ: `session` is the
    id, which a renamed or copied session keeps."""
    from monitor.cli.main import main

    session = SAMPLES / "sim-cleat-forward"
    assert main(["analyze", str(session), "--json"]) == 0
    written = json.loads(capsys.readouterr().out)["session"]
    session_id = json.loads((session / "session.json").read_text())["session_id"]
    assert written == session_id != session.name
    doc = (ROOT / "docs" / "analyze-json.md").read_text(encoding="utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `session` |"))
    assert row.startswith("| `session` | str | session.json's `session_id`") and "renamed" in row, row


def test_no_doc_says_a_session_id_is_its_folders_name_alone():
    """session.json's `session_id` is the folder's name as the session was written; a doc that says so says
    too that the id stays when the folder is renamed."""
    said = [f"{p.name}: {line}" for p in doc_files() for line in p.read_text(encoding="utf-8").splitlines()
            if re.match(r"\| `(session|session_id)` \|", line) and "renamed" not in line
            and re.search(r"(directory|folder)('s)? name", line)]
    assert not said, "\n".join(said)


# ---------------------------------------------------------------------------- the study's windows table

#: A list of columns a doc gives the windows table: "the windows table's `a`, its `b`, `c` and `d`",
#: "the sessions and windows tables' `pressure_unit`".
WINDOW_COLUMNS = re.compile(r"windows (?:table's|tables') ((?:(?:, |,? and |, its |its )?`[^`]+`)+)")


def test_the_column_reader_takes_the_list_and_stops_at_its_end():
    text = "the windows\ntable's `pressure_unit`, its `level`, `level_rank` and `x_s`, missing in `y`"
    assert [listed(m.group(1)) for m in WINDOW_COLUMNS.finditer(" ".join(text.split()))] == [
        ["pressure_unit", "level", "level_rank", "x_s"]]


def test_every_column_a_doc_gives_the_windows_table_is_one_of_its_columns():
    import monitor

    columns = set(monitor.study(str(SAMPLES / "sim-cleat-forward"), workers=1).windows.columns)
    named, wrong = 0, []
    for path in doc_files():
        text = " ".join(path.read_text(encoding="utf-8").split())
        for m in WINDOW_COLUMNS.finditer(text):
            names = listed(m.group(1))
            named += len(names)
            wrong += [f"{path.name}: `{n}` ({m.group(0)[:80]}...)" for n in names if n not in columns]
    assert named >= 5  # docs/study.md's list, analyze-json.md's `pressure_unit`, detection.md's shares
    assert not wrong, "the study's windows table has no column\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------- haptic pulse trains


#: Numbers as a doc may spell them.
WORDS = {2: "two", 3: "three"}


def paragraphs(text: str) -> list[str]:
    """The blocks of ``text`` between blank lines (a table is one block), each item of a list a block."""
    return [b for b in re.split(r"\n\s*\n|\n(?=- )", text) if b.strip()]


def says_train(text: str, repeat: int, duration_ms: int) -> bool:
    """Whether ``text`` gives ``repeat`` pulses of ``duration_ms``: `2 x 300 ms`, `2 pulses of 300 ms`,
    `two of 300 ms`."""
    return bool(re.search(rf"\b(?:{repeat}|{WORDS[repeat]}) (?:x |pulses of |of ){duration_ms} ms", text))


def test_a_doc_quoting_the_haptic_pulse_trains_quotes_them_and_says_they_are_a_guess():
    """A paragraph that gives the warning's and the alert's pulse lengths gives those of HAPTIC_PATTERNS, and
    it or the paragraph after it says they are a guess (as delivery.py does)."""
    from monitor.live.delivery import HAPTIC_PATTERNS

    warning, alert = HAPTIC_PATTERNS["warning"], HAPTIC_PATTERNS["alert"]
    quoted, unsourced = 0, []
    for path in doc_files():
        blocks = paragraphs(path.read_text(encoding="utf-8"))
        for i, block in enumerate(blocks):
            flat = " ".join(block.split())
            if not re.search(r"haptic|pulse|buzz", flat) or not (
                    f"{warning.duration_ms} ms" in flat and f"{alert.duration_ms} ms" in flat):
                continue
            quoted += 1
            assert says_train(flat, warning.repeat, warning.duration_ms), flat
            assert says_train(flat, alert.repeat, alert.duration_ms), flat
            if not any("guess" in b for b in blocks[i:i + 2]):
                unsourced.append(f"{path.name}: {flat[:120]}...")
    assert quoted >= 3  # README's live paragraph, docs/events-json.md's channels, docs/phone-view.md's buzz
    assert not unsourced, "quotes the haptic pulse trains without saying they are a guess:\n" + "\n".join(unsourced)


# ---------------------------------------------------------------------------- README: --params, live's options


def test_readme_shows_a_params_file_that_loads(tmp_path):
    """README gives the shape of a `--params` file (sections of parameters) as JSON, and it loads; the error it
    quotes for a parameter given outside its section is the one a params file gets."""
    from monitor.errors import UsageError
    from monitor.session.param_files import load_params
    from monitor.signal.params import DEFAULT_PARAMS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"`(\{\"[a-z]+\": \{.*?\}\})`", readme)
    assert shown, "README shows no --params file"
    for n, text in enumerate(shown):
        path = tmp_path / f"params{n}.json"
        path.write_text(text)
        assert load_params(path) != DEFAULT_PARAMS, text
    quoted = re.search(r"`(unknown section '(\w+)' .*?)`", readme)
    assert quoted, "README quotes no error for a parameter given outside its section"
    value = re.search(r": (\S+)\}\}\)$", quoted.group(1)).group(1)
    path = tmp_path / "outside.json"
    path.write_text(f'{{"{quoted.group(2)}": {value}}}')
    with pytest.raises(UsageError) as refused:
        load_params(path)
    assert str(refused.value).endswith(quoted.group(1)), (str(refused.value), quoted.group(1))


def test_readme_names_every_option_of_live():
    from test_docs_match_code import parser_options

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unnamed = sorted(o for o in parser_options()["live"] if o.startswith("--") and o != "--help"
                     and not re.search(rf"`[^`]*{re.escape(o)}(?![\w-])[^`]*`", readme))
    assert not unnamed, f"README does not name live's {unnamed}"
