"""A generated study: riders of the population generator (firmware_sim.population), several rides each,
written as session directories with their study.json (docs/study.md), for tests, the notebook and the
benchmark.

Rider ``i`` of population ``seed`` rides ``sessions_per_rider`` times, a day apart, every ride on the
``i``-th of ``layouts`` (in turn): one insole for all of a rider's rides, so that a rider's sessions, and a
before/after pair, compare within one device (domain.md [2][3] W; a rider's normal is kept per insole
kind, docs/detection.md), while the riders span the layouts. Half the riders start with
their drawn condition and declare a change (:data:`CHANGE`) before their middle session, from which they
ride healthy: the before/after pairs of the cohort report. Each ride lasts ``duration_s`` at ``rate_hz``;
everything follows from ``seed``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from monitor.session.names import SESSION_JSON
from monitor.session.writer import write_tables
from monitor.studies.task import STUDY_JSON
from monitor.tools.population_sessions import ride_session
from monitor.tools.population_wiring import draw_rider, render_ride
from monitor.util.outputs import write_json_atomic

#: The layouts a generated study cycles through (firmware_sim.population.layouts; docs/population.md).
STUDY_LAYOUTS = ("solewatch18", "moticon16", "fsr8", "four")
#: What a rider who changed something declares (a cleat move, the commonest fix: docs/domain.md).
CHANGE = "cleats moved 3 mm back"
#: The first day of a generated study (any date serves; fixed so the study is the same every time).
START = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
#: Noise SD (kPa) of a rendered ride (guess: a little, as any insole has).
NOISE_SD_KPA = 1.0


def write_study(out_dir: str | Path, n_sessions: int = 40, *, sessions_per_rider: int = 5, seed: int = 11,
                duration_s: float = 60.0, rate_hz: int = 25,
                layouts: tuple[str, ...] = STUDY_LAYOUTS) -> list[Path]:
    """Write ``n_sessions`` session directories under ``out_dir`` (made if missing) and return them in
    order. Riders are ``r00000``, ``r00001``...; rider ``i``'s ``k``-th session is ``<rider>-<k>``, on
    ``layouts[i % len(layouts)]``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n in range(n_sessions):
        i, k = divmod(n, sessions_per_rider)
        changes = i % 2 == 0  # every other rider changes something half-way (guess: enough pairs)
        first = draw_rider(i, seed)
        after_change = changes and k >= sessions_per_rider // 2
        rider = draw_rider(i, seed, activity=first.activity, condition="healthy") if after_change else first
        layout = layouts[i % len(layouts)]  # the rider's insole, the same in each of their rides
        ride = render_ride(rider, layout, rate_hz, NOISE_SD_KPA, 0.0, min(duration_s, rider.ride_s),
                           seed * 1000 + n)
        name = f"{first.rider_id}-{k}"
        session = ride_session(ride, session_id=name)
        start = START + timedelta(days=k * 2 + (i % 3), minutes=17 * i)
        info = replace(session.info, start_utc=start.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                       label=f"{first.rider_id} ride {k + 1} ({layout})")
        path = out / name
        path.mkdir()
        write_json_atomic(path / SESSION_JSON, info.to_json())
        write_tables(path, session.frames, session.gaps)
        declared = {"rider": first.rider_id}
        if changes and k == sessions_per_rider // 2:
            declared["change"] = CHANGE
        write_json_atomic(path / STUDY_JSON, json.dumps(declared, indent=2))
        written.append(path)
    return written
