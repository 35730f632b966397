"""The codebook: sensor layouts, anatomical regions, blocks of pressure frames. Pure, no I/O.

Coordinates follow docs/protocol.md: ``x`` is mediolateral in [-0.5, +0.5] (medial negative, the same
anatomy has the same x on both feet), ``y`` is longitudinal in [0, 1] (heel to toe tip).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from monitor.errors import SolewatchError, cut, quote_value

#: The fastest sample rate a layout may have: 1000 Hz, the top of docs/protocol.md's rates (16-1000 Hz)
#: and of docs/import-csv.md's rate_hz (1-1000 Hz).
MAX_RATE_HZ = 1000
#: The smallest sensor area: session.json keeps areas to three decimals (SensorLayout.to_dict), so a
#: smaller one would be written as 0.
MIN_AREA_MM2 = 0.001

#: The highest pressure read as a measurement (kPa), 2000 kPa (guess): above every in-shoe reading
#: ../shared/docs/domain.md gives (pedar calibrated up to 600 kPa [section 4, 5]; small discrete sensors up
#: to ~870 kPa [section 1, 6]) with more than twice the room. A file in Pa reads a thousand times its kPa,
#: beyond it even for a recumbent rider's 25-kPa heel [section 1, 1], so a value above it is not a
#: measurement but a unit mistaken (Pa for kPa) or raw counts. The importers refuse a cell above it
#: (monitor.importers.text_checks) and a session's frames table a value above it, or above the most its
#: layout's counts can hold where that is more (SensorLayout.most_kpa).
MOST_KPA = 2000.0
#: The coarsest pressure step a layout may have (kPa per count), 10 (guess): four times the coarsest any
#: driver or importer ships, the Moticon exports' 2.5 kPa (0.25 N/cm^2, ../shared/docs/domain.md section 4
#: [46]; the others 0.25 kPa or finer). A step a hundred times the shipped 0.25 (25) is a unit or a decimal
#: point mistaken, and would scale a replay of the raw log's counts that far from the frames table's kPa:
#: refused where counts are decoded (an insole's layout, monitor.link.protocol; a recorded session's
#: session.json, monitor.session.info_fields), not of an import's layout, whose frames are its kPa and
#: which no raw log rescales (an import of a 20-kPa-step file stays readable).
MOST_KPA_PER_COUNT = 10.0

#: The earliest session time a frame may have (s). Session time counts from the start of the recording, as a
#: Moticon export's and a gaitpdb file's time does, and the analysis counts session seconds from 0
#: (monitor.analysis.per_second leaves frames before 0 out): a ride shifted to -2000 s gave none of its
#: alerts. But a recording's first notification holds frames sampled before it arrived (the clock mapping,
#: monitor.link.clock, places its last frame at its arrival, 0 or later, and the frames before it a frame
#: period apart: 8 frames at 100 Hz span 70 ms), and a recorded session and its export keep them, so a
#: little before 0 is taken (1 s: guess, more than any notification of docs/devices.md spans). The link
#: keeps no frame earlier (monitor.link.assembly: a first notification of up to 255 frames, docs/protocol.md,
#: can span 16.6 s; its frames before this are counted in ``frames_before_start``, not kept). A frames
#: table (monitor.session.tables.check_times) and a generic CSV import are held to it.
EARLIEST_T_S = -1.0
#: How far past a session's ``duration_s`` its frames may lie (s): its last frames are timed on the insole's
#: clock too (monitor.link.clock) and may fall a little past the session's end (26 ms in
#: sessions/samples/sim-healthy-ride); 1 s, a guess, as EARLIEST_T_S. An export writes the session's
#: duration into its layout JSON when its frames lie within it so, and a generic CSV import holds the rows to
#: a layout's duration so (monitor.session.export.import_layout, monitor.importers.generic_csv).
PAST_END_S = 1.0

FEET = ("left", "right")
#: The insole kinds whose notifications the link decodes (docs/devices.md): the Solewatch profile
#: (docs/protocol.md), ORPHE INSOLE, Ukaton Mission, Moticon OpenGo's UDP stream.
INSOLE_KINDS = ("solewatch", "orphe", "ukaton", "moticon-udp")

#: Region code (wire value, docs/protocol.md) -> label.
REGION_LABELS: dict[int, str] = {
    0: "unknown",
    1: "heel_medial",
    2: "heel_lateral",
    3: "midfoot_medial",
    4: "midfoot_lateral",
    5: "mth1",
    6: "mth2",
    7: "mth3",
    8: "mth4",
    9: "mth5",
    10: "mth4_5",
    11: "hallux",
    12: "lesser_toes",
    13: "heel",
    14: "midfoot",
    15: "mth2_3",
}
REGION_CODES: dict[str, int] = {label: code for code, label in REGION_LABELS.items()}

#: The nine analysis regions (domain.md section 3, pressuRe "mask3" [40]).
ANALYSIS_REGIONS = ("heel_medial", "heel_lateral", "midfoot_medial", "midfoot_lateral", "mth1", "mth2_3", "mth4_5",
                    "hallux", "lesser_toes")
#: Each analysis region's one display name, wherever a person reads it (terminal, report, plots, compare).
REGION_NAMES: dict[str, str] = {
    "heel_medial": "medial heel", "heel_lateral": "lateral heel", "midfoot_medial": "medial midfoot",
    "midfoot_lateral": "lateral midfoot", "mth1": "MTH1", "mth2_3": "MTH2-3", "mth4_5": "MTH4-5",
    "hallux": "hallux", "lesser_toes": "lesser toes",
}


def region_name(region: str | None) -> str:
    """A region as a person reads it: ``mth2_3`` -> ``MTH2-3``, ``heel_medial`` -> ``medial heel``; a sensor
    label outside the analysis regions by the same rule (``mth4`` -> ``MTH4``, ``midfoot`` -> ``midfoot``);
    "" for None or ""."""
    if not region:
        return ""
    r = str(region)
    if r in REGION_NAMES:
        return REGION_NAMES[r]
    return r.upper().replace("_", "-") if r.startswith("mth") else r.replace("_", " ")


#: The metatarsal and toe regions an alert may name.
FOREFOOT_REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux")

#: Which sensor labels make up each analysis region. A coarse label (``heel``, ``midfoot``) cannot
#: resolve a medial/lateral region and is used by none of them: nothing is invented (the analysis counts
#: such a sensor in the regions of its group the layout resolves: monitor.signal.coarse_share).
_REGION_MEMBERS: dict[str, tuple[str, ...]] = {
    "heel_medial": ("heel_medial",),
    "heel_lateral": ("heel_lateral",),
    "midfoot_medial": ("midfoot_medial",),
    "midfoot_lateral": ("midfoot_lateral",),
    "mth1": ("mth1",),
    "mth2_3": ("mth2", "mth3", "mth2_3"),
    "mth4_5": ("mth4", "mth5", "mth4_5"),
    "hallux": ("hallux",),
    "lesser_toes": ("lesser_toes",),
}


class LayoutError(SolewatchError):
    """A sensor layout that breaks the rules of docs/protocol.md."""


def lengths_disagree(lengths: dict[str, int]) -> str | None:
    """What is wrong when a layout's per-sensor lists (``x``, ``y``, ``area_mm2``, ``regions``...: name to
    length) are not all as long, naming the list that is short or long against the others: ``x has 5 values
    where y, area_mm2 and regions have 18``. None when they agree. Without a length most lists share (two
    against two), every list's length is said."""
    if len(set(lengths.values())) <= 1:
        return None
    counts: dict[int, int] = {}
    for n in lengths.values():
        counts[n] = counts.get(n, 0) + 1
    common = max(counts, key=counts.get)
    if list(counts.values()).count(counts[common]) > 1:
        return "the lists are not as long as each other: " + ", ".join(f"{k} has {n}" for k, n in lengths.items())
    odd = [k for k, n in lengths.items() if n != common]
    rest = [k for k, n in lengths.items() if n == common]
    def words(names: list[str]) -> str:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    said = "; ".join(f"{k} has {lengths[k]} value{'s' if lengths[k] != 1 else ''}" for k in odd)
    return f"{said} where {words(rest)} {'has' if len(rest) == 1 else 'have'} {common}"


def _ro(a: Any, dtype: Any) -> np.ndarray:
    arr = np.array(a, dtype=dtype)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class SensorLayout:
    """Where an insole's sensors are and what they measure.

    Attributes
    ----------
    side : "left" or "right"
    x, y : ndarray, shape (n_sensors,)
        Normalised positions (see module docstring).
    area_mm2 : ndarray, shape (n_sensors,)
        Sensing area of each sensor in mm^2.
    regions : tuple of str, length n_sensors
        Region label of each sensor (a value of REGION_LABELS).
    kpa_per_count : float
        Scale from raw counts to kPa.
    rates_hz : tuple of int
        Supported sample rates, ascending.
    current_rate_hz : int
        The configured sample rate.
    sample_bits : 12 or 16
    has_imu, has_haptic : bool
        Capability flags.
    positions_inferred : bool
        True when positions or regions were inferred rather than published by the maker (importers).
    insole : str
        The insole kind whose wire format the notifications follow (a driver of monitor.link.drivers:
        "solewatch", "orphe", "ukaton"); the raw log's notifications decode by it.
    calibrated : bool
        False when the insole sends raw ADC counts with no public calibration: ``kpa_per_count`` is then
        a nominal scale (a guess), the values are not kPa, and the report says so.
    areas_guessed : bool
        True when ``area_mm2`` is a guess the pressures were made with (an import of forces, none of whose
        sensor sizes is given: PhysioNet gaitpdb), so that pressures scale with the guess; the steps are then
        measured scale-free, as an uncalibrated insole's (monitor.analysis.steps).
    """

    side: str
    x: np.ndarray
    y: np.ndarray
    area_mm2: np.ndarray
    regions: tuple[str, ...]
    kpa_per_count: float = 0.25
    rates_hz: tuple[int, ...] = (100,)
    current_rate_hz: int = 100
    sample_bits: int = 12
    has_imu: bool = False
    has_haptic: bool = False
    positions_inferred: bool = False
    insole: str = "solewatch"
    calibrated: bool = True
    areas_guessed: bool = False
    max_sensors: int = field(default=1024, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", _ro(self.x, float))
        object.__setattr__(self, "y", _ro(self.y, float))
        object.__setattr__(self, "area_mm2", _ro(self.area_mm2, float))
        object.__setattr__(self, "regions", tuple(self.regions))
        object.__setattr__(self, "rates_hz", tuple(int(r) for r in self.rates_hz))
        for name in ("x", "y", "area_mm2"):
            if getattr(self, name).ndim != 1:
                raise LayoutError(f"{name} has shape {getattr(self, name).shape}, expected a flat list")
        n = self.n_sensors
        if self.side not in FEET:
            raise LayoutError(f"side must be 'left' or 'right', not {quote_value(self.side)}")
        if not 1 <= n <= self.max_sensors:
            raise LayoutError(f"sensor count {n} outside 1..{self.max_sensors}")
        disagree = lengths_disagree({"x": n, "y": self.y.shape[0], "area_mm2": self.area_mm2.shape[0],
                                     "regions": len(self.regions)})
        if disagree:
            raise LayoutError(disagree)
        bad = sorted(set(self.regions) - set(REGION_CODES))
        if bad:
            raise LayoutError(f"unknown region label(s): {', '.join(cut(str(b)) for b in bad)}")
        if not (np.all(np.abs(self.x) <= 0.5) and np.all((self.y >= 0) & (self.y <= 1))):
            raise LayoutError("sensor positions outside the normalised insole frame")
        if not np.all((self.area_mm2 >= MIN_AREA_MM2) & np.isfinite(self.area_mm2)):
            raise LayoutError(f"every sensor area must be a finite number of at least {MIN_AREA_MM2:g} mm² "
                              "(session.json keeps three decimals)")
        if not 0 < self.kpa_per_count < math.inf:  # MOST_KPA_PER_COUNT: of a layout whose counts are decoded
            raise LayoutError(f"kpa_per_count {self.kpa_per_count:g} must be a finite number above 0")
        if self.sample_bits not in (12, 16):
            raise LayoutError(f"sample_bits must be 12 or 16, not {self.sample_bits}")
        if not self.rates_hz or list(self.rates_hz) != sorted(set(self.rates_hz)):
            raise LayoutError("rates_hz must be non-empty and strictly ascending")
        if not (1 <= self.rates_hz[0] and self.rates_hz[-1] <= MAX_RATE_HZ):
            raise LayoutError(f"rates_hz must be whole numbers from 1 to {MAX_RATE_HZ} Hz")
        if self.insole not in INSOLE_KINDS:
            raise LayoutError(f"insole kind {quote_value(self.insole)} is none of {', '.join(INSOLE_KINDS)}")
        if self.current_rate_hz not in self.rates_hz:
            raise LayoutError(f"current rate {self.current_rate_hz} Hz not among {self.rates_hz}")

    @property
    def n_sensors(self) -> int:
        return int(self.x.shape[0])

    @property
    def most_kpa(self) -> float:
        """The highest pressure (kPa) a frame of this insole may hold: :data:`MOST_KPA`, or the most its
        counts can hold (``(2**sample_bits - 1) * kpa_per_count``) where that is more (an uncalibrated
        insole's raw counts at a nominal scale; an import's 16-bit layout at its resolution, the bound the
        import itself held its cells to)."""
        return max(MOST_KPA, (2**self.sample_bits - 1) * self.kpa_per_count)

    def region_masks(self) -> dict[str, np.ndarray]:
        """Boolean sensor mask, shape (n_sensors,), for each analysis region this layout resolves.

        Regions with no sensor are absent from the result (see :meth:`unresolved_regions`).
        """
        labels = np.array(self.regions)
        out = {}
        for region, members in _REGION_MEMBERS.items():
            mask = np.isin(labels, members)
            if mask.any():
                out[region] = mask
        return out

    def unresolved_regions(self) -> list[str]:
        """Analysis regions that no sensor of this layout covers."""
        masks = self.region_masks()
        return [r for r in ANALYSIS_REGIONS if r not in masks]

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "x": [round(float(v), 6) for v in self.x],
            "y": [round(float(v), 6) for v in self.y],
            "area_mm2": [round(float(v), 3) for v in self.area_mm2],
            "regions": list(self.regions),
            "kpa_per_count": self.kpa_per_count,
            "rates_hz": list(self.rates_hz),
            "current_rate_hz": self.current_rate_hz,
            "sample_bits": self.sample_bits,
            "has_imu": self.has_imu,
            "has_haptic": self.has_haptic,
            "positions_inferred": self.positions_inferred,
        } | ({} if self.insole == "solewatch" else {"insole": self.insole}) | (
            {} if self.calibrated else {"calibrated": False}) | ({"areas_guessed": True} if self.areas_guessed else {})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SensorLayout:
        keys = ("side", "x", "y", "area_mm2", "regions", "kpa_per_count", "rates_hz",
                "current_rate_hz", "sample_bits", "has_imu", "has_haptic", "positions_inferred", "insole",
                "calibrated", "areas_guessed")
        missing = [k for k in keys[:5] if k not in d]
        if missing:
            raise LayoutError(f"layout lacks {', '.join(missing)}")
        return cls(**{k: d[k] for k in keys if k in d})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SensorLayout) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


def sensor_columns(n_sensors: int) -> list[str]:
    """Column names of the per-sensor pressure columns in a frames table: p00_kpa, p01_kpa, ..."""
    return [f"p{i:02d}_kpa" for i in range(n_sensors)]


#: The IMU columns of an imported session's extras table (a Moticon export's "acceleration X[g]" ...
#: "angular Z[dps]", docs/session-format.md), in the order of ``FrameBlock.imu``'s columns.
IMU_COLUMNS = ("acceleration_x_g", "acceleration_y_g", "acceleration_z_g", "gyro_x_dps", "gyro_y_dps", "gyro_z_dps")


@dataclass(frozen=True, eq=False)
class FrameBlock:
    """Consecutive pressure frames from one foot.

    Attributes
    ----------
    foot : "left" or "right"
    t_s : ndarray, shape (n_frames,)
        Session time of each frame in seconds (from the session start), non-decreasing.
    pressure_kpa : ndarray, shape (n_frames, n_sensors)
        Pressure in kPa; NaN where a sample is missing (lost packet, no reading).
    imu : ndarray, shape (n_frames, 6), or None
        Acceleration x, y, z in g and angular rate x, y, z in deg/s, when the insole sends it.
    """

    foot: str
    t_s: np.ndarray
    pressure_kpa: np.ndarray
    imu: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.foot not in FEET:
            raise ValueError(f"foot must be 'left' or 'right', not {self.foot!r}")
        t = np.asarray(self.t_s, dtype=float)
        p = np.asarray(self.pressure_kpa, dtype=float)
        if p.ndim != 2 or t.shape != (p.shape[0],):
            raise ValueError(f"t_s {t.shape} and pressure_kpa {p.shape} do not match")
        object.__setattr__(self, "t_s", t)
        object.__setattr__(self, "pressure_kpa", p)
        if self.imu is not None:
            imu = np.asarray(self.imu, dtype=float)
            if imu.shape != (p.shape[0], 6):
                raise ValueError(f"imu has shape {imu.shape}, expected ({p.shape[0]}, 6)")
            object.__setattr__(self, "imu", imu)

    @property
    def n_frames(self) -> int:
        return int(self.t_s.shape[0])

    @property
    def n_sensors(self) -> int:
        return int(self.pressure_kpa.shape[1])

    @classmethod
    def concat(cls, blocks: list[FrameBlock]) -> FrameBlock:
        """Join blocks of one foot in order; where some have IMU rows, the others' are NaN."""
        if not blocks:
            raise ValueError("no blocks to join")
        feet = {b.foot for b in blocks}
        if len(feet) != 1:
            raise ValueError(f"blocks from several feet: {sorted(feet)}")
        imu = None
        if any(b.imu is not None for b in blocks):
            imu = np.concatenate([np.full((b.n_frames, 6), np.nan) if b.imu is None else b.imu for b in blocks])
        return cls(
            foot=blocks[0].foot,
            t_s=np.concatenate([b.t_s for b in blocks]),
            pressure_kpa=np.concatenate([b.pressure_kpa for b in blocks]),
            imu=imu,
        )


@dataclass(frozen=True)
class Gap:
    """Frames that never arrived, ``[start_s, end_s)`` in session seconds."""

    foot: str
    start_s: float
    end_s: float
    frames_missing: int
    packets_lost: int
    reason: str  # "packets lost", "corrupt packets", "packets out of time", "link down", "unknown"... (gaps.csv)
    filled: bool  # True when NaN rows stand in the frames table for the missing frames
