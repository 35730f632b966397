"""Both simulated insoles of one rider (``SimPair``) on one SimRadio, sharing one SimClock.

One idea: the pair of insoles, built, started and closed together.
"""

from __future__ import annotations

from collections.abc import Iterable

from firmware_sim.faults import FaultSpec
from firmware_sim.peripheral import SimInsole
from firmware_sim.radio import SimRadio
from firmware_sim.scenarios import Scenario
from firmware_sim.sim_clock import SimClock


class SimPair:
    """Both insoles of one simulated rider on a SimRadio, sharing one SimClock.

    ``async with SimPair(radio, "cleat-forward", seed=1, speed=30, faults=[...]) as pair:`` then
    ``pair.left`` / ``pair.right`` / ``pair.insoles``. ``clock`` (default: a new SimClock at ``speed``)
    is shared by both feet. ``insole_cls``: the kind of insole (default SimInsole, the Solewatch profile;
    firmware_sim.vendors.peripheral has the vendors'). Extra keyword arguments go to each insole.
    """

    def __init__(
        self,
        radio: SimRadio,
        scenario: Scenario | str = "healthy-ride",
        *,
        seed: int = 0,
        speed: float = 20.0,
        faults: Iterable[FaultSpec] = (),
        clock: SimClock | None = None,
        insole_cls: type[SimInsole] | None = None,
        **insole_kwargs: object,
    ) -> None:
        faults = list(faults)
        self.clock = clock or SimClock(speed)
        cls = insole_cls or SimInsole
        self.left = cls(radio, "left", scenario, seed=seed, faults=faults, clock=self.clock, **insole_kwargs)
        self.right = cls(radio, "right", scenario, seed=seed, faults=faults, clock=self.clock, **insole_kwargs)
        # a foot whose link is down samples no further than the other's data (SimInsole.pace_with)
        self.left.pace_with([self.right])
        self.right.pace_with([self.left])

    @property
    def insoles(self) -> dict[str, SimInsole]:
        return {"left": self.left, "right": self.right}

    async def start(self) -> SimPair:
        await self.left.start()
        await self.right.start()
        return self

    async def aclose(self) -> None:
        await self.left.aclose()
        await self.right.aclose()

    async def __aenter__(self) -> SimPair:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
