"""A FIT file Solewatch wrote is named as Solewatch's, not "development".

`export S --format fit` writes file_id.manufacturer "development" (a developer-made file, no manufacturer ID of
its own: monitor.session.fit_export) and names itself in the creator's device_info (product name "Solewatch").
Imported back (`import fit ride.fit --into S --force`), the ride was said "481 records of ride.fit
(development)" and "recorded by development": the import read file_id's manufacturer only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from test_fit import _ride_of, run, set_session_time
from test_malformed_files import session_copy

from monitor.importers.fit_read import read_fit_ride
from monitor.report.ride_section import ride_source_words
from monitor.session.ride import read_ride


def test_a_solewatch_export_imported_back_is_named_solewatch(tmp_path, capsys):
    s = session_copy(tmp_path)
    start = datetime.fromisoformat("2026-11-26T23:08:34.000+00:00")
    set_session_time(s, start)
    ride = _ride_of(tmp_path / "ride.fit", start - timedelta(seconds=5), {"power": 200})
    assert read_fit_ride(ride).device == "development"  # a developer-made file that names no product
    run(capsys, "import", "fit", ride, "--into", s)
    out = tmp_path / "own.fit"
    run(capsys, "export", s, "--format", "fit", "-o", out)
    assert read_fit_ride(out).device == "Solewatch"
    run(capsys, "import", "fit", out, "--into", s, "--force")
    meta = read_ride(s).meta
    assert meta["device"] == "Solewatch", meta
    assert ride_source_words(meta).startswith(", recorded by Solewatch;"), ride_source_words(meta)
