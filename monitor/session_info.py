"""SessionInfo: the one validated metadata object that travels with every recording."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

from monitor.errors import SessionFormatError
from monitor.frames import FEET, LayoutError, SensorLayout

FORMAT_VERSION = 1
SOURCES = ("sim", "ble", "import")


@dataclass(frozen=True)
class DeviceInfo:
    """What an insole told us about itself (Device Information and Battery services)."""

    address: str
    name: str = ""
    manufacturer: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    battery_pct: int | None = None


def utc_now_iso() -> str:
    """The current UTC time as ISO 8601 with a 'Z' suffix, millisecond resolution."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class SessionInfo:
    """Everything about a session except its samples.

    ``layouts`` and ``devices`` are keyed by foot ("left"/"right"); a one-foot session has one key.
    ``speed`` is device seconds per host second (1 for real insoles, more for a fast simulation).
    ``ground_truth`` is the scenario's own JSON export when the session was simulated, else None.
    ``stats`` holds per-foot link counters once the session is closed.
    """

    session_id: str
    start_utc: str
    software_version: str
    source: str
    layouts: dict[str, SensorLayout]
    devices: dict[str, DeviceInfo] = field(default_factory=dict)
    label: str = ""
    activity: str = "unknown"
    radio: str = ""
    speed: float = 1.0
    scenario: str | None = None
    seed: int | None = None
    ground_truth: dict[str, Any] | None = None
    faults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    end_utc: str | None = None
    duration_s: float | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    imported_from: dict[str, Any] | None = None
    format_version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, not {self.source!r}")
        if not self.layouts:
            raise ValueError("a session needs the layout of at least one foot")
        for foot, layout in self.layouts.items():
            if foot not in FEET or not isinstance(layout, SensorLayout) or layout.side != foot:
                raise ValueError(f"layouts[{foot!r}] is not a SensorLayout of that foot")
        if not self.speed > 0:
            raise ValueError("speed must be positive")

    @property
    def feet(self) -> tuple[str, ...]:
        return tuple(f for f in FEET if f in self.layouts)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "layouts":
                value = {foot: lay.to_dict() for foot, lay in value.items()}
            elif f.name == "devices":
                value = {foot: dev.__dict__.copy() for foot, dev in value.items()}
            out[f.name] = value
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=False)

    @classmethod
    def from_dict(cls, d: Any, *, where: str = "session.json") -> SessionInfo:
        """Validate and build; any problem raises SessionFormatError naming ``where`` and the field."""
        if not isinstance(d, dict):
            raise SessionFormatError(f"{where}: expected a JSON object")
        version = d.get("format_version", None)
        if version != FORMAT_VERSION:
            raise SessionFormatError(f"{where}: format_version {version!r} is not {FORMAT_VERSION}")
        required = ("session_id", "start_utc", "software_version", "source", "layouts")
        missing = [k for k in required if k not in d]
        if missing:
            raise SessionFormatError(f"{where}: missing field(s) {', '.join(missing)}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise SessionFormatError(f"{where}: unknown field(s) {', '.join(unknown)}")
        kw = dict(d)
        try:
            if not isinstance(kw["layouts"], dict):
                raise TypeError("layouts must be an object")
            kw["layouts"] = {foot: SensorLayout.from_dict(lay) for foot, lay in kw["layouts"].items()}
        except (LayoutError, TypeError, ValueError) as exc:
            raise SessionFormatError(f"{where}: field layouts: {exc}") from None
        try:
            kw["devices"] = {foot: DeviceInfo(**dev) for foot, dev in (kw.get("devices") or {}).items()}
        except TypeError as exc:
            raise SessionFormatError(f"{where}: field devices: {exc}") from None
        for name, typ in (("session_id", str), ("start_utc", str), ("speed", (int, float))):
            if name in kw and not isinstance(kw[name], typ):
                raise SessionFormatError(f"{where}: field {name} has the wrong type")
        try:
            return cls(**kw)
        except (TypeError, ValueError) as exc:
            raise SessionFormatError(f"{where}: {exc}") from None
