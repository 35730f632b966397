"""FIT in and out (docs/fit.md): a real public ride (tests/data/fit/README.md) imported into a session
that covers the same time, the report that then shows its power and cadence, and a session exported as a
FIT activity read back by two independent decoders (garmin-fit-sdk and fitdecode).

The expected numbers are computed here with fitdecode, not with the code under test's decoder.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fitdecode
import numpy as np
import pandas as pd
import pytest
from garmin_fit_sdk import Decoder, Encoder, Stream
from garmin_fit_sdk.profile import Profile
from test_malformed_files import SAMPLES, session_copy, tree_hashes

from monitor.analysis.alerts import Alert
from monitor.analysis.per_second import level_per_second, per_second_metrics
from monitor.analysis.ride import crank_cadence, joined_seconds, load_by_position, ride_summary, window_cadence
from monitor.cli.main import main
from monitor.importers.fit_read import read_fit_ride
from monitor.importers.fit_ride import align_ride
from monitor.report.ride_data import RideReport
from monitor.report.ride_section import ride_section_html
from monitor.session.directory import load_session
from monitor.session.fit_export import write_fit_activity
from monitor.session.ride import RIDE_TABLE, read_ride

RIDE = Path(__file__).resolve().parent / "data" / "fit" / "Edge810-Vector-2013-08-16-15-35-10.fit"
RECORD_NUM, EVENT_NUM = Profile["mesg_num"]["RECORD"], Profile["mesg_num"]["EVENT"]
RIDE_START = datetime(2013, 8, 16, 18, 5, 10, tzinfo=timezone.utc)
RIDE_END = datetime(2013, 8, 16, 19, 23, 29, tzinfo=timezone.utc)


def fitdecode_records(path: Path) -> list[dict]:
    """Every record message's fields by name, read by fitdecode (CRC checked)."""
    out = []
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                out.append({f.name: f.value for f in frame.fields})
    return out


def set_session_time(session: Path, start: datetime, duration_s: float | None = None) -> None:
    path = session / "session.json"
    d = json.loads(path.read_text())
    d["start_utc"] = start.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if duration_s is not None:
        d["duration_s"] = duration_s
    path.write_text(json.dumps(d, indent=2))


def walking_copy(tmp_path: Path) -> Path:
    """A copy of the Moticon walk sample declared walking in its session.json, as `solewatch import moticon
    --activity walking` writes it (the sample, imported declaring nothing, is "unknown")."""
    s = session_copy(tmp_path, "moticon-walk")
    info = json.loads((s / "session.json").read_text())
    info["activity"] = "walking"
    (s / "session.json").write_text(json.dumps(info, indent=2))
    return s


def run(capsys, *argv) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def reference():
    return fitdecode_records(RIDE)


# ---------------------------------------------------------------------------- reading a real ride


def test_the_public_ride_reads_as_fitdecode_reads_it(reference):
    ride = read_fit_ride(RIDE)
    rec = ride.records
    assert len(rec) == len(reference) == 4700
    assert rec["utc"].iloc[0] == RIDE_START and rec["utc"].iloc[-1] == RIDE_END
    for col, name in (("power_w", "power"), ("cadence_rpm", "cadence"), ("heart_rate_bpm", "heart_rate"),
                      ("speed_m_s", "enhanced_speed"), ("altitude_m", "enhanced_altitude")):
        want = np.array([math.nan if r.get(name) is None else float(r[name]) for r in reference])
        np.testing.assert_allclose(rec[col].to_numpy(), want, rtol=1e-9, atol=1e-9, equal_nan=True)
        assert rec[col].notna().mean() > 0.9, col
    assert ride.positions == [] and ride.sport == "cycling" and "edge810" in ride.device


# ---------------------------------------------------------------------------- the report and the export


RIDE_S = (RIDE_END - RIDE_START).total_seconds()


@pytest.fixture(scope="module")
def ride_session(tmp_path_factory):
    """The sample ride session, its start moved to the public ride's and its duration to cover it (the
    insoles' frames cover its first minute), with the ride imported: ``(session, what import said)``."""
    s = session_copy(tmp_path_factory.mktemp("ride"))
    set_session_time(s, RIDE_START, duration_s=RIDE_S + 60.0)
    before = tree_hashes(s)
    code = main(["import", "fit", str(RIDE), "--into", str(s)])
    assert code == 0
    after = tree_hashes(s)
    assert {k: v for k, v in after.items() if k != RIDE_TABLE} == before  # nothing else touched
    return s


def test_a_session_covering_the_whole_ride_keeps_every_record(ride_session):
    ride = read_ride(ride_session)
    assert len(ride.records) == 4700
    assert ride.records["t_s"].iloc[0] == 0.0 and ride.records["t_s"].iloc[-1] == RIDE_S
    assert ride.meta["records_in_file"] == 4700 and ride.meta["positions_recorded"] is False
    assert [p for p in ride_session.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def _in_session(reference, session: Path) -> list[dict]:
    d = json.loads((session / "session.json").read_text())
    end = RIDE_START + timedelta(seconds=d["duration_s"])
    return [r for r in reference if RIDE_START <= r["timestamp"] <= end]


def test_a_real_ride_imported_shows_power_and_cadence_in_the_report(ride_session, reference, capsys):
    out = ride_session.parent / "report.html"
    run(capsys, "report", ride_session, "-o", out)
    html = out.read_text()
    mine = _in_session(reference, ride_session)
    power = np.mean([r["power"] for r in mine])
    cadence = np.mean([r["cadence"] for r in mine if r.get("cadence")])
    assert 'id="ride-section"' in html and 'id="ride"' in html  # the section and its figure
    assert f"{len(mine):,} records of {RIDE.name}" in html
    assert f"Mean power {power:.0f} W" in html, power
    assert f"cadence from the crank sensor {cadence:.0f} rpm" in html, cadence
    # the crank's cadence replaces the insoles' estimate in the verdict's per-foot lines
    # (the insoles cover the first minute only: "What to know" says so in lines of its own)
    feet = re.search(r'<ul class="feet">(.*?)</ul>', html).group(1)
    lines = re.findall(r"<li>((?:left|right): [^<]*)</li>", feet)
    assert len(lines) == 2 and all(f"cadence {cadence:.0f} rpm (crank sensor)" in ln for ln in lines), lines
    assert "does not say when the rider stood" in html  # the Edge 810 file has no rider-position events
    # the figure names who recorded the ride as the file does (had: "the bike computer's" of any file)
    caption = re.search(r'<figure id="ride">.*?<figcaption>(.*?)</figcaption>', html, re.S).group(1)
    assert ("against the ride file's power and crank cadence (coasting left out), recorded by garmin edge810; "
            "sport: cycling.") in caption, caption


def test_analyze_says_the_crank_cadence_where_the_report_does(ride_session, reference, capsys, tmp_path):
    """With a ride imported, `solewatch analyze`'s per-foot lines say the crank's cadence, as the report's
    verdict does (it used to say the insoles' estimate); --json keeps the insoles' estimate, as documented
    (docs/analyze-json.md)."""
    mine = _in_session(reference, ride_session)
    cadence = np.mean([r["cadence"] for r in mine if r.get("cadence")])
    text = run(capsys, "analyze", ride_session)
    lines = [ln for ln in text.splitlines() if ln.startswith(("left: ", "right: "))]
    assert len(lines) == 2 and all(f"cadence {cadence:.0f} rpm (crank sensor)" in ln for ln in lines), lines
    without = tmp_path / ride_session.name  # the same session, its ride left out
    shutil.copytree(ride_session, without)
    (without / RIDE_TABLE).unlink()
    assert run(capsys, "analyze", ride_session, "--json") == run(capsys, "analyze", without, "--json")


def _garmin(path: Path) -> dict:
    messages, errors = Decoder(Stream.from_file(str(path))).read()
    assert errors == []
    return messages


def test_an_exported_session_reads_back_with_two_decoders(ride_session, reference, capsys):
    out = ride_session.parent / "ride.fit"
    said = run(capsys, "export", ride_session, "--format", "fit", "-o", out)
    assert "one a second" in said and "imported ride" in said, said
    m = _garmin(out)
    records = m["record_mesgs"]
    assert len(records) == math.ceil(RIDE_S + 60.0)  # one record a second of the session
    times = [r["timestamp"] for r in records]
    assert times[0] == RIDE_START and all(b - a == timedelta(seconds=1) for a, b in zip(times, times[1:]))
    names = {f["field_name"]: f for f in m["field_description_mesgs"] if f["native_mesg_num"] == RECORD_NUM}
    for name in ("left forefoot share", "right forefoot share", "left MTH2-3 peak", "right hallux peak",
                 "left alert level", "alert level"):
        assert name in names, sorted(names)
    share = names["left forefoot share"]["field_definition_number"]
    values = [r["developer_fields"][share] for r in records if share in r.get("developer_fields", {})]
    assert 55 <= len(values) <= 62 and all(0 < v < 100 for v in values)  # the insoles' minute
    level = names["alert level"]["field_definition_number"]
    levels = [r["developer_fields"][level] for r in records if level in r.get("developer_fields", {})]
    # a healthy ride: no alert; no level without data, nor before the first judged window (about 50 s in: the first
    # ones reach back before the session's start and are not judged, tests/test_unjudged_level_missing.py)
    assert 8 <= len(levels) <= 15 and set(levels) == {0}
    # the ride's power and cadence, second by second, in the standard record fields
    by_time = {r["timestamp"]: r for r in _in_session(reference, ride_session)}
    assert [r.get("power") for r in records] == [by_time.get(t, {}).get("power") for t in times]
    assert [r.get("cadence") for r in records] == [by_time.get(t, {}).get("cadence") for t in times]
    # an independent decoder: the same records and the same developer values, CRC checked
    again = fitdecode_records(out)
    assert len(again) == len(records)
    assert [r["left forefoot share"] for r in again if r.get("left forefoot share") is not None] == \
        pytest.approx(values, rel=1e-6)


def test_alerts_are_events_of_the_exported_file(tmp_path):
    session = load_session(SAMPLES / "sim-cleat-forward")
    alerts = [Alert(20.4, "left", "alert", "notice", "mth2_3", message="NOTICE left foot under MTH2-3"),
              Alert(35.0, "right", "alert", "warning", "mth1", message="WARNING right foot " + "x" * 400),
              Alert(50.0, "left", "back_to_normal", None, message="left foot back to normal")]
    metrics = per_second_metrics(session, alerts)
    path = write_fit_activity(session, metrics, [a.to_dict() for a in alerts], tmp_path / "a.fit")
    m = _garmin(path)
    markers = [e for e in m["event_mesgs"] if e["event"] == "user_marker"]
    names = {f["field_definition_number"]: f["field_name"] for f in m["field_description_mesgs"]
             if f["native_mesg_num"] == EVENT_NUM}
    got = [{names[k]: v for k, v in e["developer_fields"].items()} for e in markers]
    assert [e["data"] for e in markers] == [1, 2, 0]
    assert [g["alert kind"] for g in got] == ["alert", "alert", "back_to_normal"]
    assert [g["alert foot"] for g in got] == ["left", "right", "left"]
    assert [g.get("alert region") for g in got] == ["MTH2-3", "MTH1", None]
    assert got[0]["alert message"] == "NOTICE left foot under MTH2-3"
    assert got[1]["alert message"].startswith("WARNING right foot x") and len(got[1]["alert message"]) < 255
    start = _garmin(path)["record_mesgs"][0]["timestamp"]
    # each dated by its own time to the nearest second: 20.4 s after ...:11.111 is ...:31.511, so ...:32
    assert [e["timestamp"] - start for e in markers] == [timedelta(seconds=s) for s in (21, 35, 50)]
    # the level standing each second, per foot and of both
    records = m["record_mesgs"]
    rec_names = {f["field_name"]: f["field_definition_number"] for f in m["field_description_mesgs"]
                 if f["native_mesg_num"] == RECORD_NUM}
    left = [r["developer_fields"][rec_names["left alert level"]] for r in records]
    both = [r["developer_fields"][rec_names["alert level"]] for r in records]
    assert left[19:22] == [0, 1, 1] and left[49:51] == [1, 0]
    assert both[34:36] == [1, 2] and both[50] == 2
    assert len(fitdecode_records(path)) == len(records)


@pytest.mark.parametrize("pedals", ["flat", "toe-clips"])
def test_the_exported_alerts_advise_for_the_session_s_pedals(tmp_path, capsys, pedals):
    """A session recorded on pedals without cleats (its setup.json) exports alerts whose advice is the one
    ``analyze`` and the report give it: a metatarsal pad, no cleat to move."""
    session = session_copy(tmp_path, "sim-cleat-forward")
    (session / "setup.json").write_text(json.dumps({"pedals": pedals, "shoes": None}))
    analysed = json.loads(run(capsys, "analyze", session, "--json"))
    run(capsys, "export", session, "--format", "fit", "-o", tmp_path / "a.fit")
    m = _garmin(tmp_path / "a.fit")
    names = {f["field_definition_number"]: f["field_name"] for f in m["field_description_mesgs"]
             if f["native_mesg_num"] == EVENT_NUM}
    said = [{names[k]: v for k, v in e["developer_fields"].items()}["alert message"]
            for e in m["event_mesgs"] if e["event"] == "user_marker"]
    assert said and all("Metatarsal pad" in s and "cleat" not in s.lower() for s in said), said
    assert said == [a["message"] for a in analysed["alerts"]]


def test_the_export_line_names_the_setup_whose_advice_the_alerts_carry(tmp_path, capsys):
    """The export's line ends with the session's declared setup (setup.json) in the words the report
    gives it ("Declared setup: ..."), as the alerts in the file advise for it; a session without one says
    no setup (test_the_export_says_only_the_ride_quantities_it_wrote)."""
    session = session_copy(tmp_path, "sim-cleat-forward")
    (session / "setup.json").write_text(json.dumps({"pedals": "toe-clips", "shoes": "road shoes, 43"}))
    said = run(capsys, "export", session, "--format", "fit", "-o", tmp_path / "a.fit").strip()
    assert len(said.splitlines()) == 1, said
    assert said.endswith("(no kept normal; record with `live --rider NAME` to keep your normal); declared setup: toe "
                         "clips and straps; shoes: road shoes, 43"), said


# ---------------------------------------------------------------------------- pure parts


def _encode(messages: list[dict]) -> bytes:
    enc = Encoder()
    for msg in messages:
        enc.write_mesg(msg)
    return bytes(enc.close())


def ride_with_positions(path: Path, start: datetime) -> Path:
    """A 90-second FIT ride: seated, standing from 30 s, seated again from 60 s (rider-position events)."""
    num = Profile["mesg_num"]
    t0 = int(start.timestamp()) - 631065600  # the FIT epoch, 1989-12-31 UTC
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
             "time_created": t0}]
    for i in range(90):
        if i in (0, 30, 60):
            msgs.append({"mesg_num": num["EVENT"], "timestamp": t0 + i, "event": "rider_position_change",
                         "event_type": "marker", "data": 1 if i == 30 else 0})
        msgs.append({"mesg_num": num["RECORD"], "timestamp": t0 + i, "power": 200 + (200 if 30 <= i < 60 else 0),
                     "cadence": 90 if i < 80 else 0})
    path.write_bytes(_encode(msgs))
    return path


def test_standing_and_seated_come_from_rider_position_events(tmp_path):
    start = datetime(2026, 5, 1, 8, 0, 0, tzinfo=timezone.utc)
    ride = read_fit_ride(ride_with_positions(tmp_path / "stand.fit", start))
    assert [p for _, p in ride.positions] == ["seated", "standing", "seated"]
    aligned = align_ride(ride, pd.Timestamp(start) + pd.Timedelta(seconds=10), 70.0)
    assert aligned["t_s"].iloc[0] == 0.0 and len(aligned) == 70  # 10 s .. 79 s of the ride: the session's seconds
    assert list(aligned["position"].iloc[[0, 19, 20, 49, 50]]) == ["seated", "seated", "standing", "standing",
                                                                   "seated"]
    seconds = np.arange(70, dtype=float)
    share = np.where((seconds >= 20) & (seconds < 50), 0.8, 0.6)
    metrics = pd.DataFrame({"t_s": seconds, "left_forefoot_share": share, "left_mth1_peak_kpa": 100 * share})
    by = load_by_position(joined_seconds(metrics, aligned, ("left",)), ("left",))
    assert by["standing"].seconds == 30 and by["seated"].seconds == 40
    assert by["standing"].forefoot_share["left"] == pytest.approx(0.8)
    assert by["seated"].forefoot_peak_kpa["left"] == pytest.approx(60.0)
    # the report's section shows them as a table
    joined = joined_seconds(metrics, aligned, ("left",))
    numbers = RideReport(joined, ("left",), ride_summary(aligned, joined, ("left",), True), [], [], by,
                         crank_cadence(aligned), {"left": 88.0}, {"file": "stand.fit"})
    html = ride_section_html(numbers, "")
    rows = re.findall(r"<tr><td>(seated|standing)</td><td class=num>(\d+)</td><td class=num>([\d.]+) %</td>",
                      html)
    assert rows == [("seated", "40", "60.0"), ("standing", "30", "80.0")], html
    assert "does not say when the rider stood" not in html


def test_the_crank_cadence_replaces_the_estimate_where_it_has_one():
    windows = pd.DataFrame({"foot": ["left"] * 3, "t_s": [30.0, 60.0, 90.0], "window_s": [30.0] * 3,
                            "cadence_per_min": [88.0, 87.0, 86.0]})
    ride = pd.DataFrame({"t_s": np.arange(0.0, 60.0), "cadence_rpm": np.r_[np.full(30, 92.0),
                                                                           np.full(30, 0.0)]})
    out = window_cadence(windows, ride)
    assert list(out["cadence_per_min"]) == [92.0, 87.0, 86.0]  # coasting (0 rpm) is not a cadence
    assert list(out["cadence_source"]) == ["crank sensor", "insoles", "insoles"]


def test_the_alert_level_per_second_follows_alerts_and_back_to_normal():
    events = [Alert(12.5, "left", "alert", "notice"), Alert(20.0, "left", "alert", "warning"),
              Alert(40.2, "left", "back_to_normal", None), Alert(15.0, "right", "alert", "alert")]
    level = level_per_second(events, "left", np.arange(45, dtype=float))
    assert list(level[[11, 12, 18, 19, 20, 39, 40, 44]]) == [0, 1, 1, 1, 2, 2, 0, 0]


def _ride_of(path: Path, start: datetime, fields: dict, from_s: int = 0) -> Path:
    """A 90-second FIT ride from ``start``: a record a second holding only ``fields`` (from its
    ``from_s``-th second on; none before)."""
    num = Profile["mesg_num"]
    t0 = int(start.timestamp()) - 631065600  # the FIT epoch, 1989-12-31 UTC
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
             "time_created": t0}]
    msgs += [{"mesg_num": num["RECORD"], "timestamp": t0 + i, **(fields if i >= from_s else {})}
             for i in range(90)]
    path.write_bytes(_encode(msgs))
    return path


@pytest.mark.parametrize("fields, from_s, imported, exported", [
    ({"power": 210}, 0, "records with a value: power 60;", "(fit) with the imported ride's power; "),
    ({"power": 210, "heart_rate": 130}, 0, "records with a value: power 60, heart rate 60;",
     "(fit) with the imported ride's power and heart rate; "),
], ids=["power", "power-and-heart-rate"])
def test_the_export_says_only_the_ride_quantities_it_wrote(tmp_path, capsys, fields, from_s, imported, exported):
    """The export says the ride quantities the import kept, and writes those and only those."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    ride = _ride_of(tmp_path / "ride.fit", start.replace(microsecond=0) + timedelta(seconds=1), fields, from_s)
    assert imported in run(capsys, "import", "fit", ride, "--into", s)
    said = run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit").strip()
    # the ride's quantities, then the parameters and the normal the alerts were judged with (the sample kept
    # none: its first minutes, as `solewatch report` says)
    assert exported + "analysed with " in said, said
    assert said.endswith(", judged against this session's first minutes (no kept normal; record with `live --rider "
                         "NAME` to keep your normal)"), said
    records = _garmin(tmp_path / "out.fit")["record_mesgs"]
    for name in ("power", "cadence", "heart_rate", "enhanced_speed", "enhanced_altitude"):
        wrote = name in fields and from_s == 0
        assert any(name in r for r in records) == wrote, name  # written where said, and only then


@pytest.mark.parametrize("force", [False, True], ids=["first-ride", "force-over-a-ride"])
def test_a_ride_whose_values_all_fall_outside_the_session_is_refused_and_nothing_lost(tmp_path, capsys, force):
    """A ride of 90 records a second from 1 s after the session's start overlaps its 60 s in time, but its
    power starts at its 70th second, after the session's end: one line saying that no record with a value
    falls within the session, exit 2, nothing written (it used to be imported, saying "records with a
    value: none"). With --force over a ride imported before, that ride stays as it was."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    ride_start = start.replace(microsecond=0) + timedelta(seconds=1)
    if force:
        run(capsys, "import", "fit", _ride_of(tmp_path / "before.fit", ride_start, {"power": 150}), "--into", s)
    before = tree_hashes(s)
    late = _ride_of(tmp_path / "late.fit", ride_start, {"power": 210}, from_s=70)
    code = main(["import", "fit", str(late), "--into", str(s), *(["--force"] if force else [])])
    said, err = capsys.readouterr()
    assert code == 2 and said == "", said
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    first_value = (ride_start + timedelta(seconds=70)).strftime("%Y-%m-%d %H:%M:%S UTC")
    assert (f"{late}: none of the ride's records with a value (power, cadence, heart rate, speed or altitude; "
            f"{first_value} to ") in lines[0], err
    assert lines[0].endswith("; nothing written"), err
    assert tree_hashes(s) == before
    assert (s / RIDE_TABLE).exists() == force
    if force:
        assert set(read_ride(s).records["power_w"].dropna()) == {150.0}


def _fit_records(path: Path) -> dict[datetime, dict]:
    """The record messages of a FIT file by timestamp (garmin-fit-sdk)."""
    return {r["timestamp"]: r for r in _garmin(path)["record_mesgs"]}


def _ride_from_4_s_before(start: datetime, path: Path) -> Path:
    """A FIT ride at ``path`` of 90 records, one a whole UTC second from 4 s before ``start`` (its fraction
    dropped), power 100 + i."""
    num = Profile["mesg_num"]
    t0 = int((start.replace(microsecond=0) - timedelta(seconds=4)).timestamp()) - 631065600  # the FIT epoch
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
             "time_created": t0}]
    msgs += [{"mesg_num": RECORD_NUM, "timestamp": t0 + i, "power": 100 + i} for i in range(90)]
    path.write_bytes(_encode(msgs))
    return path


def test_the_export_keeps_each_ride_value_at_its_own_utc_second(tmp_path, capsys):
    """A session whose start_utc has a fraction of a second (the sample's is ...:34.200): the exported
    record at UTC second T carries the ride's record of T, not that of T + 1."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    assert start.microsecond != 0
    ride = _ride_from_4_s_before(start, tmp_path / "ride.fit")
    run(capsys, "import", "fit", ride, "--into", s)
    run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit")
    source, out = _fit_records(ride), _fit_records(tmp_path / "out.fit")
    with_power = {t: r["power"] for t, r in out.items() if "power" in r}
    assert len(with_power) >= 60
    assert with_power == {t: source[t]["power"] for t in with_power}


@pytest.mark.parametrize("fraction_ms", [200, 500, 700])
def test_the_report_and_the_export_pair_each_second_with_the_nearest_ride_record(tmp_path, capsys, fraction_ms):
    """A session whose start_utc has a fraction of a second, and a ride of one record a second (power
    100 + i): the record nearest each session second's start (t_s in (s - 0.5, s + 0.5]) is the one the
    report sets against that second and the one the export writes into that second's record, dated at its
    own UTC second. With start ...:34.700 the record of ...:35 (t_s 0.3) goes with second 0."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    start = start.replace(microsecond=fraction_ms * 1000)
    set_session_time(s, start)
    ride = _ride_from_4_s_before(start, tmp_path / "ride.fit")
    run(capsys, "import", "fit", ride, "--into", s)
    records = read_ride(s).records
    # what the report sets against each session second
    session = load_session(s)
    metrics = per_second_metrics(session, [])
    joined = joined_seconds(metrics, records, ("left", "right"))
    nearest = {int(np.ceil(t - 0.5)): p for t, p in zip(records["t_s"], records["power_w"])}
    assert nearest[0] == 100 + 4 + (1 if fraction_ms >= 500 else 0)
    report = {int(t): p for t, p in zip(joined["t_s"], joined["power_w"]) if math.isfinite(p)}
    assert len(report) >= 60 and report == {t: nearest[t] for t in report}
    # what the export writes into each session second's record (the i-th record is second i), dated at the
    # ride record's own UTC second
    run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit")
    out = _garmin(tmp_path / "out.fit")["record_mesgs"]
    assert len(out) == len(metrics)
    exported = {i: r["power"] for i, r in enumerate(out) if "power" in r}
    assert exported == report
    source = _fit_records(ride)
    assert all(source[out[i]["timestamp"]]["power"] == p for i, p in exported.items())


@pytest.mark.parametrize("fraction_ms, first_t_s", [(200, -0.2), (700, 0.3)])
def test_a_session_s_own_export_imports_whole(tmp_path, capsys, fraction_ms, first_t_s):
    """The sample session (60.07 s) starting at ...:34.200: its export dates its first record ...:34, the
    second nearest its start; imported back, every record is kept, the first at t_s -0.2. Starting at
    ...:34.700, the export rounds up: the first record is ...:35 (t_s 0.3) and the last, session second 60
    (60 to 60.07 s), is dated 0.23 s after the session's end, the whole second nearest its start; the
    import dropped it (it kept t_s up to the duration only). Every record goes with a session second, so
    every one is kept."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    set_session_time(s, start.replace(microsecond=fraction_ms * 1000))
    # a ride's power over the whole session, so that the export's records carry a ride value to import
    run(capsys, "import", "fit", _ride_of(tmp_path / "ride.fit", start.replace(microsecond=0) - timedelta(seconds=5),
                                          {"power": 200}), "--into", s)
    out = tmp_path / "own.fit"
    run(capsys, "export", s, "--format", "fit", "-o", out)
    n = len(_fit_records(out))
    said = run(capsys, "import", "fit", out, "--into", s, "--force")
    assert f"imported {n:,} of the {n:,} records" in said, said
    t_s = read_ride(s).records["t_s"]
    duration_s = json.loads((s / "session.json").read_text())["duration_s"]
    assert n == math.ceil(duration_s)
    assert t_s.iloc[0] == pytest.approx(first_t_s) and t_s.iloc[-1] == pytest.approx(n - 1 + first_t_s)


def test_a_session_s_own_export_without_a_ride_is_refused_and_the_session_untouched(tmp_path, capsys):
    """Solewatch's own export of a session without a ride holds the insoles' metrics and none of the five
    ride quantities: importing it back is one line saying so and what the file is, exit 2, nothing written
    (it used to write a table of empty records and say "records with a value: none")."""
    s = session_copy(tmp_path)
    out = tmp_path / "x.fit"
    run(capsys, "export", s, "--format", "fit", "-o", out)
    before = tree_hashes(s)
    code = main(["import", "fit", str(out), "--into", str(s)])
    said, err = capsys.readouterr()
    assert code == 2 and said == "", said
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert (f"{out} has no power, cadence, heart rate, speed or altitude in its records: nothing to import "
            "(a Solewatch export") in lines[0], err
    assert tree_hashes(s) == before and not (s / RIDE_TABLE).exists()


def _heart_rate_ride_html(n_s: int) -> str:
    """The ride section of ``n_s`` seconds of a ride with heart rate and speed but neither power nor crank
    cadence, beside a left insole's metrics (insoles' cadence 91)."""
    seconds = np.arange(n_s, dtype=float)
    ride = pd.DataFrame({"t_s": seconds, "power_w": np.nan, "cadence_rpm": np.nan, "heart_rate_bpm": 120.0,
                         "speed_m_s": 8.0, "altitude_m": np.nan, "position": None})
    metrics = pd.DataFrame({"t_s": seconds, "left_forefoot_share": 0.6, "left_mth1_peak_kpa": 60.0})
    joined = joined_seconds(metrics, ride, ("left",))
    numbers = RideReport(joined, ("left",), ride_summary(ride, joined, ("left",), False), [], [], {},
                         crank_cadence(ride), {"left": 91.0}, {"file": "hr.fit"})
    return ride_section_html(numbers, "")


def test_a_ride_without_cadence_says_the_cadence_is_the_insoles():
    """A ride with heart rate and speed but no crank cadence: the section does not speak of a crank
    sensor's cadence, it names the insoles' estimate as the cadence used."""
    html = _heart_rate_ride_html(60)
    assert "cadence from the crank sensor" not in html, html
    assert "no crank cadence" in html and "the insoles' own estimate" in html and "left 91" in html, html


def _power_ride(tmp_path, session_dir, offset_s: int, n: int):
    """A FIT ride of ``n`` one-second records of 200 W starting ``offset_s`` after the session's start_utc."""
    info = json.loads((session_dir / "session.json").read_text())
    start = datetime.fromisoformat(info["start_utc"].replace("Z", "+00:00"))
    t0 = int(start.timestamp()) + offset_s - 631065600  # the FIT epoch, 1989-12-31 UTC
    msgs = [{"mesg_num": Profile["mesg_num"]["FILE_ID"], "type": "activity", "manufacturer": "development",
             "product": 0, "time_created": t0}]
    msgs += [{"mesg_num": RECORD_NUM, "timestamp": t0 + i, "power": 200} for i in range(n)]
    ride = tmp_path / "ride.fit"
    ride.write_bytes(_encode(msgs))
    return ride


@pytest.mark.parametrize("offset_s, n, covers", [
    (40, 90, "the ride covers only 0:40 to 1:00 of the session's 1:00"),
    (-30, 60, "the ride covers only 0:00 to 0:30 of the session's 1:00"),
    (1, 90, None),
    (0, 60, None),
], ids=["starts-late", "ends-early", "whole", "ends-within-a-second"])
def test_a_ride_covering_part_of_the_session_says_which_part(tmp_path, capsys, offset_s, n, covers):
    s = session_copy(tmp_path)
    ride = _power_ride(tmp_path, s, offset_s, n)
    said = run(capsys, "import", "fit", ride, "--into", s)
    if covers is None:
        assert "covers only" not in said, said
    else:
        assert covers in said, said


@pytest.mark.parametrize("offset_s, n, overlaps", [(3600 - 10, 120, False), (-7200 + 30, 7200, True)],
                         ids=["one-hour-after", "two-hours-before-and-long"])
def test_a_ride_a_whole_number_of_hours_off_asks_about_local_time(tmp_path, capsys, offset_s, n, overlaps):
    s = session_copy(tmp_path)
    ride = _power_ride(tmp_path, s, offset_s, n)
    code = main(["import", "fit", str(ride), "--into", str(s)])
    out, err = capsys.readouterr()
    assert code == (0 if overlaps else 2), err
    said = out if overlaps else err
    hours = round(abs(offset_s) / 3600)
    assert f"the ride starts {hours} h {'after' if offset_s > 0 else 'before'} the session" in said, said
    assert "local time instead of UTC" in said and len(said.strip().splitlines()) == (3 if overlaps else 1)


def test_records_that_repeat_a_time_are_merged_into_one(tmp_path, capsys):
    """A FIT file may hold two records of the same second (a chained file, a device writing a second record
    at a pause): one row per time is kept, its fields the first value each record has."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    num = Profile["mesg_num"]
    t0 = int(start.timestamp()) - 631065600  # the FIT epoch, 1989-12-31 UTC
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
             "time_created": t0}]
    for i in range(60):
        msgs.append({"mesg_num": RECORD_NUM, "timestamp": t0 + i, "power": 200})
        msgs.append({"mesg_num": RECORD_NUM, "timestamp": t0 + i, "power": 900, "heart_rate": 120})
    ride = tmp_path / "twice.fit"
    ride.write_bytes(_encode(msgs))
    said = run(capsys, "import", "fit", ride, "--into", s)
    assert "imported 120 of the 120 records" in said and "60 records repeat a time" in said, said
    assert "records with a value: power 120, heart rate 60;" in said, said
    rec = read_ride(s).records
    assert rec["utc"].is_unique and len(rec) == 60
    assert (rec["power_w"] == 200).all() and (rec["heart_rate_bpm"] == 120).all()


def test_a_walk_s_fit_cadence_is_not_taken_for_a_crank_s(tmp_path, capsys):
    """A watch's FIT file (cadence, heart rate, speed) imported into a walking session: its cadence is not
    a crank's, so the verdict keeps the insoles' steps per minute and the section says why."""
    s = walking_copy(tmp_path)
    start = datetime(2026, 5, 1, 8, 0, 0, tzinfo=timezone.utc)
    set_session_time(s, start)
    ride = _ride_of(tmp_path / "walk.fit", start, {"cadence": 55, "heart_rate": 140, "speed": 1.3})
    run(capsys, "import", "fit", ride, "--into", s)
    out = tmp_path / "walk.html"
    run(capsys, "report", s, "-o", out)
    html = out.read_text()
    feet = re.search(r'<ul class="feet">(.*?)</ul>', html, re.S).group(1)
    assert "crank sensor" not in feet and "steps/min" in feet, feet
    assert "the file's cadence is not a crank's on a walking session" in html and "from the crank sensor" not in html
    text = run(capsys, "analyze", s)  # the text keeps them too
    assert "crank sensor" not in text and "steps/min" in text, text


def test_the_report_says_which_part_of_the_session_a_partial_ride_covers(tmp_path, capsys):
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    ride = _ride_of(tmp_path / "late.fit", start.replace(microsecond=0) + timedelta(seconds=40), {"power": 210})
    run(capsys, "import", "fit", ride, "--into", s)
    out = tmp_path / "late.html"
    run(capsys, "report", s, "-o", out)
    html = out.read_text()
    section = html[html.find('id="ride-section"'):][:1000]
    assert "The ride covers only 0:40 to 1:00 of the session's 1:00" in section, section


def test_the_crank_cadence_replaces_no_walking_window_s_estimate():
    windows = pd.DataFrame({"foot": ["left"] * 3, "t_s": [30.0, 60.0, 90.0], "window_s": [30.0] * 3,
                            "activity": ["cycling_seated", "walking", "unknown"],
                            "cadence_per_min": [88.0, 110.0, 86.0]})
    ride = pd.DataFrame({"t_s": np.arange(0.0, 90.0), "cadence_rpm": np.full(90, 55.0)})
    out = window_cadence(windows, ride)
    assert list(out["cadence_per_min"]) == [55.0, 110.0, 55.0]
    assert list(out["cadence_source"]) == ["crank sensor", "insoles", "crank sensor"]


def test_a_ride_without_power_or_cadence_says_it_has_none_rather_than_too_little():
    html = _heart_rate_ride_html(120)
    assert "Too little" not in html, html
    assert "The ride has no power reading, so no table by power." in html
    assert "The ride has no crank cadence, so no table by cadence." in html


def test_a_ride_goes_into_the_latest_session(tmp_path, capsys, monkeypatch):
    """``--into latest`` names the newest session under sessions/, as every other SESSION argument does."""
    s = session_copy(tmp_path / "sessions")
    monkeypatch.chdir(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    ride = _ride_of(tmp_path / "ride.fit", start.replace(microsecond=0), {"power": 210})
    said = run(capsys, "import", "fit", ride, "--into", "latest")
    assert (s / RIDE_TABLE).is_file() and str(Path("sessions") / s.name / RIDE_TABLE) in said, said


@pytest.mark.parametrize("power_from_s", [None, 70], ids=["no-overlap", "no-value-within"])
def test_a_ride_that_is_not_of_the_latest_session_names_that_session(tmp_path, capsys, monkeypatch, power_from_s):
    """``--into sessions/latest`` picks the newest session there: a ride not of it says which session it was held
    against, by its folder, beside its times (had: "does not overlap the session (2026-11-26 ... to ...)" alone,
    the session not named)."""
    s = session_copy(tmp_path / "sessions")
    monkeypatch.chdir(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    if power_from_s is None:  # a ride of the day before
        ride = _ride_of(tmp_path / "ride.fit", start.replace(microsecond=0) - timedelta(days=1), {"power": 210})
    else:  # overlapping in time, its power only after the session's end
        ride = _ride_of(tmp_path / "ride.fit", start.replace(microsecond=0) + timedelta(seconds=1),
                        {"power": 210}, from_s=power_from_s)
    code = main(["import", "fit", str(ride), "--into", "sessions/latest"])
    said, err = capsys.readouterr()
    assert code == 2 and said == "" and len(err.strip().splitlines()) == 1, err
    named = str(Path("sessions") / s.name)
    assert (f"the session {named} (" in err) and err.strip().endswith("; nothing written"), err
    assert not (s / RIDE_TABLE).exists()


def test_a_ride_dated_from_the_device_s_switch_on_says_it_has_no_utc(tmp_path, capsys):
    """FIT date_time values below 0x10000000 are seconds since the device was switched on, not UTC (FIT
    protocol, date_time): such a ride cannot be aligned, and the error says why."""
    s = session_copy(tmp_path)
    num = Profile["mesg_num"]
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0}]
    msgs += [{"mesg_num": RECORD_NUM, "timestamp": 1000 + i, "power": 200} for i in range(90)]
    ride = tmp_path / "noclock.fit"
    ride.write_bytes(_encode(msgs))
    code = main(["import", "fit", str(ride), "--into", str(s)])
    err = capsys.readouterr().err
    assert code == 2 and "seconds since the device was switched on" in err and len(err.splitlines()) == 1, err


def test_the_activity_s_local_time_is_the_exporting_computer_s(tmp_path, monkeypatch):
    """The activity message's local_timestamp is its timestamp in the local time zone (FIT profile:
    local_timestamp = timestamp + the zone's offset), not UTC again."""
    import time

    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")  # Central European, as a POSIX rule: no tz database needed
    time.tzset()
    try:
        session = load_session(SAMPLES / "sim-healthy-ride")  # 2026-11-26: CET, UTC+1
        metrics = per_second_metrics(session, [])
        path = write_fit_activity(session, metrics, [], tmp_path / "a.fit")
    finally:
        monkeypatch.undo()
        time.tzset()
    activity = _garmin(path)["activity_mesgs"][0]
    fit_epoch = datetime(1989, 12, 31, tzinfo=timezone.utc)
    assert activity["local_timestamp"] - (activity["timestamp"] - fit_epoch).total_seconds() == 3600


@pytest.mark.parametrize("unit", ["us", "ns", "ms"])
def test_the_ride_table_reads_back_with_the_dtypes_it_documents(tmp_path, unit):
    """``read_ride(...).records`` said ``utc`` was datetime64[ns, UTC] but gave the unit of whatever wrote the
    file (pandas 3 writes microseconds, pandas 2 nanoseconds), and ``position`` came back as object. Now:
    ``utc`` is datetime64[us, UTC] whatever wrote it (pandas' own resolution for times; a FIT time is a whole
    second), and ``position`` has pandas' own dtype for text, missing where no position is known."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from monitor.session.ride import Ride, write_ride_table

    utc = pd.to_datetime(["2026-05-01T08:00:00Z", "2026-05-01T08:00:01Z", "2026-05-01T08:00:02Z"], utc=True)
    records = pd.DataFrame({"t_s": [0.0, 1.0, 2.0], "utc": utc.as_unit(unit), "power_w": [200.0, np.nan, 210.0],
                            "cadence_rpm": 90.0, "heart_rate_bpm": 120.0, "speed_m_s": 8.0, "altitude_m": np.nan,
                            "position": [None, "seated", "standing"]})
    write_ride_table(tmp_path / RIDE_TABLE, Ride(records, {"positions_recorded": True}))
    assert pq.read_schema(tmp_path / RIDE_TABLE).field("utc").type == pa.timestamp(unit, tz="UTC")
    got = read_ride(tmp_path).records
    assert str(got["utc"].dtype) == "datetime64[us, UTC]"
    assert list(got["utc"]) == list(utc)
    assert got["position"].dtype == pd.Series(["seated"]).dtype  # str from pandas 3 (object before it)
    assert got["position"].isna().tolist() == [True, False, False]
    assert got["position"].iloc[1:].tolist() == ["seated", "standing"]
    assert all(got[c].dtype == np.float64 for c in ("t_s", "power_w", "cadence_rpm", "heart_rate_bpm",
                                                      "speed_m_s", "altitude_m"))
    doc = Path(__file__).resolve().parents[1].joinpath("monitor", "session", "ride.py").read_text()
    assert "datetime64[us, UTC]" in doc and "datetime64[ns" not in doc and "timestamp[ns" not in doc


def test_a_fit_file_s_records_have_microsecond_utc():
    """FitRide.records said datetime64[ns, UTC] and gave the unit pandas infers (us under pandas 3)."""
    assert str(read_fit_ride(RIDE).records["utc"].dtype) == "datetime64[us, UTC]"
    doc = Path(__file__).resolve().parents[1].joinpath("monitor", "importers", "fit_read.py").read_text()
    assert "datetime64[ns" not in doc


def test_a_ride_keeps_no_record_nearer_the_second_before_the_session(tmp_path, capsys):
    """A session starting at ...:34.700: the ride's record of ...:34 (t_s -0.7) stands for a second that is
    mostly before the session, and the record of ...:35 (t_s 0.3) is the one set beside session second 0;
    the import kept both (every record above -1 s), so the report's means counted one record no session
    second has. Now only the records that go with a session second are kept (t_s above -0.5 s)."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    start = start.replace(microsecond=700_000)
    set_session_time(s, start)
    ride = _ride_from_4_s_before(start, tmp_path / "ride.fit")
    said = run(capsys, "import", "fit", ride, "--into", s)
    records = read_ride(s).records
    assert records["t_s"].iloc[0] == pytest.approx(0.3)
    assert records["power_w"].iloc[0] == 100 + 5  # the ride's record of ...:35
    assert f"imported {len(records)} of the 90 records" in said, said


def _fit_order(path: Path) -> list[tuple[str, datetime]]:
    """The (message name, timestamp) of every timed message of a FIT file in file order (fitdecode)."""
    out = []
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.has_field("timestamp"):
                out.append((frame.name, frame.get_value("timestamp")))
    return out


@pytest.mark.parametrize("fraction_ms", [111, 700])
def test_an_alert_is_dated_by_its_own_time_to_the_nearest_second(tmp_path, fraction_ms):
    """FIT event times are whole seconds (the profile's event message has no finer time field). An alert
    at session time 20.6 s of a session from ...:11.111 happened at ...:31.711: dated by its session second
    it was ...:31 (start to the nearest second plus 20), 0.7 s early where ...:32 is 0.3 s off. Each
    event is now dated as the records are: the whole UTC second nearest its own time, a half rounded up;
    and the file stays in time order."""
    s = session_copy(tmp_path, "sim-cleat-forward")
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    start = start.replace(microsecond=fraction_ms * 1000)
    set_session_time(s, start)
    session = load_session(s)
    times = [0.2, 20.6, 35.0, 50.5, 89.9]
    alerts = [Alert(t, "left", "alert", "notice", "mth2_3", message="NOTICE") for t in times]
    metrics = per_second_metrics(session, alerts)
    path = write_fit_activity(session, metrics, [a.to_dict() for a in alerts], tmp_path / "a.fit")
    markers = [e for e in _garmin(path)["event_mesgs"] if e["event"] == "user_marker"]

    def nearest(t: datetime) -> datetime:
        whole = t.replace(microsecond=0)
        return whole + timedelta(seconds=1) if t - whole >= timedelta(milliseconds=500) else whole

    assert [e["timestamp"] for e in markers] == [nearest(start + timedelta(seconds=t)) for t in times]
    order = _fit_order(path)
    assert [t for _, t in order] == sorted(t for _, t in order)


def test_the_exported_lap_and_session_sum_up_the_ride_s_records(tmp_path, capsys):
    """Garmin Connect shows an activity's averages from its session and lap messages: the export wrote the
    ride's power, heart rate and cadence in every record but no average or maximum in either, so the
    activity's summary had none. Now both carry them, computed from the records written (cadence while
    pedalling, above 0 rpm, as the report takes it)."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    num = Profile["mesg_num"]
    t0 = int(start.replace(microsecond=0).timestamp()) - 631065600  # the FIT epoch, 1989-12-31 UTC
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
             "time_created": t0}]
    msgs += [{"mesg_num": RECORD_NUM, "timestamp": t0 + i, "power": 150 + 3 * i, "heart_rate": 120 + i // 3,
              "cadence": 0 if i % 10 == 0 else 80 + i % 7} for i in range(90)]
    ride = tmp_path / "ride.fit"
    ride.write_bytes(_encode(msgs))
    run(capsys, "import", "fit", ride, "--into", s)
    run(capsys, "export", s, "--format", "fit", "-o", tmp_path / "out.fit")
    m = _garmin(tmp_path / "out.fit")
    records = m["record_mesgs"]
    power = [r["power"] for r in records if "power" in r]
    heart = [r["heart_rate"] for r in records if "heart_rate" in r]
    cadence = [r["cadence"] for r in records if r.get("cadence")]
    assert len(power) >= 60 and len(cadence) < len(power)
    for summary in (m["lap_mesgs"][0], m["session_mesgs"][0]):
        assert summary["avg_power"] == round(np.mean(power)) and summary["max_power"] == max(power)
        assert summary["avg_heart_rate"] == round(np.mean(heart)) and summary["max_heart_rate"] == max(heart)
        assert summary["avg_cadence"] == round(np.mean(cadence)) and summary["max_cadence"] == max(cadence)
        # the session's length, not its records' count (tests/test_fit_elapsed_time.py)
        assert summary["total_elapsed_time"] == pytest.approx(load_session(s).info.duration_s, abs=1e-3)


def test_the_rides_seconds_have_a_categorical_position_and_float_values():
    """had: `ride_per_second` (and `joined_seconds`) gave `position` as dtype object (None where unknown),
    and a value column that no record had (all None, altitude here) as object too. `position` is a
    Categorical of seated and standing (missing where unknown), every value column float64, from the ride
    table's own dtypes (read_ride: text) and from a plain DataFrame of None alike."""
    from monitor.analysis.ride import ride_per_second
    from monitor.session.ride import POSITIONS, TEXT_DTYPE

    seconds = np.arange(5, dtype=float)
    base = {"t_s": [0.0, 1.0, 2.0], "power_w": [200.0, np.nan, 210.0], "cadence_rpm": 90.0,
            "heart_rate_bpm": 120.0, "speed_m_s": 8.0, "altitude_m": None}
    for position in (pd.Series([None, "seated", "standing"], dtype=TEXT_DTYPE), [None, "seated", "standing"]):
        got = ride_per_second(pd.DataFrame({**base, "position": position}), seconds)
        assert isinstance(got["position"].dtype, pd.CategoricalDtype), got["position"].dtype
        assert tuple(got["position"].dtype.categories) == POSITIONS
        assert got["position"].isna().tolist() == [True, False, False, True, True]
        assert got["position"].iloc[1:3].tolist() == ["seated", "standing"]
        assert all(got[c].dtype == np.float64 for c in ("power_w", "cadence_rpm", "heart_rate_bpm",
                                                          "speed_m_s", "altitude_m")), got.dtypes
        assert got.groupby("position", observed=False)["power_w"].count().to_dict() == {"seated": 0,
                                                                                          "standing": 1}
    none = ride_per_second(pd.DataFrame({**base, "position": None}), seconds)
    assert none["position"].dtype == got["position"].dtype and none["position"].isna().all()


def test_a_stepping_machines_cadence_is_said_with_its_article():
    """had: "No table by cadence: a elliptical or stair climber session has no crank"."""
    seconds = np.arange(60, dtype=float)
    ride = pd.DataFrame({"t_s": seconds, "power_w": np.nan, "cadence_rpm": 70.0, "heart_rate_bpm": 120.0,
                         "speed_m_s": np.nan, "altitude_m": np.nan, "position": None})
    metrics = pd.DataFrame({"t_s": seconds, "left_forefoot_share": 0.6, "left_mth1_peak_kpa": 60.0})
    joined = joined_seconds(metrics, ride, ("left",))
    numbers = RideReport(joined, ("left",), ride_summary(ride, joined, ("left",), False), [], [], {},
                         crank_cadence(ride), {"left": 70.0}, {"file": "watch.fit"},
                         cadence_not_crank="elliptical or stair climber")
    html = ride_section_html(numbers, "")
    assert "No table by cadence: an elliptical or stair climber session" in html and " a elliptical" not in html, html


@pytest.mark.parametrize("times, said", [
    ([0] * 90, ["imported 90 of the 90 records of ride.fit", "records with a value: power 90;",
                "89 records repeat a time"]),
    ([*range(90), *range(30, 120)], ["imported 92 of the 180 records of ride.fit", "records with a value: power 92;",
                                     "60 records repeat a time"]),
], ids=["one-time", "overlapping-times"])
def test_the_import_counts_the_file_s_records_in_every_line(tmp_path, capsys, times, said):
    """The counts are of the file's record messages, those that repeat a time included: 90 records of one
    second are 90 imported (one row of the table), two chained files of 90 records each are 180 in the
    file, of which those of the session's seconds 0 to 60 (61 and 31) are imported."""
    s = session_copy(tmp_path)
    start = datetime.fromisoformat(json.loads((s / "session.json").read_text())["start_utc"].replace("Z", "+00:00"))
    num = Profile["mesg_num"]
    t0 = int(start.timestamp()) - 631065600  # the FIT epoch, 1989-12-31 UTC
    msgs = [{"mesg_num": num["FILE_ID"], "type": "activity", "manufacturer": "development", "product": 0,
             "time_created": t0}]
    msgs += [{"mesg_num": RECORD_NUM, "timestamp": t0 + i, "power": 200} for i in times]
    ride = tmp_path / "ride.fit"
    ride.write_bytes(_encode(msgs))
    out = run(capsys, "import", "fit", ride, "--into", s)
    for words in said:
        assert words in out, out
    assert read_ride(s).meta["records_in_file"] == len(times)
