"""A packet that decodes but whose time lies out of its stream's (a Moticon datagram dated off the stream's
time, a Ukaton stamp far ahead) is counted apart from the corrupt ones: ``packets_out_of_time`` in session.json's
counters, an ``out of time`` column in ``record``'s closing table (only when some are), "1 datagram out of
time" in the summaries, a row of the report's data quality.

Had: counted corrupt, with nothing to tell a datagram that failed its check from one dated 100 s ahead.
"""

from __future__ import annotations

import json
import warnings
from io import StringIO

import pytest
from rich.console import Console
from test_host_time_jump import _writer
from test_moticon_time_jump import _stream
from test_transport_words import _rows_named

from monitor.cli.console import print_summary
from monitor.codebook import FEET
from monitor.link import moticon, transport_words
from monitor.live.record_summary import link_trouble
from monitor.live.summary import RecordSummary
from monitor.session.directory import load_session
from monitor.session.writer import new_session_dir

COUNTS = dict.fromkeys(("frames_received", "packets_received", "packets_lost", "packets_corrupt",
                        "packets_duplicate", "packets_late", "frames_missing"), 0)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A 20-s Moticon stream recorded with a datagram dated 100 s ahead at 5 s and one dated 0.5 s ahead at 9 s,
    and one that is not a datagram at 12 s."""
    path = new_session_dir(tmp_path_factory.mktemp("out-of-time"), "moticon-out-of-time")
    writer, info = _writer(path, {f: moticon.layout(f) for f in FEET})
    for host, data in _stream(20.0, {500: [105.0], 900: [9.5]}):
        for foot in FEET:
            writer.notification(foot, host, data)
            if host == pytest.approx(12.001):
                writer.notification(foot, host, b"not a datagram")
    writer.close(info)
    return path


def test_the_session_counts_out_of_time_apart_from_corrupt(recorded):
    counters = json.loads((recorded / "session.json").read_text())["stats"]["counters"]
    for foot in FEET:
        assert (counters[foot]["packets_out_of_time"], counters[foot]["packets_corrupt"]) == (2, 1)
        assert (counters[foot]["packets_lost"], counters[foot]["packets_late"]) == (0, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = load_session(recorded)
    assert {f: (c["packets_out_of_time"], c["packets_corrupt"]) for f, c in s.counters.items()} == \
        {f: (2, 1) for f in FEET}


def test_the_reports_data_quality_has_a_row_of_them(recorded):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = _rows_named(load_session(recorded))
    assert rows["datagrams out of time"] == ["2", "2"] and rows["datagrams corrupt"] == ["1", "1"]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_closing_table_has_a_column_of_them_when_there_are_some(tmp_path, width):
    counts = dict(COUNTS, frames_received=123_456, packets_received=123_457, packets_corrupt=7,
                  packets_out_of_time=3)
    out = StringIO()
    print_summary(Console(file=out, width=width), RecordSummary(tmp_path, 60.0, {"left": counts, "right": COUNTS}, 0,
                                                                transport=transport_words.NETWORK))
    text = out.getvalue()
    table = text[:text.index("gaps: ")]
    said = table.split()
    assert "…" not in table and all(w in said for w in ("out", "of", "time", "3", "7")), table
    assert "out of time: dated off the stream's time, skipped" in " ".join(text.split())


def test_the_closing_table_has_no_such_column_when_there_are_none(tmp_path):
    out = StringIO()
    print_summary(Console(file=out, width=120), RecordSummary(tmp_path, 60.0, {"left": dict(COUNTS)}, 0))
    text = out.getvalue()
    assert "time" not in text[:text.index("gaps: ")].split() and "out of time" not in text


def test_the_summary_says_them_in_the_transport_s_words():
    said = {key: words for key, words in link_trouble(transport_words.NETWORK)}
    assert said["packets_out_of_time"] == ("datagram out of time", "datagrams out of time")
    assert said["packets_corrupt"] == ("corrupt datagram", "corrupt datagrams")
    assert dict(link_trouble())["packets_out_of_time"] == ("packet out of time", "packets out of time")
