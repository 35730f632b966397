"""The report's figures, in the order the report shows them, from its data (monitor.report.data)."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib
from matplotlib.figure import Figure

from monitor.analysis.suggestions import is_cycling
from monitor.report.cycle_words import drawing_cycle_words, stroke_noun
from monitor.report.data import ReportData
from monitor.report.plots.cycles import plot_cop_paths, plot_cycle_curves
from monitor.report.plots.heatmap import plot_pressure_maps
from monitor.report.plots.quality import plot_data_quality
from monitor.report.plots.regions import plot_asymmetry, plot_region_bars
from monitor.report.plots.ride import plot_ride_load
from monitor.report.plots.steps import plot_steps
from monitor.report.plots.timeline import plot_timeline

#: Figure name -> a short description (the image's alt text).
FIGURES: dict[str, str] = {
    "heatmaps": "mean and peak pressure per sensor on each insole, left and right foot seen from above",
    "regions": "mean peak pressure and pressure-time integral per region, left and right",
    "timeline": "forefoot load and share per window, detector level per foot, reliefs, alerts, numb marks over time",
    "steps": "footstrike types per foot, ground contact time of each step and cadence over the session",
    "cycles": "region peak pressure over the average cycle, mean and standard deviation, per foot",
    "cop": "centre-of-pressure path over the average cycle on each insole",
    "asymmetry": "left/right asymmetry index of the forefoot share and of each region's pressure-time "
                 "integral",
    "quality": "where data is missing, link events and battery level over the session",
}
#: Figure name -> what the progress line says while it is drawn (a person's words, not the code's names);
#: the cycle figure says the cycle the session's curves are (monitor.report.cycle_words.drawing_cycle_words).
DRAWING: dict[str, str] = {
    "heatmaps": "the pressure maps", "regions": "the pressure by region", "timeline": "the session over time",
    "steps": "the steps", "cycles": "the average stroke or stance", "cop": "the centre-of-pressure path",
    "asymmetry": "left and right", "quality": "the data's quality", "ride": "the ride's power and cadence",
}
#: Figures only some sessions have, by name: the ride's, with a ride imported (docs/fit.md).
OPTIONAL_FIGURES: dict[str, str] = {
    "ride": "forefoot share and forefoot peak pressure per second against the ride file's power and "
            "crank cadence",
}


def plain_text():
    """A context in which matplotlib draws text as written: ``$...$`` in a label, caveat or session name
    is text, never mathtext (which raises on what is not valid TeX). Figures and text made inside keep it."""
    return matplotlib.rc_context({"text.parse_math": False})


def report_figures(data: ReportData, only: tuple[str, ...] | None = None,
                   progress: Callable[[str], None] | None = None) -> dict[str, Figure]:
    """The report's figures by name (FIGURES order, then OPTIONAL_FIGURES); ``only`` picks some. A
    one-foot session has no asymmetry figure, a session without steps (cycling) no steps figure, a session
    without an imported ride, or with one that has neither power nor crank cadence, no ride figure."""
    make: dict[str, Callable[[], Figure]] = {
        "heatmaps": lambda: plot_pressure_maps(data.maps, data.layouts),
        "regions": lambda: plot_region_bars(data.summary, units=data.foot_units),
        "timeline": lambda: plot_timeline(data.timelines, data.alerts, marks=data.marks,
                                          session_end_s=data.quality.duration_s, units=data.foot_units),
        "steps": lambda: plot_steps(data.steps, data.gait, data.timelines, session_end_s=data.quality.duration_s,
                                    step_activity=data.step_activity, span_activity=data.span_activity,
                                    max_stride_s=data.max_stride_s),
        "cycles": lambda: plot_cycle_curves(data.curves, cycling=bool(data.summary) and all(
            is_cycling(s.get("activity")) for s in data.summary.values()), stroke=stroke_noun(data),
            units=data.foot_units),
        "cop": lambda: plot_cop_paths(data.curves, data.layouts),
        "asymmetry": lambda: plot_asymmetry(data.asymmetry),
        "quality": lambda: plot_data_quality(data.quality),
        "ride": lambda: plot_ride_load(data.ride.joined, data.ride.feet, against=data.ride.against,
                                        peak_units=data.ride.peak_units),
    }
    out = {}
    for name in [*FIGURES, *OPTIONAL_FIGURES]:
        if ((name == "asymmetry" and not data.asymmetry) or (name == "steps" and not data.steps)
                or (name == "ride" and (data.ride is None or not data.ride.against))):
            continue
        if only is None or name in only:
            if progress:
                progress(f"drawing {drawing_cycle_words(data) if name == 'cycles' else DRAWING[name]}")
            with plain_text():
                out[name] = make[name]()
    return out
