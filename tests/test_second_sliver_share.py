"""A second that holds a sliver of a foot's data (the 7 frames before a drop) has no forefoot share in the
per-second table nor in the FIT export's records: under monitor.analysis.per_second.MIN_SECOND_FRACTION of
a whole second's frames at the insole's rate, one rule for both (the records are the table's). Had: the
sliver's share, 1.7 % beside 62 % around it on a ride, the share of a sliver of one pedal stroke."""

from __future__ import annotations

import dataclasses

import numpy as np

import monitor
from monitor.analysis.per_second import MIN_SECOND_FRACTION, per_second_metrics
from monitor.session.fit_export import fit_messages

DROP_S = (20.07, 23.0)  # the right insole sends nothing: second 20 keeps its first 7 frames (100 Hz)


def _right_drops():
    s = monitor.offline_session("healthy-ride", duration_s=40.0)
    f = s.frames
    t = f["t_s"].to_numpy()
    gone = ((f["foot"].astype(str) == "right").to_numpy() & (t >= DROP_S[0] - 1e-9) & (t < DROP_S[1]))
    return dataclasses.replace(s, frames=f[~gone].reset_index(drop=True))


def test_a_second_with_a_sliver_of_data_has_no_share_in_the_table_nor_the_fit_records():
    session = _right_drops()
    f = session.frames
    right_t = f.loc[(f["foot"].astype(str) == "right").to_numpy(), "t_s"].to_numpy()
    in_20 = int(((right_t >= 20.0) & (right_t < 21.0)).sum())
    assert 0 < in_20 < MIN_SECOND_FRACTION * session.info.layouts["right"].current_rate_hz, in_20
    m = per_second_metrics(session, [])
    share = m["right_forefoot_share"].to_numpy()
    assert np.isnan(share[20]), share[20]  # had: the 7 frames' share
    assert np.isfinite(share[5:20]).all() and np.isfinite(share[23:39]).all()  # whole seconds keep theirs
    assert np.isfinite(m["right_mth2_3_peak_kpa"].to_numpy()[20])  # a reading the insole made stays
    messages, fields = fit_messages(session, m, [])
    key = {v["field_description_mesg"]["field_name"]: k for k, v in fields.items()}
    records = [r for r in messages if "developer_fields" in r and key["left forefoot share"] in r["developer_fields"]]
    assert len(records) == len(m)
    right = [r["developer_fields"].get(key["right forefoot share"]) for r in records]
    assert right[20] is None and right[19] is not None and right[23] is not None, right[18:24]
