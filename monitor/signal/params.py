"""Every tunable default of the pipeline, detector and alert policy, in one place.

Each default carries its evidence: a domain.md tag ([n] S/M/W, see ../shared/docs/domain.md in the
workplace, cited in docs/detection.md) or "guess". docs/detection.md explains each. A params file
(``--params FILE``, JSON) overrides any subset: ``{"detector": {"warn_after_s": 480}}``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from monitor.errors import UsageError


@dataclass(frozen=True)
class FilterParams:
    #: Causal low-pass cut-off for the live path. Peak-force error is < 3 % down to 20 Hz sampling [42] M,
    #: so plantar pressure carries little above ~10 Hz; 15 Hz keeps impact peaks in running (guess).
    lowpass_hz: float = 15.0
    order: int = 2


@dataclass(frozen=True)
class TareParams:
    #: A foot carrying less than this total force is unloaded (swing, foot off the pedal) (guess).
    unloaded_total_n: float = 30.0
    #: Time constant of the offset tracker while the foot is unloaded (guess).
    offset_tau_s: float = 30.0
    #: Largest offset the tracker will remove from a sensor; more is load, not drift (guess).
    max_offset_kpa: float = 10.0


@dataclass(frozen=True)
class CycleParams:
    #: Gait: contact when total force rises above this fraction of the foot's typical stance peak
    #: (force-threshold segmentation, domain.md section 3) (guess).
    contact_fraction: float = 0.05
    #: Gait: the force threshold never goes below this (N) (guess).
    min_contact_n: float = 20.0
    #: Shortest stance and stride accepted (s): running contact 270-285 ms [11] M.
    min_stance_s: float = 0.12
    min_stride_s: float = 0.4
    max_stride_s: float = 3.0
    #: Cycling cadence range searched (rpm): 60-110 rpm, lab 80-90 [10] M; widened (guess).
    min_cadence_rpm: float = 40.0
    max_cadence_rpm: float = 130.0


@dataclass(frozen=True)
class ActivityParams:
    #: Window over which the activity is recognised (s) (guess).
    window_s: float = 20.0
    #: Gait leaves the foot unloaded for ~40 % of a walking cycle [15] S and more when running;
    #: continuous-contact activities (cycling clipped in, elliptical, stair) almost never (guess).
    gait_min_unloaded_fraction: float = 0.2
    #: Step rate above which gait is running (steps/min, both feet): running 154-169 [11] M,
    #: walking 90-120 [15] S.
    running_min_steps_per_min: float = 135.0
    #: Heel share of force above which continuous contact is elliptical or stair, not cycling: the heel
    #: barely loads a pedal, while elliptical heel pressure is 94 kPa [1] S (guess on the share).
    elliptical_min_heel_share: float = 0.15


@dataclass(frozen=True)
class FeatureParams:
    #: Rolling window and step of WindowFeatures (s) (guess; 5-10 min PTI windows are suggested for the
    #: detector [W], these short windows feed it).
    window_s: float = 60.0
    step_s: float = 10.0
    #: Forefoot relief: the forefoot's total force below this floor ... (guess: a foot resting on the
    #: pedal or off it)
    relief_floor_n: float = 15.0
    #: ... for at least this long (the issue's definition; wheelchair unloading of 15-30 s [38] W).
    relief_min_s: float = 20.0


@dataclass(frozen=True)
class DetectorParams:
    #: Baseline: the person's own first minutes (rolling 5-10 min PTI against the first 10 min [W]).
    baseline_s: float = 600.0
    #: Forefoot share above which load is elevated, per activity (guess from [1] S magnitudes and [8] M
    #: relative loads; tune per person).
    forefoot_share_high: dict[str, float] = field(default_factory=lambda: {
        "cycling": 0.85, "running": 0.65, "walking": 0.60, "elliptical_or_stair": 0.70, "unknown": 0.80,
    })
    #: A metatarsal region's peak this many times its neighbours' mean is focal (guess; MTH2/3 above MTH1 in
    #: every running trial [3] M, so only a clear excess counts).
    focal_ratio: float = 1.6
    #: Centre of pressure this far forward (0 heel .. 1 toe) is at the front of the ball of the foot [7] W
    #: (the metatarsal heads sit at 0.6-0.75 of foot length; guess).
    cop_forward_y: float = 0.72
    #: Forefoot pressure that stays in the unloaded phase (kPa) means the shoe never lets go (guess; above
    #: capillary closing, 4.3 kPa [28] S, and arteriolar impairment, 40-50 mmHg = 5.3-6.7 kPa [29] S).
    residual_kpa: float = 15.0
    #: Forefoot PTI rate above this ratio of the baseline is creeping (guess).
    creep_ratio: float = 1.25
    #: A pattern held this long without relief gives a warning (the issue: within 12 min; the case onset
    #: was ~30 min [7] W, so warn well before): 8 min (guess).
    warn_after_s: float = 480.0
    #: ... and an alert this much later if it continues (guess).
    alert_after_s: float = 600.0
    #: Normal load without relief this long gives a notice (reminder to unweight): every 15-30 min [38] W.
    notice_no_relief_s: float = 1200.0


@dataclass(frozen=True)
class AlertParams:
    #: A level must hold this long before it is raised (hysteresis, guess).
    raise_hold_s: float = 0.0
    #: After an alert for a foot, no new one at the same level for this long (no storms; guess).
    quiet_s: float = 300.0
    #: Snooze length (guess).
    snooze_s: float = 600.0
    #: A foot with no data for this long raises a data-stale alert (guess).
    stale_after_s: float = 10.0


@dataclass(frozen=True)
class Params:
    filter: FilterParams = FilterParams()
    tare: TareParams = TareParams()
    cycles: CycleParams = CycleParams()
    activity: ActivityParams = ActivityParams()
    features: FeatureParams = FeatureParams()
    detector: DetectorParams = DetectorParams()
    alerts: AlertParams = AlertParams()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def override(self, data: dict[str, Any], *, where: str = "params") -> Params:
        """A copy with the sections and fields in ``data`` replaced; unknown names are UsageErrors."""
        if not isinstance(data, dict):
            raise UsageError(f"{where}: expected a JSON object of sections")
        sections = {f.name: getattr(self, f.name) for f in fields(self)}
        new = {}
        for name, values in data.items():
            if name not in sections:
                raise UsageError(f"{where}: unknown section {name!r} (known: {', '.join(sections)})")
            if not isinstance(values, dict):
                raise UsageError(f"{where}: section {name!r} must be an object")
            known = {f.name: f for f in fields(sections[name])}
            for key, value in values.items():
                if key not in known:
                    raise UsageError(f"{where}: unknown parameter {name}.{key}")
                default = getattr(sections[name], key)
                if isinstance(default, (int, float)) and not isinstance(default, bool):
                    if not isinstance(value, (int, float)) or isinstance(value, bool):
                        raise UsageError(f"{where}: {name}.{key} must be a number")
                elif isinstance(default, dict) and not isinstance(value, dict):
                    raise UsageError(f"{where}: {name}.{key} must be an object")
            new[name] = replace(sections[name], **values)
        return replace(self, **new)


DEFAULT_PARAMS = Params()


def load_params(path: str | Path | None) -> Params:
    """Defaults overridden by a JSON params file (None: the defaults)."""
    if path is None:
        return DEFAULT_PARAMS
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: line {exc.lineno}: {exc.msg}") from None
    return DEFAULT_PARAMS.override(data, where=str(path))
