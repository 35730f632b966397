"""bleak backends over the simulated radio: a BaseBleakScanner and a BaseBleakClient bound to a radio,
and what they need from it (a central per scanner or client). The monitor receives them as
``radio.scanner_backend`` and ``radio.client_backend`` and uses ordinary bleak code.

One idea: bleak's backend interface (scanner and client) over bumble, bumble's failures raised as bleak's;
its length is bleak's interface.
"""


from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Protocol

from bleak.assigned_numbers import gatt_char_props_to_strs
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import (
    AdvertisementData,
    AdvertisementDataCallback,
    BaseBleakScanner,
)
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDeviceNotFoundError, BleakError, BleakGATTProtocolError
from bleak.uuids import normalize_uuid_str
from bumble import att, core, hci
from bumble.controller import Controller
from bumble.device import Connection, Device, Peer

from firmware_sim.advertising import (
    AdvertisingFields,
    bleak_uuid,
    parse_advertising_data,
)
from firmware_sim.controller import (
    DEFAULT_MTU,
    DISCONNECT_TIMEOUT_S,
    GAP_DEVICE_NAME_UUID,
    REMOTE_USER_TERMINATED,
    REQUESTED_MTU,
    connection_alive,
)

logger = logging.getLogger(__name__)


class Central:
    """One bumble host acting as central: its device, its connect lock, its scan users."""

    def __init__(self, device: Device, controller: Controller | None) -> None:
        self.device = device
        self.controller = controller  # None when the controller lives in another process
        self.connect_lock = asyncio.Lock()
        self._scan_users = 0

    async def start_scan(self, active: bool) -> None:
        self._scan_users += 1
        if self._scan_users == 1:
            try:
                await self.device.start_scanning(active=active, filter_duplicates=False)
            except core.BaseBumbleError as error:  # the controller did not answer: a radio gone
                self._scan_users -= 1
                raise _radio_failed("starting a scan", error) from error

    async def stop_scan(self) -> None:
        self._scan_users -= 1
        if self._scan_users == 0 and self.device.is_scanning:
            try:
                await self.device.stop_scanning()
            except core.BaseBumbleError as error:
                raise _radio_failed("stopping a scan", error) from error


class RadioBase:
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

    async def open_central(self) -> Central:
        raise NotImplementedError

    async def close_central(self, central: Central) -> None:
        raise NotImplementedError

    def knows_address(self, address: hci.Address) -> bool | None:
        """Whether a device with this address is on the radio; None when the radio cannot tell."""
        return None


class Closable(Protocol):
    async def aclose(self) -> None: ...



class SimBleakScanner(BaseBleakScanner):
    """bleak scanner backend over a radio's virtual controller. Use ``radio.scanner_backend``."""

    _radio: ClassVar[RadioBase]

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._active = scanning_mode != "passive"
        self._central: Central | None = None
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

    _radio: ClassVar[RadioBase]

    def __init__(self, address_or_ble_device: BLEDevice | str, **kwargs: Any) -> None:
        services = kwargs.pop("services", None)
        super().__init__(address_or_ble_device, **kwargs)
        details = getattr(address_or_ble_device, "details", None)
        self._peer_address = details if isinstance(details, hci.Address) else hci.Address(self.address)
        self._name: str | None = getattr(address_or_ble_device, "name", None)
        self._requested_services = None if services is None else {normalize_uuid_str(s) for s in services}
        self._central: Central | None = None
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
                except core.BaseBumbleError as error:  # a refused connection, or a controller gone
                    raise _radio_failed(f"connecting to {self.address}", error) from error
            self._disconnecting = False
            self._central, self._connection = central, connection
            connection.on(Connection.EVENT_DISCONNECTION, functools.partial(self._on_disconnection, connection))
            if not connection_alive(connection):  # it dropped before this listener was attached
                raise BleakError(f"{self.address} disconnected while connecting")
            self._peer = Peer(connection)
            async with asyncio.timeout(timeout_s):
                await self._gatt("MTU exchange", self._peer.request_mtu(REQUESTED_MTU))
                self.services = await self._gatt("service discovery", self._discover(self._peer))
                if self._name is None and (gap := self.services.get_characteristic(GAP_DEVICE_NAME_UUID)):
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
            await asyncio.wait_for(connection.disconnect(REMOTE_USER_TERMINATED), DISCONNECT_TIMEOUT_S)
        except (TimeoutError, hci.HCI_Error, core.BaseBumbleError):
            logger.debug("disconnect of %s did not complete", self.address)
        if connection is self._connection:
            # The link is gone or unusable either way.
            self._on_disconnection(connection, REMOTE_USER_TERMINATED)

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
        if connection is None or not connection_alive(connection):
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

    async def start_notify(self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback,
                           **kwargs: Any) -> None:
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


def _radio_failed(what: str, error: BaseException) -> BleakError:
    """bleak's error for a bumble failure of the controller (a command that timed out when the radio's other
    end went away, an HCI error): a BleakError, as every bleak backend raises, so the monitor's link treats
    it as any lost radio (it retries, and a recording ends when no frame comes)."""
    return BleakError(f"{what}: the radio failed ({type(error).__name__}{': ' + str(error) if str(error) else ''})")
