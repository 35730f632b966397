"""Simulated sessions made straight from the pressure model (firmware_sim), without a radio.

One of the two places where the monitor wires in the simulated insoles (the other is
monitor.live.simulated, for ``--sim`` over the virtual radio).
"""

from __future__ import annotations

import re

from monitor.errors import UsageError


def scenarios() -> dict:
    """The simulator's scenarios by name (firmware_sim.scenarios.SCENARIOS)."""
    from firmware_sim.scenarios import SCENARIOS

    return SCENARIOS


def resolve_scenario(name: str):
    """The scenario called ``name`` (case, spaces and underscores aside: "Cleat_Forward" is cleat-forward),
    or a UsageError that names the closest names ("did you mean") and lists the valid ones."""
    import difflib

    from firmware_sim.scenarios import SCENARIOS

    key = re.sub(r"[\s_]+", "-", (name or "").strip().lower())
    if key in SCENARIOS:
        return SCENARIOS[key]
    close = difflib.get_close_matches(key, list(SCENARIOS), n=3, cutoff=0.6)
    if not close:  # a word of a name: "toe" -> toe-clips
        close = [n for n in SCENARIOS if key and key in n][:3]
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UsageError(f"unknown scenario {name!r}{hint} (known: {', '.join(SCENARIOS)}; see solewatch scenarios)")


def offline_session(scenario: str, *, duration_s: float | None = None, seed: int = 1, rate_hz: int = 100,
                    block_s: float = 60.0):
    """A simulated session made straight from the pressure model, without a radio.

    The frames are what the insoles would deliver over a loss-free link: the model's pressure quantised to
    the insole's counts (0.25 kPa) on a regular ``rate_hz`` grid starting at 0, both feet on one clock. For
    validation and tests of the pipeline, where the radio adds nothing but time. Returns an in-memory
    monitor.session.directory.Session (nothing is written): ``frames`` as :func:`monitor.load_session`
    gives them, ``duration_s x rate_hz`` rows per foot, ``info.ground_truth`` the scenario's conditions.

    ``scenario``: a name ``solewatch scenarios`` lists; ``duration_s``: seconds (None: the scenario's own);
    ``seed``: the model's random seed; ``rate_hz``: frames per second per foot; ``block_s``: seconds of
    frames made at a time (memory, not the result).
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
    n = int(round(duration_s * rate_hz))
    t_s = np.arange(n) / rate_hz
    layouts, blocks = {}, {}
    for foot in sc.feet:
        spec = InsoleSpec(foot, current_rate_hz=rate_hz)
        layouts[foot] = decode_layout(encode_layout(spec))
        model = PressureModel(sc, foot, seed=seed, spec=spec)
        step = int(block_s * rate_hz)
        kpa = np.concatenate([model.pressure_kpa(t_s[i:i + step]) for i in range(0, n, step)])
        raw = kpa_to_raw(kpa, spec.kpa_per_count_milli, spec.sample_bits).astype(float)
        blocks[foot] = [FrameBlock(foot, t_s, raw * spec.kpa_per_count)]
    info = SessionInfo(session_id=f"offline-{sc.name}-seed{seed}", start_utc=utc_now_iso(),
                       software_version=__version__, source="sim", layouts=layouts, label=sc.name,
                       activity=sc.activity, radio="none (model only)", scenario=sc.name, seed=seed,
                       ground_truth=sc.ground_truth(duration_s), duration_s=duration_s)
    from pathlib import Path

    return Session(Path(info.session_id), info, frames_table(info, blocks), gaps_table([]))
