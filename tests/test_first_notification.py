"""A foot's first notification spanning more than a second: its frames sampled more than 1 s before the
recording began are not kept, and are counted (``frames_before_start``), so the session it records into
loads and analyses.

The Solewatch protocol allows a notification of up to 255 frames up to 65.5 ms apart (16.6 s,
docs/protocol.md). The clock mapping places a foot's first notification's last frame at its arrival (0 or
later) and the frames before it back from there, so a first notification of 200 frames at 10 ms lay from
-1.94 s: the recording's close wrote a frames table that loading then refused (frames before -1 s,
``EARLIEST_T_S``), with a hint to rebuild from the raw log, which gave the same frames.
"""

from __future__ import annotations

import json
import shutil

import jsonschema
import numpy as np
from test_analyze import SCHEMA
from test_host_time_jump import _writer

from firmware_sim.firmware import Packetiser, encode_layout, encode_pressure, kpa_to_raw
from firmware_sim.layout import InsoleSpec
from monitor.cli.main import main
from monitor.codebook import FEET
from monitor.link.protocol import decode_layout
from monitor.session.directory import load_session
from monitor.session.info import EARLIEST_T_S
from monitor.session.writer import new_session_dir

PERIOD_US = 10_000
#: Frames of the left foot's first notification (2 s at 100 Hz); the right foot's are 8, as every insole's.
FIRST_FRAMES = 200


def _recording(out):
    """Both feet 10 s at 100 Hz, each packet arriving 2 ms after its last frame; the left's first
    notification holds FIRST_FRAMES frames (from -1.988 s to 0.002 s), then 8 a packet as the right's."""
    layouts = {f: decode_layout(encode_layout(InsoleSpec(f))) for f in FEET}
    path = new_session_dir(out, "first")
    writer, info = _writer(path, layouts)
    rng = np.random.default_rng(5)
    pk = {foot: Packetiser(18) for foot in FEET}
    start = {"left": FIRST_FRAMES, "right": 8}
    first = np.round(rng.uniform(0, 300, size=(FIRST_FRAMES, 18)) * 4) / 4
    # the left's first notification as the protocol allows it (255 frames at most); its last frame is frame
    # FIRST_FRAMES - 1, as the right's first packet's last is frame 7
    writer.notification("left", 0.002, encode_pressure(pk["left"]._take_seq(), 1_000_000, PERIOD_US,
                                                       kpa_to_raw(first, 250, 12)))
    (data,) = pk["right"].packetise(1_000_000, PERIOD_US, kpa_to_raw(first[:8], 250, 12), payload_limit=244)
    writer.notification("right", 0.002, data)
    for n in range(8, 1000, 8):  # frames after each foot's first packet, the left's device time on
        for foot in FEET:
            i = start[foot] + n - 8
            kpa = np.round(rng.uniform(0, 300, size=(8, 18)) * 4) / 4
            (data,) = pk[foot].packetise(1_000_000 + i * PERIOD_US, PERIOD_US, kpa_to_raw(kpa, 250, 12),
                                         payload_limit=244)
            writer.notification(foot, (i + 7 - (start[foot] - 1)) * 0.01 + 0.002, data)
    writer.close(info)
    return path


def test_a_first_notification_of_200_frames_records_into_a_session_that_loads_and_analyses(tmp_path, capsys):
    """had: the close wrote frames from -1.988 s, and loading refused the session (exit 2 for every command,
    the same frames again when rebuilt from raw.swlog)."""
    path = _recording(tmp_path)
    session = load_session(path)
    frames = session.frames
    left = frames[frames["foot"] == "left"]["t_s"].to_numpy()
    assert frames["t_s"].min() >= EARLIEST_T_S
    # the frames of the first notification at -1 s or later are kept, at the times the clock gave them:
    # 10 ms apart back from its last frame at its arrival
    last = 0.002
    kept = int(np.floor((last - EARLIEST_T_S) / 0.01 + 1e-9)) + 1
    assert kept == 101
    np.testing.assert_allclose(left[:kept], last - (kept - 1 - np.arange(kept)) * 0.01, atol=1e-9)
    c = session.counters
    assert c["left"]["frames_before_start"] == FIRST_FRAMES - kept == 99
    assert c["left"]["frames_received"] == kept + 124 * 8 and c["left"]["frames_missing"] == 0
    assert c["right"]["frames_before_start"] == 0 and c["right"]["frames_received"] == 125 * 8
    assert json.loads((path / "session.json").read_text())["stats"]["counters"]["left"]["frames_before_start"] == 99
    assert session.gaps.empty  # the frames not kept are not missing
    # the same from the raw log alone
    for name in ("frames.parquet", "gaps.csv"):
        (path / name).unlink()
    again = load_session(path).frames
    assert again["t_s"].to_numpy().tobytes() == frames["t_s"].to_numpy().tobytes()
    # and the session analyses, its JSON valid
    capsys.readouterr()
    assert main(["analyze", str(path), "--json"]) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), SCHEMA)
    # the report says the frames not kept, per foot
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 0
    html = (tmp_path / "r.html").read_text()
    row = html[html.index("before the recording began (not kept)"):]  # the report joins "1 s" with a no-break space
    assert row[:row.index("</tr>")].count("<td") == 2 and ">99<" in row[:row.index("</tr>")]
    shutil.rmtree(path)
