"""A study of sessions from an uncalibrated insole (ORPHE INSOLE, Ukaton Mission: counts at a nominal
scale, docs/devices.md) says which rows are not kPa (the sessions table's ``pressure_unit``) and keeps them
out of the kPa forefoot dose's means; and a live session's ``--rider NAME`` (session.json's ``rider``) is the
study's rider where study.json names none (docs/study.md).

What this guards against: ORPHE rows filled the ``*_kpa`` columns with nothing saying they were not kPa,
study.html listed their nominal forefoot dose under "forefoot dose (kPa s/h)" and averaged it into the
rider's kPa mean; and sessions recorded with ``--rider ana`` were "no rider named", ``rider`` empty.
"""

from __future__ import annotations

import dataclasses
import json
import math

import pandas as pd
import pytest
from test_compare_nominal_units import uncalibrated
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.analysis.tables import assessments_table, windows_table
from monitor.report.study_data import NOMINAL_DOSE, study_data
from monitor.report.study_html import render_study_html
from monitor.session.offline import offline_session
from monitor.studies.rows import session_columns, session_rows
from monitor.studies.task import STUDY_JSON

DOSE = "forefoot_dose_kpa_s_per_h"


def _rows(session, rider: str, start_utc: str) -> pd.DataFrame:
    result = analyze(session)
    info = dataclasses.replace(session.info, start_utc=start_utc, session_id=f"{rider}-{start_utc[:10]}")
    return session_rows(dataclasses.replace(session, info=info), result, {"rider": rider, "change": ""}, "x", {},
                        {}, windows_table(result), assessments_table(result))


@pytest.fixture(scope="module")
def sessions():
    kpa = offline_session("healthy-ride", duration_s=60, seed=3)
    return pd.concat([_rows(kpa, "ana", "2026-03-01T07:00:00.000Z"),
                      _rows(uncalibrated(kpa), "ana", "2026-03-02T07:00:00.000Z")], ignore_index=True)


def test_the_sessions_table_says_which_rows_are_in_nominal_units(sessions):
    assert "pressure_unit" in session_columns()
    assert list(sessions["pressure_unit"]) == ["kPa", "kPa", "units", "units"]
    assert sessions[DOSE].notna().all()  # the values stay, their unit beside them


def test_an_uncalibrated_session_is_kept_out_of_the_riders_kpa_dose(sessions):
    data = study_data(sessions)
    per = data.per_session.set_index("session_id")
    kpa, units = per.loc["ana-2026-03-01"], per.loc["ana-2026-03-02"]
    assert (kpa["pressure_unit"], units["pressure_unit"]) == ("kPa", "units")
    assert math.isnan(units[DOSE]) and units[NOMINAL_DOSE] > 0 and math.isnan(kpa[NOMINAL_DOSE])
    mean = data.rider_means.set_index("rider").loc["ana", DOSE]
    assert mean == pytest.approx(kpa[DOSE])  # the kPa session's alone, not averaged with nominal units
    html = render_study_html(data, {})
    assert f"{units[NOMINAL_DOSE]:,.0f} units s/h" in html
    assert "1 session of an uncalibrated insole" in html and "is left out of the forefoot dose" in html
    assert "give its dose in nominal units (units s/h)" in html  # had: "give its in nominal units"


def test_a_before_after_pair_gives_an_uncalibrated_sessions_dose_in_units_not_judged_against_kpa(sessions):
    """Ana's kPa session, then her uncalibrated one declaring a change: the pair's forefoot dose is the one
    session's in kPa and the other's in nominal units (as her table of sessions gives it), never "-", and
    a line says the two are not compared."""
    changed = sessions.assign(change=["", "", "orphe insoles", "orphe insoles"])
    data = study_data(changed)
    per = data.per_session.set_index("session_id")
    kpa, units = per.loc["ana-2026-03-01", DOSE], per.loc["ana-2026-03-02", NOMINAL_DOSE]
    (pair,) = data.pairs
    assert math.isnan(pair.values[DOSE][1]) and pair.nominal_dose[1] == pytest.approx(units)
    assert math.isnan(pair.nominal_dose[0])
    html = render_study_html(data, {})
    cell = f"{kpa:,.0f} → {units:,.0f} units s/h<br><small>kPa and nominal units: not compared</small>"
    assert cell in html, html[html.index('id="pairs"'):]
    # two sessions in nominal units: their doses side by side, no line
    both = study_data(changed.assign(pressure_unit="units"))
    (pair,) = both.pairs
    b, a = pair.nominal_dose
    html = render_study_html(both, {})
    assert f"{b:,.0f} units s/h → {a:,.0f} units s/h</td>" in html and "not compared" not in html


def test_the_windows_table_says_which_rows_are_in_nominal_units():
    """Its ``residual_forefoot_kpa`` and ``<region>_peak_kpa`` of an uncalibrated insole are nominal units:
    ``pressure_unit`` beside them says so, as in the sessions table; the columns and values stay."""
    from monitor.studies.rows import empty_tables, session_tables

    kpa = offline_session("healthy-ride", duration_s=60, seed=3)
    windows = {}
    for name, session in (("kpa", kpa), ("units", uncalibrated(kpa))):
        windows[name] = session_tables(session, analyze(session), {"rider": "ana"}, "x", {}, {})["windows"]
    assert len(windows["kpa"]) and set(windows["kpa"]["pressure_unit"]) == {"kPa"}
    assert set(windows["units"]["pressure_unit"]) == {"units"}
    assert windows["units"]["residual_forefoot_kpa"].notna().any()
    assert "pressure_unit" in empty_tables()["windows"]  # a study in which every session failed has it too
    assert "pressure_unit" not in empty_tables()["alerts"]  # no pressure in the alerts table


def test_a_live_sessions_rider_is_the_studys_unless_study_json_names_another(tmp_path):
    ride = record_ride("orphe", "tight-shoes", tmp_path / "sessions", seed=7, duration_s=20.0, rider="ana")
    assert json.loads((ride / "session.json").read_text())["rider"] == "ana"
    tables = monitor.study(ride, workers=1)
    assert set(tables.sessions["rider"]) == {"ana"} and set(tables.windows["rider"]) == {"ana"}
    assert set(tables.sessions["pressure_unit"]) == {"units"}
    (ride / STUDY_JSON).write_text(json.dumps({"change": "new shoes"}), encoding="utf-8")
    assert set(monitor.study(ride, workers=1).sessions["rider"]) == {"ana"}  # study.json naming no rider
    (ride / STUDY_JSON).write_text(json.dumps({"rider": "bo"}), encoding="utf-8")
    assert set(monitor.study(ride, workers=1).sessions["rider"]) == {"bo"}  # study.json's wins


def test_the_pairs_figure_and_its_caption_say_the_doses_in_nominal_units_are_not_drawn(sessions):
    """The pairs' dose panel is in kPa alone: it says how many pairs' doses in nominal units it leaves out,
    and so does the figure's caption, since the table under it gives them (had: left out without a word)."""
    from monitor.report.plots.study import plot_pairs

    data = study_data(sessions.assign(change=["", "", "orphe insoles", "orphe insoles"]))
    fig = plot_pairs(data.pairs)
    dose = next(ax for ax in fig.axes if ax.get_ylabel().startswith("forefoot dose"))
    said = " ".join(t.get_text().replace("\n", " ") for t in dose.texts)
    assert "doses in nominal units of 1 pair not drawn (the table gives them)" in said, said
    assert not any(t.get_text() for ax in fig.axes if ax is not dose for t in ax.texts)
    html = render_study_html(data, {"pairs": b"\x89PNG\r\n\x1a\n"})
    caption = html[html.index('<figure id="fig-pairs"'):]
    caption = caption[:caption.index("</figure>")]
    assert "the doses in nominal units (an uncalibrated insole) of 1 pair are not drawn there; the table gives " \
           "them." in caption, caption


def test_a_pair_whose_kpa_session_has_no_dose_for_its_layout_says_not_compared_and_why(sessions):
    """Ana's kPa session on a layout without MTH2-3 (so no forefoot dose: monitor.studies.rows), then her
    uncalibrated one: the pair's cell says the two are not compared and why the kPa side has none (had: "-
    → 1,234 units s/h" and no word)."""
    layout = "4 sensors, no MTH2-3, medial heel"
    kpa_rows = sessions["pressure_unit"] == "kPa"
    changed = sessions.assign(change=["", "", "orphe insoles", "orphe insoles"],
                              layout=[layout, layout, "16 sensors, every region", "16 sensors, every region"])
    changed.loc[kpa_rows, DOSE] = math.nan
    data = study_data(changed)
    (pair,) = data.pairs
    units = pair.nominal_dose[1]
    html = render_study_html(data, {})
    cell = (f"- → {units:,.0f} units s/h<br><small>kPa and nominal units: not compared; ana-2026-03-01: its layout "
            "resolves no MTH2-3, so no forefoot dose</small>")
    assert cell in html, html[html.index('id="pairs"'):]


def test_the_python_windows_table_says_its_unit_as_the_studys_does():
    """monitor.windows_table filled ``*_peak_kpa`` and ``*_pti_kpa_s_per_min`` with an uncalibrated insole's
    nominal units with nothing saying so, where the study's windows table has ``pressure_unit``: it ends with
    that column now, the study's own values."""
    from monitor.studies.rows import session_tables

    kpa = offline_session("healthy-ride", duration_s=60, seed=3)
    for session, unit in ((kpa, "kPa"), (uncalibrated(kpa), "units")):
        result = analyze(session)
        w = monitor.windows_table(result)
        assert len(w) and w.columns[-1] == "pressure_unit" and w["pressure_unit"].dtype == w["foot"].dtype
        assert set(w["pressure_unit"]) == {unit}
        study = session_tables(session, result, {}, "x", {}, {})["windows"]
        assert study["pressure_unit"].tolist() == w["pressure_unit"].tolist()
