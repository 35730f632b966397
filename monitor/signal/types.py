"""Results that travel between the pipeline's stages. Plain frozen dataclasses with slots (a live session
keeps one Cycle per stroke or stride for hours: no per-object __dict__), times in session seconds.

Shapes and units are in the names; regions are the analysis regions of monitor.codebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("none", "notice", "warning", "alert")


@dataclass(frozen=True, slots=True)
class Cycle:
    """One gait stride or one pedal stroke of one foot, ``[start_s, end_s)``.

    A stride runs from one initial contact to the next; its stance is ``[start_s, toe_off_s)`` and its
    swing (the unloaded phase) ``[toe_off_s, end_s)``. A pedal stroke runs from one per-revolution force
    minimum to the next; ``peak_s`` is the downstroke's force peak and the unloaded phase (upstroke) is
    the part of the stroke below the half-way force between minimum and peak.
    """

    foot: str
    kind: str  # "stride" or "stroke"
    start_s: float
    end_s: float
    toe_off_s: float | None = None  # strides
    peak_s: float | None = None  # strokes

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class CycleFeatures:
    """Features of one cycle. Region dicts hold only the regions the layout resolves."""

    foot: str
    kind: str
    start_s: float
    end_s: float
    peak_kpa: dict[str, float]
    pti_kpa_s: dict[str, float]  # integral of the region's hot-spot pressure over the cycle (kPa s)
    # integral of the region's nominal load over the cycle (N s; region pressure x fixed anatomical weight x
    # reference area, monitor.signal.regions: not the force its sensors measured)
    fti_n_s: dict[str, float]
    total_fti_n_s: float
    forefoot_share: float  # forefoot FTI / total FTI (monitor.signal.regions.FOREFOOT_SHARE_REGIONS)
    cop_y_mean: float  # force-weighted mean centre of pressure, 0 heel .. 1 toe
    ml_index: float  # (MTH4-5 - MTH1) / (MTH4-5 + MTH1) of FTI (domain.md section 3), NaN if unresolved
    residual_forefoot_kpa: float  # low quantile (FeatureParams.residual_quantile) of the forefoot peak
    # pressure in the unloaded phase (swing, upstroke)
    valid_fraction: float  # share of the cycle's samples that were not missing


@dataclass(frozen=True, slots=True)
class WindowFeatures:
    """Rolling features of one foot over ``[t_s - window_s, t_s)``, emitted every step."""

    foot: str
    t_s: float
    window_s: float
    activity: str  # cycling, running, walking, elliptical_or_stair, unknown
    cadence_per_min: float  # strokes (cycling, rpm) or steps of both feet (gait) per minute; NaN: unknown activity
    forefoot_share: float
    # each region's hot-spot PTI x its fixed weight / the nine regions' sum (RegionReducer.hot_loads); NaN for
    # every region unless the layout has a sensor in each of the nine
    region_share: dict[str, float]
    peak_kpa: dict[str, float]  # mean per-cycle peak
    pti_kpa_s_per_min: dict[str, float]  # pressure-time integral per minute of the window
    cop_y_mean: float
    ml_index: float
    residual_forefoot_kpa: float
    time_since_relief_s: float  # time with data since the forefoot was last relieved (s, docs/detection.md); NaN
    # before the foot's first reading, as relief_t_s
    relieved_now: bool
    valid_fraction: float
    relief_t_s: float = float("nan")  # when it was last relieved or unloaded (s; the first reading if never; NaN
    # before the foot's first reading)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The detector's view of one foot at ``t_s``: a level, and what pattern, where, since when."""

    foot: str
    t_s: float
    level: str  # one of LEVELS
    pattern: str | None = None  # e.g. forefoot_share_high, focal_mth, cop_forward, residual_unloaded, ...
    region: str | None = None  # mth1, mth2_3, mth4_5, hallux: always named from "warning" up (for a
    # whole-forefoot pattern, the most loaded of them); may be None for "none" and "notice"
    since_s: float | None = None  # when the pattern began
    reasons: tuple[str, ...] = ()
    metrics: dict[str, float] = field(default_factory=dict)
    #: every pattern active in the window, the one named above among them: (pattern, level, region), in the
    #: detector's order (a foot often shows several at once; the session's advice reads them all)
    shown: tuple[tuple[str, str, str | None], ...] = ()
    #: whether the window had the data the detector judges on (``DetectorParams.min_valid_fraction`` of it, or
    #: more); False in a foot's silence, where the level only carries on what came before it and the alert
    #: policy raises and repeats nothing (monitor.analysis.alerts)
    with_data: bool = True
    #: the foot's pressure units per kPa the window was judged with: 1.0 on a calibrated insole; on an
    #: uncalibrated one from the foot's loaded level (monitor.signal.nominal_scale), NaN while it is unknown
    units_per_kpa: float = 1.0
    #: the active patterns of ``shown`` that gather loaded time toward a warning: on the change or extreme tier
    #: (docs/detection.md, "Exposure"), a pattern judged against the other foot among them
    #: (monitor.analysis.unilateral); a population-tier pattern, which the normal learnt from the first
    #: minutes holds, is not, nor is one with ``shown`` empty
    gathering: tuple[str, ...] = ()
