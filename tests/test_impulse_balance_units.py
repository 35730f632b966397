"""The Steps section's impulse balance where one foot's pressures are in kPa and the other's in an
uncalibrated insole's nominal units (docs/devices.md): the Moticon walk exported, its right foot's values
doubled and its layout marked ``calibrated: false``, imported back, gave ``gait.balance.impulse_left_pct``
33 % (N s against units s: the scales' difference, the walk's own is 49 %). Now there is no impulse share
(null), ``gait.balance.not_compared`` and the report's Steps section say why; the contact-time share and
each foot's own figures stand."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import jsonschema
from test_asymmetry_units import _mixed
from test_malformed_files import SAMPLES

from monitor.cli.main import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "analyze-json.schema.json").read_text())
WHY = ("the impulses are not compared: the left foot's in N s and the right foot's in units s (an uncalibrated "
       "insole's nominal units), so their share would be the two scales' difference, not the feet's (the contact "
       "time is compared)")


def _mixed_walk(tmp_path: Path, capsys) -> Path:
    """moticon-walk with its right foot's values doubled and said to be nominal units, imported."""
    return _mixed(tmp_path, capsys, "moticon-walk")


def _gait(session: Path, capsys) -> dict:
    assert main(["analyze", str(session), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, SCHEMA)
    return out["gait"]


def test_feet_in_different_units_have_no_impulse_balance_and_say_why(tmp_path, capsys):
    mixed_session = _mixed_walk(tmp_path, capsys)
    mixed, same = _gait(mixed_session, capsys), _gait(SAMPLES / "moticon-walk", capsys)
    assert mixed["balance"]["impulse_left_pct"] is None  # had: about 33 %
    assert mixed["balance"]["not_compared"] == WHY
    assert same["balance"]["not_compared"] is None and same["balance"]["impulse_left_pct"] is not None
    # shares and figures within each foot stand
    assert mixed["balance"]["contact_time_left_pct"] is not None
    assert mixed["feet"]["right"]["impulse_n_s"] is not None and mixed["feet"]["left"]["impulse_n_s"] is not None

    out = tmp_path / "r.html"
    assert main(["report", str(mixed_session), "-o", str(out)]) == 0
    html = unescape(out.read_text())
    section = html[html.index('<section id="steps-section">'):]
    section = section[:section.index("</section>")]
    assert f"no impulse balance ({WHY})." in section
    assert "% of the impulse per step" not in section
