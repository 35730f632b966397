"""One driver per insole kind, behind the link as bleak hides its backends (docs/devices.md).

A driver knows how to recognise its insole in a scan (name prefix, service UUIDs, service or maker data),
what to read once connected (layout, side, battery, device information), how to start and stop its stream,
and how to play the link's commands on it: the Solewatch control point's commands (docs/protocol.md) are
the link's language, and a driver answers each with a :class:`ControlResponse` as the profile would,
NOT_SUPPORTED for what its insole cannot do (a haptic pulse on ORPHE INSOLE, a tare on either vendor's).

The link (monitor.link.ble) owns the bleak client; a driver works on the :class:`DriverLink` it is given:
the client, the address and name, and the control-response waiter of the Solewatch profile. Notifications
go to ``on_pressure`` as the insole sent them: the raw log keeps them so, and monitor.link.wire decodes
them by the layout's insole kind.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from bleak.exc import BleakError

from monitor.codebook import INSOLE_KINDS, SensorLayout
from monitor.errors import ConnectionLost, ProtocolError
from monitor.link import orphe, protocol, ukaton
from monitor.link.protocol import ControlResponse, Opcode, ResultCode
from monitor.link.records import DeviceInfo


@dataclass(frozen=True)
class Advert:
    """What a scan saw of one device (bleak's AdvertisementData, the parts a driver matches on)."""

    name: str = ""
    service_uuids: tuple[str, ...] = ()
    service_data: Mapping[str, bytes] = field(default_factory=dict)
    manufacturer_data: Mapping[int, bytes] = field(default_factory=dict)


class DriverLink(Protocol):
    """What a driver needs of the link to one insole."""

    client: Any  # a connected bleak.BleakClient
    address: str
    name: str
    config: Any  # monitor.link.ble.LinkConfig
    control_waiter: asyncio.Future | None
    control_lock: asyncio.Lock  # one control-point command at a time: each waits for its own answer
    insole_rate_hz: int | None  # the rate the insole said at this connection (None: the layout's own)


PressureCallback = Callable[[bytes], None]
BatteryCallback = Callable[[int], None]


class InsoleDriver:
    """The interface; each kind subclasses it."""

    kind: str = ""
    title: str = ""
    #: Service UUIDs a scan may filter on (an insole may advertise none of them: see :meth:`matches`).
    service_uuids: tuple[str, ...] = ()

    def matches(self, adv: Advert) -> bool:
        raise NotImplementedError

    def side_hint(self, adv: Advert) -> str | None:
        """The foot the advertisement says, if it says one."""
        return None

    async def describe(self, link: DriverLink) -> tuple[SensorLayout, DeviceInfo]:
        """Read what the insole says of itself once connected: its layout (with its side) and device info."""
        raise NotImplementedError

    async def start(self, link: DriverLink, layout: SensorLayout, on_pressure: PressureCallback,
                    on_battery: BatteryCallback) -> None:
        """Subscribe and start streaming."""
        raise NotImplementedError

    async def stop(self, link: DriverLink) -> None:
        """Stop streaming (the caller disconnects); may raise, the caller ignores it."""

    async def command(self, link: DriverLink, payload: bytes) -> ControlResponse:
        """Play a Solewatch control-point command on this insole."""
        return _answer(payload, ResultCode.NOT_SUPPORTED)


def _answer(payload: bytes, result: ResultCode) -> ControlResponse:
    return ControlResponse(opcode=payload[0] if payload else 0, result=result)


async def _read_battery_pct(link: DriverLink) -> int | None:
    try:
        return protocol.decode_battery_level(await link.client.read_gatt_char(protocol.BATTERY_LEVEL_CHAR_UUID))
    except (BleakError, ProtocolError):
        return None


async def _subscribe_battery(link: DriverLink, on_battery: BatteryCallback) -> None:
    def battery(_char: Any, data: bytearray) -> None:
        with contextlib.suppress(ProtocolError):
            on_battery(protocol.decode_battery_level(data))

    with contextlib.suppress(BleakError):
        await link.client.start_notify(protocol.BATTERY_LEVEL_CHAR_UUID, battery)


# ---------------------------------------------------------------------------- Solewatch profile


class SolewatchDriver(InsoleDriver):
    """The Solewatch insole GATT profile (docs/protocol.md): the insole describes itself."""

    kind = "solewatch"
    title = "Solewatch profile"
    service_uuids = (protocol.PRESSURE_SERVICE_UUID,)

    def matches(self, adv: Advert) -> bool:
        return protocol.PRESSURE_SERVICE_UUID in adv.service_uuids

    async def describe(self, link: DriverLink) -> tuple[SensorLayout, DeviceInfo]:
        client = link.client
        layout = protocol.decode_layout(await client.read_gatt_char(protocol.LAYOUT_CHAR_UUID))

        async def text(uuid: str) -> str:
            try:
                return protocol.decode_utf8(await client.read_gatt_char(uuid))
            except (BleakError, ProtocolError):
                return ""

        info = DeviceInfo(address=link.address, name=link.name,
                          manufacturer=await text(protocol.MANUFACTURER_CHAR_UUID),
                          model=await text(protocol.MODEL_CHAR_UUID),
                          serial=await text(protocol.SERIAL_CHAR_UUID),
                          firmware=await text(protocol.FIRMWARE_CHAR_UUID),
                          battery_pct=await _read_battery_pct(link))
        return layout, info

    async def start(self, link: DriverLink, layout: SensorLayout, on_pressure: PressureCallback,
                    on_battery: BatteryCallback) -> None:
        def control(_char: Any, data: bytearray) -> None:
            waiter = link.control_waiter
            if waiter is not None and not waiter.done():
                waiter.set_result(bytes(data))

        await link.client.start_notify(protocol.CONTROL_CHAR_UUID, control)
        if link.insole_rate_hz not in (None, layout.current_rate_hz):  # back at another rate: the session's
            resp = await self.command(link, protocol.command_set_rate(layout.current_rate_hz))
            if not resp.ok:
                raise ProtocolError(f"{link.address} came back at {link.insole_rate_hz} Hz and refused the "
                                    f"session's {layout.current_rate_hz} Hz ({resp.result.name})")
        await _subscribe_battery(link, on_battery)
        await link.client.start_notify(protocol.PRESSURE_CHAR_UUID, lambda _c, data: on_pressure(bytes(data)))
        await self.command(link, protocol.command_start())

    async def stop(self, link: DriverLink) -> None:
        await self.command(link, protocol.command_stop())

    async def command(self, link: DriverLink, payload: bytes) -> ControlResponse:
        """Write a control-point command and wait for its response notification; a command sent while
        another waits for its answer goes after it (the answers name no command instance)."""
        async with link.control_lock:
            link.control_waiter = waiter = asyncio.get_running_loop().create_future()
            try:
                await link.client.write_gatt_char(protocol.CONTROL_CHAR_UUID, payload, response=True)
                data = await asyncio.wait_for(waiter, link.config.control_timeout_s)
            except asyncio.TimeoutError:
                raise ConnectionLost(f"{link.address} insole did not answer a control command") from None
            finally:
                link.control_waiter = None
        resp = protocol.decode_control_response(data)
        if resp.opcode != payload[0]:
            raise ProtocolError(f"control response for opcode {resp.opcode:#04x}, expected {payload[0]:#04x}")
        return resp


# ---------------------------------------------------------------------------- ORPHE INSOLE


class OrpheDriver(InsoleDriver):
    """ORPHE INSOLE (monitor/link/orphe.py): side and battery from DEVICE_INFORMATION, streaming started by
    a mode write there; no motor. A scan reads the side from the advertisement's mounting position."""

    kind = "orphe"
    title = "ORPHE INSOLE"
    service_uuids = (orphe.SERVICE_UUID,)
    rate_hz = 100

    def matches(self, adv: Advert) -> bool:
        """Its service UUID, or its name prefix with the vendor's advertisement (manufacturer data under
        company ID 0x0000 reaching the mounting position): the prefix alone ("INS") is any INSTAX printer's too."""
        if orphe.SERVICE_UUID in adv.service_uuids:
            return True
        data = adv.manufacturer_data.get(orphe.ADVERT_COMPANY_ID)
        return adv.name.startswith(orphe.NAME_PREFIX) and data is not None and len(data) > orphe.ADVERT_MOUNT_AT

    def side_hint(self, adv: Advert) -> str | None:
        return orphe.advertised_side(adv.manufacturer_data) if self.matches(adv) else None

    async def describe(self, link: DriverLink) -> tuple[SensorLayout, DeviceInfo]:
        di = orphe.decode_device_information(await link.client.read_gatt_char(orphe.DEVICE_INFORMATION_CHAR_UUID))
        if not di.plantar:
            raise ProtocolError(f"{link.address} is an ORPHE module mounted on the shoe's upper, not an insole")
        info = DeviceInfo(address=link.address, name=link.name, manufacturer="ORPHE", model="ORPHE INSOLE",
                          firmware=str(di.version), battery_level=di.battery)  # a level, no percentage
        return orphe.layout(di.side, self.rate_hz), info

    async def start(self, link: DriverLink, layout: SensorLayout, on_pressure: PressureCallback,
                    on_battery: BatteryCallback) -> None:
        await link.client.start_notify(orphe.SENSOR_VALUES_CHAR_UUID, lambda _c, data: on_pressure(bytes(data)))
        await link.client.write_gatt_char(orphe.DEVICE_INFORMATION_CHAR_UUID,
                                          orphe.command_streaming_mode(layout.current_rate_hz), response=True)

    async def stop(self, link: DriverLink) -> None:
        """Nothing to write: no stop command is published, and the disconnect that follows ends the stream
        (unsubscribing first would leave notifications already on the air with no subscriber)."""

    async def command(self, link: DriverLink, payload: bytes) -> ControlResponse:
        if payload and payload[0] in (Opcode.START, Opcode.STOP):
            return _answer(payload, ResultCode.SUCCESS)  # the stream runs from start to stop
        return _answer(payload, ResultCode.NOT_SUPPORTED)


# ---------------------------------------------------------------------------- Ukaton Mission


class UkatonDriver(InsoleDriver):
    """Ukaton Mission insoles (monitor/link/ukaton.py): side from the device type, battery from the
    standard service, streaming configured by interval; a vibration motor."""

    kind = "ukaton"
    title = "Ukaton Mission"
    service_uuids = (ukaton.SERVICE_UUID,)
    rate_hz = ukaton.DEFAULT_RATE_HZ

    def _type(self, adv: Advert) -> int | None:
        data = adv.service_data.get(ukaton.SERVICE_UUID)
        return data[0] if data else None

    def matches(self, adv: Advert) -> bool:
        return self._type(adv) in (1, 2)  # a motion module (0) has no pressure sensors

    def side_hint(self, adv: Advert) -> str | None:
        return ukaton.DEVICE_TYPES.get(self._type(adv)) if self.matches(adv) else None

    async def describe(self, link: DriverLink) -> tuple[SensorLayout, DeviceInfo]:
        side = ukaton.decode_device_type(await link.client.read_gatt_char(ukaton.DEVICE_TYPE_CHAR_UUID))
        if side not in ("left", "right"):
            raise ProtocolError(f"{link.address} is a Ukaton motion module, not an insole")
        info = DeviceInfo(address=link.address, name=link.name, manufacturer="Ukaton", model="Ukaton Mission",
                          battery_pct=await _read_battery_pct(link))
        return ukaton.layout(side, self.rate_hz), info

    async def start(self, link: DriverLink, layout: SensorLayout, on_pressure: PressureCallback,
                    on_battery: BatteryCallback) -> None:
        await _subscribe_battery(link, on_battery)
        await link.client.start_notify(ukaton.SENSOR_DATA_CHAR_UUID, lambda _c, data: on_pressure(bytes(data)))
        await link.client.write_gatt_char(ukaton.SENSOR_CONFIGURATION_CHAR_UUID,
                                          ukaton.command_configure(1000 // layout.current_rate_hz), response=True)

    async def stop(self, link: DriverLink) -> None:
        await link.client.write_gatt_char(ukaton.SENSOR_CONFIGURATION_CHAR_UUID, ukaton.command_stop(),
                                          response=True)

    async def command(self, link: DriverLink, payload: bytes) -> ControlResponse:
        if payload and payload[0] in (Opcode.START, Opcode.STOP):
            return _answer(payload, ResultCode.SUCCESS)
        if payload and payload[0] == Opcode.HAPTIC and len(payload) == 5:
            duration_ms, intensity, repeat = struct.unpack_from("<HBB", payload, 1)
            try:
                write = ukaton.command_vibrate(intensity, duration_ms, repeat)
            except ValueError:
                return _answer(payload, ResultCode.INVALID_PARAMETER)
            await link.client.write_gatt_char(ukaton.VIBRATION_CHAR_UUID, write, response=True)
            return _answer(payload, ResultCode.SUCCESS)
        return _answer(payload, ResultCode.NOT_SUPPORTED)


# ---------------------------------------------------------------------------- registry

DRIVERS: dict[str, InsoleDriver] = {d.kind: d for d in (SolewatchDriver(), OrpheDriver(), UkatonDriver())}
assert set(DRIVERS) == set(INSOLE_KINDS) - {"moticon-udp"}  # Moticon streams over UDP (link/udp.py)


def driver(kind: str) -> InsoleDriver:
    """The driver of ``kind`` (one of INSOLE_KINDS); ValueError for another."""
    try:
        return DRIVERS[kind]
    except KeyError:
        raise ValueError(f"unknown insole kind {kind!r} (known: {', '.join(DRIVERS)})") from None


def served_kind(service_uuids: tuple[str, ...] | list[str]) -> str | None:
    """The insole kind whose GATT service is among ``service_uuids`` (a connected device's), or None."""
    have = {u.lower() for u in service_uuids}
    for kind, drv in DRIVERS.items():
        if have.intersection(u.lower() for u in drv.service_uuids):
            return kind
    return None


def recognise(adv: Advert, kinds: tuple[str, ...] | None = None) -> InsoleDriver | None:
    """The driver whose insole this advertisement is (among ``kinds``, default all), or None."""
    for kind, drv in DRIVERS.items():
        if (kinds is None or kind in kinds) and drv.matches(adv):
            return drv
    return None
