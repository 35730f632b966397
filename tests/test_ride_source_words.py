"""The report's ride figure names whoever recorded the imported FIT file as the file names it (its device and
sport, monitor.importers.fit_read), and "the ride file" where it names neither: had "against the bike
computer's power" of every file, a watch's on a run as well (docs/report.md, "The ride")."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from test_ride_on_foot import _ride

from monitor.analysis.batch import analyze
from monitor.report.data import report_data
from monitor.report.html import render_html
from monitor.session.offline import offline_session


def _section(scenario: str, meta: dict) -> tuple[str, str, str]:
    """The ride section of ``scenario`` (60 s) with a ride whose file said ``meta``: (section, caption, alt)."""
    session = offline_session(scenario, duration_s=60, seed=1)
    ride = _ride(60)
    data = report_data(session, analyze(session), ride=replace(ride, meta={**ride.meta, **meta}))
    html = render_html(data, {"ride": b""})
    start = html.index('id="ride-section"')
    section = html[start:html.index("</section>", start)]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", section).group(1)
    return section, caption, re.search(r'alt="([^"]*)"', section).group(1)


def test_a_watch_s_file_on_a_run_is_said_as_its_file_says_and_no_bike_is_named():
    section, caption, alt = _section("healthy-run", {"device": "garmin fr945", "sport": "running"})
    assert "against the ride file's power, recorded by garmin fr945; sport: running." in caption, caption
    assert alt.endswith("against the ride file&#x27;s power, recorded by garmin fr945; sport: running"), alt
    assert "bike" not in section, section


@pytest.mark.parametrize("meta", [{"device": "", "sport": ""}, {"device": None}], ids=["empty", "none"])
def test_a_file_that_names_no_device_is_the_ride_file(meta):
    section, caption, alt = _section("healthy-ride", meta)
    assert caption.startswith("One dot per second and foot: the forefoot's share of the load and the highest "
                              "forefoot reading against the ride file's power and crank cadence (coasting left "
                              "out)."), caption
    assert alt.endswith("against the ride file&#x27;s power and crank cadence"), alt
    assert "bike" not in section and "recorded by" not in section, section


def test_a_trainer_s_file_with_only_a_sport_says_its_sport():
    _, caption, _ = _section("healthy-ride", {"device": "", "sport": "fitness_equipment"})
    assert ("against the ride file's power and crank cadence (coasting left out), sport: fitness equipment."
            in caption), caption


def test_a_device_name_is_one_line_of_text_in_the_page():
    """A product name is the file's own text: its markup is text and its line breaks one space."""
    section, caption, alt = _section("healthy-ride", {"device": "acme <b>x</b>\nmk2", "sport": "cycling"})
    assert "(coasting left out), recorded by acme &lt;b&gt;x&lt;/b&gt; mk2; sport: cycling." in caption, caption
    assert alt.endswith("crank cadence, recorded by acme &lt;b&gt;x&lt;/b&gt; mk2; sport: cycling"), alt
    assert "<b>" not in section
