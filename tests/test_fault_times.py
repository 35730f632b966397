"""A simulated fault fires at its time in the session, whatever ``--speed`` is and however long the host
takes to connect and start the insoles streaming: ``record --sim`` (the insoles' clock starts with the
session) and ``solewatch sim`` for a monitor in another process (its clock starts with the first data).
Each on the virtual clock (tests/virtual_clock.py), so a slow host is a wait of known length."""

from __future__ import annotations

import asyncio
import re

import pytest
from virtual_clock import run_on_virtual_clock

from firmware_sim.faults import parse_fault
from firmware_sim.serve import serve
from monitor import load_session
from monitor.cli.main import main
from monitor.link.ble import FootLink

#: Host seconds a loaded host takes to subscribe and start each insole (a guess of the order measured:
#: docs/reliability.md has reconnections of 1.5 s on a loaded two-core host).
SLOW_START_HOST_S = 0.2
#: Session seconds in one notification of the simulated insole (docs/protocol.md, "Sizes": 8 frames at
#: 100 Hz): a drop acts on whole notifications.
NOTIFICATION_S = 0.08


@pytest.fixture
def slow_starts(monkeypatch):
    """Each insole takes SLOW_START_HOST_S of host time to start, and the command's event loop runs on the
    virtual clock."""
    start = FootLink.start

    async def slow_start(self):
        await asyncio.sleep(SLOW_START_HOST_S)
        await start(self)

    monkeypatch.setattr(FootLink, "start", slow_start)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)


@pytest.mark.parametrize("speed", [30.0, 120.0])
def test_a_drop_comes_at_its_session_time_however_long_the_insoles_took_to_start(tmp_path, slow_starts, capsys,
                                                                                 speed):
    # had: the insoles' clock started with the first insole's stream, SLOW_START_HOST_S x speed (6 s at
    # 30x, 24 s at 120x) into the session, and the drop at 30 s of that clock came that much later
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", "60s",
                 "--fault", "drop:left@30s+2s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    left = session.foot_frames("left")
    assert left["t_s"].iloc[0] == pytest.approx(SLOW_START_HOST_S * speed, abs=NOTIFICATION_S)  # data came late
    (gap,) = session.gaps[session.gaps["foot"] == "left"].itertuples()
    assert 30.0 - 2 * NOTIFICATION_S <= gap.start_s <= 30.0 + NOTIFICATION_S, gap


def test_solewatch_sim_lets_no_ride_time_pass_before_a_monitor_streams():
    # had: `solewatch sim --speed 30` ran its clock from the moment it served, so a monitor that connected
    # 2 s later met a ride 60 s old, its faults before 60 s already gone, and --duration counted from then
    async def go():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.call_later(2.0, stop.set)  # no monitor comes for 2 s of host time
        began = loop.time()
        counters = await serve("tcp-server:127.0.0.1:0", "healthy-ride", speed=30.0, seed=1,
                               faults=[parse_fault("drop:left@10s")], duration_s=5.0, stop=stop)
        return counters, loop.time() - began

    counters, served_host_s = run_on_virtual_clock(go())
    assert counters["left"].drops_injected == 0  # the drop at 10 s of ride has not come
    # --duration 5s, 0.17 s of host time at 30x, counts from the first data: no data, so it never ended
    assert served_host_s >= 2.0


@pytest.mark.parametrize("speed", [30.0, 300.0])
def test_a_moticon_stream_pause_comes_at_its_session_time(tmp_path, monkeypatch, capsys, speed):
    # had: the simulated stream's clock runs from its first datagram (the link must find the stream), and
    # its faults fired at that clock's time, early by the time the link took to find it and start, times
    # the speed: `record --sim cleat-forward --insole moticon-udp --speed 30 --fault drop:left@30s+2s`
    # paused the stream at 29.67 s of session time, and a slow start (here 0.2 s of host time) put it
    # 6 s (30x) or 60 s (300x) early
    from monitor.link.udp import UdpLink

    found = UdpLink.wait_for_stream

    async def slow_to_find(self, *, timeout_s, stop=None, say=None):
        streaming = await found(self, timeout_s=timeout_s, stop=stop, say=say)
        await asyncio.sleep(SLOW_START_HOST_S)
        return streaming

    monkeypatch.setattr(UdpLink, "wait_for_stream", slow_to_find)
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    code = main(["record", "--sim", "healthy-ride", "--insole", "moticon-udp", "--speed", f"{speed:g}",
                 "--duration", "100s", "--fault", "drop:left@80s+2s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    period_s = 1 / session.info.layouts["left"].current_rate_hz
    # and the session's first datagram goes as the session starts (had: at the end of the sender's 5 ms of
    # host time between bursts, so up to 1.5 s late at 300x; the clock's mapping starts from it, and slews
    # that out over minutes: the pause at 81.1 s)
    for foot in ("left", "right"):  # one datagram carries both feet: the pause is in both
        (gap,) = session.gaps[session.gaps["foot"] == foot].itertuples()
        assert 80.0 - 2 * period_s <= gap.start_s <= 80.0 + 2 * period_s, gap
        assert gap.frames_missing == 200


@pytest.mark.parametrize("speed", [30.0, 300.0])
def test_both_feet_start_with_the_ride_however_long_an_insole_takes_to_start(tmp_path, slow_starts, capsys,
                                                                            speed):
    # had: the feet were started one after the other, so the right's data began only once the left had
    # started: at 300x on a loaded host the right foot missed the first 43 s of the ride
    code = main(["record", "--sim", "healthy-ride", "--speed", f"{speed:g}", "--duration", "100s",
                 "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr()
    session = load_session(next(tmp_path.iterdir()))
    for foot in ("left", "right"):  # each foot's data from its one start, SLOW_START_HOST_S into the session
        first_s = session.foot_frames(foot)["t_s"].iloc[0]
        assert first_s <= SLOW_START_HOST_S * speed + NOTIFICATION_S, (foot, first_s)


def test_feet_that_stop_together_at_20x_say_so_within_the_session_in_plain_lines_without_a_traceback(
        tmp_path, monkeypatch, capfd):
    # had: at 20x both feet's loss, declared after 5 s of host time (100 s of ride), was printed at "2:30" of
    # a 0:40 session; the plain progress printed "recording 100%" every 0.2 s of host time while the ride
    # waited for the loss; and bumble's host printed "Exception in callback Host.on_packet ...
    # InvalidStateError" twice, a Command Complete arriving for a command whose waiter the stop had cancelled
    import logging
    import re

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as in a solewatch process: none configured
    code = main(["record", "--sim", "healthy-ride", "--speed", "20", "--duration", "40s", "--fault",
                 "stop:left@10s", "--fault", "stop:right@10s", "--out", str(tmp_path), "--plain"])
    out, err = capfd.readouterr()
    assert code == 0, err
    text = out + err
    assert "Traceback" not in text and "Exception" not in text, text
    lost = [line for line in text.splitlines() if "insole lost" in line and not line.startswith("note")]
    assert len(lost) == 2, text
    for line in lost:
        minutes, seconds = re.match(r"\s*(\d+):(\d\d)\s", line).groups()
        assert 10 <= int(minutes) * 60 + int(seconds) <= 40, line
    assert sum(line.startswith("recording 100%") for line in text.splitlines()) == 1, text


def _start_notes(text: str, foot: str) -> list[str]:
    """The notes of ``text`` (a command's output, its lines wrapped anyhow) on ``foot``'s late start."""
    flat = " ".join(text.split())
    return re.findall(rf"(?i)note: ({foot} insole: no data from the start.*?)(?= note: | session: |$)", flat)


def test_a_drop_before_a_foots_first_data_is_said_as_that_drop_not_the_hosts_start(tmp_path, slow_starts, capsys):
    """A drop due before an insole streams (here at 1 s, while each insole takes 6 s of session time to
    start: 0.2 s of host time at 30x) leaves no packet counted link-down and no gap (none was numbered before
    it); its foot's late start was said as the host's ("a simulation at 30x: ... of the host's time, which a
    busy host can take to start it"). record, replay and analyze say the drop."""
    from monitor import analyze

    code = main(["record", "--sim", "healthy-ride", "--speed", "30", "--duration", "20s",
                 "--fault", "drop:right@1s+1s", "--out", str(tmp_path / "rec"), "--plain"])
    out, err = capsys.readouterr()
    assert code == 0, err
    said = ", before its first data)"
    (recorded,) = _start_notes(out + err, "right")
    assert said in recorded and "its link went down at 0:0" in recorded and "host" not in recorded, recorded
    left = _start_notes(out + err, "left")
    assert left and all("busy host" in x for x in left), left  # the host's own late start, said as one
    path = next((tmp_path / "rec").iterdir())
    result = analyze(load_session(path))
    (analysed,) = [x for x in result.absent_notes() if x.startswith("right insole: no data from the start")]
    assert said in analysed and result.dropped_before_data["right"] < 6.0 and "left" not in result.dropped_before_data
    code = main(["replay", str(path), "--speed", "1000", "--plain"])
    out, err = capsys.readouterr()
    assert code == 0, err
    (replayed,) = _start_notes(out + err, "right")
    assert said in replayed, replayed


def test_a_foot_back_from_a_drop_before_its_first_data_is_not_said_to_have_its_gap_recorded(tmp_path, slow_starts,
                                                                                          capsys):
    """A drop before a foot's first frame leaves no gap (a gap lies between two packets): record and replay said
    "right insole back after 5.0 s; the gap is recorded" all the same. A drop after its data still says it."""
    code = main(["record", "--sim", "healthy-ride", "--speed", "30", "--duration", "20s",
                 "--fault", "drop:right@1s+1s", "--fault", "drop:left@10s+1s", "--out", str(tmp_path / "rec"),
                 "--plain"])
    recorded, err = capsys.readouterr()
    assert code == 0, err
    path = next((tmp_path / "rec").iterdir())
    assert set(load_session(path).gaps["foot"]) == {"left"}  # the left foot's gap, none of the right
    code = main(["replay", str(path), "--speed", "1000", "--plain"])
    replayed, err2 = capsys.readouterr()
    assert code == 0, err2
    for text in (recorded + err, replayed + err2):
        lines = [" ".join(line.split()) for line in text.splitlines() if "insole reconnected (" in line]
        right = [line for line in lines if "right insole reconnected" in line]
        left = [line for line in lines if "left insole reconnected" in line]
        assert right and all(line.endswith("; down before its first data, so no gap is recorded") for line in right), \
            lines
        assert left and all(line.endswith("; the gap is recorded once its data resume") for line in left), lines
