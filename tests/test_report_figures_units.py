"""The session report's figures say an uncalibrated insole's pressures in its nominal units (ORPHE INSOLE,
Ukaton Mission: counts at a nominal scale, docs/devices.md), as its "What to know" does, never kPa: the
heatmaps' titles and colour bars, the regions' bars, the timeline's forefoot peak and the cycle curves.

What this guards against: an ORPHE session's report said its values are not kPa, and every figure's axis
said kPa.
"""

from __future__ import annotations

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.session.offline import offline_session
from test_compare_nominal_units import uncalibrated

FIGURES = ("heatmaps", "regions", "timeline", "cycles")


def _words(fig) -> list[str]:
    """Every label, title and text of ``fig`` (its colour bars' axes among them)."""
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_ylabel(), ax.get_xlabel(), ax.get_title(), *(t.get_text() for t in ax.texts)]
    return [w.replace("\n", " ") for w in out if w]


def test_the_reports_pressure_figures_say_nominal_units_for_an_uncalibrated_insole():
    session = offline_session("healthy-ride", duration_s=60, seed=1)
    for s, unit in ((session, "kPa"), (uncalibrated(session), "nominal units")):
        data = report_data(s, analyze(s))
        figs = report_figures(data, only=FIGURES)
        for name in FIGURES:
            said = _words(figs[name])
            assert any(f"({unit}" in w for w in said), (name, unit, said)
            if unit != "kPa":
                assert not any("kPa" in w for w in said), (name, said)
