"""The simulated insole's hardware description: sensor geometry, scale, rates, capabilities.

This is firmware-side knowledge (what the insole is), kept apart from the monitor's codebook on purpose:
the firmware serialises it into the layout characteristic from docs/protocol.md, and the monitor learns it
only by reading that characteristic.

Geometry: 18 sensors in the anatomical frame of docs/protocol.md (x mediolateral in [-0.5, 0.5], medial
negative; y heel -> toe in [0, 1]). The forefoot row sits within 51-81 % of foot length, the forefoot mask
of domain.md section 3 [43]; the metatarsal heads are staggered as in a normal foot (MTH1 most distal,
MTH5 most proximal). Positions are a plausible design, not a measured product [W].
"""

from __future__ import annotations

from dataclasses import dataclass

#: Region codes from docs/protocol.md (the firmware's own copy of the table).
REGION_CODE = {
    "unknown": 0, "heel_medial": 1, "heel_lateral": 2, "midfoot_medial": 3, "midfoot_lateral": 4,
    "mth1": 5, "mth2": 6, "mth3": 7, "mth4": 8, "mth5": 9, "mth4_5": 10, "hallux": 11,
    "lesser_toes": 12, "heel": 13, "midfoot": 14, "mth2_3": 15,
}


@dataclass(frozen=True)
class SensorSpec:
    """One sensor: position (normalised), sensing area (mm^2) and region label."""

    x: float
    y: float
    area_mm2: int
    region: str


#: The 18 sensors of the simulated insole, in index order.
SENSORS: tuple[SensorSpec, ...] = (
    SensorSpec(-0.12, 0.07, 250, "heel_medial"),
    SensorSpec(-0.10, 0.15, 250, "heel_medial"),
    SensorSpec(0.12, 0.07, 250, "heel_lateral"),
    SensorSpec(0.13, 0.15, 250, "heel_lateral"),
    SensorSpec(-0.15, 0.38, 200, "midfoot_medial"),
    SensorSpec(0.20, 0.33, 200, "midfoot_lateral"),
    SensorSpec(0.22, 0.45, 200, "midfoot_lateral"),
    SensorSpec(-0.30, 0.70, 180, "mth1"),
    SensorSpec(-0.24, 0.74, 180, "mth1"),
    SensorSpec(-0.08, 0.72, 180, "mth2"),
    SensorSpec(0.06, 0.69, 180, "mth3"),
    SensorSpec(0.20, 0.66, 180, "mth4"),
    SensorSpec(0.33, 0.61, 180, "mth5"),
    SensorSpec(-0.26, 0.89, 200, "hallux"),
    SensorSpec(-0.20, 0.95, 150, "hallux"),
    SensorSpec(-0.02, 0.88, 120, "lesser_toes"),
    SensorSpec(0.12, 0.85, 120, "lesser_toes"),
    SensorSpec(0.25, 0.80, 120, "lesser_toes"),
)

#: Raw counts to kPa: 0.25 kPa per count, so 12-bit samples reach 1023.5 kPa (0xFFF means no reading),
#: above the 300+ kPa in-shoe peaks of domain.md section 0.
KPA_PER_COUNT_MILLI = 250
SAMPLE_BITS = 12
RATES_HZ = (25, 50, 100, 200)
DEFAULT_RATE_HZ = 100  # the rate of the Moticon sample files (domain.md section 4)


@dataclass(frozen=True)
class InsoleSpec:
    """Everything the layout characteristic says about one simulated insole."""

    side: str  # "left" or "right"
    sensors: tuple[SensorSpec, ...] = SENSORS
    kpa_per_count_milli: int = KPA_PER_COUNT_MILLI
    sample_bits: int = SAMPLE_BITS
    rates_hz: tuple[int, ...] = RATES_HZ
    current_rate_hz: int = DEFAULT_RATE_HZ
    has_imu: bool = False
    has_haptic: bool = True

    @property
    def n_sensors(self) -> int:
        return len(self.sensors)

    @property
    def kpa_per_count(self) -> float:
        return self.kpa_per_count_milli / 1000.0

    def indices(self, *regions: str) -> list[int]:
        """Indices of the sensors whose label is one of ``regions``."""
        return [i for i, s in enumerate(self.sensors) if s.region in regions]
