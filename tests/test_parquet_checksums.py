"""A Parquet table of a session damaged inside a data page is refused (one line, exit 2), not read as good.

Parquet's encodings have no redundancy: bytes zeroed inside a page decode to other numbers without an error.
The tables are written with a CRC-32 of each page and read checking it (monitor.session.parquet_pages); the
committed simulated rides, written without checksums, still read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_malformed_files import SAMPLES, fails_untouched, session_copy

from monitor.cli.main import main
from monitor.session.directory import load_session, read_info
from monitor.session.frames_file import rebuild_frames_file

#: How the damaged-table line ends where the session's raw log is beside its tables.
REBUILD = "; raw.swlog is there: move frames.parquet away to rebuild the tables from it"
#: Bytes zeroed in the middle of a column chunk's data pages (a guess: enough to change a run of values).
DAMAGE_BYTES = 100


def damage_a_data_page(path: Path, column: str) -> int:
    """Zero DAMAGE_BYTES bytes of ``path`` halfway between the first data page's header and the end of
    ``column``'s chunk in the first row group (inside the page's data); returns the first byte zeroed."""
    chunk = pq.ParquetFile(path).metadata.row_group(0)
    meta = next(chunk.column(i) for i in range(chunk.num_columns) if chunk.column(i).path_in_schema == column)
    start = meta.dictionary_page_offset if meta.has_dictionary_page else meta.data_page_offset
    at = (meta.data_page_offset + start + meta.total_compressed_size) // 2
    data = bytearray(path.read_bytes())
    data[at:at + DAMAGE_BYTES] = bytes(DAMAGE_BYTES)
    path.write_bytes(bytes(data))
    return at


def recorded_copy(tmp_path: Path) -> Path:
    """A copy of the cleat-forward sample whose frames.parquet is written again from its raw log as the
    recorder's close writes it (monitor.session.frames_file.rebuild_frames_file)."""
    s = session_copy(tmp_path, "sim-cleat-forward")
    (s / "frames.parquet").unlink()
    _gaps, _extra, error = rebuild_frames_file(s / "raw.swlog", read_info(s), s / "frames.parquet")
    assert error is None
    return s


def test_the_rewritten_table_is_the_samples(tmp_path):
    s = recorded_copy(tmp_path)
    pd.testing.assert_frame_equal(load_session(s).frames, load_session(SAMPLES / "sim-cleat-forward").frames)


@pytest.mark.parametrize("command", ["analyze", "export"])
def test_a_frames_table_damaged_inside_a_page_is_one_line(tmp_path, capsys, command):
    """had: 100 zeroed bytes inside p02_kpa's data page read as other pressures (22.75 kPa where the ride
    had 6.75-10.25), `analyze` and `export` exit 0 and no word of it, though raw.swlog could rebuild the
    table."""
    s = recorded_copy(tmp_path)
    good = pq.read_table(s / "frames.parquet").to_pandas()
    damage_a_data_page(s / "frames.parquet", "p02_kpa")
    unchecked = pq.read_table(s / "frames.parquet").to_pandas()  # the damage reads without an error unchecked
    assert (unchecked["p02_kpa"].fillna(-1) != good["p02_kpa"].fillna(-1)).sum() > 10
    out = tmp_path / "frames.csv"
    line = fails_untouched(capsys, s, command, s, *(["-o", out] if command == "export" else []))
    assert f"{s / 'frames.parquet'}: not a readable Parquet file (" in line and "CRC" in line, line
    assert line.endswith(REBUILD), line
    assert not out.exists()


def test_a_damaged_table_read_from_disk_a_chunk_at_a_time_is_refused_too(tmp_path, capsys):
    """The report reads the frames from disk (monitor.session.frames_reader.FramesOnDisk)."""
    s = recorded_copy(tmp_path)
    damage_a_data_page(s / "frames.parquet", "p02_kpa")
    line = fails_untouched(capsys, s, "report", s, "-o", tmp_path / "r.html")
    assert "frames.parquet: not a readable Parquet file (" in line and "CRC" in line and line.endswith(REBUILD)
    assert not (tmp_path / "r.html").exists()


def test_an_exported_parquet_table_carries_page_checksums(tmp_path):
    out = tmp_path / "frames.parquet"
    assert main(["export", str(SAMPLES / "sim-cleat-forward"), "-o", str(out)]) == 0
    damage_a_data_page(out, "p02_kpa")
    with pytest.raises(OSError, match="CRC"):
        pq.read_table(out, page_checksum_verification=True)


def test_an_imported_sessions_tables_carry_page_checksums(tmp_path, capsys):
    assert main(["export", str(SAMPLES / "moticon-walk"), "-o", str(tmp_path / "f.csv")]) == 0
    assert main(["import", "csv", str(tmp_path / "f.csv"), "--layout", str(tmp_path / "f.layout.json"),
                 "-o", str(tmp_path / "b")]) == 0
    capsys.readouterr()
    damage_a_data_page(tmp_path / "b" / "frames.parquet", "p02_kpa")
    line = fails_untouched(capsys, tmp_path / "b", "analyze", tmp_path / "b")
    assert "frames.parquet: not a readable Parquet file (" in line and "CRC" in line, line


@pytest.mark.parametrize("name", ["sim-cleat-forward", "sim-healthy-ride"])
def test_the_samples_written_without_checksums_still_read(tmp_path, name):
    """Only pages that carry a checksum are checked: the committed tables, written before, read as they
    did. (moticon-walk's are written by the import as it is now: with checksums.)"""
    for table in sorted((SAMPLES / name).glob("*.parquet")):
        assert pq.read_table(table, page_checksum_verification=True).equals(pq.read_table(table))
    copy = shutil.copytree(SAMPLES / name, tmp_path / name)
    assert len(load_session(copy).frames) == len(pq.read_table(SAMPLES / name / "frames.parquet"))
