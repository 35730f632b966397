"""A session in which neither foot sent a pressure sample names both feet: analyze's verdict, the report's and
the live end summary say "both feet sent no data". Had: "Verdict: no pressure sample from either insole in the
session: nothing to judge." and, live, "Alerts: none in 0:00 of data, too short to tell: ...", neither naming a
foot, where a foot that sent none beside one that sent some is named ("the left foot sent no data")."""

from __future__ import annotations

import pytest
from virtual_clock import run_on_virtual_clock

from monitor.report.data import report_data

SAID = "both feet sent no data (no pressure sample from either insole in the session)"


def test_a_session_whose_sensor_cells_are_all_empty_names_both_feet():
    """Both insoles' frames are there, every sensor cell empty (an import of such a file is refused:
    tests/test_import_no_sample.py; a recording whose insoles sent only empty frames is not)."""
    import numpy as np

    import monitor
    from monitor.report.text import analysis_text

    session = monitor.offline_session("healthy-ride", duration_s=90)
    session.frames.loc[:, [c for c in session.frames.columns if c.endswith("_kpa")]] = np.nan
    result = monitor.analyze(session)
    text = analysis_text(result)
    assert text.startswith(f"Verdict: {SAID}: nothing to judge."), text
    data = report_data(session, result)
    assert data.verdict.headline == f"Verdict: {SAID}: nothing to judge."
    assert data.verdict.unwatched == {"left": "no data", "right": "no data"}
    # nothing was judged: no "Judged against this session's first minutes", no "nothing to change"
    assert "Judged" not in text and data.verdict.judged == "", text
    from monitor.report.verdict_data import nothing_to_try

    assert nothing_to_try(data.verdict) == "nothing to judge: no foot's data could be analysed"


#: The silent live session's length (s) and speed.
SILENT_DURATION_S, SILENT_SPEED = 30.0, 40.0


def silent_live(tmp_path, scenario: str = "healthy-ride", feet: tuple[str, ...] = ("left", "right"),
                runs_on: bool = False):
    """The LiveSummary of a 0:30 live session at 40x whose simulated insoles of ``feet`` (both by default)
    linked and never sent a frame, the other's as usual, its session written under ``tmp_path``. The
    insoles stop at the session's end, as ``live --sim`` has them (monitor.cli.insoles.open_backends);
    ``runs_on``: they sample on past it, as insoles simulated in another process (``solewatch sim`` for
    ``live --radio``) or real ones do."""
    from firmware_sim.peripheral import SimInsole
    from monitor.link.ble import LinkConfig
    from monitor.link.pairing import open_pair
    from monitor.live.session import run_live
    from monitor.live.simulated import simulated_insoles

    async def silent_ride():
        send = SimInsole._send

        async def sends_nothing(self, packets):  # linked, never a frame
            return None if self.side in feet else await send(self, packets)

        SimInsole._send = sends_nothing
        try:
            async with simulated_insoles(scenario, speed=SILENT_SPEED, seed=1, faults=[],
                                         ride_end_s=None if runs_on else SILENT_DURATION_S) as sim:
                link = await open_pair(sim.backends, LinkConfig(speed=SILENT_SPEED))
                link.on_session_start = sim.start_clock  # simulated time is session time, as the command's
                return await run_live(link, sim.meta, duration_s=SILENT_DURATION_S, out_dir=tmp_path)
        finally:
            SimInsole._send = send

    return run_on_virtual_clock(silent_ride())


@pytest.mark.timeout(300)
def test_a_live_session_in_which_neither_insole_sent_a_sample_names_both_feet(tmp_path):
    from monitor.live.summary import summary_text

    summary = silent_live(tmp_path)
    assert summary.data_runs == {"left": (), "right": ()}
    text = summary_text(summary)
    assert f"\nAlerts: none: {SAID}, nothing to judge.\n" in text, text
    assert "0:00 of data" not in text, text
    assert "Judged" not in text, text  # nothing was judged: not "against this session's first minutes"
    # no frame came: no speed of the host was measured (had: "could not keep 40x on this host (about 0x)")
    assert "\nNote: the simulated insoles sent no frame: none of the 0:30 ride was recorded\n" in text, text
    assert "could not keep" not in text, text
