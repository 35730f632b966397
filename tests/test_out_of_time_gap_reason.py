"""A gap whose frames are missing because their packets came out of the stream's time (a Moticon datagram
dated off the stream's time, a Ukaton stamp far ahead: ``packets_out_of_time``) says so: its reason is
"packets out of time" ("datagrams out of time" in the Moticon stream's words), live and in a rebuild from the
raw log alike, in gaps.csv and the report's data quality. A gap with a corrupt packet among those that arrived
says "corrupt packets" (monitor.link.assembly; docs/session-format.md, "gaps.csv"). A gaps.csv written
before, with the old reasons, still loads and reads as it did.

Had: "corrupt packets", as though the packets had failed their check.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from test_moticon_time_jump import _assemble, _datagram, _stream, recorded_session
from test_transport_words import _rows_named
from test_ukaton_bad_stamp import INTERVAL_MS
from test_ukaton_bad_stamp import _assemble as _assemble_ukaton

from monitor.codebook import FEET
from monitor.session.directory import load_session

OUT_OF_TIME = "packets out of time"


def _replaced(seconds: float, bad: dict[int, bytes]) -> list[tuple[float, bytes]]:
    """A 100-Hz Moticon stream of ``seconds`` whose datagram ``i`` is ``bad[i]`` instead (arriving at its time)."""
    return [(host, bad.get(i, data)) for i, (host, data) in enumerate(_stream(seconds))]


#: At 5 s, the datagram is dated 100 s ahead (out of time); at 9 s, two in a row so dated; at 12 s, one is
#: out of time and the next does not decode (corrupt).
BAD = {500: _datagram(105.0), 900: _datagram(110.0), 901: _datagram(1e12), 1200: _datagram(200.0),
       1201: b"not a datagram"}
EXPECTED = [(5.0, 1, OUT_OF_TIME), (9.0, 2, OUT_OF_TIME), (12.0, 2, "corrupt packets")]


def _said(gaps) -> list[tuple[float, int, str]]:
    return [(round(float(s), 2), int(n), str(r)) for s, n, r in gaps]


def test_a_gap_of_datagrams_out_of_time_says_so_live():
    asm, _ = _assemble(_replaced(20.0, BAD))
    for foot in FEET:
        fa = asm.feet[foot]
        assert (fa.counters.packets_out_of_time, fa.counters.packets_corrupt, fa.counters.packets_lost) == (4, 1, 0)
        assert _said((g.start_s, g.frames_missing, g.reason) for g in fa.gaps) == EXPECTED


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """The stream of BAD recorded through the raw log; the live assembler's gaps beside it."""
    stream = _replaced(20.0, BAD)
    session = recorded_session(tmp_path_factory.mktemp("out-of-time-gaps"), "moticon-out-of-time-gaps", stream)
    return session, _assemble(stream)[0]


def test_the_rebuild_from_the_raw_log_says_the_same(recorded):
    session, asm = recorded
    for foot in FEET:
        g = session.gaps[session.gaps["foot"] == foot]
        assert _said(zip(g["start_s"], g["frames_missing"], g["reason"])) == EXPECTED
        assert _said((x.start_s, x.frames_missing, x.reason) for x in asm.feet[foot].gaps) == EXPECTED


def test_the_report_says_them_in_the_stream_s_words(recorded):
    session, _ = recorded
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = _rows_named(session)
    gaps = [cell for name, cells in rows.items() if name.startswith("gaps") for cell in cells]
    assert gaps and all("2 from datagrams out of time, 1 from corrupt datagrams" in cell for cell in gaps), rows


def test_a_ukaton_stamp_ahead_leaves_a_gap_out_of_time():
    fa, _ = _assemble_ukaton(1500, {500: 1000 + 500 * INTERVAL_MS + 20_000})
    assert [(g.frames_missing, g.reason) for g in fa.gaps] == [(1, OUT_OF_TIME)]


def test_a_gaps_csv_with_the_old_reasons_still_loads(recorded, tmp_path):
    session, _ = recorded
    old = tmp_path / session.path.name
    old.mkdir()
    for p in session.path.iterdir():
        if p.is_file() and p.name != "raw.swlog":
            (old / p.name).write_bytes(p.read_bytes())
    text = (old / "gaps.csv").read_text()
    assert OUT_OF_TIME in text
    (old / "gaps.csv").write_text(text.replace(OUT_OF_TIME, "corrupt packets"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = load_session(old)
        rows = _rows_named(s)
    assert set(s.gaps["reason"]) == {"corrupt packets"} and len(s.gaps) == 6
    gaps = [cell for name, cells in rows.items() if name.startswith("gaps") for cell in cells]
    assert gaps and all("3 from corrupt datagrams" in cell for cell in gaps), rows
    assert np.isfinite(s.gaps["start_s"]).all()
