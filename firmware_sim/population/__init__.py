"""An independent generator of insole data and a population of riders, for validating detection.

A continuous plantar pressure field (field), amplitudes over time from pedalling or gait and a condition
(activity, timeline), riders drawn from a seeded RNG (riders), five sensor layouts (layouts), rendering
through a layout (render), and a fixed tuning / held-out split (split). numpy only; nothing from
``monitor``. See docs/population.md.
"""

from firmware_sim.population.layouts import LAYOUTS, get_layout, layout_json
from firmware_sim.population.render import RenderedRide, render
from firmware_sim.population.riders import (
           CONDITIONS,
           Condition,
           RiderSpec,
           draw_population,
           draw_rider,
)
from firmware_sim.population.split import is_held_out, split

__all__ = ["CONDITIONS", "LAYOUTS", "Condition", "RenderedRide", "RiderSpec", "draw_population", "draw_rider",
           "get_layout", "is_held_out", "layout_json", "render", "split"]
