"""What each of the detector's warning patterns needs of a foot's sensors: the regions its measure reads. A
check whose measure is missing gives no tier (monitor.signal.detector_rules), so a pattern whose regions a
layout lacks, or whose sensors sent no sample, is never shown, whatever the foot does. Pure, no I/O.

- ``lateral_overload``: the mediolateral index, of MTH1 and MTH4-5 each (monitor.signal.features,
  ``ml_index``: NaN when either is unresolved);
- ``focal_mth``: each metatarsal head's peak over the other forefoot regions', of MTH1, MTH2-3, MTH4-5 and
  the hallux each (monitor.signal.baseline_measures.focal_ratios: empty unless all four);
- ``residual_unloaded``, ``continuous_forefoot_load``: the residual over the highest peak of those four
  (baseline_measures.residual_fraction), of one of them at least;
- ``creeping_load``: the forefoot PTI rate (baseline_measures.forefoot_pti_rate), of one forefoot region
  at least, the lesser toes included;
- ``forefoot_share_high``, ``cop_forward``: the forefoot share and the nominal centre of pressure, of a
  sensor in every group: heel, midfoot, metatarsal heads and toes (monitor.signal.regions.RegionReducer.complete).
"""

from __future__ import annotations

from collections.abc import Collection

from monitor.codebook import FOREFOOT_REGIONS
from monitor.signal.baseline_measures import FOREFOOT_PTI_REGIONS
from monitor.signal.patterns import WARNING_PATTERNS
from monitor.signal.regions import GROUPS

#: How a pattern needs its regions: each of them, one of them at least, or a sensor in each group.
EACH, ANY, EVERY_GROUP = "each", "any", "every group"

#: Per warning pattern (WARNING_PATTERNS), how it needs what (the module docstring says why).
PATTERN_NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "lateral_overload": (EACH, ("mth1", "mth4_5")),
    "focal_mth": (EACH, FOREFOOT_REGIONS),
    "residual_unloaded": (ANY, FOREFOOT_REGIONS),
    "continuous_forefoot_load": (ANY, FOREFOOT_REGIONS),
    "forefoot_share_high": (EVERY_GROUP, tuple(GROUPS)),
    "cop_forward": (EVERY_GROUP, tuple(GROUPS)),
    "creeping_load": (ANY, FOREFOOT_PTI_REGIONS),
}


def lacking(pattern: str, regions: Collection[str], groups: Collection[str]) -> tuple[str, ...]:
    """What ``pattern`` needs and has not: the analysis regions (or, for the share and the centre of
    pressure, the groups of GROUPS) it reads that are missing from ``regions`` (the regions with a sensor
    that reads) or ``groups`` (the groups with one); () where it has what it needs."""
    how, needed = PATTERN_NEEDS[pattern]
    if how == EVERY_GROUP:
        return tuple(g for g in needed if g not in groups)
    gone = tuple(r for r in needed if r not in regions)
    if how == ANY:
        return gone if len(gone) == len(needed) else ()
    return gone


def unchecked(regions: Collection[str], groups: Collection[str]) -> tuple[str, ...]:
    """The warning patterns a foot with sensors that read in ``regions`` and ``groups`` cannot check, in the
    detector's order (WARNING_PATTERNS); () where it checks them all."""
    return tuple(p for p in WARNING_PATTERNS if lacking(p, regions, groups))
