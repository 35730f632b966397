"""`solewatch sim --insole KIND` serves that kind of simulated insole over HCI (TCP) for a monitor in
another process, which finds it by its kind and records it with that insole's layout."""

from __future__ import annotations

import asyncio
import threading

import pytest

from monitor import load_session
from monitor.cli.main import main
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
