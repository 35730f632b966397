"""The `solewatch` command as separate processes: a killed recorder, and two processes over TCP HCI."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from monitor import load_session

ROOT = Path(__file__).resolve().parents[1]
EXE = [sys.executable, "-m", "monitor"]
pytestmark = pytest.mark.timeout(600)  # a hang guard, generous for a loaded host


def _only_session(out: Path) -> Path:
    sessions = list(out.iterdir())
    assert len(sessions) == 1, sessions
    return sessions[0]


def _wait_for(path: Path, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _notified(log: Path) -> bool:
    """Whether the raw log ``log`` holds an insole's notification yet (its records as written so far)."""
    from monitor.session.rawlog import KIND_NOTIFICATION, iter_raw_log

    try:
        return any(rec.kind == KIND_NOTIFICATION for rec in iter_raw_log(log))
    except Exception:  # noqa: BLE001  (its header not written yet, or a record being written)
        return False


def test_sigkill_mid_session_loses_at_most_the_last_second(tmp_path):
    proc = subprocess.Popen([*EXE, "record", "--sim", "healthy-ride", "--speed", "1", "--duration", "60s",
                             "--out", str(tmp_path), "--plain"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # a cap for a loaded host
        # the session's time runs once an insole's notification is in its raw log (had: once session.json
        # was there, which a host slow to start the link wrote a while before: the kill came before 3.5 s)
        while not any(_notified(log) for log in tmp_path.glob("*/raw.swlog")):
            assert time.monotonic() < deadline and proc.poll() is None, "recording never started"
            time.sleep(0.05)
        time.sleep(4.0)
        proc.send_signal(signal.SIGKILL)
        killed_at = datetime.now().astimezone()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    session_dir = _only_session(tmp_path)
    assert not (session_dir / "frames.parquet").exists()  # it never closed
    s = load_session(session_dir)
    start = datetime.fromisoformat(s.info.start_utc.replace("Z", "+00:00"))
    killed_session_s = (killed_at - start).total_seconds() * s.info.speed
    assert killed_session_s > 3.5
    for foot in ("left", "right"):
        f = s.foot_frames(foot)
        received = f[~np.isnan(f.iloc[:, 2:].to_numpy(dtype=float)).all(axis=1)]
        # flushed at least every 0.5 s: at most about a second of session time is missing at the end
        assert received["t_s"].iloc[-1] > killed_session_s - 1.0, (foot, received["t_s"].iloc[-1], killed_session_s)
        assert s.counters[foot]["packets_lost"] == 0
        assert np.allclose(np.diff(received["t_s"].to_numpy()), 0.01, rtol=0.005, atol=1e-9)


def test_a_sessions_start_utc_is_when_its_time_starts_however_long_the_host_took_to_make_its_folder(
        tmp_path, monkeypatch):
    # had: start_utc was dated as the session's folder was made, before session.json and the other files
    # were written and the link started: a host that took a while over them (a slow disk, a busy host) had
    # every time read as start_utc + t_s early by that long, and the killed recorder above lost "more than a
    # second". Here writing session.json the first time takes 2 s, and start_utc is the link's start.
    import asyncio

    from monitor.link.ble import LinkConfig, PairLink
    from monitor.link.pairing import open_pair
    from monitor.live.recorder import record_session
    from monitor.live.simulated import simulated_insoles
    from monitor.session.writer import SessionWriter

    write_info, start = SessionWriter.write_info, PairLink.start
    slow, started = [], []

    def slow_first_write(self, info):
        if not slow:
            slow.append(info.start_utc)
            time.sleep(2.0)  # a host slow to write the session's first files
        write_info(self, info)

    async def dated_start(self, consume):
        started.append(time.time())
        await start(self, consume)

    monkeypatch.setattr(SessionWriter, "write_info", slow_first_write)
    monkeypatch.setattr(PairLink, "start", dated_start)

    async def go():
        async with simulated_insoles("healthy-ride", speed=20.0, seed=1, faults=[]) as sim:
            link = await open_pair(sim.backends, LinkConfig(speed=20.0))
            return await record_session(link, sim.meta, duration_s=2.0, out_dir=tmp_path)

    summary = asyncio.run(go())
    start_utc = load_session(summary.path).info.start_utc
    started_utc = datetime.fromisoformat(start_utc.replace("Z", "+00:00")).timestamp()
    # the 2 s the folder took are not in it: within a second of the link's start (the folder's own dating
    # was 2 s before it)
    assert abs(started_utc - started[0]) < 1.0, (start_utc, slow, started)


@contextlib.contextmanager
def _sim_over_tcp(scenario: str, said: list[str]) -> Iterator[str]:
    """`solewatch sim SCENARIO` at 20x in a process of its own on a TCP HCI server: its first line (the
    addresses and `--radio` to reach it); when done, SIGTERM, and what it said after that line into
    ``said``."""
    sim = subprocess.Popen([*EXE, "sim", "--scenario", scenario, "--hci", "tcp-server:127.0.0.1:0",
                            "--speed", "20"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    try:
        yield sim.stderr.readline()
    finally:
        sim.send_signal(signal.SIGTERM)
        try:
            said.append(sim.communicate(timeout=15)[1])
        except subprocess.TimeoutExpired:
            sim.kill()
            raise


def test_record_across_two_processes_over_tcp_hci(tmp_path):
    said: list[str] = []
    with _sim_over_tcp("cleat-forward", said) as line:
        m = re.search(r"--radio (tcp-client:127\.0\.0\.1:\d+)", line)
        assert m, line
        rec = subprocess.run([*EXE, "record", "--radio", m.group(1), "--speed", "20", "--duration", "30s",
                              "--out", str(tmp_path), "--plain"], cwd=ROOT, capture_output=True, text=True,
                             timeout=600)
        assert rec.returncode == 0, rec.stderr
    sim_said = said[0]
    sent = {foot: int(n.replace(",", ""))
            for foot, n in re.findall(r"(left|right): [\d,]+ packets sent, ([\d,]+) frames", sim_said)}
    assert set(sent) == {"left", "right"}, sim_said
    s = load_session(_only_session(tmp_path))
    # the monitor does not know what the other process simulates: no activity declared, no "-ride"
    assert _only_session(tmp_path).name.endswith("Z-session") and s.info.label == "session"
    assert s.info.radio.startswith("tcp-client:127.0.0.1:")
    assert set(s.info.layouts) == {"left", "right"}
    for foot in ("left", "right"):
        c = s.counters[foot]
        assert c["packets_lost"] == 0 and c["packets_corrupt"] == 0
        assert c["frames_received"] == sent[foot]  # every frame the other process sent
        assert c["frames_received"] >= 25 * 100
    assert "session:" in rec.stdout
    json.dumps(s.info.to_dict())  # the info stays serialisable


def test_record_names_the_simulated_insoles_by_the_addresses_sim_says_in_either_case(tmp_path):
    """`record --radio ... --left ADDR --right ADDR` with the addresses `solewatch sim` says (bumble's random
    static addresses), the left one lower-cased: the address check of --left/--right takes them, and the
    link finds each insole by it (bleak compares addresses without regard to case)."""
    with _sim_over_tcp("healthy-ride", []) as line:
        m = re.search(r"left (\S+), right (\S+); monitor with: .*--radio (tcp-client:127\.0\.0\.1:\d+)", line)
        assert m, line
        rec = subprocess.run([*EXE, "record", "--radio", m.group(3), "--left", m.group(1).lower(), "--right",
                              m.group(2), "--speed", "20", "--duration", "10s", "--out", str(tmp_path), "--plain"],
                             cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert rec.returncode == 0, rec.stderr
    s = load_session(_only_session(tmp_path))
    assert set(s.info.layouts) == {"left", "right"}
    assert all(s.counters[foot]["frames_received"] > 0 for foot in ("left", "right"))
