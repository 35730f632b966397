"""A time with data that is more than none is never said as "0:00" (docs/report.md): `analyze` of a 0.2-s CSV
import said "Verdict: nothing found in 0:00 of data", as if it held none. It says "less than a second of
data", the words a time under a second has elsewhere (monitor.util.timefmt.span_words)."""

from __future__ import annotations

from test_data_time_holes import LAYOUT, _csv

from monitor.analysis.watched import Brief, brief_words, data_time_words
from monitor.cli.main import main
from monitor.util.timefmt import UNDER_A_SECOND, span_words

WARN_AFTER_S = 300.0  # DetectorParams.warn_after_s's default, 5:00


def test_analyze_of_a_sub_second_import_says_less_than_a_second_of_data(tmp_path, capsys):
    _csv(tmp_path / "short.csv", [(0.0, 0.2)])  # 10 rows a foot at 50 Hz: 0.18 s from the first to the last
    out = tmp_path / "s"
    assert main(["import", "csv", str(tmp_path / "short.csv"), "--layout", str(LAYOUT), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(out)]) == 0
    text = capsys.readouterr().out
    verdict = next(line for line in text.splitlines() if line.startswith("Verdict:"))
    assert verdict.startswith("Verdict: nothing found in less than a second of data, too short to tell"), verdict
    assert "0:00 of data" not in text, text


def test_a_foot_with_less_than_a_second_of_data_is_said_so_beside_the_other():
    runs = {"left": ((0.0, 0.3),), "right": ((0.0, 2.4),)}
    assert data_time_words(2.4, runs, WARN_AFTER_S) == "0:02 of data (the left foot less than a second)"
    assert data_time_words(0.0, {}, WARN_AFTER_S) == "0:00 of data"  # none is none


def test_a_foot_watched_less_than_a_second_is_said_to_have_sent_less_than_a_second():
    words = brief_words("left", Brief(0.3, 0.3, (), 70.0), WARN_AFTER_S)
    assert words == "the left foot sent less than a second of data, none after 0:00, too little to tell", words
    assert brief_words("left", Brief(5.0, None), WARN_AFTER_S).startswith("the left foot sent only 0:05 of data")


def test_a_time_under_a_second_is_less_than_a_second_and_one_of_a_second_or_more_is_rounded():
    """One rule for every time said as a length (timefmt.span_words): more than none and under 1 s is "less
    than a second", 1 s or more rounds to the second as every session time does. Had: 0.57 s read "0:01"."""
    assert [span_words(t) for t in (0.2, 0.5, 0.57, 0.99)] == [UNDER_A_SECOND] * 4
    assert [span_words(t) for t in (0.0, 1.0, 1.44, 1.59, 61.0)] == ["0:00", "0:01", "0:01", "0:02", "1:01"]
    assert data_time_words(0.8, None, WARN_AFTER_S) == "less than a second of data"
