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
import numpy as np
import pytest
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


def test_the_contact_time_share_and_the_nominal_foots_steps_do_not_depend_on_its_scale(tmp_path, capsys):
    """"The contact time is compared" across the units holds: the mixed walk's contact-time share, and the
    nominal right foot's contact times, strike indices and measured steps, are the same with its values
    times 0.5, 2 or 5 (its contact level and the strike's sensor floor shares of each step's own peak,
    monitor.analysis.steps). Had: its median strike index 16.1 % at x0.5, 16.2 % at x2 and 17.8 % at x5, each
    sensor counted at 10 units above its unloaded level; and the CoP caption said "at least 10 kPa or units"."""
    runs = {}
    for factor in (0.5, 2.0, 5.0):
        (tmp_path / str(factor)).mkdir()
        session = _mixed(tmp_path / str(factor), capsys, "moticon-walk", factor)
        assert main(["analyze", str(session), "--json"]) == 0
        runs[factor] = (session, json.loads(capsys.readouterr().out))
    ref = runs[2.0][1]
    assert ref["gait"]["balance"]["contact_time_left_pct"] is not None

    def measured(out: dict) -> np.ndarray:
        """(n, 3): initial contact s, contact time s, strike index % of each measured step of the right foot."""
        return np.array([(s["initial_contact_s"], s["contact_s"], s["strike_index_pct"])
                         for s in out["steps"]["right"] if s["not_measured"] is None], dtype=float)

    for factor, (_, out) in runs.items():
        # as --json rounds them: to 0.1 % and 1 ms, a last digit apart at most
        balance, right, ref_right = out["gait"]["balance"], out["gait"]["feet"]["right"], ref["gait"]["feet"]["right"]
        assert balance["contact_time_left_pct"] == pytest.approx(ref["gait"]["balance"]["contact_time_left_pct"],
                                                                 abs=0.1)
        assert right["steps_measured"] == ref_right["steps_measured"]
        assert right["contact_s"] == pytest.approx(ref_right["contact_s"], abs=1e-3)
        assert right["strike_index_pct"] == pytest.approx(ref_right["strike_index_pct"], abs=0.1), factor
        got, want = measured(out), measured(ref)
        assert got.shape == want.shape, factor
        np.testing.assert_allclose(got[:, :2], want[:, :2], atol=1e-3 + 1e-9, err_msg=f"x{factor}")
        np.testing.assert_allclose(got[:, 2], want[:, 2], atol=0.1 + 1e-9, err_msg=f"x{factor}")
    out = tmp_path / "r.html"
    assert main(["report", str(runs[5.0][0]), "-o", str(out)]) == 0
    caption = unescape(out.read_text()).split('<figure id="cop">')[1].split("</figcaption>")[0]
    said = "at least 10 kPa (4 % of the step's peak on the uncalibrated right insole) above"
    assert said in " ".join(caption.split())
