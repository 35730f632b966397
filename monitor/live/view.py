"""What the live view shows: a snapshot of the session, built by the live session, drawn by the console.

Plain data (no rich, no BLE): the live session (monitor.live.session) fills it a few times a second; the terminal
view (monitor.cli.console_live) draws it; tests build it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.analysis.alerts import Alert


@dataclass(frozen=True)
class FootView:
    """One foot, now.

    ``region_kpa``: recent peak pressure per analysis region (kPa, mean over the last few seconds; NaN
    where no data); ``focal_normal``: each metatarsal region's normal ratio to the other forefoot regions
    (monitor.signal.baseline.focal_ratios): the rider's kept normal (``--rider``), else the activity's usual
    ratio (DetectorParams.focal_norm), so a view can colour each region against it; ``level``: the level
    the foot stands at (none/notice/warning/alert: the detector's, or the alert raised for the foot while it
    holds, so the foot and the banner agree); link health from the link counters.
    """

    foot: str
    connected: bool
    lost: bool = False
    region_kpa: dict[str, float] = field(default_factory=dict)
    focal_normal: dict[str, float] = field(default_factory=dict)
    forefoot_share: float = float("nan")
    time_since_relief_s: float = float("nan")
    activity: str = "unknown"
    cadence_per_min: float = float("nan")
    level: str = "none"
    pattern: str | None = None
    region: str | None = None
    packets_per_s: float = 0.0
    packets_lost: int = 0
    packets_corrupt: int = 0
    gaps: int = 0
    reconnects: int = 0
    battery_pct: int | None = None
    battery_low: bool = False


@dataclass(frozen=True)
class LiveView:
    """The whole session, now."""

    session_s: float
    duration_s: float | None
    feet: dict[str, FootView]
    current_alert: Alert | None = None
    alerts: int = 0
    recording: bool = True
    recording_error: str | None = None
    label: str = ""
