"""The simulator names a vendor's insole as every view names it (monitor.session.insole_kinds.kind_name:
"ORPHE", "Ukaton"), as export and import do.

Had: `solewatch sim --insole orphe` said "simulated orphe insoles ready" (and the default kind "simulated
insoles ready", where the live view says "Solewatch insoles"), and a fault the simulated ORPHE insole cannot
carry out was refused as "the simulated orphe insole cannot carry out a battery fault": the kind's
command-line word, where the live view, the report and the export say "ORPHE".
"""

from __future__ import annotations

import asyncio

import pytest

from monitor.cli.main import main
from monitor.cli.sim_command import sim_command
from monitor.live import simulated


@pytest.mark.parametrize(("kind", "name"), [("orphe", "ORPHE"), ("ukaton", "Ukaton"), ("solewatch", "Solewatch")])
def test_the_sim_ready_line_names_the_insole_as_every_view_does(monkeypatch, capsys, kind, name):
    async def serve_simulation(scenario, *, on_ready, **given) -> dict:  # no radio: the ready line alone
        on_ready({"hci": "tcp-server:127.0.0.1:4000", "left": "AA:01", "right": "AA:02", "activity": "cycling"})
        return {}

    monkeypatch.setattr(simulated, "serve_simulation", serve_simulation)
    assert asyncio.run(sim_command("cleat-forward", hci="tcp-server:127.0.0.1:0", speed=20.0,
                                   insole=kind)(asyncio.Event())) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"simulated {name} insoles ready: cleat-forward at 20x; "), err


def test_a_fault_the_simulated_orphe_insole_cannot_carry_out_names_it_as_orphe(tmp_path, capsys):
    code = main(["record", "--sim", "cleat-forward", "--insole", "orphe", "--speed", "30", "--duration", "1m",
                 "--fault", "battery:left@40s=15", "--out", str(tmp_path / "s"), "--plain"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "the simulated ORPHE insole cannot carry out a battery fault" in err, err
