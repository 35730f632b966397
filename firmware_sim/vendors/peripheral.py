"""Simulated ORPHE INSOLE and Ukaton Mission insoles on the virtual radio: bumble GATT servers with the
vendors' services, characteristics, advertising and wire formats (firmware_sim/vendors/orphe.py,
ukaton.py), streaming the same seeded pressure model, scenarios and faults as the Solewatch-profile insole
(firmware_sim.peripheral.SimInsole, whose producer, pacing and faults they keep).

ORPHE INSOLE: advertises the name ``INS<L|R>-xxxx`` and the service ``db1b7aca-...``; DEVICE_INFORMATION
is read (battery level, mount position) and written (``0D 04`` starts 100 Hz, ``0D 03`` 200 Hz; a 20-byte
settings write is taken and ignored); SENSOR_VALUES notifies 104-byte packets. The device time is a time
of day (no date), starting at a seeded time or ``start_time_of_day_ms``.

Ukaton Mission: advertises the 16-bit service 0x0000 with service data [device type, Wi-Fi off] and a
name; the device type, battery level, sensor configuration (pressure every interval ms; 0 stops) and
vibration characteristics; a sensor-data notification per sample. As the firmware does (ble.cpp), a
disconnect clears the configuration: the stream stops until the central configures it again.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from bumble import att
from bumble.core import UUID
from bumble.device import Connection, Device
from bumble.gatt import Characteristic, Service

from firmware_sim.firmware import HapticPulse
from firmware_sim.gatt_profile import BATTERY_LEVEL_UUID16, BATTERY_SERVICE_UUID16
from firmware_sim.peripheral import (
    SimInsole,
    _read_only,
    _refuse_read,
    _refuse_write,
)
from firmware_sim.vendors import orphe, ukaton

ORPHE_SERVICE_UUID = "db1b7aca-cda5-4453-a49b-33a53d3f0833"
ORPHE_INFORMATION_SERVICE_UUID = "01a9d6b5-ff6e-444a-b266-0be75e85c064"
ORPHE_SENSOR_VALUES_UUID = "f3f9c7ce-46ee-4205-89ac-abe64e626c0f"
ORPHE_DEVICE_INFORMATION_UUID = "24354f22-1c46-430e-a4ab-a1eeabbcdfc0"
ORPHE_BATTERY_LEVELS = (20, 60)  # percent at or below which the insole says low (0), normal (1) (guess)
DAY_MS = 86_400_000  # an ORPHE device time of day's range (no date)
#: Simulated ms after time 0 within which an insole samples its first frame (guess: its clock starts with the first
#: stream, its first frame within seconds of it; an hour is far more).
ORPHE_FIRST_FRAME_MOST_MS = 3_600_000


def _uuid128_ad(uuid: str) -> bytes:
    return bytes([17, 0x07]) + UUID(uuid).to_bytes()


def _name_ad(name: str) -> bytes:
    raw = name.encode("utf-8")
    return bytes([len(raw) + 1, 0x09]) + raw


_FLAGS_AD = bytes([2, 0x01, 0x06])


class OrpheSimInsole(SimInsole):
    """A simulated ORPHE INSOLE (see the module docstring)."""

    FAULT_KINDS = tuple(k for k in SimInsole.FAULT_KINDS if k != "battery")
    NO_FAULT_WHY = "it notifies no battery level, and its one read at connection gives low, normal or high"

    def stamp_at_start_us(self) -> int | None:
        """The device time (us, mod 2**32) the ORPHE decoder reads for a frame at simulated time 0
        (monitor.link.orphe.OrpheRows: the time of day, its days counted from the first packet's): the time of day
        there, in us. None where the device's midnight lies within ``ORPHE_FIRST_FRAME_MOST_MS`` of it: the first
        frame may come after midnight, where the decoder's days start, and the link estimates the clock."""
        if self.tod0_ms > DAY_MS - ORPHE_FIRST_FRAME_MOST_MS:
            return None
        return self.tod0_ms * 1000 % 2**32

    def __init__(self, radio: Any, side: str, scenario: Any = "healthy-ride", *,
                 start_time_of_day_ms: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("spec", orphe.spec(side))
        self._serial = 0
        super().__init__(radio, side, scenario, **kwargs)
        self._mangler.corrupt = orphe.corrupt_packet
        self.tod0_ms = (self.t0_us // 1000 if start_time_of_day_ms is None else start_time_of_day_ms) % DAY_MS
        self.firmware.rate_hz = 100

    @property
    def name(self) -> str:
        return f"INS{self.side[0].upper()}-{self.identity.serial[-4:]}"

    @property
    def next_seq(self) -> int:
        return self._serial

    def _advertising_data(self) -> bytes:
        return _FLAGS_AD + _uuid128_ad(ORPHE_SERVICE_UUID) + _name_ad(self.name)

    def _battery_level(self) -> int:
        low, normal = ORPHE_BATTERY_LEVELS
        return 0 if self.battery_pct <= low else 1 if self.battery_pct <= normal else 2

    def _build_device(self) -> Device:
        device = self.radio.new_device(self.name, self.address)
        self._pressure_char = Characteristic(
            UUID(ORPHE_SENSOR_VALUES_UUID), Characteristic.Properties.NOTIFY, Characteristic.READABLE,
            att.AttributeValue(read=_refuse_read, write=_refuse_write))
        self._info_char = Characteristic(
            UUID(ORPHE_DEVICE_INFORMATION_UUID),
            Characteristic.Properties.READ | Characteristic.Properties.WRITE,
            Characteristic.READABLE | Characteristic.WRITEABLE,
            att.AttributeValue(read=lambda _c: orphe.encode_device_information(self.side, self._battery_level()),
                               write=self._on_info_write))
        device.add_services([
            Service(UUID(ORPHE_SERVICE_UUID), [self._pressure_char]),
            Service(UUID(ORPHE_INFORMATION_SERVICE_UUID), [self._info_char]),
        ])
        self._pressure_char.on(Characteristic.EVENT_SUBSCRIPTION, self._on_pressure_subscription)
        device.on(Device.EVENT_CONNECTION, self._on_connection)
        return device

    def _on_info_write(self, _connection: Connection, value: bytes) -> None:
        value = bytes(value)
        self._counts["control_writes"] += 1
        if len(value) == 2 and value[0] == 0x0D:
            header = orphe.HEADER_OF_MODE.get(value[1])
            if header is None:
                raise att.ATT_Error(att.ErrorCode.VALUE_NOT_ALLOWED)
            self.firmware.rate_hz = orphe.MODES[header][1]
            self._begin_stream()
        elif len(value) != 20:
            raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH)

    def _begin_stream(self) -> None:
        if not self.firmware.streaming:
            now_us = self.clock.now_us()
            self.firmware.streaming = True
            self._next_frame_us = now_us
            if self.clock.paused and self.clock.start_with_stream:
                self.clock.start()
        self._wake.set()

    def _frames_per_group(self) -> int:
        return orphe.MODES[orphe.HEADER_OF_RATE[self.firmware.rate_hz]][2]

    def _packets_per_group(self) -> int:
        return 1

    def _encode(self, kpa: np.ndarray, tared: bool, period: int, group: int) -> list[bytes]:
        header = orphe.HEADER_OF_RATE[self.firmware.rate_hz]
        counts = orphe.kpa_to_counts(kpa)
        out = []
        for g in range(0, counts.shape[0], group):
            t_ms = self.tod0_ms + (self._next_frame_us + g * period) // 1000
            out.append(orphe.encode_sensor_values(header, self._serial, t_ms, counts[g:g + group]))
            self._serial = (self._serial + 1) & 0xFFFF
        return out

    def _frames_in(self, packet: bytes) -> int:
        return orphe.MODES[packet[0]][2] if packet and packet[0] in orphe.MODES else 0

    async def set_battery(self, pct: int) -> None:
        if not 0 <= pct <= 100:
            raise ValueError(f"battery level must be 0..100, not {pct}")
        self.battery_pct = int(pct)  # ORPHE INSOLE notifies no battery; the next read says it
        self._log(f"battery {self.battery_pct}")


class UkatonSimInsole(SimInsole):
    """A simulated Ukaton Mission insole (see the module docstring)."""

    def stamp_at_start_us(self) -> None:
        """None: its stamp is 16-bit milliseconds (65.5 s), which its decoder unwraps from its first frame's
        (monitor.link.ukaton.UkatonRows), not known at time 0: the link estimates the clock (docs/reliability.md)."""
        return None

    def __init__(self, radio: Any, side: str, scenario: Any = "healthy-ride", **kwargs: Any) -> None:
        kwargs.setdefault("spec", ukaton.spec(side))
        super().__init__(radio, side, scenario, **kwargs)
        self._mangler.corrupt = ukaton.corrupt_packet
        self._sample_n = 0

    @property
    def name(self) -> str:
        return f"Ukaton{self.side[0].upper()}"

    @property
    def next_seq(self) -> int:
        return self._sample_n

    def _advertising_data(self) -> bytes:
        service_data = bytes([5, 0x16, 0x00, 0x00, ukaton.DEVICE_TYPE[self.side], 0])
        return _FLAGS_AD + bytes([3, 0x03, 0x00, 0x00]) + service_data + _name_ad(self.name)

    def _build_device(self) -> Device:
        device = self.radio.new_device(self.name, self.address)

        def uuid(value: str) -> UUID:
            return UUID(f"5691eddf-{value}-4420-b7a5-bb8751ab5181")

        self._pressure_char = Characteristic(
            uuid("6002"), Characteristic.Properties.NOTIFY, Characteristic.READABLE,
            att.AttributeValue(read=_refuse_read, write=_refuse_write))
        self._config_char = Characteristic(
            uuid("6001"), Characteristic.Properties.READ | Characteristic.Properties.WRITE,
            Characteristic.READABLE | Characteristic.WRITEABLE,
            att.AttributeValue(read=lambda _c: bytes(2 * 12), write=self._on_config_write))
        self._vibration_char = Characteristic(
            uuid("d000"), Characteristic.Properties.WRITE, Characteristic.WRITEABLE,
            att.AttributeValue(read=_refuse_read, write=self._on_vibration_write))
        type_char = Characteristic(
            uuid("3001"), Characteristic.Properties.READ | Characteristic.Properties.WRITE,
            Characteristic.READABLE | Characteristic.WRITEABLE,
            att.AttributeValue(read=lambda _c: bytes([ukaton.DEVICE_TYPE[self.side]]), write=_refuse_write))
        self._battery_char = Characteristic(
            UUID.from_16_bits(BATTERY_LEVEL_UUID16), Characteristic.Properties.READ | Characteristic.Properties.NOTIFY,
            Characteristic.READABLE, _read_only(lambda: bytes([self.battery_pct])))
        device.add_services([
            Service(UUID.from_16_bits(0x0000), [type_char, self._config_char, self._pressure_char,
                                                self._vibration_char]),
            Service(UUID.from_16_bits(BATTERY_SERVICE_UUID16), [self._battery_char]),
        ])
        self._pressure_char.on(Characteristic.EVENT_SUBSCRIPTION, self._on_pressure_subscription)
        device.on(Device.EVENT_CONNECTION, self._on_connection)
        return device

    def _on_config_write(self, _connection: Connection, value: bytes) -> None:
        self._counts["control_writes"] += 1
        try:
            interval_ms = ukaton.parse_configuration(bytes(value))
        except ValueError:
            raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH) from None
        if interval_ms is None:
            return
        if interval_ms == 0:
            self.firmware.streaming = False
        elif 1000 % interval_ms == 0 and 1000 // interval_ms in self.spec.rates_hz:
            if not self.firmware.streaming or self.firmware.rate_hz != 1000 // interval_ms:
                self.firmware.rate_hz = 1000 // interval_ms
                self.firmware.streaming = False
                now_us = self.clock.now_us()
                period_us = interval_ms * 1000
                self._next_frame_us = -(-now_us // period_us) * period_us  # on the interval, as millis() % delay
                self.firmware.streaming = True
                if self.clock.paused and self.clock.start_with_stream:
                    self.clock.start()
        else:
            raise att.ATT_Error(att.ErrorCode.VALUE_NOT_ALLOWED)
        self._wake.set()

    def _on_vibration_write(self, _connection: Connection, value: bytes) -> None:
        try:
            segments = ukaton.parse_vibration(bytes(value))
        except ValueError:
            raise att.ATT_Error(att.ErrorCode.VALUE_NOT_ALLOWED) from None
        pulses = [(amp, ms) for amp, ms in segments if amp > 0]
        if pulses:
            amp, ms = pulses[0]
            self.firmware.haptic_log.append(HapticPulse(self.device_time_us(), ms, round(amp * 100 / 127),
                                                        len(pulses)))

    def _on_disconnection(self, connection: Connection) -> None:
        was = connection is self._connection
        super()._on_disconnection(connection)
        if was:
            self.firmware.streaming = False  # ble.cpp: the configuration is cleared on disconnect

    def _frames_per_group(self) -> int:
        return 1

    def _packets_per_group(self) -> int:
        return 1

    def _encode(self, kpa: np.ndarray, tared: bool, period: int, group: int) -> list[bytes]:
        counts = ukaton.kpa_to_counts(kpa)
        t0_ms = self.t0_us // 1000
        out = []
        for i in range(counts.shape[0]):
            out.append(ukaton.encode_sensor_data(t0_ms + (self._next_frame_us + i * period) // 1000, counts[i]))
        self._sample_n += counts.shape[0]
        return out

    def _frames_in(self, packet: bytes) -> int:
        return 1


SIM_INSOLES: dict[str, type[SimInsole]] = {"solewatch": SimInsole, "orphe": OrpheSimInsole,
                                            "ukaton": UkatonSimInsole}
