"""The rebuild of a session's tables from its raw log (monitor.session.frames_file.rebuild_frames_file, the
recorder's close) counts its late frames for the gaps they fill in bounded memory and spills them to disk,
not kept, under a hostile insole stream; and its gaps are those the recorder counts
(monitor.live.record_summary.late_of) and those of the late frames kept whole
(monitor.session.model.gaps_after_late)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from test_link_hostile import LAYOUTS, hostile_notifications
from test_recording_late_memory import MAX_GAPS_HERE, reordered_notifications

import monitor.link.assembly
import monitor.session.rawlog
from monitor.link.assembly import SessionAssembler
from monitor.live.record_summary import late_of, recording_assembler
from monitor.session.directory import rebuild_tables
from monitor.session.frames_file import FrameSpill, decode_raw_log, rebuild_frames_file
from monitor.session.info import SessionInfo
from monitor.session.model import gaps_after_late, gaps_table
from monitor.session.names import RAW_LOG
from monitor.session.writer import SessionWriter, late_filled


def raw_log_of(path: Path, notes: tuple[tuple[str, bytes], ...]) -> tuple[Path, SessionInfo]:
    """``notes`` (foot, bytes) written to a raw log in the new session directory ``path``, 1 ms of host
    time apart (test_recording_late_memory's feed); returns the raw log's path and the session's info."""
    info = SessionInfo(session_id=path.name, start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="sim", layouts=LAYOUTS, speed=1.0, label="t")
    path.mkdir()
    writer = SessionWriter(path)
    writer.write_info(info)
    host_s = 0.0
    for foot, data in notes:
        host_s += 0.001
        writer.notification(foot, host_s, data)
    writer.raw.close()
    return path / RAW_LOG, info


#: bytes of the raw log read at once in the memory test: less than the shorter log (1.2 MB), so that the read
#: buffer is the same at both lengths (the default 4 MiB holds the whole shorter log, a third of the longer)
READ_BYTES_HERE = 1 << 16


def _peak_bytes(tmp_path: Path, n: int, spilled: bool) -> int:
    """Peak traced memory (bytes) of decoding a raw log of ``n`` hostile notifications (seed 11) as the
    rebuild does, its frames dropped: its late frames spilled to disk (``spilled``: as the close writing
    the frames table does, whose own frames' times stay in memory by design) or giving its gaps only (a close
    that cannot write the table)."""
    raw, info = raw_log_of(tmp_path / f"s{n}", hostile_notifications(n, 11))
    spill = FrameSpill(info, tmp_path / f"s{n}")
    tracemalloc.start()
    try:
        if spilled:
            _gaps, extra = decode_raw_log(raw, info, lambda _block: None, spill.add_late)
        else:
            _gaps, extra, _error = rebuild_frames_file(raw, info, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        spill.close()
    assert sum(c["frames_late"] for c in extra["counters"].values()) > n  # 3 late frames a frame received
    if spilled:  # a late packet's frames (those behind frames kept are dropped, not late frames to fill)
        assert sum(spill.late_frames.values()) > n // 2
    return peak


@pytest.mark.parametrize("spilled", [True, False], ids=["late frames spilled", "gaps only"])
def test_a_rebuild_keeps_its_late_frames_out_of_memory(tmp_path, monkeypatch, spilled):
    """About one and a half late frames per notification in this stream: kept whole, 6x the notifications
    was 3.6x the peak of the decoding (35.34 MB against 10.91 MB); the gap list full at both lengths, the
    peak at the longer stays under 2x the shorter (6.80 MB against 5.60 MB; 7.39 MB against 8.69 MB with the
    late frames spilled: the raw log's read buffer and a chunk of records decoded at once are most of it)."""
    monkeypatch.setattr(monitor.link.assembly, "MAX_GAPS", MAX_GAPS_HERE)
    monkeypatch.setattr(monitor.session.rawlog, "READ_BYTES", READ_BYTES_HERE)
    short, long = _peak_bytes(tmp_path, 20_000, spilled), _peak_bytes(tmp_path, 120_000, spilled)
    assert long < 2 * short, f"{long / 1e6:.2f} MB at 120,000 notifications, {short / 1e6:.2f} MB at 20,000"


@pytest.mark.parametrize("max_gaps", [MAX_GAPS_HERE, monitor.link.assembly.MAX_GAPS])
@pytest.mark.parametrize("stream", ["reordered", "hostile"])
def test_a_rebuild_counts_the_late_frames_as_the_recorder(tmp_path, monkeypatch, max_gaps, stream):
    """The rebuild's gaps are the recorder's (late_of: the gaps and late-filled frames its session.json
    says where the close is interrupted) and those of the late frames kept whole, coalesced gaps or not;
    the frames table it writes, late frames filled from the disk, is the one built whole."""
    monkeypatch.setattr(monitor.link.assembly, "MAX_GAPS", max_gaps)
    notes = reordered_notifications(3000, 5) if stream == "reordered" else hostile_notifications(20_000, 11)
    raw, info = raw_log_of(tmp_path / "s", notes)
    out = tmp_path / "frames.parquet"
    gaps, extra, error = rebuild_frames_file(raw, info, out, chunk_frames=1000)
    assert error is None
    recorder, whole = recording_assembler(LAYOUTS, 1.0), SessionAssembler(LAYOUTS, speed=1.0, keep_late=True)
    for asm in (recorder, whole):
        host_s = 0.0
        for foot, data in notes:
            host_s += 0.001
            asm.notification(foot, host_s, data)
        asm.finish()
    rates_hz = {foot: float(layout.current_rate_hz) for foot, layout in LAYOUTS.items()}
    kept_whole = gaps_table(gaps_after_late(whole.gaps(), {f: fa.late_blocks for f, fa in whole.feet.items()},
                                            rates_hz))
    assert sum(c["frames_late"] for c in extra["counters"].values()) > 4000
    assert extra["counters"] == recorder.counters()
    pd.testing.assert_frame_equal(gaps, kept_whole)
    assert late_of(recorder) == (len(gaps), late_filled(extra["counters"], gaps))
    frames, gaps_in_memory, _ = rebuild_tables(raw, info)
    pd.testing.assert_frame_equal(gaps_in_memory, kept_whole)
    pd.testing.assert_frame_equal(pd.read_parquet(out), frames.reset_index(drop=True), check_exact=True)
