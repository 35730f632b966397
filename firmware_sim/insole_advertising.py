"""What the simulated insole advertises: flags, its service UUID and its name in the 31-byte advertising
data (docs/protocol.md, Advertising). Parsing advertising data, as bleak carries it, is
firmware_sim.advertising.

One idea: the insole's advertising data as bytes.
"""

from __future__ import annotations

from bumble.core import UUID

from firmware_sim.gatt_profile import PRESSURE_SERVICE_UUID


def advertising_data(name: str, service_uuid: str = PRESSURE_SERVICE_UUID) -> bytes:
    """Flags (LE general discoverable, no BR/EDR), the complete 128-bit service UUID list and the complete
    local name, in at most 31 bytes (docs/protocol.md, Advertising)."""
    name_bytes = name.encode("utf-8")
    data = (
        bytes([2, 0x01, 0x06])
        + bytes([17, 0x07]) + UUID(service_uuid).to_bytes()
        + bytes([len(name_bytes) + 1, 0x09]) + name_bytes
    )
    if len(data) > 31:
        raise ValueError(f"advertising data of {len(data)} bytes: the name {name!r} is too long (8 chars max)")
    return data
