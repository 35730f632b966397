"""An insole kind is named as every view names it: export said "(the orphe insoles' counts at a nominal scale)"
and import "the orphe insole sends raw ADC counts", where the rest says "ORPHE insoles"
(monitor.session.insole_kinds.KIND_WORDS)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_malformed_files import SAMPLES

from monitor.cli.export_command import nominal_line
from monitor.report.quality_data import uncalibrated_caveats
from monitor.session.directory import read_info
from monitor.session.insole_kinds import KIND_WORDS, insole_words


def _uncalibrated(kind: str, feet: tuple[str, ...] = ("left", "right")):
    """The sample ride's session.json with ``feet`` of insoles of ``kind``, uncalibrated."""
    info = read_info(SAMPLES / "sim-healthy-ride")
    layouts = {foot: replace(lay, insole=kind, calibrated=False) if foot in feet else lay
               for foot, lay in info.layouts.items()}
    return replace(info, layouts=layouts)


@pytest.mark.parametrize(("kind", "name"), [("orphe", "ORPHE"), ("ukaton", "Ukaton")])
def test_export_names_an_uncalibrated_kind_as_every_view_does(kind, name):
    assert KIND_WORDS[kind] == f"{name} insoles" == insole_words(kind)
    line = nominal_line(_uncalibrated(kind), None)
    assert f"(the {name} insoles' counts at a nominal scale)" in line, line
    one = nominal_line(_uncalibrated(kind, ("right",)), None)
    assert one.startswith("the right rows: ") and f"(the {name} insole's counts at a nominal scale)" in one, one


@pytest.mark.parametrize(("kind", "name"), [("orphe", "ORPHE"), ("ukaton", "Ukaton")])
def test_import_and_the_report_name_an_uncalibrated_kind_as_every_view_does(kind, name):
    layout = _uncalibrated(kind).layouts["left"]
    [caveat] = uncalibrated_caveats("left", layout)
    assert caveat.startswith(f"left: the {name} insole sends raw ADC counts and its maker publishes no "
                             "calibration"), caveat
