"""A parameter a rule divides by is refused at 0: the normal focal ratios (``detector.focal_norm``, and the
extreme tier's ``focal_extreme_norm``) of any activity and region, in a params file (one line naming the
file, its line, the parameter and its range; exit 2, no traceback) and by name from Python."""

from __future__ import annotations

import json

import pytest
from test_param_numbers import SAMPLE, one_line_error

import monitor
from monitor.errors import UsageError
from monitor.signal.detector_params import DetectorParams


@pytest.mark.parametrize("name", ["focal_norm", "focal_extreme_norm"])
@pytest.mark.parametrize("region", ["mth1", "mth2_3", "mth4_5"])
def test_a_params_file_with_a_zero_normal_ratio_is_refused_in_one_line(tmp_path, name, region):
    norm = json.loads(json.dumps(getattr(DetectorParams(), name)))
    norm["cycling"][region] = 0
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"detector": {name: norm}}))
    line = one_line_error("analyze", SAMPLE, "--params", params)
    assert line.endswith(f"{params}: line 1: detector.{name}.cycling.{region} is 0; it must be above 0 (default "
                         f"{DetectorParams().__getattribute__(name)['cycling'][region]!r})"), line


def test_a_negative_normal_ratio_from_python_is_refused():
    norm = {act: dict(r) for act, r in DetectorParams().focal_norm.items()}
    norm["running"]["mth2_3"] = -1.0
    with pytest.raises(UsageError, match=r"detector\.focal_norm\.running\.mth2_3 is -1\.0; it must be above 0"):
        monitor.make_params(focal_norm=norm)
