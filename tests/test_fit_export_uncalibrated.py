"""A FIT export of an uncalibrated insole's session (ORPHE INSOLE: raw ADC counts, 0.25 kPa a count only as
a nominal scale, docs/devices.md) writes its per-region peaks in nominal units, units "units", the numbers the
live view, the report and compare say, not as kPa (they used to be labelled kPa), nor as counts (they used to
be the raw counts, units "counts": a number and a word no other view says); a calibrated insole's stay kPa."""

from __future__ import annotations

import numpy as np
from garmin_fit_sdk import Decoder, Stream
from garmin_fit_sdk.profile import Profile
from test_malformed_files import SAMPLES
from vendor_rides import record_ride

import monitor
from monitor.analysis.per_second import per_second_metrics
from monitor.session.fit_export import write_fit_activity

RECORD_NUM = Profile["mesg_num"]["RECORD"]


def _peaks(path):
    """Per record developer field named "... peak": (units, values in record order)."""
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    fields = {f["field_definition_number"]: f for f in messages["field_description_mesgs"]
              if f["native_mesg_num"] == RECORD_NUM and f["field_name"].endswith(" peak")}
    return {f["field_name"]: (f.get("units"), [r["developer_fields"].get(k) for r in messages["record_mesgs"]])
            for k, f in fields.items()}


def test_an_uncalibrated_insole_s_peaks_are_nominal_units(tmp_path):
    session = monitor.load_session(record_ride("orphe", "cleat-forward", tmp_path, seed=3, duration_s=20.0))
    metrics = per_second_metrics(session, [])
    peaks = _peaks(write_fit_activity(session, metrics, [], tmp_path / "a.fit"))
    assert peaks and {units for units, _ in peaks.values()} == {"units"}
    units, values = peaks["left MTH2-3 peak"]
    kpa = metrics["left_mth2_3_peak_kpa"].to_numpy()
    got = np.array([np.nan if v is None else v for v in values], dtype=float)
    assert np.nanmax(got) > 0
    np.testing.assert_allclose(got, kpa, rtol=1e-6)  # the per-second table's numbers, the report's


def test_a_calibrated_insole_s_peaks_stay_kpa(tmp_path):
    session = monitor.load_session(SAMPLES / "sim-cleat-forward")
    peaks = _peaks(write_fit_activity(session, per_second_metrics(session, []), [], tmp_path / "a.fit"))
    assert peaks and {units for units, _ in peaks.values()} == {"kPa"}
