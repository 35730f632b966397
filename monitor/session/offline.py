"""Simulated sessions made straight from the pressure model (firmware_sim), without a radio.

One of the two places where the monitor wires in the simulated insoles (the other is
monitor.live.simulated, for ``--sim`` over the virtual radio).
"""

from __future__ import annotations

import re

from monitor.errors import UsageError, quote, quote_value


def scenarios() -> dict:
    """The simulator's scenarios by name (firmware_sim.scenarios.SCENARIOS)."""
    from firmware_sim.scenarios import SCENARIOS

    return SCENARIOS


def resolve_scenario(name: str):
    """The scenario called ``name`` (case, spaces and underscores aside: "Cleat_Forward" is cleat-forward),
    or a UsageError that names the closest names ("did you mean") and lists the valid ones."""
    from firmware_sim.scenarios import SCENARIOS
    from monitor.util.words import close_names

    if not isinstance(name, str):
        raise UsageError(f"scenario {quote_value(name)} is not a name (see solewatch scenarios)")
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    if key in SCENARIOS:
        return SCENARIOS[key]
    if not key.strip("-"):  # "" or blanks: no name at all, not an unknown one
        raise UsageError(f"the scenario is empty (known: {', '.join(SCENARIOS)}; see solewatch scenarios)")
    close = close_names(key, list(SCENARIOS))
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UsageError(f"unknown scenario {quote(name)}{hint} (known: {', '.join(SCENARIOS)}; see solewatch scenarios)")


def check_arguments(duration_s: float, seed: int, rate_hz: int, block_s: float) -> None:
    """UsageError naming the first of offline_session's arguments it cannot make a session of: a duration
    (s) that is not a number, holds no frame at ``rate_hz`` or is longer than any recording, a rate the
    simulated insole does not have, a seed that is not an integer from 0, a block (s) without a frame."""
    import math
    from numbers import Integral, Real

    from firmware_sim.layout import RATES_HZ
    from monitor.session.info import LONGEST_SESSION_S

    if isinstance(rate_hz, bool) or not isinstance(rate_hz, Integral) or rate_hz not in RATES_HZ:
        raise UsageError(f"rate_hz {rate_hz!r}: the simulated insole runs at {', '.join(map(str, RATES_HZ))} Hz "
                         "(a whole number)")
    if isinstance(duration_s, bool) or not isinstance(duration_s, Real) or not math.isfinite(duration_s):
        raise UsageError(f"duration_s {duration_s!r} is not a number of seconds")
    if duration_s > LONGEST_SESSION_S:  # first: a frame count of 1e307 s is no integer
        raise UsageError(f"duration_s {duration_s:g} is longer than any recording "
                         f"(at most {LONGEST_SESSION_S:.0f} s, 366 days)")
    if not duration_s * rate_hz >= 0.5:  # a float: -1e307 s at 100 Hz is -inf frames, no integer
        raise UsageError(f"duration_s {duration_s!r} holds no frame at {rate_hz} Hz "
                         f"(at least {1 / rate_hz:g} s)")
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise UsageError(f"seed {seed!r} is not an integer from 0")
    if (isinstance(block_s, bool) or not isinstance(block_s, Real) or not math.isfinite(block_s)
            or block_s * rate_hz < 1):
        raise UsageError(f"block_s {block_s!r} is not a number of seconds holding a frame at {rate_hz} Hz "
                         f"(at least {1 / rate_hz:g} s)")


def offline_session(scenario: str, *, duration_s: float | None = None, seed: int = 1, rate_hz: int = 100,
                    block_s: float = 60.0):
    """A simulated session made straight from the pressure model, without a radio.

    The frames are what the insoles would deliver over a loss-free link: the model's pressure quantised to
    the insole's counts (0.25 kPa) on a regular ``rate_hz`` grid starting at 0, both feet on one clock. For
    validation and tests of the pipeline, where the radio adds nothing but time. Returns an in-memory
    monitor.session.directory.Session (nothing is written); its ``frames`` hold ``duration_s * rate_hz``
    rows per foot, as :func:`monitor.load_session` gives them; ``info.ground_truth`` the scenario's
    conditions; ``setup`` the pedals and shoes the scenario simulates, as ``record --sim`` keeps them in
    setup.json (:func:`simulated_setup`; None where it says none).

    ``scenario``: a name ``solewatch scenarios`` lists; ``duration_s`` (s, None: the scenario's own) must
    hold at least one frame and at most LONGEST_SESSION_S; ``rate_hz`` is one of the simulated insole's
    rates (25, 50, 100, 200 Hz); ``seed`` an integer from 0; ``block_s`` (s) how much the model makes at
    once (memory, not the result), a frame or more. Any other value is a UsageError naming the argument.
    """
    import numpy as np

    from firmware_sim.firmware import encode_layout, kpa_to_raw
    from firmware_sim.layout import InsoleSpec
    from firmware_sim.model import PressureModel
    from monitor.codebook import FrameBlock
    from monitor.link.protocol import decode_layout
    from monitor.session.info import SessionInfo, utc_now_iso
    from monitor.session.model import Session, frames_table, gaps_table
    from monitor.util.version import __version__

    sc = resolve_scenario(scenario)
    duration_s = sc.default_duration_s if duration_s is None else duration_s
    check_arguments(duration_s, seed, rate_hz, block_s)
    n = int(round(duration_s * rate_hz))
    t_s = np.arange(n) / rate_hz
    layouts, blocks = {}, {}
    for foot in sc.feet:
        spec = InsoleSpec(foot, current_rate_hz=rate_hz)
        layouts[foot] = decode_layout(encode_layout(spec))
        model = PressureModel(sc, foot, seed=seed, spec=spec)
        step = int(min(block_s * rate_hz, n))  # a block longer than the session is the session
        kpa = np.concatenate([model.pressure_kpa(t_s[i:i + step]) for i in range(0, n, step)])
        raw = kpa_to_raw(kpa, spec.kpa_per_count_milli, spec.sample_bits).astype(float)
        blocks[foot] = [FrameBlock(foot, t_s, raw * spec.kpa_per_count)]
    info = SessionInfo(session_id=f"offline-{sc.name}-seed{seed}", start_utc=utc_now_iso(),
                       software_version=__version__, source="sim", layouts=layouts, label=sc.name,
                       activity=sc.session_activity, radio="none (model only)", scenario=sc.name, seed=seed,
                       ground_truth=sc.ground_truth(duration_s), duration_s=duration_s)
    from pathlib import Path

    return Session(Path(info.session_id), info, frames_table(info, blocks), gaps_table([]), setup=simulated_setup(sc))


def simulated_setup(sc) -> dict | None:
    """The setup a session of scenario ``sc`` (firmware_sim.scenarios.Scenario) keeps: ``{"pedals", "shoes"}``
    where it declares either, as ``record --sim`` writes setup.json with nothing declared nor remembered
    (monitor.cli.inputs.scenario_setup); None where it declares neither."""
    if sc.pedals is None and sc.shoes is None:
        return None
    return {"pedals": sc.pedals, "shoes": sc.shoes}
