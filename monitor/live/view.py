"""What the live view shows: a snapshot of the session, built by the live session, drawn by the console.

Plain data (no rich, no BLE): the live session (monitor.live.session) fills it a few times a second; the terminal
view (monitor.cli.console_live) draws it; tests build it by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from monitor.analysis.alerts import Alert
from monitor.link.transport_words import RADIO, TransportWords
from monitor.signal.activity_words import activity_name, cadence_unit
from monitor.signal.params import DEFAULT_PARAMS


@dataclass(frozen=True)
class FootView:
    """One foot, now.

    ``region_kpa``: recent peak pressure per analysis region (kPa, mean over the last few seconds; NaN where no
    data), and per coarse sensor label standing in for regions its insole does not split
    (monitor.signal.coarse_regions: ORPHE's ``heel``); ``focal_normal``: each metatarsal region's normal ratio
    to the other forefoot regions (monitor.signal.baseline.focal_ratios): the rider's kept normal (``--rider``),
    else the activity's usual ratio (DetectorParams.focal_norm), so a view can colour each region against it;
    ``level``: the level the foot stands at (none/notice/warning/alert: the detector's, or the alert raised for
    the foot while it holds, so the foot and the banner agree); link health from the link counters. ``stale``:
    the foot's data stopped (the analysis found them stale: a data-stale event, and no data since).
    ``activity``: the detector's class, which its rules follow ("elliptical_or_stair"); ``declared_word``: the
    activity as the person declared it ("elliptical", "stair_climber": monitor.analysis.declared.declared_word),
    None when none was: a view says it in place of the class (:func:`activity_words`). What its insole cannot
    measure, whatever the data (a view says "not measured with this insole" there, not "no data"):
    ``share_measured`` False where the insole has no sensor under some part of the foot (heel, midfoot,
    metatarsal heads, toes: monitor.signal.regions.RegionReducer.complete), so the forefoot share is never
    known (analyze and the report say "not measurable with this insole's sensors"); ``unmeasured``: the
    analysis regions it has no sensor for (monitor.signal.coarse_regions.unmeasured_regions: ORPHE INSOLE's
    midfoot).
    """

    foot: str
    connected: bool
    lost: bool = False
    region_kpa: dict[str, float] = field(default_factory=dict)
    focal_normal: dict[str, float] = field(default_factory=dict)
    forefoot_share: float = float("nan")
    time_since_relief_s: float = float("nan")
    #: the time without data (s) the relief clock left out since the relief (monitor.live.view_clock.relief_hole_s):
    #: beyond RELIEF_HOLE_S the views say "4:54 of data since relief", not "relief 4:54 ago"
    relief_hole_s: float = 0.0
    activity: str = "unknown"
    cadence_per_min: float = float("nan")
    level: str = "none"
    pattern: str | None = None
    region: str | None = None
    packets_per_s: float = 0.0
    packets_lost: int = 0
    packets_corrupt: int = 0
    packets_out_of_time: int = 0  # decoded, dated out of the stream's time: dropped as the corrupt ones are
    gaps: int = 0
    reconnects: int = 0
    battery_pct: int | None = None
    #: the battery as a level where the insole reports no percentage ("low", "normal", "high"; ORPHE INSOLE)
    battery_level: str | None = None
    battery_low: bool = False
    declared_word: str | None = None
    stale: bool = False
    #: whether this foot's insole sends kPa; False: nominal units (SensorLayout.calibrated), which a view
    #: neither says in kPa nor colours as unloaded under a kPa threshold (monitor.live.shown.region_band);
    #: None: as its LiveView's ``calibrated`` says (the view fills it in)
    calibrated: bool | None = None
    share_measured: bool = True
    unmeasured: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # a foot down (its link gone), stale or lost has no data now: its numbers are from before and would
        # read as now, so its view holds none (every view draws them as missing: "-"); a lost foot's pattern
        # and region go too (its level is kept for what it was, and views say LOST instead of it), while a
        # foot down or stale keeps the level, pattern and region of what stands (missing data end no alert);
        # what its insole cannot measure stays said (the insole's, not the data's)
        if self.lost or self.stale or not self.connected:
            for name, empty in (("region_kpa", {}), ("forefoot_share", math.nan), ("time_since_relief_s", math.nan),
                                ("cadence_per_min", math.nan)):
                object.__setattr__(self, name, empty)
        if self.lost:
            object.__setattr__(self, "pattern", None)
            object.__setattr__(self, "region", None)


@dataclass(frozen=True)
class LiveView:
    """The whole session, now."""

    #: the session time now (s), never going back, never past ``duration_s`` (monitor.live.view_clock.ViewClock)
    session_s: float
    duration_s: float | None
    feet: dict[str, FootView]
    current_alert: Alert | None = None
    alerts: int = 0
    recording: bool = True
    recording_error: str | None = None
    #: session time (s) the recording was first seen stopped (within one view of the error; None: it runs)
    recording_stopped_s: float | None = None
    label: str = ""
    #: the rider's latest marks ("numb now", kind ``rider_mark``), oldest first
    marks: tuple[Alert, ...] = ()
    #: the other feet's standing events, ranked under ``current_alert`` (the banner's), highest first: a
    #: view says them under the banner, so a notice on one foot is not hidden by the other's no-data banner
    others: tuple[Alert, ...] = ()
    #: whether every insole's pressures are kPa; False: an uncalibrated insole's (SensorLayout.calibrated)
    #: are counts at a nominal scale, and a view says nominal units, not kPa
    calibrated: bool = True
    #: the words of the insoles' transport the views say the link in (a BLE radio's packets, the Moticon
    #: stream's UDP datagrams: monitor.link.transport_words)
    transport: TransportWords = RADIO
    #: how far the analysis runs behind the session's time (session s), where beyond its bound
    #: (monitor.live.analysis_lag.BEHIND_BOUND_S); None while it keeps up. Each foot's relief clock counts to
    #: its newest analysed sample, not to the session's time (so it never steps back as the lag passes the
    #: bound), and beyond the bound a view says so
    analysis_behind_s: float | None = None
    #: how late the events it shows were issued, where a line says it (monitor.live.analysis_lag.late_words:
    #: "issued 82 s late"), the words the terminal's line of each says; an event not in it came in time
    late: dict[Alert, str] = field(default_factory=dict)
    #: the session's declared pedals (its setup: setup.json, ``live --pedals``; clipless, toe-clips, flat; None:
    #: not declared), the words of a numb mark that comes without its own follow them in both views
    #: (monitor.live.shown.mark_words: "loosen the toe strap on the left foot" on toe clips)
    pedals: str | None = None

    def __post_init__(self) -> None:
        # a foot that does not say whether its insole is calibrated is as the view says (FootView.calibrated)
        if isinstance(self.feet, dict) and any(isinstance(f, FootView) and f.calibrated is None
                                               for f in self.feet.values()):
            cal = self.calibrated is not False
            object.__setattr__(self, "feet", {n: replace(f, calibrated=cal) if isinstance(f, FootView)
                                              and f.calibrated is None else f for n, f in self.feet.items()})


_LEVEL_RANK = {"none": 0, "notice": 1, "warning": 2, "alert": 3}


def shown_level(assessment: Any, raised: Alert | None) -> tuple[str, str | None, str | None]:
    """``(level, pattern, region)`` a foot shows: the detector's latest ``assessment`` (None: none yet), or
    the alert ``raised`` for the foot while it stands, when that is higher: the alert policy keeps a raised
    level until the forefoot is relieved while the detector may step down, and the foot must say what the
    banner says."""
    level, pattern, region = ((assessment.level, assessment.pattern, assessment.region) if assessment is not None
                              else ("none", None, None))
    if raised is not None and raised.kind == "alert" and raised.level is not None \
            and _LEVEL_RANK.get(raised.level, 0) > _LEVEL_RANK.get(level, 0):
        return raised.level, raised.pattern, raised.region
    return level, pattern, region


#: The forefoot regions whose peaks make the ratios a view colours by (monitor.signal.baseline.focal_ratios):
#: a region is coloured only where its normal ratio is known (``FootView.focal_normal``: the metatarsal heads;
#: no normal of the hallux's is kept or sourced, so it is drawn as a loaded toe region, neutral).
RELATIVE_REGIONS = ("mth1", "mth2_3", "mth4_5", "hallux")


def finite_or_none(v: Any) -> float | None:
    """``v`` as a finite float; None for a missing, non-numeric or non-finite value (what a view shows as
    "-")."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def activity_words(foot: FootView) -> str:
    """The foot's activity as a view says it (monitor.signal.activity_words.activity_name): the declared word
    where one was declared (an "elliptical", not the detector's class), else the detector's class ("elliptical
    or stair climber", as the summaries say it); "" where neither is known."""
    said = foot.declared_word or foot.activity
    return activity_name(said) if said else ""


def cadence_words(activity: Any, cadence_per_min: Any) -> str | None:
    """Cadence in the activity's unit (``activity``: the declared word, else the detector's class;
    monitor.signal.activity_words.cadence_unit): "88 rpm" on a bike, "172 steps/min" on foot and on a stair
    climber, "140 strokes/min" on an elliptical; None when it is not known, or the activity is not (a cadence
    counted before the activity is recognised has no unit: a 90-rpm ride's strokes read as 180 steps/min)."""
    c = finite_or_none(cadence_per_min)
    if c is None or activity in (None, "unknown"):
        return None
    return f"{c:.0f} {cadence_unit(str(activity))}"


def relative_load(foot: FootView, region: str) -> float | None:
    """A forefoot region's load against the rider's normal, for a view's colours: its recent peak over the
    mean peak of the other RELATIVE_REGIONS, divided by the normal of that ratio (``foot.focal_normal``); 1 is
    normal. None for another region, for one whose normal is not known (the hallux: neither the rider's kept
    normal nor DetectorParams.focal_norm has one), or without the data."""
    values = foot.region_kpa if isinstance(foot.region_kpa, dict) else {}
    if region not in RELATIVE_REGIONS:
        return None
    normal = finite_or_none(foot.focal_normal.get(region)) if isinstance(foot.focal_normal, dict) else None
    v = finite_or_none(values.get(region))
    others = [x for r in RELATIVE_REGIONS if r != region and (x := finite_or_none(values.get(r))) is not None]
    if v is None or not others or not sum(others) > 0 or normal is None or not normal > 0:
        return None
    return v / (sum(others) / len(others)) / normal


#: The bands of a forefoot region's load against the rider's normal (times the normal, lower bounds), as
#: every view colours them: the normal band is +-15 % (guess: a metatarsal pad cuts a walking forefoot
#: peak by 17-19 % [21] M, a carbon orthosis by 6 % [4] W; no figure for a cleat move); "high" from the
#: detector's population cut-off (DetectorParams.focal_ratio), "extreme" from its extreme (focal_extreme).
RELATIVE_BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "low"),
    (0.85, "normal"),
    (1.15, "raised"),
    (DEFAULT_PARAMS.detector.focal_ratio, "high"),
    (DEFAULT_PARAMS.detector.focal_extreme, "extreme"),
)


def relative_band(relative: float | None) -> str | None:
    """The band (RELATIVE_BANDS) of a load ``relative`` to the normal; None without one."""
    if relative is None or not math.isfinite(relative):
        return None
    name = RELATIVE_BANDS[0][1]
    for low, band in RELATIVE_BANDS:
        if relative >= low:
            name = band
    return name
