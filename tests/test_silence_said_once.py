"""A foot that stopped sending is said to stop at one time in every line: the end's Note ("right insole
silent from 0:11 to the end") and the verdict ("the right foot sent only 0:11 of data, none after 0:11")
both say its last frame's time, as "its data ended at" and "silent from 0:20, lost at 0:30" do
(monitor.live.record_notes). Had, for a last frame at 11.49 s: "none after 0:11" against "silent from 0:12"
(the silence's start, one frame later); the frames missing are counted as before, from after the last
frame."""

from __future__ import annotations

from pathlib import Path

from monitor.analysis.watched import brief_clauses, briefly_watched
from monitor.live.summary import RecordSummary
from monitor.session.absence import absent_at_ends

LAST_S = 11.49  # the right foot's last frame (s), one 100-Hz frame before the second's half
RUNS = {"left": ((0.0, 179.99),), "right": ((0.0, LAST_S),)}


def test_the_note_and_the_verdict_say_the_same_time_of_a_foot_that_stopped():
    absent = absent_at_ends({f: (r[0][0], r[-1][1]) for f, r in RUNS.items()}, {"left": 100.0, "right": 100.0},
                            180.0)
    notes = RecordSummary(Path("."), 180.0, {}, 0, absent=absent).absent_notes()
    assert notes == ["right insole silent from 0:11 to the end: 16,850 frames missing (not a gap: a gap lies "
                     "between two packets)"], notes
    said = brief_clauses(briefly_watched(RUNS, 300.0), 300.0)
    assert said == "; the right foot sent only 0:11 of data, none after 0:11, too little to tell", said


def test_analyze_json_docs_say_the_span_at_the_end_starts_at_the_last_frame():
    """``absent_at_ends``' ``from_s`` at the end is the last frame's time (had in docs/analyze-json.md and its
    schema: "its last reading's time and one frame", one frame later than the JSON gives)."""
    (span,) = absent_at_ends({"right": (0.0, LAST_S)}, {"right": 100.0}, 180.0)["right"]
    assert span[0] == LAST_S
    docs = Path(__file__).resolve().parents[1] / "docs"
    row = next(x for x in (docs / "analyze-json.md").read_text(encoding="utf-8").splitlines()
               if x.startswith("| `absent_at_ends.FOOT[]`"))
    schema = (docs / "analyze-json.schema.json").read_text(encoding="utf-8")
    for text in (row, schema):
        assert "and one frame" not in text
    assert "at the end, its last reading's time, from -1 s as the frames'" in row, row
    assert "at the end, its last reading's time (from -1 s), not one frame later" in schema
