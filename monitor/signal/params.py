"""Every tunable default of the pipeline, detector and alert policy, gathered in one ``Params``: the
pipeline stages' sections (monitor.signal.stage_params), the detector's (monitor.signal.detector_params)
and the alert policy's (here), each importable from here.

Each default carries its evidence: a domain.md tag ([n] S/M/W, see ../shared/docs/domain.md in the
workplace, cited in docs/detection.md) or "guess". docs/detection.md explains each. A params file
(``--params FILE``, JSON) overrides any subset: ``{"detector": {"warn_after_s": 480}}``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from monitor.signal.detector_params import DetectorParams
from monitor.signal.stage_params import ActivityParams, CycleParams, FeatureParams, FilterParams, TareParams

__all__ = ["DEFAULT_PARAMS", "EXAMPLE", "ActivityParams", "AlertParams", "CycleParams", "DetectorParams",
           "FeatureParams", "FilterParams", "Params", "TareParams"]


@dataclass(frozen=True)
class AlertParams:
    #: A level must hold this long before it is raised (hysteresis, guess).
    raise_hold_s: float = 0.0
    #: While a level holds, the same alert is repeated only after this long (no storms; guess: a reminder
    #: every 10 minutes, a little more often than the 15-30 min unloading rhythm of [38] W, is noticeable,
    #: not nagging).
    quiet_s: float = 600.0
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

    def override(self, data: dict[str, Any], *, where: str = "params", source_text: str | None = None,
                 check_ranges: bool = False, check_order: bool = True) -> Params:
        """A copy with the sections and fields in ``data`` replaced, checked: see
        monitor.signal.param_checks.override_params."""
        from monitor.signal.param_checks import override_params
        return override_params(self, data, where=where, source_text=source_text, check_ranges=check_ranges,
                               check_order=check_order)


DEFAULT_PARAMS = Params()
#: What a params file looks like, for messages.
EXAMPLE = '{"detector": {"warn_after_s": 480}}'

