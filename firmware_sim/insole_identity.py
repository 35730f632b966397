"""The seeded identity of one simulated insole (``InsoleIdentity``): serial number, advertised name, BLE
address and device clock at power-up, all from (side, seed).

One idea: who an insole is, derived from its seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from firmware_sim.faults import FEET

_SIDE_CODE = {"left": 0, "right": 1}


@dataclass(frozen=True)
class InsoleIdentity:
    """Seeded identity of one simulated insole: serial number, advertised name, BLE address, clock start."""

    side: str
    serial: str
    name: str
    address: str
    t0_us: int

    @classmethod
    def from_seed(cls, side: str, seed: int) -> InsoleIdentity:
        if side not in FEET:
            raise ValueError(f"side must be left or right, not {side!r}")
        rng = np.random.default_rng([int(seed), _SIDE_CODE[side], 0x5E41A1])
        serial_n = int(rng.integers(0, 2**32))
        addr = rng.integers(0, 256, 3)
        letter = "L" if side == "left" else "R"
        return cls(
            side=side,
            serial=f"SW{letter}{serial_n:08X}",
            name=f"SW{letter}-{serial_n & 0xFFFF:04X}",
            # A random static address (two top bits set), distinct per side.
            address=f"F0:5E:{_SIDE_CODE[side]:02X}:{addr[0]:02X}:{addr[1]:02X}:{addr[2]:02X}",
            t0_us=int(rng.integers(0, 2**32)),
        )
