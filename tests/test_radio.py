"""The bleak backend over bumble's virtual radio (firmware_sim.radio), through bleak's own frontend.

A toy GATT peripheral defined here keeps these tests independent of the simulated insole.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import struct
import uuid

import pytest
from bleak import BleakClient, BleakScanner
from bleak.assigned_numbers import gatt_char_props_to_strs
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import (
    BleakDeviceNotFoundError,
    BleakError,
    BleakGATTProtocolError,
    BleakGATTProtocolErrorCode,
)
from bumble import att
from bumble.core import UUID
from bumble.gatt import Characteristic, Service

from firmware_sim.advertising import parse_advertising_data
from firmware_sim.controller import ACL_DATA_PACKET_LENGTH, REQUESTED_MTU, SimController
from firmware_sim.radio import RemoteRadio, SimRadio

SERVICE = "5013a7c0-0001-4f1e-9e1d-0b5e7a11ed00"
LAYOUT = "5013a7c0-0002-4f1e-9e1d-0b5e7a11ed00"
STREAM = "5013a7c0-0003-4f1e-9e1d-0b5e7a11ed00"
CONTROL = "5013a7c0-0004-4f1e-9e1d-0b5e7a11ed00"
OTHER_SERVICE = "0000feed-0000-1000-8000-00805f9b34fb"
CCCD = "00002902-0000-1000-8000-00805f9b34fb"

pytestmark = pytest.mark.timeout(300)  # a hang guard, generous for a loaded host


def ad_bytes(name: str, service_uuid: str) -> bytes:
    """Flags + complete 128-bit service UUID list + complete local name, by hand."""
    u = uuid.UUID(service_uuid).bytes[::-1]
    n = name.encode()
    return bytes([2, 0x01, 0x06, 17, 0x07]) + u + bytes([len(n) + 1, 0x09]) + n


class Toy:
    """A minimal GATT peripheral: a 300-byte layout (long read), a notify-only stream whose reads are
    refused, and a control point that echoes each write as a notification (empty write: ATT 0x0D)."""

    def __init__(self, radio: SimRadio, name: str, address: str, service: str = SERVICE) -> None:
        self.address = address
        self.name = name
        self.device = radio.new_device(name, address)
        self.layout = bytes(i % 251 for i in range(300))
        self.seq = 0
        self.connections = []

        def refuse_read(_connection):
            raise att.ATT_Error(att.ErrorCode.READ_NOT_PERMITTED)

        def on_control(connection, value):
            if not value:
                raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH)
            asyncio.get_running_loop().create_task(
                self.device.notify_subscriber(connection, self.control, b"\x80" + bytes(value))
            )

        self.stream = Characteristic(
            UUID(STREAM), Characteristic.Properties.NOTIFY, Characteristic.READABLE,
            att.AttributeValue(read=refuse_read)
        )
        self.control = Characteristic(
            UUID(CONTROL),
            Characteristic.Properties.WRITE | Characteristic.Properties.WRITE_WITHOUT_RESPONSE
            | Characteristic.Properties.NOTIFY,
            Characteristic.WRITEABLE,
            att.AttributeValue(read=refuse_read, write=on_control),
        )
        layout = Characteristic(UUID(LAYOUT), Characteristic.Properties.READ, Characteristic.READABLE, self.layout)
        self.device.add_service(Service(UUID(service), [layout, self.stream, self.control]))
        self.device.on("connection", self._on_connection)
        self.service = service

    def _on_connection(self, connection) -> None:
        self.connections.append(connection)

    async def start(self, advertise: bool = True) -> Toy:
        await self.device.power_on()
        if advertise:
            await self.advertise()
        return self

    async def advertise(self) -> None:
        await self.device.start_advertising(
            advertising_data=ad_bytes(self.name, self.service),
            advertising_interval_min=20, advertising_interval_max=20, auto_restart=True,
        )

    async def send(self, n: int) -> None:
        """Notify n numbered packets of 229 bytes to the current subscribers."""
        for _ in range(n):
            await self.device.notify_subscribers(self.stream, struct.pack("<I", self.seq) + bytes(225))
            self.seq += 1

    async def drop(self) -> None:
        await self.connections[-1].disconnect()


@pytest.fixture
async def radio():
    async with SimRadio() as r:
        yield r


@pytest.fixture
async def toys(radio):
    left = await Toy(radio, "TOY-L", "F0:5E:00:00:00:01").start()
    right = await Toy(radio, "TOY-R", "F0:5E:00:00:00:02").start()
    return left, right


async def wait_for(predicate, timeout_s: float = 60.0) -> None:  # a cap for a loaded host, not a speed check
    async with asyncio.timeout(timeout_s):
        while not predicate():
            await asyncio.sleep(0.005)


# ---------------------------------------------------------------------------------------------------------
# Contract: the bleak (and bumble) API this backend relies on. A failure here means an upgrade changed it.
# ---------------------------------------------------------------------------------------------------------


def _params(fn) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(fn).parameters.values()]


def test_bleak_client_backend_contract():
    assert BaseBleakClient.__abstractmethods__ == {
        "mtu_size", "is_connected", "connect", "disconnect", "pair", "unpair", "read_gatt_char",
        "read_gatt_descriptor", "write_gatt_char", "write_gatt_descriptor", "start_notify", "stop_notify",
    }
    assert _params(BaseBleakClient.__init__) == [
        ("self", "POSITIONAL_OR_KEYWORD"), ("address_or_ble_device", "POSITIONAL_OR_KEYWORD"),
        ("disconnected_callback", "KEYWORD_ONLY"), ("timeout", "KEYWORD_ONLY"), ("kwargs", "VAR_KEYWORD"),
    ]
    assert _params(BaseBleakClient.connect) == [("self", "POSITIONAL_OR_KEYWORD"), ("pair", "POSITIONAL_OR_KEYWORD"),
                                                ("kwargs", "VAR_KEYWORD")]
    assert _params(BaseBleakClient.read_gatt_char) == [
        ("self", "POSITIONAL_OR_KEYWORD"), ("characteristic", "POSITIONAL_OR_KEYWORD"),
        ("use_cached", "KEYWORD_ONLY"), ("kwargs", "VAR_KEYWORD"),
    ]
    assert [n for n, _ in _params(BaseBleakClient.write_gatt_char)] == ["self", "characteristic", "data", "response"]
    assert [n for n, _ in _params(BaseBleakClient.write_gatt_descriptor)] == ["self", "descriptor", "data"]
    assert [n for n, _ in _params(BaseBleakClient.start_notify)] == ["self", "characteristic", "callback", "kwargs"]
    assert [n for n, _ in _params(BaseBleakClient.stop_notify)] == ["self", "characteristic"]
    assert isinstance(inspect.getattr_static(BaseBleakClient, "name"), property)
    # The frontend binds the disconnected callback to itself and hands the backend these keywords.
    src = inspect.getsource(BleakClient.__init__)
    for word in ("disconnected_callback=", "functools.partial(disconnected_callback, self)", "services=",
                 "timeout=timeout"):
        assert word in src
    assert "backend" in inspect.signature(BleakClient.__init__).parameters


def test_bleak_scanner_backend_contract():
    assert BaseBleakScanner.__abstractmethods__ == {"start", "stop"}
    assert [n for n, _ in _params(BaseBleakScanner.__init__)] == ["self", "detection_callback", "service_uuids"]
    assert [n for n, _ in _params(BaseBleakScanner.create_or_update_device)] == ["self", "key", "address", "name",
                                                                                  "details", "adv"]
    assert [n for n, _ in _params(BaseBleakScanner.call_detection_callbacks)] == ["self", "device",
                                                                                   "advertisement_data"]
    assert [n for n, _ in _params(BaseBleakScanner.is_allowed_uuid)] == ["self", "service_uuids"]
    assert AdvertisementData._fields == (
        "local_name", "manufacturer_data", "service_data", "service_uuids", "tx_power", "rssi", "platform_data",
    )
    assert "backend" in inspect.signature(BleakScanner.__init__).parameters
    src = inspect.getsource(BleakScanner.__init__)
    assert "scanning_mode" in src and "PlatformBleakScanner(" in src


def test_bleak_gatt_object_contract():
    assert [n for n, _ in _params(BleakGATTService.__init__)] == ["self", "obj", "handle", "uuid"]
    assert [n for n, _ in _params(BleakGATTCharacteristic.__init__)] == [
        "self", "obj", "handle", "uuid", "properties", "max_write_without_response_size", "service",
    ]
    assert [n for n, _ in _params(BleakGATTDescriptor.__init__)] == ["self", "obj", "handle", "uuid", "characteristic"]
    assert [n for n, _ in _params(BLEDevice.__init__)][:4] == ["self", "address", "name", "details"]
    for method in ("add_service", "add_characteristic", "add_descriptor", "get_characteristic"):
        assert callable(getattr(BleakGATTServiceCollection, method))
    assert gatt_char_props_to_strs(0x1A) == {"read", "write", "notify"}
    err = BleakGATTProtocolError(0x0D)
    assert isinstance(err, BleakError) and err.code == BleakGATTProtocolErrorCode.INVALID_ATTRIBUTE_VALUE_LENGTH
    assert BleakDeviceNotFoundError("x").identifier == "x"


def test_bumble_contract():
    from bumble.controller import Controller
    from bumble.device import Device
    from bumble.gatt_client import Client
    from bumble.link import LocalLink

    assert Controller.le_acl_data_packet_length == 27
    assert SimController.le_acl_data_packet_length == ACL_DATA_PACKET_LENGTH
    assert hasattr(Controller, "on_hci_le_create_connection_cancel_command")
    assert {"add_controller", "remove_controller", "send_ll_control_pdu"} <= set(dir(LocalLink))
    assert {"peer_address", "timeout"} <= set(inspect.signature(Device.connect_le).parameters)
    assert {"active", "filter_duplicates"} <= set(inspect.signature(Device.start_scanning).parameters)
    assert [n for n, _ in _params(Client.subscribe)] == ["self", "characteristic", "subscriber", "prefer_notify"]
    assert [n for n, _ in _params(Client.unsubscribe)] == ["self", "characteristic", "subscriber", "force"]
    assert {"read", "write"} <= set(inspect.signature(att.AttributeValue.__init__).parameters)
    # SimController and QuietHost re-implement these four without bumble's eager debug text.
    from bumble.host import Host

    assert "call_soon(self.host.on_packet, bytes(packet))" in inspect.getsource(Controller.send_hci_packet)
    assert "self.hci_sink.on_packet(bytes(packet))" in inspect.getsource(Host.send_hci_packet)
    for method in (Controller.on_hci_packet, Host.on_hci_packet):
        src = inspect.getsource(method)
        assert "on_hci_event_packet(packet)" in src and "on_hci_acl_data_packet(packet)" in src
    assert "on_hci_command_packet(packet)" in inspect.getsource(Controller.on_hci_packet)
    assert [n for n, _ in _params(Host.__init__)][:3] == ["self", "controller_source", "controller_sink"]
    # The peripheral sends notifications itself, and the client asks bumble whether a link still exists.
    assert [n for n, _ in _params(Device.send_l2cap_pdu)] == ["self", "connection_handle", "cid", "pdu"]
    assert att.ATT_CID == 0x0004
    assert bytes(att.ATT_Handle_Value_Notification(attribute_handle=3, attribute_value=b"x")) == b"\x1b\x03\x00x"
    assert "self.connections.pop(connection_handle" in inspect.getsource(Device.on_disconnection)


# ---------------------------------------------------------------------------------------------------------
# Pure parts
# ---------------------------------------------------------------------------------------------------------


def test_parse_advertising_data_reads_name_uuids_and_ignores_a_bad_tail():
    data = (ad_bytes("TOY-L", SERVICE) + bytes([3, 0x03, 0x0F, 0x18]) + bytes([4, 0xFF, 0x59, 0x00, 0xAA])
            + bytes([9, 0x09]))
    fields = parse_advertising_data(data)
    assert fields.local_name == "TOY-L"
    assert fields.service_uuids == [SERVICE, "0000180f-0000-1000-8000-00805f9b34fb"]
    assert fields.manufacturer_data == {0x0059: b"\xaa"}
    assert len(ad_bytes("SWL-1234", SERVICE)) <= 31


# ---------------------------------------------------------------------------------------------------------
# In-process radio through bleak's frontend
# ---------------------------------------------------------------------------------------------------------


async def test_scan_filters_by_service_uuid(radio, toys):
    await Toy(radio, "OTHER", "F0:5E:00:00:00:03", service=OTHER_SERVICE).start()
    found = await BleakScanner.discover(0.2, return_adv=True, service_uuids=[SERVICE], backend=radio.scanner_backend)
    assert sorted(found) == ["F0:5E:00:00:00:01", "F0:5E:00:00:00:02"]
    device, adv = found["F0:5E:00:00:00:01"]
    assert device.name == "TOY-L" and adv.local_name == "TOY-L" and SERVICE in adv.service_uuids
    everything = await BleakScanner.discover(0.2, backend=radio.scanner_backend)
    assert {d.name for d in everything} == {"TOY-L", "TOY-R", "OTHER"}


async def test_connect_discover_read_write(radio, toys):
    left, _ = toys
    device = await BleakScanner.find_device_by_address(left.address, 2.0, backend=radio.scanner_backend)
    assert device is not None
    async with BleakClient(device, backend=radio.client_backend) as client:
        assert client.is_connected and client.mtu_size == REQUESTED_MTU and client.name == "TOY-L"
        service = client.services.get_service(SERVICE)
        chars = {c.uuid: c for c in service.characteristics}
        assert chars[LAYOUT].properties == ["read"]
        assert sorted(chars[CONTROL].properties) == ["notify", "write", "write-without-response"]
        assert [d.uuid for d in chars[STREAM].descriptors] == [CCCD]
        assert chars[CONTROL].max_write_without_response_size == REQUESTED_MTU - 3
        # The layout is longer than MTU - 1: a long read (Read Blob) returns all of it.
        assert await client.read_gatt_char(LAYOUT) == left.layout
        with pytest.raises(BleakGATTProtocolError) as info:
            await client.read_gatt_char(STREAM)
        assert info.value.code == BleakGATTProtocolErrorCode.READ_NOT_PERMITTED
        answers = []
        await client.start_notify(CONTROL, lambda _c, data: answers.append(bytes(data)))
        await client.write_gatt_char(CONTROL, b"\x01", response=True)
        await client.write_gatt_char(CONTROL, b"\x02", response=False)
        await wait_for(lambda: len(answers) == 2)
        assert answers == [b"\x80\x01", b"\x80\x02"]
        with pytest.raises(BleakGATTProtocolError) as info:
            await client.write_gatt_char(CONTROL, b"", response=True)
        assert info.value.code == BleakGATTProtocolErrorCode.INVALID_ATTRIBUTE_VALUE_LENGTH
        cccd = chars[CONTROL].get_descriptor(CCCD)
        assert await client.read_gatt_descriptor(cccd.handle) == b"\x01\x00"
        await client.stop_notify(CONTROL)
        assert await client.read_gatt_descriptor(cccd.handle) == b"\x00\x00"
    assert not client.is_connected


async def test_two_clients_connect_concurrently_and_receive_every_notification(radio, toys):
    received = {t.address: [] for t in toys}
    clients = [BleakClient(t.address, backend=radio.client_backend) for t in toys]
    await asyncio.gather(*(c.connect() for c in clients))
    for client, toy in zip(clients, toys):
        await client.start_notify(STREAM,
                                  lambda _c, d, a=toy.address: received[a].append(struct.unpack_from("<I", d)[0]))
    await asyncio.gather(*(t.send(300) for t in toys))
    await wait_for(lambda: all(len(v) == 300 for v in received.values()))
    for seqs in received.values():
        assert seqs == list(range(300))
    await asyncio.gather(*(c.disconnect() for c in clients))


async def test_peripheral_drop_calls_disconnected_callback_and_reconnect_never_duplicates(radio, toys):
    left, _ = toys
    calls = []
    seqs = []

    def on_stream(_char, data):
        seqs.append(struct.unpack_from("<I", data)[0])

    client = BleakClient(left.address, disconnected_callback=calls.append, backend=radio.client_backend)
    await client.connect()
    await client.start_notify(STREAM, on_stream)
    await left.send(50)
    await wait_for(lambda: len(seqs) == 50)
    await left.drop()
    await wait_for(lambda: calls == [client])
    assert not client.is_connected
    await left.send(5)  # nobody subscribed: not delivered

    # Reconnect the same BleakClient, subscribing the same callback again.
    await client.connect()
    await client.start_notify(STREAM, on_stream)
    await client.start_notify(STREAM, on_stream)  # subscribing twice must not double delivery
    await left.send(50)
    await wait_for(lambda: len(seqs) == 100)
    await client.disconnect()
    assert calls == [client]  # a disconnect the client started does not call back

    # And a brand-new BleakClient to the same address.
    async with BleakClient(left.address, backend=radio.client_backend) as again:
        await again.start_notify(STREAM, on_stream)
        await left.send(50)
        await wait_for(lambda: len(seqs) == 150)
        await asyncio.sleep(0.05)
    assert seqs == list(range(50)) + list(range(55, 105)) + list(range(105, 155))
    assert len(set(seqs)) == len(seqs)


async def test_connect_errors(radio, toys):
    with pytest.raises(BleakDeviceNotFoundError):
        await BleakClient("F0:5E:00:00:00:77", backend=radio.client_backend).connect()
    silent = await Toy(radio, "QUIET", "F0:5E:00:00:00:09").start(advertise=False)
    with pytest.raises(TimeoutError):
        await BleakClient(silent.address, timeout=0.2, backend=radio.client_backend).connect()
    client = BleakClient(toys[0].address, backend=radio.client_backend)
    with pytest.raises(BleakError):
        await client.read_gatt_char(LAYOUT)  # never connected


async def test_radio_belongs_to_its_loop_and_must_be_open():
    radio = SimRadio()
    with pytest.raises(BleakError, match="not open"):
        await BleakScanner.discover(0.05, backend=radio.scanner_backend)
    async with radio:
        pass
    with pytest.raises(BleakError, match="not open"):
        await BleakClient("F0:5E:00:00:00:01", backend=radio.client_backend).connect()


async def test_every_client_gets_a_fresh_controller_and_leaves_the_link(radio, toys):
    base = len(radio.link.controllers)
    async with BleakClient(toys[0].address, backend=radio.client_backend):
        assert len(radio.link.controllers) == base + 1
    await asyncio.sleep(0.01)
    assert len(radio.link.controllers) == base


# ---------------------------------------------------------------------------------------------------------
# Two transports: HCI over TCP on a loopback port chosen at run time
# ---------------------------------------------------------------------------------------------------------


async def test_hci_over_tcp_scan_connect_notify(radio, toys):
    server = await radio.serve_hci("tcp-server:127.0.0.1:0")
    assert server.port > 0
    silent = await Toy(radio, "QUIET", "F0:5E:00:00:00:09").start(advertise=False)
    async with RemoteRadio(server.client_spec) as remote:
        found = await BleakScanner.discover(0.2, service_uuids=[SERVICE], backend=remote.scanner_backend)
        assert sorted(d.address for d in found) == ["F0:5E:00:00:00:01", "F0:5E:00:00:00:02"]
        # A connect that times out must not block the one controller for later connects.
        with pytest.raises(TimeoutError):
            await BleakClient(silent.address, timeout=0.2, backend=remote.client_backend).connect()
        received = {t.address: [] for t in toys}
        drops = []
        clients = [BleakClient(t.address, disconnected_callback=drops.append, backend=remote.client_backend)
                   for t in toys]
        await asyncio.gather(*(c.connect() for c in clients))  # serialised on the one controller
        for client, toy in zip(clients, toys):
            assert client.mtu_size == REQUESTED_MTU
            assert await client.read_gatt_char(LAYOUT) == toy.layout
            await client.start_notify(STREAM,
                                      lambda _c, d, a=toy.address: received[a].append(struct.unpack_from("<I", d)[0]))
        await asyncio.gather(*(t.send(200) for t in toys))
        await wait_for(lambda: all(len(v) == 200 for v in received.values()))
        assert all(v == list(range(200)) for v in received.values())
        await toys[1].drop()
        await wait_for(lambda: drops == [clients[1]])
        assert clients[0].is_connected and not clients[1].is_connected
        await clients[1].connect()  # the same address again, over the same controller
        assert clients[1].is_connected
        await asyncio.gather(*(c.disconnect() for c in clients))
    assert drops == [clients[1]]
    await server.close()


async def test_acl_data_after_a_link_closed_is_dropped_without_a_warning(radio, caplog, monkeypatch):
    """The peer's controller can send until its side of a disconnection arrives; that data is dropped, as
    a radio drops it, and the user's terminal gets no warning per packet. Data of an open link still goes
    on to bumble."""
    from bumble.controller import Controller
    from bumble.core import PhysicalTransport
    from bumble.hci import Address

    controller = radio.add_controller("c")
    gone, open_ = Address("F0:5E:00:CE:A2:9B"), Address("F0:5E:00:CE:A2:9C")
    delivered = []
    monkeypatch.setattr(Controller, "on_link_acl_data", lambda self, a, t, d: delivered.append(a))
    controller.le_connections[open_] = object()  # stands for an open link (bumble is not reached)
    try:
        with caplog.at_level("DEBUG"):
            controller.on_link_acl_data(gone, PhysicalTransport.LE, b"\x01\x02")
            controller.on_link_acl_data(open_, PhysicalTransport.LE, b"\x01\x02")
    finally:
        del controller.le_connections[open_]
    assert delivered == [open_]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert any("after its link closed" in r.getMessage() for r in caplog.records)
