"""An insole's first connection: a failure is one line naming the foot and what was wrong (exit 2, no
traceback), a transient one (BlueZ's aborted connection, a timeout) is tried again first, and only an absent
adapter is "Bluetooth is not available" (docs/reliability.md, "A first connection says what went wrong")."""

from __future__ import annotations

import pytest
from bleak import BleakClient, BleakScanner
from bleak.backends.device import BLEDevice
from bleak.exc import BleakDBusError, BleakError
from virtual_clock import run_on_virtual_clock

from monitor.cli.main import main
from monitor.errors import BluetoothUnavailable, ConnectionLost, WrongKind
from monitor.link import ble
from monitor.link.ble import LinkConfig
from monitor.link.pairing import FIRST_CONNECT_ATTEMPTS, open_pair
from monitor.live.simulated import simulated_insoles

#: BlueZ's transient failure (bleak issue #666: 30-40 % of attempts on some adapters).
ABORT = ("org.bluez.Error.Failed", ["Software caused connection abort"])


def flaky_connect(monkeypatch, failures: int, exc_of=lambda: BleakDBusError(*ABORT)) -> dict[str, int]:
    """bleak's connect fails its first ``failures`` calls (``exc_of()``), then connects; the calls counted."""
    real = BleakClient.connect
    calls = {"n": 0}

    async def connect(self, **kw):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise exc_of()
        return await real(self, **kw)

    monkeypatch.setattr(BleakClient, "connect", connect)
    return calls


async def _pair(insole: str = "solewatch", *, named: bool, kind: str | None = None):
    async with simulated_insoles("healthy-ride", speed=10.0, seed=1, faults=[], insole=insole) as sim:
        addresses = {foot: ins.address for foot, ins in sim.pair.insoles.items()} if named else {}
        link = await open_pair(sim.backends, LinkConfig(speed=10.0), kind=kind, **addresses)
        try:
            return sorted(link.feet)
        finally:
            await link.close()


def test_named_insoles_of_another_kind_are_one_line_naming_the_foot_and_the_kind():
    """ORPHE insoles named without --insole orphe (read as the Solewatch profile): had
    bleak.exc.BleakCharacteristicNotFoundError, a traceback and exit 1."""
    with pytest.raises(WrongKind) as err:
        run_on_virtual_clock(_pair("orphe", named=True))
    said = str(err.value)
    assert said.startswith("left insole: ") and "not a Solewatch profile insole" in said, said
    assert said.endswith("try --insole orphe"), said


@pytest.mark.parametrize("named", [True, False], ids=["named", "scanned"])
def test_a_transient_abort_at_the_first_connection_is_tried_again(monkeypatch, named):
    """BlueZ aborts the first connection once (dbus_once): had "Bluetooth is not available here", exit 2,
    while the insoles were simulated; a scan then connected one foot only."""
    calls = flaky_connect(monkeypatch, failures=1)
    assert run_on_virtual_clock(_pair(named=named)) == ["left", "right"]
    assert calls["n"] == 3  # the first attempt failed, then one connection per foot


def test_a_connection_that_keeps_failing_is_one_line_after_its_attempts(monkeypatch):
    calls = flaky_connect(monkeypatch, failures=99, exc_of=TimeoutError)
    with pytest.raises(ConnectionLost) as err:
        run_on_virtual_clock(_pair(named=True))
    said = str(err.value)
    assert said.startswith("left insole ") and f"would not connect ({FIRST_CONNECT_ATTEMPTS} attempts" in said, said
    assert "TimeoutError" in said and calls["n"] == FIRST_CONNECT_ATTEMPTS


@pytest.mark.parametrize("failure, words", [
    (TimeoutError, "TimeoutError: no answer in time"),
    (lambda: BleakDBusError("org.bluez.Error.Failed", ["le-connection-abort-by-local"]), "le-connection-abort"),
    (lambda: BleakError("Device with address AA:BB:CC:DD:EE:01 was not found."), "was not found"),
], ids=["timeout", "dbus", "not-found"])
def test_record_of_real_insoles_that_will_not_connect_is_one_line_exit_2(monkeypatch, capsys, tmp_path, failure,
                                                                          words):
    """Real insoles seen but whose connection fails (fake_connect): had a traceback and exit 1; nothing is
    recorded, so nothing is lost."""

    async def find(address, timeout=10.0, **kw):
        return BLEDevice(address, "SW-L", {"path": "/org/bluez/hci0/dev_" + address.replace(":", "_"), "props": {}})

    monkeypatch.setattr(BleakScanner, "find_device_by_address", staticmethod(find))
    flaky_connect(monkeypatch, failures=99, exc_of=failure)
    code = main(["record", "--left", "AA:BB:CC:DD:EE:01", "--duration", "10s", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2, err
    assert err[-1].startswith("solewatch record: error: left insole AA:BB:CC:DD:EE:01 would not connect"), err
    assert words in err[-1] and "Traceback" not in "\n".join(err)
    assert not (tmp_path / "out").exists()


def _raised(exc: BaseException) -> BaseException:
    with pytest.raises(BaseException) as out:
        with ble._bluetooth_errors():
            raise exc
    return out.value


def test_only_an_absent_adapter_is_bluetooth_unavailable():
    """A per-connection D-Bus error goes on as a failed attempt (had: every BleakDBusError "Bluetooth is not
    available here"); no BlueZ on the bus is unavailable."""
    assert isinstance(_raised(BleakDBusError(*ABORT)), BleakDBusError)
    assert isinstance(_raised(BleakDBusError("org.bluez.Error.InProgress", ["Operation already in progress"])),
                      BleakDBusError)
    absent = _raised(BleakDBusError("org.freedesktop.DBus.Error.ServiceUnknown", ["The name org.bluez was not "
                                                                                  "provided"]))
    assert isinstance(absent, BluetoothUnavailable) and "not available" in str(absent)


def test_a_permission_refused_says_so():
    """Had: "Bluetooth is not available here (no adapter, BlueZ or D-Bus: Permission denied)"."""
    said = str(_raised(PermissionError(13, "Permission denied")))
    assert "not permitted" in said and "bluetooth group" in said and "no adapter" not in said, said


def test_a_first_connection_stopped_mid_retry_says_the_attempts_it_made(monkeypatch):
    """Ctrl-C (the stop event) while the first attempt fails: had "(3 attempts; ...)" after one."""
    import asyncio

    stop = asyncio.Event()
    calls = flaky_connect(monkeypatch, failures=99, exc_of=lambda: stop.set() or TimeoutError())

    async def go():
        async with simulated_insoles("healthy-ride", speed=10.0, seed=1, faults=[]) as sim:
            addresses = {foot: ins.address for foot, ins in sim.pair.insoles.items()}
            await open_pair(sim.backends, LinkConfig(speed=10.0), stop=stop, **addresses)

    with pytest.raises(ConnectionLost) as err:
        run_on_virtual_clock(go())
    said = str(err.value)
    assert calls["n"] == 1 and "would not connect (1 attempt; the last: TimeoutError" in said, said
