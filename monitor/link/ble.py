"""The insole link: the only module that talks BLE (through bleak).

It scans for every supported insole kind, connects both feet one after the other, reads each insole's
layout, device information and battery, subscribes, and starts streaming; what each kind reads and writes
is its driver's (monitor.link.drivers), so this module is the same for all of them. The notification callback only
stamps the host time and enqueues; :class:`PairLink`'s consumer task does everything else in order: the raw log,
the frame assembler, the frame sinks. A foot that drops is reconnected with backoff; one that stays away
is declared lost (and still retried) while the other foot goes on; a reconnection that fails on an error
it does not expect is said, and the foot is lost for good.

bleak's OS adapter is used unless backend classes are given (the simulated radio in firmware_sim.radio
passes its own), so the same code serves real insoles and the simulator.

One idea: the BLE link to a pair of insoles (scan, connect, subscribe, control, reconnect), kept whole so
that bleak is imported in one place.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bleak import BleakClient, BleakScanner
from bleak.backends.device import BLEDevice
from bleak.exc import BleakCharacteristicNotFoundError, BleakDBusError, BleakError

from monitor.codebook import FEET, FrameBlock, SensorLayout
from monitor.errors import (
    BluetoothUnavailable,
    ConnectionLost,
    DeviceNotFound,
    InsoleFailed,
    ProtocolError,
    WrongKind,
)
from monitor.link import protocol
from monitor.link.drivers import DRIVERS, Advert, InsoleDriver, driver, recognise, served_kind
from monitor.link.records import START_DEVICE_FIELD, DeviceInfo
from monitor.util.hostclock import host_clock_s
from monitor.util.plain_text import error_line

#: Battery level at or below which the insole is reported as low, once (guess: the usual 15 % warning).
BATTERY_LOW_PCT = 15
#: What can go wrong while finding, connecting or starting an insole; the caller says it in one line.
CONNECT_ERRORS = (DeviceNotFound, ConnectionLost, ProtocolError, BleakError, OSError, asyncio.TimeoutError)
#: Those of :data:`CONNECT_ERRORS` a second attempt may not meet (the radio's, the OS's, a timeout); the
#: others say what the insole is (another kind, side or layout), which no attempt changes.
TRANSIENT_ERRORS = (ConnectionLost, BleakError, OSError, asyncio.TimeoutError)


@dataclass(frozen=True)
class Backends:
    """bleak backend classes: None means bleak's default for this OS."""

    scanner: type | None = None
    client: type | None = None
    name: str = "os"

    def scanner_kwargs(self) -> dict[str, Any]:
        return {"backend": self.scanner} if self.scanner is not None else {}

    def client_kwargs(self) -> dict[str, Any]:
        return {"backend": self.client} if self.client is not None else {}


@dataclass(frozen=True)
class LinkConfig:
    """Timing of the link, in host (wall) seconds except where said.

    ``speed`` is device seconds per host second (1 for real insoles). A foot that stays disconnected
    while ``lost_after_session_s`` of the other foot's data arrive is declared lost (guess: 10 s, long
    enough to ride out a radio shadow, short enough to warn the person promptly); it is still retried. The
    data's arrival (host time x speed, in the raw log) decides, not a timer: a host that receives nothing
    (asleep, stalled) loses no foot for it. When no other foot sends either, a foot is lost after
    ``lost_after_session_s`` of host time x speed, and never before ``lost_after_host_min_s`` of host time
    (guess: generous, over three times the 1.5 s a reconnection was measured to take on a loaded two-core
    host, docs/reliability.md).

    The reconnection back-off (``reconnect_initial_s``, doubling up to ``reconnect_max_s``) is in session
    seconds, host seconds at 1x: a simulated foot away for a fault's time at speed S is tried as often in
    its ride as a real one (:func:`reconnect_plan_host_s`).
    """

    scan_timeout_s: float = 10.0
    connect_timeout_s: float = 10.0
    control_timeout_s: float = 5.0
    reconnect_initial_s: float = 0.02
    reconnect_max_s: float = 2.0
    lost_after_session_s: float = 10.0
    lost_after_host_min_s: float = 5.0
    speed: float = 1.0


#: RSSI values that mean "not known": 127 is "RSSI is not available" in an LE advertising report (Bluetooth
#: Core Specification v5.4, Vol 4, Part E, 7.7.65.2), and bleak's BlueZ backend reports -127 when BlueZ
#: gives none (bleak 3.1, backends/bluezdbus/scanner.py).
RSSI_UNKNOWN = (127, -127)


def rssi_dbm(value: Any) -> int | None:
    """An advertisement's RSSI in dBm, or None where the adapter does not know it (None, or
    :data:`RSSI_UNKNOWN`)."""
    if value is None or isinstance(value, bool) or value in RSSI_UNKNOWN:
        return None
    return int(value)


#: The least a reconnection's scan waits for the insole, host seconds (guess: 25 advertising intervals of the
#: simulated insole, firmware_sim.peripheral.ADVERTISING_INTERVAL_MS, and several of a real one). A scan ends
#: as soon as the insole is seen, so this floor delays no return; it only keeps a scan long enough to see one.
SCAN_MIN_HOST_S = 0.5


def _attempt_host_s(config: LinkConfig, delay_s: float) -> tuple[float, float]:
    """(scan timeout, wait after a failed attempt), host seconds, of an attempt whose back-off is ``delay_s``
    session seconds."""
    wait_host_s = delay_s / config.speed
    return max(wait_host_s, SCAN_MIN_HOST_S), wait_host_s


def reconnect_plan_host_s(config: LinkConfig, attempts: int) -> list[tuple[float, float]]:
    """The first ``attempts`` reconnection attempts of a foot that stays away, each (how long its scan waits
    for the insole, how long the link waits once it failed), host seconds. The waits are the back-off in
    session seconds over ``config.speed`` (had: host seconds whatever the speed, 2 s of host time, 80 s of a
    ride at 40x, between attempts: a 160-s drop read 176 s); the scan has its host-time floor
    (:data:`SCAN_MIN_HOST_S`)."""
    plan, delay_s = [], config.reconnect_initial_s
    for _ in range(attempts):
        plan.append(_attempt_host_s(config, delay_s))
        delay_s = min(delay_s * 2, config.reconnect_max_s)
    return plan


@dataclass(frozen=True)
class FoundInsole:
    """An insole seen in a scan; ``rssi`` in dBm, None where the adapter does not know it."""

    address: str
    name: str
    rssi: int | None
    device: BLEDevice = field(repr=False, compare=False)
    kind: str = "solewatch"
    side: str | None = None  # the foot its advertisement names, if it names one


#: BlueZ D-Bus errors that say the adapter is missing, not that one connection failed: no BlueZ on the bus
#: (org.freedesktop.DBus.Error.ServiceUnknown), no such adapter object (UnknownObject), the adapter powered
#: off (org.bluez.Error.NotReady) (D-Bus specification, "Message Bus Messages"; BlueZ doc/org.bluez.Adapter.rst).
#: Any other (org.bluez.Error.Failed "Software caused connection abort", InProgress...) is a failed attempt:
#: bleak issue #666 sees BlueZ abort 30-40 % of connections, which a second attempt makes.
ADAPTER_ABSENT_DBUS_ERRORS = frozenset({"org.freedesktop.DBus.Error.ServiceUnknown",
                                        "org.freedesktop.DBus.Error.UnknownObject", "org.bluez.Error.NotReady"})


@contextlib.contextmanager
def _bluetooth_errors():
    """Turn 'no Bluetooth here' failures of the OS backends into BluetoothUnavailable, and a permission
    refused into one that says so; a failed attempt (any other D-Bus error) goes on as it is."""
    try:
        yield
    except PermissionError as exc:
        raise BluetoothUnavailable(
            f"Bluetooth is not permitted for this user ({exc.strerror or exc}): add the user to the bluetooth "
            "group, or give it a D-Bus policy for BlueZ (org.bluez); or try --sim SCENARIO for the simulated insoles"
        ) from None
    except (FileNotFoundError, ConnectionRefusedError) as exc:
        raise BluetoothUnavailable(
            f"Bluetooth is not available here (no adapter, BlueZ or D-Bus: {exc.strerror or exc}); "
            "try --sim SCENARIO for the simulated insoles"
        ) from None
    except BleakDBusError as exc:
        if exc.dbus_error in ADAPTER_ABSENT_DBUS_ERRORS:
            raise BluetoothUnavailable(
                f"Bluetooth is not available here ({exc}); try --sim SCENARIO for the simulated insoles"
            ) from None
        raise
    except BleakError as exc:
        if type(exc).__name__ == "BleakBluetoothNotAvailableError" or "adapter" in str(exc).lower():
            raise BluetoothUnavailable(
                f"Bluetooth is not available here ({exc}); try --sim SCENARIO for the simulated insoles"
            ) from None
        raise


async def scan(backends: Backends, *, timeout_s: float = 5.0, enough: int | None = None,
               kinds: tuple[str, ...] | None = None, stop: asyncio.Event | None = None) -> list[FoundInsole]:
    """Insoles of every supported kind (or of ``kinds``) in range, strongest signal first.

    Scans for ``timeout_s``, or until ``enough`` distinct insoles have been seen, or until ``stop`` is set
    (Ctrl-C, SIGTERM: the insoles seen so far). The scan takes every
    advertisement and each driver recognises its own (an insole need not advertise its service UUID).
    """
    if stop is not None and stop.is_set():  # stopped before it began: no advertisement is taken
        return []
    seen: dict[str, FoundInsole] = {}
    done = asyncio.Event()

    def detected(dev: BLEDevice, adv: Any) -> None:
        ad = Advert(name=adv.local_name or dev.name or "", service_uuids=tuple(adv.service_uuids or ()),
                    service_data=dict(adv.service_data or {}), manufacturer_data=dict(adv.manufacturer_data or {}))
        drv = recognise(ad, kinds)
        if drv is None:
            return
        seen[dev.address] = FoundInsole(dev.address, ad.name, rssi_dbm(adv.rssi), dev, drv.kind,
                                        drv.side_hint(ad))
        if enough is not None and len(seen) >= enough:
            done.set()

    try:
        with _bluetooth_errors():
            async with BleakScanner(detected, **backends.scanner_kwargs()):
                ends = [asyncio.ensure_future(e.wait()) for e in (done, stop) if e is not None]
                try:
                    await asyncio.wait(ends, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for end in ends:
                        end.cancel()
    except BleakError as exc:  # the adapter is there but refused this scan (BlueZ's InProgress...)
        raise DeviceNotFound(f"the scan for insoles failed ({error_line(exc)}); try again") from None
    return sorted(seen.values(), key=lambda f: -(f.rssi if f.rssi is not None else -999))


async def find_address(backends: Backends, address: str, *, timeout_s: float) -> BLEDevice:
    with _bluetooth_errors():
        dev = await BleakScanner.find_device_by_address(address, timeout=timeout_s, **backends.scanner_kwargs())
    if dev is None:
        raise DeviceNotFound(f"no insole with address {address} answered within {timeout_s:g} s")
    return dev


# ---------------------------------------------------------------------------- one foot


class FootLink:
    """One insole: connect, describe, subscribe, control, through its kind's driver. Knows nothing of the
    other foot."""

    def __init__(self, device: BLEDevice | str, backends: Backends, config: LinkConfig,
                 on_notify: Callable[[FootLink, bytes], None],
                 on_battery: Callable[[FootLink, int], None],
                 on_disconnect: Callable[[FootLink], None], kind: str = "solewatch") -> None:
        self.device = device
        self.address = device if isinstance(device, str) else device.address
        self.driver: InsoleDriver = driver(kind)
        self.backends = backends
        self.config = config
        self.layout: SensorLayout | None = None
        self.info: DeviceInfo | None = None
        self.foot: str | None = None
        self.client: BleakClient | None = None
        self.generation = 0
        self.closing = False
        self._on_notify = on_notify
        self._on_battery = on_battery
        self._on_disconnect = on_disconnect
        self.control_waiter: asyncio.Future | None = None
        self.control_lock = asyncio.Lock()
        self.insole_rate_hz: int | None = None  # the rate the insole said at its latest connection
        self.started_generation: int | None = None  # the client whose start succeeded (it has a stop)

    @property
    def name(self) -> str:
        return getattr(self.device, "name", None) or ""

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client.is_connected

    async def connect(self) -> None:
        """Connect, read layout, device information and battery; no streaming yet. A connection made whose
        reading fails lets the insole go before the error goes on, as a failed :meth:`start` does.

        A reconnection keeps the first connection's layout, which the session records: an insole back at
        another of its rates is set back to that one as it starts (:attr:`insole_rate_hz`); one that
        describes another layout (sensors, scale, rates) is refused, its data would not be the session's."""
        self.generation += 1
        gen = self.generation

        def disconnected(_client: BleakClient) -> None:
            if gen != self.generation:
                return
            waiter = self.control_waiter  # a command waiting for its answer: none will come
            if waiter is not None and not waiter.done():
                waiter.set_exception(ConnectionLost(f"{self.address} insole dropped the link"))
            if not self.closing:
                self._on_disconnect(self)

        client = BleakClient(self.device, disconnected_callback=disconnected,
                             timeout=self.config.connect_timeout_s, **self.backends.client_kwargs())
        with _bluetooth_errors():
            await client.connect()
        self.client = client
        try:
            await self._request_mtu(client)
            layout, info = await self.driver.describe(self)
            if self.foot is not None and layout.side != self.foot:
                raise ProtocolError(f"{self.address} now says it is the {layout.side} insole, was {self.foot}")
            rate_hz = layout.current_rate_hz
            if self.layout is not None:
                if not _same_but_rate(layout, self.layout):
                    raise ProtocolError(f"{self.address} now describes another layout than the session's")
                layout = self.layout
        except BleakCharacteristicNotFoundError as exc:  # another kind of insole, or no insole at all
            served = served_kind([s.uuid for s in client.services]) if client.services is not None else None
            await self._let_go()
            raise WrongKind(self._wrong_kind_words(exc, served)) from exc
        except Exception:
            await self._let_go()
            raise
        self.layout, self.foot, self.info = layout, layout.side, info
        self.insole_rate_hz = rate_hz

    def _wrong_kind_words(self, exc: BleakCharacteristicNotFoundError, served: str | None) -> str:
        """Why this device is not an insole of its driver's kind (``exc``: the characteristic it lacks), and
        the ``--insole`` that reads it where its services say its kind (``served``)."""
        lacks = f"it has no characteristic {exc.char_specifier}" if hasattr(exc, "char_specifier") else str(exc)
        head = f"{self.address} is not a {self.driver.title} insole ({lacks})"
        if served is not None and served != self.driver.kind:
            return f"{head}; its services are {DRIVERS[served].title}'s: try --insole {served}"
        return f"{head}; name its kind with --insole KIND (solewatch scan lists the insoles it knows)"

    @staticmethod
    async def _request_mtu(client: BleakClient) -> None:
        """Make sure the ATT MTU is negotiated before the first notification (docs/protocol.md: 247).

        bleak has no public call for it: the simulated radio and CoreBluetooth/WinRT negotiate while
        connecting; BlueZ negotiates on its own but bleak only learns the value through this call.
        """
        acquire = getattr(getattr(client, "_backend", None), "_acquire_mtu", None)
        if acquire is not None:
            with contextlib.suppress(Exception):
                await acquire()

    @property
    def mtu(self) -> int | None:
        return self.client.mtu_size if self.client is not None else None

    async def start(self) -> None:
        """Subscribe and start streaming (the driver's way). A start that fails lets the insole go (its
        client is disconnected) before the error goes on: an insole still connected does not advertise,
        so no reconnection could find it."""
        gen = self.generation

        def pressure(data: bytes) -> None:
            if gen == self.generation:  # a callback of a replaced client never delivers
                self._on_notify(self, data)

        try:
            await self.driver.start(self, self.layout, pressure, lambda pct: self._on_battery(self, pct))
        except Exception:
            await self._let_go()
            raise
        self.started_generation = gen

    async def _let_go(self) -> None:
        """Disconnect the client (never raises) as a replaced one: its disconnect callback and its
        notifications say nothing; the caller reports the drop."""
        client, self.client = self.client, None
        self.generation += 1
        if client is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.disconnect(), 2.0)

    async def command(self, payload: bytes) -> protocol.ControlResponse:
        """A control-point command of docs/protocol.md, played by the driver; its response."""
        return await self.driver.command(self, payload)

    async def close(self) -> None:
        """Stop streaming and disconnect (never raises). A client whose start did not succeed (a
        reconnection stopped as it connected or started) is disconnected without the stop command, which
        it may be unable to answer."""
        self.closing = True
        client = self.client
        if client is None:
            return
        with contextlib.suppress(Exception):
            if client.is_connected and self.started_generation == self.generation:
                await asyncio.wait_for(self.driver.stop(self), 2.0)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.disconnect(), 2.0)
        self.client = None


def _same_but_rate(a: SensorLayout, b: SensorLayout) -> bool:
    """Whether two layouts are the same but perhaps for the rate the insole runs at."""
    return a.to_dict() | {"current_rate_hz": 0} == b.to_dict() | {"current_rate_hz": 0}


# ---------------------------------------------------------------------------- both feet


@dataclass
class FootStatus:
    """What the person sees of one foot's link."""

    connected: bool = False
    lost: bool = False
    reconnects: int = 0
    battery_pct: int | None = None
    #: the level an insole reports instead of a percentage (DeviceInfo.battery_level: "low", "normal", "high")
    battery_level: str | None = None
    battery_low_reported: bool = False
    down_since_host_s: float | None = None


class PairLink:
    """Both feet: connection, reconnection, and the single consumer of every notification.

    ``on_record(kind, foot, host_s, payload)`` receives every notification (kind "notification", bytes)
    and every link event (kind "event", dict), in order, before the frames they produce;
    ``on_frames(block)`` receives the assembled FrameBlocks. Both run in the consumer task.
    ``host_s`` is seconds since :meth:`start` on the host's clock (:func:`host_clock_s`).
    ``on_session_start()``, if set, is called once when session time starts, before any foot streams (a
    simulation in this process starts its clock then, so its time is session time).
    """

    def __init__(self, backends: Backends, config: LinkConfig | None = None) -> None:
        self.backends = backends
        self.config = config or LinkConfig()
        self.feet: dict[str, FootLink] = {}
        self.status: dict[str, FootStatus] = {}
        self._queue: asyncio.Queue = asyncio.Queue()
        self._t0 = host_clock_s()
        self._connect_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task] = set()
        self._reconnecting: dict[str, asyncio.Task] = {}  # per foot down, the one task bringing it back
        self._consumer: asyncio.Task | None = None
        self._closing = False
        self._started = False  # session time has started (a drop before then fails that foot's start)
        self.consumer_errors: list[str] = []
        self._heard_host_s: dict[str, float] = {}  # per foot, host time of its newest notification consumed
        #: per foot, host time of the first notification consumed since its last `disconnected` (in record
        #: order): only the data a foot sent since then can say how long the other foot has been away
        self._streak_host_s: dict[str, float] = {}
        #: per foot down, (its down_since_host_s, host s of the other foot's data it had before that foot's
        #: own drop): a brief drop of the sender keeps what it sent while this foot was already away
        self._credit_host_s: dict[str, tuple[float, float]] = {}
        # per foot being started, the event that will say it streams: `connected` or `reconnected`, and its fields
        self._starting: dict[str, tuple[str, dict[str, Any]]] = {}
        self._refusals_said: dict[str, set[str]] = {}  # per foot, the refusals its reconnection said (one line)
        self.on_record: Callable[[str, str | None, float, Any], None] = lambda *a: None
        self.on_session_start: Callable[[], None] | None = None
        #: per foot, its device counter at session time 0 (us, mod 2**32) where it is known (a simulated insole in
        #: this process, whose clock starts with the session): its ``connected`` event says it, and the foot's
        #: frames are mapped by it (monitor.link.clock, "Known start"); so does its ``reconnected`` event
        self.device_us_at_start: dict[str, int] = {}

    def host_s(self) -> float:
        return host_clock_s() - self._t0

    # ---------------------------------------------------------------- opening
    async def open(self, devices: list[FoundInsole | BLEDevice | str], *, expect: dict[str, str] | None = None,
                   kind: str = "solewatch") -> None:
        """Connect every device (one at a time) and learn which foot each is.

        A device found by :func:`scan` brings its kind; any other is of ``kind``. ``expect`` maps foot ->
        address when the person named them (in either case, as bleak finds it); a mismatch is an error.
        """
        for dev in devices:
            dev_kind = dev.kind if isinstance(dev, FoundInsole) else kind
            device = dev.device if isinstance(dev, FoundInsole) else dev
            link = FootLink(device, self.backends, self.config, self._notify, self._battery, self._dropped,
                            kind=dev_kind)
            async with self._connect_lock:
                await link.connect()
            if link.foot in self.feet:
                await link.close()
                raise DeviceNotFound(f"two {link.foot} insoles found ({self.feet[link.foot].address} and "
                                     f"{link.address}); name them with --left and --right")
            named = (expect or {}).get(link.foot)  # as typed: bleak finds an address in any case
            if named is not None and named.upper() != link.address.upper():
                await link.close()
                raise DeviceNotFound(f"{link.address} is a {link.foot} insole, not the one named for that foot")
            self.feet[link.foot] = link
            self.status[link.foot] = FootStatus(connected=True, battery_pct=link.info.battery_pct,
                                                battery_level=link.info.battery_level)

    @property
    def layouts(self) -> dict[str, SensorLayout]:
        return {foot: self.feet[foot].layout for foot in FEET if foot in self.feet}

    @property
    def device_infos(self) -> dict[str, DeviceInfo]:
        return {foot: self.feet[foot].info for foot in FEET if foot in self.feet}

    async def start(self, consume: Callable[[str, str | None, float, Any], None]) -> None:
        """Start the consumer, then streaming on every foot, all at once. Session time starts here.

        A foot's ``connected`` event says that its streaming has started (docs/session-format.md): it is
        logged once its start succeeds, or before its first notification if that comes sooner (an insole
        may stream before it answers the start command), and its ``battery`` level follows it. A foot
        whose start fails logs none: it is down (``disconnected``) until a reconnection brings it back
        (``reconnected``, logged the same way). A foot that dropped before this (after :meth:`open`) is
        such a foot: its drop is said here, at session time. A start that fails on an error no connection
        attempt expects raises :class:`InsoleFailed` once every foot's start has ended (:meth:`_start_foot`).
        """
        self._t0 = host_clock_s()
        self._started = True
        if self.on_session_start is not None:
            self.on_session_start()
        self.on_record = consume
        self._consumer = asyncio.create_task(self._consume(), name="solewatch-consumer")
        for foot, link in self.feet.items():
            self._starting[foot] = ("connected", self._clock_start(foot, {"address": link.address, "mtu": link.mtu}))
        # both feet at once: one after the other, the second would miss the first's start time of the
        # ride (at 300x, 0.1 s of host time is 30 s of ride); each foot's start ends before a failure goes on
        started = await asyncio.gather(*(self._start_foot(foot, link) for foot, link in self.feet.items()),
                                       return_exceptions=True)
        for failed in started:
            if isinstance(failed, BaseException):
                raise failed

    def _clock_start(self, foot: str, fields: dict[str, Any]) -> dict[str, Any]:
        """A ``connected`` or ``reconnected`` event's ``fields``, with the foot's device clock at session time 0
        where it is known (:attr:`device_us_at_start`): a foot whose start failed has its first frames after a
        ``reconnected``."""
        if foot in self.device_us_at_start:
            return {**fields, START_DEVICE_FIELD: self.device_us_at_start[foot]}
        return fields

    async def _start_foot(self, foot: str, link: FootLink) -> None:
        """Start streaming on ``foot``. A connection error is a drop like any other (its reconnection brings the
        foot back); any other error (a bug of its driver or of bleak's backend, which no attempt expects) is
        :class:`InsoleFailed`, naming the insole and the error on one line, the insole let go."""
        try:
            await link.start()
        except CONNECT_ERRORS:  # it dropped, or its start failed and let it go: a drop like any other
            self._starting.pop(foot, None)
            if self.status[foot].connected:  # no disconnect callback has said so
                self._dropped(link)
            return
        except Exception as exc:  # noqa: BLE001 - said as one line: the session cannot start as asked
            self._starting.pop(foot, None)
            raise InsoleFailed(f"{foot} insole: its start failed ({error_line(exc)})") from exc
        self._streaming(foot)

    def _streaming(self, foot: str) -> None:
        """``foot``'s streaming has started (again): its ``connected`` or ``reconnected`` event, once, then
        its battery level (one the insole notified while it started, or the one read as it connected)."""
        started = self._starting.pop(foot, None)
        if started is None:
            return
        name, fields = started
        st = self.status[foot]
        if name == "reconnected":
            st.connected, st.lost = True, False
            st.reconnects += 1
            down_s = (self.host_s() - (st.down_since_host_s or 0.0)) * self.config.speed
            fields = {**fields, "down_session_s": round(down_s, 4)}
            st.down_since_host_s = None
        self._event(foot, name, **fields)
        if st.battery_pct is not None:
            self._battery_event(foot, st.battery_pct)
        elif st.battery_level is not None:
            self._battery_level_event(foot, st.battery_level)

    # ---------------------------------------------------------------- callbacks (radio thread of control)
    def _notify(self, link: FootLink, data: bytes) -> None:
        if self._starting:
            self._streaming(link.foot)  # its first notification came before its start returned
        self._queue.put_nowait(("notification", link.foot, self.host_s(), data))

    def _event(self, foot: str | None, name: str, **fields: Any) -> None:
        self._queue.put_nowait(("event", foot, self.host_s(), {"event": name, "foot": foot, **fields}))

    def post_event(self, name: str, foot: str | None = None, **fields: Any) -> None:
        """Put an event of the caller's into the record stream, in order with the notifications and link
        events (the recorder writes it to the raw log; a replay meets it at the same place)."""
        self._event(foot, name, **fields)

    def _battery(self, link: FootLink, pct: int) -> None:
        """The insole notified its battery level: logged, unless its foot is still starting (its
        ``connected`` or ``reconnected`` event, not yet logged, brings the level after it)."""
        st = self.status[link.foot]
        st.battery_pct = pct
        if link.foot not in self._starting:
            self._battery_event(link.foot, pct)

    def _battery_event(self, foot: str, pct: int) -> None:
        st = self.status[foot]
        self._event(foot, "battery", level_pct=pct)
        if pct <= BATTERY_LOW_PCT and not st.battery_low_reported:
            st.battery_low_reported = True
            self._event(foot, "battery_low", level_pct=pct)

    def _battery_level_event(self, foot: str, level: str) -> None:
        """An insole that reports its battery as a level, no percentage (ORPHE INSOLE): a ``battery`` event
        with ``level`` ("low", "normal", "high"), and at "low" the ``battery_low`` warning once, as a
        percentage at or under BATTERY_LOW_PCT gives it."""
        st = self.status[foot]
        self._event(foot, "battery", level=level)
        if level == "low" and not st.battery_low_reported:
            st.battery_low_reported = True
            self._event(foot, "battery_low", level=level)

    def _dropped(self, link: FootLink) -> None:
        if self._closing or link.foot not in self.status:  # a link still connecting: its connect fails
            return
        if not self._started:  # before the session: its start fails, and start() says the drop at 0 s
            return
        st = self.status[link.foot]
        if not st.connected:  # down already: the reconnection under way sees its attempt fail and retries
            return
        st.connected = False
        st.down_since_host_s = self.host_s()
        self._starting.pop(link.foot, None)  # a foot that drops while it starts never streamed
        self._event(link.foot, "disconnected")
        if link.foot in self._reconnecting:  # back by its data while an attempt started: that task goes on
            return
        task = asyncio.get_running_loop().create_task(self._reconnect(link), name=f"reconnect-{link.foot}")
        self._tasks.add(task)
        self._reconnecting[link.foot] = task
        task.add_done_callback(self._tasks.discard)

    # ---------------------------------------------------------------- reconnection
    async def _reconnect(self, link: FootLink) -> None:
        """Bring a foot that dropped back, with backoff, until it is or the link closes. The foot is back
        (``reconnected``) when an attempt's start succeeds, or at its first notification if that comes
        sooner (as ``connected``); a drop after that is said, and this task, the foot's only one, goes on.

        An error no attempt expects (not one of :data:`CONNECT_ERRORS`: a bug in a driver or in bleak's
        backend) ends the reconnection, said: the insole is let go, and the foot is lost and no longer
        retried (``reconnection_failed``, its note naming the foot and the error), while the other foot
        goes on."""
        try:
            await self._reconnect_attempts(link)
        except Exception as exc:  # noqa: BLE001 - said as an event, never lost with the task
            await self._reconnection_failed(link, exc)
        finally:
            self._reconnecting.pop(link.foot, None)

    async def _reconnection_failed(self, link: FootLink, exc: Exception) -> None:
        """``link``'s reconnection ended on ``exc``: let the insole go (a client the failed attempt may
        hold), say a foot that was back by its data down, then lost for good."""
        foot, st = link.foot, self.status[link.foot]
        self._starting.pop(foot, None)
        await link._let_go()
        if st.connected:  # back by its data as the attempt failed: its drop first, as any other
            self._dropped(link)
        if st.down_since_host_s is None:  # never said down (a failure before any drop was said)
            st.connected, st.down_since_host_s = False, self.host_s()
        error = error_line(exc)  # its message may span lines: the note is one
        lost_before, st.lost = st.lost, True
        down_s = (self.host_s() - st.down_since_host_s) * self.config.speed
        what = f"{foot} insole's reconnection" if lost_before else f"{foot} insole lost: its reconnection"
        self._event(foot, "reconnection_failed", error=error, down_session_s=round(down_s, 3),
                    note=f"{what} failed ({error}) and is not tried again; "
                         f"{self._goes_on(foot, for_good=True)}")

    async def _reconnect_attempts(self, link: FootLink) -> None:
        cfg, st = self.config, self.status[link.foot]
        delay, attempt = cfg.reconnect_initial_s, 0
        while not self._closing:
            attempt += 1
            reconnects = st.reconnects
            down_host_s = self.host_s() - (st.down_since_host_s or 0.0)
            if (not self._others_heard(link.foot) and down_host_s * cfg.speed >= cfg.lost_after_session_s
                    and down_host_s >= cfg.lost_after_host_min_s):
                self._lost(link.foot, down_host_s * cfg.speed)  # no foot sends: the host's clock decides
            try:
                scan_host_s, wait_host_s = _attempt_host_s(cfg, delay)
                link.device = await find_address(self.backends, link.address, timeout_s=scan_host_s)
                async with self._connect_lock:
                    await link.connect()
                if link.info is not None and link.info.battery_pct is not None:
                    st.battery_pct = link.info.battery_pct  # read as it connected: said after `reconnected`
                if link.info is not None and link.info.battery_level is not None:
                    st.battery_level = link.info.battery_level  # likewise, as a level
                self._starting[link.foot] = ("reconnected", self._clock_start(link.foot, {"attempts": attempt}))
                await link.start()
                if not link.connected:  # dropped as it started: its drop was this attempt's, not a new one
                    raise ConnectionLost(f"the {link.foot} insole dropped as it started")
            except (*CONNECT_ERRORS, BluetoothUnavailable) as exc:  # the adapter's refusal too: it may pass
                self._starting.pop(link.foot, None)
                if isinstance(exc, (ProtocolError, WrongKind)):  # the insole refused, not the radio: say why
                    self._refused(link.foot, exc)
                if st.connected:  # back by its data, then its start failed and let it go: a drop, said
                    self._dropped(link)
                if st.reconnects != reconnects:  # it was back, and dropped again: attempts count afresh
                    delay, attempt = cfg.reconnect_initial_s, 0
                    wait_host_s = _attempt_host_s(cfg, delay)[1]
                await asyncio.sleep(wait_host_s)
                delay = min(delay * 2, cfg.reconnect_max_s)
                continue
            self._streaming(link.foot)  # unless its first notification came sooner and said it
            return

    def _refused(self, foot: str, exc: Exception) -> None:
        """An attempt the insole made fail by what it is now (back as the other foot, with another layout,
        refusing the session's rate: ``exc``): said once per foot and reason (``reconnection_refused``, its
        note naming them); the attempts go on, as the insole may come back as it was."""
        error = error_line(exc)
        said = self._refusals_said.setdefault(foot, set())
        if error in said:
            return
        said.add(error)
        self._event(foot, "reconnection_refused", error=error,
                    note=f"{foot} insole refused at its reconnection ({exc}); it is still tried")

    def _lost(self, foot: str, down_s: float) -> None:
        st = self.status[foot]
        if st.lost or st.down_since_host_s is None:
            return
        st.lost = True
        self._event(foot, "foot_lost", down_session_s=round(down_s, 3),
                    note=f"{foot} insole lost; {self._goes_on(foot)}")

    def give_up_down(self) -> None:
        """The session is over and no foot sends: every foot down for ``lost_after_session_s`` of host time x
        speed is lost now (``foot_lost``, as :meth:`_reconnect_attempts` says it), without waiting for the
        host-time floor (``lost_after_host_min_s``), which keeps a host that receives nothing mid-session from
        losing a foot, and past a simulated ride's end only held the recording open (200 s of ride at 40x).
        A foot down for less, or while another foot's data still arrive, is left as it is."""
        now_s = self.host_s()
        for foot, st in self.status.items():
            if st.lost or st.connected or st.down_since_host_s is None or self._others_heard(foot):
                continue
            down_s = (now_s - st.down_since_host_s) * self.config.speed
            if down_s >= self.config.lost_after_session_s:
                self._lost(foot, down_s)

    def _goes_on(self, foot: str, *, for_good: bool = False) -> str:
        """What the session goes on with, ``foot`` lost (``for_good``: not retried): the other foot, or
        nothing until one is back."""
        other = [f for f in self.feet if f != foot]
        if not other:
            return "the session goes on with no other foot"
        if self.status[other[0]].connected:
            return f"the session goes on with the {other[0]}"
        # both down: say so, not that the other one carries the session
        until = "it comes back" if for_good else "one comes back"
        return f"the {other[0]} insole is down too: nothing is recorded until {until}"

    def _others_heard(self, foot: str) -> bool:
        """Whether another foot, up now, has data that arrived since ``foot`` went down: its data say how
        long ``foot`` has been away. One down too sends no more (feet that stop together: the last
        notification of one may come just after the other's drop), so the host's clock decides."""
        down = self.status[foot].down_since_host_s
        return down is not None and any(t >= down and self.status[f].connected
                                        for f, t in self._heard_host_s.items() if f != foot)

    def _data_arrived(self, foot: str, host_s: float) -> None:
        """``foot``'s notification, stamped ``host_s``, is consumed: a foot down while this much of the
        other foot's data arrived (``lost_after_session_s`` at the session's speed) is lost. The other
        foot's data count from its own return when it was down too (had: both feet down for 20 s of ride
        at 30x, the first one back made the other lost at its first notification, 0.5 s before that one
        came back too: "lost at 1:42, back at 1:42")."""
        self._heard_host_s[foot] = host_s
        since = self._streak_host_s.setdefault(foot, host_s)
        for other, st in self.status.items():
            if other != foot and st.down_since_host_s is not None and not st.lost:
                credit = self._credit_of(other, st.down_since_host_s)
                down_s = (credit + host_s - max(st.down_since_host_s, since)) * self.config.speed
                if down_s >= self.config.lost_after_session_s:
                    self._lost(other, down_s)

    # ---------------------------------------------------------------- consumer
    async def _consume(self) -> None:
        """Hand every queued item to ``on_record``, in order. A failure on one item is kept in
        :attr:`consumer_errors` and the stream goes on: one bad item never loses the ones after it."""
        while True:
            item = await self._queue.get()
            if item is None:
                return
            kind, foot, host_s, payload = item
            if kind == "barrier":  # not a record: caught_up() waits for it
                if not payload.done():
                    payload.set_result(None)
                continue
            try:
                self.on_record(kind, foot, host_s, payload)
            except Exception as exc:  # noqa: BLE001 - kept and reported, never swallowed
                self.consumer_errors.append(f"{kind} from {foot} at {host_s:.3f} s: {exc!r}")
            if kind == "notification" and foot in self.status:
                self._data_arrived(foot, host_s)
            elif kind == "event" and payload.get("event") == "disconnected":
                self._sender_dropped(foot)

    def _credit_of(self, foot: str, down_since_host_s: float) -> float:
        """Host s of the other foot's data, before its own latest drop, while ``foot`` has been down since
        ``down_since_host_s`` (0 once ``foot`` has been back: a new drop starts afresh)."""
        since, credit = self._credit_host_s.get(foot, (None, 0.0))
        return credit if since == down_since_host_s else 0.0

    def _sender_dropped(self, foot: str) -> None:
        """``foot`` dropped: its data count afresh once it is back, but what it sent while the other foot
        was already down stays counted (had: a dead foot was never lost while the other dropped briefly
        every few seconds, and each brief drop put off the loss by all that had been sent before)."""
        since = self._streak_host_s.pop(foot, None)
        heard = self._heard_host_s.get(foot)
        for other, st in self.status.items():
            if other == foot or st.down_since_host_s is None or st.lost or since is None or heard is None:
                continue
            sent_s = max(0.0, heard - max(st.down_since_host_s, since))
            credit = self._credit_of(other, st.down_since_host_s)
            self._credit_host_s[other] = (st.down_since_host_s, credit + sent_s)

    async def caught_up(self, timeout_s: float) -> bool:
        """Wait until the consumer has handed on every item queued before this call (at most ``timeout_s``
        host seconds); False if it had not. A host that fell behind analyses what it already received,
        while the insoles are still connected, before the session ends."""
        if self._consumer is None or self._consumer.done():
            return True
        reached = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(("barrier", None, self.host_s(), reached))
        try:
            await asyncio.wait_for(asyncio.shield(reached), timeout_s)
        except asyncio.TimeoutError:
            return False
        return True

    async def command(self, foot: str, payload: bytes) -> protocol.ControlResponse:
        """Send a control command to one foot (haptic pulse, tare...)."""
        link = self.feet[foot]
        if not link.connected:
            raise ConnectionLost(f"the {foot} insole is not connected")
        return await link.command(payload)

    async def close(self) -> None:
        """Stop streaming, disconnect both feet, and drain the queue (every received item consumed)."""
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for link in self.feet.values():
            await link.close()
        if self._consumer is not None:
            self._queue.put_nowait(None)
            await self._consumer
            self._consumer = None


def frames_consumer(assembler, on_frames: Callable[[FrameBlock], None]):
    """A consume function feeding a SessionAssembler and passing its frames on."""

    def consume(kind: str, foot: str | None, host_s: float, payload: Any) -> None:
        if kind == "notification":
            for block in assembler.notification(foot, host_s, payload):
                on_frames(block)
        else:
            assembler.event(payload)

    return consume
