"""The detector's reasons (Assessment.reasons, analyze's assessments table) say an uncalibrated insole's
pressures in its nominal units (ORPHE INSOLE, Ukaton Mission: counts at a nominal scale, docs/devices.md),
as every other view says them, never kPa.

What this guards against: an ORPHE session's assessments read "forefoot keeps 35 kPa in the unloaded phase"
and "MTH2-3 peak 91 kPa" while its report said its values are not kPa.
"""

from __future__ import annotations

from test_compare_nominal_units import uncalibrated

from monitor.analysis.batch import analyze
from monitor.analysis.tables import assessments_table
from monitor.session.offline import offline_session


def _pressure_reasons(session) -> list[str]:
    reasons = assessments_table(analyze(session))["reasons"].dropna()
    return [r for r in reasons if "peak" in r or "forefoot keeps" in r]


def test_an_uncalibrated_insoles_reasons_say_its_pressures_in_units_not_kpa():
    # tight shoes keep the forefoot loaded between strokes, cleat-forward loads MTH2-3: both reasons quote pressure
    for scenario, words in (("tight-shoes", "forefoot keeps"), ("cleat-forward", "MTH2-3 peak")):
        session = offline_session(scenario, duration_s=120, seed=2)
        kpa, units = _pressure_reasons(session), _pressure_reasons(uncalibrated(session))
        assert any(f"{words} " in r and " kPa" in r for r in kpa), (scenario, kpa[:2])  # calibrated: kPa
        assert units and not any("kPa" in r for r in units), (scenario, units[:2])
        assert any(f"{words} " in r and " units" in r for r in units), (scenario, units[:2])
