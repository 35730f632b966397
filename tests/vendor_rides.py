"""Long simulated rides through a vendor's insole, recorded without the radio: the notifications the
simulated ORPHE INSOLE, Ukaton Mission or Moticon app would send (firmware_sim/vendors: the seeded
scenario's pressure model at that insole's sensor positions, encoded in its own wire format) go straight
into a session's raw log, and the session's tables are rebuilt from it by that kind's decoder
(monitor.session.writer.SessionWriter: the path of every recording, replay and rebuild).

The radio adds nothing to a ride's content but time (about 1 ms of CPU per notification through bumble's
GATT server and client on a 2-core host): tests/test_vendor_sim.py holds the radio path to the same
decoders, losses and layouts. Each notification's host time is its device time (a loss-free link,
speed 1).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from firmware_sim.model import PressureModel
from firmware_sim.scenarios import get_scenario
from firmware_sim.vendors import moticon as moticon_fw
from firmware_sim.vendors import orphe as orphe_fw
from firmware_sim.vendors import ukaton as ukaton_fw
from monitor.codebook import FEET
from monitor.link import moticon, orphe, ukaton
from monitor.session.info import SessionInfo, utc_now_iso
from monitor.session.names import BASELINE_JSON
from monitor.session.writer import SessionWriter, new_session_dir
from monitor.util.outputs import write_json_atomic
from monitor.util.version import __version__

#: Each kind's simulated insole and its layout at the rate the driver asks for (docs/devices.md).
SPECS = {"orphe": orphe_fw.spec, "ukaton": ukaton_fw.spec, "moticon-udp": moticon_fw.spec}
LAYOUTS = {"orphe": orphe.layout, "ukaton": ukaton.layout, "moticon-udp": moticon.layout}
#: Model time computed at once, s (bounds the memory of a long ride).
BLOCK_S = 60.0


def notifications(kind: str, scenario: str, *, seed: int, duration_s: float, imu: bool = False
                  ) -> Iterator[tuple[str, float, bytes]]:
    """(foot, host s, bytes) of a ``duration_s`` ride in time order, as the simulated insoles send them:
    ORPHE header-56 packets of 2 samples (100 Hz), a Ukaton notification per 20-ms sample, a Moticon
    datagram per 10-ms frame (both feet, kept under each foot as the UDP link does). ``imu``: the Moticon
    datagrams carry acceleration (g) and angular rate (deg/s) too, seeded noise (a test's stand-in for
    motion, not a model of it)."""
    rate_hz = SPECS[kind]("left").current_rate_hz
    n = int(round(duration_s * rate_hz))
    sc = get_scenario(scenario)
    models = {foot: PressureModel(sc, foot, seed=seed, spec=SPECS[kind](foot)) for foot in FEET}
    step = int(BLOCK_S * rate_hz)
    for i0 in range(0, n, step):
        t_s = np.arange(i0, min(n, i0 + step)) / rate_hz
        kpa = {foot: m.pressure_kpa(t_s) for foot, m in models.items()}
        if kind == "orphe":
            counts = {foot: orphe_fw.kpa_to_counts(kpa[foot]) for foot in FEET}
            for j in range(0, len(t_s) - 1, 2):
                serial = ((i0 + j) // 2) & 0xFFFF
                for foot in FEET:
                    yield foot, float(t_s[j + 1]), orphe_fw.encode_sensor_values(
                        56, serial, int(round(t_s[j] * 1000)), counts[foot][j:j + 2])
        elif kind == "ukaton":
            counts = {foot: ukaton_fw.kpa_to_counts(kpa[foot]) for foot in FEET}
            for j, t in enumerate(t_s):
                for foot in FEET:
                    yield foot, float(t), ukaton_fw.encode_sensor_data(int(round(t * 1000)), counts[foot][j])
        else:
            motion = None
            if imu:
                rng = np.random.default_rng([seed, i0])
                motion = {foot: np.round(rng.normal(0.0, 1.0, (len(t_s), 6)), 3) for foot in FEET}
            datagrams = moticon_fw.encode_datagrams(t_s, {foot: kpa[foot] / 10.0 for foot in FEET}, motion)
            for t, data in zip(t_s.tolist(), datagrams):
                for foot in FEET:
                    yield foot, t, data


def record_ride(kind: str, scenario: str, out_dir: Path, *, seed: int, duration_s: float,
                baseline: dict | None = None, imu: bool = False, rider: str | None = None) -> Path:
    """A session directory of ``scenario`` through both insoles of ``kind``; returns its path.
    ``baseline``: the rider's normal the ride is judged against, kept as a live session keeps it
    (baseline.json, monitor.live.recorder). ``imu``: as :func:`notifications`. ``rider``: the name
    session.json keeps, as ``live --rider NAME`` does."""
    sc = get_scenario(scenario)
    path = new_session_dir(out_dir, f"{scenario}-{kind}")
    info = SessionInfo(session_id=path.name, start_utc=utc_now_iso(), software_version=__version__,
                       source="sim", layouts={foot: LAYOUTS[kind](foot) for foot in FEET}, label=sc.name,
                       activity=sc.activity, radio="none (raw log written directly)", scenario=sc.name,
                       seed=seed, ground_truth=sc.ground_truth(duration_s), duration_s=duration_s, rider=rider)
    writer = SessionWriter(path, flush_interval_s=60.0)
    writer.write_info(info)
    if baseline is not None:
        write_json_atomic(path / BASELINE_JSON, json.dumps(baseline, indent=1) + "\n")
    for foot in FEET:
        writer.event(0.0, {"event": "connected", "foot": foot, "address": f"sim:{kind}:{foot}", "mtu": None})
    for foot, host_s, data in notifications(kind, scenario, seed=seed, duration_s=duration_s, imu=imu):
        writer.notification(foot, host_s, data)
    writer.close(info)
    return path
