"""An event's label is plain text: a control character in it (a TAB, a line break, an ESC sequence) is
spelt out (``\\x1b``, ``\\n``), one rule wherever a label comes in (monitor.util.plain_text, as an import's
header fields and caveats are).

A Moticon event label holding ``ESC [2J`` (clear the screen) or a VT went into imported_events.csv as it was,
and so did a label with a line break that a Python caller gave write_session: a terminal showing the file
acts on the sequence, and a line-by-line reader of the CSV reads one event as two lines.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_importers import MOTICON_EVENTS

from monitor.cli.main import main
from monitor.importers import moticon_stream, read_imported_events, read_moticon, write_session
from monitor.session.tables import read_events_table

ESCAPE = "turn\x1b[2J\x1b]0;title\x07 here"
ESCAPE_SAID = "turn\\x1b[2J\\x1b]0;title\\x07 here"


def _export(tmp_path, vt: bool):
    """The Moticon export with events, its first event label an ESC sequence, its second (when ``vt``) one
    with a VT (which sends the file to the whole-file reading: monitor.importers.fastread)."""
    lines = MOTICON_EVENTS.read_text(encoding="utf-8").split("\n")
    marked = [i for i, line in enumerate(lines) if "\tEvent\t" in line]
    lines[marked[0]] = lines[marked[0]].replace("\tEvent\t", f"\t{ESCAPE}\t", 1)
    if vt:
        lines[marked[1]] = lines[marked[1]].replace("\tEvent\t", "\tstep\x0bdown\t", 1)
    path = tmp_path / f"events-{vt}.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("vt", [False, True], ids=["streamed", "whole-file"])
def test_an_imported_event_label_with_control_characters_is_spelt_out(tmp_path, monkeypatch, vt):
    streamed = []
    stream = moticon_stream.stream_moticon
    monkeypatch.setattr(moticon_stream, "stream_moticon",
                        lambda *a, **k: streamed.append(stream(*a, **k)) or streamed[-1])
    assert main(["import", "moticon", str(_export(tmp_path, vt)), "-o", str(tmp_path / "s")]) == 0
    assert (streamed[0] is None) == vt  # the path the test means
    text = (tmp_path / "s" / "imported_events.csv").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x0b" not in text
    events = read_imported_events(tmp_path / "s")
    assert len(text.splitlines()) == len(events) + 1  # one line per event
    assert f"Left Events: {ESCAPE_SAID}" in events["label"].tolist()
    if vt:
        assert "Left Events: step\\x0bdown" in events["label"].tolist()


def test_labels_a_python_caller_gives_write_session_are_spelt_out(tmp_path):
    rec = read_moticon(MOTICON_EVENTS)
    given = pd.DataFrame({"t_s": [0.1, 0.2, 0.3], "foot": ["left", "", "right"],
                          "event": ["marker", "mark\ter", "marker"], "code": [1.0, math.nan, 2.0],
                          "label": ["two\nlines", ESCAPE, math.nan]})
    rec.events = given
    write_session(rec, tmp_path / "s")
    text = (tmp_path / "s" / "imported_events.csv").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 4, text
    events = read_imported_events(tmp_path / "s")
    assert events["label"].tolist()[:2] == ["two\\nlines", ESCAPE_SAID]
    assert events["event"].tolist()[1] == "mark\\ter"
    assert given["label"].tolist()[0] == "two\nlines"  # the caller's table is left as it was


def test_an_events_file_written_before_is_read_with_its_labels_spelt_out(tmp_path):
    """A label of a file written before (or by hand) is spelt out as it is read (a line break in a quoted
    field is refused there already: tables.csv_rows)."""
    path = tmp_path / "imported_events.csv"
    path.write_text('t_s,foot,event,code,label\n0.5,left,marker,1,"a\ttab"\n0.6,,marker,,a\x1b[31mred\n',
                    encoding="utf-8")
    assert read_events_table(path)["label"].tolist() == ["a\\ttab", "a\\x1b[31mred"]
