"""The simulated insole on the virtual radio: one bumble GATT peripheral per foot (docs/protocol.md).

A ``SimInsole`` advertises the pressure service and its name (``SWL-xxxx`` / ``SWR-xxxx``) in the 31-byte
advertising data, serves the layout, Battery and Device Information services, runs the control point
through ``firmware_sim.firmware.Firmware`` and, while streaming, samples ``PressureModel`` and notifies
packets sized for the negotiated MTU (payload = MTU - 3).

Time. Simulated time runs ``speed`` times faster than the wall clock (``SimClock``; both feet of a
``SimPair`` share one). Session time 0 is the insole's power-up; the model is sampled at session time and
the device clock reads ``t0_us`` + session time (mod 2**32), also while no central is connected. The
producer makes whole packets only: when a packet's last frame is due it samples, packetises and notifies;
it never runs ahead of the clock, and it waits for bumble's host queue to drain past
``PACING_MAX_PENDING`` packets (the queue is unbounded). If it falls behind (very high ``speed``) it
catches up in batches, so the data stay contiguous and the simulation simply runs as fast as the radio.
Packets go out in bursts at most every ``tick_wall_s`` of wall time (default 5 ms, like connection
events; at speed 30 a burst carries about 150 ms of data); no radio jitter or loss is simulated.

Frames produced while no central is subscribed to the pressure characteristic (no link, or not
subscribed yet) consume seq numbers and are counted as unsent. Streaming survives a link drop (the central
re-subscribes and the data resume); only the stop command or a ``stop`` fault end it. An insole of a pair
(``pace_with``) whose link is down samples no further than the other's data while that one's link is up:
with nothing to send it would otherwise run on to the clock, which on a host too busy for ``speed`` is ahead
of the data the radio carries, and come back that far ahead of the other foot, or, the clock past the ride's
end (``ride_end_s``), with nothing left to send.

Faults (firmware_sim.faults) fire at their simulated time; while streaming that is the time of the data:
a fault at 30 s acts on the first packet whose first frame is at or after 30 s. Packet faults act on the
packets as produced; an injected drop first lets the radio deliver what it already holds, so every
packet counted as sent reaches the central.

Its neighbours: the clock (firmware_sim.sim_clock), its counters and seeded identity
(firmware_sim.insole_counters, firmware_sim.insole_identity), its UUIDs and advertising data
(firmware_sim.gatt_profile, firmware_sim.insole_advertising), the pair of them (firmware_sim.sim_pair).
Run ``python -m firmware_sim.peripheral --hci tcp-server:127.0.0.1:0`` to serve both insoles to a monitor
in another process (see ``firmware_sim.serve``).

One idea: the simulated insole as a GATT peripheral (its services, control point and paced
stream).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable, Iterable

import numpy as np
from bumble import att, hci
from bumble.core import UUID
from bumble.device import Connection, Device
from bumble.gatt import Characteristic, Service

from firmware_sim.faults import KINDS, FaultSchedule, FaultSpec, PacketMangler
from firmware_sim.firmware import (
    Firmware,
    Packetiser,
    frames_per_packet,
    kpa_to_raw,
    sensors_per_slice,
)
from firmware_sim.gatt_profile import (
    BATTERY_LEVEL_UUID16,
    BATTERY_SERVICE_UUID16,
    CONTROL_CHAR_UUID,
    DEVICE_INFO_SERVICE_UUID16,
    FIRMWARE_REVISION,
    FIRMWARE_REVISION_UUID16,
    LAYOUT_CHAR_UUID,
    MANUFACTURER,
    MANUFACTURER_UUID16,
    MODEL,
    MODEL_UUID16,
    PRESSURE_CHAR_UUID,
    PRESSURE_SERVICE_UUID,
    SERIAL_UUID16,
)
from firmware_sim.insole_advertising import advertising_data
from firmware_sim.insole_counters import InsoleCounters
from firmware_sim.insole_identity import InsoleIdentity
from firmware_sim.layout import InsoleSpec
from firmware_sim.model import PressureModel
from firmware_sim.radio import SimRadio
from firmware_sim.scenarios import Scenario, get_scenario
from firmware_sim.sim_clock import SimClock, wall_s

#: Battery level at power-up, percent (a guess at a charged insole).
DEFAULT_BATTERY_PCT = 95
#: Times a fault's disconnect is asked for before giving up (guess: a loaded host loses one now and then).
DISCONNECT_ATTEMPTS = 5
#: Advertising interval, wall milliseconds: the fastest connectable interval (Bluetooth Core Vol 6 Part B
#: 4.4.2.2), so that (re)connects take a few wall milliseconds.
ADVERTISING_INTERVAL_MS = 20
#: Pressure notifications allowed to wait in bumble's host queue before the producer waits for it to
#: drain (a guess that keeps latency low and the queue bounded).
PACING_MAX_PENDING = 16
#: Least wall time between two sends while the producer keeps up, seconds: every packet due by then goes
#: out together, as in one connection event (the shortest BLE connection interval is 7.5 ms, Bluetooth
#: Core Vol 6 Part B 4.5.1). It bounds the producer's wake-ups (and CPU) at high ``speed``.
DEFAULT_TICK_WALL_S = 0.005
#: Most wall time an insole whose link is down, held to the other foot's data (``SimInsole.pace_with``),
#: waits before it looks again whether it may sample on, seconds (a guess: the other foot's producer wakes it
#: as it samples, so this only bounds a wait for one that stopped without a word).
PACED_POLL_WALL_S = 0.05
#: Most packets produced in one go when catching up, so other tasks get the loop.
_MAX_PACKETS_PER_BATCH = 32
_PAYLOAD_AT_MTU_247 = 244
_DROP_REASON = hci.HCI_CONNECTION_TIMEOUT_ERROR


def _read_only(value_fn: Callable[[], bytes]) -> att.AttributeValue:
    def refuse_write(_connection: Connection, _value: bytes) -> None:
        raise att.ATT_Error(att.ErrorCode.WRITE_NOT_PERMITTED)

    return att.AttributeValue(read=lambda _connection: value_fn(), write=refuse_write)


def _refuse_read(_connection: Connection) -> bytes:
    # bumble's GATT server does not check READABLE itself.
    raise att.ATT_Error(att.ErrorCode.READ_NOT_PERMITTED)


def _refuse_write(_connection: Connection, _value: bytes) -> None:
    raise att.ATT_Error(att.ErrorCode.WRITE_NOT_PERMITTED)


class SimInsole:
    """One simulated insole: a bumble GATT peripheral on a SimRadio, streaming a PressureModel.

    Parameters
    ----------
    radio : SimRadio (open)
    side : "left" or "right"
    scenario : Scenario or its name
    seed : seeds the model and the identity (serial, name, address, clock start)
    speed : simulated seconds per wall second (ignored when ``clock`` is given)
    faults : FaultSpec list; those for the other foot are ignored
    clock : a SimClock to share with the other foot
    spec : InsoleSpec (default: the 18-sensor simulated insole of ``side``)
    t0_us : device clock at power-up, microseconds (default: seeded); near 2**32 to test the wrap
    battery_pct : battery level at power-up
    tick_wall_s : least wall time between two sends while keeping up (0: send each packet when due)
    ride_end_s : where the ride ends, simulated seconds (None: never): the insole samples up to the first
        frame at or past it, then sends no more (it stays connected), so on a host too busy for the speed
        neither foot's data run on past the end while the other's are still on their way

    Use ``await insole.start()`` (or ``async with``); the radio closes it if nobody does.
    """

    #: The fault kinds this insole carries out (firmware_sim.faults.KINDS), and why not the others.
    FAULT_KINDS: tuple[str, ...] = KINDS
    NO_FAULT_WHY = ""

    def __init__(
        self,
        radio: SimRadio,
        side: str,
        scenario: Scenario | str = "healthy-ride",
        *,
        seed: int = 0,
        speed: float = 20.0,
        faults: Iterable[FaultSpec] = (),
        clock: SimClock | None = None,
        spec: InsoleSpec | None = None,
        t0_us: int | None = None,
        battery_pct: int = DEFAULT_BATTERY_PCT,
        tick_wall_s: float = DEFAULT_TICK_WALL_S,
        ride_end_s: float | None = None,
    ) -> None:
        self.radio = radio
        self.side = side
        self.scenario = get_scenario(scenario) if isinstance(scenario, str) else scenario
        self.identity = InsoleIdentity.from_seed(side, seed)
        self.t0_us = self.identity.t0_us if t0_us is None else int(t0_us) % 2**32
        self.clock = clock or SimClock(speed)
        self.spec = spec or InsoleSpec(side=side)
        self.firmware = Firmware(self.spec)
        self.model = PressureModel(self.scenario, side, seed=seed, spec=self.spec)
        self.packetiser = Packetiser(self.spec.n_sensors, sample_bits=self.spec.sample_bits, start_seq=0)
        self.battery_pct = int(battery_pct)
        self._faults = FaultSchedule(faults, side)
        self._mangler = PacketMangler()
        self._counts = dict.fromkeys(InsoleCounters.__dataclass_fields__, 0)
        #: (session time in s, event) for every link event: advertising, connected, disconnected, drop,
        #: stop, battery N; the truth to compare a monitor's connection log with.
        self.link_events: list[tuple[float, str]] = []

        self._connection: Connection | None = None
        self._subscribed = False
        self._last_payload = _PAYLOAD_AT_MTU_247
        self._next_frame_us = 0  # session time of the next frame to sample
        self._tare_kpa: np.ndarray | None = None
        self._last_kpa: np.ndarray | None = None
        self._advertise_at_us: int | None = 0  # None: never again
        self._advertising = False
        self._stopped = False
        self._closing = False
        self._last_produce_wall = 0.0
        self._group_cache: dict[int, int] = {}
        self.tick_wall_s = float(tick_wall_s)
        self._end_us = None if ride_end_s is None else int(round(ride_end_s * 1e6))
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()
        self._producer: asyncio.Task | None = None
        #: the other insoles of its pair, whose data it keeps no further ahead of while its link is down
        self._pace_peers: list[SimInsole] = []
        self._device = self._build_device()
        self.clock.on_start(self._wake.set)

    # ---- public state

    @property
    def name(self) -> str:
        return self.identity.name

    @property
    def address(self) -> str:
        return self.identity.address

    @property
    def serial(self) -> str:
        return self.identity.serial

    @property
    def counters(self) -> InsoleCounters:
        """A snapshot of the counters (see InsoleCounters)."""
        counts = dict(self._counts)
        counts["packets_lost_injected"] = self._mangler.lost_n
        counts["packets_duplicated_injected"] = self._mangler.duplicated_n
        counts["packets_corrupted_injected"] = self._mangler.corrupted_n
        counts["packet_pairs_reordered_injected"] = self._mangler.reordered_pairs_n
        return InsoleCounters(**counts)

    def _log(self, event: str, at_us: int | None = None) -> None:
        self.link_events.append((round((self.clock.now_us() if at_us is None else at_us) / 1e6, 6), event))

    @property
    def haptic_log(self) -> list:
        """Haptic pulses the firmware played (firmware_sim.firmware.HapticPulse), oldest first."""
        return self.firmware.haptic_log

    @property
    def connected(self) -> bool:
        return self._connection is not None

    def pace_with(self, peers: Iterable[SimInsole]) -> None:
        """While its link is down, sample no further than ``peers`` (the other insoles of its pair, on its
        clock) have while theirs is up (:meth:`_sample_limit_us`)."""
        self._pace_peers = [p for p in peers if p is not self]

    @property
    def _linked(self) -> bool:
        """Whether a central is connected and subscribed to the pressure characteristic (packets go out)."""
        return self._connection is not None and self._subscribed

    def _sample_limit_us(self, now_us: int) -> int:
        """The latest session time (us) whose frame may be sampled at clock time ``now_us``: ``now_us``, but for an
        insole whose link is down, no further than the newest frame a peer with its link up has sampled (its
        data are what the radio carries: on a host too busy for the speed they fall behind the clock)."""
        if self._linked:
            return now_us
        reached = [p._next_frame_us - 1 for p in self._pace_peers
                   if p._linked and p.firmware.streaming and not p._stopped]
        return min(now_us, max(reached)) if reached else now_us

    def _wake_paced_peers(self) -> None:
        """Wake the peers that may be held to this insole's data (links down), as those data move on or stop."""
        for peer in self._pace_peers:
            if not peer._linked:
                peer._wake.set()

    @property
    def advertising(self) -> bool:
        return self._advertising

    @property
    def stopped(self) -> bool:
        """True after a stop fault: no streaming, no advertising, for good."""
        return self._stopped

    @property
    def next_seq(self) -> int:
        return self.packetiser.next_seq

    def session_time_s(self) -> float:
        """Simulated seconds since power-up."""
        return self.clock.now_s()

    def device_time_us(self, session_us: int | None = None) -> int:
        """The device clock (mod 2**32) at session time ``session_us`` (default: now)."""
        return (self.t0_us + (self.clock.now_us() if session_us is None else session_us)) % 2**32

    def stamp_at_start_us(self) -> int | None:
        """The time stamp (us, mod 2**32) its pressure notifications would carry for a frame at simulated time 0:
        the device clock there (a vendor's insole stamps its own way, which its decoder reads: its own, or None)."""
        return self.device_time_us(0)

    # ---- GATT database

    def _build_device(self) -> Device:
        device = self.radio.new_device(self.name, self.address)
        self._layout_char = Characteristic(
            UUID(LAYOUT_CHAR_UUID), Characteristic.Properties.READ, Characteristic.READABLE,
            _read_only(self.firmware.layout_bytes),
        )
        self._pressure_char = Characteristic(
            UUID(PRESSURE_CHAR_UUID), Characteristic.Properties.NOTIFY, Characteristic.READABLE,
            att.AttributeValue(read=_refuse_read, write=_refuse_write),
        )
        self._control_char = Characteristic(
            UUID(CONTROL_CHAR_UUID), Characteristic.Properties.WRITE | Characteristic.Properties.NOTIFY,
            Characteristic.WRITEABLE, att.AttributeValue(read=_refuse_read, write=self._on_control_write),
        )
        self._battery_char = Characteristic(
            UUID.from_16_bits(BATTERY_LEVEL_UUID16), Characteristic.Properties.READ | Characteristic.Properties.NOTIFY,
            Characteristic.READABLE, _read_only(lambda: bytes([self.battery_pct])),
        )

        def text(uuid16: int, value: str) -> Characteristic:
            return Characteristic(UUID.from_16_bits(uuid16), Characteristic.Properties.READ,
                                  Characteristic.READABLE, _read_only(lambda: value.encode("utf-8")))

        device.add_services([
            Service(UUID(PRESSURE_SERVICE_UUID), [self._layout_char, self._pressure_char, self._control_char]),
            Service(UUID.from_16_bits(BATTERY_SERVICE_UUID16), [self._battery_char]),
            Service(UUID.from_16_bits(DEVICE_INFO_SERVICE_UUID16), [
                text(MANUFACTURER_UUID16, MANUFACTURER), text(MODEL_UUID16, MODEL),
                text(SERIAL_UUID16, self.serial), text(FIRMWARE_REVISION_UUID16, FIRMWARE_REVISION),
            ]),
        ])
        self._pressure_char.on(Characteristic.EVENT_SUBSCRIPTION, self._on_pressure_subscription)
        device.on(Device.EVENT_CONNECTION, self._on_connection)
        return device

    # ---- lifecycle

    async def start(self) -> SimInsole:
        """Power up, advertise, and run the producer until ``aclose``."""
        await self._device.power_on()
        self.radio.adopt(self)
        self._producer = asyncio.get_running_loop().create_task(self._run(), name=f"sim-insole-{self.side}")
        self._wake.set()
        return self

    async def __aenter__(self) -> SimInsole:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the producer (letting a pending HCI command finish), then any helper task."""
        self.radio.disown(self)
        self._closing = True
        self._wake.set()
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(producer, 2.0)
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    def _spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- link events

    def _on_connection(self, connection: Connection) -> None:
        self._connection = connection
        self._advertising = False
        self._subscribed = False
        self._counts["connections"] += 1
        self._log("connected")
        connection.on(Connection.EVENT_DISCONNECTION, lambda _reason: self._on_disconnection(connection))
        self._wake.set()

    def _on_disconnection(self, connection: Connection) -> None:
        if connection is not self._connection:
            return
        self._connection = None
        self._subscribed = False
        self._log("disconnected")
        held = self._mangler.release_held()
        if held is not None:
            self._counts["packets_unsent"] += 1
        self._wake.set()
        self._wake_paced_peers()  # no longer data to hold them to

    def _on_pressure_subscription(self, bearer: object, notify_enabled: bool, _indicate_enabled: bool) -> None:
        if bearer is self._connection:
            self._subscribed = notify_enabled
            self._wake.set()  # held to a peer's data while unsubscribed: now held to the clock only

    async def _advertise(self) -> None:
        self._advertising = True
        self._log("advertising")
        await self._device.start_advertising(
            advertising_data=self._advertising_data(),
            advertising_interval_min=ADVERTISING_INTERVAL_MS,
            advertising_interval_max=ADVERTISING_INTERVAL_MS,
        )

    def _advertising_data(self) -> bytes:
        """What this insole advertises (a vendor's insole overrides it)."""
        return advertising_data(self.name)

    async def _stop_advertising(self) -> None:
        if self._advertising:
            self._advertising = False
            await self._device.stop_advertising()

    # ---- control point

    def _on_control_write(self, connection: Connection, value: bytes) -> None:
        if not value:
            raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH)
        was_streaming = self.firmware.streaming
        tares = self.firmware.tare_count
        now_us = self.clock.now_us()
        response = self.firmware.handle_control(bytes(value), self.device_time_us(now_us))
        self._counts["control_writes"] += 1
        if self.firmware.streaming and not was_streaming:
            self._next_frame_us = now_us
            if self.clock.paused and self.clock.start_with_stream:
                self.clock.start()  # at 0 = now_us: the ride begins with this insole's first frame
        if self.firmware.tare_count != tares:
            last = (self._last_kpa if self._last_kpa is not None
                    else self.model.pressure_kpa(np.array([now_us / 1e6]))[0])
            self._tare_kpa = np.array(last, dtype=float)
        self._wake.set()
        # After the write response, which bumble sends when this returns.
        self._spawn(self._device.notify_subscriber(connection, self._control_char, response))

    # ---- battery and faults

    async def set_battery(self, pct: int) -> None:
        """Set the battery level (percent) and notify it to a subscribed central."""
        if not 0 <= pct <= 100:
            raise ValueError(f"battery level must be 0..100, not {pct}")
        self.battery_pct = int(pct)
        self._log(f"battery {self.battery_pct}")
        connection = self._connection
        if connection is not None:
            await self._device.notify_subscriber(connection, self._battery_char, bytes([self.battery_pct]))
            self._counts["battery_notifications"] += 1

    async def drop(self, down_s: float, at_us: int | None = None) -> None:
        """Drop the link (if any) and stay silent for ``down_s`` simulated seconds from ``at_us``."""
        start = self.clock.now_us() if at_us is None else at_us
        if self._advertise_at_us is not None:
            self._advertise_at_us = start + int(round(down_s * 1e6))
        self._counts["drops_injected"] += 1
        self._log("drop", start)
        await self._stop_advertising()
        await self._disconnect(_DROP_REASON)

    async def stop_for_good(self) -> None:
        """Stop streaming, drop the link, never advertise again."""
        self._stopped = True
        self._log("stop")
        self.firmware.streaming = False
        self._wake_paced_peers()
        self._advertise_at_us = None
        await self._stop_advertising()
        await self._disconnect(hci.HCI_REMOTE_DEVICE_TERMINATED_CONNECTION_DUE_TO_POWER_OFF_ERROR)

    async def _disconnect(self, reason: int) -> None:
        connection = self._connection
        if connection is None:
            return
        with contextlib.suppress(Exception):
            await connection.drain()
        for _ in range(DISCONNECT_ATTEMPTS):  # a loaded host can miss one; the drop must happen
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.disconnect(reason), 2.0)
            if self._connection is not connection:
                return

    async def _fire(self, fault: FaultSpec, at_us: int) -> None:
        match fault.kind:
            case "drop":
                await self.drop(fault.down_s, at_us)
            case "stop":
                await self.stop_for_good()
            case "battery":
                assert fault.value is not None
                await self.set_battery(fault.value)
            case _:
                self._mangler.arm(fault)

    async def _fire_due(self, t_us: int) -> None:
        for fault in self._faults.pop_due(t_us / 1e6):
            await self._fire(fault, int(round(fault.at_s * 1e6)))

    # ---- producer

    def _frames_per_group(self) -> int:
        """Frames per packet at the current payload (1 when a frame must go in sensor slices)."""
        payload = self._payload_limit()
        k = self._group_cache.get(payload)
        if k is None:
            k = self._group_cache[payload] = max(1, frames_per_packet(
                self.spec.n_sensors, payload, imu=False, sample_bits=self.spec.sample_bits))
        return k

    def _packets_per_group(self) -> int:
        payload = self._payload_limit()
        if frames_per_packet(self.spec.n_sensors, payload, imu=False, sample_bits=self.spec.sample_bits) > 0:
            return 1
        return -(-self.spec.n_sensors // sensors_per_slice(payload, sample_bits=self.spec.sample_bits))

    def _payload_limit(self) -> int:
        if self._connection is not None:
            self._last_payload = self._connection.att_mtu - 3
        return self._last_payload

    async def _run(self) -> None:
        while not self._closing:
            self._wake.clear()
            now_us = self.clock.now_us()
            streaming = self.firmware.streaming and not self._stopped and not self._ride_sampled()
            limit_us = self._sample_limit_us(now_us) if streaming else now_us
            if not streaming:
                await self._fire_due(now_us)
            elif self._next_frame_us + (self._frames_per_group() - 1) * self.firmware.frame_period_us <= limit_us:
                await self._produce(limit_us)
                self._last_produce_wall = wall_s()
                await asyncio.sleep(0)
                if self._next_event_us(True) <= self._sample_limit_us(self.clock.now_us()):
                    continue  # behind: catch up without waiting for a tick
            t_ref = min(self._next_frame_us, now_us) if streaming else now_us
            if (self._advertise_at_us is not None and self._connection is None and not self._advertising
                    and t_ref >= self._advertise_at_us):
                await self._advertise()
            await self._sleep_until(self._next_event_us(streaming, limit_us))

    def _ride_sampled(self) -> bool:
        """Whether the frames up to the ride's end (``ride_end_s``) are sampled: the last one is at or past it."""
        return self._end_us is not None and self._next_frame_us - self.firmware.frame_period_us >= self._end_us

    def _next_event_us(self, streaming: bool, limit_us: int | None = None) -> int | None:
        """Session time (us) of the next thing to do; ``limit_us``: the sampling limit (:meth:`_sample_limit_us`),
        past which a group due is waited for on a peer's wake, or ``PACED_POLL_WALL_S`` at most."""
        candidates = []
        if streaming:
            due_us = self._next_frame_us + (self._frames_per_group() - 1) * self.firmware.frame_period_us
            now_us = self.clock.now_us()
            if limit_us is not None and limit_us < due_us <= now_us:  # held to a peer's data, not the clock
                due_us = now_us + int(PACED_POLL_WALL_S * self.clock.speed * 1e6)
            candidates.append(due_us)
        else:
            fault_at = self._faults.next_at_s()
            if fault_at is not None:
                candidates.append(int(round(fault_at * 1e6)))
        if self._advertise_at_us is not None and self._connection is None and not self._advertising:
            at_us = self._advertise_at_us
            if streaming and self._next_frame_us < at_us:
                # advertising waits for the frames before it (``t_ref`` in _run), so not before the next
                # group is produced: waking at ``at_us`` itself would spin until then
                at_us = max(at_us, candidates[0])
            candidates.append(at_us)
        return min(candidates) if candidates else None

    async def _sleep_until(self, sim_us: int | None) -> None:
        timeout = None if sim_us is None else self.clock.wall_delay_s(sim_us)
        if timeout is not None and self.tick_wall_s > 0:
            timeout = max(timeout, self.tick_wall_s - (wall_s() - self._last_produce_wall))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def _produce(self, now_us: int) -> None:
        """Sample, packetise and send the whole packets due by ``now_us`` (at most a batch)."""
        period = self.firmware.frame_period_us
        group = self._frames_per_group()
        n_groups = (now_us - self._next_frame_us) // (group * period) + 1
        n_groups = max(1, min(n_groups, _MAX_PACKETS_PER_BATCH // self._packets_per_group()))
        next_fault = self._faults.next_at_s()
        if next_fault is not None:
            # Stop the batch at the group holding the next fault's time, so it acts on exact packets.
            fault_us = int(round(next_fault * 1e6))
            if fault_us <= self._next_frame_us:
                await self._fire_due(self._next_frame_us)
                if not self.firmware.streaming or self._stopped:
                    return
                period, group = self.firmware.frame_period_us, self._frames_per_group()
            else:
                n_groups = max(1, min(n_groups, -(-(fault_us - self._next_frame_us) // (group * period))))
        if self._end_us is not None:  # no group after the one holding the ride's last frame
            to_end = -(-max(self._end_us - self._next_frame_us, 0) // period) + 1  # frames to one at or past it
            n_groups = max(1, min(n_groups, -(-to_end // group)))
        k = n_groups * group
        t_session_us = self._next_frame_us + period * np.arange(k, dtype=np.int64)
        kpa = self.model.pressure_kpa(t_session_us / 1e6)
        self._last_kpa = kpa[-1]
        tared = self._tare_kpa is not None
        if tared:
            kpa = np.maximum(kpa - self._tare_kpa, 0.0)
        packets = self._encode(kpa, tared, period, group)
        self._next_frame_us += k * period
        self._counts["frames_generated"] += k
        self._counts["packets_generated"] += len(packets)
        self._wake_paced_peers()
        await self._send(packets)

    def _encode(self, kpa: np.ndarray, tared: bool, period: int, group: int) -> list[bytes]:
        """Frames ``kpa`` (k, n_sensors) from ``self._next_frame_us``, ``period`` us apart, as notifications
        of at most ``group`` frames (a vendor's insole overrides it with its own wire format)."""
        raw = kpa_to_raw(kpa, self.spec.kpa_per_count_milli, self.spec.sample_bits)
        return self.packetiser.packetise(
            self.device_time_us(self._next_frame_us), period, raw,
            payload_limit=self._payload_limit(), tared=tared, max_frames=group,
        )

    def _frames_in(self, packet: bytes) -> int:
        """Frames a notification carries, counting each frame once (0 for a frame's later slices)."""
        return packet[10] if packet[11] == 0 else 0

    def _notify(self, connection: Connection, characteristic: Characteristic, value: bytes) -> None:
        """Send one notification now (the caller checked the subscription; the value fits MTU - 3)."""
        pdu = att.ATT_Handle_Value_Notification(attribute_handle=characteristic.handle, attribute_value=value)
        self._device.send_l2cap_pdu(connection.handle, att.ATT_CID, bytes(pdu))

    async def _send(self, packets: list[bytes]) -> None:
        connection = self._connection
        if connection is None or not self._subscribed:
            self._counts["packets_unsent"] += len(packets)
            return
        originals = set(packets)
        if self._mangler.held is not None:
            originals.add(self._mangler.held)
        for packet in self._mangler.apply(packets):
            if self._connection is not connection:
                self._counts["packets_unsent"] += 1
                continue
            self._notify(connection, self._pressure_char, packet)
            self._counts["packets_sent"] += 1
            if packet in originals:
                originals.discard(packet)
                self._counts["frames_sent"] += self._frames_in(packet)
            queue = connection.data_packet_queue
            if queue is not None and queue.pending > PACING_MAX_PENDING:
                await connection.drain()


if __name__ == "__main__":  # `python -m firmware_sim.peripheral`, as the docs name it: the command is serve.py's
    from firmware_sim.serve import main

    sys.exit(main())
