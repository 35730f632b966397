"""A rider's kept normal is kept per insole kind and judges sessions of that kind only: insoles do not read
alike (small discrete transducers read about twice a pedar grid, domain.md [2][3] W; ORPHE and Ukaton send
counts at a nominal scale), and the normal holds absolute values (``residual_kpa``, ``pti_rate``). Where the
rider has a normal for other insoles only, the session's first minutes are its normal and every line says
so; a file written before kinds were kept still reads, as a normal of a kind not known, said as such
(docs/detection.md, "The rider's own normal"). Made as the machines' normals were kept apart
(tests/test_machine_normals.py)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from test_judged_progress import as_clause
from test_kept_normal_activity import ON_VIRTUAL_CLOCK, ROOT
from vendor_rides import record_ride

import monitor
from monitor.analysis.batch import analyze
from monitor.cli.main import main
from monitor.errors import UsageError
from monitor.session.offline import offline_session
from monitor.session.riders import load_rider_baseline, load_rider_normals, rider_baseline_path, save_rider_baseline
from monitor.signal.baseline import RiderBaseline

FEET = ("left", "right")
ORPHE_WORDS = "bob's normal is kept for Solewatch insoles, none for ORPHE insoles yet"


@pytest.fixture(scope="module")
def solewatch_normal() -> RiderBaseline:
    """What a healthy ride on Solewatch insoles learns (a session of the simulator is one)."""
    return monitor.analyze(offline_session("healthy-ride", duration_s=7 * 60, seed=2)).baseline


@pytest.fixture(scope="module")
def orphe_ride(tmp_path_factory):
    return record_ride("orphe", "healthy-ride", tmp_path_factory.mktemp("sessions"), seed=2, duration_s=90.0)


def test_a_normal_learnt_holds_its_insole_kind(solewatch_normal, orphe_ride):
    assert solewatch_normal.insole == "solewatch"
    assert solewatch_normal.to_dict()["insole"] == "solewatch"
    assert RiderBaseline.from_dict(solewatch_normal.to_dict()) == solewatch_normal
    assert monitor.analyze(monitor.load_session(orphe_ride)).baseline.insole == "orphe"


def test_an_orphe_ride_is_not_judged_against_a_solewatch_normal(solewatch_normal, orphe_ride):
    # had: kept_feet {"left": True, "right": True}, the ORPHE counts held against Solewatch kPa
    known = analyze(monitor.load_session(orphe_ride), baseline=solewatch_normal, rider="bob")
    assert known.kept_feet == {} and not known.kept_normal
    assert known.judged_words() == f"Judged against this session's first minutes: {ORPHE_WORDS}."


def _live(tmp_path, *extra: str) -> list[str]:
    """The lines of a 30-s `live --rider bob` on the virtual clock (this tree's code) naming bob."""
    proc = subprocess.run([*ON_VIRTUAL_CLOCK, "live", "--sim", "healthy-ride", "--speed", "40", "--duration", "30s",
                           "--out", str(tmp_path / "sessions"), "--plain", "--no-sound", "--no-report",
                           "--rider", "bob", *extra], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOLEWATCH_CONFIG_DIR": str(tmp_path / "cfg")})
    assert proc.returncode == 0, proc.stderr
    lines = (proc.stdout + proc.stderr).splitlines()
    return [ln for ln in lines if ln.startswith("rider bob:") or ln.startswith("Judged against")]


def test_live_with_a_rider_across_two_insole_kinds(tmp_path, monkeypatch, solewatch_normal):
    # had: "rider bob: its normal from earlier rides" and "Judged against bob's normal kept from earlier
    # rides." on the ORPHE ride, judged against the Solewatch insoles' normal
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("bob", solewatch_normal)  # what a first `live --rider bob` keeps
    orphe = _live(tmp_path, "--insole", "orphe")
    assert orphe[0] == ("rider bob: its normal is kept for Solewatch insoles, none for ORPHE insoles yet: this "
                        "ride's first minutes are taken as its normal")
    assert orphe[-1] == f"Judged against this session's first minutes: {ORPHE_WORDS}."
    assert _live(tmp_path) == ["rider bob: its normal from earlier rides",
                               "Judged against bob's normal kept from earlier rides."]
    kept = json.loads(rider_baseline_path("bob").read_text())
    assert kept["schema"] == "solewatch.rider/1" and list(kept["normals"]) == ["solewatch"]
    session = sorted((tmp_path / "sessions").iterdir())[0]  # the ORPHE ride ran with no normal: none kept
    assert not (session / "baseline.json").exists()


def test_an_orphe_normal_is_kept_beside_the_solewatch_one(tmp_path, monkeypatch, solewatch_normal, orphe_ride):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    save_rider_baseline("bob", solewatch_normal)
    orphe = RiderBaseline({f: {"cycling": solewatch_normal.get(f, "cycling")} for f in FEET}, "orphe")
    save_rider_baseline("bob", orphe)
    normals = load_rider_normals("bob")
    assert normals.kinds() == ["orphe", "solewatch"]
    assert normals.for_insole("solewatch") == solewatch_normal and normals.for_insole("orphe") == orphe
    assert normals.for_insole("ukaton") is None
    assert load_rider_baseline("bob", "orphe") == orphe
    known = monitor.analyze(monitor.load_session(orphe_ride), baseline=normals.for_insole("orphe"))
    assert known.kept_feet == {"left": True, "right": True}


def test_loading_a_rider_kept_for_several_kinds_asks_which(tmp_path, monkeypatch, solewatch_normal):
    """Without a kind, the one kept, or one line naming the kinds and asking for one (never one of them
    chosen); a word that is no kind is refused, not read as a rider with no normal of it."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    save_rider_baseline("bob", solewatch_normal)
    assert load_rider_baseline("bob") == solewatch_normal
    save_rider_baseline("bob", RiderBaseline(solewatch_normal.feet, "orphe"))
    with pytest.raises(UsageError) as said:
        load_rider_baseline("bob")
    assert str(said.value) == ("rider bob has a normal for each of orphe, solewatch: say which insole kind "
                               "(insole='orphe', ...)")
    assert load_rider_baseline("bob", "solewatch") == solewatch_normal
    with pytest.raises(UsageError, match=r"^insole 'orhpe' is no insole kind \(one of solewatch, orphe, "):
        load_rider_baseline("bob", "orhpe")  # had: None, as for a kind with no normal kept


def test_analyze_with_a_rider_kept_for_other_insoles_says_so(tmp_path, monkeypatch, capsys, solewatch_normal,
                                                           orphe_ride):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    save_rider_baseline("bob", solewatch_normal)
    assert main(["analyze", str(orphe_ride), "--rider", "bob"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"Judged against this session's first minutes: {ORPHE_WORDS}."


def test_a_file_written_before_kinds_were_kept_reads_as_a_kind_not_known(tmp_path, monkeypatch, capsys,
                                                                          solewatch_normal, orphe_ride):
    """Any insole could have made it (``--insole``): it still judges, with a line saying so, and a kind's own
    normal kept later is kept beside it and judges that kind's sessions."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    old = RiderBaseline(solewatch_normal.feet)  # no insole, as every file was written before
    assert "insole" not in old.to_dict()
    rider_baseline_path("bob").parent.mkdir(parents=True)
    rider_baseline_path("bob").write_text(json.dumps(old.to_dict()))
    normals = load_rider_normals("bob")
    assert normals.kinds() == [] and normals.for_insole("orphe") == old
    assert normals.unknown_used("orphe") == ["cycling"]
    assert main(["analyze", str(orphe_ride), "--rider", "bob"]) == 0
    err = capsys.readouterr().err
    assert ("rider bob: its normal of rides was kept before the kind of insole was kept with it, and may be of "
            "other insoles than ORPHE insoles") in err
    save_rider_baseline("bob", RiderBaseline({"left": {"running": old.get("left", "cycling")}}, "orphe"))
    normals = load_rider_normals("bob")
    assert normals.kinds() == ["orphe"] and normals.by_kind[None] == old  # kept beside, not replaced
    assert normals.for_insole("orphe").activities() == ["cycling", "running"]
    assert normals.unknown_used("orphe") == ["cycling"]
    capsys.readouterr()
    assert main(["analyze", str(orphe_ride), "--rider", "bob", "--activity", "running"]) == 0
    assert "kept before the kind of insole" not in capsys.readouterr().err  # ORPHE's own normal of runs judges it


def test_export_fit_says_a_normal_kept_before_its_kind_on_stderr_as_analyze_does(tmp_path, monkeypatch, capsys,
                                                                                solewatch_normal, orphe_ride):
    # had: on stdout, beside the "exported ..." line, where analyze says it on stderr
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    rider_baseline_path("bob").parent.mkdir(parents=True)
    rider_baseline_path("bob").write_text(json.dumps(RiderBaseline(solewatch_normal.feet).to_dict()))  # no kind
    assert main(["export", str(orphe_ride), "--format", "fit", "--rider", "bob", "-o", str(tmp_path / "r.fit")]) == 0
    out, err = capsys.readouterr()
    line = "rider bob: its normal of rides was kept before the kind of insole was kept with it"
    assert line not in out and line in err, (out, err)
    assert out.startswith("exported ")


def test_every_view_of_an_orphe_ride_says_what_live_judged_it_against(tmp_path, monkeypatch, capsys,
                                                                       solewatch_normal):
    # had: live said ORPHE_WORDS, but analyze, replay and the report of the session "(no normal kept for bob
    # yet)": they did not know the rider's normal was kept for other insoles when the ride started
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("bob", solewatch_normal)
    said = f"Judged against this session's first minutes: {ORPHE_WORDS}."
    assert _live(tmp_path, "--insole", "orphe")[-1] == said
    session = next((tmp_path / "sessions").iterdir())
    assert json.loads((session / "session.json").read_text())["normal_kept_for"] == ["solewatch"]
    assert main(["analyze", str(session)]) == 0
    out, err = capsys.readouterr()
    assert said in out.splitlines()
    # its progress line too, in the verdict's words (had: "rider bob had none kept before this session")
    assert as_clause(said) in err, err
    assert main(["replay", str(session), "--plain"]) == 0
    assert said in capsys.readouterr().out.splitlines()
    assert monitor.analyze(monitor.load_session(session)).judged_words() == said  # the report's words


def test_an_opengo_export_is_of_the_moticon_streams_kind_and_other_imports_say_no_yet(tmp_path, monkeypatch,
                                                                                      capsys, solewatch_normal):
    # had: "... none for insoles of moticon imports yet", a "yet" no live ride could make come true
    from test_export_keeps_caveats import GACO, shared_data_dir

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    save_rider_baseline("bob", solewatch_normal)
    opengo, gaco = tmp_path / "opengo", tmp_path / "gaco"
    assert main(["import", "moticon", str(shared_data_dir() / "moticon_opengo" / "230927_102114.txt"),
                 "-o", str(opengo)]) == 0
    assert main(["import", "physionet", str(GACO), "-o", str(gaco)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(opengo), "--rider", "bob"]) == 0
    assert ("Judged against this session's first minutes: bob's normal is kept for Solewatch insoles, none for "
            "Moticon insoles (OpenGo stream) yet.") in capsys.readouterr().out.splitlines()
    assert main(["analyze", str(gaco), "--rider", "bob"]) == 0
    said = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Judged")]
    assert said == ["Judged against this session's first minutes: bob's normal is kept for Solewatch insoles; "
                    "a normal is kept by `live --rider` only, never for insoles of physionet imports."]
    assert main(["analyze", str(gaco)]) == 0
    assert "Judged against this session's first minutes: a normal is kept by `live --rider` only, never for " \
           "insoles of physionet imports." in capsys.readouterr().out.splitlines()


def test_a_ride_judged_by_a_normal_of_a_kind_not_known_keeps_its_own_for_its_kind(tmp_path, monkeypatch,
                                                                                  solewatch_normal):
    # had: a ride judged against the old file's normal learnt nothing, so nothing of ORPHE insoles was ever
    # kept and "may be of other insoles than ORPHE insoles" was said on every ride
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path / "cfg"))
    old = RiderBaseline(solewatch_normal.feet)  # no insole, as every file was written before kinds were kept
    rider_baseline_path("bob").parent.mkdir(parents=True)
    rider_baseline_path("bob").write_text(json.dumps(old.to_dict()))
    first = _live(tmp_path, "--insole", "orphe", "--duration", "6m")
    assert any("may be of other insoles than ORPHE insoles" in ln for ln in first)
    assert f"rider bob: kept this ride's normal for ORPHE insoles in {rider_baseline_path('bob')}" in first
    normals = load_rider_normals("bob")
    assert normals.kinds() == ["orphe"] and normals.unknown_used("orphe") == []
    assert normals.by_kind[None] == old  # kept beside, not replaced
    again = _live(tmp_path, "--insole", "orphe")
    assert not any("other insoles" in ln for ln in again) and again[-1] == \
        "Judged against bob's normal kept from earlier rides."


@pytest.mark.parametrize("text, found", [
    ('{"schema": "solewatch.rider/9", "normals": {}}', "found schema 'solewatch.rider/9'"),
    ("[]", "found a JSON array"),
    ('{"normals": {}}', "found no schema"),
    # had: Python's type names, "found a JSON NoneType", "a JSON str", "a JSON int", "a JSON bool",
    # "found schema \"['a']\"": JSON's own words, as session.json's field errors say them
    ("null", "found null"),
    ('"bob"', "found a string"),
    ("3", "found a number"),
    ("2.5", "found a number"),
    ("true", "found true/false"),
    ('{"schema": ["a"], "normals": {}}', "found a schema that is an array"),
    ('{"schema": 1, "normals": {}}', "found a schema that is a number"),
    ('{"schema": {}, "normals": {}}', "found a schema that is an object"),
])
def test_a_rider_file_of_another_schema_names_the_rider_files_schema(tmp_path, monkeypatch, capsys, text, found):
    """Had: "not a Solewatch baseline (schema solewatch.baseline/1)", the schema of the older file alone."""
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    rider_baseline_path("ana").parent.mkdir(parents=True)
    rider_baseline_path("ana").write_text(text)
    assert main(["analyze", str(ROOT / "sessions" / "samples" / "sim-healthy-ride"), "--rider", "ana"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"solewatch analyze: error: {rider_baseline_path('ana')}: not a Solewatch rider file (schema "
        f"solewatch.rider/1, or an older file's solewatch.baseline/1; {found})"]


def test_report_compare_says_a_normal_kept_before_its_kind_for_b_as_analyze_b_does(tmp_path, monkeypatch, capsys,
                                                                                   solewatch_normal, orphe_ride):
    """``report SESSION --compare B --rider NAME`` judges B as ``analyze B --rider NAME`` does, and says its line
    of a normal kept before its kind as that does (had: SESSION's line alone: none here, where Solewatch's own
    normal judges SESSION; B's, the ORPHE ride's, unsaid)."""
    from test_analyze import SAMPLES

    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    rider_baseline_path("bob").parent.mkdir(parents=True)
    rider_baseline_path("bob").write_text(json.dumps(RiderBaseline(solewatch_normal.feet).to_dict()))  # no kind
    save_rider_baseline("bob", solewatch_normal)  # Solewatch's own, kept beside it
    line = ("rider bob: its normal of rides was kept before the kind of insole was kept with it, and may be of "
            "other insoles than ORPHE insoles")
    capsys.readouterr()
    assert main(["analyze", str(SAMPLES / "sim-cleat-forward"), "--rider", "bob"]) == 0
    assert "kept before the kind of insole" not in capsys.readouterr().err
    assert main(["analyze", str(orphe_ride), "--rider", "bob"]) == 0
    assert line in capsys.readouterr().err
    assert main(["report", str(SAMPLES / "sim-cleat-forward"), "--compare", str(orphe_ride), "--rider", "bob",
                 "--plain", "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert err.count("kept before the kind of insole") == 1 and line in err, err
