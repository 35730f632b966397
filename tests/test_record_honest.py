"""A recording claims only what it holds: a simulation too fast for the host, a full disk, both feet
lost (docs/reliability.md, "A recording never claims frames it does not have")."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest
from test_live_faults import _DiskFillsUp  # one raw-log file on a disk that fills up, for live and record

from firmware_sim.firmware import Packetiser, encode_layout, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from monitor.link.protocol import decode_layout
from monitor.live.record_notes import lost_notes
from monitor.live.recorder import SIM_STALL_HOST_S, _ride_over, recorded_span
from monitor.session.directory import load_session
from monitor.session.info import SessionInfo
from monitor.session.writer import SessionWriter


def test_a_simulation_the_host_cannot_keep_holds_its_data_span_and_says_so():
    # `record --sim healthy-ride --speed 1000 --duration 20m` whose data stopped at 5:27 of ride while the
    # host's clock (x 1000) ran on to an hour
    elapsed_s = 3600.0
    held, note = recorded_span(elapsed_s, 327.0, 1200.0, 1000.0, stopped=False)
    assert held == 327.0
    assert "could not keep 1000x on this host (about 91x)" in note and "5:27 of the 20:00 ride" in note
    # a ride whose data reach the duration, one stopped by the rider, and real insoles: no note
    assert recorded_span(1201.0, 1200.2, 1200.0, 40.0, stopped=False) == (1200.2, None)
    assert recorded_span(700.0, 650.0, 1200.0, 40.0, stopped=True) == (650.0, None)
    assert recorded_span(1200.5, 1199.0, 1200.0, 1.0, stopped=False) == (1200.5, None)
    assert recorded_span(3600.0, -np.inf, 1200.0, 40.0, stopped=False)[0] == 0.0


def test_a_simulated_ride_ends_by_its_data_however_slow_the_host():
    # the host's clock is far past the duration, but frames still come: not over
    assert not _ride_over(36_000.0, 1100.0, 1200.0, 40.0, stalled_host_s=0.5)
    assert _ride_over(1300.0, 1200.0, 1200.0, 40.0, stalled_host_s=0.0)  # the data reached it
    # no frame for SIM_STALL_HOST_S of host time: the insoles are gone
    assert _ride_over(2000.0, 700.0, 1200.0, 40.0, stalled_host_s=SIM_STALL_HOST_S)
    assert not _ride_over(1100.0, 1100.0, 1200.0, 40.0, stalled_host_s=60.0)  # not yet at the duration
    assert _ride_over(1200.0, 300.0, 1200.0, 1.0, stalled_host_s=0.0)  # real insoles: the host's clock


def test_when_both_feet_are_lost_one_note_says_so():
    lost = {"right": (60.0, "right insole lost; the session goes on with the left"),
            "left": (75.0, "left insole lost; the session goes on with the right")}
    ended = {"right": 50.2, "left": 64.6}  # each foot's last frame: lost 10 s or more after it
    assert lost_notes(lost, ["left", "right"], ended=ended) == [
        "both insoles lost (their data ended: left at 1:05, right at 0:50); no data after the second"]
    assert lost_notes(lost, ["left", "right"], ended={"left": None, "right": 50.2}) == [
        "both insoles lost (their data ended: left had none, right at 0:50); no data after the second"]
    one = {"right": lost["right"]}
    assert lost_notes(one, ["left", "right"]) == [one["right"][1]]


def test_after_a_full_disk_the_counters_are_those_on_disk(tmp_path):
    layouts = {f: decode_layout(encode_layout(InsoleSpec(f))) for f in ("left", "right")}
    info = SessionInfo(session_id="t", start_utc="2026-11-26T10:00:00.000Z", software_version="test",
                       source="sim", layouts=layouts, speed=1.0, label="t")
    writer = SessionWriter(tmp_path)
    writer.write_info(info)
    pk = {f: Packetiser(18) for f in layouts}
    raw = kpa_to_raw(np.full((8, 18), 100.0), 250, 12)
    for i in range(30):
        if i == 20:  # the disk fills: the writer keeps what it had flushed
            writer.raw.flush()
            writer.raw._fail(OSError(28, "No space left on device"))
        for foot in layouts:
            (data,) = pk[foot].packetise(i * 80_000, 10_000, raw, payload_limit=244)
            writer.notification(foot, i * 0.08 + 0.001, data)
    live_counts = {f: {"frames_received": 240} for f in layouts}  # what the live assembler saw
    writer.close(replace(info, stats={"counters": live_counts}))
    assert writer.error is not None
    on_disk = writer.info.stats["counters"]
    assert {f: c["frames_received"] for f, c in on_disk.items()} == {"left": 160, "right": 160}
    assert load_session(tmp_path).counters == on_disk
    assert not (tmp_path / "session.json.tmp").exists()
    assert not (tmp_path / "gaps.csv").exists()  # no tables: the summary must not name gaps.csv


def test_a_foot_lost_while_the_other_is_down_too_does_not_say_the_other_carries_the_session():
    """The insoles' simulator killed mid-ride: the right foot is declared lost while the left is down as
    well; its note used to say the session went on with the left."""
    from types import SimpleNamespace

    from monitor.link.ble import PairLink

    said = []
    status = {f: SimpleNamespace(lost=False, down_since_host_s=10.0, connected=False) for f in ("left", "right")}
    fake = SimpleNamespace(feet=["left", "right"], status=status,
                           _event=lambda foot, kind, **kw: said.append(kw["note"]))
    fake._goes_on = lambda foot, **kw: PairLink._goes_on(fake, foot, **kw)
    PairLink._lost(fake, "right", 60.0)
    assert said == ["right insole lost; the left insole is down too: nothing is recorded until one comes back"]
    status["left"].connected, status["left"].down_since_host_s = True, None
    status["right"].lost = False
    PairLink._lost(fake, "right", 60.0)
    assert said[-1] == "right insole lost; the session goes on with the left"


def _record_stopping_at_20_s(tmp_path, monkeypatch, capsys, scenario: str):
    """``record --sim SCENARIO --insole moticon-udp --speed 30 --duration 60s`` with both insoles stopping
    at 20 s, on the virtual clock; the session it wrote, loaded."""
    import asyncio

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", scenario, "--insole", "moticon-udp", "--speed", "30", "--duration",
                 "60s", "--fault", "stop:left@20s", "--fault", "stop:right@20s", "--out", str(tmp_path),
                 "--plain"])
    assert code == 0, capsys.readouterr()
    return load_session(next(tmp_path.iterdir()))


def test_a_simulated_moticon_stream_that_stops_is_not_blamed_on_the_host(tmp_path, monkeypatch, capsys):
    # had: `record --sim cleat-forward --insole moticon-udp --speed 30 --fault stop:right@60s --duration 2m`
    # (then the stream carried both feet and both stopped) ended after 10 s of host time without data, with
    # the note "the simulation could not keep 30x on this host (about 5x)", though the host had kept 30x
    # throughout. Both insoles stopping end the stream so.
    session = _record_stopping_at_20_s(tmp_path, monkeypatch, capsys, "healthy-ride")
    # the ride's minute, its silence after 0:20 the session's (tests/test_session_end_both_lost.py; had: 20 s)
    assert session.info.duration_s == pytest.approx(60.0, abs=0.5)
    assert session.info.notes == ["the simulated insoles sent nothing after 0:20 of the 1:00 ride"], \
        session.info.notes


@pytest.mark.looptime
async def test_a_record_the_recording_could_not_handle_in_full_is_noted(tmp_path):
    # a hook of the recording (here the live session's `on_event`) fails on each foot's battery level: the
    # recording goes on, every frame is kept, and the session's notes say how many records failed and the
    # first failure (had: kept in PairLink.consumer_errors, which nothing showed)
    from monitor.link.ble import LinkConfig, PairLink, scan
    from monitor.live.recorder import record_session
    from monitor.live.simulated import simulated_insoles

    def on_event(_session_s, event):
        if event["event"] == "battery":
            raise RuntimeError("the display broke")

    async with simulated_insoles("healthy-ride", speed=20.0, seed=3, faults=[]) as sim:
        link = PairLink(sim.backends, LinkConfig(speed=20.0))
        await link.open([f.device for f in await scan(sim.backends, timeout_s=5.0, enough=2)])
        summary = await record_session(link, sim.meta, duration_s=10.0, out_dir=tmp_path, on_event=on_event)
    session = load_session(summary.path)
    (note,) = [n for n in session.info.notes if "could not" in n]
    assert note.startswith("2 records could not be handled in full")
    assert "RuntimeError('the display broke')" in note and ("event from left" in note or "event from right" in note)
    assert summary.notes == session.info.notes
    assert session.info.duration_s >= 10.0 and all(session.counters[f]["frames_received"] > 900
                                                   for f in ("left", "right"))


@pytest.mark.parametrize("kind", ["solewatch", "orphe", "ukaton"])
def test_both_feet_lost_are_noted_at_session_times_within_the_session(tmp_path, monkeypatch, capsys, kind):
    # had: `record --sim healthy-ride --speed 100 --fault stop:left@60s --fault stop:right@60s` noted "both
    # insoles lost (left at 12:49, right at 12:48)" in a 62-s session: with no foot sending, a foot is lost
    # on the host's clock (5 s of it at least, 500 s at 100x), and the note gave that time x the speed
    import asyncio
    import re

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--insole", kind, "--speed", "100", "--duration", "60s",
                 "--fault", "stop:left@20s", "--fault", "stop:right@20s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    # the session lasts the minute it ran (the silence after the insoles stopped is its own, and the wait
    # past it for the link to give them up is not: tests/test_session_end_both_lost.py); the losses are
    # dated no later than the last frame, as live's notices
    assert session.info.duration_s == pytest.approx(60.0, abs=0.5)
    (note,) = session.info.notes
    m = re.fullmatch(r"both insoles lost \(their data ended: left at 0:(\d\d), right at 0:(\d\d)\); no data "
                     r"after the second", note)
    assert m is not None and {int(m[1]), int(m[2])} <= {19, 20, 21}, note


def test_a_foot_down_is_not_heard_from_so_the_host_clock_decides_when_both_are_down():
    # both feet stop at once: the right's last notification is stamped just after the left's drop. That
    # foot, down too, sends nothing more, so its data can never say that the left has been away 10 s, and
    # the host's clock must (had: neither foot was ever lost, at 100x on the virtual clock, and the note
    # blamed the host: "could not keep 100x on this host")
    from types import SimpleNamespace

    from monitor.link.ble import PairLink

    status = {"left": SimpleNamespace(down_since_host_s=0.200, connected=False),
              "right": SimpleNamespace(down_since_host_s=0.201, connected=False)}
    fake = SimpleNamespace(status=status, _heard_host_s={"left": 0.199, "right": 0.2005})
    assert not PairLink._others_heard(fake, "left")
    status["right"].connected, status["right"].down_since_host_s = True, None  # the right streams on
    assert PairLink._others_heard(fake, "left")


def test_both_feet_lost_after_the_session_ends_are_noted_where_it_ends():
    lost = {"right": (30.0, "right insole lost; the session goes on with the left"),
            "left": (550.0, "left insole lost; the right insole is down too: nothing is recorded until one "
                            "comes back")}
    ended = {"right": 20.0, "left": 50.9}  # a frame past the end the data reach is held to it
    assert lost_notes(lost, ["left", "right"], end_s=50.4, ended=ended) == [
        "both insoles lost (their data ended: left at 0:50, right at 0:20); no data after the second"]



def test_a_simulated_run_that_stops_short_is_called_a_run_not_a_ride(tmp_path, monkeypatch, capsys):
    # had: `record --sim healthy-run ...` whose insoles stopped sending noted "... of the 1:00 ride"
    notes = _record_stopping_at_20_s(tmp_path, monkeypatch, capsys, "healthy-run").info.notes
    assert notes == ["the simulated insoles sent nothing after 0:20 of the 1:00 run"], notes
    from monitor.signal.activity_words import activity_word

    assert [activity_word(a) for a in ("cycling_seated", "cycling", "walking", "stair_climber", None)] == \
        ["ride", "ride", "walk", "stair climber", "session"]

def _record_with_fault(tmp_path, monkeypatch, capsys, fault: str | None,
                       *more: str) -> tuple[dict[str, list[int]], str, object]:
    """``record --sim healthy-ride --speed 30 --duration 60s --fault FAULT --plain`` on the virtual clock (no
    ``--fault`` for None; ``more``: more arguments): its closing table (foot -> the numbers of its row, in column
    order), all it printed, the session loaded."""
    import asyncio

    from virtual_clock import run_on_virtual_clock

    from monitor.cli.main import main

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--speed", "30", "--duration", "60s",
                 *(["--fault", fault] if fault else []), *more, "--out", str(tmp_path), "--plain"])
    out = capsys.readouterr().out
    assert code == 0, out
    rows = {line.split()[0]: [int(v.replace(",", "")) for v in line.split()[1:]]
            for line in out.splitlines() if line.split()[:1] in (["left"], ["right"])
            and all(v.replace(",", "").isdigit() for v in line.split()[1:])}
    return rows, out, load_session(next(tmp_path.iterdir()))


def test_records_table_shows_packets_missed_link_down_and_a_silent_tail(tmp_path, monkeypatch, capsys):
    # had: a left insole dropped 15 s (`--fault drop:left@20s+15s`) showed "lost 0" and no other packet count
    # though gaps.csv held its gap of ~200 packets missed while the link was down; a left insole that stopped
    # at 20 s of 60 (`--fault stop:left@20s`) showed "missing frames 0" (no gap: a gap ends only when a packet
    # comes again). Columns: frames, packets, radio lost, link down, corrupt, duplicate, late, missing frames.
    rows, out, session = _record_with_fault(tmp_path / "drop", monkeypatch, capsys, "drop:left@20s+15s")
    gaps = session.gaps[session.gaps.foot == "left"]
    assert "radio" in out and "link down: never sent, the link down" in out
    assert rows["left"][2] == 0  # nothing lost over the radio
    assert rows["left"][3] == int(gaps.packets_lost.sum()) > 100  # the link-down gap's packets, counted
    assert rows["left"][7] == int(gaps.frames_missing.sum()) > 1000
    assert rows["right"][3] == rows["right"][7] == 0

    rows, out, session = _record_with_fault(tmp_path / "stop", monkeypatch, capsys, "stop:left@20s")
    assert session.gaps.empty  # gaps.csv is as it was: no packet came again
    # the frames of the 40 s after its last, while the right went on: received and missing make the right's
    # count (the feet sample at one rate), to a packet or two (8 frames each)
    assert rows["left"][7] > 3000 and abs(rows["left"][0] + rows["left"][7] - rows["right"][0]) <= 16, out
    assert rows["right"][7] == 0
    said = " ".join(out.split())
    assert f"left insole silent from 0:20 to the end: {rows['left'][7]:,} frames missing" in said


def test_lives_summary_says_packets_missed_link_down_and_a_silent_tail(tmp_path):
    # had: "Link, left:" named only packets lost on the radio and corrupt ones: a link-down gap's packets and
    # a foot silent to the end went unsaid
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    counters = {"left": {"packets_lost": 0, "packets_missed_link_down": 196, "packets_corrupt": 0,
                         "frames_missing": 1568},
                "right": {"packets_lost": 3, "packets_missed_link_down": 0, "packets_corrupt": 0,
                          "frames_missing": 24}}
    record = RecordSummary(tmp_path, 60.0, counters, 2, absent={"left": [(40.0, 60.0, 2000)]})
    lines = summary_text(LiveSummary(record, [], {})).splitlines()
    assert "Link, left: 196 packets missed while the link was down." in lines
    assert "Link, right: 3 packets lost on the radio." in lines
    assert ("Note: left insole silent from 0:40 to the end: 2,000 frames missing (not a gap: a gap lies "
            "between two packets)") in lines
    assert record.frames_missing("left") == 3568 and record.frames_missing("right") == 24


def test_records_table_counts_a_foot_that_starts_late_as_the_report_does(tmp_path, monkeypatch, capsys):
    # the left insole, its link up, sends nothing for the first 6 s of its time (as a loaded host's first
    # frames came 5.7 s into a session at 40x): the report counts those frames missing (absent before the
    # foot's first frame, monitor.session.absence), and so must record's closing table (had: "missing
    # frames 0" beside the report's "no data from the start of the session to 0:06 ... counted as missing")
    from firmware_sim.peripheral import SimInsole
    from monitor.report.frames_data import foot_frames
    from monitor.report.quality_data import foot_quality

    send = SimInsole._send

    async def left_starts_late(self, packets):
        if self.side != "left" or self.session_time_s() >= 6.0:
            await send(self, packets)

    monkeypatch.setattr(SimInsole, "_send", left_starts_late)
    rows, out, session = _record_with_fault(tmp_path, monkeypatch, capsys, None)
    quality = {foot: foot_quality(session, foot_frames(session, foot)) for foot in ("left", "right")}
    ((start_s, end_s),) = quality["left"].absent_spans
    assert start_s == 0.0 and 5.5 <= end_s <= 6.5, quality["left"].absent_spans
    rate_hz = session.info.layouts["left"].current_rate_hz
    assert rows["left"][7] == quality["left"].no_reading_frames >= 5.5 * rate_hz, out
    assert rows["right"][7] == quality["right"].no_reading_frames, out
    said = " ".join(out.split())
    assert f"left insole: no data from the start to 0:06 (a simulation at 30x: 0.20 s of the host's time, which " \
        f"a busy host can take to start it): {rows['left'][7]:,} frames missing" in said


def test_a_late_start_says_no_data_and_at_a_simulation_s_speed_how_much_host_time_it_was(tmp_path):
    from monitor.live.summary import RecordSummary

    # a simulation at 40x whose first frames came 19 s into the session: 0.475 s of the host's time starting
    # it, not an insole that "sent nothing" (had: "left insole sent nothing from the start to 0:19")
    simulated = RecordSummary(tmp_path, 60.0, {}, 0, absent={"left": [(0.0, 19.0, 1900)]}, speed=40.0)
    assert simulated.absent_notes() == [
        "left insole: no data from the start to 0:19 (a simulation at 40x: 0.47 s of the host's time, which a busy "
        "host can take to start it): 1,900 frames missing (not a gap: a gap lies between two packets)"]
    real = RecordSummary(tmp_path, 60.0, {}, 0, absent={"left": [(0.0, 19.0, 1900)], "right": [(0.0, 60.0, 6000)]})
    assert real.absent_notes() == [
        "left insole: no data from the start to 0:19: 1,900 frames missing (not a gap: a gap lies between two "
        "packets)", "right insole: no data at all: 6,000 frames missing (not a gap: a gap lies between two packets)"]


def test_a_disk_that_fills_up_during_record_is_said_at_once_and_the_summary_holds_what_is_on_it(
        tmp_path, monkeypatch, capsys):
    # had: `record --sim healthy-ride --speed 40 --duration 2m` onto a 400-KB disk: writing stopped at 1:05,
    # the progress ran on to "2:00 / 2:00" without a word, the summary began "Session recorded: 2:00 of
    # session time" and only its last line said "recording stopped early: [Errno 28] No space left on device"
    import asyncio

    from virtual_clock import run_on_virtual_clock

    import monitor.session.rawlog
    from monitor.cli.main import main
    from monitor.util.timefmt import clock_text

    real_open = open
    monkeypatch.setattr(monitor.session.rawlog, "open",
                        lambda *a, **kw: _DiskFillsUp(real_open(*a, **kw), 150_000), raising=False)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    import monitor.live.recorder
    real_record = monitor.live.recorder.record_session

    async def overrun(*args, **kwargs):  # a loaded host's fast simulation runs past its end: 1:01 of a 1:00 ride
        summary = await real_record(*args, **kwargs)
        return replace(summary, duration_s=summary.duration_s + 1.0)

    monkeypatch.setattr(monitor.live.recorder, "record_session", overrun)
    code = main(["record", "--sim", "healthy-ride", "--speed", "30", "--duration", "60s", "--out",
                 str(tmp_path), "--plain"])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    lines = err.splitlines()
    said = [i for i, line in enumerate(lines) if line.startswith("recording failed")]
    assert len(said) == 1, err
    # when it was noticed, which is later than what the disk holds: said as such, not as "failed at 1:11: ...;
    # what comes after is not in the recording", which read as if all before 1:11 were kept (it held 1:06)
    noticed = re.match(r"recording failed \(noticed at (\d+:\d\d)\): \[Errno 28\] No space left on device; "
                       r"what came after the raw log's last flush is not in the recording$", lines[said[0]])
    assert noticed, lines[said[0]]
    ticks = [i for i, line in enumerate(lines) if line.startswith("recording ") and "/ 1:00" in line]
    assert ticks[-1] > said[0] and "2:00" not in err  # said while the recording ran, not at its end
    assert all("NOT RECORDING" in lines[i] for i in ticks if i > said[0])
    # the session holds the raw log up to where the disk took it: the summary says so, and counts that
    session = load_session(next(tmp_path.iterdir()))
    last_s = float(session.frames["t_s"].max())
    assert 5.0 < last_s < 50.0
    head = out.splitlines()[0]
    # of the duration asked for, not of how long the session ran (had: "of 4:01" for a 4m ride)
    assert head.startswith(f"Session recorded: stopped at {clock_text(last_s)} of 1:00 of session time"), out
    minutes, seconds = noticed.group(1).split(":")
    assert last_s < 60 * int(minutes) + int(seconds) + 1  # the summary's is what is on disk: not after the noticed
    for foot in ("left", "right"):
        row = next(line.split() for line in out.splitlines() if line.startswith(foot + " "))
        assert int(row[1].replace(",", "")) == int((session.frames["foot"] == foot).sum())
        assert row[-1] == "0"  # what came after the stop is not in the recording, not missing from it
    assert "recording stopped early: [Errno 28] No space left on device" in out


@pytest.mark.parametrize("kind", ["solewatch", "orphe"])
def test_records_table_counts_late_frames_the_tables_hold_as_frames_not_missing(tmp_path, monkeypatch, capsys, kind):
    # six packets of the left foot come out of order at 20 s: the live stream counts their frames missing
    # (session.json's counters), but they fill their rows in the frames table and the report reads them. had:
    # `--fault reorder:left@20s:6` showed left "late 6, missing frames 48, frames 5,960" beside a frames table of
    # 6,008 left rows, none empty; of ORPHE "frames 12,004, missing 12" beside 12,016 rows and the report's
    # "no reading 0"
    from monitor.report.frames_data import foot_frames
    from monitor.report.quality_data import foot_quality

    rows, out, session = _record_with_fault(tmp_path, monkeypatch, capsys, "reorder:left@20s:6", "--insole", kind)
    assert rows["left"][6] == 6, out  # late
    counters = session.info.stats["counters"]["left"]
    assert counters["frames_missing"] == counters["frames_late"] > 0  # the live stream's count, as before
    frames = session.frames[session.frames.foot == "left"]
    readings = int(frames.drop(columns=["t_s", "foot"]).notna().any(axis=1).sum())
    quality = foot_quality(session, foot_frames(session, "left"))
    assert rows["left"][0] == readings == len(frames), out
    assert rows["left"][7] == quality.no_reading_frames == 0, out
