"""What the windows table's ``<region>_share`` and a cycle's ``fti_n_s`` are, as their docstrings say it:
the share is of the regions' weighted hot-spot pressure-time integral (RegionReducer.hot_loads), NaN unless
the layout has a sensor in each of the nine regions, and FTI is the integral of a region's nominal load
(docs/detection.md, features). The docstrings called the share one of "the window's nominal load-time
integral" and FTI the "integral of the region's force"."""

from __future__ import annotations

import inspect
import re

from monitor.analysis.tables import windows_table
from monitor.signal import types


def _said(text: str) -> str:
    return " ".join(re.sub(r"#", " ", text).split())


def test_windows_table_says_its_region_share_is_the_weighted_hot_spot_pti_share():
    doc = _said(windows_table.__doc__)
    share = doc[doc.index("``<region>_share``"):doc.index("``<region>_peak_kpa``")]
    assert "hot-spot pressure-time integral" in share and "nine" in share and "NaN" in share
    assert "nominal load" not in share


def test_cycle_features_says_fti_is_the_nominal_load_integral():
    src = _said(inspect.getsource(types.CycleFeatures))
    fti = src[src.index("pti_kpa_s:"):src.index("total_fti_n_s:")]
    assert "integral of the region's nominal load" in fti and "region's force" not in fti
    window = _said(inspect.getsource(types.WindowFeatures))
    assert "FTI / total FTI" not in window and "hot-spot PTI" in window
