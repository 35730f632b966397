"""A bike computer's ride imported into a session on foot or on a stepping machine (docs/fit.md, "Cadence"):
the file's cadence is not a crank's, and is left out everywhere, in the report's
figure, its words and the FIT export alike; the session's activity is named as declared. A ride's figure
draws no panel empty. The words name no device the file does not: a bike computer's cadence is not called a
watch's or a foot pod's."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest
from test_fit import _garmin, _ride_of, run, set_session_time, walking_copy

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.figures import report_figures
from monitor.report.html import render_html
from monitor.session.offline import offline_session
from monitor.session.ride import Ride, read_ride

CADENCE_RPM = 85.0  # the bike computer's crank cadence in every record


def _ride(n_s: int, cadence_rpm: float = CADENCE_RPM, power_w: float = 250.0) -> Ride:
    """``n_s`` one-second records of ``power_w``, a crank cadence of ``cadence_rpm``, heart rate 140 bpm."""
    t_s = np.arange(n_s, dtype=float)
    records = pd.DataFrame({"t_s": t_s, "power_w": power_w, "cadence_rpm": cadence_rpm, "heart_rate_bpm": 140.0,
                            "speed_m_s": np.nan, "altitude_m": np.nan, "position": None})
    return Ride(records, {"file": "ride.fit", "device": "edge", "positions_recorded": False})


def _with_ride(scenario: str, **ride):
    session = offline_session(scenario, duration_s=60, seed=1)
    return report_data(session, analyze(session), ride=_ride(60, **ride))


@pytest.fixture(scope="module")
def run_data():
    return _with_ride("healthy-run")


@pytest.fixture(scope="module")
def elliptical_data():
    return _with_ride("healthy-elliptical")


def _ride_section(data) -> str:
    html = render_html(data, {"ride": b""})
    return html[html.index('id="ride-section"'):html.index("</section>", html.index('id="ride-section"'))]


def _x_labels(data) -> list[str]:
    fig = report_figures(data, only=("ride",))["ride"]
    return [ax.get_xlabel() for ax in fig.axes if ax.get_xlabel()]


@pytest.mark.parametrize("fixture, activity", [("run_data", "a running"), ("elliptical_data", "an elliptical")])
def test_a_session_on_foot_has_no_empty_cadence_panels_and_its_caption_says_why(request, fixture, activity):
    """had: the ride figure of a run (or an elliptical session) with a ride imported drew two empty panels
    "cadence, crank (rpm)" on a -0.04..0.04 axis, and its caption read "against the bike computer's power and
    crank cadence (coasting left out)", while the text above said the file's cadence is left out on foot. The
    figure draws the power panels alone; the caption says what is drawn, and why no cadence is."""
    data = request.getfixturevalue(fixture)
    fig = report_figures(data, only=("ride",))["ride"]
    assert len(fig.axes) == 2, [ax.get_xlabel() for ax in fig.axes]
    assert _x_labels(data) == ["power (W)"]
    section = _ride_section(data)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", section).group(1)
    assert "crank cadence" not in caption and "coasting" not in caption, caption
    assert "against the ride file's power, recorded by edge." in caption, caption
    assert f"No panel by cadence: the file's cadence is not a crank's on {activity} session." in caption
    # had: "the file's cadence is a watch's or a foot pod's" of this file, a bike computer's ("edge")
    assert "watch" not in section and "foot pod" not in section, section
    alt = re.search(r'alt="([^"]*)"', section).group(1)
    assert alt.endswith("against the ride file&#x27;s power, recorded by edge"), alt
    assert data.ride.against == ("power_w",)
    # had: "Seated and standing ... only power meters with cycling dynamics record it" on a run: on foot there
    # is no saddle to stand up from, so the section says nothing of it; a ride still does
    assert "Seated and standing" not in section and "cycling dynamics" not in section, section


def test_a_ride_keeps_its_cadence_panels():
    data = _with_ride("healthy-ride")
    assert _x_labels(data) == ["power (W)", "cadence, crank (rpm)"]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", _ride_section(data)).group(1)
    assert "against the ride file's power and crank cadence (coasting left out), recorded by edge." in caption
    assert "No panel" not in caption, caption
    assert "<h3>Seated and standing</h3>" in _ride_section(data)


def test_a_ride_without_crank_cadence_or_power_draws_no_empty_panels():
    """A ride with power but no crank cadence (a power meter without a cadence sensor) drew two empty
    cadence panels too; one without either drew four, under a caption naming both."""
    data = _with_ride("healthy-ride", cadence_rpm=np.nan)
    assert _x_labels(data) == ["power (W)"]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", _ride_section(data)).group(1)
    assert caption.endswith("against the ride file's power, recorded by edge. No panel by cadence: the ride has "
                            "no crank cadence."), caption
    neither = _with_ride("healthy-ride", cadence_rpm=np.nan, power_w=np.nan)
    assert report_figures(neither, only=("ride",)) == {}
    section = _ride_section(neither)
    assert "<figure" not in section and "The ride has no power reading" in section, section


def test_a_declared_elliptical_is_named_as_declared_in_the_ride_section(elliptical_data):
    """had: "No table by cadence: an elliptical or stair climber session has no crank" (the recogniser's class
    of both machines) while the header said "left elliptical, right elliptical": a declared machine is named
    as declared (docs/report.md, machine_name)."""
    section = _ride_section(elliptical_data)
    assert "elliptical or stair climber" not in section, section
    assert "No table by cadence: an elliptical session has no crank." in section, section
    assert "the file's cadence is not a crank's on an elliptical session: left out" in section, section


def _walk_with_ride(tmp_path, capsys):
    """The Moticon walk, declared walking, with a watch's 90-s FIT file (cadence 55, heart rate 140, power 200)
    imported."""
    s = walking_copy(tmp_path)
    start = datetime(2026, 5, 1, 8, 0, 0, tzinfo=timezone.utc)
    set_session_time(s, start)
    ride = _ride_of(tmp_path / "watch.fit", start, {"cadence": 55, "heart_rate": 140, "power": 200})
    run(capsys, "import", "fit", ride, "--into", s)
    assert read_ride(s).records["cadence_rpm"].eq(55).any()
    return s


def test_the_fit_export_of_a_walk_leaves_the_file_s_cadence_out_as_the_report_does(tmp_path, capsys):
    """had: `export S --format fit` of a session on foot wrote the imported file's cadence in every record and
    as the session's avg_cadence (read as avg_running_cadence), the cadence the report leaves out on foot. The
    export leaves it out too, says so, and keeps the ride's other quantities."""
    s = _walk_with_ride(tmp_path, capsys)
    said = run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "walk.fit")
    assert "with the imported ride's power and heart rate;" in said, said
    assert "the ride's cadence is left out (not a crank's on a walking session)" in said
    assert "watch" not in said and "foot pod" not in said, said  # had: of any file, "a watch's or a foot pod's"
    m = _garmin(tmp_path / "walk.fit")
    records = m["record_mesgs"]
    assert [r for r in records if "cadence" in r or "fractional_cadence" in r] == []
    assert sum("power" in r for r in records) > 0 and sum("heart_rate" in r for r in records) > 0
    for summary in (m["lap_mesgs"][0], m["session_mesgs"][0]):
        assert not [k for k in summary if "cadence" in k], summary
        assert summary["avg_power"] == 200 and summary["avg_heart_rate"] == 140
