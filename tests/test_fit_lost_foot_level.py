"""A FIT export's per-foot alert level (docs/fit.md) is left out in a second the foot had no data: an insole
that stopped has no level, as the live view shows it LOST, not the notice that stood before (missing stays
missing). The other foot's level and the higher of the two go on."""

from __future__ import annotations

import dataclasses

import numpy as np

import monitor
from monitor.analysis.alerts import Alert
from monitor.analysis.per_second import per_second_metrics
from monitor.session.fit_export import fit_messages

STOP_S = 20.0  # the right insole sends nothing from here on


def _right_stops():
    s = monitor.offline_session("healthy-ride", duration_s=40.0)
    f = s.frames
    keep = ~((f["foot"].astype(str) == "right") & (f["t_s"] >= STOP_S)).to_numpy()
    return dataclasses.replace(s, frames=f[keep].reset_index(drop=True))


ALERTS = [Alert(5.0, "left", "alert", "notice"), Alert(5.0, "right", "alert", "notice"),
          Alert(30.0, "right", "data_stale", None)]


def test_a_foot_without_data_in_a_second_has_no_alert_level():
    """had: records after the right insole stopped carried no right pressures but `right alert level` 1."""
    m = per_second_metrics(_right_stops(), ALERTS)
    after = m["t_s"] >= STOP_S
    assert m.loc[(m["t_s"] >= 6) & ~after, "right_level"].eq(1).all()
    assert m.loc[after, "right_level"].isna().all()
    assert m.loc[after, "right_forefoot_share"].isna().all()  # as its pressures
    assert m.loc[m["t_s"] >= 6, "left_level"].eq(1).all() and m.loc[m["t_s"] >= 6, "level"].eq(1).all()


def test_the_fit_records_leave_a_stopped_foots_level_out():
    session = _right_stops()
    m = per_second_metrics(session, ALERTS)
    messages, fields = fit_messages(session, m, [a.to_dict() for a in ALERTS])
    key: dict[str, int] = {}
    for k in sorted(fields):  # the records' fields come first; an event has an `alert level` of its own
        key.setdefault(fields[k]["field_description_mesg"]["field_name"], k)
    records = [r for r in messages if "developer_fields" in r and key["left alert level"] in r["developer_fields"]]
    assert len(records) == len(m) == 40
    right = [r["developer_fields"].get(key["right alert level"]) for r in records]
    assert right[6:20] == [1] * 14 and right[20:] == [None] * 20
    assert [r["developer_fields"][key["alert level"]] for r in records][6:] == [1] * 34
    assert np.isnan(m["right_level"].to_numpy()[20:]).all()
