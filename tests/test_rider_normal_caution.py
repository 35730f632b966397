"""A kept normal that may hold the problem says so wherever a later session is judged against it.

carl's first ORPHE ride was cleat-forward: notices on both feet at 1:10, in the first minutes its normal was
learnt from, so the end of that ride said the normal kept "may hold the problem". But nothing in
riders/carl.json held that, and a second cleat-forward ride with `--rider carl` said "Verdict: no sustained
forefoot load found. Judged against carl's normal kept from earlier rides." with no word of it: the pattern
was in the normal, so no change from it.

The claims, each a test that fails if it is wrong:

- the normal that ride keeps holds the caution per foot (``caution``: ``early_sign``, ``warned``), and a later
  ride judged against it says so under its verdict: `analyze --rider` (its text and `--json`'s
  `judged_against`, per foot), `analyze` and `replay` of the session (its baseline.json, the normal the live
  run had: the end of live says what replay says, monitor.live.summary_verdict), and the report; `live
  --rider` says it as it starts, in the same words (monitor.cli.judged_against.rider_start_line);
- a later clean ride that keeps a new normal of that foot and activity clears it; the other foot's stays;
- a rider file without it (every file written before) reads as before, and one with a caution that is none
  is one line naming the file and key, exit 2.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from test_rider_keep_line import _learnt
from vendor_rides import record_ride

import monitor
from monitor.cli.main import main
from monitor.cli.rider_kinds import early_signs, keep_rider_normal, session_start
from monitor.session.riders import load_rider_baseline, load_rider_normals, rider_baseline_path, save_rider_baseline
from monitor.signal.params import DEFAULT_PARAMS

BASELINE_S = DEFAULT_PARAMS.detector.baseline_s
SAID = (" The normal kept may hold the problem, as the ride that kept it showed an early sign on the left and "
        "right foot in the first minutes its normal was learnt from: a problem already in it is no change from it, "
        "and once it is fixed a healthy ride may warn against it, the other heads' loads changed by the fix "
        "(docs/detection.md, \"The rider's own normal\", says what to do).")


@pytest.fixture(scope="module")
def two_rides(tmp_path_factory) -> tuple[Path, Path]:
    """carl's two cleat-forward ORPHE rides, the first keeping his normal as the end of `live --rider carl`
    keeps it, the second judged against it: (the config folder, the second session)."""
    tmp = tmp_path_factory.mktemp("carl")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOLEWATCH_CONFIG_DIR", str(tmp / "cfg"))
        ride = record_ride("orphe", "cleat-forward", tmp / "s", seed=2, duration_s=360.0, rider="carl")
        first = monitor.analyze(ride)
        warned, signs = early_signs(first.alerts, BASELINE_S)
        assert (warned, signs) == ([], ["left", "right"])  # notices at 1:10, no warning
        line = keep_rider_normal("carl", first.baseline, BASELINE_S, known=False, warned=warned, signs=signs,
                                 kept_utc=session_start(ride))
        assert "may hold the problem" in line  # the end of the first ride says it
        normal = load_rider_baseline("carl", "orphe")
        second = record_ride("orphe", "cleat-forward", tmp / "s", seed=3, duration_s=360.0, rider="carl",
                             baseline=normal.to_dict())  # `live --rider carl` keeps the normal it ran with
    return tmp / "cfg", second


@pytest.mark.timeout(300)
def test_the_kept_normal_holds_the_caution_per_foot(two_rides, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(two_rides[0]))
    kept = json.loads(rider_baseline_path("carl").read_text())["normals"]["orphe"]["feet"]
    assert {foot: acts["cycling"].get("caution") for foot, acts in kept.items()} == dict.fromkeys(
        ("left", "right"), "early_sign")  # had: no caution in the file


@pytest.mark.timeout(300)
def test_a_later_ride_judged_against_it_says_it_may_hold_the_problem(two_rides, monkeypatch, capsys):
    cfg, second = two_rides
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(cfg))
    line = "Judged against carl's normal kept from earlier rides." + SAID
    assert main(["analyze", str(second), "--rider", "carl"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Verdict: no sustained forefoot load found"), out[0]
    assert out[1] == line, out[1]  # had: "Judged against carl's normal kept from earlier rides." alone
    assert main(["analyze", str(second), "--rider", "carl", "--json"]) == 0
    judged = json.loads(capsys.readouterr().out)["judged_against"]
    assert judged["line"] == line
    assert judged["feet"] == dict.fromkeys(("left", "right"), {"normal": "kept", "kept_by": "earlier_sessions",
                                                               "caution": "early_sign"})
    assert main(["analyze", str(second)]) == 0  # its baseline.json: the normal the live run judged against
    assert capsys.readouterr().out.splitlines()[1] == line
    assert main(["replay", str(second), "--plain"]) == 0  # the end of live says what its replay says
    replayed = capsys.readouterr()
    assert [ln for ln in (replayed.out + replayed.err).splitlines() if ln.startswith("Judged")] == [line]
    report = second / "r.html"
    assert main(["report", str(second), "-o", str(report), "--force"]) == 0
    assert line in html.unescape(report.read_text())


def test_a_clean_ride_that_replaces_the_normal_clears_its_caution(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    keep_rider_normal("cy", _learnt("solewatch"), BASELINE_S, known=False, warned=["right"], signs=["left"])
    normal = load_rider_baseline("cy", "solewatch")
    assert (normal.caution("left", "cycling"), normal.caution("right", "cycling")) == ("early_sign", "warned")
    clean = _learnt("solewatch")
    keep_rider_normal("cy", type(clean)({"right": clean.feet["right"]}, "solewatch"), BASELINE_S, known=False)
    normal = load_rider_baseline("cy", "solewatch")
    assert (normal.caution("left", "cycling"), normal.caution("right", "cycling")) == ("early_sign", None)


def test_a_rider_file_without_a_caution_reads_and_a_wrong_one_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOLEWATCH_CONFIG_DIR", str(tmp_path))
    save_rider_baseline("cy", _learnt("solewatch"))
    path = rider_baseline_path("cy")
    text = path.read_text()
    assert "caution" not in text  # a normal kept with none is written as before
    assert load_rider_normals("cy").for_insole("solewatch").caution("left", "cycling") is None
    obj = json.loads(text)
    obj["normals"]["solewatch"]["feet"]["left"]["cycling"]["caution"] = "bad"
    path.write_text(json.dumps(obj))
    session = record_ride("orphe", "healthy-ride", tmp_path / "s", seed=1, duration_s=20.0)  # any session
    assert main(["analyze", str(session), "--rider", "cy"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(path) in err and "feet.left.cycling: caution must be one of numb, " \
        "warned, early_sign" in err, err


def test_the_line_names_each_foot_and_why_and_a_foot_judged_on_its_first_minutes_says_none():
    """A normal kept by a run that warned on the right foot and showed an early sign on the left; and one kept
    for the right foot only, whose left foot is judged on this session's first minutes."""
    from monitor.analysis.judged import judged_against

    normal = _learnt("solewatch").cautioned({"right": "warned", "left": "early_sign"})
    judged = judged_against({"left": True, "right": True}, {"left": True, "right": True}, normal, "cy",
                            dict.fromkeys(("left", "right"), "cycling"), "run")
    assert judged.line == ("Judged against cy's normal kept from earlier runs. The normal kept may hold the problem, "
                           "as the run that kept it warned on the right foot and showed an early sign on the left "
                           "foot in the first minutes its normal was learnt from: a problem already in it is no "
                           "change from it, and once it is fixed a healthy run may warn against it, the other heads' "
                           "loads changed by the fix (docs/detection.md, \"The rider's own normal\", says what to "
                           "do).")
    assert {f: v["caution"] for f, v in judged.feet.items()} == {"left": "early_sign", "right": "warned"}
    one = type(normal)({"right": normal.feet["right"]}, "solewatch")
    judged = judged_against({"left": True, "right": True}, {"left": False, "right": True}, one, "cy",
                            dict.fromkeys(("left", "right"), "cycling"))
    assert judged.line.startswith("Judged per foot: right foot against cy's normal kept from earlier rides; left "
                                  "foot against this session's first minutes (none kept for it). The normal kept "
                                  "may hold the problem, as the ride that kept it warned on the right foot: "), judged
    assert {f: v["caution"] for f, v in judged.feet.items()} == {"left": None, "right": "warned"}


def test_live_says_it_as_it_starts_in_the_verdicts_words():
    """The start line of `live --rider cy` of a normal kept with a caution: declared (both feet, one foot held),
    not declared (each recognised activity judged against its kept normal), and a clean normal as before."""
    from monitor.analysis.normal_words import caution_words
    from monitor.cli.judged_against import rider_start_line

    feet = ("left", "right")
    normal = _learnt("solewatch").cautioned({"right": "warned", "left": "early_sign"})
    said = caution_words({"left": "early_sign", "right": "warned"}, "ride")
    assert said.startswith(" The normal kept may hold the problem, as the ride that kept it warned on the right foot")
    # had: "rider cy: its normal from earlier rides" alone, the caution said only under the verdict at the end
    assert rider_start_line("cy", normal, "cycling", feet) == "rider cy: its normal from earlier rides." + said
    assert rider_start_line("cy", normal, None, feet) == (
        "rider cy: its normal from earlier rides; another activity's is learnt from its first minutes." + said)
    right = type(normal)({"right": normal.feet["right"]}, "solewatch")
    assert rider_start_line("cy", right, "cycling", feet) == (
        "rider cy: its normal from earlier rides on the right foot; on the left foot (none kept for it) this ride's "
        "first minutes are taken as its normal." + caution_words({"right": "warned"}, "ride"))
    assert rider_start_line("cy", normal, "cycling", ("left",)) == (
        "rider cy: its normal from earlier rides." + caution_words({"left": "early_sign"}, "ride"))
    assert rider_start_line("cy", normal, "running", feet).startswith("rider cy: no earlier runs")
    assert "may hold" not in rider_start_line("cy", normal, "running", feet)  # judged on its first minutes
    assert rider_start_line("cy", _learnt("solewatch"), "cycling", feet) == "rider cy: its normal from earlier rides"
