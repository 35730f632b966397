"""A bleak backend over bumble's virtual radio: ordinary bleak code reaches simulated peripherals with no
Bluetooth hardware.

Two modes, one interface. The monitor only ever receives two classes, ``radio.scanner_backend`` and
``radio.client_backend``, and passes them as ``BleakScanner(backend=...)`` and
``BleakClient(address, backend=...)``; its code is the same in both modes.

- In-process, ``SimRadio``: a bumble ``LocalLink`` carries every virtual controller. Peripherals get a
  controller each (``SimRadio.new_device``). Every scanner start and every client connect gets a fresh
  controller and host of its own (an HCI reset does not clear bumble's virtual controller), removed from
  the link when the scan stops or the link closes.
- Two processes: the simulator process calls ``SimRadio.serve_hci("tcp-server:HOST:PORT")``; every TCP
  connection to it gets a fresh virtual controller on the simulator's link, spoken to as HCI (H4) over
  TCP. The monitor process opens ``RemoteRadio("tcp-client:HOST:PORT")``: one bumble host over that one
  controller, shared by all its scanners and clients.

What the virtual controller (``SimController``) allows: any number of simultaneous LE connections as
central; one pending LE connection at a time (``connect`` calls on one controller are serialised by a
lock, so two clients of a ``RemoteRadio`` connect one after the other); scanning while connected or
connecting; LE Create Connection Cancel, which here really cancels (bumble's stock controller ignores
it, which would block every later connect on that controller after one timeout). It simulates no radio
timing: no connection interval, no air time, no loss; a peripheral that wants them adds them itself.
Over TCP nothing pushes back from the monitor to the simulator: a monitor slower than the simulated
insoles sees their data queue up in the socket, so run the simulation at a speed the monitor can follow.
Closing a ``RemoteRadio`` drops its links (their clients see an unsolicited disconnect), and a monitor
process that goes away takes its controller off the simulator's link, so the insoles advertise again.

Everything is built inside the running event loop and belongs to it: use one radio per loop.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import itertools
import logging
import uuid as uuid_module
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from bleak.assigned_numbers import gatt_char_props_to_strs
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, AdvertisementDataCallback, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDeviceNotFoundError, BleakError, BleakGATTProtocolError
from bleak.uuids import normalize_uuid_str
from bumble import att, core, hci, ll
from bumble.controller import Controller
from bumble.device import Connection, Device, Peer
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport import open_transport
from bumble.transport.common import AsyncPipeSink, StreamPacketSource

logger = logging.getLogger(__name__)

#: ATT MTU the client requests on every connection (docs/protocol.md); without it notifications are cut
#: to the 23-byte default MTU.
REQUESTED_MTU = 247
#: The default ATT MTU before an exchange (Bluetooth Core Vol 3 Part F 3.2.8).
DEFAULT_MTU = 23
#: LE ACL data packet length of every virtual controller: the LE Data Length Extension maximum (Bluetooth
#: Core Vol 6 Part B 4.5.10). bumble's default, 27, splits each 247-byte notification into ~10 HCI packets.
ACL_DATA_PACKET_LENGTH = 251
#: Seconds to wait for a disconnection to complete before giving up on it.
_DISCONNECT_TIMEOUT_S = 2.0

_REMOTE_USER_TERMINATED = hci.HCI_REMOTE_USER_TERMINATED_CONNECTION_ERROR
_GAP_DEVICE_NAME_UUID = normalize_uuid_str("2a00")


_controller_logger = logging.getLogger("bumble.controller")
_host_logger = logging.getLogger("bumble.host")


class SimController(Controller):
    """bumble's virtual controller with 251-byte LE ACL packets and a working connect cancel.

    Unless bumble's debug logging is on, it also skips the per-packet debug text bumble formats whether
    or not it is logged (a third of the CPU of a notification stream).
    """

    le_acl_data_packet_length = ACL_DATA_PACKET_LENGTH

    def on_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if _controller_logger.isEnabledFor(logging.DEBUG):
            return super().on_hci_packet(packet)
        match packet:
            case hci.HCI_Command():
                self.on_hci_command_packet(packet)
            case hci.HCI_AclDataPacket():
                self.on_hci_acl_data_packet(packet)
            case _:
                super().on_hci_packet(packet)

    def send_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if _controller_logger.isEnabledFor(logging.DEBUG):
            return super().send_hci_packet(packet)
        if self.host:
            asyncio.get_running_loop().call_soon(self.host.on_packet, bytes(packet))

    def on_hci_le_create_connection_cancel_command(
        self, _command: hci.HCI_LE_Create_Connection_Cancel_Command
    ) -> hci.HCI_StatusReturnParameters:
        """Bluetooth Core Vol 4 Part E 7.8.13: cancel, then report the connection as failed (status 0x02)."""
        pending = self.pending_le_connection
        if pending is None:
            return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.COMMAND_DISALLOWED_ERROR)
        self.pending_le_connection = None
        event = hci.HCI_LE_Connection_Complete_Event(
            status=hci.HCI_UNKNOWN_CONNECTION_IDENTIFIER_ERROR,
            connection_handle=0,
            role=hci.Role.CENTRAL,
            peer_address_type=pending.peer_address.address_type,
            peer_address=pending.peer_address,
            connection_interval=0,
            peripheral_latency=0,
            supervision_timeout=0,
            central_clock_accuracy=0,
        )
        # After the Command Complete that returning here produces.
        asyncio.get_running_loop().call_soon(self.send_hci_packet, event)
        return hci.HCI_StatusReturnParameters(hci.HCI_ErrorCode.SUCCESS)


class QuietHost(Host):
    """bumble's Host, minus the per-packet debug text it formats even when debug logging is off."""

    def send_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if self.snooper or _host_logger.isEnabledFor(logging.DEBUG):
            return super().send_hci_packet(packet)
        if self.hci_sink:
            self.hci_sink.on_packet(bytes(packet))

    def on_hci_packet(self, packet: hci.HCI_Packet) -> None:
        if self.snooper or _host_logger.isEnabledFor(logging.DEBUG):
            return super().on_hci_packet(packet)
        match packet:
            case hci.HCI_Event():
                self.on_hci_event_packet(packet)
            case hci.HCI_AclDataPacket():
                self.on_hci_acl_data_packet(packet)
            case _:
                super().on_hci_packet(packet)


def _alive(connection: Connection) -> bool:
    """Whether bumble still holds this connection (a request on a dead one would wait 30 s for nothing)."""
    return connection.device.connections.get(connection.handle) is connection


def retire_controller(controller: Controller, reason: int = _REMOTE_USER_TERMINATED) -> None:
    """Take a controller off its link: its peers see each of its LE connections terminate with ``reason``;
    its own host hears nothing more."""
    controller.host = None
    controller.pending_le_connection = None
    controller.le_legacy_advertiser.stop()
    for adv_set in controller.advertising_sets.values():
        adv_set.stop()
    for connection in list(controller.le_connections.values()):
        try:
            connection.send_ll_control_pdu(ll.TerminateInd(reason))
        except core.InvalidArgumentError:
            pass  # the peer is gone already
    controller.le_connections.clear()
    link = controller.link
    if isinstance(link, LocalLink) and controller in link.controllers:
        link.remove_controller(controller)


# --------------------------------------------------------------------------------------------------------
# Advertising data and UUIDs
# --------------------------------------------------------------------------------------------------------

_AD_FLAGS = 0x01
_AD_UUID16 = (0x02, 0x03)
_AD_UUID32 = (0x04, 0x05)
_AD_UUID128 = (0x06, 0x07)
_AD_NAME = (0x08, 0x09)  # shortened, complete
_AD_TX_POWER = 0x0A
_AD_SERVICE_DATA16 = 0x16
_AD_SERVICE_DATA32 = 0x20
_AD_SERVICE_DATA128 = 0x21
_AD_MANUFACTURER = 0xFF


@dataclass
class AdvertisingFields:
    """What bleak's AdvertisementData carries, parsed from raw advertising data (Core Supplement Part A)."""

    local_name: str | None = None
    service_uuids: list[str] = field(default_factory=list)
    service_data: dict[str, bytes] = field(default_factory=dict)
    manufacturer_data: dict[int, bytes] = field(default_factory=dict)
    tx_power: int | None = None


def _uuid_from_le_bytes(data: bytes) -> str:
    if len(data) == 2:
        return normalize_uuid_str(f"{int.from_bytes(data, 'little'):04x}")
    if len(data) == 4:
        return normalize_uuid_str(f"{int.from_bytes(data, 'little'):08x}")
    return str(uuid_module.UUID(bytes=bytes(reversed(data))))


def parse_advertising_data(data: bytes) -> AdvertisingFields:
    """Parse AD structures (length, type, payload); repeated structures merge, malformed tails are ignored."""
    out = AdvertisingFields()
    i = 0
    while i < len(data):
        length = data[i]
        if length == 0 or i + 1 + length > len(data):
            break
        ad_type, payload = data[i + 1], bytes(data[i + 2 : i + 1 + length])
        i += 1 + length
        width = {**dict.fromkeys(_AD_UUID16, 2), **dict.fromkeys(_AD_UUID32, 4),
                 **dict.fromkeys(_AD_UUID128, 16)}.get(ad_type)
        if width:
            for k in range(0, len(payload) - width + 1, width):
                u = _uuid_from_le_bytes(payload[k : k + width])
                if u not in out.service_uuids:
                    out.service_uuids.append(u)
        elif ad_type in _AD_NAME:
            if out.local_name is None or ad_type == _AD_NAME[1]:
                out.local_name = payload.decode("utf-8", errors="replace")
        elif ad_type == _AD_TX_POWER and len(payload) == 1:
            out.tx_power = int.from_bytes(payload, "little", signed=True)
        elif ad_type in (_AD_SERVICE_DATA16, _AD_SERVICE_DATA32, _AD_SERVICE_DATA128):
            width = {_AD_SERVICE_DATA16: 2, _AD_SERVICE_DATA32: 4, _AD_SERVICE_DATA128: 16}[ad_type]
            if len(payload) >= width:
                out.service_data[_uuid_from_le_bytes(payload[:width])] = payload[width:]
        elif ad_type == _AD_MANUFACTURER and len(payload) >= 2:
            out.manufacturer_data[int.from_bytes(payload[:2], "little")] = payload[2:]
    return out


def bleak_uuid(u: core.UUID) -> str:
    """A bumble UUID in bleak's form: lower-case, 128-bit, dashed."""
    return normalize_uuid_str(u.to_hex_str()) if len(u.uuid_bytes) <= 4 else str(uuid_module.UUID(u.to_hex_str()))


# --------------------------------------------------------------------------------------------------------
# Radios
# --------------------------------------------------------------------------------------------------------


class _Central:
    """One bumble host acting as central: its device, its connect lock, its scan users."""

    def __init__(self, device: Device, controller: Controller | None) -> None:
        self.device = device
        self.controller = controller  # None when the controller lives in another process
        self.connect_lock = asyncio.Lock()
        self._scan_users = 0

    async def start_scan(self, active: bool) -> None:
        self._scan_users += 1
        if self._scan_users == 1:
            await self.device.start_scanning(active=active, filter_duplicates=False)

    async def stop_scan(self) -> None:
        self._scan_users -= 1
        if self._scan_users == 0 and self.device.is_scanning:
            await self.device.stop_scanning()


class _Radio:
    """What the bound bleak backends need from a radio."""

    _loop: asyncio.AbstractEventLoop | None = None

    def __init__(self) -> None:
        self._scanner_cls: type[SimBleakScanner] | None = None
        self._client_cls: type[SimBleakClient] | None = None

    @property
    def scanner_backend(self) -> type[SimBleakScanner]:
        """A BaseBleakScanner subclass bound to this radio, for ``BleakScanner(backend=...)``."""
        if self._scanner_cls is None:
            self._scanner_cls = type("SimBleakScanner", (SimBleakScanner,), {"_radio": self})
        return self._scanner_cls

    @property
    def client_backend(self) -> type[SimBleakClient]:
        """A BaseBleakClient subclass bound to this radio, for ``BleakClient(address, backend=...)``."""
        if self._client_cls is None:
            self._client_cls = type("SimBleakClient", (SimBleakClient,), {"_radio": self})
        return self._client_cls

    def check_loop(self) -> None:
        """Raise BleakError unless the radio is open and the caller runs in the radio's event loop."""
        if self._loop is None:
            raise BleakError(f"{type(self).__name__} is not open: use 'async with {type(self).__name__}(...)'")
        if asyncio.get_running_loop() is not self._loop:
            raise BleakError(f"{type(self).__name__} belongs to another event loop: use one radio per loop")

    async def open_central(self) -> _Central:
        raise NotImplementedError

    async def close_central(self, central: _Central) -> None:
        raise NotImplementedError

    def knows_address(self, address: hci.Address) -> bool | None:
        """Whether a device with this address is on the radio; None when the radio cannot tell."""
        return None


class _Closable(Protocol):
    async def aclose(self) -> None: ...


class SimRadio(_Radio):
    """The in-process virtual radio: one bumble LocalLink, built on entry inside the running loop.

    ``async with SimRadio() as radio:`` then build peripherals with ``radio.new_device`` (see
    firmware_sim.peripheral) and hand ``radio.scanner_backend`` / ``radio.client_backend`` to bleak.
    On exit every adopted peripheral is closed, HCI servers stop and every controller leaves the link.
    """

    def __init__(self) -> None:
        super().__init__()
        self.link: LocalLink | None = None
        self._central_ids = itertools.count(1)
        self._adopted: list[_Closable] = []
        self._servers: list[HciServer] = []

    async def __aenter__(self) -> SimRadio:
        if self._loop is not None:
            raise BleakError("SimRadio is already open")
        self._loop = asyncio.get_running_loop()
        self.link = LocalLink()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for obj in reversed(self._adopted):
            await obj.aclose()
        self._adopted.clear()
        for server in list(self._servers):
            await server.close()
        if self.link is not None:
            for controller in list(self.link.controllers):
                retire_controller(controller)
        self.link = None
        self._loop = None

    def adopt(self, obj: _Closable) -> None:
        """Close ``obj`` (``await obj.aclose()``) when the radio closes, if nobody did before."""
        self._adopted.append(obj)

    def disown(self, obj: _Closable) -> None:
        if obj in self._adopted:
            self._adopted.remove(obj)

    def add_controller(self, name: str, *, host_source: Any = None, host_sink: Any = None) -> SimController:
        """A fresh virtual controller on the link (HCI to/from the given source/sink, if any)."""
        self.check_loop()
        return SimController(name, host_source=host_source, host_sink=host_sink, link=self.link)

    def new_device(self, name: str, address: str) -> Device:
        """A bumble Device (host) over a fresh controller on the link, not yet powered on.

        ``address`` is the random static address the device will use (e.g. ``F0:5E:00:00:00:01``).
        """
        return self._device_and_controller(name, address)[0]

    def _device_and_controller(self, name: str, address: str) -> tuple[Device, SimController]:
        addr = hci.Address(address)
        if self.knows_address(addr):
            raise ValueError(f"address {address} is already on this radio")
        controller = self.add_controller(name)
        return Device(name=name, address=addr, host=QuietHost(controller, AsyncPipeSink(controller))), controller

    def knows_address(self, address: hci.Address) -> bool:
        assert self.link is not None
        return any(c.random_address == address for c in self.link.controllers)

    async def open_central(self) -> _Central:
        self.check_loop()
        n = next(self._central_ids)
        address = f"C0:00:00:00:{(n >> 8) & 0xFF:02X}:{n & 0xFF:02X}"
        device, controller = self._device_and_controller(f"central-{n}", address)
        try:
            await device.power_on()
        except BaseException:
            retire_controller(controller)
            raise
        return _Central(device, controller)

    async def close_central(self, central: _Central) -> None:
        if central.controller is not None:
            retire_controller(central.controller)

    async def serve_hci(self, spec: str) -> HciServer:
        """Serve a fresh virtual controller on this link to each TCP client, as HCI over H4.

        ``spec`` is ``tcp-server:HOST:PORT``; HOST ``_`` means every interface, PORT 0 picks a free port
        (read it back from ``HciServer.port``). The client side is ``RemoteRadio(server.client_spec)``.
        """
        self.check_loop()
        scheme, _, rest = spec.partition(":")
        host, sep, port = rest.rpartition(":")
        if scheme != "tcp-server" or not sep or not port.isdigit():
            raise ValueError(f"bad HCI server spec {spec!r}: expected tcp-server:HOST:PORT (PORT 0 = any free)")
        ids = itertools.count(1)

        def session() -> _HciSession:
            return _HciSession(self, f"hci-tcp-{next(ids)}")

        server = await asyncio.get_running_loop().create_server(
            session, host=None if host == "_" else host, port=int(port)
        )
        hci_server = HciServer(self, server)
        self._servers.append(hci_server)
        return hci_server


class _TcpSink:
    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport

    def on_packet(self, packet: bytes) -> None:
        if not self._transport.is_closing():
            self._transport.write(packet)


class _HciSession(asyncio.Protocol):
    """One TCP client of an HciServer: a fresh controller on the link for as long as the socket lives."""

    def __init__(self, radio: SimRadio, name: str) -> None:
        self._radio = radio
        self._name = name
        self._source = StreamPacketSource()
        self.controller: Controller | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.controller = self._radio.add_controller(
            self._name, host_source=self._source, host_sink=_TcpSink(transport)
        )

    def data_received(self, data: bytes) -> None:
        self._source.data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.controller is not None:
            retire_controller(self.controller)
            self.controller = None


class HciServer:
    """A running ``SimRadio.serve_hci``: ``host``, ``port``, ``client_spec``; ``await close()``."""

    def __init__(self, radio: SimRadio, server: asyncio.Server) -> None:
        self._radio = radio
        self._server = server
        self.host, self.port = server.sockets[0].getsockname()[:2]

    @property
    def client_spec(self) -> str:
        """The transport spec a RemoteRadio in another process opens to reach this server."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"tcp-client:{host}:{self.port}"

    async def close(self) -> None:
        self._server.close()
        await self._server.wait_closed()
        if self in self._radio._servers:
            self._radio._servers.remove(self)


class RemoteRadio(_Radio):
    """The monitor side of the two-process mode: a bumble host over one HCI transport (usually
    ``tcp-client:HOST:PORT`` from ``HciServer.client_spec``), shared by every scanner and client."""

    def __init__(self, spec: str) -> None:
        super().__init__()
        self.spec = spec
        self._transport: Any = None
        self._central: _Central | None = None

    async def __aenter__(self) -> RemoteRadio:
        self._loop = asyncio.get_running_loop()
        try:
            self._transport = await open_transport(self.spec)
            host = QuietHost(controller_source=self._transport.source, controller_sink=self._transport.sink)
            device = Device(name="solewatch-monitor", address=hci.Address.generate_static_address(), host=host)
            await asyncio.wait_for(device.power_on(), 10.0)
        except BaseException:
            self._loop = None
            if self._transport is not None:
                await self._transport.close()
            raise
        self._central = _Central(device, None)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        central, self._central = self._central, None
        if central is not None:
            for connection in list(central.device.connections.values()):
                try:
                    await asyncio.wait_for(connection.disconnect(), _DISCONNECT_TIMEOUT_S)
                except (TimeoutError, hci.HCI_Error, core.BaseBumbleError):
                    pass
        if self._transport is not None:
            await self._transport.close()
        self._transport = None
        self._loop = None

    async def open_central(self) -> _Central:
        self.check_loop()
        assert self._central is not None
        return self._central

    async def close_central(self, central: _Central) -> None:
        pass  # shared by every backend instance; closed with the radio


# --------------------------------------------------------------------------------------------------------
# bleak backends
# --------------------------------------------------------------------------------------------------------


class SimBleakScanner(BaseBleakScanner):
    """bleak scanner backend over a radio's virtual controller. Use ``radio.scanner_backend``."""

    _radio: ClassVar[_Radio]

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._active = scanning_mode != "passive"
        self._central: _Central | None = None
        self._fields: dict[str, AdvertisingFields] = {}

    async def start(self) -> None:
        self._radio.check_loop()
        self.seen_devices = {}
        self._fields = {}
        if self._central is not None:
            return
        central = await self._radio.open_central()
        central.device.on(Device.EVENT_ADVERTISEMENT, self._on_advertisement)
        try:
            await central.start_scan(self._active)
        except BaseException:
            central.device.remove_listener(Device.EVENT_ADVERTISEMENT, self._on_advertisement)
            await self._radio.close_central(central)
            raise
        self._central = central

    async def stop(self) -> None:
        central, self._central = self._central, None
        if central is None:
            return
        central.device.remove_listener(Device.EVENT_ADVERTISEMENT, self._on_advertisement)
        await central.stop_scan()
        await self._radio.close_central(central)

    def _on_advertisement(self, advertisement: Any) -> None:
        address = advertisement.address.to_string(False)
        new = parse_advertising_data(advertisement.data_bytes)
        seen = self._fields.setdefault(address, AdvertisingFields())
        seen.local_name = new.local_name or seen.local_name
        seen.service_uuids += [u for u in new.service_uuids if u not in seen.service_uuids]
        seen.service_data.update(new.service_data)
        seen.manufacturer_data.update(new.manufacturer_data)
        seen.tx_power = new.tx_power if new.tx_power is not None else seen.tx_power
        if not self.is_allowed_uuid(seen.service_uuids):
            return
        adv = AdvertisementData(
            local_name=seen.local_name,
            manufacturer_data=dict(seen.manufacturer_data),
            service_data=dict(seen.service_data),
            service_uuids=list(seen.service_uuids),
            tx_power=seen.tx_power,
            rssi=advertisement.rssi,
            platform_data=(advertisement,),
        )
        device = self.create_or_update_device(address, address, seen.local_name, advertisement.address, adv)
        self.call_detection_callbacks(device, adv)


class SimBleakClient(BaseBleakClient):
    """bleak client backend over a radio's virtual controller. Use ``radio.client_backend``.

    Each connect requests MTU 247 and discovers every service (or those named in ``services=``) with their
    characteristics and descriptors. ATT errors surface as ``BleakGATTProtocolError``. Notifications go to
    the one callback registered per characteristic on the current link; a link never outlives its
    connection, so a reconnect cannot deliver a notification twice.
    """

    _radio: ClassVar[_Radio]

    def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
        services = kwargs.pop("services", None)
        super().__init__(address_or_ble_device, **kwargs)
        details = getattr(address_or_ble_device, "details", None)
        self._peer_address = details if isinstance(details, hci.Address) else hci.Address(self.address)
        self._name: str | None = getattr(address_or_ble_device, "name", None)
        self._requested_services = None if services is None else {normalize_uuid_str(s) for s in services}
        self._central: _Central | None = None
        self._connection: Connection | None = None
        self._peer: Peer | None = None
        self._proxies: dict[int, Any] = {}
        self._notify_callbacks: dict[int, NotifyCallback] = {}
        self._dispatchers: dict[int, Callable[[bytes], None]] = {}
        self._disconnecting = False
        self._last_mtu = DEFAULT_MTU

    # ---- connectivity

    @property
    def name(self) -> str:
        return self._name or self.address

    @property
    def mtu_size(self) -> int:
        return self._connection.att_mtu if self._connection is not None else self._last_mtu

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        if self._connection is not None:
            return
        radio = self._radio
        radio.check_loop()
        if radio.knows_address(self._peer_address) is False:
            raise BleakDeviceNotFoundError(self.address, f"no device with address {self.address} on the radio")
        timeout_s = float(kwargs.get("timeout", self._timeout))
        central = await radio.open_central()
        connection: Connection | None = None
        try:
            async with central.connect_lock:
                try:
                    connection = await central.device.connect_le(self._peer_address, timeout=timeout_s)
                except core.TimeoutError:
                    raise TimeoutError(f"{self.address} did not accept a connection within {timeout_s} s") from None
            self._disconnecting = False
            self._central, self._connection = central, connection
            connection.on(Connection.EVENT_DISCONNECTION, functools.partial(self._on_disconnection, connection))
            if not _alive(connection):  # it dropped before this listener was attached
                raise BleakError(f"{self.address} disconnected while connecting")
            self._peer = Peer(connection)
            async with asyncio.timeout(timeout_s):
                await self._gatt("MTU exchange", self._peer.request_mtu(REQUESTED_MTU))
                self.services = await self._gatt("service discovery", self._discover(self._peer))
                if self._name is None and (gap := self.services.get_characteristic(_GAP_DEVICE_NAME_UUID)):
                    raw = await self._gatt("name read", self._peer.read_value(gap.handle))
                    self._name = bytes(raw).decode("utf-8", errors="replace")
        except BaseException:
            if self._connection is not None:
                self._disconnecting = True
                await self._disconnect_quietly(self._connection)
            self._forget_link()
            await radio.close_central(central)
            raise

    async def disconnect(self) -> None:
        connection = self._connection
        if connection is None:
            return
        self._disconnecting = True
        await self._disconnect_quietly(connection)

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        """The simulated insoles need no bonding: nothing to do."""

    async def unpair(self) -> None:
        """The simulated insoles keep no bond: nothing to do."""

    async def _disconnect_quietly(self, connection: Connection) -> None:
        try:
            await asyncio.wait_for(connection.disconnect(_REMOTE_USER_TERMINATED), _DISCONNECT_TIMEOUT_S)
        except (TimeoutError, hci.HCI_Error, core.BaseBumbleError):
            logger.debug("disconnect of %s did not complete", self.address)
        if connection is self._connection:
            # The link is gone or unusable either way.
            self._on_disconnection(connection, _REMOTE_USER_TERMINATED)

    def _on_disconnection(self, connection: Connection, reason: int) -> None:
        if connection is not self._connection:
            return
        central = self._central
        unsolicited = not self._disconnecting
        self._forget_link()
        if central is not None:
            asyncio.get_running_loop().create_task(self._radio.close_central(central))
        if unsolicited and self._disconnected_callback is not None:
            asyncio.get_running_loop().call_soon(self._disconnected_callback)

    def _forget_link(self) -> None:
        if self._connection is not None:
            self._last_mtu = self._connection.att_mtu
        self._central = None
        self._connection = None
        self._peer = None
        self._proxies = {}
        self._notify_callbacks = {}
        self._dispatchers = {}

    # ---- GATT

    async def _gatt(self, what: str, operation: Awaitable[Any]) -> Any:
        """Await a bumble GATT operation, mapping its failures to bleak's."""
        connection = self._connection
        if connection is None or not _alive(connection):
            if inspect.iscoroutine(operation):
                operation.close()
            raise BleakError(f"{what} on {self.address}: not connected")
        try:
            return await operation
        except att.ATT_Error as error:
            raise BleakGATTProtocolError(error.error_code) from error
        except core.TimeoutError as error:
            raise TimeoutError(f"{what} on {self.address}: GATT timeout") from error
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
            # bumble cancels a pending request when its link drops.
            raise BleakError(f"{what} on {self.address}: disconnected") from None

    def _require_peer(self) -> Peer:
        if self._peer is None:
            raise BleakError(f"not connected to {self.address}")
        return self._peer

    async def _discover(self, peer: Peer) -> BleakGATTServiceCollection:
        collection = BleakGATTServiceCollection()
        for service in await peer.discover_services():
            service_uuid = bleak_uuid(service.uuid)
            if self._requested_services is not None and service_uuid not in self._requested_services:
                continue
            bleak_service = BleakGATTService(service, service.handle, service_uuid)
            collection.add_service(bleak_service)
            for char in await peer.discover_characteristics(service=service):
                self._proxies[char.handle] = char
                bleak_char = BleakGATTCharacteristic(
                    char, char.handle, bleak_uuid(char.uuid),
                    sorted(gatt_char_props_to_strs(int(char.properties))),
                    lambda: self.mtu_size - 3, bleak_service,
                )
                collection.add_characteristic(bleak_char)
                for desc in await peer.discover_descriptors(char):
                    collection.add_descriptor(BleakGATTDescriptor(desc, desc.handle, bleak_uuid(desc.type), bleak_char))
        return collection

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        peer = self._require_peer()
        if use_cached and (cached := peer.gatt_client.cached_values.get(characteristic.handle)):
            return bytearray(cached[1])
        return bytearray(await self._gatt("read", peer.read_value(characteristic.handle)))

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        peer = self._require_peer()
        if use_cached and (cached := peer.gatt_client.cached_values.get(descriptor.handle)):
            return bytearray(cached[1])
        return bytearray(await self._gatt("descriptor read", peer.read_value(descriptor.handle)))

    async def write_gatt_char(self, characteristic: BleakGATTCharacteristic, data: Any, response: bool) -> None:
        peer = self._require_peer()
        await self._gatt("write", peer.write_value(characteristic.handle, bytes(data), with_response=response))

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: Any) -> None:
        peer = self._require_peer()
        await self._gatt("descriptor write", peer.write_value(descriptor.handle, bytes(data), with_response=True))

    async def start_notify(self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any) -> None:
        peer = self._require_peer()
        handle = characteristic.handle
        proxy = self._proxies.get(handle)
        if proxy is None:
            raise BleakError(f"characteristic {characteristic.uuid} (handle {handle}) is not on this link")
        self._notify_callbacks[handle] = callback
        dispatcher = None
        if handle not in self._dispatchers:
            dispatcher = self._dispatchers[handle] = functools.partial(self._dispatch, handle)
        try:
            await self._gatt("subscribe", peer.gatt_client.subscribe(proxy, dispatcher))
        except BaseException:
            self._notify_callbacks.pop(handle, None)
            raise

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        peer = self._require_peer()
        handle = characteristic.handle
        self._notify_callbacks.pop(handle, None)
        self._dispatchers.pop(handle, None)
        proxy = self._proxies.get(handle)
        if proxy is not None:
            await self._gatt("unsubscribe", peer.gatt_client.unsubscribe(proxy, None, force=True))

    def _dispatch(self, handle: int, value: bytes) -> None:
        callback = self._notify_callbacks.get(handle)
        if callback is not None:
            callback(bytearray(value))
