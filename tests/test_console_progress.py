"""The plain progress lines of a recording (monitor.cli.console.ProgressView): one a step, 100 % once."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console

from monitor.cli.console import ProgressView
from monitor.live.recorder import RecordProgress


def _percents(step: float, seconds: list[float], duration_s: float = 10.0) -> list[str]:
    out = StringIO()
    view = ProgressView(Console(file=out, width=120), plain=True, plain_step=step)
    for t in seconds:
        view.update(RecordProgress(t, duration_s, {"left": 1}, {}, {}, {}, {"left": True}, {}))
    return [line.split()[1] for line in out.getvalue().splitlines()]


def test_every_tenth_is_a_line_of_its_own_and_100_percent_is_said_once():
    # had: 30 % and 60 % were never printed (3 x 0.1 is 0.30000000000000004, above 0.3)
    seconds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9.5, 10, 10, 10, 11]
    assert _percents(0.1, seconds) == ["0%", "10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "90%",
                                       "100%"]


@pytest.mark.parametrize("step, expected", [(0.3, ["0%", "30%", "60%", "90%", "100%"]),
                                            (0.25, ["0%", "25%", "50%", "75%", "100%"])])
def test_a_step_that_does_or_does_not_divide_the_whole_still_ends_at_100_percent_once(step, expected):
    seconds = [t / 20 * 10 for t in range(21)] + [10.0, 12.0]
    assert _percents(step, seconds) == expected


def test_the_summary_says_what_its_columns_mean_under_its_table(tmp_path):
    """late, missing frames, duplicate... are explained where a person meets them."""
    from monitor.cli.console import print_summary
    from monitor.live.summary import RecordSummary

    counts = dict.fromkeys(("frames_received", "packets_received", "packets_lost", "packets_corrupt",
                            "packets_duplicate", "packets_late", "frames_missing"), 0)
    out = StringIO()
    print_summary(Console(file=out, width=100), RecordSummary(tmp_path, 60.0, {"left": counts}, 0))
    text = out.getvalue()
    said = " ".join(text.split())
    head = text.index("missing frames")
    for words in ("radio lost: never arrived, the link up", "link down: never sent",
                  "corrupt: failed their check", "duplicate: came twice",
                  "late: came out of order", "missing frames: no data",
                  "gaps: stretches of missing frames"):
        assert words in said and said.index(words) > said.index("missing frames"), words
    assert head < text.index("session:")
    # had: a log (no terminal) got the key cut into 80-column lines, each ending in a space
    key = [line for line in text.splitlines() if line.startswith("packets: ")]
    assert len(key) == 1 and key[0].endswith("gaps: stretches of missing frames between two packets"), text


def test_the_summary_s_plain_lines_are_one_line_each_as_its_key_is(tmp_path):
    """had: `record` in a log (no terminal, 80 columns) printed its key as one line but its notes cut into
    80-column lines, the first ending in a space: "note: the left foot sent nothing ... (a simulation at 40x:
    0.03 s " then "of the host's time ...". Every plain line of the summary is now one line, none ending in a
    space (a terminal wraps them at its width), as the key and the interrupted tables' note are."""
    from monitor.cli.console import print_summary
    from monitor.live.summary import RecordSummary

    counts = dict.fromkeys(("frames_received", "packets_received", "packets_lost", "packets_corrupt",
                            "packets_duplicate", "packets_late", "frames_missing"), 0)
    counts.update(frames_received=1_200, packets_received=150)
    summary = RecordSummary(tmp_path / ("a-long-folder-name-" * 4), 60.0, {"left": counts}, 0,
                            absent={"left": [(0.0, 1.2, 120)]}, speed=40.0,
                            recording_error=f"cannot write {tmp_path / ('b' * 60)}/frames.parquet: No space left")
    out = StringIO()
    print_summary(Console(file=out, width=80), summary)
    lines = out.getvalue().splitlines()
    assert not [line for line in lines if line.endswith(" ")], lines
    [note] = [line for line in lines if "of the host's time" in line]
    assert note.startswith("note: left insole: no data from the start") and note.endswith("two packets)"), lines
    assert f"recording stopped early: {summary.recording_error}" in lines, lines
    assert f"session: {summary.path}" in lines, lines


@pytest.mark.parametrize("transport, counted", [("RADIO", "packets"), ("NETWORK", "datagrams")])
@pytest.mark.parametrize("frames", [2_977, 123_456])
def test_the_summary_heads_its_column_of_what_the_link_counted_in_the_key_s_word(tmp_path, transport, counted,
                                                                                 frames):
    """had: the Moticon UDP stream's table headed "packets" above a key that says its "datagrams"; and on 80
    columns (a log's, a pipe's) a heading cut short: "datagra…", "duplica…" above six-figure counts."""
    from monitor.cli.console import print_summary
    from monitor.link import transport_words
    from monitor.live.summary import RecordSummary

    counts = dict.fromkeys(("frames_received", "packets_received", "packets_lost", "packets_corrupt",
                            "packets_duplicate", "packets_late", "frames_missing"), 0)
    counts.update(frames_received=frames, packets_received=frames)
    out = StringIO()
    print_summary(Console(file=out, width=80), RecordSummary(tmp_path, 60.0, {"left": counts}, 0,
                                                              transport=getattr(transport_words, transport)))
    lines = out.getvalue().splitlines()
    head = next(line for line in lines if line.startswith("foot"))
    assert head.split()[:3] == ["foot", "frames", counted] and "…" not in head, head
    assert "duplicate" in head.split() and len(head) <= 80, head
    other = {"packets", "datagrams"} - {counted}
    assert not other & set(head.split()), head
    key = next(line for line in lines if line.startswith(f"{counted}: "))
    assert f"between two {counted}" in key and not key.startswith(f"{other.pop()}:"), key


@pytest.mark.parametrize("transport, lost", [("RADIO", "radio lost"), ("NETWORK", "network lost")])
@pytest.mark.parametrize("width", [60, 64, 72, 80])
@pytest.mark.parametrize("damaged", [0, 3])
def test_no_heading_of_the_summary_is_cut_on_a_narrow_console(tmp_path, transport, lost, width, damaged):
    """had: at 64 columns the two-word headings came cut to "ra… lo…", "li… do…", "mis… fra…" (at 60,
    "network lost" and "link down" could not be told apart): every word of every heading is whole, each
    count said once a foot."""
    from monitor.cli.console import print_summary
    from monitor.link import transport_words
    from monitor.live.summary import RecordSummary

    words = getattr(transport_words, transport)
    counts = dict.fromkeys(("frames_received", "packets_received", "packets_lost", "packets_corrupt",
                            "packets_duplicate", "packets_late", "frames_missing"), 0)
    counts.update(frames_received=123_456, packets_received=123_457, packets_lost=11, packets_missed_link_down=22,
                  packets_log_damaged=damaged)
    out = StringIO()
    print_summary(Console(file=out, width=width),
                  RecordSummary(tmp_path, 60.0, {"left": counts, "right": dict(counts, packets_lost=33)}, 0,
                                transport=words))
    text = out.getvalue()
    table = text[:text.index("gaps: ")]
    assert "…" not in table, table
    assert all(len(line) <= width for line in table.splitlines()), table
    said = table.split()
    headings = ["foot", "frames", f"{words.packet}s", lost, "link down", "corrupt", "duplicate", "late",
                "missing frames"] + (["log damaged"] if damaged else [])
    for heading in headings:
        for word in heading.split():
            assert word in said, (word, table)
    for count in ("123,456", "123,457", "11", "33", "22"):
        assert count in said, (count, table)
