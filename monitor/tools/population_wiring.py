"""Where the population study reaches the rider-population generator (firmware_sim.population).

The only module of monitor.tools that imports firmware_sim (pyproject.toml's contract
"sim-wired-in-one-place" names this one import); it wires simulated data in and does nothing else.
"""

from __future__ import annotations

from typing import Any


def draw_population(n: int, seed: int) -> list[Any]:
    """``n`` riders of population ``seed`` (firmware_sim.population.draw_population)."""
    from firmware_sim.population import draw_population as draw

    return draw(n, seed)


def draw_rider(index: int, seed: int, **forced: Any) -> Any:
    """Rider ``index`` of population ``seed`` with a forced activity, condition or slow walk."""
    from firmware_sim.population import draw_rider as draw

    return draw(index, seed, **forced)


def render_ride(rider: Any, layout: str, rate_hz: int, noise_sd_kpa: float, quant_step_kpa: float,
                duration_s: float, seed: int) -> Any:
    """``rider`` rendered through ``layout`` (firmware_sim.population.render): a RenderedRide."""
    from firmware_sim.population import render

    return render(rider, layout, rate_hz=rate_hz, noise_sd_kpa=noise_sd_kpa, quant_step_kpa=quant_step_kpa,
                  duration_s=duration_s, seed=seed)


def layouts() -> tuple[str, ...]:
    """The generator's layout names."""
    from firmware_sim.population import LAYOUTS

    return tuple(LAYOUTS)
