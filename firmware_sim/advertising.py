"""Advertising data (Core Supplement Part A) parsed into what bleak's AdvertisementData carries, and bumble
UUIDs in bleak's spelling."""


from __future__ import annotations

import logging
import uuid as uuid_module
from dataclasses import dataclass, field

from bleak.uuids import normalize_uuid_str
from bumble import core

logger = logging.getLogger(__name__)

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
