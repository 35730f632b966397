"""`solewatch sim --insole KIND` serves that kind of simulated insole over HCI (TCP) for a monitor in
another process, which finds it by its kind and records it with that insole's layout."""

from __future__ import annotations

import asyncio
import io
import shlex
import threading

import pytest
from rich.console import Console

import monitor.cli.sim_command as sim
from monitor import load_session
from monitor.cli.insoles import ACTIVITY_LABELS
from monitor.cli.main import ACTIVITIES, main
from monitor.live.simulated import serve_simulation

pytestmark = pytest.mark.timeout(300)  # a hang guard, generous for a loaded host

#: Sensors per foot of each kind (docs/devices.md).
SENSORS = {"orphe": 6, "ukaton": 16}


class _Served:
    """``serve_simulation`` in a thread of its own, as `solewatch sim` in another process."""

    def __init__(self, insole: str) -> None:
        self.ready = threading.Event()
        self.info: dict = {}
        self.counters: dict = {}
        self.error: BaseException | None = None
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, args=(insole,), daemon=True)

    def _run(self, insole: str) -> None:
        async def go() -> None:
            self._stop = asyncio.Event()

            def ready(info: dict) -> None:
                self.info = info
                self.ready.set()

            self.counters = await serve_simulation("cleat-forward", hci="tcp-server:127.0.0.1:0", speed=20.0,
                                                   seed=1, faults=[], duration_s=None, stop=self._stop,
                                                   on_ready=ready, insole=insole)

        try:
            self._loop.run_until_complete(go())
        except BaseException as exc:  # said by the test
            self.error = exc
            self.ready.set()

    def __enter__(self) -> _Served:
        self._thread.start()
        assert self.ready.wait(60), "the simulator never came up"
        assert self.error is None, self.error
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)


@pytest.mark.parametrize("kind", ["orphe", "ukaton"])
def test_a_vendor_insole_served_over_hci_is_recorded_with_its_layout(tmp_path, capsys, kind):
    with _Served(kind) as served:
        code = main(["record", "--radio", served.info["hci"], "--insole", kind, "--speed", "20",
                     "--duration", "10s", "--out", str(tmp_path), "--plain"])
    out, err = capsys.readouterr()
    assert code == 0, err
    session = load_session(next(tmp_path.iterdir()))
    assert sorted(session.info.layouts) == ["left", "right"]
    for foot, layout in session.info.layouts.items():
        assert layout.n_sensors == SENSORS[kind], foot
        assert session.counters[foot]["frames_received"] > 0
        assert session.counters[foot]["packets_lost"] == 0
    assert served.counters["left"].frames_sent > 0


def test_sim_refuses_the_moticon_stream_in_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sim", "--scenario", "healthy-ride", "--insole", "moticon-udp", "--hci", "tcp-server:127.0.0.1:0"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "argument --insole: invalid choice: 'moticon-udp'" in err[-1], err


class _Hint(io.StringIO):
    """The simulator's stderr: ``said`` is set once its "monitor with:" line is written."""

    def __init__(self) -> None:
        super().__init__()
        self.said = threading.Event()

    def write(self, text: str) -> int:
        n = super().write(text)
        if "monitor with: " in self.getvalue() and self.getvalue().endswith("\n"):
            self.said.set()
        return n


def test_the_sim_hint_declares_the_scenarios_activity_and_its_recording_is_labelled_by_it(tmp_path, capsys,
                                                                                        monkeypatch):
    """had: `solewatch sim --scenario healthy-ride` said "monitor with: solewatch record --radio HCI --speed
    20", and the recording that line makes was labelled `session` with its activity unknown (a monitor over
    --radio cannot know what the other process simulates); the hint declares the scenario's activity, so
    the recording is a `ride` of cycling. Every scenario's activity has such a word."""
    hint, stop = _Hint(), None
    sim_thread = threading.Thread(daemon=True)
    own = sim.cli_console
    monkeypatch.setattr(sim, "cli_console", lambda stderr=False: Console(file=hint, highlight=False)
                        if stderr and threading.current_thread() is sim_thread else own(stderr))
    loop = asyncio.new_event_loop()

    def serve() -> None:
        async def go() -> None:
            nonlocal stop
            stop = asyncio.Event()
            await sim.sim_command("healthy-ride", hci="tcp-server:127.0.0.1:0", speed=20.0)(stop)
        loop.run_until_complete(go())

    sim_thread.run = serve
    sim_thread.start()
    try:
        assert hint.said.wait(60), hint.getvalue()
        line = hint.getvalue().split("monitor with: solewatch ", 1)[1].strip()
        args = shlex.split(line)
        assert "--activity" in args and args[args.index("--activity") + 1] == "cycling", line
        code = main([*args, "--duration", "5s", "--out", str(tmp_path), "--plain"])
    finally:
        if stop is not None:
            loop.call_soon_threadsafe(stop.set)
        sim_thread.join(60)
    assert code == 0, capsys.readouterr().err
    [session] = tmp_path.iterdir()
    assert session.name.endswith("-ride") and load_session(session).info.activity == "cycling", session.name
    from firmware_sim.scenarios import SCENARIOS
    from monitor.cli.insoles import activity_option
    for name, sc in SCENARIOS.items():
        word = activity_option(sc.activity)
        assert word in ACTIVITIES and word in ACTIVITY_LABELS, (name, sc.activity)


@pytest.mark.parametrize("kind", ["solewatch", "orphe", "ukaton"])
def test_the_sim_hint_names_a_vendor_insole_kind_the_monitor_must_look_for(kind, capsys, monkeypatch):
    """had: "monitor with: solewatch record --radio HCI --speed 20 --activity cycling" for ``--insole orphe``
    too, a line whose monitor looks for Solewatch insoles (record --radio finds a vendor kind with ``--insole
    KIND``: test_a_vendor_insole_served_over_hci_is_recorded_with_its_layout); Solewatch's, the default, needs none."""
    import monitor.live.simulated as simulated

    async def served(scenario, *, on_ready, **given):  # the line only: no radio
        on_ready({"hci": "tcp-client:127.0.0.1:9100", "left": "AA", "right": "BB", "activity": "cycling"})
        return {}

    monkeypatch.setattr(simulated, "serve_simulation", served)
    assert asyncio.run(sim.sim_command("healthy-ride", hci="tcp-server:127.0.0.1:0", speed=20.0,
                                       insole=kind)(asyncio.Event())) == 0
    line = capsys.readouterr().err.split("monitor with: solewatch ", 1)[1].strip()
    args = shlex.split(line)
    assert args[:3] == ["record", "--radio", "tcp-client:127.0.0.1:9100"], line
    said = args[args.index("--insole") + 1] if "--insole" in args else None
    assert said == (None if kind == "solewatch" else kind), line
