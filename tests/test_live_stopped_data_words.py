"""``live`` stopped early says its time with data as part of what it recorded, as a stopped replay says it as
part of what it read: "Session: stopped at 0:02 of 8:00 of ride" above "Alerts: none in 0:01 of data", one stop
said as two lengths a second apart where the insoles' first frames came after the session's start, is now
"none in 0:01 of data of the 0:02 recorded". Run on the virtual clock (tests/virtual_clock.py): the stop falls at
the same session time on any host.
"""

from __future__ import annotations

import re

from test_stopped_early import _signal_at_session_s

from monitor.cli.main import main


def _lines(tmp_path, capsys, monkeypatch, at_s: float) -> tuple[str, str]:
    _signal_at_session_s(monkeypatch, "live", "SIGINT", at_s)
    code = main(["live", "--sim", "healthy-ride", "--duration", "8m", "--out", str(tmp_path), "--plain",
                 "--no-sound", "--no-report"])
    out = capsys.readouterr()
    said = (out.out + out.err).splitlines()
    assert code == 0, said[-20:]
    return (next(line for line in said if line.startswith("Session: ")),
            next(line for line in said if line.startswith("Alerts: ")))


def test_live_stopped_says_its_data_time_as_part_of_what_it_recorded(tmp_path, capsys, monkeypatch):
    head, alerts = _lines(tmp_path, capsys, monkeypatch, 1.5)
    recorded = re.match(r"Session: stopped at (\d:\d\d) of 8:00 of ", head)
    had = re.match(r"Alerts: none in (\d:\d\d) of data", alerts)
    assert recorded and had, (head, alerts)
    assert (recorded[1], had[1]) == ("0:02", "0:01"), (head, alerts)  # the two lengths of this stop
    assert alerts.startswith("Alerts: none in 0:01 of data of the 0:02 recorded, too short to tell"), alerts
