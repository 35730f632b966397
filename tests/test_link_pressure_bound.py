"""A notification with a sample above the most its insole's layout reads (SensorLayout.most_kpa, the bound a
session's reader holds frames.parquet to, monitor.session.tables.check_pressures) is counted corrupt by
every insole kind's decoder, as a negative Moticon pressure is, and the session stays readable.

Had: `record --moticon-udp PORT` while the app sent one datagram with the left pressures at 1e30 N/cm²
recorded "699 frames", no corrupt packet, exit 0; then analyze, report and export of the session said
"frames.parquet: row 598 ...: p00_kpa is 1e+31 kPa, above 163838 kPa" and exit 2, whatever was done.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_malformed_files import SAMPLES

from firmware_sim.firmware import encode_pressure
from firmware_sim.vendors import moticon as moticon_fw
from firmware_sim.vendors import orphe as orphe_fw
from monitor.cli.main import main
from monitor.codebook import FEET
from monitor.link import moticon, orphe
from monitor.link.assembly import FootAssembler
from monitor.session.directory import load_session, open_session
from monitor.session.info import SessionInfo
from monitor.session.writer import SessionWriter

N = 300
BAD = 150


def _write(path, layouts, notes):
    """A closed session of ``notes`` (foot, payload) at 100 per second, tables written as the recorder's close
    writes them (rebuilt from the raw log, many notifications decoded at once)."""
    info = SessionInfo(session_id=path.name, start_utc="2026-12-05T10:00:00.000Z", software_version="test",
                       source="udp", layouts=layouts, speed=1.0, label="t")
    path.mkdir()
    writer = SessionWriter(path)
    writer.write_info(info)
    for k, (foot, data) in enumerate(notes):
        writer.notification(foot, k / 100, data)
    writer.close(info)


def _moticon_datagrams():
    t = np.arange(N) / 100
    p = {foot: np.full((N, 16), 5.0) for foot in FEET}
    p["left"][BAD] = 1e30
    return moticon_fw.encode_datagrams(t, p)


def _solewatch_packets(layout):
    """16-bit notifications of 4 frames from an insole whose layout says 12-bit samples: one count of
    60,000 (15,000 kPa at 0.25 kPa a count, above the layout's 2000 kPa) in packet BAD // 4."""
    out = []
    for seq in range(N // 4):
        raw = np.full((4, layout.n_sensors), 400, dtype=np.uint16)
        if seq == BAD // 4:
            raw[1, 0] = 60_000
        out.append(encode_pressure(seq, seq * 40_000, 10_000, raw, sample_bits=16))
    return out


def _solewatch_layout():
    return load_session(SAMPLES / "sim-healthy-ride").info.layouts["left"]


def test_a_moticon_datagram_above_the_layouts_range_is_corrupt_and_the_session_reads(tmp_path, capsys):
    path = tmp_path / "ride"
    datagrams = _moticon_datagrams()
    _write(path, {f: moticon.layout(f) for f in FEET}, [(f, d) for d in datagrams for f in FEET])
    session = load_session(path)
    assert session.counters["left"]["packets_corrupt"] == 1 and session.counters["right"]["packets_corrupt"] == 0
    assert session.counters["left"]["frames_received"] == N - 1
    assert np.nanmax(session.frames.filter(like="_kpa").to_numpy()) == 50.0
    for argv in (["analyze", str(path)], ["export", str(path), "-o", str(tmp_path / "f.csv")]):
        assert main(argv) == 0, capsys.readouterr().err


def test_a_solewatch_notification_above_the_layouts_range_is_corrupt_and_the_session_reads(tmp_path, capsys):
    layout = _solewatch_layout()
    assert layout.sample_bits == 12 and layout.most_kpa == 2000.0
    path = tmp_path / "ride"
    _write(path, {"left": layout}, [("left", p) for p in _solewatch_packets(layout)])
    session = load_session(path)
    assert session.counters["left"]["packets_corrupt"] == 1
    assert session.counters["left"]["frames_received"] == N - 4
    assert np.nanmax(session.frames.filter(like="_kpa").to_numpy()) == 100.0
    open_session(path).source.foot_arrays("left")  # the reader a foot at a time too
    assert main(["analyze", str(path)]) == 0, capsys.readouterr().err


def _orphe_packets():
    out = []
    for serial in range(N // 2):
        counts = np.full((2, orphe.N_SENSORS), 100, dtype=np.uint16)
        if serial == BAD // 2:
            counts[0, 3] = 65_000
        out.append(orphe_fw.encode_sensor_values(56, serial, 1000 + serial * 20, counts))
    return out


@pytest.mark.parametrize("kind", ["moticon-udp", "solewatch", "orphe"])
def test_the_live_decoder_counts_it_corrupt(kind):
    """The live path, a notification at a time (FootAssembler.feed): the same count as the close's."""
    if kind == "moticon-udp":
        layout, notes, per = moticon.layout("left"), _moticon_datagrams(), 1
    elif kind == "solewatch":
        layout, per = _solewatch_layout(), 4
        notes = _solewatch_packets(layout)
    else:  # an ORPHE layout whose session.json says 12-bit samples of 1 kPa: 65,000 counts past its 4095 kPa
        layout, per = dataclasses.replace(orphe.layout("left"), sample_bits=12, kpa_per_count=1.0), 2
        notes = _orphe_packets()
    fa = FootAssembler("left", layout)
    kept = []
    for k, data in enumerate(notes):
        kept += fa.feed(k * per / 100, data)
    kept += fa.flush()
    assert fa.counters.packets_corrupt == 1
    assert np.nanmax(np.concatenate([b.pressure_kpa for b in kept])) <= layout.most_kpa


def test_a_value_past_the_range_in_a_table_says_how_to_rebuild_it(tmp_path, capsys):
    """frames.parquet holding a value past the range, raw.swlog beside it: the error says to move the table
    away to rebuild it from the log, as the table's other errors do."""
    import pandas as pd

    path = tmp_path / "ride"
    _write(path, {f: moticon.layout(f) for f in FEET}, [(f, d) for d in _moticon_datagrams()[:10] for f in FEET])
    frames = pd.read_parquet(path / "frames.parquet")
    frames.loc[3, "p00_kpa"] = 1e31
    frames.to_parquet(path / "frames.parquet", index=False)
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "p00_kpa is 1e+31 kPa, above 163838 kPa" in err[0], err
    assert err[0].endswith("; raw.swlog is there: move frames.parquet away to rebuild the tables from it"), err
