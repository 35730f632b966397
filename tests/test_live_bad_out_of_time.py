"""The live view's per-foot ``bad N`` counts every datagram the stream sent that arrived and was dropped: the
corrupt ones and those out of the stream's time (``packets_out_of_time``), as the closing table's ``corrupt``
and ``out of time`` columns do between them; its key says both (monitor.cli.console_live, README.md
"Reading the live view").

Had: ``bad 1`` for a foot with one corrupt datagram and four out of time, which the closing table then counted
apart: the four were in no figure of the live view.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

from rich.console import Console
from test_live import _fake_link
from test_moticon_time_jump import _assemble
from test_out_of_time_gap_reason import BAD, _replaced

from monitor.cli.console_live import render_view, view_key
from monitor.codebook import FEET
from monitor.link import moticon
from monitor.link.transport_words import NETWORK, RADIO
from monitor.live.config import LiveConfig
from monitor.live.delivery import Dispatcher
from monitor.live.record_progress import snapshot as _snapshot
from monitor.live.session import LiveMonitor
from monitor.signal.params import DEFAULT_PARAMS


def _live_view():
    """The live view of a 20-s Moticon stream (BAD: four datagrams out of time, one corrupt), as the recorder's
    snapshot gives it."""
    asm, _ = _assemble(_replaced(20.0, BAD))
    link = _fake_link({f: moticon.layout(f) for f in FEET})
    progress = _snapshot(link, asm, 20.0, 60.0, SimpleNamespace(error=None), [])
    live = LiveMonitor(link, SimpleNamespace(label="t", activity="unknown"), duration_s=60.0, params=DEFAULT_PARAMS,
                       dispatcher=Dispatcher([]), config=LiveConfig(), on_view=None, on_notice=None)
    return live.view(progress)


def test_the_foot_line_counts_datagrams_out_of_time_as_bad():
    view = _live_view()
    console = Console(record=True, width=120, file=io.StringIO())
    console.print(render_view(view))
    text = console.export_text()
    assert text.count("bad 5") == 2, text


def test_the_key_says_bad_counts_both():
    for words in (NETWORK, RADIO):
        key = " ".join(view_key(words=words))
        many = words.packets()[1]
        assert f"bad: {many} that failed their check or were dated off the stream's time (dropped)" in key, key
