"""A rider's sessions are compared within one insole: the generated study gives each rider one layout for
all their rides (riders differ), and a study whose rider rode on more than one insole says so in the
sessions table (``n_rider_insoles``, docs/study.md).

What this guards against: write_study cycled each rider's rides through the layouts, so notebook 04's
r00000 rode 18 then 16 sensors and its dose "rose" 540k -> 610k after the declared change while the
insole changed too, and r00002's and r00003's 4-sensor rides had no dose at all; and monitor.study
returned such a rider's sessions with nothing saying they were on different insoles.
"""

from __future__ import annotations

import json

import pandas as pd

import monitor
from monitor.tools.study_sessions import write_study


def _rider_layouts(written) -> dict[str, set[str]]:
    """Each rider (study.json) -> the distinct session.json ``layouts`` of their sessions (as JSON)."""
    seen: dict[str, set[str]] = {}
    for path in written:
        rider = json.loads((path / "study.json").read_text())["rider"]
        layouts = json.loads((path / "session.json").read_text())["layouts"]
        seen.setdefault(rider, set()).add(json.dumps(layouts, sort_keys=True))
    return seen


def test_each_riders_sessions_in_a_written_study_share_one_layout(tmp_path):
    written = write_study(tmp_path / "s", 8, sessions_per_rider=2, duration_s=4.0)
    seen = _rider_layouts(written)
    assert len(seen) == 4
    assert all(len(layouts) == 1 for layouts in seen.values()), {r: len(v) for r, v in seen.items()}  # was 2 each
    # riders still differ from one another: the study spans the layouts
    assert len(set().union(*seen.values())) == 4


def test_a_rider_whose_sessions_span_insoles_is_said(tmp_path):
    root = tmp_path / "s"
    written = write_study(root, 4, sessions_per_rider=2, duration_s=6.0)
    # r00001's second ride declared as r00000's: r00000 now rode an 18-sensor and a 16-sensor insole
    (written[3] / "study.json").write_text(json.dumps({"rider": "r00000"}))
    s = monitor.study(root, workers=1).sessions
    per = s.groupby("rider")["n_rider_insoles"].agg(["min", "max"])
    assert per.loc["r00000"].tolist() == [2, 2]  # every row of the rider says it
    assert per.loc["r00001"].tolist() == [1, 1]
    assert s["n_rider_insoles"].dtype == "int64"
    cols = list(s.columns)
    assert cols.index("n_rider_insoles") == cols.index("layout") + 1


def test_sessions_with_no_rider_are_each_their_own(tmp_path):
    from monitor.studies.rider_insoles import rider_insoles

    s = pd.DataFrame({"source": ["a", "a", "b", "c", "c"], "rider": ["", "", "", "x", "x"],
                      "device_kind": ["k"] * 5, "layout": ["18", "18", "4", "16", "8"]})
    # "" is no rider: a and b are not one rider's; c's feet on two layouts are two insoles
    assert rider_insoles(s).tolist() == [1, 1, 1, 2, 2]


def test_study_says_on_stderr_which_riders_rode_more_than_one_insole(tmp_path, capsys):
    """Had: `solewatch study` said nothing of it; only the sessions table's n_rider_insoles column did, which a
    command-line user does not read before comparing a rider's rides."""
    from monitor.cli.main import main

    root = tmp_path / "s"
    written = write_study(root, 4, sessions_per_rider=2, duration_s=6.0)
    (written[3] / "study.json").write_text(json.dumps({"rider": "r00000"}))  # r00000: 18 and 16 sensors
    assert main(["study", str(root), "-o", str(tmp_path / "out"), "--workers", "1", "--plain"]) == 0
    err = capsys.readouterr().err.splitlines()
    said = [line for line in err if "more than one insole" in line]
    assert said == ["note: 1 rider rode more than one insole (n_rider_insoles above 1 in sessions.csv): r00000; "
                    "their sessions compare the insoles as much as the rides"], err


def test_the_note_names_the_first_riders_and_counts_the_rest():
    from monitor.cli.study_command import RIDERS_NAMED, several_insoles_note

    riders = ["a", "b", "c", "d", "e", "", "f"]
    s = pd.DataFrame({"rider": riders, "n_rider_insoles": [2, 3, 2, 2, 2, 2, 1]})
    assert RIDERS_NAMED == 3
    assert several_insoles_note(s).startswith("note: 5 riders rode more than one insole (n_rider_insoles above 1 "
                                              "in sessions.csv): a, b, c and 2 more; ")  # "" is no rider's, f rode one
    assert several_insoles_note(s[s["n_rider_insoles"] == 1]) == ""
    assert several_insoles_note(s.iloc[:0]) == ""
    long = pd.DataFrame({"rider": ["x" * 5000], "n_rider_insoles": [2]})
    assert len(several_insoles_note(long)) < 400  # a long name is cut, the note one line
