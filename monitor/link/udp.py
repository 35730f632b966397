"""The Moticon OpenGo live stream as a link: datagrams on a UDP port become the same records, frames and
events as the BLE link's (monitor.link.ble.PairLink, whose consumer, event stream and waiting it keeps).

Moticon's desktop app sends one ASCII datagram per frame with both feet (monitor/link/moticon.py). The
link listens on ``host:port`` (default 127.0.0.1: the app and the monitor on one computer), waits for the
first datagram that decodes, then hands every datagram on as a notification of each foot, stamped on
arrival. Datagrams that come before it but do not decode are said once, while it waits
(:func:`refused_words`: a stream of some channels only, which the app lets the person choose, holds fewer
than 51 values), and a wait stopped or timed out after them says why nothing was recorded. There is
nothing to connect or command: haptics are not supported, and a stream that stops is stale data (the
live session's stale-data check), not a disconnect. One insole that stops while the other streams on is a
foot down: datagrams whose half of that foot is all ``nan`` (monitor.link.moticon) make it
``disconnected``, lost once ``LinkConfig.lost_after_session_s`` of the other foot's data have come (as on
the BLE link), and ``reconnected`` when its half comes back; only the feet with a sample get the datagram.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import dataclass
from typing import Any, Callable

from monitor.codebook import FEET
from monitor.errors import DeviceNotFound, ProtocolError, UsageError
from monitor.link import moticon
from monitor.link.ble import FootStatus, LinkConfig, PairLink
from monitor.link.protocol import ControlResponse, ResultCode
from monitor.link.records import DeviceInfo

#: Receive buffer asked of the OS (guess: 4 MiB, some seconds of a 100 Hz stream; Linux caps it at
#: net.core.rmem_max).
RECEIVE_BUFFER_BYTES = 4 << 20


@dataclass
class _UdpFoot:
    """What the live session asks of a foot's link."""

    address: str
    connected: bool = True


class _Receiver(asyncio.DatagramProtocol):
    def __init__(self, link: UdpLink) -> None:
        self.link = link

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.link._datagram(bytes(data))


def refused_words(host: str, port: int, data: bytes, exc: ProtocolError) -> str:
    """What is wrong with datagrams on ``host:port`` like ``data``, which did not decode (``exc``), and what
    the person can do: one line. A datagram of whitespace-separated numbers but not 51 of them is a stream
    of some channels only (hermes-moticon's README: the person selects what the app streams)."""
    n_values = moticon.count_values(data)
    if n_values is not None and n_values != moticon.N_VALUES:
        return (f"datagrams arrive on UDP port {port} ({host}) with {n_values} values, expected "
                f"{moticon.N_VALUES}: stream all channels from the Moticon app")
    return (f"datagrams arrive on UDP port {port} ({host}) that are not the Moticon app's stream ({exc}): "
            "is the app what sends to this port?")


class UdpLink(PairLink):
    """Both feet of a Moticon OpenGo stream on one UDP port."""

    def __init__(self, config: LinkConfig | None = None, *, port: int, host: str = "127.0.0.1",
                 rate_hz: int = moticon.DEFAULT_RATE_HZ) -> None:
        super().__init__(backends=None, config=config)  # type: ignore[arg-type]
        self.host, self.port, self.rate_hz = host, int(port), int(rate_hz)
        self._transport: asyncio.DatagramTransport | None = None
        self._first: asyncio.Future | None = None
        self._streaming = False
        #: The feet whose half of the first datagram carried acceleration and angular rate (the layouts'
        #: ``has_imu``; the close says what the whole recording carried, monitor.session.directory).
        self._imu_feet: frozenset[str] = frozenset()
        #: What was wrong with the datagrams that came before the first that decodes (refused_words); None:
        #: none came. ``_say`` is given it once, as it is found.
        self.refused: str | None = None
        self._say: Callable[[str], None] | None = None

    async def listen(self) -> int:
        """Bind the port (0: any free one); returns the port."""
        loop = asyncio.get_running_loop()
        self._first = loop.create_future()
        try:
            self._transport, _ = await loop.create_datagram_endpoint(lambda: _Receiver(self),
                                                                     local_addr=(self.host, self.port))
        except (OSError, OverflowError) as exc:  # OverflowError: a port beyond 65535
            raise UsageError(f"cannot listen for the Moticon stream on {self.host}:{self.port}: "
                             f"{getattr(exc, 'strerror', None) or exc}") from None
        sock = self._transport.get_extra_info("socket")
        with contextlib.suppress(OSError):  # room for bursts: the OS default holds about 200 datagrams
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
        self.port = self._transport.get_extra_info("sockname")[1]
        return self.port

    async def wait_for_stream(self, *, timeout_s: float | None, stop: asyncio.Event | None = None,
                              say: Callable[[str], None] | None = None) -> bool:
        """Wait up to ``timeout_s`` (None: with no bound) for the first datagram that decodes; then both feet
        are there (True). False, with the port closed, if ``stop`` (Ctrl-C) is set first. Datagrams that do
        not decode come meanwhile: ``say`` is given refused_words once, and the wait goes on (the person
        can change what the app streams); stopped or timed out after them, ProtocolError with those words
        (the port closed): nothing was recorded, and the cause was the input."""
        self._say = say
        if self.refused is not None and say is not None:
            say(f"{self.refused}; still waiting...")
        stopped = asyncio.ensure_future(stop.wait()) if stop is not None else None
        try:
            await asyncio.wait([f for f in (self._first, stopped) if f is not None], timeout=timeout_s,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            if stopped is not None:
                stopped.cancel()
        found = self._first.done()
        if not found and self.refused is not None:
            await self.close()
            ended = "stopped before the session started" if stop is not None and stop.is_set() else \
                f"no Moticon datagram that decodes arrived within {timeout_s:g} s"
            raise ProtocolError(f"{ended}; nothing recorded: {self.refused}")
        if stop is not None and stop.is_set():
            await self.close()
            return False
        if not found:
            await self.close()
            raise DeviceNotFound(f"no Moticon datagram arrived on {self.host}:{self.port} within "
                                 f"{timeout_s:g} s; is the app streaming to this port?")
        address = f"udp:{self.host}:{self.port}"
        for foot in FEET:
            self.feet[foot] = _UdpFoot(address)  # type: ignore[assignment]
            self.status[foot] = FootStatus(connected=True)
        return True

    def _datagram(self, data: bytes) -> None:
        if self._streaming:
            host_s = self.host_s()
            for foot in self._feet_in(data):
                self._queue.put_nowait(("notification", foot, host_s, data))
        elif self._first is not None and not self._first.done():
            try:
                values = moticon.decode_datagram(data)
            except ProtocolError as exc:
                if self.refused is None:  # said once, not per datagram: the app sends 100 a second
                    self.refused = refused_words(self.host, self.port, data, exc)
                    if self._say is not None:
                        self._say(f"{self.refused}; still waiting...")
                return
            self._imu_feet = frozenset(f for f in moticon.feet_in(values)
                                       if moticon.foot_imu(values, f) is not None)
            self._first.set_result(None)

    def _feet_in(self, data: bytes) -> tuple[str, ...]:
        """The feet a datagram carries a sample of, each said down or back as its half goes or comes back.
        Only a datagram with ``nan`` in it is decoded here (a number has no ``n``); one that does not decode
        goes to both feet, each counting it corrupt."""
        if b"n" not in data and b"N" not in data:
            present: tuple[str, ...] = FEET
        else:
            try:
                present = moticon.feet_in(moticon.decode_datagram(data))
            except ProtocolError:
                present = FEET
        for foot in FEET:
            st = self.status.get(foot)
            if st is None or st.connected == (foot in present):
                continue
            if foot in present:  # its insole is back in the stream
                down_s = (self.host_s() - (st.down_since_host_s or 0.0)) * self.config.speed
                st.connected, st.lost, st.down_since_host_s = True, False, None
                st.reconnects += 1
                self._event(foot, "reconnected", attempts=0, down_session_s=round(down_s, 4))
            else:
                st.connected, st.down_since_host_s = False, self.host_s()
                self._event(foot, "disconnected")
        return present

    @property
    def layouts(self):  # type: ignore[override]
        return {foot: moticon.layout(foot, self.rate_hz, has_imu=foot in self._imu_feet)
                for foot in FEET if foot in self.feet}

    @property
    def device_infos(self) -> dict[str, DeviceInfo]:  # type: ignore[override]
        return {foot: DeviceInfo(address=f"udp:{self.host}:{self.port}", name="Moticon OpenGo stream",
                                 manufacturer="Moticon", model="OpenGo (UDP stream)")
                for foot in FEET if foot in self.feet}

    async def start(self, consume) -> None:  # type: ignore[override]
        """Start the consumer; every datagram from now on is recorded. Session time starts here."""
        from monitor.util.hostclock import host_clock_s

        self._t0 = host_clock_s()
        if self.on_session_start is not None:
            self.on_session_start()
        self.on_record = consume
        self._consumer = asyncio.create_task(self._consume(), name="solewatch-consumer")
        for foot, link in self.feet.items():
            self._event(foot, "connected", address=link.address, mtu=None)
        self._streaming = True

    async def command(self, foot: str, payload: bytes) -> ControlResponse:
        return ControlResponse(opcode=payload[0] if payload else 0, result=ResultCode.NOT_SUPPORTED)

    async def close(self) -> None:
        self._closing = True
        self._streaming = False
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        if self._consumer is not None:
            self._queue.put_nowait(None)
            await self._consumer
            self._consumer = None
