"""The command line: one-line errors with exit code 2, help for every command, README coverage."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from monitor.cli.main import build_parser, main, parse_duration

ROOT = Path(__file__).resolve().parents[1]


def _run(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("10m", 600), ("2h", 7200), ("1.5h", 5400),
                                            ("250ms", 0.25), ("3min", 180), ("1h30m", 5400), ("2m30s", 150),
                                            ("1h 30m", 5400), ("20M", 1200)])
def test_durations(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text, fragment", [("45", "give a unit, e.g. 45s or 45m"), ("1.5", "1.5s or 1.5m"),
                                            ("10 minutes", "use e.g."), ("0s", "longer than zero"),
                                            ("1h30", "use e.g."), ("", "use e.g."),
                                            ("-5m", "'-5m': it must be longer than zero"),
                                            ("-5", "'-5': it must be longer than zero")])
def test_a_bare_number_or_a_bad_duration_is_refused_with_a_hint(text, fragment):
    with pytest.raises(argparse.ArgumentTypeError, match=re.escape(fragment)):
        parse_duration(text)


@pytest.mark.parametrize("given, meant", [("Cleat-Forward", "cleat-forward"), ("TOE_CLIPS", "toe-clips"),
                                          ("tight shoes", "tight-shoes")])
def test_scenario_names_are_case_insensitive(given, meant):
    from monitor.session.offline import resolve_scenario

    assert resolve_scenario(given).name == meant


@pytest.mark.parametrize("given, suggested", [("cleat-foward", "cleat-forward"), ("swellling", "swelling"),
                                              ("toe", "toe-clips")])
def test_an_unknown_scenario_says_did_you_mean(given, suggested):
    from monitor.errors import UsageError
    from monitor.session.offline import resolve_scenario

    with pytest.raises(UsageError, match=f"did you mean {suggested}"):
        resolve_scenario(given)


def _fake_session(root: Path, name: str) -> Path:
    (root / name).mkdir(parents=True)
    (root / name / "session.json").write_text("{}")
    return root / name


def test_latest_is_the_newest_session_under_sessions_or_the_root_named(tmp_path, monkeypatch, capsys):
    from monitor.cli.main import session_arg

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["analyze", "latest"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no session under sessions/" in err[0]
    _fake_session(tmp_path / "sessions", "20261126T101500Z-healthy-ride")
    newest = _fake_session(tmp_path / "sessions", "20261201T080000Z-cleat-forward")
    _fake_session(tmp_path / "sessions", "20261130T235959Z-swelling")
    (tmp_path / "sessions" / "notes").mkdir()  # not a session
    assert build_parser().parse_args(["analyze", "latest"]).session == Path("sessions") / newest.name
    assert build_parser().parse_args(["report", "LATEST", "--compare", "latest"]).compare.name == newest.name
    other = _fake_session(tmp_path / "rides", "20261202T060000Z-ride")
    assert session_arg("rides/latest") == Path("rides") / other.name
    assert session_arg("sessions/20261126T101500Z-healthy-ride").name == "20261126T101500Z-healthy-ride"


def _same_second(*sessions: Path) -> None:
    """Date each session.json in one second (1,000,000,000.1 s after 1970, 0.1 s apart, in the order given),
    as two commands run within a second leave them, whatever this host's speed."""
    for k, s in enumerate(sessions):
        os.utime(s / "session.json", ns=(1_000_000_000_100_000_000 + k * 100_000_000,) * 2)


def test_of_two_imports_in_the_same_second_the_later_is_latest_and_neither_is_overwritten(tmp_path, monkeypatch,
                                                                                          capsys):
    """had: an import's directory (named by its -o, no UTC start in it) was dated by its session.json to the
    second, and two in the same second were told apart by name: `latest` was `walk-b` whichever came
    later. Now to the nanosecond; and an import into a session directory already there is refused."""
    monkeypatch.chdir(tmp_path)
    data = Path(__file__).resolve().parent / "data" / "generic_csv"

    def imported(name: str) -> Path:
        assert main(["import", "csv", str(data / "walk.csv"), "--layout", str(data / "layout.json"),
                     "-o", f"sessions/{name}"]) == 0
        return tmp_path / "sessions" / name

    b, a = imported("walk-b"), imported("walk-a")
    _same_second(b, a)
    assert build_parser().parse_args(["analyze", "latest"]).session == Path("sessions") / "walk-a"
    _same_second(a, b)
    assert build_parser().parse_args(["analyze", "latest"]).session == Path("sessions") / "walk-b"
    before = {p.name: p.read_bytes() for p in a.iterdir()}
    capsys.readouterr()
    assert main(["import", "csv", str(data / "walk.csv"), "--layout", str(data / "layout.json"),
                 "-o", "sessions/walk-a"]) == 2
    assert "walk-a: exists and is not empty" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in a.iterdir()} == before


def test_of_two_recordings_in_the_same_second_the_later_start_is_latest(tmp_path, monkeypatch):
    """had: two recordings named for the same UTC second were told apart by name (a label later in the
    alphabet won) and a name's `-10` (the tenth taken in that second) came before its `-9`. Now by
    session.json's start_utc (milliseconds), then by the -N."""
    from monitor.session.latest import newest_session

    root = tmp_path / "sessions"
    zeta = _fake_session(root, "20261201T080000Z-zeta")
    alpha = _fake_session(root, "20261201T080000Z-alpha")
    (zeta / "session.json").write_text(json.dumps({"start_utc": "2026-12-01T08:00:00.100Z"}))
    (alpha / "session.json").write_text(json.dumps({"start_utc": "2026-12-01T08:00:00.900Z"}))
    assert newest_session(root) == alpha
    (zeta / "session.json").write_text(json.dumps({"start_utc": "2026-12-01T08:00:01.000Z"}))  # just after
    assert newest_session(root) == zeta
    (zeta / "session.json").write_text(json.dumps({"start_utc": "2026-12-02T08:00:00.000Z"}))  # not its start
    assert newest_session(root) == alpha
    other = tmp_path / "rides"
    for k in (1, 2, 9, 10):
        _fake_session(other, "20261201T080000Z-ride" + ("" if k == 1 else f"-{k}"))
    assert newest_session(other).name == "20261201T080000Z-ride-10"


@pytest.mark.parametrize("args, fragment", [
    (["record", "--sim", "healthy-ride", "--duration", "ten minutes"], "invalid duration 'ten minutes'"),
    (["record", "--sim", "healthy-ride", "--speed", "-3"], "invalid speed"),
    (["record", "--duration", "1m"], "say which insoles"),
    # an empty scenario is said as one, with the scenarios (had: "say which insoles", as if --sim were not there)
    (["record", "--sim", "", "--duration", "1m"], "solewatch record: error: --sim '': the scenario is empty "
                                                  "(known: healthy-ride, cleat-forward,"),
    (["live", "--sim", "  "], "solewatch live: error: --sim '  ': the scenario is empty (known: healthy-ride,"),
    (["record", "--left", "AA:BB:CC:DD:EE:01", "--fault", "drop:left@1s"], "--fault needs --sim"),
    (["frobnicate"], "invalid choice"),
    # a misspelt command is given the close ones, as a misspelt scenario is (had: the choices alone)
    (["analyse", "latest"], "solewatch: error: argument COMMAND: invalid choice: 'analyse'; did you mean analyze? "
                            "(choose from 'scenarios',"),
    (["record", "--sim", "healthy-ride", "--insole", "orfe"], "invalid choice: 'orfe'; did you mean orphe?"),
    # the simulation's options with real insoles are refused, as --fault is (had: ignored, so --speed 40
    # --duration 20m recorded 20 real minutes)
    (["live", "--scan", "--speed", "40", "--duration", "20m"],
     "solewatch live: error: --speed needs --sim or --radio (real insoles stream in real time"),
    (["record", "--left", "AA:BB:CC:DD:EE:01", "--right", "AA:BB:CC:DD:EE:02", "--seed", "3", "--duration", "1m"],
     "solewatch record: error: --seed needs --sim (real insoles send their own data"),
    (["live", "--radio", "tcp-client:127.0.0.1:1", "--seed", "3"], "solewatch live: error: --seed needs --sim"),
    (["record", "--moticon-udp", "9999", "--speed", "3", "--duration", "1m"],
     "solewatch record: error: --speed needs --sim or --radio"),
    (["record", "--sim", "x", "--radio", "tcp-client:127.0.0.1:1"], "not allowed with"),
    # a value that starts with a minus is the option's value, judged by its type (had: "expected one argument")
    (["record", "--sim", "healthy-ride", "--duration", "-5m"],
     "argument --duration: invalid duration '-5m': it must be longer than zero"),
    (["record", "--sim", "healthy-ride", "--duration=-5m"],
     "argument --duration: invalid duration '-5m': it must be longer than zero"),
    (["live", "--sim", "healthy-ride", "--duration", "-1h30m"],
     "argument --duration: invalid duration '-1h30m': it must be longer than zero"),
    (["scan", "--timeout", "-1s"], "argument --timeout: invalid duration '-1s': it must be longer than zero"),
    (["record", "--sim", "healthy-ride", "--speed", "-3x"], "argument --speed: invalid speed '-3x'"),
    (["record", "--sim", "healthy-ride", "--speed", "-inf"], "argument --speed: invalid speed '-inf'"),
    (["replay", "sessions/samples/sim-cleat-forward", "--speed", "-Infinity"],
     "argument --speed: invalid speed '-Infinity'"),
    (["study", "sessions/samples", "-o", "out", "--workers", "-nan"], "argument --workers: invalid count '-nan'"),
    # an insole's address is checked as it is read (had: "Bluetooth is not available here" first, or a scan
    # that could never find it)
    (["record", "--left", "ZZ:BB"], "solewatch record: error: argument --left: invalid address 'ZZ:BB': a "
                                    "Bluetooth address such as AA:BB:CC:DD:EE:FF, or on macOS the UUID"),
    (["record", "--sim", "healthy-ride", "--right", "AA:BB:CC:DD:EE"], "argument --right: invalid address "
                                                                      "'AA:BB:CC:DD:EE'"),
    (["live", "--left", "AA-BB-CC-DD-EE-FF", "--right", "AA:BB:CC:DD:EE:02"],
     "solewatch live: error: argument --left: invalid address 'AA-BB-CC-DD-EE-FF'"),
    # one insole named for both feet (had: taken, a connection tried to the one insole twice)
    (["record", "--left", "AA:BB:CC:DD:EE:01", "--right", "AA:BB:CC:DD:EE:01", "--duration", "10s"],
     "solewatch record: error: --left and --right both name AA:BB:CC:DD:EE:01: one insole cannot be both feet"),
    (["live", "--left", "aa:bb:cc:dd:ee:01", "--right", "AA:BB:CC:DD:EE:01"],
     "solewatch live: error: --left and --right both name aa:bb:cc:dd:ee:01: one insole cannot be both feet"),
    # a word the command does not take is said by that command (had: "solewatch: error: ...")
    (["scenarios", "cleat"], "solewatch scenarios: error: unrecognized arguments: cleat (see solewatch scenarios "
                             "--help)"),
    (["replay", "sessions/samples/sim-cleat-forward", "--fault", "drop:left@30s"],
     "solewatch replay: error: unrecognized arguments: --fault drop:left@30s (see solewatch replay --help)"),
    # the Moticon app's stream takes no fault, as --left/--right do not (had: ignored, the stream awaited)
    (["record", "--moticon-udp", "4000", "--fault", "lose:left@1s", "--duration", "10s"],
     "solewatch record: error: --fault needs --sim (faults are injected by the simulated insoles)"),
])
def test_bad_arguments_are_one_line_and_exit_2(args, fragment):
    proc = _run(*args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert fragment in lines[0]
    assert "Traceback" not in proc.stderr


def test_an_insole_address_is_a_bluetooth_address_or_a_macos_uuid():
    """What bleak finds by address (BleakScanner.find_device_by_address, any case) is taken: six bytes between
    colons, as Linux, Windows and the simulated radio's bumble addresses are written, and macOS's UUIDs."""
    from firmware_sim.insole_identity import InsoleIdentity
    from monitor.cli.argtypes import parse_insole_address

    for seed in range(5):
        for side in ("left", "right"):
            address = InsoleIdentity.from_seed(side, seed).address
            assert parse_insole_address(address) == address
            assert parse_insole_address(address.lower()) == address.lower()
    assert parse_insole_address(" 1a2b3c4d-5E6F-7a8b-9C0D-1e2f3a4b5c6d ") == "1a2b3c4d-5E6F-7a8b-9C0D-1e2f3a4b5c6d"
    for bad in ("", "AA:BB", "AA:BB:CC:DD:EE:FF:00", "AA:BB:CC:DD:EE:GG", "AABBCCDDEEFF", "AA-BB-CC-DD-EE-FF",
                "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6", "left"):
        with pytest.raises(argparse.ArgumentTypeError, match="invalid address"):
            parse_insole_address(bad)


@pytest.mark.parametrize("command, fault, duration, said", [
    ("live", "drop:left@10m", "1m", "--fault drop:left@10m: at 10:00, not before the session ends (--duration 1:00)"),
    ("record", "lose:right@1m:3", "1m", "--fault lose:right@1m:3: at 1:00, not before the session ends"),
    ("record", "stop:right@11m", None, "--fault stop:right@11m: at 11:00, not before the session ends "
                                       "(--duration 10:00)"),  # record's default duration
])
def test_a_fault_after_the_end_of_the_session_is_one_line_and_nothing_starts(tmp_path, capsys, command, fault,
                                                                              duration, said):
    args = [command, "--sim", "cleat-forward", "--speed", "40", "--plain", "--out", str(tmp_path / "sessions"),
            "--fault", "battery:left@10s=15", "--fault", fault] + (["--duration", duration] if duration else [])
    assert main(args) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert said in line and "never happen" in line
    assert not (tmp_path / "sessions").exists()


def _refused_at_parsing(capsys, args) -> str:
    """The one stderr line of a command line refused by its parser (exit 2, nothing started)."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err, err
    [line] = err.strip().splitlines()
    return line


# had: a negative seed went through to numpy, whose traceback ("expected non-negative integer") ended the
# command after it had started the simulation
@pytest.mark.parametrize("args", [
    ["record", "--sim", "healthy-ride", "--duration", "5s", "--seed", "-1"],
    ["live", "--sim", "healthy-ride", "--seed", "-1"],
    ["scan", "--sim", "healthy-ride", "--seed", "-1"],
    ["sim", "--scenario", "healthy-ride", "--hci", "tcp-server:127.0.0.1:0", "--seed", "-1"],
], ids=["record", "live", "scan", "sim"])
def test_a_negative_seed_is_refused_at_parsing(capsys, args):
    line = _refused_at_parsing(capsys, args)
    assert line.startswith(f"solewatch {args[0]}: error: argument --seed: invalid seed '-1' (a whole number "
                           f"from 0"), line


@pytest.mark.parametrize("option, value, said", [
    ("--seed", "1.5", "invalid seed '1.5'"),
    ("--moticon-udp", "-5", "invalid port '-5' (a whole number from 1 to 65535)"),
    ("--moticon-udp", "70000", "invalid port '70000' (a whole number from 1 to 65535)"),
    ("--moticon-udp", "0", "invalid port '0' (a whole number from 1 to 65535)"),
    ("--radio", "tcp-client:127.0.0.1:70000",
     "invalid port '70000' in 'tcp-client:127.0.0.1:70000' (a whole number from 1 to 65535)"),
    ("--radio", "tcp-client:127.0.0.1:0", "invalid port '0' in 'tcp-client:127.0.0.1:0' (a whole number from 1"),
    ("--radio", "usb:0", "invalid transport 'usb:0': give tcp-client:HOST:PORT"),
])
def test_a_bad_seed_port_or_transport_of_record_is_one_line_naming_it(capsys, option, value, said):
    # had: a port out of range reached the socket, whose OverflowError ("bind(): port must be 0-65535") was
    # a traceback and exit 1
    line = _refused_at_parsing(capsys, ["record", option, value, "--duration", "5s"])
    assert line.startswith(f"solewatch record: error: argument {option}: {said}"), line


@pytest.mark.parametrize("args, said", [
    (["sim", "--scenario", "healthy-ride", "--hci", "tcp-server:127.0.0.1:70000"],
     "argument --hci: invalid port '70000' in 'tcp-server:127.0.0.1:70000' (a whole number from 0 to 65535; "
     "0: any free port)"),
    (["sim", "--scenario", "healthy-ride", "--hci", "tcp-server:127.0.0.1:-1"],
     "argument --hci: invalid port '-1' in 'tcp-server:127.0.0.1:-1'"),
    (["live", "--moticon-udp", "65536"], "argument --moticon-udp: invalid port '65536'"),
    (["live", "--sim", "healthy-ride", "--web", "70000"], "argument --web: invalid address '70000': give "
                                                         "[HOST:]PORT, PORT a whole number from 0 to 65535"),
    (["study", "sessions", "-o", "out", "--scheduler", "tcp://10.0.0.5:70000"],
     "argument --scheduler: invalid port '70000' in 'tcp://10.0.0.5:70000' (a whole number from 1 to 65535)"),
    # had: "1 session; Dask scheduler foo", then "cannot connect" on a second line, after Dask tried
    (["study", "sessions", "-o", "out", "--scheduler", "foo"],
     "argument --scheduler: invalid scheduler address 'foo': give tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"),
    (["study", "sessions", "-o", "out", "--scheduler", "http://10.0.0.5:8786"],
     "argument --scheduler: invalid scheduler address 'http://10.0.0.5:8786'"),
])
def test_every_port_is_checked_at_parsing(capsys, args, said):
    line = _refused_at_parsing(capsys, args)
    assert line.startswith(f"solewatch {args[0]}: error: {said}"), line


@pytest.mark.parametrize("command, host", [
    ("record-moticon-udp", "127.0.0.1"),  # the Moticon stream is listened for on 127.0.0.1 only
    ("sim-hci", "127.0.0.1"), ("sim-hci", "192.0.2.1"),
    ("live-web", "127.0.0.1"), ("live-web", "192.0.2.1"),
])
def test_a_port_that_cannot_be_listened_on_is_one_line_and_exit_2(tmp_path, capsys, command, host):
    """A port another program holds, or an address not this host's (192.0.2.1, TEST-NET-1): the system's
    reason in one line, nothing recorded."""
    import socket

    kind = socket.SOCK_DGRAM if command == "record-moticon-udp" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        args = {"record-moticon-udp": ["record", "--moticon-udp", str(port), "--duration", "5s"],
                "sim-hci": ["sim", "--scenario", "healthy-ride", "--hci", f"tcp-server:{host}:{port}",
                            "--duration", "5s"],
                "live-web": ["live", "--sim", "healthy-ride", "--web", f"{host}:{port}", "--no-sound",
                             "--no-report"]}[command]
        code = main([*args, "--out", str(tmp_path)] if args[0] != "sim" else args)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    [line] = err.strip().splitlines()
    reason = "Address already in use" if host == "127.0.0.1" else "Cannot assign requested address"
    assert line.startswith(f"solewatch {args[0]}: error: ") and line.count(reason) == 1, line
    assert str(port) in line and "while attempting" not in line, line
    assert list(tmp_path.iterdir()) == []


def test_a_radio_that_refuses_the_connection_is_one_line(tmp_path, capsys):
    import socket

    with socket.socket() as closed:  # bound, not listening: a connection to it is refused
        closed.bind(("127.0.0.1", 0))
        spec = f"tcp-client:127.0.0.1:{closed.getsockname()[1]}"
        code = main(["record", "--radio", spec, "--duration", "5s", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.strip() == f"solewatch record: error: cannot reach the simulated radio at {spec}: " \
                                        "Connection refused", err
    assert list(tmp_path.iterdir()) == []


def test_no_bluetooth_here_is_one_line_with_a_hint_to_use_sim():
    proc = _run("scan", "--timeout", "1s")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Bluetooth is not available" in lines[0] and "--sim" in lines[0]


@pytest.mark.parametrize("kind, feet", [("solewatch", ["unknown", "unknown"]), ("orphe", ["unknown", "unknown"]),
                                        ("ukaton", ["left", "right"])])
def test_scan_says_unknown_for_a_foot_the_advertisement_does_not_name(capsys, monkeypatch, kind, feet):
    # had: an empty foot column for the Solewatch profile and ORPHE (their side is read on connecting)
    import asyncio

    from virtual_clock import run_on_virtual_clock

    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the scan's 5 s on the virtual clock
    assert main(["scan", "--sim", "healthy-ride", "--insole", kind, "--timeout", "5s"]) == 0
    header, *rows = capsys.readouterr().out.strip().splitlines()
    assert header.split() == ["address", "name", "kind", "foot", "rssi"]
    cells = [row.split() for row in rows]
    assert all(len(c) == 5 and c[2] == kind and c[4] == "-50" for c in cells), rows
    assert sorted(c[3] for c in cells) == feet


@pytest.mark.parametrize("rssi", [None, 127, -127])
def test_scan_says_dash_for_a_signal_strength_or_name_the_advertisement_does_not_give(capsys, monkeypatch, rssi):
    # an adapter that reports no RSSI for an advertisement (none; 127, the HCI's "not available"; -127,
    # bleak's BlueZ backend when BlueZ has none), and an insole that advertises no name (the Solewatch
    # profile is recognised by its service UUID): each cell says "-", as the project's other tables do
    # for a value not known (had: empty cells, so the row read as if a column were missing; 127 listed
    # as the strongest signal of all)
    import asyncio
    import dataclasses

    from virtual_clock import run_on_virtual_clock

    import firmware_sim.bleak_backend as backend

    data, parse = backend.AdvertisementData, backend.parse_advertising_data
    monkeypatch.setattr(backend, "AdvertisementData", lambda **fields: data(**{**fields, "rssi": rssi}))
    monkeypatch.setattr(backend, "parse_advertising_data",
                        lambda raw: dataclasses.replace(parse(raw), local_name=None))
    monkeypatch.setattr(asyncio, "run", run_on_virtual_clock)  # the scan's 5 s on the virtual clock
    assert main(["scan", "--sim", "healthy-ride", "--insole", "solewatch", "--timeout", "5s"]) == 0
    header, *rows = capsys.readouterr().out.strip().splitlines()
    assert header.split() == ["address", "name", "kind", "foot", "rssi"]
    cells = [row.split() for row in rows]
    assert len(cells) == 2 and all(c[1:] == ["-", "solewatch", "unknown", "-"] for c in cells), rows


def test_unknown_scenario_is_one_line(tmp_path):
    proc = _run("record", "--sim", "no-such-ride", "--duration", "1s", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "no-such-ride" in proc.stderr and "healthy-ride" in proc.stderr


def test_bad_fault_spec_is_one_line(tmp_path):
    proc = _run("record", "--sim", "healthy-ride", "--fault", "explode:left@1s", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "explode" in proc.stderr
    assert not any(tmp_path.iterdir())  # nothing half-made


def test_a_fault_count_past_the_longest_session_is_one_line(tmp_path):
    """`--fault lose:left@5s:99999999999999999999` ran (every packet after 5 s lost, the count never reached):
    a count is at most the packets of the longest session, 366 days at 200 packets/s."""
    out = tmp_path / "sessions"
    proc = _run("record", "--sim", "healthy-ride", "--speed", "1000", "--duration", "6s", "--fault",
                "lose:left@5s:99999999999999999999", "--out", str(out))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("solewatch record: error: --fault: bad fault 'lose:left@5s:99999999999999999999': count "
                           "'99999999999999999999' is more than the 6,324,480,000 packets of the longest session "
                           "(366 days at 200 packets/s)"), line
    assert not out.exists()


def test_python_dash_m_monitor_is_the_same_command():
    assert _run("--version").stdout.startswith("solewatch ")


def test_scenarios_lists_every_scenario(capsys):
    from firmware_sim.scenarios import SCENARIOS

    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in SCENARIOS:
        assert re.search(rf"^{re.escape(name)}\s", out, re.M)


def test_scenarios_say_their_activity_as_activity_takes_it(capsys):
    """The table has a header, and its activity column holds words ``--activity`` takes (it said
    ``cycling_seated``, which ``--activity`` refuses)."""
    from firmware_sim.scenarios import SCENARIOS

    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["scenario", "activity"]
    choices = next(a.choices for a in build_parser()._subparsers._group_actions[0].choices["record"]._actions
                   if a.dest == "activity")
    assert len(lines) == len(SCENARIOS) + 1
    for line in lines[1:]:
        assert line.split()[1] in choices, line


def test_an_insole_kind_is_taken_in_any_case():
    """``--insole Orphe`` is orphe, as ``--sim Cleat_Forward`` is cleat-forward (had: invalid choice)."""
    parser = build_parser()
    args = parser.parse_args(["record", "--sim", "healthy-ride", "--insole", "Orphe", "--duration", "1m"])
    assert args.insole == "orphe"
    assert parser.parse_args(["sim", "--scenario", "healthy-ride", "--hci", "tcp-server:127.0.0.1:0",
                              "--insole", "UKATON"]).insole == "ukaton"


def test_every_command_that_judges_says_it_is_not_a_medical_device():
    """Each command whose output is a verdict on a foot ends its help with the not-a-medical-device line,
    as the top-level help does (had: analyze and study without it)."""
    from monitor.cli.main import EPILOG_NOT_MEDICAL

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in ("live", "analyze", "replay", "report", "study"):
        assert EPILOG_NOT_MEDICAL in (sub.choices[name].epilog or ""), name


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    readme = (ROOT / "README.md").read_text()
    for name, p in sub.choices.items():
        assert p.epilog and "example" in p.epilog, name
        assert f"solewatch {name}" in readme, name


def test_a_reader_that_goes_away_ends_the_output_without_a_traceback():
    """`solewatch scenarios | head -0`: the pipe's reader is gone before the first line; the command ends
    quietly with 141 (128 + SIGPIPE), as a shell reports a broken pipe, and no traceback."""
    import os

    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # the reader has gone before the command writes anything
    try:
        done = subprocess.run([sys.executable, "-m", "monitor", "scenarios"], stdout=write_fd,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_fd)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr


def test_the_version_is_the_installed_distributions():
    """monitor/util/version.py is the one place the version is written; the installed metadata (which
    pyproject.toml reads from it) and ``solewatch --version`` say the same."""
    from importlib.metadata import version

    from monitor.util.version import __version__

    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", __version__)
    assert version("solewatch") == __version__
    r = _run("--version")
    assert r.returncode == 0 and __version__ in r.stdout


@pytest.mark.parametrize("n, noun, plural, said", [(1, "record", None, "1 record"), (0, "record", None, "0 records"),
                                                    (4700, "record", None, "4,700 records"),
                                                    (1, "packet lost", "packets lost", "1 packet lost"),
                                                    (2, "packet lost", "packets lost", "2 packets lost")])
def test_a_count_takes_its_noun_in_the_right_number(n, noun, plural, said):
    from monitor.util.words import counted

    assert counted(n, noun, plural) == said


def test_what_the_commands_say_of_one_thing_is_singular(tmp_path, capsys):
    """A 0.2-s import exported as FIT is one record: "exported 1 record", not "exported 1 records"."""
    example = ROOT / "tests" / "data" / "generic_csv"
    s = tmp_path / "walk"
    assert main(["import", "csv", str(example / "walk.csv"), "--layout", str(example / "layout.json"),
                 "-o", str(s)]) == 0
    said = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(said) if line.startswith("caveats: "))
    count = " ".join(" ".join(said[1:header]).split())  # the count line, wrapped to the terminal's width
    assert count.endswith("; 2 caveats in session.json"), said
    # what a caveat is, and where to read them, is said with them
    assert said[header].startswith("caveats: what to know about the data")
    assert "imported_from.caveats" in " ".join(said[header:header + 2])
    assert main(["export", str(s), "--format", "fit", "-o", str(tmp_path / "walk.fit")]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"exported 1 record (one a second) and 0 alerts of {s} "), said


def test_a_live_summary_counts_one_lost_packet_in_the_singular(tmp_path):
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    record = RecordSummary(tmp_path, 60.0, {"left": {"packets_lost": 1, "packets_corrupt": 1},
                                            "right": {"packets_lost": 2, "packets_corrupt": 3}}, 0)
    lines = summary_text(LiveSummary(record, [], {})).splitlines()
    assert "Link, left: 1 packet lost on the radio, 1 corrupt packet." in lines, lines
    assert "Link, right: 2 packets lost on the radio, 3 corrupt packets." in lines, lines


def test_params_help_says_a_recorded_sessions_own_parameters_are_the_default():
    """analyze, replay, report and export --format fit run with the live session's own params.json when no
    --params is given (monitor.cli.inputs.detection_params); their --help says so, in the same words,
    rather than "overriding detection defaults"."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    helps = {}
    for name in ("analyze", "replay", "report", "export"):
        action = next(a for a in sub.choices[name]._actions if "--params" in a.option_strings)
        helps[name] = action.help.removeprefix("with fit: ")
        assert "default: the session's own params.json" in action.help, (name, action.help)
    assert len(set(helps.values())) == 1, helps


def test_insole_help_says_named_insoles_are_the_solewatch_profile_by_default():
    """Insoles named with --left/--right are of --insole KIND, the Solewatch profile without it
    (monitor.link.pairing.open_pair), not "any" kind as a scan takes; record and live say so."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in ("record", "live"):
        text = next(a for a in sub.choices[name]._actions if "--insole" in a.option_strings).help
        assert "with --left/--right the kind of the insoles named (default solewatch" in text, (name, text)


def test_web_help_says_the_qr_code_is_drawn_on_a_terminal_only():
    """``live --web`` prints the phone view's URL always and its QR code only when stdout is a terminal
    (monitor.cli.live_command._show_phone_url); the help said both "are printed"."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    text = next(a for a in sub.choices["live"]._actions if "--web" in a.option_strings).help
    assert "on a terminal a QR code" in text, text


def test_simulation_speed_help_names_its_range_alike_on_every_command():
    """--speed of a simulation is refused outside 0.01..1000 (parse_speed: "a factor from 0.01 to 1000");
    the help of sim, record and live says so, in the same words."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    helps = {}
    for name in ("sim", "record", "live"):
        action = next(a for a in sub.choices[name]._actions if "--speed" in a.option_strings)
        helps[name] = action.help.removeprefix("with --sim/--radio: ")
        assert "from 0.01 to 1000" in action.help and "(default 1)" in action.help, (name, action.help)
    assert len(set(helps.values())) == 1, helps


@pytest.mark.parametrize("args", [
    ["record", "--sim", "healthy-ride", "--speed", "1e-300"],
    ["live", "--sim", "healthy-ride", "--speed", "0.001x"],
    ["sim", "--scenario", "healthy-ride", "--hci", "tcp-server:127.0.0.1:0", "--speed", "5e-324"],
    ["replay", "sessions/samples/sim-cleat-forward", "--speed", "1e-300"],
    ["replay", "sessions/samples/sim-cleat-forward", "--speed", "1e300"],
    ["record", "--sim", "healthy-ride", "--speed", "1000.5"],
], ids=["record", "live", "sim", "replay-slow", "replay-fast", "record-fast"])
def test_a_speed_outside_what_a_session_can_take_is_one_line_and_exit_2(capsys, args):
    """had: --speed 1e-300 was taken (any factor above 0), so `record --sim S --speed 1e-300` ran a ride
    that never ends, and `replay --speed 1e-300` waited for ever; a speed is from 0.01 to 1000 (the help
    says so on every command), 1000 being a session.json's own limit."""
    with pytest.raises(SystemExit) as exc:  # the parser alone: a command line it took would start the ride
        build_parser().parse_args(args)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err, err
    [line] = err.strip().splitlines()
    assert f"argument --speed: invalid speed '{args[-1]}' (a factor from 0.01 to 1000, e.g. " in line, line
    from monitor.cli import argtypes
    from monitor.session.info import MAX_SPEED
    assert argtypes.MAX_SPEED == MAX_SPEED
    assert argtypes.parse_speed("0.01") == 0.01 and argtypes.parse_replay_speed("1000x") == 1000.0


def test_a_commands_help_names_only_its_own_options():
    """Every --option a command's description or option help names is one of that command's options
    (another command's, as in "solewatch record --radio ...", is named with its command): record's
    --pedals said "--rider's own", scan's --insole "with --left/--right", options neither has."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in sub.choices.items():
        own = {o for a in command._actions for o in a.option_strings}
        for text in [command.description or ""] + [a.help or "" for a in command._actions]:
            text = re.sub(r"solewatch [a-z]+ [^;)]*", "", text)  # another command's line
            named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))
            assert named <= own, (name, sorted(named - own), text)


def test_a_live_session_too_short_to_warn_says_so_in_its_summary(tmp_path):
    """A 30 s live ride ended with 'Alerts: none; no sustained forefoot load was found.', though a warning
    needs 5 minutes of load: it says it was too short to tell, as solewatch analyze does."""
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    short = summary_text(LiveSummary(RecordSummary(tmp_path, 30.0, {}, 0), [], {})).splitlines()
    assert "Alerts: none in 0:30, too short to tell: a warning needs 5:00 of sustained forefoot load." in short
    long = summary_text(LiveSummary(RecordSummary(tmp_path, 600.0, {}, 0), [], {})).splitlines()
    assert "Alerts: none; no sustained forefoot load was found." in long
    params = LiveSummary(RecordSummary(tmp_path, 200.0, {}, 0), [], {}, warn_after_s=180.0)
    assert "Alerts: none; no sustained forefoot load was found." in summary_text(params).splitlines()


def test_a_simulated_recording_keeps_every_parameter_of_its_simulation(tmp_path, capsys):
    """scenario, seed, speed, insole kind and faults are in session.json (docs/session-format.md, "A
    simulated session's parameters"), and no params.json is written: that file holds detection parameters,
    which analyze, replay and report would read."""
    import json

    code = main(["record", "--sim", "healthy-ride", "--insole", "ukaton", "--seed", "7", "--speed", "100",
                 "--duration", "20s", "--fault", "stop:right@10s", "--out", str(tmp_path), "--plain"])
    assert code == 0, capsys.readouterr().err
    (session,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert not (session / "params.json").exists()
    info = json.loads((session / "session.json").read_text())
    assert (info["source"], info["scenario"], info["seed"], info["speed"], info["faults"]) == (
        "sim", "healthy-ride", 7, 100.0, ["stop:right@10s"])
    assert {f: layout.get("insole") for f, layout in info["layouts"].items()} == {"left": "ukaton", "right": "ukaton"}


def test_record_says_it_is_connecting_before_its_progress(tmp_path, capsys):
    # `record` said nothing while it scanned and connected (up to a 10-s scan and a connection per
    # insole with real ones), its first line the progress once the session had started; `live` says it
    code = main(["record", "--sim", "healthy-ride", "--speed", "100", "--duration", "5s", "--out", str(tmp_path),
                 "--plain"])
    err = capsys.readouterr().err
    assert code == 0, err
    lines = err.splitlines()
    said = lines.index("connecting to the simulated insoles (healthy-ride)...")
    assert said < min(i for i, line in enumerate(lines) if line.startswith("recording"))


def test_a_summary_says_gaps_csv_only_when_the_recording_wrote_it(tmp_path):
    """A recording stopped by a full disk writes no tables (SessionWriter.close): its summary said "Gaps in
    the data: 3 (recorded in gaps.csv)" all the same; now it says none was written."""
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    kept = summary_text(LiveSummary(RecordSummary(tmp_path, 60.0, {}, 3), [], {})).splitlines()
    assert "Gaps in the data: 3 (recorded in gaps.csv)." in kept
    full = RecordSummary(tmp_path, 60.0, {}, 3, recording_error="[Errno 28] No space left on device",
                         gaps_file=False)
    lines = summary_text(LiveSummary(full, [], {})).splitlines()
    assert "Gaps in the data: 3 (no gaps.csv was written)." in lines, lines
    assert not [line for line in lines if "recorded in gaps.csv" in line]


def test_a_live_summary_says_the_display_callbacks_that_failed(tmp_path):
    """A view or notice callback that failed during `solewatch live` was kept in the summary and never
    said: each distinct error is one line with how often it came, the rest counted."""
    from monitor.live.summary import LiveSummary, RecordSummary, summary_text

    record = RecordSummary(tmp_path, 60.0, {}, 0)
    errors = ["KeyError: 'left'"] * 40 + ["ValueError: bad view"] + ["KeyError: 'left'"]
    lines = summary_text(LiveSummary(record, [], {}, callback_errors=errors)).splitlines()
    said = [line for line in lines if "the display failed" in line]
    assert said == ["Note: the display failed 41 times (detection went on): KeyError: 'left'",
                    "Note: the display failed once (detection went on): ValueError: bad view"], lines
    many = [f"ValueError: view {i}" for i in range(5)]
    lines = summary_text(LiveSummary(record, [], {}, callback_errors=many)).splitlines()
    said = [line for line in lines if "display" in line]
    assert len(said) == 4 and said[-1] == "Note: and 2 other display errors.", lines
    assert not [line for line in summary_text(LiveSummary(record, [], {})).splitlines() if "display" in line]


def test_scan_offers_no_fault_a_scan_would_ignore(capsys):
    """A scan starts no session, so a fault "at its session time" never comes: `scan --sim S --fault ...`
    listed the insoles as if none had been asked for. Its help offered --fault; it is refused at parsing."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert "--fault" not in {o for a in sub.choices["scan"]._actions for o in a.option_strings}
    line = _refused_at_parsing(capsys, ["scan", "--sim", "healthy-ride", "--fault", "drop:left@1s"])
    assert line.startswith("solewatch scan: error: unrecognized arguments: --fault drop:left@1s"), line


def test_scan_offers_no_speed_a_scan_would_ignore(capsys):
    """A scan runs on the host's clock (--timeout) and the simulated insoles' clock stands still until a
    monitor starts them streaming (firmware_sim.sim_clock.SimClock, start_with_stream), so `scan --sim S
    --speed 30` listed the same insoles in the same time as without it. Its help offered --speed; it is
    refused at parsing."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert "--speed" not in {o for a in sub.choices["scan"]._actions for o in a.option_strings}
    line = _refused_at_parsing(capsys, ["scan", "--sim", "healthy-ride", "--speed", "30"])
    assert line.startswith("solewatch scan: error: unrecognized arguments: --speed 30"), line


def test_scan_help_does_not_offer_a_kind_a_scan_refuses(capsys):
    """`scan --insole moticon-udp` is refused (the Moticon app's stream is a UDP port, not an advertisement),
    but the help listed moticon-udp among "the only kind a scan takes". It now lists the kinds a scan finds
    and says where the stream is listened for."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    [insole] = [a for a in sub.choices["scan"]._actions if "--insole" in a.option_strings]
    taken = insole.help.split("(docs/devices.md")[0]
    assert "moticon-udp" not in taken and "solewatch, orphe, ukaton" in taken, insole.help
    assert "record and live listen for it" in insole.help, insole.help
    assert main(["scan", "--insole", "moticon-udp", "--timeout", "1s"]) == 2
    assert "not found by a scan" in capsys.readouterr().err


def test_record_and_live_say_their_own_sources_of_insoles(capsys):
    """`record` has no --scan: its --insole help said "else the only kind a scan takes" and docs/devices.md
    that record connects "the insoles a scan finds", while `record --insole orphe` (no source) was refused
    with a list of sources that left out --moticon-udp PORT. Each command's help says a scan comes with
    --radio (and live's --scan) only, and the refusal names every source the command takes."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")

    def insole_help(name: str) -> str:
        return next(a for a in sub.choices[name]._actions if "--insole" in a.option_strings).help

    assert "else the only kind a scan takes" not in insole_help("record")
    assert "with --radio the only kind its scan takes (default: any)" in insole_help("record")
    assert "with --radio or --scan the only kind a scan takes (default: any)" in insole_help("live")
    for name in ("record", "live"):
        assert "with --moticon-udp PORT moticon-udp" in insole_help(name), name
    assert main(["record", "--insole", "orphe", "--duration", "1m"]) == 2
    assert capsys.readouterr().err.strip() == (
        "solewatch record: error: say which insoles: --sim SCENARIO, --radio TRANSPORT, --left/--right ADDR, "
        "or --moticon-udp PORT")
    assert main(["live", "--insole", "orphe", "--duration", "1m"]) == 2
    assert capsys.readouterr().err.strip() == (
        "solewatch live: error: say which insoles: --sim SCENARIO, --radio TRANSPORT, --scan, --left/--right "
        "ADDR, or --moticon-udp PORT")
    devices = (Path(__file__).resolve().parents[1] / "docs" / "devices.md").read_text(encoding="utf-8")
    assert "`record` and `live` connect the insoles a scan finds" not in devices


def test_activity_help_says_what_each_command_falls_back_to():
    """--activity's default was "the session's or layout's own" on every command: a recording has neither
    before it starts (a simulated one takes its scenario's) and an import of a Moticon or PhysioNet file
    declares none. Each command's help says its own."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")

    def help_of(command: str) -> str:
        return next(a for a in sub.choices[command]._actions if "--activity" in a.option_strings).help

    for command in ("record", "live"):
        assert "(default: the scenario's with --sim, else recognised)" in help_of(command), command
    assert "the layout's own for csv, else recognised: a moticon or physionet file says none" in help_of("import")
    assert "(default: the session's own, set when it was recorded or imported, else recognised)" \
        in help_of("analyze")
    assert "(default: the session's own, set when it was recorded or imported, else recognised; --compare B keeps " \
           "its own)" in help_of("report")


@pytest.mark.parametrize("args", [
    ["record", "--sim", "healthy-ride", "--duration", "8785h"],
    ["live", "--sim", "healthy-ride", "--duration", "8784h1s"],
    ["sim", "--scenario", "healthy-ride", "--hci", "tcp-server:127.0.0.1:0", "--duration", "9000h"],
    ["record", "--sim", "healthy-ride", "--duration", "1" + "0" * 400 + "h"],  # float("1e400") is inf
], ids=["record", "live", "sim", "record-inf"])
def test_a_duration_longer_than_any_session_is_refused_at_parsing(capsys, args):
    """A session longer than LONGEST_SESSION_S (366 days) is refused on reading back (monitor.session.info);
    `record --duration 9000h` recorded on regardless, into a session nothing could read past 366 days. It is
    refused as the command line is parsed (before anything starts), naming that bound."""
    from monitor.session.info import LONGEST_SESSION_S

    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(args)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err, err
    [line] = err.strip().splitlines()
    assert line.startswith(f"solewatch {args[0]}: error: argument --duration: invalid duration "), line
    assert f"longer than any session (at most {LONGEST_SESSION_S / 3600:g}h, 366 days)" in line, line


def test_the_longest_session_is_a_duration_the_command_line_takes():
    from monitor.session.info import LONGEST_SESSION_S

    args = build_parser().parse_args(["record", "--sim", "healthy-ride", "--duration", "8784h"])
    assert args.duration == LONGEST_SESSION_S


@pytest.mark.parametrize("timeout", ["1" + "0" * 400 + "s", "1" * 400 + "h", "1h1s", "9000h"],
                         ids=["inf-seconds", "inf-hours", "just-over-an-hour", "a-year"])
def test_a_scan_timeout_beyond_the_longest_scan_is_refused_at_parsing(capsys, timeout):
    """`scan --timeout` with a number that parses to infinity (float("1e400") is inf) or a year was taken,
    and the scan ran on without end. A scan longer than LONGEST_SCAN_S is a mistake: refused as the command
    line is parsed, naming that bound."""
    from monitor.errors import quote  # a timeout of 401 characters is quoted cut to 40

    with pytest.raises(SystemExit) as exc:  # parsing only: the old code's scan would run on without end
        build_parser().parse_args(["scan", "--sim", "healthy-ride", "--timeout", timeout])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err, err
    [line] = err.strip().splitlines()
    assert line.startswith(f"solewatch scan: error: argument --timeout: invalid duration {quote(timeout)}: longer "
                           "than a scan may take (at most 1h"), line


def test_the_longest_scan_is_a_timeout_the_command_line_takes():
    assert build_parser().parse_args(["scan", "--timeout", "1h"]).timeout == 3600.0
    assert build_parser().parse_args(["scan", "--timeout", "59m59s"]).timeout == 3599.0


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_recording_whose_reader_went_away_goes_on_to_its_end(tmp_path, command):
    """`solewatch record ... 2>&1 | head -1`: the reader going away silences the session, never stops it: 141
    at the end, the whole session closed (had: rich's SystemExit(1) at the next progress line, the ride cut
    off after a second and its session.json never closed, duration 0)."""
    import json
    import os

    argv = [command, "--sim", "healthy-ride", "--duration", "6s", "--speed", "20", "--plain",
            "--out", str(tmp_path / "sessions"), *(["--no-report", "--no-sound"] if command == "live" else [])]
    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # the reader has gone before the command writes anything
    try:
        done = subprocess.run([sys.executable, "-m", "monitor", *argv], stdout=write_fd, stderr=write_fd,
                              timeout=300, env={**os.environ, "SOLEWATCH_CONFIG_DIR": str(tmp_path / "cfg")})
    finally:
        os.close(write_fd)
    assert done.returncode == 141
    [session] = (tmp_path / "sessions").iterdir()
    assert json.loads((session / "session.json").read_text())["duration_s"] >= 6.0


@pytest.mark.parametrize("argv", [["export", "{s}", "-o", "/dev/stdout"],
                                  ["export", "{s}", "-o", "/dev/stdout", "--format", "parquet"]])
def test_an_output_into_a_pipe_whose_reader_went_away_ends_quietly(tmp_path, argv):
    """`solewatch export S -o /dev/stdout | head -c 100`: the reader going away is not an error of
    the command line: 141, as every other output into a closed pipe, nothing on stderr, the session as it
    was (had: `solewatch export: error: /dev/stdout: cannot write (Broken pipe)...`, exit 2)."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    before = sorted(p.name for p in s.iterdir())
    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # the reader has gone before the command writes anything
    try:
        done = subprocess.run([sys.executable, "-m", "monitor", *(a.format(s=s) for a in argv)], stdout=write_fd,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_fd)
    assert done.returncode == 141, done.stderr
    assert done.stderr == ""
    assert sorted(p.name for p in s.iterdir()) == before


@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_export_into_dev_stdout_needs_no_force_and_stdout_carries_the_file_alone(tmp_path, stdout):
    """`solewatch export S -o /dev/stdout` said "/dev/stdout: exists; ... replace it with --force": a device
    or a pipe is written into, never replaced, so it is no file --force would overwrite. What export says
    goes to stderr then, so that the CSV is all of stdout, into a pipe or into the file of `> FILE` (which
    /dev/stdout names then: written into, the /dev/stdout link left as it is)."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    before = sorted(p.name for p in s.iterdir())
    argv = [sys.executable, "-m", "monitor", "export", str(s), "-o", "/dev/stdout"]
    if stdout == "pipe":
        done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        csv = done.stdout
    else:
        with open(tmp_path / "frames.csv", "w") as fh:
            done = subprocess.run(argv, stdout=fh, stderr=subprocess.PIPE, text=True, timeout=300)
        csv = (tmp_path / "frames.csv").read_text()
    assert done.returncode == 0, done.stderr
    assert csv.startswith("t_s,foot,p00_kpa,") and "exported" not in csv, csv[:200]
    assert csv.count("\n") == 1 + int(re.search(r"exported ([\d,]+) frames", done.stderr)[1].replace(",", ""))
    assert "to standard output (csv)" in done.stderr, done.stderr
    assert os.path.islink("/dev/stdout")  # written into, never renamed over
    assert sorted(p.name for p in s.iterdir()) == before


@pytest.mark.parametrize("command, target, head", [("export", "/dev/stdout", "t_s,foot,"),
                                                    ("report", "/dev/stdout", "<!DOCTYPE html>"),
                                                    ("export", "/dev/stderr", "t_s,foot,")])
def test_an_output_into_dev_stdout_appended_to_a_file_keeps_what_the_file_held(tmp_path, command, target, head):
    """`solewatch export S -o /dev/stdout >> all.csv` (and `report`, and `-o /dev/stderr` with `2>>`) lost
    what all.csv held: /dev/stdout was opened again for writing, which cut the file of `>> FILE` to nothing.
    It is written through the open descriptor itself: the earlier line is kept, the output follows it."""
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    out = tmp_path / "all.txt"
    out.write_text("an earlier line\n")
    argv = [sys.executable, "-m", "monitor", command, str(s), "-o", target,
            *(["--plain"] if command == "report" else [])]
    with open(out, "ab") as fh:
        streams = {"stdout": fh, "stderr": subprocess.DEVNULL} if target == "/dev/stdout" else \
                  {"stdout": subprocess.DEVNULL, "stderr": fh}
        done = subprocess.run(argv, timeout=600, **streams)
    assert done.returncode == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "an earlier line", lines[:2]
    assert lines[1].startswith(head), lines[:2]
    assert sorted(p.name for p in s.iterdir()) == sorted(p.name for p in (ROOT / "sessions" / "samples" /
                                                                         "sim-healthy-ride").iterdir())


@pytest.mark.parametrize("command, head", [("export", "t_s,foot,"), ("report", "<!DOCTYPE html>")])
def test_an_output_named_dash_is_standard_output(tmp_path, command, head):
    """`solewatch export S -o -` (and `report S -o -`) wrote a file named "-" in the current folder, where
    `--events -` is standard output: `-o -` is standard output too, written as `-o /dev/stdout` is (through
    the open descriptor: `>> FILE` keeps what it held), and no file "-" is made."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    out = tmp_path / "all.txt"
    out.write_text("an earlier line\n")
    here = tmp_path / "here"
    here.mkdir()
    argv = [sys.executable, "-m", "monitor", command, str(s), "-o", "-",
            *(["--plain"] if command == "report" else [])]
    with open(out, "ab") as fh:
        done = subprocess.run(argv, stdout=fh, stderr=subprocess.PIPE, text=True, timeout=600, cwd=here,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    lines = out.read_text().splitlines()
    assert lines[0] == "an earlier line" and lines[1].startswith(head), lines[:2]
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("command, said", [("export", "to standard output (csv)"),
                                           ("report", "writing standard output")])
def test_what_is_said_of_an_output_named_dash_calls_it_standard_output(tmp_path, command, said):
    """`solewatch export S -o -` said "exported ... to /dev/stdout (csv)" and `report S -o -` "writing
    /dev/stdout" then "/dev/stdout", a device's path the person never wrote; into a full disk, "/dev/stdout:
    cannot write". They say "standard output", as `-o -` and `--events -` mean it."""
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    argv = [sys.executable, "-m", "monitor", command, str(s), "-o", "-", *(["--plain"] if command == "report" else [])]
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert said in done.stderr and "/dev/stdout" not in done.stderr, done.stderr
    if command == "report":
        assert done.stderr.splitlines()[-1] == "standard output", done.stderr[-300:]
    if command == "export" and Path("/dev/full").exists():
        with open("/dev/full", "wb") as full:
            done = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, timeout=600)
        assert done.returncode == 2
        assert done.stderr.startswith("solewatch export: error: standard output: cannot write (No space left "
                                      "on device)"), done.stderr


def test_report_pdf_named_dash_is_standard_output(tmp_path):
    """`solewatch report S --pdf -` wrote a file named "-" in the current folder, where `-o -` is standard
    output: `--pdf -` is standard output too (`> ride.pdf`), the HTML goes to SESSION/report.html, and the
    paths, standard output's by that name, to stderr."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    here = tmp_path / "here"
    here.mkdir()
    done = subprocess.run([sys.executable, "-m", "monitor", "report", str(s), "--pdf", "-", "--plain"],
                          capture_output=True, timeout=600, cwd=here, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF"), done.stdout[:200]
    assert done.stderr.decode().splitlines()[-2:] == [str(s / "report.html"), "standard output"], done.stderr[-300:]
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("argv, stdout, said", [
    (["-o", "-", "--pdf", "-"], "file", "solewatch report: error: standard output: the HTML report and the PDF "
                                        "need different files; one stream cannot carry both: name a file for one"),
    (["-o", "/dev/stdout", "--pdf", "/dev/fd/1"], "file", "solewatch report: error: /dev/fd/1: the HTML report "
                                                          "and the PDF need different files; one stream cannot"),
    (["--pdf", "-"], "terminal", "solewatch report: error: --pdf -: standard output is a terminal, which cannot "
                                 "show a PDF; redirect it (> ride.pdf) or name a file (--pdf ride.pdf)")])
def test_report_refuses_two_outputs_in_one_stream_and_a_pdf_into_a_terminal(tmp_path, argv, stdout, said):
    """`report S -o - --pdf -` cannot put the HTML and the PDF into one stream, and `--pdf -` on a terminal
    would put a PDF's bytes there: each is one line, exit 2, before the session is analysed, and nothing is
    written (had: a file named "-", or both files one after the other on standard output)."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    before = sorted(p.name for p in s.iterdir())
    here = tmp_path / "here"
    here.mkdir()
    kept = tmp_path / "stdout.txt"  # a file, not a pipe: a report written into it never waits for a reader
    reader, writer = os.openpty() if stdout == "terminal" else (None, os.open(kept, os.O_WRONLY | os.O_CREAT))
    try:
        done = subprocess.run([sys.executable, "-m", "monitor", "report", str(s), *argv, "--plain"],
                              stdout=writer, stderr=subprocess.PIPE, text=True, timeout=600, cwd=here,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.close(writer)
    out = kept.read_bytes() if reader is None else b""
    if reader is not None:
        os.set_blocking(reader, False)
        try:
            out = os.read(reader, 1 << 16)
        except OSError:  # nothing there (a pty's reader says EIO once its writer is closed)
            pass
        os.close(reader)
    assert done.returncode == 2 and done.stderr.startswith(said) and done.stderr.count("\n") == 1, done.stderr
    assert out == b"" and list(here.iterdir()) == [] and sorted(p.name for p in s.iterdir()) == before


def _drain_pty(reader: int, child: subprocess.Popen) -> bytes:
    """What ``child`` wrote into a pty whose other end is ``reader``, read as it writes (a full pty would
    stop it) until the end is closed or the child has exited with nothing left."""
    os.set_blocking(reader, False)
    got = bytearray()
    while True:
        try:
            chunk = os.read(reader, 1 << 16)
        except BlockingIOError:
            if child.poll() is not None:
                break
            time.sleep(0.01)
            continue
        except OSError:  # a pty's reader says EIO once its writer is closed
            break
        if not chunk:
            break
        got += chunk
    return bytes(got)


@pytest.mark.parametrize("fmt", ["parquet", "fit", "csv"])
def test_export_refuses_binary_bytes_into_a_terminal(tmp_path, fmt):
    """`export S --format parquet -o -` (or fit) on a terminal would put a file's bytes there: one line
    naming `-o`, exit 2, nothing written, as `report --pdf -` there is; CSV is text and is written."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    before = sorted(p.name for p in s.iterdir())
    reader, writer = os.openpty()
    try:
        child = subprocess.Popen([sys.executable, "-m", "monitor", "export", str(s), "--format", fmt, "-o", "-"],
                                 stdout=writer, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        os.close(writer)
        got = _drain_pty(reader, child)
        stderr = child.stderr.read()
        child.wait(timeout=600)
    finally:
        os.close(reader)
    assert sorted(p.name for p in s.iterdir()) == before
    if fmt == "csv":
        assert child.returncode == 0, stderr
        assert got.startswith(b"t_s,foot,")
    else:
        assert child.returncode == 2 and stderr.count("\n") == 1, stderr
        assert stderr.startswith("solewatch export: error: -o -: standard output is a terminal") and got == b"", stderr


@pytest.mark.parametrize("target", ["/dev/stderr", "/dev/null"])
def test_export_refuses_binary_bytes_into_a_terminal_by_any_name(tmp_path, target):
    """`export S --format parquet -o /dev/stderr` with standard error on a terminal (standard output a
    file) put the Parquet bytes on the terminal: only standard output was looked at. A terminal by any name
    is refused; /dev/null, a character device but no terminal, is written."""
    import os
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    reader, writer = os.openpty()
    kept = tmp_path / "stdout.txt"
    with open(kept, "wb") as out:
        child = subprocess.Popen([sys.executable, "-m", "monitor", "export", str(s), "--format", "parquet",
                                  "-o", target], stdout=out, stderr=writer, cwd=tmp_path,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        os.close(writer)
        try:
            got = _drain_pty(reader, child)
            child.wait(timeout=600)
        finally:
            os.close(reader)
    said = got.decode("utf-8", "replace").replace("\r\n", "\n")
    if target == "/dev/null":
        assert child.returncode == 0 and b"PAR1" not in got, said
    else:
        assert child.returncode == 2 and said.count("\n") == 1 and b"PAR1" not in got, said
        assert said.startswith("solewatch export: error: -o /dev/stderr: is a terminal, which cannot show a "
                               "Parquet file; redirect it (2> ride.parquet) or name a file"), said
    assert kept.read_bytes() == b""


def test_report_into_dev_stdout_leaves_the_report_alone_on_stdout(tmp_path):
    """`solewatch report S -o /dev/stdout` wrote the HTML into stdout, then the report's path after it
    ("</html>\n/dev/stdout"): the path goes to stderr when the report goes into a device or a pipe, as
    export's words do."""
    import shutil

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    done = subprocess.run([sys.executable, "-m", "monitor", "report", str(s), "-o", "/dev/stdout", "--plain"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("<!DOCTYPE html>") and done.stdout.rstrip().endswith("</html>"), \
        done.stdout[-200:]
    assert done.stderr.splitlines()[-1] == "standard output", done.stderr[-300:]


def test_export_and_report_into_a_named_pipe_need_no_force(tmp_path, capsys):
    import os
    import shutil
    import threading

    s = tmp_path / "ride"
    shutil.copytree(ROOT / "sessions" / "samples" / "sim-healthy-ride", s)
    for argv, head in ((["export", str(s)], b"t_s,foot,"), (["report", str(s)], b"<!DOCTYPE html>")):
        fifo = tmp_path / f"{argv[0]}.pipe"
        os.mkfifo(fifo)
        got: list[bytes] = []
        reader = threading.Thread(target=lambda f=fifo: got.append(f.read_bytes()), daemon=True)
        reader.start()
        assert main([*argv, "-o", str(fifo)]) == 0, capsys.readouterr().err
        reader.join(timeout=60)
        assert got and got[0].startswith(head), got[:1]
    assert "exists" not in capsys.readouterr().err
    assert main(["export", str(s), "-o", str(tmp_path / "kept.csv")]) == 0  # a file that exists still needs it
    assert main(["export", str(s), "-o", str(tmp_path / "kept.csv")]) == 2
    assert "exists; choose another file (-o FILE) or replace it with --force" in capsys.readouterr().err


def test_a_replay_summary_names_the_sources_its_advice_cites(capsys):
    """The end of a replay (and of a live ride) gave "(evidence weak: [17][23][25])" with no word of what
    [17] is, where `solewatch analyze` of the same session lists its Sources: it lists them too."""
    assert main(["replay", str(ROOT / "sessions" / "samples" / "sim-cleat-forward")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("(evidence weak: [7][17][23][25])" in line for line in lines), lines
    assert "Sources:" in lines, lines
    assert "  [17] farc.com.au; Precision Bikes via davebyers.blogspot.com." in lines, lines


def test_solewatch_with_no_command_names_the_commands(capsys):
    """`solewatch` alone said only "the following arguments are required: COMMAND": it names them."""
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    for command in ("scenarios", "scan", "record", "live", "analyze", "replay", "sim", "import", "export",
                    "report", "study"):
        assert command in err, err
    assert "(see solewatch --help)" in err, err


def test_live_on_the_moticon_stream_says_it_listens_not_that_it_connects():
    """`live --moticon-udp 9999` said "connecting to the insoles..." while it waited for the Moticon app's
    datagrams on a UDP port: it says where it listens, and for what."""
    from monitor.cli.insoles import Insoles, connecting_words, stream_waiting_words

    assert stream_waiting_words(9999) == ("waiting for the Moticon app's stream on UDP port 9999 (127.0.0.1): start "
                                          "streaming all channels in the app, to this port...")
    assert connecting_words(Insoles(sim="cleat-forward")) == "connecting to the simulated insoles (cleat-forward)..."
    assert connecting_words(Insoles()) == "connecting to the insoles..."


@pytest.mark.parametrize("command", ["record", "live"])
def test_a_fault_without_sim_is_refused_for_the_moticon_stream_too(command):
    """`record --moticon-udp 4000 --fault lose:left@1s` waited for the app's stream and recorded it, the fault
    ignored without a word (the stream's checks returned before the one of --fault): one line, exit 2, as for
    --left/--right."""
    from monitor.cli.insoles import Insoles
    from monitor.errors import UsageError

    with pytest.raises(UsageError, match=r"^--fault needs --sim \(faults are injected by the simulated insoles\)$"):
        Insoles(moticon_udp=4000, faults=("lose:left@1s",)).check(may_scan=command == "live", duration_s=10.0)


def _free_udp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", ["record", "live"])
def test_waiting_for_the_moticon_stream_says_so_once_then_stops(command, tmp_path):
    """`record --moticon-udp PORT` with no stream arriving said nothing until it was stopped (then "stopped
    before the session started"), and `live` only where it listened: both say once, while they wait, what
    they wait for on which UDP port, for the person to start the app's stream. Nothing is sent to the port;
    the command is stopped (SIGTERM) once the line is there."""
    import signal

    port = _free_udp_port()
    argv = [sys.executable, "-u", "-m", "monitor", command, "--moticon-udp", str(port), "--out", str(tmp_path),
            "--plain", "--duration", "1m"] + (["--no-sound", "--no-report"] if command == "live" else [])
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, cwd=ROOT)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            if "waiting for the Moticon app's stream" in line:
                proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    waiting = [line for line in seen if "waiting for the Moticon app's stream" in line]
    assert len(waiting) == 1 and f"UDP port {port}" in waiting[0], seen
    # stopped by the signal: the wait has no bound of its own to end it first, however slow the host
    assert any("stopped before the session started" in line for line in seen), seen
    assert not any("no Moticon datagram arrived" in line for line in seen), seen


@pytest.mark.parametrize("mode", ["w", "a"])
def test_replay_events_into_dev_stdout_need_no_force_and_go_there_alone(tmp_path, mode):
    """`solewatch replay S --events /dev/stdout >> events.jsonl` (a file that holds an earlier ride's
    events) said "the file exists ... --force replaces it", where `export -o /dev/stdout` writes into it:
    /dev/stdout is written into, never replaced, as export's and report's -o. And the JSON lines go through
    standard output itself, the person's lines to stderr, as with `--events -` (had, with `> FILE`: the
    plain lines and the events written over each other through two descriptors)."""
    import json

    out = tmp_path / "events.jsonl"
    out.write_text('{"earlier": "ride"}\n')
    argv = [sys.executable, "-m", "monitor", "replay", str(ROOT / "sessions" / "samples" / "sim-cleat-forward"),
            "--events", "/dev/stdout", "--plain"]
    with open(out, mode) as fh:
        done = subprocess.run(argv, stdout=fh, stderr=subprocess.PIPE, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = out.read_text().splitlines()
    if mode == "a":  # >> FILE: written after what was there
        assert lines[0] == '{"earlier": "ride"}', lines[:2]
        lines = lines[1:]
    events = [json.loads(line) for line in lines]  # the events alone: every line a JSON object
    assert events and all(e["schema"] == "solewatch.events/1" for e in events), lines[:3]
    assert "Alerts:" in done.stderr and "--force" not in done.stderr, done.stderr[-300:]


def test_replay_events_into_a_named_pipe_need_no_force(tmp_path):
    """A named pipe is written into, never replaced: `replay --events PIPE` needs no --force, and the
    reader gets the JSON lines."""
    import json
    import os
    import threading

    fifo = tmp_path / "events.pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    done = _run("replay", "sessions/samples/sim-cleat-forward", "--events", str(fifo), "--plain")
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert got and [json.loads(line)["schema"] for line in got[0].splitlines()][0] == "solewatch.events/1", got
    assert not any(line.startswith("{") for line in done.stdout.splitlines())  # the plain lines, not the events


def test_a_drop_at_0_s_is_one_line_not_a_foot_left_out(tmp_path):
    """`record --fault drop:right@0s+5s` scanned 10 s of host time for an insole that did not advertise (the
    insoles' clock stands at 0 until the session starts), said "no right insole; recording the other foot
    only" and recorded the left foot alone, though the drop was to end at 0:05. A drop comes after 0 s."""
    out = tmp_path / "sessions"
    proc = _run("record", "--sim", "healthy-ride", "--speed", "20", "--duration", "60s", "--fault",
                "drop:right@0s+5s", "--out", str(out))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("solewatch record: error: --fault: bad fault 'drop:right@0s+5s': time '0s' is too early "
                           "for a drop: the insoles are found and connected before session time starts"), line
    assert not out.exists()
