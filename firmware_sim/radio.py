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
``HciServer.abort`` cuts every monitor off at once, as the simulator process dying does.

Everything is built inside the running event loop and belongs to it: use one radio per loop.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

from bleak.exc import BleakError
from bumble import core, hci
from bumble.controller import Controller
from bumble.device import Device
from bumble.link import LocalLink
from bumble.transport import open_transport
from bumble.transport.common import AsyncPipeSink, StreamPacketSource

from firmware_sim.bleak_backend import Central, Closable, RadioBase
from firmware_sim.controller import (
    DISCONNECT_TIMEOUT_S,
    QuietHost,
    SimController,
    retire_controller,
)

logger = logging.getLogger(__name__)

#: Host seconds a RemoteRadio's host may take to power on (an HCI reset and a few reads over TCP).
POWER_ON_TIMEOUT_S = 10.0


class SimRadio(RadioBase):
    """The in-process virtual radio: one bumble LocalLink, built on entry inside the running loop.

    ``async with SimRadio() as radio:`` then build peripherals with ``radio.new_device`` (see
    firmware_sim.peripheral) and hand ``radio.scanner_backend`` / ``radio.client_backend`` to bleak.
    On exit every adopted peripheral is closed, HCI servers stop and every controller leaves the link.
    """

    def __init__(self) -> None:
        super().__init__()
        self.link: LocalLink | None = None
        self._central_ids = itertools.count(1)
        self._adopted: list[Closable] = []
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

    def adopt(self, obj: Closable) -> None:
        """Close ``obj`` (``await obj.aclose()``) when the radio closes, if nobody did before."""
        self._adopted.append(obj)

    def disown(self, obj: Closable) -> None:
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

    async def open_central(self) -> Central:
        self.check_loop()
        n = next(self._central_ids)
        address = f"C0:00:00:00:{(n >> 8) & 0xFF:02X}:{n & 0xFF:02X}"
        device, controller = self._device_and_controller(f"central-{n}", address)
        try:
            await device.power_on()
        except BaseException:
            retire_controller(controller)
            raise
        return Central(device, controller)

    async def close_central(self, central: Central) -> None:
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
        sessions: set[_HciSession] = set()

        def session() -> _HciSession:
            return _HciSession(self, f"hci-tcp-{next(ids)}", sessions)

        server = await asyncio.get_running_loop().create_server(
            session, host=None if host == "_" else host, port=int(port)
        )
        hci_server = HciServer(self, server, sessions)
        self._servers.append(hci_server)
        return hci_server


class _TcpSink:
    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport

    def on_packet(self, packet: bytes) -> None:
        if not self._transport.is_closing():
            self._transport.write(packet)


class _HciSession(asyncio.Protocol):
    """One TCP client of an HciServer: a fresh controller on the link for as long as the socket lives;
    ``live`` holds it meanwhile."""

    def __init__(self, radio: SimRadio, name: str, live: set[_HciSession]) -> None:
        self._radio = radio
        self._name = name
        self._live = live
        self._source = StreamPacketSource()
        self._transport: asyncio.Transport | None = None
        self.controller: Controller | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._live.add(self)
        self.controller = self._radio.add_controller(
            self._name, host_source=self._source, host_sink=_TcpSink(transport)
        )

    def data_received(self, data: bytes) -> None:
        self._source.data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._live.discard(self)
        if self.controller is not None:
            retire_controller(self.controller)
            self.controller = None

    def abort(self) -> None:
        """Cut the socket at once (its controller leaves the link when the loss is reported)."""
        if self._transport is not None:
            self._transport.abort()


class HciServer:
    """A running ``SimRadio.serve_hci``: ``host``, ``port``, ``client_spec``; ``await close()`` stops
    serving, ``await abort()`` also cuts every monitor off, as a simulator process that dies does."""

    def __init__(self, radio: SimRadio, server: asyncio.Server, sessions: set[_HciSession]) -> None:
        self._radio = radio
        self._server = server
        self._sessions = sessions
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

    async def abort(self) -> None:
        """Stop serving and cut every connected monitor's socket at once, as the simulator process dying
        does: each monitor's host loses its controller mid-session, and its commands go unanswered."""
        for session in list(self._sessions):
            session.abort()
        await self.close()


class RemoteRadio(RadioBase):
    """The monitor side of the two-process mode: a bumble host over one HCI transport (usually
    ``tcp-client:HOST:PORT`` from ``HciServer.client_spec``), shared by every scanner and client."""

    def __init__(self, spec: str) -> None:
        super().__init__()
        self.spec = spec
        self._transport: Any = None
        self._central: Central | None = None

    async def __aenter__(self) -> RemoteRadio:
        """Open the transport and power the host on. ConnectionError (an OSError, as a refused connection
        is) when the other end goes away or stops answering meanwhile: the simulator process dying."""
        self._loop = asyncio.get_running_loop()
        try:
            self._transport = await open_transport(self.spec)
            host = QuietHost(controller_source=self._transport.source, controller_sink=self._transport.sink)
            device = Device(name="solewatch-monitor", address=hci.Address.generate_static_address(), host=host)
            await asyncio.wait_for(device.power_on(), POWER_ON_TIMEOUT_S)
        except BaseException as error:
            self._loop = None
            if self._transport is not None:
                await self._transport.close()
                self._transport = None
            if isinstance(error, (core.BaseBumbleError, TimeoutError)):
                detail = f"{type(error).__name__}{': ' + str(error) if str(error) else ''}"
                raise ConnectionError(f"it stopped answering while the monitor's host powered on ({detail})") from error
            raise
        self._central = Central(device, None)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        central, self._central = self._central, None
        if central is not None:
            for connection in list(central.device.connections.values()):
                try:
                    await asyncio.wait_for(connection.disconnect(), DISCONNECT_TIMEOUT_S)
                except (TimeoutError, hci.HCI_Error, core.BaseBumbleError):
                    pass
        if self._transport is not None:
            await self._transport.close()
        self._transport = None
        self._loop = None

    async def open_central(self) -> Central:
        self.check_loop()
        assert self._central is not None
        return self._central

    async def close_central(self, central: Central) -> None:
        pass  # shared by every backend instance; closed with the radio
